"""The comments of ``reportgen redline``, in Chinese: changed figures, shortcomings reported again, plans not
followed up, moves and renamed headings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from reportgen.compare.diff import Diff
from reportgen.compare.redline.runs import _Built
from reportgen.compare.redline.word_xml import _TRACKED, AUTHOR, INITIALS
from reportgen.compare.render import present as p

from reportgen.match.changes import FigureChange, PlanCheck, ShortcomingChange
from reportgen.model import Figure, Report
from reportgen.report_text import Line
from reportgen.style import mark, resolved
from reportgen.word_comments import WordComments
from reportgen.wordml import w

COMMENT_SIZE_HALF_POINTS = 21  # 五号 (10.5 pt)


def _headline(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


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
        self.word = WordComments(
            document, author=AUTHOR, initials=INITIALS, when=when, size_half_points=COMMENT_SIZE_HALF_POINTS
        )

    @property
    def count(self) -> int:
        return self.word.count

    def _marks(self, text: str) -> tuple[Any, Any, Any]:
        """A new comment with ``text`` (one paragraph): its range start, range end and reference run, unplaced."""
        marks = self.word.new([text])
        return marks.start, marks.end, marks.reference

    def add(self, text: str, first: Any, last: Any) -> None:
        """A comment on ``first`` … ``last`` (paragraph-level elements, in document order).

        Where these are tracked changes, the range marks and the reference go inside them: an untracked
        reference after a tracked paragraph's last change would keep LibreOffice from tracking its mark.
        """
        start, end, reference = self._marks(text)
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
        content = _content(para)
        for k, element in enumerate(self._marks(text)):
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
    skip = {w("pPr"), w("moveFromRangeStart"), w("moveFromRangeEnd"), w("moveToRangeStart"), w("moveToRangeEnd")}
    return [child for child in para if child.tag not in skip]


def _anchor_span(built: _Built, anchor: _Anchor) -> tuple[Any, Any] | None:
    if anchor.start is None or anchor.end is None:
        content = _content(built.para)
        return (content[0], content[-1]) if content else None
    inside = [el for a, b, el in built.new_pieces if a >= anchor.start and b <= anchor.end]
    return (inside[0], inside[-1]) if inside else None
