"""Rendering the draft with Jinja2: templates → the report as plain text, the form the parser reads.

The templates are loaded through the one environment of ``reportgen.template_env``: the shipped
``templates/report.txt.j2`` and its parts, with a user's ``--templates DIR`` searched first (sandboxed, UTF-8 or
GBK, files inside the folder only, StrictUndefined). Here the rendered text is also limited to a report's worth,
and the draft as a whole runs under a time and memory limit (``reportgen.draft.limits``). Errors name the template
file and line.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import jinja2

from reportgen import template_env
from reportgen.draft.model import CARRIED_MARK, FIGURE_MARK, DraftModel
from reportgen.draft.printed import printed_text, read_printed
from reportgen.errors import TemplateError
from reportgen.i18n import _
from reportgen.outline import ordinal_cn
from reportgen.report_text import Line

FRAME = "report.txt.j2"
TEMPLATE_SUFFIX = ".j2"
MAX_OUTPUT_CHARS = 2_000_000  # the 2023 report is 12,000 characters
MAX_OUTPUT_LINES = 20_000


def _environment(templates: Path | None) -> jinja2.Environment:
    """The one template environment (``reportgen.template_env``), ``templates`` first, with the draft's names:
    the ``cn`` filter and the ``marks`` the drafter writes."""
    env = template_env.make_environment(templates)
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


def _collect(chunks: Any) -> str:
    """The rendered text, stopped as soon as it grows past a report's size (two million lines took minutes)."""
    parts: list[str] = []
    chars = lines = 0
    for chunk in chunks:
        chars += len(chunk)
        lines += chunk.count("\n")
        if chars > MAX_OUTPUT_CHARS or lines > MAX_OUTPUT_LINES:
            raise _TooLong
        parts.append(chunk)
    return "".join(parts)


class _TooLong(Exception):
    pass


def render_text(model: DraftModel, templates: Path | None = None) -> str:
    """The report as plain text, one paragraph per line, in the canonical (full-width) form."""
    return printed_text(render_lines(model, templates))


def render_lines(model: DraftModel, templates: Path | None = None) -> list[Line]:
    """The report's lines as the templates print them, in the canonical (full-width) form, each with its kind
    (``reportgen.draft.printed``)."""
    env = _environment(templates)
    try:
        template = env.get_template(FRAME)
        rendered = _collect(template.generate(report=model))
    except _TooLong as exc:
        raise TemplateError(
            _("the templates wrote more than {lines:,} lines or {chars:,} characters: stopped").format(
                lines=MAX_OUTPUT_LINES, chars=MAX_OUTPUT_CHARS
            ),
            path=templates,
            hint=_("a report is far shorter; look for a loop that repeats too often"),
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            _("template syntax error: {message}").format(message=exc.message),
            path=exc.filename or exc.name,
            where=_("line {line}").format(line=exc.lineno),
        ) from exc
    except jinja2.TemplateNotFound as exc:
        # Only the frame itself can be missing here: includes fail while rendering, inside a template.
        found = _template_frame(exc)
        if found is None:
            raise TemplateError(_("template not found: {name}").format(name=exc.name), path=templates) from exc
        raise TemplateError(
            _("template not found: {name}").format(name=exc.name),
            path=found[0],
            where=_("line {line}").format(line=found[1]),
        ) from exc
    except MemoryError:
        raise  # the limit's own report names it
    except Exception as exc:  # anything a template does wrong while rendering
        found = _template_frame(exc)
        message = (
            _("template security error: {reason}")
            if isinstance(exc, jinja2.exceptions.SecurityError)
            else _("template error: {reason}")
        ).format(reason=exc)
        if found is None:
            if templates is None:
                raise
            raise TemplateError(message, path=templates) from exc
        raise TemplateError(message, path=found[0], where=_("line {line}").format(line=found[1])) from exc
    return read_printed(rendered)
