"""Tracked changes in Word's own markup over the new report's GB/T 9704 layout: ``reportgen redline``.

Both reports are written as plain report text (``report_text``) and laid out by ``reportgen.word_layout``; the
paragraphs of the new layout are then rewritten so that Word, WPS and LibreOffice show what changed since the old
one, as tracked changes by the author ``reportgen``:

1. Lines are paired by content: bigram Dice (``similarity``) of every old line against every new line of the same
   kind of text, with a bonus where ``diff`` aligned their sections, and an optimal one-to-one assignment. The
   title, addressee, shortcomings paragraph, plans opening, signature and date always pair with their counterpart.
2. Pairs in the longest run that keeps its order (longest increasing subsequence) stay in place; the other pairs
   moved. A moved block is one named move: ``w:moveFrom`` at its old place, ``w:moveTo`` at its new place.
3. Inside every pair the word-aware diff (``textdiff``: a number with its unit, a 《》 title and a “” name are
   never split) gives local ``w:del``/``w:ins`` runs. Inside a move the new words are ``w:ins`` runs within the
   ``w:moveTo`` text; the words it lost stay visible struck through in the ``w:moveFrom`` at the old place, and a
   comment names them at the new place (LibreOffice 7 reads a ``w:del`` nested in a ``w:moveTo`` as live text,
   which would break rejecting). Unpaired old lines are deleted paragraphs, unpaired new lines inserted ones; the
   paragraph mark is tracked too, so accepting or rejecting every change leaves no empty paragraph behind.
4. Comments (``w:comment``) sit on every changed figure (the other value, the change and the percentage), every
   shortcoming reported again (how many years in a row), every plan item of last year not (fully) followed up,
   every move and every renamed part or section. A comment on tracked text keeps its range marks and reference
   inside the tracked run container, so it goes and comes with that text.

Punctuation width never counts: both texts are normalised when read (``reportgen.normalize``). Runs keep the
layout's formatting: every run copies the ``w:rPr`` of the layout run it was cut from (the old layout's for
deleted text).

This module puts the document together; the steps live beside it: ``redline_pairing`` (1 and 2), ``redline_runs``
(3), ``redline_comments`` (4, with all the Chinese wording) and ``redline_xml`` (Word's markup, read and written).

``redline_xml.accept_all`` and ``reject_all`` give the paragraph texts a word processor shows after accepting or
rejecting every change; the tests hold them to the new and the old report's layout.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.compare.diff import Diff, diff_reports, open_refs
from reportgen.compare.redline.comments import (
    _Anchor,
    _anchor_span,
    _Comments,
    _content,
    _heading_of,
    _headline,
    _new_anchors,
    _old_anchors,
)
from reportgen.compare.redline.pairing import _pair_lines, _sequence
from reportgen.compare.redline.runs import _blank, _Builder, _Built, _edited, _whole
from reportgen.compare.redline.word_xml import AUTHOR as AUTHOR  # the public names of redline before the split
from reportgen.compare.redline.word_xml import _element, _Unit, _units, paragraph_text
from reportgen.compare.redline.word_xml import accept_all as accept_all
from reportgen.compare.redline.word_xml import reject_all as reject_all

from reportgen.i18n import _, ngettext
from reportgen.model import Report
from reportgen.report_text import Line, report_lines
from reportgen.word_layout import build_document, lay_out
from reportgen.wordml import w

if TYPE_CHECKING:
    from docx.document import Document


# --- the result ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RedlineSummary:
    """What the redline holds: tracked changes by kind, and comments."""

    insertions: int
    deletions: int
    moves: int
    comments: int
    paragraphs_inserted: int
    paragraphs_deleted: int

    @property
    def changes(self) -> int:
        """Insertions and deletions (a replacement counts twice), and moves."""
        return self.insertions + self.deletions + self.moves

    def line(self) -> str:
        """29 insertions, 22 deletions, 1 move, 10 comments"""

        return _(", ").join(
            (
                ngettext("{count} insertion", "{count} insertions", self.insertions).format(count=self.insertions),
                ngettext("{count} deletion", "{count} deletions", self.deletions).format(count=self.deletions),
                ngettext("{count} move", "{count} moves", self.moves).format(count=self.moves),
                ngettext("{count} comment", "{count} comments", self.comments).format(count=self.comments),
            )
        )


@dataclass(frozen=True)
class Redline:
    """The tracked-changes document, its summary, and the texts it was made from."""

    document: Document
    summary: RedlineSummary
    old_text: str
    new_text: str
    diff: Diff
    old_lines: list[Line] = field(default_factory=list)
    new_lines: list[Line] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        """The document as DOCX bytes."""
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


# --- the document --------------------------------------------------------------------------------------------------


def _move_name(number: int) -> str:
    return f"reportgen-move-{number}"


def redline_document(
    old: Report, new: Report, diff: Diff | None = None, *, when: datetime.datetime | None = None
) -> Redline:
    """The new report laid out as GB/T 9704, with every change since ``old`` as a tracked change."""
    when = when or datetime.datetime.now(datetime.UTC)
    diff = diff or diff_reports(old, new)
    old_lines = report_lines(old)
    new_lines = report_lines(new)
    old_text = "".join(line.text + "\n" for line in old_lines)
    new_text = "".join(line.text + "\n" for line in new_lines)
    new_layout = lay_out(new_lines)
    document = new_layout.document
    old_units = _units(lay_out(old_lines), old_lines)
    new_units = _units(new_layout, new_lines)
    pairs = _pair_lines(old_units, new_units, diff)
    steps = _sequence(old_units, new_units, pairs)

    new_anchors = _new_anchors(diff, new_lines, old, new)
    old_anchors = _old_anchors(diff, old_lines, old)
    builder = _Builder(when)
    comments = _Comments(document, when)
    body = document.element.body
    sect = body.find(w("sectPr"))
    for para in list(body.iterchildren(w("p"))):
        body.remove(para)

    output: list[Any] = []
    pending: list[tuple[_Anchor, _Built]] = []
    points: list[tuple[str, Any, Any | None]] = []
    move_ranges: dict[tuple[str, int], list[Any]] = {}
    move_sources: dict[int, list[_Unit]] = {}
    for step in steps:
        unit = step.new or step.old
        assert unit is not None
        # Blank lines before the unit: shared ones stay, the others go or come with it.
        if step.mode in ("same", "edit", "move_to") and step.old is not None and step.new is not None:
            shared = min(len(step.old.blanks), len(step.new.blanks))
            output += [_blank(builder, b, None) for b in step.new.blanks[:shared]]
            output += [_blank(builder, b, "del") for b in step.old.blanks[shared:]]
            output += [_blank(builder, b, "ins") for b in step.new.blanks[shared:]]
        else:
            tag = {"insert": "ins", "delete": "del", "move_from": "moveFrom"}[step.mode]
            output += [_blank(builder, b, tag) for b in unit.blanks]

        anchors: list[_Anchor] = []
        if step.new_index is not None and step.mode != "move_from":
            anchors = list(new_anchors.get(step.new_index, []))
        cuts = sorted({x for a in anchors for x in (a.start, a.end) if x is not None})
        if step.mode in ("same", "edit", "move_to"):
            built = _edited(builder, step, cuts)
        else:
            built = _whole(builder, unit, step.mode, cuts)
        if step.old_index is not None and step.mode != "move_to":
            # Comments on last year's text (plans not followed up) go where that text is shown: at its old
            # place when it was deleted or moved away, else in the paragraph it became.
            anchors += old_anchors.get(step.old_index, [])
        pending += [(anchor, built) for anchor in anchors]
        for before, words in built.removed:
            covered = any(
                el is before
                and any(a.start is not None and a.end is not None and a.start < y and x < a.end for a in anchors)
                for x, y, el in built.new_pieces
            )
            if not covered:
                replaced = before is not None and before.tag == w("ins")
                note = f"此处原为“{_headline(words, 40)}”" if replaced else f"此处删去“{_headline(words, 40)}”"
                points.append((note, built.para, before))
        if step.move is not None:
            kind = "moveTo" if step.mode == "move_to" else "moveFrom"
            move_ranges.setdefault((kind, step.move), []).append(built.para)
            if step.mode == "move_from":
                move_sources.setdefault(step.move, []).append(unit)
        output.append(built.para)

    for para in output:
        if sect is not None:
            sect.addprevious(para)
        else:
            body.append(para)

    # Named move ranges around each moved block, at its old and its new place.
    for (kind, number), paras in sorted(move_ranges.items(), key=lambda item: (item[0][1], item[0][0])):
        start = builder.track(f"{kind}RangeStart", name=_move_name(number))
        end_id = start.get(w("id"))
        end = _element(f"{kind}RangeEnd")
        end.set(w("id"), end_id)
        first = paras[0]
        ppr = first.find(w("pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            first.insert(0, start)
        paras[-1].append(end)
        if kind == "moveTo":
            sources = move_sources.get(number, [])
            what = f"“{_heading_of(sources[0].text)}”" if sources else "本段"
            count = len(paras)
            note = f"移动：{what}{f'等{count}段' if count > 1 else ''}从原位置移至此处，段内改动单独标出"
            first_content = _content(first)
            last_content = _content(paras[-1])
            if first_content and last_content:
                comments.add(note, first_content[0], last_content[-1])

    for anchor, built in pending:
        span = _anchor_span(built, anchor)
        if span is not None:
            comments.add(anchor.text, *span)
    for text, para, before in points:
        comments.add_point(text, para, before)

    summary = RedlineSummary(
        insertions=builder.counts["ins"],
        deletions=builder.counts["del"],
        moves=len({n for _, n in move_ranges}),
        comments=comments.count,
        paragraphs_inserted=builder.counts["p_ins"],
        paragraphs_deleted=builder.counts["p_del"],
    )
    return Redline(document, summary, old_text, new_text, diff, old_lines, new_lines)


def redline_refs(old_ref: str, new_ref: str, history: Path, *, when: datetime.datetime | None = None) -> Redline:
    """Compare the two reports named as the user typed them (a year in ``history`` or a report file): the redline
    of the new one against the old one, with the stored years before the old one counted for recurring shortcomings.
    """
    old, new, earlier = open_refs(old_ref, new_ref, history)
    diff = diff_reports(old, new, history_reports=earlier)
    return redline_document(old, new, diff, when=when)


def layout_texts(lines: list[Line]) -> list[str]:
    """The paragraph texts of the GB/T 9704 layout of ``lines`` (blank lines included)."""
    return [paragraph_text(para) for para in build_document(lines).element.body.iterchildren(w("p"))]
