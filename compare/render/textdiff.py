"""A word-aware text diff for Chinese.

Diffs that split on spaces see a Chinese paragraph as one word; diffs by character split numbers (1[2→3]2).
Here the text is cut into tokens first: a number with its qualifiers and unit (122件, 10余场, 398.6406万元,
7×24小时, 七年), a 《…》 title and a “…” name are each one token; Latin words are one token; every other
character is its own token. The token lists are diffed by longest common subsequence (rapidfuzz ``Indel``),
and a run of one or two unchanged characters between two changes is folded into the change, so a reworded
phrase reads as one replacement instead of confetti.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast

from rapidfuzz.distance import Indel

from reportgen.figures import CN_DIGITS, UNITS

Tag = Literal["equal", "delete", "insert", "replace"]

_UNIT = "|".join(re.escape(u) for u in UNITS)
TOKEN_RE = re.compile(
    rf"""
      《[^《》\n]*》
    | “[^“”\n]*”
    | (?:近|约|超过|超|逾)?\d+(?:\.\d+)?(?:[×xX*]\d+(?:\.\d+)?)*(?:万|亿)?(?:余|多)?(?:{_UNIT})?(?:以上|余|多)?
    | [{CN_DIGITS}]+(?:万|亿)?(?:余|多)?(?:{_UNIT})
    | [A-Za-z]+
    | \s+
    | .
    """,
    re.VERBOSE | re.DOTALL,
)
FOLD = 2


@dataclass(frozen=True)
class Op:
    """One piece of the diff: ``old`` and ``new`` text (equal pieces have both the same)."""

    tag: Tag
    old: str
    new: str


def tokenize(text: str) -> list[str]:
    """The tokens of ``text``; joined they give the text back."""
    return TOKEN_RE.findall(text)


def diff_text(old: str, new: str) -> list[Op]:
    """The word-aware diff of two texts, as equal / delete / insert / replace pieces."""
    a = tokenize(old)
    b = tokenize(new)
    pieces: list[Op] = []
    for opcode in Indel.opcodes(a, b):
        tag = cast(Tag, opcode.tag)
        old_part = "".join(a[opcode.src_start : opcode.src_end])
        new_part = "".join(b[opcode.dest_start : opcode.dest_end])
        pieces.append(Op(tag, old_part, new_part))
    return _fold(_merge(pieces))


def _merge(pieces: list[Op]) -> list[Op]:
    """Join neighbouring changes into one delete, insert or replace."""
    out: list[Op] = []
    for op in pieces:
        if not op.old and not op.new:
            continue
        if out and op.tag != "equal" and out[-1].tag != "equal":
            prev = out.pop()
            old, new = prev.old + op.old, prev.new + op.new
            out.append(Op(_tag_of(old, new), old, new))
        else:
            out.append(op)
    return out


def _tag_of(old: str, new: str) -> Tag:
    if old and new:
        return "replace"
    return "delete" if old else "insert"


def _fold(pieces: list[Op]) -> list[Op]:
    """Fold short unchanged runs between two changes into one change."""
    changed = True
    while changed:
        changed = False
        for k in range(1, len(pieces) - 1):
            mid = pieces[k]
            if mid.tag == "equal" and len(mid.old) <= FOLD and pieces[k - 1].tag != "equal" != pieces[k + 1].tag:
                before, after = pieces[k - 1], pieces[k + 1]
                old = before.old + mid.old + after.old
                new = before.new + mid.new + after.new
                pieces[k - 1 : k + 2] = [Op(_tag_of(old, new), old, new)]
                changed = True
                break
    return pieces


def changed(ops: list[Op]) -> bool:
    """True when the diff has any change."""
    return any(op.tag != "equal" for op in ops)
