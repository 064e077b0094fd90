"""Carrying last year's text into this year's draft: years move on, figures take their new values.

Both edits keep everything else of the text byte for byte. A year is moved only where it is a plain
four-digit year before 年, outside 《》 and quotation marks and outside ranges such as 2023—2025年. A
figure keeps its qualifier (余, 多, 以上, 近 …), its unit and its numerals (连续七年 → 连续八年).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.draft.model import FIGURE_MARK, YearShift
from reportgen.draft.years import Edit, apply_edits, year_edits
from reportgen.errors import HistoryError
from reportgen.figures import FIGURE_RE, find_figures, format_value, written_rank
from reportgen.i18n import _
from reportgen.model import Figure

# Chinese numerals are kept below 一万: above it cn2an writes 一万六千… which no reader of the report wants.
_CHINESE_LIMIT = Decimal(10_000)


@dataclass
class Placed:
    """A figure of last year written into the draft text: its new text, and whether it was carried."""

    figure: Figure
    written: str
    carried: bool


@dataclass
class CarriedText:
    """Last year's text with the years moved on and the figures rewritten."""

    text: str
    placed: list[Placed] = field(default_factory=list)
    years: list[YearShift] = field(default_factory=list)


def shift_years(text: str, base_year: int, delta: int) -> tuple[str, list[YearShift]]:
    """``text`` with the years moved on, and the list of years moved."""
    edits = year_edits(text, base_year, delta)
    return apply_edits(text, edits), [YearShift(int(text[e.start : e.end]), int(e.new)) for e in edits]


def format_number(value: Decimal, numerals: str) -> str:
    """The number as the report writes it: Arabic, or Chinese (八, 两, 十二) where last year's was."""
    if numerals == "chinese" and value == value.to_integral() and 0 <= value < _CHINESE_LIMIT:
        return "两" if value == 2 else format_value(value, "chinese")
    return format_value(value, "arabic")


def written_form(figure: Figure, value: Decimal) -> str:
    """``figure`` written with ``value``: qualifiers, multiplier, unit and numerals kept (10余场 → 12余场).

    An unchanged value is written as last year's was, so a product such as 7×24 keeps its form; a new value
    for a product is written plainly.
    """
    if figure.kind in ("rank", "rank_shift"):
        return figure.raw if value == figure.value else written_rank(figure.raw, value, figure.numerals)
    m = FIGURE_RE.fullmatch(figure.raw)
    if m is not None and value == figure.value:
        # An unchanged value keeps last year's wording: the sheet shows 7×24小时 as 168.
        return figure.raw
    number = format_number(value, "arabic" if figure.factors else figure.numerals)
    if m is None:
        # A hand-edited history file: place the qualifier the usual way.
        qualifier = figure.qualifier or ""
        if qualifier in ("余", "多"):
            unit = figure.unit
            mult = unit[0] if unit[:1] in ("万", "亿") and len(unit) > 1 else ""
            return f"{number}{mult}{qualifier}{unit[len(mult) :]}"
        if qualifier == "以上":
            return f"{number}{figure.unit}以上"
        return f"{qualifier}{number}{figure.unit}"
    prefix, q0, mult, q1, q2 = (m.group(name) or "" for name in ("prefix", "q0", "mult", "q1", "q2"))
    return f"{prefix}{number}{q0}{mult}{q1}{m.group('unit')}{q2}"


def carried_form(figure: Figure) -> str:
    """A figure with no new value: last year's text, marked for review."""
    return f"{figure.raw}{FIGURE_MARK}"


def carry_text(
    text: str,
    figures: Sequence[Figure],
    values: Mapping[str, Decimal],
    *,
    base_year: int,
    delta: int,
    where: str,
    source: str | None = None,
) -> tuple[CarriedText, list[Edit]]:
    """Rewrite last year's ``text``: move its years on and write its ``figures`` with their new values.

    ``figures`` are last year's figures of this text, in text order, as the history stores them; they are
    found again with ``find_figures`` and paired by their written form. Figures the parser finds but the
    history does not list are left as they are. Returns the new text and the edits made, so that callers
    can map positions (a section's heading end) into the new text.
    """
    matches = find_figures(text)
    edits: list[Edit] = []
    placed: list[Placed] = []
    cursor = 0
    for figure in figures:
        while cursor < len(matches) and matches[cursor].raw != figure.raw:
            cursor += 1
        if cursor == len(matches):
            raise HistoryError(
                _("figure {id} ({raw}) is not in the text of {where}").format(
                    id=figure.id, raw=figure.raw, where=where
                ),
                path=source,
                hint=_("the stored figures do not match the stored text; fix the history file or ingest again"),
            )
        match = matches[cursor]
        cursor += 1
        if figure.id in values:
            written = written_form(figure, values[figure.id])
            placed.append(Placed(figure, written, carried=False))
        else:
            written = carried_form(figure)
            placed.append(Placed(figure, written, carried=True))
        edits.append(Edit(match.start, match.end, written))
    figure_spans = [(e.start, e.end) for e in edits]
    years = [
        e for e in year_edits(text, base_year, delta) if not any(a < e.end and e.start < b for a, b in figure_spans)
    ]
    edits += years
    edits.sort(key=lambda e: e.start)
    shifts = [YearShift(int(text[e.start : e.end]), int(e.new)) for e in years]
    return CarriedText(apply_edits(text, edits), placed, shifts), edits
