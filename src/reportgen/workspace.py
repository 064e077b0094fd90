"""Workspaces: one folder per government, holding its history and a small config file.

``reportgen init --from FILE`` makes one; every command then finds the nearest one upward from the current
folder, as git finds its repository. The order that decides which history a command uses:

1. ``--history DIR``; 2. ``$REPORTGEN_HISTORY``; 3. the nearest workspace's ``history/``; 4. ``./history``;
5. the built-in example (常州市钟楼区人民政府 2023), read-only.

Default output folders (``output/``, ``metrics/``) are relative to the workspace when there is one, else to the
current folder. This module finds and checks; it never prints.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from reportgen.errors import HistoryError, UsageError
from reportgen.fsutil import atomic_write_text
from reportgen.i18n import _
from reportgen.model import Report
from reportgen.store import HISTORY_ENV, builtin_history, inside_package
from reportgen.style import ReportStyle, style_from_dict, style_to_dict

CONFIG_NAME = "reportgen.yaml"
CONFIG_SCHEMA = "reportgen.workspace/1"
HISTORY_NAME = "history"

Source = Literal["option", "env", "workspace", "local", "builtin"]


@dataclass
class Workspace:
    """A government's workspace: its folder and what its config file says."""

    root: Path
    org: str
    addressee: str | None = None
    signature: str | None = None
    style: ReportStyle | None = None

    @property
    def config(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def history(self) -> Path:
        return self.root / HISTORY_NAME


@dataclass
class HistoryLocation:
    """Which history folder a command uses, why, and where its default outputs go."""

    history: Path
    source: Source
    workspace: Workspace | None = None
    base: Path = field(default_factory=lambda: Path("."))

    @property
    def builtin(self) -> bool:
        """True when the command falls back to the read-only built-in example."""
        return self.source == "builtin"

    @property
    def expected_org(self) -> str | None:
        """The government whose reports this history holds, when a workspace says so."""
        if self.workspace is not None and self.source == "workspace":
            return self.workspace.org
        return None


def find_workspace(start: Path | None = None) -> Workspace | None:
    """The nearest workspace at or above ``start`` (default: the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        config = folder / CONFIG_NAME
        if config.is_file():
            return load_workspace(config)
    return None


def load_workspace(config: Path) -> Workspace:
    """Read a workspace config file."""
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise HistoryError(
            _("not a readable workspace config ({reason})").format(reason=type(exc).__name__), path=config
        ) from exc
    if not isinstance(data, dict) or data.get("schema") != CONFIG_SCHEMA:
        raise HistoryError(
            _("not a reportgen workspace config (expected schema: {schema})").format(schema=CONFIG_SCHEMA), path=config
        )
    org = data.get("org")
    if not isinstance(org, str) or not org.strip():
        raise HistoryError(_("the workspace config names no government (org)"), path=config)
    style_data = data.get("style")
    try:
        style = style_from_dict(style_data) if isinstance(style_data, dict) else None
    except (TypeError, ValueError) as exc:
        raise HistoryError(
            _("the workspace config has a malformed style: {problem}").format(problem=exc), path=config
        ) from exc
    return Workspace(
        root=config.parent,
        org=org.strip(),
        addressee=data.get("addressee"),
        signature=data.get("signature"),
        style=style,
    )


def locate_history(option: Path | None = None, cwd: Path | None = None) -> HistoryLocation:
    """The history folder a command uses (see the module docstring for the order)."""
    here = cwd or Path.cwd()
    workspace = find_workspace(here)
    base = workspace.root if workspace is not None else Path(".")
    if option is not None:
        return HistoryLocation(option, "option", workspace, base)
    env = os.environ.get(HISTORY_ENV)
    if env:
        return HistoryLocation(Path(env), "env", workspace, base)
    if workspace is not None:
        return HistoryLocation(workspace.history, "workspace", workspace, base)
    local = here / HISTORY_NAME
    if local.is_dir():
        return HistoryLocation(Path(HISTORY_NAME) if cwd is None else local, "local", None, base)
    return HistoryLocation(builtin_history(), "builtin", None, base)


def writable_history(location: HistoryLocation) -> Path:
    """The history folder to store a report in; the built-in example is refused."""
    if location.builtin or inside_package(location.history):
        raise UsageError(
            _("no workspace here, and the built-in example history is read-only"),
            path=location.history if not location.builtin else None,
            remedy="workspace_here",
        )
    return location.history


# --- init ------------------------------------------------------------------------------------------------------


@dataclass
class InitResult:
    """What ``init`` made."""

    workspace: Workspace
    report: Report
    stored: Path
    notes: list[str] = field(default_factory=list)


def config_text(workspace: Workspace, year: int | None) -> str:
    """The config file: a comment saying what it is, then the government, its forms and its style."""
    data: dict[str, Any] = {
        "schema": CONFIG_SCHEMA,
        "org": workspace.org,
        "addressee": workspace.addressee,
        "signature": workspace.signature,
    }
    if workspace.style is not None:
        data["style"] = style_to_dict(workspace.style)
    header = (
        "# reportgen workspace: the reports of one government. Every reportgen command run in this folder or below\n"
        "# uses history/ here. Reports of another government are refused.\n"
        f"# style: how the {year or ''} report is written; drafts follow the style of the latest report in history.\n"
    )
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)


def init_workspace(
    folder: Path, source: Path, *, year: int | None = None, org: str | None = None, force: bool = False
) -> InitResult:
    """Make ``folder`` a workspace: parse ``source``, store it in ``folder/history``, write the config."""
    from reportgen.ingest import ingest_file  # lazy for start-up: ingest loads the matching (numpy)

    config = folder / CONFIG_NAME
    if config.exists():
        raise UsageError(
            _("this folder is already a workspace"), path=config, hint=_("ingest further years with reportgen ingest")
        )
    if inside_package(folder):
        raise UsageError(_("reportgen does not write into its own installed package"), path=folder)
    result = ingest_file(source, folder / HISTORY_NAME, year=year, force=force, org=org, require_org=True)
    report = result.report
    assert report.org is not None  # require_org
    workspace = Workspace(
        root=folder,
        org=report.org,
        addressee=report.addressee,
        signature=report.signature,
        style=report.style,
    )
    atomic_write_text(config, config_text(workspace, report.year))
    return InitResult(workspace, report, result.path, result.notes)
