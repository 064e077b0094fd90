"""Ingest: parse a report file and store it in history."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import UsageError
from reportgen.government import check_org
from reportgen.i18n import _
from reportgen.match.figures import match_figures
from reportgen.match.sections import align_sections
from reportgen.model import Report
from reportgen.parse import parse_text
from reportgen.read.documents import read_document
from reportgen.store import history_years, load_year, save_report

_log = logging.getLogger("reportgen")


@dataclass
class IngestResult:
    """What ingest stored, and anything the user should know."""

    report: Report
    path: Path
    notes: list[str] = field(default_factory=list)


def ingest_file(
    path: Path,
    history: Path,
    *,
    year: int | None = None,
    force: bool = False,
    org: str | None = None,
    expected_org: str | None = None,
    require_org: bool = False,
) -> IngestResult:
    """Parse ``path`` and store it as ``history/{year}.yaml`` with the original text beside it.

    ``org`` names the government when the text does not (or names it wrongly). A report of another government
    than ``expected_org`` (the workspace's) or than the years already stored is refused.
    """
    if path.suffix.lower() in (".yaml", ".yml"):
        raise UsageError(
            _("ingest takes a report (.txt, .docx, .pdf, .html), not a history file"), hint=_("copy it instead")
        )
    document = read_document(path)
    text = document.text
    report = parse_text(text, source=str(path))
    report.warnings = document.warnings + report.warnings
    for warning in report.warnings:
        _log.warning(warning)
    notes: list[str] = []
    if year is not None:
        if report.year is not None and report.year != year:
            notes.append(_("the text reads as {found}, stored as {year} as asked").format(found=report.year, year=year))
        report.year = year
    if report.year is None:
        raise UsageError(_("cannot tell the report's year from its text"), path=path, remedy="year")
    if org is not None and org.strip():
        report.org = org.strip()
    if report.org is None and expected_org is not None:
        report.org = expected_org
        notes.append(
            _("the report names no government; stored as {org}'s, as the workspace says").format(org=expected_org)
        )
    if report.org is None and require_org:
        raise UsageError(_("cannot tell which government wrote this report"), path=path, remedy="org")
    check_org(report, history, expected_org, source=path)
    if not report.title:
        notes.append(_("no title line found"))
    if not report.addressee:
        notes.append(_("no 主送机关 line found"))
    earlier = [y for y in history_years(history) if y < report.year]
    if earlier:
        kept, total = inherit_figure_ids(load_year(history, earlier[-1]), report)
        notes.append(
            _("{kept} of {total} figures keep their ids and labels from {year}").format(
                kept=kept, total=total, year=earlier[-1]
            )
        )
    stored = save_report(report, history, original_text=text, force=force)
    return IngestResult(report=report, path=stored, notes=notes)


def inherit_figure_ids(previous: Report, report: Report) -> tuple[int, int]:
    """Give ``report``'s figures the ids and labels of the figures they continue in ``previous``.

    Figures are paired by meaning (the matching ``reportgen diff`` uses), so the sheet, the draft and the
    trend line up across years. Returns (figures paired, figures in ``report``).
    """
    changes = match_figures(previous.figures, report.figures, align_sections(previous, report))
    taken: set[str] = set()
    for change in changes:
        if change.old is not None and change.new is not None:
            change.new.id, change.new.label = change.old.id, change.old.label
            taken.add(change.old.id)
    kept = len(taken)
    for figure in report.figures:
        if figure.id in taken and not any(c.new is figure and c.old is not None for c in changes):
            figure.id = f"{figure.id}.new"  # a positional id that an inherited one already uses
    return kept, len(report.figures)
