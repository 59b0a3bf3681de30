"""Leave one alias out: is a listed party found by a name the list knows it by, but that the
index has never seen?

Lists give most parties several names (aliases, transliterations, former names). For each
entity with at least two names, one of its non-weak names is held out at random: removed from
the entity before the list is indexed, then screened as the query. A good matcher finds the
entity from its other names. One index per list, one held-out name per entity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import msgspec

from watchkeeper.evaluation.context import Context
from watchkeeper.evaluation.metrics import Ranking, RankingCounter, ranking
from watchkeeper.evaluation.report import (
    RANKING_HEADERS,
    SetResult,
    cell,
    num,
    pct,
    ranking_cells,
    table,
)
from watchkeeper.index.names import is_person
from watchkeeper.model import Entity, EntityKind, NameType, ParsedList
from watchkeeper.names.parts import prepare
from watchkeeper.screening import Match, Query, Screener, ScreeningError

LIMIT = 10
EXAMPLES = 12


@dataclass(frozen=True, slots=True)
class HeldOut:
    """One query: a name removed from its entity before indexing."""

    list_id: str
    entity_id: str
    caption: str
    name: str
    script: str
    kind: EntityKind

    @property
    def query(self) -> Query:
        return Query(name=self.name, kind=None if self.kind is EntityKind.UNKNOWN else self.kind)


@dataclass(frozen=True, slots=True)
class ListHoldout:
    """One list indexed without its held-out names, and those names."""

    list_id: str
    screener: Screener
    queries: list[HeldOut]
    eligible: int


def holdable(entity: Entity) -> list[int]:
    """Indexes of the names that may be held out: not weak, and written differently enough
    from every other name of the entity that holding them out removes something."""
    person = is_person(entity.kind)
    texts = [prepare(name.full, person).text for name in entity.names]
    distinct = {text for text in texts if text}
    if len(distinct) < 2:
        return []
    return [
        i
        for i, name in enumerate(entity.names)
        if name.type is not NameType.WEAK and texts[i] and texts.count(texts[i]) == 1
    ]


def hold_out(ctx: Context, parsed: ParsedList) -> ListHoldout:
    """Index ``parsed`` with one name removed from each sampled entity."""
    key = f"aliases:{parsed.info.id}"
    eligible = [(entity, names) for entity in parsed.entities if (names := holdable(entity))]
    chosen = {entity.id: names for entity, names in ctx.draw(eligible, key)}
    rng = ctx.rng(key)
    entities: list[Entity] = []
    queries: list[HeldOut] = []
    for entity in parsed.entities:
        candidates = chosen.get(entity.id)
        if candidates is None:
            entities.append(entity)
            continue
        held = rng.choice(candidates)
        name = entity.names[held]
        kept = tuple(n for i, n in enumerate(entity.names) if i != held)
        reduced = msgspec.structs.replace(entity, names=kept)
        entities.append(reduced)
        queries.append(
            HeldOut(parsed.info.id, entity.id, reduced.caption, name.full, name.script, entity.kind)
        )
    return ListHoldout(parsed.info.id, Screener.from_entities(entities), queries, len(eligible))


def holdouts(ctx: Context) -> list[ListHoldout]:
    """One held-out index per list (built once per run; the retrieval set reuses them)."""

    def build() -> list[ListHoldout]:
        lists = ctx.lists()
        return [
            hold_out(ctx, parsed) for parsed in ctx.track(lists, len(lists), "holding out aliases")
        ]

    return ctx.memo("holdouts", build)


class Miss(msgspec.Struct, frozen=True):
    list_id: str
    entity_id: str
    caption: str
    query: str
    rank: int | None
    score: float | None
    top: str
    top_score: float | None


class AliasesResult(SetResult, kw_only=True):
    threshold: float
    by_list: list[Ranking]
    by_script: list[Ranking]
    by_kind: list[Ranking]
    total: Ranking
    eligible: dict[str, int]
    misses: list[Miss]

    def markdown(self) -> str:
        def rows(rankings: Sequence[Ranking], label: str) -> str:
            return table(
                (label, *RANKING_HEADERS), [[r.label, *ranking_cells(r)] for r in rankings]
            )

        lines = [
            "Each entity with at least two distinct names has one non-weak name held out at "
            "random: the list is indexed without it, and it is screened as the query (with "
            'the entity\'s kind). "Ranked first" is top-1 accuracy; "a match in the top 10" '
            f"is recall at the default threshold {self.threshold:.2f}. Other lists' parties "
            "are not in the index: this measures finding a party by a name variant, not "
            "telling it from namesakes elsewhere.",
            "",
            rows([*self.by_list, self.total], "list"),
            "",
            "Entities eligible per list (at least two distinct names): "
            + ", ".join(f"{k} {v:,}" for k, v in self.eligible.items())
            + ".",
            "",
            "### By script of the held-out name",
            "",
            rows(self.by_script, "script"),
            "",
            "### By kind",
            "",
            rows(self.by_kind, "kind"),
            "",
            "### Some held-out names not found as a match",
            "",
            table(
                ("list", "held-out name", "entity", "its rank", "its score", "ranked first"),
                [
                    (
                        m.list_id,
                        m.query,
                        f"{m.caption} ({m.entity_id})",
                        m.rank or "not in top 10",
                        num(m.score),
                        f"{m.top} ({num(m.top_score)})" if m.top else "nothing",
                    )
                    for m in self.misses
                ],
            ),
        ]
        return "\n".join(lines)

    def summary(self) -> list[tuple[str, str]]:
        return [
            ("ranked first", pct(self.total.top1)),
            (f"a match in the top 10 at {self.threshold:.2f}", pct(self.total.recall)),
        ]


def _miss(held: HeldOut, matches: list[Match]) -> Miss:
    rank = next((i for i, m in enumerate(matches, 1) if m.entity_id == held.entity_id), None)
    return Miss(
        held.list_id,
        held.entity_id,
        cell(held.caption),
        held.name,
        rank,
        matches[rank - 1].score if rank else None,
        matches[0].caption if matches else "",
        matches[0].score if matches else None,
    )


def run(ctx: Context) -> AliasesResult:
    threshold = ctx.screener().threshold
    prepared = holdouts(ctx)
    by_list, by_script, by_kind, total = (RankingCounter() for _ in range(4))
    misses: list[Miss] = []
    queries = [(h.screener, q) for h in prepared for q in h.queries]
    for screener, held in ctx.track(queries, len(queries), "held-out aliases"):
        labels = ((by_list, held.list_id), (by_script, held.script), (by_kind, held.kind.value))
        try:
            matches = screener.screen(held.query, limit=LIMIT)
        except ScreeningError:
            for counter, label in (*labels, (total, "all lists")):
                counter.error(label)
            continue
        first = bool(matches) and matches[0].entity_id == held.entity_id
        found = any(m.entity_id == held.entity_id and m.match for m in matches)
        for counter, label in (*labels, (total, "all lists")):
            counter.add(label, first, first and matches[0].match, found)
        if not found:
            misses.append(_miss(held, matches))
    examples = ctx.rng("aliases:misses").sample(misses, min(EXAMPLES, len(misses)))
    return AliasesResult(
        name="aliases",
        title="Leave one alias out",
        queries=len(queries),
        threshold=threshold,
        by_list=by_list.rows([h.list_id for h in prepared]),
        by_script=by_script.rows(),
        by_kind=by_kind.rows(),
        total=(total.rows() or [ranking("all lists", 0, 0, 0, 0, 0)])[0],
        eligible={h.list_id: h.eligible for h in prepared},
        misses=sorted(examples, key=lambda m: (m.list_id, m.entity_id)),
    )
