"""The DOCX layout follows GB/T 9704-2012, read back from the XML python-docx writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from reportgen.errors import OutputError
from reportgen.report_text import Line, LineKind
from reportgen.word_layout import build_document, lay_out, write_docx

REPORT = """\
常州市钟楼区人民政府关于2024年法治政府建设工作情况的报告
常州市人民政府：
2024年，钟楼区始终以党的二十大和二十届三中全会精神为指引，紧扣常州市“532”发展战略，扎实推进依法行政，\
优化法治化营商环境，不断提高法治政府建设水平。现将主要工作汇报如下：
一、坚持思想领航，激发法治政府建设内生动力
（一）突出思想政治引领。深化习近平法治思想宣传“十进”行动，将学习贯彻习近平法治思想作为首要政治任务，\
纳入全区党委（党组）理论学习中心组专题学习计划。
（二）压紧压实主体责任。建立完善领导干部学法制度，推动“关键少数”学法常态化，\
2024年区政府常务会议学法4次【待核：上年值】。

二、着力高效服务，优化职能营造法治营商环境
（一）深化“放管服”改革。在全省率先推出“政务服务580智能语音”举措，\
7×24小时【待核】在线为企业群众提供“不打烊”语音咨询、业务导办服务。
1.打造合规品牌。组建专家讲师团开展10余场【待核】合规讲座，召开企业合规建设推进会。
（二）复议应诉质量稳步提高。共受理行政复议案件122件【待核】，直接纠错率10%。\
共处理轻微违法行为不予处罚1450件，涉及金额398.6406万元【待核】。\
钟楼区连续八年【待核】行政机关负责人出庭应诉率100%【待核】。
在充分肯定成绩的同时，也清醒认识到法治政府建设中的问题和不足：一是法治政府建设还需久久为功。\
二是法治专门队伍建设不满足新形势新要求。【沿用上年文字，请核改】
法治政府建设是全面依法治国的重要任务和主体工程。2025年，我们将坚持以习近平新时代中国特色社会主义思想为指导，\
深入学习贯彻习近平法治思想。
一是强化法治顶层设计，全力构建法治政府新格局。以法治政府示范创建为重点，深入推进法治政府建设。
二是聚焦服务中心大局，全速推动依法行政新突破。落实《提升行政执法质量三年行动计划（2023—2025年）》。
常州市钟楼区人民政府
2025年3月6日
"""
LINES = [line for line in REPORT.splitlines() if line]
# Each line's kind and heading level, as the report-text writer tags them: the layout guesses nothing.
KINDS: list[tuple[LineKind, int]] = [
    ("title", 0),
    ("addressee", 0),
    ("preamble", 0),
    ("part", 1),
    ("section", 2),
    ("section", 2),
    ("part", 1),
    ("section", 2),
    ("section", 0),  # the 1. paragraph inside 二、（一）
    ("section", 2),
    ("shortcomings", 0),
    ("plans_intro", 0),
    ("plan", 0),
    ("plan", 0),
    ("signature", 0),
    ("date", 0),
]
TYPED = [Line(kind, text, level=level) for (kind, level), text in zip(KINDS, LINES, strict=True)]
TITLE, ADDRESSEE, PREAMBLE, PART_ONE = LINES[:4]
SECTION = LINES[4]
ITEM = next(line for line in LINES if line.startswith("1."))
SHORTCOMINGS = next(line for line in LINES if line.startswith("在充分肯定"))
PLAN_ITEM = next(line for line in LINES if line.startswith("一是"))
SIGNATURE, DATE = LINES[-2:]

BODY_FONT = "仿宋_GB2312"
BODY_SIZE = "32"  # half-points: 16 pt, 3号
ALL_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
EXACT_LINES = {"line": "579", "lineRule": "exact", "before": "0", "after": "0"}


@pytest.fixture(scope="module")
def document() -> Any:
    return build_document(TYPED)


def paragraph(document: Any, text: str) -> Any:
    """The one paragraph whose text is ``text``."""
    (found,) = [p for p in document.paragraphs if p.text == text]
    return found


def attrs(element: Any, tag: str) -> dict[str, str]:
    """Attributes of the child ``tag`` (e.g. "w:ind") of ``element``, keyed without namespace."""
    child = element.find(qn(tag))
    assert child is not None, f"no {tag}"
    return {key.split("}")[1]: value for key, value in child.attrib.items()}


def run_format(run: Any) -> tuple[str, str, bool]:
    """(font, size in half-points, bold) of ``run``, asserting all four font slots agree."""
    rpr = run._r.rPr
    fonts = attrs(rpr, "w:rFonts")
    assert {fonts[slot] for slot in ALL_SLOTS} == {fonts["eastAsia"]}, fonts
    return fonts["eastAsia"], attrs(rpr, "w:sz")["val"], run.font.bold is not False


def highlighted_stretches(paragraphs: Any) -> list[str]:
    """Text of each maximal sequence of yellow-highlighted runs, in document order."""
    stretches = []
    for p in paragraphs:
        current = ""
        for run in p.runs:
            highlight = run._r.rPr.find(qn("w:highlight"))
            if highlight is not None and highlight.get(qn("w:val")) == "yellow":
                current += run.text
            elif current:
                stretches.append(current)
                current = ""
        if current:
            stretches.append(current)
    return stretches


def test_page_is_a4_with_gbt9704_margins_and_line_grid(document: Any) -> None:
    sect_pr = document.sections[0]._sectPr
    assert attrs(sect_pr, "w:pgSz") == {"w": "11906", "h": "16838"}
    margins = attrs(sect_pr, "w:pgMar")
    assert {key: margins[key] for key in ("top", "left", "right", "bottom")} == {
        "top": "2098",
        "left": "1587",
        "right": "1474",
        "bottom": "1984",
    }
    assert attrs(sect_pr, "w:docGrid") == {"type": "lines", "linePitch": "579"}


def test_document_defaults_are_fangsong_16pt_chinese(document: Any) -> None:
    run_defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))[0]
    assert attrs(run_defaults, "w:rFonts") == dict.fromkeys(ALL_SLOTS, BODY_FONT)
    assert attrs(run_defaults, "w:sz") == {"val": BODY_SIZE}
    assert attrs(run_defaults, "w:lang")["eastAsia"] == "zh-CN"
    normal = document.styles["Normal"].element
    assert attrs(normal.rPr, "w:rFonts") == dict.fromkeys(ALL_SLOTS, BODY_FONT)
    assert attrs(normal.rPr, "w:sz") == {"val": BODY_SIZE}
    assert attrs(normal.pPr, "w:spacing") == EXACT_LINES
    # 22 full lines a page: no widow control pushing a last line over.
    assert attrs(normal.pPr, "w:widowControl") == {"val": "0"}


@pytest.mark.parametrize(
    ("text", "fonts"),
    [
        (TITLE, [(TITLE, "方正小标宋简体", "44")]),
        (ADDRESSEE, [(ADDRESSEE, BODY_FONT, BODY_SIZE)]),
        (PREAMBLE, [(PREAMBLE, BODY_FONT, BODY_SIZE)]),
        (PART_ONE, [(PART_ONE, "黑体", BODY_SIZE)]),
        (
            SECTION,
            [
                ("（一）突出思想政治引领。", "楷体_GB2312", BODY_SIZE),
                (SECTION.removeprefix("（一）突出思想政治引领。"), BODY_FONT, BODY_SIZE),
            ],
        ),
        (ITEM, [(ITEM, BODY_FONT, BODY_SIZE)]),
        (SHORTCOMINGS, [(SHORTCOMINGS, BODY_FONT, BODY_SIZE)]),
        (PLAN_ITEM, [(PLAN_ITEM, BODY_FONT, BODY_SIZE)]),
        (SIGNATURE, [(SIGNATURE, BODY_FONT, BODY_SIZE)]),
        (DATE, [(DATE, BODY_FONT, BODY_SIZE)]),
    ],
    ids=["title", "addressee", "preamble", "part", "section", "item", "shortcomings", "plan", "sign", "date"],
)
def test_each_kind_of_line_has_its_font_and_size_and_is_not_bold(
    document: Any, text: str, fonts: list[tuple[str, str, str]]
) -> None:
    runs = paragraph(document, text).runs
    by_font: list[tuple[str, str, str]] = []
    for run in runs:
        font, size, bold = run_format(run)
        assert not bold, run.text
        if by_font and by_font[-1][1:] == (font, size):
            by_font[-1] = (by_font[-1][0] + run.text, font, size)
        else:
            by_font.append((run.text, font, size))
    assert by_font == fonts


@pytest.mark.parametrize("text", [PREAMBLE, PART_ONE, SECTION, ITEM, SHORTCOMINGS, PLAN_ITEM])
def test_text_is_justified_with_a_two_character_first_line_indent(document: Any, text: str) -> None:
    p_pr = paragraph(document, text)._p.pPr
    assert attrs(p_pr, "w:ind") == {"firstLineChars": "200", "firstLine": "640"}
    assert attrs(p_pr, "w:jc") == {"val": "both"}


def test_every_paragraph_has_exact_579_twip_lines_and_no_space_around(document: Any) -> None:
    for p in document.paragraphs:
        assert attrs(p._p.pPr, "w:spacing") == EXACT_LINES


def test_title_is_centred_unindented_and_followed_by_one_empty_line(document: Any) -> None:
    first, blank, third = document.paragraphs[:3]
    assert first.text == TITLE
    assert attrs(first._p.pPr, "w:jc") == {"val": "center"}
    assert first._p.pPr.find(qn("w:ind")) is None
    assert blank.text == ""
    assert third.text == ADDRESSEE
    assert document.core_properties.title == TITLE


def test_addressee_is_flush_left(document: Any) -> None:
    p_pr = paragraph(document, ADDRESSEE)._p.pPr
    assert p_pr.find(qn("w:ind")) is None
    assert attrs(p_pr, "w:jc") == {"val": "both"}
    assert ADDRESSEE.endswith("：")


def test_date_is_four_characters_in_and_signature_is_centred_over_it(document: Any) -> None:
    texts = [p.text for p in document.paragraphs]
    assert texts[-3:] == ["", SIGNATURE, DATE]
    date = attrs(paragraph(document, DATE)._p.pPr, "w:ind")
    assert date == {"rightChars": "400", "right": "1280"}
    signature = attrs(paragraph(document, SIGNATURE)._p.pPr, "w:ind")
    for text in (SIGNATURE, DATE):
        assert attrs(paragraph(document, text)._p.pPr, "w:jc") == {"val": "right"}
    # Centres measured from the right margin in twips: 10 CJK characters; 4 digits + 3 CJK + 2 digits.
    assert int(signature["right"]) + 10 * 320 / 2 == int(date["right"]) + 6 * 320 / 2
    assert int(signature["rightChars"]) * 320 // 100 == int(signature["right"])


def test_footers_carry_a_page_field_between_dashes_odd_right_even_left(document: Any) -> None:
    settings = document.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = document.sections[0]
    references = {ref.get(qn("w:type")) for ref in section._sectPr.findall(qn("w:footerReference"))}
    assert references == {"default", "even"}
    for footer, jc, indent in (
        (section.footer, "right", {"right": "320"}),
        (section.even_page_footer, "left", {"left": "320"}),
    ):
        (p,) = footer.paragraphs
        assert p.text == "— 1 —"
        assert attrs(p._p.pPr, "w:jc") == {"val": jc}
        assert {key: value for key, value in attrs(p._p.pPr, "w:ind").items() if value != "0"} == indent
        field = [
            child.get(qn("w:fldCharType")) or child.text for child in p._p.iter(qn("w:fldChar"), qn("w:instrText"))
        ]
        assert field == ["begin", " PAGE ", "separate", "end"]
        for run in p.runs:
            assert run_format(run) == ("宋体", "28", False)


@pytest.mark.parametrize(
    ("line", "highlighted"),
    [
        ("共受理行政复议案件122件【待核】，直接纠错率10%。", ["122件【待核】"]),
        ("钟楼区连续八年【待核】行政机关负责人出庭应诉率100%。", ["八年【待核】"]),
        ("组建专家讲师团开展10余场【待核】合规讲座。", ["10余场【待核】"]),
        ("涉及金额398.6406万元【待核】。", ["398.6406万元【待核】"]),
        ("出庭应诉率100%【待核】。", ["100%【待核】"]),
        ("7×24小时【待核】在线为企业群众提供服务。", ["7×24小时【待核】"]),
        ("受理投诉超过30家【待核】，办结率40%以上【待核】。", ["超过30家【待核】", "40%以上【待核】"]),
        ("区政府常务会议学法4次【待核】【待核：上年值】。", ["4次【待核】【待核：上年值】"]),
        ("推进执法标准统一【待核】。", ["【待核】"]),
        ("二是法治专门队伍建设不满足新形势新要求。【沿用上年文字，请核改】", ["【沿用上年文字，请核改】"]),
        ("全年未发生重大行政争议。", []),
    ],
)
def test_review_markers_are_highlighted_with_the_figure_before(line: str, highlighted: list[str]) -> None:
    assert highlighted_stretches(build_document([Line("text", line)]).paragraphs) == highlighted


def test_highlighting_in_the_report_keeps_each_runs_font(document: Any) -> None:
    assert highlighted_stretches(document.paragraphs) == [
        "4次【待核：上年值】",
        "7×24小时【待核】",
        "10余场【待核】",
        "122件【待核】",
        "398.6406万元【待核】",
        "八年【待核】",
        "100%【待核】",
        "【沿用上年文字，请核改】",
    ]
    for p in document.paragraphs:
        for run in p.runs:
            if "【" in run.text:
                assert run._r.rPr.find(qn("w:highlight")) is not None, run.text
                assert run_format(run) == (BODY_FONT, BODY_SIZE, False)


def test_document_text_is_the_lines_with_blank_ones_only_where_gbt9704_puts_them(document: Any) -> None:
    assert [p.text for p in document.paragraphs if p.text] == LINES
    texts = [p.text for p in document.paragraphs]
    assert [i for i, t in enumerate(texts) if not t] == [1, len(texts) - 3]  # after the title, before the signature


def test_each_line_knows_its_paragraphs_blank_ones_before_it_included() -> None:
    layout = lay_out(TYPED)
    assert len(layout.paragraphs) == len(TYPED)
    body = list(layout.document.element.body.iterchildren(qn("w:p")))
    assert [p for paras in layout.paragraphs for p in paras] == body
    assert [len(paras) for paras in layout.paragraphs] == [1, 2, *[1] * 12, 2, 1]


def test_kinds_come_from_the_lines_not_from_their_wording() -> None:
    lines = [
        Line("title", "钟楼区2024年法治政府建设工作情况"),  # no 报告 in it
        Line("addressee", "常州市人民政府，并抄送区人大常委会、区政协、区纪委监委等有关单位和部门："),  # long
        Line("text", "一、这一行像标题，却是一段正文"),
        Line("part", "二、坚持思想领航。激发内生动力", level=1),  # a stop in a part heading
        Line("section", "1.打造合规品牌。组建专家讲师团。", level=3),
        Line("plan", "（一）持续深化改革。推动更多事项网上办理。", level=2),
        Line("signature", "常州市钟楼区人民政府办公室。"),
        Line("date", "二〇二五年三月六日"),
    ]
    document = build_document(lines)
    title, _, addressee, text, part, section, plan, _, signature, date = document.paragraphs
    assert attrs(title._p.pPr, "w:jc") == {"val": "center"} and document.core_properties.title == lines[0].text
    assert addressee._p.pPr.find(qn("w:ind")) is None
    assert [run_format(r)[0] for r in text.runs] == [BODY_FONT]
    assert [run_format(r)[0] for r in part.runs] == ["黑体"]
    assert [run_format(r)[0] for r in section.runs] == [BODY_FONT]  # 1. is the third level: 仿宋
    assert [(r.text, run_format(r)[0]) for r in plan.runs] == [
        ("（一）持续深化改革。", "楷体_GB2312"),
        ("推动更多事项网上办理。", BODY_FONT),
    ]
    for paragraph in (signature, date):
        assert attrs(paragraph._p.pPr, "w:jc") == {"val": "right"}


def test_report_without_title_starts_with_the_addressee() -> None:
    document = build_document(TYPED[1:])
    first = document.paragraphs[0]
    assert first.text == ADDRESSEE
    p_pr = first._p.pPr
    assert p_pr is not None and p_pr.ind is None
    assert document.core_properties.title == ""


def test_write_docx_saves_a_file_python_docx_reopens(tmp_path: Path) -> None:
    path = tmp_path / "out" / "draft.docx"
    write_docx(TYPED, path)
    reopened = docx.Document(str(path))
    assert [p.text for p in reopened.paragraphs if p.text] == LINES
    assert reopened.core_properties.title == TITLE
    assert reopened.core_properties.author == ""
    assert reopened.sections[0].even_page_footer.paragraphs[0].text == "— 1 —"


def test_write_docx_into_a_file_instead_of_a_folder_raises_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError):
        write_docx(TYPED, blocker / "draft.docx")
