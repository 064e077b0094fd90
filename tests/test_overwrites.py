"""Issue #14: nothing the user has is overwritten without --force, no write through a device, FIFO or link,
the year's .txt and .yaml switch as one unit, and the smaller leaks (raw HTML, ESC, odd years, ２０２４)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from reportgen.cli.app import app
from typer.testing import CliRunner

from .conftest import REFERENCE_2023, ROOT
from .test_bad_inputs import _check, _digest

runner = CliRunner()


def _run(*argv: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(argv))
    return result.exit_code, result.stdout, result.stderr


# (case id, the file that is there before, argv writing it)
OVERWRITES = [
    ("draft over a hand-edited docx", "o/2024.docx", ["draft", "2024", "--out", "{tmp}/o/2024.docx"]),
    ("draft over the .txt beside it", "o/2024.txt", ["draft", "2024", "--out", "{tmp}/o/2024.docx"]),
    ("draft over the review beside it", "o/2024.review.md", ["draft", "2024", "--out", "{tmp}/o/2024.docx"]),
    ("diff -o over a file", "d.md", ["diff", "2023", "2023", "-f", "markdown", "-o", "{tmp}/d.md"]),
    ("redline -o over a file", "r.docx", ["redline", "2023", "2023", "-o", "{tmp}/r.docx"]),
    ("trend -o over a file", "t.csv", ["trend", "-f", "csv", "--no-charts", "-o", "{tmp}/t.csv"]),
]


@pytest.mark.parametrize(("name", "existing", "argv"), OVERWRITES, ids=[c[0] for c in OVERWRITES])
def test_existing_files_need_force_and_are_backed_up(
    tmp_path: Path, history: Path, name: str, existing: str, argv: list[str]
) -> None:
    target = tmp_path / existing
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"the office's own edits\n")
    full = [a.format(tmp=tmp_path) for a in argv] + ["--history", str(history)]
    folder_before = sorted(p.name for p in target.parent.iterdir())
    _check(full, 1, "already exists and was not written by reportgen", history)
    assert target.read_bytes() == b"the office's own edits\n"
    assert sorted(p.name for p in target.parent.iterdir()) == folder_before  # nothing else written either
    code, _, err = _run(*full, "--force")
    assert code == 0, err
    assert target.read_bytes() != b"the office's own edits\n"
    backups = list((target.parent / ".backup").iterdir())
    assert [b.read_bytes() for b in backups] == [b"the office's own edits\n"]
    assert backups[0].name.startswith(target.stem + "-") and backups[0].suffix == target.suffix


def test_rerunning_a_command_replaces_its_own_unchanged_output(tmp_path: Path, history: Path) -> None:
    out = tmp_path / "o" / "2024.docx"
    argv = ["draft", "2024", "--out", str(out), "--history", str(history)]
    assert _run(*argv)[0] == 0
    assert _run(*argv)[0] == 0  # the same command again: its own files, unchanged, are replaced
    out.with_suffix(".txt").write_text("hand edit\n", encoding="utf-8")
    code, _, err = _run(*argv)
    assert code == 1 and "2024.txt: already exists and was not written by reportgen" in err
    assert not (out.parent / ".backup").exists()


def test_draft_refuses_to_write_into_history(tmp_path: Path, history: Path) -> None:
    _check(
        ["draft", "2024", "--out", str(history / "2023.docx"), "--history", str(history), "--force"],
        2,
        "is in the history folder",
        history,
    )


SPECIAL_TARGETS = ["fifo", "symlink", "devnull"]


@pytest.mark.parametrize("kind", SPECIAL_TARGETS)
def test_output_at_a_device_fifo_or_link_is_refused(tmp_path: Path, history: Path, kind: str) -> None:
    target = tmp_path / "out.md"
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("needs FIFOs")
        os.mkfifo(target)
        message = "is not a regular file"
    elif kind == "symlink":
        real = tmp_path / "real.md"
        real.write_text("kept\n", encoding="utf-8")
        target.symlink_to(real)
        message = "is a symbolic link"
    else:
        if not Path("/dev/null").exists():
            pytest.skip("needs /dev/null")
        target = Path("/dev/null")
        message = "is not a regular file"
    argv = ["diff", "2023", "2023", "-f", "markdown", "-o", str(target), "--history", str(history), "--force"]
    _check(argv, 1, message, history)
    if kind == "symlink":
        assert (tmp_path / "real.md").read_text(encoding="utf-8") == "kept\n" and target.is_symlink()
    if kind == "devnull":
        assert Path("/dev/null").is_char_device()


# --- ingest switches the year as one unit ------------------------------------------------------------------------


def _new_pair(history: Path) -> tuple[bytes, bytes]:
    from reportgen.parse import parse_text
    from reportgen.store import dump_report

    text = REFERENCE_2023.read_text(encoding="utf-8").replace("122件", "133件")
    report = parse_text(text)
    return dump_report(report).encode("utf-8"), text.encode("utf-8")


def test_a_switch_cut_off_after_the_journal_is_finished_on_the_next_read(history: Path) -> None:
    from reportgen.fsutil import write_temp
    from reportgen.store import load_year

    new_yaml, new_text = _new_pair(history)
    yaml_temp = write_temp(history / "2023.yaml", new_yaml)
    text_temp = write_temp(history / "2023.txt", new_text)
    (history / ".pending-2023.json").write_text(
        json.dumps({text_temp.name: "2023.txt", yaml_temp.name: "2023.yaml"}), encoding="utf-8"
    )
    os.replace(text_temp, history / "2023.txt")  # killed here: the text is new, the YAML still old
    report = load_year(history, 2023)
    assert (history / "2023.yaml").read_bytes() == new_yaml
    assert (history / "2023.txt").read_bytes() == new_text
    assert any(f.raw == "133件" for f in report.figures)
    assert sorted(p.name for p in history.iterdir()) == ["2023.txt", "2023.yaml"]


def test_a_switch_cut_off_before_the_journal_leaves_the_old_pair(tmp_path: Path, history: Path) -> None:
    from reportgen.fsutil import write_temp

    old = _digest(history)
    new_yaml, new_text = _new_pair(history)
    write_temp(history / "2023.yaml", new_yaml)
    write_temp(history / "2023.txt", new_text)  # killed here: no journal yet
    code, _, err = _run("show", "2023", "--history", str(history))
    assert code == 0, err
    source = tmp_path / "2023.txt"
    source.write_bytes(new_text)
    assert _run("ingest", str(source), "--history", str(history))[0] == 1  # refused: 2023 is there
    names = sorted(p.name for p in history.iterdir())
    assert names == ["2023.txt", "2023.yaml"]  # the orphaned temporary files are gone
    assert _digest(history) == old


def test_ingest_failing_between_the_two_files_changes_nothing(
    tmp_path: Path, history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen import fsutil, store
    from reportgen.errors import OutputError

    old = _digest(history)
    real = fsutil.write_temp
    calls = {"n": 0}

    def full_disk(path: Path, data: bytes) -> Path:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OutputError("cannot write: No space left on device", path=path)
        return real(path, data)

    monkeypatch.setattr(store, "write_temp", full_disk)
    source = tmp_path / "2023.txt"
    source.write_text(REFERENCE_2023.read_text(encoding="utf-8").replace("122件", "133件"), encoding="utf-8")
    code, _, err = _run("ingest", str(source), "--history", str(history), "--force")
    assert code == 1 and "No space left on device" in err
    shutil.rmtree(history / ".backup")
    assert _digest(history) == old
    assert sorted(p.name for p in history.iterdir()) == ["2023.txt", "2023.yaml"]


# --- smaller -----------------------------------------------------------------------------------------------------


def _hostile_history(tmp_path: Path) -> Path:
    import copy

    from reportgen.store import load_report, save_report

    folder = tmp_path / "hostile"
    base = load_report(ROOT / "history" / "2023.yaml")
    for year, extra in ((2022, ""), (2023, "新增<img src=x onerror=alert(1)>举措\x1b[2J\x1b]0;owned\x07。")):
        report = copy.deepcopy(base)
        report.year = year
        report.shortcomings[0].text += extra
        report.parts[0].sections[0].text += extra
        save_report(report, folder)
    return folder


def test_markdown_diff_escapes_raw_html(tmp_path: Path) -> None:
    folder = _hostile_history(tmp_path)
    code, out, err = _run("diff", "2022", "2023", "-f", "markdown", "--history", str(folder))
    assert code == 0, err
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)>" in out


def test_terminal_output_has_no_escape_sequences(tmp_path: Path) -> None:
    folder = _hostile_history(tmp_path)
    for argv in (["diff", "2022", "2023"], ["show", "2023"], ["trend", "--no-charts"]):
        code, out, err = _run(*argv, "--history", str(folder))
        assert code == 0, err
        assert "\x1b" not in out and "\x07" not in out, argv


@pytest.mark.parametrize("ref", ["２０２３", " 2023"])
def test_show_takes_a_full_width_year(history: Path, ref: str) -> None:
    code, out, err = _run("show", ref, "--history", str(history))
    assert code == 0, err
    assert "钟楼" in out


@pytest.mark.parametrize("argv", [["show", "1066"], ["diff", "1066", "2023"], ["draft", "1066"], ["metrics", "1066"]])
def test_years_out_of_range_are_refused_everywhere(history: Path, argv: list[str]) -> None:
    _check([*argv, "--history", str(history)], 2, "1066 is not a plausible report year", history)


KILLED_INGEST = """
import os, sys
real_replace = os.replace

def replace(src, dst, *args, **kwargs):
    real_replace(src, dst, *args, **kwargs)
    if str(dst).endswith(("2023.txt", "2023.yaml")):
        os._exit(137)  # after the first of the two renames  # dies like kill -9: no cleanup, no finally blocks

os.replace = replace
from reportgen.cli.app import main
sys.argv = ["reportgen", *sys.argv[1:]]
main()
"""


def test_a_process_killed_between_the_two_renames_leaves_one_consistent_year(tmp_path: Path, history: Path) -> None:
    import subprocess
    import sys

    source = tmp_path / "2023.txt"
    source.write_text(REFERENCE_2023.read_text(encoding="utf-8").replace("122件", "133件"), encoding="utf-8")
    argv = ["ingest", str(source), "--history", str(history), "--force"]
    done = subprocess.run([sys.executable, "-c", KILLED_INGEST, *argv], capture_output=True, text=True, timeout=120)
    assert done.returncode == 137, done.stderr
    switched = ["133件" in (history / name).read_text(encoding="utf-8") for name in ("2023.txt", "2023.yaml")]
    assert sorted(switched) == [False, True]  # on disk, one of the pair is new and the other old
    code, _, err = _run("show", "2023", "--history", str(history))
    assert code == 0, err
    for name in ("2023.txt", "2023.yaml"):  # the next read finished the switch: both new
        assert "133件" in (history / name).read_text(encoding="utf-8"), name
    stored = sorted(p.name for p in history.iterdir() if not p.name.startswith(".backup"))
    assert stored == ["2023.txt", "2023.yaml"]
