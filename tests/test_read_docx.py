"""Word and WPS files as offices make them: automatic numbering, style-only headings, tracked changes, tables."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest
from reportgen.cli.app import app
from typer.testing import CliRunner

from reportgen.model import Report
from reportgen.parse import parse_file
from reportgen.read.documents import read_document
from reportgen.read.docx_text import format_number

from .conftest import FIXTURES, REFERENCE_2023
from .office_files import W_NS, _runs, default_styles_xml, word_docx, write_docx

REPORTS = [REFERENCE_2023, FIXTURES / "statutory-2024.txt", FIXTURES / "compare" / "zhonglou-2024-statutory.txt"]


def _model(report: Report) -> dict[str, object]:
    data = asdict(report)
    data.pop("source")
    data.pop("warnings")
    return data


@pytest.mark.parametrize("source", REPORTS, ids=lambda p: p.name)
def test_word_made_docx_reads_like_the_plain_text(tmp_path: Path, source: Path) -> None:
    path = word_docx(source.read_text(encoding="utf-8"), tmp_path / "report.docx")
    text = read_document(path).text
    assert "原稿删去的35件旧数字" not in text  # the tracked deletion
    assert "<w:tbl" not in text
    from_docx, from_txt = parse_file(path), parse_file(source)
    assert _model(from_docx) == _model(from_txt)
    assert len(from_docx.figures) == len(from_txt.figures) > 5
    assert from_docx.warnings == [
        "report.docx: tracked changes (修订) read as accepted: 1 insertion(s) kept, 1 deletion(s) dropped"
    ]


def test_cli_prints_the_tracked_changes_warning_on_stderr(tmp_path: Path) -> None:
    path = word_docx(REFERENCE_2023.read_text(encoding="utf-8"), tmp_path / "修订稿.docx")
    result = CliRunner().invoke(app, ["show", str(path)])
    assert result.exit_code == 0
    assert (
        result.stderr
        == "warning: 修订稿.docx: tracked changes (修订) read as accepted: 1 insertion(s) kept, 1 deletion(s) dropped\n"
    )
    assert "1450" in result.stdout and "原稿删去" not in result.stdout


def test_no_warning_without_tracked_changes(tmp_path: Path) -> None:
    path = word_docx(REFERENCE_2023.read_text(encoding="utf-8"), tmp_path / "clean.docx", tracked=False)
    assert read_document(path).warnings == []


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (3, "chineseCounting", "三"),
        (12, "chineseCounting", "十二"),
        (20, "chineseCountingThousand", "二十"),
        (4, "ideographTraditional", "丁"),
        (3, "decimalEnclosedCircle", "③"),
        (12, "decimal", "12"),
        (5, "decimalFullWidth", "５"),
        (4, "upperRoman", "IV"),
        (2, "lowerLetter", "b"),
        (1, "bullet", ""),
    ],
)
def test_number_formats(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def _numbering(levels: str, nums: str) -> str:
    return (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>{nums}</w:numbering>'
    )


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{extra}</w:lvl>'


def _p(text: str, num: int | None = None, ilvl: int = 0, style: str | None = None) -> str:
    ppr = ""
    if style or num is not None:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if num is not None:
            inner += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
        ppr = f"<w:pPr>{inner}</w:pPr>"
    return f"<w:p>{ppr}{_runs(text, 3)}</w:p>"


def _lines(tmp_path: Path, body: str, numbering: str, styles: str | None = None) -> list[str]:
    path = write_docx(tmp_path / "n.docx", body, numbering_xml=numbering, styles_xml=styles)
    return read_document(path).text.split("\n")


def test_levels_restart_under_a_higher_level_and_lists_continue(tmp_path: Path) -> None:
    numbering = _numbering(
        _lvl(0, "chineseCounting", "%1、")
        + _lvl(1, "chineseCounting", "（%2）")
        + _lvl(2, "decimalEnclosedCircle", "%3"),
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>',
    )
    body = _p("甲部", 1) + _p("节", 1, 1) + _p("节", 1, 1) + _p("点", 1, 2) + _p("乙部", 1) + _p("节", 1, 1)
    body += _p("正文没有编号") + _p("丙部", 2)  # another num of the same list continues it
    assert _lines(tmp_path, body, numbering) == [
        "一、甲部",
        "（一）节",
        "（二）节",
        "①点",
        "二、乙部",
        "（一）节",
        "正文没有编号",
        "三、丙部",
    ]


def test_start_override_restarts_and_lvl_text_mixes_levels(tmp_path: Path) -> None:
    numbering = _numbering(
        _lvl(0, "decimal", "%1.") + _lvl(1, "decimal", "%1.%2"),
        '<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="5"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl></w:lvlOverride></w:num>',
    )
    body = _p("a", 4) + _p("b", 4) + _p("b1", 4, 1) + _p("c", 5) + _p("d", 5) + _p("e", 6) + _p("无编号", 0)
    assert _lines(tmp_path, body, numbering) == ["1.a", "2.b", "2.1b1", "1.c", "2.d", "第五条e", "无编号"]


def test_headings_that_are_only_a_style(tmp_path: Path) -> None:
    styles = default_styles_xml().replace(
        "</w:styles>",
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="a5"><w:name w:val="标题 2"/></w:style>'
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="zhang"><w:name w:val="章标题"/>'
        '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style></w:styles>',
    )
    body = (
        _p("某县人民政府关于2024年度法治政府建设情况的报告", style="Heading1")
        + _p("市人民政府：")
        + _p("主要举措和成效", style="Heading1")
        + _p("完善制度", style="a5")
        + _p("全年制定文件3件。")
        + _p("强化执法", style="a5")
        + _p("存在的不足", style="zhang")
        + _p("二、已经有号的标题", style="Heading1")
        + _p("小节", style="Heading2")
    )
    assert _lines(tmp_path, body, _numbering("", ""), styles) == [
        "某县人民政府关于2024年度法治政府建设情况的报告",
        "市人民政府：",
        "一、主要举措和成效",
        "（一）完善制度",
        "全年制定文件3件。",
        "（二）强化执法",
        "二、存在的不足",
        "二、已经有号的标题",
        "（一）小节",
    ]


def test_tracked_moves_deleted_paragraph_marks_and_deleted_rows(tmp_path: Path) -> None:
    date = 'w:author="a" w:date="2025-01-01T00:00:00Z"'
    body = (
        f'<w:p><w:moveFrom w:id="1" {date}><w:r><w:t>移走的旧位置8件</w:t></w:r></w:moveFrom>'
        f"<w:r><w:t>留下的文字</w:t></w:r></w:p>"
        f'<w:p><w:pPr><w:rPr><w:del w:id="2" {date}/></w:rPr></w:pPr><w:r><w:t>被并段的前半，</w:t></w:r></w:p>'
        f'<w:p><w:r><w:t>后半</w:t></w:r><w:moveTo w:id="3" {date}><w:r><w:t>移来的9件</w:t></w:r></w:moveTo></w:p>'
        f"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表内</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>12件</w:t></w:r></w:p></w:tc></w:tr>"
        f'<w:tr><w:trPr><w:del w:id="4" {date}/></w:trPr><w:tc><w:p><w:r><w:t>删行</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
        f"<w:p><w:r><w:t>表后</w:t></w:r></w:p>"
    )
    document = read_document(write_docx(tmp_path / "m.docx", body))
    assert document.text.split("\n") == ["留下的文字", "被并段的前半，后半移来的9件", "表内12件", "表后"]
    assert document.warnings and "read as accepted" in document.warnings[0]
