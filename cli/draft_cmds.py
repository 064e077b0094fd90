"""Commands that write next year's report: metrics and draft."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from reportgen.cli.common import HistoryOption, command, echo, handles_errors, locate, shown

from reportgen.figures import format_value

if TYPE_CHECKING:
    from reportgen.draft.run import DraftResult

app = typer.Typer()


@app.command()
@handles_errors
def metrics(
    year: Annotated[int, typer.Argument(help="The year to report on, e.g. 2024.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="The sheet to write: .xlsx, .csv or .yaml (default: metrics/YEAR.xlsx)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing sheet (it may hold filled-in values).")
    ] = False,
    history: HistoryOption = None,
) -> None:
    """Write the fill-in sheet of YEAR's figures, one row per figure of the latest earlier report."""
    from reportgen.draft.run import make_metrics

    location = locate(history)
    result = make_metrics(year, location.history, out=out, force=force, base=location.base)
    echo(
        f"metrics {result.year}: {result.figures} figures from the {result.previous_year} report"
        f" -> {shown(result.path)}"
    )
    given: list[str | Path] = ["--history", location.history] if history is not None else []
    echo(f"fill in the value column, then: {command('draft', str(result.year), '--metrics', result.path, *given)}")


@app.command()
@handles_errors
def draft(
    year: Annotated[int, typer.Argument(help="The year to report on, e.g. 2024.")],
    metrics: Annotated[
        Path | None,
        typer.Option("--metrics", help="The filled-in sheet (.xlsx, .csv or .yaml) from `reportgen metrics`."),
    ] = None,
    narrative: Annotated[
        Path | None,
        typer.Option("--narrative", help="YAML of new section texts, sections, initiatives, shortcomings and plans."),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Folder of Jinja2 templates to use before the built-in ones (sandboxed)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="The DOCX to write (default: output/YEAR.docx).", show_default=False)
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail if any figure has no new value.")] = False,
    history: HistoryOption = None,
) -> None:
    """Draft YEAR's report from the latest earlier one, with the .txt and .review.md beside the DOCX.

    Figures without a new value keep last year's, marked 【待核】; paragraphs not rewritten are carried
    over with their years moved on, marked 【沿用上年，请核改】.
    """
    from reportgen.draft.run import draft_report

    location = locate(history)
    result = draft_report(
        year,
        location.history,
        metrics=metrics,
        narrative=narrative,
        templates=templates,
        out=out,
        strict=strict,
        base=location.base,
    )
    echo(summary(result))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def summary(result: DraftResult) -> str:
    """What the draft command prints: the figure counts, the carried figures, the carried paragraphs, the files."""
    model = result.model
    carried = model.figures_with("carried")
    updated = model.figures_with("updated")
    dropped = model.figures_with("dropped")
    lines = [
        f"draft {model.year} (from {model.previous_year}): {len(carried) + len(updated)} figures"
        f" — {len(updated)} updated, {len(carried)} carried over (marked 【待核】)"
    ]
    if carried:
        id_width = max(_width(f.id) for f in carried)
        label_width = max(_width(f.label) for f in carried)
        for f in carried:
            lines.append(f"  {_pad(f.id, id_width)}  {_pad(f.label, label_width)}  {f.previous_raw}")
    if dropped:
        lines.append(f"{len(dropped)} figures left out with their replaced or removed text:")
        for f in dropped:
            given = f" (the sheet's {format_value(f.value)}{f.unit} is not used)" if f.value is not None else ""
            lines.append(f"  {f.id}  {f.label}  {f.previous_raw}{given}")
    paragraphs = model.carried_paragraphs()
    lines.append(f"{len(paragraphs)} paragraphs carried over (marked 【沿用上年，请核改】)")
    lines += [f"warning: {w}" for w in result.warnings]
    lines += [f"note: {h}" for h in result.hints]
    for path in (result.paths.docx, result.paths.text, result.paths.review):
        lines.append(f"wrote {shown(path)}")
    return "\n".join(lines)
