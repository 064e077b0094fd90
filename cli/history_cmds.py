"""Commands on stored reports: ingest and show."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from reportgen.cli.common import HistoryOption, echo, handles_errors, resolve_history

from reportgen.errors import UsageError

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
    """Parse a report and store it in history as YEAR.yaml, with its original text beside it."""
    if year is not None and not 1990 <= year <= 2100:
        raise UsageError(f"--year {year} is not a plausible report year")
    from reportgen.ingest import ingest_file

    result = ingest_file(file, resolve_history(history), year=year, force=force)
    report = result.report
    echo(
        f"stored {report.org or '?'} {report.year}: {len(report.parts)} parts, "
        f"{sum(len(p.sections) for p in report.parts)} sections, {len(report.figures)} figures, "
        f"{len(report.shortcomings)} shortcomings, {len(report.plans)} plans -> {result.path}"
    )
    for note in result.notes:
        echo(f"note: {note}")


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
