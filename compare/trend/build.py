"""Every figure across all the years in history, and the shortcomings reported year after year: ``reportgen trend``.

Figures are lined up one pair of consecutive stored years at a time, then the pairs are chained:

1. by id, when both years carry the same curated id (``review.cases_accepted``); the positional ids that ingest
   gives (``f5.2.1``: part, section, position) say nothing about meaning and are never matched by id;
2. otherwise by meaning, exactly as ``diff`` does (``figures.match_figures``: label, clause and aligned place).

A figure missing one year ends its line; if it comes back later it starts a new one. Values are given in the unit
of the latest year that has the figure (398.6406万元 becomes 3986406 when the figure is later written in 元), so a
line can be read across the years. The year-on-year change is taken between neighbouring years in the selection
(a gap in history makes the step longer than a year, and the years shown say so).

Shortcomings are chained the same way with ``shortcomings.compare_shortcomings``; a shortcoming reported in
consecutive years is one thread, and ``streak`` is the number of years in its unbroken run up to its last year.

The values are ``series.Trend``; ``json_contract`` writes the ``reportgen.trend/1`` contract.
"""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.compare.trend.series import Series, Thread, Trend

from reportgen.errors import HistoryError, OtherGovernmentError, UsageError
from reportgen.government import same_org
from reportgen.i18n import _
from reportgen.match.figures import match_figures
from reportgen.match.sections import align_sections
from reportgen.match.shortcomings import compare_shortcomings
from reportgen.model import Item, Report
from reportgen.store import history_years, load_year

POSITIONAL_ID_RE = re.compile(r"^f\d+\.\d+\.\d+$")
MAX_CHARTS = 8
_YEARS_RE = re.compile(r"^\s*(\d{4})\s*(?:[-–—~]\s*(\d{4})\s*)?$")


def parse_years(text: str | None) -> tuple[int, int] | None:
    """``2021-2024`` or ``2023`` as a closed range; None for no filter. A malformed range is a UsageError."""
    if text is None:
        return None
    m = _YEARS_RE.match(text)
    if m is None:
        raise UsageError(
            _("a year range must look like 2021-2024 or 2023, not {text}").format(text=repr(text)),
            problem="years_format",
            facts={"text": repr(text)},
        )
    first = int(m.group(1))
    last = int(m.group(2) or first)
    if last < first:
        raise UsageError(
            _("the year range {text} ends before it starts").format(text=text),
            problem="years_backwards",
            facts={"text": text},
        )
    return first, last


def load_history(history: Path, years: tuple[int, int] | None = None) -> list[Report]:
    """The stored reports in ``history`` within ``years`` (inclusive), oldest first."""
    stored = history_years(history)
    chosen = [y for y in stored if years is None or years[0] <= y <= years[1]]
    if not chosen:
        listed = ", ".join(map(str, stored)) or _("none")
        if years is None:
            message = _("no reports in history (years stored: {listed})")
        elif years[0] != years[1]:
            message = _("no reports in history for {first}–{last} (years stored: {listed})")
        else:
            message = _("no reports in history for {first} (years stored: {listed})")
        first, last = years or (None, None)
        raise HistoryError(message.format(first=first, last=last, listed=listed), path=history)
    return [load_year(history, y) for y in chosen]


def _curated(figure_id: str) -> bool:
    return not POSITIONAL_ID_RE.match(figure_id)


def _link(previous: Report, current: Report) -> dict[int, tuple[int, str]]:
    """current figure index → (previous figure index, how): by curated id first, then by meaning."""
    links: dict[int, tuple[int, str]] = {}
    earlier = {f.id: k for k, f in enumerate(previous.figures) if _curated(f.id)}
    for j, figure in enumerate(current.figures):
        i = earlier.get(figure.id) if _curated(figure.id) else None
        if i is not None and previous.figures[i].base_unit == figure.base_unit:
            links[j] = (i, "id")
    taken = {i for i, _ in links.values()}
    old_rest = [k for k in range(len(previous.figures)) if k not in taken]
    new_rest = [k for k in range(len(current.figures)) if k not in links]
    if old_rest and new_rest:
        alignment = align_sections(previous, current)
        olds = [previous.figures[k] for k in old_rest]
        news = [current.figures[k] for k in new_rest]
        old_at = {id(f): k for f, k in zip(olds, old_rest, strict=True)}
        new_at = {id(f): k for f, k in zip(news, new_rest, strict=True)}
        for change in match_figures(olds, news, alignment):
            if change.old is not None and change.new is not None:
                links[new_at[id(change.new)]] = (old_at[id(change.old)], "meaning")
    return links


def _name_series(series: list[Series]) -> None:
    """Give each series its id, label and unit: a curated id (and its label) wins; ids are unique."""
    seen: set[str] = set()
    for s in series:
        years = s.years
        curated = next((s.figures[y] for y in years if _curated(s.figures[y].id)), None)
        named = curated or s.figures[years[0]]
        latest = s.figures[years[-1]]
        s.id = named.id if named.id not in seen else f"{named.id}@{years[0]}"
        s.label = named.label if curated is not None else latest.label
        s.unit = latest.unit
        seen.add(s.id)


def _threads(reports: list[Report]) -> list[Thread]:
    threads: list[dict[int, Item]] = []
    current: dict[int, int] = {}  # item index in the latest report seen → thread index
    previous: Report | None = None
    for report in reports:
        assert report.year is not None
        following: dict[int, int] = {}
        links: dict[int, int] = {}
        if previous is not None and previous.year is not None and report.year == previous.year + 1:
            for change in compare_shortcomings(previous, report):
                if change.status == "recurring" and change.old is not None and change.new is not None:
                    links[report.shortcomings.index(change.new)] = previous.shortcomings.index(change.old)
        for j, item in enumerate(report.shortcomings):
            i = links.get(j)
            if i is not None and i in current:
                k = current[i]
            else:
                k = len(threads)
                threads.append({})
            threads[k][report.year] = item
            following[j] = k
        current = following
        previous = report
    recurring = [Thread(items) for items in threads if len(items) > 1]
    return sorted(recurring, key=lambda t: (-t.streak, -t.years[-1], t.years[0]))


def build_trend(reports: list[Report]) -> Trend:
    """Line up the figures and shortcomings of ``reports`` (any order; each must know its year)."""
    dated = sorted((r for r in reports if r.year is not None), key=lambda r: r.year or 0)
    if len(dated) != len(reports):
        raise HistoryError(_("every report in a trend needs its year"))
    years = [r.year for r in dated if r.year is not None]
    if len(set(years)) != len(years):
        raise HistoryError(_("two reports of the same year in one trend"))
    series: list[Series] = []
    live: dict[int, Series] = {}
    previous: Report | None = None
    for report in dated:
        assert report.year is not None
        links = _link(previous, report) if previous is not None else {}
        following: dict[int, Series] = {}
        for j, figure in enumerate(report.figures):
            link = links.get(j)
            if link is not None and link[0] in live:
                s = live[link[0]]
                s.linked_by[report.year] = link[1]
            else:
                s = Series(figure.id, figure.label, figure.unit)
                series.append(s)
            s.figures[report.year] = figure
            following[j] = s
        live = following
        previous = report
    _name_series(series)
    orgs = list(dict.fromkeys(r.org for r in dated if r.org))
    sources = [r.source or "" for r in dated]
    return Trend(years, orgs, sources, series, _threads(dated))


def trend_refs(history: Path, years: str | None = None) -> Trend:
    """The trend of the stored reports in ``history``, optionally only ``years`` (``2021-2024``)."""
    reports = load_history(history, parse_years(years))
    check_one_government(reports, history)
    return build_trend(reports)


def check_one_government(reports: list[Report], history: Path) -> None:
    """Refuse a trend across two governments' reports: their figures are not one series."""
    named = [(r.year, r.org) for r in reports if r.org]
    for year, org in named[1:]:
        first_year, first_org = named[0]
        if not same_org(first_org, org):
            raise OtherGovernmentError(
                _(
                    "history holds reports of two governments: {first_org} ({first_year}) and {org} ({year});"
                    " a trend never mixes them"
                ).format(first_org=first_org, first_year=first_year, org=org, year=year),
                path=history,
                remedy="workspace_or_years",
            )


# --- choosing what to chart ----------------------------------------------------------------------------------


def chart_series(trend: Trend, wanted: str | None = None, limit: int = MAX_CHARTS) -> list[Series]:
    """The series to draw: those named in ``wanted`` (comma-separated ids), else up to ``limit`` of those present
    in every year, the ones that changed first (in report order)."""
    if wanted:
        by_id = {s.id: s for s in trend.series}
        chosen: list[Series] = []
        for key in (k.strip() for k in wanted.split(",")):
            if not key:
                continue
            if key not in by_id:
                known = ", ".join(s.id for s in trend.series[:12])
                raise UsageError(
                    _("no figure {key} in the trend").format(key=repr(key)),
                    problem="unknown_figure",
                    facts={"key": repr(key)},
                    hint=_("ids include: {known}").format(known=known),
                )
            chosen.append(by_id[key])
        return chosen
    full = [s for s in trend.series if len(s.figures) == len(trend.years)]
    changed = [s for s in full if len(set(s.values.values())) > 1]
    steady = [s for s in full if len(set(s.values.values())) <= 1]
    return (changed + steady)[:limit]
