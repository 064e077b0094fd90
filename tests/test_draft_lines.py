"""One report-text writer: the draft's templates print the writer's typed lines, and the kinds reach the layout.

``reportgen.report_text`` writes every line (of a stored report, and of a draft through ``DraftModel``); the
templates arrange them. Each printed line keeps its kind through the rendered text (``reportgen.draft.printed``),
so the Word layout of a draft, like the redline's, is built from kinds the writer knows, never from the wording.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from reportgen.draft.compose import compose
from reportgen.draft.printed import printed, read_printed
from reportgen.draft.run import draft_report
from reportgen.draft.templating import render_lines, render_text
from reportgen.parse import parse_text
from reportgen.report_text import Line, report_lines
from reportgen.store import load_year

from .conftest import FIXTURES, ROOT

STYLES = sorted((FIXTURES / "styles").glob("*.txt"))


def _draft_lines(history: Path, templates: Path | None = None) -> list[Line]:
    return render_lines(compose(load_year(history, 2023), 2024), templates)


def _where(line: Line) -> tuple[object, ...]:
    return (line.kind, line.part, line.section, line.item, line.index, line.level)


def test_the_default_templates_print_only_the_writers_lines() -> None:
    lines = _draft_lines(ROOT / "history")
    assert "text" not in {line.kind for line in lines}
    assert [line.kind for line in lines[:3]] == ["title", "addressee", "preamble"]
    assert [line.kind for line in lines[-2:]] == ["signature", "date"]
    parts = [line for line in lines if line.kind == "part"]
    assert [(line.part, line.level) for line in parts] == [(n, 1) for n in range(1, len(parts) + 1)]
    assert {line.level for line in lines if line.kind == "section" and line.index == 0} == {2}
    assert render_text(compose(load_year(ROOT / "history", 2023), 2024)) == "".join(line.text + "\n" for line in lines)


@pytest.mark.parametrize("source", STYLES, ids=[p.stem for p in STYLES])
def test_a_draft_and_the_stored_report_get_the_same_kinds_line_for_line(source: Path, tmp_path: Path) -> None:
    # Draft the report of each style from the year before with every paragraph carried: the draft's lines are the
    # report's lines with years moved and review marks added, and each has the kind the writer gives the report's.
    from reportgen.ingest import ingest_file

    text = source.read_text(encoding="utf-8").replace("{Y0}", "2024").replace("{Y1}", "2025")
    text = text.replace("{Y1CN}", "二〇二五")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    ingest_file(tmp_path / "r.txt", tmp_path / "history", year=2024)
    report = load_year(tmp_path / "history", 2024)
    drafted = render_lines(compose(report, 2025))
    written = report_lines(report)
    assert [_where(line) for line in drafted] == [_where(line) for line in written]


def test_a_line_a_user_template_writes_itself_is_plain_text(history: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "part_2.txt.j2").write_text(
        "{{ part.number | cn }}、{{ part.title }}（用户模板）\n{% for s in part.sections %}{{ s.lines[0] }}\n{% endfor %}",
        encoding="utf-8",
    )
    lines = _draft_lines(history, folder)
    own = next(line for line in lines if line.text.endswith("（用户模板）"))
    assert (own.kind, own.level) == ("text", 0)
    after = lines[lines.index(own) + 1]
    assert (after.kind, after.part, after.section, after.level) == ("section", 2, 1, 2)
    result = draft_report(2024, history, templates=folder)
    paragraph = next(p for p in docx.Document(io.BytesIO(result.docx)).paragraphs if p.text == own.text)
    assert {run.font.name for run in paragraph.runs} == {"仿宋_GB2312"}  # laid out as a paragraph, not a heading
    assert own.text in result.text.splitlines()


def test_printed_lines_survive_filters_and_joins_and_keep_the_first_kind() -> None:
    heading, section = printed(
        [Line("part", "一、总体情况", 1, level=1), Line("section", "（一）学法。", 1, 1, level=2)]
    )
    lines = read_printed(f"  {heading}  \n\n前言：{section}{heading}\n自己写的一行\n")
    assert lines == [
        Line("part", "一、总体情况", 1, level=1),
        Line("section", "前言：（一）学法。一、总体情况", 1, 1, level=2),
        Line("text", "自己写的一行"),
    ]


def test_forged_or_unknown_tags_and_control_characters_give_plain_text() -> None:
    rendered = "\x02banner,,,,0,1\x03横幅\n\x02part,1\x03一、半个标记\n控制\x01字符\x1b[31m\n"
    assert read_printed(rendered) == [
        Line("text", "横幅"),
        Line("text", "part，1一、半个标记"),  # half-width punctuation made full-width, as any line
        Line("text", "控制字符"),
    ]


def test_the_rendered_text_reads_back_as_the_writers_report() -> None:
    text = render_text(compose(load_year(ROOT / "history", 2023), 2024))
    assert [len(p.sections) for p in parse_text(text).parts] == [
        len(p.sections) for p in load_year(ROOT / "history", 2023).parts
    ]
