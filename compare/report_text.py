"""A stored report written back as plain report text, one paragraph per line, tagged with where each line came from.

The form is the one the drafter's templates write and the parser reads (title, 主送机关, opening paragraph,
``一、`` parts with their ``（一）标题。正文`` sections, the shortcomings paragraph ``…：一是…二是…``, next year's
plans, signature and date), so ``parse_text(report_text(r))`` gives ``r``'s outline back and
``reportgen.draft.layout.build_document`` lays it out as GB/T 9704. The redline diffs these lines.

A section whose text is a list (``1.…`` lines, as in the statutory outline) keeps its heading on a line of its own.
In the statutory outline the shortcomings and the plans get part headings of their own: the report's own wording,
or, where a history file does not keep it, the drafter's (存在的不足和原因, 2025年推进法治政府建设的主要安排), numbered
with the first part numbers the measures leave free.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportgen.model import Report, Section
from reportgen.outline import ARABIC_ITEM_RE, PAREN_ARABIC_RE, ordinal_cn

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
]

SHORTCOMINGS_TITLE = "存在的不足和原因"


@dataclass(frozen=True)
class Line:
    """One line (paragraph) of the report text and where it came from.

    ``part`` and ``section`` are the numbers of the part and section it belongs to (None outside them; ``item``
    is the plan number for a plan line); ``index`` counts the lines of one unit from 0 (a section's heading line
    is line 0).
    """

    kind: LineKind
    text: str
    part: int | None = None
    section: int | None = None
    item: int | None = None
    index: int = 0


def plans_title(year: int | None) -> str:
    """The heading of the plans part in the statutory outline, as the drafter writes it."""
    return f"{year + 1}年推进法治政府建设的主要安排" if year is not None else "下一年度推进法治政府建设的主要安排"


def _split(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _starts_list(line: str) -> bool:
    return bool(ARABIC_ITEM_RE.match(line) or PAREN_ARABIC_RE.match(line))


def _section_lines(part: int, section: Section) -> list[Line]:
    head = f"（{ordinal_cn(section.number)}）"
    body = _split(section.text)
    texts: list[str]
    if section.title and (not body or _starts_list(body[0])):
        texts = [head + section.title, *body]
    elif section.title:
        texts = [f"{head}{section.title}。{body[0]}", *body[1:]]
    else:
        texts = [head + body[0], *body[1:]] if body else [head]
    return [Line("section", text, part, section.number, index=i) for i, text in enumerate(texts)]


def _free_numbers(used: set[int], count: int) -> list[int]:
    free: list[int] = []
    n = 1
    while len(free) < count:
        if n not in used:
            free.append(n)
        n += 1
    return free


def report_lines(report: Report) -> list[Line]:
    """The report as tagged lines, in reading order."""
    statutory = report.outline == "statutory"
    blocks: list[tuple[int, list[Line]]] = []
    for part in report.parts:
        lines = [Line("part", f"{ordinal_cn(part.number)}、{part.title}", part.number)]
        lines += [Line("part_intro", t, part.number, index=i) for i, t in enumerate(_split(part.intro))]
        for section in part.sections:
            lines += _section_lines(part.number, section)
        blocks.append((part.number, lines))

    shortcomings: list[Line] = []
    if report.shortcomings:
        text = report.shortcomings_intro + "".join(
            f"{ordinal_cn(item.number)}是{item.text}" for item in report.shortcomings
        )
        shortcomings = [Line("shortcomings", t, index=i) for i, t in enumerate(_split(text))]
    plans = [Line("plans_intro", t, index=i) for i, t in enumerate(_split(report.plans_intro))]
    for item in report.plans:
        marker = f"（{ordinal_cn(item.number)}）" if statutory else f"{ordinal_cn(item.number)}是"
        plans += [Line("plan", t, item=item.number, index=i) for i, t in enumerate(_split(marker + item.text))]

    tail: list[Line] = []
    if statutory:
        wanted = [bool(shortcomings), bool(plans)]
        numbers = iter(_free_numbers({n for n, _ in blocks}, sum(wanted)))
        if shortcomings:
            n = next(numbers)
            heading = report.shortcomings_title or SHORTCOMINGS_TITLE
            blocks.append((n, [Line("shortcomings_heading", f"{ordinal_cn(n)}、{heading}"), *shortcomings]))
        if plans:
            n = next(numbers)
            heading = report.plans_title or plans_title(report.year)
            blocks.append((n, [Line("plans_heading", f"{ordinal_cn(n)}、{heading}"), *plans]))
        blocks.sort(key=lambda block: block[0])
    else:
        tail = shortcomings + plans

    out: list[Line] = []
    if report.title:
        out.append(Line("title", report.title))
    if report.addressee:
        out.append(Line("addressee", report.addressee))
    out += [Line("preamble", t, index=i) for i, t in enumerate(_split(report.preamble))]
    for _, lines in blocks:
        out += lines
    out += tail
    if report.signature:
        out.append(Line("signature", report.signature))
    if report.date:
        out.append(Line("date", report.date))
    return out


def report_text(report: Report) -> str:
    """The report as plain text, one paragraph per line, ending in a newline."""
    return "".join(line.text + "\n" for line in report_lines(report))
