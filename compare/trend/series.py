"""A trend as typed values: each figure followed across the years (``Series``), each recurring shortcoming
(``Thread``), and the run of years they span (``Trend``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.match.figures import scale
from reportgen.model import Figure, Item


@dataclass
class Series:
    """One figure followed across the years: its values (in ``unit``) and how each year wrote it."""

    id: str
    label: str
    unit: str
    figures: dict[int, Figure] = field(default_factory=dict)
    linked_by: dict[int, str] = field(default_factory=dict)
    """How each year after the first was linked to the year before: ``id`` or ``meaning``."""

    @property
    def years(self) -> list[int]:
        return sorted(self.figures)

    @property
    def values(self) -> dict[int, Decimal]:
        """Each year's value in the series' unit."""
        target = scale(self.unit)
        return {year: f.magnitude / target if f.unit != self.unit else f.value for year, f in self.figures.items()}

    @property
    def approx(self) -> bool:
        """True when any year's figure is approximate or a lower bound (余, 多, 近, 约, 以上, 超)."""
        return any(f.approx for f in self.figures.values())

    def value_at(self, year: int) -> Decimal | None:
        """The value of ``year`` in the series' unit, if the series has that year."""
        f = self.figures.get(year)
        if f is None:
            return None
        return f.value if f.unit == self.unit else f.magnitude / scale(self.unit)

    def change(self, year: int, previous: int) -> tuple[Decimal, Decimal | None] | None:
        """(delta, relative) from ``previous`` to ``year``, or None when either value is missing."""
        now, before = self.value_at(year), self.value_at(previous)
        if now is None or before is None:
            return None
        delta = now - before
        return delta, (None if before == 0 else delta / before)


@dataclass(frozen=True)
class Thread:
    """One shortcoming followed across consecutive years."""

    items: dict[int, Item]

    @property
    def years(self) -> list[int]:
        return sorted(self.items)

    @property
    def streak(self) -> int:
        """Years in the unbroken run up to the last year that reports it."""
        years = self.years
        count = 1
        while count < len(years) and years[-1 - count] == years[-1] - count:
            count += 1
        return count

    @property
    def latest(self) -> Item:
        return self.items[self.years[-1]]


@dataclass(frozen=True)
class Trend:
    """The figures and recurring shortcomings of a run of stored years."""

    years: list[int]
    orgs: list[str]
    sources: list[str]
    series: list[Series]
    shortcomings: list[Thread]

    @property
    def steps(self) -> list[tuple[int, int]]:
        """(previous, year) for every neighbouring pair of years."""
        return list(zip(self.years, self.years[1:], strict=False))

    def open_shortcomings(self) -> list[Thread]:
        """Recurring shortcomings still reported in the latest year."""
        return [t for t in self.shortcomings if t.years[-1] == self.years[-1]]
