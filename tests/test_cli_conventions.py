"""One set of CLI conventions (#16): -o/-f everywhere, data on stdout, status on stderr, any console encoding."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from reportgen.cli.app import app
from reportgen.cli.common import color_wanted
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
VARIANT = ROOT / "tests" / "fixtures" / "compare" / "zhonglou-2024-variant.txt"
runner = CliRunner()


def run(*args: str, encoding: str, cwd: Path, lang: str = "zh") -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("REPORTGEN_HISTORY", "NO_COLOR")}
    env |= {"PYTHONIOENCODING": encoding, "REPORTGEN_LANG": lang}
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args], capture_output=True, env=env, cwd=cwd, check=False
    )


@pytest.mark.parametrize("encoding", ["gbk", "cp1252"])
@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("diff", "2023", str(VARIANT)),
        ("show", "2023"),
        ("show", "nope.txt"),
        ("draft", "2024", "-o", "d/2024.docx"),
        ("draft",),
    ],
    ids=["help", "diff", "show", "error", "draft", "usage-error"],
)
def test_any_console_encoding_works_without_a_traceback(tmp_path: Path, encoding: str, args: tuple[str, ...]) -> None:
    result = run(*args, encoding=encoding, cwd=tmp_path)
    assert b"Traceback" not in result.stderr and b"UnicodeEncodeError" not in result.stderr
    assert result.returncode in (0, 1, 2)
    if args[0] in ("--help", "diff", "show", "draft") and result.returncode == 0:
        assert result.stdout
    if encoding == "gbk" and args[0] == "diff":
        # GBK shows Chinese: the report's own words come through, only what GBK lacks is replaced.
        assert "数据变化" in result.stdout.decode("gbk")


def test_piped_diff_on_a_gbk_console_matches_the_utf8_output(tmp_path: Path) -> None:
    utf8 = run("diff", "2023", str(VARIANT), encoding="utf-8", cwd=tmp_path).stdout.decode("utf-8")
    gbk = run("diff", "2023", str(VARIANT), encoding="gbk", cwd=tmp_path).stdout.decode("gbk")
    assert gbk == utf8.encode("gbk", "replace").decode("gbk")


def test_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert color_wanted(True) and not color_wanted(False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not color_wanted(True)


def test_shell_completion_is_offered(tmp_path: Path) -> None:
    result = run("--help", encoding="utf-8", cwd=tmp_path, lang="en")
    assert b"--install-completion" in result.stdout and b"--show-completion" in result.stdout


@pytest.mark.parametrize("command", ["show", "diff", "trend", "metrics", "draft", "redline"])
def test_every_writing_command_takes_out_and_every_format_command_lists_its_choices(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "-o" in result.stdout and "--out" in result.stdout
    if command in ("show", "diff", "trend"):
        assert "-f" in result.stdout and "--format" in result.stdout
        assert "[text|" in result.stdout.replace(" ", "") or "<text|" in result.stdout.replace(" ", "")
        assert "<str>" not in result.stdout.split("--format", 1)[1].splitlines()[0]


def test_show_out_dash_and_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["show", "2023", "-f", "json", "-o", "-", "--history", str(ROOT / "history")])
    assert result.exit_code == 0 and result.stdout.startswith("{")
    target = tmp_path / "s.json"
    result = runner.invoke(app, ["show", "2023", "-f", "json", "-o", str(target), "--history", str(ROOT / "history")])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("wrote ") and target.read_text(encoding="utf-8").startswith("{")
    assert not (Path.cwd() / "-").exists()


def test_diff_html_prints_on_a4() -> None:
    result = runner.invoke(app, ["diff", "2023", str(VARIANT), "-f", "html", "--history", str(ROOT / "history")])
    assert result.exit_code == 0
    page = result.stdout
    assert "@page { size: A4;" in page and "@media print {" in page
    assert "thead { display: table-header-group; }" in page  # table headers repeat on every printed page


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (("draft", "2024"), b"PK"),
        (("redline", "2023", str(VARIANT)), b"PK"),
        (("metrics", "2024"), "\ufeffid,part,section,label".encode()),
    ],
    ids=["draft-docx", "redline-docx", "metrics-csv"],
)
def test_writing_commands_take_out_dash_for_stdout(args: tuple[str, ...], starts: bytes, tmp_path: Path) -> None:
    result = run(*args, "-o", "-", "--history", str(ROOT / "history"), encoding="utf-8", cwd=tmp_path, lang="en")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.startswith(starts)
    if starts == b"PK":  # the whole DOCX, nothing else, reaches stdout
        assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(result.stdout)).namelist()
    assert list(tmp_path.iterdir()) == []  # no file named "-", no side files, no output/ folder


def test_pdf_with_out_dash_is_a_usage_error(tmp_path: Path) -> None:
    result = run(
        "draft", "2024", "-o", "-", "--pdf", "--history", str(ROOT / "history"), encoding="utf-8", cwd=tmp_path
    )
    assert (result.returncode, result.stdout) == (2, b"")
    assert "--pdf" in result.stderr.decode("utf-8")
    assert list(tmp_path.iterdir()) == []
