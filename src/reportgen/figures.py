"""Figure extraction: the counts, amounts and rates written in a report's text.

A figure is a number with a unit (122件, 连续七年, 十余场, 398.6406万元, 100%, 7×24小时). Numbers without a
unit, years and dates, hotlines, numbers inside quoted names or 《》 titles, ordinals and list numbering are
not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from reportgen.model import Figure, Numerals
from reportgen.outline import ordinal_cn

CN_DIGITS = "零〇一二两三四五六七八九十百千"
# Longest first so that 人次 wins over 人 and 个百分点 over 个.
UNITS = sorted(
    """个百分点 个工作日 工作日 平方米 人次 件次 家次 场次 户次 条次 个月 小时 分钟 课时 学时 公里
    件 个 项 次 场 人 名 家 条 期 份 类 通 篇 起 年 天 户 所 处 套 本 册 批 轮 宗 笔 支 位 部 组 台 张
    节 卷 米 亩 吨 倍 岁 元 % ‰""".split(),
    key=len,
    reverse=True,
)
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
# Units that measure time: with Chinese numerals they are figures only after a cue such as 连续.
_DURATION_UNITS = {"年", "天", "个月", "小时", "分钟", "工作日", "个工作日"}
_CHINESE_CUES = (
    "连续",
    "累计",
    "共计",
    "共",
    "达",
    "近",
    "历时",
    "用时",
    "先后",
    "开展",
    "组织",
    "举办",
    "召开",
)

FIGURE_RE = re.compile(
    rf"""
    (?P<prefix>近|约|超过|超|逾)?
    (?P<num>
        (?<![\d.])\d+(?:\.\d+)?(?:[×xX*]\d+(?:\.\d+)?)*(?![\d.]\d)
      | (?<![{CN_DIGITS}万亿])[{CN_DIGITS}]+
    )
    (?P<mult>万|亿)?
    (?P<q1>余|多)?
    (?P<unit>{_UNIT_RE})
    (?P<q2>以上|余|多)?
    """,
    re.VERBOSE,
)

# Set phrases in which a Chinese numeral is part of a name, not a count (usually quoted, not always).
NAMED_NUMBER_PHRASES = (
    "两个确立",
    "两个维护",
    "四个意识",
    "四个自信",
    "四个全面",
    "三项制度",
    "五位一体",
    "两个一百年",
    "两个结合",
    "三个务必",
    "十一个坚持",
    "八个统筹",
)

_ENCLOSURES = (("“", "”"), ("《", "》"), ("‘", "’"), ("「", "」"), ("『", "』"), ('"', '"'))
_LABEL_DELIMS = "，。；：！？,;:!?（）()"
_LEADING_NOISE = re.compile(
    r"^(?:\d{4}年(?:度|以来|上半年|全年)?|截至目前|截至\d{4}年底|目前|今年以来|全年|年内|其中|同时|另外|"
    r"累计|共计|共|先后|已经|已|并|及|和|与|还|又|均|通过|在)+"
)
_TRAILING_NOISE = re.compile(r"(?:共计|共|累计|达到|达|为|约|近|超过|超|逾|总计|合计|分别)+$")
_LABEL_VERBS = (
    "开展", "组织", "召开", "举办", "发布", "新增", "完成", "建成", "设立", "成立", "培育", "处理", "办理",
    "收到", "接到", "提供", "参加", "出具",
)  # fmt: skip
LABEL_MAX = 24


@dataclass(frozen=True)
class FigureMatch:
    """One figure found in a piece of text, with its character span in that text."""

    start: int
    end: int
    raw: str
    value: Decimal
    unit: str
    qualifier: str | None
    numerals: Numerals
    factors: tuple[Decimal, ...]
    label: str
    sentence: str


def enclosed_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside 《》 and quotation marks: names, whose numbers are not figures and whose years stay."""
    spans: list[tuple[int, int]] = []
    for open_ch, close_ch in _ENCLOSURES:
        pos = 0
        while (start := text.find(open_ch, pos)) != -1:
            end = text.find(close_ch, start + 1)
            if end == -1:
                break
            spans.append((start, end + 1))
            pos = end + 1
    return spans


def _named_phrase_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for phrase in NAMED_NUMBER_PHRASES:
        for m in re.finditer(re.escape(phrase), text):
            spans.append((m.start(), m.end()))
    return spans


# The numerals 零–九十九 as cn2an writes them, and 〇 and 两: what reports almost always use (七年, 十余场). They
# are read and written here with the values cn2an gives (tests/test_speedups.py checks every one), so that most
# commands never import cn2an, which takes ~100 ms. Anything else goes to cn2an.
_SMALL_NUMERALS: dict[str, int] = {ordinal_cn(n): n for n in range(100)} | {"〇": 0, "两": 2}


def chinese_to_decimal(numeral: str) -> Decimal:
    """Value of a Chinese numeral such as 七, 十一, 两百 or 一千二百."""
    small = _SMALL_NUMERALS.get(numeral)
    if small is not None:
        return Decimal(small)
    import cn2an  # slow to import (~100 ms): only for numerals beyond 九十九

    try:
        return Decimal(int(cn2an.cn2an(numeral, "normal")))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"not a Chinese numeral: {numeral}") from exc


def _parse_number(num: str) -> tuple[Decimal, tuple[Decimal, ...], Numerals] | None:
    if num[0].isdigit():
        try:
            factors = tuple(Decimal(part) for part in re.split(r"[×xX*]", num))
        except InvalidOperation:
            return None
        value = Decimal(1)
        for factor in factors:
            value *= factor
        return value, (factors if len(factors) > 1 else ()), "arabic"
    try:
        return chinese_to_decimal(num), (), "chinese"
    except ValueError:
        return None


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(ch, 0, start) for ch in "。；;！？\n")
    right_candidates = [i + 1 for i in (text.find(ch, end) for ch in "。；;！？") if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    newline = text.find("\n", end)
    if newline != -1:
        right = min(right, newline)
    return left + 1, right


def _clause_before(text: str, start: int, floor: int) -> str:
    left = max([text.rfind(ch, floor, start) for ch in _LABEL_DELIMS] + [floor - 1])
    return text[left + 1 : start]


def _phrase_after(text: str, end: int) -> str:
    stop = len(text)
    for i in range(end, len(text)):
        if text[i] in _LABEL_DELIMS or text[i].isdigit():
            stop = i
            break
    return text[end:stop]


def _make_label(text: str, start: int, end: int, floor: int) -> str:
    before = _clause_before(text, start, floor)
    before = _LEADING_NOISE.sub("", before)
    before = _TRAILING_NOISE.sub("", before)
    after = _phrase_after(text, end)
    if before.endswith("连续"):
        label = f"{after}（{before}…年）" if after else before
    elif not before:
        label = after
    elif before.endswith(_LABEL_VERBS) and after and not after.startswith(("，", "。")):
        label = before + after
    else:
        label = before
    label = label.strip(" ，、")
    if len(label) <= LABEL_MAX:
        return label
    # Keep the words nearest the number: the end of a label read from before it, the start of one after,
    # cut where a list ends (…、拆迁征收等重大项目…) rather than inside a word.
    if label.startswith(after) and after:
        return label[:LABEL_MAX]
    tail = label[-LABEL_MAX:]
    cut = max(tail.rfind(ch) for ch in "等、")
    return tail[cut + 1 :] if 0 <= cut < len(tail) - 4 else tail


def find_figures(text: str) -> list[FigureMatch]:
    """Every figure in ``text`` (normalised text), in order, with spans and labels."""
    blocked = enclosed_spans(text) + _named_phrase_spans(text)
    found: list[FigureMatch] = []
    last_end = 0
    for m in FIGURE_RE.finditer(text):
        num = m.group("num")
        num_start = m.start("num")
        if any(a <= num_start < b for a, b in blocked):
            continue
        preceding = text[max(0, num_start - 1) : num_start]
        # 第三, 前三名, 后两年 are no counts; 先后7次 and 前后3次 are.
        if preceding in ("第", "首", "前", "后") and text[max(0, num_start - 2) : num_start] not in ("先后", "前后"):
            continue
        parsed = _parse_number(num)
        if parsed is None:
            continue
        value, factors, numerals = parsed
        unit = m.group("unit")
        qualifier = m.group("prefix") or m.group("q1") or m.group("q2")
        if unit == "年" and Decimal(1900) <= value <= Decimal(2100) and value == value.to_integral():
            continue  # a year, not a duration
        if numerals == "chinese":
            cue_zone = text[max(0, m.start() - 4) : m.start() + len(m.group("prefix") or "")]
            has_cue = bool(m.group("prefix")) or cue_zone.endswith(_CHINESE_CUES)
            if value == 1 and not has_cue:
                continue  # 一项, 一次, 一批: an article, not a count
            if unit in _DURATION_UNITS and not has_cue:
                continue  # 三年行动, 五年规划: a name
            if text[m.end() : m.end() + 1] in ("大", "中", "届"):
                continue
        full_unit = (m.group("mult") or "") + unit
        start, end = m.start(), m.end()
        s_left, s_right = _sentence_bounds(text, start, end)
        floor = max(s_left, last_end)
        found.append(
            FigureMatch(
                start=start,
                end=end,
                raw=m.group(0),
                value=value,
                unit=full_unit,
                qualifier=qualifier,
                numerals=numerals,
                factors=factors,
                label=_make_label(text, start, end, floor),
                sentence=text[s_left:s_right].strip(),
            )
        )
        last_end = end
    return found


def figures_in(text: str, part: int | None, section: int | None, id_prefix: str) -> list[Figure]:
    """Figures of one located piece of text, with positional ids ``{id_prefix}.{k}``."""
    return [
        Figure(
            id=f"{id_prefix}.{k}",
            label=match.label,
            value=match.value,
            unit=match.unit,
            qualifier=match.qualifier,
            numerals=match.numerals,
            part=part,
            section=section,
            text=match.sentence,
            raw=match.raw,
            factors=match.factors,
        )
        for k, match in enumerate(find_figures(text), start=1)
    ]


def format_value(value: Decimal, numerals: Numerals = "arabic") -> str:
    """Write ``value`` back as the report would: 122, 398.6406, or 八 for Chinese numerals."""
    if numerals == "chinese" and value == value.to_integral():
        if 0 <= value < 100:
            return ordinal_cn(int(value))  # as cn2an.an2cn writes 0–99
        import cn2an

        return str(cn2an.an2cn(int(value)))
    text = format(value.normalize(), "f") if value != value.to_integral() else str(int(value))
    return text
