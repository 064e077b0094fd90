"""Running untrusted work (a user's templates) in a child process with a time and a memory limit.

The parent waits on a pipe with a timeout and kills the child when time is up: no signals, so it works the
same on Windows. On POSIX the child also gets an address-space and a CPU-time limit (``resource``), so one
huge allocation (``'%2000000000d' % 1``) fails at once with MemoryError instead of swapping the machine.
A limit of 0, below 0, nan or inf is refused rather than taken as "no limit".
"""

from __future__ import annotations

import math
import os
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reportgen import errors
from reportgen.errors import ReportgenError, TemplateError, UsageError
from reportgen.i18n import _

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

TIMEOUT_ENV = "REPORTGEN_TEMPLATE_TIMEOUT"
MEMORY_ENV = "REPORTGEN_TEMPLATE_MEMORY_MB"
DEFAULT_SECONDS = 10.0
DEFAULT_MEMORY_MB = 1024.0


def _positive(name: str, default: float, ceiling: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0 or value > ceiling:
        raise UsageError(
            _("{name} must be a number above 0 and at most {ceiling:g}, not {raw}").format(
                name=name, ceiling=ceiling, raw=repr(raw)
            )
        )
    return value


def time_limit() -> float:
    """Seconds a draft with user templates may take: $REPORTGEN_TEMPLATE_TIMEOUT, else 10."""
    return _positive(TIMEOUT_ENV, DEFAULT_SECONDS, 3600)


def memory_limit() -> int:
    """Bytes of memory a draft with user templates may add: $REPORTGEN_TEMPLATE_MEMORY_MB, else 1024 MB."""
    return int(_positive(MEMORY_ENV, DEFAULT_MEMORY_MB, 64 * 1024) * 1024 * 1024)


def _current_address_space() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def _apply_posix_limits(seconds: float, memory: int) -> None:
    try:
        import resource  # POSIX only
    except ImportError:
        return
    # The forked child starts with the parent's mappings: the budget is on top of what is already there.
    limit = _current_address_space() + memory
    for name in ("RLIMIT_AS", "RLIMIT_DATA"):
        kind = getattr(resource, name, None)
        if kind is None or not limit:
            continue
        try:
            _, hard = resource.getrlimit(kind)
            resource.setrlimit(kind, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
            break
        except (ValueError, OSError):
            continue
    try:
        cpu = math.ceil(seconds) + 1
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu if hard == resource.RLIM_INFINITY else min(cpu, hard), hard))
    except (ValueError, OSError, AttributeError):
        pass


def _child(conn: Connection, work: Callable[..., Any], args: tuple[Any, ...], seconds: float, memory: int) -> None:
    _apply_posix_limits(seconds, memory)
    try:
        outcome: tuple[str, Any] = ("ok", work(*args))
    except ReportgenError as exc:
        outcome = (
            "error",
            (type(exc).__name__, exc.message, exc.path, exc.where, exc.hint, exc.remedy, exc.problem, exc.facts),
        )
    except MemoryError:
        outcome = ("memory", None)
    except RecursionError:
        outcome = ("error", ("TemplateError", _("templates recurse too deeply"), None, None, None, None, None, {}))
    except BaseException as exc:  # anything else is reported to the parent, which turns it into an error
        outcome = ("crash", "".join(traceback.format_exception_only(type(exc), exc)).strip())
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(("memory", None))
    finally:
        conn.close()


def run_limited(work: Callable[..., Any], *args: Any, seconds: float, memory: int, what: str) -> Any:
    """``work(*args)`` in a child process, stopped after ``seconds`` or past ``memory`` more bytes.

    Errors reportgen raises in the child are raised again here; a timeout, the memory limit or a crash
    becomes a ``TemplateError`` naming ``what`` (e.g. the templates folder).
    """
    import multiprocessing  # lazy for start-up: only a user's templates run in a child process

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(  # type: ignore[attr-defined]  # get_context returns a concrete context
        target=_child, args=(sender, work, args, seconds, memory), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise TemplateError(
                _("drafting with these templates took longer than {seconds:g} s: stopped").format(seconds=seconds),
                path=what,
                hint=_("look for a loop that never ends or a huge number; {variable} sets the limit").format(
                    variable=TIMEOUT_ENV
                ),
            )
        try:
            kind, payload = receiver.recv()
        except (EOFError, OSError):
            process.join(5)
            kind, payload = "died", process.exitcode
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if kind == "ok":
        return payload
    if kind == "error":
        name, message, path, where, hint, remedy, problem, facts = payload
        cls = getattr(errors, name, TemplateError)
        raise cls(message, path=path, where=where, hint=hint, remedy=remedy, problem=problem, facts=facts)
    if kind == "memory":
        raise TemplateError(
            _("drafting with these templates needed more than {megabytes} MB of memory: stopped").format(
                megabytes=memory // 1048576
            ),
            path=what,
            hint=_("look for a huge string or number; {variable} sets the limit").format(variable=MEMORY_ENV),
        )
    if kind == "died":
        raise TemplateError(
            _("drafting with these templates stopped (exit code {payload}): over the time or memory limit?").format(
                payload=payload
            ),
            path=what,
        )
    raise TemplateError(_("drafting with these templates failed: {payload}").format(payload=payload), path=what)
