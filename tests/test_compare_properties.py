"""Properties of the comparison: diff(A, A) finds no change, diff(B, A) mirrors diff(A, B), the assignment is
optimal, and the word-aware text diff never splits a number or a name. Reports are perturbed at random
(hypothesis) by dropping, moving, splitting and merging sections, swapping parts and changing figures."""

from __future__ import annotations

import copy
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportgen.compare.diff import Diff, diff_reports
from reportgen.compare.render.textdiff import diff_text, tokenize

from reportgen.match.similarity import assign
from reportgen.model import Report, Section
from reportgen.outline import ordinal_cn
from reportgen.parse import parse_file, parse_text
from reportgen.store import load_report

from .conftest import FIXTURES, ROOT

BASELINE = load_report(ROOT / "history" / "2023.yaml")
VARIANT = parse_file(FIXTURES / "compare" / "zhonglou-2024-variant.txt")
STATUTORY = parse_file(FIXTURES / "compare" / "zhonglou-2024-statutory.txt")
REPORTS = {"2023.yaml": BASELINE, "variant": VARIANT, "statutory": STATUTORY}
MIRROR_STATUS = {"dropped": "added", "added": "dropped", "new": "absent", "absent": "new"}
MIRROR_RELATION = {"merged": "split", "split": "merged", None: None}


def report_text(report: Report) -> str:
    """A report written back as the plain text the parser reads (numbers follow the order)."""
    lines = [report.addressee or "常州市人民政府：", report.preamble]
    for p, part in enumerate(report.parts, start=1):
        lines.append(f"{ordinal_cn(p)}、{part.title}")
        if part.intro:
            lines.append(part.intro)
        lines += [f"（{ordinal_cn(s)}）{sec.title}。{sec.text}" for s, sec in enumerate(part.sections, start=1)]
    items = "".join(f"{ordinal_cn(i)}是{item.text}" for i, item in enumerate(report.shortcomings, start=1))
    lines.append(report.shortcomings_intro + items)
    lines.append(report.plans_intro)
    lines += [f"{ordinal_cn(i)}是{item.text}" for i, item in enumerate(report.plans, start=1)]
    lines += [report.signature or "", report.date or ""]
    return "\n".join(line for line in lines if line)


# --- what "no change" and "mirror" mean ------------------------------------------------------------------------


def _key(place: object) -> tuple[int, int | None] | None:
    return None if place is None else (place.part, place.section)  # type: ignore[attr-defined]


def assert_no_change(diff: Diff) -> None:
    assert {c.status for c in diff.sections} <= {"same"}
    assert all(_key(c.old) == _key(c.new) and c.similarity == 1.0 for c in diff.sections)
    assert {c.status for c in diff.figures} <= {"unchanged"}
    assert all(c.old is not None and c.new is not None and c.old.id == c.new.id for c in diff.figures)
    assert {c.status for c in diff.initiatives} <= {"kept"}
    assert [(c.status, c.similarity) for c in diff.shortcomings] == [("recurring", 1.0)] * len(diff.shortcomings)


@dataclass(frozen=True)
class Seen:
    sections: frozenset[tuple[object, ...]]
    figures: frozenset[tuple[object, ...]]
    initiatives: frozenset[tuple[object, ...]]
    shortcomings: frozenset[tuple[object, ...]]


def forward(diff: Diff) -> Seen:
    return Seen(
        frozenset(
            (c.status, _key(c.old), _key(c.new), c.relation, c.leaf, c.renumbered, c.heading_only)
            for c in diff.sections
        ),
        frozenset(
            (c.status, c.old and c.old.id, c.new and c.new.id, c.old and c.old.value, c.new and c.new.value)
            for c in diff.figures
        ),
        frozenset((c.status, c.name, c.new_name) for c in diff.initiatives),
        frozenset((c.status, c.old and c.old.number, c.new and c.new.number, c.similarity) for c in diff.shortcomings),
    )


def mirrored(diff: Diff) -> Seen:
    """What diff(B, A) must find, computed from diff(A, B)."""
    return Seen(
        frozenset(
            (
                MIRROR_STATUS.get(c.status, c.status),
                _key(c.new),
                _key(c.old),
                MIRROR_RELATION[c.relation],
                c.leaf,
                c.renumbered,
                c.heading_only,
            )
            for c in diff.sections
        ),
        frozenset(
            (
                MIRROR_STATUS.get(c.status, c.status),
                c.new and c.new.id,
                c.old and c.old.id,
                c.new and c.new.value,
                c.old and c.old.value,
            )
            for c in diff.figures
        ),
        frozenset(
            (MIRROR_STATUS.get(c.status, c.status), c.new_name or c.name, c.name if c.new_name else None)
            for c in diff.initiatives
        ),
        frozenset(
            (MIRROR_STATUS.get(c.status, c.status), c.new and c.new.number, c.old and c.old.number, c.similarity)
            for c in diff.shortcomings
        ),
    )


def assert_mirror(a: Report, b: Report) -> tuple[Diff, Diff]:
    ab, ba = diff_reports(a, b), diff_reports(b, a)
    assert forward(ba) == mirrored(ab)
    for x, y in zip(sorted_changed(ab), sorted_changed(ba), strict=True):
        # The same change read backwards: the deltas cancel when both sides use one unit.
        assert x.old is not None and x.new is not None and y.old is not None and y.new is not None
        if x.old.unit == x.new.unit:
            assert x.delta == -y.delta  # type: ignore[operator]
        assert x.old.magnitude == y.new.magnitude and x.new.magnitude == y.old.magnitude
    return ab, ba


def sorted_changed(diff: Diff) -> list:  # type: ignore[type-arg]
    changed = [c for c in diff.figures if c.status == "changed"]
    return sorted(changed, key=lambda c: tuple(sorted((c.old.id, c.new.id))))  # type: ignore[union-attr]


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_report_against_itself_has_no_change(name: str) -> None:
    assert_no_change(diff_reports(REPORTS[name], REPORTS[name]))


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(sorted(REPORTS), 2)))
def test_diff_mirrors(a: str, b: str) -> None:
    ab, _ = assert_mirror(REPORTS[a], REPORTS[b])
    assert any(c.status != "same" for c in ab.sections)


def test_mirror_of_the_planted_figures() -> None:
    ab, ba = assert_mirror(BASELINE, VARIANT)
    forward_cases = next(c for c in ab.figures if c.old and c.old.id == "review.cases_accepted")
    backward_cases = next(c for c in ba.figures if c.new and c.new.id == "review.cases_accepted")
    assert (forward_cases.delta, backward_cases.delta) == (Decimal(13), Decimal(-13))
    assert backward_cases.relative is not None and round(backward_cases.relative, 4) == Decimal("-0.0963")
    amount = next(c for c in ba.figures if c.new and c.new.id == "enforcement.exempted_amount")
    assert amount.delta == Decimal("-14.0124")  # 4126530元 → 398.6406万元, in 万元


# --- random perturbations ------------------------------------------------------------------------------------------

OPS = st.lists(
    st.tuples(
        st.sampled_from(["drop", "swap_parts", "rename_part", "move", "split", "merge", "bump", "retitle"]),
        st.integers(0, 5),
        st.integers(0, 2),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=4,
)


def perturb(report: Report, ops: list[tuple[str, int, int, int]]) -> Report:
    out = copy.deepcopy(report)
    for op, i, j, k in ops:
        parts = out.parts
        part = parts[i % len(parts)]
        if not part.sections:
            continue
        sec = part.sections[j % len(part.sections)]
        if op == "drop" and len(part.sections) > 1:
            part.sections.remove(sec)
        elif op == "swap_parts":
            a, b = i % len(parts), k % len(parts)
            parts[a], parts[b] = parts[b], parts[a]
        elif op == "rename_part":
            part.title = "坚持改革创新，" + part.title.split("，")[-1]
        elif op == "move" and len(part.sections) > 1:
            part.sections.remove(sec)
            parts[k % len(parts)].sections.append(sec)
        elif op == "split" and sec.text.count("。") >= 2:
            first, _, rest = sec.text.partition("。")
            sec.text = first + "。"
            part.sections.insert(part.sections.index(sec) + 1, Section(0, "持续深化" + sec.title, rest))
        elif op == "merge" and len(part.sections) > 1:
            other = part.sections[(j + 1) % len(part.sections)]
            if other is not sec:
                sec.text += other.text
                part.sections.remove(other)
        elif op == "bump":
            step = k + 1
            sec.text = re.sub(
                r"\d+(?=[件次场人条期类份通])", lambda m, s=step: str(int(m.group(0)) + s), sec.text, count=1
            )
        elif op == "retitle":
            sec.title = "进一步" + sec.title
    return parse_text(report_text(out))


BASE_TEXT_REPORT = parse_text(report_text(BASELINE))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_perturbed_reports_mirror_and_match_themselves(ops: list[tuple[str, int, int, int]]) -> None:
    changed = perturb(BASELINE, ops)
    assert_no_change(diff_reports(changed, changed))
    ab, _ = assert_mirror(BASE_TEXT_REPORT, changed)
    # Whatever moved, every figure of an unchanged sentence is found again, never dropped and re-added.
    kept_sentences = {f.text for f in changed.figures}
    for c in ab.figures:
        if c.status == "dropped":
            assert c.old is not None and c.old.text not in kept_sentences


def test_a_dropped_section_is_dropped_and_nothing_else() -> None:
    changed = perturb(BASELINE, [("drop", 4, 2, 0)])  # 五、（三）做实法律援助民生工程
    diff = diff_reports(BASE_TEXT_REPORT, changed)
    assert [(c.status, _key(c.old), _key(c.new)) for c in diff.sections if c.status != "same"] == [
        ("dropped", (5, 3), None)
    ]
    assert [c.figure.raw for c in diff.figures if c.status != "unchanged"] == [
        "476件", "736人次", "3584人次", "2185人次", "430件",
    ]  # fmt: skip


def test_a_section_moved_to_another_part() -> None:
    changed = perturb(BASELINE, [("move", 1, 1, 5)])  # 二、（二）探索企业合规实践 → 六、（四）
    diff = diff_reports(BASE_TEXT_REPORT, changed)
    moved = [(c.status, _key(c.old), _key(c.new), c.renumbered) for c in diff.sections if c.status != "same"]
    assert moved == [("moved", (2, 3), (2, 2), True), ("moved", (2, 2), (6, 4), False)]
    assert {c.status for c in diff.figures} == {"unchanged"}
    assert {c.status for c in diff.initiatives} == {"kept"}


def test_a_split_and_a_merge() -> None:
    split = diff_reports(BASE_TEXT_REPORT, perturb(BASELINE, [("split", 4, 1, 0)]))  # 五、（二） in two
    relations = [(c.relation, _key(c.old), _key(c.new)) for c in split.sections if c.relation]
    assert relations == [("split", (5, 2), (5, 2)), ("split", (5, 2), (5, 3))]
    assert {c.status for c in split.figures} == {"unchanged"}
    merged = diff_reports(BASE_TEXT_REPORT, perturb(BASELINE, [("merge", 5, 0, 0)]))  # 六、（一）+（二）
    relations = [(c.relation, _key(c.old), _key(c.new)) for c in merged.sections if c.relation]
    assert relations == [("merged", (6, 1), (6, 1)), ("merged", (6, 2), (6, 1))]
    assert {c.status for c in merged.figures} == {"unchanged"}


# --- the assignment is optimal -------------------------------------------------------------------------------------


def _brute_force(weights: np.ndarray) -> float:
    rows, cols = weights.shape
    if rows <= cols:
        return max(sum(weights[i, p[i]] for i in range(rows)) for p in itertools.permutations(range(cols), rows))
    return max(sum(weights[p[j], j] for j in range(cols)) for p in itertools.permutations(range(rows), cols))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda r: st.integers(1, 5).flatmap(
            lambda c: st.lists(st.sampled_from([0.0, 0.2, 0.5, 0.7, 0.9, 1.0]), min_size=r * c, max_size=r * c).map(
                lambda v: np.array(v).reshape(r, c)
            )
        )
    )
)
def test_assignment_is_optimal_and_one_to_one(weights: np.ndarray) -> None:
    pairs = assign(weights)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert all(weights[i, j] > 0 for i, j in pairs)
    assert sum(weights[i, j] for i, j in pairs) == pytest.approx(_brute_force(weights))


def test_assignment_is_not_greedy() -> None:
    # Greedy would take the 0.9 and leave 0.1 + 0.1; the optimum pairs 0.8 + 0.8.
    weights = np.array([[0.9, 0.8], [0.8, 0.1]])
    assert assign(weights) == [(0, 1), (1, 0)]


# --- the word-aware text diff ---------------------------------------------------------------------------------------

PIECES = st.sampled_from(
    ["受理", "行政", "复议", "案件", "，", "。", "钟楼区", "连续", "开展", "合规", "讲座", "法治", "建设", "、"]
)
NUMBERS = st.builds(
    lambda n, q, u: f"{n}{q}{u}", st.integers(1, 99999), st.sampled_from(["", "余", "多"]), st.sampled_from(["件", "次", "万元", "%", "人次"])
)  # fmt: skip
NAMES = st.sampled_from(["《钟楼区企业行政合规指导清单（第一版）》", "《钟楼区企业行政合规指导清单（第二版）》", "“钟司有约 法商共营”", "“百卷评查”"])  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, NUMBERS, NAMES), max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXTS, TEXTS)
def test_text_diff_rebuilds_both_texts(old: str, new: str) -> None:
    ops = diff_text(old, new)
    assert "".join(op.old for op in ops) == old
    assert "".join(op.new for op in ops) == new
    assert all(op.old == op.new for op in ops if op.tag == "equal")
    assert all(a.tag != "equal" or b.tag != "equal" for a, b in itertools.pairwise(ops))


@settings(max_examples=200, deadline=None)
@given(TEXTS, TEXTS)
def test_text_diff_never_splits_a_number_or_a_name(old: str, new: str) -> None:
    for text, side in ((old, "old"), (new, "new")):
        atoms = [t for t in tokenize(text) if len(t) > 1 and (t[0].isdigit() or t[0] in "《“")]
        pieces = [getattr(op, side) for op in diff_text(old, new)]
        bounds = set(itertools.accumulate(len(p) for p in pieces))
        pos = 0
        for token in tokenize(text):
            if token in atoms:
                assert not any(pos < b < pos + len(token) for b in bounds), (token, pieces)
            pos += len(token)


def test_one_number_is_one_change() -> None:
    ops = diff_text("共受理行政复议案件122件，直接纠错率10%。", "共受理行政复议案件135件，直接纠错率10%。")
    assert [(op.tag, op.old, op.new) for op in ops if op.tag != "equal"] == [("replace", "122件", "135件")]
    ops = diff_text("钟楼区连续七年行政机关负责人出庭应诉率100%", "钟楼区连续八年行政机关负责人出庭应诉率100%")
    assert [(op.tag, op.old, op.new) for op in ops if op.tag != "equal"] == [("replace", "七年", "八年")]
    assert tokenize("7×24小时398.6406万元10余场") == ["7×24小时", "398.6406万元", "10余场"]
