"""Parsing: report text → Report (normalise, segment, extract figures and initiatives)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from reportgen.errors import StructureError
from reportgen.figures import figures_in
from reportgen.initiatives import initiatives_in
from reportgen.model import Figure, Initiative, Report
from reportgen.normalize import normalize_text
from reportgen.outline import DATE_RE, REVIEW_MARK_RE
from reportgen.read.documents import read_document
from reportgen.read.traditional import to_simplified
from reportgen.segment import segment
from reportgen.style import detect_style

_TRADITIONAL_NOTE = "{name}: traditional characters read as simplified (the original text is kept)"
_ORG_FROM_TITLE = re.compile(r"^(?P<org>.+?)关于")
_YEAR_RE = re.compile(r"(?P<y>(?:19|20)\d{2})年")
_ORG_SUFFIX = re.compile(r"(人民政府|区政府|县政府|市政府|委员会|司法局)$")


def _org_hints(org: str | None) -> tuple[str, ...]:
    # Names that mark a 《》 document as the district's own: the org, and its district/city names.
    if not org:
        return ()
    hints = {org}
    base = _ORG_SUFFIX.sub("", org)
    for m in re.finditer(r"[\u4e00-\u9fff]{1,4}?[省市区县镇]", base):
        hints.add(m.group(0))
    hints.add(base)
    return tuple(sorted(h for h in hints if len(h) >= 2))


def _infer_year(title: str | None, preamble: str, date: str | None) -> int | None:
    for text in (title or "", preamble[:40]):
        m = _YEAR_RE.search(text)
        if m:
            return int(m.group("y"))
    if date:
        m = DATE_RE.match(date)
        if m and m.group("y").isdigit():
            return int(m.group("y")) - 1
    return None


def parse_text(text: str, source: str | None = None) -> Report:
    """Parse report text (any punctuation width, with or without title and addressee) into a Report."""
    simplified = to_simplified(text)
    clean = REVIEW_MARK_RE.sub("", normalize_text(simplified))
    try:
        outline = segment(clean)
    except StructureError as exc:
        if source is not None and exc.path is None:
            exc.path = Path(source)
        raise
    org = outline.signature
    if outline.title and (m := _ORG_FROM_TITLE.match(outline.title)):
        org = org or m.group("org")
    hints = _org_hints(org)
    figures: list[Figure] = []
    initiatives: list[Initiative] = []
    for part in outline.parts:
        if part.intro:
            figures += figures_in(part.intro, part.number, None, f"f{part.number}.0")
            initiatives += initiatives_in(part.intro, part.number, None, hints)
        for section in part.sections:
            body = f"{section.title}。{section.text}"
            figures += figures_in(body, part.number, section.number, f"f{part.number}.{section.number}")
            initiatives += initiatives_in(body, part.number, section.number, hints)
    figures += figures_in(outline.preamble, None, None, "f0.0")
    # Plans name what the district means to do; they are kept as initiatives too, located at no part.
    for item in outline.plans:
        initiatives += initiatives_in(item.text, None, None, hints)
    style = detect_style(
        clean,
        outline.parts,
        shortcomings_intro=outline.shortcomings_intro,
        shortcomings=outline.shortcomings,
        plans_intro=outline.plans_intro,
        plans=outline.plans,
        shortcomings_title=outline.shortcomings_title,
        plans_title=outline.plans_title,
        date=outline.date,
    )
    return Report(
        org=org,
        year=_infer_year(outline.title, outline.preamble, outline.date),
        title=outline.title,
        addressee=outline.addressee,
        preamble=outline.preamble,
        parts=outline.parts,
        shortcomings=outline.shortcomings,
        plans=outline.plans,
        signature=outline.signature,
        date=outline.date,
        shortcomings_intro=outline.shortcomings_intro,
        plans_intro=outline.plans_intro,
        outline=outline.outline,
        shortcomings_title=outline.shortcomings_title,
        plans_title=outline.plans_title,
        figures=figures,
        initiatives=initiatives,
        source=source,
        warnings=[_TRADITIONAL_NOTE.format(name=Path(source).name if source else "the text")]
        if simplified != text
        else [],
        style=style,
    )


_log = logging.getLogger("reportgen")


def parse_file(path: Path) -> Report:
    """Read and parse a report file; what the reader had to do is in ``report.warnings`` (and logged)."""
    document = read_document(path)
    report = parse_text(document.text, source=str(path))
    report.warnings = document.warnings + report.warnings
    for warning in report.warnings:
        _log.warning(warning)
    return report
