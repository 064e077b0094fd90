"""The metrics sheet: one row per figure of last year's report, for the office to fill in this year's values.

Columns: ``id, part, section, label, unit, previous, value, note``. ``previous`` holds last year's value;
``value`` is left empty. The sheet is written as XLSX (what the office uses: readable header, frozen
panes, a narrative sheet and a help sheet), CSV or YAML, and read back from any of them. Reading checks
every row and refuses the whole sheet, naming each bad row and column, if any id is unknown or given
twice, or any value is not a number, negative, a percentage over 100, or a fraction of a count.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from reportgen.draft.problems import Problem, did_you_mean, raise_problems
from reportgen.errors import InputFileError, OutputError, SheetError, UnsafeInputError, UsageError
from reportgen.figures import format_value
from reportgen.fsutil import check_target
from reportgen.i18n import _
from reportgen.model import Figure, Report
from reportgen.outline import ordinal_cn
from reportgen.outputs import backup, write_output, written_by_reportgen
from reportgen.safezip import read_office_zip
from reportgen.sanitize import defuse_workbook, sheet_text, strip_controls, unsheet_text
from reportgen.sources import decode_text, read_bytes

METRICS_SCHEMA = "reportgen.metrics/1"
COLUMNS = ("id", "part", "section", "label", "unit", "previous", "value", "note")
HEADERS = {
    "id": "编号 id",
    "part": "部分 part",
    "section": "节 section",
    "label": "指标 label",
    "unit": "单位 unit",
    "previous": "上年数 previous",
    "value": "今年数 value",
    "note": "备注 note",
}
NARRATIVE_HEADERS = {"kind": "类型 kind", "where": "位置 where", "title": "标题 title", "text": "内容 text"}
FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}
FIGURES_SHEET = "指标 figures"
NARRATIVE_SHEET = "文字 narrative"
HELP_SHEET = "说明 help"

# Units of things counted one by one: their values are whole numbers (a multiplier such as 万件 lifts this).
COUNT_UNITS = frozenset(
    """件 个 项 次 场 人 名 家 条 期 份 类 通 篇 起 户 所 处 套 本 册 批 轮 宗 笔 支 位 部 组 台 张 节
    人次 件次 家次 场次 户次 条次 年""".split()
)
_PERCENT_LIMITS = {"%": Decimal(100), "‰": Decimal(1000)}
_YEARS_LIMIT = Decimal(1000)
_QUALIFIER_WORDS = ("余", "多", "约", "近", "以上", "超", "逾")
_CN_HEADERS = {text.split()[0]: key for key, text in (HEADERS | NARRATIVE_HEADERS).items()}
_MAX_DIGITS = 15  # beyond this a float cell has lost digits, and Decimal arithmetic would overflow its precision
MAX_SHEET_ROWS = 20000
MAX_SHEET_COLUMNS = 100
_YEAR_KEYWORD = re.compile(r"\byear=(\d{4})\b")

_HELP_LINES = (
    "{year}年法治政府建设年度报告 数据填报表（由 reportgen 根据{previous}年报告生成）",
    "",
    "【指标 figures】每行一个数字。请在“今年数 value”列填写今年的数值，单位与“单位 unit”列一致（如 万元）。",
    "百分比填 98 或 98%。约数只填数字：上年写作“10余场”的，填 12，报告中写作“12余场”。",
    "留空的数字沿用上年数值，并在报告中标注【待核】。“备注 note”列会抄入核对清单。",
    "请勿修改“编号 id”列；不要重复填写同一编号。",
    "",
    "【文字 narrative】可选。每行一条，“类型 kind”可为：",
    "  section（改写）：改写上年某节，位置填节号，如 2.3 或 二（三）；可另填新标题。",
    "  new_section（新增）：新增一节，位置填部分号（加在该部分末尾，如 2）或节号（加在该节之后）。",
    "  remove_section（删除）：删除上年某节，位置填节号。",
    "  initiative（新举措）：在某节末尾增加一段新举措，位置填节号。",
    "  shortcoming（问题）/ plan（计划）：今年的问题和不足、明年的工作安排，每行一条，按顺序编为一是、二是……",
    "  preamble（前言）、shortcomings_intro、plans_intro、date（日期）：替换相应段落。",
    "新文字中可用 {{编号}} 引用指标，例如 {{review.cases_accepted}}，报告中写作今年的数值。",
    "未填写的文字沿用上年，年份顺延，并标注【沿用上年，请核改】。",
)


@dataclass
class SheetRow:
    """One figure of the sheet: where it is, what it counts, last year's value; this year's to fill in."""

    id: str
    part: str
    section: str
    label: str
    unit: str
    previous: Decimal
    value: Decimal | None = None
    note: str = ""
    context: str = ""


@dataclass
class MetricInputs:
    """A checked metrics sheet: the new values and notes by figure id, and any narrative sheet rows."""

    values: dict[str, Decimal] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    rows: dict[str, str] = field(default_factory=dict)
    source: Path | None = None
    narrative_rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


# --- building and writing --------------------------------------------------------------------------------


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
            hint=_("use --force to replace it, or --out for another file"),
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


# --- reading ---------------------------------------------------------------------------------------------


@dataclass
class _RawRow:
    """A row as read, before checking: its number (and YAML line), id, raw value, note."""

    row: int
    id: str
    value: Any
    note: str = ""
    line: int | None = None
    percent_format: bool = False

    def where(self, column: str) -> str:
        line = _(" (line {line})").format(line=self.line) if self.line is not None else ""
        return _("row {row}{line}, column {column}").format(row=self.row, line=line, column=column)


def _column_key(header: Any) -> str:
    """``value`` from a header cell such as ``今年数 value``, ``value`` or ``今年数``."""
    text = "" if header is None else str(header).strip()
    if not text:
        return ""
    if text in _CN_HEADERS:
        return _CN_HEADERS[text]
    return text.split()[-1].lower()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return unsheet_text(strip_controls(str(value)).strip())


def read_metrics(path: Path, report: Report, year: int) -> MetricInputs:
    """Read and check a filled-in sheet against last year's ``report``; raises SheetError naming every bad row."""
    inputs, problems = check_metrics(path, report, year)
    raise_problems(problems)
    return inputs


def check_metrics(path: Path, report: Report, year: int) -> tuple[MetricInputs, list[Problem]]:
    """Read a filled-in sheet and check every row; the values that passed, and every problem found.

    A sheet that cannot be read at all (wrong format, wrong year, no header) still raises.
    """
    fmt = sheet_format(path)
    data = read_bytes(path)
    narrative_rows: list[tuple[int, dict[str, str]]] = []
    if fmt == "xlsx":
        raw_rows, sheet_year, narrative_rows = _read_xlsx(data, path)
    elif fmt == "csv":
        raw_rows, sheet_year = _read_csv(data, path), None
    else:
        raw_rows, sheet_year = _read_yaml(data, path)
    if sheet_year is not None and sheet_year != year:
        raise SheetError(
            _("this sheet is for {sheet_year}, not {year}").format(sheet_year=sheet_year, year=year),
            path=path,
            hint=_("make one with: reportgen metrics {year}").format(year=year),
        )
    inputs, problems = _check_rows(raw_rows, report, path)
    inputs.narrative_rows = narrative_rows
    return inputs, problems


def _header_map(cells: list[Any], path: Path, required: tuple[str, ...], sheet: str = "") -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, header in enumerate(cells):
        key = _column_key(header)
        if key and key not in columns:
            columns[key] = index
    missing = [c for c in required if c not in columns]
    if missing:
        where = _("{sheet} row 1").format(sheet=sheet).strip()
        raise SheetError(
            _("no {columns} column in the header row").format(columns=_(" or ").join(missing)),
            path=path,
            where=where,
            hint=_("the columns are {columns}").format(columns=", ".join(COLUMNS)),
        )
    return columns


def _check_xlsx_archive(data: bytes, path: Path) -> None:
    try:
        members = read_office_zip(data, path, kind=".xlsx", required="[Content_Types].xml")
    except InputFileError as exc:
        raise SheetError(exc.message, path=path, hint=exc.hint) from exc
    for name, member in members.items():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            _check_used_range(member, name, path)


_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"([0-9]{1,7})\"")
_ROW_START = re.compile(rb"<(?:\w+:)?row\b")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_used_range(xml: bytes, name: str, path: Path) -> None:
    """Refuse a worksheet whose cells reach past the limits, whatever its ``<dimension>`` claims.

    openpyxl fills every cell of the used range: one stray cell at XFD1048576 would make it build 17 billion.
    """
    rows = max((int(m.group(1)) for m in _ROW_REF.finditer(xml)), default=0)
    rows = max(rows, len(_ROW_START.findall(xml)))
    columns = 0
    for m in _CELL_REF.finditer(xml):
        rows = max(rows, int(m.group(2)))
        columns = max(columns, _column_number(m.group(1)))
    if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS:
        raise UnsafeInputError(
            _(
                "{name} uses {rows} rows and {columns} columns, more than a metrics sheet can have"
                " (at most {max_rows} rows and {max_columns} columns)"
            ).format(name=name, rows=rows, columns=columns, max_rows=MAX_SHEET_ROWS, max_columns=MAX_SHEET_COLUMNS),
            path=path,
            hint=_("delete the stray cells far below or to the right of the table"),
        )


def _read_xlsx(data: bytes, path: Path) -> tuple[list[_RawRow], int | None, list[tuple[int, dict[str, str]]]]:
    _check_xlsx_archive(data, path)
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it drops (extensions, default styles); they do not matter here.
            warnings.simplefilter("ignore", UserWarning)
            # Read-only mode streams the rows present; the used range was checked above, so it stays bounded.
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
            return _read_workbook(workbook, data, path)
    except (SheetError, UnsafeInputError):
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise SheetError(
            _("not a readable .xlsx workbook ({kind})").format(kind=type(exc).__name__), path=path
        ) from exc


def _grid(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(max_row=MAX_SHEET_ROWS, max_col=MAX_SHEET_COLUMNS)]


def _row_number(cells: list[Any], fallback: int) -> int:
    return next((c.row for c in cells if getattr(c, "row", None)), fallback)


def _read_workbook(
    workbook: Any, data: bytes, path: Path
) -> tuple[list[_RawRow], int | None, list[tuple[int, dict[str, str]]]]:
    sheet_year = None
    if m := _YEAR_KEYWORD.search(workbook.properties.keywords or ""):
        sheet_year = int(m.group(1))
    sheets = workbook.worksheets
    figures = next((s for s in sheets if "figures" in s.title or "指标" in s.title), sheets[0])
    grid = _grid(figures)
    if not grid:
        raise SheetError(_("the sheet is empty"), path=path, where=figures.title)
    columns = _header_map([c.value for c in grid[0]], path, ("id", "value"))
    _refuse_merged_cells(data, figures, columns, path)
    formulas = _formulas_without_results(data, figures.title, columns["value"], grid)
    rows: list[_RawRow] = []
    for offset, cells in enumerate(grid[1:], start=2):

        def cell(key: str, cells: list[Any] = cells) -> Any:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        id_cell, value_cell, note_cell = cell("id"), cell("value"), cell("note")
        row_number = _row_number(cells, offset)
        value = value_cell.value if value_cell is not None else None
        if value is None and row_number in formulas:
            raise SheetError(
                _("the formula {formula} has no saved result").format(formula=formulas[row_number]),
                path=path,
                where=_("row {row}, column value").format(row=row_number),
                hint=_("type the number, or open and save the sheet in Excel or WPS"),
            )
        number_format = getattr(value_cell, "number_format", "General") if value_cell is not None else "General"
        percent = "%" in str(number_format).replace('"%"', "")
        rows.append(
            _RawRow(
                row=row_number,
                id=_cell_text(id_cell.value if id_cell is not None else None),
                value=strip_controls(value) if isinstance(value, str) else value,
                note=_cell_text(note_cell.value if note_cell is not None else None),
                percent_format=percent,
            )
        )
    narrative_rows: list[tuple[int, dict[str, str]]] = []
    narrative = next((s for s in sheets if s is not figures and ("narrative" in s.title or "文字" in s.title)), None)
    if narrative is not None:
        grid = _grid(narrative)
        if grid:
            ncols = _header_map([c.value for c in grid[0]], path, ("kind", "text"), sheet=narrative.title)
            for offset, cells in enumerate(grid[1:], start=2):
                values = {
                    key: _cell_text(cells[index].value) if index < len(cells) else "" for key, index in ncols.items()
                }
                if any(values.values()):
                    narrative_rows.append((_row_number(cells, offset), values))
    return rows, sheet_year, narrative_rows


_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?\"")


def _refuse_merged_cells(data: bytes, sheet: Any, columns: dict[str, int], path: Path) -> None:
    # Read-only worksheets do not load merged ranges; they are read from the sheet's XML.
    sheet_path = str(getattr(sheet, "_worksheet_path", "")).lstrip("/")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read(sheet_path)
    except (KeyError, zipfile.BadZipFile):
        return
    watched = {columns[key] + 1: key for key in ("id", "value") if key in columns}
    for m in _MERGE_REF.finditer(xml):
        min_col, min_row = _column_number(m.group(1)), int(m.group(2))
        max_col = _column_number(m.group(3)) if m.group(3) else min_col
        max_row = int(m.group(4)) if m.group(4) else min_row
        for column, key in watched.items():
            if min_col <= column <= max_col:
                rows = (
                    _("rows {min_row}-{max_row}").format(min_row=min_row, max_row=max_row)
                    if max_row > min_row
                    else _("row {min_row}").format(min_row=min_row)
                )
                raise SheetError(
                    _("merged cells"),
                    path=path,
                    where=_("{rows}, column {key}").format(rows=rows, key=key),
                    hint=_("unmerge them and give each row its value"),
                )


def _formulas_without_results(data: bytes, title: str, value_index: int, grid: list[list[Any]]) -> dict[int, str]:
    """Rows whose value cell holds a formula; only asked for when a value cell read as empty."""
    if all(len(cells) <= value_index or cells[value_index].value is not None for cells in grid[1:]):
        return {}
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=True)
    found: dict[int, str] = {}
    sheet = book[title]
    for row in sheet.iter_rows(min_row=2, max_row=MAX_SHEET_ROWS, min_col=value_index + 1, max_col=value_index + 1):
        cell = row[0]
        if isinstance(cell.value, str) and cell.value.startswith("="):
            found[cell.row] = cell.value
    book.close()
    return found


def _read_csv(data: bytes, path: Path) -> list[_RawRow]:
    import pandas as pd

    text = decode_text(data, path)
    _check_csv_shape(text, path)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False, header=0)
    except pd.errors.EmptyDataError as exc:
        raise SheetError(_("the sheet is empty"), path=path) from exc
    except (pd.errors.ParserError, ValueError) as exc:
        raise SheetError(_("not a readable CSV file: {reason}").format(reason=str(exc).strip()), path=path) from exc
    columns = _header_map(list(frame.columns), path, ("id", "value"))
    names = list(frame.columns)
    rows = []
    for offset, record in enumerate(frame.itertuples(index=False, name=None)):

        def get(key: str, record: tuple[Any, ...] = record) -> str:
            index = columns.get(key)
            return unsheet_text(str(record[index]).strip()) if index is not None and index < len(names) else ""

        rows.append(_RawRow(row=offset + 2, id=get("id"), value=get("value") or None, note=get("note")))
    return rows


def _check_csv_shape(text: str, path: Path) -> None:
    """Refuse a CSV too wide or too long for a metrics sheet before pandas parses it (100,000 columns took minutes)."""
    rows = text.count("\n") + 1
    if rows > MAX_SHEET_ROWS:
        raise UnsafeInputError(
            _("the CSV has {rows} lines, more than a metrics sheet can have (at most {max_rows})").format(
                rows=rows, max_rows=MAX_SHEET_ROWS
            ),
            path=path,
        )
    first = text.split("\n", 1)[0]
    columns = next(csv.reader([first]), [])
    if len(columns) > MAX_SHEET_COLUMNS:
        raise UnsafeInputError(
            _("the CSV header has {count} columns, more than a metrics sheet can have (at most {max_columns})").format(
                count=len(columns), max_columns=MAX_SHEET_COLUMNS
            ),
            path=path,
        )


def _read_yaml(data: bytes, path: Path) -> tuple[list[_RawRow], int | None]:
    text = decode_text(data, path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SheetError(
            _("not valid YAML: {reason}").format(reason=getattr(exc, "problem", None) or exc),
            path=path,
            where=_("line {line}").format(line=mark.line + 1) if mark is not None else None,
        ) from exc
    sheet_year: int | None = None
    items: yaml.Node | None = root
    if isinstance(root, yaml.MappingNode):
        items = None
        for key_node, value_node in root.value:
            if key_node.value == "figures":
                items = value_node
            elif key_node.value == "year" and isinstance(value_node, yaml.ScalarNode) and value_node.value.isdigit():
                sheet_year = int(value_node.value)
    if not isinstance(items, yaml.SequenceNode):
        raise SheetError(_("expected a list of figures (under figures:) with id and value"), path=path)
    rows = []
    for number, item in enumerate(items.value, start=1):
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            rows.append(_RawRow(row=number, id="", value=_NotAScalar(_("not a mapping of id, value …")), line=line))
            continue
        fields: dict[str, Any] = {}
        for key_node, value_node in item.value:
            if not isinstance(value_node, yaml.ScalarNode):
                fields[key_node.value] = _NotAScalar(_("a list or mapping, not a value"))
            elif value_node.tag == "tag:yaml.org,2002:null":
                fields[key_node.value] = None
            else:
                fields[key_node.value] = value_node.value
        figure_id = fields.get("id")
        rows.append(
            _RawRow(
                row=number,
                id=figure_id.strip() if isinstance(figure_id, str) else "",
                value=fields.get("value"),
                note=str(fields.get("note") or "").strip(),
                line=line,
            )
        )
    return rows, sheet_year


@dataclass(frozen=True)
class _NotAScalar:
    """A YAML value that is a list or mapping where a number belongs."""

    message: str


def _plain_number_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"(?<=\d)[,\s](?=\d)", "", text).replace(" ", "")


def parse_value(raw: Any, figure: Figure, *, percent_format: bool = False) -> Decimal | str | None:
    """This year's value from a cell, in ``figure``'s unit; a message (str) when it is not a usable number."""
    if raw is None:
        return None
    if isinstance(raw, _NotAScalar):
        return raw.message
    if isinstance(raw, bool):
        return _("{raw} is not a number").format(raw=raw)
    if isinstance(raw, datetime | date | time):
        return _("looks like a date, not a number (format the cell as a number)")
    if isinstance(raw, int | float | Decimal):
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            return _("{raw} is not a number").format(raw=repr(raw))
        # A cell formatted as a percentage holds 98% as 0.98.
        typed_percent, scale = percent_format, percent_format
    else:
        text = _plain_number_text(str(raw))
        if not text:
            return None
        typed_percent, scale = text.endswith("%"), False
        text = text.removesuffix("%")
        if not typed_percent and figure.unit and text.endswith(figure.unit) and len(text) > len(figure.unit):
            text = text[: -len(figure.unit)]
        try:
            value = Decimal(text)
        except InvalidOperation:
            if any(word in text for word in _QUALIFIER_WORDS):
                return _(
                    "{raw} is not a number: write the number only (last year's {previous} keeps its wording)"
                ).format(raw=repr(str(raw).strip()), previous=figure.raw)
            return _("{raw} is not a number").format(raw=repr(str(raw).strip()))
    if not value.is_finite():
        return _("{raw} is not a number").format(raw=repr(raw))
    if value and value.adjusted() >= _MAX_DIGITS:
        return _("{raw} is too large for a figure (more than {digits} digits)").format(
            raw=repr(str(raw).strip()[:20]), digits=_MAX_DIGITS
        )
    if typed_percent and figure.unit not in _PERCENT_LIMITS:
        return _("a percentage, but {label} is counted in {unit}").format(label=figure.label, unit=figure.unit)
    if scale and figure.unit == "%":
        value *= 100
    return value.normalize() if value != value.to_integral() else value.quantize(Decimal(1))


def _check_rows(rows: list[_RawRow], report: Report, path: Path) -> tuple[MetricInputs, list[Problem]]:
    figures = {f.id: f for f in report.figures}
    inputs = MetricInputs(source=path)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row in rows:
        if not row.id:
            if row.value is not None and not (isinstance(row.value, str) and not row.value.strip()):
                problems.append(Problem(path, row.where("id"), _("a value without an id")))
            continue
        figure = figures.get(row.id)
        if figure is None:
            problems.append(
                Problem(
                    path,
                    row.where("id"),
                    _("unknown figure id {id}{suggestion}").format(
                        id=repr(row.id), suggestion=did_you_mean(row.id, figures)
                    ),
                )
            )
            continue
        if row.id in seen:
            problems.append(
                Problem(
                    path,
                    row.where("id"),
                    _("duplicate id {id} (first on row {first})").format(id=row.id, first=seen[row.id]),
                )
            )
            continue
        seen[row.id] = row.row
        parsed = parse_value(row.value, figure, percent_format=row.percent_format)
        if isinstance(parsed, str):
            problems.append(Problem(path, row.where("value"), parsed))
            continue
        if parsed is None:
            if row.note:
                inputs.notes[row.id] = row.note
                inputs.rows[row.id] = _("row {row}").format(row=row.row)
            continue
        message = _value_problem(parsed, figure)
        if message:
            problems.append(Problem(path, row.where("value"), message))
            continue
        inputs.values[row.id] = parsed
        inputs.rows[row.id] = _("row {row}").format(row=row.row)
        if row.note:
            inputs.notes[row.id] = row.note
    return inputs, problems


def _value_problem(value: Decimal, figure: Figure) -> str | None:
    shown = format_value(value)
    if value < 0:
        return _("{shown} is negative: {label} cannot be below 0").format(shown=shown, label=figure.label)
    limit = _PERCENT_LIMITS.get(figure.unit)
    if limit is not None and value > limit:
        return _("{shown}{unit} is over {limit}{unit}").format(shown=shown, unit=figure.unit, limit=format_value(limit))
    if figure.unit in COUNT_UNITS and value != value.to_integral():
        return _("{shown} is not a whole number of {unit}").format(shown=shown, unit=figure.unit)
    if figure.unit == "年" and value >= _YEARS_LIMIT:
        # 连续七年 counts years; 2024 here is a calendar year typed into the wrong cell.
        return _("{shown}年 is a calendar year, not a number of years ({label})").format(
            shown=shown, label=figure.label
        )
    return None


def read_metrics_or_empty(path: Path | None, report: Report, year: int) -> MetricInputs:
    """The checked sheet at ``path``, or no values at all."""
    if path is None:
        return MetricInputs()
    if not path.exists():
        raise InputFileError(
            _("metrics sheet not found"), path=path, hint=_("make one with: reportgen metrics {year}").format(year=year)
        )
    return read_metrics(path, report, year)
