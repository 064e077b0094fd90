"""The one Jinja2 environment every template is rendered through: the draft's text, the diff and trend pages, the web.

The templates ship as the package ``reportgen.templates`` (the top-level ``templates/`` folder). A user's folder
may go first in the search path, as pdoc does with its template directory: a template it has replaces the shipped
one of the same name, and everything else falls back to the shipped templates. A user's templates run in Jinja2's
sandbox, with operators and filters that refuse huge results, may only read files that resolve inside their folder
(no symbolic link leads out), may be saved in UTF-8 or GBK, and may be at most 1 MB each.

Every template runs with StrictUndefined (a misspelt name is an error, not an empty string), with ``trim_blocks``
and ``lstrip_blocks`` (a line holding only a block tag writes nothing) and keeping its last newline. Templates named
``*.html`` or ``*.html.j2`` are HTML-escaped; the text templates (``*.txt.j2``) are not.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from jinja2.loaders import split_template_path

from reportgen.errors import TemplateError
from reportgen.i18n import _
from reportgen.lazy_re import lazy
from reportgen.sanitize import strip_controls

TEMPLATES_PACKAGE = "reportgen.templates"
ESCAPED_SUFFIXES = ("html", "htm", "xml", "html.j2")
MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_RESULT_CHARS = 1_000_000  # one string or list a template operator may build
MAX_RESULT_BITS = 100_000  # one integer: 30,000 digits
MAX_FILTER_WIDTH = 10_000
_FORMAT_WIDTHS = lazy(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def make_environment(user_folder: Path | None = None) -> jinja2.Environment:
    """The environment of the shipped templates, with ``user_folder`` first in the search path when given.

    With a user folder the environment is the limited sandbox: what a user writes there is not trusted code.
    Raises TemplateError when ``user_folder`` is not a folder.
    """
    options: dict[str, Any] = {
        "undefined": jinja2.StrictUndefined,
        "autoescape": jinja2.select_autoescape(ESCAPED_SUFFIXES, default_for_string=True, default=False),
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    shipped = jinja2.PackageLoader(TEMPLATES_PACKAGE, ".")
    if user_folder is None:
        return jinja2.Environment(loader=shipped, **options)
    if not user_folder.is_dir():
        raise TemplateError(_("templates folder not found"), path=user_folder)
    return _LimitedSandbox(loader=jinja2.ChoiceLoader([_FolderLoader(user_folder), shipped]), **options)


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


def _check_format(template: str) -> None:
    for match in _FORMAT_WIDTHS.finditer(template):
        for width in match.groups():
            if width == "*" or (width and int(width) > MAX_FILTER_WIDTH):
                raise jinja2.exceptions.SecurityError(f"a format width of {width} is too large")


def _format_filter(value: Any, *args: Any, **kwargs: Any) -> str:
    if isinstance(value, str):
        _check_format(value)
    result = jinja2.filters.do_format(value, *args, **kwargs)
    if _too_big(result):
        raise jinja2.exceptions.SecurityError("format made a string too long")
    return str(result)


def _width_checked(name: str) -> Callable[..., Any]:
    original = jinja2.filters.FILTERS[name]

    def checked(value: Any, width: Any = 80, *args: Any, **kwargs: Any) -> Any:
        if isinstance(width, int) and width > MAX_FILTER_WIDTH:
            raise jinja2.exceptions.SecurityError(f"{name} width {width} is too large")
        return original(value, width, *args, **kwargs)

    return checked


class _LimitedSandbox(jinja2.sandbox.SandboxedEnvironment):
    """The sandbox, with ``** * % +`` and the width filters refusing results no report needs (one such operation
    can take hours)."""

    intercepted_binops = frozenset({"**", "*", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters["format"] = _format_filter
        for name in ("center", "indent", "wordwrap", "truncate"):
            self.filters[name] = _width_checked(name)

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
            _check_format(left)
        result = super().call_binop(context, operator, left, right)
        if _too_big(result):
            raise jinja2.exceptions.SecurityError(f"{operator} made a result too large")
        return result
