"""Presenting one report: the readable outline of ``reportgen show`` and its JSON contract."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from reportgen.figures import format_value
from reportgen.model import Figure, Report
from reportgen.outline import OUTLINE_FORMS, ordinal_cn

REPORT_SCHEMA = "reportgen.report/1"


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: 122 stays an integer, 398.6406 a decimal."""
    return int(value) if value == value.to_integral() else float(value)


def report_json_data(report: Report) -> dict[str, Any]:
    """The ``reportgen.report/1`` JSON contract as plain data."""
    return {
        "schema": REPORT_SCHEMA,
        "org": report.org,
        "year": report.year,
        "title": report.title,
        "addressee": report.addressee,
        "outline": report.outline,
        "parts": [
            {
                "number": p.number,
                "title": p.title,
                "sections": [{"number": s.number, "title": s.title, "text": s.text} for s in p.sections],
            }
            for p in report.parts
        ],
        "shortcomings": [{"number": i.number, "text": i.text} for i in report.shortcomings],
        "plans": [{"number": i.number, "text": i.text} for i in report.plans],
        "signature": report.signature,
        "date": report.date,
        "figures": [
            {
                "id": f.id,
                "label": f.label,
                "value": json_number(f.value),
                "unit": f.unit,
                "approx": f.approx,
                "qualifier": f.qualifier,
                "numerals": f.numerals,
                "part": f.part,
                "section": f.section,
                "text": f.text,
                "kind": f.kind,
            }
            for f in report.figures
        ],
        "initiatives": [
            {"name": i.name, "kind": i.kind, "local": i.local, "part": i.part, "section": i.section}
            for i in report.initiatives
        ],
    }


def report_json(report: Report) -> str:
    """The JSON contract as text."""
    return json.dumps(report_json_data(report), ensure_ascii=False, indent=2)


def _figure_line(figure: Figure) -> str:
    value = "×".join(map(format_value, figure.factors)) if figure.factors else format_value(figure.value)
    qualifier = f"（{figure.qualifier}）" if figure.qualifier else ""
    return f"      {figure.label}：{value} {figure.unit}{qualifier}  [{figure.id}]"


def render_outline(report: Report) -> str:
    """A readable outline: parts, sections, shortcomings, plans, and every figure under its section."""
    org = report.org or "（单位不详）"
    year = f"{report.year}年" if report.year else "（年份不详）"
    outline_name = OUTLINE_FORMS[report.outline].short_name
    lines = [f"{org} {year} 法治政府建设年度报告（{outline_name}）"]
    lines.append(f"标题：{report.title or '（无）'}")
    lines.append(f"主送：{report.addressee or '（无）'}")
    by_place: dict[tuple[int | None, int | None], list[Figure]] = {}
    for figure in report.figures:
        by_place.setdefault((figure.part, figure.section), []).append(figure)
    lines += [_figure_line(f) for f in by_place.get((None, None), [])]
    for part in report.parts:
        lines.append("")
        lines.append(f"{ordinal_cn(part.number)}、{part.title}")
        lines += [_figure_line(f) for f in by_place.get((part.number, None), [])]
        for section in part.sections:
            lines.append(f"  （{ordinal_cn(section.number)}）{section.title}")
            lines += [_figure_line(f) for f in by_place.get((part.number, section.number), [])]
    lines.append("")
    lines.append(f"问题和不足（{len(report.shortcomings)}项）")
    for item in report.shortcomings:
        lines.append(f"  {ordinal_cn(item.number)}是{_headline(item.text)}")
    lines.append("")
    lines.append(f"下一年度安排（{len(report.plans)}项）")
    for item in report.plans:
        lines.append(f"  {ordinal_cn(item.number)}是{_headline(item.text)}")
    lines.append("")
    lines.append(f"署名：{report.signature or '（无）'}")
    lines.append(f"日期：{report.date or '（无）'}")
    local = sum(1 for i in report.initiatives if i.local)
    lines.append(f"数据 {len(report.figures)} 项；举措 {local} 项（另有引用 {len(report.initiatives) - local} 项）")
    return "\n".join(lines)


def _headline(text: str) -> str:
    first = text.split("。", 1)[0]
    return first if len(first) <= 40 else first[:40] + "…"
