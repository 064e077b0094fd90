"""The metrics sheet: one row per figure of last year's report, for the office to fill in this year's values.

Columns: ``id, part, section, label, unit, previous, value, note``. ``previous`` holds last year's value;
``value`` is left empty. The sheet is written as XLSX (what the office uses: readable header, frozen
panes, a narrative sheet and a help sheet), CSV or YAML, and read back from any of them. Reading checks
every row and refuses the whole sheet, naming each bad row and column, if any id is unknown or given
twice, or any value is not a number, negative, a percentage over 100, or a fraction of a count.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from reportgen.draft.problems import Problem, did_you_mean, raise_problems
from reportgen.draft.sheet_columns import (
    _MAX_DIGITS,
    _PERCENT_LIMITS,
    _QUALIFIER_WORDS,
    _YEARS_LIMIT,
    COLUMNS,
    COUNT_UNITS,
    HEADERS,
    MetricInputs,
    SheetRow,
)
from reportgen.draft.sheet_readers import _NotAScalar, _RawRow, _read_csv, _read_xlsx, _read_yaml
from reportgen.draft.sheet_writers import sheet_format, sheet_rows, write_sheet
from reportgen.errors import InputFileError, SheetError
from reportgen.figures import format_value
from reportgen.i18n import _
from reportgen.model import Figure, Report
from reportgen.read.documents import read_bytes

# What callers import from here; the sheet's form, writers and readers have modules of their own.
__all__ = [
    "COLUMNS",
    "HEADERS",
    "MetricInputs",
    "SheetRow",
    "check_metrics",
    "parse_value",
    "read_metrics",
    "read_metrics_or_empty",
    "sheet_rows",
    "write_sheet",
]


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
