"""Turn what the user typed (a year such as 2023, or a file) into a Report."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.errors import HistoryError, InputFileError
from reportgen.i18n import _
from reportgen.model import Report
from reportgen.parse import parse_file
from reportgen.store import history_years, load_report, load_year

_YEAR_RE = re.compile(r"^(19|20)\d{2}$")


def open_report(ref: str, history: Path) -> Report:
    """The report named by ``ref``: a year stored in ``history``, a history .yaml, or a .txt/.docx/.html file."""
    path = Path(ref)
    if _YEAR_RE.match(ref) and not path.exists():
        return load_year(history, int(ref))
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
