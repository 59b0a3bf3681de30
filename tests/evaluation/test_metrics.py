"""Precision, recall, F1 and false-positive rate on confusion sets small enough to count by hand."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchkeeper.evaluation.metrics import (
    CURVE_THRESHOLDS,
    RankingCounter,
    curve,
    rates,
)

# 3 true matches (scores .9, .8, .4) and 3 non-matches (.85, .3, .1).
CASES = [(0.9, True), (0.8, True), (0.4, True), (0.85, False), (0.3, False), (0.1, False)]


def test_rates_at_a_threshold_count_scores_at_or_above_it_as_matches() -> None:
    r = rates(CASES, 0.8)
    assert (r.tp, r.fp, r.tn, r.fn) == (2, 1, 2, 1)
    assert r.precision == pytest.approx(2 / 3)
    assert r.recall == pytest.approx(2 / 3)
    assert r.f1 == pytest.approx(2 / 3)
    assert r.fpr == pytest.approx(1 / 3)
    assert r.total == len(CASES)


def test_a_perfect_separation_scores_one_everywhere() -> None:
    r = rates(CASES, 0.86)
    assert (r.tp, r.fp) == (1, 0)
    assert r.precision == 1.0
    assert r.fpr == 0.0
    perfect = rates([(0.9, True), (0.2, False)], 0.5)
    assert (perfect.precision, perfect.recall, perfect.f1, perfect.fpr) == (1.0, 1.0, 1.0, 0.0)


def test_undefined_rates_are_none_rather_than_a_made_up_number() -> None:
    nothing_flagged = rates(CASES, 0.99)
    assert nothing_flagged.precision is None
    assert nothing_flagged.f1 is None
    assert nothing_flagged.recall == 0.0
    only_negatives = rates([(0.9, False), (0.1, False)], 0.5)
    assert only_negatives.recall is None
    assert only_negatives.fpr == 0.5
    assert rates([], 0.5).fpr is None


def test_f1_is_zero_when_nothing_flagged_is_right() -> None:
    r = rates([(0.9, False), (0.1, True)], 0.5)
    assert r.precision == 0.0 and r.recall == 0.0
    assert r.f1 == 0.0


def test_curve_covers_half_to_ninety_five_in_steps_of_five() -> None:
    assert CURVE_THRESHOLDS[0] == 0.5 and CURVE_THRESHOLDS[-1] == 0.95
    assert len(CURVE_THRESHOLDS) == 10
    assert [r.threshold for r in curve(CASES)] == list(CURVE_THRESHOLDS)


@given(
    st.lists(st.tuples(st.floats(min_value=0, max_value=1), st.booleans()), min_size=1, max_size=60)
)
def test_raising_the_threshold_never_raises_recall_or_false_positives(
    scored: list[tuple[float, bool]],
) -> None:
    points = curve(scored)
    for lower, higher in pairwise(points):
        assert higher.tp <= lower.tp and higher.fp <= lower.fp
        if lower.recall is not None and higher.recall is not None:
            assert higher.recall <= lower.recall
        if lower.fpr is not None and higher.fpr is not None:
            assert higher.fpr <= lower.fpr
        assert higher.total == lower.total == len(scored)


def test_ranking_counts_refused_queries_as_not_found() -> None:
    counter = RankingCounter()
    counter.add("un-sc", first=True, first_match=True, match=True)
    counter.add("un-sc", first=True, first_match=False, match=False)
    counter.add("un-sc", first=False, first_match=False, match=True)
    counter.error("un-sc")
    counter.add("eu-oj", first=False, first_match=False, match=False)
    rows = {r.label: r for r in counter.rows()}
    un = rows["un-sc"]
    assert (un.queries, un.first, un.first_match, un.match, un.errors) == (4, 2, 1, 2, 1)
    assert un.top1 == 0.5 and un.recall_first == 0.25 and un.recall == 0.5
    assert [r.label for r in counter.rows(["un-sc", "eu-oj", "absent"])] == ["un-sc", "eu-oj"]
