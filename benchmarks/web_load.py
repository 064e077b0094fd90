"""Load check of `reportgen serve`: bursts of concurrent POST /api/diff against a real local server.

    .venv/bin/python benchmarks/web_load.py [--concurrency 20] [--bursts 3]

Starts `reportgen serve` as its own process on a free port over a private history (the 2023 baseline plus
the 2024 test report, stored through POST /api/ingest), then sends each burst of ``--concurrency`` diff
requests at once: half compare two stored years, half compare a year with an uploaded .txt file. Prints the
p50/p95/max latency, the requests per second and every error; the exit code is 1 if any request failed.
Not a test: timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
REPORT_2024 = ROOT / "tests" / "fixtures" / "compare" / "zhonglou-2024-variant.txt"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, server: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited before answering")
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("the server did not answer in time")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def one_diff(url: str, number: int) -> tuple[float, int, str]:
    start = time.perf_counter()
    with httpx.Client(timeout=300) as client:
        if number % 2:
            files = {"new": ("2024.txt", REPORT_2024.read_bytes(), "text/plain")}
            response = client.post(f"{url}/api/diff", data={"old": "2023"}, files=files)
        else:
            response = client.post(f"{url}/api/diff", data={"old": "2023", "new": "2024"})
    elapsed = time.perf_counter() - start
    ok = response.status_code == 200 and json.loads(response.text).get("schema") == "reportgen.diff/1"
    return elapsed, response.status_code, "" if ok else response.text[:200]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--bursts", type=int, default=3)
    args = parser.parse_args()

    reportgen = Path(sys.executable).with_name("reportgen")
    with tempfile.TemporaryDirectory() as folder:
        history = Path(folder) / "history"
        history.mkdir()
        for name in ("2023.yaml", "2023.txt"):
            shutil.copy(ROOT / "history" / name, history / name)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(reportgen), "serve", "--port", str(port), "--history", str(history)],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(url, server)
            files = {"file": ("2024.txt", REPORT_2024.read_bytes(), "text/plain")}
            stored = httpx.post(f"{url}/api/ingest", data={"year": "2024"}, files=files, timeout=120)
            assert stored.status_code == 201, stored.text
            single = [one_diff(url, n)[0] for n in range(4)]  # warm-up, and the one-at-a-time reference
            latencies: list[float] = []
            errors: list[str] = []
            began = time.perf_counter()
            for _ in range(args.bursts):
                with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                    results = list(pool.map(lambda n: one_diff(url, n), range(args.concurrency)))
                for elapsed, status, problem in results:
                    latencies.append(elapsed)
                    if problem:
                        errors.append(f"{status}: {problem}")
            wall = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=30)

    total = len(latencies)
    print(f"one request at a time: median {statistics.median(single[1:]) * 1000:.0f} ms")
    print(
        f"{args.bursts} bursts of {args.concurrency} concurrent POST /api/diff ({total} requests, half with an upload):"
        f" p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p95 {percentile(latencies, 0.95) * 1000:.0f} ms,"
        f" max {max(latencies) * 1000:.0f} ms, {total / wall:.1f} requests/s, {len(errors)} errors"
    )
    for error in errors:
        print(f"  error {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
