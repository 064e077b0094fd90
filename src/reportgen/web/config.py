"""Where the server reads and writes: the history folder, the work folder, and the built-in example."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.read.documents import max_input_bytes
from reportgen.store import inside_package
from reportgen.workspace import locate_history

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass
class WebConfig:
    """What one server works on.

    ``history`` is the history folder, ``work`` the folder that holds ``metrics/`` (as the CLI's current
    folder does). ``example`` is True when neither exists and the server runs on a private copy of the
    built-in example, so that nothing is written into the installed package. ``org`` is the workspace's
    government: a report of another one is refused, as ``reportgen ingest`` refuses it. ``token`` set means every
    request must carry it. ``max_upload`` bounds one uploaded file; ``scratch`` holds uploads and results
    under generated names.
    """

    history: Path
    work: Path
    scratch: Path
    example: bool = False
    org: str | None = None
    token: str | None = None
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    max_upload: int = field(default_factory=max_input_bytes)

    def cleanup(self) -> None:
        """Remove the scratch folder: uploads, results and the example's copy."""
        shutil.rmtree(self.scratch, ignore_errors=True)

    @property
    def max_request(self) -> int:
        """A whole request may hold two files (the compare form) and a few fields."""
        return 2 * self.max_upload + 64 * 1024


def make_config(
    history: Path | None = None,
    *,
    work: Path | None = None,
    token: str | None = None,
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS,
    scratch_in: Path | None = None,
) -> WebConfig:
    """The server's folders, resolved as the CLI resolves --history; the example is copied to a scratch folder.

    The scratch folder is made in ``scratch_in`` (default: the system's temporary folder).
    """
    if scratch_in is not None:
        scratch_in.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="reportgen-web-", dir=scratch_in))
    location = locate_history(history)  # --history, $REPORTGEN_HISTORY, the workspace, ./history, the example
    folder = location.history
    example = location.builtin or inside_package(folder)
    if work is None:
        work = location.base.resolve()  # the workspace's folder, else the current one: where metrics/ goes
    if example:
        # The installed example is read-only; the page works on a private copy so that uploads can be tried.
        copy = scratch / "example" / "history"
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
        folder = copy
        work = copy.parent
    return WebConfig(
        history=folder,
        work=work,
        scratch=scratch,
        example=example,
        org=location.expected_org,
        token=token or None,
        allowed_hosts=allowed_hosts,
    )
