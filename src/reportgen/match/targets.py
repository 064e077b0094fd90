"""Quantitative targets of last year's plans, set against what the new report achieved.

A plan item often states a target: 为100家以上企业开展法治体检, 执行率不低于95%, 纠错率控制在10%以内,
全省考评保持前三名, 实现…全覆盖. Each is read with its bound:

- ``min`` (the achieved figure must reach it): 以上, 不少于, 不低于, 至少, 达到, 保持, and a bare number;
- ``max`` (it must stay below): 以内, 以下, 不超过, 不高于, 控制在, 压缩至, 降至; a rank (前三名) is a ``max`` too,
  since a lower place is better;
- 全覆盖 reads as 100% (``min``).

The achieved figure is the new report's figure of the same unit and kind whose clause says most nearly what the
target's clause says (``figures.cover``: words in order or bigrams in any order, ≥ ``ACTUAL``); for 全覆盖, a
sentence of the measures that says 全覆盖 (or 100%) about the same thing. No such figure: ``actual`` and ``met``
are None, the new report says nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from reportgen.figures import chinese_to_decimal, find_figures
from reportgen.match.changes import Bound, Target
from reportgen.match.figures import clause_of, cover
from reportgen.match.kinds import RANK_UNIT, kind_of
from reportgen.match.similarity import content
from reportgen.model import Figure

ACTUAL = 0.5
_MAX_BEFORE = (
    "以内",
    "以下",
    "不超过",
    "不高于",
    "控制在",
    "压缩至",
    "压减至",
    "压缩到",
    "降至",
    "降低到",
    "降低至",
    "缩短至",
)
_MAX_AFTER = ("以内", "以下")
_BOUND_WORDS = re.compile(
    r"不少于|不低于|不超过|不高于|至少|达到|超过|保持在|保持|稳定在|控制在|压缩至|压减至|压缩到|降至|降低到|降低至|缩短至|力争|确保"
)
_SHOWN_BOUNDS = ("不少于", "不低于", "不超过", "不高于", "至少", "保持", "达到")
_CLAUSE_SPLIT = re.compile(r"[，。；：,;:]")
_RANK_TARGET_RE = re.compile(r"前(?P<num>[一二三四五六七八九十\d]{1,3})(?:名|位)")
_FULL_RE = re.compile(r"全覆盖")
_FULL_DONE_RE = re.compile(r"全覆盖|100%|全部")


def _clause_at(text: str, start: int, end: int) -> str:
    left = max([text.rfind(ch, 0, start) for ch in "，。；：,;:"] + [-1])
    rights = [i for i in (text.find(ch, end) for ch in "，。；：,;:") if i != -1]
    return text[left + 1 : min(rights) if rights else len(text)]


def _context(clause: str, raw: str) -> str:
    """What the target is about: its clause without the number and the bound words."""
    return content(_BOUND_WORDS.sub("", clause.replace(raw, "", 1)))


def read_targets(text: str) -> list[Target]:
    """The quantitative targets of one plan item, in order."""
    targets: list[Target] = []
    for m in find_figures(text):
        clause = _clause_at(text, m.start, m.end)
        before = text[max(0, m.start - 4) : m.start]
        after = text[m.end : m.end + 2]
        bound: Bound = "max" if before.endswith(_MAX_BEFORE) or after.startswith(_MAX_AFTER) else "min"
        written = next((w for w in _SHOWN_BOUNDS if before.endswith(w)), "")
        shown = written + m.raw
        shown += after if after in _MAX_AFTER and not m.raw.endswith(after) else ""
        kind = "rate" if m.unit in ("%", "‰") else "count"
        targets.append(Target(shown, m.value, m.unit, bound, kind, _context(clause, m.raw)))
    for rank in _RANK_TARGET_RE.finditer(text):
        num = rank.group("num")
        value = Decimal(num) if num.isdigit() else chinese_to_decimal(num)
        clause = _clause_at(text, rank.start(), rank.end())
        targets.append(Target(rank.group(0), value, RANK_UNIT, "max", "rank", _context(clause, rank.group(0))))
    for full in _FULL_RE.finditer(text):
        clause = _clause_at(text, full.start(), full.end())
        targets.append(Target("全覆盖", Decimal(100), "%", "min", "full", _context(clause, full.group(0))))
    return targets


def _met(target: Target, actual: Decimal) -> bool:
    return actual <= target.value if target.bound == "max" else actual >= target.value


def _scale(unit: str) -> Decimal:
    return (
        Decimal(10_000)
        if unit[:1] == "万" and len(unit) > 1
        else Decimal(100_000_000)
        if unit[:1] == "亿" and len(unit) > 1
        else Decimal(1)
    )


def achieve(target: Target, figures: list[Figure], sentences: list[str]) -> Target:
    """``target`` with the achieved figure of the new report (``figures``: its figures, ranks included;
    ``sentences``: the sentences of its measures), or unchanged when the new report says nothing."""
    if target.kind == "full":
        best_sentence, best = None, 0.0
        candidates = [s for s in sentences if _FULL_DONE_RE.search(s)]
        if candidates and target.context:
            scores = cover([target.context], [content(s) for s in candidates])[0]
            k = int(scores.argmax())
            best, best_sentence = float(scores[k]), candidates[k]
        if best_sentence is None or best < ACTUAL:
            return target
        return replace(target, actual=Decimal(100), met=True, sentence=best_sentence)
    base = target.unit[1:] if target.unit[:1] in ("万", "亿") and len(target.unit) > 1 else target.unit
    pool = [f for f in figures if f.base_unit == base and (kind_of(f) == "rank") == (target.kind == "rank")]
    if not pool or not target.context:
        return target
    words = [max(a, b) for a, b in zip(
        cover([target.context], [clause_of(f) for f in pool])[0],
        cover([target.context], [content(f.label) for f in pool])[0],
        strict=True,
    )]  # fmt: skip
    k = max(range(len(pool)), key=lambda i: words[i])
    if words[k] < ACTUAL:
        return target
    found = pool[k]
    actual = found.magnitude / _scale(target.unit)
    return replace(target, actual=actual, met=_met(target, actual), sentence=found.text)
