"""Commands that write next year's report: metrics and draft."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from reportgen.cli.common import (
    ForceOption,
    HistoryOption,
    LocalizedCommand,
    command,
    echo,
    file_for,
    handles_errors,
    is_stdout,
    locate,
    shown,
    warn,
    write_output,
    wrote,
)
from reportgen.cli.paths import DraftPaths, draft_docx, metrics_sheet, require_suffix

from reportgen.errors import UsageError
from reportgen.i18n import _

if TYPE_CHECKING:
    from reportgen.draft.run import DraftResult

app = typer.Typer()


@app.command(
    cls=LocalizedCommand,
    help=_("Write the fill-in sheet of YEAR's figures, one row per figure of the latest earlier report."),
)
@handles_errors
def metrics(
    year: Annotated[int, typer.Argument(help=_("The year to report on, e.g. 2024."))],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help=_("The sheet to write: .xlsx, .csv or .yaml, or - for CSV on stdout (default: metrics/YEAR.xlsx)."),
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=_("Replace an existing sheet (it may hold filled-in values)."))
    ] = False,
    history: HistoryOption = None,
) -> None:
    # lazy for start-up: the draft modules, openpyxl
    from reportgen.draft.metrics import write_sheet
    from reportgen.draft.run import make_metrics

    location = locate(history)
    with file_for(out, f"{year}.csv") as target:
        path = target if target is not None else metrics_sheet(location.base, year)
        result = make_metrics(year, location.history)
        write_sheet(result.rows, path, year=result.year, previous_year=result.previous_year, force=force)
    if is_stdout(out):
        return
    warn(
        _("metrics {year}: {count} figures from the {previous} report -> {path}").format(
            year=result.year, count=result.figures, previous=result.previous_year, path=shown(path)
        )
    )
    given: list[str | Path] = ["--history", location.history] if history is not None else []
    warn(
        _("fill in the value column, then: {command}").format(
            command=command("draft", str(result.year), "--metrics", path, *given)
        )
    )


@app.command(
    cls=LocalizedCommand,
    help=_(
        "Draft YEAR's report from the latest earlier one, with the .txt and .review.md beside the DOCX.\n\n"
        "Figures without a new value keep last year's, marked 【待核】; paragraphs not rewritten are carried "
        "over with their years moved on, marked 【沿用上年，请核改】."
    ),
)
@handles_errors
def draft(
    year: Annotated[int, typer.Argument(help=_("The year to report on, e.g. 2024."))],
    metrics: Annotated[
        Path | None,
        typer.Option("--metrics", help=_("The filled-in sheet (.xlsx, .csv or .yaml) from `reportgen metrics`.")),
    ] = None,
    narrative: Annotated[
        Path | None,
        typer.Option(
            "--narrative", help=_("YAML of new section texts, sections, initiatives, shortcomings and plans.")
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help=_("Folder of Jinja2 templates to use before the built-in ones (sandboxed).")),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help=_("The DOCX to write, or - for the DOCX alone on stdout (default: output/YEAR.docx)."),
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help=_("Fail if any figure has no new value."))] = False,
    force: ForceOption = False,
    pdf: Annotated[
        bool, typer.Option("--pdf", help=_("Also write a PDF beside the DOCX (needs LibreOffice)."))
    ] = False,
    history: HistoryOption = None,
) -> None:
    # lazy for start-up: the draft modules, python-docx, and the file-safety helpers
    from reportgen.draft.run import check_year, draft_report
    from reportgen.outputs import claim
    from reportgen.outputs import write_output as write_recorded
    from reportgen.pdf_export import docx_to_pdf

    location = locate(history)
    to_stdout = is_stdout(out)
    if to_stdout and pdf:
        raise UsageError(_("--pdf needs a file to write beside: give --out a file name, not -"))
    check_year(year)
    paths = None
    if not to_stdout:
        paths = DraftPaths.beside(out if out is not None else draft_docx(location.base, year))
        require_suffix(paths.docx, ".docx", _("--out must be a .docx file, not {name}"))
        paths.refuse_history(location.history)
    default_sheet = metrics_sheet(location.base, year)
    result = draft_report(
        year,
        location.history,
        metrics=metrics,
        narrative=narrative,
        templates=templates,
        strict=strict,
        sheet=str(metrics if metrics is not None else default_sheet),
    )
    if paths is not None:
        claim(paths.all(), force=force)
        for path, data in zip(
            paths.all(),
            (result.docx, result.text.encode("utf-8"), result.review.encode("utf-8"), result.review_xlsx),
            strict=True,
        ):
            write_recorded(path, data)
    # With -o - the DOCX is the data on stdout, so the summary becomes a status line on stderr.
    (warn if to_stdout else echo)(summary(result))
    for warning in result.warnings:
        warn(_("warning: {message}").format(message=warning))
    if metrics is None and default_sheet.exists():
        hint = _("{sheet} exists but was not used: pass --metrics {sheet}").format(sheet=default_sheet)
        warn(_("note: {message}").format(message=hint))
    if paths is None:
        write_output(Path("-"), result.docx)
        return
    for path in paths.all():
        wrote(path)
    if pdf:
        wrote(docx_to_pdf(paths.docx, force=force))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def summary(result: DraftResult) -> str:
    """What the draft command prints: the figure counts, the carried figures, the carried paragraphs, the files."""
    from reportgen.figures import format_value  # lazy for start-up: the figure patterns, not needed by --help

    model = result.model
    carried = model.figures_with("carried")
    updated = model.figures_with("updated")
    dropped = model.figures_with("dropped")
    lines = [
        _(
            "draft {year} (from {previous}): {total} figures — {updated} updated, "
            "{carried} carried over (marked 【待核】)"
        ).format(
            year=model.year,
            previous=model.previous_year,
            total=len(carried) + len(updated),
            updated=len(updated),
            carried=len(carried),
        )
    ]
    if carried:
        id_width = max(_width(f.id) for f in carried)
        label_width = max(_width(f.label) for f in carried)
        for f in carried:
            lines.append(f"  {_pad(f.id, id_width)}  {_pad(f.label, label_width)}  {f.previous_raw}")
    if dropped:
        lines.append(_("{count} figures left out with their replaced or removed text:").format(count=len(dropped)))
        for f in dropped:
            given = (
                _(" (the sheet's {value} is not used)").format(value=f"{format_value(f.value)}{f.unit}")
                if f.value is not None
                else ""
            )
            lines.append(f"  {f.id}  {f.label}  {f.previous_raw}{given}")
    paragraphs = model.carried_paragraphs()
    lines.append(_("{count} paragraphs carried over (marked 【沿用上年，请核改】)").format(count=len(paragraphs)))
    return "\n".join(lines)
