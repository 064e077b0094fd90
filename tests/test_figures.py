"""Figure extraction on tricky strings: what is a figure and what is not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.figures import find_figures, format_value
from reportgen.normalize import normalize_line


def figs(text: str) -> list[tuple[str, Decimal, str, str | None, str]]:
    return [(f.raw, f.value, f.unit, f.qualifier, f.numerals) for f in find_figures(normalize_line(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "共受理行政复议案件122件，直接纠错率10%。",
            [("122件", 122, "件", None, "arabic"), ("10%", 10, "%", None, "arabic")],
        ),
        (
            "钟楼区连续七年行政机关负责人出庭应诉率100%。",
            [("七年", 7, "年", None, "chinese"), ("100%", 100, "%", None, "arabic")],
        ),
        ("组建专家讲师团开展10余场合规讲座", [("10余场", 10, "场", "余", "arabic")]),
        ("开展十余场合规讲座", [("十余场", 10, "场", "余", "chinese")]),
        ("涉及金额398.6406万元。", [("398.6406万元", Decimal("398.6406"), "万元", None, "arabic")]),
        ("化解纠纷1.1万件", [("1.1万件", Decimal("1.1"), "万件", None, "arabic")]),
        ("受理群众诉求32万余件", [("32万余件", 32, "万件", "余", "arabic")]),
        ("调解成功率达40%以上", [("40%以上", 40, "%", "以上", "arabic")]),
        ("7×24小时在线为企业群众提供服务", [("7×24小时", 168, "小时", None, "arabic")]),
        ("接听群众来电500余通", [("500余通", 500, "通", "余", "arabic")]),
        ("惠及群众近3000人次", [("近3000人次", 3000, "人次", "近", "arabic")]),
        ("培训执法人员约100名", [("约100名", 100, "名", "约", "arabic")]),
        ("举办讲座超200场", [("超200场", 200, "场", "超", "arabic")]),
        (
            "发布各类政务新闻16720余条及政民互动栏目155期",
            [("16720余条", 16720, "条", "余", "arabic"), ("155期", 155, "期", None, "arabic")],
        ),
        ("受理投诉举报30,478条", [("30478条", 30478, "条", None, "arabic")]),
        ("受理投诉举报３０４７８条", [("30478条", 30478, "条", None, "arabic")]),
        ("连续3年获评先进", [("3年", 3, "年", None, "arabic")]),
        (
            "共出台三项配套规范，新建两个服务站",
            [("三项", 3, "项", None, "chinese"), ("两个", 2, "个", None, "chinese")],
        ),
    ],
)
def test_figures_found(text: str, expected: list[tuple[str, int | Decimal, str, str | None, str]]) -> None:
    assert figs(text) == [(r, Decimal(v), u, q, n) for r, v, u, q, n in expected]


@pytest.mark.parametrize(
    "text",
    [
        # years, dates and ranges
        "2023年，钟楼区始终以党的二十大精神为指引",
        "2023年以来区政府常务会议学法",
        "于7月份召开推进会，3月6日印发通知",
        "落实《提升行政执法质量三年行动计划(2023—2025年)》",
        "2023—2025年期间持续推进",
        "二〇二四年三月六日",
        # hotlines
        "依托“12345”服务热线，健全社会监督机制",
        "12348热线全天候接听",
        "拨打12345热线反映诉求",
        # numbers inside names
        "在全省率先推出“政务服务580智能语音”举措",
        "紧扣常州市“532”发展战略",
        "政务服务580品牌持续擦亮",
        "深入学习贯彻党的二十大精神和二十届三中全会精神",
        "实施“六大工程”，做到“两个维护”，坚持“十一个坚持”",
        "坚决做到两个维护，深刻领悟十一个坚持",
        "制定《常州市钟楼区优化营商环境三十六条措施》",
        "深化习近平法治思想宣传“十进”行动",
        "开展法治建设“一规划两方案”实施情况中期评估",
        "深入开展“法治体检四进四送”活动",
        "开展“百卷评查”活动",
        "全面推行行政执法三项制度",
        # ordinals, editions, list numbering
        "编制《钟楼区企业行政合规指导清单(第一版)》",
        "获评第一批全国法治政府建设示范地区，首批入选",
        "第三次全体会议审议通过",
        "印发《行政执法事项目录(2024年版)》",
        "1.强化法治顶层设计。",
        "(1)完善工作机制。",
        # words that contain numerals but are not counts
        "形成全区一盘棋格局，紧缺一线行政执法指导专家",
        "进一步统一评查标准，推行一件事一次办",
        "荷花池街道联合西新桥二村社区、清潭三社区建设阵地",
        "五星街道组建领学团",
        "实施三年行动计划",
    ],
)
def test_not_figures(text: str) -> None:
    assert figs(text) == []


def test_label_from_context() -> None:
    (fig,) = find_figures("深化行政复议工作规范化建设，共受理行政复议案件122件。")
    assert fig.label == "受理行政复议案件"
    assert fig.sentence == "深化行政复议工作规范化建设，共受理行政复议案件122件。"


def test_label_of_a_streak_names_what_is_kept_up() -> None:
    streak, rate = find_figures("钟楼区连续七年行政机关负责人出庭应诉率100%。")
    assert streak.label.startswith("行政机关负责人出庭应诉率")
    assert rate.label == "行政机关负责人出庭应诉率"


def test_label_after_a_verb_takes_the_object() -> None:
    (fig,) = find_figures("全年共组织3场立法调研会。")
    assert fig.label == "立法调研会"


def test_extraction_is_stable_under_punctuation_width_and_spaces() -> None:
    full = "截至目前共办理各类援助案件476件，法律援助窗口接待咨询736人次，12348热线接待咨询3584人次。"
    half = "截至目前共办理各类援助案件 476 件, 法律援助窗口接待咨询736人次, 12348热线接待咨询3584 人次."
    assert figs(full) == figs(half)
    assert [f[0] for f in figs(full)] == ["476件", "736人次", "3584人次"]


@pytest.mark.parametrize(
    ("value", "numerals", "written"),
    [
        (Decimal(8), "chinese", "八"),
        (Decimal(12), "chinese", "十二"),
        (Decimal("412.5"), "arabic", "412.5"),
        (Decimal(135), "arabic", "135"),
    ],
)
def test_format_value(value: Decimal, numerals: str, written: str) -> None:
    assert format_value(value, numerals) == written  # type: ignore[arg-type]
