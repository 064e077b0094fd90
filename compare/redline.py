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

``accept_all`` and ``reject_all`` give the paragraph texts a word processor shows after accepting or rejecting
every change; the tests hold them to the new and the old report's layout.
"""

from __future__ import annotations

import copy
import datetime
import io
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from reportgen.compare import present as p
from reportgen.compare.align import Key
from reportgen.compare.diff import diff_reports, open_refs
from reportgen.compare.model import Diff, FigureChange, PlanCheck, ShortcomingChange
from reportgen.compare.report_text import Line, report_lines
from reportgen.compare.similarity import assign, overlap
from reportgen.compare.textdiff import diff_text

from reportgen.errors import UsageError
from reportgen.i18n import _, ngettext
from reportgen.model import Figure, Report
from reportgen.outputs import claim_and_write
from reportgen.style import mark, resolved

if TYPE_CHECKING:
    from docx.document import Document

AUTHOR = "reportgen"
INITIALS = "RG"
LINE_MATCH = 0.40
"""Dice from which two lines are the same paragraph, edited (sections of one report score at most 0.20)."""
ALIGNED_MATCH = 0.20
"""Dice enough for two lines whose sections ``diff`` aligned (a renamed part heading)."""
ALIGNED_BONUS = 0.25
COMMENT_SIZE_HALF_POINTS = 21  # 五号 (10.5 pt)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Lines of one group may pair with each other; every other group holds one kind.
_GROUP = {
    "preamble": "body",
    "part": "body",
    "part_intro": "body",
    "section": "body",
    "plan": "plan",
}
_FORCED = ("title", "addressee", "shortcomings_heading", "shortcomings", "plans_heading", "plans_intro")
_FORCED_LAST = ("signature", "date")
_TRACKED = frozenset(f"{{{_W}}}{tag}" for tag in ("ins", "del", "moveFrom", "moveTo"))

Mode = Literal["same", "edit", "move_to", "move_from", "delete", "insert"]
SegKind = Literal["equal", "ins", "del"]


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _element(tag: str) -> Any:
    """A new ``w:tag`` element (python-docx's element classes, so that python-docx can read it back)."""
    from docx.oxml import OxmlElement

    return OxmlElement(f"w:{tag}")


def _child(parent: Any, tag: str) -> Any:
    child = _element(tag)
    parent.append(child)
    return child


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

    def to_bytes(self) -> bytes:
        """The document as DOCX bytes."""
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


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
    tags = {_w("t"), _w("delText")} if deleted else {_w("t")}
    return "".join(el.text or "" for el in paragraph.iter() if el.tag in tags)


def _units(document: Document, lines: list[Line]) -> list[_Unit]:
    body = document.element.body
    units: list[_Unit] = []
    pending: list[Any] = []
    remaining = iter(lines)
    for para in body.iterchildren(_w("p")):
        text = paragraph_text(para)
        if not text.strip():
            pending.append(para)
            continue
        line = next(remaining)
        if text != line.text:
            raise AssertionError(f"layout paragraph {text[:20]!r} is not line {line.text[:20]!r}")
        units.append(_Unit(line, [*pending, para]))
        pending = []
    if pending or next(remaining, None) is not None:
        raise AssertionError("the layout's paragraphs do not follow the report's lines")
    return units


def _run_spans(para: Any) -> list[tuple[int, int, Any]]:
    """(start, end, w:rPr) of every text run of a layout paragraph."""
    spans: list[tuple[int, int, Any]] = []
    pos = 0
    for run in para.iterchildren(_w("r")):
        text = "".join(t.text or "" for t in run.iterchildren(_w("t")))
        if text:
            spans.append((pos, pos + len(text), run.find(_w("rPr"))))
            pos += len(text)
    return spans


# --- pairing lines ------------------------------------------------------------------------------------------------


def _unit_key(line: Line) -> Key | None:
    if line.kind == "section" and line.part is not None:
        return (line.part, line.section)
    if line.kind in ("part", "part_intro") and line.part is not None:
        return (line.part, None)
    return None


def _position(line: Line) -> int:
    """The line's place in its unit: a part heading is 0 and its intro lines follow; a section counts from 0."""
    return line.index + 1 if line.kind == "part_intro" else line.index


def _aligned_keys(diff: Diff) -> set[tuple[Key, Key]]:
    return {
        (c.old.key, c.new.key)
        for c in diff.sections
        if c.old is not None and c.new is not None and c.relation is None and not c.heading_only
    }


def _pair_lines(old: list[_Unit], new: list[_Unit], diff: Diff) -> dict[int, int]:
    """new index → old index of every pair of lines that are one paragraph, edited or not."""
    if not old or not new:
        return {}
    dice = overlap([u.text for u in old], [u.text for u in new]).dice
    aligned = _aligned_keys(diff)
    weights = np.zeros_like(dice)
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            ka, kb = a.line.kind, b.line.kind
            if ka in _FORCED + _FORCED_LAST or kb in _FORCED + _FORCED_LAST:
                if ka == kb and a.line.index == b.line.index == 0:
                    weights[i, j] = 2.0 + dice[i, j]
                elif ka == kb and ka in ("shortcomings", "plans_intro") and dice[i, j] >= LINE_MATCH:
                    weights[i, j] = dice[i, j]
                continue
            if _GROUP.get(ka, ka) != _GROUP.get(kb, kb):
                continue
            keys = (_unit_key(a.line), _unit_key(b.line))
            bonus = (
                keys[0] is not None
                and keys[1] is not None
                and (keys[0], keys[1]) in aligned
                and _position(a.line) == _position(b.line)
            )
            if dice[i, j] >= LINE_MATCH or (bonus and dice[i, j] >= ALIGNED_MATCH):
                weights[i, j] = dice[i, j] + (ALIGNED_BONUS if bonus else 0.0)
    return {j: i for i, j in assign(weights)}


def _stable(pairs: dict[int, int]) -> set[int]:
    """The new indices of the pairs that keep their order: a longest increasing subsequence of old indices."""
    order = sorted(pairs)
    olds = [pairs[j] for j in order]
    tails: list[int] = []  # index into order of the smallest tail of each length
    back: list[int] = [-1] * len(order)
    for k, value in enumerate(olds):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if olds[tails[mid]] < value:
                lo = mid + 1
            else:
                hi = mid
        back[k] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(k)
        else:
            tails[lo] = k
    keep: set[int] = set()
    k = tails[-1] if tails else -1
    while k != -1:
        keep.add(order[k])
        k = back[k]
    return keep


# --- the sequence of output paragraphs ------------------------------------------------------------------------


@dataclass
class _Step:
    """One unit of the output: which old and new unit it shows, and how."""

    mode: Mode
    old: _Unit | None
    new: _Unit | None
    move: int | None = None
    new_index: int | None = None
    old_index: int | None = None


def _sequence(old: list[_Unit], new: list[_Unit], pairs: dict[int, int]) -> list[_Step]:
    stable = _stable(pairs)
    paired_old = {i: j for j, i in pairs.items()}
    moved_new = sorted(j for j in pairs if j not in stable)
    # Consecutive moved pairs (consecutive in both reports) are one move.
    move_of: dict[int, int] = {}
    number = 0
    previous: int | None = None
    for j in moved_new:
        if previous is None or j != previous + 1 or pairs[j] != pairs[previous] + 1:
            number += 1
        move_of[j] = number
        previous = j

    steps: list[_Step] = []
    stable_old = sorted(pairs[j] for j in stable)

    def flush(start: int, stop: int) -> None:
        for i in range(start, stop):
            j = paired_old.get(i)
            if j is None:
                steps.append(_Step("delete", old[i], None, old_index=i))
            else:
                steps.append(_Step("move_from", old[i], None, move_of[j], new_index=j, old_index=i))

    flush(0, stable_old[0] if stable_old else len(old))
    for j, unit in enumerate(new):
        i = pairs.get(j)
        if i is None:
            steps.append(_Step("insert", None, unit, new_index=j))
        elif j in stable:
            mode: Mode = "same" if old[i].text == unit.text else "edit"
            steps.append(_Step(mode, old[i], unit, new_index=j, old_index=i))
            later = [k for k in stable_old if k > i]
            flush(i + 1, later[0] if later else len(old))
        else:
            steps.append(_Step("move_to", old[i], unit, move_of[j], new_index=j, old_index=i))
    return steps


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
        element.set(_w("id"), self._id())
        element.set(_w("author"), AUTHOR)
        element.set(_w("date"), self.date)
        for key, value in extra.items():
            element.set(_w(key), value)
        return element

    def run(self, text: str, rpr: Any, *, deleted: bool) -> Any:
        run = _element("r")
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        t = _child(run, "delText" if deleted else "t")
        t.text = text
        t.set(_XML_SPACE, "preserve")
        return run

    def paragraph_like(self, source: Any) -> Any:
        para = _element("p")
        ppr = source.find(_w("pPr"))
        if ppr is not None:
            para.append(copy.deepcopy(ppr))
        return para

    def mark_paragraph(self, para: Any, tag: str) -> None:
        """Track the paragraph mark itself (inserted, deleted, moved from or to)."""
        ppr = para.find(_w("pPr"))
        if ppr is None:
            ppr = _element("pPr")
            para.insert(0, ppr)
        rpr = ppr.find(_w("rPr"))
        if rpr is None:
            rpr = _element("rPr")
            successors = [ppr.find(_w(t)) for t in ("sectPr", "pPrChange")]
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


# --- comments -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Anchor:
    """A comment on a stretch of one new line (``start``/``end`` None: the whole paragraph)."""

    text: str
    start: int | None = None
    end: int | None = None


def _sides(diff: Diff) -> tuple[str, str]:
    """How comments name the two reports: 甲/乙 for two organisations, the years, else 旧报告/新报告."""
    if diff.peer:
        return "甲", "乙"
    if diff.old.year is not None and diff.new.year is not None and diff.old.year != diff.new.year:
        return f"{diff.old.year}年", f"{diff.new.year}年"
    return "旧报告", "新报告"


def _locate(figure: Figure, lines: list[Line]) -> tuple[int, int, int] | None:
    """(line index, start, end) of the figure as written in the report's lines."""
    here = [
        k
        for k, line in enumerate(lines)
        if (line.part, line.section) == (figure.part, figure.section)
        or (figure.part is None and line.kind == "preamble")
        or (figure.section is None and line.kind == "part_intro" and line.part == figure.part)
    ]
    order = here + [k for k in range(len(lines)) if k not in here]
    if figure.text and figure.raw:
        for k in order:
            at = lines[k].text.find(figure.text)
            inner = figure.text.find(figure.raw)
            if at != -1 and inner != -1:
                return k, at + inner, at + inner + len(figure.raw)
    if figure.raw:
        hits = [(k, lines[k].text.find(figure.raw)) for k in here if figure.raw in lines[k].text]
        if len(hits) == 1 and lines[hits[0][0]].text.count(figure.raw) == 1:
            k, at = hits[0]
            return k, at, at + len(figure.raw)
    return None


def _figure_comment(change: FigureChange, diff: Diff) -> str:
    assert change.old is not None and change.new is not None
    old_side, new_side = _sides(diff)
    if diff.peer:
        text = f"数据对照：{p.figure_pair(change, p.PEERS)}"
    else:
        values = f"{old_side} {p.written(change.old)} → {new_side} {p.written(change.new)}"
        text = f"数据变化：{values}，{p.delta_text(change)}"
    notes = p.figure_notes(change)
    return "；".join([text, *notes])


def _item_label(report: Report, kind: str, number: int) -> str:
    """An item's number as ``report`` writes it (一是, （一）, 1.), so that comments and text agree."""
    style = resolved(report.style, report.outline)
    return mark(number, (style.shortcomings if kind == "shortcomings" else style.plans).marker or "{cn}是")


def _shortcoming_comment(change: ShortcomingChange, diff: Diff, old: Report) -> str:
    assert change.old is not None
    old_side, _ = _sides(diff)
    report = f"{old_side}报告" if old_side.endswith("年") else old_side
    source = f"{report}{_item_label(old, 'shortcomings', change.old.number)}“{p.headline(change.old.text)}”"
    similar = f"相似度 {change.similarity:.2f}"
    if change.streak and change.streak > 1:
        return f"连续{change.streak}年出现的问题（{source}，{similar}）"
    if diff.peer:
        return f"甲、乙都提到的问题（{source}，{similar}）"
    return f"{report}中已有的问题（{source}，{similar}）"


def _plan_comment(check: PlanCheck, diff: Diff, old: Report) -> str:
    old_side, _ = _sides(diff)
    head = f"{old_side}计划{_item_label(old, 'plans', check.number)}"
    missing = "；".join(check.missing)
    if check.status == "not_found":
        return f"{head}未见落实：本年报告中未找到 {missing}"
    found = "；".join(e.term for e in check.evidence)
    return f"{head}部分落实：已见 {found}；未找到 {missing}"


def _heading_of(text: str) -> str:
    """A line's heading for a comment: up to its first full stop when that is short, else its first words."""
    stop = text.find("。")
    return text[:stop] if 0 < stop <= 30 else _headline(text)


def _new_anchors(diff: Diff, lines: list[Line], old: Report, new: Report) -> dict[int, list[_Anchor]]:
    anchors: dict[int, list[_Anchor]] = {}
    if not diff.peer:
        for c in diff.sections:
            if c.old is None or c.new is None or not c.title_changed or c.relation is not None or c.heading_only:
                continue
            for k, line in enumerate(lines):
                kind = "part" if c.new.section is None else "section"
                if line.kind == kind and (line.part, line.section) == c.new.key and line.index == 0:
                    stop = line.text.find("。") if kind == "section" else -1
                    note = f"标题改动：原为“{c.old.title}”"
                    anchors.setdefault(k, []).append(_Anchor(note, 0, stop if stop > 0 else len(line.text)))
                    break
    for change in diff.figures:
        if change.status != "changed" or change.new is None or change.old is None:
            continue
        where = _locate(change.new, lines)
        if where is not None:
            k, start, end = where
            anchors.setdefault(k, []).append(_Anchor(_figure_comment(change, diff), start, end))
    for sc in diff.shortcomings:
        if sc.status != "recurring" or sc.new is None:
            continue
        label = _item_label(new, "shortcomings", sc.new.number)
        needle = f"{label}{sc.new.text}"
        for k, line in enumerate(lines):
            if line.kind != "shortcomings":
                continue
            at = line.text.find(needle)
            if at != -1:
                anchors.setdefault(k, []).append(_Anchor(_shortcoming_comment(sc, diff, old), at, at + len(needle)))
                break
            head = f"{label}{sc.new.text.split(chr(10))[0]}"
            at = line.text.find(head)
            if at != -1:
                anchors.setdefault(k, []).append(_Anchor(_shortcoming_comment(sc, diff, old), at, at + len(head)))
                break
    return anchors


def _old_anchors(diff: Diff, lines: list[Line], old: Report) -> dict[int, list[_Anchor]]:
    anchors: dict[int, list[_Anchor]] = {}
    for check in diff.plans:
        if check.status == "followed":
            continue
        for k, line in enumerate(lines):
            if line.kind == "plan" and line.item == check.number and line.index == 0:
                anchors.setdefault(k, []).append(_Anchor(_plan_comment(check, diff, old)))
    return anchors


class _Comments:
    def __init__(self, document: Document, when: datetime.datetime) -> None:
        self.document = document
        self.when = when.astimezone(datetime.UTC).replace(microsecond=0)
        self.count = 0

    def _new(self, text: str) -> tuple[Any, Any, Any]:
        """A new comment with ``text``: its range start, range end and reference run (not yet placed)."""
        from docx.shared import Pt

        comment = self.document.comments.add_comment(text="", author=AUTHOR, initials=INITIALS)
        comment._comment_elm.date = self.when
        run = comment.paragraphs[0].add_run(text)
        run.font.size = Pt(COMMENT_SIZE_HALF_POINTS / 2)
        cid = str(comment.comment_id)
        start = _element("commentRangeStart")
        start.set(_w("id"), cid)
        end = _element("commentRangeEnd")
        end.set(_w("id"), cid)
        reference = _element("r")
        rpr = _child(reference, "rPr")
        _child(rpr, "rStyle").set(_w("val"), "CommentReference")
        _child(reference, "commentReference").set(_w("id"), cid)
        self.count += 1
        return start, end, reference

    def add(self, text: str, first: Any, last: Any) -> None:
        """A comment on ``first`` … ``last`` (paragraph-level elements, in document order).

        Where these are tracked changes, the range marks and the reference go inside them: an untracked
        reference after a tracked paragraph's last change would keep LibreOffice from tracking its mark.
        """
        start, end, reference = self._new(text)
        if first.tag in _TRACKED:
            first.insert(0, start)
        else:
            first.addprevious(start)
        if last.tag in _TRACKED:
            last.append(end)
            last.append(reference)
        else:
            last.addnext(end)
            end.addnext(reference)

    def add_point(self, text: str, para: Any, before: Any | None) -> None:
        """A comment on the point of ``para`` just before ``before`` (its end when None)."""
        start, end, reference = self._new(text)
        content = _content(para)
        for k, element in enumerate((start, end, reference)):
            if before is not None and before.tag in _TRACKED:
                before.insert(k, element)
            elif before is not None:
                before.addprevious(element)
            elif content and content[-1].tag in _TRACKED:
                content[-1].append(element)
            else:
                para.append(element)


def _content(para: Any) -> list[Any]:
    """The paragraph's children that hold text (not its properties or range marks)."""
    skip = {_w("pPr"), _w("moveFromRangeStart"), _w("moveFromRangeEnd"), _w("moveToRangeStart"), _w("moveToRangeEnd")}
    return [child for child in para if child.tag not in skip]


def _anchor_span(built: _Built, anchor: _Anchor) -> tuple[Any, Any] | None:
    if anchor.start is None or anchor.end is None:
        content = _content(built.para)
        return (content[0], content[-1]) if content else None
    inside = [el for a, b, el in built.new_pieces if a >= anchor.start and b <= anchor.end]
    return (inside[0], inside[-1]) if inside else None


# --- the document --------------------------------------------------------------------------------------------------


def _move_name(number: int) -> str:
    return f"reportgen-move-{number}"


def _headline(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def redline_document(
    old: Report, new: Report, diff: Diff | None = None, *, when: datetime.datetime | None = None
) -> Redline:
    """The new report laid out as GB/T 9704, with every change since ``old`` as a tracked change."""
    from reportgen.word_layout import build_document  # python-docx and lxml load only here

    when = when or datetime.datetime.now(datetime.UTC)
    diff = diff or diff_reports(old, new)
    old_lines = report_lines(old)
    new_lines = report_lines(new)
    old_text = "".join(line.text + "\n" for line in old_lines)
    new_text = "".join(line.text + "\n" for line in new_lines)
    old_doc = build_document(old_text)
    document = build_document(new_text)
    old_units = _units(old_doc, old_lines)
    new_units = _units(document, new_lines)
    pairs = _pair_lines(old_units, new_units, diff)
    steps = _sequence(old_units, new_units, pairs)

    new_anchors = _new_anchors(diff, new_lines, old, new)
    old_anchors = _old_anchors(diff, old_lines, old)
    builder = _Builder(when)
    comments = _Comments(document, when)
    body = document.element.body
    sect = body.find(_w("sectPr"))
    for para in list(body.iterchildren(_w("p"))):
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
                replaced = before is not None and before.tag == _w("ins")
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
        end_id = start.get(_w("id"))
        end = _element(f"{kind}RangeEnd")
        end.set(_w("id"), end_id)
        first = paras[0]
        ppr = first.find(_w("pPr"))
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
    return Redline(document, summary, old_text, new_text, diff)


def default_path(old_ref: str, new_ref: str, old: Report, new: Report, base: Path | None = None) -> Path:
    """output/redline-2023-2024.docx under ``base``: the reports' years, else the names of the files they came from."""
    a = str(old.year) if old.year is not None else Path(old_ref).stem
    b = str(new.year) if new.year is not None else Path(new_ref).stem
    if a == b:
        a, b = Path(old_ref).stem, Path(new_ref).stem
    return (base or Path()) / "output" / f"redline-{a}-{b}.docx"


def write_redline(
    old_ref: str,
    new_ref: str,
    history: Path,
    out: Path | None = None,
    *,
    when: datetime.datetime | None = None,
    base: Path | None = None,
    force: bool = False,
) -> tuple[Redline, Path]:
    """Compare the two reports named as the user typed them and write the tracked-changes DOCX.

    ``out`` defaults to ``default_path``. Returns the redline and where it was written.
    """
    if out is not None and out.suffix.lower() != ".docx":
        raise UsageError(_("--out must be a .docx file, not {name}").format(name=out.name))
    old, new, earlier = open_refs(old_ref, new_ref, history)
    diff = diff_reports(old, new, history_reports=earlier)
    redline = redline_document(old, new, diff, when=when)
    target = out if out is not None else default_path(old_ref, new_ref, old, new, base)
    claim_and_write(target, redline.to_bytes(), force=force)
    return redline, target


# --- accepting and rejecting every change ---------------------------------------------------------------------


def _resolve(body: Any, drop: tuple[str, ...], keep: tuple[str, ...]) -> list[str]:
    """Paragraph texts after dropping every ``drop`` change (with its content) and keeping every ``keep`` one.

    A paragraph whose mark is dropped joins the next paragraph, as in a word processor.
    """
    body = copy.deepcopy(body)
    drop_tags = {_w(t) for t in drop}
    keep_tags = {_w(t) for t in keep}
    for el in [e for e in body.iter() if e.tag in drop_tags]:
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag == _w("rPr") and parent.getparent() is not None and parent.getparent().tag == _w("pPr"):
            continue  # a paragraph mark: handled below
        parent.remove(el)
    for el in [e for e in body.iter() if e.tag in keep_tags]:
        parent = el.getparent()
        if parent is None or parent.tag == _w("rPr"):
            continue
        index = parent.index(el)
        for child in list(el):
            parent.insert(index, child)
            index += 1
        parent.remove(el)
    texts: list[str] = []
    carry = ""
    for para in body.iterchildren(_w("p")):
        mark = para.find(f"{_w('pPr')}/{_w('rPr')}")
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


def layout_texts(text: str) -> list[str]:
    """The paragraph texts of the GB/T 9704 layout of ``text`` (blank lines included)."""
    from reportgen.word_layout import build_document

    return [paragraph_text(para) for para in build_document(text).element.body.iterchildren(_w("p"))]
