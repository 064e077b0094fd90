#!/usr/bin/env python3
"""Render a DOCX draft to PDF and PNG with LibreOffice and report what its layout came out as.

Usage: scripts/render_check.py DOCX [--outdir DIR]

Writes DIR/<name>.pdf and DIR/<name>-<page>.png (default DIR: the DOCX's folder), then prints
the page size, the fonts in the PDF, whether DejaVu stood in for a missing Chinese font, and the
number of text lines on each page. Exits 1 if the PDF is not A4, uses DejaVu or leaves a font
unembedded. The Chinese font names of GB/T 9704 are mapped to free fonts through
fonts/fontconfig/reportgen-fonts.conf, loaded for this run only (nothing is installed).

Needs (Debian): libreoffice-writer-nogui, poppler-utils, fonts-noto-cjk, fonts-arphic-gkai00mp.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ALIAS_FILE = Path(__file__).resolve().parent.parent / "fonts" / "fontconfig" / "reportgen-fonts.conf"
SYSTEM_FONTCONFIG = Path("/etc/fonts/fonts.conf")
TOOL_PACKAGES = {
    "soffice": "libreoffice-writer-nogui",
    "pdftoppm": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdftotext": "poppler-utils",
}
CONVERT_TIMEOUT = 180
TOOL_TIMEOUT = 60
PNG_DPI = 60
A4_POINTS = (595.28, 841.89)
_PAGE_NUMBER_RE = re.compile(r"^\s*—\s*\d+\s*—\s*$")
_SUBSET_PREFIX_RE = re.compile(r"^[A-Z]{6}\+")


class RenderError(RuntimeError):
    """A tool is missing or a conversion step failed."""


@dataclass(frozen=True)
class PdfFont:
    """A font as pdffonts lists it, without the subset prefix."""

    name: str
    embedded: bool


@dataclass(frozen=True)
class RenderResult:
    """What the rendered draft looks like, as far as poppler can tell."""

    pdf: Path
    pngs: tuple[Path, ...]
    page_size: tuple[float, float]
    """Width and height of page 1 in points."""
    fonts: tuple[PdfFont, ...]
    line_counts: tuple[int, ...]
    """Non-empty text lines per page, page number not counted."""

    @property
    def is_a4(self) -> bool:
        """True when page 1 is A4 portrait (to within a point)."""
        return all(abs(got - want) < 1 for got, want in zip(self.page_size, A4_POINTS, strict=True))

    @property
    def uses_dejavu(self) -> bool:
        """True when a DejaVu font stood in, i.e. a Chinese font name was not mapped."""
        return any("dejavu" in font.name.lower() for font in self.fonts)

    @property
    def first_full_page(self) -> int | None:
        """The first page (from 1) that is neither the title page nor the possibly short last page."""
        return 2 if len(self.line_counts) >= 3 else None

    @property
    def first_full_page_lines(self) -> int | None:
        """Text lines on the first full page, which GB/T 9704 wants to be 22."""
        page = self.first_full_page
        return None if page is None else self.line_counts[page - 1]

    def problems(self) -> list[str]:
        """What is wrong with the rendering, as sentences; empty when all is well."""
        found = []
        if not self.is_a4:
            found.append(f"page size is {self.page_size[0]:.1f} × {self.page_size[1]:.1f} pt, not A4")
        if self.uses_dejavu:
            found.append("a DejaVu font was used: a Chinese font name is not mapped (install fonts-noto-cjk)")
        found.extend(f"font {font.name} is not embedded" for font in self.fonts if not font.embedded)
        return found


def missing_tools() -> list[str]:
    """The external programs render() needs that are not on PATH, each with its Debian package."""
    return [f"{tool} (package {pkg})" for tool, pkg in TOOL_PACKAGES.items() if not shutil.which(tool)]


def render(docx_path: Path, outdir: Path) -> RenderResult:
    """Convert ``docx_path`` to ``outdir``/<name>.pdf and one PNG per page, then inspect the PDF.

    PNGs left in ``outdir`` by an earlier run for the same name are replaced.
    """
    missing = missing_tools()
    if missing:
        raise RenderError("missing tools: " + ", ".join(missing))
    docx_path = Path(docx_path).resolve()
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    pdf = _convert_to_pdf(docx_path, outdir)
    for stale in _page_pngs(outdir, pdf.stem):
        stale.unlink()
    _run(["pdftoppm", "-r", str(PNG_DPI), "-png", str(pdf), str(outdir / pdf.stem)])
    pngs = _page_pngs(outdir, pdf.stem)
    info = _run(["pdfinfo", str(pdf)])
    pages = int(_field(info, r"^Pages:\s+(\d+)"))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    if size is None:
        raise RenderError(f"pdfinfo gave no page size for {pdf}")
    return RenderResult(
        pdf=pdf,
        pngs=pngs,
        page_size=(float(size.group(1)), float(size.group(2))),
        fonts=_fonts(pdf),
        line_counts=tuple(_line_count(pdf, page) for page in range(1, pages + 1)),
    )


def _page_pngs(outdir: Path, stem: str) -> tuple[Path, ...]:
    """The page images pdftoppm names <stem>-<page>.png (page zero-padded to the page count's width)."""
    pattern = re.compile(re.escape(stem) + r"-\d+\.png")
    return tuple(sorted(path for path in outdir.iterdir() if pattern.fullmatch(path.name)))


def _convert_to_pdf(docx_path: Path, outdir: Path) -> Path:
    """Run LibreOffice headless with a private profile and the reportgen font aliases."""
    with tempfile.TemporaryDirectory(prefix="reportgen-render-") as tmp:
        fonts_conf = Path(tmp) / "fonts.conf"
        fonts_conf.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
            f'  <include ignore_missing="yes">{SYSTEM_FONTCONFIG}</include>\n'
            f"  <include>{ALIAS_FILE}</include>\n</fontconfig>\n",
            encoding="utf-8",
        )
        profile = (Path(tmp) / "profile").as_uri()
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)}
        command = [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx_path),
        ]
        output = _run(command, env=env, timeout=CONVERT_TIMEOUT)
    pdf = outdir / f"{docx_path.stem}.pdf"
    if not pdf.is_file():
        raise RenderError(f"LibreOffice wrote no PDF for {docx_path}: {output.strip()}")
    return pdf


def _fonts(pdf: Path) -> tuple[PdfFont, ...]:
    """Parse pdffonts: the name is the first column, ``emb`` the fifth from the right."""
    rows = [row.split() for row in _run(["pdffonts", str(pdf)]).splitlines()[2:] if row.strip()]
    return tuple(PdfFont(_SUBSET_PREFIX_RE.sub("", row[0]), row[-5] == "yes") for row in rows)


def _line_count(pdf: Path, page: int) -> int:
    text = _run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"])
    return sum(1 for line in text.splitlines() if line.strip() and not _PAGE_NUMBER_RE.match(line))


def _field(text: str, pattern: str) -> str:
    match = re.search(pattern, text, re.MULTILINE)
    if match is None:
        raise RenderError(f"no match for {pattern!r} in:\n{text}")
    return match.group(1)


def _run(command: list[str], *, env: dict[str, str] | None = None, timeout: int = TOOL_TIMEOUT) -> str:
    """Run ``command`` and return its stdout; a failure or timeout becomes a RenderError."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"{command[0]} timed out after {timeout} s") from exc
    if done.returncode != 0:
        raise RenderError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: render, print the findings, exit 1 on a problem."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1] if __doc__ else None)
    parser.add_argument("docx", type=Path, help="the DOCX file to render")
    parser.add_argument("--outdir", type=Path, help="where the PDF and PNGs go (default: beside the DOCX)")
    args = parser.parse_args(argv)
    try:
        result = render(args.docx, args.outdir or args.docx.resolve().parent)
    except RenderError as exc:
        print(f"render_check: {exc}", file=sys.stderr)
        return 1
    width, height = result.page_size
    print(f"PDF: {result.pdf}")
    a4 = " (A4)" if result.is_a4 else ""
    print(f"pages: {len(result.line_counts)}; page size: {width:.1f} × {height:.1f} pt{a4}")
    print("fonts: " + ", ".join(f"{f.name}{'' if f.embedded else ' (not embedded)'}" for f in result.fonts))
    print(f"DejaVu used: {'yes' if result.uses_dejavu else 'no'}")
    print("text lines per page: " + ", ".join(str(count) for count in result.line_counts))
    if result.first_full_page is not None:
        page, lines = result.first_full_page, result.first_full_page_lines
        print(f"first full page: {page}, {lines} lines (GB/T 9704: 22)")
    print("PNG: " + ", ".join(str(png) for png in result.pngs))
    for problem in result.problems():
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if result.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
