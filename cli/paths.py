"""Where the commands write when the user names no file: output/ and metrics/ under the workspace.

``base`` is the workspace folder (``HistoryLocation.base``), else the current folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import UsageError
from reportgen.i18n import _

OUTPUT = "output"
METRICS = "metrics"
TREND = "trend"


def metrics_sheet(base: Path, year: int) -> Path:
    """metrics/YEAR.xlsx: the sheet ``reportgen metrics`` writes and ``reportgen draft`` suggests."""
    return base / METRICS / f"{year}.xlsx"


def draft_docx(base: Path, year: int) -> Path:
    """output/YEAR.docx."""
    return base / OUTPUT / f"{year}.docx"


def redline_docx(base: Path, old: tuple[str, int | None], new: tuple[str, int | None]) -> Path:
    """output/redline-2023-2024.docx: each report's year, else the name of the file it came from.

    ``old`` and ``new`` are what the user typed and the report's year.
    """
    a = str(old[1]) if old[1] is not None else Path(old[0]).stem
    b = str(new[1]) if new[1] is not None else Path(new[0]).stem
    if a == b:
        a, b = Path(old[0]).stem, Path(new[0]).stem
    return base / OUTPUT / f"redline-{a}-{b}.docx"


def trend_folder(base: Path) -> Path:
    """output/trend: where the XLSX workbook of ``reportgen trend`` goes by default."""
    return base / OUTPUT / TREND


def require_suffix(out: Path, suffix: str, message: str) -> None:
    """Refuse ``--out`` without ``suffix``; ``message`` names the rule and takes ``{name}``."""
    if out.suffix.lower() != suffix:
        raise UsageError(message.format(name=out.name))


@dataclass(frozen=True)
class DraftPaths:
    """The files a draft writes: the DOCX, its plain text, and the review list as Markdown and as XLSX."""

    docx: Path
    text: Path
    review: Path
    review_xlsx: Path

    @classmethod
    def beside(cls, docx: Path) -> DraftPaths:
        return cls(
            docx=docx,
            text=docx.with_suffix(".txt"),
            review=docx.with_name(f"{docx.stem}.review.md"),
            review_xlsx=docx.with_name(f"{docx.stem}.review.xlsx"),
        )

    def all(self) -> tuple[Path, ...]:
        """Every file, in the order they are reported."""
        return (self.docx, self.text, self.review, self.review_xlsx)

    def refuse_history(self, history: Path) -> None:
        """Refuse a DOCX in the history folder, where its .txt would replace a stored original (2023.txt)."""
        try:
            inside = self.docx.parent.resolve() == history.resolve()
        except OSError:
            inside = False
        if inside:
            raise UsageError(
                _(
                    "--out {path} is in the history folder, where the draft's .txt would replace a stored original"
                ).format(path=self.docx),
                hint=_("write drafts to another folder, e.g. output/"),
            )
