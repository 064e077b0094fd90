"""--pdf on draft and redline: a PDF beside the DOCX through LibreOffice, the official fonts mapped (#16)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reportgen.cli.app import app
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
VARIANT = ROOT / "tests" / "fixtures" / "compare" / "zhonglou-2024-variant.txt"
runner = CliRunner()


@pytest.mark.render
def test_draft_and_redline_write_a_pdf_beside_the_docx(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["draft", "2024", "--history", str(ROOT / "history"), "-o", str(tmp_path / "2024.docx"), "--pdf"]
    )
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "2024.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and f"wrote {pdf}" in result.stderr
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    # 仿宋_GB2312 and 黑体 came out as the Noto CJK fonts the alias file maps them to, not a fallback.
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    out = tmp_path / "r.docx"
    result = runner.invoke(
        app, ["redline", "2023", str(VARIANT), "--history", str(ROOT / "history"), "-o", str(out), "--pdf"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_without_libreoffice_the_error_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = runner.invoke(
        app, ["draft", "2024", "--history", str(ROOT / "history"), "-o", str(tmp_path / "2024.docx"), "--pdf"]
    )
    assert result.exit_code == 2
    assert "error: --pdf needs LibreOffice, which is not installed" in result.stderr
    assert "apt-get install libreoffice-writer-nogui" in result.stderr
    assert "Traceback" not in result.stderr
