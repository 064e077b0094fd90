"""History: parse → store → load is lossless; writes refuse to overwrite without force and keep backups."""

from __future__ import annotations

import os
from dataclasses import asdict
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from reportgen.errors import HistoryError
from reportgen.parse import parse_file
from reportgen.store import dump_report, history_dir, history_years, load_report, save_report

from .conftest import FIXTURES, REFERENCE_2023, ROOT


@pytest.mark.parametrize("source", [REFERENCE_2023, FIXTURES / "statutory-2024.txt"], ids=["thematic", "statutory"])
def test_parse_store_load_is_lossless(tmp_path: Path, source: Path) -> None:
    report = parse_file(source)
    path = save_report(report, tmp_path)
    loaded = load_report(path)
    before, after = asdict(report), asdict(loaded)
    before.pop("source"), after.pop("source")
    assert after == before
    assert dump_report(loaded) == path.read_text(encoding="utf-8")


def test_values_stay_exact_decimals(tmp_path: Path) -> None:
    loaded = load_report(save_report(parse_file(REFERENCE_2023), tmp_path))
    amount = loaded.figure("f4.3.2")
    assert amount is not None
    assert amount.value == Decimal("398.6406") and isinstance(amount.value, Decimal)
    assert "value: 398.6406\n" in (tmp_path / "2023.yaml").read_text(encoding="utf-8")


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    report = parse_file(REFERENCE_2023)
    path = save_report(report, tmp_path, original_text="原文")
    before = path.read_bytes()
    with pytest.raises(HistoryError, match="history already holds 2023"):
        save_report(report, tmp_path)
    assert path.read_bytes() == before


def test_force_keeps_a_backup(tmp_path: Path) -> None:
    report = parse_file(REFERENCE_2023)
    path = save_report(report, tmp_path, original_text="第一版原文")
    old = path.read_bytes()
    report.preamble = "改过的前言。"
    save_report(report, tmp_path, original_text="第二版原文", force=True)
    backups = sorted((tmp_path / ".backup").iterdir())
    assert [b.suffix for b in backups] == [".txt", ".yaml"]
    assert backups[1].read_bytes() == old
    assert backups[0].read_text(encoding="utf-8") == "第一版原文\n"
    assert load_report(path).preamble == "改过的前言。"


def test_history_years(tmp_path: Path) -> None:
    for name in ("2022.yaml", "2023.yaml", "2023.txt", "notes.yaml", "2021.yml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert history_years(tmp_path) == [2021, 2022, 2023]


def test_history_dir_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTGEN_HISTORY", raising=False)
    packaged = history_dir()
    assert (packaged / "2023.yaml").is_file()
    (tmp_path / "history").mkdir()
    assert history_dir() == Path("history")
    monkeypatch.setenv("REPORTGEN_HISTORY", str(tmp_path / "elsewhere"))
    assert history_dir() == tmp_path / "elsewhere"
    assert history_dir(Path("given")) == Path("given")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("schema: other/1\n", "not a reportgen history file"),
        ("[unclosed", "not a readable history file"),
        ("schema: reportgen.history/1\nparts:\n- number: 1\n", "malformed history file"),
        (
            "schema: reportgen.history/1\nfigures:\n- id: a\n  label: x\n  value: abc\n  unit: 件\n",
            "malformed",
        ),
    ],
)
def test_malformed_history_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "2023.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(HistoryError, match=message):
        load_report(path)


def test_packaged_baseline_matches_the_repository_copy() -> None:
    # The installed package ships history/ itself; in an editable install they are the same files.
    packaged = Path(str(resources.files("reportgen.history")))
    assert (packaged / "2023.yaml").read_bytes() == (ROOT / "history" / "2023.yaml").read_bytes()
    assert os.path.exists(packaged / "2023.txt")
