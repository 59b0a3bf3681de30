"""Precision, recall, F1 and false-positive rate from scored, labelled cases.

Every evaluation set reduces to pairs of (score, is a true match); the rates are computed the
same way everywhere so that numbers in different tables of the report can be compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import msgspec

# The thresholds every curve is reported at: 0.50, 0.55, ... 0.95.
CURVE_THRESHOLDS: tuple[float, ...] = tuple(round(0.5 + 0.05 * i, 2) for i in range(10))

Scored = tuple[float, bool]


class Rates(msgspec.Struct, frozen=True):
    """The confusion counts at one threshold and the rates derived from them.

    A rate whose denominator is zero (precision with no alert raised, recall on a set without
    true matches) is ``None``: reporting 0 or 1 there would be a claim the data cannot support.
    """

    threshold: float
    tp: int
    fp: int
    tn: int
    fn: int
    precision: float | None
    recall: float | None
    f1: float | None
    fpr: float | None

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.tn + self.fn


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def rates_from_counts(threshold: float, tp: int, fp: int, tn: int, fn: int) -> Rates:
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = None
    if precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Rates(threshold, tp, fp, tn, fn, precision, recall, f1, _ratio(fp, fp + tn))


def rates(scored: Iterable[Scored], threshold: float) -> Rates:
    """Counts a case as predicted a match when its score is at or above ``threshold``."""
    tp = fp = tn = fn = 0
    for score, is_match in scored:
        predicted = score >= threshold
        if is_match:
            tp += predicted
            fn += not predicted
        else:
            fp += predicted
            tn += not predicted
    return rates_from_counts(threshold, tp, fp, tn, fn)


def curve(scored: Sequence[Scored], thresholds: Sequence[float] = CURVE_THRESHOLDS) -> list[Rates]:
    """The rates at each threshold, in the order given."""
    return [rates(scored, threshold) for threshold in thresholds]


def share(part: int, whole: int) -> float | None:
    """``part / whole``, or ``None`` for an empty whole."""
    return _ratio(part, whole)


class Ranking(msgspec.Struct, frozen=True):
    """Where the expected entity came in the results of known-item queries.

    ``first``: ranked first, whatever its score. ``first_match``: ranked first and at or above
    the threshold (the query raises the right alert). ``match``: anywhere in the results shown
    (top 10) at or above the threshold. ``errors``: queries the screener refused (counted as
    queries, and as not found). The three rates divide by ``queries``.
    """

    label: str
    queries: int
    first: int
    first_match: int
    match: int
    errors: int
    top1: float | None
    recall_first: float | None
    recall: float | None


def ranking(
    label: str, queries: int, first: int, first_match: int, match: int, errors: int
) -> Ranking:
    return Ranking(
        label,
        queries,
        first,
        first_match,
        match,
        errors,
        share(first, queries),
        share(first_match, queries),
        share(match, queries),
    )


class RankingCounter:
    """Counts outcomes per label, then freezes them into ``Ranking`` rows."""

    def __init__(self) -> None:
        self._counts: dict[str, list[int]] = {}

    def add(self, label: str, first: bool, first_match: bool, match: bool) -> None:
        counts = self._counts.setdefault(label, [0, 0, 0, 0, 0])
        counts[0] += 1
        counts[1] += first
        counts[2] += first_match
        counts[3] += match

    def error(self, label: str) -> None:
        counts = self._counts.setdefault(label, [0, 0, 0, 0, 0])
        counts[0] += 1
        counts[4] += 1

    def rows(self, order: Sequence[str] | None = None) -> list[Ranking]:
        labels = list(order) if order is not None else sorted(self._counts)
        return [ranking(label, *self._counts[label]) for label in labels if label in self._counts]
