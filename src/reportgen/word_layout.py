"""DOCX layout of a report, following GB/T 9704-2012 (党政机关公文格式): shared by the draft and the redline.

The input is the report as typed lines (``reportgen.report_text.Line``), written by ``report_text``: each knows
its kind (title, 主送机关, signature, date, …) and the heading level of the number it opens with, so nothing is
guessed from the text here. This module only decides how each line looks on the page.
"""

from __future__ import annotations

import copy
import enum
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.text.paragraph import Paragraph

from reportgen.fsutil import atomic_write_bytes
from reportgen.outline import REVIEW_MARK_RE
from reportgen.report_text import Line

BASE_DOCX = Path(__file__).with_name("base.docx")
"""python-docx's default template without its thumbnail and unused styles (scripts/make_base_docx.py)."""

PAGE_WIDTH = 11906
PAGE_HEIGHT = 16838
MARGIN_TOP = 2098
MARGIN_BOTTOM = 1984
MARGIN_LEFT = 1587
MARGIN_RIGHT = 1474
LINE_PITCH = 579
"""Exact line spacing in twips: 22 lines fill the 225 mm text area."""
CHAR_WIDTH = 320
"""One 3号 (16 pt) character in twips, the unit of GB/T 9704 indents (一字)."""
# GB/T 9704 7.5: the page-number line sits 7 mm (397 twips) below the text area; one 14 pt line is 280 twips.
FOOTER_DISTANCE = MARGIN_BOTTOM - 397 - 280

BODY_SIZE = 16
TITLE_SIZE = 22
PAGE_NUMBER_SIZE = 14

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"

DATE_INDENT_CHARS = 4.0

# The figure a review marker refers to, anchored at the end of the text before the marker.
# A Chinese-numeral figure needs a unit, so that the 一 of 统一 is not taken for one.
_FIGURE_BEFORE_MARKER_RE = re.compile(
    r"(?:近|约|超过|超|逾)?"
    r"(?:\d+(?:\.\d+)?(?:×\d+(?:\.\d+)?)*[万亿]?[余多]?(?:[%％]|[\u4e00-\u9fff]{0,3})"
    r"|[〇零一二两三四五六七八九十百千万亿]+[余多]?(?:[%％]|[\u4e00-\u9fff]{1,3}))"
    r"(?:以上)?\Z"
)


class _Kind(enum.Enum):
    """What a line of the report is, which decides its layout."""

    TITLE = "title"
    ADDRESSEE = "addressee"
    PART = "part"
    SECTION = "section"
    BODY = "body"
    SIGNATURE = "signature"
    DATE = "date"


@dataclass(frozen=True)
class _Segment:
    """A stretch of a paragraph in one font, possibly highlighted."""

    text: str
    font: str
    size: float
    highlight: bool


@dataclass
class Layout:
    """The laid-out document, and for each line the ``w:p`` elements it became: the blank paragraphs the layout
    put before it (GB/T 9704 spacing), then its own."""

    document: Document
    paragraphs: list[list[Any]] = field(default_factory=list)


def lay_out(lines: Sequence[Line]) -> Layout:
    """Lay out the report's ``lines`` as a GB/T 9704 A4 document, one paragraph per line."""
    document = docx.Document(str(BASE_DOCX))
    kinds = [_kind(line) for line in lines]
    _set_page(document)
    _set_default_fonts(document)
    _set_page_numbers(document)
    date = next((line.text for kind, line in zip(kinds, lines, strict=True) if kind is _Kind.DATE), "")
    copies = _PropertyCopies()
    layout = Layout(document)
    blanks: list[Any] = []
    previous: _Kind | None = None
    for kind, line in zip(kinds, lines, strict=True):
        # GB/T 9704 7.3.5: one empty line between the text and the signature block.
        if kind is _Kind.SIGNATURE or (kind is _Kind.DATE and previous is not _Kind.SIGNATURE):
            blanks.append(_add_blank(document))
        layout.paragraphs.append([*blanks, _add_line(document, kind, line.text, date, copies)])
        blanks = [_add_blank(document)] if kind is _Kind.TITLE else []
        previous = kind
    title = next((line.text for kind, line in zip(kinds, lines, strict=True) if kind is _Kind.TITLE), "")
    core = document.core_properties
    core.title = title
    # The default template says "python-docx" here; Word fills in the user on save.
    core.author = ""
    core.last_modified_by = ""
    core.comments = ""
    return layout


def build_document(lines: Sequence[Line]) -> Document:
    """Lay out the report's ``lines`` as a GB/T 9704 A4 document."""
    return lay_out(lines).document


def write_docx(lines: Sequence[Line], path: Path) -> None:
    """Lay out the report's ``lines`` and write them atomically to ``path`` as DOCX.

    Raises ``OutputError`` if the file cannot be written.
    """
    buffer = io.BytesIO()
    build_document(lines).save(buffer)
    atomic_write_bytes(path, buffer.getvalue())


def _kind(line: Line) -> _Kind:
    """How a line is laid out: by its kind, and a heading by the level of its number (一、 黑体, （一） 楷体)."""
    if line.kind in ("title", "addressee", "signature", "date"):
        return _Kind(line.kind)
    if line.level == 1:
        return _Kind.PART
    if line.level == 2:
        return _Kind.SECTION
    return _Kind.BODY


def _set_page(document: Document) -> None:
    """A4 portrait with the GB/T 9704 margins and a 22-line grid."""
    section = document.sections[0]
    section.page_width = Twips(PAGE_WIDTH)
    section.page_height = Twips(PAGE_HEIGHT)
    section.top_margin = Twips(MARGIN_TOP)
    section.bottom_margin = Twips(MARGIN_BOTTOM)
    section.left_margin = Twips(MARGIN_LEFT)
    section.right_margin = Twips(MARGIN_RIGHT)
    section.footer_distance = Twips(FOOTER_DISTANCE)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))


def _set_default_fonts(document: Document) -> None:
    """Make 仿宋_GB2312 16 pt, Chinese, exact 579-twip lines the defaults of the document and of Normal."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(run_defaults, FANGSONG)
    run_defaults.find(qn("w:sz")).set(qn("w:val"), str(BODY_SIZE * 2))
    run_defaults.find(qn("w:szCs")).set(qn("w:val"), str(BODY_SIZE * 2))
    run_defaults.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")

    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    _set_fonts(normal.element.get_or_add_rPr(), FANGSONG)
    _format_paragraph(normal.paragraph_format, WD_ALIGN_PARAGRAPH.JUSTIFY)
    # GB/T 9704 fills every page with 22 lines; widow control would push a paragraph's last line over.
    normal.paragraph_format.widow_control = False


def _set_fonts(run_properties: Any, font: str) -> None:
    """Set all four font slots; theme fonts would otherwise override the named ones."""
    fonts = run_properties.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), font)


def _format_paragraph(paragraph_format: Any, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """Align, with exact 579-twip line spacing and no space before or after."""
    paragraph_format.alignment = alignment
    paragraph_format.line_spacing = Twips(LINE_PITCH)
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.space_before = Twips(0)
    paragraph_format.space_after = Twips(0)


def _indent(paragraph_format: Any, *, first_line_chars: float = 0, right_chars: float = 0) -> None:
    """Indent in characters, in both units: Word and WPS read ``*Chars``, LibreOffice the twips."""
    indent = paragraph_format.element.get_or_add_pPr().get_or_add_ind()
    for name, chars in (("firstLine", first_line_chars), ("right", right_chars)):
        if chars:
            indent.set(qn(f"w:{name}Chars"), str(round(chars * 100)))
            indent.set(qn(f"w:{name}"), str(round(chars * CHAR_WIDTH)))


def _add_blank(document: Document) -> Any:
    paragraph = document.add_paragraph()
    _format_paragraph(paragraph.paragraph_format, WD_ALIGN_PARAGRAPH.JUSTIFY)
    return paragraph._p


class _PropertyCopies:
    """Paragraph and run properties made once through python-docx, then copied for every later use.

    A draft repeats a handful of formats a few hundred times; building each one through the API was most of
    the layout time. The XML is the same either way.
    """

    def __init__(self) -> None:
        self._made: dict[tuple[object, ...], Any] = {}

    def apply(self, element: Any, key: tuple[object, ...], make: Callable[[], Any]) -> None:
        """Give ``element`` the properties for ``key``: copied if made before, else ``make()`` returns them."""
        made = self._made.get(key)
        if made is None:
            self._made[key] = copy.deepcopy(make())
        else:
            element.insert(0, copy.deepcopy(made))


def _add_line(document: Document, kind: _Kind, line: str, date: str, copies: _PropertyCopies) -> Any:
    """Add one line of the report as a paragraph laid out for its kind; returns its ``w:p``."""
    paragraph = document.add_paragraph()
    right_chars = _signature_indent(line, date) if kind is _Kind.SIGNATURE else 0.0

    def make() -> Any:
        _format_line(paragraph.paragraph_format, kind, right_chars)
        return paragraph._p.pPr

    copies.apply(paragraph._p, (kind, right_chars), make)
    for segment in _segments(kind, line):
        run = paragraph.add_run(segment.text)

        def make_run(run: Any = run, segment: _Segment = segment) -> Any:
            _format_run(run, segment.font, segment.size, highlight=segment.highlight)
            return run._r.rPr

        copies.apply(run._r, (segment.font, segment.size, segment.highlight), make_run)
    return paragraph._p


def _format_line(pf: Any, kind: _Kind, right_chars: float) -> None:
    """Alignment, spacing and indents of a line of ``kind``."""
    if kind is _Kind.TITLE:
        _format_paragraph(pf, WD_ALIGN_PARAGRAPH.CENTER)
        # LibreOffice would give each 22 pt title line two rows of the line grid, exact spacing or not.
        no_snap = OxmlElement("w:snapToGrid")
        no_snap.set(qn("w:val"), "0")
        pf.element.get_or_add_pPr().insert_element_before(no_snap, "w:spacing", "w:ind", "w:jc")
    elif kind is _Kind.ADDRESSEE:
        _format_paragraph(pf, WD_ALIGN_PARAGRAPH.JUSTIFY)
    elif kind is _Kind.DATE:
        _format_paragraph(pf, WD_ALIGN_PARAGRAPH.RIGHT)
        _indent(pf, right_chars=DATE_INDENT_CHARS)
    elif kind is _Kind.SIGNATURE:
        _format_paragraph(pf, WD_ALIGN_PARAGRAPH.RIGHT)
        _indent(pf, right_chars=right_chars)
    else:
        _format_paragraph(pf, WD_ALIGN_PARAGRAPH.JUSTIFY)
        _indent(pf, first_line_chars=2)


def _signature_indent(signature: str, date: str) -> float:
    """Right indent, in characters, that centres the signature over the date (GB/T 9704 7.3.5)."""
    return max(0.0, DATE_INDENT_CHARS + (_display_width(date) - _display_width(signature)) / 2)


def _display_width(text: str) -> float:
    """Width in body characters: CJK and full-width count 1, ASCII digits and letters half."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5 for char in text)


def _segments(kind: _Kind, line: str) -> Iterator[_Segment]:
    """Split a line where its font changes or its review highlighting starts or ends."""
    if kind is _Kind.TITLE:
        fonts = [(len(line), XIAOBIAOSONG, TITLE_SIZE)]
    elif kind is _Kind.PART:
        fonts = [(len(line), HEITI, BODY_SIZE)]
    elif kind is _Kind.SECTION:
        heading_end = line.find("。") + 1 or len(line)
        fonts = [(heading_end, KAITI, BODY_SIZE), (len(line), FANGSONG, BODY_SIZE)]
    else:
        fonts = [(len(line), FANGSONG, BODY_SIZE)]
    spans = _review_spans(line)
    cuts = sorted({0, *(end for end, _, _ in fonts), *(edge for span in spans for edge in span)})
    for start, end in itertools.pairwise(cuts):
        _, font, size = next(f for f in fonts if f[0] > start)
        highlight = any(s <= start and end <= e for s, e in spans)
        yield _Segment(line[start:end], font, size, highlight)


def _review_spans(line: str) -> list[tuple[int, int]]:
    """Character spans to highlight: every 【…】 marker with the figure just before it."""
    spans: list[tuple[int, int]] = []
    for marker in REVIEW_MARK_RE.finditer(line):
        figure = _FIGURE_BEFORE_MARKER_RE.search(line, 0, marker.start())
        start = figure.start() if figure else marker.start()
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], marker.end())
        else:
            spans.append((start, marker.end()))
    return spans


def _add_run(paragraph: Paragraph, text: str, font: str, size: float) -> Any:
    """Add a run in ``font`` at ``size`` points, not bold."""
    run = paragraph.add_run(text)
    _format_run(run, font, size)
    return run


def _format_run(run: Any, font: str, size: float, *, highlight: bool = False) -> None:
    """``font`` at ``size`` points, not bold, optionally highlighted yellow."""
    run.font.size = Pt(size)
    run.font.bold = False
    _set_fonts(run._element.get_or_add_rPr(), font)
    if highlight:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _set_page_numbers(document: Document) -> None:
    """Footer "— N —" in 4号 宋体: odd pages right, even pages left, one character in (GB/T 9704 7.5)."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    odd = section.footer
    even = section.even_page_footer
    odd.is_linked_to_previous = False
    even.is_linked_to_previous = False
    _page_number_paragraph(odd.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, right_chars=1)
    _page_number_paragraph(even.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, left_chars=1)


def _page_number_paragraph(
    paragraph: Paragraph, alignment: WD_ALIGN_PARAGRAPH, *, left_chars: float = 0, right_chars: float = 0
) -> None:
    """Fill ``paragraph`` with "— ", a PAGE field and " —"."""
    pf = paragraph.paragraph_format
    pf.alignment = alignment
    # Twips only: character units would be relative to the 14 pt footer font, but 一字 is the 16 pt body one.
    pf.left_indent = Twips(round(left_chars * CHAR_WIDTH))
    pf.right_indent = Twips(round(right_chars * CHAR_WIDTH))

    def run(text: str = "") -> Any:
        return _add_run(paragraph, text, SONGTI, PAGE_NUMBER_SIZE)

    def field_char(char_type: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), char_type)
        run()._r.append(element)

    run("— ")
    field_char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run()._r.append(instruction)
    field_char("separate")
    run("1")
    field_char("end")
    run(" —")
