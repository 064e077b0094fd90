"""The comparison of two reports as one typed ``Diff`` that every renderer reads, and its entry points: two
reports (or what the user typed) → one ``Diff``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportgen.match.changes import FigureChange, InitiativeChange, PlanCheck, SectionChange, ShortcomingChange
from reportgen.match.figures import match_figures
from reportgen.match.initiatives import compare_initiatives
from reportgen.match.plans import follow_up_plans
from reportgen.match.ranks import with_ranks
from reportgen.match.sections import align_sections
from reportgen.match.shortcomings import compare_shortcomings
from reportgen.model import Report
from reportgen.outline import OutlineKind
from reportgen.resolve import open_report
from reportgen.store import history_years, load_year

DIFF_SCHEMA = "reportgen.diff/1"


@dataclass(frozen=True)
class Side:
    """Who wrote one of the two reports, for which year, and where it was read from."""

    org: str | None
    year: int | None
    source: str | None
    outline: OutlineKind


@dataclass(frozen=True)
class Diff:
    """Everything ``reportgen diff`` finds between an old and a new report."""

    old: Side
    new: Side
    sections: list[SectionChange]
    figures: list[FigureChange]
    initiatives: list[InitiativeChange]
    shortcomings: list[ShortcomingChange]
    plans: list[PlanCheck]
    years_checked: list[int] = field(default_factory=list)
    schema: str = DIFF_SCHEMA

    @property
    def same_org(self) -> bool:
        """False when both reports name their organisation and the names differ."""
        return self.old.org is None or self.new.org is None or self.old.org == self.new.org

    @property
    def peer(self) -> bool:
        """True when two organisations' reports of the same year are compared side by side (甲 and 乙), not an
        earlier report against a later one."""
        return not self.same_org and self.old.year is not None and self.old.year == self.new.year


_YEAR_RE = re.compile(r"^(19|20)\d{2}$")


def measures_text(report: Report) -> str:
    """The text of the report's measures (its parts), headings included."""
    pieces: list[str] = []
    for part in report.parts:
        pieces += [part.title, part.intro]
        for section in part.sections:
            pieces += [section.title, section.text]
    return "\n".join(pieces)


def _side(report: Report) -> Side:
    return Side(org=report.org, year=report.year, source=report.source, outline=report.outline)


def diff_reports(old: Report, new: Report, *, history_reports: Sequence[Report] | None = None) -> Diff:
    """Compare ``old`` with ``new``.

    ``history_reports`` are the reports of the years before ``old`` (any order); with them, a recurring
    shortcoming's ``streak`` counts how many years in a row it has been reported. Two organisations' reports of
    the same year are compared side by side (``Diff.peer``), and last year's plans are then not checked.
    """
    earlier = [r for r in history_reports or () if r.year is not None and old.year is not None and r.year < old.year]
    alignment = align_sections(old, new)
    years = sorted({r.year for r in earlier if r.year is not None} | {y for y in (old.year, new.year) if y})
    result = Diff(
        old=_side(old),
        new=_side(new),
        sections=alignment.changes,
        figures=match_figures(with_ranks(old), with_ranks(new), alignment, measures_text(new)),
        initiatives=compare_initiatives(old, new),
        shortcomings=compare_shortcomings(old, new, earlier),
        plans=[],
        years_checked=years,
    )
    # One district's plans say nothing about what another district did in the same year.
    return result if result.peer else replace(result, plans=follow_up_plans(old, new))


def is_history_year(ref: str) -> bool:
    """True when ``ref`` names a year in history rather than a file (as ``open_report`` reads it)."""
    return bool(_YEAR_RE.match(ref)) and not Path(ref).exists()


def earlier_years(history: Path, year: int) -> list[Report]:
    """The stored reports of the consecutive years just before ``year`` (2022, 2021, … until a gap)."""
    stored = set(history_years(history))
    reports: list[Report] = []
    previous = year - 1
    while previous in stored:
        reports.append(load_year(history, previous))
        previous -= 1
    return reports


def open_refs(old_ref: str, new_ref: str, history: Path) -> tuple[Report, Report, list[Report]]:
    """The two reports named as the user typed them, and the stored reports of the years before the old one.

    The earlier years are only read when the old report is a year in history and the new one is later.
    """
    old = open_report(old_ref, history)
    new = open_report(new_ref, history)
    earlier: list[Report] = []
    if is_history_year(old_ref) and old.year is not None and (new.year is None or new.year > old.year):
        earlier = earlier_years(history, old.year)
    return old, new, earlier


def diff_refs(old_ref: str, new_ref: str, history: Path) -> Diff:
    """Compare two reports named as the user typed them: a year in ``history`` or a .txt/.docx/.html/.yaml file.

    When the old report is a year in history, the years stored before it are read too, to count how many
    years in a row each recurring shortcoming has been reported.
    """
    old, new, earlier = open_refs(old_ref, new_ref, history)
    return diff_reports(old, new, history_reports=earlier)
