"""What every renderer says the same way: Chinese names of statuses, places, figures and the table rows.

Renderers (text, Markdown, HTML) only lay these out, so the three formats always agree.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from reportgen.compare.diff import Diff, Side

from reportgen.figures import format_value
from reportgen.match.changes import (
    ChangeKind,
    FigureChange,
    InitiativeChange,
    Place,
    PlanCheck,
    SectionChange,
    ShortcomingChange,
    Target,
)
from reportgen.model import Figure
from reportgen.outline import OUTLINE_FORMS, ordinal_cn, place_marker

if TYPE_CHECKING:
    from reportgen.compare.trend.series import Series, Trend

TITLE = "法治政府建设年度报告对比"
PART_TITLES = ("一、结构对照", "二、数据变化", "三、举措变化", "四、问题整改", "五、计划落实")
SECTION_STATUS = {"same": "相同", "renamed": "改名", "moved": "移动", "dropped": "删除", "added": "新增"}
FIGURE_STATUS = {"changed": "变化", "unchanged": "未变", "dropped": "删除", "added": "新增", "mentioned": "仍提及"}
INITIATIVE_STATUS = {"kept": "保留", "renamed": "改名", "dropped": "删除", "added": "新增"}
SHORTCOMING_STATUS = {"recurring": "仍存在", "new": "新提出", "absent": "未再提及"}
PLAN_STATUS = {"followed": "已落实", "partly": "部分落实", "not_found": "未见落实"}
KIND = {
    "brand": "品牌",
    "campaign": "活动",
    "document": "文件",
    "platform": "平台",
    "organisation": "机构",
    "term": "提法",
    "media": "媒体",
    "law": "法律",
    "higher_plan": "上级文件",
    "national": "上级部署",
}


@dataclass(frozen=True)
class Terms:
    """The words for the two sides and the statuses: 旧/新 across years, 甲/乙 for two organisations."""

    old: str
    new: str
    sections: dict[str, str]
    figures: dict[str, str]
    initiatives: dict[str, str]
    shortcomings: dict[str, str]
    part_titles: tuple[str, ...]
    delta: str
    """The heading of the figure difference column."""


YEARS = Terms(
    "旧", "新", SECTION_STATUS, FIGURE_STATUS, INITIATIVE_STATUS, SHORTCOMING_STATUS, PART_TITLES, "增减"
)  # fmt: skip
PEERS = Terms(
    "甲",
    "乙",
    {"same": "对应", "renamed": "标题不同", "moved": "位置不同", "dropped": "仅甲有", "added": "仅乙有"},
    {"changed": "不同", "unchanged": "相同", "dropped": "仅甲有", "added": "仅乙有", "mentioned": "乙仅提及"},
    {"kept": "共有", "renamed": "名称相近", "dropped": "仅甲有", "added": "仅乙有"},
    {"recurring": "共有", "new": "仅乙有", "absent": "仅甲有"},
    ("一、结构对照", "二、数据对照", "三、举措对照", "四、问题对照", "五、计划落实"),
    "乙比甲",
)


def terms(diff: Diff) -> Terms:
    """甲/乙 when two organisations of one year are compared (``Diff.peer``), else 旧/新."""
    return PEERS if diff.peer else YEARS


def side_line(side: Side) -> str:
    """常州市钟楼区人民政府 2023年 · 专题式提纲 · history/2023.yaml"""
    org = side.org or "（单位不详）"
    year = f"{side.year}年" if side.year else "（年份不详）"
    return f"{org} {year} · {OUTLINE_FORMS[side.outline].name} · {side.source or '（来源不详）'}"


def notices(diff: Diff) -> list[str]:
    """Warnings the reader must see before the tables."""
    if diff.peer:
        return [
            f"两份报告来自不同单位的同一年度，并列比较：甲为 {diff.old.org}，乙为 {diff.new.org}。"
            "“仅甲有”“仅乙有”是一方有而另一方没有的内容；不核对计划落实。"
        ]
    out = []
    if not diff.same_org:
        out.append(f"两份报告来自不同单位：旧为 {diff.old.org}，新为 {diff.new.org}。")
    if diff.old.year and diff.new.year and diff.new.year <= diff.old.year:
        out.append(f"“新”报告（{diff.new.year}年）并不晚于“旧”报告（{diff.old.year}年）。")
    if len(diff.years_checked) > 2:
        first, last = diff.years_checked[0], diff.years_checked[-1]
        out.append(f"问题连续出现的年数按历史中 {first}—{last} 年的报告计算。")
    return out


# --- places and numbers ---------------------------------------------------------------------------------


def place_name(place: Place, *, with_title: bool = True) -> str:
    """三、（一）配合地方行政立法工作 for a section, 三、加强立法制规，… for a part."""
    head = place_marker(place.part, place.section)
    return head + place.title if with_title else head.rstrip("、")


def at(part: int | None, section: int | None) -> str:
    """五、（二） / 三、 / 开头部分: where a figure or sentence sits."""
    if part is None:
        return "开头部分"
    return place_marker(part, section)


def number(value: Decimal) -> str:
    """122, 398.6406, 140124: a Decimal without trailing zeros or exponent."""
    return format_value(value)


def signed(value: Decimal) -> str:
    """+13 / -2 / ±0."""
    if value == 0:
        return "±0"
    return ("+" if value > 0 else "-") + number(abs(value))


def rank_words(delta: Decimal) -> str:
    """上升2位 / 下降1位 / 名次不变: a rank's change, where a lower number is better."""
    if delta < 0:
        return f"上升{number(-delta)}位"
    if delta > 0:
        return f"下降{number(delta)}位"
    return "名次不变"


def change_words(kind: ChangeKind, delta: Decimal, unit: str) -> str:
    """The change in the kind's own words, without the percentage: +0.6个百分点, +1年, 上升2位, +13件."""
    if kind == "rate":
        return f"{signed(delta)}个百分点" if unit == "%" else f"{signed(delta)}{unit}"
    if kind == "streak":
        return f"{signed(delta)}年"
    if kind == "rank":
        return rank_words(delta)
    return f"{signed(delta)}{unit}"


def percent(relative: Decimal | None) -> str:
    """+10.7% (one decimal), or an empty string when there is no base to compare with."""
    if relative is None:
        return ""
    value = (relative * 100).quantize(Decimal("0.1"))
    if value == 0:
        return "±0.0%"
    return f"{'+' if value > 0 else ''}{value}%"


def written(figure: Figure) -> str:
    """The figure as the report writes it: 122件, 10余场, 七年, 7×24小时."""
    return figure.raw or f"{number(figure.value)}{figure.unit}"


def delta_text(change: FigureChange) -> str:
    """+13件（+10.7%）, in the new figure's unit; a rate in 个百分点 (+0.6个百分点), a streak in years (+1年), a rank
    in places (上升2位), with no percentage."""
    if change.delta is None or change.new is None:
        return ""
    rel = percent(change.relative)
    return change_words(change.kind, change.delta, change.new.unit) + (f"（{rel}）" if rel else "")


def match_note(change: FigureChange, words: Terms = YEARS) -> str | None:
    """Why a pair was made when the wording changed, or where a mentioned figure's indicator still appears."""
    if change.reworded is not None:
        return f"措辞有变，按同一指标比较（置信度{change.reworded:.2f}）"
    if change.still_named:
        return f"{words.new}报告仍提及“{change.still_named}”，但未给出数字"
    return None


def figure_notes(change: FigureChange, words: Terms = YEARS) -> list[str]:
    """约数, 单位由万元改为元, 中文数字, 限定词 changes."""
    notes: list[str] = []
    old, new = change.old, change.new
    if change.approx:
        qualifiers = sorted({f.qualifier for f in (old, new) if f is not None and f.qualifier})
        notes.append("约数（" + "、".join(qualifiers) + "）")
    if old is not None and new is not None:
        if old.unit != new.unit:
            notes.append(f"单位由{old.unit}改为{new.unit}，按{new.unit}比较")
        if old.qualifier != new.qualifier:
            notes.append(f"限定词由“{old.qualifier or '无'}”改为“{new.qualifier or '无'}”")
    if any(f is not None and f.numerals == "chinese" for f in (old, new)):
        notes.append("中文数字")
    if change.kind == "rank":
        notes.append("名次越小越好")
    if note := match_note(change, words):
        notes.append(note)
    return notes


def figure_place(change: FigureChange) -> str:
    """Where the figure sits: in the new report, or in the old one for a dropped figure."""
    figure = change.new or change.old
    assert figure is not None
    return at(figure.part, figure.section)


# --- structure rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StructureRow:
    """One row of the 结构对照 table: a change, or a group of merged or split units."""

    status: str
    olds: tuple[str, ...]
    news: tuple[str, ...]
    similarity: str
    note: str


def _sim(values: list[float | None]) -> str:
    present = [v for v in values if v is not None]
    if not present:
        return ""
    low, high = min(present), max(present)
    return f"{low:.2f}" if low == high else f"{low:.2f}–{high:.2f}"


def _note(change: SectionChange) -> str:
    notes = []
    old, new = change.old, change.new
    if old is not None and new is not None:
        if old.section is None and new.section is not None:
            notes.append("部分改为节")
        elif old.section is not None and new.section is None:
            notes.append("节改为部分")
        if change.status == "moved" and change.title_changed:
            notes.append("标题也有改动")
        if change.renumbered:
            notes.append("仅编号变化")
    if change.heading_only:
        notes.append("仅标题：内容均已对应到其他部分" if change.status == "added" else "仅标题：内容均保留在其他位置")
    return "；".join(notes)


def structure_rows(diff: Diff) -> list[StructureRow]:
    """The changes of the outline, in the new report's reading order.

    Merged units form one row per new unit and split units one row per old unit; sections that only
    followed their moved part are counted in that part's row instead of listed.
    """
    changes = diff.sections
    moved_parts = {
        (c.old.part, c.new.part)
        for c in changes
        if c.status == "moved" and c.old and c.new and c.old.section is None and c.new.section is None
    }
    followers: Counter[tuple[int, int]] = Counter()
    for c in changes:
        if c.renumbered and c.old and c.new and c.old.section is not None and (c.old.part, c.new.part) in moved_parts:
            followers[(c.old.part, c.new.part)] += 1
    rows: list[StructureRow] = []
    done: set[int] = set()
    for k, c in enumerate(changes):
        if k in done:
            continue
        old, new = c.old, c.new
        shared = new if c.relation == "merged" else old if c.relation == "split" else None
        if shared is not None:
            merged = c.relation == "merged"
            group = [
                (i, x)
                for i, x in enumerate(changes)
                if x.relation == c.relation and (x.new if merged else x.old) == shared
            ]
            done.update(i for i, _ in group)
            others = tuple(place_name(place) for _, x in group if (place := x.old if merged else x.new))
            rows.append(
                StructureRow(
                    "合并" if merged else "拆分",
                    others if merged else (place_name(shared),),
                    (place_name(shared),) if merged else others,
                    _sim([x.similarity for _, x in group]),
                    f"{len(group)} 处并入一处" if merged else f"一处拆为 {len(group)} 处",
                )
            )
            continue
        if c.status == "same":
            continue
        if c.renumbered and old and new and old.section is not None and (old.part, new.part) in moved_parts:
            continue
        note = _note(c)
        if old and new and old.section is None and new.section is None and followers[(old.part, new.part)]:
            extra = f"其下 {followers[(old.part, new.part)]} 节随之移动"
            note = f"{note}；{extra}" if note else extra
        rows.append(
            StructureRow(
                terms(diff).sections[c.status],
                (place_name(old),) if old else (),
                (place_name(new),) if new else (),
                "" if c.similarity is None else f"{c.similarity:.2f}",
                note,
            )
        )
    return rows


def _counts(statuses: Iterable[str], names: Mapping[str, str]) -> str:
    counts = Counter(statuses)
    return " · ".join(f"{names[s]} {counts[s]}" for s in names)


def section_counts(diff: Diff) -> str:
    """相同 17 · 改名 2 · 移动 8 · 删除 1 · 新增 1 (entries of the JSON, parts and sections)."""
    return _counts((c.status for c in diff.sections), terms(diff).sections)


def figure_counts(diff: Diff) -> str:
    """变化 5 · 未变 29 · 删除 1 · 新增 1 (· 仍提及 1 when an old figure's indicator is named without a figure)."""
    names = terms(diff).figures
    if not any(c.status == "mentioned" for c in diff.figures):
        names = {k: v for k, v in names.items() if k != "mentioned"}
    return _counts((c.status for c in diff.figures), names)


def initiative_counts(diff: Diff) -> str:
    """保留 30 · 改名 1 · 删除 2 · 新增 1."""
    return _counts((c.status for c in diff.initiatives), terms(diff).initiatives)


def shortcoming_counts(diff: Diff) -> str:
    """仍存在 1 · 新提出 1 · 未再提及 2."""
    return _counts((c.status for c in diff.shortcomings), terms(diff).shortcomings)


def plan_counts(diff: Diff) -> str:
    """已落实 1 · 部分落实 1 · 未见落实 1."""
    return _counts((c.status for c in diff.plans), PLAN_STATUS)


# --- initiatives, shortcomings, plans ---------------------------------------------------------------------


def initiative_name(name: str, kind: str) -> str:
    """《…》 for documents and laws, “…” for brands, campaigns, platforms and organisations."""
    return f"《{name}》" if kind in ("document", "law", "higher_plan") else f"“{name}”"


def initiative_where(change: InitiativeChange) -> str:
    """五、（四）: where the initiative appears (in the old report for a dropped one)."""
    item = change.new or change.old
    assert item is not None
    return at(item.part, item.section)


def item_label(number: int) -> str:
    """一是 / 二是 …"""
    return f"{ordinal_cn(number)}是"


def headline(text: str, limit: int = 40) -> str:
    """The first sentence of an item, cut to ``limit`` characters."""
    first = text.split("。", 1)[0]
    return first if len(first) <= limit else first[:limit] + "…"


def shortcoming_head(change: ShortcomingChange, words: Terms = YEARS) -> str:
    """新 一是 ← 旧 二是（相似度 0.87，连续 2 年出现）, 新 二是, 旧 一是 (乙一是 ← 甲二是 between organisations)."""
    if change.status == "recurring" and change.old and change.new:
        streak = f"，连续 {change.streak} 年出现" if change.streak else ""
        return (
            f"{words.new}{item_label(change.new.number)} ← {words.old}{item_label(change.old.number)}"
            f"（相似度 {change.similarity:.2f}{streak}）"
        )
    if change.new is not None:
        return f"{words.new}{item_label(change.new.number)}"
    assert change.old is not None
    absent = "（乙未提及）" if words is PEERS else "（本年未再提及，可能已整改）"
    return f"{words.old}{item_label(change.old.number)}{absent}"


def listed_initiatives(diff: Diff) -> list[InitiativeChange]:
    """The initiatives a report lists: renamed, dropped and added ones; between organisations those only 甲 has
    first, then those only 乙 has, then the similar names."""
    listed = [i for i in diff.initiatives if i.status in ("renamed", "dropped", "added")]
    if diff.peer:
        order = {"dropped": 0, "added": 1, "renamed": 2}
        listed.sort(key=lambda i: order[i.status])
    return listed


def listed_figures(diff: Diff) -> list[FigureChange]:
    """The figures a report lists: every one that is not unchanged; between organisations every pair side by
    side first (the same value too), then those only 甲 has (乙 naming the indicator without a figure among them),
    then those only 乙 has."""
    if not diff.peer:
        return [c for c in diff.figures if c.status != "unchanged"]
    order = {"changed": 0, "unchanged": 0, "mentioned": 1, "dropped": 1, "added": 2}
    return sorted(diff.figures, key=lambda c: order[c.status])


def figure_pair(change: FigureChange, words: Terms = YEARS) -> str:
    """122件 → 135件，+13件（+10.7%）; between organisations 甲 5件，乙 6件，乙比甲 +1件（+20.0%）."""
    assert change.old is not None and change.new is not None
    if words is PEERS:
        return f"甲 {written(change.old)}，乙 {written(change.new)}，乙比甲 {delta_text(change)}"
    return f"{written(change.old)} → {written(change.new)}，{delta_text(change)}"


def plan_head(check: PlanCheck) -> str:
    """旧一是 强化法治顶层设计，全力构建法治政府新格局"""
    return f"旧{item_label(check.number)} {headline(check.text)}"


def target_line(target: Target) -> str:
    """目标“100家以上”：实际126家，已完成 / 未完成 / 新报告未给出相应数字."""
    head = f"目标“{target.text}”"
    if target.met is None or target.actual is None:
        return f"{head}：新报告未给出相应数字"
    verdict = "已完成" if target.met else "未完成"
    if target.kind == "full":
        return f"{head}：新报告称已实现全覆盖，{verdict}"
    if target.kind == "rank":
        return f"{head}：实际第{number(target.actual)}名，{verdict}"
    return f"{head}：实际{number(target.actual)}{target.unit}，{verdict}"


def evidence_line(term: str, part: int | None, section: int | None) -> str:
    """The name or phrase, with where it was found: 包容审慎监管方式（三、（三））."""
    return f"{term}（{at(part, section)}）"


def change_text(trend: Trend, s: Series, year: int) -> str:
    """+13（+10.7%） for the step into ``year``; empty when there is none."""
    # The step into ``year`` starts at the year before it in trend.years (sorted): found by bisection, so that
    # a table of many years stays linear.
    index = bisect.bisect_left(trend.years, year)
    if index == 0 or index == len(trend.years) or trend.years[index] != year:
        return ""
    change = s.change(year, trend.years[index - 1])
    if change is None:
        return ""
    rel = percent(change[1])
    return signed(change[0]) + (f"（{rel}）" if rel and change[0] != 0 else "")
