#!/usr/bin/env python3
"""Keep the message catalog in step with the code (needs Babel: pip install -e '.[test]').

    scripts/i18n.py            extract every _() / ngettext() message, merge it into the zh_CN catalog
                               (new messages get an empty translation to fill in), drop obsolete ones,
                               and compile the .mo that ships in the wheel
    scripts/i18n.py --check    exit 1 when a message has no translation or the .mo is out of date

Messages are English msgids; the Chinese translation lives in src/reportgen/locale/zh_CN/LC_MESSAGES/reportgen.po.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("src/reportgen", "cli", "compare")
PO = ROOT / "src/reportgen/locale/zh_CN/LC_MESSAGES/reportgen.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    """Every message the code marks for translation, with where it is used."""
    template = Catalog(project="reportgen", charset="utf-8")
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True
        ):
            template.add(message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def read_catalog(path: Path = PO) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale="zh_CN", domain="reportgen")


def compiled(catalog: Catalog) -> bytes:
    """The .mo bytes of ``catalog`` (fuzzy entries left out, as gettext would)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def untranslated(catalog: Catalog, template: Catalog) -> list[str]:
    """Messages of ``template`` with no (or a fuzzy) translation in ``catalog``."""
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = found.string if found is not None else None
        if isinstance(strings, tuple | list):
            ok = all(strings)
        else:
            ok = bool(strings)
        if found is None or not ok or found.fuzzy:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def update() -> int:
    catalog = read_catalog()
    created = catalog.creation_date
    template = extract()
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    # A stable header, no source locations and sorted entries: helpers adding messages at the same time
    # then touch different lines of the catalog, and git merges them.
    catalog.creation_date = created
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=120, no_location=True, sort_output=True)
    catalog = read_catalog()
    MO.write_bytes(compiled(catalog))
    missing = untranslated(catalog, template)
    for message in missing:
        print(f"untranslated: {message}", file=sys.stderr)
    print(f"{PO.relative_to(ROOT)}: {len(template)} messages, {len(missing)} untranslated")
    return 1 if missing else 0


def check() -> int:
    catalog = read_catalog()
    missing = untranslated(catalog, extract())
    for message in missing:
        print(f"untranslated: {message}", file=sys.stderr)
    stale = MO.read_bytes() != compiled(catalog)
    if stale:
        print(f"{MO.relative_to(ROOT)} is out of date: run scripts/i18n.py", file=sys.stderr)
    return 1 if missing or stale else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check; change nothing")
    sys.exit(check() if parser.parse_args().check else update())
