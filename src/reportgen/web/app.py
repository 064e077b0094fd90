"""The Starlette application: pages, API, shipped static files, and the guards in front of them."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from reportgen.web import api, pages
from reportgen.web.config import WebConfig
from reportgen.web.context import Site
from reportgen.web.problems import WebError
from reportgen.web.security import GuardMiddleware


def create_app(config: WebConfig) -> Starlette:
    """The web application over ``config``'s history and work folders."""
    site = Site(config)

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        error = {404: "not_found", 405: "method_not_allowed"}.get(status, "http_error")
        detail = {404: "没有这个页面。", 405: "不支持这种请求方法。"}.get(status, "请求有误。")
        return site.error(request, WebError(status, error, detail))

    async def any_error(request: Request, exc: Exception) -> Response:
        # The last line of defence: a JSON (or page) 500 with no traceback; the log keeps the details.
        return site.error(request, exc)

    static = StaticFiles(packages=[("reportgen.templates", "web/static")])
    return Starlette(
        routes=[*api.routes(site), *pages.routes(site), Mount("/static", app=static, name="static")],
        middleware=[
            Middleware(
                GuardMiddleware,
                allowed_hosts=config.allowed_hosts,
                max_body=config.max_request,
                token=config.token,
            )
        ],
        exception_handlers={HTTPException: http_error, WebError: any_error, Exception: any_error},
    )
