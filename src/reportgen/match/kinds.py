"""What a figure measures; the words a change of it is told in are ``reportgen.compare.render.present.change_words``.

- ``rate``: a percentage (98.5%); changes in 个百分点 (98.5% → 99.1% is +0.6个百分点, not +0.6%).
- ``streak``: 连续五年; changes in years, with no percentage.
- ``rank``: 排名第四, 全省第一; changes in places, where a lower number is better (第四 → 第二 is 上升2位).
- ``money``: 元, 万元, 亿元; changes in the new figure's unit, so 万元 and 亿元 keep their scale.
- ``count``: everything else (122件, 1850人次).

The core ``Figure`` may carry its own ``kind`` (figure extraction, issue #17); when it does, that is used.
Otherwise the kind is read from the unit, the qualifier and the label.
"""

from __future__ import annotations

import re

from reportgen.match.changes import ChangeKind
from reportgen.model import Figure

KINDS: tuple[ChangeKind, ...] = ("count", "rate", "streak", "rank", "money")
RANK_UNIT = "名"
"""The unit of a rank read by ``reportgen.match.ranks`` (第四 → 4名 of the evaluation)."""

_RATE_UNITS = frozenset({"%", "‰", "个百分点"})
_STREAK_RE = re.compile(r"连续\S{0,3}$")


def kind_of(figure: Figure) -> ChangeKind:
    """The kind of a figure: the core's own when it gives one, else read from unit and label."""
    given = getattr(figure, "kind", None)
    if given in KINDS:
        return given  # type: ignore[no-any-return]
    if figure.unit in _RATE_UNITS:
        return "rate"
    if "第" in figure.raw:  # core figures never hold 第 (ordinals are left out); ranks read here do
        return "rank"
    if figure.base_unit == "年" and ("连续…年" in figure.label or _before(figure).endswith("连续")):
        return "streak"
    if figure.base_unit == "元":
        return "money"
    return "count"


def _before(figure: Figure) -> str:
    """The text of the figure's sentence just before it (up to 8 characters)."""
    at = figure.text.find(figure.raw) if figure.raw else -1
    return figure.text[max(0, at - 8) : at] if at > 0 else ""


def has_percentage(kind: ChangeKind) -> bool:
    """Whether a change of this kind is also told as a percentage of the old value (+10.7%)."""
    return kind in ("count", "money")
