"""Index keys that let a Western name and its Hebrew or Hangul rendering find each other.

The general keys (``names.phonetic``) of "joji busi" (조지 부시) and "george bush" differ, so
neither finds the other. Both sides are also filed under their merged-consonant key
(``names.loose``), in two separate namespaces: Latin names under ``xl:``, which only Hebrew and
Hangul queries look up, and Hebrew and Hangul names under ``xn:``, which only Latin queries look
up. A Latin query therefore never meets another Latin name through these coarse keys, and
screening Latin against Latin retrieves exactly what it did without them.
"""

from __future__ import annotations

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
    if namespace == LATIN_LISTED:
        found = {coarse(loose_key(part.text, native=True))}
    else:
        found = {coarse(loose_key(part.text)), coarse(loose_key_as_heard(part.text))}
    return [(namespace + key, weight) for key in sorted(found) if len(key) >= MIN_KEY]


def ideal_weight(key: str, weight: float) -> float:
    """A key's share in the evidence a query part could contribute at best.

    The Hebrew and Hangul names a Latin query finds by merged keys are extra candidates: they
    do not raise the bar the Latin candidates must clear (0, as if the key were absent).
    """
    return 0.0 if key.startswith(NATIVE_LISTED) else weight
