"""One run of ``reportgen trend``: build the trend, draw the charts, render the chosen format; nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.compare.trend.build import chart_series, trend_refs
from reportgen.compare.trend.charts import Chart, ChartFontError, draw_charts
from reportgen.compare.trend.render import chart_inputs, check_trend_format, render_trend
from reportgen.compare.trend.series import Trend

from reportgen.i18n import _


@dataclass(frozen=True)
class TrendRun:
    """What ``reportgen trend`` produced: the output in the chosen format, the chart files to write, and warnings."""

    trend: Trend
    output: str | bytes
    charts: list[Chart]
    skipped: ChartFontError | None = None

    @property
    def warnings(self) -> list[str]:
        """What the user should know: the embedded charts were left out, and why."""
        return [_("charts skipped: {reason}").format(reason=self.skipped)] if self.skipped is not None else []


def run_trend(
    history: Path,
    *,
    years: str | None = None,
    fmt: str = "text",
    chart_folder: Path | None = None,
    figures: str | None = None,
    charts: bool = True,
    color: bool = False,
) -> TrendRun:
    """Build the trend, draw the charts and render ``fmt``; the caller prints or writes ``output`` and the charts.

    ``chart_folder`` is where the caller will write the chart files: with it, the charts are drawn for every
    format, named for that folder (the text output lists them) and returned in ``charts``; a missing CJK font is
    then a ``ChartFontError``. The HTML page and the XLSX workbook embed the charts in any case; without a CJK
    font they are left out with a warning. ``charts=False`` draws none. ``figures`` chooses the charts
    (comma-separated ids; default: up to 8 present every year).
    """
    chosen = check_trend_format(fmt)
    trend = trend_refs(history, years)
    embedded = chosen in ("html", "xlsx")
    chosen_series = chart_series(trend, figures) if charts and (chart_folder is not None or embedded) else []
    drawn: list[Chart] = []
    skipped = None
    note = ""
    if chosen_series:
        try:
            drawn = draw_charts(chart_inputs(chosen_series), trend.years, chart_folder or Path())
        except ChartFontError as exc:
            if chart_folder is not None:
                raise
            skipped = exc
            note = f"图表未生成：{exc.message}。"
    output = render_trend(trend, chosen, drawn, chart_note=note, color=color)
    return TrendRun(trend, output, drawn if chart_folder is not None else [], skipped)
