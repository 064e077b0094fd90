"""The two commands as plain functions: make the metrics sheet, and draft the report.

``draft_report`` reads and checks every input and returns the draft's files as values; the caller writes them, so
a bad sheet, narrative file or template leaves every folder as it was.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.draft.compose import compose
from reportgen.draft.limits import memory_limit, run_limited, time_limit
from reportgen.draft.metrics import MetricInputs, SheetRow, read_metrics_or_empty, sheet_rows
from reportgen.draft.model import DraftModel
from reportgen.draft.narrative import NarrativeBuilder, NarrativeInputs
from reportgen.draft.narrative_files import read_narrative_rows, read_narrative_yaml
from reportgen.draft.printed import printed_text
from reportgen.draft.review import review_markdown
from reportgen.draft.review_xlsx import review_xlsx
from reportgen.draft.templating import render_lines
from reportgen.errors import ReportgenError, SheetError, UsageError
from reportgen.history_schema import MAX_YEAR, MIN_YEAR
from reportgen.i18n import _
from reportgen.parse import parse_text
from reportgen.resolve import previous_year
from reportgen.store import load_year


def check_year(year: int) -> None:
    """Refuse years no report can have."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise UsageError(_("{year} is not a plausible report year").format(year=year))


@dataclass
class MetricsResult:
    """The fill-in sheet of ``year``: one row per figure of the ``previous_year`` report.

    The caller writes it with ``reportgen.draft.metrics.write_sheet`` (format by suffix, a filled-in sheet kept).
    """

    rows: list[SheetRow]
    year: int
    previous_year: int

    @property
    def figures(self) -> int:
        """How many figures the sheet asks for."""
        return len(self.rows)


def make_metrics(year: int, history: Path) -> MetricsResult:
    """The fill-in sheet for ``year`` from the latest earlier report in ``history``."""
    check_year(year)
    start = previous_year(history, year)
    return MetricsResult(rows=sheet_rows(load_year(history, start)), year=year, previous_year=start)


@dataclass
class DraftResult:
    """The draft: its model, its text, the review list as Markdown and as a workbook, the DOCX, and warnings.

    The caller writes the files; ``reportgen draft`` puts them beside each other (2024.docx, 2024.txt,
    2024.review.md, 2024.review.xlsx).
    """

    model: DraftModel
    text: str
    review: str
    docx: bytes
    review_xlsx: bytes
    metrics: Path | None = None
    narrative: Path | None = None
    warnings: list[str] = field(default_factory=list)


def load_inputs(
    year: int, history: Path, metrics: Path | None, narrative: Path | None
) -> tuple[int, MetricInputs, NarrativeInputs, DraftModel]:
    """Last year's report and the checked inputs, composed into the draft model."""
    base = previous_year(history, year)
    previous = load_year(history, base)
    metric_inputs = read_metrics_or_empty(metrics, previous, year)
    builder = NarrativeBuilder(previous, year)
    if narrative is not None:
        read_narrative_yaml(narrative, builder)
    if metrics is not None and metric_inputs.narrative_rows:
        read_narrative_rows(metric_inputs.narrative_rows, metrics, builder)
    narrative_inputs = builder.build()
    model = compose(previous, year, previous_year=base, metrics=metric_inputs, narrative=narrative_inputs)
    return base, metric_inputs, narrative_inputs, model


def readback_warnings(text: str, model: DraftModel) -> list[str]:
    """Ways in which the rendered text does not parse back to the draft's outline (custom templates)."""
    try:
        report = parse_text(text)
    except ReportgenError as exc:
        return [_("the text does not read back as a report: {message}").format(message=exc.message)]
    warnings = []
    expected = [len(p.sections) for p in model.parts]
    found = [len(p.sections) for p in report.parts]
    if found != expected:
        warnings.append(
            _("the text reads back as {count} parts with {found} sections, not {expected}").format(
                count=len(found), found=found, expected=expected
            )
        )
    if len(report.shortcomings) != len(model.shortcomings):
        warnings.append(
            _("the text reads back with {got} shortcomings, not {want}").format(
                got=len(report.shortcomings), want=len(model.shortcomings)
            )
        )
    if len(report.plans) != len(model.plans):
        warnings.append(
            _("the text reads back with {got} plans, not {want}").format(got=len(report.plans), want=len(model.plans))
        )
    if report.date != model.date:
        warnings.append(
            _("the text reads back with date {got}, not {want}").format(got=repr(report.date), want=repr(model.date))
        )
    return warnings


def _strict_error(model: DraftModel, metrics: Path | None) -> SheetError:
    carried = model.figures_with("carried")
    listed = ", ".join(f.id for f in carried[:10]) + (
        _(" … and {count} more").format(count=len(carried) - 10) if len(carried) > 10 else ""
    )
    return SheetError(
        _("{count} figures have no new value: {listed}").format(count=len(carried), listed=listed),
        path=metrics,
        remedy="fill_or_carry",
        problem="missing_values",
        facts={"count": len(carried), "listed": listed},
    )


def render_draft(
    model: DraftModel, templates: Path | None, sources: list[str], sheet: str = "metrics"
) -> tuple[str, list[str], str, bytes]:
    """The draft's text, read-back warnings, review list and DOCX bytes (with the review list as comments).

    ``sheet`` names the metrics sheet the comments on carried figures point to.
    """
    lines = render_lines(model, templates)
    text = printed_text(lines)
    warnings = readback_warnings(text, model)
    review = review_markdown(model, sources=sources)

    # lazy for start-up: python-docx (``reportgen metrics`` imports this module too)
    from reportgen.draft.comments import add_review_comments
    from reportgen.word_layout import build_document

    document = build_document(lines)
    add_review_comments(document, model, sheet=sheet)
    buffer = io.BytesIO()
    document.save(buffer)
    return text, warnings, review, buffer.getvalue()


def draft_report(
    year: int,
    history: Path,
    *,
    metrics: Path | None = None,
    narrative: Path | None = None,
    templates: Path | None = None,
    strict: bool = False,
    sheet: str | None = None,
) -> DraftResult:
    """Draft the report of ``year``: check the inputs, compose, render and lay out; nothing is written.

    ``strict`` refuses a draft in which any figure has no new value. ``sheet`` is how the review comments name
    the metrics sheet to fill in (default: ``metrics``, else ``metrics/YEAR.xlsx``).
    """
    check_year(year)
    model = load_inputs(year, history, metrics, narrative)[3]
    if strict and model.figures_with("carried"):
        raise _strict_error(model, metrics)
    sources = [f"数据表 {metrics}"] if metrics is not None else []
    if narrative is not None:
        sources.append(f"文字 {narrative}")
    if sheet is None:
        sheet = str(metrics if metrics is not None else Path("metrics") / f"{year}.xlsx")
    if templates is None:
        text, warnings, review, docx = render_draft(model, None, sources, sheet)
    else:
        # A user's templates are untrusted: the whole rest of the draft (render, read back, lay out) runs
        # under one time and memory limit, in a child process.
        seconds, memory = time_limit(), memory_limit()
        text, warnings, review, docx = run_limited(
            render_draft, model, templates, sources, sheet, seconds=seconds, memory=memory, what=str(templates)
        )
    return DraftResult(
        model=model,
        text=text,
        review=review,
        docx=docx,
        review_xlsx=review_xlsx(model),
        metrics=metrics,
        narrative=narrative,
        warnings=warnings,
    )
