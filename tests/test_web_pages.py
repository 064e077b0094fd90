"""The Chinese pages of `reportgen serve` through the test client: forms, CSRF, every bad cell at once."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from reportgen.draft.metrics import COLUMNS, HEADERS
from reportgen.web import actions
from reportgen.web.config import make_config

from .web_support import REPORT_2024, client, web_config


def csrf_of(api) -> str:  # type: ignore[no-untyped-def]
    return str(api.cookies["reportgen_csrf"])


def test_every_page_is_chinese_and_links_only_shipped_assets(tmp_path: Path) -> None:
    api = client(web_config(tmp_path))
    for path, heading in [
        ("/history", "往年报告"),
        ("/history/2023", "钟楼区"),
        ("/figures", "填报 2024 年数据"),
        ("/draft", "生成 2024 年报告初稿"),
        ("/compare", "年度对比"),
        ("/trend", "趋势"),
    ]:
        page = api.get(path)
        assert page.status_code == 200, path
        assert '<html lang="zh-CN">' in page.text and heading in page.text
        for url in re.findall(r'(?:src|href)="([^"#]+)"', page.text):
            assert url.startswith("/"), f"{path} links outside the server: {url}"
    assert api.get("/static/app.js").status_code == 200


def test_report_page_shows_outline_figures_and_shortcomings(tmp_path: Path) -> None:
    page = client(web_config(tmp_path)).get("/history/2023")
    assert "着力高效服务，优化职能营造法治营商环境" in page.text
    assert "问题和不足（3 条）" in page.text
    assert "398.6406" in page.text


def test_a_form_without_the_csrf_token_is_refused(tmp_path: Path) -> None:
    config = web_config(tmp_path)
    api = client(config)
    api.get("/history")
    files = {"file": ("r.txt", REPORT_2024.read_bytes(), "text/plain")}
    refused = api.post("/history", files=files, data={"year": "2024"})
    assert refused.status_code == 403 and "表单已过期" in refused.text
    wrong = api.post("/history", files=files, data={"year": "2024", "csrf_token": "guess"})
    assert wrong.status_code == 403
    assert (config.history / "2024.yaml").exists() is False
    stored = api.post("/history", files=files, data={"year": "2024", "csrf_token": csrf_of(api)})
    assert stored.status_code == 200 and "已存入历史库" in stored.text


def test_upload_of_a_year_already_held_explains_force(tmp_path: Path) -> None:
    api = client(web_config(tmp_path))
    api.get("/history")
    files = {"file": ("r.txt", REPORT_2024.read_bytes(), "text/plain")}
    data = {"year": "2023", "csrf_token": csrf_of(api)}
    page = api.post("/history", files=files, data=data)
    assert page.status_code == 409
    assert "替换已有年份" in page.text and "2023" in page.text


def test_figures_form_shows_every_bad_cell_at_once_and_saves_nothing(tmp_path: Path) -> None:
    config = web_config(tmp_path)
    api = client(config)
    page = api.get("/figures")
    ids = re.findall(r'name="value:([^"]+)"', page.text)
    assert len(ids) > 20
    typed = {
        "value:review.cases_accepted": "一百",
        "value:review.direct_correction_rate": "130",
        "value:compliance.lectures": "12.5",
        "value:enforcement.exempted_amount": "412.5",
        "csrf_token": csrf_of(api),
    }
    refused = api.post("/figures/2024", data=typed)
    assert refused.status_code == 422
    errors = re.findall(r'<div class="cell-error" id="p-\d+">(.*?)</div>', refused.text)
    assert len(errors) == 3, errors
    assert "有 3 处填写有误" in refused.text
    assert 'value="一百"' in refused.text  # what was typed stays in the form
    assert not actions.sheet_path(config, 2024).exists()


def test_figures_save_then_the_draft_uses_them(tmp_path: Path) -> None:
    config = web_config(tmp_path)
    api = client(config)
    api.get("/figures")
    saved = api.post(
        "/figures/2024",
        data={"value:review.cases_accepted": "135", "value:compliance.lectures": "12", "csrf_token": csrf_of(api)},
    )
    assert saved.status_code == 200 and "已保存：2 个数字已填写" in saved.text
    sheet = load_workbook(io.BytesIO(api.get("/figures/2024.xlsx").content))
    values = {row[0]: row[6] for row in sheet.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert values["review.cases_accepted"] == 135 and values["compliance.lectures"] == 12

    again = api.post("/figures/2024", data={"value:review.cases_accepted": "136", "csrf_token": csrf_of(api)})
    assert again.status_code == 200
    assert not (config.work / "metrics" / ".backup").exists()  # the page's own sheet, replaced on request
    sheet_file = actions.sheet_path(config, 2024)
    edited = load_workbook(sheet_file)
    edited.worksheets[0]["H2"] = "科室补充的备注"
    edited.save(sheet_file)  # filled in Excel since
    third = api.post("/figures/2024", data={"value:review.cases_accepted": "137", "csrf_token": csrf_of(api)})
    assert third.status_code == 200
    assert len(list((config.work / "metrics" / ".backup").iterdir())) == 1  # the office's own version is kept

    draft = api.post("/draft/2024", data={"csrf_token": csrf_of(api)})
    assert draft.status_code == 200 and "初稿已生成" in draft.text
    assert "数字已更新 1 个" in draft.text and "沿用上年的数字" in draft.text
    link = re.search(r'href="(/download/[^"/]+)" id="download-docx"', draft.text)
    assert link is not None
    docx = api.get(link.group(1))
    assert docx.content[:2] == b"PK" and "attachment" in docx.headers["content-disposition"]


def _sheet(rows: list[tuple[str, object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([HEADERS[c] for c in COLUMNS])
    for figure_id, value in rows:
        sheet.append([figure_id, "", "", "", "", 0, value, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_sheet_upload_lists_every_problem_and_a_good_one_is_kept(tmp_path: Path) -> None:
    config = web_config(tmp_path)
    api = client(config)
    api.get("/figures")
    bad = _sheet([("review.cases_accepted", "abc"), ("compliance.lectures", -3), ("nope", 1)])
    page = api.post(
        "/figures/2024/upload",
        files={"sheet": ("填报.xlsx", bad, "application/octet-stream")},
        data={"csrf_token": csrf_of(api)},
    )
    assert page.status_code == 422
    assert "填报表 填报.xlsx 有 3 处问题" in page.text
    assert not actions.sheet_path(config, 2024).exists()

    good = _sheet([("review.cases_accepted", 140)])
    page = api.post(
        "/figures/2024/upload",
        files={"sheet": ("填报.xlsx", good, "application/octet-stream")},
        data={"csrf_token": csrf_of(api)},
    )
    assert page.status_code == 200 and "已读入填报表 填报.xlsx" in page.text
    assert actions.sheet_path(config, 2024).read_bytes() == good
    assert 'value="140"' in page.text


def test_compare_page_shows_the_diff_and_offers_the_downloads(tmp_path: Path) -> None:
    api = client(web_config(tmp_path))
    api.get("/compare")
    page = api.post(
        "/compare",
        data={"old_year": "2023", "csrf_token": csrf_of(api)},
        files={"new_file": ("新报告.txt", REPORT_2024.read_bytes(), "text/plain")},
    )
    assert page.status_code == 200
    assert "对比结果：2023 → 新报告" in page.text
    frame = re.search(r'src="(/download/[^"]+\?inline=1)"', page.text)
    assert frame is not None
    html = api.get(frame.group(1))
    assert html.headers["content-security-policy"].startswith("sandbox")
    assert "新报告.txt" in html.text and "/upload-" not in html.text
    json_link = re.search(r'href="(/download/[^"]+)" id="download-json"', page.text)
    assert json_link is not None and api.get(json_link.group(1)).json()["schema"] == "reportgen.diff/1"


def test_downloads_are_only_by_generated_id(tmp_path: Path) -> None:
    api = client(web_config(tmp_path))
    assert api.get("/download/..%2F..%2Fhistory%2F2023.yaml").status_code == 404
    assert api.get("/download/not-a-key").status_code == 404


def test_without_a_history_folder_the_server_works_on_a_copy_of_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTGEN_HISTORY", raising=False)
    config = make_config(scratch_in=tmp_path / "scratch")
    assert config.example and config.history.is_relative_to(config.scratch)
    page = client(config).get("/history")
    assert "内置示例" in page.text and "2023" in page.text


@pytest.mark.render
def test_draft_pdf_where_libreoffice_is_installed(tmp_path: Path) -> None:
    from .render_support import require_tools

    require_tools()
    api = client(web_config(tmp_path))
    api.get("/draft")
    page = api.post("/draft/2024", data={"csrf_token": csrf_of(api)})
    link = re.search(r'href="(/download/[^"]+/pdf)" id="download-pdf"', page.text)
    assert link is not None
    pdf = api.get(link.group(1))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_server_works_on_the_nearest_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.workspace import init_workspace

    from .conftest import FIXTURES, REFERENCE_2023

    folder = tmp_path / "钟楼区"
    folder.mkdir()
    init_workspace(folder, REFERENCE_2023, year=2023)
    inside = folder / "材料"
    inside.mkdir()
    monkeypatch.chdir(inside)
    monkeypatch.delenv("REPORTGEN_HISTORY", raising=False)
    config = make_config(scratch_in=tmp_path / "scratch")
    assert (config.history, config.work, config.example) == (folder / "history", folder, False)
    assert config.org == "常州市钟楼区人民政府"

    api = client(config)
    page = api.get("/history")
    assert "常州市钟楼区人民政府 · 法治政府建设年度报告" in page.text and "内置示例" not in page.text
    other = {"file": ("青湖区.txt", (FIXTURES / "statutory-2024.txt").read_bytes(), "text/plain")}
    refused = api.post("/history", files=other, data={"csrf_token": csrf_of(api)})
    assert refused.status_code == 409 and "不是本单位的" in refused.text
    saved = api.post("/figures/2024", data={"value:review.cases_accepted": "135", "csrf_token": csrf_of(api)})
    assert saved.status_code == 200
    assert (folder / "metrics" / "2024.xlsx").exists()  # beside the workspace's history, as `reportgen metrics`
