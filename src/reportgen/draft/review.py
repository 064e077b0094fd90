"""The review list (``output/2024.review.md``): every place in the draft a person must check, with its location."""

from __future__ import annotations

from decimal import Decimal

from reportgen.draft.model import CARRIED_MARK, FIGURE_MARK, DraftFigure, DraftModel
from reportgen.figures import format_value

LARGE_CHANGE = Decimal(10)
"""A new value ten times last year's, or a tenth of it, is flagged: often a unit or a typing slip."""


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def _value(value: Decimal, unit: str) -> str:
    return f"{format_value(value)}{unit}"


def large_change(figure: DraftFigure) -> bool:
    """True when the new value is ten times last year's or less than a tenth of it."""
    if figure.value is None or figure.previous <= 0:
        return False
    ratio = figure.value / figure.previous
    return ratio >= LARGE_CHANGE or ratio <= 1 / LARGE_CHANGE


def years_moved(shifts: list[tuple[int, int]]) -> str:
    if not shifts:
        return ""
    counts: dict[tuple[int, int], int] = {}
    for shift in shifts:
        counts[shift] = counts.get(shift, 0) + 1
    moved = "，".join(f"{old}年→{new}年" + (f"（{n}处）" if n > 1 else "") for (old, new), n in counts.items())
    return f"（年份已顺延：{moved}）"


def review_markdown(model: DraftModel, *, sources: list[str]) -> str:
    """The review list as Markdown, in the order a drafter works through the draft."""
    carried = model.figures_with("carried")
    updated = model.figures_with("updated")
    dropped = model.figures_with("dropped")
    paragraphs = model.carried_paragraphs()
    lines = [
        f"# {model.title or f'{model.year}年报告'}：核对清单",
        "",
        f"草稿由 {model.previous_year} 年报告生成。输入：{'；'.join(sources) if sources else '无（全部沿用上年）'}。",
        f"数字 {len(carried) + len(updated)} 项：已更新 {len(updated)} 项，沿用上年 {len(carried)} 项"
        f"（标注{FIGURE_MARK}）"
        + (f"，随原文删去 {len(dropped)} 项" if dropped else "")
        + f"。沿用上年的段落 {len(paragraphs)} 段（标注{CARRIED_MARK}）。",
        "",
        f"## 一、沿用上年的数字（{len(carried)}项）",
        "",
    ]
    if carried:
        lines += ["请向有关部门核实今年的数值，填入数据表后重新生成；或在文稿中改写并删去标注。", ""]
        lines += ["| 位置 | 编号 | 指标 | 上年写法 | 备注 |", "|---|---|---|---|---|"]
        lines += [
            f"| {_cell(f.where)} | `{f.id}` | {_cell(f.label)} | {_cell(f.previous_raw)} | {_cell(f.note)} |"
            for f in carried
        ]
    else:
        lines.append("无。")
    lines += ["", f"## 二、已更新的数字（{len(updated)}项）", ""]
    if updated:
        lines += ["| 位置 | 编号 | 指标 | 上年 | 今年 | 备注 |", "|---|---|---|---|---|---|"]
        for f in updated:
            flag = "⚠ 变化超过十倍，请核对单位。" if large_change(f) else ""
            lines.append(
                f"| {_cell(f.where)} | `{f.id}` | {_cell(f.label)} | {_cell(f.previous_raw)} | "
                f"{_cell(f.written)} | {flag}{_cell(f.note)} |"
            )
    else:
        lines.append("无。")
    lines += ["", f"## 三、沿用上年的段落（{len(paragraphs)}段）", ""]
    if paragraphs:
        lines.append("这些段落的文字照抄上年，请改写为今年的工作，改好后删去标注。")
        lines.append("")
        lines += [f"- {unit.where}{years_moved([(y.old, y.new) for y in unit.years])}" for unit in paragraphs]
    else:
        lines.append("无。")
    lines += ["", "## 四、其他需要核对的地方", ""]
    others = []
    if model.date_carried:
        others.append(f"- 落款日期：{model.date}（由上年 {model.previous_date or '（无）'} 顺延，请改为实际成文日期）")
    else:
        others.append(f"- 落款日期：{model.date}")
    others.append(f"- 标题：{model.title}")
    if model.addressee:
        others.append(f"- 主送机关：{model.addressee}（沿用上年）")
    for part in model.parts:
        if part.previous is not None and part.title and any(ch.isdigit() for ch in part.title):
            others.append(f"- {part.number_cn}、{part.title}：标题含年份或数字，请核对")
    for where in model.dropped_sections:
        others.append(f"- 已删除：{where}")
    for f in dropped:
        given = f"（数据表给出今年 {_value(f.value, f.unit)}，未写入）" if f.value is not None else ""
        others.append(f"- 数字随原文删去：{f.where} `{f.id}` {f.label} {f.previous_raw}{given}")
    for note in model.notes:
        others.append(f"- {note}")
    lines += others
    lines.append("")
    return "\n".join(lines)
