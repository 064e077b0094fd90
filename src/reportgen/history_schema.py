"""The shape of a history file, checked on load: every key a hand edit can break, named with its problem.

``check_history`` walks the loaded YAML and raises ``HistoryError`` naming the file, the key (such as
``figures[3].value``) and what is wrong with it, instead of a traceback somewhere later. Text values lose
control characters on the way (a hand edit can paste an ESC or a NUL). Keys it does not know are left alone,
so a newer reportgen's additions still load.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

from reportgen.errors import HistoryError
from reportgen.model import FIGURE_KINDS, InitiativeKind
from reportgen.outline import OUTLINE_KINDS
from reportgen.sanitize import strip_controls

MIN_YEAR, MAX_YEAR = 1990, 2100
OUTLINES = OUTLINE_KINDS
NUMERALS = ("arabic", "chinese")
SECTION_HEADINGS = ("run_in", "alone", "alone_stop")
INITIATIVE_KINDS: tuple[str, ...] = get_args(InitiativeKind)  # one list: the model's
_MAX_DIGITS = 15

Check = Callable[[Any, str], Any]


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> HistoryError:
        return HistoryError(f"malformed history file: {key} {problem}", path=self.path)

    def text(self, value: Any, key: str, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            need = "text or empty" if optional else "text"
            raise self.fail(key, f"must be {need}, not {_shown(value)}")
        return strip_controls(value)

    def integer(self, value: Any, key: str, *, optional: bool = False, low: int = 1, high: int = 10_000) -> int | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, not {_shown(value)}")
        if not low <= value <= high:
            raise self.fail(key, f"must be between {low} and {high}, not {value}")
        return value

    def number(self, value: Any, key: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self.fail(key, f"must be a number, not {_shown(value)}")
        number = Decimal(value)
        if not number.is_finite():
            raise self.fail(key, f"must be a number, not {_shown(value)}")
        if number and number.adjusted() >= _MAX_DIGITS:
            raise self.fail(key, f"is too large for a figure ({_shown(value)})")
        return number

    def choice(self, value: Any, key: str, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)}, not {_shown(value)}")
        return str(value)

    def mapping(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a mapping of keys and values, not {_shown(value)}")
        return value

    def items(self, value: Any, key: str) -> list[dict[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, not {_shown(value)}")
        return [self.mapping(item, f"{key}[{n}]") for n, item in enumerate(value)]

    def required(self, data: dict[str, Any], name: str, key: str) -> Any:
        if name not in data:
            raise self.fail(key, "is missing")
        return data[name]


def _shown(value: Any) -> str:
    if value is None:
        return "null (empty)"
    if isinstance(value, Decimal) and not value.is_finite():
        return ".nan" if value.is_nan() else ".inf"
    if isinstance(value, str):
        return repr(value if len(value) <= 20 else value[:20] + "…")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    return f"{text if len(text) <= 20 else text[:20] + '…'} ({type(value).__name__})"


def check_history(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """``data`` (a loaded history file) checked and cleaned; raises HistoryError naming the bad key."""
    c = _Checker(path)
    out = dict(data)
    out["year"] = c.integer(c.required(data, "year", "year"), "year", low=MIN_YEAR, high=MAX_YEAR)
    for name in ("org", "title", "addressee", "signature", "date", "shortcomings_title", "plans_title"):
        out[name] = c.text(data.get(name), name, optional=True)
    for name in ("preamble", "shortcomings_intro", "plans_intro"):
        out[name] = c.text(data.get(name) or "", name)
    out["outline"] = c.choice(data.get("outline", "thematic"), "outline", OUTLINES)
    parts = []
    for n, part in enumerate(c.items(data.get("parts"), "parts")):
        key = f"parts[{n}]"
        sections = []
        for m, section in enumerate(c.items(c.required(part, "sections", f"{key}.sections"), f"{key}.sections")):
            skey = f"{key}.sections[{m}]"
            sections.append(
                {
                    "number": c.integer(c.required(section, "number", f"{skey}.number"), f"{skey}.number"),
                    "title": c.text(c.required(section, "title", f"{skey}.title"), f"{skey}.title"),
                    "text": c.text(c.required(section, "text", f"{skey}.text"), f"{skey}.text"),
                    # How the heading stands (issue #12's style); absent in older files.
                    "heading": c.choice(section.get("heading", "run_in"), f"{skey}.heading", SECTION_HEADINGS),
                }
            )
        parts.append(
            {
                **part,
                "number": c.integer(c.required(part, "number", f"{key}.number"), f"{key}.number"),
                "title": c.text(c.required(part, "title", f"{key}.title"), f"{key}.title"),
                "intro": c.text(part.get("intro") or "", f"{key}.intro"),
                "sections": sections,
            }
        )
    out["parts"] = parts
    for name in ("shortcomings", "plans"):
        out[name] = [
            {
                "number": c.integer(c.required(item, "number", f"{name}[{n}].number"), f"{name}[{n}].number"),
                "text": c.text(c.required(item, "text", f"{name}[{n}].text"), f"{name}[{n}].text"),
            }
            for n, item in enumerate(c.items(data.get(name), name))
        ]
    figures = c.items(data.get("figures"), "figures")
    out["figures"] = [_figure(c, figure, f"figures[{n}]") for n, figure in enumerate(figures)]
    initiatives = c.items(data.get("initiatives"), "initiatives")
    out["initiatives"] = [_initiative(c, item, f"initiatives[{n}]") for n, item in enumerate(initiatives)]
    return out


def _figure(c: _Checker, figure: dict[str, Any], key: str) -> dict[str, Any]:
    figure_id = c.required(figure, "id", f"{key}.id")
    if isinstance(figure_id, int) and not isinstance(figure_id, bool):
        figure_id = str(figure_id)
    factors = figure.get("factors") or []
    if not isinstance(factors, list):
        raise c.fail(f"{key}.factors", f"must be a list of numbers, not {_shown(factors)}")
    return {
        "id": c.text(figure_id, f"{key}.id"),
        "label": c.text(c.required(figure, "label", f"{key}.label"), f"{key}.label"),
        "value": c.number(c.required(figure, "value", f"{key}.value"), f"{key}.value"),
        "unit": c.text(c.required(figure, "unit", f"{key}.unit"), f"{key}.unit"),
        "qualifier": c.text(figure.get("qualifier"), f"{key}.qualifier", optional=True),
        "numerals": c.choice(figure.get("numerals", "arabic"), f"{key}.numerals", NUMERALS),
        "part": c.integer(figure.get("part"), f"{key}.part", optional=True),
        "section": c.integer(figure.get("section"), f"{key}.section", optional=True),
        "text": c.text(figure.get("text") or "", f"{key}.text"),
        "raw": c.text(figure.get("raw") or "", f"{key}.raw"),
        "factors": [c.number(x, f"{key}.factors[{n}]") for n, x in enumerate(factors)],
        **({"kind": c.choice(figure["kind"], f"{key}.kind", FIGURE_KINDS)} if figure.get("kind") else {}),
    }


def _initiative(c: _Checker, item: dict[str, Any], key: str) -> dict[str, Any]:
    return {
        "name": c.text(c.required(item, "name", f"{key}.name"), f"{key}.name"),
        "kind": c.choice(c.required(item, "kind", f"{key}.kind"), f"{key}.kind", INITIATIVE_KINDS),
        "part": c.integer(item.get("part"), f"{key}.part", optional=True),
        "section": c.integer(item.get("section"), f"{key}.section", optional=True),
        "action": c.text(item.get("action"), f"{key}.action", optional=True),
    }
