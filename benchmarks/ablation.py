"""What each speed-up saves: the commands with one speed-up switched off at a time (run with the project's Python).

    python benchmarks/ablation.py [RUNS]

Switches (each puts back the code path the speed-up bypasses, in the measured process only):

- ``cn2an``: every Chinese numeral goes through cn2an (no table of 零–九十九);
- ``python-yaml``: history YAML through PyYAML's Python parser (not libyaml);
- ``docx-template``: documents start from python-docx's full default template, not the slim base.docx;
- ``property-copies``: every paragraph and run is formatted through python-docx, none copied;
- ``exit-gc``: the interpreter's last garbage collection runs at exit (no ``gc.freeze()``);
- ``all``: every switch above that applies to the command, at once.

The two layout switches import python-docx to patch it, so they are measured only on the commands that import
it anyway (``draft`` and ``redline``): elsewhere the cell is "—".

(typer 0.29's pydantic layer cannot be switched off in one environment; BENCHMARKS.md gives its cost.)

Prints the median wall time of each command (one warm-up, RUNS runs, default 7) per switch. The inputs are
made by benchmarks/fixtures.py in a temporary folder.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SWITCHES = ("cn2an", "python-yaml", "docx-template", "property-copies", "exit-gc")
# The commands a switch is measured on (None: every command).
APPLIES: dict[str, frozenset[str] | None] = {
    "docx-template": frozenset({"draft", "redline"}),
    "property-copies": frozenset({"draft", "redline"}),
}

_SHIM = """
import sys
switches = sys.argv[1].split(",")
if "cn2an" in switches:
    import reportgen.figures as figures
    figures._SMALL_NUMERALS.clear()
    figures.ordinal_cn = lambda n: __import__("cn2an").an2cn(n)
if "python-yaml" in switches:
    import reportgen.store as store
    store._HistoryLoader = store._Loader
if "docx-template" in switches:
    import pathlib, docx
    import reportgen.word_layout as layout
    layout.BASE_DOCX = pathlib.Path(docx.__file__).parent / "templates" / "default.docx"
if "property-copies" in switches:
    import reportgen.word_layout as layout
    layout._PropertyCopies.apply = lambda self, element, key, make: make()
if "exit-gc" in switches:
    import gc
    gc.freeze = lambda: None
from reportgen.cli.app import main
sys.argv = ["reportgen", *sys.argv[2:]]
main()
"""


def median_ms(argv: list[str], cwd: Path, runs: int) -> float:
    times = []
    for k in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if k:
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 7
    with tempfile.TemporaryDirectory(prefix="reportgen-ablation-") as tmp:
        work = Path(tmp)
        fx = work / "fixtures"
        subprocess.run([sys.executable, str(HERE / "fixtures.py"), str(fx)], check=True)
        commands = [
            ["diff", str(fx / "old.docx"), str(fx / "new.docx")],
            ["diff", "2023", str(fx / "variant.txt")],
            ["show", "2023"],
            ["draft", "2024", "--out", str(work / "draft" / "2024.docx")],
            ["redline", str(fx / "old.docx"), str(fx / "new.docx"), "--out", str(work / "redline.docx")],
        ]
        columns = ("none", *SWITCHES, "all")
        print("| command | " + " | ".join("as is" if c == "none" else f"{c} off" for c in columns) + " |")
        print("|---|" + "---:|" * len(columns))
        for command in commands:
            applicable = [s for s in SWITCHES if APPLIES.get(s) is None or command[0] in (APPLIES[s] or ())]
            cells = []
            for column in columns:
                chosen = {"none": "none", "all": ",".join(applicable)}.get(column, column)
                if column in SWITCHES and column not in applicable:
                    cells.append("—")
                    continue
                cells.append(f"{median_ms([sys.executable, '-c', _SHIM, chosen, *command], work, runs):.0f} ms")
            shown = " ".join(Path(c).name if "/" in c else c for c in command)
            print(f"| `reportgen {shown}` | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
