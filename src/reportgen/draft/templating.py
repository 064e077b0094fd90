"""Rendering the draft with Jinja2: templates → the report as plain text, the form the parser reads.

The default templates ship as the package ``reportgen.templates`` (the top-level ``templates/`` folder).
A user's ``--templates DIR`` is searched first and falls back to the defaults for any template it does not
have. The user's templates run in Jinja2's sandbox, with operators and filters that refuse huge results, may
only read files that resolve inside their folder (no symbolic link leads out), may be saved in UTF-8 or GBK,
and may produce at most a report's worth of text. The draft as a whole runs under a time and memory limit
(``reportgen.draft.limits``). Every template runs with StrictUndefined, so a misspelt name is an error, not an
empty string. Errors name the template file and line.
"""

from __future__ import annotations

import math
import re
import traceback
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from jinja2.loaders import split_template_path

from reportgen.draft.model import CARRIED_MARK, FIGURE_MARK, DraftModel
from reportgen.errors import TemplateError
from reportgen.i18n import _
from reportgen.normalize import normalize_line
from reportgen.outline import ordinal_cn
from reportgen.sanitize import strip_controls

FRAME = "report.txt.j2"
TEMPLATE_SUFFIX = ".j2"
MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_OUTPUT_CHARS = 2_000_000  # the 2023 report is 12,000 characters
MAX_OUTPUT_LINES = 20_000
MAX_RESULT_CHARS = 1_000_000  # one string or list a template operator may build
MAX_RESULT_BITS = 100_000  # one integer: 30,000 digits
_FORMAT_WIDTHS = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def default_templates_dir() -> Path:
    """The folder of the shipped templates."""
    return Path(str(resources.files("reportgen.templates")))


class _FolderLoader(jinja2.BaseLoader):
    """A user's templates: files that resolve inside ``root``, in UTF-8 or GBK, at most 1 MB each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = root.resolve()

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        path = self.root.joinpath(*pieces)
        if not path.is_file():
            raise jinja2.TemplateNotFound(template)
        real = path.resolve()
        if not real.is_relative_to(self.real_root):
            raise jinja2.exceptions.SecurityError(
                f"{template} is a link leading out of the templates folder {self.root}: refused"
            )
        data = real.read_bytes()[: MAX_TEMPLATE_BYTES + 1]
        if len(data) > MAX_TEMPLATE_BYTES:
            raise jinja2.exceptions.SecurityError(f"{template} is over {MAX_TEMPLATE_BYTES // 1024} KB")
        for encoding in ("utf-8-sig", "gb18030"):  # templates saved on Chinese Windows are often GBK
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes any byte string
            raise jinja2.exceptions.SecurityError(f"{template} is not UTF-8 or GBK text")
        mtime = real.stat().st_mtime
        return strip_controls(text), str(path), lambda: real.stat().st_mtime == mtime


def _too_big(value: Any) -> bool:
    if isinstance(value, str | bytes | list | tuple):
        return len(value) > MAX_RESULT_CHARS
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() > MAX_RESULT_BITS
    return False


def _check_format(template: str, args: Any) -> None:
    for match in _FORMAT_WIDTHS.finditer(template):
        for width in match.groups():
            if width == "*" or (width and int(width) > 10_000):
                raise jinja2.exceptions.SecurityError(f"a format width of {width} is too large")


class _LimitedSandbox(jinja2.sandbox.SandboxedEnvironment):
    """The sandbox, with ``** * %`` refusing results no report needs (one such operation can take hours)."""

    intercepted_binops = frozenset({"**", "*", "%", "+"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            if right * math.log2(abs(left)) > MAX_RESULT_BITS:
                raise jinja2.exceptions.SecurityError(f"{operator} would make a number too large")
        if operator == "*":
            for a, b in ((left, right), (right, left)):
                if isinstance(a, str | list | tuple) and isinstance(b, int) and len(a) * b > MAX_RESULT_CHARS:
                    raise jinja2.exceptions.SecurityError("* would make a string or list too long")
            if isinstance(left, int) and isinstance(right, int):
                if left.bit_length() + right.bit_length() > MAX_RESULT_BITS:
                    raise jinja2.exceptions.SecurityError("* would make a number too large")
        if operator == "%" and isinstance(left, str):
            _check_format(left, right)
        result = super().call_binop(context, operator, left, right)
        if _too_big(result):
            raise jinja2.exceptions.SecurityError(f"{operator} made a result too large")
        return result


def _format_filter(value: Any, *args: Any, **kwargs: Any) -> str:
    if isinstance(value, str):
        _check_format(value, args)
    result = jinja2.filters.do_format(value, *args, **kwargs)
    if _too_big(result):
        raise jinja2.exceptions.SecurityError("format made a string too long")
    return str(result)


def _width_checked(name: str) -> Callable[..., Any]:
    original = jinja2.filters.FILTERS[name]

    def checked(value: Any, width: Any = 80, *args: Any, **kwargs: Any) -> Any:
        if isinstance(width, int) and width > 10_000:
            raise jinja2.exceptions.SecurityError(f"{name} width {width} is too large")
        return original(value, width, *args, **kwargs)

    return checked


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
            raise TemplateError(_("templates folder not found"), path=templates)
        loader = jinja2.ChoiceLoader([_FolderLoader(templates), _loader([defaults])])
        env = _LimitedSandbox(loader=loader, **options)
        env.filters["format"] = _format_filter
        for name in ("center", "indent", "wordwrap", "truncate"):
            env.filters[name] = _width_checked(name)
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
    env = make_environment(templates)
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
    lines = (normalize_line(line) for line in strip_controls(rendered).splitlines())
    return "\n".join(line for line in lines if line) + "\n"
