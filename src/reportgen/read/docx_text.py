"""The text of a .docx as its reader sees it on screen, read straight from the package XML with lxml.

What python-docx's ``paragraph.text`` leaves out, and offices rely on:

- automatic numbering (numbering.xml): the "一、" or "（二）" Word draws is not in the paragraph text;
- headings that are only a style (标题 1, Heading 2, an outline level), with no number at all;
- tracked changes (修订): insertions are kept and deletions dropped, as if every change were accepted;
- tables, which belong where they stand among the paragraphs, not after them.

docx2python renders numbering too, but it reads every part of the package, keeps runs as nested lists, and
takes about ten times as long on a report; its numbering also ignores ``startOverride`` restarts. A report
needs one pass over document.xml, so the rules Word applies are written out here (ECMA-376 §17.9).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from reportgen.outline import numbered_start, ordinal_cn
from reportgen.wordml import w as _w

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)

# Runs whose text is dropped: deleted text, the old place of moved text, and the VML copy of a text box.
_DROPPED = {_w("del"), _w("moveFrom"), f"{{{MC}}}Fallback"}
_HEADING_NAME_RE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


@dataclass
class DocxText:
    """The text, one paragraph per line, and what was done to tracked changes."""

    text: str
    insertions: int = 0
    deletions: int = 0

    @property
    def tracked_changes(self) -> bool:
        """True when the document still had tracked changes (修订) in it."""
        return bool(self.insertions or self.deletions)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; None = after any higher
    legal: bool = False


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # lvlOverride/startOverride
    levels: dict[int, _Level] = field(default_factory=dict)  # lvlOverride/lvl


def _val(element: etree._Element | None, default: str | None = None) -> str | None:
    if element is None:
        return default
    value = element.get(_w("val"))
    return default if value is None else value


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _level(element: etree._Element) -> _Level:
    level = _Level()
    level.fmt = _val(element.find(_w("numFmt")), "decimal") or "decimal"
    level.text = _val(element.find(_w("lvlText")), "") or ""
    level.start = _int(_val(element.find(_w("start"))), 1)
    restart = element.find(_w("lvlRestart"))
    if restart is not None:
        level.restart = _int(_val(restart), 0)
    level.legal = element.find(_w("isLgl")) is not None and _val(element.find(_w("isLgl")), "1") not in ("0", "false")
    return level


def format_number(value: int, fmt: str) -> str:
    """``value`` written in a Word number format (chineseCounting → 十二, decimalEnclosedCircle → ⑫)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital", "koreanCounting"):  # fmt: skip
        if 0 < value < 100:
            return ordinal_cn(value)
        return str(value)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[value - 1] if 0 < value <= len(_CIRCLED) else str(value)
    if fmt == "ideographTraditional":
        return _TIANGAN[(value - 1) % 10] if value > 0 else str(value)
    if fmt == "decimalEnclosedParen":
        return f"({value})"
    if fmt == "decimalEnclosedFullstop":
        return f"{value}."
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else str(value)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(value)  # decimal, decimalZero and anything unknown


def _roman(value: int) -> str:
    out = []
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


class _Numbering:
    """The numbering definitions and the running counters, applied paragraph by paragraph in order."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        for abstract in root.iter(_w("abstractNum")):
            levels = {_int(lvl.get(_w("ilvl")), 0): _level(lvl) for lvl in abstract.iter(_w("lvl"))}
            self.abstract[abstract.get(_w("abstractNumId")) or ""] = levels
        for num in root.iter(_w("num")):
            entry = _Num(abstract=_val(num.find(_w("abstractNumId")), "") or "")
            for override in num.iter(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")), 0)
                start = override.find(_w("startOverride"))
                if start is not None:
                    entry.starts[ilvl] = _int(_val(start), 1)
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    entry.levels[ilvl] = _level(lvl)
                    if start is None:
                        entry.starts[ilvl] = entry.levels[ilvl].start
            self.nums[num.get(_w("numId")) or ""] = entry

    def _levels(self, num: _Num) -> dict[int, _Level]:
        return self.abstract.get(num.abstract, {}) | num.levels

    def label(self, num_id: str, ilvl: int) -> str:
        """The number Word draws before this paragraph (``一、``, ``（二）``), advancing the counters."""
        num = self.nums.get(num_id)
        if num is None:
            return ""
        levels = self._levels(num)
        level = levels.get(ilvl)
        if level is None:
            return ""
        # Lists that share an abstract definition share its counters (Word continues them), unless a num
        # restarts a level with startOverride the first time it is used.
        counters = self.counters.setdefault(num.abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in num.starts.items():
                counters[lvl] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper, deeper_level in levels.items():
            # w:lvlRestart 0 never restarts; n restarts after level n (1-based); absent, after any higher level.
            restart = deeper_level.restart
            if deeper > ilvl and restart != 0 and (restart is None or ilvl < restart):
                counters.pop(deeper, None)
        if level.fmt in ("bullet", "none"):
            return ""

        def render(match: re.Match[str]) -> str:
            which = int(match.group(1)) - 1
            which_level = levels.get(which, _Level())
            value = counters.get(which, which_level.start)
            fmt = "decimal" if level.legal and which != ilvl else which_level.fmt
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", render, level.text)


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None


class _Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        if root is None:
            return
        for element in root.iter(_w("style")):
            if element.get(_w("type")) not in (None, "paragraph"):
                continue
            style_id = element.get(_w("styleId")) or ""
            style = _Style(name=_val(element.find(_w("name")), "") or "", based_on=_val(element.find(_w("basedOn"))))
            ppr = element.find(_w("pPr"))
            if ppr is not None:
                num_pr = ppr.find(_w("numPr"))
                if num_pr is not None:
                    style.num_id = _val(num_pr.find(_w("numId")))
                    ilvl = _val(num_pr.find(_w("ilvl")))
                    style.ilvl = None if ilvl is None else _int(ilvl, 0)
                outline = _val(ppr.find(_w("outlineLvl")))
                if outline is not None:
                    style.outline = _int(outline, 9)
            if style.outline is None and (m := _HEADING_NAME_RE.match(style.name)):
                style.outline = int(m.group(1)) - 1
            self.styles[style_id] = style
            if element.get(_w("default")) in ("1", "true"):
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        current = style_id if style_id is not None else self.default_paragraph
        while current is not None and current not in seen and current in self.styles:
            seen.add(current)
            style = self.styles[current]
            yield style
            current = style.based_on

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        num_id: str | None = None
        ilvl: int | None = None
        for style in self.chain(style_id):
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if ilvl is None and style.ilvl is not None:
                ilvl = style.ilvl
        return num_id, ilvl

    def outline(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            if style.outline is not None:
                return style.outline
        return None


_TITLE_END = re.compile(r"(?:报告|情况)(?:（[^）]*）)?$")


class _Reader:
    def __init__(self, numbering: _Numbering, styles: _Styles) -> None:
        self.numbering = numbering
        self.styles = styles
        self.insertions = 0
        self.deletions = 0
        self.heading_counters: dict[int, int] = {}
        self.lines: list[str] = []
        self.pending = ""  # text of a paragraph whose mark was deleted: it runs on into the next one

    def run_text(self, element: etree._Element) -> str:
        out: list[str] = []
        for node in element.iter():
            tag = node.tag
            if tag == _w("t"):
                if not any(a.tag in _DROPPED for a in node.iterancestors()):
                    out.append(node.text or "")
            elif tag == _w("tab"):
                if node.getparent() is not None and node.getparent().tag == _w("r"):
                    out.append("\t")
            elif tag in (_w("br"), _w("cr")):
                out.append("" if node.get(_w("type")) == "page" else "\n")
            elif tag == _w("noBreakHyphen"):
                out.append("-")
        return "".join(out)

    def count_changes(self, element: etree._Element) -> None:
        for node in element.iter(_w("ins"), _w("moveTo")):
            if node.getparent() is not None and node.getparent().tag != _w("rPr"):
                self.insertions += 1
        for node in element.iter(_w("del"), _w("moveFrom")):
            if node.getparent() is not None and node.getparent().tag != _w("rPr"):
                self.deletions += 1

    def paragraph(self, p: etree._Element) -> str | None:
        """The paragraph's text with its number, or None when its mark was deleted (it runs on)."""
        ppr = p.find(_w("pPr"))
        style_id = num_id = None
        ilvl: int | None = None
        outline: int | None = None
        mark_deleted = False
        if ppr is not None:
            style_id = _val(ppr.find(_w("pStyle")))
            num_pr = ppr.find(_w("numPr"))
            if num_pr is not None:
                num_id = _val(num_pr.find(_w("numId")))
                ilvl_text = _val(num_pr.find(_w("ilvl")))
                ilvl = None if ilvl_text is None else _int(ilvl_text, 0)
            outline_text = _val(ppr.find(_w("outlineLvl")))
            if outline_text is not None:
                outline = _int(outline_text, 9)
            rpr = ppr.find(_w("rPr"))
            mark_deleted = rpr is not None and rpr.find(_w("del")) is not None
        text = "".join(self.run_text(child) for child in p if child.tag != _w("pPr"))
        style_num, style_ilvl = self.styles.numbering(style_id)
        num_id = num_id if num_id is not None else style_num
        ilvl = ilvl if ilvl is not None else (style_ilvl or 0)
        prefix = ""
        if num_id not in (None, "0") and text.strip():
            prefix = self.numbering.label(num_id or "", ilvl)
        elif text.strip():
            level = outline if outline is not None else self.styles.outline(style_id)
            if level is not None and level <= 2:
                prefix = self.heading_number(level, text)
        text = self.pending + prefix + text
        if mark_deleted:
            self.pending = text
            return None
        self.pending = ""
        return text

    def heading_number(self, level: int, text: str) -> str:
        """A number for a heading that is only a style: 一、 at level 1, （一） at 2, 1. at 3."""
        if numbered_start(text.strip()) or text.strip().startswith("第"):
            return ""
        if level == 0 and not self.heading_counters and _TITLE_END.search(text.strip()):
            return ""  # the report's title, styled as a heading
        count = self.heading_counters.get(level, 0) + 1
        self.heading_counters[level] = count
        for deeper in [k for k in self.heading_counters if k > level]:
            del self.heading_counters[deeper]
        if level == 0:
            return f"{ordinal_cn(count)}、"
        if level == 1:
            return f"（{ordinal_cn(count)}）"
        return f"{count}."

    def block(self, element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if tag == _w("p"):
                line = self.paragraph(child)
                if line is not None:
                    self.lines.append(line)
            elif tag == _w("tbl"):
                self.table(child)
            elif tag in (_w("sdt"), _w("customXml"), _w("ins"), _w("moveTo")):
                content = child.find(_w("sdtContent")) if tag == _w("sdt") else child
                if content is not None:
                    self.block(content)
            # w:del / w:moveFrom at block level hold deleted paragraphs: dropped.

    def table(self, tbl: etree._Element) -> None:
        for row in tbl.findall(_w("tr")):
            trpr = row.find(_w("trPr"))
            if trpr is not None and trpr.find(_w("del")) is not None:
                continue
            cells = []
            for cell in row.findall(_w("tc")):
                inner = _Reader(self.numbering, self.styles)
                inner.block(cell)
                cells.append("".join(line.strip() for line in inner.lines))
            line = "".join(cells)
            if line.strip():
                self.lines.append(line)


def _read_part(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    if name not in archive.namelist():
        return None
    return etree.fromstring(archive.read(name), _PARSER)


def docx_text(archive: zipfile.ZipFile) -> DocxText:
    """The text of an already checked .docx archive, numbering rendered and tracked changes accepted."""
    document = _read_part(archive, "word/document.xml")
    if document is None:
        raise KeyError("word/document.xml")
    body = document.find(_w("body"))
    if body is None:
        raise ValueError("word/document.xml has no body")
    numbering = _Numbering(_read_part(archive, "word/numbering.xml"))
    reader = _Reader(numbering, _Styles(_read_part(archive, "word/styles.xml")))
    reader.count_changes(body)
    reader.block(body)
    if reader.pending:
        reader.lines.append(reader.pending)
    return DocxText(text="\n".join(reader.lines), insertions=reader.insertions, deletions=reader.deletions)
