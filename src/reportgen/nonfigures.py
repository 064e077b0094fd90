"""Numbers that are not figures, from data (data/not_figures.yaml) rather than code.

Set phrases and slogans (四套班子, 一业一证, 八五普法), place names holding a numeral (三元里街, 九台区), policy
packages named by their article count (助企纾困28条) and session ordinals (六届五次全会, 市委六届二次、三次、
四次全会). ``blocked_spans`` gives the character spans of these in a text; a figure starting inside one is not
taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

CN_NUMERAL = "零〇一二两三四五六七八九十百千"


@dataclass(frozen=True)
class NotFigures:
    """The compiled lists: one pattern per kind."""

    phrases: re.Pattern[str]
    places: re.Pattern[str]
    policies: re.Pattern[str]
    sessions: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def not_figures() -> NotFigures:
    """The lists of data/not_figures.yaml, compiled once per process."""
    import yaml  # already loaded by the history store in most commands

    text = resources.files("reportgen.data").joinpath("not_figures.yaml").read_text(encoding="utf-8")
    # libyaml's loader reads this file in under a millisecond, the pure-Python one in tens (draft speed).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(text, Loader=loader)
    number = rf"(?:\d+|[{CN_NUMERAL}]+)"
    place_units = _alternation(data["place_units"])
    places = rf"(?:{_alternation(data['places'])})|{number}(?:{place_units})(?:{_alternation(data['place_suffixes'])})"
    policies = rf"(?:{_alternation(data['policy_stems'])}){number}条(?![\u4e00-\u9fff]{{0,1}}(?:意见|建议|问题|线索))"
    session = rf"[{CN_NUMERAL}]+次"
    sessions = (
        # 六届五次全会, 十二届市委三次、四次全会, 区委十六届四次全体会议: a 届 before, a session word after.
        rf"[{CN_NUMERAL}]+届[\u4e00-\u9fff]{{0,4}}?{session}(?:、{session})*(?:{_alternation(data['session_words'])})"
        # 市委二次、三次全会 without the 届.
        rf"|{session}(?:、{session})*(?:全会|全体会议|全体（扩大）会议)"
    )
    return NotFigures(
        phrases=re.compile(_alternation(data["phrases"])),
        places=re.compile(places),
        policies=re.compile(policies),
        sessions=re.compile(sessions),
    )


def blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that hold names, terms, policy packages and session ordinals: no figure starts there."""
    lists = not_figures()
    spans: list[tuple[int, int]] = []
    for pattern in (lists.phrases, lists.places, lists.policies, lists.sessions):
        spans.extend(m.span() for m in pattern.finditer(text))
    return spans
