"""Console entry point: choose the language before any help text is built, then run the command line."""

from __future__ import annotations

import os
import sys

from reportgen.i18n import set_language


def language_from_args(args: list[str]) -> str | None:
    """The value of ``--lang X`` or ``--lang=X`` in ``args``, if any (help texts are built at import)."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main() -> None:
    """The ``reportgen`` command."""
    chosen = language_from_args(sys.argv[1:])
    if chosen:
        os.environ["REPORTGEN_LANG"] = chosen  # for child processes (templates run in one)
    set_language(chosen)
    # lazy on purpose: the CLI's help texts are translated when its modules are imported, so after set_language
    from reportgen.cli.common import safe_streams

    safe_streams()  # before --help, which typer prints while parsing
    from reportgen.cli.app import main as run

    run()
