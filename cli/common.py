"""What every command shares: the --history option, error handling, output helpers and localized help."""

from __future__ import annotations

import functools
import logging
import os
import shlex
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from reportgen.cli.messages import error_text
from typer.core import TyperCommand, TyperGroup

from reportgen.errors import ReportgenError, UsageError
from reportgen.i18n import _, language

if TYPE_CHECKING:
    from reportgen.workspace import HistoryLocation

P = ParamSpec("P")
R = TypeVar("R")

HistoryOption = Annotated[
    Path | None,
    typer.Option(
        "--history",
        help=_(
            "History folder (default: $REPORTGEN_HISTORY, else the workspace's history/ found upward from here,"
            " else ./history, else the built-in example)."
        ),
        show_default=False,
    ),
]

ForceOption = Annotated[
    bool,
    typer.Option(
        "--force", help=_("Replace an existing file reportgen did not write, or that was changed (kept in .backup/).")
    ),
]

TextOutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help=_("Write to this file instead of standard output (- for stdout).")),
]

_state = {"debug": False}


def set_debug(value: bool) -> None:
    """Whether errors print a traceback (--debug)."""
    _state["debug"] = value


def builtin_notice() -> str:
    """The note that a command uses the built-in example."""
    return _(
        "note: no workspace here, so this uses the built-in example (常州市钟楼区人民政府, read-only);"
        " for your own reports run: reportgen init --from REPORT.docx"
    )


def locate(option: Path | None) -> HistoryLocation:
    """Where this command's history is; says so in one line on stderr when it is the built-in example."""
    from reportgen.workspace import locate_history  # lazy for start-up: the workspace module, PyYAML

    location = locate_history(option)
    if location.builtin:
        warn(builtin_notice())
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
        sys.stderr.write(_("warning: {message}").format(message=record.getMessage()) + "\n")
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
            warn(_("error: {message}").format(message=error_text(exc)))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            warn(_("interrupted"))
            raise typer.Exit(130) from None

    return wrapper


def safe_streams() -> None:
    """Let stdout and stderr replace what the console's encoding cannot show (✓ on GBK, 中文 on cp1252)
    instead of failing with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream already written in binary, or closed
                pass


def color_wanted(to_terminal: bool) -> bool:
    """Colour only on a terminal and never with NO_COLOR set (https://no-color.org)."""
    return to_terminal and not os.environ.get("NO_COLOR")


def echo(text: str) -> None:
    """Print data to stdout."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def warn(text: str) -> None:
    """Print a status line, note or warning to stderr, where it never mixes with the data."""
    sys.stderr.write(text if text.endswith("\n") else text + "\n")
    sys.stderr.flush()


def wrote(path: Path) -> None:
    """The "wrote …" line on stderr."""
    warn(_("wrote {path}").format(path=shown(path)))


def is_stdout(out: Path | None) -> bool:
    """``-o -`` means standard output."""
    return out is not None and str(out) == "-"


@contextmanager
def file_for(out: Path | None, name: str, *, pdf: bool = False) -> Iterator[Path | None]:
    """The file a writing command should write: ``out`` itself, or for ``-o -`` a file in a scratch folder.

    After the block, a scratch file is copied to stdout (bytes for a .docx or .xlsx, text otherwise) and the
    scratch folder, with anything else the command wrote beside it, is removed.
    """
    if not is_stdout(out):
        yield out
        return
    if pdf:
        raise UsageError(_("--pdf needs a file to write beside: give --out a file name, not -"))
    with tempfile.TemporaryDirectory(prefix="reportgen-") as folder:
        scratch = Path(folder) / name
        yield scratch
        data = scratch.read_bytes()
        write_output(Path("-"), data if scratch.suffix in (".docx", ".xlsx") else data.decode("utf-8"))


def write_output(out: Path, data: str | bytes, *, force: bool = False, claimed: bool = False) -> None:
    """Write data to ``out`` atomically, or to stdout for ``-o -`` (bytes go to the binary stream).

    A file reportgen did not write (or that was changed since) is replaced only with ``force``, after a backup;
    ``claimed`` says the command already checked ``out`` (before writing anything else).
    """
    # lazy for start-up: hashlib and json, for the commands that write files
    from reportgen.outputs import claim
    from reportgen.outputs import write_output as write_recorded

    if is_stdout(out):
        if isinstance(data, str):
            echo(data)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        return
    if not claimed:
        claim([out], force=force)
    write_recorded(out, data.encode("utf-8") if isinstance(data, str) else data)


def _localize_rich_help() -> None:
    """Translate typer's own help panel titles; rich_utils is imported only when help or an error is shown."""
    from typer import rich_utils  # lazy for start-up: rich, only when help or an error is shown

    for name, text in (
        ("ARGUMENTS_PANEL_TITLE", _("Arguments")),
        ("OPTIONS_PANEL_TITLE", _("Options")),
        ("COMMANDS_PANEL_TITLE", _("Commands")),
        ("ERRORS_PANEL_TITLE", _("Error")),
        ("ABORTED_TEXT", _("Aborted.")),
        ("DEFAULT_STRING", _("[default: {}]")),
        ("REQUIRED_LONG_STRING", _("[required]")),
        ("RICH_HELP", _("Try [blue]'{command_path} {help_option}'[/] for help.")),
    ):
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)


def _param_name(param: Any) -> str:
    opts = getattr(param, "opts", None) or []
    if getattr(param, "param_type_name", "") == "argument":
        return str(getattr(param, "human_readable_name", "") or (opts[0] if opts else "")).upper()
    return " / ".join(opts) if opts else str(getattr(param, "name", ""))


def usage_error_message(exc: Any) -> str | None:
    """A command-line usage error (click's) in the user's language; None keeps click's own text."""
    if language() == "en":
        return None
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    if kind == "MissingParameter" and param is not None:
        return _("missing {name}").format(name=_param_name(param))
    if kind == "NoSuchOption":
        message = _("no such option: {name}").format(name=exc.option_name)
        possibilities = getattr(exc, "possibilities", None)
        if possibilities:
            message += _(" (did you mean {options}?)").format(options=", ".join(sorted(possibilities)))
        return message
    if kind == "BadOptionUsage":
        return _("option {name} needs a value").format(name=exc.option_name)
    if kind == "BadParameter" and param is not None:
        choices = getattr(getattr(param, "type", None), "choices", None)
        if choices is None:  # typer 0.29 keeps them on the parameter's type descriptor
            choices = getattr(getattr(param, "type_descriptor", None), "choices", None)
        if choices:
            listed = ", ".join(str(getattr(c, "value", c)) for c in choices)
            return _("invalid value for {name}: choose one of {choices}").format(
                name=_param_name(param), choices=listed
            )
        return _("invalid value for {name}: {reason}").format(name=_param_name(param), reason=exc.message)
    return None


class _Localized:
    """Help in the user's language: the usage line, the --help option and typer's panel titles."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _localize_rich_help()
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except Exception as exc:
            if hasattr(exc, "format_message") and hasattr(exc, "ctx"):  # click's UsageError family
                _localize_rich_help()
                translated = usage_error_message(exc)
                if translated is not None:
                    exc.format_message = lambda: translated
            raise

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class LocalizedGroup(_Localized, TyperGroup):
    """The root command group, with localized help."""


class LocalizedCommand(_Localized, TyperCommand):
    """A command with localized help."""
