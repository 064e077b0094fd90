"""``reportgen trend``: every figure across a three-year history built in a temporary folder.

2023 is the curated baseline (history/2023.yaml), 2024 the hand-made variant of tests/fixtures/compare, 2025
tests/fixtures/trend/zhonglou-2025-variant.txt, the 2024 variant with these changes:

- figures: 学法 6→8次, 合规讲座 10余→15余场, 培训 120余→130余次, 不予处罚 1450→1612件, 涉及金额 4126530元→452.3万元
  (back to 万元), 立法调研会 3→4场, 复议案件 135→150件, 直接纠错率 10→12%, 连续八年→九年, 受理点 12→15个,
  公开政府信息 1390→1425条, 投诉举报 30478→28610条;
- shortcomings: 2024's 一是 (法治专门队伍…, first reported as 2023's 二是) recurs reworded, 二是 (行政执法规范化…)
  recurs reworded, 三是 (数字法治政府建设…) is new; plan 一是 is replaced.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from reportgen.cli.app import app
from reportgen.compare.trend.build import build_trend, chart_series, load_history, parse_years
from reportgen.compare.trend.json_contract import TREND_SCHEMA
from syrupy.assertion import SnapshotAssertion
from typer.testing import CliRunner

from reportgen.errors import UsageError
from reportgen.outputs import LEDGER
from reportgen.parse import parse_file
from reportgen.store import load_report, save_report

from .conftest import FIXTURES, ROOT

runner = CliRunner()
VARIANT_2024 = FIXTURES / "compare" / "zhonglou-2024-variant.txt"
VARIANT_2025 = FIXTURES / "trend" / "zhonglou-2025-variant.txt"


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three years ingested through the CLI into a scratch folder (never the repository's history)."""
    folder = tmp_path_factory.mktemp("trend") / "history"
    folder.mkdir()
    shutil.copy(ROOT / "history" / "2023.yaml", folder / "2023.yaml")
    for source in (VARIANT_2024, VARIANT_2025):
        result = runner.invoke(app, ["ingest", str(source), "--history", str(folder)])
        assert result.exit_code == 0, result.stderr
    return folder


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTGEN_HISTORY", raising=False)
    return tmp_path


def trend(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["trend", *args])
    return result.exit_code, result.stdout, result.stderr


def trend_json(history: Path, *args: str) -> dict[str, Any]:
    code, out, err = trend("--history", str(history), "--format", "json", "--no-charts", *args)
    assert (code, err) == (0, ""), err
    data: dict[str, Any] = json.loads(out)
    return data


def figure(data: dict[str, Any], figure_id: str) -> dict[str, Any]:
    return next(f for f in data["figures"] if f["id"] == figure_id)


# --- the JSON contract ----------------------------------------------------------------------------------------------


def test_json_contract(history: Path) -> None:
    data = trend_json(history)
    assert data["schema"] == TREND_SCHEMA == "reportgen.trend/1"
    assert data["years"] == [2023, 2024, 2025]
    assert data["orgs"] == ["常州市钟楼区人民政府"]
    assert len(data["sources"]) == 3
    for f in data["figures"]:
        assert {"id", "label", "unit", "values"} <= f.keys()
        assert all(re.fullmatch(r"\d{4}", year) for year in f["values"])
        assert all(isinstance(v, int | float) for v in f["values"].values())
    cases = figure(data, "review.cases_accepted")
    assert {k: cases[k] for k in ("label", "unit", "values", "written", "approx")} == {
        "label": "受理行政复议案件", "unit": "件", "values": {"2023": 122, "2024": 135, "2025": 150},
        "written": {"2023": "122件", "2024": "135件", "2025": "150件"}, "approx": False,
    }  # fmt: skip
    assert cases["changes"] == {
        "2024": {"from": 2023, "delta": 13, "relative": 0.1066},
        "2025": {"from": 2024, "delta": 15, "relative": 0.1111},
    }


def test_a_unit_change_is_converted_to_the_latest_unit(history: Path) -> None:
    amount = figure(trend_json(history), "enforcement.exempted_amount")
    assert amount["unit"] == "万元"
    assert amount["values"] == {"2023": 398.6406, "2024": 412.653, "2025": 452.3}
    assert amount["written"] == {"2023": "398.6406万元", "2024": "4126530元", "2025": "452.3万元"}


def test_figures_that_come_and_go(history: Path) -> None:
    data = trend_json(history)
    assert figure(data, "data.categories_requested")["values"] == {"2023": 148}  # dropped with its section in 2024
    points = next(f for f in data["figures"] if f["label"] == "各镇、街道设立行政复议受理点")
    assert points["values"] == {"2024": 12, "2025": 15}  # new in 2024
    assert points["changes"] == {"2025": {"from": 2024, "delta": 3, "relative": 0.25}}
    approx = figure(data, "enforcement.training_sessions")
    assert (approx["values"], approx["approx"]) == ({"2023": 110, "2024": 120, "2025": 130}, True)
    streak = figure(data, "litigation.head_appearance_streak")
    assert streak["values"] == {"2023": 7, "2024": 8, "2025": 9}
    assert len(data["figures"]) == 36  # 35 of 2023, 148类 gone, 受理点 new
    assert len({f["id"] for f in data["figures"]}) == 36


def test_recurring_shortcomings_with_their_streaks(history: Path) -> None:
    data = trend_json(history)
    found = [(s["years"], s["streak"], s["open"], s["numbers"], s["text"][:12]) for s in data["shortcomings"]]
    assert found == [
        ([2023, 2024, 2025], 3, True, {"2023": 2, "2024": 1, "2025": 1}, "法治专门队伍建设仍不适应"),
        ([2024, 2025], 2, True, {"2024": 2, "2025": 2}, "行政执法规范化水平仍需提"),
    ]


def test_years_filter(history: Path) -> None:
    data = trend_json(history, "--years", "2024-2025")
    assert data["years"] == [2024, 2025]
    assert [s["streak"] for s in data["shortcomings"]] == [2, 2]
    assert figure(data, "review.cases_accepted")["values"] == {"2024": 135, "2025": 150}
    assert trend_json(history, "--years", "2023")["years"] == [2023]


# --- lining figures up by meaning ------------------------------------------------------------------------------------


def test_positional_ids_are_matched_by_meaning(tmp_path: Path) -> None:
    """Reports stored without inherited ids (f5.2.1 …) still line up with the curated baseline, by meaning."""
    folder = tmp_path / "history"
    save_report(load_report(ROOT / "history" / "2023.yaml"), folder)
    for source in (VARIANT_2024, VARIANT_2025):
        save_report(parse_file(source), folder)
    trend_data = build_trend(load_history(folder))
    by_label = {s.label: s for s in trend_data.series}
    cases = by_label["受理行政复议案件"]
    assert cases.id == "review.cases_accepted"  # the curated id names the line
    assert [cases.figures[y].id for y in (2023, 2024, 2025)] == ["review.cases_accepted", "f5.2.1", "f5.2.1"]
    assert cases.linked_by == {2024: "meaning", 2025: "meaning"}
    assert [str(v) for v in cases.values.values()] == ["122", "135", "150"]
    curated = ROOT / "history" / "2023.yaml"
    assert len(trend_data.series) == 36 == len(build_trend([load_report(curated), *load_history(folder)[1:]]).series)


def test_curated_ids_are_matched_by_id(history: Path) -> None:
    data = trend_json(history)
    assert figure(data, "review.cases_accepted")["linked_by"] == {"2024": "id", "2025": "id"}


# --- the table ---------------------------------------------------------------------------------------------------------


def test_text_table_snapshot(history: Path, snapshot_txt: SnapshotAssertion) -> None:
    code, out, err = trend("--history", str(history), "--no-charts")
    assert (code, err) == (0, "")
    assert out.replace(str(history), "HISTORY") == snapshot_txt


def test_csv_snapshot(history: Path, snapshot_txt: SnapshotAssertion) -> None:
    code, out, err = trend("--history", str(history), "--no-charts", "--format", "csv")
    assert (code, err) == (0, "")
    assert out.startswith("\ufeff")  # UTF-8 with a byte-order mark, as Excel and WPS need
    out = out.removeprefix("\ufeff")
    assert out.splitlines()[0] == (
        "id,label,unit,approx,2023,2024,2025,change_2024,relative_2024,change_2025,relative_2025"
    )
    assert "review.cases_accepted,受理行政复议案件,件,False,122,135,150,13,0.1066,15,0.1111" in out.splitlines()
    assert out == snapshot_txt


def test_html_snapshot(history: Path, snapshot_html: SnapshotAssertion) -> None:
    # Without charts (their SVG depends on the matplotlib version); templates/trend.html.j2 renders the page.
    code, out, err = trend("--history", str(history), "--no-charts", "--format", "html")
    assert (code, err) == (0, "")
    assert out == snapshot_html


# --- charts ---------------------------------------------------------------------------------------------------------


def test_charts_are_png_and_svg(history: Path, tmp_path: Path) -> None:
    charts = tmp_path / "charts"
    code, out, err = trend("--history", str(history), "--charts", str(charts), "--format", "json")
    assert code == 0
    assert err == f"wrote 8 charts (PNG and SVG) to {charts}\n"
    names = sorted(p.name for p in charts.iterdir() if p.name != LEDGER)
    chosen = [s.id for s in chart_series(build_trend(load_history(history)))]
    assert names == sorted([f"{i}.png" for i in chosen] + [f"{i}.svg" for i in chosen])
    assert chosen[:3] == ["leadership.study_sessions", "compliance.lectures", "legislation.research_meetings"]
    png = (charts / "review.cases_accepted.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (charts / "review.cases_accepted.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "<text" not in svg  # text drawn as paths: the same on every machine
    assert json.loads(out)["schema"] == TREND_SCHEMA  # stdout stays clean JSON


def test_charts_are_the_same_on_every_run(history: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        code, _, _ = trend(
            "--history", str(history), "--charts", str(tmp_path / name), "--figures", "review.cases_accepted"
        )
        assert code == 0
    for suffix in ("png", "svg"):
        first = (tmp_path / "a" / f"review.cases_accepted.{suffix}").read_bytes()
        assert first == (tmp_path / "b" / f"review.cases_accepted.{suffix}").read_bytes()


def test_figures_chooses_the_charts(history: Path, tmp_path: Path) -> None:
    charts = tmp_path / "charts"
    code, out, err = trend(
        "--history",
        str(history),
        "--charts",
        str(charts),
        "--figures",
        "review.cases_accepted,data.categories_requested",
    )
    assert code == 0, err
    assert sorted(p.name for p in charts.iterdir() if p.name != LEDGER) == [
        "data.categories_requested.png", "data.categories_requested.svg",
        "review.cases_accepted.png", "review.cases_accepted.svg",
    ]  # fmt: skip
    assert f"  review.cases_accepted：{charts / 'review.cases_accepted.png'}" in out


def test_nothing_but_the_data_without_charts(history: Path, in_tmp: Path) -> None:
    # trend -f json > x.json writes x.json and nothing else (#16); HTML embeds charts drawn in a temporary folder.
    for fmt in ("text", "json", "csv", "html"):
        code, out, err = trend("--history", str(history), "-f", fmt)
        assert (code, err) == (0, "") and out
        assert list(in_tmp.iterdir()) == [], fmt
    code, out, _ = trend("--history", str(history), "-f", "html")
    assert out.count("<svg") == 8
    code, out, err = trend("--history", str(history), "--figures", "review.cases_accepted")
    assert (code, out) == (2, "") and "--charts DIR" in err


def test_out_dash_is_stdout(history: Path, in_tmp: Path) -> None:
    code, out, err = trend("--history", str(history), "-f", "csv", "-o", "-")
    assert (code, err) == (0, "") and out.startswith("\ufeffid,label,unit,approx,")
    assert list(in_tmp.iterdir()) == []


def test_without_a_cjk_font(history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reportgen.compare.trend.charts.find_cjk_font", lambda: None)
    monkeypatch.chdir(tmp_path)
    # Charts not asked for (the HTML page embeds them): a warning, and the table all the same.
    code, out, err = trend("--history", str(history), "--format", "html")
    assert code == 0
    assert err.startswith("warning: charts skipped: no CJK font found for the chart labels (install one")
    assert "受理行政复议案件" in out
    assert not (tmp_path / "output").exists()
    assert "图表未生成：no CJK font found for the chart labels。" in out
    # Charts asked for: an error naming the fix.
    code, out, err = trend("--history", str(history), "--charts", str(tmp_path / "c"))
    assert (code, out) == (1, "")
    assert err.startswith(
        "error: no CJK font found for the chart labels (install one, e.g. `apt install fonts-noto-cjk`"
    )


# --- HTML and XLSX ----------------------------------------------------------------------------------------------------


def test_html_is_self_contained_with_inline_charts(history: Path, tmp_path: Path) -> None:
    page = tmp_path / "trend.html"
    code, out, err = trend(
        "--history", str(history), "--charts", str(tmp_path / "c"), "--format", "html", "--out", str(page)
    )
    assert (code, out) == (0, "")
    assert err.endswith(f"wrote html trend to {page}\n")
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert html.count("<svg") == 8 and "<?xml" not in html and "<metadata>" not in html
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", html)
    assert not re.search(r"https?:|<script|<link|<img|@import|src=", without_namespaces)
    assert "<td>受理行政复议案件</td>" in html and '<td class="num up">+15（+11.1%）</td>' in html
    assert "连续3年（2023—2025年，仍存在）" in html


def test_xlsx_workbook(history: Path, tmp_path: Path) -> None:
    charts = tmp_path / "c"
    code, out, err = trend("--history", str(history), "--charts", str(charts), "--format", "xlsx")
    assert (code, out) == (0, "")
    assert err.endswith(f"wrote xlsx trend to {charts / 'trend.xlsx'}\n")
    book = openpyxl.load_workbook(charts / "trend.xlsx")
    assert book.sheetnames == ["数据", "问题", "图表"]
    rows = list(book["数据"].iter_rows(values_only=True))
    assert rows[0][:7] == ("id", "label", "unit", "approx", "2023", "2024", "2025")
    cases = next(r for r in rows if r[0] == "review.cases_accepted")
    assert cases[4:7] == (122, 135, 150)
    dropped = next(r for r in rows if r[0] == "data.categories_requested")
    assert dropped[4:7] == (148, None, None)
    assert [r[0] for r in book["问题"].iter_rows(min_row=2, values_only=True)] == [3, 2]
    assert len(book["图表"]._images) == 8


# --- errors -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--years", "abc"], 2, "error: --years must look like 2021-2024 or 2023, not 'abc'\n"),
        (["--years", "2025-2023"], 2, "error: --years 2025-2023: the range ends before it starts\n"),
        (["--figures", "nope", "--no-charts"], 2, "error: --no-charts cannot be combined with --charts or --figures\n"),
        (
            ["--format", "xlsx", "--out", "t.csv"],
            2,
            "error: --out must be an .xlsx file for --format xlsx, not t.csv\n",
        ),
    ],
)
def test_usage_errors(history: Path, in_tmp: Path, args: list[str], code: int, message: str) -> None:
    assert trend("--history", str(history), *args) == (code, "", message)


def test_unknown_format_is_refused_with_the_choices(history: Path, in_tmp: Path) -> None:
    code, out, err = trend("--history", str(history), "--format", "pdf")
    assert (code, out) == (2, "")
    assert "'pdf' is not one of 'text', 'csv', 'xlsx', 'html', 'json'" in " ".join(err.replace("│", " ").split())


def test_unknown_figure_is_a_usage_error(history: Path, in_tmp: Path) -> None:
    code, out, err = trend("--history", str(history), "--figures", "review.cases_accepted,nope", "--charts", "c")
    assert (code, out) == (2, "")
    assert err.startswith("error: --figures: no figure 'nope' in the trend (ids include: leadership.study_sessions,")
    assert not (in_tmp / "output").exists() and not (in_tmp / "c").exists()


def test_history_errors(history: Path, tmp_path: Path) -> None:
    code, out, err = trend("--history", str(history), "--years", "2019-2020")
    assert (code, out) == (1, "")
    assert err == f"error: {history}: no reports in history for 2019–2020 (years stored: 2023, 2024, 2025)\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = trend("--history", str(empty))
    assert code == 1 and err == f"error: {empty}: no reports in history (years stored: none)\n"


def test_parse_years() -> None:
    assert parse_years(None) is None
    assert parse_years("2021-2024") == (2021, 2024)
    assert parse_years(" 2023 ") == (2023, 2023)
    assert parse_years("2021—2024") == (2021, 2024)
    with pytest.raises(UsageError):
        parse_years("21-24")


def test_help_imports_no_matplotlib() -> None:
    code = (
        "import sys; from reportgen.cli.app import app; "
        "print(sorted(m for m in ('matplotlib', 'pandas', 'docx', 'lxml', 'reportgen.compare.trend.build', "
        "'reportgen.compare.redline.document') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"
