"""Commands that compare reports: diff, redline and trend."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from reportgen.cli.common import (
    ForceOption,
    HistoryOption,
    LocalizedCommand,
    color_wanted,
    echo,
    file_for,
    handles_errors,
    is_stdout,
    locate,
    resolve_history,
    shown,
    warn,
    write_output,
)

from reportgen.i18n import _, ngettext

app = typer.Typer()


class DiffFormat(StrEnum):
    """Formats of ``diff`` (the same as reportgen.compare.render.FORMATS)."""

    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"


class TrendFormat(StrEnum):
    """Formats of ``trend`` (the same as reportgen.compare.trend.render.TREND_FORMATS)."""

    text = "text"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    json = "json"


@app.command(
    cls=LocalizedCommand,
    help=_("Compare two reports: structure, figures, initiatives, shortcomings and last year's plans."),
)
@handles_errors
def diff(
    old: Annotated[
        str,
        typer.Argument(help=_("The earlier report: a year in history (2023) or a .txt/.docx/.html/.yaml file.")),
    ],
    new: Annotated[str, typer.Argument(help=_("The later report: a year in history or a file, in any mix with OLD."))],
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help=_("Output format."))] = DiffFormat.text,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help=_("Write to this file instead of standard output (- for stdout).")),
    ] = None,
    force: ForceOption = False,
    history: HistoryOption = None,
) -> None:
    from reportgen.compare.diff import diff_refs  # numpy and rapidfuzz load only when diff runs
    from reportgen.compare.render.formats import check_format, render

    result = diff_refs(old, new, resolve_history(history))
    to_stdout = out is None or is_stdout(out)
    to_terminal = to_stdout and sys.stdout.isatty()
    text = render(
        result, check_format(format.value), color=color_wanted(to_terminal), width=None if to_terminal else 100
    )
    if out is None or is_stdout(out):
        echo(text)
    else:
        write_output(out, text, force=force)
        warn(_("wrote {format} diff to {path}").format(format=format.value, path=out))


@app.command(
    cls=LocalizedCommand,
    help=_(
        "Write the new report as Word tracked changes against the old one, with comments on figures, "
        "recurring shortcomings and plans not followed up."
    ),
)
@handles_errors
def redline(
    old: Annotated[str, typer.Argument(help=_("The earlier report: a year in history (2023) or a report file."))],
    new: Annotated[str, typer.Argument(help=_("The later report: a year in history or a report file."))],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help=_("The .docx to write, or - for stdout (default: output/redline-OLD-NEW.docx).")
        ),
    ] = None,
    force: ForceOption = False,
    pdf: Annotated[
        bool, typer.Option("--pdf", help=_("Also write a PDF beside the DOCX (needs LibreOffice)."))
    ] = False,
    history: HistoryOption = None,
) -> None:
    from reportgen.compare.redline.document import write_redline  # python-docx and lxml load only here

    location = locate(history)
    with file_for(out, "redline.docx", pdf=pdf) as target:
        result, path = write_redline(old, new, location.history, target, base=location.base, force=force)
    if is_stdout(out):
        warn(result.summary.line())
        return
    warn(_("wrote {path}: {summary}").format(path=shown(path), summary=result.summary.line()))
    if pdf:
        from reportgen.pdf_export import docx_to_pdf

        warn(_("wrote {path}").format(path=shown(docx_to_pdf(path, force=force))))


@app.command(
    cls=LocalizedCommand,
    help=_("Every figure across the years in history, year-on-year changes, recurring shortcomings, and charts."),
)
@handles_errors
def trend(
    history: HistoryOption = None,
    years: Annotated[
        str | None,
        typer.Option("--years", help=_("Only these years: 2021-2024, or one year."), show_default=False),
    ] = None,
    format: Annotated[TrendFormat, typer.Option("--format", "-f", help=_("Output format."))] = TrendFormat.text,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help=_("Write to this file, - for stdout (default: the terminal; XLSX: output/trend/trend.xlsx)."),
        ),
    ] = None,
    charts: Annotated[
        Path | None,
        typer.Option(
            "--charts",
            help=_("Draw the PNG and SVG charts into this folder (without it no chart file is written)."),
            show_default=False,
        ),
    ] = None,
    figures: Annotated[
        str | None,
        typer.Option(
            "--figures",
            help=_("Chart these figure ids (comma-separated; default: up to 8 present every year); needs --charts."),
        ),
    ] = None,
    no_charts: Annotated[
        bool, typer.Option("--no-charts", help=_("Draw no charts, not even inside the HTML page or the XLSX workbook."))
    ] = False,
    force: ForceOption = False,
) -> None:
    from reportgen.compare.trend.run import run_trend  # numpy, rapidfuzz (and matplotlib for charts) load here

    to_stdout = is_stdout(out)
    to_terminal = (out is None or to_stdout) and sys.stdout.isatty()
    location = locate(history)
    result = run_trend(
        location.history,
        years=years,
        fmt=format.value,
        out=None if to_stdout else out,
        to_stdout=to_stdout,
        charts_dir=charts,
        figures=figures,
        charts=not no_charts,
        color=color_wanted(to_terminal) and format is TrendFormat.text,
        base=location.base,
        force=force,
    )
    for warning in result.warnings:
        warn(_("warning: {message}").format(message=warning))
    if result.charts:
        folder = result.charts[0].png.parent
        count = len(result.charts)
        warn(
            ngettext(
                "wrote {count} chart (PNG and SVG) to {folder}", "wrote {count} charts (PNG and SVG) to {folder}", count
            ).format(count=count, folder=shown(folder))
        )
    if to_stdout:
        write_output(Path("-"), result.output)
    elif result.out is not None:
        write_output(result.out, result.output, claimed=True)  # run_trend checked it
        warn(_("wrote {format} trend to {path}").format(format=format.value, path=shown(result.out)))
    else:
        assert isinstance(result.output, str)
        echo(result.output)
