"""``reportgen diff`` through the CLI: every format, snapshots, mixed inputs, history streaks and errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from reportgen.cli.app import app
from reportgen.compare.diff import DIFF_SCHEMA
from syrupy.assertion import SnapshotAssertion
from typer.testing import CliRunner

from reportgen.store import load_report, save_report

from .conftest import FIXTURES, ROOT

runner = CliRunner()
VARIANT = "tests/fixtures/compare/zhonglou-2024-variant.txt"
STATUTORY = "tests/fixtures/compare/zhonglou-2024-statutory.txt"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    # Relative paths keep the sources in the output (and the snapshots) the same on every machine.
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("REPORTGEN_HISTORY", raising=False)


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


def diff_json(*args: str) -> dict[str, Any]:
    code, out, err = invoke(*args, "--format", "json")
    assert (code, err) == (0, ""), err
    data: dict[str, Any] = json.loads(out)
    return data


def planted(data: dict[str, Any]) -> dict[str, Any]:
    """What a diff found, without where the reports were read from or how figures are labelled."""
    place = lambda p: None if p is None else (p["part"], p["section"])  # noqa: E731
    return {
        "sections": [(s["status"], place(s["old"]), place(s["new"])) for s in data["sections"]],
        "figures": sorted(
            (f["status"], f["old"] or 0, f["new"] or 0, f["delta"] or 0, f["unit"]) for f in data["figures"]
        ),
        "initiatives": sorted((i["status"], i["name"], i["new_name"] or "") for i in data["initiatives"]),
        "shortcomings": [
            (s["status"], s["old"] and s["old"]["number"], s["new"] and s["new"]["number"])
            for s in data["shortcomings"]
        ],
        "plans": [(p["number"], p["status"], [e["term"] for e in p["evidence"]]) for p in data["plans"]],
    }


def write_docx(text: str, path: Path) -> Path:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    return path


def write_html(text: str, path: Path) -> Path:
    body = "\n".join(f"<p>{line}</p>" for line in text.splitlines())
    page = (
        '<html><head><meta charset="utf-8"><title>钟楼区2024年法治政府建设年度报告</title></head>'
        f"<body><nav>首页 > 政务公开</nav>{body}<footer>版权所有</footer></body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return path


def history_copy(tmp_path: Path) -> Path:
    """A scratch history folder holding the 2023 baseline (never the repository's own)."""
    folder = tmp_path / "history"
    folder.mkdir()
    shutil.copy(ROOT / "history" / "2023.yaml", folder / "2023.yaml")
    return folder


# --- snapshots ------------------------------------------------------------------------------------------------


def test_markdown_snapshot(snapshot_md: SnapshotAssertion) -> None:
    code, out, err = invoke("2023", VARIANT, "--format", "markdown", "--history", "history")
    assert (code, err) == (0, "")
    assert out == snapshot_md


def test_json_snapshot(snapshot_json: SnapshotAssertion) -> None:
    code, out, err = invoke("2023", VARIANT, "--format", "json", "--history", "history")
    assert (code, err) == (0, "")
    assert out == snapshot_json


def test_statutory_markdown_snapshot(snapshot_md: SnapshotAssertion) -> None:
    code, out, err = invoke("2023", STATUTORY, "--format", "markdown", "--history", "history")
    assert (code, err) == (0, "")
    assert out == snapshot_md


def test_html_snapshot(snapshot_html: SnapshotAssertion) -> None:
    # The page is rendered from templates/diff.html.j2: the snapshot keeps it byte for byte what it was.
    code, out, err = invoke("2023", VARIANT, "--format", "html", "--history", "history")
    assert (code, err) == (0, "")
    assert out == snapshot_html


def test_statutory_html_snapshot(snapshot_html: SnapshotAssertion) -> None:
    code, out, err = invoke("2023", STATUTORY, "--format", "html", "--history", "history")
    assert (code, err) == (0, "")
    assert out == snapshot_html


# --- every format finds the planted changes and nothing else ---------------------------------------------------

PLANTED_LINES = [
    "二、（三）推进数字法治政府建设",
    "五、（四）推进行政复议体制改革",
    "五、（二）行政复议应诉质量持续提升",
    "六、强化权力制约监督，推进政务公开透明高效",
    "+2次（+50.0%）",
    "+10次（+9.1%）",
    "+140124元（+3.5%）",
    "+13件（+10.7%）",
    "+1年",
    "148类",
    "12个",
    "“新闸事放心办”",
    "“钟迹”",
    "《钟楼区企业行政合规指导清单（第二版）》",
    "《钟楼区行政复议调解和解工作办法》",
    "新一是 ← 旧二是（相似度 0.87，连续 2 年出现）",
    "旧一是（本年未再提及，可能已整改）",
    "旧三是（本年未再提及，可能已整改）",
    "旧一是 强化法治顶层设计，全力构建法治政府新格局",
]
# Unchanged figures, kept initiatives and sections that did not change must not be listed.
NOT_LISTED = ["受理企业和群众投诉举报", "30478条", "“百卷评查”", "“五星领学团”", "一、（一）突出思想政治引领", "476件"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_lists_the_planted_changes_only(fmt: str) -> None:
    code, out, err = invoke("2023", VARIANT, "--format", fmt, "--history", "history")
    assert (code, err) == (0, "")
    report = out.split("对照全文")[0]  # the HTML page ends with the full texts side by side
    flat = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", report))
    for line in PLANTED_LINES:
        assert re.sub(r"\s+", "", line) in flat, line
    for line in NOT_LISTED:
        assert line not in flat, line
    for part in ("一、结构对照", "二、数据变化", "三、举措变化", "四、问题整改", "五、计划落实"):
        assert part in flat
    assert flat.count("未见落实") == 2 and flat.count("部分落实") == 2 and flat.count("已落实") == 2


def test_text_is_the_default() -> None:
    code, out, _ = invoke("2023", VARIANT, "--history", "history")
    assert code == 0
    assert out.startswith(
        "法治政府建设年度报告对比\n旧：常州市钟楼区人民政府 2023年 · 专题式提纲 · history/2023.yaml\n"
    )
    assert "\x1b[" not in out  # no colour codes when not on a terminal
    assert "  变化 受理行政复议案件（五、（二））：122件 → 135件，+13件（+10.7%）\n" in out
    assert "  删除 二、（三）推进数字法治政府建设\n" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_html_is_self_contained_and_marks_whole_tokens() -> None:
    code, out, _ = invoke("2023", VARIANT, "--format", "html", "--history", "history")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert not re.search(r"https?:|<script|<link|<img|@import|src=", out)
    pairs = out.split("对照全文")[1]
    assert "<del>122件</del>" in pairs and "<ins>135件</ins>" in pairs
    assert "<del>七年</del>" in pairs and "<ins>八年</ins>" in pairs
    assert "<del>398.6406万元</del>" in pairs and "<ins>4126530元</ins>" in pairs
    assert "《钟楼区企业行政合规指导清单（第二版）》" in pairs
    assert not re.search(r"<(del|ins)>\d</\1>", pairs)  # never one digit of a number
    # Aligned sections sit side by side: a dropped one has nothing on the right, an added one nothing on the left.
    assert pairs.count('<span class="empty">（无）</span>') == 2


def test_json_contract() -> None:
    data = diff_json("2023", VARIANT, "--history", "history")
    assert data["schema"] == DIFF_SCHEMA == "reportgen.diff/1"
    assert data["old"] == {
        "org": "常州市钟楼区人民政府", "year": 2023, "source": "history/2023.yaml", "outline": "thematic",
    }  # fmt: skip
    assert data["new"]["year"] == 2024 and data["new"]["source"] == VARIANT
    for s in data["sections"]:
        assert {"status", "old", "new", "similarity"} <= s.keys()
        assert s["status"] in ("same", "renamed", "moved", "dropped", "added")
        for side in (s["old"], s["new"]):
            assert side is None or (
                set(side) == {"part", "section", "title"}
                and isinstance(side["part"], int)
                and (side["section"] is None or isinstance(side["section"], int))
            )
    for f in data["figures"]:
        assert {"status", "label", "unit", "old", "new", "delta", "old_text", "new_text"} <= f.keys()
    for i in data["initiatives"]:
        assert {"status", "name", "new_name", "kind"} <= i.keys()
    for s in data["shortcomings"]:
        assert {"status", "old", "new", "similarity"} <= s.keys()
    for p in data["plans"]:
        assert {"number", "text", "status", "evidence"} <= p.keys()
    case = next(f for f in data["figures"] if f["label"] == "受理行政复议案件")
    assert {k: case[k] for k in ("status", "unit", "old", "new", "delta", "old_text", "new_text", "relative")} == {
        "status": "changed", "unit": "件", "old": 122, "new": 135, "delta": 13, "old_text": "122件",
        "new_text": "135件", "relative": 0.1066,
    }  # fmt: skip
    amount = next(f for f in data["figures"] if f["id"] == "enforcement.exempted_amount")
    assert (amount["old"], amount["old_unit"], amount["new"], amount["unit"], amount["delta"]) == (
        398.6406, "万元", 4126530, "元", 140124,
    )  # fmt: skip
    part = next(s for s in data["sections"] if s["status"] == "moved" and s["old"]["section"] is None)
    assert (part["old"]["part"], part["new"]["part"]) == (4, 3)


# --- inputs in any mix ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    result = runner.invoke(
        app, ["diff", "2023", str(ROOT / VARIANT), "--format", "json", "--history", str(ROOT / "history")]
    )
    assert result.exit_code == 0
    return planted(json.loads(result.stdout))


def test_year_against_docx(tmp_path: Path, expected: dict[str, Any]) -> None:
    new = write_docx((ROOT / VARIANT).read_text(encoding="utf-8"), tmp_path / "2024.docx")
    data = diff_json("2023", str(new), "--history", "history")
    assert planted(data) == expected
    assert data["new"]["source"] == str(new)


def test_history_file_against_docx(tmp_path: Path, expected: dict[str, Any]) -> None:
    new = write_docx((ROOT / VARIANT).read_text(encoding="utf-8"), tmp_path / "2024.docx")
    assert planted(diff_json("history/2023.yaml", str(new))) == expected


def test_docx_against_html(tmp_path: Path, expected: dict[str, Any]) -> None:
    # The original 2023 text (ASCII punctuation) as Word, the variant as a saved web page.
    old = write_docx((ROOT / "history" / "2023.txt").read_text(encoding="utf-8"), tmp_path / "2023.docx")
    new = write_html((ROOT / VARIANT).read_text(encoding="utf-8"), tmp_path / "2024.html")
    assert planted(diff_json(str(old), str(new))) == expected


def test_txt_against_year(tmp_path: Path, expected: dict[str, Any]) -> None:
    folder = history_copy(tmp_path)
    variant = runner.invoke(app, ["ingest", VARIANT, "--history", str(folder)])
    assert variant.exit_code == 0, variant.stderr
    data = diff_json("history/2023.txt", "2024", "--history", str(folder))
    assert planted(data) == expected
    assert data["new"]["source"] == str(folder / "2024.yaml")


def test_year_against_year(tmp_path: Path, expected: dict[str, Any]) -> None:
    folder = history_copy(tmp_path)
    assert runner.invoke(app, ["ingest", VARIANT, "--history", str(folder)]).exit_code == 0
    data = diff_json("2023", "2024", "--history", str(folder))
    assert planted(data) == expected
    assert data["years_checked"] == [2023, 2024]


def test_out_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "diff.md"
    code, out, err = invoke("2023", VARIANT, "--format", "markdown", "--out", str(target), "--history", "history")
    assert (code, out) == (0, "")  # data to the file, the status line to stderr
    assert err == f"wrote markdown diff to {target}\n"
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# 法治政府建设年度报告对比\n")
    assert written == invoke("2023", VARIANT, "--format", "markdown", "--history", "history")[1]
    # no temporary file left behind; the ledger notes what reportgen wrote, so a re-run may replace it
    assert sorted(p.name for p in target.parent.iterdir()) == [".reportgen-outputs.json", "diff.md"]


# --- organisations and years -------------------------------------------------------------------------------------


def test_two_different_organisations(tmp_path: Path) -> None:
    other = tmp_path / "tianning-2024.txt"
    other.write_text((ROOT / VARIANT).read_text(encoding="utf-8").replace("钟楼", "天宁"), encoding="utf-8")
    code, out, _ = invoke("2023", str(other), "--history", "history")
    assert code == 0
    assert "注意：两份报告来自不同单位：旧为 常州市钟楼区人民政府，新为 常州市天宁区人民政府。" in out
    data = diff_json("2023", str(other), "--history", "history")
    assert data["same_org"] is False
    assert (data["old"]["org"], data["new"]["org"]) == ("常州市钟楼区人民政府", "常州市天宁区人民政府")
    code, md, _ = invoke("2023", str(other), "--format", "markdown", "--history", "history")
    assert "> **注意**：两份报告来自不同单位" in md


def _history_with(tmp_path: Path, years: tuple[int, ...]) -> Path:
    """A history holding the baseline as each of ``years`` before 2023, plus 2023 and the 2024 variant."""
    folder = history_copy(tmp_path)
    for year in years:
        report = load_report(ROOT / "history" / "2023.yaml")
        report.year = year
        save_report(report, folder)
    assert runner.invoke(app, ["ingest", VARIANT, "--history", str(folder)]).exit_code == 0
    return folder


def test_streak_counts_consecutive_years_in_history(tmp_path: Path) -> None:
    folder = _history_with(tmp_path, (2021, 2022))
    data = diff_json("2023", "2024", "--history", str(folder))
    assert data["years_checked"] == [2021, 2022, 2023, 2024]
    assert [(s["status"], s["streak"]) for s in data["shortcomings"]] == [
        ("recurring", 4), ("new", 1), ("absent", None), ("absent", None),
    ]  # fmt: skip
    code, out, _ = invoke("2023", "2024", "--history", str(folder))
    assert code == 0
    assert "新一是 ← 旧二是（相似度 0.87，连续 4 年出现）" in out
    assert "注意：问题连续出现的年数按历史中 2021—2024 年的报告计算。" in out


def test_streak_stops_at_a_missing_year(tmp_path: Path) -> None:
    folder = _history_with(tmp_path, (2021,))  # 2022 is missing
    data = diff_json("2023", VARIANT, "--history", str(folder))
    assert data["years_checked"] == [2023, 2024]
    assert data["shortcomings"][0]["streak"] == 2


# --- errors ------------------------------------------------------------------------------------------------------


def test_unknown_format_is_a_usage_error() -> None:
    code, out, err = invoke("2023", VARIANT, "--format", "pdf", "--history", "history")
    assert (code, out) == (2, "")
    assert "'pdf' is not one of 'text', 'markdown', 'html', 'json'" in " ".join(err.replace("│", " ").split())


def test_missing_file_and_missing_year(tmp_path: Path) -> None:
    code, _, err = invoke("2023", str(tmp_path / "nope.txt"), "--history", "history")
    assert code == 1 and err.startswith("error: ") and "nope.txt" in err and "not found" in err
    code, _, err = invoke("2019", VARIANT, "--history", "history")
    assert code == 1 and "no report for 2019 in history (years stored: 2023)" in err


def test_not_a_report(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("会议纪要\n今天天气很好。\n", encoding="utf-8")
    code, out, err = invoke("2023", str(junk), "--history", "history")
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and "no report structure found" in err


def test_fixtures_are_full_width() -> None:
    for name in ("zhonglou-2024-variant.txt", "zhonglou-2024-statutory.txt"):
        text = (FIXTURES / "compare" / name).read_text(encoding="utf-8")
        assert not re.search(r"[,;:()?!]", text), name
