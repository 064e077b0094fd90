"""Shared set-up for the web tests: a private history with the 2023 baseline, and a test client."""

from __future__ import annotations

import shutil
from pathlib import Path

from starlette.testclient import TestClient

from reportgen.web.app import create_app
from reportgen.web.config import WebConfig, make_config

from .conftest import FIXTURES, ROOT

REPORT_2024 = FIXTURES / "compare" / "zhonglou-2024-variant.txt"
PARTIAL_SHEET = FIXTURES / "draft" / "metrics-2024-partial.csv"
BASE = "http://127.0.0.1"


def web_config(tmp_path: Path, **changes: object) -> WebConfig:
    """A server configuration over a copy of the 2023 baseline in ``tmp_path``."""
    history = tmp_path / "history"
    history.mkdir()
    for name in ("2023.yaml", "2023.txt"):
        shutil.copy(ROOT / "history" / name, history / name)
    config = make_config(history, work=tmp_path / "work", scratch_in=tmp_path / "scratch")
    for key, value in changes.items():
        setattr(config, key, value)
    return config


def client(config: WebConfig, **kwargs: object) -> TestClient:
    """A test client that talks to the app as a browser on this machine would."""
    return TestClient(create_app(config), base_url=BASE, **kwargs)  # type: ignore[arg-type]
