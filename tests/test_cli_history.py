"""The ingest and show commands, driven through the CLI with exact outputs."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from reportgen.cli.app import app
from syrupy.assertion import SnapshotAssertion
from typer.testing import CliRunner

from reportgen import __version__

from .conftest import FIXTURES, REFERENCE_2023, ROOT

runner = CliRunner()
HISTORY = str(ROOT / "history")


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    assert invoke("--version") == (0, f"reportgen {__version__}\n", "")


def test_show_2023(snapshot_txt: SnapshotAssertion) -> None:
    code, out, err = invoke("show", "2023", "--history", HISTORY)
    assert (code, err) == (0, "")
    assert out == snapshot_txt


def test_show_json_contract() -> None:
    code, out, _ = invoke("show", "2023", "--format", "json", "--history", HISTORY)
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "reportgen.report/1"
    assert (data["org"], data["year"], data["title"], data["addressee"]) == (
        "常州市钟楼区人民政府", 2023, None, "常州市人民政府：",
    )  # fmt: skip
    assert [len(p["sections"]) for p in data["parts"]] == [3] * 6
    assert data["parts"][4]["sections"][1] == {
        "number": 2,
        "title": "复议应诉质量稳步提高",
        "text": data["parts"][4]["sections"][1]["text"],
    }
    assert len(data["shortcomings"]) == 3 and len(data["plans"]) == 3
    amount = next(f for f in data["figures"] if f["id"] == "enforcement.exempted_amount")
    assert amount == {
        "id": "enforcement.exempted_amount",
        "label": "不予处罚涉及金额",
        "value": 398.6406,
        "unit": "万元",
        "approx": False,
        "qualifier": None,
        "numerals": "arabic",
        "part": 4,
        "section": 3,
        "text": "出台《钟楼区涉企初次轻微违法行为不予处罚清单》，截至目前，共处理轻微违法行为不予处罚1450件，涉及金额398.6406万元。",
        "kind": "money",
    }
    lectures = next(f for f in data["figures"] if f["id"] == "compliance.lectures")
    assert (lectures["value"], lectures["approx"], lectures["qualifier"]) == (10, True, "余")
    assert isinstance(next(f for f in data["figures"] if f["id"] == "review.cases_accepted")["value"], int)
    brand = next(i for i in data["initiatives"] if i["name"] == "百卷评查")
    assert brand == {"name": "百卷评查", "kind": "campaign", "local": True, "part": 4, "section": 2}


def test_show_a_file_directly() -> None:
    code, out, _ = invoke("show", str(FIXTURES / "statutory-2024.txt"))
    assert code == 0
    assert out.splitlines()[0] == "青湖区人民政府 2024年 法治政府建设年度报告（法定提纲式）"


def test_ingest_then_refuse_then_force(tmp_path: Path) -> None:
    history = str(tmp_path / "h")
    code, out, err = invoke("ingest", str(FIXTURES / "statutory-2024.txt"), "--history", history)
    assert (code, out) == (0, "")  # status lines go to stderr
    assert err == (
        f"stored 青湖区人民政府 2024: 2 parts, 4 sections, 13 figures, 2 shortcomings, 3 plans -> {history}/2024.yaml\n"
    )
    stored = (tmp_path / "h" / "2024.yaml").read_bytes()
    code, out, err = invoke("ingest", str(FIXTURES / "statutory-2024.txt"), "--history", history)
    assert (code, out) == (1, "")
    assert err == f"error: {history}/2024.yaml: history already holds 2024 (use --force to replace it)\n"
    assert (tmp_path / "h" / "2024.yaml").read_bytes() == stored
    code, _, _ = invoke("ingest", str(FIXTURES / "statutory-2024.txt"), "--history", history, "--force")
    assert code == 0
    assert len(list((tmp_path / "h" / ".backup").iterdir())) == 2


def test_ingest_with_year_and_notes(tmp_path: Path) -> None:
    code, _, err = invoke("ingest", str(REFERENCE_2023), "--year", "2022", "--history", str(tmp_path))
    assert code == 0
    assert err.splitlines()[1:] == [
        "note: the text reads as 2023, stored as 2022 as asked",
        "note: no title line found",
    ]
    assert (tmp_path / "2022.yaml").exists() and (tmp_path / "2022.txt").exists()


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_ENTITY_XML = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&lol2;</w:document>'
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "file not found"),
        ("empty.txt", b"", "file is empty"),
        ("plain.txt", "这是一段普通的文字。".encode(), "no report structure found"),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "looks like a binary file"),
        ("notzip.docx", b"this is not a zip file", "not a valid .docx (it is not a zip archive)"),
        ("nodoc.docx", _zip_bytes({"hello.txt": b"hi"}), "word/document.xml is missing"),
        (
            "bomb.docx",
            _zip_bytes({"word/document.xml": b"<a/>", "word/big.bin": b"0" * (300 * 1024 * 1024)}),
            "zip bomb",
        ),
        ("entities.docx", _zip_bytes({"word/document.xml": _ENTITY_XML}), "declares XML entities"),
        (
            "traversal.docx",
            _zip_bytes({"word/document.xml": b"<a/>", "../../evil.txt": b"x"}),
            "unsafe member path",
        ),
        ("old.doc", b"\xd0\xcf\x11\xe0", "not a .doc document"),
        ("report.pdf", b"%PDF-1.4", "cannot read the PDF"),
        ("report.pages", b"x", "unknown file type .pages"),
    ],
)
def test_bad_input_gets_one_clear_line(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    for command in (["show", str(path)], ["ingest", str(path), "--history", str(tmp_path / "h")]):
        code, out, err = invoke(*command)
        assert (code, out) == (1, "")
        assert err.startswith(f"error: {path}: ") and message in err
        assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "h").exists() or not any((tmp_path / "h").glob("*.yaml"))


def test_unknown_year() -> None:
    code, _, err = invoke("show", "2019", "--history", HISTORY)
    assert code == 1
    assert err == f"error: {HISTORY}: no report for 2019 in history (years stored: 2023)\n"


@pytest.mark.parametrize(
    "args",
    [
        ["show", "2023", "--format", "xml"],
        ["ingest", str(REFERENCE_2023), "--year", "23"],
        ["show"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    code, _, err = invoke(*args, "--history", HISTORY) if args[0] != "frobnicate" else invoke(*args)
    assert code == 2
    assert "Traceback" not in err


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--debug", "show", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert type(result.exception).__name__ == "InputFileError"


def test_input_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_MAX_INPUT_MB", "0.01")
    path = tmp_path / "big.txt"
    path.write_text(REFERENCE_2023.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = invoke("show", str(path))
    assert (code, out) == (1, "")
    assert err == (
        f"error: {path}: file is 11.0 KB, over the 10.2 KB limit (raise REPORTGEN_MAX_INPUT_MB if this is really a report)\n"
    )


def test_ingest_inherits_figure_ids_from_the_previous_year(tmp_path: Path) -> None:
    for name in ("2023.yaml", "2023.txt"):
        (tmp_path / name).write_bytes((ROOT / "history" / name).read_bytes())
    variant = ROOT / "tests" / "fixtures" / "compare" / "zhonglou-2024-variant.txt"
    code, _, err = invoke("ingest", str(variant), "--history", str(tmp_path))
    assert code == 0
    assert err.splitlines()[-1] == "note: 34 of 35 figures keep their ids and labels from 2023"
    code, out, _ = invoke("show", "2024", "--format", "json", "--history", str(tmp_path))
    figures = {f["id"]: f for f in json.loads(out)["figures"]}
    assert (figures["review.cases_accepted"]["value"], figures["review.cases_accepted"]["label"]) == (
        135,
        "受理行政复议案件",
    )
    assert figures["litigation.head_appearance_streak"]["value"] == 8
    assert "f5.4.1" in figures  # the new 行政复议受理点 figure keeps its positional id


def test_inherited_ids_never_collide_with_positional_ones() -> None:
    from reportgen.ingest import inherit_figure_ids
    from reportgen.parse import parse_text

    frame = "一、加强执法监督\n（一）强化复议。{a}\n（二）做实援助。{b}\n在充分肯定成绩的同时，也存在问题和不足：一是队伍薄弱。"
    previous = parse_text(frame.format(a="共受理行政复议案件122件。", b="办理援助案件476件。"))
    report = parse_text(frame.format(a="新建调解组织8个。", b="办理援助案件480件。共受理行政复议案件135件。"))
    assert [f.id for f in previous.figures] == ["f1.1.1", "f1.2.1"]
    assert [f.id for f in report.figures] == ["f1.1.1", "f1.2.1", "f1.2.2"]
    assert inherit_figure_ids(previous, report) == (2, 3)
    assert [(f.id, f.raw) for f in report.figures] == [("f1.1.1.new", "8个"), ("f1.2.1", "480件"), ("f1.1.1", "135件")]
