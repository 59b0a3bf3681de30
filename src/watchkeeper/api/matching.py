"""Screen a parsed query and shape the results as yente scored entities.

Filters (datasets, excluded ids and schemata, cutoff) are applied to everything the screener
scored, before ``limit``; so excluding a known false positive lets the next candidate in,
instead of returning one result fewer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from watchkeeper.api.ftm import KIND_SCHEMATA, SCHEMA_PARENTS, entity_properties
from watchkeeper.api.lists import LoadedLists
from watchkeeper.api.wire import EntityResponse, FeatureResult, ScoredEntityResponse
from watchkeeper.model import Entity, EntityKind
from watchkeeper.screening import Match, Query

SCREEN_DEPTH = 1000
"""Results asked of the screener per query: all it scored, so filters never starve ``limit``."""


@dataclass(frozen=True)
class MatchOptions:
    """What a request asked for, already validated."""

    lists: frozenset[str]
    threshold: float
    cutoff: float
    exclude_ids: frozenset[str] = frozenset()
    exclude_schemata: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Found:
    """The best match of one listed entity, and the query combination that produced it."""

    match: Match
    query: Query


def _wanted(match: Match, options: MatchOptions) -> bool:
    schemata = SCHEMA_PARENTS[KIND_SCHEMATA[EntityKind(match.kind)]]
    return (
        match.list_id in options.lists
        and match.entity_id not in options.exclude_ids
        and match.score >= options.cutoff
        and not schemata & options.exclude_schemata
    )


def best_matches(
    loaded: LoadedLists, queries: Iterable[Query], options: MatchOptions
) -> list[Found]:
    """The best result per entity over all ``queries``, best first (``limit`` not applied)."""
    best: dict[str, Found] = {}
    for query in queries:
        for match in loaded.screener.screen(query, limit=SCREEN_DEPTH, threshold=options.threshold):
            if not _wanted(match, options):
                continue
            previous = best.get(match.entity_id)
            if previous is None or match.score > previous.match.score:
                best[match.entity_id] = Found(match, query)
    return sorted(best.values(), key=lambda f: (-f.match.score, f.match.entity_id))


def _entity_fields(entity: Entity, loaded: LoadedLists) -> dict[str, Any]:
    version = loaded.version_of(entity.list_id)
    properties = loaded.properties.get(entity.id)
    if properties is None:
        properties = loaded.properties[entity.id] = entity_properties(entity)
    return {
        "id": entity.id,
        "caption": entity.caption,
        "schema_": KIND_SCHEMATA[entity.kind],
        "properties": properties,
        "datasets": [entity.list_id],
        "referents": [],
        "target": True,
        "first_seen": None,
        "last_seen": version.loaded_at if version else None,
        "last_change": None,
    }


def entity_response(entity: Entity, loaded: LoadedLists) -> EntityResponse:
    """A listed entity in the yente entity shape."""
    return EntityResponse.model_construct(**_entity_fields(entity, loaded))


def _name_detail(match: Match) -> str:
    parts = "; ".join(
        f"{p.query} = {p.listed} ({p.how}{'' if p.how == 'exact' else f' {p.score:.2f}'})"
        for p in match.parts
    )
    extra = [f"unmatched in query: {' '.join(match.query_unmatched)}"] * bool(match.query_unmatched)
    extra += [f"not in query: {' '.join(match.listed_unmatched)}"] * bool(match.listed_unmatched)
    extra += [f"dropped: {', '.join(match.dropped)}"] * bool(match.dropped)
    head = f"{match.matched_name_type} name {match.matched_name!r}: {parts}"
    return "; ".join([head, *extra])


def scored_response(found: Found, loaded: LoadedLists) -> ScoredEntityResponse:
    """One result: the entity, its score, and each feature's contribution explained."""
    match = found.match
    features = {"name": match.name_score}
    explanations = {
        "name": FeatureResult(
            score=match.name_score,
            detail=_name_detail(match),
            query=found.query.name,
            candidate=match.matched_name,
        )
    }
    for evidence in match.evidence:
        features[evidence.feature] = round(features.get(evidence.feature, 0.0) + evidence.effect, 4)
        explanations[evidence.feature] = FeatureResult(
            score=features[evidence.feature], detail=evidence.detail
        )
    # Built from our own typed data: validating it again would only cost time.
    return ScoredEntityResponse.model_construct(
        **_entity_fields(loaded.entities[match.entity_id], loaded),
        score=match.score,
        match=match.match,
        features=features,
        explanations=explanations,
    )
