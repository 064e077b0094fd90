"""Plans followed up: were last year's plan items (下一年度安排) acted on in the new report's measures?

From each old plan item come its key terms:

- names: the 《》 documents and laws and the quoted brands and campaigns it cites
  (``reportgen.initiatives.find_initiatives``; media and plain slogans are left out). A name is found when the
  new measures hold it exactly, or its core: without edition or year in brackets, and a law without
  中华人民共和国 (《中华人民共和国行政复议法》 is found as 行政复议法).
- action phrases: the clauses of the item after its headline sentence, with the leading verbs and adverbs
  (深入推进, 积极参加, 以…) and the trailing slogans (为重点, 走深走实, 新台阶…) taken off, e.g. 法治政府示范创建,
  省级示范创建活动, 包容审慎监管方式, 小微企业简式合规. Clauses that are only general words are left out.
  A phrase is found when a sentence of the new measures scores rapidfuzz ``partial_ratio`` ≥ ``PHRASE``.

  Offices reword (法治政府示范创建 → 法治政府建设示范创建), so a phrase is also found when a sentence holds
  ``PHRASE`` of its character bigrams, in any order.
- quantitative targets (100家以上, 不低于95%, 全覆盖): ``reportgen.match.targets``, each set against the figure
  the new report achieved.

Status: ``followed`` when more than half of the terms and targets are found and no target is missed, ``partly`` when
some are (or a target was not reached), ``not_found`` when none is. The evidence is the sentences of the new report
that hold the found terms and the achieved figures, each sentence once, never a bare heading (a term found only in a
heading is shown with the first sentence under it). Measured on the 2023 plans against the 2024 fixture: every phrase
the new report carries scores 100; the best sentence for a phrase it does not carry scores at most 67 by
``partial_ratio`` (规范行政行为 / 规范重大行政决策程序, 企业合规改革项目 / 探索企业合规实践); ``PHRASE`` = 80.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from reportgen.figures import find_figures
from reportgen.initiatives import find_initiatives
from reportgen.match.changes import Evidence, EvidenceKind, PlanCheck, PlanStatus, Target
from reportgen.match.ranks import with_ranks
from reportgen.match.similarity import content, overlap
from reportgen.match.targets import achieve, read_targets
from reportgen.model import Item, Report

PHRASE = 80.0
MIN_PHRASE = 4
MAX_PHRASE = 20

_LEAD_RE = re.compile(
    r"^(?:对照|力争|争取|全年|年度|每年|以|在|对|为|把|将|从|按照|围绕|聚焦|坚持|深入|全面|持续|不断|积极|着力|大力|进一步|切实|加快|加大|认真|扎实|"
    r"努力|全力|全速|主动|稳步|继续|更加|推进|推动|开展|落实|贯彻|探索|实施|实现|构建|打造|参加|参与|帮助|提升|提高|"
    r"加强|强化|优化|完善|健全|深化|统筹|做好|抓好|确保|助推|护航|贡献|新修订的|修订的|新|等|各项|更多|一批)+"
)
_TAIL_RE = re.compile(
    r"(?:为重点|为契机|为抓手|为核心|为导向|为目标|为引领|走深走实|行稳致远|再上新台阶|上新台阶|新格局|新突破|新发展|"
    r"新局面|新成效|新台阶|的能力和水平|能力和水平|和治理水平|和水平|水平|工作|方面|等|的)+$"
)
# Clauses that are only the report's own general vocabulary say nothing about what was done.
_GENERAL = frozenset(
    """法治政府建设 法治政府 法治建设 依法行政 法治保障 法治营商环境 营商环境 法治化营商环境 政府治理体系
    法治政府建设各项决策部署 钟楼智慧 钟楼经验 法治钟楼 行政行为 治理能力 治理水平""".split()
)
_FILLER = frozenset(
    {"建设", "工作", "力度", "体系", "水平", "能力", "提升", "推进", "专项行动", "行动", "活动", "品牌", "专项"}
)
# A target's number and bound are read as a target (``targets``), not searched as words.
_TARGET_WORDS_RE = re.compile(r"不少于|不低于|不超过|不高于|至少|以上|以内|以下|控制在|保持在|稳定在|保持|达到")
_SENTENCE_RE = re.compile(r"[^。；！？\n]+[。；！？]?")
_CLAUSE_SPLIT = re.compile(r"[，。；：！？]")
_LIST_NUMBER_RE = re.compile(r"^(?:\d{1,2}[.．、]|（\d{1,2}）)(?!\d)")
_NAME_RE = re.compile(r"《[^《》]*》|“[^“”]*”")
_CITED_KINDS = frozenset({"brand", "campaign", "document", "platform", "organisation", "law", "higher_plan"})


@dataclass(frozen=True)
class _Sentence:
    text: str
    clean: str  # only Chinese and Latin letters, for fuzzy phrases
    compact: str  # without spaces, for names (“钟司有约 法商共营” may lose its space)
    part: int
    section: int | None
    heading: bool = False


@dataclass(frozen=True)
class KeyTerm:
    """A name or action phrase a plan item commits to, and the strings that count as finding it."""

    term: str
    kind: EvidenceKind
    needles: tuple[str, ...]


def _core_names(name: str) -> tuple[str, ...]:
    cores = [name]
    bare = re.sub(r"[（(][^（）()]*[）)]$", "", name)
    if bare != name:
        cores.append(bare)
    for core in list(cores):
        if core.startswith("中华人民共和国") and len(core) > 9:
            cores.append(core.removeprefix("中华人民共和国"))
    return tuple(dict.fromkeys(cores))


def _phrase(clause: str) -> str:
    text = clause.strip()
    for _ in range(3):
        stripped = _TAIL_RE.sub("", _LEAD_RE.sub("", text))
        if stripped == text:
            break
        text = stripped
    return text


def _is_general(phrase: str) -> bool:
    """True when the phrase is only general words: 法治营商环境建设, 钟楼智慧、钟楼经验."""
    rest = content(phrase)
    for word in sorted(_GENERAL, key=len, reverse=True):
        rest = rest.replace(word, "")
    return len(rest) < 2 or rest in _FILLER


def key_terms(item: Item) -> list[KeyTerm]:
    """The names and action phrases of one plan item, in order of appearance, without repeats."""
    terms: list[KeyTerm] = []
    seen: set[str] = set()
    for match in find_initiatives(item.text):
        if match.kind in _CITED_KINDS and match.name not in seen:
            seen.add(match.name)
            # The term keeps its 《》 or “” as written; the needles are the bare name and its cores.
            terms.append(KeyTerm(item.text[match.start : match.end], "name", _core_names(match.name)))
    headline, _, body = item.text.partition("。")
    without_names = _NAME_RE.sub("，", body if body.strip() else headline)
    for figure in find_figures(without_names):
        without_names = without_names.replace(figure.raw, "", 1)
    without_names = _TARGET_WORDS_RE.sub("", without_names)
    for clause in _CLAUSE_SPLIT.split(without_names):
        phrase = _phrase(clause)
        clean = content(phrase)
        if not MIN_PHRASE <= len(clean) <= MAX_PHRASE or _is_general(phrase) or phrase in seen:
            continue
        seen.add(phrase)
        terms.append(KeyTerm(phrase, "phrase", (phrase,)))
    return terms


def measure_sentences(report: Report) -> list[_Sentence]:
    """Every sentence of the report's measures (its parts), with where it sits; section headings are marked."""
    sentences: list[_Sentence] = []
    for part in report.parts:
        pieces: list[tuple[str, int | None, bool]] = [(part.intro, None, False)]
        for s in part.sections:
            pieces += [(s.title, s.number, True), (s.text, s.number, False)]
        for text, section, heading in pieces:
            for m in _SENTENCE_RE.finditer(text):
                sentence = _LIST_NUMBER_RE.sub("", m.group(0).strip())
                if sentence:
                    compact = "".join(sentence.split())
                    sentences.append(_Sentence(sentence, content(sentence), compact, part.number, section, heading))
    return sentences


def _body_sentence(sentences: list[_Sentence], k: int) -> _Sentence:
    """The sentence ``k`` when it is not a heading, else the first sentence under that heading."""
    s = sentences[k]
    if not s.heading:
        return s
    below = next((t for t in sentences[k + 1 :] if not t.heading and (t.part, t.section) == (s.part, s.section)), None)
    return below or s


def _find(term: KeyTerm, sentences: list[_Sentence]) -> Evidence | None:
    if term.kind == "name":
        for needle in term.needles:
            compact = "".join(needle.split())
            # A body sentence first; a name only in a heading is shown with the sentence under it.
            hits = [k for k, s in enumerate(sentences) if compact in s.compact]
            hits.sort(key=lambda k: sentences[k].heading)
            if hits:
                s = _body_sentence(sentences, hits[0])
                return Evidence(term.term, "name", s.part, s.section, s.text, 1.0)
        return None
    if not sentences:
        return None
    phrase = content(term.term)
    fuzzy = [score / 100 for _, score, _ in process.extract(
        phrase, [s.clean for s in sentences], scorer=fuzz.partial_ratio, limit=None
    )]  # fmt: skip
    order = [
        k for _, _, k in process.extract(phrase, [s.clean for s in sentences], scorer=fuzz.partial_ratio, limit=None)
    ]
    scores = [0.0] * len(sentences)
    for k, score in zip(order, fuzzy, strict=True):
        scores[k] = score
    # Reworded phrases (法治政府示范创建 / 法治政府建设示范创建): the share of the phrase's bigrams a sentence holds.
    held = overlap([phrase], [s.clean for s in sentences]).a_in_b[0]
    best_k = max(range(len(sentences)), key=lambda k: (max(scores[k], float(held[k])), not sentences[k].heading))
    best = max(scores[best_k], float(held[best_k]))
    if best * 100 < PHRASE:
        return None
    s = _body_sentence(sentences, best_k)
    return Evidence(term.term, "phrase", s.part, s.section, s.text, round(best, 3))


def _distinct(evidence: list[Evidence]) -> list[Evidence]:
    """One entry per sentence: terms found in the same sentence are joined (A；B)."""
    merged: dict[str, Evidence] = {}
    for e in evidence:
        first = merged.get(e.sentence)
        if first is None:
            merged[e.sentence] = e
        else:
            merged[e.sentence] = Evidence(
                f"{first.term}；{e.term}",
                first.kind,
                first.part,
                first.section,
                first.sentence,
                max(first.score, e.score),
            )
    return list(merged.values())


def _target_evidence(target: Target, sentences: list[_Sentence]) -> Evidence | None:
    if target.sentence is None:
        return None
    where = next((s for s in sentences if s.text == target.sentence or target.sentence in s.text), None)
    return Evidence(
        target.text, "target", where.part if where else None, where.section if where else None, target.sentence, 1.0
    )


def follow_up_plans(old: Report, new: Report) -> list[PlanCheck]:
    """Each of the old report's plan items, checked against the new report's measures."""
    sentences = measure_sentences(new)
    body = [s.text for s in sentences if not s.heading]
    figures = with_ranks(new)
    checks: list[PlanCheck] = []
    for item in old.plans:
        terms = key_terms(item)
        evidence: list[Evidence] = []
        missing: list[str] = []
        for term in terms:
            found = _find(term, sentences)
            if found is None:
                missing.append(term.term)
            else:
                evidence.append(found)
        targets = [achieve(t, figures, body) for t in read_targets(item.text)]
        reached = [e for t in targets if (e := _target_evidence(t, sentences)) is not None]
        found_count, total = len(evidence) + len(reached), len(terms) + len(targets)
        status: PlanStatus
        # Acted on but short of a target it set (新增4条 against 不少于5条) is not fully followed.
        if total and found_count * 2 > total and not any(t.met is False for t in targets):
            status = "followed"
        elif found_count:
            status = "partly"
        else:
            status = "not_found"
        checks.append(PlanCheck(item.number, item.text, status, _distinct(evidence + reached), missing, targets))
    return checks
