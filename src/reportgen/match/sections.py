"""Section alignment by content: which part or section of the old report became which of the new.

Headings and positions are not trusted: every unit is compared by the bigram overlap of its heading and text
(see ``similarity``), and pairs are chosen by an optimal one-to-one assignment. Then

1. leaves (sections, and parts without sections) are paired one-to-one where Dice ≥ ``MATCH``;
2. a leaf left over whose text is found in a leaf of the other report (containment ≥ ``CONTAIN``) joins it:
   several old leaves in one new leaf are ``merged``, one old leaf in several new ones is ``split``;
3. parts with sections are paired one-to-one where Dice ≥ ``MATCH``;
4. a part left over is paired with a leaf of the other report (a thematic part that became a （一） section
   under 主要举措和成效, or back) where Dice ≥ ``MATCH``;
5. what is still left is dropped or added; a part whose sections were all matched elsewhere is only a
   heading (``heading_only``), such as the 主要举措和成效 part of the statutory outline.

Thresholds, measured on the 2023 report and tests/fixtures/compare (thematic variant, statutory outline, and
both directions between them): a section against its own next-year version scores Dice 0.92–1.00, against any
other section at most 0.20; a section merged into a larger one scores Dice only 0.32–0.77 but containment
0.90–1.00, against at most 0.27 for unrelated sections. ``MATCH`` = 0.40 and ``CONTAIN`` = 0.60 sit in both
gaps. Against another district's report (tests/fixtures/statutory-2024.txt) sections of the same topic score
0.41–0.42 and are paired, unrelated ones stay below 0.28 (containment 0.41).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from reportgen.match.changes import Place, Relation, SectionChange, SectionStatus
from reportgen.match.similarity import assign, overlap, thresholded
from reportgen.model import Part, Report

MATCH = 0.40
CONTAIN = 0.60

Key = tuple[int, int | None]


@dataclass
class Alignment:
    """The section entries, and which places were paired (for matching figures by place)."""

    changes: list[SectionChange]
    leaf_pairs: set[tuple[Key, Key]] = field(default_factory=set)
    part_pairs: set[tuple[int, int]] = field(default_factory=set)
    cross_pairs: set[tuple[Key, Key]] = field(default_factory=set)

    def place_score(self, old: Key | None, new: Key | None) -> float:
        """1 when the two places were aligned as sections, 0.5 when only their parts were, else 0."""
        if old is None or new is None:  # outside the parts: the opening paragraph
            return 1.0 if old == new else 0.0
        if (old, new) in self.leaf_pairs or (old, new) in self.cross_pairs:
            return 1.0
        if ((old[0], None), new) in self.cross_pairs or (old, (new[0], None)) in self.cross_pairs:
            return 1.0
        if (old[0], new[0]) in self.part_pairs:
            return 0.5
        return 0.0


def _part_text(part: Part) -> str:
    pieces = [part.title, part.intro] + [f"{s.title}。{s.text}" for s in part.sections]
    return "\n".join(p for p in pieces if p)


def units(report: Report) -> tuple[list[Place], list[Place]]:
    """(leaves, groups) of a report: leaves are sections and parts without sections; groups are parts with
    sections (their text is the whole part)."""
    leaves: list[Place] = []
    groups: list[Place] = []
    for part in report.parts:
        if part.sections:
            groups.append(Place(part.number, None, part.title, _part_text(part)))
            leaves += [Place(part.number, s.number, s.title, f"{s.title}。{s.text}") for s in part.sections]
        else:
            leaves.append(Place(part.number, None, part.title, _part_text(part)))
    return leaves, groups


def _same_title(a: Place, b: Place) -> bool:
    return "".join(a.title.split()) == "".join(b.title.split())


def _ranks(pairs: list[tuple[Place, Place]]) -> dict[tuple[Key, Key], tuple[int, int]]:
    """For each pair, its rank among the pairs in old order and in new order."""
    by_old = sorted(pairs, key=lambda p: (p[0].part, p[0].section or 0))
    by_new = sorted(pairs, key=lambda p: (p[1].part, p[1].section or 0))
    old_rank = {(o.key, n.key): i for i, (o, n) in enumerate(by_old)}
    new_rank = {(o.key, n.key): i for i, (o, n) in enumerate(by_new)}
    return {k: (old_rank[k], new_rank[k]) for k in old_rank}


def _status(old: Place, new: Place, part_map: dict[int, int]) -> tuple[SectionStatus, bool]:
    """same / renamed / moved by the numbers and heading; a section also moves when its part's counterpart
    is not the part it now sits in."""
    title_changed = not _same_title(old, new)
    moved = old.key != new.key or (old.section is None) != (new.section is None)
    if old.section is not None and part_map.get(old.part) != new.part:
        moved = True
    if moved:
        return "moved", title_changed
    return ("renamed" if title_changed else "same"), title_changed


@dataclass
class _Pair:
    old: Place
    new: Place
    similarity: float
    relation: Relation | None = None
    cross: bool = False


def align_sections(old: Report, new: Report) -> Alignment:
    """Align the parts and sections of two reports by content (see the module notes for the method)."""
    old_leaves, old_groups = units(old)
    new_leaves, new_groups = units(new)

    # 1. Leaves one-to-one.
    leaf = overlap([u.text for u in old_leaves], [u.text for u in new_leaves])
    leaf_dice = leaf.dice
    pairs: list[_Pair] = [
        _Pair(old_leaves[i], new_leaves[j], float(leaf_dice[i, j])) for i, j in assign(thresholded(leaf_dice, MATCH))
    ]
    matched_old = {p.old.key for p in pairs}
    matched_new = {p.new.key for p in pairs}

    # 2. Leaves left over that live inside a leaf of the other report: merged or split.
    if new_leaves:
        contained = leaf.a_in_b
        for i, unit in enumerate(old_leaves):
            if unit.key in matched_old:
                continue
            j = int(contained[i].argmax())
            if contained[i, j] >= CONTAIN:
                pairs.append(_Pair(unit, new_leaves[j], float(contained[i, j])))
    if old_leaves:
        contained_new = leaf.b_in_a
        for j, unit in enumerate(new_leaves):
            if unit.key in matched_new:
                continue
            i = int(contained_new[:, j].argmax())
            if contained_new[i, j] >= CONTAIN and old_leaves[i].key not in {
                p.old.key for p in pairs if p.new.key == unit.key
            }:
                pairs.append(_Pair(old_leaves[i], unit, float(contained_new[i, j])))
    news_of_old: dict[Key, int] = defaultdict(int)
    olds_of_new: dict[Key, int] = defaultdict(int)
    for p in pairs:
        news_of_old[p.old.key] += 1
        olds_of_new[p.new.key] += 1
    for p in pairs:
        if olds_of_new[p.new.key] > 1:
            p.relation = "merged"
        elif news_of_old[p.old.key] > 1:
            p.relation = "split"
    if any(p.relation for p in pairs):
        # Many-to-one pairs report how much of the smaller unit the larger one holds.
        for p in pairs:
            if p.relation:
                i = old_leaves.index(p.old)
                j = new_leaves.index(p.new)
                small_in_big = leaf.a_in_b[i, j] if p.relation == "merged" else leaf.b_in_a[i, j]
                p.similarity = float(small_in_big)

    # 3. Parts with sections, one-to-one.
    group = overlap([u.text for u in old_groups], [u.text for u in new_groups])
    group_pairs = [
        _Pair(old_groups[i], new_groups[j], float(group.dice[i, j])) for i, j in assign(thresholded(group.dice, MATCH))
    ]
    paired_old_groups = {p.old.key for p in group_pairs}
    paired_new_groups = {p.new.key for p in group_pairs}

    # 4. Parts left over against the leaves of the other report (a change of outline).
    rest_old = [u for u in old_groups if u.key not in paired_old_groups]
    rest_new = [u for u in new_groups if u.key not in paired_new_groups]
    cross_pairs: list[_Pair] = []
    if rest_old and new_leaves:
        cross = overlap([u.text for u in rest_old], [u.text for u in new_leaves]).dice
        cross_pairs += [
            _Pair(rest_old[i], new_leaves[j], float(cross[i, j]), cross=True)
            for i, j in assign(thresholded(cross, MATCH))
        ]
    if rest_new and old_leaves:
        cross = overlap([u.text for u in old_leaves], [u.text for u in rest_new]).dice
        cross_pairs += [
            _Pair(old_leaves[i], rest_new[j], float(cross[i, j]), cross=True)
            for i, j in assign(thresholded(cross, MATCH))
        ]
    crossed_old = {p.old.key for p in cross_pairs if p.old.section is None and p.old in old_groups}
    crossed_new = {p.new.key for p in cross_pairs if p.new.section is None and p.new in new_groups}

    # Statuses. A move is only "renumbered" when the unit keeps its rank among its matched neighbours.
    top_pairs = [(p.old, p.new) for p in group_pairs] + [
        (p.old, p.new) for p in pairs if p.old.section is None and p.new.section is None and not p.relation
    ]
    top_ranks = _ranks(top_pairs)
    part_map = {p.old.part: p.new.part for p in group_pairs}
    section_ranks: dict[tuple[Key, Key], tuple[int, int]] = {}
    by_parts: dict[tuple[int, int], list[tuple[Place, Place]]] = defaultdict(list)
    for p in pairs:
        if p.relation is None and p.old.section is not None and p.new.section is not None:
            if part_map.get(p.old.part) == p.new.part:
                by_parts[(p.old.part, p.new.part)].append((p.old, p.new))
    for members in by_parts.values():
        section_ranks.update(_ranks(members))

    changes: dict[tuple[Key | None, Key | None, bool], SectionChange] = {}

    def add(p: _Pair, level_part: bool) -> None:
        status, title_changed = _status(p.old, p.new, part_map)
        k = (p.old.key, p.new.key)
        renumbered = False
        if status == "moved" and not p.cross and p.relation is None:
            ranks = top_ranks.get(k) if p.old.section is None else section_ranks.get(k)
            renumbered = ranks is not None and ranks[0] == ranks[1]
        changes[(p.old.key, p.new.key, level_part)] = SectionChange(
            status=status,
            old=p.old,
            new=p.new,
            similarity=round(p.similarity, 3),
            relation=p.relation,
            renumbered=renumbered,
            title_changed=title_changed,
            leaf=not level_part,
        )

    for p in pairs:
        add(p, False)
    for p in group_pairs + cross_pairs:
        add(p, True)

    leaf_old_done = {p.old.key for p in pairs}
    leaf_new_done = {p.new.key for p in pairs}
    for unit in old_leaves:
        if unit.key not in leaf_old_done:
            changes[(unit.key, None, False)] = SectionChange("dropped", unit, None, None)
    for unit in new_leaves:
        if unit.key not in leaf_new_done:
            changes[(None, unit.key, False)] = SectionChange("added", None, unit, None)
    old_sections = {u.part: [x for x in old_leaves if x.part == u.part] for u in old_groups}
    new_sections = {u.part: [x for x in new_leaves if x.part == u.part] for u in new_groups}
    for unit in old_groups:
        if unit.key not in paired_old_groups and unit.key not in crossed_old:
            heading_only = all(s.key in leaf_old_done for s in old_sections[unit.part])
            changes[(unit.key, None, True)] = SectionChange(
                "dropped", unit, None, None, heading_only=heading_only, leaf=False
            )
    for unit in new_groups:
        if unit.key not in paired_new_groups and unit.key not in crossed_new:
            heading_only = all(s.key in leaf_new_done for s in new_sections[unit.part])
            changes[(None, unit.key, True)] = SectionChange(
                "added", None, unit, None, heading_only=heading_only, leaf=False
            )

    alignment = Alignment(
        changes=_in_reading_order(list(changes.values()), old, new),
        leaf_pairs={(p.old.key, p.new.key) for p in pairs},
        part_pairs={(p.old.part, p.new.part) for p in group_pairs},
        cross_pairs={(p.old.key, p.new.key) for p in cross_pairs},
    )
    return alignment


def _order(report: Report) -> dict[Key, int]:
    """Reading position of every part and section: a part comes right before its sections."""
    order: dict[Key, int] = {}
    for part in report.parts:
        order[(part.number, None)] = len(order)
        for section in part.sections:
            order[(part.number, section.number)] = len(order)
    return order


def _in_reading_order(changes: list[SectionChange], old: Report, new: Report) -> list[SectionChange]:
    """Entries in the new report's reading order; a dropped unit follows what came before it in the old one."""
    old_pos = _order(old)
    new_pos = _order(new)

    def sort_key(c: SectionChange) -> tuple[float, int, float]:
        # Part-level entries before section entries at the same new place; then by old position.
        level = 0 if c.old is None or c.old.section is None else 1
        return (new_pos[c.new.key] if c.new else 0.0, level, old_pos[c.old.key] if c.old else -1.0)

    placed = sorted((c for c in changes if c.new is not None), key=sort_key)
    for dropped in sorted((c for c in changes if c.new is None), key=lambda c: old_pos[c.old.key] if c.old else 0):
        assert dropped.old is not None
        here = old_pos[dropped.old.key]
        before = [
            (old_pos[c.old.key], i) for i, c in enumerate(placed) if c.old is not None and old_pos[c.old.key] < here
        ]
        index = max(before)[1] + 1 if before else 0
        placed.insert(index, dropped)
    return placed
