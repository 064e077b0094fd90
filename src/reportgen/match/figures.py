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

Offices rewrite rather than edit (评查案卷320卷 → 评查行政执法案卷350卷, 培训30场 → 轮训36场), so the figures left
over are then matched as indicators (``indicator_matrix``): what is counted (unit and kind, the noun next to the
number), the words of label and clause in order (longest common subsequence, so inserted words cost little),
the aligned place, and a value of the same order. Such a pair is ``changed`` (or ``unchanged``) with a note and
its confidence as ``score``, never a drop plus an addition. An old figure still unpaired whose label or counted
noun is still written in the new report is ``mentioned``, not dropped. Figures of different kinds (a rate and a
count, a rank and a count of people) never pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from reportgen.match.changes import FigureChange, FigureStatus
from reportgen.match.kinds import has_percentage, kind_of
from reportgen.match.sections import Alignment
from reportgen.match.similarity import assign, content, overlap
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


def _group_key(figure: Figure) -> str:
    return f"{figure.base_unit}|{kind_of(figure)}"


def _groups(old: list[Figure], new: list[Figure]) -> list[tuple[list[int], list[int]]]:
    """The figures that may match at all, grouped: the same unit without 万/亿 and the same kind. Scoring only
    within groups keeps a provincial report (a thousand figures a side) to a fraction of all pairs."""
    old_by: dict[str, list[int]] = {}
    new_by: dict[str, list[int]] = {}
    for i, figure in enumerate(old):
        old_by.setdefault(_group_key(figure), []).append(i)
    for j, figure in enumerate(new):
        new_by.setdefault(_group_key(figure), []).append(j)
    return [(rows, new_by[key]) for key, rows in old_by.items() if key in new_by]


PlaceKey = tuple[int, int | None] | None
PlaceCache = dict[tuple[PlaceKey, PlaceKey], float]


def _places(old: list[Figure], new: list[Figure], alignment: Alignment, cache: PlaceCache) -> np.ndarray:
    # A report has many figures but few places: score each pair of places once.
    old_keys = [None if o.part is None else (o.part, o.section) for o in old]
    new_keys = [None if n.part is None else (n.part, n.section) for n in new]
    old_places, old_index = _index(old_keys)
    new_places, new_index = _index(new_keys)
    by_place = np.zeros((len(old_places), len(new_places)))
    for i, a in enumerate(old_places):
        for j, b in enumerate(new_places):
            score = cache.get((a, b))
            if score is None:
                score = cache[(a, b)] = alignment.place_score(a, b)
            by_place[i, j] = score
    return np.asarray(by_place[np.ix_(old_index, new_index)])


def _by_groups(
    old: list[Figure], new: list[Figure], block: Callable[[list[Figure], list[Figure]], np.ndarray]
) -> np.ndarray:
    out = np.zeros((len(old), len(new)))
    for rows, cols in _groups(old, new):
        out[np.ix_(rows, cols)] = block([old[i] for i in rows], [new[j] for j in cols])
    return out


def score_matrix(
    old: list[Figure], new: list[Figure], alignment: Alignment, cache: PlaceCache | None = None
) -> np.ndarray:
    """Scores of every (old, new) pair; 0 where the pair may not match."""
    places: PlaceCache = {} if cache is None else cache

    def block(olds: list[Figure], news: list[Figure]) -> np.ndarray:
        label = _label_scores([content(f.label) for f in olds], [content(f.label) for f in news])
        clause = process.cdist([clause_of(f) for f in olds], [clause_of(f) for f in news], scorer=fuzz.ratio) / 100
        place = _places(olds, news, alignment, places)
        w_label, w_clause, w_place = _WEIGHTS
        score = w_label * label + w_clause * clause + w_place * place
        gate = np.maximum(label, clause) >= TEXT_GATE
        return np.asarray(np.where(gate & (score >= MATCH), score, 0.0))

    return _by_groups(old, new, block)


INDICATOR = 0.55
SOLE = 0.15
_INDICATOR_WEIGHTS = (0.45, 0.15, 0.25, 0.15)  # words, counted noun, place, value of the same order
_NOUN_STOP = re.compile(r"^[的和及与、]+")


def cover(a: list[str], b: list[str]) -> np.ndarray:
    """How much of the shorter text the longer one holds: the larger of the characters found in order (LCS) and
    the character bigrams found in any order (移送公安机关涉嫌犯罪案件 / 涉嫌犯罪移送公安机关), over the shorter
    length, damped when one text is much longer. 评查案卷 / 评查行政执法案卷 → 0.75; a one-character text → 0."""
    if not a or not b:
        return np.zeros((len(a), len(b)))
    bigram = overlap(a, b)
    shorter = np.minimum(bigram.a_sizes[:, None], bigram.b_sizes[None, :])
    shared = np.divide(bigram.common, shorter, out=np.zeros_like(bigram.common), where=shorter > 0)
    lengths_a = np.array([len(x) for x in a], dtype=np.float64)[:, None]
    lengths_b = np.array([len(y) for y in b], dtype=np.float64)[None, :]
    short, long_ = np.minimum(lengths_a, lengths_b), np.maximum(lengths_a, lengths_b)
    lcs = process.cdist(a, b, scorer=LCSseq.similarity, dtype=np.float64)
    in_order = np.divide(lcs, short, out=np.zeros_like(lcs), where=short > 0)
    damp = 0.5 + 0.5 * np.divide(short, long_, out=np.zeros_like(short), where=long_ > 0)
    return np.asarray(np.where(short >= 2, np.maximum(in_order, shared) * damp, 0.0))


def _sole(place: np.ndarray) -> np.ndarray:
    """Pairs in aligned places where each is the only figure of its unit and kind there (the matrix is one
    group): 培训1850人次 and 轮训36场、2120人次 in the same section."""
    linked = place >= 1.0
    rows, cols = linked.sum(axis=1), linked.sum(axis=0)
    return np.asarray(linked & (rows[:, None] == 1) & (cols[None, :] == 1))


def counted_noun(figure: Figure) -> str:
    """The two characters of what a figure counts: the noun just after it (为58家**企业**), else the end of its
    label (评查**案卷**)."""
    sentence, raw = figure.text, figure.raw
    at = sentence.find(raw) if raw else -1
    after = content(_NOUN_STOP.sub("", sentence[at + len(raw) : at + len(raw) + 6])) if at >= 0 else ""
    if len(after) >= 2 and not re.match(r"[，。；、]", sentence[at + len(raw) : at + len(raw) + 1]):
        return after[:2]
    label = content(figure.label)
    return label[-2:] if len(label) >= 2 else ""


def _plausible(old: list[Figure], new: list[Figure]) -> np.ndarray:
    """1 when two values are of the same order (the smaller at least half the larger), falling to 0 below."""
    a = np.array([abs(float(f.magnitude)) for f in old])[:, None]
    b = np.array([abs(float(f.magnitude)) for f in new])[None, :]
    low, high = np.minimum(a, b), np.maximum(a, b)
    ratio = np.divide(low, high, out=np.ones_like(low * high), where=high > 0)
    return np.asarray(np.where(ratio >= 0.5, 1.0, 2 * ratio))


def indicator_matrix(
    old: list[Figure], new: list[Figure], alignment: Alignment, cache: PlaceCache | None = None
) -> np.ndarray:
    """Confidence that two figures left over by ``score_matrix`` are the same indicator reworded; 0 where they
    may not match or the evidence is below ``INDICATOR``."""
    places: PlaceCache = {} if cache is None else cache

    def block(olds: list[Figure], news: list[Figure]) -> np.ndarray:
        words = np.maximum(
            cover([content(f.label) for f in olds], [content(f.label) for f in news]),
            cover([clause_of(f) for f in olds], [clause_of(f) for f in news]),
        )
        old_nouns = np.array([counted_noun(f) for f in olds])
        new_nouns = np.array([counted_noun(f) for f in news])
        noun = ((old_nouns[:, None] == new_nouns[None, :]) & (old_nouns[:, None] != "")).astype(np.float64)
        place = _places(olds, news, alignment, places)
        sole = _sole(place)
        w_words, w_noun, w_place, w_value = _INDICATOR_WEIGHTS
        score = w_words * words + w_noun * noun + w_place * place + w_value * _plausible(olds, news) + SOLE * sole
        # Some words of what is counted must agree, or the two be the only ones of their unit in aligned
        # places: place and value alone are no evidence.
        evidence = (words >= 0.5) | (noun > 0) | sole
        return np.asarray(np.where(evidence & (score >= INDICATOR), np.minimum(score, 1.0), 0.0))

    return _by_groups(old, new, block)


def _change(old: Figure, new: Figure, score: float, reworded: float | None = None) -> FigureChange:
    kind = kind_of(new)
    old_in_new_unit = old.value if old.unit == new.unit else old.magnitude / scale(new.unit)
    delta = new.value - old_in_new_unit
    relative = None if old_in_new_unit == 0 or not has_percentage(kind) else delta / old_in_new_unit
    status: FigureStatus = "unchanged" if old.magnitude == new.magnitude else "changed"
    return FigureChange(status, old, new, round(score, 3), delta, relative, kind, reworded)


def _mention(figure: Figure, new_text: str) -> str | None:
    """The label or counted noun of ``figure`` (four characters or more) when the new text still has it."""
    sentence, raw = figure.text, figure.raw
    at = sentence.find(raw) if raw else -1
    after = content(re.split(r"[，。；、：,;]", sentence[at + len(raw) :], maxsplit=1)[0]) if at >= 0 else ""
    for words in (content(figure.label), after):
        if len(words) >= 4 and words in new_text:
            return words
    return None


def match_figures(
    old: list[Figure], new: list[Figure], alignment: Alignment, new_text: str | None = None
) -> list[FigureChange]:
    """Pair the figures of two reports; the result follows the new report, dropped figures after their
    predecessor in the old one.

    ``new_text`` is the new report's text: an old figure left unpaired whose indicator it still names is
    ``mentioned`` rather than ``dropped``.
    """
    places: PlaceCache = {}
    scores = score_matrix(old, new, alignment, places)
    pairs: dict[int, tuple[int, float, float | None]] = (
        {j: (i, float(scores[i, j]), None) for i, j in assign(scores)} if old and new else {}
    )
    paired_old = {p[0] for p in pairs.values()}
    left_old = [i for i in range(len(old)) if i not in paired_old]
    left_new = [j for j in range(len(new)) if j not in pairs]
    if left_old and left_new:
        rest = indicator_matrix([old[i] for i in left_old], [new[j] for j in left_new], alignment, places)
        for a, b in assign(rest):
            pairs[left_new[b]] = (left_old[a], float(rest[a, b]), float(rest[a, b]))
    placed: list[FigureChange] = []
    for j, figure in enumerate(new):
        pair = pairs.get(j)
        placed.append(
            FigureChange("added", None, figure, kind=kind_of(figure))
            if pair is None
            else _change(old[pair[0]], figure, pair[1], pair[2])
        )
    matched_old = {p[0] for p in pairs.values()}
    old_index = {id(f): k for k, f in enumerate(old)}
    compact = content(new_text) if new_text else ""
    for k, figure in enumerate(old):
        if k in matched_old:
            continue
        before = [
            (old_index[id(c.old)], pos)
            for pos, c in enumerate(placed)
            if c.old is not None and old_index[id(c.old)] < k
        ]
        words = _mention(figure, compact) if compact else None
        change = (
            FigureChange("mentioned", figure, None, kind=kind_of(figure), still_named=words)
            if words
            else FigureChange("dropped", figure, None, kind=kind_of(figure))
        )
        placed.insert(max(before)[1] + 1 if before else 0, change)
    return placed
