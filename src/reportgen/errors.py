"""The one exception family of reportgen. The CLI (and the web page) turn these into messages and exit codes.

The library words its errors in its own terms and never names a command-line flag. Where the fix is something
the caller can ask for (replace a file, give the year, …), the error carries it as a ``Remedy``; where a message
is about one of the caller's settings (the year range, the chosen figures, …), it carries the ``Problem`` and its
``facts``. Each front end words those in its own terms: ``reportgen.cli.messages`` names the flags.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from reportgen.i18n import _

Remedy = Literal[
    "force",
    "force_or_other_file",
    "force_or_other_sheet",
    "year",
    "org",
    "own_workspace",
    "other_workspace",
    "workspace_here",
    "workspace_or_years",
    "fill_or_carry",
    "cjk_font",
    "token",
]
"""What would fix an error, for a front end to word: replace the file (``force``), give the year, …"""

Problem = Literal[
    "missing_values",
    "years_format",
    "years_backwards",
    "unknown_figure",
    "unknown_format",
    "no_libreoffice",
]
"""Which of the caller's settings an error is about, for a front end to name; its values are the ``facts``."""


def remedy_hint(remedy: Remedy) -> str:
    """The library's own wording of ``remedy`` (no command-line flags); it may name the error's ``facts``."""
    hints: dict[Remedy, str] = {
        "force": _("ask to replace it"),
        "force_or_other_file": _("ask to replace it (the old file is kept in .backup/), or choose another file"),
        "force_or_other_sheet": _("ask to replace it, or write to another file"),
        "year": _("give the report's year"),
        "org": _("give the government's name"),
        "own_workspace": _("make a workspace of your own"),
        "other_workspace": _("make a workspace of its own in another folder"),
        "workspace_here": _("make a workspace in this folder first"),
        "workspace_or_years": _("keep each government in its own workspace, or choose the years"),
        "fill_or_carry": _(
            "fill them in the metrics sheet, or draft without the strict check to carry them over marked 【待核】"
        ),
        "cjk_font": _(
            "install one, e.g. `apt install fonts-noto-cjk` (Debian/Ubuntu), then run again; or draw no charts"
        ),
        "token": _("give an access token or set {variable}; or listen on 127.0.0.1 only"),
    }
    return hints[remedy]


class ReportgenError(Exception):
    """Base of every error reportgen raises on purpose.

    ``exit_code`` is 1 for bad data and 2 for a usage error; ``path``, ``where`` and ``hint``
    let the CLI name the file, the row or line, and the fix. ``remedy`` is that fix as a key (its library
    wording is the default ``hint``); ``problem`` and ``facts`` say which setting the message is about.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        where: str | None = None,
        hint: str | None = None,
        remedy: Remedy | None = None,
        problem: Problem | None = None,
        facts: Mapping[str, str | int] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else Path(path)
        self.where = where
        self.facts: dict[str, str | int] = dict(facts or {})
        self.hint = hint if hint is not None or remedy is None else remedy_hint(remedy).format(**self.facts)
        self.remedy = remedy
        self.problem = problem

    def describe(self, *, message: str | None = None, hint: str | None = None) -> str:
        """The file, the place, the message and the hint in one line; a front end may reword the last two."""
        parts = []
        if self.path is not None:
            parts.append(f"{self.path}{':' + self.where if self.where else ''}")
        elif self.where:
            parts.append(self.where)
        parts.append(self.message if message is None else message)
        text = ": ".join(parts)
        hint = self.hint if hint is None else hint
        if hint:
            text = _("{text} ({hint})").format(text=text, hint=hint)
        return text

    def __str__(self) -> str:
        return self.describe()


class UsageError(ReportgenError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


def unknown_format(name: str, formats: Sequence[str]) -> UsageError:
    """The error for an output format ``name`` that is not one of ``formats``."""
    facts = {"choices": ", ".join(formats), "name": repr(name)}
    return UsageError(
        _("the format must be one of {choices}, not {name}").format(**facts), problem="unknown_format", facts=facts
    )


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
