"""Score ``reportgen diff`` against the hand-written answer keys of the rewritten year pairs.

Each pair lives in ``tests/fixtures/pairs/<name>/`` (``old.txt``, ``new.txt``, ``key.yaml``; see the README
there). Run ``python tests/pair_scoring.py`` for the table of precision and recall per category that the
project README quotes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from reportgen.compare.diff import Diff, diff_reports
from reportgen.compare.render.present import delta_text

from reportgen.model import Figure
from reportgen.parse import parse_file

PAIRS = Path(__file__).parent / "fixtures" / "pairs"
CATEGORIES = (
    "same indicator paired",
    "rates in 个百分点",
    "ranks in places",
    "streaks in years",
    "money in 万元/亿元",
    "figures dropped",
    "initiatives dropped",
    "initiatives kept",
    "plans acted on",
    "plan targets read",
    "plan targets met/not met",
)


_KIND_CATEGORY = {
    "rate": "rates in 个百分点",
    "rank": "ranks in places",
    "streak": "streaks in years",
    "money": "money in 万元/亿元",
}


@dataclass
class Tally:
    """True positives, false positives and false negatives of one category, with what went wrong."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return None if self.tp + self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return None if self.tp + self.fn == 0 else self.tp / (self.tp + self.fn)

    def miss(self, why: str) -> None:
        self.fn += 1
        self.errors.append(f"missed: {why}")

    def wrong(self, why: str) -> None:
        self.fp += 1
        self.errors.append(f"wrong: {why}")


@dataclass
class Score:
    """The tallies of every category, and the counts the issue's "Done when" names."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CATEGORIES})
    split_pairs: list[str] = field(default_factory=list)  # one indicator reported dropped plus added
    false_initiative_drops: list[str] = field(default_factory=list)
    not_own_listed: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, tally in other.tallies.items():
            mine = self.tallies[name]
            mine.tp += tally.tp
            mine.fp += tally.fp
            mine.fn += tally.fn
            mine.errors += tally.errors
        self.split_pairs += other.split_pairs
        self.false_initiative_drops += other.false_initiative_drops
        self.not_own_listed += other.not_own_listed


def pair_names() -> list[str]:
    """The folders of the rewritten pairs, sorted."""
    return sorted(p.name for p in PAIRS.iterdir() if (p / "key.yaml").exists())


def load(name: str) -> tuple[Diff, dict[str, Any]]:
    """The diff of one pair and its answer key."""
    folder = PAIRS / name
    old = parse_file(folder / "old.txt")
    new = parse_file(folder / "new.txt")
    key = yaml.safe_load((folder / "key.yaml").read_text(encoding="utf-8"))
    return diff_reports(old, new), key


def _locate(figures: Iterable[Figure], snippet: str, where: str) -> Figure | None:
    """The figure written inside ``snippet`` in a sentence that holds ``snippet``; None when no figure was read
    there (a miss of extraction, scored as a miss)."""
    found = [f for f in figures if snippet in f.text and f.raw and f.raw in snippet]
    if not found:
        return None
    if len({f.text for f in found}) == 1 and len({f.raw for f in found}) == 1 and len(found) > 1:
        # The same figure written twice in one sentence (合法性审查率100%，备案审查率100%): the k-th one.
        sentence, raw = found[0].text, found[0].raw
        at = sentence.find(snippet) + snippet.find(raw)
        found = [found[sentence.count(raw, 0, at)]]
    if len(found) != 1:
        raise AssertionError(f"key {where}: {snippet!r} names {len(found)} figures, not one")
    return found[0]


def _bare(name: str) -> str:
    return name.strip('“”《》"')


def score_figures(diff: Diff, key: dict[str, Any], name: str, score: Score) -> None:
    """Pairs, kinds and drops of figures."""
    olds = [c.old for c in diff.figures if c.old is not None]
    news = [c.new for c in diff.figures if c.new is not None]
    by_old = {id(c.old): c for c in diff.figures if c.old is not None}
    by_new = {id(c.new): c for c in diff.figures if c.new is not None}
    figures = key["figures"]
    paired = score.tallies["same indicator paired"]
    expected: dict[int, Figure] = {}
    keyed_new: set[int] = set()
    for entry in figures["pairs"]:
        old = _locate(olds, entry["old"], f"{name} old")
        new = _locate(news, entry["new"], f"{name} new")
        label = f"{name}: {entry['old']} → {entry['new']}"
        if old is None or new is None:
            paired.miss(f"{label}: figure not read")
            if entry.get("kind"):
                score.tallies[_KIND_CATEGORY[entry["kind"]]].miss(f"{label}: figure not read")
            continue
        expected[id(old)] = new
        keyed_new.add(id(new))
        change = by_old[id(old)]
        if change.new is new:
            paired.tp += 1
        else:
            paired.miss(f"{label} (got {change.status} {change.new.raw if change.new else ''})")
            if change.status == "dropped" and by_new[id(new)].status == "added":
                score.split_pairs.append(label)
        kind = entry.get("kind")
        if kind is None:
            continue
        tally = score.tallies[_KIND_CATEGORY[kind]]
        text = delta_text(change) if change.new is new else ""
        want = entry.get("delta")
        if change.new is not new:
            tally.miss(f"{label}: not paired")
        elif want is None and kind == "rate" and change.delta == 0:
            tally.tp += 1  # an unchanged rate needs no wording
        elif want is not None and text.startswith(want) and "%）" not in text.replace("个百分点", ""):
            tally.tp += 1
        elif want is not None and kind == "money" and text.startswith(want):
            tally.tp += 1
        else:
            tally.miss(f"{label}: reads {text!r}, expected {want!r}")
    # Precision of pairing: every pair the diff reports that touches a keyed figure.
    keyed_old_drops = {id(f) for s in figures.get("dropped", []) if (f := _locate(olds, s, f"{name} dropped"))}
    keyed_mentioned = {id(f) for s in figures.get("mentioned", []) if (f := _locate(olds, s, f"{name} mentioned"))}
    for change in diff.figures:
        if change.old is None or change.new is None:
            continue
        touches = id(change.old) in expected or id(change.new) in keyed_new or id(change.old) in keyed_old_drops
        touches = touches or id(change.old) in keyed_mentioned
        if touches and expected.get(id(change.old)) is not change.new:
            paired.wrong(f"{name}: {change.old.raw} ({change.old.label}) ↔ {change.new.raw} ({change.new.label})")
    dropped = score.tallies["figures dropped"]
    for change in diff.figures:
        if change.status != "dropped" or change.old is None:
            continue
        if id(change.old) in keyed_old_drops:
            dropped.tp += 1
        else:
            dropped.wrong(f"{name}: {change.old.raw} ({change.old.label}) reported dropped")
    for snippet in figures.get("dropped", []):
        old = _locate(olds, snippet, name)
        if old is None:
            dropped.miss(f"{name}: {snippet} not read")
        elif by_old[id(old)].status != "dropped":
            dropped.miss(f"{name}: {snippet} is gone but reported {by_old[id(old)].status}")
    for snippet in figures.get("mentioned", []):
        old = _locate(olds, snippet, name)
        if old is not None and by_old[id(old)].status == "dropped":
            dropped.errors.append(f"{name}: {snippet} is still named in the new report")


def _initiative_names(diff: Diff, status: str) -> set[str]:
    names: set[str] = set()
    for change in diff.initiatives:
        if change.status == status:
            names.add(_bare(change.name))
            if change.new_name:
                names.add(_bare(change.new_name))
    return names


def score_initiatives(diff: Diff, key: dict[str, Any], name: str, score: Score) -> None:
    """Drops, kept names and cited names listed as the office's own."""
    keyed = key["initiatives"]
    dropped = _initiative_names(diff, "dropped")
    kept = _initiative_names(diff, "kept") | _initiative_names(diff, "renamed")
    drops = score.tallies["initiatives dropped"]
    for item in sorted(dropped):
        if item in keyed["dropped"]:
            drops.tp += 1
        else:
            drops.wrong(f"{name}: {item} reported dropped")
            if item in keyed["kept"] or item not in keyed["not_own"]:
                score.false_initiative_drops.append(f"{name}: {item}")
    for item in keyed["dropped"]:
        if item not in dropped:
            drops.miss(f"{name}: {item} is gone")
    keeps = score.tallies["initiatives kept"]
    for item in keyed["kept"]:
        if item in kept:
            keeps.tp += 1
        else:
            keeps.miss(f"{name}: {item} kept but not reported kept")
    listed = {_bare(c.name) for c in diff.initiatives} | {_bare(c.new_name) for c in diff.initiatives if c.new_name}
    for item in keyed["not_own"]:
        if item in listed:
            score.not_own_listed.append(f"{name}: {item}")


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return abs(Decimal(str(a)) - Decimal(str(b))) < Decimal("0.001")


def score_plans(diff: Diff, key: dict[str, Any], name: str, score: Score) -> None:
    """Plan items acted on, and their targets read and judged."""
    checks = {c.number: c for c in diff.plans}
    acted = score.tallies["plans acted on"]
    read = score.tallies["plan targets read"]
    met = score.tallies["plan targets met/not met"]
    for item in key["plans"]:
        check = checks.get(item["number"])
        label = f"{name} plan {item['number']}"
        if check is None:
            acted.miss(f"{label} not checked")
            continue
        reported = check.status != "not_found"
        if reported and item["acted"]:
            acted.tp += 1
        elif reported:
            acted.wrong(f"{label} reported acted on ({check.status})")
        elif item["acted"]:
            acted.miss(f"{label} reported not_found")
        targets = list(getattr(check, "targets", []))
        used: set[int] = set()
        for want in item["targets"]:
            hit = next(
                (
                    k
                    for k, t in enumerate(targets)
                    if k not in used and _close(t.value, want["value"]) and (t.unit or "") == (want["unit"] or "")
                ),
                None,
            )
            if hit is None:
                read.miss(f"{label}: target {want['text']}")
                met.miss(f"{label}: target {want['text']} not read")
                continue
            used.add(hit)
            read.tp += 1
            got = targets[hit]
            if got.met is want["met"] and _close(got.actual, want["actual"]):
                met.tp += 1
            else:
                met.miss(
                    f"{label}: {want['text']} actual {got.actual} met {got.met}, expected {want['actual']}/{want['met']}"
                )
        for k, t in enumerate(targets):
            if k not in used:
                read.wrong(f"{label}: target {t.text} is not one")


def score_pair(name: str) -> Score:
    """Every category for one pair."""
    diff, key = load(name)
    score = Score()
    score_figures(diff, key, name, score)
    score_initiatives(diff, key, name, score)
    score_plans(diff, key, name, score)
    return score


def score_all() -> Score:
    """Every category summed over all pairs."""
    total = Score()
    for name in pair_names():
        total.add(score_pair(name))
    return total


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def table(score: Score) -> str:
    """The Markdown table of the README."""
    lines = [
        "| Category | Found (TP) | Wrong (FP) | Missed (FN) | Precision | Recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, t in score.tallies.items():
        lines.append(f"| {name} | {t.tp} | {t.fp} | {t.fn} | {_pct(t.precision)} | {_pct(t.recall)} |")
    lines.append("")
    lines.append(
        f"Same indicator reported as dropped plus added: {len(score.split_pairs)}. "
        f"Named initiatives falsely reported dropped: {len(score.false_initiative_drops)}. "
        f"Higher-level names listed as the office's own: {len(score.not_own_listed)}."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    result = score_all()
    print(table(result))
    if "-v" in sys.argv:
        for name, t in result.tallies.items():
            for error in t.errors:
                print(f"{name}: {error}")
        for label in result.split_pairs + result.false_initiative_drops + result.not_own_listed:
            print("!", label)
