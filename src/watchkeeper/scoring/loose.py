"""The part rule for names written in Hebrew or Hangul against Latin spellings.

Their romanisations ("seumiseu" for 스미스, "ywzf" for יוזף) look little like the Latin spelling
("Smith", "Josef"), so the spelling similarity cannot vouch for them as it does for Arabic. The
merged-consonant key of ``names.loose`` can: equal keys are a transliteration, and keys one
consonant apart (Korean drops an r before a consonant, Peter/피터; a German g reads hard
where English reads it soft) a likely one.
"""

from __future__ import annotations

from watchkeeper.names.loose import loose_key, loose_key_without_r

# Equal merged keys of at least this many consonants; shorter keys meet by accident.
MIN_KEY = 2
LOOSE_KEY_SCORE = 0.86
# Keys one consonant apart, the shorter at least ``MIN_NEAR_KEY`` long.
MIN_NEAR_KEY = 2
LOOSE_NEAR_SCORE = 0.8


def _one_deletion_apart(short: str, long: str) -> bool:
    if len(long) != len(short) + 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def loose_similarity(native: str, latin: str) -> float:
    """How well a token romanised from Hebrew or Hangul and a Latin one agree on their
    merged consonants (0 when they do not)."""
    key = loose_key(native, native=True)
    if key.isdigit():
        return 0.0
    latin_keys = (loose_key(latin), loose_key_without_r(latin))
    if key in latin_keys:
        return LOOSE_KEY_SCORE if len(key) >= MIN_KEY else LOOSE_NEAR_SCORE
    for other in latin_keys:
        short, long = sorted((key, other), key=len)
        if len(short) >= MIN_NEAR_KEY and _one_deletion_apart(short, long):
            return LOOSE_NEAR_SCORE
    return 0.0
