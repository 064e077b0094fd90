"""Narrative inputs: the YAML file and the narrative sheet, how they change the draft, and their errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from reportgen.cli.app import app
from typer.testing import CliRunner

from reportgen.draft.compose import compose
from reportgen.draft.model import CARRIED_MARK
from reportgen.draft.narrative import (
    NarrativeBuilder,
    NarrativeInputs,
    canonical_date,
    clean_item,
)
from reportgen.draft.narrative_files import read_narrative_yaml
from reportgen.draft.templating import render_text
from reportgen.errors import SheetError
from reportgen.parse import parse_text
from reportgen.store import load_year

from .conftest import ROOT

runner = CliRunner()
BASELINE = load_year(ROOT / "history", 2023)


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def history(tmp_path: Path) -> Path:
    folder = tmp_path / "history"
    folder.mkdir()
    shutil.copy(ROOT / "history" / "2023.yaml", folder / "2023.yaml")
    return folder


def narrative(text: str) -> NarrativeInputs:
    path = Path("n.yaml")
    path.write_text(text, encoding="utf-8")
    builder = NarrativeBuilder(BASELINE, 2024)
    read_narrative_yaml(path, builder)
    return builder.build()


def draft_text(text: str) -> str:
    return render_text(compose(BASELINE, 2024, narrative=narrative(text)))


def problems(text: str) -> list[str]:
    with pytest.raises(SheetError) as caught:
        narrative(text)
    error = caught.value
    if error.where is not None:
        return [f"{error.where}: {error.message}"]
    return [line.strip() for line in error.message.splitlines()[1:]]


# --- what the inputs do ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref", ["2.3", "二（三）", "二、（三）", "二、（三） 推进数字法治政府建设", "推进数字法治政府建设"]
)
def test_section_references(ref: str) -> None:
    inputs = narrative(f"sections:\n  {ref}: 依托“钟迹”平台推进数据共享。\n")
    assert list(inputs.sections) == [(2, 3)]


def test_new_text_replaces_a_section_and_drops_the_marker() -> None:
    text = draft_text('sections:\n  "2.3": 依托"钟迹"平台推进数据共享\n')
    line = next(line for line in text.splitlines() if line.startswith("（三）推进数字法治政府建设"))
    assert line == "（三）推进数字法治政府建设。依托“钟迹”平台推进数据共享。"  # full-width quotes, a full stop added


def test_new_title_only_keeps_the_carried_text() -> None:
    text = draft_text('sections:\n  "1.1":\n    title: 突出政治引领和思想引领\n')
    line = next(line for line in text.splitlines() if line.startswith("（一）突出政治引领和思想引领。"))
    assert line.endswith(CARRIED_MARK)


def test_new_and_removed_sections_renumber() -> None:
    text = draft_text(
        "new_sections:\n"
        "  - {part: 一, title: 深化法治督察, text: 开展法治督察回头看}\n"
        "  - {after: '1.1', title: 强化述法考评, text: 推行领导干部年终述法}\n"
        "remove_sections: ['1.3']\n"
    )
    parsed = parse_text(text)
    assert [s.title for s in parsed.parts[0].sections] == [
        "突出思想政治引领", "强化述法考评", "压紧压实主体责任", "深化法治督察",
    ]  # fmt: skip
    assert [len(p.sections) for p in parsed.parts[1:]] == [3] * 5


def test_initiative_follows_the_carried_text_and_its_marker() -> None:
    text = draft_text("initiatives:\n  - section: '3.1'\n    text: 新设立法联系点2个\n")
    line = next(line for line in text.splitlines() if line.startswith("（一）配合地方行政立法工作"))
    assert line.endswith(f"发挥吸纳民意参与立法最大效用。{CARRIED_MARK}新设立法联系点2个。")


def test_shortcomings_and_plans_replace_last_years() -> None:
    text = draft_text(
        "shortcomings:\n  - 一是统筹推进不够平衡\n  - （二）队伍力量仍然薄弱。\n"
        "plans:\n  - 1.强化统筹推进\n"
        "shortcomings_intro: 同时也要看到，还存在一些问题：\n"
        "date: 2025年3月12日\n"
    )
    lines = text.splitlines()
    assert "同时也要看到，还存在一些问题：一是统筹推进不够平衡。二是队伍力量仍然薄弱。" in lines
    assert "一是强化统筹推进。" in lines
    assert lines[-1] == "2025年3月12日"
    parsed = parse_text(text)
    assert (len(parsed.shortcomings), len(parsed.plans)) == (2, 1)


def test_placeholders_write_this_years_figure_or_last_years_marked() -> None:
    inputs = narrative(
        'sections:\n  "5.2": 共受理行政复议案件{review.cases_accepted}，出庭应诉率{litigation.head_appearance_rate}。\n'
    )
    model = compose(BASELINE, 2024, narrative=inputs)
    text = render_text(model)
    assert "（二）复议应诉质量稳步提高。共受理行政复议案件122件【待核】，出庭应诉率100%【待核】。" in text
    placed = {f.id: (f.status, f.part, f.section) for f in model.figures}
    assert placed["review.cases_accepted"] == ("carried", 5, 2)
    assert placed["review.direct_correction_rate"] == ("dropped", 5, 2)  # its text was replaced
    assert placed["litigation.head_appearance_streak"][0] == "dropped"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2025-03-06", "2025年3月6日"),
        ("2025年03月06日", "2025年3月6日"),
        ("2025/3/6", "2025年3月6日"),
        ("2025-02-30", None),
    ],
)
def test_dates(given: str, expected: str | None) -> None:
    assert canonical_date(given) == expected


def test_clean_item() -> None:
    assert clean_item("三是 优化营商环境, 护航企业发展") == "优化营商环境，护航企业发展"


# --- errors -----------------------------------------------------------------------------------------------------


def test_every_problem_is_listed_with_file_and_place() -> None:
    assert problems(
        "year: 2024\n"
        "preambel: x\n"
        "sections:\n  '7.1': x\n  '2.3': y\n"
        "remove_sections: ['2.3']\n"
        "new_sections:\n  - {title: t, text: x}\n"
        "initiatives:\n  - {text: x}\n"
        "date: 3月6日\n"
    ) == [
        "preambel: unknown key 'preambel' (did you mean preamble?)",
        "sections › 7.1: no section '7.1' in the 2023 report (sections are 1.1…6.3, or a section title)",
        "new_sections[1]: a new section needs either part (added at its end) or after (a section)",
        "initiatives[1]: an initiative needs the section it belongs to",
        "date: '3月6日' is not a date like 2025年3月6日",
        "remove_sections[1]: section 2.3 is both removed and given new text",
    ]


def test_error_names_the_file() -> None:
    with pytest.raises(SheetError) as caught:
        narrative("sections:\n  '9.9': x\n")
    assert str(caught.value) == (
        "n.yaml:sections › 9.9: no section '9.9' in the 2023 report (sections are 1.1…6.3, or a section title)"
    )


def test_placeholder_problems() -> None:
    assert problems(
        "sections:\n"
        "  '5.2': 受理{review.cases_acepted}，{review.cases_accepted}和{review.cases_accepted}\n"
        "  '5.3': 办理{disclosure.news_items}\n"
        "plans:\n  - 力争{legal_aid.cases}\n"
    ) == [
        "plans[1]: figures such as {id} belong in sections, not in plans",
        "sections › 5.2: unknown figure {review.cases_acepted} (did you mean review.cases_accepted?)",
        "sections › 5.2: figure {review.cases_accepted} is already placed at n.yaml:sections › 5.2",
        "sections › 5.3: figure {disclosure.news_items} is still in the carried text of its own section 6.1;"
        " give that section new text or remove it first",
    ]


def test_removing_every_section_of_a_part() -> None:
    assert problems("remove_sections: ['4.1', '4.2', '4.3']\n") == [
        "remove_sections[1]: removing every section of part 4 leaves it empty"
    ]


def test_wrong_year_and_wrong_shapes() -> None:
    assert problems("year: 2025\nshortcomings: {a: b}\nsections: [x]\n") == [
        "year: this file is for 2025, the draft is for 2024",
        "shortcomings: expected a list",
        'sections: expected a mapping such as "2.3": new text',
    ]


def test_not_yaml_or_not_a_mapping() -> None:
    with pytest.raises(SheetError, match=r"n\.yaml:line 3: not valid YAML"):
        narrative("sections:\n  - [\n")
    with pytest.raises(SheetError, match="a narrative file is a mapping"):
        narrative("- x\n")
    assert narrative("# nothing yet\n") == NarrativeInputs(sources=[Path("n.yaml")])


# --- the narrative sheet beside the figures ---------------------------------------------------------------------


def test_narrative_sheet_in_the_workbook(history: Path) -> None:
    assert runner.invoke(app, ["metrics", "2024", "--history", str(history)]).exit_code == 0
    workbook = openpyxl.load_workbook("metrics/2024.xlsx")
    sheet = workbook["文字 narrative"]
    assert [c.value for c in sheet[1]] == ["类型 kind", "位置 where", "标题 title", "内容 text"]
    sheet.append(["问题", None, None, "法治队伍建设仍有短板"])
    sheet.append(["shortcoming", None, None, "涉企执法规范化水平有待提升"])
    sheet.append(["删除", 4.2, None, None])
    sheet.append(["新增", 2, "深化企业合规改革", "推动小微企业简式合规"])
    sheet.append(["日期", None, None, "2025-03-12"])
    workbook.save("metrics/2024.xlsx")
    Path("n.yaml").write_text("plans:\n  - 强化统筹推进\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["draft", "2024", "--history", str(history), "--metrics", "metrics/2024.xlsx", "--narrative", "n.yaml"],
    )
    assert (result.exit_code, result.stderr) == (
        0,
        "wrote output/2024.docx\nwrote output/2024.txt\nwrote output/2024.review.md\nwrote output/2024.review.xlsx\n",
    )
    text = Path("output/2024.txt").read_text(encoding="utf-8")
    assert "一是法治队伍建设仍有短板。二是涉企执法规范化水平有待提升。" in text
    assert "（四）深化企业合规改革。推动小微企业简式合规。" in text
    assert "强化重点领域执法监督力度" not in text
    assert "一是强化统筹推进。" in text.splitlines()
    assert text.splitlines()[-1] == "2025年3月12日"


def test_narrative_sheet_errors_name_the_row(history: Path) -> None:
    assert runner.invoke(app, ["metrics", "2024", "--history", str(history)]).exit_code == 0
    workbook = openpyxl.load_workbook("metrics/2024.xlsx")
    sheet = workbook["文字 narrative"]
    sheet.append(["rewrite", "2.3", None, "x"])
    sheet.append(["section", None, None, "x"])
    sheet.append(["date", None, None, "2025-03-12"])
    workbook.save("metrics/2024.xlsx")
    Path("n.yaml").write_text("date: 2025-03-10\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["draft", "2024", "--history", str(history), "--metrics", "metrics/2024.xlsx", "--narrative", "n.yaml"],
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "error: metrics/2024.xlsx: 3 problems, nothing was written:\n"
        "  narrative row 2, column kind: unknown kind 'rewrite'\n"
        "  narrative row 3, column where: a section row needs a section\n"
        "  narrative row 4: date is already given at n.yaml:date\n"
    )
    assert not Path("output").exists()


def test_problems_in_two_files_name_each_file() -> None:
    from reportgen.draft.narrative_files import read_narrative_rows

    Path("n.yaml").write_text("sections:\n  '8.1': x\n", encoding="utf-8")
    builder = NarrativeBuilder(BASELINE, 2024)
    read_narrative_yaml(Path("n.yaml"), builder)
    read_narrative_rows([(2, {"kind": "initiative", "where": "推进法治宣传", "text": "x"})], Path("m.xlsx"), builder)
    with pytest.raises(SheetError) as caught:
        builder.build()
    assert str(caught.value) == (
        "2 problems, nothing was written:\n"
        "  n.yaml:sections › 8.1: no section '8.1' in the 2023 report (sections are 1.1…6.3, or a section title)\n"
        "  m.xlsx:narrative row 2: no section '推进法治宣传' in the 2023 report (sections are 1.1…6.3, or a section title)"
    )
