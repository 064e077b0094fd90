"""One run of ``reportgen trend``: build the trend, draw the charts, render the chosen format."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportgen.compare.trend.build import chart_series, trend_refs
from reportgen.compare.trend.charts import Chart, ChartFontError, draw_charts
from reportgen.compare.trend.render import chart_inputs, check_trend_format, render_trend
from reportgen.compare.trend.series import Trend

from reportgen.errors import UsageError
from reportgen.i18n import _
from reportgen.outputs import claim

DEFAULT_CHARTS_DIR = Path("output") / "trend"


@dataclass(frozen=True)
class TrendRun:
    """What ``reportgen trend`` produced: the output in the chosen format, the charts, and warnings."""

    trend: Trend
    output: str | bytes
    charts: list[Chart]
    warnings: list[str]
    out: Path | None


def run_trend(
    history: Path,
    *,
    years: str | None = None,
    fmt: str = "text",
    out: Path | None = None,
    charts_dir: Path | None = None,
    figures: str | None = None,
    charts: bool = True,
    color: bool = False,
    base: Path | None = None,
    to_stdout: bool = False,
    force: bool = False,
) -> TrendRun:
    """Build the trend, draw the charts and render ``fmt``; the caller prints or writes ``output``.

    Chart files are written only to ``charts_dir`` (``--charts``): nothing is written that was not asked for.
    The HTML page and the XLSX workbook embed the charts; without ``charts_dir`` they are drawn in a temporary
    folder that is removed after rendering. ``charts=False`` draws none. Without a CJK font, charts are skipped
    with a warning, unless ``charts_dir`` was given: then ``ChartFontError`` is raised. ``figures`` chooses the
    charts and needs ``charts_dir``.
    An XLSX workbook goes to ``out``, by default ``trend.xlsx`` in the charts folder. The default charts folder
    is ``output/trend`` under ``base`` (the workspace; default the current folder).
    """
    default_charts = (base or Path()) / DEFAULT_CHARTS_DIR
    chosen = check_trend_format(fmt)
    if chosen == "xlsx" and out is None and not to_stdout:
        out = (charts_dir or default_charts) / "trend.xlsx"
    if out is not None and chosen == "xlsx" and out.suffix.lower() != ".xlsx":
        raise UsageError(_("--out must be an .xlsx file for --format xlsx, not {name}").format(name=out.name))
    if not charts and (charts_dir is not None or figures):
        raise UsageError(_("--no-charts cannot be combined with --charts or --figures"))
    if figures and charts_dir is None:
        raise UsageError(_("--figures chooses the charts to draw: give the folder with --charts DIR"))
    trend = trend_refs(history, years)
    if out is not None:
        claim([out], force=force)  # before any chart is drawn: a refusal changes nothing
    embedded = chosen in ("html", "xlsx")
    chosen_series = chart_series(trend, figures) if charts and (charts_dir is not None or embedded) else []
    drawn: list[Chart] = []
    warnings: list[str] = []
    note = ""
    with tempfile.TemporaryDirectory(prefix="reportgen-charts-") as scratch:
        if chosen_series:
            try:
                drawn = draw_charts(chart_inputs(chosen_series), trend.years, charts_dir or Path(scratch), force=force)
            except ChartFontError as exc:
                if charts_dir is not None:
                    raise
                warnings.append(_("charts skipped: {reason}").format(reason=exc))
                note = f"图表未生成：{exc.message}。"
        output = render_trend(trend, chosen, drawn, chart_note=note, color=color)
    return TrendRun(trend, output, drawn if charts_dir is not None else [], warnings, out)
