#!/usr/bin/env python3
"""Longer fuzz run, on demand: random text and random file bytes through every reader and the parser.

    .venv/bin/python scripts/fuzz.py --examples 20000

Passes when nothing raises anything but reportgen's own errors. Prints one summary line for the README.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import ReportgenError
from reportgen.figures import find_figures
from reportgen.normalize import normalize_text
from reportgen.parse import parse_file, parse_text

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = (ROOT / "history" / "2023.txt").read_text(encoding="utf-8")
ALPHABET = st.sampled_from(list(set(REFERENCE)) + list(",.:;()\"'<>&%×\r\n\t \u3000\ufeff\x00") + ["<p>", "</p>"])


def _mutations() -> st.SearchStrategy[str]:
    # The real report, cut and spliced with random report characters: deep paths through the segmenter.
    splice = st.tuples(st.integers(0, len(REFERENCE)), st.integers(0, 200), st.lists(ALPHABET, max_size=80))

    def apply(edits: list[tuple[int, int, list[str]]]) -> str:
        text = REFERENCE
        for at, cut, insert in edits:
            text = text[:at] + "".join(insert) + text[at + cut :]
        return text

    return st.lists(splice, min_size=1, max_size=8).map(apply)


def _docx_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", text)
    return buffer.getvalue()


def run(examples: int) -> int:
    failures: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="reportgen-fuzz-"))
    config = settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)

    @config
    @given(st.one_of(_mutations(), st.lists(ALPHABET, max_size=400).map("".join)))
    def text_paths(text: str) -> None:
        find_figures(normalize_text(text))
        try:
            parse_text(text)
        except ReportgenError:
            pass

    @config
    @given(st.binary(max_size=2000), st.sampled_from([".txt", ".html", ".docx"]), st.booleans())
    def file_paths(data: bytes, suffix: str, as_docx_zip: bool) -> None:
        path = workdir / f"input{suffix}"
        path.write_bytes(_docx_bytes(data.decode("latin-1")) if suffix == ".docx" and as_docx_zip else data)
        try:
            parse_file(path)
        except ReportgenError:
            pass

    started = time.monotonic()
    for check in (text_paths, file_paths):
        try:
            check()
        except Exception as exc:  # report and go on: the point is to list every escape
            failures.append(f"{check.__name__}: {type(exc).__name__}: {exc}")
    elapsed = time.monotonic() - started
    status = "no escapes" if not failures else f"{len(failures)} FAILED"
    print(f"fuzz: {examples} examples x 2 targets in {elapsed:.0f} s: {status}")
    for failure in failures:
        print("  " + failure)
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=5000)
    return run(parser.parse_args().examples)


if __name__ == "__main__":
    sys.exit(main())
