"""The library words its errors in its own terms; only cli/ names command-line flags (#11).

Errors carry the fix as a ``Remedy`` and the setting a message is about as a ``Problem``; cli/messages.py words
both with the flags, the web page with its own words.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import get_args

import pytest
from reportgen.cli.messages import error_text, problem_message, remedy_hint
from reportgen.compare.redline.document import redline_refs
from reportgen.compare.trend.build import parse_years
from reportgen.compare.trend.run import run_trend

from reportgen.draft.run import draft_report
from reportgen.errors import OutputError, Problem, Remedy, ReportgenError, SheetError, UsageError
from reportgen.errors import remedy_hint as library_hint
from reportgen.i18n import set_language
from reportgen.outputs import claim

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = [ROOT / "src" / "reportgen", ROOT / "compare"]
FLAG = re.compile(r"(?<![\w-])--[a-z]")
# Other programs' own command-line arguments, which the library may name in a hint.
OTHER_PROGRAMS = {"install it with: brew install --cask libreoffice"}


def _translated_strings(path: Path) -> list[tuple[int, str]]:
    """The string literals passed to ``_()`` and ``ngettext()`` in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((node.lineno, arg.value))
    return found


def test_no_library_message_names_a_command_line_flag() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for folder in LIBRARY
        for path in sorted(folder.rglob("*.py"))
        for line, text in _translated_strings(path)
        if FLAG.search(text) and text not in OTHER_PROGRAMS
    ]
    assert offenders == []


def test_the_scan_finds_flags_in_the_cli() -> None:
    # The same scan over cli/ finds the flags there: it can fail.
    texts = [text for path in (ROOT / "cli").glob("*.py") for _line, text in _translated_strings(path)]
    assert any(FLAG.search(t) for t in texts) and "pass --year" in texts


@pytest.fixture(params=["en", "zh"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language(None)


def test_every_remedy_and_problem_has_both_wordings(language: str) -> None:
    for remedy in get_args(Remedy):
        assert not FLAG.search(library_hint(remedy)), remedy
        assert FLAG.search(remedy_hint(remedy)) or "reportgen init" in remedy_hint(remedy), remedy
    facts: dict[str, str | int] = {
        "count": 2,
        "listed": "a, b",
        "text": "'x'",
        "key": "'k'",
        "choices": "a",
        "name": "'b'",
    }
    for problem in get_args(Problem):
        assert FLAG.search(problem_message(problem, facts)), problem


def _raised(call: Callable[..., object], *args: object, **kwargs: object) -> ReportgenError:
    with pytest.raises(ReportgenError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_raised_errors_name_no_flag_until_the_cli_words_them(tmp_path: Path, history: Path, language: str) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("the office's own notes", encoding="utf-8")
    refused = _raised(claim, [target], force=False)
    years = _raised(parse_years, "2024-2021")
    strict = _raised(draft_report, 2024, history, strict=True)
    assert (type(refused), refused.remedy) == (OutputError, "force_or_other_file")
    assert (type(years), years.problem) == (UsageError, "years_backwards")
    assert (type(strict), strict.problem, strict.remedy) == (SheetError, "missing_values", "fill_or_carry")
    for error in (refused, years, strict):
        assert not FLAG.search(str(error)), str(error)
    assert "--force" in error_text(refused) and "--out" in error_text(refused)
    assert error_text(years).startswith("--years 2024-2021")
    assert error_text(strict).startswith("--strict") and error_text(strict).count("--strict") == 2  # and the hint
    # The CLI keeps the library's facts: the file and the figures it names.
    assert str(target) in error_text(refused) and "leadership.study_sessions" in error_text(strict)


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_entry_points_return_values_and_write_nothing(
    tmp_path: Path, history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = _files(tmp_path)
    draft = draft_report(2024, history)
    redline = redline_refs("2023", str(history / "2023.txt"), history)
    trend = run_trend(history, fmt="xlsx", chart_folder=tmp_path / "charts", figures="leadership.study_sessions")
    assert _files(tmp_path) == before  # no output/, no charts/, no ledger: the caller writes
    assert draft.docx[:2] == draft.review_xlsx[:2] == redline.to_bytes()[:2] == b"PK"
    assert draft.text.startswith(draft.model.title) and draft.review.startswith("#")
    assert isinstance(trend.output, bytes) and trend.output[:2] == b"PK"
    (chart,) = trend.charts
    assert chart.png == tmp_path / "charts" / "leadership.study_sessions.png"
    assert chart.png_data[:8] == b"\x89PNG\r\n\x1a\n" and "<svg" in chart.svg_text
