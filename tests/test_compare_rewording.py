"""The pieces that let ``reportgen diff`` follow a rewritten report (#13): kinds, ranks, targets, names."""

from __future__ import annotations

from decimal import Decimal

import pytest
from reportgen.compare.render.present import change_words

from reportgen.figures import figures_in, find_figures
from reportgen.initiatives import compact_name, find_initiatives, is_cited
from reportgen.match.figures import counted_noun, cover
from reportgen.match.initiatives import still_named
from reportgen.match.kinds import kind_of
from reportgen.match.ranks import ranks_in
from reportgen.match.targets import read_targets


def _figure(text: str, raw: str):  # type: ignore[no-untyped-def]
    return next(f for f in figures_in(text, 1, 1, "f") if f.raw == raw)


@pytest.mark.parametrize(
    ("text", "raw", "kind"),
    [
        ("政务服务事项网上可办率达到98.5%。", "98.5%", "rate"),
        ("行政机关负责人出庭应诉率连续五年保持100%。", "五年", "streak"),
        ("帮助企业挽回经济损失1260.5万元。", "1260.5万元", "money"),
        ("评查案卷320卷。", "320卷", "count"),
    ],
)
def test_kind_is_read_from_unit_and_label(text: str, raw: str, kind: str) -> None:
    assert kind_of(_figure(text, raw)) == kind


def test_changes_in_the_kind_s_own_words() -> None:
    assert change_words("rate", Decimal("0.6"), "%") == "+0.6个百分点"
    assert change_words("rate", Decimal("-1.3"), "%") == "-1.3个百分点"
    assert change_words("streak", Decimal(1), "年") == "+1年"
    assert change_words("rank", Decimal(-2), "名") == "上升2位"
    assert change_words("rank", Decimal(1), "名") == "下降1位"
    assert change_words("rank", Decimal(0), "名") == "名次不变"
    assert change_words("money", Decimal("171.5"), "万元") == "+171.5万元"


def test_ranks_after_a_ranking_word_or_a_scope_only() -> None:
    text = (
        "在全市法治政府建设考核中排名第四。全省考评中我市跃居全省第一，位列第5位。"
        "入选第三批示范单位，履行第一责任人职责，召开第七届论坛。"
    )
    ranks = ranks_in(text, 1, None, "r")
    assert [(r.raw, r.value) for r in ranks] == [("第四", 4), ("全省第一", 1), ("第5位", 5)]
    assert ranks[0].label == "全市法治政府建设考核"
    assert all(kind_of(r) == "rank" for r in ranks)


def test_a_count_after_xianhou_is_a_figure() -> None:
    assert [m.raw for m in find_figures("先后7次主持专题会议，前后3次调研，入选前三名。")] == ["7次", "3次"]


def test_counted_noun_after_or_before_the_number() -> None:
    assert counted_noun(_figure("律师服务团为58家企业开展法治体检。", "58家")) == "企业"
    assert counted_noun(_figure("评查案卷320卷，发现问题。", "320卷")) == "案卷"


def test_cover_tolerates_inserted_and_reordered_words() -> None:
    scores = cover(["评查案卷", "移送公安机关涉嫌犯罪案件", "培训"], ["评查行政执法案卷", "涉嫌犯罪移送公安机关"])
    assert scores[0, 0] == pytest.approx(0.75)
    assert scores[1, 1] > 0.8
    assert scores[2].max() == 0.0  # nothing in common


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ("为100家以上企业开展法治体检。", [("100家以上", 100, "家", "min")]),
        ("执行率不低于95%。", [("不低于95%", 95, "%", "min")]),
        ("行政复议纠错率控制在10%以内。", [("10%以内", 10, "%", "max")]),
        ("企业开办时间稳定在0.5个工作日以内。", [("0.5个工作日以内", Decimal("0.5"), "个工作日", "max")]),
        ("全省考评保持前三名。", [("前三名", 3, "名", "max")]),
        ("推动社区法律顾问服务全覆盖。", [("全覆盖", 100, "%", "min")]),
        ("建设数字法治监督平台。", []),
    ],
)
def test_targets_are_read_with_their_bound(plan: str, expected: list[tuple[str, object, str, str]]) -> None:
    got = [(t.text, t.value, t.unit, t.bound) for t in read_targets(plan)]
    assert got == [(text, Decimal(str(value)), unit, bound) for text, value, unit, bound in expected]


def test_a_name_is_still_there_without_quotes_place_or_joiner() -> None:
    text = compact_name(
        "依托区级行政执法监督平台开展监督。严格执行重大行政决策程序实施办法。综合执法与专业执法协同推进。"
    )
    assert still_named("区级行政执法监督平台", text, None)
    assert still_named("澄溪县重大行政决策程序实施办法", text, "澄溪县")
    assert still_named("云湖高新区重大行政决策程序实施办法", text, None)
    assert still_named("综合执法+专业执法", text, None, any_edition=True)
    assert not still_named("法润桐湾", text, None, any_edition=True)


def test_cited_names_are_data_not_the_office_s_own() -> None:
    assert is_cited("宪法进万家") and is_cited("双随机一公开") and is_cited("“放管服”")
    assert not is_cited("桐心办")
    kinds = {m.name: m.kind for m in find_initiatives("开展“宪法进万家”活动，打造“法润桐湾”品牌。")}
    assert kinds == {"宪法进万家": "national", "法润桐湾": "brand"}


def test_a_measure_the_office_made_is_its_own_document() -> None:
    kinds = {
        m.name: m.kind
        for m in find_initiatives("制定《云湖高新区重大行政决策事项目录管理办法》，落实《中华人民共和国行政复议法》。")
    }
    assert kinds == {"云湖高新区重大行政决策事项目录管理办法": "document", "中华人民共和国行政复议法": "law"}
