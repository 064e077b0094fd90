"""What every command shares: the --history option, error handling and output helpers."""

from __future__ import annotations

import functools
import logging
import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from reportgen.errors import ReportgenError

if TYPE_CHECKING:
    from reportgen.workspace import HistoryLocation

P = ParamSpec("P")
R = TypeVar("R")

HistoryOption = Annotated[
    Path | None,
    typer.Option(
        "--history",
        help=(
            "History folder (default: $REPORTGEN_HISTORY, else the workspace's history/ found upward from here,"
            " else ./history, else the built-in example)."
        ),
        show_default=False,
    ),
]

_state = {"debug": False}


def set_debug(value: bool) -> None:
    """Whether errors print a traceback (--debug)."""
    _state["debug"] = value


BUILTIN_NOTICE = (
    "note: no workspace here, so this uses the built-in example (常州市钟楼区人民政府, read-only);"
    " for your own reports run: reportgen init --from REPORT.docx"
)


def locate(option: Path | None) -> HistoryLocation:
    """Where this command's history is; says so in one line on stderr when it is the built-in example."""
    from reportgen.workspace import locate_history

    location = locate_history(option)
    if location.builtin:
        typer.echo(BUILTIN_NOTICE, err=True)
    return location


def resolve_history(option: Path | None) -> Path:
    """The history folder to use for this command."""
    return locate(option).history


def shown(path: Path) -> str:
    """A path as the user should type it from the current folder: relative when it lies below it."""
    if not path.is_absolute():
        return str(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def command(*args: str | Path) -> str:
    """A reportgen command line to print as a hint, quoted so that it works when typed as printed."""
    words = [a if isinstance(a, str) else shown(a) for a in args]
    return " ".join(["reportgen", *(shlex.quote(w) for w in words)])


class _StderrWarnings(logging.Handler):
    """The library's warnings (tracked changes accepted, …) as ``warning: …`` lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(f"warning: {record.getMessage()}\n")
        sys.stderr.flush()


def _show_library_warnings() -> None:
    logger = logging.getLogger("reportgen")
    if not any(isinstance(h, _StderrWarnings) for h in logger.handlers):
        logger.addHandler(_StderrWarnings(logging.WARNING))
        logger.propagate = False


def handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn reportgen's own errors into a one-line message and exit code 1 (data) or 2 (usage)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        _show_library_warnings()
        try:
            return func(*args, **kwargs)
        except ReportgenError as exc:
            if _state["debug"]:
                raise
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None

    return wrapper


def echo(text: str) -> None:
    """Print text to stdout, encoding-safe on any terminal."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()
