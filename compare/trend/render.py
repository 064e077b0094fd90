"""The outputs of ``reportgen trend``: a terminal table, CSV, XLSX, a self-contained HTML page, and JSON.

Every format holds the same table (one row per figure, one column per year, then the year-on-year changes) and
the same list of recurring shortcomings; the HTML page embeds the charts as inline SVG and the XLSX workbook as
PNG pictures. rich, pandas, openpyxl and jinja2 are imported only by the format that needs them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal, cast, get_args

from reportgen.compare.render.present import change_text, headline, item_label, number
from reportgen.compare.trend.charts import Chart, ChartSeries
from reportgen.compare.trend.json_contract import series_changes, trend_json
from reportgen.compare.trend.series import Series, Trend

from reportgen.errors import unknown_format
from reportgen.model import Figure
from reportgen.sanitize import defuse_workbook, sheet_text

TrendFormat = Literal["text", "csv", "xlsx", "html", "json"]
TREND_FORMATS: tuple[str, ...] = get_args(TrendFormat)
TITLE = "法治政府建设年度报告数据趋势"
_PREFIX_QUALIFIERS = ("近", "约", "超过", "超", "逾")
APPROX_NOTE = "带“余、多、近、约、以上、超”的数为约数或下限。"
LABEL_MIN_WIDTH = 18
TEXT_WIDTH = 140


def check_trend_format(name: str) -> TrendFormat:
    """``name`` as a trend format, or a UsageError naming the formats there are."""
    if name not in TREND_FORMATS:
        raise unknown_format(name, TREND_FORMATS)
    return cast(TrendFormat, name)


def value_text(figure: Figure, value: Decimal) -> str:
    """A value as the table shows it: the number in the series' unit with its qualifier (10余, 近500)."""
    text = number(value)
    qualifier = figure.qualifier
    if qualifier in _PREFIX_QUALIFIERS:
        return f"{qualifier}{text}"
    return f"{text}{qualifier}" if qualifier else text


def _years_span(years: Sequence[int]) -> str:
    return f"{years[0]}—{years[-1]}年" if len(years) > 1 else f"{years[0]}年"


def heading(trend: Trend) -> str:
    """常州市钟楼区人民政府 2023—2025年（3份报告）"""
    org = "、".join(trend.orgs) or "（单位不详）"
    return f"{org} {_years_span(trend.years)}（{len(trend.years)}份报告）"


def shortcoming_line(trend: Trend, years: Sequence[int], streak: int) -> str:
    """连续3年（2023—2025年，仍存在）"""
    state = "仍存在" if years[-1] == trend.years[-1] else f"{years[-1] + 1}年起未再提及"
    return f"连续{streak}年（{_years_span(years)}，{state}）"


def table(trend: Trend) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the figure table: id, label, unit, one column per year, the change into each year."""
    header = ["编号", "指标", "单位", *[f"{y}年" for y in trend.years], *[f"{y}年较上年" for _, y in trend.steps]]
    rows: list[list[str]] = []
    for s in trend.series:
        values = s.values
        row = [s.id, s.label, s.unit]
        row += [value_text(s.figures[y], values[y]) if y in values else "—" for y in trend.years]
        row += [change_text(trend, s, y) for _, y in trend.steps]
        rows.append(row)
    return header, rows


# --- terminal ----------------------------------------------------------------------------------------------------


def render_text(
    trend: Trend, charts: Sequence[Chart] = (), *, width: int | None = TEXT_WIDTH, color: bool = False
) -> str:
    """The table and the recurring shortcomings for the terminal (rich)."""
    # Lazy for start-up: rich loads only for the terminal table.
    from reportgen.compare.render.text import make_console
    from rich import box
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = make_console(buffer, width=width, color=color)
    console.print(Text(TITLE, style="bold"))
    console.print(heading(trend))
    console.print()
    header, rows = table(trend)
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    # The label first and widest; the id last, for --figures.
    order = [1, 2, *range(3, len(header)), 0]
    for k in order:
        if k == 1:
            grid.add_column(header[k], min_width=LABEL_MIN_WIDTH, ratio=1, overflow="fold")
        else:
            grid.add_column(header[k], justify="right" if k >= 3 else "left", no_wrap=True)
    for row in rows:
        grid.add_row(*(row[k] for k in order))
    console.print(Text(f"一、数据（{len(rows)}项）", style="bold"))
    console.print(grid)
    console.print(f"  {APPROX_NOTE}")
    console.print()
    console.print(Text(f"二、连续出现的问题（{len(trend.shortcomings)}项）", style="bold"))
    if not trend.shortcomings:
        console.print("  没有连续两年以上出现的问题。")
    for t in trend.shortcomings:
        numbers = "、".join(f"{y}年{item_label(t.items[y].number)}" for y in t.years)
        console.print(f"  {shortcoming_line(trend, t.years, t.streak)} {headline(t.latest.text)}")
        console.print(f"      {numbers}")
    if charts:
        console.print()
        console.print(Text(f"三、图表（{len(charts)}幅）", style="bold"))
        for chart in charts:
            console.print(f"  {chart.key}：{chart.png}，{chart.svg}")
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


# --- CSV and XLSX --------------------------------------------------------------------------------------------------


def _frame_rows(trend: Trend) -> tuple[list[str], list[list[Any]]]:
    """Columns and rows for CSV/XLSX: numbers stay numbers, missing values are empty."""
    columns = ["id", "label", "unit", "approx", *[str(y) for y in trend.years]]
    for _previous, year in trend.steps:
        columns += [f"change_{year}", f"relative_{year}"]
    rows: list[list[Any]] = []
    for s in trend.series:
        values = s.values
        row: list[Any] = [s.id, s.label, s.unit, s.approx]
        row += [_cell_number(values[y]) if y in values else None for y in trend.years]
        changes = series_changes(trend, s)
        for _previous, year in trend.steps:
            change = changes.get(str(year))
            row += [None, None] if change is None else [change["delta"], change["relative"]]
        rows.append(row)
    return columns, rows


def _cell_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral() else float(value)


def _shortcoming_rows(trend: Trend) -> tuple[list[str], list[list[Any]]]:
    columns = ["streak", "first_year", "last_year", "open", "years", "text"]
    rows = [
        [t.streak, t.years[0], t.years[-1], t.years[-1] == trend.years[-1], ",".join(map(str, t.years)), t.latest.text]
        for t in trend.shortcomings
    ]
    return columns, rows


def render_csv(trend: Trend) -> str:
    """One row per figure: id, label, unit, approx, a value column per year, change and relative per step."""
    import pandas as pd  # lazy for start-up: pandas only for CSV and XLSX

    columns, rows = _frame_rows(trend)
    rows = [[sheet_text(cell) for cell in row] for row in rows]
    # dtype object keeps 122 an integer next to an empty cell (pandas would make the column float: 122.0).
    table = str(pd.DataFrame(rows, columns=columns, dtype=object).to_csv(index=False, lineterminator="\n"))
    # A byte-order mark: Excel and WPS on Chinese Windows read a CSV without one as GBK and show mojibake.
    return "\ufeff" + table


def render_xlsx(trend: Trend, charts: Sequence[Chart] = ()) -> bytes:
    """A workbook: 数据 (the CSV table), 问题 (recurring shortcomings) and, with charts, 图表 (their PNGs)."""
    # Lazy for start-up: pandas and openpyxl only for XLSX.
    import pandas as pd
    from openpyxl.drawing.image import Image
    from openpyxl.utils import get_column_letter

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        columns, rows = _frame_rows(trend)
        pd.DataFrame(rows, columns=columns, dtype=object).to_excel(writer, sheet_name="数据", index=False)
        columns, rows = _shortcoming_rows(trend)
        pd.DataFrame(rows, columns=columns, dtype=object).to_excel(writer, sheet_name="问题", index=False)
        book = writer.book
        defuse_workbook(book)
        data = book["数据"]
        data.freeze_panes = "D2"
        for k, width in enumerate((28, 30, 8, 8), start=1):
            data.column_dimensions[get_column_letter(k)].width = width
        book["问题"].column_dimensions["F"].width = 80
        if charts:
            sheet = book.create_sheet("图表")
            for k, chart in enumerate(charts):
                picture = Image(io.BytesIO(chart.png_data))
                picture.width, picture.height = 640, 360
                sheet.add_image(picture, f"A{1 + k * 20}")
    return buffer.getvalue()


# --- HTML -----------------------------------------------------------------------------------------------------------

HTML_TEMPLATE = "trend.html.j2"


def _inline_svg(text: str) -> str:
    """The ``<svg>`` element of an SVG file, without its XML declaration, doctype and metadata."""
    start = text.find("<svg")
    svg = text[start:] if start != -1 else ""
    return re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)


def _css(k: int, cell: str) -> str:
    if k == 0:
        return "id"
    if k < 3:
        return ""
    if cell.startswith("+"):
        return "num up"
    if cell.startswith("-"):
        return "num down"
    return "num"


def render_html(trend: Trend, charts: Sequence[Chart] = (), *, chart_note: str = "") -> str:
    """One self-contained page (templates/trend.html.j2): the table, the recurring shortcomings and the charts
    (inline SVG)."""
    from markupsafe import Markup  # lazy for start-up, with jinja2: only the HTML page needs them

    from reportgen.template_env import make_environment  # lazy for start-up: jinja2

    header, rows = table(trend)
    return (
        make_environment()
        .get_template(HTML_TEMPLATE)
        .render(
            title=TITLE,
            heading=heading(trend),
            header=header,
            rows=[[{"text": cell, "css": _css(k, cell)} for k, cell in enumerate(row)] for row in rows],
            approx_note=APPROX_NOTE,
            shortcomings=[
                {
                    "head": shortcoming_line(trend, t.years, t.streak),
                    "open": t.years[-1] == trend.years[-1],
                    "text": t.latest.text,
                    "numbers": "、".join(f"{y}年{item_label(t.items[y].number)}" for y in t.years),
                }
                for t in trend.shortcomings
            ],
            charts=[{"key": c.key, "title": c.title, "svg": Markup(_inline_svg(c.svg_text))} for c in charts],
            chart_note=chart_note,
        )
    )


def render_trend(
    trend: Trend, fmt: str, charts: Sequence[Chart] = (), *, chart_note: str = "", color: bool = False
) -> str | bytes:
    """The trend in format ``fmt``: bytes for ``xlsx``, text for every other format."""
    chosen = check_trend_format(fmt)
    if chosen == "json":
        return trend_json(trend)
    if chosen == "csv":
        return render_csv(trend)
    if chosen == "xlsx":
        return render_xlsx(trend, charts)
    if chosen == "html":
        return render_html(trend, charts, chart_note=chart_note)
    return render_text(trend, charts, color=color)


def chart_inputs(series: Sequence[Series]) -> list[ChartSeries]:
    """The chart descriptions of ``series``: title (label, unit), values and the value labels."""
    out = []
    for s in series:
        values = s.values
        labels = {y: value_text(s.figures[y], v) for y, v in values.items()}
        out.append(ChartSeries(s.id, f"{s.label}（{s.unit}）", s.unit, values, labels))
    return out
