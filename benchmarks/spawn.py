"""The launcher that starts every measured process (run by benchmarks/run.py as ``python -I -S spawn.py``).

Linux counts the memory of the process a child was forked from in the child's ``ru_maxrss`` (the copy made by
fork, or the parent's image that exec replaces), so a child started straight from the benchmark would never
report less than the benchmark's own size. This launcher imports nothing beyond the built-in modules, stays
near the size of a bare interpreter, and forks each command from there.

Protocol, one JSON object per line: read ``{"argv": [...], "cwd": ..., "stdout": PATH, "stderr": PATH,
"timeout": SECONDS}``, write ``{"elapsed": SECONDS, "code": EXIT_CODE, "maxrss_kib": KIB}``. Wall time is
``time.perf_counter`` from before the fork to after ``os.wait4``; the child is killed after ``timeout``.
"""

import json
import os
import signal
import sys
import time


def _run(request: dict) -> dict:  # type: ignore[type-arg]
    argv = request["argv"]
    stdout = os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    stderr = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    devnull = os.open(os.devnull, os.O_RDONLY)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: redirect, move, exec; never return into the launcher
        try:
            os.dup2(devnull, 0)
            os.dup2(stdout, 1)
            os.dup2(stderr, 2)
            os.chdir(request["cwd"])
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
    signal.setitimer(signal.ITIMER_REAL, float(request["timeout"]))
    while True:
        try:
            _, status, usage = os.wait4(pid, 0)
            break
        except InterruptedError:
            continue
    elapsed = time.perf_counter() - start
    signal.setitimer(signal.ITIMER_REAL, 0)
    for fd in (stdout, stderr, devnull):
        os.close(fd)
    return {"elapsed": elapsed, "code": os.waitstatus_to_exitcode(status), "maxrss_kib": usage.ru_maxrss}


def main() -> None:
    for line in sys.stdin:
        if line.strip():
            sys.stdout.write(json.dumps(_run(json.loads(line))) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
