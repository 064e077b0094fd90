"""Report text laid out as an office's own Word file would be, for tests that need such a file as their input.

The product never guesses a line's kind: it lays out the typed lines its writer wrote (``reportgen.report_text``).
A fixture text written by hand, or a corpus report the writer does not write back word for word, has no kinds, so
this reads them from the wording the way GB/T 9704 documents are usually set (a 报告 title, a 主送机关 ending in
：, 一、 and （一） headings, a signature over a date). Test fixtures only.
"""

from __future__ import annotations

from reportgen.outline import DATE_RE, PART_RE, SECTION_RE
from reportgen.report_text import Line

_SHORT = 40


def guessed_lines(text: str) -> list[Line]:
    """The non-empty lines of ``text`` with the kinds read from their position and numbering."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    kinds: list[Line | None] = [None] * len(lines)
    start = 0
    if lines and "报告" in lines[0] and "。" not in lines[0] and not lines[0].endswith("："):
        kinds[0] = Line("title", lines[0])
        start = 1
    if start < len(lines) and lines[start].endswith("：") and "。" not in lines[start] and len(lines[start]) <= _SHORT:
        kinds[start] = Line("addressee", lines[start])
    end = len(lines)
    if end > start and kinds[end - 1] is None and DATE_RE.match(lines[end - 1]):
        kinds[end - 1] = Line("date", lines[end - 1])
        signature = lines[end - 2] if end - 2 >= start else ""
        if (
            signature
            and kinds[end - 2] is None
            and len(signature) <= _SHORT
            and not any(m in signature for m in "。，；：")
        ):
            kinds[end - 2] = Line("signature", signature)
    out: list[Line] = []
    for known, line in zip(kinds, lines, strict=True):
        if known is not None:
            out.append(known)
        elif PART_RE.match(line) and "。" not in line:
            out.append(Line("part", line, level=1))
        elif SECTION_RE.match(line):
            out.append(Line("section", line, level=2))
        else:
            out.append(Line("text", line))
    return out
