"""Figure matching by meaning: label, unit and context, never by value or position alone.

Every old figure is scored against every new figure of a compatible unit (the same unit without its 万/亿
multiplier):

    score = 0.35 · label + 0.35 · clause + 0.30 · place

- ``label``: rapidfuzz ``ratio`` of the two labels, or 0.9 × ``partial_ratio`` when one label is a part of the
  other (合法性审查率 in 行政规范性文件合法性审查率);
- ``clause``: ``ratio`` of the clauses the figures sit in, with the figure itself taken out (涉及金额 for
  涉及金额398.6406万元), so two figures of one sentence are told apart;
- ``place``: 1 when the sections holding them were aligned, 0.5 when only their parts were, else 0.

A pair needs ``label`` or ``clause`` ≥ ``TEXT_GATE`` (text evidence, whatever the value and place say) and a
score ≥ ``MATCH``; pairs are then chosen by an optimal one-to-one assignment. Measured on the 2023 report
against the 2024 fixtures (thematic and statutory): every true pair has label or clause = 1.00 and a score of
0.73–1.00 (the lowest is a hand-curated label against a parsed one: “政务服务580智能语音”在线服务时长 /
在线为企业群众提供…服); wrong pairs of a compatible unit reach a score of 0.77 (法律援助窗口接待咨询 /
驻法院值班窗口接待咨询, one sentence) but never label or clause ≥ 0.72. Hence the gate 0.80; ``MATCH`` = 0.55
only keeps out pairs whose text agrees but that sit in unaligned places with weak labels.
"""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
from rapidfuzz import fuzz, process
from reportgen.compare.align import Alignment
from reportgen.compare.model import FigureChange, FigureStatus
from reportgen.compare.similarity import assign, content

from reportgen.model import Figure

TEXT_GATE = 0.80
MATCH = 0.55
_WEIGHTS = (0.35, 0.35, 0.30)
_CLAUSE_SPLIT = re.compile(r"[，。；：！？,;:!?]")


def scale(unit: str) -> Decimal:
    """The multiplier a unit carries: 10000 for 万…, 100000000 for 亿…, else 1."""
    if unit[:1] == "万" and len(unit) > 1:
        return Decimal(10_000)
    if unit[:1] == "亿" and len(unit) > 1:
        return Decimal(100_000_000)
    return Decimal(1)


def clause_of(figure: Figure) -> str:
    """The clause of the figure's sentence that holds it, without the figure: its local context."""
    sentence = figure.text or figure.label
    raw = figure.raw
    clauses = [c for c in _CLAUSE_SPLIT.split(sentence) if raw and raw in c] or [figure.label]
    best = max(clauses, key=lambda c: fuzz.ratio(content(c), content(figure.label)))
    return content(best.replace(raw, " ", 1)) if raw else content(best)


def _label_scores(old: list[str], new: list[str]) -> np.ndarray:
    ratio = process.cdist(old, new, scorer=fuzz.ratio, dtype=np.float64) / 100
    partial = process.cdist(old, new, scorer=fuzz.partial_ratio, dtype=np.float64) / 100
    return np.maximum(ratio, 0.9 * partial)


def _index(keys: list[tuple[int, int | None] | None]) -> tuple[list[tuple[int, int | None] | None], np.ndarray]:
    """The distinct keys in first-seen order, and each key's position among them."""
    distinct: dict[tuple[int, int | None] | None, int] = {}
    positions = [distinct.setdefault(key, len(distinct)) for key in keys]
    return list(distinct), np.array(positions, dtype=np.intp)


def score_matrix(old: list[Figure], new: list[Figure], alignment: Alignment) -> np.ndarray:
    """Scores of every (old, new) pair; 0 where the pair may not match."""
    if not old or not new:
        return np.zeros((len(old), len(new)))
    label = _label_scores([content(f.label) for f in old], [content(f.label) for f in new])
    clause = process.cdist([clause_of(f) for f in old], [clause_of(f) for f in new], scorer=fuzz.ratio) / 100
    # A report has a few dozen figures but only a score of places: score each pair of places once.
    old_keys = [None if o.part is None else (o.part, o.section) for o in old]
    new_keys = [None if n.part is None else (n.part, n.section) for n in new]
    old_places, old_index = _index(old_keys)
    new_places, new_index = _index(new_keys)
    by_place = np.array([[alignment.place_score(a, b) for b in new_places] for a in old_places], dtype=np.float64)
    place = by_place[np.ix_(old_index, new_index)]
    old_units, new_units = np.array([o.base_unit for o in old]), np.array([n.base_unit for n in new])
    units_ok = old_units[:, None] == new_units[None, :]
    w_label, w_clause, w_place = _WEIGHTS
    score = w_label * label + w_clause * clause + w_place * place
    gate = np.maximum(label, clause) >= TEXT_GATE
    return np.where(units_ok & gate & (score >= MATCH), score, 0.0)


def _change(old: Figure, new: Figure, score: float) -> FigureChange:
    old_in_new_unit = old.value if old.unit == new.unit else old.magnitude / scale(new.unit)
    delta = new.value - old_in_new_unit
    relative = None if old_in_new_unit == 0 else delta / old_in_new_unit
    status: FigureStatus = "unchanged" if old.magnitude == new.magnitude else "changed"
    return FigureChange(status, old, new, round(score, 3), delta, relative)


def match_figures(old: list[Figure], new: list[Figure], alignment: Alignment) -> list[FigureChange]:
    """Pair the figures of two reports; the result follows the new report, dropped figures after their
    predecessor in the old one."""
    scores = score_matrix(old, new, alignment)
    pairs = dict((j, i) for i, j in assign(scores)) if old and new else {}
    placed: list[FigureChange] = []
    for j, figure in enumerate(new):
        i = pairs.get(j)
        placed.append(FigureChange("added", None, figure) if i is None else _change(old[i], figure, scores[i, j]))
    matched_old = set(pairs.values())
    old_index = {id(f): k for k, f in enumerate(old)}
    for k, figure in enumerate(old):
        if k in matched_old:
            continue
        before = [
            (old_index[id(c.old)], pos)
            for pos, c in enumerate(placed)
            if c.old is not None and old_index[id(c.old)] < k
        ]
        placed.insert(max(before)[1] + 1 if before else 0, FigureChange("dropped", figure, None))
    return placed
