"""One entry point for every output format of ``reportgen diff``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, cast, get_args

from reportgen.compare.render.json_contract import diff_json
from reportgen.compare.render.markdown import render_markdown

from reportgen.errors import unknown_format

if TYPE_CHECKING:
    from reportgen.compare.diff import Diff

Format = Literal["text", "markdown", "html", "json"]
FORMATS: tuple[str, ...] = get_args(Format)


def check_format(name: str) -> Format:
    """``name`` as a format, or a UsageError naming the formats there are."""
    if name not in FORMATS:
        raise unknown_format(name, FORMATS)
    return cast(Format, name)


def render(diff: Diff, fmt: str, *, color: bool = False, width: int | None = 100) -> str:
    """The diff in format ``fmt`` (text, markdown, html or json). rich and jinja2 load only for their formats."""
    chosen = check_format(fmt)
    if chosen == "json":
        return diff_json(diff)
    if chosen == "markdown":
        return render_markdown(diff)
    if chosen == "html":
        from reportgen.compare.render.html import render_html  # lazy: jinja2 only for HTML

        return render_html(diff)
    from reportgen.compare.render.text import render_text  # lazy: rich only for the terminal

    return render_text(diff, width=width, color=color)
