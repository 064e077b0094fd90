"""Sheets as offices really fill them: merged cells, formulas, empty rows, odd numbers. Read right or refused by row."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from reportgen.draft.metrics import read_metrics
from reportgen.errors import SheetError

from .test_metrics import BASELINE, fill_xlsx, history, make_sheet, row_of, workdir  # noqa: F401

CASES = "review.cases_accepted"


def _edit(path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    workbook = openpyxl.load_workbook(path)
    edit(workbook.worksheets[0])
    workbook.save(path)


def test_formula_without_a_saved_result_is_refused(history: Path) -> None:  # noqa: F811
    path = make_sheet(history)
    row = row_of(CASES)
    # openpyxl writes formulas without results, as some scripts and converters do.
    _edit(path, lambda sheet: sheet.cell(row=row, column=7, value="=100+35"))
    with pytest.raises(SheetError) as caught:
        read_metrics(path, BASELINE, 2024)
    assert str(caught.value) == (
        f"metrics/2024.xlsx:row {row}, column value: the formula =100+35 has no saved result "
        "(type the number, or open and save the sheet in Excel or WPS)"
    )


def test_formula_with_a_saved_result_is_read(history: Path) -> None:  # noqa: F811
    path = make_sheet(history)
    row = row_of(CASES)
    _edit(path, lambda sheet: sheet.cell(row=row, column=7, value="=100+35"))
    # Excel and WPS save the result beside the formula: <c><f>100+35</f><v>135</v></c>.
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet_xml = members["xl/worksheets/sheet1.xml"].decode("utf-8")
    sheet_xml, count = re.subn(rf'(<c r="G{row}"[^>]*><f>100\+35</f>)(<v\s*/>|<v></v>)?', r"\1<v>135</v>", sheet_xml)
    assert count == 1
    members["xl/worksheets/sheet1.xml"] = sheet_xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    assert read_metrics(path, BASELINE, 2024).values == {CASES: Decimal(135)}


def test_merged_value_cells_are_refused_by_row(history: Path) -> None:  # noqa: F811
    path = make_sheet(history)
    row = row_of(CASES)
    _edit(path, lambda sheet: (sheet.cell(row=row, column=7, value=135), sheet.merge_cells(f"G{row}:G{row + 1}")))
    with pytest.raises(SheetError) as caught:
        read_metrics(path, BASELINE, 2024)
    assert str(caught.value) == (
        f"metrics/2024.xlsx:rows {row}-{row + 1}, column value: merged cells (unmerge them and give each row its value)"
    )


def test_empty_rows_are_skipped(history: Path) -> None:  # noqa: F811
    path = make_sheet(history)
    _edit(path, lambda sheet: sheet.insert_rows(5, amount=3))
    fill_xlsx(path, {row_of(CASES) + 3: 135})
    assert read_metrics(path, BASELINE, 2024).values == {CASES: Decimal(135)}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("１３５", 135), ("135件", 135), ("1,350", 1350), ("１，３５０", 1350), (" 135 ", 135), (135.0, 135)],
)
def test_numbers_as_people_type_them(history: Path, typed: object, expected: int) -> None:  # noqa: F811
    path = make_sheet(history)
    fill_xlsx(path, {row_of(CASES): typed})
    assert read_metrics(path, BASELINE, 2024).values == {CASES: Decimal(expected)}


@pytest.mark.parametrize("typed", ["约100", "100余", "一百三十五", "135?", "n/a"])
def test_values_that_are_not_plain_numbers_are_refused_by_row(history: Path, typed: str) -> None:  # noqa: F811
    path = make_sheet(history)
    fill_xlsx(path, {row_of(CASES): typed})
    with pytest.raises(SheetError) as caught:
        read_metrics(path, BASELINE, 2024)
    assert caught.value.where == f"row {row_of(CASES)}, column value"
