"""What the pages and the API do, each a call into the same library functions as the CLI.

Every function here is synchronous (the library is); the routes run them in a worker thread. Results
that the user downloads are kept in ``Results`` under generated ids; no request ever names a file.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportgen.draft.metrics import MetricInputs, SheetRow, check_metrics, sheet_rows, write_sheet
from reportgen.draft.problems import Problem
from reportgen.draft.run import DraftResult, check_year, draft_report
from reportgen.ingest import IngestResult, ingest_file
from reportgen.model import Report
from reportgen.outputs import claim_and_write
from reportgen.pdf_export import docx_to_pdf as convert
from reportgen.read.convert import soffice as find_soffice
from reportgen.resolve import previous_year
from reportgen.store import history_years, load_year
from reportgen.web.config import WebConfig

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# One lock for the sheets this server writes: two saves of the same year queue up rather than interleave.
# History writes take the history folder's own lock inside save_report, as the CLI does.
_SHEET_LOCK = threading.Lock()


@dataclass(frozen=True)
class Download:
    """A file made for the user: its name, type and bytes."""

    name: str
    media_type: str
    data: bytes


@dataclass
class Results:
    """Files made for downloads, by generated id; the oldest are dropped beyond ``limit``."""

    limit: int = 64
    _items: OrderedDict[str, Download] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, download: Download) -> str:
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._items[key] = download
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> Download | None:
        with self._lock:
            return self._items.get(key)


# --- history ---------------------------------------------------------------------------------------------


def hide_paths(text: str, config: WebConfig, names: dict[Path, str] | None = None) -> str:
    """``text`` with each uploaded file shown by its sender's name and the server's folders left out."""
    for path, name in (names or {}).items():
        text = text.replace(str(path), name)
    return text.replace(f"{config.history}/", "").replace(str(config.scratch), "")


def years(config: WebConfig) -> list[int]:
    """The years held in history."""
    return history_years(config.history)


def report(config: WebConfig, year: int) -> Report:
    """The stored report of ``year``."""
    return load_year(config.history, year)


def ingest(config: WebConfig, path: Path, *, year: int | None, force: bool) -> IngestResult:
    """Store an uploaded report in history, with the CLI's checks (``reportgen ingest``).

    A report of another government than the workspace's, or than the years already stored, is refused.
    """
    if year is not None:
        check_year(year)
    return ingest_file(path, config.history, year=year, force=force, expected_org=config.org)


def next_year(config: WebConfig) -> int | None:
    """The year to draft next: the one after the latest held."""
    held = years(config)
    return held[-1] + 1 if held else None


# --- the metrics sheet -----------------------------------------------------------------------------------


def sheet_path(config: WebConfig, year: int) -> Path:
    """Where the sheet of ``year`` is kept: metrics/YEAR.xlsx in the work folder, as `reportgen metrics` writes."""
    return config.work / "metrics" / f"{year}.xlsx"


@dataclass
class Sheet:
    """The fill-in sheet of one year: last year's report, one row per figure, and the values saved so far."""

    year: int
    previous_year: int
    rows: list[SheetRow]
    saved: bool
    problems: dict[str, str] = field(default_factory=dict)
    other_problems: list[str] = field(default_factory=list)
    typed: dict[str, str] = field(default_factory=dict)


def _apply(rows: list[SheetRow], inputs: MetricInputs) -> None:
    for row in rows:
        row.value = inputs.values.get(row.id)
        row.note = inputs.notes.get(row.id, "")


def sheet(config: WebConfig, year: int) -> Sheet:
    """The sheet of ``year`` with the values saved in metrics/YEAR.xlsx, if any."""
    check_year(year)
    base = previous_year(config.history, year)
    previous = load_year(config.history, base)
    rows = sheet_rows(previous)
    path = sheet_path(config, year)
    result = Sheet(year=year, previous_year=base, rows=rows, saved=path.exists())
    if result.saved:
        inputs, problems = check_metrics(path, previous, year)
        _apply(rows, inputs)
        result.other_problems = [f"{p.where}：{p.message}" for p in problems]
    return result


def _form_csv(rows: list[SheetRow], values: dict[str, str], notes: dict[str, str], folder: Path) -> Path:
    """The form's cells as a CSV sheet, one row per figure in sheet order, so the sheet's own reader checks them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "value", "note"])
    for row in rows:
        writer.writerow([row.id, values.get(row.id, ""), notes.get(row.id, "")])
    path = folder / "form.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def _by_row(problems: list[Problem], rows: list[SheetRow]) -> tuple[dict[str, str], list[str]]:
    """Problems of the form's CSV (row N is figure N-1) keyed by figure id; any others as lines."""
    keyed: dict[str, str] = {}
    other: list[str] = []
    for problem in problems:
        # ``where`` reads "row 5, column value" (or its translation): the row is its first number.
        found = re.search(r"\d+", problem.where)
        index = int(found.group()) - 2 if found else -1
        if 0 <= index < len(rows):
            keyed[rows[index].id] = problem.message
        else:
            other.append(f"{problem.where}：{problem.message}")
    return keyed, other


def save_form(config: WebConfig, year: int, values: dict[str, str], notes: dict[str, str]) -> Sheet:
    """Check the typed values as the sheet is checked; save them to metrics/YEAR.xlsx only if every cell is good.

    The returned sheet carries a problem per bad cell (all of them at once) and what was typed.
    """
    current = sheet(config, year)
    previous = load_year(config.history, current.previous_year)
    with tempfile.TemporaryDirectory(dir=config.scratch) as folder:
        path = _form_csv(current.rows, values, notes, Path(folder))
        inputs, problems = check_metrics(path, previous, year)
    current.problems, current.other_problems = _by_row(problems, current.rows)
    current.typed = {k: v for k, v in values.items() if v.strip()}
    if problems:
        return current
    _apply(current.rows, inputs)
    write_saved_sheet(config, current)
    current.saved = True
    return current


def write_saved_sheet(config: WebConfig, current: Sheet) -> Path:
    """Write the sheet with its values to metrics/YEAR.xlsx.

    Saving on the page is the office's own request to replace the sheet; one changed outside reportgen
    (filled in Excel) is first kept in metrics/.backup/, as `reportgen metrics --force` keeps it.
    """
    path = sheet_path(config, current.year)
    with _SHEET_LOCK:
        write_sheet(current.rows, path, year=current.year, previous_year=current.previous_year, force=True)
    return path


def upload_sheet(config: WebConfig, year: int, upload: Path) -> Sheet:
    """Check an uploaded sheet; if every row is good, keep it as metrics/YEAR.xlsx (an .xlsx as it came)."""
    current = sheet(config, year)
    previous = load_year(config.history, current.previous_year)
    inputs, problems = check_metrics(upload, previous, year)
    if problems:
        current.other_problems = [f"{p.where}：{p.message}" for p in problems]
        return current
    _apply(current.rows, inputs)
    if upload.suffix.lower() == ".xlsx":
        # Kept as uploaded: its narrative sheet (new sections, shortcomings, plans) goes into the draft too.
        with _SHEET_LOCK:
            claim_and_write(sheet_path(config, year), upload.read_bytes(), force=True)
    else:
        write_saved_sheet(config, current)
    current.saved = True
    return current


def sheet_download(config: WebConfig, year: int) -> Download:
    """The sheet of ``year`` as .xlsx: the saved one, or a fresh one as `reportgen metrics` writes it."""
    current = sheet(config, year)
    path = sheet_path(config, year)
    if path.exists():
        return Download(path.name, XLSX_TYPE, path.read_bytes())
    with tempfile.TemporaryDirectory(dir=config.scratch) as folder:
        target = Path(folder) / f"{year}.xlsx"
        write_sheet(current.rows, target, year=year, previous_year=current.previous_year)
        return Download(target.name, XLSX_TYPE, target.read_bytes())


# --- the draft -------------------------------------------------------------------------------------------


@dataclass
class Draft:
    """A draft made for the user: the library's result and the downloads' ids."""

    result: DraftResult
    docx: str
    text: str
    review: str
    used_sheet: bool


def make_draft(config: WebConfig, year: int, metrics: Path | None, results: Results) -> Draft:
    """Draft ``year`` as `reportgen draft` does; keep the DOCX, text and review list for download."""
    result = draft_report(year, config.history, metrics=metrics)
    docx = results.add(Download(f"{year}年法治政府建设年度报告（初稿）.docx", DOCX_TYPE, result.docx))
    text = results.add(Download(f"{year}.txt", "text/plain; charset=utf-8", result.text.encode("utf-8")))
    review = results.add(Download(f"{year}.review.md", "text/markdown; charset=utf-8", result.review.encode("utf-8")))
    return Draft(result=result, docx=docx, text=text, review=review, used_sheet=metrics is not None)


def soffice() -> str | None:
    """LibreOffice's command, if installed (the PDF link is shown only then)."""
    return find_soffice()


def docx_to_pdf(config: WebConfig, docx: Download) -> Download:
    """The DOCX as PDF, as `reportgen draft --pdf` makes it (headless LibreOffice, official fonts mapped)."""
    with tempfile.TemporaryDirectory(dir=config.scratch) as folder:
        source = Path(folder) / "draft.docx"
        source.write_bytes(docx.data)
        pdf = convert(source)
        return Download(Path(docx.name).with_suffix(".pdf").name, "application/pdf", pdf.read_bytes())


# --- comparing -------------------------------------------------------------------------------------------


@dataclass
class Comparison:
    """A diff made for the user: the page's HTML and the downloads' ids."""

    title: str
    html: str
    json: str
    redline: str
    summary: str


def diff_json(config: WebConfig, old: str, new: str, names: dict[Path, str] | None = None) -> str:
    """`reportgen diff OLD NEW --format json`."""
    # lazy for start-up: compare/ brings numpy and rapidfuzz, loaded with the first comparison
    from reportgen.compare.diff import diff_refs
    from reportgen.compare.render.json_contract import diff_json as render_json

    return hide_paths(render_json(diff_refs(old, new, config.history)), config, names)


def compare(config: WebConfig, old: str, new: str, names: dict[Path, str], results: Results) -> Comparison:
    """`reportgen diff` (HTML and JSON) and `reportgen redline` of two reports: years or uploaded files."""
    # lazy for start-up: compare/ brings numpy, rapidfuzz and python-docx, loaded with the first comparison
    from reportgen.compare.diff import diff_reports, open_refs
    from reportgen.compare.redline.document import redline_document
    from reportgen.compare.render.html import render_html
    from reportgen.compare.render.json_contract import diff_json as render_json

    old_report, new_report, earlier = open_refs(old, new, config.history)
    diff = diff_reports(old_report, new_report, history_reports=earlier)
    html = render_html(diff)
    data = render_json(diff)
    redline = redline_document(old_report, new_report, diff)

    def label(ref: str, report: Report) -> str:
        shown = names.get(Path(ref), ref)
        return str(report.year) if shown == ref and report.year is not None else Path(shown).stem

    a, b = label(old, old_report), label(new, new_report)
    html, data = hide_paths(html, config, names), hide_paths(data, config, names)
    json_id = results.add(Download(f"diff-{a}-{b}.json", "application/json", data.encode("utf-8")))
    html_id = results.add(Download(f"diff-{a}-{b}.html", "text/html; charset=utf-8", html.encode("utf-8")))
    redline_id = results.add(Download(f"redline-{a}-{b}.docx", DOCX_TYPE, redline.to_bytes()))
    return Comparison(
        title=f"{a} → {b}", html=html_id, json=json_id, redline=redline_id, summary=redline.summary.line()
    )


# --- trend -----------------------------------------------------------------------------------------------


def trend_json(config: WebConfig) -> str:
    """`reportgen trend --format json`."""
    # lazy for start-up: compare/ brings numpy and rapidfuzz, loaded with the first trend
    from reportgen.compare.trend.build import trend_refs
    from reportgen.compare.trend.json_contract import trend_json as render_json

    return hide_paths(render_json(trend_refs(config.history)), config)


def trend_html(config: WebConfig) -> tuple[str, list[str]]:
    """`reportgen trend --format html`: the table, recurring shortcomings and charts (inline SVG), and warnings."""
    from reportgen.compare.trend.run import run_trend  # lazy for start-up: numpy, rapidfuzz, matplotlib

    # The page embeds the charts; without a CJK font they are left out with a warning rather than failing.
    run = run_trend(config.history, fmt="html")
    assert isinstance(run.output, str)
    return hide_paths(run.output, config), run.warnings


def values_of(rows: list[SheetRow]) -> dict[str, Decimal]:
    """The values filled in so far, by figure id."""
    return {row.id: row.value for row in rows if row.value is not None}
