"""The outlines a report can follow, and the heading and marker patterns shared by the parser and the layout."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

OutlineKind = Literal["thematic", "statutory"]
"""The outlines a report can follow: the thematic one (专题式, parts named by topic) and the statutory one (法定提纲:
主要举措和成效, 存在的不足和原因, 下一年度安排, as the 2019 regulation lists them)."""
OUTLINE_KINDS: tuple[OutlineKind, ...] = get_args(OutlineKind)

# List markers as templates of their number ({cn}: 一, 二 …): 一是, and （一）.
SHI = "{cn}是"
PAREN_CN = "（{cn}）"


@dataclass(frozen=True)
class OutlineForm:
    """What the code knows of one outline: its names, and the form the drafter gives it. ``segment`` tells a
    report's outline from its headings; everything else asks here."""

    name: str
    """专题式提纲, as the comparison names it."""
    short_name: str
    """专题式, as ``reportgen show`` names it."""
    tail_parts: bool
    """The shortcomings and the plans are 一、 parts of their own, numbered after (or among) the measures."""
    plan_marker: str
    """The plans' list marker the drafter wrote before an office's own style was recorded ({cn} is the number)."""


OUTLINE_FORMS: dict[OutlineKind, OutlineForm] = {
    "thematic": OutlineForm("专题式提纲", "专题式", tail_parts=False, plan_marker=SHI),
    "statutory": OutlineForm("法定提纲", "法定提纲式", tail_parts=True, plan_marker=PAREN_CN),
}

CN_NUM = "一二三四五六七八九十"
# A Chinese list number from 一 to 九十九; 十十 or 一一 are not numbers.
CN_ORDINAL = "(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
PART_RE = re.compile(rf"^(?P<num>{CN_ORDINAL})、(?P<rest>.*)$")
SECTION_RE = re.compile(rf"^（(?P<num>{CN_ORDINAL})）(?P<rest>.*)$")
ARABIC_ITEM_RE = re.compile(r"^(?P<num>\d{1,2})[.．、](?!\d)(?P<rest>.*)$")
PAREN_ARABIC_RE = re.compile(r"^（(?P<num>\d{1,2})）(?P<rest>.*)$")
# The second level of a part, in the order a part is tried for them: （一）, then 1., then （1）. A part uses
# the first that any of its lines has; some reports go from 一、 straight to 1., some number 1. on across parts.
SECTION_PATTERNS = (SECTION_RE, ARABIC_ITEM_RE, PAREN_ARABIC_RE)
RUN_IN_RE = re.compile(rf"(?:(?<=^)|(?<=[。；：，\n]))(?P<num>{CN_ORDINAL})是")
DATE_RE = re.compile(
    r"^(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年(?P<m>[\d一二三四五六七八九十]{1,3})月(?P<d>[\d一二三四五六七八九十]{1,3})日$"
)


def numbered_start(line: str) -> bool:
    """True when ``line`` opens with a list number of any level (一、 （一） 1. （1）)."""
    return bool(PART_RE.match(line) or any(p.match(line) for p in SECTION_PATTERNS))


# 【待核】-style review markers that drafts carry; the parser reads past them.
REVIEW_MARK_RE = re.compile(r"【[^】]*】")


def cn_ordinal(text: str) -> int:
    """Value of a small Chinese list number: 一 → 1, 十二 → 12. Raises ValueError for anything else."""
    if not re.fullmatch(CN_ORDINAL, text):
        raise ValueError(f"not a Chinese list number: {text}")
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + digits[text[1]]
    if "十" in text:
        tens, _, ones = text.partition("十")
        return digits[tens] * 10 + (digits[ones] if ones else 0)
    return digits[text]


def place_marker(part: int, section: int | None = None) -> str:
    """二、（三） for a section, 二、 for a part: where something sits in a report's outline."""
    return f"{ordinal_cn(part)}、" + ("" if section is None else f"（{ordinal_cn(section)}）")


def ordinal_cn(number: int) -> str:
    """Chinese list number for 1–99: 1 → 一, 12 → 十二."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
