"""reportgen's errors as HTTP answers: a status, a short error name and a detail that names no server path."""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import (
    HistoryError,
    InputFileError,
    OtherGovernmentError,
    OutputError,
    Remedy,
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


# (error class, HTTP status, error code), most specific first: the first class ``exc`` is an instance of answers.
# Uploads over the size limit are refused (413) before the library reads them; what is left as unsafe input is
# hostile content: a zip bomb, XML entities, a sheet that expands too far.
_STATUSES: tuple[tuple[type[ReportgenError] | types.UnionType, int, str], ...] = (
    (YearExistsError, 409, "year_exists"),
    (OtherGovernmentError, 409, "other_government"),
    (YearNotFoundError, 404, "year_not_found"),
    (UnsafeInputError, 422, "unsafe_input"),
    (UsageError, 400, "bad_request"),
    (SheetError, 422, "bad_sheet"),
    (InputFileError | StructureError, 422, "bad_input"),
    (HistoryError, 422, "bad_history"),
    (TemplateError, 422, "bad_template"),
    (OutputError, 500, "cannot_write"),
)


def _status(exc: ReportgenError) -> tuple[int, str]:
    return next(((status, code) for kind, status, code in _STATUSES if isinstance(exc, kind)), (422, "error"))


# The page's own words for the fixes the library suggests (the CLI names its flags instead); the others keep the
# library's wording.
_WEB_REMEDIES: dict[Remedy, str] = {
    "force": "如需替换，请勾选“替换已有年份”",
    "year": "请在“年度”一栏填写年份",
}


def describe(exc: ReportgenError, names: Mapping[Path, str], history: Path | None = None) -> str:
    """The error's text with each uploaded file shown by the name the user gave it, and no server folder."""
    text = exc.describe(hint=_WEB_REMEDIES.get(exc.remedy) if exc.remedy is not None else None)
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
