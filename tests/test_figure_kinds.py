"""Figures on anyone's text: ranks, before/after pairs, big Chinese numerals, kinds, labels, and not-figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.draft.carry import written_form
from reportgen.figures import find_figures
from reportgen.labels import LONE_WORDS
from reportgen.model import Figure
from reportgen.parse import parse_text
from reportgen.store import load_report, save_report


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(f.raw, f.label, f.kind) for f in find_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "在全省法治政府建设考核中排名第四，较上年前移4位。",
            [("第四", "全省法治政府建设考核排名", "rank"), ("4位", "全省法治政府建设考核排名前移", "rank_shift")],
        ),
        ("行政复议工作位列全市第一。", [("第一", "行政复议工作位列全市", "rank")]),
        ("营商环境评价全省排名跃居第21位。", [("第21位", "营商环境评价全省排名跃居", "rank")]),
        ("连续5年全市第一。", [("5年", "全市第一（连续…年）", "streak"), ("第一", "全市排名", "rank")]),
        ("建成全市第一个法治文化公园，入选第三批示范点。", []),
        (
            "将行政审批事项由374个精简为24个。",
            [("374个", "行政审批事项（精简前）", "count"), ("24个", "行政审批事项（精简后）", "count")],
        ),
        (
            "行政复议纠错率从12%下降到8%。",
            [("12%", "行政复议纠错率（下降前）", "rate"), ("8%", "行政复议纠错率（下降后）", "rate")],
        ),
        ("全年办理信访事项一万二千余件。", [("一万二千余件", "办理信访事项", "count")]),
        ("实现174个电子证照跨部门调用。", [("174个", "电子证照跨部门调用", "count")]),
        (
            "受理行政复议案件122件，办结118件。",
            [("122件", "受理行政复议案件", "count"), ("118件", "办结行政复议案件", "count")],
        ),
        ("二是规范备案，备案文件8件。", [("8件", "备案文件", "count")]),
        (
            "创建省级民主法治示范村3个，累计达到27个。",
            [("3个", "创建省级民主法治示范村", "count"), ("27个", "累计达到省级民主法治示范村", "count")],
        ),
        (
            "挽回经济损失3.5万元，增长2.5个百分点。",
            [("3.5万元", "挽回经济损失", "money"), ("2.5个百分点", "增长", "points")],
        ),
    ],
)
def test_figures(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "认真贯彻市委六届二次、三次、四次全会精神。",
        "学习十二届市委三次、四次全会和区委十六届四次全体会议精神。",
        "三元里街道、九台区和五星街道联合开展普法。",
        "四套班子成员带头学法，推行一业一证改革，完成八五普法中期评估。",
        "出台助企纾困28条和稳经济32条政策。",
        "召开第七届法治论坛。",
    ],
)
def test_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_labels_are_never_empty_lone_or_cut() -> None:
    text = (
        "对12家企业开展法治体检，就5个问题进行协商，向3家单位发出建议书。"
        "依托区大数据中心归集各部门政务数据并实现跨层级跨部门跨系统的数据共享交换数据达到1200万条。"
        "120件。"
    )
    for figure in find_figures(text):
        assert len(figure.label) >= 2 and figure.label not in LONE_WORDS, figure
    labels = [f.label for f in find_figures(text)]
    assert "享交换数据" not in labels and not any(label.startswith("享") for label in labels)


def test_kind_is_stored_and_a_rank_is_written_in_its_own_form(tmp_path: Path) -> None:
    text = "某区人民政府2024年法治政府建设年度报告\n一、主要举措\n（一）考核。在全省考核中排名第四，受理案件12件，复议纠错率10%。\n"
    report = parse_text(text)
    assert [f.kind for f in report.figures] == ["rank", "count", "rate"]
    report.year = 2024
    loaded = load_report(save_report(report, tmp_path / "history"))
    assert [f.kind for f in loaded.figures] == ["rank", "count", "rate"]
    rank = loaded.figures[0]
    assert written_form(rank, Decimal(3)) == "第三" and written_form(rank, Decimal(4)) == "第四"
    arabic = Figure("r", "排名", Decimal(21), "位", None, "arabic", 1, 1, "", "第21位", kind="rank")
    assert written_form(arabic, Decimal(18)) == "第18位"
