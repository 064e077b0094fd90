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
    TextOutOption,
    color_wanted,
    echo,
    handles_errors,
    is_stdout,
    locate,
    resolve_history,
    shown,
    warn,
    write_output,
)
from reportgen.cli.messages import error_text
from reportgen.cli.paths import redline_docx, require_suffix, trend_folder

from reportgen.errors import UsageError
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
    out: TextOutOption = None,
    force: ForceOption = False,
    history: HistoryOption = None,
) -> None:
    # lazy for start-up: numpy and rapidfuzz load only when diff runs
    from reportgen.compare.diff import diff_refs
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
    # lazy for start-up: python-docx, lxml, numpy
    from reportgen.compare.redline.document import redline_refs

    from reportgen.pdf_export import docx_to_pdf

    location = locate(history)
    to_stdout = is_stdout(out)
    if to_stdout and pdf:
        raise UsageError(_("--pdf needs a file to write beside: give --out a file name, not -"))
    if out is not None and not to_stdout:
        require_suffix(out, ".docx", _("--out must be a .docx file, not {name}"))
    result = redline_refs(old, new, location.history)
    if to_stdout:
        write_output(Path("-"), result.to_bytes())
        warn(result.summary.line())
        return
    path = out or redline_docx(location.base, (old, result.diff.old.year), (new, result.diff.new.year))
    write_output(path, result.to_bytes(), force=force)
    warn(_("wrote {path}: {summary}").format(path=shown(path), summary=result.summary.line()))
    if pdf:
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
    # lazy for start-up: numpy, rapidfuzz (matplotlib for charts), and the file-safety helpers
    from reportgen.compare.trend.run import run_trend

    from reportgen.outputs import claim
    from reportgen.outputs import write_output as write_recorded

    to_stdout = is_stdout(out)
    to_terminal = (out is None or to_stdout) and sys.stdout.isatty()
    location = locate(history)
    target = None if to_stdout else out
    if format is TrendFormat.xlsx and target is None and not to_stdout:
        target = (charts or trend_folder(location.base)) / "trend.xlsx"
    if target is not None and format is TrendFormat.xlsx:
        require_suffix(target, ".xlsx", _("--out must be an .xlsx file for --format xlsx, not {name}"))
    if no_charts and (charts is not None or figures):
        raise UsageError(_("--no-charts cannot be combined with --charts or --figures"))
    if figures and charts is None:
        raise UsageError(_("--figures chooses the charts to draw: give the folder with --charts DIR"))
    if target is not None:
        claim([target], force=force)  # before the trend is built: a refusal costs nothing
    result = run_trend(
        location.history,
        years=years,
        fmt=format.value,
        chart_folder=charts,
        figures=figures,
        charts=not no_charts,
        color=color_wanted(to_terminal) and format is TrendFormat.text,
    )
    # Every chart file is checked before any is written: a refusal leaves them all as they were.
    claim([path for chart in result.charts for path in (chart.png, chart.svg)], force=force)
    if result.skipped is not None:
        skipped = _("charts skipped: {reason}").format(reason=error_text(result.skipped))
        warn(_("warning: {message}").format(message=skipped))
    for chart in result.charts:
        write_recorded(chart.png, chart.png_data)
        write_recorded(chart.svg, chart.svg_data)
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
    elif target is not None:
        write_output(target, result.output, claimed=True)
        warn(_("wrote {format} trend to {path}").format(format=format.value, path=shown(target)))
    else:
        assert isinstance(result.output, str)
        echo(result.output)
