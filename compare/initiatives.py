"""Initiatives kept, dropped, added or renamed between two reports.

Only the district's own initiatives count (``Initiative.local``: brands, campaigns, documents, platforms,
organisations), and only those in the measures: media, national laws, higher-level plans and slogans are
cited, not done, and plan items are checked separately (``plans``). An initiative is one name, wherever and
however often it appears.

A name found in both reports is kept. Of the rest, a new edition of the same document (《…（第一版）》 →
《…（第二版）》, 2023年版 → 2024年版, （试行） → final) is renamed; so is a pair of the same kind whose names
score rapidfuzz ``ratio`` ≥ ``RENAME`` (chosen by optimal assignment). Distinct local names of the 2023 report
score at most 62.5 against each other (商会调解工作室 / 物业纠纷调解工作室); editions of one document 94.
"""

from __future__ import annotations

import re

import numpy as np
from rapidfuzz import fuzz, process
from reportgen.compare.model import InitiativeChange
from reportgen.compare.similarity import assign

from reportgen.model import Initiative, Report

RENAME = 80.0
_EDITION_RE = re.compile(
    r"[（(](?:第[一二三四五六七八九十\d]+版|\d{4}年(?:修订)?版|\d{4}年|试行|暂行|修订|修订版|修订稿|征求意见稿|送审稿)[）)]"
    r"|第[一二三四五六七八九十\d]+版$|（?\d{4}年版）?$"
)


def edition_free(name: str) -> str:
    """The name without edition, year-version or draft markers: the document it is an edition of."""
    return _EDITION_RE.sub("", name).strip()


def local_initiatives(report: Report) -> list[Initiative]:
    """The report's own initiatives named in its measures, once per name, in reading order."""
    seen: dict[str, Initiative] = {}
    for initiative in report.initiatives:
        if initiative.local and initiative.part is not None and initiative.name not in seen:
            seen[initiative.name] = initiative
    return list(seen.values())


def compare_initiatives(old: Report, new: Report) -> list[InitiativeChange]:
    """Kept, renamed and added initiatives in the new report's order; dropped ones after their predecessor."""
    old_items = local_initiatives(old)
    new_items = local_initiatives(new)
    new_names = {i.name for i in new_items}
    old_names = {i.name for i in old_items}
    gone = [i for i in old_items if i.name not in new_names]
    fresh = [i for i in new_items if i.name not in old_names]

    renamed: dict[str, tuple[Initiative, float]] = {}  # new name -> (old initiative, similarity)
    if gone and fresh:
        scores = process.cdist([i.name for i in gone], [i.name for i in fresh], scorer=fuzz.ratio, dtype=np.float64)
        for a, old_item in enumerate(gone):
            for b, new_item in enumerate(fresh):
                same_doc = edition_free(old_item.name) == edition_free(new_item.name)
                if same_doc:
                    scores[a, b] = max(scores[a, b], 100.0) + 1.0  # an edition beats any fuzzy rename
                elif old_item.kind != new_item.kind or scores[a, b] < RENAME:
                    scores[a, b] = 0.0
        for a, b in assign(scores):
            renamed[fresh[b].name] = (gone[a], min(float(scores[a, b]), 100.0) / 100)

    renamed_old = {o.name for o, _ in renamed.values()}
    placed: list[InitiativeChange] = []
    for item in new_items:
        if item.name in old_names:
            placed.append(InitiativeChange("kept", item.name, None, item.kind, _find(old_items, item.name), item))
        elif item.name in renamed:
            before, similarity = renamed[item.name]
            placed.append(InitiativeChange("renamed", before.name, item.name, item.kind, before, item, similarity))
        else:
            placed.append(InitiativeChange("added", item.name, None, item.kind, None, item))
    old_index = {i.name: k for k, i in enumerate(old_items)}
    for k, item in enumerate(old_items):
        if item.name in new_names or item.name in renamed_old:
            continue
        before_pos = [
            (old_index[c.old.name], pos)
            for pos, c in enumerate(placed)
            if c.old is not None and old_index[c.old.name] < k
        ]
        placed.insert(
            max(before_pos)[1] + 1 if before_pos else 0,
            InitiativeChange("dropped", item.name, None, item.kind, item, None),
        )
    return placed


def _find(items: list[Initiative], name: str) -> Initiative | None:
    return next((i for i in items if i.name == name), None)
