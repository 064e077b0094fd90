"""The paragraphs of ``reportgen redline``: runs cut from the layout's and marked as inserted, deleted or moved."""

from __future__ import annotations

import copy
import datetime
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportgen.compare.redline.pairing import _Step
from reportgen.compare.redline.word_xml import AUTHOR, Mode, SegKind, _child, _element, _run_spans, _Unit
from reportgen.compare.render.textdiff import diff_text

from reportgen.wordml import XML_SPACE, w

# --- building paragraphs -----------------------------------------------------------------------------------------


@dataclass
class _Seg:
    kind: SegKind
    text: str
    rpr: Any
    start: int  # in the new text for equal/ins, in the old text for del
    end: int


class _Builder:
    """Makes the tracked-change elements, numbering revisions and counting them."""

    def __init__(self, when: datetime.datetime) -> None:
        self.date = when.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1
        self.counts = {"ins": 0, "del": 0, "move": 0, "p_ins": 0, "p_del": 0}

    def _id(self) -> str:
        value = str(self.next_id)
        self.next_id += 1
        return value

    def track(self, tag: str, **extra: str) -> Any:
        element = _element(tag)
        element.set(w("id"), self._id())
        element.set(w("author"), AUTHOR)
        element.set(w("date"), self.date)
        for key, value in extra.items():
            element.set(w(key), value)
        return element

    def run(self, text: str, rpr: Any, *, deleted: bool) -> Any:
        run = _element("r")
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        t = _child(run, "delText" if deleted else "t")
        t.text = text
        t.set(XML_SPACE, "preserve")
        return run

    def paragraph_like(self, source: Any) -> Any:
        para = _element("p")
        ppr = source.find(w("pPr"))
        if ppr is not None:
            para.append(copy.deepcopy(ppr))
        return para

    def mark_paragraph(self, para: Any, tag: str) -> None:
        """Track the paragraph mark itself (inserted, deleted, moved from or to)."""
        ppr = para.find(w("pPr"))
        if ppr is None:
            ppr = _element("pPr")
            para.insert(0, ppr)
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = _element("rPr")
            successors = [ppr.find(w(t)) for t in ("sectPr", "pPrChange")]
            anchor = next((s for s in successors if s is not None), None)
            if anchor is None:
                ppr.append(rpr)
            else:
                anchor.addprevious(rpr)
        rpr.insert(0, self.track(tag))


def _slices(
    spans: list[tuple[int, int, Any]], start: int, end: int, cuts: Sequence[int] = ()
) -> Iterator[tuple[int, int, Any]]:
    """Pieces of [start, end) cut at run boundaries and at ``cuts``, each with its run's formatting."""
    for a, b, rpr in spans:
        lo, hi = max(a, start), min(b, end)
        if lo >= hi:
            continue
        edges = sorted({lo, hi, *(c for c in cuts if lo < c < hi)})
        for x, y in itertools.pairwise(edges):
            yield x, y, rpr


def _segments(old: _Unit | None, new: _Unit | None, cuts: Sequence[int]) -> list[_Seg]:
    """The word-aware diff of a pair as pieces of runs: equal and inserted from the new layout, deleted from the old."""
    old_text = old.text if old else ""
    new_text = new.text if new else ""
    old_spans = _run_spans(old.para) if old else []
    new_spans = _run_spans(new.para) if new else []
    segs: list[_Seg] = []
    oi = nj = 0
    for op in diff_text(old_text, new_text):
        if op.tag == "equal":
            for a, b, rpr in _slices(new_spans, nj, nj + len(op.new), cuts):
                segs.append(_Seg("equal", new_text[a:b], rpr, a, b))
            oi += len(op.old)
            nj += len(op.new)
            continue
        if op.old:
            for a, b, rpr in _slices(old_spans, oi, oi + len(op.old)):
                segs.append(_Seg("del", old_text[a:b], rpr, a, b))
            oi += len(op.old)
        if op.new:
            for a, b, rpr in _slices(new_spans, nj, nj + len(op.new), cuts):
                segs.append(_Seg("ins", new_text[a:b], rpr, a, b))
            nj += len(op.new)
    return segs


@dataclass
class _Built:
    """An output paragraph, and which of its elements show which stretch of the new text."""

    para: Any
    new_pieces: list[tuple[int, int, Any]] = field(default_factory=list)
    removed: list[tuple[Any | None, str]] = field(default_factory=list)
    """Words of a moved paragraph left out at its new place: (the element they stood before, text)."""


def _whole(builder: _Builder, unit: _Unit, mode: Mode, cuts: Sequence[int] = ()) -> _Built:
    """A paragraph inserted, deleted or moved away whole (an inserted one cut at ``cuts``, for comments)."""
    para = builder.paragraph_like(unit.para)
    built = _Built(para)
    spans = _run_spans(unit.para)
    for a, b, rpr in _slices(spans, 0, len(unit.text), cuts if mode == "insert" else ()):
        text = unit.text[a:b]
        if mode == "insert":
            box = builder.track("ins")
            box.append(builder.run(text, rpr, deleted=False))
            built.new_pieces.append((a, b, box))
            builder.counts["ins"] += 1
        elif mode == "delete":
            box = builder.track("del")
            box.append(builder.run(text, rpr, deleted=True))
            builder.counts["del"] += 1
        else:
            box = builder.track("moveFrom")
            box.append(builder.run(text, rpr, deleted=False))
        para.append(box)
    tag = {"insert": "ins", "delete": "del", "move_from": "moveFrom"}[mode]
    builder.mark_paragraph(para, tag)
    if mode == "insert":
        builder.counts["p_ins"] += 1
    elif mode == "delete":
        builder.counts["p_del"] += 1
    return built


def _edited(builder: _Builder, step: _Step, cuts: Sequence[int]) -> _Built:
    """A paired paragraph with local insertions and deletions (inside a move when it moved)."""
    assert step.new is not None and step.old is not None
    para = builder.paragraph_like(step.new.para)
    built = _Built(para)
    moved = step.mode == "move_to"
    removed: list[tuple[int, str]] = []
    for seg in _segments(step.old, step.new, cuts):
        if seg.kind == "equal":
            run = builder.run(seg.text, seg.rpr, deleted=False)
            if moved:
                box = builder.track("moveTo")
                box.append(run)
                run = box
            para.append(run)
            built.new_pieces.append((seg.start, seg.end, run))
        elif seg.kind == "ins":
            box = builder.track("ins")
            box.append(builder.run(seg.text, seg.rpr, deleted=False))
            para.append(box)
            built.new_pieces.append((seg.start, seg.end, box))
            builder.counts["ins"] += 1
        elif moved:
            # The old words are shown struck through at the old place (the w:moveFrom). Repeated here inside
            # the w:moveTo they would be read as live text by LibreOffice, so a comment names them instead.
            removed.append((len(para), seg.text))
        else:
            box = builder.track("del")
            box.append(builder.run(seg.text, seg.rpr, deleted=True))
            para.append(box)
            builder.counts["del"] += 1
    if moved:
        builder.mark_paragraph(para, "moveTo")
    joined: dict[int, str] = {}
    for position, text in removed:
        joined[position] = joined.get(position, "") + text
    children = list(para)
    built.removed = [(children[k] if k < len(children) else None, text) for k, text in joined.items()]
    return built


def _blank(builder: _Builder, source: Any, tag: str | None) -> Any:
    para = copy.deepcopy(source)
    if tag is not None:
        builder.mark_paragraph(para, tag)
    return para
