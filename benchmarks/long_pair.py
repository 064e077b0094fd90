"""The diff of two provincial-length reports (about 40,000 characters each), side by side with python-redlines.

    python benchmarks/long_pair.py [--runs 5] [--anchor-venv /tmp/benchvenv] [--keep DIR]

A provincial report runs to about 40,000 characters; the built-in pair is a tenth of that. This builds a
rewritten pair of that length from the project's own material (the 2023 baseline and its variant, and the five
rewritten year pairs of tests/fixtures/pairs): each source report becomes one part of the long report, its
sections kept, and the material is repeated in rounds with the numbers moved and the section headings given a
round's region, until each side holds at least 40,000 characters. Both sides are laid out as .docx by
``reportgen.word_layout.write_docx``; then ``reportgen diff old.docx new.docx`` and python-redlines
(``benchmarks/anchors/redlines_anchor.py`` in the anchor venv, see BENCHMARKS.md) each run as fresh processes:
one warm-up, then the median of ``--runs``. The budget (issue #13): reportgen below 0.5× python-redlines.

Run it with the project's Python (it imports reportgen to build the pair). Not a test: timings are noisy.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "benchmarks"
PAIRS = ROOT / "tests" / "fixtures" / "pairs"
SOURCES = [(ROOT / "history" / "2023.txt", ROOT / "tests" / "fixtures" / "compare" / "zhonglou-2024-variant.txt")] + [
    (folder / "old.txt", folder / "new.txt")
    for folder in sorted(p for p in PAIRS.iterdir() if (p / "key.yaml").exists())
]
REGIONS = ("", "东部片区", "西部片区", "南部片区", "北部片区", "中部片区", "沿江片区", "山区片区")
TARGET_CHARS = 40_000
BUDGET = 0.5
_NUMBER_RE = re.compile(r"(?<![\d.])(\d+)(?![\d.]|年|月|日)")


def _sections(path: Path, region: str, shift: int) -> tuple[str, list[tuple[str, str]]]:
    """The report at ``path`` as (heading, [(section heading, text)]): every part's sections, a part without
    sections as one section; numbers moved by ``shift`` and headings prefixed with ``region``."""
    from reportgen.parse import parse_file

    report = parse_file(path)
    sections: list[tuple[str, str]] = []
    for part in report.parts:
        if part.intro.strip():
            sections.append((part.title, part.intro))
        sections += [(s.title, s.text) for s in part.sections]

    def moved(text: str) -> str:
        return _NUMBER_RE.sub(lambda m: str(int(m.group(1)) + shift), text) if shift else text

    heading = f"{region}{report.org or path.parent.name}法治建设"
    return heading, [(f"{region}{title}".rstrip("。"), moved(text)) for title, text in sections]


def _report(year: int, parts: list[tuple[str, list[tuple[str, str]]]]) -> str:
    from reportgen.outline import ordinal_cn

    lines = [
        f"江南省人民政府关于{year}年法治政府建设情况的报告",
        "国务院：",
        f"{year}年，全省法治政府建设取得新进展。现报告如下。",
    ]
    for p, (title, sections) in enumerate(parts, start=1):
        lines.append(f"{ordinal_cn(p)}、{title}")
        for s, (heading, text) in enumerate(sections, start=1):
            lines.append(f"（{ordinal_cn(s)}）{heading}。{text}")
    lines.append("同时，我们也清醒看到，全省法治政府建设还存在一些不足：一是区域发展不平衡。二是基层执法力量薄弱。")
    lines.append("下一步，我们将重点做好以下工作：")
    lines.append("一是深化法治政府示范创建。")
    lines.append("二是提升行政执法质量。")
    lines += ["江南省人民政府", f"{year + 1}年3月20日"]
    return "\n".join(lines) + "\n"


def build() -> tuple[str, str]:
    """The long old and new report texts, each at least ``TARGET_CHARS`` characters."""
    old_parts: list[tuple[str, list[tuple[str, str]]]] = []
    new_parts: list[tuple[str, list[tuple[str, str]]]] = []
    round_ = 0
    while len(_report(2023, old_parts)) < TARGET_CHARS or len(_report(2024, new_parts)) < TARGET_CHARS:
        region = REGIONS[round_ % len(REGIONS)]
        fresh_old = [_sections(old, region, round_) for old, _ in SOURCES]
        fresh_new = [_sections(new, region, round_) for _, new in SOURCES]
        old_parts += fresh_old
        new_parts += fresh_new[1:] + fresh_new[:1]  # the rewrite reorders: the first part goes last
        round_ += 1
    return _report(2023, old_parts), _report(2024, new_parts)


def _time(argv: list[str], runs: int) -> float:
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--anchor-venv", type=Path, default=Path("/tmp/benchvenv"))
    parser.add_argument("--keep", type=Path, help="write the pair (.txt and .docx) into this folder and keep it")
    args = parser.parse_args(argv)
    from reportgen.parse import parse_text
    from reportgen.report_text import report_lines
    from reportgen.word_layout import write_docx

    old_text, new_text = build()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in (("old", old_text), ("new", new_text)):
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
            write_docx(report_lines(parse_text(text)), folder / f"{name}.docx")  # written back word for word
        old_docx, new_docx = folder / "old.docx", folder / "new.docx"
        print(f"pair: {len(old_text):,} and {len(new_text):,} characters")
        reportgen = Path(sys.executable).with_name("reportgen")
        ours = _time([str(reportgen), "diff", str(old_docx), str(new_docx)], args.runs)
        print(f"reportgen diff old.docx new.docx: {ours * 1000:.0f} ms (median of {args.runs})")
        anchor = args.anchor_venv / "bin" / "python"
        if not anchor.exists():
            print(f"no anchor venv at {args.anchor_venv}: python-redlines not measured")
            return 0
        redline = [str(anchor), str(HERE / "anchors" / "redlines_anchor.py"), str(old_docx), str(new_docx)]
        theirs = _time([*redline, str(folder / "python-redlines.docx")], args.runs)
        print(f"python-redlines XmlPowerToolsEngine: {theirs * 1000:.0f} ms (median of {args.runs})")
        ratio = ours / theirs
        print(f"ratio {ratio:.2f}× (budget ≤ {BUDGET}×): {'PASS' if ratio <= BUDGET else 'FAIL'}")
        return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
