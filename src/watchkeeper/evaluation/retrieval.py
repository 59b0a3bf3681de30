"""Retrieval recall: does the candidate index ever hide a match that scoring would have found?

Screening scores only the few dozen listed names the index retrieves for a query. Here the
same queries are also scored against every listed name (brute force, with the screener's own
scoring), and every entity that brute force finds at the threshold must also be returned by
the indexed screen. Queries are held-out aliases (near variants of listed names) and names of
people on no list (near misses), the two places where retrieval could lose something.
"""

from __future__ import annotations

import time

import msgspec

from watchkeeper.evaluation.aliases import holdouts
from watchkeeper.evaluation.context import Context
from watchkeeper.evaluation.engine import exhaustive_candidates
from watchkeeper.evaluation.false_positives import NEGATIVES, read_people
from watchkeeper.evaluation.metrics import share
from watchkeeper.evaluation.report import SetResult, num, pct, table
from watchkeeper.screening import Match, Query, Screener, ScreeningError

DEFAULT_SAMPLE = 250
# Queries also scored against literally every listed name, to show that skipping names with
# no similar part (which is what makes brute force affordable) changes nothing.
CHECKED = 5
EVERYTHING = 1_000_000
LOSSES = 10
LOSSES_PER_QUERY = 2


class Loss(msgspec.Struct, frozen=True):
    source: str
    query: str
    entity_id: str
    caption: str
    brute_score: float
    indexed_score: float | None


class SourceRecall(msgspec.Struct, frozen=True):
    source: str
    queries: int
    with_matches: int
    matches: int
    retrieved: int
    in_top10: int
    recall: float | None
    recall_top10: float | None
    refused: int


class RetrievalResult(SetResult, kw_only=True):
    threshold: float
    by_source: list[SourceRecall]
    total: SourceRecall
    losses: list[Loss]
    checked: int
    check_differences: int
    brute_seconds: float
    indexed_seconds: float

    def markdown(self) -> str:
        check = (
            "identical results"
            if not self.check_differences
            else f"**{self.check_differences} differed**"
        )
        lines = [
            "Each query is screened twice with the same scoring: as usual (the index retrieves "
            "candidates), and against every listed name that shares at least one similar part "
            "with it (brute force). Every entity the brute force finds at the default threshold "
            f"{self.threshold:.2f} should be a match of the indexed screen too. Held-out "
            "aliases are screened against their list indexed without them (see leave one "
            "alias out); people on no list against every list. Brute force skips names with "
            "no part similar to any query part, which cannot score; on the first "
            f"{self.checked} queries it was also run on literally every listed name: {check}.",
            "",
            table(
                (
                    "queries from",
                    "queries",
                    "with a brute-force match",
                    "brute-force matches",
                    "also matched by the indexed screen",
                    "retrieval recall",
                    "recall within the top 10",
                    "refused",
                ),
                [
                    (
                        r.source,
                        f"{r.queries:,}",
                        f"{r.with_matches:,}",
                        f"{r.matches:,}",
                        f"{r.retrieved:,}",
                        f"**{pct(r.recall, 2)}**",
                        pct(r.recall_top10, 2),
                        r.refused,
                    )
                    for r in [*self.by_source, self.total]
                ],
            ),
            "",
            f"Time: indexed screen {self.indexed_seconds:.1f} s, brute force "
            f"{self.brute_seconds:.1f} s for the same queries.",
        ]
        if self.losses:
            lines += [
                "",
                "### Matches the index lost",
                "",
                table(
                    ("queries from", "query", "listed party", "brute-force score", "indexed score"),
                    [
                        (
                            loss.source,
                            loss.query,
                            f"{loss.caption} ({loss.entity_id})",
                            num(loss.brute_score),
                            num(loss.indexed_score) if loss.indexed_score else "not returned",
                        )
                        for loss in self.losses
                    ],
                ),
            ]
        return "\n".join(lines)

    def summary(self) -> list[tuple[str, str]]:
        return [
            ("retrieval recall (vs brute force)", pct(self.total.recall, 2)),
            ("brute-force matches", f"{self.total.matches:,}"),
        ]


class _Tally:
    def __init__(self, source: str) -> None:
        self.source = source
        self.queries = self.with_matches = self.matches = 0
        self.retrieved = self.in_top10 = self.refused = 0

    def freeze(self) -> SourceRecall:
        return SourceRecall(
            self.source,
            self.queries,
            self.with_matches,
            self.matches,
            self.retrieved,
            self.in_top10,
            share(self.retrieved, self.matches),
            share(self.in_top10, self.matches),
            self.refused,
        )


class _Run:
    """What is kept across queries: losses, timings, and the check of brute force itself."""

    def __init__(self) -> None:
        self.losses: list[Loss] = []
        self.checked = self.differences = 0
        self.brute_seconds = self.indexed_seconds = 0.0

    def screen(self, tally: _Tally, screener: Screener, query: Query) -> None:
        tally.queries += 1
        try:
            started = time.perf_counter()
            indexed = screener.screen(query, limit=EVERYTHING)
            self.indexed_seconds += time.perf_counter() - started
            started = time.perf_counter()
            ids = exhaustive_candidates(screener, query)
            brute = screener.screen(query, limit=EVERYTHING, candidates=ids)
            self.brute_seconds += time.perf_counter() - started
        except ScreeningError:
            tally.refused += 1
            return
        if self.checked < CHECKED:
            self.checked += 1
            everything = list(range(len(screener.index.names)))
            full = screener.screen(query, limit=EVERYTHING, candidates=everything)
            self.differences += _matched(full) != _matched(brute)
        found = {m.entity_id: (rank, m) for rank, m in enumerate(indexed, 1)}
        expected = [m for m in brute if m.match]
        tally.with_matches += bool(expected)
        tally.matches += len(expected)
        lost = 0
        for match in expected:
            rank, hit = found.get(match.entity_id, (None, None))
            if hit is not None and hit.match:
                tally.retrieved += 1
                tally.in_top10 += rank is not None and rank <= 10
                continue
            lost += 1
            if len(self.losses) < LOSSES and lost <= LOSSES_PER_QUERY:
                self.losses.append(
                    Loss(
                        tally.source,
                        query.name,
                        match.entity_id,
                        match.caption,
                        match.score,
                        hit.score if hit else None,
                    )
                )


def _matched(matches: list[Match]) -> set[tuple[str, float]]:
    return {(m.entity_id, m.score) for m in matches if m.match}


def run(ctx: Context) -> RetrievalResult:
    state = _Run()
    tallies: list[_Tally] = []
    held = [(h.screener, q) for h in holdouts(ctx) for q in h.queries]
    aliases = _Tally("held-out aliases")
    tallies.append(aliases)
    chosen = ctx.draw(held, "retrieval:aliases", DEFAULT_SAMPLE)
    for screener, query in ctx.track(chosen, len(chosen), "retrieval: held-out aliases"):
        state.screen(aliases, screener, query.query)
    path = ctx.data / NEGATIVES
    if path.is_file():
        negatives = _Tally("people on no list")
        tallies.append(negatives)
        people = ctx.draw(read_people(path), "retrieval:negatives", DEFAULT_SAMPLE)
        screener = ctx.screener()
        for person in ctx.track(people, len(people), "retrieval: people on no list"):
            state.screen(negatives, screener, Query(name=person.name))
    by_source = [t.freeze() for t in tallies]
    total = _Tally("all")
    for tally in tallies:
        for field in ("queries", "with_matches", "matches", "retrieved", "in_top10", "refused"):
            setattr(total, field, getattr(total, field) + getattr(tally, field))
    return RetrievalResult(
        name="retrieval",
        title="Retrieval recall",
        queries=total.queries,
        threshold=ctx.screener().threshold,
        by_source=by_source,
        total=total.freeze(),
        losses=state.losses,
        checked=state.checked,
        check_differences=state.differences,
        brute_seconds=round(state.brute_seconds, 1),
        indexed_seconds=round(state.indexed_seconds, 1),
    )
