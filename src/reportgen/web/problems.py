"""reportgen's errors as HTTP answers: a status, a short error name and a detail that names no server path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import (
    HistoryError,
    InputFileError,
    OtherGovernmentError,
    OutputError,
    ReportgenError,
    SheetError,
    StructureError,
    TemplateError,
    UnsafeInputError,
    UsageError,
    YearExistsError,
    YearNotFoundError,
)


class WebError(Exception):
    """An answer the web layer gives by itself: a bad form field, a missing upload, a wrong token."""

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail


@dataclass(frozen=True)
class Answer:
    """One error as the API returns it."""

    status: int
    error: str
    detail: str

    def body(self) -> dict[str, str]:
        return {"error": self.error, "detail": self.detail}


def _status(exc: ReportgenError) -> tuple[int, str]:
    if isinstance(exc, YearExistsError):
        return 409, "year_exists"
    if isinstance(exc, OtherGovernmentError):
        return 409, "other_government"
    if isinstance(exc, YearNotFoundError):
        return 404, "year_not_found"
    if isinstance(exc, UnsafeInputError):
        # Uploads over the size limit are refused (413) before the library reads them; what is left is hostile
        # content: a zip bomb, XML entities, a sheet that expands too far.
        return 422, "unsafe_input"
    if isinstance(exc, UsageError):
        return 400, "bad_request"
    if isinstance(exc, SheetError):
        return 422, "bad_sheet"
    if isinstance(exc, InputFileError | StructureError):
        return 422, "bad_input"
    if isinstance(exc, HistoryError):
        return 422, "bad_history"
    if isinstance(exc, TemplateError):
        return 422, "bad_template"
    if isinstance(exc, OutputError):
        return 500, "cannot_write"
    return 422, "error"


def describe(exc: ReportgenError, names: Mapping[Path, str], history: Path | None = None) -> str:
    """The error's text with each uploaded file shown by the name the user gave it, and no server folder."""
    text = str(exc)
    for path, name in names.items():
        text = text.replace(str(path), name)
    if history is not None:
        text = text.replace(f"{history}/", "").replace(str(history), "历史库")
    return text


def answer_for(exc: BaseException, names: Mapping[Path, str] | None = None, history: Path | None = None) -> Answer:
    """The answer to give for ``exc``; anything unexpected is a 500 without a traceback."""
    if isinstance(exc, WebError):
        return Answer(exc.status, exc.error, exc.detail)
    if isinstance(exc, ReportgenError):
        status, error = _status(exc)
        return Answer(status, error, describe(exc, names or {}, history))
    return Answer(500, "internal_error", "服务器内部错误，请查看服务器日志。")
