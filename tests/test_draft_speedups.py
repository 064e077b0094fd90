"""The draft's speed-ups of session 4 give the same results as the code they replace (BENCHMARKS.md).

- Full-width digits and letters become half-width through one translation table, not a loop per character.
- ``cited_names.yaml`` is read by libyaml when PyYAML has it.
- Patterns most commands never use are compiled on first use (``reportgen.lazy_re``).
- review.xlsx escapes its cells without ``xml.sax.saxutils`` (which imports urllib and http.client).
- A plain draft does not import multiprocessing (only a user's templates run in a child process).
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from importlib.resources import files
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import yaml

from reportgen import figures, labels, lazy_re, sanitize, style, template_env
from reportgen.draft import narrative, review_xlsx, sheet_columns
from reportgen.initiatives import cited_names, compact_name
from reportgen.normalize import _fullwidth_ascii_to_half

from .conftest import ROOT


def _per_character(text: str) -> str:
    """The loop the translation table replaced."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A or ch in "％．":
            out.append(unicodedata.normalize("NFKC", ch))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def test_the_full_width_table_maps_every_code_point_as_the_loop_did() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert _fullwidth_ascii_to_half(every) == _per_character(every)
    assert _fullwidth_ascii_to_half("２０２４年１２３４５热线，ＡＢＣ％．　。") == "2024年12345热线，ABC%. 。"


def test_cited_names_read_by_libyaml_are_those_of_the_python_parser() -> None:
    text = files("reportgen").joinpath("cited_names.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert cited_names() == frozenset(compact_name(str(n)) for names in data.values() for n in names or ())
    assert len(cited_names()) > 10


LAZY = [
    narrative.PLACEHOLDER_RE,
    narrative._REF_ARABIC,
    narrative._REF_CN,
    narrative._PART_REF,
    narrative._ITEM_NUMBER,
    *narrative._DATE_FORMS,
    figures._BARE_RANK_CLAUSE,
    figures._PAIR_BETWEEN,
    labels._VERB_START,
    labels._TRAILING_FIGURE,
    sanitize._ESCAPES,
    template_env._FORMAT_WIDTHS,
    sheet_columns._YEAR_KEYWORD,
    *(pattern for pattern, _ in style._MARKER_RES),
]
SAMPLES = ["", "1.2", "二、（三）标题", "一是开展培训3次", "（12）", "3、", "{a.b}与{c}", "2024年3月6日", "2024-3-6",
           "提升至第一", "\x1b[31m红\x1b[0m", "%-5.2f", "year=2024 ", "全省排名", "为", "增长为"]  # fmt: skip


@pytest.mark.parametrize("lazy", LAZY, ids=lambda p: p.pattern[:24])
def test_a_lazy_pattern_answers_as_the_compiled_one(lazy: lazy_re.LazyPattern) -> None:
    compiled = re.compile(lazy.pattern)
    for text in SAMPLES:
        for method in ("match", "fullmatch", "search"):
            got, want = getattr(lazy, method)(text), getattr(compiled, method)(text)
            assert (got and (got.span(), got.groupdict())) == (want and (want.span(), want.groupdict()))
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        assert lazy.findall(text) == compiled.findall(text)
        assert lazy.sub("#", text) == compiled.sub("#", text)
        assert lazy.sub(lambda m: m.group(0) * 2, text, count=1) == compiled.sub(lambda m: m.group(0) * 2, text, 1)
        assert lazy.split(text) == compiled.split(text)
    assert lazy.compiled is lazy.compiled  # compiled once


def test_a_lazy_pattern_compiles_only_when_used() -> None:
    pattern = lazy_re.lazy(r"(")  # invalid: compiling it would raise
    assert pattern.pattern == "("
    with pytest.raises(re.error):
        pattern.search("x")


@pytest.mark.parametrize("text", ["a & b", "<t>", "1 > 0 && 2 < 3", "&amp;", "“引号”", "'\"", ""])
def test_review_cells_are_escaped_as_saxutils_escapes(text: str) -> None:
    assert review_xlsx._escape(text) == escape(text)


def test_a_plain_draft_imports_no_multiprocessing_or_url_library(tmp_path: Path) -> None:
    code = (
        "import shutil, sys\n"
        "from pathlib import Path\n"
        "from reportgen.draft.run import draft_report\n"
        "history = Path(sys.argv[1]) / 'history'\n"
        "history.mkdir()\n"
        f"shutil.copy({str(ROOT / 'history' / '2023.yaml')!r}, history)\n"
        "assert draft_report(2024, history).docx\n"
        "print(sorted(m for m in ('multiprocessing', 'xml.sax.saxutils', 'urllib.request', 'http.client')"
        " if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"
