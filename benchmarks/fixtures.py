"""Inputs for the benchmark, made reproducibly in a scratch folder (run with the project's Python).

    python benchmarks/fixtures.py DIR

writes into DIR:

- ``old.docx`` / ``new.docx``: the 2023 baseline text and tests/fixtures/compare/zhonglou-2024-variant.txt laid
  out as DOCX by ``reportgen.word_layout.write_docx`` (the pair for ``diff``, ``redline`` and python-redlines);
- ``variant.txt``: a copy of the variant, for ``reportgen diff 2023 variant.txt``;
- ``sheet.csv`` and ``sheet.xlsx``: ``reportgen metrics 2024`` with every value filled in (the full sheet for
  ``draft``, in both forms the office may fill in);
- ``sections.json``: the leaf sections of both reports (for the difflib baseline);
- ``docxtpl.json``: the context of the docxtpl anchor: the 2023 report as parts, sections and figures.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASELINE_TEXT = ROOT / "history" / "2023.txt"
VARIANT_TEXT = ROOT / "tests" / "fixtures" / "compare" / "zhonglou-2024-variant.txt"


def _leaves(report: Any) -> list[dict[str, str]]:
    from reportgen.match.sections import units

    leaves, _ = units(report)
    return [{"key": f"{u.part}.{u.section or 0}", "title": u.title, "text": u.text} for u in leaves]


def _new_value(previous: Any, unit: Any) -> str:
    """A plausible new number: rates stay where they are (at most 100%), counts and amounts grow by one."""
    value = Decimal(str(previous))
    return str(value if unit in ("%", "‰") else value + 1)


def _write_metrics(folder: Path, name: str) -> Path:
    sheet = folder / name
    reportgen = Path(sys.executable).with_name("reportgen")
    subprocess.run(
        [str(reportgen), "metrics", "2024", "--out", str(sheet), "--force"],
        check=True,
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    return sheet


def _filled_sheet(folder: Path) -> Path:
    """``reportgen metrics 2024 --out`` a CSV, then every value column filled with a plausible new number."""
    sheet = _write_metrics(folder, "sheet.csv")
    text = sheet.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    unit_col, previous_col, value_col = header.index("unit"), header.index("previous"), header.index("value")
    for row in rows[1:]:
        if not row or not row[0]:
            continue
        row[value_col] = _new_value(row[previous_col], row[unit_col])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    sheet.write_text(out.getvalue(), encoding="utf-8")
    return sheet


def _filled_workbook(folder: Path) -> Path:
    """The same for the .xlsx sheet, filled in with openpyxl as Excel would save it."""
    import openpyxl

    sheet = _write_metrics(folder, "sheet.xlsx")
    book = openpyxl.load_workbook(sheet)
    figures = book.worksheets[0]
    header = [str(cell.value).split()[-1] for cell in figures[1]]
    unit_col, previous_col, value_col = header.index("unit"), header.index("previous"), header.index("value")
    for row in figures.iter_rows(min_row=2):
        if row[0].value and row[previous_col].value is not None:
            row[value_col].value = float(_new_value(row[previous_col].value, row[unit_col].value))
    book.save(sheet)
    return sheet


def _docxtpl_context(report: Any) -> dict[str, Any]:
    """The 2023 report as plain data, each text cut into literal pieces and figure slots."""
    from reportgen.outline import ordinal_cn

    figures: dict[str, str] = {}
    by_place: dict[tuple[int | None, int | None], list[Any]] = {}
    for figure in report.figures:
        by_place.setdefault((figure.part, figure.section), []).append(figure)
        figures[figure.id] = figure.raw

    def pieces(text: str, place: tuple[int | None, int | None]) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        rest = text
        for figure in by_place.get(place, []):
            before, found, after = rest.partition(figure.raw)
            if not found:
                continue
            out.append({"text": before, "fig": figure.id})
            rest = after
        out.append({"text": rest, "fig": ""})
        return out

    return {
        "title": report.title or "常州市钟楼区人民政府关于2023年法治政府建设工作情况的报告",
        "addressee": report.addressee,
        "preamble": pieces(report.preamble, (None, None)),
        "parts": [
            {
                "number_cn": ordinal_cn(p.number),
                "title": p.title,
                "sections": [
                    {
                        "number_cn": ordinal_cn(s.number),
                        "title": s.title,
                        "pieces": pieces(s.text, (p.number, s.number)),
                    }
                    for s in p.sections
                ],
            }
            for p in report.parts
        ],
        "shortcomings_intro": report.shortcomings_intro,
        "shortcomings": [{"number_cn": ordinal_cn(i.number), "text": i.text} for i in report.shortcomings],
        "plans_intro": report.plans_intro,
        "plans": [{"number_cn": ordinal_cn(i.number), "text": i.text} for i in report.plans],
        "signature": report.signature,
        "date": report.date,
        "figures": figures,
    }


def make(folder: Path) -> None:
    from reportgen.parse import parse_text
    from reportgen.report_text import report_lines
    from reportgen.store import load_report
    from reportgen.word_layout import write_docx

    folder.mkdir(parents=True, exist_ok=True)
    old_text = BASELINE_TEXT.read_text(encoding="utf-8")
    new_text = VARIANT_TEXT.read_text(encoding="utf-8")
    # Both texts are written back word for word by the report-text writer, whose lines carry their kinds.
    write_docx(report_lines(parse_text(old_text)), folder / "old.docx")
    write_docx(report_lines(parse_text(new_text)), folder / "new.docx")
    (folder / "variant.txt").write_text(new_text, encoding="utf-8")
    _filled_sheet(folder)
    _filled_workbook(folder)
    old = parse_text(old_text)
    new = parse_text(new_text)
    sections = {"old": _leaves(old), "new": _leaves(new)}
    (folder / "sections.json").write_text(json.dumps(sections, ensure_ascii=False), encoding="utf-8")
    baseline = load_report(ROOT / "history" / "2023.yaml")
    context = _docxtpl_context(baseline)
    (folder / "docxtpl.json").write_text(json.dumps(context, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    make(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
