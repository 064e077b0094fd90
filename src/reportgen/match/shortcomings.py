"""Shortcomings (问题和不足) matched across years: recurring, new or absent, and how long an item has recurred.

Items are compared by bigram Dice (see ``similarity``) and paired by optimal assignment. A pair with Dice ≥
``RECUR`` is the same shortcoming again. Measured: the reworded recurring item of the 2024 fixture scores 0.87
against its 2023 text; different items of one report score at most 0.12, and items of another district's
report (tests/fixtures/statutory-2024.txt, 基层执法队伍… against 法治专门队伍…) at most 0.13. ``RECUR`` = 0.35
keeps a wide margin on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.match.changes import ShortcomingChange
from reportgen.match.similarity import assign, overlap, thresholded
from reportgen.model import Item, Report

RECUR = 0.35


def _best(item: Item, candidates: list[Item]) -> Item | None:
    if not candidates:
        return None
    scores = overlap([item.text], [c.text for c in candidates]).dice[0]
    best = int(scores.argmax())
    return candidates[best] if scores[best] >= RECUR else None


def streak_of(item: Item, year: int | None, earlier: Sequence[Report]) -> int:
    """How many consecutive years, going back from ``year`` through ``earlier``, hold ``item`` (``year`` counts)."""
    count = 1
    if year is None:
        return count
    by_year = {r.year: r for r in earlier if r.year is not None}
    current = item
    while (report := by_year.get(year - count)) is not None:
        found = _best(current, report.shortcomings)
        if found is None:
            break
        count += 1
        current = found
    return count


def compare_shortcomings(old: Report, new: Report, earlier: Sequence[Report] = ()) -> list[ShortcomingChange]:
    """The new report's shortcomings in order (recurring or new), then last year's that are absent.

    ``earlier`` holds the reports before ``old`` (any order); with them, ``streak`` counts further back.
    """
    dice = overlap([i.text for i in old.shortcomings], [i.text for i in new.shortcomings]).dice
    pairs = {j: i for i, j in assign(thresholded(dice, RECUR))} if old.shortcomings and new.shortcomings else {}
    # A streak counts consecutive years, so it is only kept when the new report follows the old one directly.
    consecutive = old.year is None or new.year is None or new.year == old.year + 1
    changes: list[ShortcomingChange] = []
    for j, item in enumerate(new.shortcomings):
        i = pairs.get(j)
        if i is None:
            changes.append(ShortcomingChange("new", None, item, None, streak=1 if consecutive else None))
        else:
            before = old.shortcomings[i]
            streak = 1 + streak_of(before, old.year, earlier) if consecutive else None
            changes.append(ShortcomingChange("recurring", before, item, round(float(dice[i, j]), 3), streak=streak))
    matched = set(pairs.values())
    changes += [
        ShortcomingChange("absent", item, None, None) for i, item in enumerate(old.shortcomings) if i not in matched
    ]
    return changes
