"""The one safety check for Office files (.docx, .xlsx): zip bombs, path tricks, damage, and XML DTDs.

Every member is read in full, in chunks, within the limits: a bad CRC or a broken deflate stream is found
here, as a clear error, rather than later as a traceback from whichever library parses the part. Every
member, whatever its name, is searched for a DTD (``<!DOCTYPE``/``<!ENTITY``) in UTF-8 and in UTF-16 and
UTF-32 of either byte order: a renamed or re-encoded part is no way round the check. defusedxml, installed
with reportgen, makes openpyxl refuse entities too; python-docx never resolves them.
"""

from __future__ import annotations

import zipfile
import zlib
from io import BytesIO
from pathlib import Path, PurePosixPath

from reportgen.errors import InputFileError, UnsafeInputError
from reportgen.i18n import _

MAX_MEMBERS = 2000
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
_RATIO_FLOOR = 1 << 20  # small members compress far (an empty sheet is 50× smaller zipped); only big ones count
_CHUNK = 1 << 16
_DTD_TOKENS = tuple(
    token.encode(encoding)
    for token in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


def _unsafe_name(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return name.startswith(("/", "\\")) or ".." in parts or ":" in name


def has_dtd(data: bytes) -> bool:
    """Whether ``data`` holds a DOCTYPE or ENTITY declaration anywhere, in any of the XML encodings."""
    upper = data.upper()  # bytes.upper changes only ASCII letters, so the UTF-16/32 forms still match
    return any(token in upper for token in _DTD_TOKENS)


def read_office_zip(data: bytes, path: Path, *, kind: str, required: str) -> dict[str, bytes]:
    """Every member of the Office file ``data``, checked; raises InputFileError or UnsafeInputError.

    ``kind`` (".docx", ".xlsx") names the file type in messages; ``required`` is the member that must be there.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise InputFileError(_("not a valid {kind} (it is not a zip archive)").format(kind=kind), path=path) from exc
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnsafeInputError(
            _("the {kind} holds {count} files, too many for a report").format(kind=kind, count=len(infos)), path=path
        )
    declared = 0
    for info in infos:
        if _unsafe_name(info.filename):
            raise UnsafeInputError(
                _("the {kind} has an unsafe member path: {filename}").format(kind=kind, filename=info.filename),
                path=path,
            )
        declared += info.file_size
        if info.compress_size and info.file_size > _RATIO_FLOOR and info.file_size / info.compress_size > MAX_RATIO:
            raise UnsafeInputError(
                _("the {kind} looks like a zip bomb ({filename} expands too far)").format(
                    kind=kind, filename=info.filename
                ),
                path=path,
            )
    limit_mb = MAX_EXPANDED_BYTES // 1048576
    if declared > MAX_EXPANDED_BYTES:
        raise UnsafeInputError(
            _("the {kind} expands to more than {limit_mb} MB: refused as a zip bomb").format(
                kind=kind, limit_mb=limit_mb
            ),
            path=path,
        )
    if required not in archive.namelist():
        raise InputFileError(
            _("not a {kind}: {required} is missing").format(kind=_kind_name(kind), required=required), path=path
        )
    members: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        chunks: list[bytes] = []
        size = 0
        try:
            # The header's sizes can lie; count what really comes out, and stop at the limits.
            with archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > info.file_size or total > MAX_EXPANDED_BYTES:
                        raise UnsafeInputError(
                            _("the {kind} looks like a zip bomb ({filename} expands past its stated size)").format(
                                kind=kind, filename=info.filename
                            ),
                            path=path,
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
            raise InputFileError(
                _("the {kind} is damaged: {filename} cannot be read ({reason})").format(
                    kind=kind, filename=info.filename, reason=_damage(exc)
                ),
                path=path,
                hint=_("open and save it again in Word, WPS or Excel"),
            ) from exc
        member = b"".join(chunks)
        if has_dtd(member):
            raise UnsafeInputError(
                _("the {kind} declares XML entities in {filename}: refused").format(kind=kind, filename=info.filename),
                path=path,
            )
        members[info.filename] = member
    return members


def _kind_name(kind: str) -> str:
    if kind == ".docx":
        return _("Word document")
    if kind == ".xlsx":
        return _("Excel workbook")
    return _("{kind} file").format(kind=kind)


def _damage(exc: BaseException) -> str:
    text = str(exc)
    if "CRC" in text:
        return _("bad CRC")
    if isinstance(exc, zlib.error):
        return _("broken compressed data")
    if "encrypted" in text or "password" in text:
        return _("it is encrypted")
    return text or type(exc).__name__
