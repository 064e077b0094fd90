"""Atomic file writes: a temporary file in the target folder, fsync, then rename.

Only a regular file or a new path is ever replaced: a device node, FIFO, socket or symbolic link at the
target is refused (renaming over /dev/null as root would replace the device). POSIX-only calls (fchmod,
opening a folder to fsync it) are skipped where the platform lacks them.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from reportgen.errors import OutputError
from reportgen.i18n import _


def check_target(path: Path) -> None:
    """Refuse ``path`` unless it is a regular file (not a link to one) or does not exist yet."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return  # a new path, or one that cannot be made: the write itself says why
    if stat.S_ISLNK(mode):
        raise OutputError(_("is a symbolic link: refused (write to the file itself or a new path)"), path=path)
    if stat.S_ISDIR(mode):
        raise OutputError(_("is a folder, not a file"), path=path)
    if not stat.S_ISREG(mode):
        raise OutputError(_("is not a regular file (a device, FIFO or socket): refused"), path=path)


@contextlib.contextmanager
def _temp_beside(path: Path) -> Iterator[tuple[IO[bytes], Path]]:
    check_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        reason = _("{path} is a file, not a folder").format(path=blocker) if blocker else exc.strerror
        raise OutputError(_("cannot write here: {reason}").format(reason=reason), path=path) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            # mkstemp makes the file private (0600); the result should have the permissions of the file it
            # replaces, or of any new file the user makes. Some network and FUSE mounts refuse chmod: then the
            # file keeps what the mount gives it. Windows has no fchmod and no such bits.
            if hasattr(os, "fchmod"):
                with contextlib.suppress(OSError):
                    os.fchmod(handle.fileno(), _mode_for(path))
            yield handle, tmp
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(_("cannot write: {reason}").format(reason=exc.strerror), path=path) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_open(path: Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` in one rename.

    Missing parent folders are created. If the block raises, the old file is left untouched.
    """
    path = Path(path)
    with _temp_beside(path) as (handle, tmp):
        yield handle
    try:
        check_target(path)  # it may have become a link or device while the data was written
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(_("cannot write: {reason}").format(reason=exc.strerror), path=path) from exc
        raise


def write_temp(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new, synced temporary file beside ``path`` and return it; ``path`` is not touched."""
    path = Path(path)
    with _temp_beside(path) as (handle, tmp):
        handle.write(data)
    return tmp


def fsync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable where the platform can (POSIX); elsewhere a no-op."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _mode_for(path: Path) -> int:
    """The permission bits ``path`` should get: its current ones, else 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where Linux allows (os.umask can only set it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path) as handle:
        handle.write(data)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))
