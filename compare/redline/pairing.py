"""Pairing the old report's lines with the new one's for ``reportgen redline``, and the order of the output
paragraphs (what stays, what moved, what was deleted or inserted)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from reportgen.compare.diff import Diff
from reportgen.compare.redline.word_xml import Mode, _Unit

from reportgen.match.sections import Key
from reportgen.match.similarity import assign, overlap
from reportgen.report_text import Line

LINE_MATCH = 0.40
"""Dice from which two lines are the same paragraph, edited (sections of one report score at most 0.20)."""
ALIGNED_MATCH = 0.20
"""Dice enough for two lines whose sections ``diff`` aligned (a renamed part heading)."""
ALIGNED_BONUS = 0.25
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
