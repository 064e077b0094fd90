"""Baseline: the section alignment and text diff done with difflib.SequenceMatcher (standard library only).

    python benchmarks/anchors/difflib_anchor.py SECTIONS.json [REPEAT]

SECTIONS.json (from benchmarks/fixtures.py) holds the leaf sections of the two reports. Alignment scores every
old section against every new one with ``SequenceMatcher.ratio()`` (a Python double loop) and pairs them
greedily, best first, where the ratio is at least 0.4; the text diff takes ``get_opcodes()`` of each aligned
pair, character by character. Prints the in-process time of one run (the median of REPEAT runs, default 5) as
JSON: ``{"align_s": …, "textdiff_s": …, "pairs": …}``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

MATCH = 0.4


def align(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    scores = []
    matcher = SequenceMatcher(autojunk=False)
    for j, b in enumerate(new):
        matcher.set_seq2(b)  # SequenceMatcher caches details about its second sequence
        for i, a in enumerate(old):
            matcher.set_seq1(a)
            scores.append((matcher.ratio(), i, j))
    pairs: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for score, i, j in sorted(scores, reverse=True):
        if score < MATCH:
            break
        if i not in used_old and j not in used_new:
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return sorted(pairs)


def text_diff(old: list[str], new: list[str], pairs: list[tuple[int, int]]) -> int:
    ops = 0
    for i, j in pairs:
        ops += len(SequenceMatcher(None, old[i], new[j], autojunk=False).get_opcodes())
    return ops


def main(argv: list[str]) -> int:
    data = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    repeat = int(argv[1]) if len(argv) > 1 else 5
    old = [s["text"] for s in data["old"]]
    new = [s["text"] for s in data["new"]]
    align_times, diff_times = [], []
    pairs: list[tuple[int, int]] = []
    for _ in range(repeat):
        start = time.perf_counter()
        pairs = align(old, new)
        middle = time.perf_counter()
        text_diff(old, new, pairs)
        end = time.perf_counter()
        align_times.append(middle - start)
        diff_times.append(end - middle)
    result = {
        "align_s": statistics.median(align_times),
        "textdiff_s": statistics.median(diff_times),
        "pairs": len(pairs),
        "old_sections": len(old),
        "new_sections": len(new),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
