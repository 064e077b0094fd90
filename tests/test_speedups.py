"""The speed-ups give the same results as the code they bypass (see BENCHMARKS.md).

- Chinese numerals 零–九十九, 〇 and 两 come from a table instead of cn2an: checked against cn2an for every
  numeral of up to three characters and every number up to 20,000.
- History YAML is parsed by libyaml when PyYAML has it: checked against the Python parser on the baseline and on
  reports with odd strings.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path

import cn2an
import pytest
import yaml

from reportgen import store
from reportgen.figures import CN_DIGITS, chinese_to_decimal, format_value
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
