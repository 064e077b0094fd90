"""Reading the metrics sheet back from XLSX, CSV or YAML into raw rows, refusing unsafe or malformed files."""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reportgen.draft.sheet_columns import _CN_HEADERS, _YEAR_KEYWORD, COLUMNS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS
from reportgen.errors import InputFileError, SheetError, UnsafeInputError
from reportgen.i18n import _
from reportgen.read.documents import decode_text
from reportgen.safezip import read_office_zip
from reportgen.sanitize import strip_controls, unsheet_text


@dataclass(frozen=True)
class _NotAScalar:
    """A YAML value that is a list or mapping where a number belongs."""

    message: str


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
    import openpyxl  # lazy for start-up: ~100 ms, only when a workbook is read

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
    import openpyxl  # lazy for start-up, as in _read_xlsx

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
    import pandas as pd  # lazy for start-up: pandas is ~300 ms and only a CSV sheet needs it

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
