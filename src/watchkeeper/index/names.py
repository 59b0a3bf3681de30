"""The in-memory candidate index over every listed name.

Screening scores a query precisely against a few dozen candidates, never against all listed
names; this index finds those candidates. Each listed name is filed under keys of three kinds:
its parts (``t:soleimani``), their phonetic skeletons (``k:slmn``), skeletons of adjacent parts
joined (``AbdulRahman``/``Abdul Rahman``), and single-letter deletions of longer skeletons
(``d:``), so a typo that changes a consonant still meets its name. A query looks up the same
keys; candidates are ranked by the summed rarity (IDF) of the keys they share.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from watchkeeper.model import Entity, EntityKind, NameType
from watchkeeper.names.parts import PartRole, PreparedName, prepare
from watchkeeper.names.phonetic import skeleton
from watchkeeper.names.script import detect_script

# Keys shared by more than this share of names carry almost no information; they are only
# used when a query has nothing rarer.
COMMON_KEY_SHARE = 0.02
MIN_DELETION_KEY = 4


@dataclass(frozen=True, slots=True)
class ListedName:
    """One name of one entity, prepared once."""

    entity: int
    name_type: NameType
    full: str
    script: str
    prepared: PreparedName


def is_person(kind: EntityKind | None) -> bool | None:
    if kind is None or kind is EntityKind.UNKNOWN:
        return None
    return kind is EntityKind.PERSON


def _deletions(key: str) -> Iterator[str]:
    for i in range(len(key)):
        yield key[:i] + key[i + 1 :]


def name_keys(prepared: PreparedName) -> set[str]:
    """Every index key of a prepared name (the same function serves the index and queries)."""
    keys: set[str] = set()
    parts = prepared.parts
    for part in parts:
        keys.add("t:" + part.text)
        if part.role is PartRole.NAME and len(part.key) >= 2:
            keys.add("k:" + part.key)
            if len(part.key) >= MIN_DELETION_KEY:
                keys.update("d:" + d for d in _deletions(part.key))
    for left, right in pairwise(parts):
        if left.role is PartRole.NAME or right.role is PartRole.NAME:
            keys.add("k:" + skeleton(left.text + right.text))
    return keys


def query_keys(prepared: PreparedName) -> set[str]:
    """Keys to look up for a query: its own keys, plus deletions against the ``k:`` space."""
    keys = name_keys(prepared)
    for part in prepared.parts:
        if part.role is PartRole.NAME and len(part.key) >= MIN_DELETION_KEY:
            keys.add("d:" + part.key)
            keys.update("k:" + d for d in _deletions(part.key))
    return keys


class NameIndex:
    """Listed names and their keys; build with ``NameIndex.build(entities)``."""

    def __init__(
        self,
        entities: list[Entity],
        names: list[ListedName],
        postings: dict[str, npt.NDArray[np.int32]],
        token_df: dict[str, int],
    ) -> None:
        self.entities = entities
        self.names = names
        self._postings = postings
        self._token_df = token_df
        self._n = max(len(names), 1)
        self._common = max(50, int(self._n * COMMON_KEY_SHARE))

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> NameIndex:
        entity_list = list(entities)
        names: list[ListedName] = []
        postings: dict[str, list[int]] = defaultdict(list)
        token_df: dict[str, int] = defaultdict(int)
        for e_index, entity in enumerate(entity_list):
            person = is_person(entity.kind)
            seen: set[str] = set()
            for name in entity.names:
                prepared = prepare(name.full, person)
                if not prepared.parts or prepared.text in seen:
                    continue
                seen.add(prepared.text)
                n_index = len(names)
                names.append(ListedName(e_index, name.type, name.full, name.script, prepared))
                for key in name_keys(prepared):
                    postings[key].append(n_index)
                for token in set(prepared.tokens):
                    token_df[token] += 1
        frozen = {key: np.asarray(ids, dtype=np.int32) for key, ids in postings.items()}
        return cls(entity_list, names, frozen, dict(token_df))

    def __len__(self) -> int:
        return len(self.names)

    def token_weight(self, token: str) -> float:
        """How much a name part identifies: 1 for a rare part, down to 0.35 for "mohammed"."""
        df = self._token_df.get(token, 0)
        if df <= 1:
            return 1.0
        idf = math.log(self._n / df) / math.log(self._n)
        return max(0.35, min(1.0, 0.35 + idf))

    def candidates(self, prepared: PreparedName, limit: int = 60) -> list[int]:
        """Ids of the listed names sharing the rarest keys with the query, best first."""
        scores: dict[int, float] = defaultdict(float)
        common: list[tuple[int, str]] = []
        for key in query_keys(prepared):
            ids = self._postings.get(key)
            if ids is None:
                continue
            if len(ids) > self._common:
                common.append((len(ids), key))
                continue
            weight = math.log(self._n / len(ids)) * (0.6 if key[0] != "t" else 1.0)
            for n_index in ids.tolist():
                scores[n_index] += weight
        if not scores and common:
            # Only common keys ("Mohammed Ali"): intersect them instead of scanning one.
            common.sort()
            rarest = set(self._postings[common[0][1]].tolist())
            for _, key in common[1:]:
                narrowed = rarest.intersection(self._postings[key].tolist())
                if narrowed:
                    rarest = narrowed
            for n_index in rarest:
                scores[n_index] = 1.0
        if len(scores) <= limit:
            return sorted(scores, key=scores.__getitem__, reverse=True)
        return heapq.nlargest(limit, scores, key=scores.__getitem__)

    def script_of(self, n_index: int) -> str:
        return self.names[n_index].script

    @staticmethod
    def query_script(text: str) -> str:
        return detect_script(text)
