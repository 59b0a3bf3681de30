"""Hebrew spellings of names, rewritten so that ICU's transliteration reads them as a Latin
spelling would.

Hebrew writes foreign sounds with a geresh after a letter (ג'ורג' = George, צ'רצ'יל =
Churchill, ז'אן = Jean), which ICU drops, leaving "g", "z" and "z". It writes no short vowels,
so a name that starts with a vowel starts with the silent letters א or ע (אנדרה = André), which
ICU also drops: the consonant skeleton would then start with the wrong letter. A doubled vav is
the consonant v or w (וושינגטון, ליבוביץ), a vav opening a word is always the consonant
(ויקטור), the final pe is always f (יוסף) and tsadi is ts (פרנץ = Franz), where ICU writes z
as for zayin. Everything else is left to ICU.
"""

from __future__ import annotations

import re

_HEBREW_LETTER = "\u05d0-\u05ea"
_HEBREW = re.compile(f"[{_HEBREW_LETTER}]")
# Geresh as typed: the Hebrew punctuation sign or any apostrophe-like character.
_GERESH = "[\u05f3'’`´]"
# Letter + geresh -> the Latin spelling of the foreign sound it stands for.
_GERESH_SOUNDS = {
    "ג": "j",
    "צ": "ch",
    "ץ": "ch",
    "ז": "zh",
    "ת": "th",
    "ח": "kh",
    "כ": "kh",
    "ך": "kh",
    "ע": "gh",
    "ד": "dh",
}
_WITH_GERESH = re.compile(f"([{''.join(_GERESH_SOUNDS)}]){_GERESH}")
_START = f"(?<![{_HEBREW_LETTER}a-z])"
# A word opening with a silent letter opens with a vowel.
_INITIAL_SILENT = re.compile(f"{_START}[אע](?=[{_HEBREW_LETTER}])")
# Inside a word alef carries a vowel (מאן = Man, ג'נא = Jenna), which ICU drops.
_INNER_ALEF = re.compile(f"(?<=[{_HEBREW_LETTER}a-z])א")
_DOUBLE_VAV = re.compile("וו")
_INITIAL_VAV = re.compile(f"{_START}ו(?=[{_HEBREW_LETTER}])")


def has_hebrew(text: str) -> bool:
    return _HEBREW.search(text) is not None


def fold_hebrew(text: str) -> str:
    """Hebrew letters whose sound ICU would lose, written as the Latin letters meant.

    >>> fold_hebrew("ג'ורג' בוש")
    'jורj בוש'
    """
    text = _WITH_GERESH.sub(lambda m: _GERESH_SOUNDS[m.group(1)], text)
    text = _INITIAL_SILENT.sub("a", text)
    text = _INNER_ALEF.sub("a", text)
    text = _DOUBLE_VAV.sub("v", text)
    text = _INITIAL_VAV.sub("v", text)
    return text.replace("ף", "f").replace("צ", "ts").replace("ץ", "ts")
