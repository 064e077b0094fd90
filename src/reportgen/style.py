"""How an office writes its report, read from the text so that a draft and a redline write it back the same way.

A report's style is what the structured outline alone does not keep: the list markers of its shortcomings and
plans (一是 or （一） or 1.), whether those items are paragraphs of their own or run into one, whether the intro
sentence before them stands apart, the section markers (（一） or 1.) and whether they count on across parts,
where the statutory outline puts its 不足 and 安排 parts, and whether the date is in Arabic or Chinese numerals.
Each section also records whether its heading stands on a line of its own (``Section.heading``).

Markers are format strings: ``{cn}`` is the Chinese list number (一, 十二), ``{n}`` the Arabic one.
A history file written before styles existed loads with ``legacy_style``: the form the drafter always wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from reportgen.lazy_re import LazyPattern, lazy
from reportgen.outline import (
    ARABIC_ITEM_RE,
    CN_ORDINAL,
    DATE_RE,
    OUTLINE_FORMS,
    PAREN_ARABIC_RE,
    PAREN_CN,
    PART_RE,
    SECTION_RE,
    SHI,
    OutlineKind,
    cn_ordinal,
    ordinal_cn,
)

if TYPE_CHECKING:  # the model holds a ReportStyle, so this module cannot import it at run time
    from reportgen.model import Item, Part, Section

SectionHeading = Literal["run_in", "alone", "alone_stop"]
"""A section heading run into its text (（一）标题。正文), alone on its line, or alone ending in 。."""
Numbering = Literal["per_part", "continuous"]
DateNumerals = Literal["arabic", "chinese"]

_MARKER_RES: tuple[tuple[LazyPattern, str | None], ...] = (
    (lazy(rf"(?:{CN_ORDINAL})是$"), SHI),
    (lazy(rf"^（(?:{CN_ORDINAL})）$"), PAREN_CN),
    (lazy(r"^（\d{1,2}）$"), "（{n}）"),
    (lazy(r"^\d{1,2}(?P<sep>[.．、])$"), None),  # {n} and the separator the office uses
)
_CN_YEAR_DIGITS = "〇一二三四五六七八九"


@dataclass
class ListStyle:
    """How the shortcomings or the plans are listed.

    ``marker`` None means the writer's old default (一是, or （一） for the plans of a statutory outline).
    """

    marker: str | None = None
    intro_apart: bool = True
    items_apart: bool = False


@dataclass
class ReportStyle:
    """The office's way of writing the report (see the module docstring)."""

    detected: bool = False
    section_marker: str = PAREN_CN
    section_markers: dict[int, str] = field(default_factory=dict)  # parts whose sections use another marker
    numbering: Numbering = "per_part"
    shortcomings: ListStyle = field(default_factory=lambda: ListStyle(SHI, intro_apart=False, items_apart=False))
    plans: ListStyle = field(default_factory=lambda: ListStyle(None, intro_apart=True, items_apart=True))
    shortcomings_part: int | None = None
    plans_part: int | None = None
    date_numerals: DateNumerals = "arabic"


def legacy_style(outline: OutlineKind) -> ReportStyle:
    """The style of a report stored before styles were recorded: the form the drafter always wrote."""
    return ReportStyle(plans=ListStyle(OUTLINE_FORMS[outline].plan_marker, intro_apart=True, items_apart=True))


def mark(number: int, marker: str) -> str:
    """The list number written with ``marker``: mark(2, "{cn}是") → 二是; mark(3, "{n}.") → 3."""
    return marker.format(cn=ordinal_cn(number), n=number)


def section_marker(style: ReportStyle, part: int) -> str:
    """The marker of the sections of part ``part``."""
    return style.section_markers.get(part, style.section_marker)


def resolved(style: ReportStyle, outline: OutlineKind) -> ReportStyle:
    """``style`` with every marker decided (None markers take the old default for ``outline``)."""
    legacy = legacy_style(outline)
    return replace(
        style,
        shortcomings=replace(style.shortcomings, marker=style.shortcomings.marker or legacy.shortcomings.marker),
        plans=replace(style.plans, marker=style.plans.marker or legacy.plans.marker),
    )


def item_paragraphs(
    intro: str, items: Sequence[tuple[int, str]], style: ListStyle
) -> list[tuple[str, int | None, bool]]:
    """The paragraphs of a list of shortcomings or plans written in ``style``, each with the number of the item
    that opens in it (None for the intro alone) and whether it starts with that item's marker (not with the intro
    run into it). Item texts may hold line breaks: each line is a paragraph."""
    marker = style.marker or SHI
    grouped: list[tuple[str, int | None, bool]] = []
    if style.intro_apart and intro:
        grouped.append((intro, None, False))
    current, opened = ("" if style.intro_apart else intro), None
    marked = False
    for i, (number, text) in enumerate(items):
        if style.items_apart and i > 0:
            grouped.append((current, opened, marked))
            current, opened = "", None
        if opened is None:
            marked = not current
        current += mark(number, marker) + text
        opened = number if opened is None else opened
    if current:
        grouped.append((current, opened, marked and opened is not None))
    out: list[tuple[str, int | None, bool]] = []
    for text, first, starts in grouped:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        out += [(line, first if k == 0 else None, starts and k == 0) for k, line in enumerate(lines)]
    return out


def marker_level(marker: str) -> int:
    """The GB/T 9704 heading level a marker writes: （一） 2, 1. 3, （1） 4; 0 for one that is no heading (一是)."""
    if marker == PAREN_CN:
        return 2
    if marker.startswith("（{n}"):
        return 4
    if marker.startswith("{n}"):
        return 3
    return 0


def tail_numbers(part_numbers: Sequence[int], shortcomings: bool, plans: bool, style: ReportStyle) -> tuple[int, int]:
    """The 一、 numbers of the 不足 and 安排 parts of a statutory outline: the report's own, else the first free."""
    used = set(part_numbers) | {n for n in (style.shortcomings_part, style.plans_part) if n}
    free = (n for n in range(1, len(used) + 4) if n not in used)
    shortcomings_number = (style.shortcomings_part or next(free)) if shortcomings else 0
    plans_number = (style.plans_part or next(free)) if plans else 0
    return shortcomings_number, plans_number


def tail_part_numbers(
    outline: OutlineKind,
    part_numbers: Sequence[int],
    has: tuple[bool, bool],
    titles: tuple[str | None, str | None],
    detected: bool,
    style: ReportStyle,
) -> tuple[int, int]:
    """The 一、 numbers of the shortcomings and plans parts (0 where the outline has none, or the report has no such
    part): ``has`` says whether the report has shortcomings and plans, ``titles`` their part headings, ``detected``
    whether the style was read from the office's text (a history file from before styles always has headings)."""
    if not OUTLINE_FORMS[outline].tail_parts:
        return 0, 0
    headed = [has_it and (not detected or bool(title)) for has_it, title in zip(has, titles, strict=True)]
    return tail_numbers(part_numbers, headed[0], headed[1], style)


def date_text(year: int, month: int, day: int, numerals: DateNumerals) -> str:
    """A date line: 2025年3月6日, or 二〇二五年三月六日 where the office writes Chinese numerals."""
    if numerals == "chinese":
        cn_year = "".join(_CN_YEAR_DIGITS[int(d)] for d in str(year))
        return f"{cn_year}年{ordinal_cn(month)}月{ordinal_cn(day)}日"
    return f"{year}年{month}月{day}日"


# --- reading the style from a report's text -----------------------------------------------------------------


def _marker_of(prefix: str) -> str | None:
    for pattern, marker in _MARKER_RES:
        m = pattern.search(prefix)
        if m is not None:
            return marker if marker is not None else "{n}" + m.group("sep")
    return None


def _heading_form(rest: str, title: str) -> SectionHeading:
    if rest == title:
        return "alone"
    if rest == title + "。":
        return "alone_stop"
    return "run_in"


def _section_line(line: str) -> tuple[int, str, str] | None:
    """(written number, marker, rest) of a second-level heading line: （一）, 1. (1、 1．) or （1）."""
    m = SECTION_RE.match(line)
    if m is not None:
        return cn_ordinal(m.group("num")), PAREN_CN, m.group("rest")
    m = ARABIC_ITEM_RE.match(line)
    if m is not None:
        return int(m.group("num")), "{n}" + line[len(m.group("num"))], m.group("rest")
    m = PAREN_ARABIC_RE.match(line)
    if m is not None:
        return int(m.group("num")), "（{n}）", m.group("rest")
    return None


def _opens(section: Section, rest: str) -> bool:
    if section.title:
        return rest.startswith(section.title)
    return rest.startswith(_first_line(section.text)[:20])


def _read_sections(lines: list[str], parts: list[Part]) -> tuple[dict[int, str], bool, int]:
    """Set each section's heading form from its line.

    Returns each part's section marker, whether the numbers run on across parts, and the index after the last.
    """
    cursor = 0
    markers: dict[int, str] = {}
    continuous = False
    for k, part in enumerate(parts):
        for j, section in enumerate(part.sections):
            for i in range(cursor, len(lines)):
                found = _section_line(lines[i])
                if found is None or not _opens(section, found[2]):
                    continue
                written, marker, rest = found
                section.heading = _heading_form(rest, section.title) if section.title else "run_in"
                markers.setdefault(part.number, marker)
                if j == 0 and k > 0 and written > 1 and marker != PAREN_CN:
                    continuous = True
                cursor = i + 1
                break
    return markers, continuous, cursor


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.split("\n") if line.strip()), "")


def _find_line(lines: list[str], snippet: str, start: int) -> tuple[int, int] | None:
    """(line index, position) of ``snippet`` in the first line at or after ``start`` that holds it."""
    if not snippet:
        return None
    for i in range(start, len(lines)):
        pos = lines[i].find(snippet)
        if pos != -1:
            return i, pos
    return None


def _read_list(
    lines: list[str], intro: str, items: list[Item], start: int, default: ListStyle
) -> tuple[ListStyle, int]:
    """The style of one list (shortcomings or plans) found at or after line ``start``."""
    if not items:
        return default, start
    first = _find_line(lines, _first_line(items[0].text)[:24], start)
    if first is None:
        return default, start
    line_no, pos = first
    prefix = lines[line_no][:pos]
    marker = _marker_of(prefix) or default.marker
    written = mark(1, marker) if marker else ""
    intro_apart = not intro.strip() or prefix == written
    items_apart = True
    end = line_no
    if len(items) > 1:
        second = _find_line(lines, _first_line(items[1].text)[:24], line_no)
        if second is not None:
            i, pos2 = second
            items_apart = i > line_no and marker is not None and lines[i][:pos2] == mark(2, marker)
            end = i
    return ListStyle(marker, intro_apart=intro_apart, items_apart=items_apart), end


def _tail_part(lines: list[str], title: str | None) -> int | None:
    if not title:
        return None
    for line in lines:
        m = PART_RE.match(line)
        if m is not None and m.group("rest").rstrip("。") == title:
            return cn_ordinal(m.group("num"))
    return None


def detect_style(
    text: str,
    parts: list[Part],
    *,
    shortcomings_intro: str,
    shortcomings: list[Item],
    plans_intro: str,
    plans: list[Item],
    shortcomings_title: str | None,
    plans_title: str | None,
    date: str | None,
) -> ReportStyle:
    """Read the style from the normalised text the outline was segmented from; sets each section's heading form."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    markers, continuous, after = _read_sections(lines, parts)
    counts: dict[str, int] = {}
    for marker in markers.values():
        counts[marker] = counts.get(marker, 0) + 1
    section_marker = max(counts, key=lambda m: counts[m]) if counts else PAREN_CN
    shortcomings_style, after = _read_list(
        lines, shortcomings_intro, shortcomings, after, ListStyle(SHI, intro_apart=False, items_apart=False)
    )
    plans_style, _ = _read_list(lines, plans_intro, plans, after, ListStyle(None, intro_apart=True, items_apart=True))
    numerals: DateNumerals = "arabic"
    m = DATE_RE.match(date or "")
    if m is not None and not m.group("y").isdigit():
        numerals = "chinese"
    return ReportStyle(
        detected=True,
        section_marker=section_marker,
        section_markers={n: m for n, m in markers.items() if m != section_marker},
        numbering="continuous" if continuous else "per_part",
        shortcomings=shortcomings_style,
        plans=plans_style,
        shortcomings_part=_tail_part(lines, shortcomings_title),
        plans_part=_tail_part(lines, plans_title),
        date_numerals=numerals,
    )


# --- history form ---------------------------------------------------------------------------------------------


def _list_to_dict(style: ListStyle) -> dict[str, Any]:
    return {"marker": style.marker, "intro_apart": style.intro_apart, "items_apart": style.items_apart}


def style_to_dict(style: ReportStyle) -> dict[str, Any]:
    """The style as plain data for a history or workspace file."""
    return {
        "section_marker": style.section_marker,
        **({"section_markers": dict(style.section_markers)} if style.section_markers else {}),
        "numbering": style.numbering,
        "shortcomings": _list_to_dict(style.shortcomings),
        "plans": _list_to_dict(style.plans),
        "shortcomings_part": style.shortcomings_part,
        "plans_part": style.plans_part,
        "date_numerals": style.date_numerals,
    }


def _list_from_dict(data: Any, default: ListStyle) -> ListStyle:
    if data is None:
        return default
    if not isinstance(data, dict):
        raise TypeError(f"a list style must be a mapping, not {type(data).__name__}")
    marker = data.get("marker", default.marker)
    if marker is not None:
        _check_marker(marker)
    return ListStyle(
        marker=marker,
        intro_apart=bool(data.get("intro_apart", default.intro_apart)),
        items_apart=bool(data.get("items_apart", default.items_apart)),
    )


def _check_marker(marker: Any) -> None:
    if not isinstance(marker, str) or not ("{cn}" in marker or "{n}" in marker):
        raise ValueError(f"a marker must hold {{cn}} or {{n}}: {marker!r}")
    try:
        mark(1, marker)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"a marker may only use {{cn}} and {{n}}: {marker!r}") from exc


def style_from_dict(data: dict[str, Any], outline: OutlineKind = "thematic") -> ReportStyle:
    """A style from its history form; raises TypeError/ValueError on a malformed one."""
    legacy = legacy_style(outline)
    section_marker = data.get("section_marker", PAREN_CN)
    _check_marker(section_marker)
    section_markers = data.get("section_markers") or {}
    if not isinstance(section_markers, dict):
        raise TypeError("section_markers must map part numbers to markers")
    for number, marker in section_markers.items():
        if isinstance(number, bool) or not isinstance(number, int):
            raise TypeError(f"section_markers: {number!r} is not a part number")
        _check_marker(marker)
    numbering = data.get("numbering", "per_part")
    if numbering not in ("per_part", "continuous"):
        raise ValueError(f"numbering must be per_part or continuous, not {numbering!r}")
    numerals = data.get("date_numerals", "arabic")
    if numerals not in ("arabic", "chinese"):
        raise ValueError(f"date_numerals must be arabic or chinese, not {numerals!r}")
    for key in ("shortcomings_part", "plans_part"):
        if data.get(key) is not None and not isinstance(data.get(key), int):
            raise TypeError(f"{key} must be a number")
    return ReportStyle(
        detected=True,
        section_marker=section_marker,
        section_markers=dict(section_markers),
        numbering=numbering,
        shortcomings=_list_from_dict(data.get("shortcomings"), legacy.shortcomings),
        plans=_list_from_dict(data.get("plans"), legacy.plans),
        shortcomings_part=data.get("shortcomings_part"),
        plans_part=data.get("plans_part"),
        date_numerals=numerals,
    )
