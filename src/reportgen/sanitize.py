"""Text made safe to carry: no control characters in report text, no formulas in the sheets we write.

* ``strip_controls`` keeps only the characters XML 1.0 allows (tab, newline, carriage return and the rest of
  Unicode less surrogates, U+FFFE and U+FFFF). lxml refuses the others when it writes a DOCX, and ESC in a
  report would drive the terminal; every reader drops them, so one bad file cannot break later drafts.
* ``sheet_text`` follows OWASP's CSV-injection rule: text starting with ``= + - @``, tab or carriage return
  gets a leading apostrophe, so Excel and WPS show it as text instead of running it. ``defuse_workbook``
  does the same for an openpyxl workbook, keeping the cell text as it is and marking it as text.
"""

from __future__ import annotations

import re
from typing import Any

from reportgen.lazy_re import lazy

# Everything XML 1.0 forbids: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# ANSI/VT escape sequences (CSI … final byte, OSC … BEL/ST) and the C1 controls that start them.
_ESCAPES = lazy(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|[\x80-\x9f]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def strip_controls(text: str) -> str:
    """``text`` without the characters XML cannot hold, escape sequences and C1 controls included."""
    if not _FORBIDDEN.search(text) and "\x7f" not in text and not _has_c1(text):
        return text
    return _FORBIDDEN.sub("", _ESCAPES.sub("", text)).replace("\x7f", "")


def _has_c1(text: str) -> bool:
    return any("\x80" <= ch <= "\x9f" for ch in text)


def strip_escapes(text: str) -> str:
    """``text`` for a terminal: ANSI escape sequences and other control characters removed, newlines kept."""
    return strip_controls(text)


def sheet_text(value: Any) -> Any:
    """A cell value for a CSV or sheet: text that a spreadsheet would run as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unsheet_text(value: str) -> str:
    """Undo ``sheet_text`` on a cell read back: '=x → =x; other text as it is."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def defuse_workbook(workbook: Any) -> None:
    """Make every text cell of an openpyxl ``workbook`` that could run as a formula plain, quoted text.

    openpyxl writes a string starting with ``=`` as a formula; reportgen never writes formulas on purpose.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell.value = value
                    cell.data_type = "s"
                    cell.quotePrefix = True
