"""Word's markup for ``reportgen redline``: the layout's paragraphs read back, tracked changes accepted or
rejected, and the helpers that make ``w:`` elements."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from docx.oxml import OxmlElement

from reportgen.report_text import Line
from reportgen.wordml import w

if TYPE_CHECKING:
    from docx.document import Document

    from reportgen.word_layout import Layout


AUTHOR = "reportgen"
INITIALS = "RG"

_TRACKED = frozenset(w(tag) for tag in ("ins", "del", "moveFrom", "moveTo"))

Mode = Literal["same", "edit", "move_to", "move_from", "delete", "insert"]
SegKind = Literal["equal", "ins", "del"]


def _element(tag: str) -> Any:
    """A new ``w:tag`` element (python-docx's element classes, so that python-docx can read it back)."""
    return OxmlElement(f"w:{tag}")


def _child(parent: Any, tag: str) -> Any:
    child = _element(tag)
    parent.append(child)
    return child


# --- reading the layout ------------------------------------------------------------------------------------------


@dataclass
class _Unit:
    """One line of the report and its paragraphs in the layout: blank lines the layout put before it, then it."""

    line: Line
    paras: list[Any]

    @property
    def para(self) -> Any:
        return self.paras[-1]

    @property
    def blanks(self) -> list[Any]:
        return self.paras[:-1]

    @property
    def text(self) -> str:
        return self.line.text


def paragraph_text(paragraph: Any, *, deleted: bool = True) -> str:
    """The text of a ``w:p`` element: its ``w:t`` (and, with ``deleted``, ``w:delText``) in document order."""
    tags = {w("t"), w("delText")} if deleted else {w("t")}
    return "".join(el.text or "" for el in paragraph.iter() if el.tag in tags)


def _units(layout: Layout, lines: list[Line]) -> list[_Unit]:
    """Each line with the paragraphs the layout made of it (``Layout.paragraphs`` is one list per line)."""
    return [_Unit(line, paras) for line, paras in zip(lines, layout.paragraphs, strict=True)]


def _run_spans(para: Any) -> list[tuple[int, int, Any]]:
    """(start, end, w:rPr) of every text run of a layout paragraph."""
    spans: list[tuple[int, int, Any]] = []
    pos = 0
    for run in para.iterchildren(w("r")):
        text = "".join(t.text or "" for t in run.iterchildren(w("t")))
        if text:
            spans.append((pos, pos + len(text), run.find(w("rPr"))))
            pos += len(text)
    return spans


# --- accepting and rejecting every change ---------------------------------------------------------------------


def _resolve(body: Any, drop: tuple[str, ...], keep: tuple[str, ...]) -> list[str]:
    """Paragraph texts after dropping every ``drop`` change (with its content) and keeping every ``keep`` one.

    A paragraph whose mark is dropped joins the next paragraph, as in a word processor.
    """
    body = copy.deepcopy(body)
    drop_tags = {w(t) for t in drop}
    keep_tags = {w(t) for t in keep}
    for el in [e for e in body.iter() if e.tag in drop_tags]:
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag == w("rPr") and parent.getparent() is not None and parent.getparent().tag == w("pPr"):
            continue  # a paragraph mark: handled below
        parent.remove(el)
    for el in [e for e in body.iter() if e.tag in keep_tags]:
        parent = el.getparent()
        if parent is None or parent.tag == w("rPr"):
            continue
        index = parent.index(el)
        for child in list(el):
            parent.insert(index, child)
            index += 1
        parent.remove(el)
    texts: list[str] = []
    carry = ""
    for para in body.iterchildren(w("p")):
        mark = para.find(f"{w('pPr')}/{w('rPr')}")
        text = carry + paragraph_text(para)
        if mark is not None and any(child.tag in drop_tags for child in mark):
            carry = text
            continue
        carry = ""
        texts.append(text)
    if carry:
        texts.append(carry)
    return texts


def accept_all(document: Document) -> list[str]:
    """The paragraph texts once every change is accepted."""
    return _resolve(document.element.body, ("del", "moveFrom"), ("ins", "moveTo"))


def reject_all(document: Document) -> list[str]:
    """The paragraph texts once every change is rejected."""
    return _resolve(document.element.body, ("ins", "moveTo"), ("del", "moveFrom"))
