"""The reportgen benchmark: whole processes, side by side with the anchors, budgets as ratios, and scale.

    python benchmarks/run.py --quick     # about a minute: 3 runs each, corpus up to N = 100; prints the ratios
    python benchmarks/run.py             # full: 5 runs each, N = 10, 100, 1,000; rewrites BENCHMARKS.md

Any Python 3.11+ can run this file (standard library only). The commands run with the project's virtual
environment (``--venv``, default ``.venv``) and the anchors (python-redlines, docxtpl) with a separate one
(``--anchor-venv``, default ``/tmp/benchvenv``, or $REPORTGEN_BENCH_ANCHOR_VENV); without it the anchors and
the budget that needs them are reported as not measured.

Every row is a fresh process: one warm-up run, then the median wall time of N runs (``time.perf_counter``
around ``subprocess.Popen`` + ``os.wait4``) and the largest ``ru_maxrss`` of those runs (Linux reports KiB; a
child's figure includes the processes it waited for, so python-redlines counts its .NET engine). The exit code
is 0 when every budget holds, 1 when one fails. This is not a test: timings on a shared machine are noisy, so
it stays out of CI and out of pytest.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ANCHOR_VENV_ENV = "REPORTGEN_BENCH_ANCHOR_VENV"
RESULTS_BEGIN = "<!-- results: begin (written by benchmarks/run.py) -->"
RESULTS_END = "<!-- results: end -->"
MIB = 1024.0

BUDGET_HELP = 8.0  # reportgen --help / python -c pass
BUDGET_DRAFT = 2.0  # reportgen draft 2024 / python -c "import docx, jinja2"
BUDGET_DIFF = 0.5  # reportgen diff a.docx b.docx / python-redlines on the same pair
BUDGET_MEMORY_MIB = 100.0  # every reportgen command
BUDGET_SCALE_S = 10.0  # each scale workload at N = 1,000
REFERENCE_RUNS = 15  # python -c pass and the docx/jinja2 import
CHARTS_ONCE_FROM = 1000  # trend with charts takes about a minute at N = 1,000: measured once from there


@dataclass
class Measurement:
    """One command: its wall times and peak memory over the measured runs (warm-up excluded)."""

    name: str
    argv: list[str]
    times: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    error: str | None = None
    stdout: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else math.nan

    @property
    def spread(self) -> tuple[float, float]:
        return (min(self.times), max(self.times)) if self.times else (math.nan, math.nan)

    @property
    def peak_mib(self) -> float:
        return max(self.rss_kib) / MIB if self.rss_kib else math.nan


class Launcher:
    """benchmarks/spawn.py, started once: it forks every measured command (see there for why)."""

    def __init__(self, python: Path, env: dict[str, str], scratch: Path) -> None:
        self.scratch = scratch
        self.process = subprocess.Popen(
            [str(python), "-I", "-S", str(HERE / "spawn.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )

    def run(self, argv: Sequence[str], *, cwd: Path, timeout: float) -> tuple[float, int, int, str, str]:
        """(wall seconds, exit code, ru_maxrss KiB, stdout, stderr) of one run of ``argv``."""
        assert self.process.stdin is not None and self.process.stdout is not None
        out, err = self.scratch / "stdout", self.scratch / "stderr"
        request = {"argv": list(argv), "cwd": str(cwd), "stdout": str(out), "stderr": str(err), "timeout": timeout}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        return (
            float(reply["elapsed"]),
            int(reply["code"]),
            int(reply["maxrss_kib"]),
            out.read_text(encoding="utf-8", errors="replace"),
            err.read_text(encoding="utf-8", errors="replace"),
        )

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def measure(
    name: str,
    argv: Sequence[str],
    *,
    launcher: Launcher,
    runs: int,
    cwd: Path,
    timeout: float = 300.0,
    warmup: bool = True,
) -> Measurement:
    """One warm-up run, then ``runs`` measured runs; the first failure stops and is kept as the error."""
    result = Measurement(name, list(argv))
    for k in range(runs + 1 if warmup else runs):
        elapsed, code, rss, stdout, stderr = launcher.run(argv, cwd=cwd, timeout=timeout)
        if code != 0:
            last = (stderr.strip().splitlines() or [f"exit code {code}"])[-1]
            result.error = f"exit {code}: {last[:160]}" if code > 0 else f"killed after {timeout:.0f} s"
            return result
        if warmup and k == 0:
            continue
        result.times.append(elapsed)
        result.rss_kib.append(rss)
        result.stdout = stdout
    return result


def fmt_time(seconds: float) -> str:
    if math.isnan(seconds):
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_mib(mib: float) -> str:
    return "—" if math.isnan(mib) else f"{mib:.0f} MiB"


# --- environment --------------------------------------------------------------------------------------------


@dataclass
class Tools:
    python: Path
    reportgen: Path
    anchor_python: Path | None


def find_tools(venv: Path, anchor_venv: Path | None) -> Tools:
    python = venv / "bin" / "python"
    reportgen = venv / "bin" / "reportgen"
    if not python.exists() or not reportgen.exists():
        sys.exit(f"error: {venv} has no bin/python and bin/reportgen (pass --venv)")
    anchor_python = anchor_venv / "bin" / "python" if anchor_venv is not None else None
    if anchor_python is not None and not anchor_python.exists():
        anchor_python = None
    return Tools(python, reportgen, anchor_python)


def child_env() -> dict[str, str]:
    """The environment of every measured process: no history override, no bytecode or warning switches."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPORTGEN_", "PYTHON"))}
    env["LC_ALL"] = env["LANG"] = "C.UTF-8"
    return env


def _output(argv: Sequence[str]) -> str:
    try:
        return subprocess.run(list(argv), capture_output=True, text=True, check=False, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


_VERSIONS_SCRIPT = """
import json, sys
from importlib import metadata
names = sys.argv[1:]
out = {}
for name in names:
    try:
        out[name] = metadata.version(name)
    except metadata.PackageNotFoundError:
        pass
try:
    import yaml
    out["PyYAML libyaml"] = "yes" if yaml.__with_libyaml__ else "no"
except ImportError:
    pass
print(json.dumps({"python": sys.version.split()[0], "packages": out}))
"""
PROJECT_PACKAGES = [
    "reportgen",
    "typer",
    "rich",
    "python-docx",
    "lxml",
    "Jinja2",
    "pandas",
    "numpy",
    "openpyxl",
    "rapidfuzz",
    "cn2an",
    "PyYAML",
]
ANCHOR_PACKAGES = ["python-redlines", "python-redlines-ooxmlpowertools", "docxtpl", "python-docx", "Jinja2", "lxml"]


def versions(python: Path, packages: list[str]) -> dict[str, object]:
    text = _output([str(python), "-c", _VERSIONS_SCRIPT, *packages])
    try:
        data: dict[str, object] = json.loads(text)
    except json.JSONDecodeError:
        data = {"python": "?", "packages": {}}
    return data


def machine() -> dict[str, str]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    commit = _output(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]) or "?"
    dirty = _output(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"])
    return {
        "arch": platform.machine(),
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


# --- the suite ----------------------------------------------------------------------------------------------


@dataclass
class Suite:
    commands: list[Measurement]
    inproc: dict[str, dict[str, float]]
    scale: list[tuple[int, str, Measurement, dict[str, object]]]
    corpus_s: dict[int, float]
    versions: dict[str, dict[str, object]]
    machine: dict[str, str]
    runs: int
    scale_runs: int
    notes: list[str]

    def get(self, name: str) -> Measurement | None:
        return next((m for m in self.commands if m.name == name), None)


def available(tools: Tools, command: str, work: Path, launcher: Launcher) -> bool:
    """True when ``reportgen COMMAND --help`` works (the command exists in this checkout)."""
    _, code, _, _, _ = launcher.run([str(tools.reportgen), command, "--help"], cwd=work, timeout=60)
    return code == 0


def _help_text(tools: Tools, command: str, work: Path, launcher: Launcher) -> str:
    _, _, _, out, _ = launcher.run([str(tools.reportgen), command, "--help"], cwd=work, timeout=60)
    return out


def redline_argv(tools: Tools, fx: Path, work: Path, launcher: Launcher) -> list[str]:
    """``reportgen redline OLD NEW`` with an output option if the command has one."""
    help_text = _help_text(tools, "redline", work, launcher)
    argv = [str(tools.reportgen), "redline", str(fx / "old.docx"), str(fx / "new.docx")]
    for option in ("--out", "-o", "--output"):
        if re.search(rf"(^|\s){re.escape(option)}\b", help_text):
            return [*argv, option, str(work / "redline.docx")]
    return argv


def trend_argv(tools: Tools, history: Path, work: Path, launcher: Launcher) -> list[str]:
    """``reportgen trend --history DIR`` (with --out when the command writes a file by default)."""
    help_text = _help_text(tools, "trend", work, launcher)
    argv = [str(tools.reportgen), "trend", "--history", str(history)]
    if re.search(r"(^|\s)--out\b", help_text) and "default: output" in help_text:
        argv += ["--out", str(work / "trend.out")]
    return argv


def run_commands(tools: Tools, fx: Path, work: Path, runs: int, launcher: Launcher) -> list[Measurement]:
    rg = str(tools.reportgen)
    py = str(tools.python)
    rows: list[tuple[str, list[str]]] = [
        ("python -c pass", [py, "-c", "pass"]),
        ("python -c 'import docx, jinja2'", [py, "-c", "import docx, jinja2"]),
        ("reportgen --help", [rg, "--help"]),
        ("reportgen show 2023", [rg, "show", "2023"]),
        ("reportgen draft 2024", [rg, "draft", "2024", "--out", str(work / "draft-empty" / "2024.docx")]),
        (
            "reportgen draft 2024 --metrics (full sheet, .csv)",
            [rg, "draft", "2024", "--metrics", str(fx / "sheet.csv"), "--out", str(work / "draft-csv" / "2024.docx")],
        ),
        (
            "reportgen draft 2024 --metrics (full sheet, .xlsx)",
            [rg, "draft", "2024", "--metrics", str(fx / "sheet.xlsx"), "--out", str(work / "draft-xlsx" / "2024.docx")],
        ),
        ("reportgen diff 2023 variant.txt", [rg, "diff", "2023", str(fx / "variant.txt")]),
        ("reportgen diff old.docx new.docx", [rg, "diff", str(fx / "old.docx"), str(fx / "new.docx")]),
    ]
    if available(tools, "redline", work, launcher):
        rows.append(("reportgen redline old.docx new.docx", redline_argv(tools, fx, work, launcher)))
    rows.append(
        (
            "difflib baseline (process)",
            [py, str(HERE / "anchors" / "difflib_anchor.py"), str(fx / "sections.json"), "1"],
        )
    )
    if tools.anchor_python is not None:
        ap = str(tools.anchor_python)
        rows.append(
            (
                "python-redlines XmlPowerToolsEngine (anchor)",
                [
                    ap,
                    str(HERE / "anchors" / "redlines_anchor.py"),
                    str(fx / "old.docx"),
                    str(fx / "new.docx"),
                    str(work / "python-redlines.docx"),
                ],
            )
        )
        rows.append(
            (
                "docxtpl render (anchor)",
                [
                    ap,
                    str(HERE / "anchors" / "docxtpl_anchor.py"),
                    "render",
                    str(fx / "template.docx"),
                    str(fx / "docxtpl.json"),
                    str(work / "docxtpl.docx"),
                ],
            )
        )
    results = []
    for name, argv in rows:
        print(f"  {name} …", end="", flush=True, file=sys.stderr)
        # The two references are the budgets' denominators and cost little: more runs steady their medians.
        reference = name.startswith("python -c")
        m = measure(name, argv, launcher=launcher, runs=max(runs, REFERENCE_RUNS) if reference else runs, cwd=work)
        results.append(m)
        print(f" {fmt_time(m.median)} {fmt_mib(m.peak_mib)}" if m.ok else f" failed: {m.error}", file=sys.stderr)
    return results


def run_inproc(tools: Tools, fx: Path, work: Path, launcher: Launcher) -> dict[str, dict[str, float]]:
    """The comparison alone, in one process: reportgen's alignment and text diff against difflib's."""
    out: dict[str, dict[str, float]] = {}
    for key, argv in (
        (
            "reportgen",
            [
                str(tools.python),
                str(HERE / "workloads.py"),
                "compare-pair",
                str(fx / "old.docx"),
                str(fx / "new.docx"),
                "7",
            ],
        ),
        ("difflib", [str(tools.python), str(HERE / "anchors" / "difflib_anchor.py"), str(fx / "sections.json"), "7"]),
    ):
        _, code, _, stdout, stderr = launcher.run(argv, cwd=work, timeout=120)
        if code == 0:
            out[key] = json.loads(stdout.strip().splitlines()[-1])
        else:
            print(f"  in-process {key} failed: {stderr.strip()[-200:]}", file=sys.stderr)
    return out


def run_scale(
    tools: Tools, sizes: list[int], work: Path, runs: int, launcher: Launcher, notes: list[str]
) -> tuple[list[tuple[int, str, Measurement, dict[str, object]]], dict[int, float]]:
    rows: list[tuple[int, str, Measurement, dict[str, object]]] = []
    corpus_s: dict[int, float] = {}
    has_trend = available(tools, "trend", work, launcher)
    if not has_trend:
        notes.append(
            "`reportgen trend` does not exist in this checkout (`reportgen trend --help` fails): not measured."
        )
    for n in sizes:
        folder = work / f"corpus-{n}"
        start = time.perf_counter()
        subprocess.run(
            [str(tools.python), str(HERE / "corpus.py"), str(n), str(folder)], check=True, env=child_env(), cwd=work
        )
        corpus_s[n] = time.perf_counter() - start
        print(f"  corpus N={n}: {corpus_s[n]:.1f} s", file=sys.stderr)
        workloads: list[tuple[str, list[str]]] = []
        if has_trend:
            plain = trend_argv(tools, folder, work, launcher)
            with_charts = plain
            if "--charts" in _help_text(tools, "trend", work, launcher):
                # since #16 chart files are drawn only when asked for, into the folder --charts names
                with_charts = [*plain, "--charts", str(work / f"charts-{n}")]
            workloads.append(("reportgen trend --no-charts", [*plain, "--no-charts"]))
            workloads.append(("reportgen trend (8 charts, PNG and SVG)", with_charts))
        workloads += [
            (
                "one report against all others",
                [str(tools.python), str(HERE / "workloads.py"), "compare-all", str(folder)],
            ),
            (
                "recurring shortcomings, all years",
                [str(tools.python), str(HERE / "workloads.py"), "streaks", str(folder)],
            ),
        ]
        for name, argv in workloads:
            print(f"  N={n} {name} …", end="", flush=True, file=sys.stderr)
            if "charts" in name and "--no-charts" not in argv and n >= CHARTS_ONCE_FROM:
                # a minute a run at N = 1,000 (see BENCHMARKS.md): one run, no warm-up
                m = measure(name, argv, launcher=launcher, runs=1, cwd=work, timeout=600, warmup=False)
                notes.append(f"`{name}` at N = {n:,} was run once, without a warm-up.")
            else:
                m = measure(name, argv, launcher=launcher, runs=runs, cwd=work, timeout=900)
            detail: dict[str, object] = {}
            if m.ok and m.stdout.strip().startswith("{"):
                try:
                    detail = json.loads(m.stdout.strip().splitlines()[-1])
                except json.JSONDecodeError:
                    detail = {}
            rows.append((n, name, m, detail))
            print(f" {fmt_time(m.median)} {fmt_mib(m.peak_mib)}" if m.ok else f" failed: {m.error}", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
    return rows, corpus_s


# --- budgets and tables -------------------------------------------------------------------------------------


@dataclass
class Budget:
    what: str
    measured: str
    ratio: float | None
    limit: str
    passed: bool | None


def _med(m: Measurement | None) -> str:
    return fmt_time(m.median) if m is not None else "—"


def _ratio(a: Measurement | None, b: Measurement | None) -> float | None:
    if a is None or b is None or not a.ok or not b.ok:
        return None
    return a.median / b.median


def _ratio_budget(suite: Suite, what: str, name: str, reference: str, limit: float) -> Budget:
    """``name``'s median over ``reference``'s, held to at most ``limit``."""
    ours, theirs = suite.get(name), suite.get(reference)
    r = _ratio(ours, theirs)
    return Budget(what, f"{_med(ours)} / {_med(theirs)}", r, f"≤ {limit:g}×", None if r is None else r <= limit)


def budgets(suite: Suite) -> list[Budget]:
    out = [
        _ratio_budget(
            suite, "`reportgen --help` vs bare `python -c pass`", "reportgen --help", "python -c pass", BUDGET_HELP
        ),
        _ratio_budget(
            suite,
            "`reportgen draft 2024` vs importing python-docx and jinja2",
            "reportgen draft 2024",
            "python -c 'import docx, jinja2'",
            BUDGET_DRAFT,
        ),
        _ratio_budget(
            suite,
            "`reportgen diff` on two .docx vs python-redlines on the same pair",
            "reportgen diff old.docx new.docx",
            "python-redlines XmlPowerToolsEngine (anchor)",
            BUDGET_DIFF,
        ),
    ]
    ours = [m for m in suite.commands if m.name.startswith("reportgen") and m.ok]
    if ours:
        worst = max(ours, key=lambda m: m.peak_mib)
        out.append(
            Budget(
                f"peak memory of every reportgen command (largest: `{worst.name.removeprefix('reportgen ')}`)",
                fmt_mib(worst.peak_mib),
                worst.peak_mib / BUDGET_MEMORY_MIB,
                f"< {BUDGET_MEMORY_MIB:g} MiB",
                worst.peak_mib < BUDGET_MEMORY_MIB,
            )
        )
    largest = max((n for n, _, _, _ in suite.scale), default=0)
    big = [(n, name, m) for n, name, m, _ in suite.scale if n == largest and n >= 100]
    for n, name, m in big:
        out.append(
            Budget(
                f"{name}, N = {n:,}",
                fmt_time(m.median) if m.ok else f"failed ({m.error})",
                m.median / BUDGET_SCALE_S if m.ok else None,
                f"< {BUDGET_SCALE_S:g} s",
                (m.median < BUDGET_SCALE_S) if m.ok else False,
            )
        )
    return out


def _verdict(passed: bool | None) -> str:
    return "not measured" if passed is None else ("PASS" if passed else "FAIL")


def budget_table(rows: list[Budget]) -> list[str]:
    lines = ["| Budget | Measured (median) | Ratio | Limit | Result |", "|---|---|---:|---|---|"]
    for b in rows:
        ratio = "—" if b.ratio is None else f"{b.ratio:.2f}×"
        lines.append(f"| {b.what} | {b.measured} | {ratio} | {b.limit} | {_verdict(b.passed)} |")
    return lines


def command_table(suite: Suite) -> list[str]:
    bare = suite.get("python -c pass")
    lines = [
        "| Command | Median wall | Min – max | Peak RSS | × `python -c pass` |",
        "|---|---:|---:|---:|---:|",
    ]
    for m in suite.commands:
        if not m.ok:
            lines.append(f"| `{m.name}` | failed: {m.error} | | | |")
            continue
        low, high = m.spread
        times = f"{fmt_time(low)} – {fmt_time(high)}"
        ratio = f"{m.median / bare.median:.1f}" if bare is not None and bare.ok else "—"
        lines.append(f"| `{m.name}` | {fmt_time(m.median)} | {times} | {fmt_mib(m.peak_mib)} | {ratio} |")
    return lines


def inproc_table(suite: Suite) -> list[str]:
    ours = suite.inproc.get("reportgen", {})
    base = suite.inproc.get("difflib", {})
    sizes = f"{base.get('old_sections', '?')} + {base.get('new_sections', '?')} sections"
    lines = [
        f"| Step ({sizes}, in one process) | reportgen | difflib baseline | reportgen / difflib |",
        "|---|---:|---:|---:|",
    ]
    for label, key in (
        ("section alignment (all pairs scored)", "align_s"),
        ("text diff of the aligned pairs", "textdiff_s"),
    ):
        a, b = ours.get(key), base.get(key)
        ratio = f"{a / b:.2f}×" if isinstance(a, float) and isinstance(b, float) and b else "—"
        lines.append(
            f"| {label} | {fmt_time(a) if isinstance(a, float) else '—'} | "
            f"{fmt_time(b) if isinstance(b, float) else '—'} | {ratio} |"
        )
    whole = ours.get("diff_reports_s")
    if isinstance(whole, float):
        lines.append(
            f"| the whole `diff_reports` (adds figures, initiatives, shortcomings, plans) | {fmt_time(whole)} | — | — |"
        )
    return lines


def scale_table(suite: Suite) -> list[str]:
    lines = [
        "| Workload | N | Median wall | Peak RSS | per report | load / compare (in process) | growth exponent |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    previous: dict[str, tuple[int, float]] = {}
    for n, name, m, detail in suite.scale:
        if not m.ok:
            lines.append(f"| {name} | {n:,} | failed: {m.error} | | | | |")
            continue
        split = "—"
        if "load_s" in detail and "compare_s" in detail:
            load, compare = detail["load_s"], detail["compare_s"]
            if isinstance(load, float) and isinstance(compare, float):
                split = f"{fmt_time(load)} / {fmt_time(compare)}"
        exponent = "—"
        if name in previous:
            n0, t0 = previous[name]
            exponent = f"{math.log(m.median / t0) / math.log(n / n0):.2f}"
        previous[name] = (n, m.median)
        per = fmt_time(m.median / n)
        lines.append(
            f"| {name} | {n:,} | {fmt_time(m.median)} | {fmt_mib(m.peak_mib)} | {per} | {split} | {exponent} |"
        )
    return lines


def _versions_lines(suite: Suite) -> list[str]:
    lines = []
    for label, data in suite.versions.items():
        packages = data.get("packages", {})
        listed = ", ".join(f"{k} {v}" for k, v in packages.items()) if isinstance(packages, dict) else ""
        lines.append(f"- {label}: Python {data.get('python', '?')}; {listed}")
    return lines


def report_markdown(suite: Suite, command_line: str) -> list[str]:
    m = suite.machine
    lines = [
        RESULTS_BEGIN,
        "",
        f"Measured {m['date']} at commit {m['commit']} with `{command_line}`.",
        "",
        f"- Machine: {m['cpu']}, {m['cpus']} CPUs, {m['memory']}, {m['arch']}, {m['os']}",
        *_versions_lines(suite),
        f"- Method: every row is a fresh process, 1 warm-up run then the median of {suite.runs} runs "
        f"({max(suite.runs, REFERENCE_RUNS)} for the two `python -c` references; scale: {suite.scale_runs}); "
        "peak RSS is the largest `ru_maxrss` from `os.wait4` over those runs.",
        "",
        "### Budgets",
        "",
        *budget_table(budgets(suite)),
        "",
        "### Commands and anchors, side by side (same run)",
        "",
        *command_table(suite),
        "",
        "### The comparison alone: reportgen against a difflib SequenceMatcher baseline",
        "",
        *inproc_table(suite),
        "",
        "### Scale: N synthetic reports (benchmarks/corpus.py)",
        "",
        *scale_table(suite),
        "",
        "The growth exponent is log(t₂/t₁) / log(N₂/N₁) against the same workload at the previous N: 1.0 is "
        "linear. Corpus generation "
        "(not timed above): " + ", ".join(f"N={n:,} {s:.1f} s" for n, s in suite.corpus_s.items()) + ".",
    ]
    if suite.notes:
        lines += ["", *[f"- {note}" for note in suite.notes]]
    lines += ["", RESULTS_END]
    return lines


_DOC_HEAD = """# Benchmarks

How fast reportgen is, side by side with tools that do the same work, measured on demand (not in CI, not in
the unit tests: timings on a shared machine are noisy). Rerun with

```sh
python benchmarks/run.py --quick    # ~1 minute: 3 runs per row, corpus up to N = 100; prints ratios, PASS/FAIL
python benchmarks/run.py            # full: 5 runs per row, N = 10, 100, 1,000; rewrites the results below
```

The anchors run in their own virtual environment (`--anchor-venv`, default `/tmp/benchvenv`):

```sh
python3 -m venv /tmp/benchvenv && /tmp/benchvenv/bin/pip install 'python-redlines[ooxmlpowertools]' docxtpl
```

What is compared (the inputs are made afresh in a temporary folder by `benchmarks/fixtures.py`):

- `reportgen diff` / `redline` and **python-redlines** on the same two .docx files: the 2023 baseline text and
  `tests/fixtures/compare/zhonglou-2024-variant.txt`, laid out by `reportgen.word_layout.write_docx`.
- `reportgen draft 2024` (no inputs, and with a full sheet, .csv and .xlsx: `reportgen metrics 2024` with every
  value filled in) and **docxtpl** rendering an equivalent template (title, addressee, the six parts with their
  sections, shortcomings, plans, signature and date, every figure substituted) to DOCX.
- reportgen's section alignment and word-aware text diff and a **difflib SequenceMatcher** baseline doing the
  same (every section pair scored, then the aligned pairs diffed), in one process and as a process.
- Scale: `benchmarks/corpus.py N DIR` writes N perturbed copies of the baseline (new figures, sections swapped,
  sentences reworded, dropped or added, shortcomings recurring along a chain) as history years ending in 2024
  (N = 1,000 uses the years 1025–2024: history files are named by four-digit years).

"""


def write_markdown(path: Path, lines: list[str]) -> None:
    block = "\n".join(lines)
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if RESULTS_BEGIN in text and RESULTS_END in text:
            head, _, rest = text.partition(RESULTS_BEGIN)
            _, _, tail = rest.partition(RESULTS_END)
            path.write_text(head + block + tail, encoding="utf-8")
            return
    path.write_text(_DOC_HEAD + "## Results\n\n" + block + "\n", encoding="utf-8")


def print_summary(suite: Suite) -> bool:
    print()
    print("\n".join(command_table(suite)))
    print()
    print("\n".join(inproc_table(suite)))
    if suite.scale:
        print()
        print("\n".join(scale_table(suite)))
    print()
    rows = budgets(suite)
    width = max(len(b.what) for b in rows)
    for b in rows:
        ratio = "     —" if b.ratio is None else f"{b.ratio:6.2f}×"
        print(f"{_verdict(b.passed):>12}  {b.what:<{width}}  {ratio}  {b.limit}  ({b.measured})")
    for note in suite.notes:
        print(f"note: {note}")
    return all(b.passed is not False for b in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 runs per row, corpus N = 10 and 100; no file written")
    parser.add_argument("--runs", type=int, help="measured runs per row (default 5, --quick 3)")
    parser.add_argument("--sizes", help="corpus sizes, comma-separated (default 10,50,111; --quick 10,100; max 111)")
    parser.add_argument("--scale-runs", type=int, help="measured runs per scale row (default: as --runs)")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv", help="the project's virtual environment")
    parser.add_argument(
        "--anchor-venv",
        type=Path,
        default=Path(os.environ.get(ANCHOR_VENV_ENV, "/tmp/benchvenv")),
        help="a virtual environment with python-redlines[ooxmlpowertools] and docxtpl",
    )
    parser.add_argument(
        "--write", type=Path, help="write the results into this Markdown file (full mode: BENCHMARKS.md)"
    )
    parser.add_argument("--no-write", action="store_true", help="do not write BENCHMARKS.md in full mode")
    args = parser.parse_args(argv)

    runs = args.runs or (3 if args.quick else 5)
    scale_runs = args.scale_runs or runs
    sizes = [int(s) for s in (args.sizes or ("10,100" if args.quick else "10,50,111")).split(",") if s]
    target = args.write or (None if args.quick or args.no_write else ROOT / "BENCHMARKS.md")
    tools = find_tools(args.venv.resolve(), args.anchor_venv)
    env = child_env()
    notes: list[str] = []
    if tools.anchor_python is None:
        notes.append(f"no anchor venv at {args.anchor_venv}: python-redlines and docxtpl not measured.")
    started = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        work = Path(tmp)
        fx = work / "fixtures"
        print("fixtures …", file=sys.stderr)
        subprocess.run([str(tools.python), str(HERE / "fixtures.py"), str(fx)], check=True, env=env, cwd=work)
        if tools.anchor_python is not None:
            subprocess.run(
                [
                    str(tools.anchor_python),
                    str(HERE / "anchors" / "docxtpl_anchor.py"),
                    "make-template",
                    str(fx / "template.docx"),
                ],
                check=True,
                env=env,
                cwd=work,
            )
        launcher = Launcher(tools.python, env, work)
        try:
            print(f"commands ({runs} runs after a warm-up) …", file=sys.stderr)
            commands = run_commands(tools, fx, work, runs, launcher)
            inproc = run_inproc(tools, fx, work, launcher)
            print(f"scale ({scale_runs} runs after a warm-up) …", file=sys.stderr)
            scale, corpus_s = run_scale(tools, sizes, work, scale_runs, launcher, notes)
        finally:
            launcher.close()

    suite = Suite(
        commands=commands,
        inproc=inproc,
        scale=scale,
        corpus_s=corpus_s,
        versions={
            "project venv": versions(tools.python, PROJECT_PACKAGES),
            **({"anchor venv": versions(tools.anchor_python, ANCHOR_PACKAGES)} if tools.anchor_python else {}),
        },
        machine=machine(),
        runs=runs,
        scale_runs=scale_runs,
        notes=notes,
    )
    all_pass = print_summary(suite)
    command_line = "python benchmarks/run.py" + (" --quick" if args.quick else "")
    if target is not None:
        write_markdown(target, report_markdown(suite, command_line))
        print(f"wrote {target}")
    print(f"{'all budgets met' if all_pass else 'BUDGET FAILED'} in {time.perf_counter() - started:.0f} s")
    return 0 if all_pass else 1


if __name__ == "__main__":
    sys.exit(main())
