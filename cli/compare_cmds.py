"""Commands that compare reports: diff."""

from __future__ import annotations

import typer

app = typer.Typer()
