"""Word comments written by ``reportgen.word_comments`` read back from saved files, through python-docx's public
reading API and through lxml: the part, its content type and relationship, every comment and its anchors."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import docx
from lxml import etree
from reportgen.compare.diff import diff_reports
from reportgen.compare.redline.document import redline_document

from reportgen.draft.run import draft_report
from reportgen.parse import parse_file
from reportgen.store import load_report
from reportgen.word_comments import WordComments, run_text
from reportgen.wordml import w

from .conftest import FIXTURES, ROOT

WHEN = datetime.datetime(2025, 3, 6, 9, 30, 15, 123456, tzinfo=datetime.UTC)
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _check_package(data: bytes) -> tuple[list[etree._Element], etree._Element]:
    """The saved file's comments and body, once its part, content type, relationship and anchors are checked."""
    parts = _parts(data)
    types = etree.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types if o.tag.endswith("Override")}
    assert overrides["/word/comments.xml"] == COMMENTS_TYPE
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    assert [r.get("Target") for r in rels if r.get("Type") == COMMENTS_REL] == ["comments.xml"]
    comments = list(etree.fromstring(parts["word/comments.xml"]).iterchildren(w("comment")))
    body = etree.fromstring(parts["word/document.xml"]).find(w("body"))
    assert body is not None
    ids = [c.get(w("id")) for c in comments]
    assert ids == [str(k) for k in range(len(comments))]
    order = {el: k for k, el in enumerate(body.iter())}
    for cid, comment in zip(ids, comments, strict=True):
        # Every comment: author, initials, a date to the second, CommentText paragraphs, the annotation mark first.
        assert (comment.get(w("author")), comment.get(w("initials"))) == ("reportgen", "RG")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", comment.get(w("date")) or "")
        paras = list(comment)
        assert paras and all(p.tag == w("p") for p in paras)
        assert all(p.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "CommentText" for p in paras)
        assert paras[0].find(w("r"))[-1].tag == w("annotationRef")
        # ... and exactly one range start, range end and reference in the body, in that order.
        (start,) = [el for el in body.iter(w("commentRangeStart")) if el.get(w("id")) == cid]
        (end,) = [el for el in body.iter(w("commentRangeEnd")) if el.get(w("id")) == cid]
        (ref,) = [el for el in body.iter(w("commentReference")) if el.get(w("id")) == cid]
        reference_run = ref.getparent()
        assert reference_run.tag == w("r")
        assert reference_run.find(f"{w('rPr')}/{w('rStyle')}").get(w("val")) == "CommentReference"
        assert order[start] < order[end] < order[reference_run]
    return comments, body


def _anchored(body: etree._Element, cid: str) -> str:
    """The text between a comment's range marks."""
    inside = False
    pieces: list[str] = []
    for el in body.iter():
        if el.tag == w("commentRangeStart") and el.get(w("id")) == cid:
            inside = True
        elif el.tag == w("commentRangeEnd") and el.get(w("id")) == cid:
            return "".join(pieces)
        elif inside and el.tag in (w("t"), w("delText")):
            pieces.append(el.text or "")
    raise AssertionError(f"comment {cid} has no range end")


def _text(comment: etree._Element) -> str:
    return "\n".join("".join(run_text(r) for r in p.iter(w("r"))) for p in comment)


def test_a_saved_draft_reads_back_with_its_comments(history: Path, tmp_path: Path) -> None:
    result = draft_report(2024, history)
    path = tmp_path / "2024.docx"
    path.write_bytes(result.docx)
    comments, body = _check_package(path.read_bytes())
    texts = [_text(c) for c in comments]
    assert len(comments) == 61
    assert sum(t.startswith("待核：") for t in texts) == 35
    assert sum(t.startswith("本段照抄上年文字") for t in texts) == 26
    for comment, text in zip(comments, texts, strict=True):
        anchored = _anchored(body, comment.get(w("id")))
        # A figure's comment spans the highlighted figure and its mark; a paragraph's, the marked paragraph.
        assert ("【待核】" if text.startswith("待核：") else "【沿用上年，请核改】") in anchored
        # Multi-line comments (a figure's note) are one CommentText paragraph per line.
        assert len(comment) == text.count("\n") + 1
    # python-docx's public reader sees the same comments.
    public = list(docx.Document(str(path)).comments)
    assert [c.text for c in public] == texts
    assert {(c.author, c.initials) for c in public} == {("reportgen", "RG")}


def test_a_saved_redline_reads_back_with_its_comments(tmp_path: Path) -> None:
    old = load_report(ROOT / "history" / "2023.yaml")
    new = parse_file(FIXTURES / "compare" / "zhonglou-2024-variant.txt")
    redline = redline_document(old, new, diff_reports(old, new), when=WHEN)
    path = tmp_path / "redline.docx"
    path.write_bytes(redline.to_bytes())
    comments, body = _check_package(path.read_bytes())
    assert len(comments) == redline.summary.comments == 12
    assert {c.get(w("date")) for c in comments} == {"2025-03-06T09:30:15Z"}
    for comment in comments:
        # One paragraph of 五号 text after the annotation mark.
        (para,) = list(comment)
        runs = list(para.iterchildren(w("r")))
        assert len(runs) == 2
        assert runs[1].find(f"{w('rPr')}/{w('sz')}").get(w("val")) == "21"
    texts = {_text(c): _anchored(body, c.get(w("id"))) for c in comments}
    change = next(t for t in texts if t.startswith("数据变化："))
    assert texts[change]  # a changed figure's comment is on the figure as written
    public = docx.Document(str(path)).comments
    assert sorted(c.text for c in public) == sorted(texts)


def test_comments_part_created_once_and_ids_continue(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("甲乙丙").add_run("丁戊")
    runs = list(document.element.body.find(w("p")).iterchildren(w("r")))
    WordComments(document, author="甲", initials="J", when=WHEN).around(["第一段\t有制表", " 第二段 "], *runs)
    path = tmp_path / "one.docx"
    document.save(str(path))
    reopened = docx.Document(str(path))
    # A second writer on a document that already has comments adds to the same part, with the next id.
    runs = list(reopened.element.body.find(w("p")).iterchildren(w("r")))
    WordComments(reopened, author="乙", initials="Y").around("换\n行", runs[1], runs[1])
    buffer = io.BytesIO()
    reopened.save(buffer)
    comments, body = _check_package_loose(buffer.getvalue())
    assert [(c.get(w("id")), c.get(w("author"))) for c in comments] == [("0", "甲"), ("1", "乙")]
    assert _text(comments[0]) == "第一段\t有制表\n 第二段 "
    assert comments[0][1].find(f"{w('r')}/{w('t')}").get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert _text(comments[1]) == "换\n行"
    assert len(comments[1]) == 1 and comments[1].find(f"{w('p')}/{w('r')}/{w('br')}") is not None
    assert (_anchored(body, "0"), _anchored(body, "1")) == ("甲乙丙丁戊", "丁戊")
    assert [c.text for c in docx.Document(buffer).comments] == ["第一段\t有制表\n 第二段 ", "换\n行"]


def _check_package_loose(data: bytes) -> tuple[list[etree._Element], etree._Element]:
    parts = _parts(data)
    assert list(parts).count("word/comments.xml") == 1
    comments = list(etree.fromstring(parts["word/comments.xml"]).iterchildren(w("comment")))
    body = etree.fromstring(parts["word/document.xml"]).find(w("body"))
    assert body is not None
    return comments, body
