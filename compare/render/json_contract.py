"""The ``reportgen.diff/1`` JSON contract: a public interface for scripts. Keys are never renamed."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

from reportgen.compare.diff import DIFF_SCHEMA, Diff, Side
from reportgen.compare.render.present import (
    FIGURE_STATUS,
    INITIATIVE_STATUS,
    PLAN_STATUS,
    SECTION_STATUS,
    SHORTCOMING_STATUS,
    Terms,
    delta_text,
    match_note,
    terms,
    written,
)

from reportgen.match.changes import FigureChange, InitiativeChange, Place, PlanCheck, SectionChange, ShortcomingChange
from reportgen.model import Item
from reportgen.show import json_number

__all__ = ["DIFF_SCHEMA", "diff_json", "diff_json_data"]


def _number(value: Decimal | None) -> int | float | None:
    return None if value is None else json_number(value)


def _side(side: Side) -> dict[str, Any]:
    return {"org": side.org, "year": side.year, "source": side.source, "outline": side.outline}


def _place(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"part": place.part, "section": place.section, "title": place.title}


def _section(change: SectionChange) -> dict[str, Any]:
    return {
        "status": change.status,
        "old": _place(change.old),
        "new": _place(change.new),
        "similarity": change.similarity,
        "relation": change.relation,
        "renumbered": change.renumbered,
        "title_changed": change.title_changed,
        "heading_only": change.heading_only,
        "leaf": change.leaf,
    }


def _figure(change: FigureChange, words: Terms) -> dict[str, Any]:
    old, new = change.old, change.new
    main = change.figure
    relative = None if change.relative is None else round(float(change.relative), 4)
    return {
        "status": change.status,
        "label": main.label,
        "unit": (new or main).unit,
        "old": None if old is None else json_number(old.value),
        "new": None if new is None else json_number(new.value),
        "delta": _number(change.delta),
        "old_text": None if old is None else written(old),
        "new_text": None if new is None else written(new),
        "relative": relative,
        "approx": change.approx,
        "id": main.id,
        "new_label": new.label if old is not None and new is not None and new.label != old.label else None,
        "old_unit": None if old is None else old.unit,
        "new_unit": None if new is None else new.unit,
        "old_place": None if old is None else {"part": old.part, "section": old.section},
        "new_place": None if new is None else {"part": new.part, "section": new.section},
        "score": change.score,
        "kind": change.kind,
        "delta_text": delta_text(change) or None,
        "note": match_note(change, words),
    }


def _initiative(change: InitiativeChange) -> dict[str, Any]:
    where = change.new or change.old
    return {
        "status": change.status,
        "name": change.name,
        "new_name": change.new_name,
        "kind": change.kind,
        "part": None if where is None else where.part,
        "section": None if where is None else where.section,
        "similarity": change.similarity,
    }


def _item(item: Item | None) -> dict[str, Any] | None:
    return None if item is None else {"number": item.number, "text": item.text}


def _shortcoming(change: ShortcomingChange) -> dict[str, Any]:
    return {
        "status": change.status,
        "old": _item(change.old),
        "new": _item(change.new),
        "similarity": change.similarity,
        "streak": change.streak,
    }


def _plan(check: PlanCheck) -> dict[str, Any]:
    return {
        "number": check.number,
        "text": check.text,
        "status": check.status,
        "evidence": [
            {
                "term": e.term,
                "kind": e.kind,
                "part": e.part,
                "section": e.section,
                "sentence": e.sentence,
                "score": e.score,
            }
            for e in check.evidence
        ],
        "missing": list(check.missing),
        "targets": [
            {
                "text": t.text,
                "value": json_number(t.value),
                "unit": t.unit,
                "bound": t.bound,
                "actual": _number(t.actual),
                "met": t.met,
                "sentence": t.sentence,
            }
            for t in check.targets
        ],
    }


def _counts(statuses: list[str], names: dict[str, str]) -> dict[str, int]:
    counts = Counter(statuses)
    return {status: counts[status] for status in names}


def diff_json_data(diff: Diff) -> dict[str, Any]:
    """The ``reportgen.diff/1`` contract as plain data."""
    return {
        "schema": diff.schema,
        "old": _side(diff.old),
        "new": _side(diff.new),
        "same_org": diff.same_org,
        "years_checked": list(diff.years_checked),
        "summary": {
            "sections": _counts([c.status for c in diff.sections], SECTION_STATUS),
            "figures": _counts([c.status for c in diff.figures], FIGURE_STATUS),
            "initiatives": _counts([c.status for c in diff.initiatives], INITIATIVE_STATUS),
            "shortcomings": _counts([c.status for c in diff.shortcomings], SHORTCOMING_STATUS),
            "plans": _counts([c.status for c in diff.plans], PLAN_STATUS),
        },
        "sections": [_section(c) for c in diff.sections],
        "figures": [_figure(c, terms(diff)) for c in diff.figures],
        "initiatives": [_initiative(c) for c in diff.initiatives],
        "shortcomings": [_shortcoming(c) for c in diff.shortcomings],
        "plans": [_plan(c) for c in diff.plans],
    }


def diff_json(diff: Diff) -> str:
    """The contract as indented JSON text (UTF-8, Chinese kept as is)."""
    return json.dumps(diff_json_data(diff), ensure_ascii=False, indent=2) + "\n"
