"""The corpus of report patterns (tests/corpus/): figure recall, precision, label quality and not-figures taken,
and the same report read as text, as a Word file, as a LibreOffice PDF and as a saved web page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from reportgen.labels import is_lone
from reportgen.model import Figure, Report
from reportgen.normalize import normalize_line
from reportgen.parse import parse_file, parse_text
from reportgen.word_layout import write_docx as write_office_docx

from .layout_support import guessed_lines
from .office_files import libreoffice_convert, web_page, word_docx
from .render_support import require_tools

CORPUS = sorted((Path(__file__).resolve().parent / "corpus").glob("*.yaml"))
# The thresholds.
MIN_RECALL, MIN_LABELS, MAX_NOT_FIGURES_TAKEN = 0.95, 0.90, 0.01


def _case(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@dataclass
class Score:
    """Counts over one report or the whole corpus."""

    expected: int = 0
    found: int = 0
    matched: int = 0
    labelled: int = 0
    not_figures: int = 0
    taken: int = 0

    def add(self, other: Score) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.matched / self.expected

    @property
    def precision(self) -> float:
        return self.matched / self.found

    @property
    def labels(self) -> float:
        return self.labelled / self.matched

    @property
    def taken_rate(self) -> float:
        return self.taken / self.not_figures if self.not_figures else 0.0


def score(report: Report, case: dict[str, Any], misses: list[str]) -> Score:
    """Pair expected figures with parsed ones by their written form, in order; judge each pair's label."""
    result = Score(expected=len(case["figures"]), found=len(report.figures))
    unused = list(report.figures)
    for item in case["figures"]:
        raw = normalize_line(str(item["raw"]))
        hit = next((f for f in unused if f.raw == raw), None)
        if hit is None:
            misses.append(f"missed {raw}")
            continue
        unused.remove(hit)
        result.matched += 1
        if normalize_line(item["label"]) in hit.label and not is_lone(hit.label):
            result.labelled += 1
        else:
            misses.append(f"label of {raw}: {hit.label!r}, wanted one naming {item['label']!r}")
    misses.extend(f"extra {f.raw} ({f.label})" for f in unused)
    for phrase in case.get("not_figures") or []:
        phrase = normalize_line(str(phrase))
        result.not_figures += 1
        if any(f.raw in phrase and phrase in f.text for f in report.figures):
            result.taken += 1
            misses.append(f"took a number of {phrase}")
    return result


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_each_report_meets_the_thresholds(path: Path) -> None:
    case = _case(path)
    misses: list[str] = []
    result = score(parse_text(case["text"]), case, misses)
    assert result.recall >= MIN_RECALL and result.labels >= MIN_LABELS and result.taken == 0, misses


def test_corpus_scores(capsys: pytest.CaptureFixture[str]) -> None:
    total = Score()
    misses: list[str] = []
    for path in CORPUS:
        total.add(score(parse_text(_case(path)["text"]), _case(path), misses))
    assert len(CORPUS) >= 10 and total.expected >= 100
    with capsys.disabled():
        print(
            f"\ncorpus: {len(CORPUS)} reports, {total.expected} figures, {total.not_figures} not-figures; "
            f"recall {total.recall:.3f}, precision {total.precision:.3f}, labels {total.labels:.3f}, "
            f"not-figures taken {total.taken_rate:.3f}"
        )
    assert total.recall >= MIN_RECALL, misses
    assert total.labels >= MIN_LABELS, misses
    assert total.taken_rate <= MAX_NOT_FIGURES_TAKEN, misses


def _figures(report: Report) -> list[tuple[str, str, str, int | None, int | None]]:
    return [(f.raw, f.label, f.kind, f.part, f.section) for f in report.figures]


def _write_text(case: dict[str, Any], path: Path) -> Path:
    path.write_text(case["text"], encoding="utf-8")
    return path


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_word_file_and_web_page_give_the_same_figures(tmp_path: Path, path: Path) -> None:
    case = _case(path)
    expected = _figures(parse_file(_write_text(case, tmp_path / "report.txt")))
    word = parse_file(word_docx(case["text"], tmp_path / "report.docx"))
    assert _figures(word) == expected
    assert any("tracked changes (修订) read as accepted" in warning for warning in word.warnings)
    assert _figures(parse_file(web_page(case["text"], tmp_path / "report.html"))) == expected


@pytest.fixture(scope="module")
def corpus_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every corpus report laid out as GB/T 9704 and printed to PDF by LibreOffice in one run."""
    require_tools()
    folder = tmp_path_factory.mktemp("corpus-pdf")
    docs = []
    for path in CORPUS:
        doc = folder / f"{path.stem}.docx"
        write_office_docx(guessed_lines(_case(path)["text"]), doc)
        docs.append(doc)
    return {pdf.stem: pdf for pdf in libreoffice_convert(docs, "pdf", folder)}


@pytest.mark.render
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_libreoffice_pdf_gives_the_same_figures(tmp_path: Path, corpus_pdfs: dict[str, Path], path: Path) -> None:
    case = _case(path)
    expected: list[Figure] = parse_file(_write_text(case, tmp_path / "report.txt")).figures
    from_pdf = parse_file(corpus_pdfs[path.stem]).figures
    assert [(f.raw, f.kind, f.part, f.section) for f in from_pdf] == [
        (f.raw, f.kind, f.part, f.section) for f in expected
    ]
    assert [f.label for f in from_pdf] == [f.label for f in expected]
