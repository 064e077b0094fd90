"""What matching two reports finds, as typed values: sections, figures, initiatives, shortcomings and plans.

``reportgen.compare.diff.Diff`` gathers them for the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from reportgen.model import Figure, Initiative, InitiativeKind, Item

ChangeKind = Literal["count", "rate", "streak", "rank", "money"]
"""How a figure's change is told (个百分点, years, places, its unit): the core's finer ``reportgen.model.FigureKind``
grouped by ``reportgen.match.kinds.kind_of``."""

SectionStatus = Literal["same", "renamed", "moved", "dropped", "added"]
Relation = Literal["merged", "split"]
FigureStatus = Literal["changed", "unchanged", "dropped", "added", "mentioned"]
InitiativeStatus = Literal["kept", "dropped", "added", "renamed"]
ShortcomingStatus = Literal["recurring", "new", "absent"]
PlanStatus = Literal["followed", "partly", "not_found"]
EvidenceKind = Literal["name", "phrase", "target"]
Bound = Literal["min", "max"]


@dataclass(frozen=True)
class Place:
    """A part (``section`` None) or a section of a report, with its heading and full text."""

    part: int
    section: int | None
    title: str
    text: str

    @property
    def key(self) -> tuple[int, int | None]:
        """(part, section): where this unit sits."""
        return (self.part, self.section)


@dataclass(frozen=True)
class SectionChange:
    """One aligned pair of parts or sections, or one dropped or added.

    ``status`` follows the numbers and heading: ``same`` keeps part/section number and heading, ``renamed``
    keeps the numbers with a new heading, ``moved`` has other numbers (a heading change then shows in
    ``title_changed``). ``renumbered`` marks a move that only follows from the part moving or a neighbour
    being dropped or added. ``relation`` is ``merged`` when several old units went into one new one and
    ``split`` when one old unit went into several new ones. ``heading_only`` marks a part that only groups
    content already matched elsewhere (a new outline heading such as 主要举措和成效). ``leaf`` entries pair the
    smallest units (sections, and parts without sections); the others pair whole parts with sections, so
    the leaf entries alone cover every text once.
    """

    status: SectionStatus
    old: Place | None
    new: Place | None
    similarity: float | None
    relation: Relation | None = None
    renumbered: bool = False
    title_changed: bool = False
    heading_only: bool = False
    leaf: bool = True


@dataclass(frozen=True)
class FigureChange:
    """One figure of either report and what became of it.

    ``delta`` and ``relative`` are in the new figure's unit (the old value is converted when the units
    differ by 万/亿); ``relative`` is a fraction of the old value (0.107 = +10.7%), None for rates, streaks
    and ranks, which change in 个百分点, years and places. ``kind`` is what the figure measures
    (``reportgen.match.kinds``). ``mentioned`` is an old figure with no new figure whose indicator is still
    named in the new report: not dropped. ``reworded`` is the confidence of a pair made by its indicator when
    the wording changed; ``still_named`` the words of a mentioned figure's indicator that the new report has.
    """

    status: FigureStatus
    old: Figure | None
    new: Figure | None
    score: float | None = None
    delta: Decimal | None = None
    relative: Decimal | None = None
    kind: ChangeKind = "count"
    reworded: float | None = None
    still_named: str | None = None

    @property
    def figure(self) -> Figure:
        """The figure that names this entry: the old one when there is one."""
        figure = self.old or self.new
        assert figure is not None
        return figure

    @property
    def unit_changed(self) -> bool:
        """True when both sides exist and are written in different units (万元 → 元)."""
        return self.old is not None and self.new is not None and self.old.unit != self.new.unit

    @property
    def approx(self) -> bool:
        """True when either side is approximate or a lower bound (余, 多, 近, 约, 以上, 超)."""
        return any(f is not None and f.approx for f in (self.old, self.new))


@dataclass(frozen=True)
class InitiativeChange:
    """One local initiative (brand, campaign, document, platform, organisation) and what became of it."""

    status: InitiativeStatus
    name: str
    new_name: str | None
    kind: InitiativeKind
    old: Initiative | None
    new: Initiative | None
    similarity: float | None = None


@dataclass(frozen=True)
class ShortcomingChange:
    """One item of 问题和不足: recurring (in both), new (only in the new report) or absent (only in the old).

    ``streak`` counts the consecutive years the item appears up to the new report, both ends included
    (2 = last year and this year, 1 for a new item); None for absent items, and when the new report is not
    the year right after the old one.
    """

    status: ShortcomingStatus
    old: Item | None
    new: Item | None
    similarity: float | None
    streak: int | None = None


@dataclass(frozen=True)
class Evidence:
    """A named initiative or key phrase of a plan item, and the sentence of the new report that has it."""

    term: str
    kind: EvidenceKind
    part: int | None
    section: int | None
    sentence: str
    score: float


@dataclass(frozen=True)
class Target:
    """A quantitative target of a plan item (100家以上, 不低于95%, 10%以内, 前三名, 全覆盖) and what the new report
    achieved.

    ``bound`` is ``min`` when the achieved figure must reach ``value`` and ``max`` when it must stay at or below
    it (以内, 控制在, a rank). ``value`` and ``actual`` are in ``unit`` (全覆盖 is 100 in %); ``actual``, ``met`` and
    ``sentence`` (where the achieved figure was found) are None when the new report says nothing. ``kind`` is
    ``count``, ``rate``, ``rank`` or ``full`` (全覆盖); ``context`` is what the target is about, as matched.
    """

    text: str
    value: Decimal
    unit: str
    bound: Bound
    kind: str
    context: str
    actual: Decimal | None = None
    met: bool | None = None
    sentence: str | None = None


@dataclass(frozen=True)
class PlanCheck:
    """One of last year's plan items, and whether the new report's measures show it was acted on.

    ``evidence`` holds distinct sentences of the new measures (never a bare heading); ``targets`` the item's
    quantitative targets set against what was achieved.
    """

    number: int
    text: str
    status: PlanStatus
    evidence: list[Evidence]
    missing: list[str]
    targets: list[Target] = field(default_factory=list)
