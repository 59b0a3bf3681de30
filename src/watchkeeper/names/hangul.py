"""Hangul names to Latin: Korean names apart from foreign names written in Hangul.

A Korean name is one word of two to four syllables opening with a family name (김정은): the
family name is set apart and the given name kept whole ("gim jeongeun"), as lists write them.
Anything else in Hangul is a foreign name written word by word (조지 부시 = George Bush,
플로렌스 나이팅게일): each word becomes one token, its syllables romanised and joined
("joji busi", "peullolenseu naitinggeil"). Splitting those at the first syllable, as a Korean
name, would break every word of a Western name in two.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import resources

_HANGUL = re.compile(r"[\uac00-\ud7a3]+")


@cache
def _family_names() -> frozenset[str]:
    """Korean family names in Hangul (``data/korean_family_names.txt``)."""
    text = resources.files("watchkeeper.names").joinpath("data", "korean_family_names.txt")
    lines = text.read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and line[0] != "#")


def is_korean_name(word: str) -> bool:
    """Whether a Hangul word has the shape of a Korean person's full name."""
    if not 2 <= len(word) <= 4:
        return False
    family_names = _family_names()
    return word[0] in family_names or (len(word) >= 3 and word[:2] in family_names)


def hangul_to_latin(text: str, romanize: Callable[[str], str]) -> str:
    """Every Hangul word of ``text`` romanised (``romanize`` reads one syllable).

    Only a name written as a single Hangul word can be a Korean name; in a name of several
    Hangul words each word is a foreign name's word.
    """
    words = _HANGUL.findall(text)
    if not words:
        return text
    korean = len(words) == 1 and is_korean_name(words[0])

    def word_to_latin(match: re.Match[str]) -> str:
        word = match.group(0)
        syllables = [romanize(ch) for ch in word]
        if korean:
            family = 2 if len(word) >= 3 and word[:2] in _family_names() else 1
            return " " + "".join(syllables[:family]) + " " + "".join(syllables[family:]) + " "
        return " " + "".join(syllables) + " "

    return _HANGUL.sub(word_to_latin, text)
