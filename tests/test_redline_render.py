"""LibreOffice opens a redline, converts it without error, and reads its tracked changes the way we wrote them.

LibreOffice's own reading is checked through ODF: converted to .odt, deleted text leaves the body for
``text:tracked-changes`` (so the body is the accepted document), and inserted text is marked by
``text:change-start``/``text:change-end``. Accepting or rejecting every change there must give the same
paragraphs as our ``accept_all``/``reject_all``: the new and the old report.

Needs LibreOffice and poppler-utils; without them these tests fail (never skip), naming the packages.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree  # type: ignore[import-untyped]
from reportgen.compare.redline.document import Redline, layout_texts, redline_document

from reportgen.parse import parse_file
from reportgen.store import load_report

from .conftest import FIXTURES, ROOT
from .render_support import render_check, require_tools

pytestmark = pytest.mark.render

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
WHEN = datetime.datetime(2025, 3, 6, tzinfo=datetime.UTC)
PAIRS = {
    "2023-to-variant": (ROOT / "history" / "2023.yaml", FIXTURES / "compare" / "zhonglou-2024-variant.txt"),
    "2023-to-statutory": (ROOT / "history" / "2023.yaml", FIXTURES / "compare" / "zhonglou-2024-statutory.txt"),
    "two-districts": (FIXTURES / "compare" / "zhonglou-2024-statutory.txt", FIXTURES / "statutory-2024.txt"),
    "moved-sections": (
        FIXTURES / "compare" / "zhonglou-2024-variant.txt",
        FIXTURES / "redline" / "zhonglou-2024-moved.txt",
    ),
}


def _report(path: Path) -> Any:
    return load_report(path) if path.suffix == ".yaml" else parse_file(path)


def _to_odt(docx_path: Path, outdir: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="reportgen-odt-") as profile:
        done = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "odt",
                "--outdir",
                str(outdir),
                str(docx_path),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
            env={**os.environ},
        )
    odt = outdir / f"{docx_path.stem}.odt"
    assert done.returncode == 0 and odt.is_file(), done.stderr
    return odt


_BREAK = "\n"


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _stream(element: Any, out: list[Any]) -> None:
    """The text of an ODF element as a list of strings and change marks ("start"/"end"/"del", id)."""
    name = etree.QName(element).localname
    if name in ("tracked-changes", "annotation"):
        return
    if name == "change-start":
        out.append(("start", element.get(_q(TEXT, "change-id"))))
    elif name == "change-end":
        out.append(("end", element.get(_q(TEXT, "change-id"))))
    elif name == "change":
        out.append(("del", element.get(_q(TEXT, "change-id"))))
    elif name == "s":
        out.append(" " * int(element.get(_q(TEXT, "c"), "1")))
    if element.text:
        out.append(element.text)
    for child in element:
        _stream(child, out)
        if child.tail:
            out.append(child.tail)


def _paragraphs(tokens: list[Any]) -> list[str]:
    text = "".join(t for t in tokens if isinstance(t, str))
    return text.split(_BREAK)


def libreoffice_views(odt: Path) -> tuple[list[str], list[str], int, int]:
    """(accepted paragraphs, rejected paragraphs, tracked changes, comments) as LibreOffice read the file."""
    root = etree.fromstring(zipfile.ZipFile(odt).read("content.xml"))
    body = root.find(f"{_q(OFFICE, 'body')}/{_q(OFFICE, 'text')}")
    regions: dict[str, tuple[str, list[Any]]] = {}
    changes = body.find(_q(TEXT, "tracked-changes"))
    for region in changes if changes is not None else []:
        change = region[0]
        paras = [p for p in change if etree.QName(p).localname in ("p", "h")]
        regions[region.get(_q(TEXT, "id"))] = (etree.QName(change).localname, paras)
    tokens: list[Any] = []
    top = [p for p in body if etree.QName(p).localname in ("p", "h")]
    for k, para in enumerate(top):
        _stream(para, tokens)
        if k < len(top) - 1:
            tokens.append(_BREAK)
    accepted = [t for t in tokens if isinstance(t, str)]
    rejected: list[Any] = []
    inside: set[str] = set()
    for token in tokens:
        if isinstance(token, tuple):
            mark, change_id = token
            if mark == "start" and regions.get(change_id, ("",))[0] == "insertion":
                inside.add(change_id)
            elif mark == "end":
                inside.discard(change_id)
            elif mark == "del" and not inside:
                paras = regions[change_id][1]
                for k, para in enumerate(paras):
                    sub: list[Any] = []
                    _stream(para, sub)
                    rejected += [t for t in sub if isinstance(t, str)]
                    if k < len(paras) - 1:
                        rejected.append(_BREAK)
        elif not inside:
            rejected.append(token)
    comments = len(list(body.iter(_q(OFFICE, "annotation"))))
    return _paragraphs(accepted), _paragraphs(rejected), len(regions), comments


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Redline, Path]]:
    require_tools()
    folder = tmp_path_factory.mktemp("redline-render")
    out: dict[str, tuple[Redline, Path]] = {}
    for name, (old, new) in PAIRS.items():
        redline = redline_document(_report(old), _report(new), when=WHEN)
        path = folder / f"{name}.docx"
        path.write_bytes(redline.to_bytes())
        out[name] = (redline, path)
    return out


def test_render_tools_are_installed() -> None:
    require_tools()


def test_libreoffice_converts_the_redline_to_pdf(written: dict[str, tuple[Redline, Path]], tmp_path: Path) -> None:
    _, path = written["2023-to-variant"]
    result = render_check.render(path, tmp_path / "pdf")
    assert result.is_a4 and len(result.pngs) >= 8
    assert not result.uses_dejavu, result.fonts


@pytest.mark.parametrize("pair", list(PAIRS))
def test_libreoffice_reads_the_changes_as_written(
    written: dict[str, tuple[Redline, Path]], tmp_path: Path, pair: str
) -> None:
    redline, path = written[pair]
    accepted, rejected, changes, comments = libreoffice_views(_to_odt(path, tmp_path))
    assert accepted == layout_texts(redline.new_lines)
    assert rejected == layout_texts(redline.old_lines)
    assert changes >= redline.summary.insertions // 2
    assert comments == redline.summary.comments
