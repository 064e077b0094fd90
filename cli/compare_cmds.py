"""Commands that compare reports: diff, redline and trend."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from reportgen.cli.common import HistoryOption, echo, handles_errors, locate, resolve_history, shown
from reportgen.compare.render import FORMATS, check_format, render

from reportgen.fsutil import atomic_write_bytes, atomic_write_text

app = typer.Typer()

TREND_FORMATS = ("text", "csv", "xlsx", "html", "json")


@app.command()
@handles_errors
def diff(
    old: Annotated[
        str, typer.Argument(help="The earlier report: a year in history (2023) or a .txt/.docx/.html/.yaml file.")
    ],
    new: Annotated[str, typer.Argument(help="The later report: a year in history or a file, in any mix with OLD.")],
    format: Annotated[str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")] = "text",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of the terminal.")] = None,
    history: HistoryOption = None,
) -> None:
    """Compare two reports: structure, figures, initiatives, shortcomings and last year's plans."""
    from reportgen.compare.diff import diff_refs  # numpy and rapidfuzz load only when diff runs

    fmt = check_format(format)
    result = diff_refs(old, new, resolve_history(history))
    to_terminal = out is None and sys.stdout.isatty()
    text = render(result, fmt, color=to_terminal, width=None if to_terminal else 100)
    if out is None:
        echo(text)
    else:
        atomic_write_text(out, text)
        echo(f"wrote {fmt} diff to {out}")


@app.command()
@handles_errors
def redline(
    old: Annotated[str, typer.Argument(help="The earlier report: a year in history (2023) or a report file.")],
    new: Annotated[str, typer.Argument(help="The later report: a year in history or a report file.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="The .docx to write (default: output/redline-OLD-NEW.docx)."),
    ] = None,
    history: HistoryOption = None,
) -> None:
    """Write the new report as Word tracked changes against the old one, with comments on figures,
    recurring shortcomings and plans not followed up."""
    from reportgen.compare.redline import write_redline  # python-docx and lxml load only here

    location = locate(history)
    result, path = write_redline(old, new, location.history, out, base=location.base)
    echo(f"wrote {shown(path)}: {result.summary.line()}")


@app.command()
@handles_errors
def trend(
    history: HistoryOption = None,
    years: Annotated[
        str | None, typer.Option("--years", help="Only these years: 2021-2024, or one year.", show_default=False)
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=f"Output format: {', '.join(TREND_FORMATS)}.")] = "text",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write to this file (default: the terminal; XLSX: CHARTS/trend.xlsx)."),
    ] = None,
    charts: Annotated[
        Path | None,
        typer.Option("--charts", help="Folder for the PNG and SVG charts (default: output/trend).", show_default=False),
    ] = None,
    figures: Annotated[
        str | None,
        typer.Option(
            "--figures", help="Chart these figure ids (comma-separated; default: up to 8 present every year)."
        ),
    ] = None,
    no_charts: Annotated[bool, typer.Option("--no-charts", help="Draw no charts.")] = False,
) -> None:
    """Every figure across the years in history, year-on-year changes, recurring shortcomings, and charts."""
    from reportgen.compare.trend import run_trend  # numpy, rapidfuzz (and matplotlib for charts) load here

    to_terminal = out is None and sys.stdout.isatty()
    location = locate(history)
    result = run_trend(
        location.history,
        years=years,
        fmt=format,
        out=out,
        charts_dir=charts,
        figures=figures,
        charts=not no_charts,
        color=to_terminal and format == "text",
        base=location.base,
    )
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if result.charts:
        folder = result.charts[0].png.parent
        count = len(result.charts)
        typer.echo(f"wrote {count} chart{'' if count == 1 else 's'} (PNG and SVG) to {shown(folder)}", err=True)
    if result.out is not None:
        data = result.output if isinstance(result.output, bytes) else result.output.encode("utf-8")
        atomic_write_bytes(result.out, data)
        typer.echo(f"wrote {format} trend to {shown(result.out)}", err=True)
    else:
        assert isinstance(result.output, str)
        echo(result.output)
