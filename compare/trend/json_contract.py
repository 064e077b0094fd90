"""The ``reportgen.trend/1`` JSON contract: a public interface for scripts. Keys are never renamed."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from reportgen.compare.render.present import number
from reportgen.compare.trend.series import Series, Trend

from reportgen.show import json_number

TREND_SCHEMA = "reportgen.trend/1"


def _relative(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


def series_changes(trend: Trend, s: Series) -> dict[str, dict[str, Any]]:
    """Year → {"from", "delta", "relative"} for every neighbouring pair of years holding the figure."""
    out: dict[str, dict[str, Any]] = {}
    for previous, year in trend.steps:
        change = s.change(year, previous)
        if change is not None:
            out[str(year)] = {"from": previous, "delta": json_number(change[0]), "relative": _relative(change[1])}
    return out


def trend_json_data(trend: Trend) -> dict[str, Any]:
    """The ``reportgen.trend/1`` contract as plain data."""
    return {
        "schema": TREND_SCHEMA,
        "orgs": trend.orgs,
        "years": trend.years,
        "sources": trend.sources,
        "figures": [
            {
                "id": s.id,
                "label": s.label,
                "unit": s.unit,
                "values": {str(y): json_number(v) for y, v in sorted(s.values.items())},
                "written": {str(y): f.raw or f"{number(f.value)}{f.unit}" for y, f in sorted(s.figures.items())},
                "ids": {str(y): f.id for y, f in sorted(s.figures.items())},
                "approx": s.approx,
                "changes": series_changes(trend, s),
                "linked_by": {str(y): how for y, how in sorted(s.linked_by.items())},
            }
            for s in trend.series
        ],
        "shortcomings": [
            {
                "text": t.latest.text,
                "years": t.years,
                "streak": t.streak,
                "open": t.years[-1] == trend.years[-1],
                "numbers": {str(y): item.number for y, item in sorted(t.items.items())},
            }
            for t in trend.shortcomings
        ],
    }


def trend_json(trend: Trend) -> str:
    """The contract as indented JSON text (UTF-8, Chinese kept as is)."""
    return json.dumps(trend_json_data(trend), ensure_ascii=False, indent=2) + "\n"
