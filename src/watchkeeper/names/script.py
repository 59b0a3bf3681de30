"""Which writing system a name is in, as an ISO 15924 code.

Lists record original-script names next to Latin ones (UN ``NAME_ORIGINAL_SCRIPT``, OFSI's
"Name Non-Latin Script"); screening needs the script to pick a transliteration path and reports
show it so an analyst knows which form matched.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

# First word of a character's Unicode name -> ISO 15924 code.
_UNICODE_TO_ISO = {
    "LATIN": "Latn",
    "ARABIC": "Arab",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "HEBREW": "Hebr",
    "CJK": "Hani",
    "HIRAGANA": "Jpan",
    "KATAKANA": "Jpan",
    "HANGUL": "Hang",
    "THAI": "Thai",
    "DEVANAGARI": "Deva",
    "BENGALI": "Beng",
    "GEORGIAN": "Geor",
    "ARMENIAN": "Armn",
    "ETHIOPIC": "Ethi",
    "MYANMAR": "Mymr",
    "KHMER": "Khmr",
    "TAMIL": "Taml",
    "SYRIAC": "Syrc",
    "THAANA": "Thaa",
}


@lru_cache(maxsize=4096)
def char_script(char: str) -> str | None:
    """ISO 15924 code of one letter, or ``None`` for digits, punctuation and unknown scripts."""
    if not char.isalpha():
        return None
    try:
        first = unicodedata.name(char).split(" ", 1)[0]
    except ValueError:
        return None
    return _UNICODE_TO_ISO.get(first, "Zyyy")


def detect_script(text: str) -> str:
    """The dominant script of ``text`` (``Zyyy`` when it has no letters).

    Japanese names mix kana and kanji: any kana makes the name ``Jpan``.
    """
    if text.isascii():
        return "Latn" if any(ch.isalpha() for ch in text) else "Zyyy"
    counts = Counter(s for s in map(char_script, text) if s is not None)
    if not counts:
        return "Zyyy"
    if "Jpan" in counts:
        return "Jpan"
    return counts.most_common(1)[0][0]
