"""Collecting every problem of an input before refusing it, so the user fixes them all in one go."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import SheetError
from reportgen.i18n import _

MAX_LISTED = 10


@dataclass(frozen=True)
class Problem:
    """One bad value: the file, where in it (``row 5, column value``), and what is wrong."""

    path: Path
    where: str
    message: str


def raise_problems(problems: list[Problem]) -> None:
    """Raise one SheetError listing ``problems`` (up to ten), or return if there are none."""
    if not problems:
        return
    if len(problems) == 1:
        only = problems[0]
        raise SheetError(only.message, path=only.path, where=only.where)
    paths = {p.path for p in problems}
    single = len(paths) == 1
    lines = [_("{count} problems, nothing was written:").format(count=len(problems))]
    for problem in problems[:MAX_LISTED]:
        place = problem.where if single else f"{problem.path}:{problem.where}"
        lines.append(f"  {place}: {problem.message}")
    if len(problems) > MAX_LISTED:
        lines.append(_("  … and {count} more").format(count=len(problems) - MAX_LISTED))
    raise SheetError("\n".join(lines), path=problems[0].path if single else None)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean X?)`` for the closest choice, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _(" (did you mean {close}?)").format(close=close[0]) if close else ""
