"""Text normalisation: one canonical form for report text, whatever its source.

Output punctuation is full-width (the GB/T 9704 house style); digits and Latin letters are half-width;
stray spaces between Chinese characters, which web copies insert, are removed.
"""

from __future__ import annotations

import re
import unicodedata

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation that may sit next to a stray space.
_FW_PUNCT = "，。、；：？！“”‘’（）《》【】—…·"

_SPACE_RE = re.compile(r"\s")

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


# Full-width digits, Latin letters and %, . (１２２, ％) become half-width; other punctuation stays. The ideographic
# space becomes a plain one. One translation table: a character-by-character loop took ~5 ms of every draft.
_FULL_TO_HALF = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), ord("％"), ord("．")]
}
_FULL_TO_HALF[0x3000] = " "


def _fullwidth_ascii_to_half(text: str) -> str:
    return text.translate(_FULL_TO_HALF)


def _convert_punct(line: str) -> str:
    # , ; : ? ! become full-width unless they sit between digits (1,390 or 8:30).
    def repl(match: re.Match[str]) -> str:
        ch = match.group(0)
        start = match.start()
        before = line[start - 1] if start > 0 else ""
        after = line[start + 1] if start + 1 < len(line) else ""
        if ch in ",:" and before.isdigit() and after.isdigit():
            return ch
        if ch in "?!:" and before.isascii() and before.isalnum() and (after.isascii() and after.isalnum()):
            return ch
        return _HALF_TO_FULL[ch]

    # Each step runs only when its character is in the line: most lines need none of them, and a pattern
    # with a Chinese character range costs about a millisecond to compile, once per process.
    if any(ch in line for ch in ",;:?!"):
        line = re.sub(r"[,;:?!]", repl, line)
        # Thousands separators inside numbers are dropped: 30,478 -> 30478.
        line = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", line)
    if "(" in line:
        # Parentheses: full-width when the bracketed text is Chinese or a Chinese list number.
        line = re.sub(rf"\(([^()]*[{CJK}][^()]*)\)", r"（\1）", line)
        line = re.sub(r"\(([一二三四五六七八九十]+|\d{1,2})\)", r"（\1）", line)
    line = _convert_quotes(line)
    if "." in line:
        # A Chinese full stop written as an ASCII period after Chinese text or a percentage; not in 1., 3.5
        # or a file name (报告.docx).
        line = re.sub(rf"(?<=[{CJK}”》）%])\.(?![\dA-Za-z])", "。", line)
    return line


def _convert_quotes(line: str) -> str:
    if '"' not in line:
        return line
    out = []
    opening = True
    for ch in line:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def _remove_stray_spaces(line: str) -> str:
    # A space between two Chinese characters (or Chinese and a digit/punctuation) is noise from the web,
    # except inside “” where brands such as “钟司有约 法商共营” really contain one.
    if not _SPACE_RE.search(line):
        return line
    pieces = re.split(r"(“[^“”]*”)", line)
    cleaned = []
    for i, piece in enumerate(pieces):
        if i % 2 == 1:
            cleaned.append(re.sub(r"\s+", " ", piece))
            continue
        if not _SPACE_RE.search(piece):
            cleaned.append(piece)
            continue
        # The quotes around the piece are its neighbours: 打造 “…” 品牌 loses both spaces.
        before = "”" if i > 0 else ""
        after = "“" if i < len(pieces) - 1 else ""
        piece = before + piece + after
        piece = re.sub(rf"(?<=[{CJK}{_FW_PUNCT}\d%])\s+(?=[{CJK}{_FW_PUNCT}])", "", piece)
        piece = re.sub(rf"(?<=[{CJK}{_FW_PUNCT}])\s+(?=[\d%])", "", piece)
        piece = re.sub(r"[ \t]{2,}", " ", piece)
        cleaned.append(piece[len(before) : len(piece) - len(after)])
    return "".join(cleaned)


def normalize_line(line: str) -> str:
    """Return one line in canonical form: full-width punctuation, half-width digits, no stray spaces."""
    line = unicodedata.normalize("NFC", line)
    line = line.replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " ")
    line = _fullwidth_ascii_to_half(line)
    line = _convert_punct(line)
    line = _remove_stray_spaces(line)
    return line.strip()


def normalize_text(text: str) -> str:
    """Normalise every line of ``text``; CRLF and CR become LF, empty lines are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (normalize_line(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
