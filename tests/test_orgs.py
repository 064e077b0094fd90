"""Comparing two organisations' reports of the same year: ``reportgen diff A B`` with 甲 and 乙.

钟楼 2024 (tests/fixtures/compare/zhonglou-2024-statutory.txt) against 青湖 2024 (tests/fixtures/statutory-2024.txt):
sections aligned, figures side by side, and the initiatives one has and the other lacks. Nothing is "old" or
"new", nothing "dropped" or "added", and one district's plans are not checked against the other's measures.
The JSON contract keeps its keys: statuses stay ``dropped`` (only in 甲) and ``added`` (only in 乙).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from reportgen.cli.app import app
from reportgen.compare.diff import diff_reports
from typer.testing import CliRunner

from reportgen.parse import parse_file

from .conftest import FIXTURES, ROOT

runner = CliRunner()
ZHONGLOU = "tests/fixtures/compare/zhonglou-2024-statutory.txt"
QINGHU = "tests/fixtures/statutory-2024.txt"
VARIANT = "tests/fixtures/compare/zhonglou-2024-variant.txt"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("REPORTGEN_HISTORY", raising=False)


def diff(*args: str) -> str:
    result = runner.invoke(app, ["diff", *args])
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout


def test_the_diff_knows_it_compares_two_organisations() -> None:
    peers = diff_reports(parse_file(ROOT / ZHONGLOU), parse_file(ROOT / QINGHU))
    assert peers.peer and not peers.same_org
    assert peers.plans == []
    years = diff_reports(parse_file(ROOT / "history" / "2023.txt"), parse_file(ROOT / VARIANT))
    assert not years.peer and len(years.plans) == 3


def test_text_says_jia_and_yi() -> None:
    out = diff(ZHONGLOU, QINGHU)
    lines = out.splitlines()
    assert lines[1] == f"甲：常州市钟楼区人民政府 2024年 · 法定提纲 · {ZHONGLOU}"
    assert lines[2] == f"乙：青湖区人民政府 2024年 · 法定提纲 · {QINGHU}"
    flat = re.sub(r"\s+", "", out)
    assert "注意：两份报告来自不同单位的同一年度，并列比较：甲为常州市钟楼区人民政府，乙为青湖区人民政府。" in flat
    assert "并不晚于" not in flat  # no "the new report is not later" warning between peers
    assert not re.search(r"(?m)^\s*(删除|新增|变化|未变|保留|仍存在|新提出|未再提及)\s", out)
    assert not re.search(r"[旧新]：", out)
    for heading in ("一、结构对照", "二、数据对照", "三、举措对照", "四、问题对照", "五、计划落实"):
        assert heading in out
    assert "两个单位之间不核对计划落实。" in out


def test_figures_side_by_side() -> None:
    out = diff(ZHONGLOU, QINGHU)
    assert "  不同 制定区政府行政规范性文件（一、（二））：甲 5件，乙 6件，乙比甲 +1件（+20.0%）\n" in out
    assert "  相同 合法性审查率（一、（二））：甲 100%，乙 100%，乙比甲 ±0个百分点\n" in out
    assert "  不同 受理行政复议案件（一、（四））：甲 135件，乙 86件，乙比甲 -49件（-36.3%）\n" in out
    figures = out.split("二、数据对照")[1].split("三、举措对照")[0]
    statuses = [m.group(1) for m in re.finditer(r"(?m)^  (\S+) ", figures)]
    # The pairs first, then what only 甲 has, then what only 乙 has.
    rank = {"不同": 0, "相同": 0, "仅甲有": 1, "仅乙有": 2}
    assert statuses == sorted(statuses, key=rank.__getitem__)
    # 区政府常务会议学法 / 专题学法 and 出庭应诉率 100% are paired as the same indicator reworded (#13).
    assert statuses.count("仅甲有") == 28 and statuses.count("仅乙有") == 6
    assert "甲 6次，乙 4次" in figures


def test_initiatives_only_in_one_of_them() -> None:
    out = diff(ZHONGLOU, QINGHU)
    block = out.split("三、举措对照")[1].split("四、问题对照")[0]
    assert (
        block.splitlines()[0] == "  共有 0 · 名称相近 0 · 仅甲有 29 · 仅乙有 3"
    )  # with “送法服务菜单”: quoted names are tracked without a type word (#13)
    assert "  仅甲有 “钟司有约 法商共营”（品牌，一、（二））" in block
    assert "  仅乙有 “青湖e办”（品牌，一、（一））" in block
    assert "  仅乙有 《青湖区行政规范性文件管理办法》（文件，一、（二））" in block
    only_a = block.index("仅甲有 “十进”")
    assert all(block.index(line) > only_a for line in block.splitlines() if line.startswith("  仅乙有 "))


def test_shortcomings_of_both() -> None:
    out = diff(ZHONGLOU, QINGHU)
    block = out.split("四、问题对照")[1].split("五、计划落实")[0]
    assert block.splitlines()[0] == "  共有 0 · 仅乙有 2 · 仅甲有 2"
    assert "仅乙有 乙一是\n" in block
    assert "仅甲有 甲一是（乙未提及）\n" in block


def test_markdown_and_html_use_the_same_words() -> None:
    md = diff(ZHONGLOU, QINGHU, "--format", "markdown")
    assert f"- 甲：常州市钟楼区人民政府 2024年 · 法定提纲 · {ZHONGLOU}" in md
    assert "| 指标 | 位置 | 甲 | 乙 | 乙比甲 | 说明 |" in md
    assert "| 状态 | 甲 | 乙 | 相似度 | 说明 |" in md
    assert "- **仅乙有**：“青湖e办”（品牌，一、（一））" in md
    assert "两个单位之间不核对计划落实。" in md
    html = diff(ZHONGLOU, QINGHU, "--format", "html")
    assert "<li>甲：" in html and "<li>乙：" in html
    assert "<th>甲</th><th>乙</th><th>乙比甲</th>" in html
    assert "左为甲，右为乙" in html and "两个单位之间不核对计划落实。" in html
    assert "<del>5件</del>" not in html  # side by side, not struck through


def test_json_keeps_its_keys(tmp_path: Path) -> None:
    peers: dict[str, Any] = json.loads(diff(ZHONGLOU, QINGHU, "--format", "json"))
    years: dict[str, Any] = json.loads(diff("2023", VARIANT, "--format", "json", "--history", "history"))
    assert peers.keys() == years.keys()
    for key in ("sections", "figures", "initiatives", "shortcomings"):
        assert {k for item in peers[key] for k in item} == {k for item in years[key] for k in item}
    assert (peers["schema"], peers["same_org"], peers["plans"]) == ("reportgen.diff/1", False, [])
    assert peers["summary"]["initiatives"] == {"kept": 0, "dropped": 29, "added": 3, "renamed": 0}
    assert {i["name"] for i in peers["initiatives"] if i["status"] == "added"} == {
        "青湖e办", "青湖区行政规范性文件管理办法", "执法质量提升年",
    }  # fmt: skip


def test_two_word_files(tmp_path: Path) -> None:
    paths = []
    for name, source in (("A", ZHONGLOU), ("B", QINGHU)):
        document = docx.Document()
        for line in (ROOT / source).read_text(encoding="utf-8").splitlines():
            document.add_paragraph(line)
        path = tmp_path / f"{name}.docx"
        document.save(str(path))
        paths.append(str(path))
    out = diff(*paths)
    assert out.splitlines()[1].startswith("甲：常州市钟楼区人民政府 2024年") and "仅乙有" in out
    as_text = diff(ZHONGLOU, QINGHU)
    # The same comparison whichever form the reports came in (the header lines name the files).
    assert out[out.index("注意：") :] == as_text[as_text.index("注意：") :]


def test_different_organisations_in_different_years_stay_old_and_new(tmp_path: Path) -> None:
    other = tmp_path / "tianning-2024.txt"
    other.write_text(
        (FIXTURES / "compare" / "zhonglou-2024-variant.txt").read_text(encoding="utf-8").replace("钟楼", "天宁")
    )
    out = diff("2023", str(other), "--history", "history")
    assert out.splitlines()[1].startswith("旧：") and "  删除 " in out and "五、计划落实" in out


CITY_2023 = "tests/fixtures/pairs/city/old.txt"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_an_indicator_only_named_by_yi_is_listed_with_what_only_jia_has(fmt: str) -> None:
    # The built-in 2023 report against another city's 2023 report: two figures of 甲 whose indicators 乙 names
    # without a number (mentioned). They used to crash the listing between organisations.
    result = runner.invoke(app, ["diff", "2023", CITY_2023, "--history", "history", "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert "新报告仍提及" not in result.stdout
    if fmt == "json":
        figures = json.loads(result.stdout)["figures"]
        notes = [f["note"] for f in figures if f["status"] == "mentioned"]
        assert notes == [
            "乙报告仍提及“轻微违法行为不予处罚”，但未给出数字",
            "乙报告仍提及“行政机关负责人出庭应诉率”，但未给出数字",
        ]
    else:
        flat = re.sub(r"\n\s*", "", result.stdout)  # the terminal table wraps long lines
        assert "乙报告仍提及“轻微违法行为不予处罚”，但未给出数字" in flat
