"""A synthetic history of N annual reports, for measuring how reportgen scales (run with the project's Python).

    python benchmarks/corpus.py N DIR

writes ``DIR/{year}.yaml`` for the N years ending in 2024 (2015–2024 for N = 10, 1025–2024 for N = 1,000:
history files are named by four-digit years). Every report is a perturbation of the 2023 baseline
(history/2023.yaml), made deterministically from its year:

- figures: every Arabic figure gets a new value (rates stay at most 100%), written into its sentence;
- sections: in some parts two neighbouring sections change places (figures and initiatives follow them);
- sentences: some are reworded (synonyms), dropped, or added;
- shortcomings follow a chain from year to year: an item stays (lightly reworded) with probability 0.75,
  else another from a pool replaces it, so recurring items have streaks of several years;
- years in the text move with the report's year.

The reports are built as ``Report`` values and written with ``reportgen.store.dump_report`` (no text parsing).
"""

from __future__ import annotations

import copy
import random
import re
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from reportgen.model import Figure, Item, Report
from reportgen.store import dump_report, load_report

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "history" / "2023.yaml"
LAST_YEAR = 2024

_SYNONYMS = (
    ("推进", "推动"),
    ("加强", "强化"),
    ("全面", "深入"),
    ("持续", "不断"),
    ("落实", "落地"),
    ("提升", "提高"),
    ("完善", "健全"),
    ("组织", "开展"),
)
_NEW_SENTENCES = (
    "探索建立{topic}长效机制，形成一批可复制可推广的经验做法。",
    "围绕{topic}开展专项督查，推动问题整改落实到位。",
    "制定{topic}工作要点，明确责任分工和时间节点。",
    "将{topic}纳入年度重点工作，定期听取工作汇报。",
)
_TOPICS = ("行政执法规范化", "法治宣传教育", "矛盾纠纷化解", "政务公开标准化", "合法性审查", "法律援助便民")
_EXTRA_SHORTCOMINGS = (
    "基层法治建设基础仍较薄弱。部分镇街法治机构人员力量不足，法治审核把关能力有待加强。",
    "行政执法规范化水平有待提高。个别执法人员程序意识不强，执法文书制作不够规范，说理性不足。",
    "法治宣传教育针对性不强。普法形式较为单一，精准普法、以案释法的力度还需加大。",
    "数字法治政府建设相对滞后。部门间数据共享不充分，信息化手段在执法监督中的运用还不够深入。",
    "矛盾纠纷多元化解机制尚不健全。调解、仲裁、行政复议、诉讼等衔接联动还不够顺畅。",
    "重大行政决策程序执行不够严格。公众参与、专家论证和风险评估等环节落实还不到位。",
    "政务公开质量有待提升。部分单位信息发布不够及时，政策解读的深度和广度不足。",
    "行政复议应诉能力需要加强。部分行政机关负责人出庭应诉准备不充分，答辩质量不高。",
    "法治督察考核的刚性约束不足。考核结果运用不够充分，整改跟踪问效机制有待完善。",
    "涉企执法检查统筹不够。多头检查、重复检查现象仍有发生，包容审慎监管的措施还需细化。",
)
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_SENTENCE_RE = re.compile(r"[^。]*。")


FIRST_YEAR, LATEST_YEAR = 1990, 2100  # the report years history accepts (history_schema.MIN_YEAR/MAX_YEAR)


def years(n: int) -> list[int]:
    """The N report years ending in 2024, or from 1990 on when N is too large for that.

    History accepts the years 1990–2100, so one government's history holds at most 111 years.
    """
    if n > LATEST_YEAR - FIRST_YEAR + 1:
        raise SystemExit(f"corpus.py: N = {n} is more years than history accepts ({FIRST_YEAR}–{LATEST_YEAR})")
    first = max(FIRST_YEAR, LAST_YEAR - n + 1)
    return list(range(first, first + n))


def _reword(text: str, rng: random.Random, share: float = 0.5) -> str:
    for a, b in _SYNONYMS:
        if a in text and rng.random() < share:
            text = text.replace(a, b, 1)
    return text


def _new_value(figure: Figure, rng: random.Random) -> Decimal:
    value = figure.value
    if figure.unit in ("%", "‰"):
        return min(Decimal(100), (value * Decimal(rng.uniform(0.9, 1.1))).quantize(Decimal(1)))
    exponent = value.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) and exponent < 0 else 0)
    changed = (value * Decimal(rng.uniform(0.8, 1.25))).quantize(places)
    return max(changed, places)


def _figures(report: Report, rng: random.Random) -> None:
    """New values for the Arabic figures without factors, written into their section, intro or preamble."""
    texts: dict[tuple[int | None, int | None], str] = {(None, None): report.preamble}
    for part in report.parts:
        texts[(part.number, None)] = part.intro
        for section in part.sections:
            texts[(part.number, section.number)] = section.text
    cursors: dict[tuple[int | None, int | None], int] = {}
    figures: list[Figure] = []
    for figure in report.figures:
        place = (figure.part, figure.section)
        text = texts.get(place, "")
        at = text.find(figure.raw, cursors.get(place, 0))
        if figure.numerals != "arabic" or figure.factors or at == -1:
            figures.append(figure)
            continue
        value = _new_value(figure, rng)
        written = format(value.normalize(), "f") if value != value.to_integral() else str(int(value))
        raw = _NUMBER_RE.sub(written, figure.raw, count=1)
        texts[place] = text[:at] + raw + text[at + len(figure.raw) :]
        cursors[place] = at + len(raw)
        figures.append(replace(figure, value=value, raw=raw, text=figure.text.replace(figure.raw, raw, 1)))
    report.figures = figures
    report.preamble = texts[(None, None)]
    for part in report.parts:
        part.intro = texts[(part.number, None)]
        for section in part.sections:
            section.text = texts[(part.number, section.number)]


def _sentences(report: Report, rng: random.Random) -> None:
    """Reword, drop or add sentences in about a third of the sections (never one holding a figure)."""
    for part in report.parts:
        for section in part.sections:
            roll = rng.random()
            if roll > 0.35:
                continue
            sentences = _SENTENCE_RE.findall(section.text)
            plain = [i for i, s in enumerate(sentences) if not any(ch.isdigit() for ch in s)]
            if roll < 0.15 and plain:
                i = rng.choice(plain)
                sentences[i] = _reword(sentences[i], rng, share=1.0)
            elif roll < 0.25 and len(plain) > 1 and len(sentences) > 2:
                del sentences[rng.choice(plain)]
            else:
                topic = rng.choice(_TOPICS)
                sentences.append(rng.choice(_NEW_SENTENCES).format(topic=topic))
            tail = section.text[sum(len(s) for s in _SENTENCE_RE.findall(section.text)) :]
            section.text = "".join(sentences) + tail


def _reorder(report: Report, rng: random.Random) -> None:
    """In about a fifth of the parts, two neighbouring sections change places; numbers follow."""
    for part in report.parts:
        if len(part.sections) < 2 or rng.random() > 0.2:
            continue
        i = rng.randrange(len(part.sections) - 1)
        a, b = part.sections[i], part.sections[i + 1]
        part.sections[i], part.sections[i + 1] = b, a
        swap = {a.number: b.number, b.number: a.number}
        a.number, b.number = b.number, a.number
        report.figures = [
            replace(f, section=swap[f.section]) if f.part == part.number and f.section in swap else f
            for f in report.figures
        ]
        for initiative in report.initiatives:
            if initiative.part == part.number and initiative.section in swap:
                initiative.section = swap[initiative.section]


def _years_in_text(report: Report, year: int) -> None:
    def move(text: str) -> str:
        return text.replace("2024年", "\0next").replace("2023年", f"{year}年").replace("\0next", f"{year + 1}年")

    report.preamble = move(report.preamble)
    report.plans_intro = move(report.plans_intro)
    for part in report.parts:
        part.intro = move(part.intro)
        for section in part.sections:
            section.text = move(section.text)
    report.figures = [replace(f, text=move(f.text)) for f in report.figures]


class ShortcomingChain:
    """The shortcomings of consecutive years: items recur (reworded) or give way to others from the pool."""

    def __init__(self, baseline: list[Item], seed: int = 2023) -> None:
        self.pool = [i.text for i in baseline] + list(_EXTRA_SHORTCOMINGS)
        self.current = [i.text for i in baseline]
        self.rng = random.Random(seed)

    def next_year(self) -> list[Item]:
        kept: list[str] = []
        for text in self.current:
            if self.rng.random() < 0.75:
                kept.append(text)
            else:
                choices = [t for t in self.pool if t not in self.current and t not in kept]
                kept.append(self.rng.choice(choices))
        self.current = kept
        return [Item(number=k, text=_reword(t, self.rng, share=0.5)) for k, t in enumerate(kept, start=1)]


def perturbed(baseline: Report, year: int, shortcomings: list[Item]) -> Report:
    """The report of ``year``: the baseline with figures, sections and sentences changed (seeded by the year)."""
    rng = random.Random(year)
    report = copy.deepcopy(baseline)
    report.year = year
    report.date = f"{year + 1}年3月{rng.randint(1, 28)}日"
    report.source = None
    _figures(report, rng)
    _sentences(report, rng)
    _reorder(report, rng)
    _years_in_text(report, year)
    report.shortcomings = shortcomings
    return report


def write_corpus(n: int, folder: Path) -> list[Path]:
    """Write the N reports ending in 2024 into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    baseline = load_report(BASELINE)
    chain = ShortcomingChain(baseline.shortcomings)
    paths = []
    for year in years(n):
        report = perturbed(baseline, year, chain.next_year())
        path = folder / f"{year}.yaml"
        path.write_text(dump_report(report), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit() or not 1 <= int(argv[0]) <= 2024:
        print(__doc__, file=sys.stderr)
        return 2
    write_corpus(int(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
