"""Figure extraction: the counts, amounts and rates written in a report's text.

A figure is a number with a unit (122件, 连续七年, 十余场, 398.6406万元, 100%, 7×24小时, 一万二千余件), or a rank
in a named evaluation (排名第四, 全省第一, 跃居第21位, 前移4位). Numbers without a unit, years and dates, hotlines,
numbers inside quoted names or 《》 titles, ordinals, list numbering, and the names, terms, places and sessions of
data/not_figures.yaml (四套班子, 三元里街, 六届五次全会, 助企纾困28条) are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from reportgen.labels import clause_before, clean_before, make_label, shorten
from reportgen.lazy_re import lazy
from reportgen.model import Figure, FigureKind, Numerals
from reportgen.nonfigures import blocked_spans
from reportgen.outline import ordinal_cn

CN_DIGITS = "零〇一二两三四五六七八九十百千"
# Longest first so that 人次 wins over 人 and 个百分点 over 个.
UNITS = sorted(
    """个百分点 个工作日 工作日 平方米 人次 件次 家次 场次 户次 条次 个月 小时 分钟 课时 学时 公里
    批次 轮次 件 个 项 次 场 人 名 家 条 期 份 类 通 篇 起 年 天 户 所 处 套 本 册 批 轮 宗 笔 支 位 部 组 台 张
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
      | (?<![{CN_DIGITS}万亿])[{CN_DIGITS}]+(?:[万亿][{CN_DIGITS}]+)?
    )
    (?P<q0>余|多)?
    (?P<mult>万|亿)?
    (?P<q1>余|多)?
    (?P<unit>{_UNIT_RE})
    (?P<q2>以上|余|多)?
    """,
    re.VERBOSE,
)

_ENCLOSURES = (("“", "”"), ("《", "》"), ("‘", "’"), ("「", "」"), ("『", "』"), ('"', '"'))


@dataclass(frozen=True)
class _Written:
    """A number as the text writes it: its character span, value, unit and how it was written."""

    start: int
    end: int
    raw: str
    value: Decimal
    unit: str
    qualifier: str | None
    numerals: Numerals
    factors: tuple[Decimal, ...]


@dataclass(frozen=True)
class FigureMatch(_Written):
    """One figure found in a piece of text, with its character span in that text."""

    label: str
    sentence: str
    kind: FigureKind = "count"


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


RANK_RE = re.compile(
    r"(?P<lead>(?:排名|排|位列|位居|跃居|跃升至|升至|跻身|居|列|名列)?"
    r"(?:全国|全省|全市|全区|全县|省内|市内|全州|全盟|同类城市|同级)?)"
    r"(?P<raw>第(?P<num>\d{1,3}|[一二三四五六七八九十]{1,3})(?P<unit>名|位)?)"
    r"(?![个批家届次期部项条例号季度年轮章节方档等梯\d一二三四五六七八九十])"
)
RANK_SHIFT_RE = re.compile(
    r"(?P<verb>前移|上升|提升|前进|进位|跃升|上移|下降|后退|下滑|后移)"
    r"(?P<raw>(?P<num>\d{1,3}|[一二三四五六七八九十]{1,3})(?P<unit>个位次|位次|位|名))"
)
_BARE_RANK_CLAUSE = lazy(r"(?:全国|全省|全市|全区|全县|省内|市内)?(?:排名|排位|名次)?")
_RANK_LEADS = ("排名", "排", "位列", "位居", "跃居", "跃升至", "升至", "跻身", "居", "列", "名列")
_PAIR_BETWEEN = lazy(r"^[\u4e00-\u9fff]{0,4}?(?:为|到|至)$")
_MEASURE_UNITS = {"米", "平方米", "公里", "亩", "吨"}


def figure_kind(unit: str, raw: str = "", label: str = "") -> FigureKind:
    """What kind of figure this is, from its unit and wording (for figures stored before kinds were)."""
    base = unit[1:] if unit[:1] in ("万", "亿") and len(unit) > 1 else unit
    if raw.startswith("第"):
        return "rank"
    if "连续" in label and base in ("年", "个月", "天"):
        return "streak"
    if base in ("%", "‰"):
        return "rate"
    if base == "个百分点":
        return "points"
    if base == "元":
        return "money"
    if base in _DURATION_UNITS:
        return "duration"
    if base in _MEASURE_UNITS:
        return "measure"
    return "count"


@dataclass(frozen=True)
class _Candidate(_Written):
    """A number that may be a figure, before its label is known."""

    kind: FigureKind
    lead: str = ""  # a rank's 排名/全省 words (or a shift's 前移), part of its label
    lead_start: int = 0


def _rank_candidate(
    m: re.Match[str], parsed: tuple[Decimal, tuple[Decimal, ...], Numerals], unit: str, kind: FigureKind, lead: str
) -> _Candidate:
    """A rank (排名第四) or a rank's shift (前移4位) matched by ``m``; ``lead`` names the group of its words."""
    return _Candidate(
        m.start("raw"),
        m.end("raw"),
        m.group("raw"),
        parsed[0],
        unit,
        None,
        parsed[2],
        (),
        kind,
        m.group(lead),
        m.start(lead),
    )


def _rank_candidates(text: str, blocked: list[tuple[int, int]]) -> list[_Candidate]:
    found = []
    for m in RANK_RE.finditer(text):
        lead = m.group("lead")
        # A rank needs its evaluation words (排名, 位列, 全省…): 第四 alone is an ordinal.
        if not lead or any(a <= m.start("raw") < b for a, b in blocked):
            continue
        parsed = _parse_number(m.group("num"))
        if parsed is None:
            continue
        found.append(_rank_candidate(m, parsed, m.group("unit") or "名", "rank", "lead"))
    for m in RANK_SHIFT_RE.finditer(text):
        if not text[max(0, m.start() - 6) : m.start()].count("排") and m.group("unit") in ("位", "名"):
            if not any(w in text[max(0, m.start() - 12) : m.start()] for w in ("排名", "位次", "名次", "排位")):
                continue  # 提升3位 without a ranking is not a rank
        parsed = _parse_number(m.group("num"))
        if parsed is None or any(a <= m.start("raw") < b for a, b in blocked):
            continue
        found.append(_rank_candidate(m, parsed, m.group("unit"), "rank_shift", "verb"))
    return found


def _count_candidates(text: str, blocked: list[tuple[int, int]]) -> list[_Candidate]:
    found = []
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
        qualifier = m.group("prefix") or m.group("q0") or m.group("q1") or m.group("q2")
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
        kind = figure_kind(full_unit)
        if kind == "duration" and text[max(0, m.start() - 2) : m.start()] == "连续":
            kind = "streak"
        found.append(_Candidate(m.start(), m.end(), m.group(0), value, full_unit, qualifier, numerals, factors, kind))
    return found


def find_figures(text: str) -> list[FigureMatch]:
    """Every figure in ``text`` (normalised text), in order, with spans, labels and kinds."""
    blocked = enclosed_spans(text) + blocked_spans(text)
    ranks = _rank_candidates(text, blocked)
    rank_spans = [(c.start, c.end) for c in ranks]
    candidates = sorted(ranks + _count_candidates(text, blocked + rank_spans), key=lambda c: c.start)
    found: list[FigureMatch] = []
    last_end = 0
    previous_label: str | None = None
    previous_sentence = -1
    previous_kind = ""
    for c in candidates:
        s_left, s_right = _sentence_bounds(text, c.start, c.end)
        floor = max(s_left, last_end)
        previous = previous_label if previous_sentence == s_left else None
        if c.kind == "rank_shift" and previous is not None and previous_kind == "rank":
            label = shorten(f"{previous}{c.lead}")  # 排名第四，较上年前移4位: the same evaluation
        elif c.kind in ("rank", "rank_shift"):
            before = clean_before(clause_before(text, c.lead_start, floor))
            if _BARE_RANK_CLAUSE.fullmatch(before) and text[: c.lead_start - len(before)].rstrip("，").endswith("中"):
                # 在全省营商环境评价中，排名跃居第8位: the evaluation is the clause before.
                cut = len(text[: c.lead_start - len(before)].rstrip("，"))
                before = clean_before(clause_before(text, cut, s_left)).removesuffix("中") + before
            lead = c.lead
            if not lead.startswith(_RANK_LEADS) and not before.endswith("排名"):
                lead = f"排名{lead}" if c.kind == "rank_shift" else f"{lead}排名"
            label = shorten(f"{before}{lead}".strip(" ，、")) or "排名"
        else:
            label = make_label(text, c.start, c.end, floor, c.unit, previous)
        found.append(
            FigureMatch(
                start=c.start,
                end=c.end,
                raw=c.raw,
                value=c.value,
                unit=c.unit,
                qualifier=c.qualifier,
                numerals=c.numerals,
                factors=c.factors,
                label=label,
                sentence=text[s_left:s_right].strip(),
                kind=c.kind,
            )
        )
        last_end = c.end
        previous_label, previous_sentence, previous_kind = label, s_left, c.kind
    return _label_pairs(text, found)


def _label_pairs(text: str, found: list[FigureMatch]) -> list[FigureMatch]:
    """由374个精简为24个: two figures, labelled as the thing before and after the change."""
    out = list(found)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if text[first.start - 1 : first.start] not in ("由", "从") or first.kind != second.kind:
            continue
        between = text[first.end : second.start]
        if not _PAIR_BETWEEN.match(between):
            continue
        s_left, _ = _sentence_bounds(text, first.start, first.end)
        floor = out[i - 1].end if i > 0 and out[i - 1].end > s_left else s_left
        noun = clean_before(clause_before(text, first.start - 1, floor)) or first.label
        verb = between[:-1]
        before_word, after_word = (f"{verb}前", f"{verb}后") if len(verb) >= 2 else ("原", "现")
        out[i] = replace(first, label=shorten(f"{noun}（{before_word}）"))
        out[i + 1] = replace(second, label=shorten(f"{noun}（{after_word}）"))
    return out


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
            kind=match.kind,
        )
        for k, match in enumerate(find_figures(text), start=1)
    ]


def written_rank(raw: str, value: Decimal, numerals: Numerals) -> str:
    """A rank or rank shift written again with a new value in its own form: 第四 → 第三, 第21位 → 第18位."""
    m = re.search(rf"\d+|[{CN_DIGITS}]+", raw)
    if m is None:
        return raw
    return raw[: m.start()] + format_value(value, numerals) + raw[m.end() :]


def format_value(value: Decimal, numerals: Numerals = "arabic") -> str:
    """Write ``value`` back as the report would: 122, 398.6406, or 八 for Chinese numerals."""
    if numerals == "chinese" and value == value.to_integral():
        if 0 <= value < 100:
            return ordinal_cn(int(value))  # as cn2an.an2cn writes 0–99
        import cn2an  # lazy for start-up (~100 ms): only numerals of 100 and more

        return str(cn2an.an2cn(int(value)))
    text = format(value.normalize(), "f") if value != value.to_integral() else str(int(value))
    return text
