"""Rendering the draft with Jinja2: templates → the report as plain text, the form the parser reads.

The default templates ship as the package ``reportgen.templates`` (the top-level ``templates/`` folder).
A user's ``--templates DIR`` is searched first and falls back to the defaults for any template it does not
have; its templates run in Jinja2's sandbox. Every template runs with StrictUndefined, so a misspelt name
is an error, not an empty string. Errors name the template file and line.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import traceback
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
import jinja2.sandbox

from reportgen.draft.model import CARRIED_MARK, FIGURE_MARK, DraftModel
from reportgen.errors import TemplateError
from reportgen.normalize import normalize_line
from reportgen.outline import ordinal_cn

FRAME = "report.txt.j2"
TEMPLATE_SUFFIX = ".j2"
DEFAULT_RENDER_SECONDS = 10.0


class _RenderTimeout(Exception):
    pass


def render_time_limit() -> float:
    """Seconds a user's templates may take to render: $REPORTGEN_TEMPLATE_TIMEOUT, else 10."""
    try:
        return float(os.environ.get("REPORTGEN_TEMPLATE_TIMEOUT", DEFAULT_RENDER_SECONDS))
    except ValueError:
        return DEFAULT_RENDER_SECONDS


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    # A sandboxed template can still loop for hours (nested range() loops); SIGALRM interrupts it.
    # Signals reach only the main thread, which is where the CLI renders.
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise _RenderTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def default_templates_dir() -> Path:
    """The folder of the shipped templates."""
    return Path(str(resources.files("reportgen.templates")))


def _loader(folders: list[Path]) -> jinja2.BaseLoader:
    return jinja2.FileSystemLoader([str(folder) for folder in folders], encoding="utf-8")


def make_environment(templates: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment: the shipped templates, or the user's (sandboxed) in front of them."""
    options: dict[str, Any] = {
        "undefined": jinja2.StrictUndefined,
        "autoescape": False,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    defaults = default_templates_dir()
    env: jinja2.Environment
    if templates is None:
        env = jinja2.Environment(loader=_loader([defaults]), **options)
    else:
        if not templates.is_dir():
            raise TemplateError("templates folder not found", path=templates)
        env = jinja2.sandbox.SandboxedEnvironment(loader=_loader([templates, defaults]), **options)
    env.filters["cn"] = _cn
    env.globals["marks"] = {"figure": FIGURE_MARK, "carried": CARRIED_MARK}
    return env


def _cn(number: Any) -> str:
    """Jinja filter: 3 → 三, for part and section numbers."""
    return ordinal_cn(int(number))


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in ``exc``'s traceback (Jinja puts them there)."""
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        if frame.filename.endswith(TEMPLATE_SUFFIX) and frame.lineno is not None:
            return frame.filename, frame.lineno
    return None


def render_text(model: DraftModel, templates: Path | None = None) -> str:
    """The report as plain text, one paragraph per line, in the canonical (full-width) form."""
    env = make_environment(templates)
    limit = render_time_limit() if templates is not None else 0.0
    try:
        with _time_limit(limit):
            template = env.get_template(FRAME)
            rendered = template.render(report=model)
    except _RenderTimeout as exc:
        raise TemplateError(
            f"templates took longer than {limit:g} s to render, stopped",
            path=templates,
            hint="look for a loop that never ends; REPORTGEN_TEMPLATE_TIMEOUT sets the limit",
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"template syntax error: {exc.message}", path=exc.filename or exc.name, where=f"line {exc.lineno}"
        ) from exc
    except jinja2.TemplateNotFound as exc:
        # Only the frame itself can be missing here: includes fail while rendering, inside a template.
        found = _template_frame(exc)
        if found is None:
            raise TemplateError(f"template not found: {exc.name}", path=templates) from exc
        raise TemplateError(f"template not found: {exc.name}", path=found[0], where=f"line {found[1]}") from exc
    except Exception as exc:  # anything a template does wrong while rendering
        found = _template_frame(exc)
        if found is None:
            raise
        kind = "security error" if isinstance(exc, jinja2.exceptions.SecurityError) else "error"
        raise TemplateError(f"template {kind}: {exc}", path=found[0], where=f"line {found[1]}") from exc
    lines = (normalize_line(line) for line in rendered.splitlines())
    return "\n".join(line for line in lines if line) + "\n"
