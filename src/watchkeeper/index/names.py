"""The in-memory candidate index over every listed name.

Screening scores a query precisely against a few dozen candidates, never against all listed
names; this index finds those candidates. Each listed name is filed under keys of four kinds:
its parts (``t:soleimani``), their phonetic keys (``v:salamana``, and the coarser consonant
skeleton ``k:slmn``), skeletons of adjacent parts
joined (``AbdulRahman``/``Abdul Rahman``), and single-letter deletions of longer skeletons
(``d:``), so a typo that changes a consonant still meets its name. A query looks up the same
keys; candidates are ranked by the summed rarity (IDF) of the keys they share.
"""

from __future__ import annotations

import math
import threading
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from watchkeeper.index.merged_keys import (
    NATIVE_LISTED,
    listed_merged_keys,
    native_candidates,
    native_ids,
    query_merged_keys,
)
from watchkeeper.model import Entity, EntityKind, NameType
from watchkeeper.names.parts import NamePart, PartRole, PreparedName, prepare
from watchkeeper.names.phonetic import skeleton
from watchkeeper.scoring.alignment import ROLE_WEIGHT, Comparable

# Keys shared by more than this share of names carry almost no information; they are only
# used when a query has nothing rarer. A share, not a fixed count: a fixed cut (2,000 names)
# made large lists faster but lost matches there (docs/scaling.md).
COMMON_KEY_SHARE = 0.02
MIN_DELETION_KEY = 4
# Candidates whose key evidence is below this share of the best candidate's are not scored.
RELATIVE_FLOOR = 0.3
IDEAL_FLOOR = 0.4
# Room for float32 weights summing a little above their float64 bests.
MARGIN = 1e-6
# Names of one entity scored per query: its best-keyed spellings.
NAMES_PER_ENTITY = 4
LENGTH_PENALTY = 0.05


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
            keys.add("v:" + part.vkey)
            if len(part.key) >= MIN_DELETION_KEY:
                keys.update("d:" + d for d in _deletions(part.key))
    for left, right in pairwise(parts):
        if left.role is PartRole.NAME or right.role is PartRole.NAME:
            keys.add("k:" + skeleton(left.text + right.text))
    return keys | listed_merged_keys(prepared)


# How much a shared key counts, by how close a match it implies.
EXACT_KEY = 1.0
VOWEL_KEY = 0.85
PHONETIC_KEY = 0.7
TYPO_KEY = 0.45


def part_keys(part: NamePart, abjad: bool = False, merged: str = "") -> list[tuple[str, float]]:
    """The keys a query part looks up, each with how close a match sharing it implies.

    A query written in an abjad has no vowels to key on: its consonant skeleton stands in.
    ``merged`` is the namespace of merged keys to look up (see ``index.merged_keys``).
    """
    keys = [("t:" + part.text, EXACT_KEY)]
    if part.role is PartRole.NAME and len(part.key) >= 2:
        if abjad:
            keys.append(("k:" + part.key, VOWEL_KEY))
        else:
            keys.append(("v:" + part.vkey, VOWEL_KEY))
            keys.append(("k:" + part.key, PHONETIC_KEY))
        if len(part.key) >= MIN_DELETION_KEY:
            keys.append(("d:" + part.key, TYPO_KEY))
            for deleted in _deletions(part.key):
                keys += [("d:" + deleted, TYPO_KEY), ("k:" + deleted, TYPO_KEY)]
    return keys + query_merged_keys(part, merged, PHONETIC_KEY)


def pair_keys(prepared: PreparedName) -> list[str]:
    """Skeletons of adjacent query parts joined: a bonus for names written together
    ("AbdulRahman") or in the same order."""
    return [
        "k:" + skeleton(left.text + right.text)
        for left, right in pairwise(prepared.parts)
        if left.role is PartRole.NAME or right.role is PartRole.NAME
    ]


class _PartPostings:
    """The names one query part finds, each with the weight of the best key it shares (only
    the best counts, so a name is not rewarded seven times for one word through seven
    deletion keys); ``best`` is the weight the part could contribute at most."""

    __slots__ = ("best", "common", "ids", "weights")

    def __init__(
        self,
        ids: npt.NDArray[np.intp],
        weights: npt.NDArray[np.float32],
        best: float,
        common: tuple[tuple[int, str], ...],
    ) -> None:
        self.ids = ids
        self.weights = weights
        self.best = best
        self.common = common


_NO_IDS = np.zeros(0, dtype=np.intp)
_NO_WEIGHTS = np.zeros(0, dtype=np.float32)
# Query parts whose postings are kept between queries; given names and surnames recur.
PART_CACHE_SIZE = 20_000


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
        self._comparables: list[Comparable | None] = [None] * len(names)
        self._entity_of = [name.entity for name in names]
        self._local = threading.local()
        self._native_cache: dict[NamePart, tuple[int, ...]] = {}
        self._part_cache: dict[tuple[NamePart, bool, str], _PartPostings] = {}
        self._lengths = np.array([len(name.prepared.parts) for name in names], dtype=np.float32)

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> NameIndex:
        entity_list = list(entities)
        names: list[ListedName] = []
        # C ints, not lists of Python ints: a list would hold a boxed int per posting (tens
        # of millions at a million entities) only to free them after the build.
        postings: dict[str, array[int]] = defaultdict(lambda: array("i"))
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
        frozen = {key: np.frombuffer(ids, dtype=np.int32).copy() for key, ids in postings.items()}
        return cls(entity_list, names, frozen, dict(token_df))

    def weigh(self, part: NamePart) -> float:
        """A part's weight in comparisons: its role (particle, org word...) times its rarity."""
        return ROLE_WEIGHT[part.role] * self.token_weight(part.text)

    def comparable(self, n_index: int) -> Comparable:
        """The listed name ready to compare (weights computed on first use, then kept)."""
        found = self._comparables[n_index]
        if found is None:
            found = Comparable(self.names[n_index].prepared, self.weigh)
            self._comparables[n_index] = found
        return found

    def __len__(self) -> int:
        return len(self.names)

    def token_weight(self, token: str) -> float:
        """How much a name part identifies: 1 for a rare part, down to 0.35 for "mohammed"."""
        df = self._token_df.get(token, 0)
        if df <= 1:
            return 1.0
        idf = math.log(self._n / df) / math.log(self._n)
        return max(0.35, min(1.0, 0.35 + idf))

    def candidates(
        self, prepared: PreparedName, limit: int = 60, abjad: bool = False, merged: str = ""
    ) -> list[int]:
        """Ids of the listed names sharing the rarest keys with the query, best first."""
        if merged == NATIVE_LISTED:
            # A Latin query: its candidates as ever, then Hebrew and Hangul names by merged keys.
            latin = self.candidates(prepared, limit, abjad)
            known = set(latin)
            extra = native_candidates(prepared, self._native_ids)
            return latin + [n_index for n_index in extra if n_index not in known]
        common: list[tuple[int, str]] = []
        found: list[_PartPostings] = []
        for part in prepared.parts:
            postings = self._part_postings(part, abjad, merged)
            common += postings.common
            if len(postings.ids):
                found.append(postings)
        ideal = sum(postings.best for postings in found)
        # The weakest parts, as long as all they could give stays under the floor, cannot
        # make a name a candidate on their own: they only add to names the other parts (or
        # pair keys) found, and the names only they find are never touched. On a large list
        # these are the common given names, with the longest postings.
        found.sort(key=lambda postings: postings.best)
        optional = 0
        total = 0.0
        while optional < len(found) and total + found[optional].best + MARGIN < ideal * IDEAL_FLOOR:
            total += found[optional].best
            optional += 1
        arrays = [postings.ids for postings in found[optional:]]
        weights = [postings.weights for postings in found[optional:]]
        # A pair bonus is not part of the ideal: "SOLEIMANI, Qasem" lists the parts reversed.
        for key in pair_keys(prepared):
            pair_ids = self._rare_postings(key, common)
            if pair_ids is None:
                continue
            arrays.append(pair_ids.astype(np.intp))
            weight = math.log((self._n + 1) / len(pair_ids)) * PHONETIC_KEY
            weights.append(np.full(len(pair_ids), weight, dtype=np.float32))
        if not arrays:
            return self._common_only(common, len(prepared.parts), limit)
        # Evidence summed in a dense array (far cheaper than sorting the ids), which is left
        # zeroed again for the next query of this thread.
        evidence_of = self._evidence()
        for ids, added in zip(arrays, weights, strict=True):
            evidence_of[ids] += added
        for postings in found[:optional]:
            present = evidence_of[postings.ids] > 0.0
            evidence_of[postings.ids[present]] += postings.weights[present]
        touched = np.concatenate(arrays)
        evidence = evidence_of[touched]
        evidence_of[touched] = 0.0
        # Names sharing only a sliver of the best candidate's evidence cannot outscore it,
        # nor can names holding well under half of the evidence the query could share at best.
        floor = max(float(evidence.max()) * RELATIVE_FLOOR, ideal * IDEAL_FLOOR)
        kept = evidence >= floor
        hit = touched[kept]
        # Among names sharing the same keys, the shorter one aligns better ("QODS FORCE" before
        # "ISLAMIC REVOLUTIONARY GUARD CORPS-QODS FORCE"): a small penalty per part.
        scores = evidence[kept] - LENGTH_PENALTY * self._lengths[hit]
        # Best first, ties by id; a name listed twice (found by two parts) sorts next to itself.
        order = np.lexsort((hit, -scores))
        # The limit counts entities, not names: one party listed under twelve spellings in
        # five lists must not crowd out the others.
        chosen: list[int] = []
        per_entity: dict[int, int] = {}
        previous = -1
        for n_index in hit[order].tolist():
            if n_index == previous:
                continue
            previous = n_index
            entity = self._entity_of[n_index]
            seen = per_entity.get(entity, 0)
            if seen >= NAMES_PER_ENTITY:
                continue
            if not seen and len(per_entity) >= limit:
                break
            per_entity[entity] = seen + 1
            chosen.append(n_index)
        return chosen

    def _rare_postings(
        self, key: str, common: list[tuple[int, str]]
    ) -> npt.NDArray[np.int32] | None:
        """The names filed under ``key``, unless it is common: then it is noted in ``common``
        (for queries with nothing rarer) and None is returned, as for an unknown key."""
        ids = self._postings.get(key)
        if ids is not None and len(ids) > self._common:
            common.append((len(ids), key))
            return None
        return ids

    def _evidence(self) -> npt.NDArray[np.float64]:
        """This thread's evidence accumulator, one slot per name, all zero between queries."""
        found: npt.NDArray[np.float64] | None = getattr(self._local, "evidence", None)
        if found is None:
            found = self._local.evidence = np.zeros(self._n, dtype=np.float64)
        return found

    def _slots(self) -> npt.NDArray[np.intp]:
        """This thread's scratch array of positions, one slot per name (never cleared: a
        slot is read only after being written in the same call)."""
        found: npt.NDArray[np.intp] | None = getattr(self._local, "slots", None)
        if found is None:
            found = self._local.slots = np.zeros(self._n, dtype=np.intp)
        return found

    def _native_ids(self, part: NamePart) -> tuple[int, ...]:
        """The Hebrew and Hangul names a Latin query part finds by merged keys (cached, as
        the part postings are)."""
        found = self._native_cache.get(part)
        if found is None:
            if len(self._native_cache) >= PART_CACHE_SIZE:
                self._native_cache.clear()
            found = self._native_cache[part] = native_ids(part, self._postings.get)
        return found

    def _part_postings(self, part: NamePart, abjad: bool, merged: str = "") -> _PartPostings:
        """What one query part contributes: each name's best key weight for it (cached, as
        given names and surnames recur across a batch)."""
        cache_key = (part, abjad, merged)
        found = self._part_cache.get(cache_key)
        if found is not None:
            return found
        keyed: list[tuple[float, npt.NDArray[np.int32]]] = []
        common: list[tuple[int, str]] = []
        for key, factor in part_keys(part, abjad, merged):
            ids = self._rare_postings(key, common)
            if ids is not None:
                keyed.append((math.log((self._n + 1) / len(ids)) * factor, ids))
        if not keyed:
            found = _PartPostings(_NO_IDS, _NO_WEIGHTS, 0.0, tuple(common))
        else:
            # Best key per name: weakest keys first, each overwriting in this thread's
            # scratch array, so a name keeps its strongest key's weight; one array operation
            # per key, on ids widened once (numpy indexes with intp; narrower ids are
            # converted on every use).
            keyed.sort(key=lambda item: item[0])
            found_ids = np.concatenate([ids for _, ids in keyed], dtype=np.intp)
            marks = self._evidence()
            start = 0
            for weight, ids in keyed:
                marks[found_ids[start : start + len(ids)]] = weight
                start += len(ids)
            # A name found through several keys is kept once: the one position its slot
            # ends up holding (whichever write won) is the one kept.
            positions = np.arange(len(found_ids))
            slots = self._slots()
            slots[found_ids] = positions
            all_ids = found_ids[slots[found_ids] == positions]
            weights = marks[all_ids].astype(np.float32)
            marks[all_ids] = 0.0
            found = _PartPostings(all_ids, weights, keyed[-1][0], tuple(common))
        if len(self._part_cache) >= PART_CACHE_SIZE:
            self._part_cache.clear()
        self._part_cache[cache_key] = found
        return found

    def _common_only(self, common: list[tuple[int, str]], size: int, limit: int) -> list[int]:
        """Only common keys ("Mohammed Ali"): intersect them instead of scanning one, and keep
        the names closest in length to the query."""
        if not common:
            return []
        common.sort()
        rarest = set(self._postings[common[0][1]].tolist())
        for _, key in common[1:]:
            narrowed = rarest.intersection(self._postings[key].tolist())
            if narrowed:
                rarest = narrowed
        return sorted(rarest, key=lambda n: (abs(len(self.names[n].prepared.parts) - size), n))[
            :limit
        ]
