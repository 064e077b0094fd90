"""``reportgen diff`` scored on rewritten year pairs (tests/fixtures/pairs) against hand-written answer keys.

The thresholds are the issue's "Done when" (#13): no indicator reported as dropped plus added, no named
initiative falsely dropped, rates in 个百分点, plan targets reported met or not met. ``python tests/pair_scoring.py``
prints the table the README quotes.
"""

from __future__ import annotations

import json

import pytest
from reportgen.compare.render.formats import render

from .pair_scoring import Score, load, pair_names, score_all


@pytest.fixture(scope="module")
def score() -> Score:
    return score_all()


def _errors(score: Score, category: str) -> list[str]:
    return score.tallies[category].errors


def test_at_least_five_pairs_of_every_level() -> None:
    assert {"district", "county", "city", "department"} <= set(pair_names())
    assert len(pair_names()) >= 5


def test_no_indicator_is_dropped_and_added(score: Score) -> None:
    assert score.split_pairs == []


def test_same_indicators_paired(score: Score) -> None:
    tally = score.tallies["same indicator paired"]
    assert tally.recall is not None and tally.recall >= 0.95, _errors(score, "same indicator paired")
    assert tally.precision is not None and tally.precision >= 0.95, _errors(score, "same indicator paired")


@pytest.mark.parametrize("category", ["rates in 个百分点", "ranks in places", "streaks in years", "money in 万元/亿元"])
def test_kinds_are_told_in_their_own_words(score: Score, category: str) -> None:
    tally = score.tallies[category]
    assert tally.tp > 0 and tally.fn == 0, _errors(score, category)


def test_no_false_drops(score: Score) -> None:
    assert score.false_initiative_drops == []
    assert score.tallies["initiatives dropped"].fp == 0, _errors(score, "initiatives dropped")
    assert score.tallies["figures dropped"].fp == 0, _errors(score, "figures dropped")


def test_truly_gone_things_are_dropped(score: Score) -> None:
    assert score.tallies["initiatives dropped"].recall == 1.0, _errors(score, "initiatives dropped")
    assert score.tallies["figures dropped"].recall == 1.0, _errors(score, "figures dropped")


def test_named_initiatives_kept_and_cited_names_not_own(score: Score) -> None:
    assert score.tallies["initiatives kept"].recall == 1.0, _errors(score, "initiatives kept")
    assert score.not_own_listed == []


def test_plan_targets_reported_met_or_not(score: Score) -> None:
    read = score.tallies["plan targets read"]
    met = score.tallies["plan targets met/not met"]
    assert read.recall is not None and read.recall >= 0.9, read.errors
    assert read.precision is not None and read.precision >= 0.9, read.errors
    assert met.recall is not None and met.recall >= 0.9, met.errors
    acted = score.tallies["plans acted on"]
    assert acted.precision == 1.0 and (acted.recall or 0) >= 0.9, acted.errors


def test_the_issue_examples_read_as_the_reader_expects() -> None:
    diff, _ = load("district")
    text = render(diff, "text")
    assert "98.5% → 99.1%" in text and "+0.6个百分点" in text and "+0.6%" not in text
    assert "五年 → 六年，+1年；" in text  # a streak: years, no percentage
    assert "上升2位" in text
    assert "+171.5万元" in text
    data = json.loads(render(diff, "json"))
    plan = next(p for p in data["plans"] if p["number"] == 3)
    target = next(t for t in plan["targets"] if t["text"] == "100家以上")
    assert (target["value"], target["unit"], target["actual"], target["met"]) == (100, "家", 126, True)
    evidence = [e["sentence"] for p in data["plans"] for e in p["evidence"]]
    for p in data["plans"]:
        sentences = [e["sentence"] for e in p["evidence"]]
        assert len(sentences) == len(set(sentences))  # each sentence once
    assert all(s.endswith(("。", "；", "！", "？")) or "，" in s for s in evidence)  # a sentence, never a bare heading
    dropped = {i["name"] for i in data["initiatives"] if i["status"] == "dropped"}
    assert "区级行政执法监督平台" not in dropped and "法润桐湾" in dropped
    assert not {"宪法进万家", "民法典宣传月"} & {i["name"] for i in data["initiatives"]}


def test_a_target_the_new_report_is_silent_on_has_no_actual() -> None:
    diff, _ = load("county")
    data = json.loads(render(diff, "json"))
    plan = next(p for p in data["plans"] if p["number"] == 4)
    assert plan["status"] == "not_found" and plan["targets"] == []
    plan2 = next(p for p in data["plans"] if p["number"] == 2)
    short = next(t for t in plan2["targets"] if t["unit"] == "人次")
    assert (short["actual"], short["met"]) == (540, False)
