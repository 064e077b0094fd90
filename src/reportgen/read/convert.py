"""Old and other office formats (.doc, .wps, .odt, .rtf) to .docx through LibreOffice, when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from reportgen.errors import InputFileError
from reportgen.i18n import _

CONVERTIBLE_SUFFIXES = (".doc", ".wps", ".odt", ".rtf", ".wpt", ".dot")
CONVERT_TIMEOUT = 120


def soffice() -> str | None:
    """The LibreOffice program on PATH (soffice or libreoffice), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, workdir: Path) -> Path:
    """``path`` converted to a .docx in ``workdir``. Raises InputFileError when LibreOffice is missing or fails."""
    program = soffice()
    kind = path.suffix.lower()
    if program is None:
        raise InputFileError(
            _("{kind} files are read through LibreOffice, which is not installed").format(kind=kind),
            path=path,
            hint=_("open it in Word or WPS and save it as .docx (文件 → 另存为 → .docx), or install LibreOffice"),
        )
    # A private profile: a LibreOffice the user has open, or another conversion, must not block this one.
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=workdir))
    source = workdir / f"source{kind}"
    shutil.copyfile(path, source)  # a name LibreOffice can take whatever the user called the file
    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(workdir),
        str(source),
    ]
    try:
        subprocess.run(
            command,
            capture_output=True,
            timeout=CONVERT_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "HOME": str(profile)},
        )
    except subprocess.TimeoutExpired as exc:
        raise InputFileError(
            _("LibreOffice took over {seconds} s to convert it").format(seconds=CONVERT_TIMEOUT),
            path=path,
            hint=_("save it as .docx"),
        ) from exc
    except OSError as exc:
        raise InputFileError(
            _("cannot run LibreOffice: {reason}").format(reason=exc.strerror), path=path, hint=_("save it as .docx")
        ) from exc
    converted = workdir / "source.docx"
    if not converted.is_file() or converted.stat().st_size == 0:
        raise InputFileError(
            _("LibreOffice could not convert this {kind} file (damaged, or not a document)").format(kind=kind),
            path=path,
            hint=_("open it in Word or WPS and save it as .docx"),
        )
    return converted
