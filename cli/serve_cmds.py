"""The serve command: the office's web page."""

from __future__ import annotations

from typing import Annotated

import typer
from reportgen.cli.common import HistoryOption, LocalizedCommand, handles_errors

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
    where = "内置示例（临时副本）" if config.example else str(config.history)
    typer.echo(f"reportgen 网页已启动：{url_for(host, port)} （历史库：{where}；按 Ctrl+C 停止）")
    if config.token is not None:
        typer.echo("需要访问令牌：浏览器中登录时输入，脚本请加请求头 Authorization: Bearer <令牌>")
    try:
        uvicorn_server(config, host, port).run()
    finally:
        config.cleanup()
