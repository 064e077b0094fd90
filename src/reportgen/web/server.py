"""Starting the server: the address check, the token rule, and uvicorn."""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.errors import UsageError
from reportgen.i18n import _
from reportgen.web.config import LOCAL_HOSTS, WebConfig, make_config

TOKEN_ENV = "REPORTGEN_TOKEN"
MIN_TOKEN_LENGTH = 12


def is_local(host: str) -> bool:
    """True for the loopback addresses only this machine can reach."""
    return host in LOCAL_HOSTS or host.startswith("127.")


def check_address(host: str, token: str | None) -> str | None:
    """The token to require, or a UsageError: any address but loopback needs a token, and a long one."""
    token = token or os.environ.get(TOKEN_ENV) or None
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise UsageError(_("the access token must be at least {count} characters long").format(count=MIN_TOKEN_LENGTH))
    if not is_local(host) and token is None:
        raise UsageError(
            _("refusing to listen on {host} without an access token").format(host=host),
            remedy="token",
            facts={"variable": TOKEN_ENV},
        )
    return token


def url_for(host: str, port: int) -> str:
    """The address to open in a browser."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def _allowed_hosts(host: str) -> tuple[str, ...]:
    # On loopback only loopback names are accepted (no DNS rebinding); on a LAN address the token guards.
    return LOCAL_HOSTS if is_local(host) else ("*",)


def prepare(host: str, token: str | None, history: Path | None) -> WebConfig:
    """The checked configuration for a server on ``host``."""
    required = check_address(host, token)
    return make_config(history, token=required, allowed_hosts=_allowed_hosts(host))


def uvicorn_server(config: WebConfig, host: str, port: int, *, quiet: bool = False) -> Any:
    """A uvicorn server for the app (not started)."""
    import uvicorn  # the web stack loads only when a server starts

    from reportgen.web.app import create_app

    settings = uvicorn.Config(
        create_app(config),
        host=host,
        port=port,
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        server_header=False,
        limit_concurrency=64,
    )
    return uvicorn.Server(settings)


@dataclass
class Background:
    """A server running in a thread of this process (tests, screenshots, the load check)."""

    server: Any
    thread: threading.Thread
    url: str

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_in_thread(config: WebConfig, port: int | None = None) -> Background:
    """Start the server on 127.0.0.1 in a daemon thread and wait until it accepts connections."""

    chosen = port or free_port()
    server = uvicorn_server(config, "127.0.0.1", chosen, quiet=True)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    return Background(server, thread, url_for("127.0.0.1", chosen))
