"""reportgen.compare on the hand-made 2024 fixtures: every planted change is found, and nothing else.

tests/fixtures/compare/zhonglou-2024-variant.txt is the 2023 report (history/2023.yaml) with these changes:

- structure: part 六 renamed; parts 三 and 四 swapped; 二、（三） dropped; 五、（四） added; 五、（二） renamed;
- figures: 学法 4→6次, 培训 110余→120余次, 涉及金额 398.6406万元→4126530元 (unit change), 复议案件 122→135件,
  连续七年→连续八年 (Chinese numerals); 148类 dropped with its section; 受理点 12个 added with the new one;
- initiatives: brand “新闸事放心办” dropped, platform “钟迹” dropped with its section, 《…指导清单（第一版）》 →
  （第二版）, 《钟楼区行政复议调解和解工作办法》 added;
- shortcomings: 2023's 二是 recurs reworded as 一是; 二是 is new; 2023's 一是 and 三是 are gone;
- plans: 2023's 一是 (示范创建) is not followed, 二是 is followed, 三是 partly.

zhonglou-2024-statutory.txt has the same content in the statutory outline (主要举措和成效 with （一）…（六）,
存在的不足和原因, 党政主要负责人…情况, 2025年工作安排).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from reportgen.compare.diff import Diff, diff_reports
from reportgen.compare.render.formats import render
from reportgen.compare.render.present import number

from reportgen.match.initiatives import edition_free
from reportgen.match.plans import key_terms
from reportgen.model import Report
from reportgen.parse import parse_file
from reportgen.store import load_report

from .conftest import FIXTURES, ROOT

VARIANT = FIXTURES / "compare" / "zhonglou-2024-variant.txt"
STATUTORY = FIXTURES / "compare" / "zhonglou-2024-statutory.txt"
Key = tuple[int, int | None] | None

# (status, old (part, section), new (part, section), renumbered); every other entry is "same".
PLANTED_SECTIONS: list[tuple[str, Key, Key, bool]] = [
    ("dropped", (2, 3), None, False),
    ("moved", (4, None), (3, None), False),
    ("moved", (4, 1), (3, 1), True),
    ("moved", (4, 2), (3, 2), True),
    ("moved", (4, 3), (3, 3), True),
    ("moved", (3, None), (4, None), False),
    ("moved", (3, 1), (4, 1), True),
    ("moved", (3, 2), (4, 2), True),
    ("moved", (3, 3), (4, 3), True),
    ("renamed", (5, 2), (5, 2), False),
    ("added", None, (5, 4), False),
    ("renamed", (6, None), (6, None), False),
]
# (label as stored in 2023, old, new, delta in the new unit, relative, new unit, approx); a streak changes in
# years with no relative change.
PLANTED_FIGURES_CHANGED = [
    ("区政府常务会议学法", "4", "6", "2", "0.5", "次", False),
    ("组织基层综合执法人员培训", "110", "120", "10", "0.0909", "次", True),
    ("不予处罚涉及金额", "398.6406", "4126530", "140124", "0.0352", "元", False),
    ("受理行政复议案件", "122", "135", "13", "0.1066", "件", False),
    ("行政机关负责人出庭应诉率100%连续年数", "7", "8", "1", "", "年", False),
]
PLANTED_FIGURES_DROPPED = [("通过超融合平台向上申请数据", "148类")]
PLANTED_FIGURES_ADDED = [("各镇、街道设立行政复议受理点", "12个")]
UNCHANGED_FIGURES = 29
PLANTED_INITIATIVES = [
    ("dropped", "新闸事放心办", None, "brand"),
    ("renamed", "钟楼区企业行政合规指导清单（第一版）", "钟楼区企业行政合规指导清单（第二版）", "document"),
    ("dropped", "钟迹", None, "platform"),
    ("added", "钟楼区行政复议调解和解工作办法", None, "document"),
]
KEPT_INITIATIVES = 27  # with the quoted “送法服务菜单”, tracked since names need no type word (#13)
# (status, old number, new number)
PLANTED_SHORTCOMINGS = [("recurring", 2, 1), ("new", None, 2), ("absent", 1, None), ("absent", 3, None)]
# (number, status, terms found)
PLANTED_PLANS = [
    (1, "not_found", []),
    (
        2,
        "followed",
        ["《提升行政执法质量三年行动计划（2023—2025年）》", "《中华人民共和国行政复议法》", "包容审慎监管方式"],
    ),
    (3, "partly", ["“钟司有约 法商共营”", "小微企业简式合规"]),
]


@pytest.fixture(scope="module")
def old() -> Report:
    return load_report(ROOT / "history" / "2023.yaml")


@pytest.fixture(scope="module")
def variant() -> Report:
    return parse_file(VARIANT)


@pytest.fixture(scope="module")
def statutory() -> Report:
    return parse_file(STATUTORY)


@pytest.fixture(scope="module")
def diff(old: Report, variant: Report) -> Diff:
    return diff_reports(old, variant)


def _key(place: object) -> Key:
    if place is None:
        return None
    return (place.part, place.section)  # type: ignore[attr-defined]


def figure_summary(diff: Diff) -> dict[str, list[tuple[str, ...]]]:
    """The changed, dropped and added figures in the form of the PLANTED_ lists."""
    out: dict[str, list[tuple[str, ...]]] = {"changed": [], "dropped": [], "added": []}
    for c in diff.figures:
        if c.status == "changed":
            assert c.old and c.new and c.delta is not None
            out["changed"].append(
                (
                    c.old.label,
                    number(c.old.value),
                    number(c.new.value),
                    number(c.delta),
                    "" if c.relative is None else number(round(c.relative, 4)),
                    c.new.unit,
                    c.approx,  # type: ignore[arg-type]
                )
            )
        elif c.status in ("dropped", "added"):
            f = c.figure
            out[c.status].append((f.label, f.raw))
    return out


# --- the thematic variant ----------------------------------------------------------------------------------


def test_sections_planted(diff: Diff) -> None:
    found = [(c.status, _key(c.old), _key(c.new), c.renumbered) for c in diff.sections if c.status != "same"]
    assert found == PLANTED_SECTIONS
    same = [c for c in diff.sections if c.status == "same"]
    assert len(same) == 13
    assert all(_key(c.old) == _key(c.new) and c.similarity and c.similarity > 0.8 for c in same)
    assert all(c.relation is None and not c.heading_only for c in diff.sections)


def test_section_titles_and_similarity(diff: Diff) -> None:
    renamed = {
        _key(c.old): (c.old.title, c.new.title) for c in diff.sections if c.status == "renamed" and c.old and c.new
    }
    assert renamed == {
        (5, 2): ("复议应诉质量稳步提高", "行政复议应诉质量持续提升"),
        (6, None): ("强化制约监督，推进行政权力公开透明高效", "强化权力制约监督，推进政务公开透明高效"),
    }
    assert all(c.similarity is None for c in diff.sections if c.status in ("dropped", "added"))


def test_figures_planted(diff: Diff) -> None:
    summary = figure_summary(diff)
    assert summary["changed"] == PLANTED_FIGURES_CHANGED
    assert summary["dropped"] == PLANTED_FIGURES_DROPPED
    assert summary["added"] == PLANTED_FIGURES_ADDED
    assert sum(c.status == "unchanged" for c in diff.figures) == UNCHANGED_FIGURES


def test_figures_matched_across_moved_parts(diff: Diff) -> None:
    # 110余次 sat in 四、（一） and now sits in 三、（一）; the exempted amount changed its unit too.
    training = next(c for c in diff.figures if c.old and c.old.id == "enforcement.training_sessions")
    assert (training.old.part, training.old.section, training.new.part, training.new.section) == (4, 1, 3, 1)  # type: ignore[union-attr]
    amount = next(c for c in diff.figures if c.old and c.old.id == "enforcement.exempted_amount")
    assert amount.unit_changed and amount.new is not None and amount.new.raw == "4126530元"
    streak = next(c for c in diff.figures if c.old and c.old.id == "litigation.head_appearance_streak")
    assert streak.new is not None and (streak.old.raw, streak.new.raw) == ("七年", "八年")  # type: ignore[union-attr]
    assert streak.new.numerals == "chinese"


def test_every_unchanged_figure_keeps_its_value(diff: Diff) -> None:
    for c in diff.figures:
        if c.status == "unchanged":
            assert c.old is not None and c.new is not None
            assert (c.old.value, c.old.unit, c.delta) == (c.new.value, c.new.unit, 0)


def test_initiatives_planted(diff: Diff) -> None:
    found = [(c.status, c.name, c.new_name, c.kind) for c in diff.initiatives if c.status != "kept"]
    assert found == PLANTED_INITIATIVES
    assert sum(c.status == "kept" for c in diff.initiatives) == KEPT_INITIATIVES
    names = {c.name for c in diff.initiatives}
    assert not names & {"法治日报", "学习强国", "江苏法治报", "中华人民共和国行政复议法"}  # media and laws


def test_shortcomings_planted(diff: Diff) -> None:
    found = [(c.status, c.old and c.old.number, c.new and c.new.number) for c in diff.shortcomings]
    assert found == PLANTED_SHORTCOMINGS
    recurring = diff.shortcomings[0]
    assert recurring.old and recurring.new
    assert recurring.old.text.startswith("法治专门队伍建设不满足新形势新要求")
    assert recurring.new.text.startswith("法治专门队伍建设仍不适应新形势新要求")
    assert recurring.similarity == pytest.approx(0.87, abs=0.01)
    assert recurring.streak == 2


def test_plans_planted(diff: Diff) -> None:
    found = [(c.number, c.status, [e.term for e in c.evidence]) for c in diff.plans]
    assert found == PLANTED_PLANS
    not_followed = diff.plans[0]
    assert not_followed.missing[:3] == ["法治政府示范创建", "省级示范创建活动", "法治政府示范区域"]
    law = diff.plans[1].evidence[1]
    assert (law.part, law.section) == (5, 4)
    assert "贯彻新修订的《中华人民共和国行政复议法》" in law.sentence


def test_sides(diff: Diff) -> None:
    assert (diff.old.org, diff.old.year, diff.old.outline) == ("常州市钟楼区人民政府", 2023, "thematic")
    assert (diff.new.org, diff.new.year, diff.new.outline) == ("常州市钟楼区人民政府", 2024, "thematic")
    assert diff.same_org and diff.years_checked == [2023, 2024]


# --- across outlines ------------------------------------------------------------------------------------------


def test_statutory_outline_aligns_parts_to_sections(old: Report, statutory: Report) -> None:
    diff = diff_reports(old, statutory)
    part_level = [(c.status, _key(c.old), _key(c.new)) for c in diff.sections if not c.leaf]
    assert part_level == [
        ("added", None, (1, None)),  # 一、2024年推进法治政府建设的主要举措和成效: a heading over old content
        ("moved", (1, None), (1, 1)),
        ("moved", (2, None), (1, 2)),
        ("moved", (4, None), (1, 3)),
        ("moved", (3, None), (1, 4)),
        ("moved", (5, None), (1, 5)),
        ("moved", (6, None), (1, 6)),
    ]
    assert diff.sections[0].heading_only
    leaves = {(_key(c.old), _key(c.new)): (c.status, c.relation) for c in diff.sections if c.leaf}
    # Each old section went into the statutory section of its part; 压紧压实主体责任 became part 三.
    assert leaves[((1, 2), (3, None))] == ("moved", None)
    assert leaves[((2, 3), None)] == ("dropped", None)
    for part, new_section in ((1, 1), (2, 2), (4, 3), (3, 4), (5, 5), (6, 6)):
        for section in (1, 2, 3):
            if (part, section) in ((1, 2), (2, 3)):
                continue
            assert leaves[((part, section), (1, new_section))] == ("moved", "merged")
    assert len(leaves) == 18


def test_statutory_outline_finds_the_same_changes(old: Report, statutory: Report, diff: Diff) -> None:
    across = diff_reports(old, statutory)
    # The same figures, in the statutory report's order (学法 now sits in part 三, at the end).
    assert {k: sorted(v) for k, v in figure_summary(across).items()} == {
        k: sorted(v) for k, v in figure_summary(diff).items()
    }
    assert sorted((c.status, c.name, c.new_name or "") for c in across.initiatives) == sorted(
        (c.status, c.name, c.new_name or "") for c in diff.initiatives
    )
    assert [(c.status, c.similarity) for c in across.shortcomings] == [
        (c.status, c.similarity) for c in diff.shortcomings
    ]
    assert [(c.status, [e.term for e in c.evidence]) for c in across.plans] == [
        (c.status, [e.term for e in c.evidence]) for c in diff.plans
    ]


def test_variant_against_statutory_is_only_an_outline_change(variant: Report, statutory: Report) -> None:
    diff = diff_reports(variant, statutory)
    assert {c.status for c in diff.figures} == {"unchanged"}
    assert len(diff.figures) == len(variant.figures) == 35
    assert {c.status for c in diff.initiatives} == {"kept"}
    assert [(c.status, c.similarity) for c in diff.shortcomings] == [("recurring", 1.0), ("recurring", 1.0)]
    assert not [c for c in diff.sections if c.status in ("dropped",)]
    added = [c for c in diff.sections if c.status == "added"]
    assert len(added) == 1 and added[0].heading_only


def test_the_parsed_2023_text_gives_the_same_changes(variant: Report, diff: Diff) -> None:
    # The original 2023 text (ASCII punctuation, parsed labels) against the curated history file.
    parsed = parse_file(ROOT / "history" / "2023.txt")
    again = diff_reports(parsed, variant)
    strip_labels = lambda s: {k: [v[1:] for v in vs] for k, vs in s.items()}  # noqa: E731
    assert strip_labels(figure_summary(again)) == strip_labels(figure_summary(diff))
    assert [(c.status, _key(c.old), _key(c.new)) for c in again.sections] == [
        (c.status, _key(c.old), _key(c.new)) for c in diff.sections
    ]


def test_reports_without_shortcomings_plans_or_figures() -> None:
    bare = Report(
        org="某区人民政府", year=2023, title=None, addressee=None, preamble="", parts=[], shortcomings=[], plans=[],
        signature=None, date=None,
    )  # fmt: skip
    result = diff_reports(bare, bare)
    assert (result.sections, result.figures, result.initiatives, result.shortcomings, result.plans) == (
        [], [], [], [], []
    )  # fmt: skip


def test_two_parts_sources_path(old: Report) -> None:
    assert Path(old.source or "").name == "2023.yaml"


def test_streak_only_for_consecutive_years(old: Report, variant: Report) -> None:
    later = copy.deepcopy(variant)
    later.year = 2026
    result = diff_reports(old, later)
    assert [(c.status, c.streak) for c in result.shortcomings] == [
        ("recurring", None), ("new", None), ("absent", None), ("absent", None),
    ]  # fmt: skip


def test_history_reports_extend_the_streak(old: Report, variant: Report) -> None:
    earlier = copy.deepcopy(old)
    earlier.year = 2022
    earlier.shortcomings = earlier.shortcomings[1:2]  # only 法治专门队伍建设… was reported in 2022
    result = diff_reports(old, variant, history_reports=[earlier])
    assert result.years_checked == [2022, 2023, 2024]
    assert [(c.status, c.streak) for c in result.shortcomings] == [
        ("recurring", 3), ("new", 1), ("absent", None), ("absent", None),
    ]  # fmt: skip


def test_text_renderer_colours_only_when_asked(diff: Diff) -> None:
    plain = render(diff, "text")
    coloured = render(diff, "text", color=True)
    assert "\x1b[" not in plain and "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).split() == plain.split()


def test_plan_key_terms(old: Report) -> None:
    terms = [[t.term for t in key_terms(item)] for item in old.plans]
    assert terms == [
        ["法治政府示范创建", "省级示范创建活动", "法治政府示范区域", "法治政府建设力量", "人、财、物方面加强保障"],
        [
            "《提升行政执法质量三年行动计划（2023—2025年）》",
            "《中华人民共和国行政复议法》",
            "包容审慎监管方式",
            "基层执法效能",
            "规范行政行为",
        ],
        [
            "“钟司有约 法商共营”",
            "“百所帮千企”",
            "“法企同行”",
            "“法治体检四进四送”",
            "法治营商环境提升行动",
            "小微企业简式合规",
            "企业治理能力",
            "企业合规改革项目",
        ],
    ]


@pytest.mark.parametrize(
    ("old_name", "new_name", "same"),
    [
        ("钟楼区企业行政合规指导清单（第一版）", "钟楼区企业行政合规指导清单（第二版）", True),
        ("钟楼区行政执法指引（2023年版）", "钟楼区行政执法指引（2024年版）", True),
        ("钟楼区重大行政决策程序规定（试行）", "钟楼区重大行政决策程序规定", True),
        ("钟楼区企业行政合规指导清单（第一版）", "钟楼区涉企初次轻微违法行为不予处罚清单", False),
    ],
)
def test_editions_of_one_document(old_name: str, new_name: str, same: bool) -> None:
    assert (edition_free(old_name) == edition_free(new_name)) is same
