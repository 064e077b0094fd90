"""The JSON API of `reportgen serve`, through Starlette's test client: contracts, errors, safety, concurrency."""

from __future__ import annotations

import io
import json
import threading
import zipfile
from pathlib import Path

import pytest
from docx import Document
from reportgen.cli.app import app as cli_app
from typer.testing import CliRunner

from reportgen import __version__
from reportgen.errors import UsageError
from reportgen.store import history_years, load_year
from reportgen.web import actions
from reportgen.web.server import check_address

from .conftest import FIXTURES
from .web_support import PARTIAL_SHEET, REPORT_2024, client, web_config

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_2024() -> tuple[str, bytes, str]:
    return ("钟楼区2024年报告.txt", REPORT_2024.read_bytes(), "text/plain")


def assert_error(response, status: int, error: str | None = None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert "Traceback" not in body["detail"]
    if error is not None:
        assert body["error"] == error
    return body


def test_health_and_years(tmp_path: Path) -> None:
    api = client(web_config(tmp_path))
    assert api.get("/api/health").json() == {"status": "ok", "version": __version__}
    assert api.get("/api/years").json() == {"schema": "reportgen.years/1", "years": [2023], "example": False}


def test_ingest_stores_the_year_then_refuses_to_replace_it_without_force(tmp_path: Path) -> None:
    config = web_config(tmp_path)
    api = client(config)
    response = api.post("/api/ingest", files={"file": report_2024()}, data={"year": "2024"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["year"] == 2024 and body["org"] == "常州市钟楼区人民政府"
    assert body["figures"] == len(load_year(config.history, 2024).figures) > 20
    assert history_years(config.history) == [2023, 2024]

    again = assert_error(api.post("/api/ingest", files={"file": report_2024()}, data={"year": "2024"}), 409)
    assert again["error"] == "year_exists" and "2024" in again["detail"]

    forced = api.post("/api/ingest", files={"file": report_2024()}, data={"year": "2024", "force": "true"})
    assert forced.status_code == 201
    assert [p.suffix for p in (config.history / ".backup").iterdir()].count(".yaml") == 1


@pytest.mark.parametrize(
    ("files", "data", "status", "error"),
    [
        ({}, {"year": "2024"}, 400, "bad_request"),
        ({"file": ("r.txt", b"x", "text/plain")}, {"year": "20x4"}, 400, "bad_request"),
        ({"file": ("r.txt", b"x", "text/plain")}, {"year": "1500"}, 400, "bad_request"),
        ({"file": ("report.xyz", b"\xd0\xcf\x11\xe0", "application/msword")}, {}, 422, "bad_input"),
        ({"file": ("run.exe", b"MZ", "application/octet-stream")}, {}, 422, "bad_input"),
        ({"file": ("empty.txt", b"", "text/plain")}, {}, 422, "bad_input"),
        ({"file": ("notes.txt", "今天天气很好。".encode(), "text/plain")}, {"year": "2024"}, 422, None),
        ({"file": ("bomb.docx", b"PK\x03\x04 not a zip", DOCX)}, {}, 422, None),
    ],
)
def test_ingest_refuses_bad_input_with_the_cli_checks(
    tmp_path: Path, files: dict, data: dict, status: int, error: str | None
) -> None:
    config = web_config(tmp_path)
    body = assert_error(client(config).post("/api/ingest", files=files, data=data), status, error)
    assert str(config.scratch) not in body["detail"]  # no server path in the answer
    assert history_years(config.history) == [2023]


def test_an_error_names_the_uploaded_file_not_the_server_path(tmp_path: Path) -> None:
    config = web_config(tmp_path)
    body = assert_error(
        client(config).post("/api/ingest", files={"file": ("我的报告.txt", "没有结构的文字。".encode(), "text/plain")}),
        422,
    )
    assert body["detail"].startswith("我的报告.txt")
    assert "/tmp" not in body["detail"] and "upload-" not in body["detail"]


def test_a_path_in_the_file_name_is_never_used(tmp_path: Path) -> None:
    config = web_config(tmp_path)
    name = "../../../history/2023.txt"
    response = client(config).post("/api/ingest", files={"file": (name, REPORT_2024.read_bytes(), "text/plain")})
    assert response.status_code == 201
    assert (config.history / "2023.txt").read_bytes() == (
        Path(__file__).parents[1] / "history" / "2023.txt"
    ).read_bytes()
    assert sorted(p.name for p in config.scratch.iterdir() if p.name.startswith("upload-")) == []


def test_upload_over_the_limit_is_413(tmp_path: Path) -> None:
    config = web_config(tmp_path, max_upload=4096)
    big = ("big.txt", "字".encode() * 5000, "text/plain")
    assert_error(client(config).post("/api/ingest", files={"file": big}), 413, "too_large")
    huge = ("huge.txt", b"x" * (config.max_request + 1), "text/plain")
    assert_error(client(config).post("/api/ingest", files={"file": huge}), 413, "too_large")


def test_diff_of_two_years_and_of_a_year_and_an_uploaded_file(tmp_path: Path) -> None:
    config = web_config(tmp_path)
    api = client(config)
    same = api.post("/api/diff", data={"old": "2023", "new": "2023"})
    assert same.status_code == 200
    assert json.loads(same.text)["schema"] == "reportgen.diff/1"

    upload = api.post("/api/diff", data={"old": "2023"}, files={"new": report_2024()})
    assert upload.status_code == 200, upload.text
    data = json.loads(upload.text)
    assert data["schema"] == "reportgen.diff/1"
    assert (data["old"]["year"], data["new"]["year"]) == (2023, 2024)
    assert data["new"]["source"] == "钟楼区2024年报告.txt"
    assert str(config.scratch) not in upload.text and str(config.history) not in upload.text
    assert data["old"]["source"] == "2023.yaml"
    assert any(f["status"] == "changed" for f in data["figures"])


def test_diff_errors(tmp_path: Path) -> None:
    api = client(web_config(tmp_path))
    assert_error(api.post("/api/diff", data={"old": "2023", "new": "2019"}), 404, "year_not_found")
    assert_error(api.post("/api/diff", data={"old": "2023"}), 400, "bad_request")
    assert_error(api.post("/api/diff", data={"old": "2023", "new": "../etc/passwd"}), 400, "bad_request")


def test_draft_returns_the_docx_and_uses_an_uploaded_sheet(tmp_path: Path) -> None:
    api = client(web_config(tmp_path))
    plain = api.post("/api/draft", data={"year": "2024"})
    assert plain.status_code == 200
    assert plain.headers["content-type"] == DOCX
    assert plain.headers["x-reportgen-updated"] == "0"
    text = "\n".join(p.text for p in Document(io.BytesIO(plain.content)).paragraphs)
    assert "2024年" in text and "【待核】" in text

    sheet = ("数据.csv", PARTIAL_SHEET.read_bytes(), "text/csv")
    filled = api.post("/api/draft", data={"year": "2024"}, files={"metrics": sheet})
    assert filled.status_code == 200, filled.text
    assert int(filled.headers["x-reportgen-updated"]) >= 5
    text = "\n".join(p.text for p in Document(io.BytesIO(filled.content)).paragraphs)
    assert "135件" in text


def test_draft_errors(tmp_path: Path) -> None:
    api = client(web_config(tmp_path))
    assert_error(api.post("/api/draft", data={}), 400, "bad_request")
    bad = "id,value\nreview.cases_accepted,abc\nreview.direct_correction_rate,130\nno.such.id,5\n"
    body = assert_error(
        api.post("/api/draft", data={"year": "2024"}, files={"metrics": ("表.csv", bad.encode(), "text/csv")}),
        422,
        "bad_sheet",
    )
    assert body["detail"].startswith("表.csv")
    assert all(bad in body["detail"] for bad in ("abc", "130", "no.such.id"))  # every problem, in one answer
    assert_error(
        api.post("/api/draft", data={"year": "2024"}, files={"metrics": ("表.exe", b"MZ", "application/x")}), 422
    )


def test_trend_contract(tmp_path: Path) -> None:
    api = client(web_config(tmp_path))
    api.post("/api/ingest", files={"file": report_2024()}, data={"year": "2024"})
    response = api.get("/api/trend")
    assert str(tmp_path) not in response.text
    data = response.json()
    assert data["schema"] == "reportgen.trend/1"
    assert data["years"] == [2023, 2024]


def test_unknown_route_and_unexpected_failure_are_json_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = client(web_config(tmp_path))
    assert_error(api.get("/api/nothing"), 404, "not_found")

    def broken(config: object) -> str:
        raise RuntimeError("secret internal state /srv/path")

    monkeypatch.setattr(actions, "trend_json", broken)
    body = assert_error(api.get("/api/trend"), 500, "internal_error")
    assert "secret" not in body["detail"] and "RuntimeError" not in body["detail"]


def test_token_is_required_on_every_request_when_set(tmp_path: Path) -> None:
    token = "correct-horse-battery"
    api = client(web_config(tmp_path, token=token))
    assert_error(api.get("/api/health"), 401, "token_required")
    assert_error(api.get("/api/health", headers={"Authorization": "Bearer wrong-token-value"}), 401)
    assert api.get("/api/health", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert api.get("/api/years", headers={"X-Reportgen-Token": token}).status_code == 200
    page = api.get("/history", follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (303, "/login")
    assert api.get("/static/app.css", follow_redirects=False).status_code == 303

    login = api.get("/login")
    assert login.status_code == 200 and "访问令牌" in login.text
    csrf = api.cookies["reportgen_csrf"]
    assert api.post("/login", data={"token": "nope", "csrf_token": csrf}).status_code == 401
    done = api.post("/login", data={"token": token, "csrf_token": csrf}, follow_redirects=False)
    assert done.status_code == 303
    assert api.get("/history").status_code == 200  # the cookie now carries the token
    assert api.get("/api/years").status_code == 200


def test_cross_site_posts_and_foreign_host_names_are_refused(tmp_path: Path) -> None:
    api = client(web_config(tmp_path))
    files = {"file": report_2024()}
    assert_error(api.post("/api/ingest", files=files, headers={"Origin": "http://evil.example"}), 403, "cross_origin")
    assert_error(api.post("/api/ingest", files=files, headers={"Sec-Fetch-Site": "cross-site"}), 403)
    assert_error(api.get("/api/health", headers={"Host": "evil.example"}), 400, "bad_host")
    same_origin = api.post("/api/ingest", files=files, headers={"Origin": "http://127.0.0.1"})
    assert same_origin.status_code == 201


def test_concurrent_ingests_of_one_year_store_it_once(tmp_path: Path) -> None:
    config = web_config(tmp_path)
    api = client(config)
    statuses: list[int] = []

    def post() -> None:
        statuses.append(api.post("/api/ingest", files={"file": report_2024()}, data={"year": "2024"}).status_code)

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201] + [409] * 5
    assert load_year(config.history, 2024).year == 2024
    assert not [p for p in config.history.iterdir() if p.name.endswith(".tmp")]


def test_serve_refuses_a_network_address_without_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPORTGEN_TOKEN", raising=False)
    with pytest.raises(UsageError, match=r"0\.0\.0\.0"):
        check_address("0.0.0.0", None)
    with pytest.raises(UsageError, match="12"):
        check_address("0.0.0.0", "short")
    assert check_address("127.0.0.1", None) is None
    assert check_address("192.168.1.5", "a-long-enough-token") == "a-long-enough-token"
    monkeypatch.setenv("REPORTGEN_TOKEN", "from-the-environment")
    assert check_address("10.0.0.2", None) == "from-the-environment"

    monkeypatch.delenv("REPORTGEN_TOKEN")
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--port", "8765"])
    assert result.exit_code == 2
    assert "0.0.0.0" in result.stderr and "REPORTGEN_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def test_redline_download_is_a_docx_with_tracked_changes(tmp_path: Path) -> None:
    config = web_config(tmp_path)
    api = client(config)
    api.post("/api/ingest", files={"file": report_2024()}, data={"year": "2024"})
    comparison = actions.Results()
    result = actions.compare(config, "2023", "2024", {}, comparison)
    assert result.title == "2023 → 2024"
    redline = comparison.get(result.redline)
    assert redline is not None and redline.media_type == DOCX
    with zipfile.ZipFile(io.BytesIO(redline.data)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<w:ins " in body and "<w:del " in body


def test_serve_command_prints_the_address_and_answers(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    import httpx2 as httpx  # the test extra installs httpx2 (what starlette.testclient uses), not httpx

    from reportgen.web.server import free_port

    config = web_config(tmp_path)
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("REPORTGEN_TOKEN", None)
    command = [sys.executable, "-m", "reportgen", "serve", "--port", str(port), "--history", str(config.history)]
    env.pop("REPORTGEN_LANG", None)
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    try:
        assert server.stderr is not None
        first = server.stderr.readline().decode("utf-8")  # a status line, on stderr as every command's
        assert f"http://127.0.0.1:{port}/" in first and "网页已启动" in first
        for _ in range(100):
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/years", timeout=2)
                break
            except httpx.TransportError:
                import time

                time.sleep(0.1)
        assert answer.json()["years"] == [2023]
    finally:
        server.terminate()
        server.communicate(timeout=30)


@pytest.mark.render
def test_ingest_a_pdf_report(tmp_path: Path) -> None:
    from reportgen.word_layout import write_docx

    from .layout_support import guessed_lines
    from .render_support import require_tools

    require_tools()
    config = web_config(tmp_path)
    docx = tmp_path / "2024.docx"
    write_docx(guessed_lines(REPORT_2024.read_text(encoding="utf-8")), docx)
    pdf = actions.docx_to_pdf(config, actions.Download("2024.docx", DOCX, docx.read_bytes()))
    assert pdf.data.startswith(b"%PDF")
    response = client(config).post("/api/ingest", files={"file": ("2024.pdf", pdf.data, "application/pdf")})
    assert response.status_code == 201, response.text
    assert response.json()["year"] == 2024 and response.json()["figures"] > 20


def test_another_governments_report_is_refused_with_409(tmp_path: Path) -> None:
    config = web_config(tmp_path)
    other = ("青湖区2024.txt", (FIXTURES / "statutory-2024.txt").read_bytes(), "text/plain")
    body = assert_error(client(config).post("/api/ingest", files={"file": other}), 409, "other_government")
    assert "青湖区" in body["detail"] and str(config.history) not in body["detail"]
    assert history_years(config.history) == [2023]
