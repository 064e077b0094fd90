"""The draft as typed values: every paragraph and figure knows whether it was carried over or updated.

The text fields hold the final report text, review markers included: a carried figure is written
``122件【待核】`` and a carried paragraph ends with ``【沿用上年，请核改】``. Each unit also gives its lines as the
one report-text writer (``reportgen.report_text``) writes them (``lines``, ``opening``, ``shortcomings_lines`` …):
the templates print and arrange those (``reportgen.draft.printed``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from reportgen.draft.printed import PrintedLine, printed
from reportgen.draft.years import apply_edits, year_edits
from reportgen.outline import OutlineKind, ordinal_cn, place_marker
from reportgen.report_text import (
    SHORTCOMINGS_TITLE,
    block_order,
    closing_lines,
    heading_line,
    opening_lines,
    part_lines,
    plans_lines,
    section_lines,
    shortcomings_lines,
)
from reportgen.style import ReportStyle, SectionHeading

FIGURE_MARK = "【待核】"
"""Written right after a figure whose value was carried over from last year."""
CARRIED_MARK = "【沿用上年，请核改】"
"""Written at the end of a paragraph carried over from last year."""

FigureStatus = Literal["updated", "carried", "dropped"]
Origin = Literal["carried", "replaced", "new"]


def place_name(part: int | None, section: int | None, title: str = "") -> str:
    """A place in the draft as the drafter sees it: ``二、（三） 推进数字法治政府建设``, or ``前言``."""
    if part is None:
        return "前言"
    name = place_marker(part, section)
    return f"{name} {title}" if title else name


@dataclass
class YearShift:
    """A year moved on in carried text: 2023年 → 2024年."""

    old: int
    new: int


@dataclass
class DraftFigure:
    """One figure of last year's report and what became of it in the draft.

    ``value`` is the new value from the metrics sheet, or None when none was given; ``written`` is the
    text in the draft (with the 【待核】 marker when carried); ``part``/``section`` are its place in the
    draft (the last year's place when dropped).
    """

    id: str
    label: str
    unit: str
    previous: Decimal
    previous_raw: str
    value: Decimal | None
    status: FigureStatus
    written: str
    part: int | None
    section: int | None
    where: str
    note: str = ""

    @property
    def current(self) -> Decimal:
        """The value the draft states: the new one, else last year's."""
        return self.previous if self.value is None else self.value


@dataclass
class DraftParagraph:
    """A paragraph (preamble, plans intro, a shortcoming or a plan) with its provenance."""

    text: str
    carried: bool
    where: str
    years: list[YearShift] = field(default_factory=list)


@dataclass
class DraftItem:
    """A numbered shortcoming or plan (一是…) with its provenance."""

    number: int
    text: str
    carried: bool
    where: str
    years: list[YearShift] = field(default_factory=list)
    label: str = ""
    """The list number as the office writes it: 一是, （一）, 1. …"""

    @property
    def number_cn(self) -> str:
        return ordinal_cn(self.number)


@dataclass
class DraftSection:
    """A （一）-level section of the draft.

    ``origin`` says where its text came from: carried from last year, replaced by narrative input, or new.
    ``previous`` is its number in last year's part, if it had one.
    """

    number: int
    title: str
    text: str
    origin: Origin
    where: str = ""
    previous: int | None = None
    initiatives: list[str] = field(default_factory=list)
    years: list[YearShift] = field(default_factory=list)
    heading: SectionHeading = "run_in"
    """Its heading run into the text (（一）标题。正文), or alone on its line (ending in 。 for alone_stop)."""
    label: str = ""
    """The section number as the office writes it: （一）, 3. (numbered on across parts) …"""
    part: int = 0
    """The number of the part it is in."""
    level: int = 2
    """The GB/T 9704 heading level of its number's form: 2 for （一）, 3 for 1., 4 for （1）."""

    @property
    def carried(self) -> bool:
        return self.origin == "carried"

    @property
    def lines(self) -> list[PrintedLine]:
        """Its lines as the report-text writer writes them: the heading run in or on a line of its own."""
        return printed(
            section_lines(self.part, self.number, self.mark, self.title, self.text, self.heading, self.level)
        )

    @property
    def mark(self) -> str:
        """The written number: the office's form, else （一）."""
        return self.label or f"（{self.number_cn}）"

    @property
    def number_cn(self) -> str:
        return ordinal_cn(self.number)


@dataclass
class DraftPart:
    """A 一、-level part: heading, optional intro paragraph, sections."""

    number: int
    title: str
    sections: list[DraftSection]
    intro: DraftParagraph | None = None
    previous: int | None = None

    @property
    def number_cn(self) -> str:
        return ordinal_cn(self.number)

    @property
    def lines(self) -> list[PrintedLine]:
        """Its heading line and intro paragraphs as the report-text writer writes them (its sections follow)."""
        return printed(part_lines(self.number, self.title, self.intro.text if self.intro is not None else ""))


@dataclass
class DraftModel:
    """Everything the templates render, and everything the review lists."""

    year: int
    previous_year: int
    outline: OutlineKind
    title: str
    addressee: str
    preamble: DraftParagraph
    parts: list[DraftPart]
    shortcomings_intro: str
    shortcomings: list[DraftItem]
    plans_intro: DraftParagraph
    plans: list[DraftItem]
    signature: str
    date: str
    date_carried: bool
    previous_date: str
    figures: list[DraftFigure]
    dropped_sections: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    previous_shortcomings_title: str | None = None
    previous_plans_title: str | None = None
    style: ReportStyle = field(default_factory=ReportStyle)
    """How the office writes its report (last year's report's style, markers resolved)."""
    shortcomings_number: int = 0
    """The 一、 number of the shortcomings part in the statutory outline (0: none)."""
    plans_number: int = 0
    """The 一、 number of the plans part in the statutory outline (0: none)."""

    @property
    def shortcomings_heading(self) -> str:
        """The shortcomings part's heading line (三、存在的不足和原因), or "" where they have none."""
        if not self.shortcomings_number:
            return ""
        return heading_line(self.shortcomings_number, self.shortcomings_title).text

    @property
    def plans_heading(self) -> str:
        """The plans part's heading line (四、2025年推进法治政府建设的主要安排), or "" where they have none."""
        if not self.plans_number:
            return ""
        return heading_line(self.plans_number, self.plans_title).text

    @property
    def blocks(self) -> list[tuple[str, DraftPart | None]]:
        """The report's 一、 level in reading order: ("part", part), ("shortcomings", None), ("plans", None).

        In the statutory outline the 不足 and 安排 parts stand where their numbers put them (some reports put
        the 党政主要负责人 part after them).
        """
        order = block_order([part.number for part in self.parts], self.shortcomings_number, self.plans_number)
        return [(kind, self.parts[index] if kind == "part" else None) for kind, index in order]

    @property
    def opening(self) -> list[PrintedLine]:
        """The title, 主送机关 and opening paragraphs as the report-text writer writes them."""
        return printed(opening_lines(self.title, self.addressee, self.preamble.text))

    @property
    def closing(self) -> list[PrintedLine]:
        """The signature and date lines."""
        return printed(closing_lines(self.signature, self.date))

    @property
    def shortcomings_lines(self) -> list[PrintedLine]:
        """The shortcomings part: its heading where it has one, the intro and the items as the office lists them."""
        items = [(item.number, item.text) for item in self.shortcomings]
        return printed(
            shortcomings_lines(
                self.shortcomings_intro,
                items,
                self.style.shortcomings,
                self.shortcomings_number,
                self.shortcomings_title,
            )
        )

    @property
    def plans_lines(self) -> list[PrintedLine]:
        """The plans part: its heading where it has one, the intro and the plans as the office lists them."""
        items = [(item.number, item.text) for item in self.plans]
        return printed(plans_lines(self.plans_intro.text, items, self.style.plans, self.plans_number, self.plans_title))

    @property
    def shortcomings_title(self) -> str:
        """The heading of the shortcomings part in the statutory outline: last year's, else the usual one."""
        return self.previous_shortcomings_title or SHORTCOMINGS_TITLE

    @property
    def plans_title(self) -> str:
        """The heading of the plans part in the statutory outline: last year's with its year moved on."""
        if self.previous_plans_title:
            title, delta = self.previous_plans_title, self.year - self.previous_year
            return apply_edits(title, year_edits(title, self.previous_year, delta))
        return f"{self.year + 1}年推进法治政府建设的主要安排"

    def figures_with(self, status: FigureStatus) -> list[DraftFigure]:
        """The figures of one status, in report order."""
        return [f for f in self.figures if f.status == status]

    def paragraphs(self) -> list[DraftParagraph | DraftSection | DraftItem]:
        """Every paragraph-level unit of the draft in reading order (part intros, sections, items …)."""
        units: list[DraftParagraph | DraftSection | DraftItem] = [self.preamble]
        for part in self.parts:
            if part.intro is not None:
                units.append(part.intro)
            units.extend(part.sections)
        units.extend(self.shortcomings)
        units.append(self.plans_intro)
        units.extend(self.plans)
        return units

    def carried_paragraphs(self) -> list[DraftParagraph | DraftSection | DraftItem]:
        """The paragraphs carried over from last year, marked for review."""
        return [unit for unit in self.paragraphs() if unit.carried]
