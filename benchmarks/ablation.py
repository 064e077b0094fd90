"""What each speed-up saves: the commands with one speed-up switched off at a time (run with the project's Python).

    python benchmarks/ablation.py [RUNS]

Switches (each puts back the code path the speed-up bypasses, in the measured process only):

- ``cn2an``: every Chinese numeral goes through cn2an (no table of 零–九十九);
- ``python-yaml``: history YAML through PyYAML's Python parser (not libyaml).

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
SWITCHES = ("none", "cn2an", "python-yaml", "cn2an,python-yaml")

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
        ]
        print("| command | " + " | ".join(f"{s} off" if s != "none" else "as is" for s in SWITCHES) + " |")
        print("|---|" + "---:|" * len(SWITCHES))
        for command in commands:
            cells = [median_ms([sys.executable, "-c", _SHIM, s, *command], work, runs) for s in SWITCHES]
            shown = " ".join(Path(c).name if "/" in c else c for c in command)
            print(f"| `reportgen {shown}` | " + " | ".join(f"{c:.0f} ms" for c in cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
