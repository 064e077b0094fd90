"""The draft DOCX carries the review list as Word comments; review.xlsx lists the same places (#16)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import openpyxl

from reportgen.draft.metrics import write_sheet
from reportgen.draft.model import CARRIED_MARK, FIGURE_MARK
from reportgen.draft.run import draft_report, make_metrics

ROOT = Path(__file__).resolve().parent.parent
DRAFT_FIXTURES = ROOT / "tests" / "fixtures" / "draft"


def _sheet_rows(path: Path) -> dict[str, int]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return {str(row[0].value): row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value}


def test_plain_draft_has_a_comment_on_every_place_to_check(history: Path, tmp_path: Path) -> None:
    result = draft_report(2024, history)
    document = docx.Document(io.BytesIO(result.docx))
    comments = list(document.comments)
    carried = result.model.figures_with("carried")
    paragraphs = result.model.carried_paragraphs()
    text = result.text
    assert len(carried) == text.count(FIGURE_MARK) == 35
    assert len(paragraphs) == text.count(CARRIED_MARK) == 26
    on_figures = [c for c in comments if c.text.startswith("待核：")]
    on_paragraphs = [c for c in comments if c.text.startswith("本段照抄上年文字")]
    assert (len(on_figures), len(on_paragraphs), len(comments)) == (35, 26, 61)
    assert {c.author for c in comments} == {"reportgen"}
    # Each figure's comment says last year's value and the very row of the sheet `reportgen metrics` makes.
    made = make_metrics(2024, history)
    write_sheet(made.rows, tmp_path / "m.xlsx", year=made.year, previous_year=made.previous_year)
    rows = _sheet_rows(tmp_path / "m.xlsx")
    for figure, comment in zip(carried, on_figures, strict=True):
        assert f"上年为{figure.previous_raw}" in comment.text
        assert f"第{rows[figure.id]}行（编号 {figure.id}）" in comment.text
        assert "metrics/2024.xlsx" in comment.text
    assert "位置：本段" not in "".join(c.text for c in on_paragraphs)  # every paragraph matched to its place


def test_the_comment_is_anchored_on_the_marked_figure(history: Path, tmp_path: Path) -> None:
    result = draft_report(2024, history)
    document = docx.Document(io.BytesIO(result.docx))
    body = document.element.body
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    starts = body.findall(".//w:commentRangeStart", ns)
    ends = body.findall(".//w:commentRangeEnd", ns)
    assert len(starts) == len(ends) == 61
    first = document.comments.get(0)
    assert first is not None
    for paragraph in document.paragraphs:
        if FIGURE_MARK in paragraph.text:
            # The first figure comment spans the highlighted run "4次【待核】".
            xml = paragraph._p.xml
            start = xml.index("commentRangeStart")
            assert "4次【待核】" in xml[start : xml.index("commentRangeEnd")]
            break


def test_updated_figures_get_no_comment(history: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "m.csv"
    shutil.copy(DRAFT_FIXTURES / "metrics-2024-partial.csv", sheet)
    result = draft_report(2024, history, metrics=sheet)
    comments = list(docx.Document(io.BytesIO(result.docx)).comments)
    on_figures = [c for c in comments if c.text.startswith("待核：")]
    assert len(on_figures) == len(result.model.figures_with("carried")) == 28
    assert all(str(sheet) in c.text for c in on_figures)
    noted = next(c for c in on_figures if "legal_aid.cases" in c.text)
    assert "备注：待法援中心报送" in noted.text


def test_review_xlsx_lists_every_place(history: Path, tmp_path: Path) -> None:
    result = draft_report(2024, history)
    book = openpyxl.load_workbook(io.BytesIO(result.review_xlsx))
    sheet = book.worksheets[0]
    assert sheet.title == "核对清单"
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["类别", "位置", "编号", "指标", "上年", "今年", "数据表行", "备注"]
    kinds = [r[0] for r in rows[1:]]
    assert kinds.count("沿用上年的数字") == 35 and kinds.count("沿用上年的段落") == 26
    first = rows[1]
    assert first[2] == "leadership.study_sessions" and first[4] == "4次" and first[6] == "2"
    assert sheet.freeze_panes == "A2"
