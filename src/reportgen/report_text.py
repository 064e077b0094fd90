"""A stored report written back as plain report text, one paragraph per line, tagged with where each line came from.

The form is the one the drafter's templates write and the parser reads (title, 主送机关, opening paragraph,
``一、`` parts with their ``（一）标题。正文`` sections, the shortcomings paragraph ``…：一是…二是…``, next year's
plans, signature and date), so ``parse_text(report_text(r))`` gives ``r``'s outline back and
``reportgen.word_layout.build_document`` lays it out as GB/T 9704. The redline diffs these lines.

Everything is written in the report's own style (``reportgen.style``): section numbers （一） or 1. (numbered on
across parts where the report does), headings run in or on a line of their own, the shortcomings and plans with
the report's markers (一是, （一）, 1.) and paragraphs, the 不足 and 安排 parts of the statutory outline with the
report's headings at the report's part numbers. The drafter's templates write the same form, so a draft and a
redline of one report agree line for line. A history file stored before styles were recorded is written as the
drafter always wrote it: list bodies keep their heading apart, and the statutory outline's 不足 and 安排 parts
always get headings (存在的不足和原因, 2025年推进法治政府建设的主要安排) numbered with the first numbers the measures
leave free.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportgen.model import Report, Section
from reportgen.outline import ARABIC_ITEM_RE, PAREN_ARABIC_RE, ordinal_cn
from reportgen.style import item_paragraphs, mark, resolved, section_marker, tail_numbers

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


def _section_lines(part: int, section: Section, label: str, detected: bool) -> list[Line]:
    body = _split(section.text)
    texts: list[str]
    if detected:
        alone = section.heading != "run_in" and bool(section.title)
    else:  # a history file from before styles: a list body keeps its heading apart, as the drafter always wrote
        alone = bool(section.title) and (not body or _starts_list(body[0]))
    if alone:
        stop = "。" if section.heading == "alone_stop" else ""
        texts = [label + section.title + stop, *body]
    elif section.title:
        texts = [f"{label}{section.title}。{body[0]}", *body[1:]] if body else [f"{label}{section.title}。"]
    else:
        texts = [label + body[0], *body[1:]] if body else [label]
    return [Line("section", text, part, section.number, index=i) for i, text in enumerate(texts)]


def report_lines(report: Report) -> list[Line]:
    """The report as tagged lines, in reading order, in the report's own style (``reportgen.style``)."""
    style = resolved(report.style, report.outline)
    detected = report.style.detected
    blocks: list[tuple[int, int, list[Line]]] = []
    before = 0
    for part in report.parts:
        lines = [Line("part", f"{ordinal_cn(part.number)}、{part.title}", part.number)]
        lines += [Line("part_intro", t, part.number, index=i) for i, t in enumerate(_split(part.intro))]
        marker = section_marker(style, part.number)
        for section in part.sections:
            written = section.number + (before if style.numbering == "continuous" else 0)
            lines += _section_lines(part.number, section, mark(written, marker), detected)
        before += len(part.sections)
        blocks.append((part.number, 0, lines))

    shortcomings: list[Line] = []
    if report.shortcomings or report.shortcomings_intro.strip():
        paragraphs = item_paragraphs(
            report.shortcomings_intro, [(i.number, i.text) for i in report.shortcomings], style.shortcomings
        )
        shortcomings = [Line("shortcomings", t, index=i) for i, (t, _) in enumerate(paragraphs)]
    plans: list[Line] = []
    index: dict[int | None, int] = {}
    item: int | None = None
    for text, opened in item_paragraphs(report.plans_intro, [(i.number, i.text) for i in report.plans], style.plans):
        item = opened if opened is not None else item
        if item is None:
            plans.append(Line("plans_intro", text, index=index.setdefault(None, 0)))
            index[None] += 1
        else:
            plans.append(Line("plan", text, item=item, index=index.get(item, 0)))
            index[item] = index.get(item, 0) + 1

    tail: list[Line] = []
    last = max((n for n, _, _ in blocks), default=0)
    if report.outline == "statutory":
        headed = not detected  # a history file from before styles: the drafter's headings, as always
        numbers = tail_numbers(
            [n for n, _, _ in blocks],
            bool(shortcomings) and (headed or bool(report.shortcomings_title)),
            bool(plans) and (headed or bool(report.plans_title)),
            style,
        )
        if numbers[0]:
            heading = report.shortcomings_title or SHORTCOMINGS_TITLE
            shortcomings.insert(0, Line("shortcomings_heading", f"{ordinal_cn(numbers[0])}、{heading}"))
        if numbers[1]:
            heading = report.plans_title or plans_title(report.year)
            plans.insert(0, Line("plans_heading", f"{ordinal_cn(numbers[1])}、{heading}"))
        blocks.append((numbers[0] or last, 1, shortcomings))
        blocks.append((numbers[1] or last, 2, plans))
        blocks.sort(key=lambda block: (block[0], block[1]))
    else:
        tail = shortcomings + plans

    out: list[Line] = []
    if report.title:
        out.append(Line("title", report.title))
    if report.addressee:
        out.append(Line("addressee", report.addressee))
    out += [Line("preamble", t, index=i) for i, t in enumerate(_split(report.preamble))]
    for _, _, lines in blocks:
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
