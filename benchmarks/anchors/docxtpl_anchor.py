"""Anchor: docxtpl renders the report from a DOCX template (title, addressee, six parts with their sections,
shortcomings, plans, signature and date, every figure substituted from a dict).

    python benchmarks/anchors/docxtpl_anchor.py make-template TEMPLATE.docx
    python benchmarks/anchors/docxtpl_anchor.py render TEMPLATE.docx CONTEXT.json OUT.docx

Runs in a Python that has docxtpl (the benchmark's anchor venv); the context comes from benchmarks/fixtures.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Paragraph-level tags ({%p ... %}) drop their own paragraph; one paragraph per printed line, as reportgen does.
_TEMPLATE_LINES = [
    "{{ title }}",
    "{{ addressee }}",
    "{% for piece in preamble %}{{ piece.text }}{{ figures[piece.fig] if piece.fig else '' }}{% endfor %}",
    "{%p for part in parts %}",
    "{{ part.number_cn }}、{{ part.title }}",
    "{%p for section in part.sections %}",
    "（{{ section.number_cn }}）{{ section.title }}。{% for piece in section.pieces %}{{ piece.text }}"
    "{{ figures[piece.fig] if piece.fig else '' }}{% endfor %}",
    "{%p endfor %}",
    "{%p endfor %}",
    "{{ shortcomings_intro }}",
    "{%p for item in shortcomings %}",
    "{{ item.number_cn }}是{{ item.text }}",
    "{%p endfor %}",
    "{{ plans_intro }}",
    "{%p for item in plans %}",
    "{{ item.number_cn }}是{{ item.text }}",
    "{%p endfor %}",
    "{{ signature }}",
    "{{ date }}",
]


def make_template(path: Path) -> None:
    import docx

    document = docx.Document()
    for line in _TEMPLATE_LINES:
        document.add_paragraph(line)
    document.save(str(path))


def render(template: Path, context_path: Path, out: Path) -> None:
    from docxtpl import DocxTemplate

    context = json.loads(context_path.read_text(encoding="utf-8"))
    document = DocxTemplate(str(template))
    document.render(context)
    document.save(str(out))


def main(argv: list[str]) -> int:
    if argv[:1] == ["make-template"] and len(argv) == 2:
        make_template(Path(argv[1]))
        return 0
    if argv[:1] == ["render"] and len(argv) == 4:
        render(Path(argv[1]), Path(argv[2]), Path(argv[3]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
