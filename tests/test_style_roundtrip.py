"""The property that proves the office's style survives (issue #12).

For every report structure in tests/fixtures/styles/ (and the built-in 钟楼 report): ingest it, fill the sheet with
every figure at last year's value, draft next year with no narrative. The draft is that report with only its
years moved on, paragraph for paragraph, apart from the review marks. A redline of the two years rejected in full
gives the office's own layout back, and the draft's text and the redline's text agree line for line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from reportgen.compare.redline.document import accept_all, redline_document, reject_all

from reportgen.draft.metrics import write_sheet
from reportgen.draft.run import draft_report, make_metrics
from reportgen.ingest import ingest_file
from reportgen.normalize import normalize_text
from reportgen.outline import REVIEW_MARK_RE
from reportgen.parse import parse_text
from reportgen.report_text import report_text
from reportgen.store import load_year

from .conftest import FIXTURES, ROOT

STYLES = FIXTURES / "styles"
STRUCTURES = sorted(p.stem for p in STYLES.glob("*.txt"))
_CN_DIGITS = "〇一二三四五六七八九"


def _cn_year(year: int) -> str:
    return "".join(_CN_DIGITS[int(d)] for d in str(year))


def report_of(name: str, year: int) -> str:
    """The fixture written for ``year``: {Y0} is the report's year, {Y1} the next, {Y1CN} the next in 〇一二."""
    text = (STYLES / f"{name}.txt").read_text(encoding="utf-8")
    return text.replace("{Y0}", str(year)).replace("{Y1}", str(year + 1)).replace("{Y1CN}", _cn_year(year + 1))


def paragraphs(text: str) -> list[str]:
    """The paragraphs of report text in canonical form, review marks removed."""
    clean = REVIEW_MARK_RE.sub("", normalize_text(text))
    return [line.strip() for line in clean.split("\n") if line.strip()]


def zhonglou_2024() -> str:
    # The built-in report moved on one year by hand: 2023年 → 2024年, 2024年 → 2025年, the plan's 2023—2025年 kept.
    text = (ROOT / "history" / "2023.txt").read_text(encoding="utf-8")
    text = text.replace("2023—2025年", "RANGE").replace("2024年", "2025年").replace("2023年", "2024年")
    return text.replace("RANGE", "2023—2025年")


def draft_with_every_figure_confirmed(source: Path, year: int, tmp_path: Path) -> tuple[str, int]:
    """Ingest ``source`` (the report of ``year``), confirm every figure at its value, draft ``year + 1``."""
    history = tmp_path / "history"
    ingest_file(source, history, year=year)
    sheet = tmp_path / "metrics.yaml"
    made = make_metrics(year + 1, history)
    write_sheet(made.rows, sheet, year=made.year, previous_year=made.previous_year)
    data = yaml.safe_load(sheet.read_text(encoding="utf-8"))
    for row in data["figures"]:
        row["value"] = row["previous"]
    sheet.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = draft_report(year + 1, history, metrics=sheet)
    assert not result.model.figures_with("carried")
    return result.text, len(data["figures"])


@pytest.mark.parametrize("name", STRUCTURES)
def test_a_draft_with_every_figure_confirmed_is_the_report_moved_on(name: str, tmp_path: Path) -> None:
    source = tmp_path / f"{name}-2024.txt"
    source.write_text(report_of(name, 2024), encoding="utf-8")
    draft, figures = draft_with_every_figure_confirmed(source, 2024, tmp_path)
    assert figures > 0
    assert paragraphs(draft) == paragraphs(report_of(name, 2025))


def test_the_builtin_report_moved_on(tmp_path: Path) -> None:
    source = tmp_path / "zhonglou-2023.txt"
    source.write_text((ROOT / "history" / "2023.txt").read_text(encoding="utf-8"), encoding="utf-8")
    draft, _ = draft_with_every_figure_confirmed(source, 2023, tmp_path)
    assert paragraphs(draft) == paragraphs(zhonglou_2024())


@pytest.mark.parametrize("name", STRUCTURES)
def test_the_stored_report_is_written_back_in_its_own_layout(name: str) -> None:
    text = report_of(name, 2024)
    assert paragraphs(report_text(parse_text(text))) == paragraphs(text)


@pytest.mark.parametrize("name", STRUCTURES)
def test_a_redline_rejected_in_full_gives_the_office_layout_back(name: str, tmp_path: Path) -> None:
    old_text, new_text = report_of(name, 2024), report_of(name, 2025)
    old, new = parse_text(old_text), parse_text(new_text)
    redline = redline_document(old, new)
    nonblank = [t for t in reject_all(redline.document) if t.strip()]
    assert [t.replace(" ", "") for t in nonblank] == [t.replace(" ", "") for t in paragraphs(old_text)]
    accepted = [t for t in accept_all(redline.document) if t.strip()]
    assert [t.replace(" ", "") for t in accepted] == [t.replace(" ", "") for t in paragraphs(new_text)]


@pytest.mark.parametrize("name", STRUCTURES)
def test_the_history_file_keeps_the_style(name: str, tmp_path: Path) -> None:
    source = tmp_path / f"{name}.txt"
    source.write_text(report_of(name, 2024), encoding="utf-8")
    ingest_file(source, tmp_path / "h", year=2024)
    stored = load_year(tmp_path / "h", 2024)
    assert stored.style == parse_text(report_of(name, 2024)).style
    assert stored.style.detected


def test_years_inside_titles_and_ranges_stay() -> None:
    moved = report_of("statutory-alone", 2025)
    assert "《法治政府建设实施纲要（2021—2025年）》" in moved
    assert re.search(r"二〇二六年三月十八日$", moved.strip())


def test_redline_comments_name_items_as_the_report_numbers_them() -> None:
    old = parse_text(report_of("statutory-alone", 2024))
    # The next year repeats both shortcomings (numbered （一）（二）) and does not report on the plans (一是…).
    new = parse_text(report_of("statutory-alone", 2025))
    notes = [c.text for c in redline_document(old, new).document.comments]
    recurring = [n for n in notes if "问题" in n and "相似度" in n]
    assert len(recurring) == 2 and all(re.search(r"报告（[一二]）“", n) for n in recurring), notes
    assert not any("是“" in n for n in recurring)
    plans = [n for n in notes if "计划" in n]
    assert all(re.search(r"计划[一二三]是", n) for n in plans), notes
