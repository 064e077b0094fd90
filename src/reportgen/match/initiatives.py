"""Initiatives kept, dropped, added or renamed between two reports.

Only the district's own initiatives count, and only those in the measures: brands, campaigns, documents,
platforms and organisations (``Initiative.local``), and other quoted names (“桐心办”, “运河法治文化带”) unless
they are cited from above (``reportgen.initiatives.is_cited``: the shipped ``cited_names.yaml``). Media, national
laws, higher-level plans and slogans are cited, not done, and plan items are checked separately (``plans``). An
initiative is one name, wherever and however often it appears.

Offices drop quotation marks and 《》 from one year to the next, so a name is looked for in the other report's
text, not only among its quoted names: an old name still written in the new measures (区级行政执法监督平台,
运河法治文化带 without its quotes, 重大行政决策程序实施办法 without the county's name) is kept, and a new name
already written in the old measures is not added. Only a name truly gone is dropped.

A name found in both reports is kept. Of the rest, a new edition of the same document (《…（第一版）》 →
《…（第二版）》, 2023年版 → 2024年版, （试行） → final) is renamed; so is a pair of the same kind whose names
score rapidfuzz ``ratio`` ≥ ``RENAME`` (chosen by optimal assignment). Distinct local names of the 2023 report
score at most 62.5 against each other (商会调解工作室 / 物业纠纷调解工作室); editions of one document 94.
"""

from __future__ import annotations

import re

import numpy as np
from rapidfuzz import fuzz, process

from reportgen.initiatives import compact_name, is_cited
from reportgen.match.changes import InitiativeChange, InitiativeStatus
from reportgen.match.similarity import assign
from reportgen.model import Initiative, Report

RENAME = 80.0
_EDITION_RE = re.compile(
    r"[（(](?:第[一二三四五六七八九十\d]+版|\d{4}年(?:修订)?版|\d{4}年|试行|暂行|修订|修订版|修订稿|征求意见稿|送审稿)[）)]"
    r"|第[一二三四五六七八九十\d]+版$|（?\d{4}年版）?$"
)


def edition_free(name: str) -> str:
    """The name without edition, year-version or draft markers: the document it is an edition of."""
    return _EDITION_RE.sub("", name).strip()


MIN_TERM = 3
_PLACE_RE = re.compile(r"^(.{1,6}?(?:自治州|自治县|省|市|区|县|旗))")


def _own(initiative: Initiative) -> bool:
    if is_cited(initiative.name) or initiative.kind == "national":
        return False
    if initiative.local:
        return True
    return initiative.kind == "term" and len(compact_name(initiative.name)) >= MIN_TERM


def local_initiatives(report: Report) -> list[Initiative]:
    """The report's own initiatives named in its measures, once per name, in reading order."""
    seen: dict[str, Initiative] = {}
    for initiative in report.initiatives:
        if initiative.part is not None and initiative.name not in seen and _own(initiative):
            seen[initiative.name] = initiative
    return list(seen.values())


def measures_compact(report: Report) -> str:
    """The report's measures (parts, headings included) as one compacted text for looking names up."""
    pieces: list[str] = []
    for part in report.parts:
        pieces += [part.title, part.intro]
        for section in part.sections:
            pieces += [section.title, section.text]
    return compact_name("".join(pieces))


def place_of(org: str | None) -> str | None:
    """The place an organisation is named after: 澄溪县 for 澄溪县人民政府, 南屏市 for 南屏市市场监督管理局."""
    m = _PLACE_RE.match(org or "")
    return m.group(1) if m else None


_NAME_PLACE_RE = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:高新区|开发区|新区|园区|街道|省|市|区|县|旗|镇|乡)")
_JOINERS_RE = re.compile(r"[+＋、/]|与|和|及")
_SENTENCES_RE = re.compile(r"[^。；！？\n]+")


def still_named(name: str, text: str, place: str | None, *, any_edition: bool = False) -> bool:
    """True when ``name`` is written in ``text`` (compacted), quoted or not, with or without a place name in
    front (《澄溪县重大行政决策程序实施办法》 → 重大行政决策程序实施办法); with ``any_edition``, in any edition too
    (桐湾普法口袋书 → 桐湾普法口袋书（第二版）) and with its joined parts reworded in one sentence
    (“综合执法+专业执法” → 综合执法与专业执法)."""
    forms = {compact_name(name)}
    if any_edition:
        forms.add(compact_name(edition_free(name)))
    for prefix in (place, m.group(0) if (m := _NAME_PLACE_RE.match(name)) else None):
        if prefix and name.startswith(prefix) and len(name) - len(prefix) >= 6:
            forms.add(compact_name(name[len(prefix) :]))
    if any(len(form) >= 2 and form in text for form in forms):
        return True
    pieces = [compact_name(p) for p in _JOINERS_RE.split(name)]
    if not any_edition or len(pieces) < 2 or any(len(p) < 2 for p in pieces):
        return False
    return any(all(p in sentence for p in pieces) for sentence in _SENTENCES_RE.findall(text))


def compare_initiatives(old: Report, new: Report) -> list[InitiativeChange]:
    """Kept, renamed and added initiatives in the new report's order; dropped ones after their predecessor."""
    old_items = local_initiatives(old)
    new_items = local_initiatives(new)
    old_text, new_text = measures_compact(old), measures_compact(new)
    place = place_of(new.org) or place_of(old.org)
    # A name the other report still writes (without quotes, edition or place) is the same initiative, kept.
    new_names = {i.name for i in new_items} | {i.name for i in old_items if still_named(i.name, new_text, place)}
    old_names = {i.name for i in old_items} | {i.name for i in new_items if still_named(i.name, old_text, place)}
    gone = [i for i in old_items if i.name not in new_names]
    fresh = [i for i in new_items if i.name not in old_names]

    renamed: dict[str, tuple[Initiative, float]] = {}  # new name -> (old initiative, similarity)
    if gone and fresh:
        scores = process.cdist([i.name for i in gone], [i.name for i in fresh], scorer=fuzz.ratio, dtype=np.float64)
        for a, old_item in enumerate(gone):
            for b, new_item in enumerate(fresh):
                same_doc = edition_free(old_item.name) == edition_free(new_item.name)
                if same_doc:
                    scores[a, b] = max(scores[a, b], 100.0) + 1.0  # an edition beats any fuzzy rename
                elif old_item.kind != new_item.kind or scores[a, b] < RENAME:
                    scores[a, b] = 0.0
        for a, b in assign(scores):
            renamed[fresh[b].name] = (gone[a], min(float(scores[a, b]), 100.0) / 100)

    renamed_old = {o.name for o, _ in renamed.values()}
    placed: list[InitiativeChange] = []
    new_item_names = {i.name for i in new_items}
    for item in new_items:
        if item.name in old_names:
            placed.append(InitiativeChange("kept", item.name, None, item.kind, _find(old_items, item.name), item))
        elif item.name in renamed:
            before, similarity = renamed[item.name]
            placed.append(InitiativeChange("renamed", before.name, item.name, item.kind, before, item, similarity))
        else:
            placed.append(InitiativeChange("added", item.name, None, item.kind, None, item))
    old_index = {i.name: k for k, i in enumerate(old_items)}
    for k, item in enumerate(old_items):
        if item.name in renamed_old or item.name in new_item_names:
            continue
        # A new edition written without 《》 is not a quoted name to rename to, but the document is still there.
        kept = item.name in new_names or still_named(item.name, new_text, place, any_edition=True)
        status: InitiativeStatus = "kept" if kept else "dropped"
        before_pos = [
            (old_index[c.old.name], pos)
            for pos, c in enumerate(placed)
            if c.old is not None and old_index[c.old.name] < k
        ]
        placed.insert(
            max(before_pos)[1] + 1 if before_pos else 0,
            InitiativeChange(status, item.name, None, item.kind, item, None),
        )
    return placed


def _find(items: list[Initiative], name: str) -> Initiative | None:
    return next((i for i in items if i.name == name), None)
