"""The history folder: one YAML file per year, the original text beside it.

Writes are atomic and locked; overwriting needs ``force`` and keeps the old file as a backup.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import asdict
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any, cast

import yaml

from reportgen.errors import HistoryError, InputFileError, YearExistsError, YearNotFoundError
from reportgen.figures import figure_kind
from reportgen.fsutil import atomic_write_bytes, fsync_folder, write_temp
from reportgen.history_schema import MAX_YEAR, MIN_YEAR, check_history
from reportgen.i18n import _
from reportgen.model import Figure, Initiative, Item, Part, Report, Section
from reportgen.read.documents import read_bytes
from reportgen.style import ReportStyle, style_from_dict, style_to_dict

SCHEMA = "reportgen.history/1"
HISTORY_ENV = "REPORTGEN_HISTORY"
_HISTORY_NAME_RE = re.compile(r"^(\d{4})\.ya?ml$")


def builtin_history() -> Path:
    """The history folder installed with the package (the built-in example)."""
    return Path(str(resources.files("reportgen.history")))


def inside_package(folder: Path) -> bool:
    """True when ``folder`` is (inside) the installed package, which reportgen never writes to."""
    target = folder.resolve()
    packages = (builtin_history().resolve(), Path(str(resources.files("reportgen"))).resolve())
    return any(target.is_relative_to(p) for p in packages)


def history_dir(override: Path | None = None) -> Path:
    """The history folder: ``override``, else $REPORTGEN_HISTORY, else ./history, else the packaged one."""
    if override is not None:
        return override
    env = os.environ.get(HISTORY_ENV)
    if env:
        return Path(env)
    local = Path("history")
    if local.is_dir():
        return local
    return builtin_history()


def history_years(folder: Path) -> list[int]:
    """The years stored in ``folder``, ascending."""
    if not folder.is_dir():
        return []
    recover(folder)
    return sorted(int(m.group(1)) for p in folder.iterdir() if (m := _HISTORY_NAME_RE.match(p.name)))


# --- YAML form -------------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _decimal_representer(dumper: yaml.SafeDumper, data: Decimal) -> yaml.ScalarNode:
    if data == data.to_integral():
        return dumper.represent_scalar("tag:yaml.org,2002:int", str(int(data)))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(data.normalize(), "f"))


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(Decimal, _decimal_representer)


class _Loader(yaml.SafeLoader):
    pass


def _decimal_constructor(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    # Keep figure values exact: 398.6406 must not become a binary float.
    text = str(loader.construct_scalar(cast(yaml.ScalarNode, node)))
    try:
        return Decimal(text)
    except InvalidOperation:
        # YAML's own spellings (.nan, .inf, 1_000.5); the history check then refuses what is not finite.
        return Decimal(str(loader.construct_yaml_float(cast(yaml.ScalarNode, node))))


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal_constructor)

# libyaml parses history ~6x faster than PyYAML's Python parser (3.7 ms against 24 ms a report), which matters
# for trend over many years. Same constructors, so values stay exact Decimals.
if getattr(yaml, "__with_libyaml__", False):

    class _FastLoader(yaml.CSafeLoader):
        pass

    _FastLoader.add_constructor("tag:yaml.org,2002:float", _decimal_constructor)
    _HistoryLoader: type[Any] = _FastLoader
else:
    _HistoryLoader = _Loader


def _figure_dict(figure: Figure) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": figure.id,
        "label": figure.label,
        "value": figure.value,
        "unit": figure.unit,
        "part": figure.part,
        "section": figure.section,
        "raw": figure.raw,
        "text": figure.text,
    }
    if figure.qualifier:
        data["qualifier"] = figure.qualifier
    if figure.numerals != "arabic":
        data["numerals"] = figure.numerals
    if figure.factors:
        data["factors"] = list(figure.factors)
    if figure.kind != "count":
        data["kind"] = figure.kind
    return data


def _section_dict(section: Section) -> dict[str, Any]:
    data = asdict(section)
    if section.heading == "run_in":
        del data["heading"]  # the usual form; history files stay as they were
    return data


def report_to_dict(report: Report) -> dict[str, Any]:
    """The history form of a report, as plain data."""
    return {
        "schema": SCHEMA,
        "org": report.org,
        "year": report.year,
        "title": report.title,
        "addressee": report.addressee,
        "outline": report.outline,
        "preamble": report.preamble,
        "parts": [
            {
                "number": p.number,
                "title": p.title,
                **({"intro": p.intro} if p.intro else {}),
                "sections": [_section_dict(s) for s in p.sections],
            }
            for p in report.parts
        ],
        **({"shortcomings_title": report.shortcomings_title} if report.shortcomings_title else {}),
        "shortcomings_intro": report.shortcomings_intro,
        "shortcomings": [asdict(i) for i in report.shortcomings],
        **({"plans_title": report.plans_title} if report.plans_title else {}),
        "plans_intro": report.plans_intro,
        "plans": [asdict(i) for i in report.plans],
        "signature": report.signature,
        "date": report.date,
        "figures": [_figure_dict(f) for f in report.figures],
        "initiatives": [
            {k: v for k, v in asdict(i).items() if v is not None or k in ("part", "section")}
            for i in report.initiatives
        ],
        **({"style": style_to_dict(report.style)} if report.style.detected else {}),
    }


def dump_report(report: Report) -> str:
    """The report as history YAML text."""
    return yaml.dump(report_to_dict(report), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _section(data: dict[str, Any]) -> Section:
    heading = data.get("heading", "run_in")
    if heading not in ("run_in", "alone", "alone_stop"):
        raise ValueError(f"section heading must be run_in, alone or alone_stop, not {heading!r}")
    return Section(number=data["number"], title=data["title"], text=data["text"], heading=heading)


def report_from_dict(data: dict[str, Any], source: str | None = None) -> Report:
    """Build a Report from its history form; raises KeyError/TypeError/ValueError on a malformed one."""
    figures = [
        Figure(
            id=str(f["id"]),
            label=f["label"],
            value=_decimal(f["value"]),
            unit=f["unit"],
            qualifier=f.get("qualifier"),
            numerals=f.get("numerals", "arabic"),
            part=f.get("part"),
            section=f.get("section"),
            text=f.get("text", ""),
            raw=f.get("raw", ""),
            factors=tuple(_decimal(x) for x in f.get("factors", ())),
            kind=f.get("kind") or figure_kind(f["unit"], f.get("raw", ""), f["label"]),
        )
        for f in data.get("figures") or []
    ]
    outline = data.get("outline", "thematic")
    style_data = data.get("style")
    if style_data is not None and not isinstance(style_data, dict):
        raise TypeError("style must be a mapping")
    # A history file from before styles has none: the writers then keep the form they always wrote.
    style = style_from_dict(style_data, outline) if style_data is not None else ReportStyle()
    return Report(
        org=data.get("org"),
        year=data.get("year"),
        title=data.get("title"),
        addressee=data.get("addressee"),
        preamble=data.get("preamble") or "",
        parts=[
            Part(
                number=p["number"],
                title=p["title"],
                intro=p.get("intro", ""),
                sections=[_section(s) for s in p["sections"]],
            )
            for p in data.get("parts") or []
        ],
        shortcomings=[Item(number=i["number"], text=i["text"]) for i in data.get("shortcomings") or []],
        plans=[Item(number=i["number"], text=i["text"]) for i in data.get("plans") or []],
        signature=data.get("signature"),
        date=data.get("date"),
        shortcomings_intro=data.get("shortcomings_intro") or "",
        plans_intro=data.get("plans_intro") or "",
        outline=outline,
        shortcomings_title=data.get("shortcomings_title"),
        plans_title=data.get("plans_title"),
        figures=figures,
        initiatives=[
            Initiative(
                name=i["name"],
                kind=i["kind"],
                part=i.get("part"),
                section=i.get("section"),
                action=i.get("action"),
            )
            for i in data.get("initiatives") or []
        ],
        source=source,
        style=style,
    )


def load_report(path: Path) -> Report:
    """Load a history YAML file."""
    if not path.exists():
        raise InputFileError(_("file not found"), path=path)
    recover(path.parent)
    raw = read_bytes(path)  # the input size limit: a 120 MB history file took 98 s and 2.4 GB to diff
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_HistoryLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise HistoryError(
            _("not a readable history file ({reason})").format(reason=type(exc).__name__), path=path
        ) from exc
    except RecursionError as exc:
        raise HistoryError(_("not a readable history file (nested too deeply)"), path=path) from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise HistoryError(
            _("not a reportgen history file (expected schema: {schema})").format(schema=SCHEMA), path=path
        )
    data = check_history(data, path)
    try:
        return report_from_dict(data, source=str(path))
    except KeyError as exc:
        raise HistoryError(_("malformed history file: missing key {key}").format(key=exc), path=path) from exc
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise HistoryError(
            _("malformed history file: {reason}").format(reason=f"{type(exc).__name__} {exc}"), path=path
        ) from exc


def year_path(folder: Path, year: int) -> Path:
    """Where the history file of ``year`` lives."""
    return folder / f"{year}.yaml"


def load_year(folder: Path, year: int) -> Report:
    """The stored report of ``year``."""
    path = year_path(folder, year)
    if not path.exists():
        years = ", ".join(map(str, history_years(folder))) or "none"
        raise YearNotFoundError(
            _("no report for {year} in history (years stored: {years})").format(year=year, years=years), path=folder
        )
    return load_report(path)


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Writers to ``folder`` queue up on one lock; the lock file lives in the temp folder, not in history/."""
    with warnings.catch_warnings():
        # Without fcntl (as on some platforms) filelock falls back to a soft lock and warns; that lock serves.
        warnings.simplefilter("ignore")
        import filelock  # only writers need it

    key = hashlib.sha256(os.fsencode(os.path.realpath(folder))).hexdigest()[:24]
    lock = filelock.FileLock(os.path.join(tempfile.gettempdir(), f"reportgen-{key}.lock"))
    with lock:
        yield


_JOURNAL_GLOB = ".pending-*.json"


def _journal(folder: Path, year: int) -> Path:
    return folder / f".pending-{year}.json"


def recover(folder: Path) -> None:
    """Finish any year whose switch was cut off (a kill between renaming its .txt and its .yaml).

    Both new files are complete on disk before the journal names them, so rolling forward always ends in a
    consistent pair.
    """
    try:
        journals = list(folder.glob(_JOURNAL_GLOB))
    except OSError:
        return
    if not journals:
        return
    with _folder_lock(folder):
        for journal in folder.glob(_JOURNAL_GLOB):
            _roll_forward(folder, journal)


def _roll_forward(folder: Path, journal: Path) -> None:
    try:
        moves = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        moves = {}
    for temp_name, target_name in moves.items() if isinstance(moves, dict) else ():
        temp = folder / Path(str(temp_name)).name
        if temp.exists():
            os.replace(temp, folder / Path(str(target_name)).name)
    fsync_folder(folder)
    journal.unlink(missing_ok=True)


def _drop_orphans(folder: Path, year: int) -> None:
    """Temporary files of a write to ``year`` killed before its journal was written: the old pair stands."""
    for name in (f"{year}.yaml", f"{year}.txt"):
        for orphan in folder.glob(f".{name}.*.tmp"):
            orphan.unlink(missing_ok=True)


def _switch_pair(folder: Path, year: int, files: dict[Path, bytes]) -> None:
    """Replace every file of ``files`` as one unit: write all, name them in a journal, then rename each."""
    temps: dict[Path, Path] = {}
    try:
        for target, data in files.items():
            temps[target] = write_temp(target, data)
        atomic_write_bytes(
            _journal(folder, year),
            json.dumps({temp.name: target.name for target, temp in temps.items()}).encode("utf-8"),
        )
    except BaseException:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        raise
    try:
        _roll_forward(folder, _journal(folder, year))
    except OSError as exc:
        raise HistoryError(
            _("cannot store {year}: {reason}").format(year=year, reason=exc.strerror), path=folder
        ) from exc


def _backup(folder: Path, paths: tuple[Path, ...]) -> None:
    backup = folder / ".backup"
    backup.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    n = 0
    while any((backup / f"{p.stem}-{stamp}-{n}{p.suffix}").exists() for p in paths):
        n += 1  # several replacements within one second each keep their own backup
    for old in paths:
        if old.exists():
            # Whole or not at all: a backup cut off half-way would look like a good copy.
            copy = backup / f"{old.stem}-{stamp}-{n}{old.suffix}"
            atomic_write_bytes(copy, old.read_bytes())
            with contextlib.suppress(OSError):
                shutil.copystat(old, copy)


def save_report(report: Report, folder: Path, *, original_text: str | None = None, force: bool = False) -> Path:
    """Store ``report`` as ``folder/{year}.yaml`` (and the original text as ``{year}.txt``), as one unit.

    An existing year is only replaced with ``force``; the old files are copied to ``folder/.backup/`` first.
    """
    if report.year is None:
        raise HistoryError(_("the report's year is unknown"), remedy="year")
    if not MIN_YEAR <= report.year <= MAX_YEAR:
        raise HistoryError(
            _("{year} is not a plausible report year ({first}–{last})").format(
                year=report.year, first=MIN_YEAR, last=MAX_YEAR
            ),
            remedy="year",
        )
    if inside_package(folder):
        raise HistoryError(
            _("the built-in history is part of the installed package and read-only"),
            path=folder,
            remedy="own_workspace",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HistoryError(
            _("cannot create the history folder: {reason}").format(reason=exc.strerror), path=folder
        ) from exc
    target = year_path(folder, report.year)
    text_target = target.with_suffix(".txt")
    files = {target: dump_report(report).encode("utf-8")}
    if original_text is not None:
        text = original_text if original_text.endswith("\n") else original_text + "\n"
        files[text_target] = text.encode("utf-8")
    with _folder_lock(folder):
        for journal in folder.glob(_JOURNAL_GLOB):
            _roll_forward(folder, journal)
        _drop_orphans(folder, report.year)
        if target.exists():
            if not force:
                raise YearExistsError(
                    _("history already holds {year}").format(year=report.year),
                    path=target,
                    remedy="force",
                )
            _backup(folder, (target, text_target))
        _switch_pair(folder, report.year, files)
    return target
