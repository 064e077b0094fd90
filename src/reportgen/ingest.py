"""Ingest: parse a report file and store it in history."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import UsageError
from reportgen.model import Report
from reportgen.parse import parse_text
from reportgen.sources import read_source
from reportgen.store import save_report


@dataclass
class IngestResult:
    """What ingest stored, and anything the user should know."""

    report: Report
    path: Path
    notes: list[str] = field(default_factory=list)


def ingest_file(path: Path, history: Path, *, year: int | None = None, force: bool = False) -> IngestResult:
    """Parse ``path`` and store it as ``history/{year}.yaml`` with the original text beside it."""
    if path.suffix.lower() in (".yaml", ".yml"):
        raise UsageError("ingest takes a report (.txt, .docx, .html), not a history file", hint="copy it instead")
    text = read_source(path)
    report = parse_text(text, source=str(path))
    notes = []
    if year is not None:
        if report.year is not None and report.year != year:
            notes.append(f"the text reads as {report.year}, stored as {year} as asked")
        report.year = year
    if report.year is None:
        raise UsageError("cannot tell the report's year from its text", path=path, hint="pass --year")
    if not report.title:
        notes.append("no title line found")
    if not report.addressee:
        notes.append("no 主送机关 line found")
    stored = save_report(report, history, original_text=text, force=force)
    return IngestResult(report=report, path=stored, notes=notes)
