"""Commands that write next year's report: metrics and draft."""

from __future__ import annotations

import typer

app = typer.Typer()
