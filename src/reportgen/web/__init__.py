"""``reportgen serve``: the office's web page and a small JSON API over the same library functions as the CLI.

Like ``reportgen.cli`` this is an application layer: it may import ``reportgen.compare``. Nothing in the core
imports it, and the web stack (Starlette, uvicorn) is imported only when the server starts.
"""
