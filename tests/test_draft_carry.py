"""Carrying last year's text: years move on, figures take their new values in last year's wording."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.draft.carry import carry_text, format_number, shift_years, written_form
from reportgen.draft.compose import compose, moved_date, report_title
from reportgen.draft.metrics import MetricInputs
from reportgen.draft.model import CARRIED_MARK, FIGURE_MARK
from reportgen.draft.templating import render_text
from reportgen.errors import HistoryError
from reportgen.model import Figure, Report
from reportgen.parse import parse_text
from reportgen.store import load_year

from .conftest import ROOT

BASELINE = load_year(ROOT / "history", 2023)


def figure(figure_id: str) -> Figure:
    found = BASELINE.figure(figure_id)
    assert found is not None
    return found


def section_text(part: int, section: int) -> str:
    found = BASELINE.section(part, section)
    assert found is not None
    return f"{found.title}。{found.text}"


def carry(part: int, section: int, values: dict[str, str]) -> str:
    figures = [f for f in BASELINE.figures if (f.part, f.section) == (part, section)]
    carried, _ = carry_text(
        section_text(part, section),
        figures,
        {k: Decimal(v) for k, v in values.items()},
        base_year=2023,
        delta=1,
        where=f"{part}.{section}",
    )
    return carried.text


# --- figures in last year's wording ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure_id", "value", "written"),
    [
        ("litigation.head_appearance_streak", "8", "八年"),  # 连续七年 → 连续八年: Chinese numerals stay Chinese
        ("litigation.head_appearance_streak", "2", "两年"),  # 两, not 二, before a measure word
        ("litigation.head_appearance_streak", "12", "十二年"),
        ("compliance.lectures", "12", "12余场"),  # the qualifier 余 is kept
        ("enforcement.exempted_amount", "412.5", "412.5万元"),  # the value is in the written unit
        ("enforcement.exempted_amount", "1200", "1200万元"),
        ("review.direct_correction_rate", "8.9", "8.9%"),
        ("normative_docs.legality_review_rate", "98", "98%"),
        ("review.cases_accepted", "135", "135件"),
        ("legal_aid.window_consultations", "0", "0人次"),
        ("services.voice_assistant_hours", "168", "7×24小时"),  # the same product keeps its form
        ("litigation.head_appearance_streak", "7", "七年"),  # an unchanged value is last year's wording
        ("services.voice_assistant_hours", "120", "120小时"),  # a new value is written plainly
    ],
)
def test_written_form(figure_id: str, value: str, written: str) -> None:
    assert written_form(figure(figure_id), Decimal(value)) == written


def test_written_form_keeps_prefix_and_suffix_qualifiers() -> None:
    near = Figure("x", "受理", Decimal(100), "件", "近", "arabic", 1, 1, "", "近100件")
    above = Figure("y", "覆盖", Decimal(40), "%", "以上", "arabic", 1, 1, "", "40%以上")
    many = Figure("z", "办理", Decimal(32), "万件", "余", "arabic", 1, 1, "", "32万余件")
    chinese = Figure("w", "讲座", Decimal(10), "场", "余", "chinese", 1, 1, "", "十余场")
    assert written_form(near, Decimal(120)) == "近120件"
    assert written_form(above, Decimal(45)) == "45%以上"
    assert written_form(many, Decimal("33.5")) == "33.5万余件"
    assert written_form(chinese, Decimal(20)) == "二十余场"


def test_chinese_numerals_fall_back_to_arabic_where_chinese_cannot_say_it() -> None:
    assert format_number(Decimal("8.5"), "chinese") == "8.5"
    assert format_number(Decimal(16720), "chinese") == "16720"
    assert format_number(Decimal(99), "chinese") == "九十九"


def test_streak_given_eight_reads_eight_years() -> None:
    text = carry(5, 2, {"litigation.head_appearance_streak": "8", "litigation.head_appearance_rate": "100"})
    assert "钟楼区连续八年行政机关负责人出庭应诉率100%。" in text
    assert "共受理行政复议案件122件【待核】，直接纠错率10%【待核】。" in text


def test_qualified_and_multiplied_figures() -> None:
    assert "组建专家讲师团开展12余场合规讲座" in carry(2, 2, {"compliance.lectures": "12"})
    text = carry(4, 3, {"enforcement.exempted_amount": "412.5"})
    assert "共处理轻微违法行为不予处罚1450件【待核】，涉及金额412.5万元。" in text


def test_carried_figure_keeps_last_years_text_marked() -> None:
    text = carry(2, 1, {})
    assert f"7×24小时{FIGURE_MARK}在线" in text
    assert carry(2, 2, {}).count(f"10余场{FIGURE_MARK}") == 1


def test_only_the_paired_occurrence_changes() -> None:
    # 六（二） holds 100% and 12345 (a hotline, not a figure): only the satisfaction rate changes.
    text = carry(6, 2, {"supervision.proposals_satisfaction_rate": "99.5"})
    assert "提案156件【待核】，满意率99.5%。依托“12345”服务热线，受理企业和群众投诉举报30478条【待核】" in text


def test_history_figures_that_do_not_match_the_text_are_an_error() -> None:
    wrong = Figure("bad.id", "受理", Decimal(5), "件", None, "arabic", 5, 2, "", "999件")
    with pytest.raises(HistoryError, match=r"figure bad\.id \(999件\) is not in the text of 五、（二）"):
        carry_text(section_text(5, 2), [wrong], {}, base_year=2023, delta=1, where="五、（二）")


# --- years ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("2023年以来区政府常务会议学法4次", "2024年以来区政府常务会议学法4次"),
        ("2023年，钟楼区始终以党的二十大精神为指引", "2024年，钟楼区始终以党的二十大精神为指引"),
        ("2024年，我们将坚持", "2025年，我们将坚持"),  # the plans' year: Y+1 → Y+2
        ("截至2023年底，2023年度考核", "截至2024年底，2024年度考核"),
        ("落实《提升行政执法质量三年行动计划（2023—2025年）》", "落实《提升行政执法质量三年行动计划（2023—2025年）》"),
        ("“2023年法治为民十件实事”", "“2023年法治为民十件实事”"),
        ("2023—2025年三年规划，2023年至2024年", "2023—2025年三年规划，2023年至2024年"),
        ("2022年以来，2021年", "2022年以来，2021年"),  # older years stay
        ("12345热线2023件", "12345热线2023件"),  # a number before a unit other than 年 is no year
    ],
)
def test_shift_years(before: str, after: str) -> None:
    assert shift_years(before, 2023, 1)[0] == after


def test_shift_years_moves_both_years_at_once() -> None:
    text, shifts = shift_years("2023年成效显著，2024年将继续", 2023, 1)
    assert text == "2024年成效显著，2025年将继续"
    assert [(s.old, s.new) for s in shifts] == [(2023, 2024), (2024, 2025)]


def test_shift_over_a_gap_in_history() -> None:
    assert shift_years("2022年，我们", 2022, 2)[0] == "2024年，我们"


def test_moved_date() -> None:
    assert moved_date("2024年3月6日", 1, 2024) == "2025年3月6日"
    assert moved_date("二〇二四年三月六日", 1, 2024) == "2025年3月6日"
    assert moved_date("2024年2月29日", 1, 2024) == "2025年2月28日"
    assert moved_date(None, 1, 2024) == "2025年3月31日"


def test_report_title() -> None:
    assert report_title("常州市钟楼区人民政府", 2024) == "常州市钟楼区人民政府关于2024年法治政府建设工作情况的报告"


# --- the round trip over any values ------------------------------------------------------------------------


def _value_strategy(f: Figure) -> st.SearchStrategy[Decimal]:
    if f.unit == "%":
        return st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)
    if f.unit.startswith("万"):
        return st.decimals(min_value=0, max_value=100000, places=4, allow_nan=False, allow_infinity=False)
    if f.unit == "年":  # a number of years; 1000 and more are refused by the sheet as calendar years
        return st.integers(min_value=0, max_value=999).map(Decimal)
    if f.numerals == "chinese":
        return st.integers(min_value=0, max_value=9999).map(Decimal)
    return st.integers(min_value=0, max_value=10**6).map(Decimal)


def _figures_by_place(report: Report) -> dict[tuple[int | None, int | None], list[tuple[Decimal, str]]]:
    places: dict[tuple[int | None, int | None], list[tuple[Decimal, str]]] = {}
    for f in report.figures:
        places.setdefault((f.part, f.section), []).append((f.value.normalize(), f.unit))
    return places


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {},
        optional={f.id: _value_strategy(f) for f in BASELINE.figures},
    )
)
def test_any_values_parse_back_exactly(values: dict[str, Decimal]) -> None:
    """draft → parse: every figure equals its input, every other one is last year's, in the same place."""
    model = compose(BASELINE, 2024, metrics=MetricInputs(values=values))
    text = render_text(model)
    parsed = parse_text(text)
    expected: dict[tuple[int | None, int | None], list[tuple[Decimal, str]]] = {}
    for f in model.figures:
        value = values.get(f.id, f.previous)
        expected.setdefault((f.part, f.section), []).append((value.normalize(), f.unit))
    assert _figures_by_place(parsed) == expected
    for f in model.figures:
        assert (f.status == "carried") == (f.id not in values)
        assert (f"{f.previous_raw}{FIGURE_MARK}" in text) or f.id in values
    assert text.count(FIGURE_MARK) == len(BASELINE.figures) - len(values)
    assert text.count(CARRIED_MARK) == 26


def test_no_inputs_parse_back_to_the_same_report() -> None:
    model = compose(BASELINE, 2024)
    parsed = parse_text(render_text(model))
    assert [len(p.sections) for p in parsed.parts] == [3] * 6
    assert [(p.title, [s.title for s in p.sections]) for p in parsed.parts] == [
        (p.title, [s.title for s in p.sections]) for p in BASELINE.parts
    ]
    assert len(parsed.shortcomings) == 3 and len(parsed.plans) == 3
    assert [(f.value, f.unit, f.qualifier, f.raw) for f in parsed.figures] == [
        (f.value, f.unit, f.qualifier, f.raw) for f in BASELINE.figures
    ]
    assert (parsed.year, parsed.org, parsed.date) == (2024, "常州市钟楼区人民政府", "2025年3月6日")


def test_compose_needs_a_year(tmp_path: Path) -> None:
    report = load_year(ROOT / "history", 2023)
    report.year = None
    with pytest.raises(ValueError, match="year is unknown"):
        compose(report, 2024)
    assert compose(report, 2024, previous_year=2023).year == 2024
