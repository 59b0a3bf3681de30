"""A consonant skeleton per token: the key under which transliteration variants meet.

Arabic and Persian names reach Latin through many conventions: q/k/g/gh for ق, vowels written
or not, doubled letters or single (Qassem, Qasem, Ghasem, Kasim; Soleimani, Suleimani,
Sulaymani). The skeleton keeps what those conventions agree on — the consonant sequence, with
letters of one sound class merged — so all of them share one key. It is deliberately coarse: it
finds candidates and marks an alignment as "phonetic"; the score still weighs the spelling.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Multi-letter spellings of one sound, longest first.
_DIGRAPHS = (
    ("dzh", "j"),
    ("sch", "s"),
    ("tch", "c"),
    ("kh", "k"),
    ("gh", "k"),
    ("ck", "k"),
    ("sh", "s"),
    ("ch", "c"),
    ("zh", "j"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("ts", "s"),
    ("tz", "s"),
    ("dj", "j"),
    ("ks", "s"),
)
# One letter per sound class.
_CLASSES = str.maketrans("qgcxzvwp", "kkkssffb")
_VOWELS = re.compile(r"[aeiouyw]")
_REPEATS = re.compile(r"(.)\1+")


def squeeze(key: str) -> str:
    """``key`` with every run of one letter written once: keys compare sounds, and a doubled
    letter is one sound (``kassem``, ``kasem``)."""
    return _REPEATS.sub(r"\1", key)


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """The phonetic key of one normalised token (``qassem`` -> ``ksm``).

    An initial vowel is kept as ``a`` (Usama/Osama, Ibrahim/Ebrahim); inside a word vowels,
    ``w`` and ``y`` go, and so does a final ``h`` (Abdullah/Abdulla). Digits are kept
    verbatim so numbered names (``Unit 840``) stay apart.
    """
    if not token or token.isdigit():
        return token
    word = token
    for spelling, sound in _DIGRAPHS:
        word = word.replace(spelling, sound)
    first, rest = word[0], word[1:]
    head = "a" if first in "aeiouy" else first.translate(_CLASSES)
    body = _VOWELS.sub("", rest).translate(_CLASSES).removesuffix("h")
    return squeeze(head + body)


_VOWEL_CLASS = re.compile(r"[aeiouyw]+")


@lru_cache(maxsize=200_000)
def vowel_key(token: str) -> str:
    """A finer key that keeps where vowels are, not which ones (``qasem``/``kasim`` -> ``kasam``).

    Transliterations of one name disagree on vowels and on how to write a consonant, rarely on
    where the vowels sit; different names sharing a consonant skeleton (Mahmoud/Mohammed,
    Natasha/Netex) usually differ there. Alphabets with vowels are compared on this key; only
    names from abjads (Arabic, Hebrew), which do not write short vowels, fall back to
    ``skeleton``.
    """
    if not token or token.isdigit():
        return token
    word = token
    for spelling, sound in _DIGRAPHS:
        word = word.replace(spelling, sound)
    first, rest = word[0], word[1:]
    if first in "aeiouy":
        head = "a"
    elif first == "w":
        head = "f"
    else:
        head = first.translate(_CLASSES)
    rest = rest.removesuffix("h")
    # A final -o against -a marks gender in Romance names (Antonio/Antonia): keep it apart.
    ending = "o" if rest.endswith("o") else ""
    body = _VOWEL_CLASS.sub("a", rest.removesuffix("o") if ending else rest).translate(_CLASSES)
    return squeeze(head + body + ending)
