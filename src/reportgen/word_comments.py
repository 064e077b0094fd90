"""Word comments written with lxml: the ``/word/comments.xml`` part, the ``w:comment`` elements, and the range
marks and reference that anchor each one in the document body.

The draft (its review list) and ``reportgen redline`` (changed figures, recurring shortcomings, plans) both
comment their documents through this module. python-docx's own ``Document.add_comment`` walks the comments
and the runs with XPath on every call (about 45 ms for a draft's 61 comments); here each comment is a few
``lxml`` calls. Only python-docx's public package API is used, to find or add the comments part.

What a comment looks like is what Word writes, and what python-docx wrote before: the comment's first
paragraph starts with the ``w:annotationRef`` run (style ``CommentReference``) and every paragraph has the
``CommentText`` style; in the body, ``w:commentRangeStart`` and ``w:commentRangeEnd`` enclose the commented
text and a run holding ``w:commentReference`` follows the end.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.part import XmlPart
from docx.parts.comments import CommentsPart
from lxml import etree

from reportgen.wordml import XML_SPACE, w

_ID = w("id")
_VAL = w("val")
_T = w("t")
_RUN_TEXT = {w("tab"): "\t", w("ptab"): "\t", w("cr"): "\n", w("noBreakHyphen"): "-"}


def run_text(run: Any) -> str:
    """The text of a ``w:r`` element, as python-docx's ``Run.text`` reads it (tabs, breaks, hyphens included)."""
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == w("br"):
            if child.get(w("type"), "textWrapping") == "textWrapping":
                parts.append("\n")
        elif tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[tag])
    return "".join(parts)


@dataclass(frozen=True)
class CommentMarks:
    """A new comment's ``w:commentRangeStart``, ``w:commentRangeEnd`` and reference run, not yet placed."""

    start: Any
    end: Any
    reference: Any


class WordComments:
    """Adds comments to one python-docx ``Document``, creating its comments part on first need.

    Every comment has ``author`` and ``initials`` and is dated ``when`` (now, by default), in UTC to the
    second. ``size_half_points``, when given, sets the size of the comment's text (21 is 五号, 10.5 pt).
    """

    def __init__(
        self,
        document: Document,
        *,
        author: str,
        initials: str,
        when: datetime.datetime | None = None,
        size_half_points: int | None = None,
    ) -> None:
        self.document = document
        self.author = author
        self.initials = initials
        moment = when if when is not None else datetime.datetime.now(datetime.UTC)
        self.date = moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.size_half_points = size_half_points
        self.count = 0
        self._root: Any = None
        self._next_id = 0

    def _comments_root(self) -> Any:
        """The ``w:comments`` element of the document's comments part, the part added if there is none."""
        if self._root is None:
            part = self.document.part
            try:
                comments_part = part.part_related_by(RELATIONSHIP_TYPE.COMMENTS)
            except KeyError:
                comments_part = CommentsPart.default(part.package)
                part.relate_to(comments_part, RELATIONSHIP_TYPE.COMMENTS)
            if not isinstance(comments_part, XmlPart):
                raise TypeError(f"the document's comments part {comments_part.partname} is not XML")
            self._root = comments_part.element
            ids = [int(c.get(_ID)) for c in self._root.iterchildren(w("comment")) if (c.get(_ID) or "").isdigit()]
            self._next_id = max(ids, default=-1) + 1
        return self._root

    def new(self, paragraphs: str | Sequence[str]) -> CommentMarks:
        """A new comment holding ``paragraphs`` (one string: one paragraph); its marks are for the caller to place.

        Within a paragraph, tabs and line breaks become ``w:tab`` and ``w:br``, as python-docx writes them.
        """
        root = self._comments_root()
        cid = str(self._next_id)
        self._next_id += 1
        self.count += 1
        comment = _sub(root, "comment", {_ID: cid, w("author"): self.author, w("initials"): self.initials})
        comment.set(w("date"), self.date)
        texts = [paragraphs] if isinstance(paragraphs, str) else list(paragraphs) or [""]
        for k, text in enumerate(texts):
            para = _sub(comment, "p")
            _sub(_sub(para, "pPr"), "pStyle", {_VAL: "CommentText"})
            if k == 0:
                mark = _sub(para, "r")
                _sub(_sub(mark, "rPr"), "rStyle", {_VAL: "CommentReference"})
                _sub(mark, "annotationRef")
            if text or k == 0:  # as python-docx: the first paragraph always gets its (maybe empty) text run
                run = _sub(para, "r")
                if self.size_half_points is not None:
                    _sub(_sub(run, "rPr"), "sz", {_VAL: str(self.size_half_points)})
                _append_text(run, text)
        # The body's elements come from the document's own parser, so python-docx reads them back as its types.
        body = self.document.element
        start = body.makeelement(w("commentRangeStart"), {_ID: cid})
        end = body.makeelement(w("commentRangeEnd"), {_ID: cid})
        reference = body.makeelement(w("r"), {})
        _sub(_sub(reference, "rPr"), "rStyle", {_VAL: "CommentReference"})
        _sub(reference, "commentReference", {_ID: cid})
        return CommentMarks(start, end, reference)

    def around(self, paragraphs: str | Sequence[str], first: Any, last: Any) -> CommentMarks:
        """A comment on ``first`` … ``last`` (runs, or other siblings in a paragraph, in document order):
        the range starts just before ``first``; its end and the reference run follow ``last``."""
        marks = self.new(paragraphs)
        first.addprevious(marks.start)
        last.addnext(marks.reference)
        last.addnext(marks.end)
        return marks


def _sub(parent: Any, tag: str, attrib: dict[str, str] | None = None) -> Any:
    # SubElement makes the child in the parent's document, so python-docx's element classes still apply.
    return etree.SubElement(parent, w(tag), attrib)


def _append_text(run: Any, text: str) -> None:
    """``text`` as the content of ``run``: ``w:t`` pieces, with ``w:tab`` for tabs and ``w:br`` for line breaks."""
    start = 0
    for k, char in enumerate(text):
        if char in "\t\r\n":
            _add_t(run, text[start:k])
            _sub(run, "tab" if char == "\t" else "br")
            start = k + 1
    _add_t(run, text[start:])


def _add_t(run: Any, text: str) -> None:
    if text:
        t = _sub(run, "t")
        t.text = text
        if len(text.strip()) < len(text):
            t.set(XML_SPACE, "preserve")
