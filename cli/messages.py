"""The library's errors as the command line words them: each remedy and problem names its flag.

The library says what is wrong in its own terms (``reportgen.errors``); the fix it suggests as a ``Remedy`` and
the setting a message is about as a ``Problem``. Here both become the flags a user types.
"""

from __future__ import annotations

from reportgen.errors import Problem, Remedy, ReportgenError
from reportgen.i18n import _


def remedy_hint(remedy: Remedy) -> str:
    """How to fix an error on the command line; it may name the error's ``facts``."""
    hints: dict[Remedy, str] = {
        "force": _("use --force to replace it"),
        "force_or_other_file": _(
            "use --force to replace it (the old file is kept in .backup/), or choose another --out"
        ),
        "force_or_other_sheet": _("use --force to replace it, or --out for another file"),
        "year": _("pass --year"),
        "org": _("pass --org NAME"),
        "own_workspace": _("make a workspace of your own: reportgen init --from REPORT.docx"),
        "other_workspace": _("make a workspace of its own: run reportgen init --from REPORT.docx in another folder"),
        "workspace_here": _("make a workspace in this folder first: reportgen init --from REPORT.docx"),
        "workspace_or_years": _(
            "keep each government in its own workspace (reportgen init), or choose years with --years"
        ),
        "fill_or_carry": _("fill them in the metrics sheet, or drop --strict to carry them over marked 【待核】"),
        "cjk_font": _(
            "install one, e.g. `apt install fonts-noto-cjk` (Debian/Ubuntu), then run again; "
            "or leave out --charts/--figures to skip the charts"
        ),
        "token": _("pass --token or set {variable}; or keep the default --host 127.0.0.1"),
    }
    return hints[remedy]


def problem_message(problem: Problem, facts: dict[str, str | int]) -> str:
    """The message of an error about one of the command's options, naming that option."""
    messages: dict[Problem, str] = {
        "missing_values": _("--strict: {count} figures have no new value: {listed}"),
        "years_format": _("--years must look like 2021-2024 or 2023, not {text}"),
        "years_backwards": _("--years {text}: the range ends before it starts"),
        "unknown_figure": _("--figures: no figure {key} in the trend"),
        "unknown_format": _("--format must be one of {choices}, not {name}"),
        "no_libreoffice": _("--pdf needs LibreOffice, which is not installed"),
    }
    return messages[problem].format(**facts)


def error_text(exc: ReportgenError) -> str:
    """``exc`` in one line as the command line shows it: the file, the place, the message and the hint."""
    message = problem_message(exc.problem, exc.facts) if exc.problem is not None else None
    hint = remedy_hint(exc.remedy).format(**exc.facts) if exc.remedy is not None else None
    return exc.describe(message=message, hint=hint)
