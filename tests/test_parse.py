"""The parser on the variations real reports come in: encodings, punctuation, outlines, debris, formats."""

from __future__ import annotations

import io
from dataclasses import asdict
from pathlib import Path

import docx
import pytest

from reportgen.errors import StructureError
from reportgen.model import Report
from reportgen.parse import parse_file, parse_text

from .conftest import FIXTURES, REFERENCE_2023

STATUTORY = FIXTURES / "statutory-2024.txt"


def _outline(report: Report) -> dict[str, object]:
    data = asdict(report)
    data.pop("source")
    return data


@pytest.fixture(scope="module")
def reference() -> Report:
    return parse_file(REFERENCE_2023)


def _to_fullwidth(text: str) -> str:
    return text.replace(",", "，").replace(":", "：").replace("(", "（").replace(")", "）")


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf-8", lambda t: t.encode("utf-8")),
        ("utf-8 with BOM", lambda t: t.encode("utf-8-sig")),
        ("gbk", lambda t: t.encode("gbk")),
        ("gb18030", lambda t: t.encode("gb18030")),
        ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
        ("gbk + crlf", lambda t: t.replace("\n", "\r\n").encode("gbk")),
        ("full-width punctuation", lambda t: _to_fullwidth(t).encode("utf-8")),
        (
            "stray spaces",
            lambda t: t.replace("受理行政复议案件", "受理 行政复议 案件").replace("。", "。 ").encode("utf-8"),
        ),
        ("utf-16", lambda t: t.encode("utf-16")),
    ],
)
def test_variants_give_the_same_model(tmp_path: Path, reference: Report, name: str, encode) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.txt"
    path.write_bytes(encode(REFERENCE_2023.read_text(encoding="utf-8")))
    assert _outline(parse_file(path)) == _outline(reference)


def test_output_text_is_full_width(reference: Report) -> None:
    section = reference.section(2, 2)
    assert section is not None
    assert "《钟楼区企业行政合规指导清单（第一版）》" in section.text
    assert "打造“钟司有约 法商共营”品牌，组建" in section.text
    assert "," not in section.text and "(" not in section.text


def test_stray_space_inside_a_word_is_removed(reference: Report) -> None:
    section = reference.section(3, 2)
    assert section is not None and "有效利用“江苏省规章" in section.text


def test_statutory_outline() -> None:
    report = parse_file(STATUTORY)
    assert report.outline == "statutory"
    assert report.title == "青湖区人民政府关于2024年法治政府建设工作情况的报告"
    assert (report.org, report.year, report.addressee) == ("青湖区人民政府", 2024, "市人民政府：")
    assert [(p.number, p.title) for p in report.parts] == [
        (1, "2024年推进法治政府建设的主要举措和成效"),
        (2, "党政主要负责人履行推进法治建设第一责任人职责情况"),
    ]
    assert [s.title for s in report.parts[0].sections] == [
        "健全政府机构职能体系",
        "健全依法行政制度体系",
        "严格规范公正文明执法",
        "化解社会矛盾纠纷",
    ]
    assert report.parts[1].intro.startswith("区政府主要负责人认真履行")
    assert [i.text[:8] for i in report.shortcomings] == ["法治宣传教育的针", "基层执法队伍专业"]
    assert [i.text[:8] for i in report.plans] == ["持续深化“青湖e", "加强基层执法队伍", "落实《法治政府建"]
    assert (report.signature, report.date) == ("青湖区人民政府", "2025年3月20日")
    rows = [(f.raw, f.part, f.section) for f in report.figures]
    assert rows == [
        ("12项", 1, 1), ("98.5%", 1, 1), ("7×24小时", 1, 1),
        ("6件", 1, 2), ("100%", 1, 2),
        ("20余场", 1, 3), ("300卷", 1, 3),
        ("86件", 1, 4), ("12%", 1, 4), ("五年", 1, 4), ("100%", 1, 4),
        ("4次", 2, None), ("2次", 2, None),
    ]  # fmt: skip


def test_statutory_outline_with_the_duty_part_first() -> None:
    lines = STATUTORY.read_text(encoding="utf-8").splitlines()
    duty = lines.index("二、党政主要负责人履行推进法治建设第一责任人职责情况")
    first = lines.index("一、2024年推进法治政府建设的主要举措和成效")
    reordered = [
        *lines[:first],
        "一、党政主要负责人履行推进法治建设第一责任人职责情况",
        lines[duty + 1],
        "二、2024年推进法治政府建设的主要举措和成效",
        *lines[first + 1 : duty],
        *lines[duty + 2 :],
    ]
    report = parse_text("\n".join(reordered))
    assert [p.title[:7] for p in report.parts] == ["党政主要负责人", "2024年推进"]
    assert len(report.parts[1].sections) == 4
    assert len(report.shortcomings) == 2 and len(report.plans) == 3


def test_missing_title_and_addressee() -> None:
    text = "\n".join(STATUTORY.read_text(encoding="utf-8").splitlines()[2:])
    report = parse_text(text)
    assert report.title is None and report.addressee is None
    assert report.year == 2024
    assert len(report.parts) == 2


def test_web_page_debris_is_ignored() -> None:
    body = REFERENCE_2023.read_text(encoding="utf-8")
    page = (
        "首页 > 政务公开 > 法治政府建设\n当前位置：首页\n"
        "常州市钟楼区人民政府关于2023年法治政府建设工作情况的报告\n"
        "文章来源：钟楼区司法局  更新时间：2024-03-28  浏览次数：1024\n【字体：大 中 小】\n"
        + body
        + "\n\n打印本页  关闭窗口\n主办单位：常州市钟楼区人民政府办公室 苏ICP备05001234号\n"
    )
    report = parse_text(page)
    assert report.title == "常州市钟楼区人民政府关于2023年法治政府建设工作情况的报告"
    assert report.addressee == "常州市人民政府："
    assert report.date == "2024年3月6日"
    assert len(report.figures) == 35


def test_html_page(tmp_path: Path, reference: Report) -> None:
    paragraphs = "".join(
        f"<p style='text-indent:2em'>{line}</p>\n" for line in REFERENCE_2023.read_text("utf-8").splitlines()
    )
    html = (
        "<html><head><meta charset='gb2312'><title>钟楼区法治政府建设报告</title>"
        "<script>var x = '一、不是标题';</script><style>p{margin:0}</style></head><body>"
        "<nav>首页 | 政务公开 | 互动交流</nav><div class='content'>" + paragraphs + "</div>"
        "<footer>版权所有 常州市钟楼区人民政府</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("gbk"))
    assert _outline(parse_file(path)) == _outline(reference)


def test_docx(tmp_path: Path, reference: Report) -> None:
    document = docx.Document()
    for line in REFERENCE_2023.read_text("utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "report.docx"
    path.write_bytes(buffer.getvalue())
    assert _outline(parse_file(path)) == _outline(reference)


def test_review_markers_from_a_draft_are_read_past() -> None:
    text = (
        REFERENCE_2023.read_text("utf-8")
        .replace("122件", "122件【待核】")
        .replace("\n二、", "【沿用上年，请核改】\n二、")
    )
    report = parse_text(text)
    assert report.figure("f5.2.1") is not None
    assert [f.raw for f in report.figures] == [f.raw for f in parse_text(REFERENCE_2023.read_text("utf-8")).figures]
    assert "【" not in report.parts[0].sections[2].text


@pytest.mark.parametrize(
    "text",
    ["这是一段普通的文字，没有任何报告结构。", "首页\n当前位置\n", "一是\n二是"],
)
def test_no_structure(text: str) -> None:
    with pytest.raises(StructureError, match="no report structure found"):
        parse_text(text)
