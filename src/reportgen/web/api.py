"""The JSON API under /api: the CLI's contracts (reportgen.diff/1, reportgen.trend/1) for scripts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reportgen import __version__
from reportgen.errors import ReportgenError
from reportgen.web import actions
from reportgen.web.context import Site, download_response, guarded, parse_year, read_form, run, truthy
from reportgen.web.problems import WebError
from reportgen.web.uploads import REPORT_SUFFIXES, SHEET_SUFFIXES, Uploads, request_uploads

YEARS_SCHEMA = "reportgen.years/1"


def _json_text(text: str, status: int = 200) -> Response:
    return Response(text, status_code=status, media_type="application/json")


async def health(site: Site, request: Request) -> Response:
    return JSONResponse({"status": "ok", "version": __version__})


async def years(site: Site, request: Request) -> Response:
    held = await run(actions.years, site.config)
    return JSONResponse({"schema": YEARS_SCHEMA, "years": held, "example": site.config.example})


def _upload(form: Any, name: str) -> Any:
    value = form.get(name)
    return value if value is not None and not isinstance(value, str) else None


async def _ref(form: Any, name: str, uploads: Uploads, limit: int) -> str:
    """A report named by a form field: an uploaded file (saved under a generated name) or a year in history."""
    upload = _upload(form, name)
    if upload is not None:
        return str(await uploads.save(upload, (*REPORT_SUFFIXES, ".yaml", ".yml"), limit, name))
    year = parse_year(form.get(name), name)
    return str(year)


async def ingest(site: Site, request: Request) -> Response:
    form = await read_form(request)
    upload = _upload(form, "file")
    if upload is None:
        raise WebError(400, "bad_request", "缺少上传的报告文件（字段 file）")
    year = parse_year(form.get("year"), required=False)
    with request_uploads(site.config.scratch) as uploads:
        try:
            path = await uploads.save(upload, REPORT_SUFFIXES, site.config.max_upload, "report")
            result = await run(actions.ingest, site.config, path, year=year, force=truthy(form.get("force")))
        except ReportgenError as exc:
            return site.error(request, exc, uploads.names)
    report = result.report
    return JSONResponse(
        {
            "year": report.year,
            "org": report.org,
            "title": report.title,
            "parts": len(report.parts),
            "sections": sum(len(p.sections) for p in report.parts),
            "figures": len(report.figures),
            "shortcomings": len(report.shortcomings),
            "plans": len(report.plans),
            "notes": result.notes,
        },
        status_code=201,
    )


async def diff(site: Site, request: Request) -> Response:
    form = await read_form(request)
    with request_uploads(site.config.scratch) as uploads:
        try:
            old = await _ref(form, "old", uploads, site.config.max_upload)
            new = await _ref(form, "new", uploads, site.config.max_upload)
            text = await run(actions.diff_json, site.config, old, new, uploads.names)
        except ReportgenError as exc:
            return site.error(request, exc, uploads.names)
    return _json_text(text)


async def draft(site: Site, request: Request) -> Response:
    form = await read_form(request)
    year = parse_year(form.get("year"))
    assert year is not None
    with request_uploads(site.config.scratch) as uploads:
        try:
            upload = _upload(form, "metrics")
            metrics: Path | None = None
            if upload is not None:
                metrics = await uploads.save(upload, SHEET_SUFFIXES, site.config.max_upload, "metrics")
            made = await run(actions.make_draft, site.config, year, metrics, site.results)
        except ReportgenError as exc:
            return site.error(request, exc, uploads.names)
    docx = site.results.get(made.docx)
    assert docx is not None
    response = download_response(docx)
    model = made.result.model
    response.headers["x-reportgen-carried"] = str(len(model.figures_with("carried")))
    response.headers["x-reportgen-updated"] = str(len(model.figures_with("updated")))
    return response


async def trend(site: Site, request: Request) -> Response:
    return _json_text(await run(actions.trend_json, site.config))


async def not_found(site: Site, request: Request) -> Response:
    raise WebError(404, "not_found", f"没有这个接口：{request.method} {request.url.path}")


def routes(site: Site) -> list[Route]:
    """The API's routes."""
    return [
        Route("/api/health", guarded(site, health), methods=["GET"]),
        Route("/api/years", guarded(site, years), methods=["GET"]),
        Route("/api/ingest", guarded(site, ingest), methods=["POST"]),
        Route("/api/diff", guarded(site, diff), methods=["POST"]),
        Route("/api/draft", guarded(site, draft), methods=["POST"]),
        Route("/api/trend", guarded(site, trend), methods=["GET"]),
        Route("/api/{rest:path}", guarded(site, not_found), methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
    ]
