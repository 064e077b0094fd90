"""The one report-text writer: a report as plain text, one paragraph per line, as typed lines that know their kind.

The form is the one the parser reads (title, 主送机关, opening paragraph, ``一、`` parts with their ``（一）标题。正文``
sections, the shortcomings paragraph ``…：一是…二是…``, next year's plans, signature and date), so
``parse_text(report_text(r))`` gives ``r``'s outline back. Each ``Line`` knows its kind and the GB/T 9704 level of
the number it opens with, which is all ``reportgen.word_layout`` needs to lay it out: nothing is guessed from the
wording. The redline diffs these lines.

The functions below (``opening_lines``, ``part_lines``, ``section_lines``, ``shortcomings_lines``, ``plans_lines``,
``closing_lines``, ``block_order``) are the one place that decides how a line is written. ``report_lines`` writes
a stored report with them; the draft's ``DraftModel`` hands its units' lines, written by the same functions, to
the Jinja templates, which arrange and print them. So a draft and a redline of one report agree line for line.

Everything is written in the report's own style (``reportgen.style``): section numbers （一） or 1. (numbered on
across parts where the report does), headings run in or on a line of their own, the shortcomings and plans with
the report's markers (一是, （一）, 1.) and paragraphs, the 不足 and 安排 parts of the statutory outline with the
report's headings at the report's part numbers. A history file stored before styles were recorded is written as
the drafter always wrote it: list bodies keep their heading apart, and the statutory outline's 不足 and 安排 parts
always get headings (存在的不足和原因, 2025年推进法治政府建设的主要安排) numbered with the first numbers the measures
leave free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from reportgen.model import Report, Section
from reportgen.outline import ARABIC_ITEM_RE, PAREN_ARABIC_RE, ordinal_cn
from reportgen.style import (
    ListStyle,
    SectionHeading,
    item_paragraphs,
    mark,
    marker_level,
    resolved,
    section_marker,
    tail_part_numbers,
)

LineKind = Literal[
    "title",
    "addressee",
    "preamble",
    "part",
    "part_intro",
    "section",
    "shortcomings_heading",
    "shortcomings",
    "plans_heading",
    "plans_intro",
    "plan",
    "signature",
    "date",
    "text",
]
"""What a line is. ``text`` is a line the writer did not write (a user's template wrote it itself)."""
BlockKind = Literal["part", "shortcomings", "plans"]

SHORTCOMINGS_TITLE = "存在的不足和原因"


@dataclass(frozen=True)
class Line:
    """One line (paragraph) of the report text and where it came from.

    ``part`` and ``section`` are the numbers of the part and section it belongs to (None outside them; ``item``
    is the plan number for a plan line); ``index`` counts the lines of one unit from 0 (a section's heading line
    is line 0). ``level`` is the GB/T 9704 heading level of the number the line opens with: 1 for 一、, 2 for
    （一）, 3 for 1., 4 for （1）, 0 for none (the Word layout sets levels 1 and 2 in their own fonts).
    """

    kind: LineKind
    text: str
    part: int | None = None
    section: int | None = None
    item: int | None = None
    index: int = 0
    level: int = 0


def plans_title(year: int | None) -> str:
    """The heading of the plans part in the statutory outline, as the drafter writes it."""
    return f"{year + 1}年推进法治政府建设的主要安排" if year is not None else "下一年度推进法治政府建设的主要安排"


def _split(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _starts_list(line: str) -> bool:
    return bool(ARABIC_ITEM_RE.match(line) or PAREN_ARABIC_RE.match(line))


# --- the lines of each unit: the one place that decides how a line is written ---------------------------------


def opening_lines(title: str, addressee: str, preamble: str) -> list[Line]:
    """The title, the 主送机关 and the opening paragraphs (each only where there is one)."""
    lines = [Line("title", title.strip())] if title.strip() else []
    if addressee.strip():
        lines.append(Line("addressee", addressee.strip()))
    return lines + [Line("preamble", t, index=i) for i, t in enumerate(_split(preamble))]


def closing_lines(signature: str, date: str) -> list[Line]:
    """The signature and the date (each only where there is one)."""
    lines = [Line("signature", signature.strip())] if signature.strip() else []
    return lines + ([Line("date", date.strip())] if date.strip() else [])


def heading_line(number: int, title: str, kind: LineKind = "part", part: int | None = None) -> Line:
    """A 一、 heading: a part's, or the 不足 or 安排 part's of the statutory outline."""
    return Line(kind, f"{ordinal_cn(number)}、{title}", part, level=1)


def part_lines(number: int, title: str, intro: str) -> list[Line]:
    """A part's heading and its intro paragraphs (its sections follow)."""
    lines = [heading_line(number, title, part=number)]
    return lines + [Line("part_intro", t, number, index=i) for i, t in enumerate(_split(intro))]


def section_lines(
    part: int, number: int, label: str, title: str, text: str, heading: SectionHeading, level: int = 2
) -> list[Line]:
    """A section written with its number ``label`` (（一）, 3.): its heading run into the text (（一）标题。正文) or,
    for ``alone`` and ``alone_stop``, on a line of its own (ending in 。 for ``alone_stop``). ``level`` is the
    GB/T 9704 level of the label's form."""
    body = _split(text)
    texts: list[str]
    if heading != "run_in" and title:
        texts = [label + title + ("。" if heading == "alone_stop" else ""), *body]
    elif title:
        texts = [f"{label}{title}。{body[0]}", *body[1:]] if body else [f"{label}{title}。"]
    else:
        texts = [label + body[0], *body[1:]] if body else [label]
    return [Line("section", t, part, number, index=i, level=level if i == 0 else 0) for i, t in enumerate(texts)]


def shortcomings_lines(
    intro: str, items: Sequence[tuple[int, str]], style: ListStyle, number: int = 0, title: str = ""
) -> list[Line]:
    """The shortcomings (numbered items) as the office lists them, after their 一、 heading if ``number``."""
    if not items and not intro.strip():
        return []
    level = marker_level(style.marker or "")
    lines = [heading_line(number, title, "shortcomings_heading")] if number else []
    paragraphs = item_paragraphs(intro, items, style)
    return lines + [
        Line("shortcomings", t, index=i, level=level if marked else 0) for i, (t, _, marked) in enumerate(paragraphs)
    ]


def plans_lines(
    intro: str, items: Sequence[tuple[int, str]], style: ListStyle, number: int = 0, title: str = ""
) -> list[Line]:
    """Next year's plans: their 一、 heading if ``number``, the intro, the plans as the office lists them."""
    level = marker_level(style.marker or "")
    lines = [heading_line(number, title, "plans_heading")] if number else []
    index: dict[int | None, int] = {}
    item: int | None = None
    for text, opened, marked in item_paragraphs(intro, items, style):
        item = opened if opened is not None else item
        if item is None:
            lines.append(Line("plans_intro", text, index=index.setdefault(None, 0)))
            index[None] += 1
        else:
            lines.append(Line("plan", text, item=item, index=index.get(item, 0), level=level if marked else 0))
            index[item] = index.get(item, 0) + 1
    return lines


def block_order(
    part_numbers: Sequence[int], shortcomings_number: int, plans_number: int
) -> list[tuple[BlockKind, int]]:
    """The report's 一、 level in reading order: ("part", index into ``part_numbers``), ("shortcomings", 0),
    ("plans", 0).

    In the statutory outline the 不足 and 安排 parts stand where their numbers put them (some reports put the
    党政主要负责人 part after them); elsewhere (number 0) they follow the parts.
    """
    last = max(part_numbers, default=0)
    entries: list[tuple[int, int, tuple[BlockKind, int]]] = [(n, 0, ("part", i)) for i, n in enumerate(part_numbers)]
    entries.append((shortcomings_number or last, 1, ("shortcomings", 0)))
    entries.append((plans_number or last, 2, ("plans", 0)))
    return [entry for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1]))]


# --- a stored report ---------------------------------------------------------------------------------------------


def _heading_form(section: Section, detected: bool) -> SectionHeading:
    if detected:
        return section.heading
    # a history file from before styles: a list body keeps its heading apart, as the drafter always wrote
    body = _split(section.text)
    return "alone" if section.title and (not body or _starts_list(body[0])) else "run_in"


def report_lines(report: Report) -> list[Line]:
    """The report as tagged lines, in reading order, in the report's own style (``reportgen.style``)."""
    style = resolved(report.style, report.outline)
    detected = report.style.detected
    parts: list[list[Line]] = []
    before = 0
    for part in report.parts:
        lines = part_lines(part.number, part.title, part.intro)
        marker = section_marker(style, part.number)
        for section in part.sections:
            written = section.number + (before if style.numbering == "continuous" else 0)
            heading = _heading_form(section, detected)
            label = mark(written, marker)
            level = marker_level(marker)
            lines += section_lines(part.number, section.number, label, section.title, section.text, heading, level)
        before += len(part.sections)
        parts.append(lines)

    shortcomings = [(i.number, i.text) for i in report.shortcomings]
    plans = [(i.number, i.text) for i in report.plans]
    numbers = tail_part_numbers(
        report.outline,
        [p.number for p in report.parts],
        (bool(shortcomings or report.shortcomings_intro.strip()), bool(plans or report.plans_intro.strip())),
        (report.shortcomings_title, report.plans_title),
        detected,
        style,
    )
    tails = {
        "shortcomings": shortcomings_lines(
            report.shortcomings_intro,
            shortcomings,
            style.shortcomings,
            numbers[0],
            report.shortcomings_title or SHORTCOMINGS_TITLE,
        ),
        "plans": plans_lines(
            report.plans_intro, plans, style.plans, numbers[1], report.plans_title or plans_title(report.year)
        ),
    }
    out = opening_lines(report.title or "", report.addressee or "", report.preamble)
    for kind, index in block_order([p.number for p in report.parts], *numbers):
        out += parts[index] if kind == "part" else tails[kind]
    return out + closing_lines(report.signature or "", report.date or "")


def report_text(report: Report) -> str:
    """The report as plain text, one paragraph per line, ending in a newline."""
    return "".join(line.text + "\n" for line in report_lines(report))


def text_lines(text: str) -> list[Line]:
    """The lines of a text nobody wrote through this module (a test's fixture, say): every one plain ``text``."""
    return [Line("text", line.strip()) for line in text.splitlines() if line.strip()]
