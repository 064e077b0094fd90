"""Reading the narrative inputs: the YAML file (``--narrative``) and the rows of the workbook's ``narrative`` sheet.

The forms are described in ``reportgen.draft.narrative``; what is read goes into a ``NarrativeBuilder``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reportgen.draft.narrative import (
    _REF_ARABIC,
    _REF_CN,
    KEYS,
    NARRATIVE_SCHEMA,
    SCALAR_KEYS,
    SHEET_KINDS,
    NarrativeBuilder,
    Origin,
)
from reportgen.draft.problems import did_you_mean
from reportgen.errors import InputFileError, SheetError
from reportgen.i18n import _
from reportgen.normalize import normalize_line
from reportgen.read.documents import decode_text, read_bytes


def _as_text(value: Any, origin: Origin, builder: NarrativeBuilder) -> str | None:
    if isinstance(value, str):
        return value
    builder.problem(
        origin, _("expected text, got a list") if isinstance(value, list) else _("expected text, got a mapping")
    )
    return None


def _as_list(value: Any, origin: Origin, builder: NarrativeBuilder) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [value] if value.strip() else []
    builder.problem(origin, _("expected a list"))
    return []


def _mapping_fields(
    item: Any, allowed: tuple[str, ...], origin: Origin, builder: NarrativeBuilder
) -> dict[str, str] | None:
    if not isinstance(item, dict):
        builder.problem(origin, _("expected a mapping with {keys}").format(keys=", ".join(allowed)))
        return None
    fields: dict[str, str] = {}
    for key, value in item.items():
        if key not in allowed:
            builder.problem(
                Origin(origin.path, f"{origin.where} › {key}"),
                _("unknown key {key}{suggestion}; expected {allowed}").format(
                    key=repr(key), suggestion=did_you_mean(key, allowed), allowed=", ".join(allowed)
                ),
            )
            continue
        text = _as_text(value, Origin(origin.path, f"{origin.where} › {key}"), builder)
        if text is not None and text.strip():
            fields[key] = text
    return fields


def read_narrative_yaml(path: Path, builder: NarrativeBuilder) -> None:
    """Feed the YAML narrative file at ``path`` into ``builder``."""
    if not path.exists():
        raise InputFileError(_("narrative file not found"), path=path)
    # The checks every input gets: a regular file under the size limit, UTF-8 or GBK, control characters dropped.
    raw = decode_text(read_bytes(path), path)
    try:
        # BaseLoader keeps every scalar a string: "2.10" stays a section reference, not the float 2.1.
        data = yaml.load(raw, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line {line}").format(line=mark.line + 1) if mark is not None else None
        raise SheetError(
            _("not valid YAML: {reason}").format(reason=getattr(exc, "problem", None) or exc), path=path, where=where
        ) from exc
    builder.inputs.sources.append(path)
    if data is None or data == "":
        return
    if not isinstance(data, dict):
        raise SheetError(_("a narrative file is a mapping of keys such as sections, shortcomings, plans"), path=path)
    for key, value in data.items():
        origin = Origin(path, str(key))
        if key not in KEYS:
            builder.problem(
                origin, _("unknown key {key}{suggestion}").format(key=repr(key), suggestion=did_you_mean(key, KEYS))
            )
        elif key == "schema":
            if value != NARRATIVE_SCHEMA:
                builder.problem(origin, _("expected {schema}").format(schema=NARRATIVE_SCHEMA))
        elif key == "year":
            if value.strip() != str(builder.year):
                builder.problem(
                    origin,
                    _("this file is for {value}, the draft is for {year}").format(value=value, year=builder.year),
                )
        elif key in SCALAR_KEYS:
            text = _as_text(value, origin, builder)
            if text is not None and text.strip():
                builder.set_scalar(key, text, origin)
        elif key == "sections":
            _read_sections(value, origin, builder)
        elif key == "new_sections":
            for i, item in enumerate(_as_list(value, origin, builder), start=1):
                item_origin = Origin(path, f"new_sections[{i}]")
                fields = _mapping_fields(item, ("part", "after", "title", "text"), item_origin, builder)
                if fields is not None:
                    builder.add_section(
                        fields.get("part"),
                        fields.get("after"),
                        fields.get("title", ""),
                        fields.get("text", ""),
                        item_origin,
                    )
        elif key == "remove_sections":
            for i, item in enumerate(_as_list(value, origin, builder), start=1):
                item_origin = Origin(path, f"remove_sections[{i}]")
                ref = _as_text(item, item_origin, builder)
                if ref is not None:
                    builder.remove_section(ref, item_origin)
        elif key == "initiatives":
            for i, item in enumerate(_as_list(value, origin, builder), start=1):
                item_origin = Origin(path, f"initiatives[{i}]")
                fields = _mapping_fields(item, ("section", "text"), item_origin, builder)
                if fields is not None:
                    if "section" not in fields:
                        builder.problem(item_origin, _("an initiative needs the section it belongs to"))
                        continue
                    builder.add_initiative(fields["section"], fields.get("text", ""), item_origin)
        else:  # shortcomings, plans
            kind = key[:-1]
            for i, item in enumerate(_as_list(value, origin, builder), start=1):
                item_origin = Origin(path, f"{key}[{i}]")
                text = _as_text(item, item_origin, builder)
                if text is not None:
                    builder.add_item(kind, text, item_origin)


def _read_sections(value: Any, origin: Origin, builder: NarrativeBuilder) -> None:
    if isinstance(value, str) and not value.strip():
        return
    if not isinstance(value, dict):
        builder.problem(origin, 'expected a mapping such as "2.3": new text')
        return
    for ref, body in value.items():
        where = Origin(origin.path, f"sections › {ref}")
        if isinstance(body, str):
            builder.replace_section(ref, None, body, where)
            continue
        fields = _mapping_fields(body, ("title", "text"), where, builder)
        if fields is not None:
            builder.replace_section(ref, fields.get("title"), fields.get("text"), where)


def read_narrative_rows(rows: list[tuple[int, dict[str, str]]], path: Path, builder: NarrativeBuilder) -> None:
    """Feed the rows of a narrative sheet (row number as the user sees it, cells by column) into ``builder``."""
    if rows:
        builder.inputs.sources.append(path)
    for row, cells in rows:
        kind_text = cells.get("kind", "").strip()
        where, title, text = (cells.get(c, "").strip() for c in ("where", "title", "text"))
        if not kind_text and not where and not title and not text:
            continue
        origin = Origin(path, f"narrative row {row}")
        kind = SHEET_KINDS.get(kind_text.lower())
        if kind is None:
            builder.problem(
                Origin(path, f"narrative row {row}, column kind"),
                f"unknown kind {kind_text!r}{did_you_mean(kind_text, SHEET_KINDS)}",
            )
            continue
        needs_where = kind in ("section", "new_section", "remove_section", "initiative")
        if needs_where and not where:
            builder.problem(Origin(path, f"narrative row {row}, column where"), f"a {kind} row needs a section")
            continue
        if kind in SCALAR_KEYS:
            if not text:
                builder.problem(Origin(path, f"narrative row {row}, column text"), f"empty {kind}")
            else:
                builder.set_scalar(kind, text, origin)
        elif kind == "section":
            builder.replace_section(where, title or None, text or None, origin)
        elif kind == "new_section":
            ref = normalize_line(where)
            is_section = bool(_REF_ARABIC.match(ref) or _REF_CN.match(ref))
            builder.add_section(None if is_section else where, where if is_section else None, title, text, origin)
        elif kind == "remove_section":
            builder.remove_section(where, origin)
        elif kind == "initiative":
            builder.add_initiative(where, text, origin)
        else:
            builder.add_item(kind, text, origin)
