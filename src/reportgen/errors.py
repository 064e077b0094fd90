"""The one exception family of reportgen. The CLI turns these into messages and exit codes."""

from __future__ import annotations

from pathlib import Path

from reportgen.i18n import _


class ReportgenError(Exception):
    """Base of every error reportgen raises on purpose.

    ``exit_code`` is 1 for bad data and 2 for a usage error; ``path``, ``where`` and ``hint``
    let the CLI name the file, the row or line, and the fix.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        where: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else Path(path)
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        parts = []
        if self.path is not None:
            parts.append(f"{self.path}{':' + self.where if self.where else ''}")
        elif self.where:
            parts.append(self.where)
        parts.append(self.message)
        text = ": ".join(parts)
        if self.hint:
            text = _("{text} ({hint})").format(text=text, hint=self.hint)
        return text


class UsageError(ReportgenError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


class InputFileError(ReportgenError):
    """A file is missing, empty, unreadable or in an encoding we cannot decode."""


class UnsafeInputError(ReportgenError):
    """A file looks hostile: a zip bomb, path tricks, XML entities, or over the size limit."""


class StructureError(ReportgenError):
    """The text has no recognisable report structure."""


class HistoryError(ReportgenError):
    """The history folder or a stored report in it is missing, malformed or would be overwritten."""


class YearExistsError(HistoryError):
    """History already holds that year, and replacing it was not asked for."""


class YearNotFoundError(HistoryError):
    """History holds no report for the year asked for."""


class OtherGovernmentError(HistoryError):
    """A report of another government than the workspace's or the history's."""


class SheetError(ReportgenError):
    """A metrics or narrative sheet has a bad row, column or value."""


class TemplateError(ReportgenError):
    """A Jinja2 template failed to load or render."""


class OutputError(ReportgenError):
    """An output file could not be written."""
