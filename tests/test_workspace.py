"""Workspaces (issue #12): one folder per government, found upward from the current folder, as git does.

Every hint reportgen prints is run here exactly as printed.
"""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from reportgen.cli.app import app
from typer.testing import CliRunner

from reportgen.errors import HistoryError, UsageError
from reportgen.government import same_org
from reportgen.parse import parse_file
from reportgen.store import builtin_history, load_year, save_report
from reportgen.workspace import CONFIG_NAME, find_workspace, locate_history, writable_history

from .conftest import FIXTURES, ROOT

runner = CliRunner()
QINGHU = FIXTURES / "statutory-2024.txt"  # 青湖区人民政府, statutory outline, 2024
ZHONGLOU = ROOT / "history" / "2023.txt"  # 常州市钟楼区人民政府, thematic, 2023


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPORTGEN_HISTORY", raising=False)


# Status lines and notes go to stderr (#16); these tests read them with the data and keep err for problems.
_STATUS = ("wrote ", "stored ", "workspace of ", "next: ", "metrics ", "fill in the value column", "note: ")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    lines = result.stderr.splitlines(keepends=True)
    is_status = [line.startswith(_STATUS) and "built-in example" not in line for line in lines]
    status = "".join(line for line, flag in zip(lines, is_status, strict=True) if flag)
    problems = "".join(line for line, flag in zip(lines, is_status, strict=True) if not flag)
    return result.exit_code, result.stdout + status, problems


def run_hint(line: str) -> tuple[int, str, str]:
    """Run a printed ``reportgen …`` command exactly as a user would type it."""
    words = shlex.split(line)
    assert words[0] == "reportgen", line
    return run(*words[1:])


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "青湖"
    root.mkdir()
    monkeypatch.chdir(root)
    code, out, err = run("init", "--from", str(QINGHU))
    assert (code, err) == (0, ""), err
    assert "workspace of 青湖区人民政府" in out
    return root


def _package_files() -> list[str]:
    return sorted(p.name for p in builtin_history().iterdir())


def test_init_makes_config_and_history(workspace: Path) -> None:
    config = yaml.safe_load((workspace / CONFIG_NAME).read_text(encoding="utf-8"))
    assert config["org"] == "青湖区人民政府"
    assert config["addressee"] == "市人民政府："
    assert config["signature"] == "青湖区人民政府"
    assert config["style"]["plans"]["marker"] == "（{cn}）"
    assert config["style"]["shortcomings_part"] == 3
    assert (workspace / "history" / "2024.yaml").is_file()
    assert (workspace / "history" / "2024.txt").is_file()
    assert load_year(workspace / "history", 2024).org == "青湖区人民政府"


def test_init_twice_is_refused(workspace: Path) -> None:
    code, _, err = run("init", "--from", str(QINGHU))
    assert code == 2
    assert "already a workspace" in err


def test_init_needs_a_government(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unsigned = tmp_path / "unsigned.txt"
    lines = QINGHU.read_text(encoding="utf-8").splitlines()
    unsigned.write_text("\n".join(lines[1:-2]) + "\n", encoding="utf-8")  # no title, signature or date
    monkeypatch.chdir(tmp_path)
    code, _, err = run("init", "--from", str(unsigned), "--year", "2024")
    assert code == 2 and "cannot tell which government" in err and "--org" in err
    assert not (tmp_path / CONFIG_NAME).exists()
    code, _, err = run("init", "--from", str(unsigned), "--year", "2024", "--org", "青湖区人民政府")
    assert (code, err) == (0, "")
    assert find_workspace(tmp_path) is not None


def test_commands_find_the_workspace_from_a_subfolder(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sub = workspace / "材料" / "2025"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    code, out, err = run("metrics", "2025")
    assert (code, err) == (0, "")
    assert (workspace / "metrics" / "2025.xlsx").is_file()  # relative to the workspace, not the current folder
    hint = out.splitlines()[-1].split("then: ", 1)[1]
    code, out, err = run_hint(hint)
    assert (code, err) == (0, ""), err
    assert (workspace / "output" / "2025.docx").is_file()
    assert "13 carried over" in out


def test_every_printed_hint_works(workspace: Path) -> None:
    code, out, err = run("metrics", "2025")
    assert (code, err) == (0, "")
    hint = out.splitlines()[-1].split("then: ", 1)[1]
    assert hint == "reportgen draft 2025 --metrics metrics/2025.xlsx"
    # A draft without --metrics while the default sheet exists says how to use it; that hint works too.
    code, out, err = run("draft", "2025")
    assert code == 0, err
    note = next(line for line in out.splitlines() if line.startswith("note:"))
    flag = note.split("pass ", 1)[1]
    code, out, err = run("draft", "2025", *shlex.split(flag))
    assert (code, err) == (0, ""), err


def test_init_prints_a_next_step_that_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("init", "--from", str(QINGHU))
    assert (code, err) == (0, "")
    step = out.splitlines()[-1].split("next: ", 1)[1]
    code, out, err = run_hint(step)
    assert (code, err) == (0, ""), err


def test_diff_redline_and_trend_without_history_option(workspace: Path) -> None:
    assert run("draft", "2025")[0] == 0
    code, out, err = run("ingest", "output/2025.txt", "--year", "2025")
    assert (code, err) == (0, ""), err
    code, out, err = run("diff", "2024", "2025", "-f", "markdown")
    assert (code, err) == (0, ""), err
    assert "青湖区人民政府" in out
    code, out, err = run("redline", "2024", "2025")
    assert (code, err) == (0, ""), err
    assert (workspace / "output" / "redline-2024-2025.docx").is_file()
    code, out, err = run("trend", "--no-charts", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["orgs"], data["years"]) == (["青湖区人民政府"], [2024, 2025])


def test_another_governments_report_is_refused(workspace: Path) -> None:
    before = sorted(p.name for p in (workspace / "history").iterdir())
    code, _, err = run("ingest", str(ZHONGLOU))
    assert code == 1
    assert "常州市钟楼区人民政府" in err and "青湖区人民政府" in err
    assert sorted(p.name for p in (workspace / "history").iterdir()) == before


def test_a_plain_history_folder_refuses_a_second_government(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "history").mkdir()
    shutil.copy(ROOT / "history" / "2023.yaml", tmp_path / "history" / "2023.yaml")
    code, _, err = run("ingest", str(QINGHU))
    assert code == 1
    assert "青湖区人民政府" in err and "常州市钟楼区人民政府" in err and "2023" in err


def test_trend_never_mixes_governments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    history = tmp_path / "history"
    history.mkdir()
    shutil.copy(ROOT / "history" / "2023.yaml", history / "2023.yaml")
    other = parse_file(QINGHU)
    save_report(other, history)  # the library call, as a hand-made folder would hold it
    code, out, err = run("trend", "--no-charts")
    assert code == 1
    assert "两" not in err and "常州市钟楼区人民政府 (2023)" in err and "青湖区人民政府 (2024)" in err
    assert out == ""
    code, out, err = run("trend", "--no-charts", "--years", "2024")
    assert code == 0, err


def test_history_option_and_environment_override_the_workspace(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert locate_history().source == "workspace"
    monkeypatch.setenv("REPORTGEN_HISTORY", str(ROOT / "history"))
    assert locate_history().history == ROOT / "history"
    code, _, err = run("show", "2023")
    assert (code, err) == (0, "")
    monkeypatch.delenv("REPORTGEN_HISTORY")
    code, _out, err = run("show", "2023", "--history", str(ROOT / "history"))
    assert (code, err) == (0, "")
    code, _, err = run("show", "2023")
    assert code == 1 and "no report for 2023" in err


def test_builtin_example_only_without_workspace_or_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("show", "2023")
    assert code == 0
    assert out.startswith("常州市钟楼区人民政府 2023年")
    assert len(err.splitlines()) == 1
    assert "built-in example" in err and "reportgen init --from" in err
    code, out, err = run("draft", "2024", "--out", "out/2024.docx")
    assert code == 0 and len(err.splitlines()) == 1
    (tmp_path / "history").mkdir()
    code, out, err = run("show", "2023", "--history", str(ROOT / "history"))
    assert (code, err) == (0, "")


def test_nothing_is_written_into_the_installed_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _package_files()
    monkeypatch.chdir(tmp_path)
    code, _, err = run("ingest", str(QINGHU))
    assert code == 2
    assert "read-only" in err and "reportgen init --from" in err
    # Even when pointed at it on purpose.
    code, _, err = run("ingest", str(QINGHU), "--history", str(builtin_history()))
    assert code == 2 and "read-only" in err
    with pytest.raises(HistoryError, match="read-only"):
        save_report(parse_file(QINGHU), builtin_history())
    with pytest.raises(UsageError):
        writable_history(locate_history())
    assert _package_files() == before
    monkeypatch.chdir(builtin_history())
    code, _, err = run("init", "--from", str(QINGHU))
    assert code == 2 and "installed package" in err
    assert _package_files() == before


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("常州市钟楼区人民政府", "钟楼区人民政府", True),
        ("常州市钟楼区人民政府", "常州市 钟楼区人民政府", True),
        ("青湖区人民政府", "常州市钟楼区人民政府", False),
        ("区人民政府", "钟楼区人民政府", False),  # too short to say
        (None, "钟楼区人民政府", True),
    ],
)
def test_same_org(a: str | None, b: str, same: bool) -> None:
    assert same_org(a, b) is same


def _word_file(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    return path


def test_an_office_word_file_round_trips_through_the_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """init from a .docx, fill the XLSX sheet with every figure at last year's value, draft: the report comes back."""
    import openpyxl

    from reportgen.draft.metrics import COLUMNS

    from .test_style_roundtrip import paragraphs, report_of

    source = _word_file(report_of("statutory-alone", 2024), tmp_path / "平川县2024年法治政府建设情况报告.docx")
    root = tmp_path / "平川"
    root.mkdir()
    monkeypatch.chdir(root)
    assert run("init", "--from", str(source))[0] == 0
    code, out, err = run("metrics", "2025")
    assert (code, err) == (0, ""), err
    workbook = openpyxl.load_workbook(root / "metrics" / "2025.xlsx")
    sheet = workbook.worksheets[0]
    previous, value = COLUMNS.index("previous") + 1, COLUMNS.index("value") + 1
    filled = 0
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value and sheet.cell(row=row, column=previous).value is not None:
            sheet.cell(row=row, column=value).value = sheet.cell(row=row, column=previous).value
            filled += 1
    workbook.save(root / "metrics" / "2025.xlsx")
    assert filled > 5
    code, out, err = run_hint(out.splitlines()[-1].split("then: ", 1)[1])
    assert (code, err) == (0, ""), err
    assert "0 carried over" in out
    draft = (root / "output" / "2025.txt").read_text(encoding="utf-8")
    assert paragraphs(draft) == paragraphs(report_of("statutory-alone", 2025))
    assert "一是深入学习贯彻习近平法治思想" in draft and "二〇二六年三月十八日" in draft


def test_an_unsigned_report_in_a_workspace_is_the_workspace_government(workspace: Path) -> None:
    lines = QINGHU.read_text(encoding="utf-8").replace("2024", "2025").replace("2025年3月20日", "").splitlines()
    unsigned = workspace / "unsigned-2025.txt"
    unsigned.write_text("\n".join(lines[1:-2]) + "\n", encoding="utf-8")  # no title, signature or date
    code, out, err = run("ingest", str(unsigned), "--year", "2025")
    assert (code, err) == (0, ""), err
    assert "stored as 青湖区人民政府's" in out
    assert load_year(workspace / "history", 2025).org == "青湖区人民政府"
