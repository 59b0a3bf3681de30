"""Retrieval: which listed names a query's keys reach, and which of them are scored."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from watchkeeper.index.names import (
    IDEAL_FLOOR,
    PHONETIC_KEY,
    RELATIVE_FLOOR,
    NameIndex,
    pair_keys,
    part_keys,
)
from watchkeeper.model import Entity, EntityKind, Name
from watchkeeper.names.parts import prepare

# Given names shared by many listed people, surnames by few: the shape of a real list.
GIVEN = ("mohammed", "ali", "ahmed", "hassan", "omar", "yusuf", "ibrahim", "khalid")
SURNAMES = tuple(
    a + b
    for a in ("bar", "kal", "mun", "sor", "tel", "vid", "zar", "hof", "lin", "dru")
    for b in ("ani", "ovic", "berg", "ezi", "adi", "mann", "uddin", "ov")
)


@cache
def index() -> NameIndex:
    entities = [
        Entity(
            id=f"t-{i}",
            list_id="test",
            source_ref=str(i),
            kind=EntityKind.PERSON,
            names=(Name(f"{GIVEN[i % len(GIVEN)]} {GIVEN[i // 8 % len(GIVEN)]} {surname}"),),
        )
        for i, surname in enumerate(SURNAMES * 2)
    ]
    return NameIndex.build(entities)


def reference_candidates(built: NameIndex, query: str) -> set[int]:
    """Every name whose summed key evidence reaches the floor, with no shortcut taken."""
    prepared = prepare(query, True)
    evidence: dict[int, float] = {}
    ideal = 0.0
    for part in prepared.parts:
        # Each name counts the best key it shares with the part.
        best: dict[int, float] = {}
        for key, factor in part_keys(part):
            ids = built._postings.get(key)
            if ids is None or len(ids) > built._common:
                continue
            weight = math.log((built._n + 1) / len(ids)) * factor
            for n_index in ids.tolist():
                best[n_index] = max(best.get(n_index, 0.0), weight)
        if best:
            ideal += max(best.values())
        for n_index, weight in best.items():
            evidence[n_index] = evidence.get(n_index, 0.0) + float(np.float32(weight))
    for key in pair_keys(prepared):
        ids = built._postings.get(key)
        if ids is None or len(ids) > built._common:
            continue
        weight = float(np.float32(math.log((built._n + 1) / len(ids)) * PHONETIC_KEY))
        for n_index in ids.tolist():
            evidence[n_index] = evidence.get(n_index, 0.0) + weight
    if not evidence:
        return set()
    floor = max(max(evidence.values()) * RELATIVE_FLOOR, ideal * IDEAL_FLOOR)
    return {n_index for n_index, found in evidence.items() if found >= floor}


typo = st.sampled_from(SURNAMES).flatmap(
    lambda s: st.integers(0, len(s) - 1).map(lambda i: s[:i] + s[i + 1 :])
)


@settings(max_examples=200, deadline=None)
@given(
    given_names=st.lists(st.sampled_from(GIVEN), max_size=3),
    surname=st.one_of(st.sampled_from(SURNAMES), typo),
)
def test_retrieval_keeps_every_name_whose_evidence_reaches_the_floor(
    given_names: list[str], surname: str
) -> None:
    # Names found only through common given names are skipped when those names could never
    # reach the floor alone; the names kept must be exactly those a full count keeps.
    built = index()
    query = " ".join([*given_names, surname])
    found = set(built.candidates(prepare(query, True), limit=len(built)))
    assert found == reference_candidates(built, query)
