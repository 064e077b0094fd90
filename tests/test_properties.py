"""Property tests (hypothesis): the extractor and parser never crash, and extraction is stable under noise."""

from __future__ import annotations

from decimal import Decimal

import cn2an
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.errors import ReportgenError
from reportgen.figures import chinese_to_decimal, find_figures, format_value
from reportgen.normalize import normalize_line
from reportgen.parse import parse_text

from .conftest import REFERENCE_2023

REPORT_CHARS = st.sampled_from(
    list('一二三四五六七八九十百千万亿两〇零余多近约超以上第是、，。；：（）()《》“”"%.×0123456789年月日件次场人 \n')
    + list("受理行政复议案件法治政府建设钟楼区开展组织连续热线")
)
NOISY_TEXT = st.lists(REPORT_CHARS, max_size=300).map("".join)
UNITS = ["件", "次", "场", "人次", "条", "%", "万元", "个", "项", "家"]


@settings(max_examples=300, deadline=None)
@given(NOISY_TEXT)
def test_find_figures_never_raises(text: str) -> None:
    for figure in find_figures(normalize_line(text)):
        assert figure.raw in normalize_line(text)


@settings(max_examples=300, deadline=None)
@given(NOISY_TEXT)
def test_parse_text_raises_only_our_errors(text: str) -> None:
    try:
        parse_text(text)
    except ReportgenError:
        pass


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 4000), min_size=1, max_size=5))
def test_parse_survives_lines_cut_out_of_the_2023_report(cuts: list[int]) -> None:
    text = REFERENCE_2023.read_text(encoding="utf-8")
    for cut in cuts:
        text = text[:cut] + text[cut + 7 :]
    try:
        report = parse_text(text)
    except ReportgenError:
        return
    assert all(f.part is None or any(p.number == f.part for p in report.parts) for f in report.figures)


@given(
    value=st.integers(1, 10**7),
    unit=st.sampled_from(UNITS),
    qualifier=st.sampled_from(["", "余", "多"]),
    spaces=st.lists(st.sampled_from([" ", "\u3000", ""]), min_size=4, max_size=4),
)
def test_extraction_is_stable_under_punctuation_width_and_spaces(
    value: int, unit: str, qualifier: str, spaces: list[str]
) -> None:
    if unit == "%":
        qualifier = ""
    # 余 sits after the multiplier: 32万余件, 1万余元.
    written = f"{value}万{qualifier}{unit[1:]}" if unit.startswith("万") else f"{value}{qualifier}{unit}"
    full = f"深化行政复议工作规范化建设，共受理行政复议案件{written}，直接纠错率10%。"
    half = (
        f"深化行政复议工作规范化建设,{spaces[0]}共受理行政复议案件{spaces[1]}{written}{spaces[2]},"
        f"直接纠错率{spaces[3]}10%."
    )
    expected = [(Decimal(value), unit, qualifier or None), (Decimal(10), "%", None)]
    for text in (full, half):
        assert [(f.value, f.unit, f.qualifier) for f in find_figures(normalize_line(text))] == expected


@given(st.integers(0, 10**12))
def test_cn2an_round_trip(value: int) -> None:
    written = cn2an.an2cn(value)
    assert cn2an.cn2an(written, "normal") == value
    assert chinese_to_decimal(written) == value
    assert format_value(Decimal(value), "chinese") == written


@given(st.integers(2, 99), st.sampled_from(["场", "项", "个", "家"]))
def test_chinese_numeral_figures_read_back(value: int, unit: str) -> None:
    text = f"全年共开展{cn2an.an2cn(value)}{unit}专题培训。"
    (figure,) = find_figures(text)
    assert (figure.value, figure.unit, figure.numerals) == (Decimal(value), unit, "chinese")
