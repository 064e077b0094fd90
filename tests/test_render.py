"""A draft rendered by LibreOffice comes out as GB/T 9704 asks: A4, Chinese fonts, 22 lines a page.

Needs LibreOffice and poppler-utils; without them these tests fail (never skip), naming the packages.
"""

from __future__ import annotations

from typing import Any

import pytest

from reportgen.word_layout import write_docx

from .layout_support import guessed_lines
from .render_support import render_check, require_tools

pytestmark = pytest.mark.render


PARTS = [
    (
        "一、坚持思想领航，激发法治政府建设内生动力",
        [
            "（一）突出思想政治引领。深化习近平法治思想宣传“十进”行动，推动各项任务落地落实，"
            "将学习贯彻习近平法治思想作为首要政治任务，纳入全区党委（党组）理论学习中心组专题学习计划"
            "和干部教育培训的重要内容。",
            "（二）压紧压实主体责任。建立完善领导干部学法制度，坚持党委（党组）理论学习中心组学法、"
            "政府常务会议学法，推动“关键少数”学法常态化，2024年区政府常务会议学法4次【待核】。",
        ],
    ),
    (
        "二、着力高效服务，优化职能营造法治营商环境",
        [
            "（一）深化“放管服”改革。擦亮“人人服务、事事周到”的钟楼营商环境品牌。"
            "在全省率先推出“政务服务580智能语音”举措，7×24小时在线为企业群众提供“不打烊”语音咨询、"
            "业务导办服务。在全市辖市区中率先上线企业登记档案网上查询系统，全力推动企业登记档案查询"
            "“零跑腿”“免排队”“不见面”办理。",
            "（二）探索企业合规实践。打造“钟司有约 法商共营”品牌，组建专家讲师团开展10余场合规讲座，"
            "召开企业合规建设推进会，组织省市区专家组成合规验收组，对企业合规建设试点单位进行验收评估。"
            "在全市率先建立营商环境观察员制度，畅通政企沟通渠道。",
        ],
    ),
    (
        "三、牢记执法为民，打造规范公正文明执法标杆",
        [
            "（一）深入推进行政执法体制改革。定期召开基层综合行政执法改革管理体制机制协调会，"
            "组织基层综合执法人员培训110余次，评估镇、街道赋权事项运行情况，梳理汇总行权问题向上汇报，"
            "确保综合执法改革成效。",
            "（二）探索实施包容审慎监管方式。截至目前，共处理轻微违法行为不予处罚1450件，"
            "涉及金额398.6406万元。深化推进“综合查一次”执法检查机制改革，最大限度防止执法扰民。",
            "（三）复议应诉质量稳步提高。共受理行政复议案件122件【待核】，直接纠错率10%。"
            "强化府院联动机制，通过召开联席会议、研讨会等，不断提升行政争议化解能力。"
            "常态化督促行政机关负责人出庭应诉，钟楼区连续八年行政机关负责人出庭应诉率100%。",
        ],
    ),
]
REPORT = "\n".join(
    [
        "常州市钟楼区人民政府关于2024年法治政府建设工作情况的报告",
        "常州市人民政府：",
        "2024年，钟楼区始终以党的二十大精神为指引，扎实推进依法行政，优化法治化营商环境，"
        "不断提高法治政府建设水平。现将主要工作汇报如下：",
        *(line for heading, sections in PARTS for line in (heading, *sections)),
        "在充分肯定成绩的同时，也清醒认识到法治政府建设中的问题和不足：一是法治政府建设还需久久为功。"
        "二是法治专门队伍建设不满足新形势新要求。三是优化法治营商环境广度深度不够。",
        "一是强化法治顶层设计，全力构建法治政府新格局。以法治政府示范创建为重点，深入推进法治政府建设。",
        "二是聚焦服务中心大局，全速推动依法行政新突破。探索包容审慎监管方式，不断提升基层执法效能。",
        "常州市钟楼区人民政府",
        "2025年3月6日",
    ]
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Any:
    require_tools()
    folder = tmp_path_factory.mktemp("render")
    docx_path = folder / "draft.docx"
    write_docx(guessed_lines(REPORT), docx_path)
    return render_check.render(docx_path, folder / "out")


def test_render_tools_are_installed() -> None:
    require_tools()


def test_pages_are_a4(rendered: Any) -> None:
    width, height = rendered.page_size
    assert rendered.is_a4, f"page is {width} × {height} pt"
    assert width == pytest.approx(595.3, abs=1) and height == pytest.approx(841.9, abs=1)


def test_chinese_font_names_resolve_to_the_free_cjk_fonts_and_are_embedded(rendered: Any) -> None:
    names = " ".join(font.name for font in rendered.fonts)
    hint = f"fonts in the PDF: {names or 'none'}; install fonts-noto-cjk and fonts-arphic-gkai00mp"
    assert "NotoSerifCJK" in names, hint  # 仿宋_GB2312, 方正小标宋简体, 宋体
    assert "NotoSansCJK" in names, hint  # 黑体
    assert "GBZenKai" in names, hint  # 楷体_GB2312: AR PL KaitiM GB's PostScript name
    assert not rendered.uses_dejavu, hint
    assert rendered.problems() == []


def test_a_full_page_holds_about_22_lines(rendered: Any) -> None:
    assert len(rendered.line_counts) >= 3, f"text too short for a full page: {rendered.line_counts}"
    assert 19 <= rendered.first_full_page_lines <= 23, f"lines per page: {rendered.line_counts}"


def test_every_page_became_a_png(rendered: Any) -> None:
    assert len(rendered.pngs) == len(rendered.line_counts)
    for png in rendered.pngs:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
