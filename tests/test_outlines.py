"""Every outline real reports use: （一）, 1. or （1） below 一、, run-in （一）…。 and 一是, 1. numbered on across parts."""

from __future__ import annotations

from reportgen.model import Report
from reportgen.parse import parse_text

STRAIGHT_TO_ARABIC = """某县人民政府关于2024年度法治政府建设情况的报告
市人民政府：
2024年，我县深入推进依法行政。现报告如下：
一、主要举措和成效
1.完善行政决策制度
全年审查重大行政决策事项12件。
2.深化行政执法改革
开展执法培训8场，培训执法人员600余人次。
二、党政主要负责人履行推进法治建设第一责任人职责情况
3.落实述法制度
县政府常务会议学法6次。
4.带头尊法学法。县长讲授法治课2次。
三、存在的不足和原因
（一）法治意识有待增强。部分干部学法不够深入。
（二）执法能力有待提升。基层执法力量薄弱。
四、2025年主要安排
（一）加强学习。
（二）规范执法。
某县人民政府
2025年3月1日
"""

THREE_LEVELS = """某区司法局2024年法治政府建设年度报告
一、主要举措和成效
（一）加强制度建设
1.规范文件管理。审核规范性文件9件。
2.落实合法性审查。审查合同45份。
（二）强化执法监督
（1）开展案卷评查，评查案卷320卷。
（2）组织执法证考试，参考人员210人。
二、存在的不足
一是学法用法不够深入；二是执法监督力量不足。
三、下一步工作安排
一是加强学习培训；二是强化监督。
某区司法局
2025年1月20日
"""

RUN_IN = """某镇人民政府2024年度法治政府建设工作报告
一、主要工作
（一）规范行政决策。一是严格合法性审查，审查文件12件。
二是规范备案，备案文件8件。
三是聚焦群众反映强烈的问题，化解矛盾纠纷136起。
（二）加强执法。针对执法中发现的问题：
整改问题线索21条，追回资金35万元。
二、存在的不足
一是学法用法不够深入；二是执法监督力量不足。
三、下一步工作安排
一是加强学习培训；二是强化监督。
某镇人民政府
2025年1月20日
"""

PAREN_ARABIC_SECOND = """某开发区管委会2024年法治建设情况报告
一、工作举措
（1）优化营商环境。办理涉企事项1200余件。
（2）加强普法。开展送法进园区活动15场。
二、存在问题
一是普法形式单一；二是队伍力量不足。
"""


def _sections(report: Report) -> list[tuple[int, int, str]]:
    return [(p.number, s.number, s.title) for p in report.parts for s in p.sections]


def _figures(report: Report) -> list[tuple[str, int | None, int | None]]:
    return [(f.raw, f.part, f.section) for f in report.figures]


def test_parts_straight_to_arabic_numbered_on_across_parts() -> None:
    report = parse_text(STRAIGHT_TO_ARABIC)
    assert _sections(report) == [
        (1, 1, "完善行政决策制度"),
        (1, 2, "深化行政执法改革"),
        (2, 1, "落实述法制度"),
        (2, 2, "带头尊法学法"),
    ]
    assert _figures(report) == [("12件", 1, 1), ("8场", 1, 2), ("600余人次", 1, 2), ("6次", 2, 1), ("2次", 2, 2)]
    assert [i.text for i in report.shortcomings] == [
        "法治意识有待增强。部分干部学法不够深入。",
        "执法能力有待提升。基层执法力量薄弱。",
    ]
    assert len(report.plans) == 2


def test_third_level_arabic_and_paren_arabic_stay_in_their_section() -> None:
    report = parse_text(THREE_LEVELS)
    assert _sections(report) == [(1, 1, "加强制度建设"), (1, 2, "强化执法监督")]
    assert _figures(report) == [("9件", 1, 1), ("45份", 1, 1), ("320卷", 1, 2), ("210人", 1, 2)]
    section = report.section(1, 2)
    assert section is not None and section.text.startswith("（1）开展案卷评查")


def test_run_in_items_and_everyday_problems_stay_in_the_section() -> None:
    report = parse_text(RUN_IN)
    assert _sections(report) == [(1, 1, "规范行政决策"), (1, 2, "加强执法")]
    assert _figures(report) == [("12件", 1, 1), ("8件", 1, 1), ("136起", 1, 1), ("21条", 1, 2), ("35万元", 1, 2)]
    assert [i.text for i in report.shortcomings] == ["学法用法不够深入；", "执法监督力量不足。"]


def test_paren_arabic_as_the_second_level() -> None:
    report = parse_text(PAREN_ARABIC_SECOND)
    assert _sections(report) == [(1, 1, "优化营商环境"), (1, 2, "加强普法")]
    assert _figures(report) == [("1200余件", 1, 1), ("15场", 1, 2)]
    assert len(report.shortcomings) == 2
