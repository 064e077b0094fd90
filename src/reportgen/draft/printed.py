"""The draft's templates print the writer's typed lines; each printed line keeps its kind through the text.

The templates are given ``reportgen.report_text`` lines (``part.lines``, ``section.lines`` …). Printing one,
``{{ line }}``, writes its text behind an invisible tag (control characters a report never holds) that names its
kind, place and heading level. ``read_printed`` takes the rendered text apart again: each output line gets the
kind of the writer's line printed on it, and a line a template wrote itself, with no writer's line on it, is
plain ``text``. So the Word layout knows every kind from the writer, whatever the user's templates arrange, and
never guesses one from the wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast, get_args

from reportgen.normalize import normalize_line
from reportgen.report_text import Line, LineKind
from reportgen.sanitize import strip_controls

_TAG_RE = re.compile("(\x02[a-z_]+,\\d*,\\d*,\\d*,\\d+,\\d\x03)")
_FIELDS_RE = re.compile("\x02([a-z_]+),(\\d*),(\\d*),(\\d*),(\\d+),(\\d)\x03")
_KINDS: frozenset[str] = frozenset(get_args(LineKind))


@dataclass(frozen=True)
class PrintedLine(Line):
    """A writer's line as a template prints it: its text behind the tag that names its kind."""

    def __str__(self) -> str:
        numbers = ",".join("" if n is None else str(n) for n in (self.part, self.section, self.item))
        return f"\x02{self.kind},{numbers},{self.index},{self.level}\x03{self.text}"


def printed(lines: list[Line]) -> list[PrintedLine]:
    """``lines`` as templates print them."""
    return [PrintedLine(x.kind, x.text, x.part, x.section, x.item, x.index, x.level) for x in lines]


def _number(text: str) -> int | None:
    return int(text) if text else None


def _line(text: str, tag: str | None) -> Line:
    found = _FIELDS_RE.fullmatch(tag) if tag is not None else None
    if found is None or found.group(1) not in _KINDS:
        return Line("text", text)
    kind, part, section, item, index, level = found.groups()
    return Line(cast(LineKind, kind), text, _number(part), _number(section), _number(item), int(index), int(level))


def read_printed(rendered: str) -> list[Line]:
    """The non-empty lines of the rendered text in canonical form, each with the kind of the writer's line printed
    on it (the first, if a template put several on one line), else ``text``."""
    pieces = _TAG_RE.split(rendered)  # text, tag, text, tag, …, text
    tags = pieces[1::2]
    # The tags stand in as a private-use character the text does not hold, numbered, so that control characters
    # are stripped and lines split exactly as in text without tags.
    sentinel = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in rendered)
    joined = "".join(
        strip_controls(piece) if k % 2 == 0 else f"{sentinel}{k // 2}{sentinel}" for k, piece in enumerate(pieces)
    )
    sentinel_re = re.compile(f"{sentinel}(\\d+){sentinel}")
    lines: list[Line] = []
    for raw in joined.splitlines():
        first = sentinel_re.search(raw)
        text = normalize_line(sentinel_re.sub("", raw))
        if text:
            lines.append(_line(text, tags[int(first.group(1))] if first is not None else None))
    return lines


def printed_text(lines: list[Line]) -> str:
    """The lines as the draft's text file holds them: one paragraph per line."""
    return "\n".join(line.text for line in lines) + "\n"
