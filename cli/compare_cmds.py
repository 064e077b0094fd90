"""Commands that compare reports: diff."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from reportgen.cli.common import HistoryOption, echo, handles_errors, resolve_history
from reportgen.compare.render import FORMATS, check_format, render

from reportgen.fsutil import atomic_write_text

app = typer.Typer()


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
