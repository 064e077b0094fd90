"""`reportgen draft`: the report text for no, full and partial inputs, the round trip, the review list, templates."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from reportgen.cli.app import app
from syrupy.assertion import SnapshotAssertion
from typer.testing import CliRunner

from reportgen.draft.model import CARRIED_MARK, FIGURE_MARK, DraftModel
from reportgen.draft.run import draft_report
from reportgen.model import Report
from reportgen.parse import parse_text

from .conftest import FIXTURES

runner = CliRunner()
DRAFT_FIXTURES = FIXTURES / "draft"


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in tmp_path, with the input fixtures beside: outputs and paths in messages are relative."""
    monkeypatch.chdir(tmp_path)
    for fixture in DRAFT_FIXTURES.iterdir():
        shutil.copy(fixture, tmp_path / fixture.name)
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# Status lines go to stderr; the summary (data) to stdout.
WROTE = "wrote output/2024.docx\nwrote output/2024.txt\nwrote output/2024.review.md\nwrote output/2024.review.xlsx\n"
FULL = ("--metrics", "metrics-2024-full.yaml", "--narrative", "narrative-2024-full.yaml")
PARTIAL = ("--metrics", "metrics-2024-partial.csv", "--narrative", "narrative-2024-partial.yaml")


def figures_by_place(report: Report) -> dict[tuple[int | None, int | None], list[tuple[Decimal, str]]]:
    places: dict[tuple[int | None, int | None], list[tuple[Decimal, str]]] = {}
    for f in report.figures:
        places.setdefault((f.part, f.section), []).append((f.value.normalize(), f.unit))
    return places


def assert_round_trip(model: DraftModel, text: str, values: dict[str, Decimal]) -> None:
    """Every figure of the draft reads back, in its place and order, as its input (or last year's, marked)."""
    parsed = figures_by_place(parse_text(text))
    expected: dict[tuple[int | None, int | None], list[tuple[Decimal, str]]] = {}
    for f in model.figures:
        if f.status == "dropped":
            continue
        assert f.current == values.get(f.id, f.previous)
        expected.setdefault((f.part, f.section), []).append((f.current.normalize(), f.unit))
        if f.status == "carried":
            assert f.id not in values and f.written == f"{f.previous_raw}{FIGURE_MARK}"
        else:
            assert f.id in values and FIGURE_MARK not in f.written
    for place, wanted in expected.items():
        found = iter(parsed.get(place, []))
        # In order; text written by the narrative inputs may hold further figures between them.
        assert all(any(item == want for item in found) for want in wanted), (place, wanted, parsed.get(place))


def line_of(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


# --- no inputs: the newcomer's first command ----------------------------------------------------------------


def test_plain_draft_writes_docx_text_and_review(history: Path, workdir: Path, snapshot_txt: SnapshotAssertion) -> None:
    code, out, err = invoke("draft", "2024", "--history", str(history))
    assert (code, err) == (0, WROTE)
    assert out == snapshot_txt
    for name in ("2024.docx", "2024.txt", "2024.review.md"):
        assert (workdir / "output" / name).stat().st_size > 0


def test_no_inputs_text(history: Path, snapshot_txt: SnapshotAssertion) -> None:
    assert invoke("draft", "2024", "--history", str(history))[0] == 0
    text = Path("output/2024.txt").read_text(encoding="utf-8")
    assert text == snapshot_txt
    lines = text.splitlines()
    assert lines[0] == "常州市钟楼区人民政府关于2024年法治政府建设工作情况的报告"
    assert lines[1] == "常州市人民政府："
    assert lines[-2:] == ["常州市钟楼区人民政府", "2025年3月6日"]
    assert text.count(FIGURE_MARK) == 35
    assert text.count(CARRIED_MARK) == 26
    assert "2024年以来区政府常务会议学法4次【待核】" in text
    assert "钟楼区连续七年【待核】行政机关负责人出庭应诉率100%【待核】" in text
    assert "《提升行政执法质量三年行动计划（2023—2025年）》" in text
    assert line_of(text, "法治政府建设是全面依法治国").count("2025年，我们将") == 1


def test_no_inputs_review(history: Path, snapshot_md: SnapshotAssertion) -> None:
    assert invoke("draft", "2024", "--history", str(history))[0] == 0
    assert Path("output/2024.review.md").read_text(encoding="utf-8") == snapshot_md


def test_no_inputs_round_trip(history: Path) -> None:
    result = draft_report(2024, history)
    assert [f.status for f in result.model.figures] == ["carried"] * 35
    assert_round_trip(result.model, result.text, {})
    parsed = parse_text(result.text)
    assert [len(p.sections) for p in parsed.parts] == [3] * 6
    assert (len(parsed.shortcomings), len(parsed.plans)) == (3, 3)
    assert parsed.title == result.model.title
    assert result.warnings == []


def test_docx_holds_the_text_with_markers_highlighted(history: Path) -> None:
    assert invoke("draft", "2024", "--history", str(history), "--out", "d/2024.docx")[0] == 0
    document = docx.Document("d/2024.docx")
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs == Path("d/2024.txt").read_text(encoding="utf-8").splitlines()
    highlighted = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert "122件【待核】" in highlighted
    assert CARRIED_MARK in highlighted


# --- full and partial inputs ----------------------------------------------------------------------------------


def test_full_inputs_text(history: Path, snapshot_txt: SnapshotAssertion) -> None:
    code, out, err = invoke("draft", "2024", "--history", str(history), *FULL)
    assert (code, err) == (0, WROTE)
    assert out.splitlines()[0] == "draft 2024 (from 2023): 35 figures — 35 updated, 0 carried over (marked 【待核】)"
    text = Path("output/2024.txt").read_text(encoding="utf-8")
    assert text == snapshot_txt
    assert FIGURE_MARK not in text
    assert "钟楼区连续八年行政机关负责人出庭应诉率100%" in text
    assert "组建专家讲师团开展12余场合规讲座" in text
    assert "涉及金额412.5万元" in text
    assert "直接纠错率8.9%" in text
    assert text.splitlines()[-1] == "2025年3月10日"


def test_full_inputs_round_trip(history: Path) -> None:
    result = draft_report(
        2024,
        history,
        metrics=Path("metrics-2024-full.yaml"),
        narrative=Path("narrative-2024-full.yaml"),
    )
    values = {f.id: f.value for f in result.model.figures if f.value is not None}
    assert len(values) == 35 and values["enforcement.exempted_amount"] == Decimal("412.5")
    assert_round_trip(result.model, result.text, values)
    parsed = parse_text(result.text)
    # 二 gains a section after （一）; 四 loses its （二）.
    assert [len(p.sections) for p in parsed.parts] == [3, 4, 3, 2, 3, 3]
    assert [s.title for s in parsed.parts[1].sections] == [
        "深化“放管服”改革", "优化涉企执法服务", "探索企业合规实践", "推进数字法治政府建设",
    ]  # fmt: skip
    assert [s.title for s in parsed.parts[3].sections] == ["深入推进行政执法体制改革", "探索实施包容审慎监管方式"]
    assert [i.text[:8] for i in parsed.shortcomings] == ["法治政府建设统筹", "基层法治队伍力量", "涉企执法规范化水"]
    assert len(parsed.plans) == 3
    moved = next(f for f in result.model.figures if f.id == "enforcement.npc_supervision_invitations")
    assert (moved.part, moved.section, moved.written) == (2, 2, "5次")
    assert result.warnings == []


def test_partial_inputs_text(history: Path, snapshot_txt: SnapshotAssertion) -> None:
    assert invoke("draft", "2024", "--history", str(history), *PARTIAL)[0] == 0
    text = Path("output/2024.txt").read_text(encoding="utf-8")
    assert text == snapshot_txt
    assert "共受理行政复议案件135件，直接纠错率12.5%。" in text
    assert "共处理轻微违法行为不予处罚1620件，涉及金额412.5万元。" in text
    assert "共办理各类援助案件476件【待核】" in text  # a note, no value: still carried
    assert "区政府常务会议学法4次【待核】，领导干部述法实现全覆盖。" in text


def test_partial_inputs_summary(history: Path, snapshot_txt: SnapshotAssertion) -> None:
    code, out, err = invoke("draft", "2024", "--history", str(history), *PARTIAL)
    assert (code, err) == (0, WROTE)
    assert out == snapshot_txt


def test_partial_inputs_review(history: Path, snapshot_md: SnapshotAssertion) -> None:
    assert invoke("draft", "2024", "--history", str(history), *PARTIAL)[0] == 0
    review = Path("output/2024.review.md").read_text(encoding="utf-8")
    assert review == snapshot_md
    assert (
        "| 五、（三） 做实法律援助民生工程 | `legal_aid.cases` | 办理各类法律援助案件 | 476件 | 待法援中心报送 |"
        in review
    )


def test_partial_inputs_round_trip(history: Path) -> None:
    result = draft_report(
        2024,
        history,
        metrics=Path("metrics-2024-partial.csv"),
        narrative=Path("narrative-2024-partial.yaml"),
    )
    values = {f.id: f.value for f in result.model.figures if f.value is not None}
    assert values == {
        "compliance.lectures": Decimal(12),
        "enforcement.minor_violations_exempted": Decimal(1620),
        "enforcement.exempted_amount": Decimal("412.5"),
        "review.cases_accepted": Decimal(135),
        "review.direct_correction_rate": Decimal("12.5"),
        "litigation.head_appearance_streak": Decimal(8),
        "disclosure.news_items": Decimal(17300),
    }
    assert_round_trip(result.model, result.text, values)
    assert len(result.model.figures_with("carried")) == 28
    parsed = parse_text(result.text)
    assert [len(p.sections) for p in parsed.parts] == [3] * 6
    assert len(parsed.shortcomings) == 2


# --- --strict, --out, errors -----------------------------------------------------------------------------------


def test_strict_refuses_carried_figures_and_writes_nothing(history: Path, workdir: Path) -> None:
    code, out, err = invoke("draft", "2024", "--history", str(history), "--strict", *PARTIAL)
    assert (code, out) == (1, "")
    assert err == (
        "error: metrics-2024-partial.csv: --strict: 28 figures have no new value: leadership.study_sessions, "
        "services.voice_assistant_hours, data.categories_requested, legislation.research_meetings, "
        "legislation.written_surveys, normative_docs.issued, normative_docs.legality_review_rate, "
        "counsel.coverage_rate, counsel.legal_opinions, counsel.agenda_items_reviewed … and 18 more "
        "(fill them in the metrics sheet, or drop --strict to carry them over marked 【待核】)\n"
    )
    assert not (workdir / "output").exists()


def test_strict_passes_when_every_figure_is_given(history: Path) -> None:
    code, out, _ = invoke("draft", "2024", "--history", str(history), "--strict", *FULL)
    assert code == 0 and "0 carried over" in out


def test_out_must_be_docx(history: Path) -> None:
    code, _, err = invoke("draft", "2024", "--history", str(history), "--out", "draft.pdf")
    assert (code, err) == (2, "error: --out must be a .docx file, not draft.pdf\n")


def test_no_earlier_year(history: Path) -> None:
    code, _, err = invoke("draft", "2023", "--history", str(history))
    assert code == 1 and err == f"error: {history}: no report before 2023 in history to start from\n"


def test_implausible_year(history: Path) -> None:
    assert invoke("draft", "24", "--history", str(history))[2] == "error: 24 is not a plausible report year\n"


def test_missing_metrics_file(history: Path) -> None:
    code, _, err = invoke("draft", "2024", "--history", str(history), "--metrics", "nope.xlsx")
    assert (code, err) == (
        1,
        "error: nope.xlsx: metrics sheet not found (make one with: reportgen metrics 2024)\n",
    )


def test_draft_notes_an_unused_default_sheet(history: Path) -> None:
    assert invoke("metrics", "2024", "--history", str(history))[0] == 0
    code, _, err = invoke("draft", "2024", "--history", str(history))
    assert code == 0
    assert "note: metrics/2024.xlsx exists but was not used: pass --metrics metrics/2024.xlsx\n" in err


def test_end_to_end_fill_in_the_sheet(history: Path) -> None:
    """metrics → the office fills the XLSX → draft --metrics: the figures land in the DOCX."""
    import openpyxl

    assert invoke("metrics", "2024", "--history", str(history))[0] == 0
    workbook = openpyxl.load_workbook("metrics/2024.xlsx")
    sheet = workbook.worksheets[0]
    filled = {"review.cases_accepted": 135, "compliance.lectures": 12, "litigation.head_appearance_streak": 8}
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in filled:
            row[6].value = filled[row[0].value]
    workbook.save("metrics/2024.xlsx")
    code, out, err = invoke("draft", "2024", "--history", str(history), "--metrics", "metrics/2024.xlsx")
    assert (code, err) == (0, WROTE)
    assert out.startswith("draft 2024 (from 2023): 35 figures — 3 updated, 32 carried over (marked 【待核】)\n")
    text = "\n".join(p.text for p in docx.Document("output/2024.docx").paragraphs)
    assert "共受理行政复议案件135件，直接纠错率10%【待核】" in text
    assert "钟楼区连续八年行政机关负责人出庭应诉率100%【待核】" in text


def test_statutory_outline_keeps_its_headed_parts(tmp_path: Path) -> None:
    folder = tmp_path / "h"
    assert invoke("ingest", str(FIXTURES / "statutory-2024.txt"), "--history", str(folder))[0] == 0
    result = draft_report(2025, folder)
    lines = result.text.splitlines()
    assert "一、2025年推进法治政府建设的主要举措和成效" in lines
    assert "三、存在的不足和原因" in lines and "四、2026年推进法治政府建设的主要安排" in lines
    assert "（一）持续深化“青湖e办”改革，推动更多事项网上办理。【沿用上年，请核改】" in lines
    assert lines[-1] == "2026年3月20日"
    parsed = parse_text(result.text)
    assert (parsed.outline, [len(p.sections) for p in parsed.parts]) == ("statutory", [4, 0])
    assert (len(parsed.shortcomings), len(parsed.plans)) == (2, 3)
    assert_round_trip(result.model, result.text, {})
    assert result.warnings == []


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys; from reportgen.cli.app import app; "
        "print(sorted(m for m in ('pandas', 'docx', 'openpyxl', 'jinja2', 'reportgen.draft.run', 'reportgen.figures', "
        "'reportgen.model') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


def test_a_draft_without_a_sheet_loads_no_sheet_library_and_no_pydantic(tmp_path: Path) -> None:
    # pandas and openpyxl are for sheets only. pydantic is typer's own import from 0.29 on (~57 ms, BENCHMARKS.md):
    # reportgen itself must not load it, and with typer 0.28 nothing does.
    code = (
        "import sys; from reportgen.cli.app import app\n"
        "try:\n    app(['draft', '2024', '--out', sys.argv[1]])\n"
        "except SystemExit:\n    pass\n"
        "import importlib.metadata as m\n"
        "typer_pydantic = tuple(int(x) for x in m.version('typer').split('.')[:2]) >= (0, 29)\n"
        "heavy = ('pandas', 'openpyxl', 'numpy', 'matplotlib', 'rapidfuzz', 'cn2an') + (() if typer_pydantic else ('pydantic',))\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)"
    )
    out = tmp_path / "2024.docx"
    result = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, check=True)
    assert out.exists()
    lines = result.stderr.splitlines()
    assert lines[0].startswith("note: no workspace here") and lines[-1] == "[]"


# --- templates -------------------------------------------------------------------------------------------------


def _template_dir(tmp_path: Path, **templates: str) -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    for name, body in templates.items():
        (folder / f"{name}.txt.j2").write_text(body, encoding="utf-8")
    return folder


def test_user_template_overrides_one_part_and_falls_back(history: Path, tmp_path: Path) -> None:
    folder = _template_dir(
        tmp_path,
        part_2="{{ part.number | cn }}、{{ part.title }}（本部分由用户模板生成）\n"
        "{% for s in part.sections %}（{{ s.number_cn }}）{{ s.title }}。{{ s.text }}\n{% endfor %}",
    )
    result = draft_report(2024, history, templates=folder)
    lines = result.text.splitlines()
    assert "二、着力高效服务，优化职能营造法治营商环境（本部分由用户模板生成）" in lines
    assert "三、加强立法制规，支撑政府决策法治轨道运行" in lines  # the built-in part template
    assert result.warnings == []


def test_template_undefined_names_file_and_line(history: Path, tmp_path: Path) -> None:
    folder = _template_dir(tmp_path, report="{{ report.title }}\n{{ report.addressee }}\n{{ report.adressee }}\n")
    code, out, err = invoke("draft", "2024", "--history", str(history), "--templates", str(folder))
    assert (code, out) == (1, "")
    assert err == (
        f"error: {folder / 'report.txt.j2'}:line 3: template error: "
        "'reportgen.draft.model.DraftModel object' has no attribute 'adressee'\n"
    )
    assert not Path("output").exists()


def test_template_error_in_an_included_default_names_the_user_file(history: Path, tmp_path: Path) -> None:
    folder = _template_dir(tmp_path, part="{{ part.title }}\n{% for s in part.sections %}{{ s.texte }}{% endfor %}\n")
    code, _, err = invoke("draft", "2024", "--history", str(history), "--templates", str(folder))
    assert code == 1
    assert err.startswith(f"error: {folder / 'part.txt.j2'}:line 2: template error: ")


def test_template_syntax_error_names_file_and_line(history: Path, tmp_path: Path) -> None:
    folder = _template_dir(tmp_path, plans="{{ report.plans_intro.text }}\n{% for item in %}\n{% endfor %}\n")
    code, _, err = invoke("draft", "2024", "--history", str(history), "--templates", str(folder))
    assert code == 1
    assert (
        err
        == f"error: {folder / 'plans.txt.j2'}:line 2: template syntax error: Expected an expression, got 'end of statement block'\n"
    )


def test_user_templates_are_sandboxed(history: Path, tmp_path: Path) -> None:
    folder = _template_dir(tmp_path, report="{{ report.title }}\n{{ report.__class__.__init__.__globals__ }}\n")
    code, _, err = invoke("draft", "2024", "--history", str(history), "--templates", str(folder))
    assert code == 1
    assert err.startswith(f"error: {folder / 'report.txt.j2'}:line 2: template security error: ")
    assert "unsafe" in err


def test_missing_templates_folder(history: Path) -> None:
    code, _, err = invoke("draft", "2024", "--history", str(history), "--templates", "nowhere")
    assert (code, err) == (1, "error: nowhere: templates folder not found\n")


def test_template_that_breaks_the_outline_is_reported(history: Path, tmp_path: Path) -> None:
    folder = _template_dir(tmp_path, shortcomings="")
    code, _, err = invoke("draft", "2024", "--history", str(history), "--templates", str(folder))
    assert code == 0
    assert "warning: the text reads back with 0 shortcomings, not 3\n" in err


def test_template_whose_text_is_no_report_is_reported(history: Path, tmp_path: Path) -> None:
    folder = _template_dir(tmp_path, report="{{ report.title }}\n")
    code, _, err = invoke("draft", "2024", "--history", str(history), "--templates", str(folder))
    assert code == 0
    assert "warning: the text does not read back as a report: no report structure found" in err


# --- figures left out, and suspicious values ------------------------------------------------------------------


def test_dropped_figures_and_large_changes_are_reported(history: Path) -> None:
    Path("m.csv").write_text("id,value\nreview.cases_accepted,1350\nlegal_aid.cases,502\n", encoding="utf-8")
    Path("n.yaml").write_text("remove_sections: ['5.3']\n", encoding="utf-8")
    code, out, err = invoke("draft", "2024", "--history", str(history), "--metrics", "m.csv", "--narrative", "n.yaml")
    assert (code, err) == (0, WROTE)
    assert out.splitlines()[0] == "draft 2024 (from 2023): 30 figures — 1 updated, 29 carried over (marked 【待核】)"
    assert (
        "5 figures left out with their replaced or removed text:\n"
        "  legal_aid.cases  办理各类法律援助案件  476件 (the sheet's 502件 is not used)\n"
        "  legal_aid.window_consultations  法律援助窗口接待咨询  736人次\n"
    ) in out
    review = Path("output/2024.review.md").read_text(encoding="utf-8")
    assert (
        "| 五、（二） 复议应诉质量稳步提高 | `review.cases_accepted` | 受理行政复议案件 | 122件 | 1350件 |"
        " ⚠ 变化超过十倍，请核对单位。 |"
    ) in review
    assert "- 已删除：五、（三） 做实法律援助民生工程（2023年）" in review
    assert (
        "- 数字随原文删去：五、（三） 做实法律援助民生工程（2023年） `legal_aid.cases` 办理各类法律援助案件 476件"
        "（数据表给出今年 502件，未写入）"
    ) in review


def test_a_template_that_runs_forever_is_stopped(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTGEN_TEMPLATE_TIMEOUT", "0.5")
    folder = _template_dir(
        tmp_path,
        report="{{ report.title }}\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
    )
    code, out, err = invoke("draft", "2024", "--history", str(history), "--templates", str(folder))
    assert (code, out) == (1, "")
    assert err == (
        f"error: {folder}: drafting with these templates took longer than 0.5 s: stopped "
        "(look for a loop that never ends or a huge number; REPORTGEN_TEMPLATE_TIMEOUT sets the limit)\n"
    )
    assert not Path("output").exists()


def test_statutory_headings_are_carried_with_their_years(tmp_path: Path) -> None:
    text = (FIXTURES / "statutory-2024.txt").read_text(encoding="utf-8")
    text = text.replace("三、存在的不足和原因", "三、存在的问题和不足").replace(
        "四、2025年推进法治政府建设的主要安排", "四、2025年工作打算"
    )
    source = tmp_path / "statutory.txt"
    source.write_text(text, encoding="utf-8")
    folder = tmp_path / "h"
    assert invoke("ingest", str(source), "--history", str(folder))[0] == 0
    result = draft_report(2025, folder)
    lines = result.text.splitlines()
    assert "三、存在的问题和不足" in lines and "四、2026年工作打算" in lines
    parsed = parse_text(result.text)
    assert (parsed.shortcomings_title, parsed.plans_title) == ("存在的问题和不足", "2026年工作打算")
