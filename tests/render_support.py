"""The rendering check (scripts/render_check.py, a dev tool outside the package) for the render-marked tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "render_check.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_check", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


render_check = _load()


def require_tools() -> None:
    """Fail (never skip: CI installs them) when LibreOffice, poppler or the CJK fonts are missing."""
    missing = render_check.missing_tools()
    if missing:
        pytest.fail(
            "render tests need "
            + ", ".join(missing)
            + "; run scripts/install-system-deps.sh (Debian: libreoffice-writer-nogui poppler-utils "
            "fonts-noto-cjk fonts-arphic-gkai00mp)"
        )
