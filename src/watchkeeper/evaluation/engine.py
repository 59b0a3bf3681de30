"""Brute-force candidates for the retrieval check: every listed name that could score.

The retrieval evaluation compares what the index retrieves with scoring every name that can
get a non-zero score (``Screener.screen(query, candidates=...)`` scores them); this module
finds those names without comparing the query with every full name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from watchkeeper.index.names import is_person
from watchkeeper.names.parts import NamePart, PartRole, prepare
from watchkeeper.names.phonetic import skeleton, vowel_key
from watchkeeper.scoring.similarity import MIN_USEFUL, ScriptPair, part_similarity
from watchkeeper.screening import Query, Screener


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """Every distinct listed part, and every pair of adjacent parts written as one word, with
    the listed names using it; plus what was already found for recurring query parts."""

    parts: list[NamePart]
    part_names: list[list[int]]
    joined: list[NamePart]
    joined_names: list[list[int]]
    found: dict[tuple[NamePart, bool], frozenset[int]]


def _joined(left: NamePart, right: NamePart) -> NamePart:
    text = left.text + right.text
    return NamePart(text, skeleton(text), vowel_key(text), PartRole.NAME)


def _build_vocabulary(screener: Screener) -> _Vocabulary:
    parts: dict[NamePart, list[int]] = defaultdict(list)
    joined: dict[NamePart, list[int]] = defaultdict(list)
    for n_index, listed in enumerate(screener.index.names):
        name_parts = listed.prepared.parts
        for part in set(name_parts):
            parts[part].append(n_index)
        for left, right in pairwise(name_parts):
            joined[_joined(left, right)].append(n_index)
    return _Vocabulary(list(parts), list(parts.values()), list(joined), list(joined.values()), {})


# The most lenient script relation: any pair screening could align is found.
LENIENT = ScriptPair(cross=True, abjad=True, han=False)
# The vocabulary of the screener last asked about (an evaluation uses one screener at a time).
_LAST_VOCABULARY: list[tuple[Screener, _Vocabulary]] = []
_FOUND_CACHE = 5000


def _vocabulary(screener: Screener) -> _Vocabulary:
    if _LAST_VOCABULARY and _LAST_VOCABULARY[0][0] is screener:
        return _LAST_VOCABULARY[0][1]
    vocabulary = _build_vocabulary(screener)
    _LAST_VOCABULARY[:] = [(screener, vocabulary)]
    return vocabulary


def _names_near(vocabulary: _Vocabulary, part: NamePart, with_joined: bool) -> frozenset[int]:
    """Listed names with a part (or, ``with_joined``, two parts joined) resembling ``part``.

    Similarity is taken with both script flags on, the most lenient reading, so that no
    comparison screening could make is missed.
    """
    key = (part, with_joined)
    found = vocabulary.found.get(key)
    if found is not None:
        return found
    names: set[int] = set()
    for listed, using in zip(vocabulary.parts, vocabulary.part_names, strict=True):
        if part_similarity(part, listed, LENIENT)[0] >= MIN_USEFUL:
            names.update(using)
    if with_joined:
        for listed, using in zip(vocabulary.joined, vocabulary.joined_names, strict=True):
            if part_similarity(part, listed, LENIENT)[0] >= MIN_USEFUL:
                names.update(using)
    if len(vocabulary.found) >= _FOUND_CACHE:
        vocabulary.found.clear()
    found = vocabulary.found[key] = frozenset(names)
    return found


def exhaustive_candidates(screener: Screener, query: Query) -> list[int]:
    """Every listed name that can get a non-zero name score for ``query``.

    A name scores zero unless one of its parts aligns with a query part, or two adjacent
    parts written as one word on one side align with one part on the other; no alignment is
    made below ``MIN_USEFUL`` similarity. Testing that against each distinct listed part (and
    joined pair) is far cheaper than comparing every full name. The retrieval evaluation
    checks on a few queries that this loses nothing against comparing every name.
    """
    vocabulary = _vocabulary(screener)
    person = is_person(query.kind)
    readings = {person} if person is not None else {None, True, False}
    singles: set[NamePart] = set()
    pairs: set[NamePart] = set()
    for reading in readings:
        q_parts = prepare(query.name, reading).parts
        singles.update(q_parts)
        pairs.update(_joined(left, right) for left, right in pairwise(q_parts))
    found: set[int] = set()
    for part in singles:
        found.update(_names_near(vocabulary, part, with_joined=True))
    for part in pairs - singles:
        found.update(_names_near(vocabulary, part, with_joined=False))
    return sorted(found)
