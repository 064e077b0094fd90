"""Shared fixtures: readable single-file snapshots and paths to the reference texts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

# The interface is Chinese by default. The tests assert on the English messages (the msgids, which every
# helper reads), so they run in English; tests/test_i18n.py checks the Chinese ones. Set before any test module
# imports the CLI, whose help texts are translated at import; subprocesses inherit it.
os.environ["REPORTGEN_LANG"] = "en"

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_2023 = ROOT / "history" / "2023.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class TextSnapshot(SingleFileSnapshotExtension):
    """A snapshot stored as a plain UTF-8 .txt file a reviewer can read."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"


class MarkdownSnapshot(TextSnapshot):
    file_extension = "md"


class JsonSnapshot(TextSnapshot):
    file_extension = "json"


class HtmlSnapshot(TextSnapshot):
    file_extension = "html"


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A private history folder holding the 2023 baseline (YAML and text), for commands that may write to it."""
    folder = tmp_path / "history"
    folder.mkdir()
    for name in ("2023.yaml", "2023.txt"):
        shutil.copy(ROOT / "history" / name, folder / name)
    return folder


@pytest.fixture
def snapshot_txt(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(TextSnapshot)


@pytest.fixture
def snapshot_md(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(MarkdownSnapshot)


@pytest.fixture
def snapshot_json(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(JsonSnapshot)


@pytest.fixture
def snapshot_html(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(HtmlSnapshot)


@pytest.fixture
def reference_2023_text() -> str:
    return REFERENCE_2023.read_text(encoding="utf-8")


_SNAPSHOT_FIXTURES = {"snapshot", "snapshot_txt", "snapshot_md", "snapshot_json", "snapshot_html"}
_failed_snapshot_tests: list[str] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    fixtures = set(getattr(item, "fixturenames", ()))
    if report.when == "call" and report.failed and fixtures & _SNAPSHOT_FIXTURES:
        _failed_snapshot_tests.append(item.nodeid)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _failed_snapshot_tests:
        terminalreporter.write_line("")
        terminalreporter.write_line("Snapshot tests failed. If the new output is right, update the snapshots with:")
        for nodeid in _failed_snapshot_tests:
            terminalreporter.write_line(f"    pytest --snapshot-update {nodeid}")
