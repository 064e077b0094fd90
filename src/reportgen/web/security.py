"""The guards every request passes: allowed Host names, the request size limit, the access token, same origin.

Each is a plain ASGI middleware so it also covers the static files and the error answers. CSRF on the
forms is a double-submit token: a random cookie that each form repeats in a hidden field (``check_csrf``).
"""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Any
from urllib.parse import urlsplit

from reportgen.web.problems import WebError

TOKEN_COOKIE = "reportgen_token"
TOKEN_HEADER = "x-reportgen-token"
CSRF_COOKIE = "reportgen_csrf"
CSRF_FIELD = "csrf_token"
LOGIN_PATH = "/login"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

Scope = dict[str, Any]
ASGIApp = Any


def new_secret() -> str:
    """A random value for a CSRF cookie."""
    return secrets.token_urlsafe(24)


def same(a: str | None, b: str | None) -> bool:
    """Constant-time equality of two secrets; False when either is missing."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


def check_csrf(cookie: str | None, submitted: Any) -> None:
    """Refuse a form whose hidden token does not repeat the CSRF cookie."""
    if not isinstance(submitted, str) or not same(cookie, submitted):
        raise WebError(403, "csrf", "表单已过期或来源不明，请刷新页面后重试。")


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(header: str) -> dict[str, str]:
    cookies = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            cookies[name] = value
    return cookies


async def _send_json(send: Any, status: int, error: str, detail: str) -> None:
    body = json.dumps({"error": error, "detail": detail}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    """Host check, size limit, token and same-origin check, in that order, before anything else runs."""

    def __init__(self, app: ASGIApp, *, allowed_hosts: tuple[str, ...], max_body: int, token: str | None) -> None:
        self.app = app
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.max_body = max_body
        self.token = token

    def _host_allowed(self, host: str) -> bool:
        if "*" in self.allowed_hosts:
            return True
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.strip("[]").lower() in self.allowed_hosts

    def _authorised(self, headers: dict[str, str]) -> bool:
        if self.token is None:
            return True
        bearer = headers.get("authorization", "")
        if bearer.lower().startswith("bearer ") and same(bearer[7:].strip(), self.token):
            return True
        if same(headers.get(TOKEN_HEADER), self.token):
            return True
        return same(_cookies(headers.get("cookie", "")).get(TOKEN_COOKIE), self.token)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        path = scope.get("path", "")
        method = scope.get("method", "GET")
        # A page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own Host.
        if not self._host_allowed(headers.get("host", "")):
            await _send_json(send, 400, "bad_host", "不接受这个主机名的请求。")
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            await _send_json(send, 413, "too_large", f"请求超过 {self.max_body // (1024 * 1024)} MB 的上限。")
            return
        if method in _UNSAFE and not self._same_origin(headers):
            await _send_json(send, 403, "cross_origin", "拒绝来自其他网站的请求。")
            return
        if not self._authorised(headers) and path != LOGIN_PATH:
            if path.startswith("/api/") or method != "GET":
                await _send_json(send, 401, "token_required", "需要访问令牌：请求头 Authorization: Bearer <令牌>。")
            else:
                await send(
                    {"type": "http.response.start", "status": 303, "headers": [(b"location", LOGIN_PATH.encode())]}
                )
                await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, self._limited(receive), send)

    def _same_origin(self, headers: dict[str, str]) -> bool:
        if headers.get("sec-fetch-site") == "cross-site":
            return False
        origin = headers.get("origin")
        if origin is None or origin == "null":
            # Scripts (curl, requests) send no Origin; browsers always do on a cross-origin POST.
            return origin is None
        return urlsplit(origin).netloc.lower() == headers.get("host", "").lower()

    def _limited(self, receive: Any) -> Any:
        seen = 0
        limit = self.max_body

        async def receive_limited() -> Any:
            nonlocal seen
            message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise WebError(413, "too_large", f"请求超过 {limit // (1024 * 1024)} MB 的上限。")
            return message

        return receive_limited
