"""Moving the years of last year's text on: 2023年 → 2024年, but not inside 《》, quotes or ranges.

The edits keep everything else of the text byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportgen.figures import enclosed_spans

_YEAR_RE = re.compile(r"(?<![\d.])(?P<year>\d{4})(?=年)")
_RANGE_CHARS = "—–~～至到-"
_RANGE_AFTER_RE = re.compile(rf"年?[{re.escape(_RANGE_CHARS)}]\d{{4}}")


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


def _in_range(text: str, start: int, end: int) -> bool:
    """True for either year of a range such as 2023—2025年 or 2023年至2025年."""
    if start >= 2 and text[start - 1] in _RANGE_CHARS and (text[start - 2].isdigit() or text[start - 2] == "年"):
        return True
    return _RANGE_AFTER_RE.match(text, end) is not None


def year_edits(text: str, base_year: int, delta: int) -> list[Edit]:
    """Edits moving ``base_year`` and ``base_year + 1`` on by ``delta`` years, where they are plain years."""
    if delta == 0:
        return []
    protected = enclosed_spans(text)
    edits = []
    for m in _YEAR_RE.finditer(text):
        year = int(m.group("year"))
        if year not in (base_year, base_year + 1):
            continue
        if any(a <= m.start() < b for a, b in protected) or _in_range(text, m.start(), m.end()):
            continue
        edits.append(Edit(m.start(), m.end(), str(year + delta)))
    return edits


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits to ``text``."""
    out = []
    pos = 0
    for edit in sorted(edits, key=lambda e: e.start):
        if edit.start < pos:
            raise ValueError(f"overlapping edits at {edit.start}")
        out.append(text[pos : edit.start])
        out.append(edit.new)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def shift_index(index: int, edits: Sequence[Edit]) -> int:
    """Where ``index`` of the old text lands in the edited text (edits wholly before it shift it)."""
    return index + sum(len(e.new) - (e.end - e.start) for e in edits if e.end <= index)
