"""The reportgen command line: one root app joining the command groups."""

from __future__ import annotations

import gc
import os
from enum import StrEnum
from typing import Annotated

import typer
from reportgen.cli import compare_cmds, draft_cmds, history_cmds, serve_cmds
from reportgen.cli.common import LocalizedGroup, safe_streams, set_debug

from reportgen import __version__
from reportgen.i18n import _, set_language

app = typer.Typer(
    name="reportgen",
    cls=LocalizedGroup,
    help=_("Store, draft and compare annual rule-of-law reports (法治政府建设年度报告)."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(history_cmds.app)
app.add_typer(draft_cmds.app)
app.add_typer(compare_cmds.app)
app.add_typer(serve_cmds.app)


class Language(StrEnum):
    """The interface language."""

    zh = "zh"
    en = "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportgen {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=_("Print the version and exit."))
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show a traceback on errors."))] = False,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help=_("Interface language: zh (Chinese, the default) or en; also $REPORTGEN_LANG."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Store, draft and compare annual rule-of-law reports (法治政府建设年度报告)."""
    if lang is not None:
        os.environ["REPORTGEN_LANG"] = lang.value  # for child processes (templates run in one)
        set_language(lang.value)
    safe_streams()
    set_debug(debug)


def main() -> None:
    """Run the command line (see reportgen.cli.main for the console entry point)."""
    try:
        app()
    finally:
        # The interpreter's last garbage collection walks every object that typer, python-docx and the command
        # made: about 25 ms of a 0.16 s draft. The process is ending and has nothing to reclaim, so skip it.
        gc.freeze()
