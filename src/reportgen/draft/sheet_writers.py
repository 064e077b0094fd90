"""Writing the metrics sheet as XLSX (readable header, frozen panes, narrative and help sheets), CSV or YAML."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import yaml

from reportgen.draft.sheet_columns import (
    _HELP_LINES,
    _PERCENT_LIMITS,
    COLUMNS,
    FIGURES_SHEET,
    FORMATS,
    HEADERS,
    HELP_SHEET,
    METRICS_SCHEMA,
    NARRATIVE_HEADERS,
    NARRATIVE_SHEET,
    SheetRow,
)
from reportgen.errors import OutputError, UsageError
from reportgen.figures import format_value
from reportgen.fsutil import check_target
from reportgen.i18n import _
from reportgen.model import Report
from reportgen.outline import ordinal_cn
from reportgen.outputs import backup, write_output, written_by_reportgen
from reportgen.sanitize import defuse_workbook, sheet_text


def sheet_rows(report: Report) -> list[SheetRow]:
    """One row per figure of ``report``, in report order."""
    parts = {p.number: p for p in report.parts}
    rows = []
    for figure in report.figures:
        part = parts.get(figure.part) if figure.part is not None else None
        section = report.section(figure.part, figure.section) if figure.part and figure.section else None
        rows.append(
            SheetRow(
                id=figure.id,
                part="前言" if figure.part is None else f"{ordinal_cn(figure.part)}、{part.title if part else ''}",
                section=""
                if figure.section is None
                else f"（{ordinal_cn(figure.section)}）{section.title if section else ''}",
                label=figure.label,
                unit=figure.unit,
                previous=figure.value,
                context=figure.text,
            )
        )
    return rows


def sheet_format(path: Path) -> str:
    """xlsx, csv or yaml, from the file's suffix."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(_("the metrics sheet must be .xlsx, .csv or .yaml"), path=path)
    return fmt


def write_sheet(rows: list[SheetRow], path: Path, *, year: int, previous_year: int, force: bool = False) -> None:
    """Write the sheet to ``path`` (format by suffix) atomically; an existing sheet needs ``force``."""
    fmt = sheet_format(path)
    check_target(path)
    if path.exists() and not force:
        raise OutputError(
            _("already exists and may hold the office's values"),
            path=path,
            remedy="force_or_other_sheet",
        )
    if fmt == "xlsx":
        data = _xlsx_bytes(rows, year, previous_year)
    elif fmt == "csv":
        data = _csv_bytes(rows)
    else:
        data = _yaml_bytes(rows, year, previous_year)
    if path.exists() and not written_by_reportgen(path):
        backup(path)  # --force was given: the office's filled-in sheet is kept in .backup/
    write_output(path, data)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral() else float(value)


def _csv_bytes(rows: list[SheetRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        texts = [sheet_text(v) for v in (row.id, row.part, row.section, row.label, row.unit)]
        value = "" if row.value is None else format_value(row.value)
        writer.writerow([*texts, format_value(row.previous), value, sheet_text(row.note)])
    # With a BOM, Excel and WPS open the UTF-8 file as Chinese text instead of mojibake.
    return buffer.getvalue().encode("utf-8-sig")


def _yaml_bytes(rows: list[SheetRow], year: int, previous_year: int) -> bytes:
    data = {
        "schema": METRICS_SCHEMA,
        "year": year,
        "previous_year": previous_year,
        "figures": [
            {
                "id": row.id,
                "part": row.part,
                "section": row.section,
                "label": row.label,
                "unit": row.unit,
                "previous": _number(row.previous),
                "value": None if row.value is None else _number(row.value),
                "note": row.note,
            }
            for row in rows
        ],
    }
    header = (
        f"# {year}年法治政府建设年度报告 数据填报表 (from the {previous_year} report).\n"
        "# Fill in value for each figure, in its unit; leave it empty to carry last year's value (marked 【待核】).\n"
    )
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)
    body = body.replace("\n  value: null\n", "\n  value:\n").replace("\n  note: ''\n", "\n  note:\n")
    return (header + body).encode("utf-8")


def _xlsx_bytes(rows: list[SheetRow], year: int, previous_year: int) -> bytes:
    # Lazy for start-up: openpyxl loads only when a workbook is written.
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = FIGURES_SHEET
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9E1F2")
    input_fill = PatternFill("solid", fgColor="FFF2CC")
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([HEADERS[c] for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = header_font
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[1].height = 30
    value_col = COLUMNS.index("value") + 1
    counts: list[str] = []
    percents: list[str] = []
    for index, row in enumerate(rows, start=2):
        value = None if row.value is None else _number(row.value)
        sheet.append([row.id, row.part, row.section, row.label, row.unit, _number(row.previous), value, row.note])
        for cell in sheet[index]:
            cell.border = border
            cell.alignment = Alignment(vertical="center")
        value_cell = sheet.cell(row=index, column=value_col)
        value_cell.fill = input_fill
        (percents if row.unit in _PERCENT_LIMITS else counts).append(value_cell.coordinate)
        if row.context:
            comment = Comment(f"上年原文：{row.context}", "reportgen")
            comment.width = 320
            comment.height = 120
            sheet.cell(row=index, column=COLUMNS.index("label") + 1).comment = comment
    if counts:
        non_negative = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True, showErrorMessage=True
        )
        non_negative.error = "请填写不小于 0 的数字"
        for coordinate in counts:
            non_negative.add(coordinate)
        sheet.add_data_validation(non_negative)
    if percents:
        percent = DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True, showErrorMessage=True
        )
        percent.error = "请填写 0 到 100 之间的百分数"
        for coordinate in percents:
            percent.add(coordinate)
        sheet.add_data_validation(percent)
    widths = {"id": 36, "part": 26, "section": 26, "label": 30, "unit": 8, "previous": 12, "value": 14, "note": 30}
    for i, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = widths[column]
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(len(rows) + 1, 2)}"

    narrative = workbook.create_sheet(NARRATIVE_SHEET)
    narrative.append(list(NARRATIVE_HEADERS.values()))
    for cell in narrative[1]:
        cell.font = header_font
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center")
    kinds = DataValidation(
        type="list",
        formula1='"section,new_section,remove_section,initiative,shortcoming,plan,preamble,'
        'shortcomings_intro,plans_intro,date"',
        allow_blank=True,
    )
    kinds.add("A2:A200")
    narrative.add_data_validation(kinds)
    for letter, width in zip("ABCD", (18, 26, 30, 100), strict=True):
        narrative.column_dimensions[letter].width = width
    narrative.freeze_panes = "A2"

    help_sheet = workbook.create_sheet(HELP_SHEET)
    for line in _HELP_LINES:
        help_sheet.append([line.format(year=year, previous=previous_year)])
    help_sheet.column_dimensions["A"].width = 120
    help_sheet["A1"].font = Font(bold=True, size=14)

    workbook.properties.title = f"{year}年法治政府建设年度报告 数据填报表"
    workbook.properties.keywords = f"{METRICS_SCHEMA} year={year} previous={previous_year}"
    workbook.properties.creator = "reportgen"
    defuse_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
