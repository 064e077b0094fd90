"""What every command shares: the --history option, error handling and output helpers."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from reportgen.errors import ReportgenError

P = ParamSpec("P")
R = TypeVar("R")

HistoryOption = Annotated[
    Path | None,
    typer.Option(
        "--history",
        help="History folder (default: $REPORTGEN_HISTORY, else ./history, else the built-in one).",
        show_default=False,
    ),
]

_state = {"debug": False}


def set_debug(value: bool) -> None:
    """Whether errors print a traceback (--debug)."""
    _state["debug"] = value


def resolve_history(option: Path | None) -> Path:
    """The history folder to use for this command."""
    from reportgen.store import history_dir

    return history_dir(option)


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
