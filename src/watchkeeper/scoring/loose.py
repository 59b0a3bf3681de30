"""The part rule for names written in Hebrew or Hangul against Latin spellings.

Their romanisations ("seumiseu" for 스미스, "ywzf" for יוזף) look little like the Latin spelling
("Smith", "Josef"), so the spelling similarity cannot vouch for them as it does for Arabic. The
merged-consonant key of ``names.loose`` can, but it is coarse (Weiss and Bush are both "bs"),
so it counts fully only where the vowels Hebrew or Hangul do write agree with the Latin ones.
Equal keys whose vowels disagree, keys that differ in a hissing sound (a German s sounds z) and
keys one consonant apart (a German g reads hard where English reads it soft) are a likely
transliteration, which alone does not make a match.
"""

from __future__ import annotations

from watchkeeper.names.loose import (
    coarse,
    loose_key,
    loose_key_as_heard,
    vowels_agree,
    writes_vowels,
)

# Merged keys shorter than this meet by accident; near keys need ``MIN_STRONG_KEY``.
MIN_KEY = 2
MIN_STRONG_KEY = 3
LOOSE_KEY_SCORE = 0.86
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
    latin_keys = (loose_key(latin), loose_key_as_heard(latin))
    if len(key) < MIN_KEY:
        return 0.0
    if key in latin_keys:
        if vowels_agree(native, latin) and (len(key) > MIN_KEY or writes_vowels(native)):
            return LOOSE_KEY_SCORE
        return LOOSE_NEAR_SCORE
    if len(key) < MIN_STRONG_KEY:
        return 0.0
    key = coarse(key)
    for other in map(coarse, latin_keys):
        short, long = sorted((key, other), key=len)
        if short == long or (len(short) >= MIN_STRONG_KEY and _one_deletion_apart(short, long)):
            return LOOSE_NEAR_SCORE
    return 0.0
