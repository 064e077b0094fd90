"""`reportgen metrics` and reading the sheet back: XLSX, CSV and YAML, and every validation error."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from reportgen.cli.app import app
from typer.testing import CliRunner

from reportgen.draft.metrics import COLUMNS, read_metrics
from reportgen.errors import SheetError
from reportgen.store import load_year

from .conftest import ROOT

runner = CliRunner()
BASELINE = load_year(ROOT / "history", 2023)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    folder = tmp_path / "history"
    folder.mkdir()
    shutil.copy(ROOT / "history" / "2023.yaml", folder / "2023.yaml")
    return folder


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def make_sheet(history: Path, name: str = "metrics/2024.xlsx") -> Path:
    code, out, err = invoke("metrics", "2024", "--history", str(history), "--out", name)
    assert (code, out) == (0, "")  # status lines go to stderr
    assert err == (
        f"metrics 2024: 35 figures from the 2023 report -> {name}\n"
        # --history was given, so the printed command repeats it (relative to the current folder, tmp_path).
        f"fill in the value column, then: reportgen draft 2024 --metrics {name} --history history\n"
    )
    return Path(name)


def fill_xlsx(path: Path, values: dict[int, Any], *, formats: dict[int, str] | None = None) -> None:
    """Put ``values`` in the value column by Excel row number (header is row 1)."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    for row, value in values.items():
        sheet.cell(row=row, column=COLUMNS.index("value") + 1).value = value
    for row, number_format in (formats or {}).items():
        sheet.cell(row=row, column=COLUMNS.index("value") + 1).number_format = number_format
    workbook.save(path)


def row_of(figure_id: str) -> int:
    return next(i for i, f in enumerate(BASELINE.figures, start=2) if f.id == figure_id)


# --- writing ---------------------------------------------------------------------------------------------------


def test_default_sheet_is_xlsx_with_readable_header_and_frozen_panes(history: Path) -> None:
    code, _, err = invoke("metrics", "2024", "--history", str(history))
    assert code == 0 and err.startswith("metrics 2024: 35 figures from the 2023 report -> metrics/2024.xlsx\n")
    workbook = openpyxl.load_workbook("metrics/2024.xlsx")
    assert workbook.sheetnames == ["指标 figures", "文字 narrative", "说明 help"]
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == [
        "编号 id", "部分 part", "节 section", "指标 label", "单位 unit", "上年数 previous", "今年数 value", "备注 note",
    ]  # fmt: skip
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "B2"
    assert sheet.max_row == 36
    assert [c.value for c in sheet[row_of("enforcement.exempted_amount")]] == [
        "enforcement.exempted_amount",
        "四、牢记执法为民，打造规范公正文明执法标杆",
        "（三）探索实施包容审慎监管方式",
        "不予处罚涉及金额",
        "万元",
        398.6406,
        None,
        None,
    ]
    label = sheet.cell(row=row_of("review.cases_accepted"), column=4)
    assert label.comment is not None and "共受理行政复议案件122件" in label.comment.text
    assert workbook.worksheets[1].freeze_panes == "A2"
    assert workbook.properties.keywords == "reportgen.metrics/1 year=2024 previous=2023"


def test_csv_and_yaml_sheets(history: Path) -> None:
    make_sheet(history, "m/2024.csv")
    raw = Path("m/2024.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    assert rows[row_of("litigation.head_appearance_streak") - 1] == [
        "litigation.head_appearance_streak",
        "五、深耕诉源治理，加大矛盾纠纷多元化解力度",
        "（二）复议应诉质量稳步提高",
        "行政机关负责人出庭应诉率100%连续年数",
        "年",
        "7",
        "",
        "",
    ]
    make_sheet(history, "m/2024.yaml")
    data = yaml.safe_load(Path("m/2024.yaml").read_text(encoding="utf-8"))
    assert (data["schema"], data["year"], data["previous_year"], len(data["figures"])) == (
        "reportgen.metrics/1", 2024, 2023, 35,
    )  # fmt: skip
    assert data["figures"][0] == {
        "id": "leadership.study_sessions",
        "part": "一、坚持思想领航，激发法治政府建设内生动力",
        "section": "（二）压紧压实主体责任",
        "label": "区政府常务会议学法",
        "unit": "次",
        "previous": 4,
        "value": None,
        "note": None,
    }


def test_refuses_to_overwrite_without_force(history: Path) -> None:
    path = make_sheet(history)
    fill_xlsx(path, {2: 5})
    code, _, err = invoke("metrics", "2024", "--history", str(history))
    assert (code, err) == (
        1,
        "error: metrics/2024.xlsx: already exists and may hold the office's values "
        "(use --force to replace it, or --out for another file)\n",
    )
    assert openpyxl.load_workbook(path).worksheets[0]["G2"].value == 5
    assert invoke("metrics", "2024", "--history", str(history), "--force")[0] == 0
    assert openpyxl.load_workbook(path).worksheets[0]["G2"].value is None


def test_unknown_format(history: Path) -> None:
    code, _, err = invoke("metrics", "2024", "--history", str(history), "--out", "m.ods")
    assert (code, err) == (2, "error: m.ods: the metrics sheet must be .xlsx, .csv or .yaml\n")


def test_no_earlier_report(history: Path) -> None:
    code, _, err = invoke("metrics", "2023", "--history", str(history))
    assert (code, err) == (1, f"error: {history}: no report before 2023 in history to start from\n")


# --- reading back ----------------------------------------------------------------------------------------------


def test_xlsx_values_read_back(history: Path) -> None:
    path = make_sheet(history)
    fill_xlsx(
        path,
        {
            row_of("review.cases_accepted"): 135,
            row_of("enforcement.exempted_amount"): 412.5,
            row_of("review.direct_correction_rate"): "12.5%",
            row_of("normative_docs.legality_review_rate"): 0.98,  # typed 98% in Excel: kept as 0.98, formatted 0%
            row_of("disclosure.news_items"): " 17,300 ",
            row_of("compliance.lectures"): "１２",  # full-width digits from a Chinese input method
            row_of("legal_aid.cases"): "502件",  # the unit typed along
        },
        formats={row_of("normative_docs.legality_review_rate"): "0%"},
    )
    inputs = read_metrics(path, BASELINE, 2024)
    assert inputs.values == {
        "review.cases_accepted": Decimal(135),
        "enforcement.exempted_amount": Decimal("412.5"),
        "review.direct_correction_rate": Decimal("12.5"),
        "normative_docs.legality_review_rate": Decimal(98),
        "disclosure.news_items": Decimal(17300),
        "compliance.lectures": Decimal(12),
        "legal_aid.cases": Decimal(502),
    }


def test_xlsx_errors_name_row_and_column_and_nothing_is_written(history: Path, workdir: Path) -> None:
    path = make_sheet(history)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    sheet.cell(row=2, column=1).value = "leadership.study_session"  # unknown id
    sheet.cell(row=3, column=1).value = "review.cases_accepted"  # duplicate of a later row
    sheet.cell(row=4, column=7).value = "十二"  # not a number
    sheet.cell(row=row_of("review.cases_accepted"), column=7).value = 135  # the duplicate row
    sheet.cell(row=row_of("legal_aid.window_consultations"), column=7).value = -3  # negative
    sheet.cell(row=row_of("review.direct_correction_rate"), column=7).value = 120  # over 100%
    sheet.cell(row=row_of("legal_aid.cases"), column=7).value = 12.5  # half a case
    sheet.cell(row=row_of("counsel.legal_opinions"), column=7).value = "70余"
    workbook.save(path)
    code, out, err = invoke("draft", "2024", "--history", str(history), "--metrics", str(path))
    assert (code, out) == (1, "")
    assert err == (
        "error: metrics/2024.xlsx: 7 problems, nothing was written:\n"
        "  row 2, column id: unknown figure id 'leadership.study_session' (did you mean leadership.study_sessions?)\n"
        "  row 4, column value: '十二' is not a number\n"
        "  row 11, column value: '70余' is not a number: write the number only (last year's 60余份 keeps its wording)\n"
        "  row 18, column id: duplicate id review.cases_accepted (first on row 3)\n"
        "  row 19, column value: 120% is over 100%\n"
        "  row 22, column value: 12.5 is not a whole number of 件\n"
        "  row 23, column value: -3 is negative: 法律援助窗口接待咨询 cannot be below 0\n"
    )
    assert not (workdir / "output").exists()


def test_single_error_names_file_row_and_column(history: Path) -> None:
    path = make_sheet(history)
    fill_xlsx(path, {row_of("review.direct_correction_rate"): 101})
    with pytest.raises(SheetError) as caught:
        read_metrics(path, BASELINE, 2024)
    assert str(caught.value) == "metrics/2024.xlsx:row 19, column value: 101% is over 100%"
    assert caught.value.where == "row 19, column value"


def test_more_than_ten_problems_are_counted(history: Path) -> None:
    path = make_sheet(history)
    fill_xlsx(path, {row: -1 for row in range(2, 16)})
    with pytest.raises(SheetError) as caught:
        read_metrics(path, BASELINE, 2024)
    lines = caught.value.message.splitlines()
    assert lines[0] == "14 problems, nothing was written:"
    assert len(lines) == 12 and lines[-1] == "  … and 4 more"


def test_percentage_for_a_count_and_a_date(history: Path) -> None:
    import datetime

    path = make_sheet(history)
    fill_xlsx(path, {2: "50%", 3: datetime.datetime(2024, 3, 6)})
    with pytest.raises(SheetError) as caught:
        read_metrics(path, BASELINE, 2024)
    assert caught.value.message.splitlines()[1:] == [
        "  row 2, column value: a percentage, but 区政府常务会议学法 is counted in 次",
        "  row 3, column value: looks like a date, not a number (format the cell as a number)",
    ]


def test_sheet_for_another_year(history: Path) -> None:
    path = make_sheet(history)
    with pytest.raises(SheetError, match="this sheet is for 2024, not 2025"):
        read_metrics(path, BASELINE, 2025)


def test_missing_value_column(history: Path) -> None:
    Path("m.csv").write_text("id,previous\nreview.cases_accepted,122\n", encoding="utf-8")
    with pytest.raises(SheetError) as caught:
        read_metrics(Path("m.csv"), BASELINE, 2024)
    assert str(caught.value) == (
        "m.csv:row 1: no value column in the header row "
        "(the columns are id, part, section, label, unit, previous, value, note)"
    )


def test_csv_in_gbk_with_blank_lines(history: Path) -> None:
    text = "id,value,note\r\nreview.cases_accepted,135,司法局\r\n\r\nreview.direct_correction_rate,abc,\r\n"
    Path("m.csv").write_bytes(text.encode("gbk"))
    with pytest.raises(SheetError) as caught:
        read_metrics(Path("m.csv"), BASELINE, 2024)
    # Blank lines keep their numbers: the bad row is line 4 as Excel shows it.
    assert str(caught.value) == "m.csv:row 4, column value: 'abc' is not a number"


def test_csv_notes_and_chinese_headers(history: Path) -> None:
    Path("m.csv").write_text(
        "编号,今年数,备注\nreview.cases_accepted,135,司法局\nlegal_aid.cases,,待报\n", encoding="utf-8"
    )
    inputs = read_metrics(Path("m.csv"), BASELINE, 2024)
    assert inputs.values == {"review.cases_accepted": Decimal(135)}
    assert inputs.notes == {"review.cases_accepted": "司法局", "legal_aid.cases": "待报"}


def test_yaml_errors_name_item_and_line(history: Path) -> None:
    Path("m.yaml").write_text(
        "year: 2024\nfigures:\n- id: review.cases_accepted\n  value: 135\n- id: nope\n  value: 3\n"
        "- id: review.direct_correction_rate\n  value: [1, 2]\n",
        encoding="utf-8",
    )
    with pytest.raises(SheetError) as caught:
        read_metrics(Path("m.yaml"), BASELINE, 2024)
    assert caught.value.message.splitlines()[1:] == [
        "  row 2 (line 5), column id: unknown figure id 'nope'",
        "  row 3 (line 7), column value: a list or mapping, not a value",
    ]


def test_yaml_keeps_decimals_exact(history: Path) -> None:
    Path("m.yaml").write_text("- {id: enforcement.exempted_amount, value: 412.1234}\n", encoding="utf-8")
    assert read_metrics(Path("m.yaml"), BASELINE, 2024).values == {"enforcement.exempted_amount": Decimal("412.1234")}


def test_invalid_yaml_and_broken_xlsx(history: Path) -> None:
    Path("m.yaml").write_text("figures: [\n", encoding="utf-8")
    with pytest.raises(SheetError, match=r"m\.yaml:line 2: not valid YAML"):
        read_metrics(Path("m.yaml"), BASELINE, 2024)
    Path("m.xlsx").write_bytes(b"not a zip at all")
    with pytest.raises(SheetError, match=r"not a valid \.xlsx \(it is not a zip archive\)"):
        read_metrics(Path("m.xlsx"), BASELINE, 2024)


def test_value_without_id(history: Path) -> None:
    Path("m.csv").write_text("id,value\n,5\n", encoding="utf-8")
    with pytest.raises(SheetError, match=r"row 2, column id: a value without an id"):
        read_metrics(Path("m.csv"), BASELINE, 2024)


@pytest.mark.parametrize("name", ["m/2024.xlsx", "m/2024.csv", "m/2024.yaml"])
def test_unfilled_sheet_reads_back_empty(history: Path, name: str) -> None:
    inputs = read_metrics(make_sheet(history, name), BASELINE, 2024)
    assert (inputs.values, inputs.notes, inputs.narrative_rows) == ({}, {}, [])


def test_a_calendar_year_in_a_number_of_years_cell(history: Path) -> None:
    path = make_sheet(history)
    fill_xlsx(path, {row_of("litigation.head_appearance_streak"): 2024})
    with pytest.raises(SheetError) as caught:
        read_metrics(path, BASELINE, 2024)
    assert caught.value.message == (
        "2024年 is a calendar year, not a number of years (行政机关负责人出庭应诉率100%连续年数)"
    )
