"""The speed-ups give the same results as the code they bypass (see BENCHMARKS.md).

- Chinese numerals 零–九十九, 〇 and 两 come from a table instead of cn2an: checked against cn2an for every
  numeral of up to three characters and every number up to 20,000.
- History YAML is parsed by libyaml when PyYAML has it: checked against the Python parser on the baseline and on
  reports with odd strings.
- Normalisation runs a step only when the line has the character it needs (a comma, a bracket, a period, a space).
- The layout makes each paragraph and run format once through python-docx and copies it: the XML is compared.
- Drafts start from python-docx's default template without its bloat (scripts/make_base_docx.py).
- The shipped templates are compiled once and then read from a cache, which never stops a draft.
"""

from __future__ import annotations

import importlib.util
import itertools
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import cn2an
import jinja2
import pytest
import yaml
from docx.oxml.ns import qn
from lxml import etree

from reportgen import store
from reportgen.draft import layout
from reportgen.draft.model import DraftModel
from reportgen.draft.run import load_inputs
from reportgen.draft.templating import default_templates_dir, make_environment, render_text
from reportgen.figures import CN_DIGITS, chinese_to_decimal, format_value
from reportgen.normalize import normalize_line
from reportgen.parse import parse_file

from .conftest import FIXTURES, ROOT


def _cn2an_value(numeral: str) -> Decimal | None:
    try:
        return Decimal(int(cn2an.cn2an(numeral, "normal")))
    except (ValueError, KeyError, TypeError):
        return None


def _ours(numeral: str) -> Decimal | None:
    try:
        return chinese_to_decimal(numeral)
    except ValueError:
        return None


def test_every_short_numeral_reads_as_cn2an_reads_it() -> None:
    for length in (1, 2, 3):
        for chars in itertools.product(CN_DIGITS, repeat=length):
            numeral = "".join(chars)
            assert _ours(numeral) == _cn2an_value(numeral), numeral


def test_numbers_are_written_as_cn2an_writes_them() -> None:
    for n in [*range(20_001), 99_999, 100_000, 123_456_789]:
        assert format_value(Decimal(n), "chinese") == cn2an.an2cn(n), n
        assert chinese_to_decimal(cn2an.an2cn(n)) == n


def test_history_is_read_through_libyaml() -> None:
    assert yaml.__with_libyaml__ and issubclass(store._HistoryLoader, yaml.CSafeLoader)


@pytest.mark.parametrize(
    "source",
    [
        ROOT / "history" / "2023.yaml",
        FIXTURES / "statutory-2024.txt",
        FIXTURES / "compare" / "zhonglou-2024-variant.txt",
    ],
    ids=["baseline", "statutory", "variant"],
)
def test_libyaml_and_the_python_parser_read_history_alike(source: Path) -> None:
    report = store.load_report(source) if source.suffix == ".yaml" else parse_file(source)
    report.preamble += "\n“引号”\t制表符 emoji😀 行分隔\u2028符 — 'single' \"double\" : colon # hash"
    text = store.dump_report(report)
    assert yaml.load(text, Loader=store._HistoryLoader) == yaml.load(text, Loader=store._Loader)


# --- normalisation skips the steps a line has no character for ---------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("共受理行政复议案件122件,直接纠错率10%.", "共受理行政复议案件122件，直接纠错率10%。"),
        ("受理企业和群众投诉举报30,478条", "受理企业和群众投诉举报30478条"),
        ("(一)突出思想政治引领", "（一）突出思想政治引领"),
        ("纳入全区党委(党组)理论学习中心组专题学习计划", "纳入全区党委（党组）理论学习中心组专题学习计划"),
        ("涉及金额398.6406万元.", "涉及金额398.6406万元。"),
        ("打造 “钟司有约 法商共营” 品牌", "打造“钟司有约 法商共营”品牌"),
        ("12345 热线 受理投诉", "12345热线受理投诉"),
        ("每周三 8:30 开放", "每周三8:30开放"),
        ("学习贯彻党的二十大精神", "学习贯彻党的二十大精神"),
    ],
    ids=[
        "comma-period",
        "thousands",
        "list-number",
        "brackets",
        "decimal-then-period",
        "quoted-space",
        "hotline",
        "time",
        "none",
    ],
)
def test_normalisation_with_its_shortcuts_gives_the_canonical_line(raw: str, normal: str) -> None:
    assert normalize_line(raw) == normal


# --- layout copies paragraph and run properties -----------------------------------------------------------


def _document_xml(document: Any) -> bytes:
    return etree.tostring(document.element)


def test_copied_properties_are_the_xml_python_docx_makes_for_each_line(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "tests" / "__snapshots__" / "test_draft" / "test_partial_inputs_text.txt").read_text(
        encoding="utf-8"
    )
    copied = _document_xml(layout.build_document(text))
    monkeypatch.setattr(layout._PropertyCopies, "apply", lambda self, element, key, make: make())
    assert copied == _document_xml(layout.build_document(text))


def test_base_document_has_no_thumbnail_effects_copy_or_unused_styles() -> None:
    with zipfile.ZipFile(layout.BASE_DOCX) as package:
        names = set(package.namelist())
        styles = etree.fromstring(package.read("word/styles.xml"))
    assert not names & {"docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "customXml/item1.xml"}
    style_ids = {style.get(qn("w:styleId")) for style in styles.iter(qn("w:style"))}
    assert style_ids == {
        "Normal",
        "DefaultParagraphFont",
        "TableNormal",
        "NoList",
        "Header",
        "HeaderChar",
        "Footer",
        "FooterChar",
    }
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert [child.tag for child in defaults] == [qn("w:rFonts"), qn("w:sz"), qn("w:szCs"), qn("w:lang")]


def test_base_document_is_what_the_script_makes_from_python_docx(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_base_docx", ROOT / "scripts" / "make_base_docx.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.write_base(tmp_path / "base.docx")
    with zipfile.ZipFile(tmp_path / "base.docx") as made, zipfile.ZipFile(layout.BASE_DOCX) as shipped:
        assert made.namelist() == shipped.namelist()
        for name in made.namelist():
            assert made.read(name) == shipped.read(name), f"{name}: rerun python scripts/make_base_docx.py"


# --- compiled templates are cached between runs ------------------------------------------------------------


@pytest.fixture
def draft_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> DraftModel:
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    return load_inputs(2024, ROOT / "history", None, None)[3]


def _cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "jinja").glob("*.cache"))


def test_shipped_templates_are_compiled_once_then_read_from_the_cache(
    draft_model: DraftModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = render_text(draft_model)
    assert len(_cache_files(tmp_path)) == len(list(default_templates_dir().glob("*.j2")))

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled a template that is in the cache")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert render_text(draft_model) == first


def test_a_damaged_cache_is_compiled_afresh(draft_model: DraftModel, tmp_path: Path) -> None:
    first = render_text(draft_model)
    for path in _cache_files(tmp_path):
        path.write_bytes(path.read_bytes()[:40])
    assert render_text(draft_model) == first
    assert render_text(draft_model) == first


def test_a_cache_folder_that_cannot_be_made_does_not_stop_the_draft(
    draft_model: DraftModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(blocker))
    assert render_text(draft_model).startswith("常州市钟楼区人民政府关于2024年法治政府建设工作情况的报告\n")
    assert blocker.read_text(encoding="utf-8") == "a file where the cache folder would go"


def test_without_a_home_folder_the_templates_are_compiled_every_time(
    draft_model: DraftModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    for name in ("REPORTGEN_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert make_environment().bytecode_cache is None
    assert render_text(draft_model).endswith("常州市钟楼区人民政府\n2025年3月6日\n")


def test_a_users_templates_are_not_cached(draft_model: DraftModel, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "plans.txt.j2").write_text("{% for plan in report.plans %}{{ plan }}\n{% endfor %}", encoding="utf-8")
    render_text(draft_model, mine)
    assert _cache_files(tmp_path) == []
