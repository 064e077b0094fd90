"""In-process workloads the benchmark runs as their own processes (run with the project's Python).

    python benchmarks/workloads.py compare-all DIR       # the latest report against every other one
    python benchmarks/workloads.py streaks DIR           # recurring shortcomings across all the years
    python benchmarks/workloads.py compare-pair OLD NEW [REPEAT]

Each prints one line of JSON with what it did and its in-process timings; the benchmark times the whole
process from outside (wall time and peak memory).

- ``compare-all`` loads the latest year, then reads every other year once and compares it with the latest
  (``reportgen.compare.diff.diff_reports``), one report in memory at a time.
- ``streaks`` reads every year once, then for each year compares its shortcomings with the year before
  (``compare_shortcomings`` with all earlier years as history), as ``reportgen diff`` does for one pair: a
  recurring item's streak counts back through the chain.
- ``compare-pair`` parses two report files and times the section alignment plus the text diff of every aligned
  section (the work the difflib baseline does), median of REPEAT runs, and the whole ``diff_reports``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path


def compare_all(folder: Path) -> dict[str, object]:
    from reportgen.compare.diff import diff_reports

    from reportgen.store import history_years, load_year

    start = time.perf_counter()
    stored = history_years(folder)
    target = load_year(folder, stored[-1])
    load_s = time.perf_counter() - start
    compare_s = 0.0
    changed = 0
    for year in stored[:-1]:
        t0 = time.perf_counter()
        other = load_year(folder, year)
        t1 = time.perf_counter()
        diff = diff_reports(other, target)
        t2 = time.perf_counter()
        load_s += t1 - t0
        compare_s += t2 - t1
        changed += sum(1 for f in diff.figures if f.status == "changed")
    return {"reports": len(stored), "load_s": load_s, "compare_s": compare_s, "figures_changed": changed}


def streaks(folder: Path) -> dict[str, object]:
    from reportgen.match.shortcomings import compare_shortcomings
    from reportgen.store import history_years, load_year

    start = time.perf_counter()
    reports = [load_year(folder, year) for year in history_years(folder)]
    loaded = time.perf_counter()
    longest = 0
    recurring = 0
    for k in range(1, len(reports)):
        changes = compare_shortcomings(reports[k - 1], reports[k], reports[: k - 1])
        for change in changes:
            if change.status == "recurring":
                recurring += 1
                longest = max(longest, change.streak or 0)
    done = time.perf_counter()
    return {
        "reports": len(reports),
        "load_s": loaded - start,
        "compare_s": done - loaded,
        "recurring": recurring,
        "longest_streak": longest,
    }


def compare_pair(old_path: Path, new_path: Path, repeat: int) -> dict[str, object]:
    from reportgen.compare.diff import diff_reports
    from reportgen.compare.render.textdiff import diff_text

    from reportgen.match.sections import align_sections
    from reportgen.parse import parse_file

    old = parse_file(old_path)
    new = parse_file(new_path)
    align_times: list[float] = []
    text_times: list[float] = []
    diff_times: list[float] = []
    pairs = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        alignment = align_sections(old, new)
        t1 = time.perf_counter()
        leaves = [c for c in alignment.changes if c.leaf and c.old is not None and c.new is not None]
        for change in leaves:
            assert change.old is not None and change.new is not None
            diff_text(change.old.text, change.new.text)
        t2 = time.perf_counter()
        diff_reports(old, new)
        t3 = time.perf_counter()
        pairs = len(leaves)
        align_times.append(t1 - t0)
        text_times.append(t2 - t1)
        diff_times.append(t3 - t2)
    return {
        "align_s": statistics.median(align_times),
        "textdiff_s": statistics.median(text_times),
        "diff_reports_s": statistics.median(diff_times),
        "pairs": pairs,
    }


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "compare-all":
        result = compare_all(Path(argv[1]))
    elif len(argv) == 2 and argv[0] == "streaks":
        result = streaks(Path(argv[1]))
    elif len(argv) in (3, 4) and argv[0] == "compare-pair":
        result = compare_pair(Path(argv[1]), Path(argv[2]), int(argv[3]) if len(argv) == 4 else 5)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
