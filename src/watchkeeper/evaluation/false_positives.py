"""False alerts: how often is someone on no list flagged?

Fifty thousand synthetic people with common US-style names (from OpenSanctions' screening
benchmark) and the members of the US Congress are screened against every reference list. None
of them is listed, so every match at the threshold is a false alert. Each person is screened by
name alone, then with the birth date and nationality the data gives, which should only ever
remove alerts.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import msgspec

from watchkeeper.evaluation.context import Context
from watchkeeper.evaluation.metrics import CURVE_THRESHOLDS, share
from watchkeeper.evaluation.report import SetResult, data_date, num, pct, table
from watchkeeper.screening import Match, Query, Screener, ScreeningError

NEGATIVES = "names/yente_screening_fixtures/negatives_us.csv"
CONGRESS = "names/yente_screening_fixtures/positives_us_congress_untreated.csv"
DATASETS = (("synthetic people", NEGATIVES), ("US Congress", CONGRESS))
TARGET = 0.005
FREQUENT = 20
EXAMPLES = 3
LIMIT = 10
NAME_ONLY = "name only"
WITH_DETAILS = "name, birth date, nationality"


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    birth_date: str | None
    nationality: str | None


def read_people(path: Path) -> list[Person]:
    """``full_name,...,date_of_birth,...,nationality`` rows; blank fields are absent."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Person(
                row["full_name"].strip(),
                (row.get("date_of_birth") or "").strip() or None,
                (row.get("nationality") or "").strip() or None,
            )
            for row in csv.DictReader(handle)
            if (row.get("full_name") or "").strip()
        ]


class AlertRate(msgspec.Struct, frozen=True):
    """Queries with at least one match, for one dataset screened one way."""

    dataset: str
    mode: str
    queries: int
    alerted: int
    alerts: int
    refused: int
    ignored: int
    rate: float | None
    # Share of queries whose best result reaches each of ``CURVE_THRESHOLDS``.
    curve: list[float | None]


class FrequentAlert(msgspec.Struct, frozen=True):
    entity_id: str
    list_id: str
    caption: str
    matched_name: str
    queries: int
    best_score: float
    examples: list[str]


class FalsePositivesResult(SetResult, kw_only=True):
    threshold: float
    rates: list[AlertRate]
    frequent: list[FrequentAlert]
    sources: dict[str, str]

    def markdown(self) -> str:
        at = f"{self.threshold:.2f}"
        lines = [
            "Expected negatives screened against every reference list; any match at the "
            f"default threshold {at} is a false alert (target: under {pct(TARGET)} of "
            "queries). "
            + "; ".join(f"{k}: `{p}` ({self.sources.get(k, '')})" for k, p in DATASETS)
            + ". "
            'Unknown nationalities ("East Timor") are left out of the query rather than '
            'refusing it, and counted as "field ignored".',
            "",
            table(
                (
                    "dataset",
                    "screened with",
                    "queries",
                    "with a false alert",
                    "share",
                    "alerts",
                    "refused",
                    "field ignored",
                ),
                [
                    (
                        r.dataset,
                        r.mode,
                        f"{r.queries:,}",
                        f"{r.alerted:,}",
                        f"**{pct(r.rate, 2)}**",
                        f"{r.alerts:,}",
                        r.refused,
                        r.ignored,
                    )
                    for r in self.rates
                ],
            ),
            "",
            "### Share of queries alerted, over thresholds",
            "",
            table(
                ("dataset, screened with", *(f"{t:.2f}" for t in CURVE_THRESHOLDS)),
                [(f"{r.dataset}, {r.mode}", *(pct(v, 2) for v in r.curve)) for r in self.rates],
            ),
            "",
            f"### The {len(self.frequent)} most frequent false alerts (name only)",
            "",
            table(
                (
                    "listed party",
                    "list",
                    "listed name matched most",
                    "queries alerted",
                    "best score",
                    "best-scoring queries → listed name matched",
                ),
                [
                    (
                        f"{a.caption} ({a.entity_id})",
                        a.list_id,
                        a.matched_name,
                        a.queries,
                        num(a.best_score),
                        "; ".join(a.examples),
                    )
                    for a in self.frequent
                ],
            ),
        ]
        return "\n".join(lines)

    def summary(self) -> list[tuple[str, str]]:
        return [(f"alerted: {r.dataset}, {r.mode}", pct(r.rate, 2)) for r in self.rates]


@dataclass
class _Counts:
    queries: int = 0
    alerted: int = 0
    alerts: int = 0
    refused: int = 0
    ignored: int = 0

    def __post_init__(self) -> None:
        self.best: list[float] = []


def _screen(screener: Screener, query: Query, counts: _Counts) -> list[Match] | None:
    counts.queries += 1
    try:
        matches = screener.screen(query, limit=LIMIT)
    except ScreeningError:
        if query.country is None:
            counts.refused += 1
            return None
        counts.ignored += 1
        return _screen_again(screener, msgspec.structs.replace(query, country=None), counts)
    return _count(matches, counts)


def _screen_again(screener: Screener, query: Query, counts: _Counts) -> list[Match] | None:
    try:
        return _count(screener.screen(query, limit=LIMIT), counts)
    except ScreeningError:
        counts.refused += 1
        return None


def _count(matches: list[Match], counts: _Counts) -> list[Match]:
    hits = [m for m in matches if m.match]
    counts.alerted += bool(hits)
    counts.alerts += len(hits)
    counts.best.append(matches[0].score if matches else 0.0)
    return hits


def _rate(dataset: str, mode: str, counts: _Counts) -> AlertRate:
    return AlertRate(
        dataset,
        mode,
        counts.queries,
        counts.alerted,
        counts.alerts,
        counts.refused,
        counts.ignored,
        share(counts.alerted, counts.queries),
        [share(sum(b >= t for b in counts.best), counts.queries) for t in CURVE_THRESHOLDS],
    )


def _frequent(hits: dict[str, list[tuple[Match, str]]]) -> list[FrequentAlert]:
    ranked = sorted(
        hits.items(),
        key=lambda item: (-len(item[1]), -max(m.score for m, _ in item[1]), item[0]),
    )[:FREQUENT]
    alerts = []
    for entity_id, found in ranked:
        first = found[0][0]
        names = Counter(m.matched_name for m, _ in found)
        alerts.append(
            FrequentAlert(
                entity_id=entity_id,
                list_id=first.list_id,
                caption=first.caption,
                matched_name=names.most_common(1)[0][0],
                queries=len(found),
                best_score=max(m.score for m, _ in found),
                examples=_examples(found),
            )
        )
    return alerts


def _examples(found: list[tuple[Match, str]]) -> list[str]:
    """The best-scoring distinct queries, with the listed name each matched."""
    shown: dict[str, str] = {}
    for match, query in sorted(found, key=lambda hit: (-hit[0].score, hit[1])):
        if query not in shown and len(shown) < EXAMPLES:
            shown[query] = f"{query} → {match.matched_name} ({match.score:.3f})"
    return list(shown.values())


def run(ctx: Context) -> FalsePositivesResult:
    screener = ctx.screener()
    rates: list[AlertRate] = []
    hits: dict[str, list[tuple[Match, str]]] = defaultdict(list)
    sources: dict[str, str] = {}
    total = 0
    for dataset, relative in DATASETS:
        path = ctx.data / relative
        if not path.is_file():
            continue
        sources[dataset] = data_date(ctx.data, relative)
        people: Sequence[Person] = ctx.draw(read_people(path), f"negatives:{relative}")
        name_only, detailed = _Counts(), _Counts()
        for person in ctx.track(people, len(people), f"screening {dataset}"):
            for match in _screen(screener, Query(name=person.name), name_only) or ():
                hits[match.entity_id].append((match, person.name))
            if person.birth_date or person.nationality:
                query = Query(
                    name=person.name, birth_date=person.birth_date, country=person.nationality
                )
                _screen(screener, query, detailed)
        total += name_only.queries + detailed.queries
        rates.append(_rate(dataset, NAME_ONLY, name_only))
        if detailed.queries:
            rates.append(_rate(dataset, WITH_DETAILS, detailed))
    return FalsePositivesResult(
        name="false-positives",
        title="False alerts",
        queries=total,
        threshold=screener.threshold,
        rates=rates,
        frequent=_frequent(hits),
        sources=sources,
    )
