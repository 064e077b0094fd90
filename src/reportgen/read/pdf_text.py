"""The text layer of a published PDF, back as one paragraph per line.

pypdfium2 (PDFium, Chrome's PDF engine, as a wheel) reads a report's text layer in about 5 ms a page, gives each
character's box, and says which spaces and line breaks it made up itself. pdfminer.six and pdfplumber, pure
Python, take 10–30 times as long and need their layout parameters tuned before Chinese lines come out whole.

A PDF has no paragraphs, only lines placed on pages. They are joined back with the page's own geometry: a line
ends its paragraph when it stops short of the right margin or the next line starts indented (GB/T 9704 body
text indents each paragraph's first line by two characters). Page numbers ("— 3 —", "第3页") and running
headers or footers, lines repeated at the top or bottom of most pages, are dropped, and a paragraph broken at
the foot of a page runs on into the next.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–－_\s]*\d{1,4}[-—–－_\s]*|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$"
)
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Fewer visible characters than this per page on average: the PDF is a scan without a text layer.
MIN_CHARS_PER_PAGE = 20


@dataclass
class PdfLine:
    """One printed line: its text and where it starts and ends on the page (PDF points)."""

    text: str
    left: float
    right: float


class NoTextLayer(Exception):
    """The PDF has pages but (almost) no text: a scan."""


class PdfReadError(Exception):
    """PDFium could not open the file (damaged, not a PDF, or encrypted)."""


def _page_lines(page: object) -> list[PdfLine]:
    import pypdfium2.raw as pdfium_c  # loaded with pypdfium2 itself, only for PDF input

    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        text = textpage.get_text_range()
        lines: list[PdfLine] = []
        pos = 0
        for raw_line in text.split("\r\n"):
            length = len(raw_line)
            # Spaces PDFium made up between a Chinese character and a digit (服务 580 智能) are not in the text.
            kept = [
                ch
                for k, ch in enumerate(raw_line)
                if ch != " " or not pdfium_c.FPDFText_IsGenerated(textpage.raw, pos + k)
            ]
            line = "".join(kept).strip()
            if line:
                first = pos + (length - len(raw_line.lstrip()))
                last = pos + len(raw_line.rstrip()) - 1
                left = textpage.get_charbox(first)[0]
                right = textpage.get_charbox(last)[2]
                lines.append(PdfLine(line, left, right))
            pos += length + 2
        return lines
    finally:
        textpage.close()


def _char_width(lines: list[PdfLine]) -> float:
    widths = [
        (line.right - line.left) / len(line.text)
        for line in lines
        if len(line.text) >= 10 and len(_CJK_RE.findall(line.text)) >= 0.8 * len(line.text)
    ]
    return statistics.median(widths) if widths else 12.0


def _large(line: PdfLine, body_width: float) -> bool:
    cjk = len(_CJK_RE.findall(line.text))
    return cjk >= 0.8 * len(line.text) and (line.right - line.left) / len(line.text) > 1.15 * body_width


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def drop_page_furniture(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """Pages without page numbers and without headers/footers repeated on most pages."""
    pages = [[line for line in page if not PAGE_NUMBER_RE.match(line.text.strip())] for page in pages]
    if len(pages) >= 2:
        edges: Counter[str] = Counter()
        for page in pages:
            edges.update({_furniture_key(line.text) for line in page[:2] + page[-2:]})
        threshold = max(2, (len(pages) + 1) // 2)
        repeated = {key for key, count in edges.items() if count >= threshold}
        if repeated:
            pages = [
                [
                    line
                    for k, line in enumerate(page)
                    if not ((k < 2 or k >= len(page) - 2) and _furniture_key(line.text) in repeated)
                ]
                for page in pages
            ]
    return pages


def join_lines(pages: list[list[PdfLine]]) -> list[str]:
    """Printed lines joined back into paragraphs, across page breaks too."""
    every = [line for page in pages for line in page]
    if not every:
        return []
    width = _char_width(every)
    left_margin = min(line.left for line in every)
    full_right = statistics.median(line.right for line in every if len(line.text) >= 10) if every else 0.0
    paragraphs: list[str] = []
    current = ""
    for k, line in enumerate(every):
        current += line.text
        following = every[k + 1] if k + 1 < len(every) else None
        short = line.right < full_right - 1.5 * width
        indented_next = following is not None and following.left > left_margin + 0.8 * width
        # A title in a larger size wraps onto a centred second line: both lines are large, the first has no stop.
        title_wraps = (
            following is not None
            and _large(line, width)
            and _large(following, width)
            and not line.text.endswith(("。", "：", "；", ":"))
        )
        if following is None or ((short or indented_next) and not title_wraps):
            paragraphs.append(current)
            current = ""
    return paragraphs


def pdf_text(data: bytes) -> str:
    """The text of a PDF's text layer, one paragraph per line. Raises NoTextLayer or PdfReadError."""
    import pypdfium2 as pdfium  # a native library: loaded only when a PDF is read, not at start-up

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfReadError(str(exc)) from exc
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                pages.append(_page_lines(page))
            finally:
                page.close()
    finally:
        document.close()
    visible = sum(len(line.text.replace(" ", "")) for page in pages for line in page)
    if visible < MIN_CHARS_PER_PAGE * max(1, len(pages)):
        raise NoTextLayer(f"{len(pages)} page(s), {visible} characters of text")
    return "\n".join(join_lines(drop_page_furniture(pages)))
