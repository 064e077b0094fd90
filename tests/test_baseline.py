"""The curated 2023 baseline: every figure of the report, with the right value, and nothing else."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.model import Report
from reportgen.parse import parse_text
from reportgen.store import load_report

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "history" / "2023.yaml"

# Read off the 2023 report by hand: (id, part, section, value, unit, qualifier, numerals).
EXPECTED_2023 = [
    ("leadership.study_sessions", 1, 2, "4", "次", None, "arabic"),
    ("services.voice_assistant_hours", 2, 1, "168", "小时", None, "arabic"),
    ("compliance.lectures", 2, 2, "10", "场", "余", "arabic"),
    ("data.categories_requested", 2, 3, "148", "类", None, "arabic"),
    ("legislation.research_meetings", 3, 1, "3", "场", None, "arabic"),
    ("legislation.written_surveys", 3, 1, "14", "次", None, "arabic"),
    ("normative_docs.issued", 3, 2, "5", "件", None, "arabic"),
    ("normative_docs.legality_review_rate", 3, 2, "100", "%", None, "arabic"),
    ("counsel.coverage_rate", 3, 3, "100", "%", None, "arabic"),
    ("counsel.legal_opinions", 3, 3, "60", "份", "余", "arabic"),
    ("counsel.agenda_items_reviewed", 3, 3, "30", "件", "余", "arabic"),
    ("counsel.project_reviews", 3, 3, "11", "次", None, "arabic"),
    ("enforcement.training_sessions", 4, 1, "110", "次", "余", "arabic"),
    ("enforcement.npc_supervision_invitations", 4, 2, "4", "次", None, "arabic"),
    ("enforcement.minor_violations_exempted", 4, 3, "1450", "件", None, "arabic"),
    ("enforcement.exempted_amount", 4, 3, "398.6406", "万元", None, "arabic"),
    ("review.cases_accepted", 5, 2, "122", "件", None, "arabic"),
    ("review.direct_correction_rate", 5, 2, "10", "%", None, "arabic"),
    ("litigation.head_appearance_streak", 5, 2, "7", "年", None, "chinese"),
    ("litigation.head_appearance_rate", 5, 2, "100", "%", None, "arabic"),
    ("legal_aid.cases", 5, 3, "476", "件", None, "arabic"),
    ("legal_aid.window_consultations", 5, 3, "736", "人次", None, "arabic"),
    ("legal_aid.hotline_12348_consultations", 5, 3, "3584", "人次", None, "arabic"),
    ("legal_aid.court_window_consultations", 5, 3, "2185", "人次", None, "arabic"),
    ("legal_aid.procuratorate_plea_cases", 5, 3, "430", "件", None, "arabic"),
    ("disclosure.items_published", 6, 1, "1390", "条", None, "arabic"),
    ("disclosure.news_items", 6, 1, "16720", "条", "余", "arabic"),
    ("disclosure.interaction_issues", 6, 1, "155", "期", None, "arabic"),
    ("disclosure.requests_received", 6, 1, "18", "件", None, "arabic"),
    ("disclosure.requests_completion_rate", 6, 1, "100", "%", None, "arabic"),
    ("disclosure.city_requests_assisted", 6, 1, "13", "件", None, "arabic"),
    ("disclosure.duty_hotline_calls", 6, 1, "500", "通", "余", "arabic"),
    ("supervision.proposals_handled", 6, 2, "156", "件", None, "arabic"),
    ("supervision.proposals_satisfaction_rate", 6, 2, "100", "%", None, "arabic"),
    ("supervision.hotline_12345_complaints", 6, 2, "30478", "条", None, "arabic"),
]


@pytest.fixture(scope="module")
def baseline() -> Report:
    return load_report(BASELINE)


def _rows(report: Report, with_ids: bool = True) -> list[tuple[object, ...]]:
    return [
        ((f.id,) if with_ids else ()) + (f.part, f.section, f.value, f.unit, f.qualifier, f.numerals)
        for f in report.figures
    ]


def test_baseline_holds_every_figure_and_nothing_else(baseline: Report) -> None:
    expected = [(i, p, s, Decimal(v), u, q, n) for i, p, s, v, u, q, n in EXPECTED_2023]
    assert _rows(baseline) == expected


def test_parsing_the_original_text_finds_the_same_figures(baseline: Report) -> None:
    parsed = parse_text((ROOT / "history" / "2023.txt").read_text(encoding="utf-8"))
    assert _rows(parsed, with_ids=False) == _rows(baseline, with_ids=False)


def test_baseline_outline(baseline: Report) -> None:
    assert baseline.org == "常州市钟楼区人民政府"
    assert baseline.year == 2023
    assert baseline.addressee == "常州市人民政府："
    assert [len(p.sections) for p in baseline.parts] == [3, 3, 3, 3, 3, 3]
    assert [p.title for p in baseline.parts][4] == "深耕诉源治理，加大矛盾纠纷多元化解力度"
    assert [s.number for s in baseline.shortcomings] == [1, 2, 3]
    assert baseline.shortcomings[1].text.startswith("法治专门队伍建设不满足新形势新要求。")
    assert [s.number for s in baseline.plans] == [1, 2, 3]
    assert baseline.plans_intro.startswith("法治政府建设是全面依法治国的重要任务和主体工程。2024年，我们将")
    assert (baseline.signature, baseline.date) == ("常州市钟楼区人民政府", "2024年3月6日")


def test_baseline_figure_ids_are_unique(baseline: Report) -> None:
    ids = [f.id for f in baseline.figures]
    assert len(ids) == len(set(ids))


def test_baseline_initiatives_tell_local_from_cited(baseline: Report) -> None:
    kinds: dict[str, str] = {}
    for initiative in baseline.initiatives:
        kinds.setdefault(initiative.name, initiative.kind)  # where it is first named
    assert kinds["钟司有约 法商共营"] == "brand"
    assert kinds["百卷评查"] == "campaign"
    assert kinds["钟楼区企业行政合规指导清单（第一版）"] == "document"
    assert kinds["常州市钟楼区优化营商环境三十六条措施"] == "document"
    assert kinds["钟迹"] == "platform"
    assert kinds["民情工作室"] == "organisation"
    assert kinds["法治日报"] == "media"
    assert kinds["江苏法治报"] == "media"
    assert kinds["学习强国"] == "media"
    assert kinds["中华人民共和国行政复议法"] == "law"
    assert kinds["提升行政执法质量三年行动计划（2023—2025年）"] == "higher_plan"
    assert "532" not in kinds and "12345" not in kinds
    documents = [i for i in baseline.initiatives if i.kind == "document"]
    assert {d.action for d in documents} >= {"制定", "编制", "出台", "落实"}
