"""Writing output files without losing anyone's work.

reportgen may replace an output file only if it wrote that file itself and nobody has changed it since:
each folder it writes to keeps a small ledger (``.reportgen-outputs.json``) of the SHA-256 of every file it
wrote there. Any other existing file (a hand-edited draft, the office's own notes, history's original text)
is replaced only with ``force``, and then a copy goes to ``.backup/`` in the same folder first. Targets that
are not regular files (devices, FIFOs, links) are refused by ``fsutil``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from reportgen.errors import OutputError
from reportgen.fsutil import atomic_write_bytes, check_target
from reportgen.i18n import _

LEDGER = ".reportgen-outputs.json"
BACKUP = ".backup"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _ledger(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def written_by_reportgen(path: Path) -> bool:
    """Whether ``path`` holds exactly what reportgen last wrote there."""
    recorded = _ledger(path.parent).get(path.name)
    if recorded is None:
        return False
    try:
        return _digest(path.read_bytes()) == recorded
    except OSError:
        return False


def claim(paths: Iterable[Path], *, force: bool) -> None:
    """Check that every one of ``paths`` may be written; with ``force``, back up the ones that need it.

    Call this for all of a command's outputs before writing any, so a refusal leaves every file as it was.
    """
    paths = list(paths)
    needs_force = []
    for path in paths:
        check_target(path)
        if path.exists() and not written_by_reportgen(path):
            needs_force.append(path)
    if needs_force and not force:
        first = needs_force[0]
        message = _("already exists and was not written by reportgen, or was changed since")
        if len(needs_force) > 1:
            message += _(" (and {count} more)").format(count=len(needs_force) - 1)
        raise OutputError(
            message,
            path=first,
            remedy="force_or_other_file",
        )
    for path in needs_force:
        backup(path)


def backup(path: Path) -> Path:
    """Copy ``path`` into ``.backup/`` beside it, whole or not at all; returns the copy."""
    folder = path.parent / BACKUP
    stamp = time.strftime("%Y%m%d-%H%M%S")
    n = 0
    while (copy := folder / f"{path.stem}-{stamp}-{n}{path.suffix}").exists():
        n += 1
    atomic_write_bytes(copy, path.read_bytes())
    with contextlib.suppress(OSError):
        shutil.copystat(path, copy)
    return copy


def write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically and note it in the folder's ledger (after ``claim``)."""
    atomic_write_bytes(path, data)
    record(path, data)


def record(path: Path, data: bytes) -> None:
    """Note in ``path``'s folder that reportgen wrote ``data`` there."""
    ledger = _ledger(path.parent)
    ledger[path.name] = _digest(data)
    try:
        atomic_write_bytes(path.parent / LEDGER, json.dumps(ledger, ensure_ascii=False, indent=0).encode("utf-8"))
    except OutputError:
        pass  # a folder we may write files into but not the ledger: later runs then ask for --force


def claim_and_write(path: Path, data: bytes, *, force: bool) -> None:
    """``claim`` one path, then ``write_output`` it."""
    claim([path], force=force)
    write_output(path, data)
