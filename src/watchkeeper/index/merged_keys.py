"""Index keys that let a Western name and its Hebrew or Hangul rendering find each other.

The general keys (``names.phonetic``) of "joji busi" (조지 부시) and "george bush" differ, so
neither finds the other. Both sides are also filed under their merged-consonant key
(``names.loose``), in two separate namespaces: Latin names under ``xl:``, which only Hebrew and
Hangul queries look up, and Hebrew and Hangul names under ``xn:``, which only Latin queries look
up. A Latin query therefore never meets another Latin name through these coarse keys; the
Hebrew and Hangul names it finds by them are added after its usual candidates
(``native_candidates``), so screening Latin against Latin retrieves exactly what it did
without them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from watchkeeper.names.hangul import writing
from watchkeeper.names.loose import coarse, loose_key, loose_key_as_heard
from watchkeeper.names.parts import NamePart, PartRole, PreparedName
from watchkeeper.names.script import detect_script
from watchkeeper.scoring.similarity import MERGING

LATIN_LISTED = "xl:"
NATIVE_LISTED = "xn:"
# Merged keys shorter than this say too little to retrieve by (one consonant: "b" for Peebo).
MIN_KEY = 2
LATIN = frozenset({"Latn", "Zyyy"})


def _indexed(part: NamePart) -> bool:
    return part.role is PartRole.NAME and not part.text.isdigit()


def listed_merged_keys(prepared: PreparedName) -> set[str]:
    """The merged keys a listed name is filed under (none for names in other scripts)."""
    script = writing(detect_script(prepared.original), prepared.original)
    keys: set[str] = set()
    if script in MERGING:
        for part in prepared.parts:
            if _indexed(part):
                keys.add(NATIVE_LISTED + coarse(loose_key(part.text, native=True)))
    elif script in LATIN:
        for part in prepared.parts:
            if _indexed(part):
                keys.add(LATIN_LISTED + coarse(loose_key(part.text)))
                keys.add(LATIN_LISTED + coarse(loose_key_as_heard(part.text)))
    return {key for key in keys if len(key) - 3 >= MIN_KEY}


def merged_namespace(query_script: str) -> str:
    """Which merged keys a query in this script looks up ("" for none)."""
    if query_script in MERGING:
        return LATIN_LISTED
    if query_script in LATIN:
        return NATIVE_LISTED
    return ""


def query_merged_keys(part: NamePart, namespace: str, weight: float) -> list[tuple[str, float]]:
    """The merged keys one query part looks up in ``namespace``, each at ``weight``."""
    if not namespace or not _indexed(part):
        return []
    return [(key, weight) for key in _query_keys(part.text, namespace)]


@lru_cache(maxsize=100_000)
def _query_keys(text: str, namespace: str) -> tuple[str, ...]:
    if namespace == LATIN_LISTED:
        found = {coarse(loose_key(text, native=True))}
    else:
        found = {coarse(loose_key(text)), coarse(loose_key_as_heard(text))}
    return tuple(namespace + key for key in sorted(found) if len(key) >= MIN_KEY)


# Hebrew and Hangul names a Latin query may add to its candidates.
NATIVE_CANDIDATES = 10


def native_ids(
    part: NamePart, postings: Callable[[str], npt.NDArray[np.int32] | None]
) -> tuple[int, ...]:
    """The Hebrew and Hangul names one Latin query part shares a merged key with."""
    found: set[int] = set()
    for key, _ in query_merged_keys(part, NATIVE_LISTED, 1.0):
        ids = postings(key)
        if ids is not None:
            found.update(ids.tolist())
    return tuple(found)


def native_candidates(
    prepared: PreparedName, ids_of: Callable[[NamePart], tuple[int, ...]]
) -> list[int]:
    """The Hebrew and Hangul names (their ids) a Latin query finds by merged keys, best first:
    those sharing a key with all its name parts but one (a middle name the rendering left out).
    ``ids_of`` gives a part's names (``native_ids``, which the index keeps per part).

    They are added after the Latin query's own candidates, never in their place, so that a
    Latin query retrieves the same Latin names as without them.
    """
    parts = [part for part in prepared.parts if _indexed(part)]
    shared: dict[int, int] = {}
    for part in parts:
        for n_index in ids_of(part):
            shared[n_index] = shared.get(n_index, 0) + 1
    needed = max(1, len(parts) - 1)
    ranked = sorted((n for n, count in shared.items() if count >= needed), key=lambda n: -shared[n])
    return ranked[:NATIVE_CANDIDATES]
