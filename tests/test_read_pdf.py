"""Published PDFs, old office formats through LibreOffice, and traditional characters."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import opencc
import pytest
from PIL import Image
from reportgen.cli.app import app
from typer.testing import CliRunner

from reportgen.errors import InputFileError
from reportgen.model import Report
from reportgen.parse import parse_file, parse_text
from reportgen.read.pdf_text import PdfLine, drop_page_furniture, join_lines
from reportgen.word_layout import write_docx as write_office_docx

from .conftest import FIXTURES, REFERENCE_2023
from .layout_support import guessed_lines
from .office_files import libreoffice_convert, word_docx
from .render_support import require_tools

# The 青湖 fixture is left out on purpose: LibreOffice drops the comma that would hang past the margin at one line
# end of its PDF (职责，主持 prints as 职责主持), so a label there really does differ; see the notes of issue #17.
REPORTS = [
    REFERENCE_2023,
    FIXTURES / "compare" / "zhonglou-2024-statutory.txt",
    FIXTURES / "compare" / "zhonglou-2024-variant.txt",
]


def _model(report: Report) -> dict[str, object]:
    data = asdict(report)
    data.pop("source")
    data.pop("warnings")
    return data


@pytest.fixture(scope="module")
def office_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each report laid out as GB/T 9704 (page numbers “— 1 —” in the footer), printed to PDF by LibreOffice."""
    require_tools()
    folder = tmp_path_factory.mktemp("pdf")
    docs = []
    for source in REPORTS:
        doc = folder / f"{source.stem}.docx"
        write_office_docx(guessed_lines(source.read_text(encoding="utf-8")), doc)
        docs.append(doc)
    pdfs = libreoffice_convert(docs, "pdf", folder)
    return {source.name: pdf for source, pdf in zip(REPORTS, pdfs, strict=True)}


@pytest.mark.render
@pytest.mark.parametrize("source", REPORTS, ids=lambda p: p.name)
def test_libreoffice_pdf_reads_like_the_plain_text(office_pdfs: dict[str, Path], source: Path) -> None:
    from_pdf, from_txt = parse_file(office_pdfs[source.name]), parse_file(source)
    assert _model(from_pdf) == _model(from_txt)
    assert len(from_pdf.figures) > 10
    assert from_pdf.warnings == []


@pytest.mark.render
def test_old_office_formats_go_through_libreoffice(tmp_path: Path) -> None:
    require_tools()
    word = word_docx(REFERENCE_2023.read_text(encoding="utf-8"), tmp_path / "报告.docx", tracked=False)
    doc, odt = libreoffice_convert([word], "doc", tmp_path)[0], libreoffice_convert([word], "odt", tmp_path)[0]
    wps = doc.with_suffix(".wps")
    wps.write_bytes(doc.read_bytes())  # WPS saves .wps in the Word 97 format
    expected = _model(parse_file(REFERENCE_2023))
    for path in (doc, odt, wps):
        assert _model(parse_file(path)) == expected, path.name


def test_without_libreoffice_old_formats_get_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reportgen.read.convert.soffice", lambda: None)
    path = tmp_path / "旧报告.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old Word file")
    result = CliRunner().invoke(app, ["show", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: .doc files are read through LibreOffice, which is not installed")
    assert "save it as .docx" in result.stderr


@pytest.mark.render
def test_a_damaged_old_format_file_gets_a_clear_error(tmp_path: Path) -> None:
    require_tools()
    path = tmp_path / "坏.wps"
    path.write_bytes(b"\x00\x01 not a document at all" * 10)
    with pytest.raises(InputFileError, match=r"not a \.wps document: damaged, or another kind of file"):
        parse_file(path)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00\x01 broken OLE" * 100)
    with pytest.raises(InputFileError, match=r"could not convert this \.wps file"):
        parse_file(path)


def test_a_scanned_pdf_without_text_gets_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.pdf"
    pages = [Image.new("RGB", (595, 842), "white") for _ in range(3)]
    pages[0].save(path, save_all=True, append_images=pages[1:])
    result = CliRunner().invoke(app, ["show", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path}: the PDF has no text layer, only images (3 page(s), 0 characters of text): a scanned copy "
        "(use the .docx, or run OCR on the PDF first)\n"
    )


@pytest.mark.parametrize(
    ("data", "message"), [(b"hello, not a pdf", "not a PDF file"), (b"%PDF-1.7\n garbage", "cannot read the PDF")]
)
def test_broken_pdfs_get_a_clear_error(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    with pytest.raises(InputFileError, match=message):
        parse_file(path)


def _page(*lines: tuple[str, float, float]) -> list[PdfLine]:
    return [PdfLine(text, left, right) for text, left, right in lines]


def test_running_headers_page_numbers_and_a_paragraph_broken_at_the_page_edge() -> None:
    body = 16.0  # a body character is 16 pt wide; text runs from 80 to 520
    pages = [
        _page(
            ("某县司法局2024年度法治政府建设报告", 80, 80 + 18 * 12),  # running header, smaller type
            ("一、主要举措和成效", 112, 112 + 9 * body),
            ("全年共受理行政复议案件一百二十件，办结率达到百分", 112, 520),
            ("之九十八，其中调解和解结案三十件，", 80, 520),
            ("第 1 页 共 2 页", 280, 340),
        ),
        _page(
            ("某县司法局2024年度法治政府建设报告", 80, 80 + 18 * 12),
            ("纠错率百分之十二。", 80, 80 + 9 * body),
            ("二、存在的不足", 112, 112 + 7 * body),
            ("— 2 —", 280, 330),
        ),
    ]
    assert join_lines(drop_page_furniture(pages)) == [
        "一、主要举措和成效",
        "全年共受理行政复议案件一百二十件，办结率达到百分之九十八，其中调解和解结案三十件，纠错率百分之十二。",
        "二、存在的不足",
    ]


def test_traditional_characters_read_like_simplified(tmp_path: Path) -> None:
    text = REFERENCE_2023.read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t.json").convert(text)
    assert "鐘樓區" in traditional and "萬元" in traditional
    path = tmp_path / "繁體.txt"
    path.write_text(traditional, encoding="utf-8")
    report, expected = parse_file(path), parse_text(text)
    assert [(f.id, f.label, f.value, f.unit) for f in report.figures] == [
        (f.id, f.label, f.value, f.unit) for f in expected.figures
    ]
    assert report.warnings == ["繁體.txt: traditional characters read as simplified (the original text is kept)"]
    assert parse_text(text).warnings == []


def test_ingest_keeps_the_traditional_original(tmp_path: Path) -> None:
    traditional = opencc.OpenCC("s2t.json").convert(REFERENCE_2023.read_text(encoding="utf-8"))
    path = tmp_path / "2023.txt"
    path.write_text(traditional, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(path), "--history", str(tmp_path / "h")])
    assert result.exit_code == 0, result.output
    assert "traditional characters read as simplified" in result.stderr
    assert (tmp_path / "h" / "2023.txt").read_text(encoding="utf-8") == traditional
    assert "钟楼区" in (tmp_path / "h" / "2023.yaml").read_text(encoding="utf-8")
