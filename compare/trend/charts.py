"""Line charts of figures across years, drawn with matplotlib (Agg, no display) in a CJK font found at run time.

matplotlib's own fonts have no Chinese glyphs: without a CJK font every label would be a row of boxes and
matplotlib would warn once per missing glyph. ``find_cjk_font`` looks through the fonts matplotlib knows for one
that covers Chinese (Noto Sans CJK SC first); ``ChartFontError`` says what to install when there is none.
Charts are drawn as PNG (for Word and the XLSX) and SVG (text as paths, so it shows the same everywhere; embedded
in the HTML report), in memory: the caller writes the files.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.errors import ReportgenError
from reportgen.i18n import _

PREFERRED_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "AR PL UMing CN",
    "AR PL KaitiM GB",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
)
_CJK_NAME_RE = re.compile(r"CJK|Han Sans|Han Serif|WenQuanYi|\bAR PL\b|Hei|Song|Kai|Ming|YaHei", re.IGNORECASE)
_SAMPLE = "法治政府建设年度报告"
_SLUG_RE = re.compile(r"[^A-Za-z0-9._-]+")
PNG_DPI = 150


class ChartFontError(ReportgenError):
    """No font with Chinese glyphs is known to matplotlib, so charts cannot be drawn."""

    def __init__(self) -> None:
        super().__init__(
            _("no CJK font found for the chart labels"),
            remedy="cjk_font",
        )


def _covers_chinese(path: str) -> bool:
    from matplotlib.ft2font import FT2Font  # lazy for start-up: matplotlib, only when charts are drawn

    try:
        font = FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return False
    charmap = font.get_charmap()
    return all(ord(char) in charmap for char in _SAMPLE)


def find_cjk_font() -> str | None:
    """The family name of a font matplotlib can draw Chinese with, or None when there is none."""
    from matplotlib import font_manager  # lazy for start-up: matplotlib, only when charts are drawn

    by_name: dict[str, str] = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, entry.fname)
    for name in PREFERRED_FONTS:
        if name in by_name and _covers_chinese(by_name[name]):
            return name
    for name in sorted(by_name):
        if _CJK_NAME_RE.search(name) and _covers_chinese(by_name[name]):
            return name
    return None


@dataclass(frozen=True)
class ChartSeries:
    """What one chart shows: a figure's values by year, and how each was written."""

    key: str
    title: str
    unit: str
    values: dict[int, Decimal]
    labels: dict[int, str]


@dataclass(frozen=True)
class Chart:
    """One series drawn: the PNG and SVG, and the paths they are meant for in the caller's folder."""

    key: str
    title: str
    png: Path
    svg: Path
    png_data: bytes
    svg_data: bytes

    @property
    def svg_text(self) -> str:
        """The SVG as text, for inlining in HTML."""
        return self.svg_data.decode("utf-8")


MAX_LABELLED_YEARS = 12


def slug(key: str) -> str:
    """A file name for ``key``: letters, digits, ``.``, ``_`` and ``-`` only."""
    return _SLUG_RE.sub("_", key).strip("._") or "figure"


def _figure(series: ChartSeries, years: Sequence[int], font: str) -> Any:
    from matplotlib.figure import Figure  # lazy for start-up: matplotlib, only when charts are drawn

    figure = Figure(figsize=(6.4, 3.6), layout="constrained")
    axes = figure.add_subplot()
    shown = [y for y in years if y in series.values]
    ys = [float(series.values[y]) for y in shown]
    axes.plot(shown, ys, marker="o" if len(shown) <= MAX_LABELLED_YEARS else "", color="#2b5797", linewidth=2)
    # Past a dozen years, labels on every point and tick are unreadable and cost time in proportion: label the
    # last point and let matplotlib choose a few year ticks.
    labelled = list(zip(shown, ys, strict=True))
    for year, value in labelled if len(labelled) <= MAX_LABELLED_YEARS else labelled[-1:]:
        axes.annotate(
            series.labels.get(year, ""),
            (year, value),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=9,
        )
    ticks = list(years)
    if len(ticks) > MAX_LABELLED_YEARS:
        step = -(-len(ticks) // MAX_LABELLED_YEARS)
        ticks = ticks[::step]
    axes.set_xticks(ticks, [f"{y}年" for y in ticks])
    axes.set_xlim(min(years) - 0.5, max(years) + 0.5)
    top = max(ys) if ys else 1.0
    bottom = min([*ys, 0.0])
    axes.set_ylim(bottom, top * 1.18 if top > 0 else 1.0)
    axes.set_ylabel(series.unit)
    axes.set_title(series.title, fontsize=11)
    axes.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def draw_charts(series: Sequence[ChartSeries], years: Sequence[int], folder: Path) -> list[Chart]:
    """One PNG and one SVG per series, named for ``folder`` (nothing is written); raises ``ChartFontError`` when no
    CJK font is installed."""
    import matplotlib  # lazy for start-up: matplotlib (~0.3 s), only when charts are drawn

    font = find_cjk_font()
    if font is None:
        raise ChartFontError()
    rc: Any = {
        "font.family": "sans-serif",
        "font.sans-serif": [font],
        "axes.unicode_minus": False,  # CJK fonts often lack U+2212
        "text.parse_math": False,  # a label such as $\foo{x}$ is report text, not mathtext to typeset
        "svg.fonttype": "path",
        "svg.hashsalt": "reportgen",  # stable element ids, so the SVG is the same on every run
    }
    charts: list[Chart] = []
    with matplotlib.rc_context(rc):
        for item in series:
            figure = _figure(item, years, font)
            name = slug(item.key)
            png = io.BytesIO()
            figure.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
            svg = io.BytesIO()
            figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
            charts.append(
                Chart(
                    item.key, item.title, folder / f"{name}.png", folder / f"{name}.svg", png.getvalue(), svg.getvalue()
                )
            )
    return charts
