"""Brute-force screening, which the retrieval check compares the index against."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from watchkeeper.evaluation.engine import exhaustive_candidates
from watchkeeper.model import EntityKind
from watchkeeper.screening import Match, Query, Screener
from watchkeeper.sources.registry import parse_path


@pytest.fixture(scope="module")
def screener() -> Screener:
    lists = parse_path(FIXTURES / "un_xml" / "consolidated.xml")
    return Screener.from_entities(e for parsed in lists for e in parsed.entities)


def _matched(matches: list[Match]) -> list[tuple[str, float]]:
    return [(m.entity_id, m.score) for m in matches if m.match]


@pytest.mark.parametrize(
    "query",
    [
        Query(name="Kasim Sulaymani"),
        Query(name="Soleimani"),
        Query(name="Abdul Malik al Houthi", kind=EntityKind.PERSON),
        Query(name="Умаров Доку"),
        Query(name="AlQaida"),
        Query(name="Kawthar Money Exchange", kind=EntityKind.ORGANIZATION),
        Query(name="Ingrid Halvorsen"),
    ],
)
def test_brute_force_over_similar_names_equals_scoring_every_name(
    screener: Screener, query: Query
) -> None:
    everything = list(range(len(screener.index.names)))
    full = screener.screen(query, limit=100, candidates=everything)
    pruned_ids = exhaustive_candidates(screener, query)
    pruned = screener.screen(query, limit=100, candidates=pruned_ids)
    assert _matched(pruned) == _matched(full)


def test_screening_given_candidates_scores_only_those(screener: Screener) -> None:
    query = Query(name="Qasem Soleimani")
    assert screener.screen(query)[0].entity_id == "un-IRi.039"
    assert screener.screen(query, candidates=[]) == []
    others = [
        i
        for i, name in enumerate(screener.index.names)
        if screener.index.entities[name.entity].id == "un-IRi.040"
    ]
    found = screener.screen(query, candidates=others)
    assert {m.entity_id for m in found} <= {"un-IRi.040"}
