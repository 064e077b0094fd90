"""Write src/reportgen/base.docx, the empty document every draft and redline starts from.

It is python-docx's own default template without what a report never uses and a reader should not see:

- python-docx's page thumbnail (file managers would show it as the draft's preview),
- ``stylesWithEffects.xml``, a 430 KB Word 2010 copy of the styles,
- the custom XML item,
- ``numbering.xml``, whose list definitions name list styles that are dropped too (drafts have no lists),
- 156 of the 164 style definitions: the table styles, headings, lists and so on. Word still lists its built-in
  styles (the latent styles are kept) and adds a definition when one is used.

Opening and saving the full template was 13 ms of every draft; this one takes 2 ms. The layout itself (page,
fonts, footers) is still applied by ``reportgen.word_layout`` at run time.

Rerun after upgrading python-docx:  python scripts/make_base_docx.py
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import docx
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TARGET = Path(__file__).resolve().parent.parent / "src" / "reportgen" / "base.docx"

DROPPED_PARTS = frozenset(
    {
        "docProps/thumbnail.jpeg",
        "word/stylesWithEffects.xml",
        "customXml/item1.xml",
        "customXml/itemProps1.xml",
        "customXml/_rels/item1.xml.rels",
        "word/numbering.xml",
    }
)
KEPT_STYLES = frozenset(
    {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Header", "HeaderChar", "Footer", "FooterChar"}
)
# A fixed timestamp makes the file the same on every run.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _refers_to_dropped(element: etree._Element) -> bool:
    """A relationship or content-type entry naming a dropped part."""
    target = element.get("Target") or element.get("PartName") or ""
    return any(target.endswith(Path(part).name) for part in DROPPED_PARTS)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def base_parts() -> dict[str, bytes]:
    """The parts of the base document, by name, in package order."""
    template = Path(docx.__file__).parent / "templates" / "default.docx"
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(template) as source:
        for name in source.namelist():
            if name in DROPPED_PARTS:
                continue
            data = source.read(name)
            if name.endswith(".rels") or name == "[Content_Types].xml":
                root = etree.fromstring(data)
                for entry in [entry for entry in root if _refers_to_dropped(entry)]:
                    root.remove(entry)
                data = _xml(root)
            elif name == "word/styles.xml":
                root = etree.fromstring(data)
                for style in root.findall(f"{{{W}}}style"):
                    if style.get(f"{{{W}}}styleId") not in KEPT_STYLES:
                        root.remove(style)
                data = _xml(root)
            parts[name] = data
    return parts


def write_base(path: Path) -> None:
    """Write the base document to ``path``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in base_parts().items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    write_base(path)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
