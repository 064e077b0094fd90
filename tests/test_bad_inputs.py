"""Every bad input in the README's table: one clear line, exit 1 (data) or 2 (usage), history untouched."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from reportgen.cli.app import app
from typer.testing import CliRunner

from .conftest import REFERENCE_2023

runner = CliRunner()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _sheet(tmp: Path, history: Path, edit: Callable[[list[dict[str, str]]], None]) -> Path:
    path = tmp / "sheet.csv"
    assert runner.invoke(app, ["metrics", "2024", "--out", str(path), "--history", str(history)]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    edit(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _set(figure_id: str, value: str) -> Callable[[list[dict[str, str]]], None]:
    def edit(rows: list[dict[str, str]]) -> None:
        next(r for r in rows if r["id"] == figure_id)["value"] = value

    return edit


def _templates(tmp: Path, body: str) -> Path:
    folder = tmp / "templates"
    folder.mkdir()
    (folder / "report.txt.j2").write_text(body, encoding="utf-8")
    return folder


ENTITIES = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'
# (case id, files to create, argv (with {tmp} and {history}), exit code, text the message must hold)
CASES: list[tuple[str, dict[str, bytes], list[str], int, str]] = [
    ("missing file", {}, ["show", "{tmp}/nope.txt"], 1, "file not found"),
    ("empty file", {"e.txt": b""}, ["show", "{tmp}/e.txt"], 1, "file is empty"),
    ("no report structure", {"p.txt": "今天天气很好。".encode()}, ["show", "{tmp}/p.txt"], 1, "no report structure found"),
    ("binary file", {"b.txt": b"\x00\xff" * 64}, ["show", "{tmp}/b.txt"], 1, "looks like a binary file"),
    ("not a zip", {"n.docx": b"PK? no"}, ["show", "{tmp}/n.docx"], 1, "not a valid .docx"),
    ("zip without a document", {"z.docx": _zip({"a.txt": b"x"})}, ["show", "{tmp}/z.docx"], 1, "word/document.xml is missing"),
    ("zip bomb", {"bomb.docx": _zip({"word/document.xml": b"<a/>", "w/b": b"0" * (210 * 2**20)})}, ["show", "{tmp}/bomb.docx"], 1, "zip bomb"),
    ("XML entities", {"x.docx": _zip({"word/document.xml": ENTITIES})}, ["ingest", "{tmp}/x.docx", "--history", "{history}"], 1, "declares XML entities"),
    ("path tricks", {"t.docx": _zip({"word/document.xml": b"<a/>", "../x": b"x"})}, ["show", "{tmp}/t.docx"], 1, "unsafe member path"),
    ("truncated .doc", {"o.doc": b"\xd0\xcf\x11\xe0"}, ["show", "{tmp}/o.doc"], 1, "not a .doc document: damaged, or another kind of file"),
    ("damaged PDF", {"r.pdf": b"%PDF"}, ["show", "{tmp}/r.pdf"], 1, "cannot read the PDF: it is damaged or password-protected"),
    ("unknown type", {"r.pages": b"x"}, ["show", "{tmp}/r.pages"], 1, "unknown file type .pages"),
    ("HTML with only scripts", {"s.html": b"<script>alert(1)</script><nav>menu</nav>"}, ["show", "{tmp}/s.html"], 1, "no report structure found"),
    ("history year exists", {}, ["ingest", str(REFERENCE_2023), "--history", "{history}"], 1, "history already holds 2023 (use --force"),
    ("malformed history file", {"2022.yaml": b"schema: reportgen.history/1\nparts: [{number: 1}]\n"}, ["show", "{tmp}/2022.yaml"], 1, "malformed history file"),
    ("year not in history", {}, ["show", "2019", "--history", "{history}"], 1, "no report for 2019"),
    ("no earlier year to draft from", {}, ["draft", "2023", "--history", "{history}", "--out", "{tmp}/o/2023.docx"], 1, "no report before 2023"),
    ("unknown format", {}, ["show", "2023", "--format", "xml", "--history", "{history}"], 2, "'xml' is not one of"),
    ("diff unknown format", {}, ["diff", "2023", "2023", "--format", "pdf", "--history", "{history}"], 2, "pdf"),
    ("implausible year", {}, ["ingest", str(REFERENCE_2023), "--year", "23", "--history", "{history}"], 2, "not a plausible report year"),
    ("output under a file", {"blocker": b"x"}, ["draft", "2024", "--history", "{history}", "--out", "{tmp}/blocker/2024.docx"], 1, "cannot write"),
    ("templates folder missing", {}, ["draft", "2024", "--history", "{history}", "--templates", "{tmp}/none", "--out", "{tmp}/o/x.docx"], 1, "templates folder not found"),
]  # fmt: skip

SHEET_CASES: list[tuple[str, Callable[[list[dict[str, str]]], None], str]] = [
    ("unknown id", lambda rows: rows.append({**rows[0], "id": "no.such.figure"}), "unknown figure id 'no.such.figure'"),
    ("duplicate id", lambda rows: rows.append(dict(rows[0])), "duplicate id"),
    ("non-numeric value", _set("review.cases_accepted", "很多"), "not a number"),
    ("negative count", _set("review.cases_accepted", "-5"), "is negative"),
    ("percentage over 100", _set("review.direct_correction_rate", "120"), "is over 100%"),
    ("approximate value", _set("review.cases_accepted", "约100"), "约100"),
    ("calendar year as a count of years", _set("litigation.head_appearance_streak", "2024"), "is a calendar year"),
]

TEMPLATE_CASES = [
    ("template syntax error", "{% for x in %}\n", "template syntax error"),
    ("template undefined name", "{{ report.no_such_thing }}\n", "no attribute 'no_such_thing'"),
    ("template reaches Python internals", "{{ report.__class__.__init__.__globals__ }}\n", "template security error"),
]


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _check(argv: list[str], code: int, message: str, history: Path) -> None:
    before = _digest(history)
    result = runner.invoke(app, argv)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(("error: ", "Usage: ")) and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    if code == 1:
        assert result.stderr.startswith("error: ")
    assert _digest(history) == before


@pytest.mark.parametrize(("name", "files", "argv", "code", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(
    tmp_path: Path, history: Path, name: str, files: dict[str, bytes], argv: list[str], code: int, message: str
) -> None:
    for file_name, data in files.items():
        (tmp_path / file_name).write_bytes(data)
    argv = [a.format(tmp=tmp_path, history=history) for a in argv]
    _check(argv, code, message, history)


@pytest.mark.parametrize(("name", "edit", "message"), SHEET_CASES, ids=[c[0] for c in SHEET_CASES])
def test_bad_sheet(
    tmp_path: Path, history: Path, name: str, edit: Callable[[list[dict[str, str]]], None], message: str
) -> None:
    sheet = _sheet(tmp_path, history, edit)
    out = tmp_path / "out" / "2024.docx"
    _check(
        ["draft", "2024", "--metrics", str(sheet), "--history", str(history), "--out", str(out)], 1, message, history
    )
    assert not out.parent.exists()


@pytest.mark.parametrize(("name", "body", "message"), TEMPLATE_CASES, ids=[c[0] for c in TEMPLATE_CASES])
def test_bad_template(tmp_path: Path, history: Path, name: str, body: str, message: str) -> None:
    folder = _templates(tmp_path, body)
    out = tmp_path / "out" / "2024.docx"
    _check(
        ["draft", "2024", "--templates", str(folder), "--history", str(history), "--out", str(out)], 1, message, history
    )
    assert not out.parent.exists()
