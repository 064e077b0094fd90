"""Turn what the user typed (a year such as 2023, or a file) into a Report."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from reportgen.errors import HistoryError, InputFileError, UsageError
from reportgen.history_schema import MAX_YEAR, MIN_YEAR
from reportgen.i18n import _
from reportgen.model import Report
from reportgen.parse import parse_file
from reportgen.store import history_years, load_report, load_year


def open_report(ref: str, history: Path) -> Report:
    """The report named by ``ref``: a year stored in ``history``, a history .yaml, or a .txt/.docx/.html file."""
    path = Path(ref)
    year = unicodedata.normalize("NFKC", ref).strip()  # ２０２４ typed with a Chinese input method
    if re.fullmatch(r"[0-9]{4}", year) and not path.exists():
        if not MIN_YEAR <= int(year) <= MAX_YEAR:
            raise UsageError(
                _("{year} is not a plausible report year ({first}–{last})").format(
                    year=year, first=MIN_YEAR, last=MAX_YEAR
                )
            )
        return load_year(history, int(year))
    if path.suffix.lower() in (".yaml", ".yml"):
        return load_report(path)
    if not path.exists():
        years = ", ".join(map(str, history_years(history))) or _("none")
        raise InputFileError(
            _("file not found, and not a year in history"),
            path=path,
            hint=_("years in {history}: {years}").format(history=history, years=years),
        )
    return parse_file(path)


def previous_year(history: Path, year: int) -> int:
    """The latest year before ``year`` stored in ``history``."""
    earlier = [y for y in history_years(history) if y < year]
    if not earlier:
        raise HistoryError(_("no report before {year} in history to start from").format(year=year), path=history)
    return earlier[-1]
