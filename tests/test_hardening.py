"""Nothing lost: atomic writes survive SIGKILL, concurrent ingests leave one whole file, bad targets get errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reportgen.errors import OutputError
from reportgen.fsutil import atomic_write_text
from reportgen.store import load_report

from .conftest import FIXTURES, REFERENCE_2023


def test_sigkill_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "2023.yaml"
    target.write_text("old content\n", encoding="utf-8")
    ready = tmp_path / "ready"
    script = textwrap.dedent(
        f"""
        import pathlib, time
        from reportgen.fsutil import atomic_open
        with atomic_open(pathlib.Path({str(target)!r})) as handle:
            handle.write(b"new content, half written")
            handle.flush()
            pathlib.Path({str(ready)!r}).touch()
            time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert child.poll() is None, "the writer died before it was killed"
            assert time.monotonic() < deadline, "the writer never started writing"
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == "old content\n"


def test_concurrent_ingests_leave_exactly_one_whole_file(tmp_path: Path) -> None:
    history = tmp_path / "history"
    sources = [REFERENCE_2023, FIXTURES / "statutory-2024.txt"]
    command = [sys.executable, "-m", "reportgen", "ingest"]
    runs = [
        subprocess.Popen(
            [*command, str(source), "--year", "2024", "--history", str(history)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for source in sources * 3
    ]
    results = [(run.wait(), run.communicate()[1]) for run in runs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1, 1, 1, 1, 1], results
    # The losers are refused as a second copy of 2024, or (once one is stored) as another government's report.
    assert all("history already holds 2024" in err or "this report is by" in err for code, err in results if code == 1)
    stored = load_report(history / "2024.yaml")
    assert stored.year == 2024 and stored.org in ("常州市钟楼区人民政府", "青湖区人民政府")
    assert sorted(p.name for p in history.iterdir() if not p.name.startswith(".")) == ["2024.txt", "2024.yaml"]


def test_concurrent_forced_ingests_keep_every_old_version(tmp_path: Path) -> None:
    history = tmp_path / "history"
    command = [sys.executable, "-m", "reportgen", "ingest", "--year", "2024", "--force", "--history", str(history)]
    runs = [subprocess.Popen([*command, str(REFERENCE_2023)], stdout=subprocess.DEVNULL) for _ in range(4)]
    assert [run.wait() for run in runs] == [0, 0, 0, 0]
    assert len(list((history / ".backup").glob("2024-*.yaml"))) == 3
    assert len(load_report(history / "2024.yaml").figures) == 35


def test_output_in_missing_folders_is_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "report.md"
    atomic_write_text(target, "内容")
    assert target.read_text(encoding="utf-8") == "内容"


def test_unwritable_target_gets_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "output"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write here"):
        atomic_write_text(blocker / "2024.md", "内容")
    assert blocker.read_text(encoding="utf-8") == "a file where a folder should be"


def test_a_new_file_gets_the_permissions_the_umask_allows(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "2024.txt", "内容")
        os.umask(0o007)
        atomic_write_text(tmp_path / "shared.txt", "内容")
    finally:
        os.umask(previous)
    assert (tmp_path / "2024.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "shared.txt").stat().st_mode & 0o777 == 0o660


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "2023.yaml"
    target.write_text("旧", encoding="utf-8")
    target.chmod(0o640)
    atomic_write_text(target, "新")
    assert target.read_text(encoding="utf-8") == "新"
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_mount_that_refuses_chmod_still_gets_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(fd: int, mode: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchmod", refuse)
    atomic_write_text(tmp_path / "2024.txt", "内容")
    assert (tmp_path / "2024.txt").read_text(encoding="utf-8") == "内容"


def test_special_permission_bits_are_not_copied(tmp_path: Path) -> None:
    target = tmp_path / "run.sh"
    target.write_text("旧", encoding="utf-8")
    target.chmod(0o4755)
    atomic_write_text(target, "新")
    assert target.stat().st_mode & 0o7777 == 0o755
