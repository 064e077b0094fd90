"""What every route shares: the configuration, the results store, the templates, forms and error answers."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from reportgen import __version__
from reportgen.template_env import make_environment
from reportgen.web.actions import Download, Results
from reportgen.web.config import WebConfig
from reportgen.web.problems import WebError, answer_for
from reportgen.web.security import CSRF_COOKIE, CSRF_FIELD, new_secret

log = logging.getLogger("reportgen.web")

MAX_FIELDS = 5000  # the figures form has two fields a figure; a report holds a few hundred figures at most
MAX_FILES = 2

NAV = (
    ("history", "/history", "往年报告"),
    ("figures", "/figures", "填报数据"),
    ("draft", "/draft", "生成初稿"),
    ("compare", "/compare", "年度对比"),
    ("trend", "/trend", "趋势"),
)


@dataclass
class Site:
    """One server's shared state."""

    config: WebConfig
    results: Results = field(default_factory=Results)
    templates: jinja2.Environment = field(default_factory=make_environment)

    def page(self, request: Request, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        """A page from templates/web/, with the CSRF token every form repeats (a cookie is set if missing)."""
        csrf = request.cookies.get(CSRF_COOKIE) or new_secret()
        html = self.templates.get_template(f"web/{name}").render(
            nav=NAV,
            version=__version__,
            example=self.config.example,
            org=self.config.org,
            csrf_field=CSRF_FIELD,
            csrf=csrf,
            **values,
        )
        response = HTMLResponse(html, status_code=status)
        if request.cookies.get(CSRF_COOKIE) != csrf:
            response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/")
        return response

    def error(self, request: Request, exc: BaseException, names: dict[Path, str] | None = None) -> Response:
        """The answer to an error: JSON under /api, else the error page. Never a traceback."""
        answer = answer_for(exc, names, self.config.history)
        if answer.status >= 500:
            log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse(answer.body(), status_code=answer.status)
        return self.page(request, "error.html", status=answer.status, answer=answer, active="")


async def run(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a library call in a worker thread: it reads and writes files and may take a second."""
    return await run_in_threadpool(func, *args, **kwargs)


async def read_form(request: Request) -> Any:
    """The request's form, with limits on the number of files and fields."""
    try:
        return await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS)
    except WebError:
        raise
    except Exception as exc:  # Starlette raises its own errors for a malformed body
        detail = getattr(exc, "detail", None) or str(exc) or type(exc).__name__
        raise WebError(400, "bad_form", f"无法读取表单：{detail}") from exc


def parse_year(value: Any, name: str = "year", *, required: bool = True) -> int | None:
    """A year from a form field or path; 400 when it is not one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise WebError(400, "bad_request", f"缺少 {name}（年份）")
        return None
    text = value.strip() if isinstance(value, str) else ""
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise WebError(400, "bad_request", f"{name} 应为四位数年份，而不是 {str(value)[:20]!r}")
    year = int(text)
    if not 1990 <= year <= 2100:
        raise WebError(400, "bad_request", f"{year} 不是合理的报告年份")
    return year


def truthy(value: Any) -> bool:
    """A checkbox or API flag: on, true, 1, yes."""
    return isinstance(value, str) and value.strip().lower() in ("1", "true", "on", "yes")


def download_response(download: Download, *, inline: bool = False) -> Response:
    """A file for the browser to save (or, for the diff and trend pages, to show in a sandboxed frame)."""
    disposition = "inline" if inline else "attachment"
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in ".-_" else "_" for c in download.name)
    headers = {
        "content-disposition": f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(download.name)}",
        "x-content-type-options": "nosniff",
    }
    if inline:
        headers["content-security-policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return Response(download.data, media_type=download.media_type, headers=headers)


Handler = Callable[[Request], Awaitable[Response]]


def guarded(site: Site, handler: Callable[[Site, Request], Awaitable[Response]]) -> Handler:
    """The route ``handler`` with every exception turned into an answer (JSON under /api)."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(site, request)
        except Exception as exc:
            return site.error(request, exc)
        finally:
            await request.close()  # the form's uploaded files are spooled to temporary files

    return endpoint
