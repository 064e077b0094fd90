"""A PDF beside a DOCX through headless LibreOffice, with the official font names mapped.

GB/T 9704 names fonts (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体) that fontconfig does not know; the
alias file shipped as ``reportgen.fonts`` maps them to the CJK fonts installed, for this conversion only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from importlib import resources
from pathlib import Path

from reportgen.errors import OutputError, UsageError
from reportgen.i18n import _
from reportgen.outputs import claim, write_output
from reportgen.read.convert import soffice

PDF_TIMEOUT = 180
SYSTEM_FONTCONFIG = Path("/etc/fonts/fonts.conf")


def alias_file() -> Path:
    """The fontconfig file mapping the official font names."""
    return Path(str(resources.files("reportgen.fonts") / "reportgen-fonts.conf"))


def install_hint() -> str:
    """How to install LibreOffice on this kind of system."""
    if os.name == "nt":
        return _("install LibreOffice from https://www.libreoffice.org/download/ and make sure soffice is on PATH")
    if shutil.which("brew"):
        return _("install it with: brew install --cask libreoffice")
    return _(
        "install it, e.g. on Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk "
        "fonts-arphic-gkai00mp (or run scripts/install-system-deps.sh)"
    )


def docx_to_pdf(docx: Path, pdf: Path | None = None, *, force: bool = False) -> Path:
    """Convert ``docx`` to ``pdf`` (default: beside it, same name) and return the PDF's path.

    Raises UsageError when LibreOffice is not installed (with how to install it) and OutputError when the
    conversion fails. A PDF the user changed is replaced only with ``force`` (backed up first).
    """
    program = soffice()
    if program is None:
        raise UsageError(
            _("a PDF needs LibreOffice, which is not installed"), hint=install_hint(), problem="no_libreoffice"
        )
    target = pdf if pdf is not None else docx.with_suffix(".pdf")
    claim([target], force=force)
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as scratch:
        folder = Path(scratch)
        fonts_conf = folder / "fonts.conf"
        fonts_conf.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
            f'  <include ignore_missing="yes">{SYSTEM_FONTCONFIG}</include>\n'
            f"  <include>{alias_file()}</include>\n</fontconfig>\n",
            encoding="utf-8",
        )
        source = folder / "report.docx"  # a plain name LibreOffice takes whatever the user called the file
        shutil.copyfile(docx, source)
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)}
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=PDF_TIMEOUT, env=env)
        except subprocess.TimeoutExpired as exc:
            raise OutputError(
                _("LibreOffice took over {seconds} s to make the PDF").format(seconds=PDF_TIMEOUT), path=target
            ) from exc
        except (subprocess.CalledProcessError, OSError) as exc:
            raise OutputError(
                _("LibreOffice could not make the PDF ({reason})").format(reason=type(exc).__name__), path=target
            ) from exc
        made = folder / "report.pdf"
        if not made.exists():
            raise OutputError(_("LibreOffice made no PDF"), path=target)
        write_output(target, made.read_bytes())
    return target
