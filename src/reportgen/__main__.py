"""``python -m reportgen``: the same as the ``reportgen`` command."""

from reportgen.cli.main import main  # noqa: TID251 -- the entry point `python -m reportgen` starts the CLI

main()
