"""Cross-script: is a name written in Arabic, Hebrew, Korean, Cyrillic... found under its Latin
spelling, and the other way round?

Each dataset is a list of (Latin, native-script) renderings of the same name. The Latin names
are indexed, one person per pair, and each native form is screened; success is the right person
ranked first and matching at the threshold. The reverse direction indexes the native forms and
screens the Latin ones. Pairs whose Latin or native form recurs in the sample are dropped, so
each query has exactly one right answer.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from watchkeeper.evaluation.context import Context
from watchkeeper.evaluation.metrics import Ranking, RankingCounter
from watchkeeper.evaluation.report import (
    RANKING_HEADERS,
    SetResult,
    data_date,
    num,
    pct,
    ranking_cells,
    table,
)
from watchkeeper.model import Entity, EntityKind, Name
from watchkeeper.names.script import detect_script
from watchkeeper.screening import Query, Screener, ScreeningError

LIMIT = 10
DEFAULT_SAMPLE = 2000
FAILURES = 4


@dataclass(frozen=True, slots=True)
class NamePair:
    latin: str
    native: str
    # The lowest score the source of the pair expects (only some datasets give one).
    min_score: float | None = None


def read_moov_pairs(path: Path) -> list[NamePair]:
    """``Query,Expected Match,Min Score,Description`` with ``#`` comment lines."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    pairs = []
    for row in csv.reader(lines):
        if len(row) < 2 or row[0] == "Query":
            continue
        minimum = float(row[2]) if len(row) > 2 and row[2].strip() else None
        pairs.append(NamePair(latin=row[1].strip(), native=row[0].strip(), min_score=minimum))
    return pairs


def _tab_separated(path: Path, latin_first: bool) -> list[NamePair]:
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 2 or not fields[0].strip() or not fields[1].strip():
                continue
            latin, native = (fields[0], fields[1]) if latin_first else (fields[1], fields[0])
            pairs.append(NamePair(latin=latin.strip(), native=native.strip()))
    return pairs


def read_latin_native(path: Path) -> list[NamePair]:
    """``Latin<TAB>native`` lines (the Wikidata full-name pairs)."""
    return _tab_separated(path, latin_first=True)


def read_native_latin(path: Path) -> list[NamePair]:
    """``native<TAB>Latin`` lines (Google's Arabic-to-English transliteration pairs)."""
    return _tab_separated(path, latin_first=False)


def read_anetac_persons(path: Path) -> list[NamePair]:
    """``CLASS Latin Arabic`` lines, one word each; only the PERSON ones are kept."""
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.split()
            if len(fields) == 3 and fields[0] == "PERSON":
                pairs.append(NamePair(latin=fields[1], native=fields[2]))
    return pairs


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str
    path: str
    read: Callable[[Path], list[NamePair]]
    sample: int | None
    note: str


DATASETS = (
    Dataset(
        "moov-watchman",
        "names/moov_watchman/cross_script_pairs.csv",
        read_moov_pairs,
        None,
        "hand-picked pairs in many scripts, one or two words",
    ),
    Dataset(
        "wikidata-hebrew",
        "names/netransliteration_coling2018/wd_hebrew",
        read_latin_native,
        DEFAULT_SAMPLE,
        "full person names from Wikidata",
    ),
    Dataset(
        "wikidata-korean",
        "names/netransliteration_coling2018/wd_korean",
        read_latin_native,
        DEFAULT_SAMPLE,
        "full person names from Wikidata (mostly non-Korean people written in Hangul)",
    ),
    Dataset(
        "anetac-arabic",
        "names/anetac/EN-AR NE/EN-AR Named-entities.txt",
        read_anetac_persons,
        DEFAULT_SAMPLE,
        "single-word person names",
    ),
    Dataset(
        "google-ar2en",
        "names/google_transliteration_ar2en/ar2en-test.txt",
        read_native_latin,
        DEFAULT_SAMPLE,
        "single-word names, mostly Western names written in Arabic (test split)",
    ),
)

FORWARD = "native → Latin"
REVERSE = "Latin → native"


def _index(dataset: str, names: Sequence[str]) -> Screener:
    return Screener.from_entities(
        Entity(
            id=f"{dataset}-{i}",
            list_id=dataset,
            source_ref=str(i),
            kind=EntityKind.PERSON,
            names=(Name(full=name, script=detect_script(name)),),
        )
        for i, name in enumerate(names)
    )


@dataclass(frozen=True, slots=True)
class Direction:
    """Which side of the pairs is indexed, which is screened, and the right answers."""

    label: str
    indexed: list[str]
    # Each distinct query, with the ids of every indexed name it was paired with.
    queries: dict[str, frozenset[str]]


def direction(dataset: str, pairs: Sequence[NamePair], forward: bool) -> Direction:
    """Index each distinct name of one side once; a query paired with several names (one
    Korean rendering of two Latin spellings) may find any of them."""
    ids: dict[str, str] = {}
    expected: dict[str, set[str]] = {}
    for pair in pairs:
        indexed, query = (pair.latin, pair.native) if forward else (pair.native, pair.latin)
        entity_id = ids.setdefault(indexed, f"{dataset}-{len(ids)}")
        expected.setdefault(query, set()).add(entity_id)
    return Direction(
        FORWARD if forward else REVERSE,
        list(ids),
        {query: frozenset(found) for query, found in expected.items()},
    )


class PairOutcome(msgspec.Struct, frozen=True):
    native: str
    latin: str
    min_score: float | None
    score: float | None
    first: bool
    match: bool


class Failure(msgspec.Struct, frozen=True):
    dataset: str
    query: str
    expected: str
    top: str
    top_score: float | None


class CrossScriptResult(SetResult, kw_only=True):
    threshold: float
    by_dataset: list[Ranking]
    by_direction: list[Ranking]
    by_script: list[Ranking]
    sources: dict[str, str]
    hand_picked: list[PairOutcome]
    failures: list[Failure]

    def markdown(self) -> str:
        lines = [
            "Latin names are indexed (one person per pair) and the native-script form is "
            "screened as a person (native → Latin), then the other way round (Latin → native). "
            "Success is the right person ranked first and a match at the default threshold "
            f'{self.threshold:.2f} ("first and a match"). Large datasets are sampled '
            f"({DEFAULT_SAMPLE:,} pairs, seeded). Each distinct name is indexed once and each "
            "distinct query screened once; a query paired with several names in the data "
            "(two Latin spellings of one Hebrew name) may find any of them.",
            "",
            table(
                ("dataset", "data", "what"),
                [
                    (d.name, f"`{d.path}` ({self.sources[d.name]})", d.note)
                    for d in DATASETS
                    if d.name in self.sources
                ],
            ),
            "",
            "### By dataset",
            "",
            table(
                ("dataset, direction", *RANKING_HEADERS),
                [[r.label, *ranking_cells(r)] for r in [*self.by_dataset, *self.by_direction]],
            ),
            "",
            "### By script (all datasets)",
            "",
            table(
                ("script, direction", *RANKING_HEADERS),
                [[r.label, *ranking_cells(r)] for r in self.by_script],
            ),
        ]
        lines += [
            "",
            "### Some native → Latin queries that failed",
            "",
            table(
                ("dataset", "query", "expected", "ranked first"),
                [
                    (
                        f.dataset,
                        f.query,
                        f.expected,
                        f"{f.top} ({num(f.top_score)})" if f.top else "nothing",
                    )
                    for f in self.failures
                ],
            ),
        ]
        if self.hand_picked:
            lines += [
                "",
                "### The hand-picked pairs, native → Latin",
                "",
                "Their source gives each pair the lowest score it expects of a good matcher.",
                "",
                table(
                    ("query", "expected", "expected score ≥", "our score", "ranked first", "match"),
                    [
                        (
                            p.native,
                            p.latin,
                            num(p.min_score, 2),
                            num(p.score),
                            "yes" if p.first else "no",
                            "yes" if p.match else "no",
                        )
                        for p in self.hand_picked
                    ],
                ),
            ]
        return "\n".join(lines)

    def summary(self) -> list[tuple[str, str]]:
        """Both directions over all datasets, then each dataset native → Latin."""
        return [
            (f"first and a match, {r.label}", pct(r.recall_first)) for r in self.by_direction
        ] + [
            (f"  {r.label.removesuffix(', ' + FORWARD)} ({FORWARD})", pct(r.recall_first))
            for r in self.by_dataset
            if r.label.endswith(FORWARD)
        ]


@dataclass
class _Tally:
    """Everything counted while the datasets are screened."""

    by_dataset: RankingCounter = field(default_factory=RankingCounter)
    by_script: RankingCounter = field(default_factory=RankingCounter)
    by_direction: RankingCounter = field(default_factory=RankingCounter)
    order: list[str] = field(default_factory=list)
    hand_picked: list[PairOutcome] = field(default_factory=list)
    queries: int = 0


def _screen_direction(
    ctx: Context, dataset: Dataset, pairs: Sequence[NamePair], forward: bool, tally: _Tally
) -> list[Failure]:
    """Screen one direction of one dataset; returns the failed forward queries."""
    way = direction(dataset.name, pairs, forward)
    screener = _index(dataset.name, way.indexed)
    names = {f"{dataset.name}-{i}": name for i, name in enumerate(way.indexed)}
    minimum = {p.native: p.min_score for p in pairs if p.min_score is not None}
    label = f"{dataset.name}, {way.label}"
    tally.order.append(label)
    failed: list[Failure] = []
    for query, expected in ctx.track(way.queries.items(), len(way.queries), label):
        native = query if forward else names[min(expected)]
        labels = (
            (tally.by_dataset, label),
            (tally.by_script, f"{detect_script(native)}, {way.label}"),
            (tally.by_direction, f"all datasets, {way.label}"),
        )
        tally.queries += 1
        try:
            matches = screener.screen(Query(name=query, kind=EntityKind.PERSON), limit=LIMIT)
        except ScreeningError:
            for counter, key in labels:
                counter.error(key)
            continue
        first = bool(matches) and matches[0].entity_id in expected
        first_match = first and matches[0].match
        found = any(m.entity_id in expected and m.match for m in matches)
        for counter, key in labels:
            counter.add(key, first, first_match, found)
        if not forward:
            continue
        if query in minimum:
            score = next((m.score for m in matches if m.entity_id in expected), None)
            tally.hand_picked.append(
                PairOutcome(query, names[min(expected)], minimum[query], score, first, first_match)
            )
        if not first_match:
            failed.append(
                Failure(
                    dataset.name,
                    query,
                    " / ".join(sorted(names[e] for e in expected)),
                    matches[0].matched_name if matches else "",
                    matches[0].score if matches else None,
                )
            )
    return failed


def run(ctx: Context) -> CrossScriptResult:
    tally = _Tally()
    sources: dict[str, str] = {}
    failures: list[Failure] = []
    for dataset in DATASETS:
        path = ctx.data / dataset.path
        if not path.is_file():
            continue
        sources[dataset.name] = data_date(ctx.data, dataset.path)
        pairs = ctx.draw(dataset.read(path), f"cross:{dataset.name}", dataset.sample)
        failed = _screen_direction(ctx, dataset, pairs, True, tally)
        _screen_direction(ctx, dataset, pairs, False, tally)
        rng = ctx.rng(f"cross:{dataset.name}:failures")
        failures += rng.sample(failed, min(FAILURES, len(failed)))
    return CrossScriptResult(
        name="cross-script",
        title="Cross-script",
        queries=tally.queries,
        threshold=Screener.from_entities([]).threshold,
        by_dataset=tally.by_dataset.rows(tally.order),
        by_direction=tally.by_direction.rows([f"all datasets, {d}" for d in (FORWARD, REVERSE)]),
        by_script=tally.by_script.rows(),
        sources=sources,
        hand_picked=tally.hand_picked,
        failures=failures,
    )
