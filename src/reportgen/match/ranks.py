"""Ranks in a named evaluation (排名第四, 位列全省第三, 跃居全省第一, 跃升至第二名) as figures.

Core figure extraction leaves out every number after 第 (ordinals, batches, editions: 第三批, 第七届,
第一责任人). A rank is an ordinal too, but one the reviewer compares from year to year, so the comparison
reads it here: only after a ranking word (排名, 位列, 位居, 跃居, 名列 …) or a scope (全国, 全省, 全市 …), and never
when a word such as 批, 届, 次 or 责任 follows. When the core already gives a figure of kind ``rank`` for the
same sentence and value, that one is kept and nothing is added.
"""

from __future__ import annotations

import re
from decimal import Decimal

from reportgen.figures import chinese_to_decimal
from reportgen.match.kinds import RANK_UNIT, kind_of
from reportgen.model import Figure, Report

_NUM = r"[一二三四五六七八九十\d]{1,3}"
_SCOPE = r"(?:全国|全省|全市|全区|全县|同类城市|同级|全国同类|全省同类)"
RANK_RE = re.compile(
    rf"(?P<cue>排名|排在|排位|位列|位居|名列|跃居|跃升至|跃升为|跃升到|上升至|上升到|升至|居于|居)?"
    rf"(?P<scope>{_SCOPE})?第(?P<num>{_NUM})(?P<unit>位|名)?"
    r"(?!批|届|次|期|版|轮|个|季度|阶段|部分|条|款|章|节|责任|类|号|站|家|年|天|周|月)"
)
_SENTENCE_RE = re.compile(r"[^。；！？\n]+[。；！？]?")
_LABEL_NOISE = re.compile(r"^(?:在|我区|我市|我县|我局|全年|其中|并|且|，)+|(?:中|里|上|，|我区|我市|我县|我局)+$")
_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")


def _label(sentence: str, start: int) -> str:
    """The evaluation a rank is in: the clause before it (全市法治政府建设考核), or the one before that."""
    clauses = [c for c in _CLAUSE_SPLIT.split(sentence[:start])]
    for clause in reversed(clauses):
        label = _LABEL_NOISE.sub("", clause.strip())
        label = _LABEL_NOISE.sub("", label)
        if len(label) >= 4:
            return label
    return _LABEL_NOISE.sub("", clauses[-1].strip()) if clauses else ""


def ranks_in(text: str, part: int | None, section: int | None, id_prefix: str) -> list[Figure]:
    """The ranks in one located piece of text, with ids ``{id_prefix}.{k}``."""
    found: list[Figure] = []
    for sentence_match in _SENTENCE_RE.finditer(text):
        sentence = sentence_match.group(0).strip()
        for m in RANK_RE.finditer(sentence):
            if not (m.group("cue") or m.group("scope")):
                continue
            num = m.group("num")
            try:
                value = Decimal(num) if num.isdigit() else chinese_to_decimal(num)
            except ValueError:
                continue
            raw = sentence[m.start("scope") if m.group("scope") else m.start("num") - 1 : m.end()]
            found.append(
                Figure(
                    id=f"{id_prefix}.{len(found) + 1}",
                    label=_label(sentence, m.start()),
                    value=value,
                    unit=RANK_UNIT,
                    qualifier=None,
                    numerals="arabic" if num.isdigit() else "chinese",
                    part=part,
                    section=section,
                    text=sentence,
                    raw=raw,
                    kind="rank",
                )
            )
    return found


def with_ranks(report: Report) -> list[Figure]:
    """The report's figures and the ranks in its measures that core extraction did not give."""
    ranks: list[Figure] = []
    for part in report.parts:
        if part.intro:
            ranks += ranks_in(part.intro, part.number, None, f"r{part.number}.0")
        for section in part.sections:
            body = f"{section.title}。{section.text}"
            ranks += ranks_in(body, part.number, section.number, f"r{part.number}.{section.number}")
    known = {(f.text, f.value) for f in report.figures if kind_of(f) == "rank"}
    extra = [r for r in ranks if (r.text, r.value) not in known]
    return report.figures + extra if extra else report.figures
