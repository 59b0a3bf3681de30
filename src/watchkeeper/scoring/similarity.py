"""How alike two name parts are, and in what way (the "how" an analyst reads)."""

from __future__ import annotations

from enum import StrEnum

from rapidfuzz.distance import Indel, JaroWinkler

from watchkeeper.names.parts import NamePart


class How(StrEnum):
    """Why two parts were aligned; shown in every explanation."""

    EXACT = "exact"
    TRANSLITERATION = "transliteration"
    PHONETIC = "phonetic"
    EDIT = "edit distance"
    INITIAL = "initial"
    JOINED = "joined parts"
    NONE = "no match"


# A phonetic (skeleton) match is strong evidence but not proof: "Mohammed"/"Mahmoud" share one.
PHONETIC_FLOOR = 0.82
INITIAL_SCORE = 0.7
MIN_USEFUL = 0.55


def spelling_similarity(a: str, b: str) -> float:
    """Similarity of two spellings in [0, 1]; typo-tolerant and length-aware.

    The Indel ratio punishes any edit in a short token (Li/Lu) while Jaro-Winkler rewards a
    shared start; the mean of both behaves well on names of 3 to 15 letters.
    """
    if a == b:
        return 1.0
    return (Indel.normalized_similarity(a, b) + JaroWinkler.normalized_similarity(a, b)) / 2


def part_similarity(query: NamePart, listed: NamePart, cross_script: bool) -> tuple[float, How]:
    """Score one query part against one listed part."""
    if query.text == listed.text:
        return 1.0, How.EXACT
    q, c = query.text, listed.text
    if (len(q) == 1 and c.startswith(q)) or (len(c) == 1 and q.startswith(c)):
        return INITIAL_SCORE, How.INITIAL
    if query.role.value == "number" or listed.role.value == "number":
        return 0.0, How.NONE
    spelled = spelling_similarity(q, c)
    if query.key == listed.key and len(query.key) >= 2:
        score = max(PHONETIC_FLOOR + 0.15 * spelled, spelled)
        return min(score, 0.97), How.TRANSLITERATION if cross_script else How.PHONETIC
    if len(query.key) >= 3 and len(listed.key) >= 3:
        keyed = spelling_similarity(query.key, listed.key) * 0.9
        if keyed > spelled and keyed >= 0.75:
            return keyed, How.TRANSLITERATION if cross_script else How.PHONETIC
    return spelled, How.EDIT
