"""The office's pages, in Chinese: 往年报告, 填报数据, 生成初稿, 年度对比, 趋势, and the token login."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from reportgen.errors import ReportgenError
from reportgen.figures import format_value
from reportgen.web import actions
from reportgen.web.context import Site, download_response, guarded, parse_year, read_form, run, truthy
from reportgen.web.problems import WebError, answer_for
from reportgen.web.security import CSRF_COOKIE, CSRF_FIELD, TOKEN_COOKIE, check_csrf, same
from reportgen.web.uploads import REPORT_SUFFIXES, SHEET_SUFFIXES, request_uploads


async def _checked_form(request: Request) -> Any:
    form = await read_form(request)
    check_csrf(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD))
    return form


def _upload(form: Any, name: str) -> Any:
    value = form.get(name)
    if value is None or isinstance(value, str) or not getattr(value, "filename", ""):
        return None
    return value


async def home(site: Site, request: Request) -> Response:
    return RedirectResponse("/history", status_code=303)


# --- 往年报告 ---------------------------------------------------------------------------------------------


async def _history_page(site: Site, request: Request, status: int = 200, **values: Any) -> Response:
    held = await run(actions.years, site.config)
    reports = [await run(actions.report, site.config, y) for y in held]
    return site.page(request, "history.html", status=status, active="history", reports=reports, **values)


async def history(site: Site, request: Request) -> Response:
    return await _history_page(site, request)


async def history_year(site: Site, request: Request) -> Response:
    year = parse_year(request.path_params["year"])
    report = await run(actions.report, site.config, year)
    return site.page(request, "report.html", active="history", report=report, value=format_value)


async def history_upload(site: Site, request: Request) -> Response:
    form = await _checked_form(request)
    upload = _upload(form, "file")
    if upload is None:
        return await _history_page(site, request, 400, error="请选择要上传的报告文件。")
    with request_uploads(site.config.scratch) as uploads:
        try:
            year = parse_year(form.get("year"), required=False)
            path = await uploads.save(upload, REPORT_SUFFIXES, site.config.max_upload, "report")
            result = await run(actions.ingest, site.config, path, year=year, force=truthy(form.get("force")))
        except (ReportgenError, WebError) as exc:
            answer = answer_for(exc, uploads.names, site.config.history)
            hint = {
                "year_exists": "如确需替换，请勾选“替换已有年份”后重新上传（原文件会备份）。",
                "other_government": "这份报告不是本单位的。其他单位的报告请在它自己的工作目录中处理"
                "（reportgen init --from 报告文件）；只作对比时，请用“年度对比”页面上传。",
            }.get(answer.error, "")
            return await _history_page(site, request, answer.status, error=answer.detail, error_hint=hint)
    return await _history_page(site, request, stored=result)


# --- 填报数据 ---------------------------------------------------------------------------------------------


async def _default_year(site: Site, request: Request) -> int | None:
    asked = parse_year(request.query_params.get("year"), required=False)
    return asked if asked is not None else await run(actions.next_year, site.config)


def _figures_page(site: Site, request: Request, sheet: actions.Sheet, status: int = 200, **values: Any) -> Response:
    return site.page(
        request, "figures.html", status=status, active="figures", sheet=sheet, value=format_value, **values
    )


async def figures(site: Site, request: Request) -> Response:
    year = await _default_year(site, request)
    if year is None:
        return site.page(request, "empty.html", active="figures", what="填报数据")
    sheet = await run(actions.sheet, site.config, year)
    return _figures_page(site, request, sheet)


async def figures_save(site: Site, request: Request) -> Response:
    year = parse_year(request.path_params["year"])
    form = await _checked_form(request)
    values = {
        k.removeprefix("value:"): v for k, v in form.multi_items() if k.startswith("value:") and isinstance(v, str)
    }
    notes = {k.removeprefix("note:"): v for k, v in form.multi_items() if k.startswith("note:") and isinstance(v, str)}
    sheet = await run(actions.save_form, site.config, year, values, notes)
    if sheet.problems or sheet.other_problems:
        return _figures_page(site, request, sheet, 422)
    return _figures_page(site, request, sheet, saved=True)


async def figures_upload(site: Site, request: Request) -> Response:
    year = parse_year(request.path_params["year"])
    assert year is not None
    form = await _checked_form(request)
    upload = _upload(form, "sheet")
    if upload is None:
        sheet = await run(actions.sheet, site.config, year)
        return _figures_page(site, request, sheet, 400, error="请选择要上传的填报表。")
    with request_uploads(site.config.scratch) as uploads:
        try:
            path = await uploads.save(upload, SHEET_SUFFIXES, site.config.max_upload, "sheet")
            sheet = await run(actions.upload_sheet, site.config, year, path)
        except (ReportgenError, WebError) as exc:
            answer = answer_for(exc, uploads.names, site.config.history)
            current = await run(actions.sheet, site.config, year)
            return _figures_page(site, request, current, answer.status, error=answer.detail)
        name = uploads.names.get(path, "")
    if sheet.other_problems:
        return _figures_page(site, request, sheet, 422, upload_problems=name)
    return _figures_page(site, request, sheet, uploaded=name)


async def figures_xlsx(site: Site, request: Request) -> Response:
    year = parse_year(request.path_params["year"])
    return download_response(await run(actions.sheet_download, site.config, year))


# --- 生成初稿 ---------------------------------------------------------------------------------------------


async def draft(site: Site, request: Request) -> Response:
    year = await _default_year(site, request)
    if year is None:
        return site.page(request, "empty.html", active="draft", what="初稿")
    has_sheet = actions.sheet_path(site.config, year).exists()
    return site.page(request, "draft.html", active="draft", year=year, has_sheet=has_sheet, made=None)


async def draft_make(site: Site, request: Request) -> Response:
    year = parse_year(request.path_params["year"])
    assert year is not None
    await _checked_form(request)
    sheet = actions.sheet_path(site.config, year)
    metrics = sheet if sheet.exists() else None
    made = await run(actions.make_draft, site.config, year, metrics, site.results)
    return site.page(
        request,
        "draft.html",
        active="draft",
        year=year,
        has_sheet=metrics is not None,
        made=made,
        model=made.result.model,
        pdf=actions.soffice() is not None,
        value=format_value,
    )


# --- 年度对比 ---------------------------------------------------------------------------------------------


async def compare(site: Site, request: Request) -> Response:
    held = await run(actions.years, site.config)
    return site.page(request, "compare.html", active="compare", years=held, made=None)


async def compare_make(site: Site, request: Request) -> Response:
    form = await _checked_form(request)
    held = await run(actions.years, site.config)
    with request_uploads(site.config.scratch) as uploads:
        try:
            refs = []
            for side in ("old", "new"):
                upload = _upload(form, f"{side}_file")
                if upload is not None:
                    allowed = (*REPORT_SUFFIXES, ".yaml", ".yml")
                    refs.append(str(await uploads.save(upload, allowed, site.config.max_upload, side)))
                else:
                    refs.append(str(parse_year(form.get(f"{side}_year"), "年份")))
            made = await run(actions.compare, site.config, refs[0], refs[1], uploads.names, site.results)
        except (ReportgenError, WebError) as exc:
            answer = answer_for(exc, uploads.names, site.config.history)
            return site.page(
                request,
                "compare.html",
                status=answer.status,
                active="compare",
                years=held,
                made=None,
                error=answer.detail,
            )
    return site.page(request, "compare.html", active="compare", years=held, made=made)


# --- 趋势 -------------------------------------------------------------------------------------------------


async def trend(site: Site, request: Request) -> Response:
    held = await run(actions.years, site.config)
    if not held:
        return site.page(request, "empty.html", active="trend", what="趋势")
    html, warnings = await run(actions.trend_html, site.config)
    key = site.results.add(actions.Download("trend.html", "text/html; charset=utf-8", html.encode("utf-8")))
    return site.page(request, "trend.html", active="trend", years=held, frame=key, warnings=warnings)


# --- downloads and login ----------------------------------------------------------------------------------


async def download(site: Site, request: Request) -> Response:
    item = site.results.get(request.path_params["key"])
    if item is None:
        raise WebError(404, "not_found", "文件已过期，请重新生成。")
    inline = request.query_params.get("inline") == "1" and item.media_type.startswith("text/html")
    return download_response(item, inline=inline)


async def download_pdf(site: Site, request: Request) -> Response:
    item = site.results.get(request.path_params["key"])
    if item is None or item.media_type != actions.DOCX_TYPE:
        raise WebError(404, "not_found", "文件已过期，请重新生成。")
    return download_response(await run(actions.docx_to_pdf, site.config, item))


async def login(site: Site, request: Request) -> Response:
    if request.method == "GET":
        return site.page(request, "login.html", active="")
    form = await _checked_form(request)
    token = form.get("token")
    if site.config.token is None or not isinstance(token, str) or not same(token.strip(), site.config.token):
        return site.page(request, "login.html", status=401, active="", error="令牌不正确。")
    response = RedirectResponse("/history", status_code=303)
    response.set_cookie(TOKEN_COOKIE, site.config.token, httponly=True, samesite="strict", path="/")
    return response


def routes(site: Site) -> list[Route]:
    """The pages' routes."""
    return [
        Route("/", guarded(site, home), methods=["GET"]),
        Route("/history", guarded(site, history), methods=["GET"]),
        Route("/history", guarded(site, history_upload), methods=["POST"]),
        Route("/history/{year}", guarded(site, history_year), methods=["GET"]),
        Route("/figures", guarded(site, figures), methods=["GET"]),
        Route("/figures/{year}", guarded(site, figures_save), methods=["POST"]),
        Route("/figures/{year}/upload", guarded(site, figures_upload), methods=["POST"]),
        Route("/figures/{year}.xlsx", guarded(site, figures_xlsx), methods=["GET"]),
        Route("/draft", guarded(site, draft), methods=["GET"]),
        Route("/draft/{year}", guarded(site, draft_make), methods=["POST"]),
        Route("/compare", guarded(site, compare), methods=["GET"]),
        Route("/compare", guarded(site, compare_make), methods=["POST"]),
        Route("/trend", guarded(site, trend), methods=["GET"]),
        Route("/download/{key}", guarded(site, download), methods=["GET"]),
        Route("/download/{key}/pdf", guarded(site, download_pdf), methods=["GET"]),
        Route("/login", guarded(site, login), methods=["GET", "POST"]),
    ]
