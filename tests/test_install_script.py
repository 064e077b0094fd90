"""scripts/install-system-deps.sh installs nothing when everything is present (#16), however long the font list."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "install-system-deps.sh"


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def _run(tmp_path: Path, fonts: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    stubs = tmp_path / "bin"
    stubs.mkdir(exist_ok=True)
    log = tmp_path / "apt.log"
    for tool in ("soffice", "pdftoppm", "chromium", "chromedriver"):
        _stub(stubs, tool, "exit 0")
    # A long font list with the CJK families first: grep -q stops reading early and fc-list gets SIGPIPE.
    _stub(stubs, "fc-list", f"printf '%s\\n' {fonts}\nseq 1 50000 | sed 's/^/Some Font /'")
    _stub(stubs, "apt-get", f'echo "apt-get $*" >> {log}')
    _stub(stubs, "sudo", '"$@"')
    env = {**os.environ, "PATH": f"{stubs}:/usr/bin:/bin"}
    result = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, env=env, check=False)
    return result, log


def test_a_second_run_installs_nothing(tmp_path: Path) -> None:
    result, log = _run(tmp_path, "'Noto Serif CJK SC' 'AR PL KaitiM GB'")
    assert result.returncode == 0, result.stderr
    assert "system packages present" in result.stdout
    assert not log.exists()


def test_missing_fonts_are_installed(tmp_path: Path) -> None:
    result, log = _run(tmp_path, "'DejaVu Sans'")
    assert result.returncode == 0, result.stderr
    assert "installing: fonts-noto-cjk fonts-arphic-gkai00mp" in result.stdout
    assert "install -y -q --no-install-recommends fonts-noto-cjk fonts-arphic-gkai00mp" in log.read_text()
