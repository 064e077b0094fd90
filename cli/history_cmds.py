"""Commands on stored reports: ingest and show."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from reportgen.cli.common import HistoryOption, echo, handles_errors, locate, resolve_history, shown

from reportgen.errors import UsageError
from reportgen.model import Report

app = typer.Typer()


@app.command()
@handles_errors
def ingest(
    file: Annotated[
        Path,
        typer.Argument(
            help="The report: .txt (UTF-8/GBK/GB18030), .docx, .pdf, .html, or .doc/.wps/.odt through LibreOffice."
        ),
    ],
    year: Annotated[int | None, typer.Option(help="The report's year (default: read from the text).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a year already in history (kept as backup).")] = False,
    history: HistoryOption = None,
) -> None:
    """Parse a report and store it in history as YEAR.yaml, with its original text beside it.

    In a workspace, a report of another government is refused. The built-in example is never written to.
    """
    if year is not None and not 1990 <= year <= 2100:
        raise UsageError(f"--year {year} is not a plausible report year")
    from reportgen.ingest import ingest_file
    from reportgen.workspace import writable_history

    location = locate(history)
    result = ingest_file(file, writable_history(location), year=year, force=force, expected_org=location.expected_org)
    _stored(result.report, result.path, result.notes)


def _stored(report: Report, path: Path, notes: list[str]) -> None:
    echo(
        f"stored {report.org or '?'} {report.year}: {len(report.parts)} parts, "
        f"{sum(len(p.sections) for p in report.parts)} sections, {len(report.figures)} figures, "
        f"{len(report.shortcomings)} shortcomings, {len(report.plans)} plans -> {shown(path)}"
    )
    for note in notes:
        echo(f"note: {note}")


@app.command()
@handles_errors
def init(
    source: Annotated[
        Path,
        typer.Option("--from", help="The government's latest report: .txt (UTF-8/GBK/GB18030), .docx or .html."),
    ],
    year: Annotated[int | None, typer.Option(help="The report's year (default: read from the text).")] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="The government's name, when the report does not sign it.")
    ] = None,
) -> None:
    """Make this folder a workspace for one government: reportgen.yaml and history/ holding its report.

    Every command run here or below then uses this history; reports of another government are refused.
    """
    if year is not None and not 1990 <= year <= 2100:
        raise UsageError(f"--year {year} is not a plausible report year")
    from reportgen.workspace import init_workspace

    result = init_workspace(Path.cwd(), source, year=year, org=org)
    _stored(result.report, result.stored, result.notes)
    echo(f"workspace of {result.workspace.org} -> {shown(result.workspace.config)}")
    if result.report.year is not None:
        echo(f"next: reportgen metrics {result.report.year + 1}")


@app.command()
@handles_errors
def show(
    report: Annotated[str, typer.Argument(help="A year in history (2023) or a report file.")],
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    history: HistoryOption = None,
) -> None:
    """Print a report's outline, shortcomings, plans and every figure."""
    if format not in ("text", "json"):
        raise UsageError(f"--format must be text or json, not {format}")
    from reportgen.resolve import open_report
    from reportgen.show import render_outline, report_json

    loaded = open_report(report, resolve_history(history))
    echo(report_json(loaded) if format == "json" else render_outline(loaded))
