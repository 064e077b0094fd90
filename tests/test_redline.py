"""``reportgen redline``: Word tracked changes over the new report's GB/T 9704 layout.

The two properties every redline must have, on several pairs of reports (a year later with planted changes, a
change of outline, two districts, moved sections with edits inside, an added title, a report against itself):
accepting every change gives exactly the new report's layout, rejecting every change exactly the old one's.
Changes are local and never cut a number or a 《》/“” name; moves are moves; punctuation width is no change.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from reportgen.cli.app import app
from reportgen.compare.diff import diff_reports
from reportgen.compare.redline.document import Redline, layout_texts, redline_document
from reportgen.compare.redline.word_xml import AUTHOR, accept_all, paragraph_text, reject_all
from syrupy.assertion import SnapshotAssertion
from typer.testing import CliRunner

from reportgen.match.similarity import overlap
from reportgen.model import Report
from reportgen.outputs import LEDGER
from reportgen.parse import parse_file, parse_text
from reportgen.report_text import report_lines, report_text
from reportgen.store import load_report

from .conftest import FIXTURES, ROOT

runner = CliRunner()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHEN = datetime.datetime(2025, 3, 6, 9, 30, tzinfo=datetime.UTC)
BASELINE = ROOT / "history" / "2023.yaml"
VARIANT = FIXTURES / "compare" / "zhonglou-2024-variant.txt"
STATUTORY = FIXTURES / "compare" / "zhonglou-2024-statutory.txt"
OTHER_DISTRICT = FIXTURES / "statutory-2024.txt"
MOVED = FIXTURES / "redline" / "zhonglou-2024-moved.txt"
TREND_2025 = FIXTURES / "trend" / "zhonglou-2025-variant.txt"


def load(path: Path) -> Report:
    return load_report(path) if path.suffix == ".yaml" else parse_file(path)


def with_title(path: Path) -> Report:
    text = "常州市钟楼区人民政府关于2024年法治政府建设工作情况的报告\n" + path.read_text(encoding="utf-8")
    return parse_text(text, source=f"{path} (with a title)")


PAIRS: dict[str, tuple[Report, Report]] = {
    "2023-to-variant": (load(BASELINE), load(VARIANT)),
    "2023-to-statutory": (load(BASELINE), load(STATUTORY)),
    "variant-to-statutory": (load(VARIANT), load(STATUTORY)),
    "statutory-to-variant": (load(STATUTORY), load(VARIANT)),
    "two-districts": (load(STATUTORY), load(OTHER_DISTRICT)),
    "moved-sections": (load(VARIANT), load(MOVED)),
    "variant-to-2025": (load(VARIANT), load(TREND_2025)),
    "title-added": (load(VARIANT), with_title(VARIANT)),
    "title-dropped": (with_title(VARIANT), load(VARIANT)),
    "unchanged": (load(VARIANT), load(VARIANT)),
}


@pytest.fixture(scope="module")
def redlines() -> dict[str, Redline]:
    return {name: redline_document(old, new, when=WHEN) for name, (old, new) in PAIRS.items()}


@pytest.fixture(scope="module")
def variant(redlines: dict[str, Redline]) -> Redline:
    return redlines["2023-to-variant"]


# --- reading the tracked changes back ------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A stretch of a paragraph: ``side`` is "both" (unchanged), "new" (inserted or moved here) or "old"."""

    side: str
    kind: str  # run, ins, del, moveTo, moveFrom
    text: str


def pieces(paragraph: Any) -> list[Piece]:
    out: list[Piece] = []
    for child in paragraph:
        tag = child.tag.removeprefix(W)
        text = paragraph_text(child)
        if tag == "r":
            out.append(Piece("both", "run", text))
        elif tag in ("ins", "moveTo"):
            out.append(Piece("new", tag, text))
        elif tag in ("del", "moveFrom"):
            out.append(Piece("old", tag, text))
    return [p for p in out if p.text]


def body_paragraphs(redline: Redline) -> list[Any]:
    return list(redline.document.element.body.iterchildren(f"{W}p"))


def changes(redline: Redline) -> Iterator[tuple[str, str, str, int, int]]:
    """(kind, text, side text, start, end) of every insertion and deletion, in its side's text of the paragraph."""
    for para in body_paragraphs(redline):
        parts = pieces(para)
        for side, kinds in (("new", ("ins",)), ("old", ("del",))):
            text = ""
            spans = []
            for piece in parts:
                if piece.side in ("both", side):
                    if piece.kind in kinds:
                        spans.append((piece.kind, piece.text, len(text), len(text) + len(piece.text)))
                    text += piece.text
            for kind, changed, start, end in spans:
                yield kind, changed, text, start, end


def tracked(redline: Redline, tag: str) -> list[Any]:
    return list(redline.document.element.body.iter(f"{W}{tag}"))


# --- the two properties ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pair", list(PAIRS))
def test_accepting_every_change_gives_the_new_report(redlines: dict[str, Redline], pair: str) -> None:
    redline = redlines[pair]
    assert redline.new_text == report_text(PAIRS[pair][1])
    assert accept_all(redline.document) == layout_texts(redline.new_lines)


@pytest.mark.parametrize("pair", list(PAIRS))
def test_rejecting_every_change_gives_the_old_report(redlines: dict[str, Redline], pair: str) -> None:
    redline = redlines[pair]
    assert redline.old_text == report_text(PAIRS[pair][0])
    assert reject_all(redline.document) == layout_texts(redline.old_lines)


def test_the_properties_survive_saving_and_reopening(variant: Redline, tmp_path: Path) -> None:
    path = tmp_path / "redline.docx"
    path.write_bytes(variant.to_bytes())
    reopened = docx.Document(str(path))
    assert accept_all(reopened) == layout_texts(variant.new_lines)
    assert reject_all(reopened) == layout_texts(variant.old_lines)
    assert len(list(reopened.comments)) == variant.summary.comments


def test_report_text_parses_back_to_the_same_report() -> None:
    for old, new in PAIRS.values():
        for report in (old, new):
            again = parse_text(report_text(report))
            assert (again.parts, again.shortcomings, again.plans, again.preamble) == (
                report.parts, report.shortcomings, report.plans, report.preamble,
            )  # fmt: skip


# --- local changes ------------------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?(?:[×xX*]\d+(?:\.\d+)?)*")
_NAME_RE = re.compile(r"《[^《》]*》|“[^“”]*”")


@pytest.mark.parametrize("pair", list(PAIRS))
def test_no_change_cuts_a_number_or_a_name(redlines: dict[str, Redline], pair: str) -> None:
    for kind, changed, text, start, end in changes(redlines[pair]):
        for pattern in (_NUMBER_RE, _NAME_RE):
            for m in pattern.finditer(text):
                for edge in (start, end):
                    assert not m.start() < edge < m.end(), (
                        kind,
                        changed,
                        m.group(0),
                        text[max(0, start - 10) : end + 10],
                    )
        # The characters next to a change are not digits continuing a digit inside it.
        if changed[0].isdigit() or changed[0] == ".":
            assert not re.search(r"\d\.?$", text[:start]), (changed, text[max(0, start - 5) : end])
        if changed[-1].isdigit() or changed[-1] == ".":
            assert not re.match(r"\.?\d", text[end:]), (changed, text[start : end + 5])


def test_a_changed_figure_is_one_small_change(variant: Redline) -> None:
    para = next(p for p in body_paragraphs(variant) if "受理行政复议案件" in paragraph_text(p))
    edits = [(piece.kind, piece.text) for piece in pieces(para) if piece.kind != "run"]
    assert edits == [
        ("ins", "行政"),
        ("del", "稳步提高"),
        ("ins", "持续提升"),
        ("del", "122件"),
        ("ins", "135件"),
        ("del", "七年"),
        ("ins", "八年"),
    ]


def test_changes_in_the_variant(variant: Redline, snapshot_txt: SnapshotAssertion) -> None:
    """Every tracked change and comment of 2023 → the 2024 variant, as a reviewer would list them."""
    lines = [f"summary: {variant.summary.line()}", ""]
    for para in body_paragraphs(variant):
        parts = pieces(para)
        if all(p.kind == "run" for p in parts):
            continue
        head = paragraph_text(para)[:8]
        marks = "".join(
            p.text if p.kind == "run" else f"[{p.kind}:{p.text}]" for p in parts if p.kind in ("run", "ins", "del")
        )
        moved = [p for p in parts if p.kind in ("moveTo", "moveFrom")]
        if moved and all(p.kind in ("moveTo", "moveFrom", "ins") for p in parts):
            marks = f"[{moved[0].kind} paragraph]" + "".join(f"[ins:{p.text}]" for p in parts if p.kind == "ins")
        lines.append(f"{head}… {_squeeze(marks)}")
    lines += ["", "comments:"]
    lines += [f"- {c.text}" for c in variant.document.comments]
    assert "\n".join(lines) + "\n" == snapshot_txt


def _squeeze(marked: str) -> str:
    """Long unchanged stretches shortened to their ends, so that the snapshot shows the changes."""
    pieces = re.split(r"(\[[^\]]*\])", marked)
    return "".join(p if p.startswith("[") or len(p) <= 16 else f"{p[:6]}…{p[-6:]}" for p in pieces)


# --- moves ---------------------------------------------------------------------------------------------------------


def _whole_paragraphs(redline: Redline, tag: str) -> list[str]:
    """Texts of paragraphs whose mark is tracked as ``tag`` (inserted, deleted, moved away or moved here)."""
    out = []
    for para in body_paragraphs(redline):
        mark = para.find(f"{W}pPr/{W}rPr/{W}{tag}")
        if mark is not None and paragraph_text(para).strip():
            out.append(paragraph_text(para))
    return out


@pytest.mark.parametrize("pair", list(PAIRS))
def test_nothing_is_deleted_whole_and_inserted_whole_again(redlines: dict[str, Redline], pair: str) -> None:
    redline = redlines[pair]
    deleted = _whole_paragraphs(redline, "del")
    inserted = _whole_paragraphs(redline, "ins")
    if deleted and inserted:
        dice = overlap(deleted, inserted).dice
        assert dice.max() < 0.4, (pair, deleted[int(dice.argmax() // len(inserted))][:30])


def test_a_swapped_part_is_one_named_move(variant: Redline) -> None:
    starts = {e.get(f"{W}name") for e in tracked(variant, "moveFromRangeStart")}
    assert starts == {e.get(f"{W}name") for e in tracked(variant, "moveToRangeStart")} == {"reportgen-move-1"}
    moved_from = _whole_paragraphs(variant, "moveFrom")
    moved_to = _whole_paragraphs(variant, "moveTo")
    assert [t[:6] for t in moved_from] == ["四、牢记执法", "（一）深入推", "（二）强化重", "（三）探索实"]
    assert [t[:6] for t in moved_to] == ["三、牢记执法", "（一）深入推", "（二）强化重", "（三）探索实"]
    # Inside the move, the figures changed locally: only the new value is inserted (the old one stays struck
    # through at the old place, and a comment names it).
    inserted = [e for p in body_paragraphs(variant) for e in p if e.tag == f"{W}ins"]
    texts = {paragraph_text(e) for e in inserted}
    assert {"三", "120余次", "4126530元"} <= texts


def test_moved_sections_keep_their_edits_local(redlines: dict[str, Redline]) -> None:
    redline = redlines["moved-sections"]
    assert redline.summary.moves == 2
    assert (redline.summary.paragraphs_inserted, redline.summary.paragraphs_deleted) == (0, 0)
    moved_to = _whole_paragraphs(redline, "moveTo")
    assert [t[:9] for t in moved_to] == ["（一）强化法治督察", "（四）做实法律援助"]
    aid = next(p for p in body_paragraphs(redline) if paragraph_text(p).startswith("（四）做实法律援助"))
    assert [(p.kind, p.text) for p in pieces(aid) if p.kind == "ins"] == [
        ("ins", "四"), ("ins", "和代理服务"), ("ins", "502件"),
    ]  # fmt: skip
    notes = [c.text for c in redline.document.comments]
    assert "数据变化：旧报告 476件 → 新报告 502件，+26件（+5.5%）" in notes
    assert "移动：“（三）做实法律援助民生工程”从原位置移至此处，段内改动单独标出" in notes


# --- punctuation width, identical reports -------------------------------------------------------------------------

_ASCII = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})


def test_punctuation_width_is_not_a_change(tmp_path: Path) -> None:
    text = VARIANT.read_text(encoding="utf-8")
    ascii_copy = text.translate(_ASCII)
    swaps = sum(a != b for a, b in zip(text, ascii_copy, strict=True))
    assert swaps > 130  # what a character diff of the raw files would report
    path = tmp_path / "variant-ascii.txt"
    path.write_text(ascii_copy, encoding="utf-8")
    redline = redline_document(load(VARIANT), load(path), when=WHEN)
    assert redline.summary.changes == 0
    for tag in ("ins", "del", "moveFrom", "moveTo"):
        assert tracked(redline, tag) == []


def test_a_report_against_itself_has_no_changes(redlines: dict[str, Redline]) -> None:
    redline = redlines["unchanged"]
    assert (redline.summary.insertions, redline.summary.deletions, redline.summary.moves) == (0, 0, 0)
    assert [paragraph_text(p) for p in body_paragraphs(redline)] == layout_texts(redline.new_lines)


def test_an_added_title_is_inserted_with_its_blank_line(redlines: dict[str, Redline]) -> None:
    redline = redlines["title-added"]
    assert _whole_paragraphs(redline, "ins") == ["常州市钟楼区人民政府关于2024年法治政府建设工作情况的报告"]
    blank = body_paragraphs(redline)[1]
    assert paragraph_text(blank) == "" and blank.find(f"{W}pPr/{W}rPr/{W}ins") is not None


# --- Word markup: authors, dates, ids, formatting, layout ----------------------------------------------------------


def test_every_change_is_by_reportgen_with_a_date_and_a_unique_id(variant: Redline) -> None:
    marks = [e for tag in ("ins", "del", "moveFrom", "moveTo", "moveFromRangeStart", "moveToRangeStart")
             for e in tracked(variant, tag)]  # fmt: skip
    assert len(marks) > 50
    assert {e.get(f"{W}author") for e in marks} == {AUTHOR} == {"reportgen"}
    assert {e.get(f"{W}date") for e in marks} == {"2025-03-06T09:30:00Z"}
    ids = [e.get(f"{W}id") for e in marks]
    assert len(ids) == len(set(ids))
    comments = list(variant.document.comments)
    assert {c.author for c in comments} == {"reportgen"}
    assert {c.initials for c in comments} == {"RG"}


def test_inserted_and_deleted_runs_keep_the_layout_fonts(variant: Redline) -> None:
    fonts: dict[str, set[str]] = {}
    for tag in ("ins", "del"):
        for box in tracked(variant, tag):
            for run in box.iter(f"{W}r"):
                rfonts = run.find(f"{W}rPr/{W}rFonts")
                if rfonts is not None:
                    fonts.setdefault(tag, set()).add(rfonts.get(f"{W}eastAsia"))
    assert fonts["ins"] >= {"仿宋_GB2312", "楷体_GB2312", "黑体"}  # body, a renamed section heading, a part number
    assert "仿宋_GB2312" in fonts["del"] and "楷体_GB2312" in fonts["del"]


def test_the_page_is_the_gb9704_layout(variant: Redline) -> None:
    section = variant.document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert (section.top_margin.twips, section.left_margin.twips) == (2098, 1587)


# --- comments ------------------------------------------------------------------------------------------------------


def test_comments_on_figures_shortcomings_plans_moves_and_renames(variant: Redline) -> None:
    notes = [c.text for c in variant.document.comments]
    assert notes == [
        "移动：“四、牢记执法为民，打造规范公正文明执法标杆”等4段从原位置移至此处，段内改动单独标出",
        "数据变化：2023年 4次 → 2024年 6次，+2次（+50.0%）",
        "数据变化：2023年 110余次 → 2024年 120余次，+10次（+9.1%）；约数（余）",
        "数据变化：2023年 398.6406万元 → 2024年 4126530元，+140124元（+3.5%）；单位由万元改为元，按元比较",
        "标题改动：原为“复议应诉质量稳步提高”",
        "数据变化：2023年 122件 → 2024年 135件，+13件（+10.7%）",
        "数据变化：2023年 七年 → 2024年 八年，+1年；中文数字",
        "标题改动：原为“强化制约监督，推进行政权力公开透明高效”",
        "连续2年出现的问题（2023年报告二是“法治专门队伍建设不满足新形势新要求”，相似度 0.87）",
        "2023年计划一是未见落实：本年报告中未找到 法治政府示范创建；省级示范创建活动；法治政府示范区域；"
        "法治政府建设力量；人、财、物方面加强保障",
        "2023年计划三是部分落实：已见 “钟司有约 法商共营”；小微企业简式合规；未找到 “百所帮千企”；“法企同行”；"
        "“法治体检四进四送”；法治营商环境提升行动；企业治理能力；企业合规改革项目",
        "此处原为“四”",
    ]


def _anchored(redline: Redline, comment_id: int, *, deleted: bool = False) -> str:
    """The new text a comment's range covers (with ``deleted``, the deleted text too)."""
    body = redline.document.element.body
    inside = False
    text = ""
    for el in body.iter():
        if el.tag == f"{W}commentRangeStart" and el.get(f"{W}id") == str(comment_id):
            inside = True
        elif el.tag == f"{W}commentRangeEnd" and el.get(f"{W}id") == str(comment_id):
            return text
        elif inside and (el.tag == f"{W}t" or (deleted and el.tag == f"{W}delText")):
            text += el.text or ""
    raise AssertionError(f"comment {comment_id} has no range")


def test_figure_comments_sit_on_the_new_value(variant: Redline) -> None:
    on = {c.text: _anchored(variant, c.comment_id) for c in variant.document.comments}

    def anchored(start: str) -> str:
        return next(text for note, text in on.items() if note.startswith(start))

    assert anchored("数据变化：2023年 122件") == "135件"
    assert anchored("数据变化：2023年 七年") == "八年"
    assert anchored("数据变化：2023年 398.6406万元") == "4126530元"
    assert anchored("数据变化：2023年 110余次") == "120余次"  # inside the moved part
    assert anchored("连续2年出现的问题").startswith("一是法治专门队伍建设仍不适应新形势新要求。")
    assert anchored("连续2年出现的问题").endswith("经济法律复合型人才。")
    assert anchored("标题改动：原为“复议应诉质量稳步提高”") == "（二）行政复议应诉质量持续提升"
    plan = next(c for c in variant.document.comments if c.text.startswith("2023年计划一是未见落实"))
    assert _anchored(variant, plan.comment_id, deleted=True).startswith("一是强化法治顶层设计")  # the old plan, deleted


def test_the_recurring_streak_counts_earlier_years_in_history(tmp_path: Path) -> None:
    history = tmp_path / "history"
    history.mkdir()
    baseline = load(BASELINE)
    earlier = load(BASELINE)
    earlier.year = 2022
    from reportgen.store import save_report

    save_report(baseline, history)
    save_report(earlier, history)
    target = tmp_path / "r.docx"
    result = runner.invoke(app, ["redline", "2023", str(VARIANT), "--out", str(target), "--history", str(history)])
    assert result.exit_code == 0, result.stderr
    notes = [c.text for c in docx.Document(str(target)).comments]
    assert any(n.startswith("连续3年出现的问题（2023年报告二是") for n in notes)


def test_two_districts_are_named_jia_and_yi(redlines: dict[str, Redline]) -> None:
    redline = redlines["two-districts"]
    assert redline.diff.peer
    notes = [c.text for c in redline.document.comments]
    assert "数据对照：甲 135件，乙 86件，乙比甲 -49件（-36.3%）" in notes
    assert not any("计划" in n for n in notes)


def test_the_diff_is_reused_when_given(variant: Redline) -> None:
    old, new = PAIRS["2023-to-variant"]
    diff = diff_reports(old, new)
    again = redline_document(old, new, diff, when=WHEN)
    assert again.diff is diff
    # Deterministic: every part of the package is the same (the zip's own timestamps aside).
    parts = [zipfile.ZipFile(io.BytesIO(r.to_bytes())) for r in (again, redline_document(old, new, diff, when=WHEN))]
    names = parts[0].namelist()
    assert names == parts[1].namelist() and "word/comments.xml" in names
    assert all(parts[0].read(name) == parts[1].read(name) for name in names)


# --- the command ---------------------------------------------------------------------------------------------------


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTGEN_HISTORY", raising=False)
    return tmp_path


def test_cli_writes_the_default_file(in_tmp: Path) -> None:
    result = runner.invoke(app, ["redline", "2023", str(VARIANT), "--history", str(ROOT / "history")])
    assert result.exit_code == 0, result.stderr
    target = Path("output") / "redline-2023-2024.docx"
    assert result.stderr == f"wrote {target}: 29 insertions, 22 deletions, 1 move, 12 comments\n"
    document = docx.Document(str(in_tmp / target))
    assert accept_all(document) == layout_texts(report_lines(load(VARIANT)))
    assert [p.name for p in (in_tmp / "output").iterdir() if p.name != LEDGER] == ["redline-2023-2024.docx"]


def test_cli_out_and_files_of_any_kind(in_tmp: Path) -> None:
    source = docx.Document()
    for line in OTHER_DISTRICT.read_text(encoding="utf-8").splitlines():
        source.add_paragraph(line)
    source.save(str(in_tmp / "qinghu.docx"))
    result = runner.invoke(app, ["redline", str(STATUTORY), "qinghu.docx", "-o", "out/peer.docx"])
    assert result.exit_code == 0, result.stderr
    assert "wrote out/peer.docx: " in result.stderr
    assert reject_all(docx.Document("out/peer.docx")) == layout_texts(report_lines(load(STATUTORY)))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["2023", str(VARIANT), "--out", "x.pdf"], 2, "error: --out must be a .docx file, not x.pdf\n"),
        (["2019", str(VARIANT)], 1, "no report for 2019 in history"),
        (["2023", "missing.txt"], 1, "missing.txt: file not found"),
    ],
)
def test_cli_errors(in_tmp: Path, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, ["redline", *args, "--history", str(ROOT / "history")])
    assert (result.exit_code, result.stdout) == (code, "")
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (in_tmp / "output").exists()
