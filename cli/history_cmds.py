"""Commands on stored reports: ingest, init and show."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from reportgen.cli.common import (
    ForceOption,
    HistoryOption,
    LocalizedCommand,
    TextOutOption,
    echo,
    handles_errors,
    is_stdout,
    locate,
    resolve_history,
    shown,
    warn,
    write_output,
    wrote,
)

from reportgen.errors import UsageError
from reportgen.i18n import _

if TYPE_CHECKING:
    from reportgen.model import Report

app = typer.Typer()


class ShowFormat(StrEnum):
    """Formats of ``show``."""

    text = "text"
    json = "json"


def _check_year_option(year: int | None) -> None:
    """Refuse a --year no report can have, before anything is read."""
    from reportgen.history_schema import MAX_YEAR, MIN_YEAR  # lazy for start-up: it loads the report model

    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise UsageError(_("--year {year} is not a plausible report year").format(year=year))


@app.command(
    cls=LocalizedCommand,
    help=_(
        "Parse a report and store it in history as YEAR.yaml, with its original text beside it.\n\n"
        "In a workspace, a report of another government is refused. The built-in example is never written to."
    ),
)
@handles_errors
def ingest(
    file: Annotated[
        Path,
        typer.Argument(
            help=_("The report: .txt (UTF-8/GBK/GB18030), .docx, .pdf, .html, or .doc/.wps/.odt through LibreOffice.")
        ),
    ],
    year: Annotated[int | None, typer.Option(help=_("The report's year (default: read from the text)."))] = None,
    force: Annotated[
        bool, typer.Option("--force", help=_("Replace a year already in history (kept as backup)."))
    ] = False,
    history: HistoryOption = None,
) -> None:
    _check_year_option(year)
    # lazy for start-up: the parser and the matching (numpy, rapidfuzz) load only for ingest
    from reportgen.ingest import ingest_file
    from reportgen.workspace import writable_history

    location = locate(history)
    result = ingest_file(file, writable_history(location), year=year, force=force, expected_org=location.expected_org)
    _stored(result.report, result.path, result.notes)


def _stored(report: Report, path: Path, notes: list[str]) -> None:
    warn(
        _(
            "stored {org} {year}: {parts} parts, {sections} sections, {figures} figures, "
            "{shortcomings} shortcomings, {plans} plans -> {path}"
        ).format(
            org=report.org or "?",
            year=report.year,
            parts=len(report.parts),
            sections=sum(len(p.sections) for p in report.parts),
            figures=len(report.figures),
            shortcomings=len(report.shortcomings),
            plans=len(report.plans),
            path=shown(path),
        )
    )
    for note in notes:
        warn(_("note: {message}").format(message=note))


@app.command(
    cls=LocalizedCommand,
    help=_(
        "Make this folder a workspace for one government: reportgen.yaml and history/ holding its report.\n\n"
        "Every command run here or below then uses this history; reports of another government are refused."
    ),
)
@handles_errors
def init(
    source: Annotated[
        Path,
        typer.Option("--from", help=_("The government's latest report: .txt (UTF-8/GBK/GB18030), .docx or .html.")),
    ],
    year: Annotated[int | None, typer.Option(help=_("The report's year (default: read from the text)."))] = None,
    org: Annotated[
        str | None, typer.Option("--org", help=_("The government's name, when the report does not sign it."))
    ] = None,
) -> None:
    _check_year_option(year)
    from reportgen.workspace import init_workspace  # lazy for start-up: PyYAML and the store load only here

    result = init_workspace(Path.cwd(), source, year=year, org=org)
    _stored(result.report, result.stored, result.notes)
    warn(_("workspace of {org} -> {path}").format(org=result.workspace.org, path=shown(result.workspace.config)))
    if result.report.year is not None:
        warn(_("next: reportgen metrics {year}").format(year=result.report.year + 1))


@app.command(cls=LocalizedCommand, help=_("Print a report's outline, shortcomings, plans and every figure."))
@handles_errors
def show(
    report: Annotated[str, typer.Argument(help=_("A year in history (2023) or a report file."))],
    format: Annotated[ShowFormat, typer.Option("--format", "-f", help=_("Output format."))] = ShowFormat.text,
    out: TextOutOption = None,
    force: ForceOption = False,
    history: HistoryOption = None,
) -> None:
    # lazy for start-up: the parser and the store load only for show
    from reportgen.resolve import open_report
    from reportgen.show import render_outline, report_json

    loaded = open_report(report, resolve_history(history))
    text = report_json(loaded) if format is ShowFormat.json else render_outline(loaded)
    if out is None or is_stdout(out):
        echo(text)
        return
    write_output(out, text if text.endswith("\n") else text + "\n", force=force)
    wrote(out)
