"""Traditional characters (項, 個, 萬) read like simplified ones, so figures and names match across copies.

Some mirror sites publish reports in traditional characters. The parser reads a simplified copy made with OpenCC
(its ``t2s`` phrase tables, so 乾淨 becomes 干净 but 乾隆 stays); the stored original text keeps the characters
as written. OpenCC is a native library: it is imported only when a text has traditional characters.
"""

from __future__ import annotations

# Common characters whose traditional form differs from the simplified one, as report text uses them.
_TRADITIONAL_MARKERS = frozenset(
    "這個們來對於與區進為發會國務關機構實現項萬餘應經過當後從開辦議處領導問題標準據條規執嚴監體網總雙產調質數點鎮縣續"
    "組織學習級務導費權層屬參與認識設計劃舉報"
)
# At least this many marker characters before a text counts as traditional: a stray 後 in a name is not enough.
MIN_MARKERS = 3


def looks_traditional(text: str) -> bool:
    """True when ``text`` is written in traditional characters."""
    count = 0
    for ch in text:
        if ch in _TRADITIONAL_MARKERS:
            count += 1
            if count >= MIN_MARKERS:
                return True
    return False


def to_simplified(text: str) -> str:
    """``text`` in simplified characters (OpenCC t2s); text that is not traditional is returned unchanged."""
    if not looks_traditional(text):
        return text
    import opencc  # native and ~15 ms to load: only for traditional text

    return str(opencc.OpenCC("t2s.json").convert(text))
