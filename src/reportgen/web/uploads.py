"""Uploaded files: saved under generated names in a private scratch folder, never under a name from the request."""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.read.convert import CONVERTIBLE_SUFFIXES
from reportgen.read.documents import HTML_SUFFIXES, TEXT_SUFFIXES
from reportgen.web.problems import WebError

# The report files `reportgen ingest` reads; the web page accepts exactly these.
REPORT_SUFFIXES = (".docx", ".pdf", *TEXT_SUFFIXES, *HTML_SUFFIXES, *CONVERTIBLE_SUFFIXES)
SHEET_SUFFIXES = (".xlsx", ".csv", ".yaml", ".yml")
_CHUNK = 1024 * 1024
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\\/<>]")


def display_name(filename: str | None) -> str:
    """The uploaded file's own name, for messages only: no folders, no control characters, not too long."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME.sub("", name).strip() or "上传的文件"
    return name[:120]


@dataclass
class Uploads:
    """The files of one request, each in the scratch folder, and the names their senders gave them."""

    folder: Path
    names: dict[Path, str] = field(default_factory=dict)

    async def save(self, upload: Any, allowed: tuple[str, ...], limit: int, field_name: str) -> Path:
        """Copy ``upload`` (a Starlette UploadFile) to a generated name with its checked suffix."""
        name = display_name(getattr(upload, "filename", None))
        suffix = Path(name).suffix.lower()
        if suffix not in allowed:
            raise WebError(
                422, "bad_input", f"{name}：不支持的文件类型 {suffix or '（无扩展名）'}，可用：{'、'.join(allowed)}"
            )
        target = self.folder / f"{field_name}-{len(self.names) + 1}{suffix}"
        size = 0
        with target.open("wb") as handle:
            while chunk := await upload.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise WebError(413, "too_large", f"{name}：文件超过 {limit // (1024 * 1024)} MB 的上限")
                handle.write(chunk)
        if size == 0:
            raise WebError(422, "bad_input", f"{name}：文件是空的")
        self.names[target] = name
        return target


@contextlib.contextmanager
def request_uploads(scratch: Path) -> Iterator[Uploads]:
    """A fresh folder for one request's uploads, removed when the request is done."""
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=scratch))
    try:
        yield Uploads(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
