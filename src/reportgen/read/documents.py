"""Readers: a report file (.txt, .docx, .pdf, .html, .doc/.wps/.odt) → its plain text, one paragraph per line.

Each reader refuses hostile input before it parses anything: size limits, zip checks, XML entities.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

from reportgen.errors import InputFileError, UnsafeInputError, UsageError
from reportgen.i18n import _
from reportgen.read.convert import CONVERTIBLE_SUFFIXES, convert_to_docx
from reportgen.safezip import read_office_zip
from reportgen.sanitize import strip_controls

DEFAULT_MAX_INPUT_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")


@dataclass
class SourceText:
    """A report file's plain text, and anything the reader had to do that the user should know."""

    text: str
    warnings: list[str] = field(default_factory=list)


def max_input_bytes() -> int:
    """The input size limit: REPORTGEN_MAX_INPUT_MB, or 20 MB."""
    value = os.environ.get("REPORTGEN_MAX_INPUT_MB", "").strip()
    if not value:
        return DEFAULT_MAX_INPUT_BYTES
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = math.nan
    # A limit of 0, below 0, nan or inf would switch the check off: refuse it instead.
    if not math.isfinite(megabytes) or megabytes <= 0 or megabytes > 1024 * 1024:
        raise UsageError(
            _("REPORTGEN_MAX_INPUT_MB must be a number of megabytes above 0, not {value}").format(value=repr(value))
        )
    return int(megabytes * 1024 * 1024)


def _human_size(size: float) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{size / 1024:.1f} KB"


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, refusing missing, empty, folder and oversized files."""
    if not path.exists():
        raise InputFileError(_("file not found"), path=path)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise InputFileError(_("cannot read: {reason}").format(reason=exc.strerror), path=path) from exc
    if stat.S_ISDIR(mode):
        raise InputFileError(_("is a folder, not a file"), path=path)
    if not stat.S_ISREG(mode):
        # A FIFO would wait for a writer forever, a device could be endless.
        raise InputFileError(_("is not a regular file (a pipe, device or socket)"), path=path)
    size = path.stat().st_size
    if size == 0:
        raise InputFileError(_("file is empty"), path=path)
    limit = max_input_bytes()
    if size > limit:
        raise UnsafeInputError(
            _("file is {size}, over the {limit} limit").format(size=_human_size(size), limit=_human_size(limit)),
            path=path,
            hint=_("raise REPORTGEN_MAX_INPUT_MB if this is really a report"),
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(_("cannot read: {reason}").format(reason=exc.strerror), path=path) from exc


def decode_text(data: bytes, path: Path) -> str:
    """Decode report text saved as UTF-8 (with or without BOM), UTF-16 with BOM, GBK or GB18030."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFileError(_("looks like a binary file, not text"), path=path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A lone surrogate (a half-written character) becomes U+FFFD rather than a traceback.
        return strip_controls(data.decode("utf-16", errors="replace"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return strip_controls(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise InputFileError(_("cannot decode the text as UTF-8, GBK or GB18030"), path=path)


def read_txt(path: Path) -> str:
    """Text of a .txt report in any of the usual encodings."""
    return decode_text(read_bytes(path), path)


def read_docx(path: Path, *, shown_as: Path | None = None) -> SourceText:
    """Text of a .docx report, one paragraph per line, as Word shows it.

    Automatic numbering and style-only headings get their numbers, tables stand where they are (a row a line)
    and tracked changes are read as accepted, with a warning saying so. ``shown_as`` is the file the user gave,
    when ``path`` was converted from it.
    """
    data = read_bytes(path)
    path = shown_as or path
    read_office_zip(data, path, kind=".docx", required="word/document.xml")
    archive = zipfile.ZipFile(BytesIO(data))
    # Lazy for start-up: lxml and the .docx reader load only for .docx input.
    from lxml import etree

    from reportgen.read.docx_text import docx_text

    try:
        read = docx_text(archive)
    except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise InputFileError(
            _("damaged Word document ({reason})").format(reason=type(exc).__name__), path=path
        ) from exc
    warnings = []
    if read.tracked_changes:
        warnings.append(
            _(
                "{name}: tracked changes (修订) read as accepted: "
                "{insertions} insertion(s) kept, {deletions} deletion(s) dropped"
            ).format(name=path.name, insertions=read.insertions, deletions=read.deletions)
        )
    return SourceText(strip_controls(read.text), warnings)


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "nav", "header", "footer", "head", "iframe", "form", "select"})
    _BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "td"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data.replace("\n", " "))


def _html_encoding(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", data[:4096], re.IGNORECASE)
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        # "undefined", "rot13", "hex" and the like are codecs, but not text encodings a page can be in.
        return name if codecs.lookup(name)._is_text_encoding else None
    except LookupError:
        return None


def read_html(path: Path) -> str:
    """Visible text of a saved web page; scripts, styles and navigation are dropped, nothing is fetched."""
    data = read_bytes(path)
    encoding = _html_encoding(data)
    text: str | None = None
    if encoding:
        try:
            text = data.decode("gb18030" if encoding in ("gb2312", "gbk") else encoding)
        except (UnicodeError, LookupError):
            text = None
    if text is None:
        text = decode_text(data, path)
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return strip_controls("".join(parser.parts))


def read_pdf(path: Path) -> SourceText:
    """Text layer of a published PDF, page numbers and running headers dropped, paragraphs joined again."""
    from reportgen.read.pdf_text import NoTextLayer, PdfReadError, pdf_text  # lazy for start-up: pypdfium2

    data = read_bytes(path)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputFileError(_("not a PDF file (it does not start with %PDF)"), path=path)
    try:
        return SourceText(strip_controls(pdf_text(data)))
    except NoTextLayer as exc:
        raise InputFileError(
            _("the PDF has no text layer, only images ({reason}): a scanned copy").format(reason=exc),
            path=path,
            hint=_("use the .docx, or run OCR on the PDF first"),
        ) from exc
    except PdfReadError as exc:
        raise InputFileError(_("cannot read the PDF: it is damaged or password-protected"), path=path) from exc


def read_converted(path: Path) -> SourceText:
    """A .doc, .wps, .odt or .rtf report, converted to .docx through LibreOffice and read as one."""
    data = read_bytes(path)  # the same checks as every input: exists, not empty, under the size limit
    # Word 97/WPS (OLE), zip (.odt, a renamed .docx), RTF, and the HTML or XML some sites save as .doc.
    if not data.lstrip()[:16].lower().startswith((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"pk\x03\x04", b"{\\rtf", b"<")):
        raise InputFileError(
            _("not a {suffix} document: damaged, or another kind of file").format(suffix=path.suffix.lower()),
            path=path,
            hint=_("save it as .docx"),
        )
    with tempfile.TemporaryDirectory(prefix="reportgen-convert-") as workdir:
        return read_docx(convert_to_docx(path, Path(workdir)), shown_as=path)


def read_document(path: Path) -> SourceText:
    """Plain text of a report file, chosen by its suffix, with the reader's warnings."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix in HTML_SUFFIXES:
        return SourceText(read_html(path))
    if suffix in TEXT_SUFFIXES or suffix == "":
        return SourceText(read_txt(path))
    if suffix == ".pdf":
        return read_pdf(path)
    if suffix in CONVERTIBLE_SUFFIXES:
        return read_converted(path)
    raise InputFileError(
        _("unknown file type {suffix}").format(suffix=suffix),
        path=path,
        hint=_("use .txt, .docx, .pdf, .html, .doc/.wps/.odt or a history .yaml"),
    )


def read_source(path: Path) -> str:
    """Plain text of a report file, chosen by its suffix."""
    return read_document(path).text
