"""The report model: one annual report as typed values."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from reportgen.outline import OutlineKind
from reportgen.style import ReportStyle, SectionHeading

Numerals = Literal["arabic", "chinese"]
InitiativeKind = Literal[
    "brand", "campaign", "document", "platform", "organisation", "term", "media", "law", "higher_plan", "national"
]
# Initiatives the district itself runs; the other kinds are cited, not done.
LOCAL_KINDS: frozenset[str] = frozenset({"brand", "campaign", "document", "platform", "organisation"})
# What a figure measures. Ranks (排名第四) are better when lower; rank_shift (前移4位) and the rest when higher.
FigureKind = Literal["count", "rate", "points", "money", "duration", "streak", "rank", "rank_shift", "measure"]
FIGURE_KINDS: tuple[str, ...] = (
    "count",
    "rate",
    "points",
    "money",
    "duration",
    "streak",
    "rank",
    "rank_shift",
    "measure",
)


@dataclass
class Section:
    """A （一）-level section: its number, heading and body text."""

    number: int
    title: str
    text: str
    heading: SectionHeading = "run_in"


@dataclass
class Part:
    """A 一、-level part: number, heading, text before its first section, and its sections."""

    number: int
    title: str
    sections: list[Section] = field(default_factory=list)
    intro: str = ""


@dataclass
class Item:
    """A numbered item of the shortcomings or the plans (一是…)."""

    number: int
    text: str


@dataclass
class Figure:
    """A figure from the text: exact value in the written unit, qualifier, numerals, label and place."""

    id: str
    label: str
    value: Decimal
    unit: str
    qualifier: str | None
    numerals: Numerals
    part: int | None
    section: int | None
    text: str
    raw: str
    factors: tuple[Decimal, ...] = ()
    kind: FigureKind = "count"

    @property
    def approx(self) -> bool:
        """True for 余/多/近/约/以上/超 figures: approximate or a lower bound."""
        return self.qualifier is not None

    @property
    def magnitude(self) -> Decimal:
        """The value in base units (398.6406万元 → 3986406), for comparing across units."""
        scale = Decimal(1)
        if self.unit.startswith("万"):
            scale = Decimal(10_000)
        elif self.unit.startswith("亿"):
            scale = Decimal(100_000_000)
        return self.value * scale

    @property
    def base_unit(self) -> str:
        """The unit without its 万/亿 multiplier."""
        return self.unit[1:] if self.unit[:1] in ("万", "亿") and len(self.unit) > 1 else self.unit


@dataclass
class Initiative:
    """A named initiative, document, platform or cited source, with its kind and place."""

    name: str
    kind: InitiativeKind
    part: int | None
    section: int | None
    action: str | None = None

    @property
    def local(self) -> bool:
        """True when the district itself runs it (not media, laws, higher-level plans or plain terms)."""
        return self.kind in LOCAL_KINDS


@dataclass
class Report:
    """One year's report of one organisation."""

    org: str | None
    year: int | None
    title: str | None
    addressee: str | None
    preamble: str
    parts: list[Part]
    shortcomings: list[Item]
    plans: list[Item]
    signature: str | None
    date: str | None
    shortcomings_intro: str = ""
    plans_intro: str = ""
    outline: OutlineKind = "thematic"
    shortcomings_title: str | None = None  # the 存在的不足和原因 heading of a statutory outline
    plans_title: str | None = None  # the 下一年度…安排 heading of a statutory outline
    figures: list[Figure] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    source: str | None = None
    # What the reader had to do to the file (tracked changes accepted, traditional characters read); not stored.
    warnings: list[str] = field(default_factory=list)
    style: ReportStyle = field(default_factory=ReportStyle)

    def section(self, part: int, section: int) -> Section | None:
        """The section numbered ``section`` in part ``part``, if any."""
        for p in self.parts:
            if p.number == part:
                for s in p.sections:
                    if s.number == section:
                        return s
        return None

    def figure(self, figure_id: str) -> Figure | None:
        """The figure with this id, if any."""
        return next((f for f in self.figures if f.id == figure_id), None)
