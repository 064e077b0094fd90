"""The speed-ups give the same results as the code they bypass (see BENCHMARKS.md).

- Chinese numerals 零–九十九, 〇 and 两 come from a table instead of cn2an: checked against cn2an for every
  numeral of up to three characters and every number up to 20,000.
- History YAML is parsed by libyaml when PyYAML has it: checked against the Python parser on the baseline and on
  reports with odd strings.
- Normalisation runs a step only when the line has the character it needs (a comma, a bracket, a period, a space).
- The layout makes each paragraph and run format once through python-docx and copies it: the XML is compared.
- Drafts start from python-docx's default template without its bloat (scripts/make_base_docx.py).
"""

from __future__ import annotations

import importlib.util
import itertools
import posixpath
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import cn2an
import docx
import pytest
import yaml
from docx.oxml.ns import qn
from lxml import etree

from reportgen import store
from reportgen import word_layout as layout
from reportgen.figures import CN_DIGITS, chinese_to_decimal, format_value
from reportgen.normalize import normalize_line
from reportgen.parse import parse_file

from .conftest import FIXTURES, ROOT
from .layout_support import guessed_lines


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
        ("受理行政复议案件１２２件", "受理行政复议案件122件"),
        ("附件：法治政府建设报告.docx", "附件：法治政府建设报告.docx"),
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
        "full-width-digits",
        "file-name",
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
    copied = _document_xml(layout.build_document(guessed_lines(text)))
    monkeypatch.setattr(layout._PropertyCopies, "apply", lambda self, element, key, make: make())
    assert copied == _document_xml(layout.build_document(guessed_lines(text)))


_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_STYLE_REFERENCES = ("w:basedOn", "w:next", "w:link", "w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink")


def _made_by_the_script(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("make_base_docx", ROOT / "scripts" / "make_base_docx.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.write_base(folder / "base.docx")
    return folder / "base.docx"


@pytest.fixture(params=["shipped", "remade"])
def base_docx(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The base document in the package, and one the script makes now from the installed python-docx."""
    return layout.BASE_DOCX if request.param == "shipped" else _made_by_the_script(tmp_path)


def test_base_document_has_no_thumbnail_effects_copy_lists_or_unused_styles(base_docx: Path) -> None:
    with zipfile.ZipFile(base_docx) as package:
        names = set(package.namelist())
        styles = etree.fromstring(package.read("word/styles.xml"))
    assert not names & {"docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "word/numbering.xml"}
    assert not any(name.startswith("customXml/") for name in names)
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


def test_base_document_refers_only_to_what_it_has(base_docx: Path) -> None:
    """Every relationship target exists, every part has a content type, every style named is defined."""
    with zipfile.ZipFile(base_docx) as package:
        names = set(package.namelist())
        xml = {name: etree.fromstring(package.read(name)) for name in names if name.endswith((".xml", ".rels"))}
    for name in (name for name in xml if name.endswith(".rels")):
        source_folder = posixpath.dirname(posixpath.dirname(name))
        for relation in xml[name].iter(_REL):
            target = posixpath.normpath(posixpath.join(source_folder, relation.get("Target")))
            assert target in names, (name, target)
    types = xml["[Content_Types].xml"]
    overrides = {element.get("PartName").lstrip("/") for element in types.iter(f"{_CT}Override")}
    extensions = {element.get("Extension") for element in types.iter(f"{_CT}Default")}
    assert overrides <= names
    assert all(name in overrides or name.rsplit(".", 1)[-1] in extensions for name in names)
    defined = {style.get(qn("w:styleId")) for style in xml["word/styles.xml"].iter(qn("w:style"))}
    for name, root in xml.items():
        for tag in _STYLE_REFERENCES:
            for reference in root.iter(qn(tag)):
                assert reference.get(qn("w:val")) in defined, (name, tag, reference.get(qn("w:val")))


def test_a_draft_from_the_base_document_reopens_with_every_line(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "__snapshots__" / "test_draft" / "test_partial_inputs_text.txt").read_text(
        encoding="utf-8"
    )
    layout.write_docx(guessed_lines(text), tmp_path / "draft.docx")
    reopened = docx.Document(str(tmp_path / "draft.docx"))
    assert [p.text for p in reopened.paragraphs if p.text] == text.splitlines()
