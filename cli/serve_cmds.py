"""The serve command: the office's web page."""

from __future__ import annotations

from typing import Annotated

import typer
from reportgen.cli.common import HistoryOption, LocalizedCommand, handles_errors, warn

from reportgen.i18n import _

app = typer.Typer()


@app.command(
    cls=LocalizedCommand,
    help=_("Serve the web page (Chinese) and the JSON API on this machine or the office network."),
)
@handles_errors
def serve(
    host: Annotated[
        str, typer.Option("--host", help=_("Address to listen on; anything but 127.0.0.1 needs a token."))
    ] = ("127.0.0.1"),
    port: Annotated[int, typer.Option("--port", help=_("Port to listen on."), min=1, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token", envvar="REPORTGEN_TOKEN", help=_("Access token every request must carry."), show_default=False
        ),
    ] = None,
    history: HistoryOption = None,
) -> None:
    from reportgen.web.server import prepare, url_for, uvicorn_server  # the web stack loads only here

    config = prepare(host, token, history)
    where = _("the built-in example (a private copy)") if config.example else str(config.history)
    warn(
        _("reportgen web page at {url} (history: {where}; Ctrl+C stops it)").format(
            url=url_for(host, port), where=where
        )
    )
    if config.token is not None:
        warn(
            _("every request needs the access token: type it on the login page, or send Authorization: Bearer <token>")
        )
    try:
        uvicorn_server(config, host, port).run()
    finally:
        config.cleanup()
