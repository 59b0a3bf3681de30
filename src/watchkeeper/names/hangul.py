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


def is_korean_person_name(text: str) -> bool:
    """Whether a name in Hangul is a Korean person's name, not a foreign name in Hangul.

    Either one word in the shape of ``is_korean_name`` (김정은), or two or three short words
    with a family name first or last (김 정은, 영환 김): foreign names run longer.
    """
    words = _HANGUL.findall(text)
    if len(words) == 1:
        return is_korean_name(words[0])
    if not 2 <= len(words) <= 3 or any(len(word) > 2 for word in words):
        return False
    family_names = _family_names()
    return words[0] in family_names or words[-1] in family_names


KOREAN = "Kore"


def writing(script: str, name: str) -> str:
    """``script``, except ``Kore`` (ISO 15924: Korean) for a Korean person's name in Hangul.

    Comparisons that serve foreign names written in Hangul (``names.loose``) must leave Korean
    names alone: their Latin spellings follow Korean romanisations, not the other way round.
    """
    if script == "Hang" and is_korean_person_name(name):
        return KOREAN
    return script


# A syllable's final consonant is its code point's offset from 가 modulo 28; ICU spells the
# finals ㄱ, ㄷ, ㅂ, ㅅ as in Korean words (g, d, b, s), where in a foreign word they write the
# voiceless k, t, p, t of the source (힉스 = Hicks, 스콧 = Scott, 캣 = cat).
_FINALS = {1: ("g", "k"), 7: ("d", "t"), 17: ("b", "p"), 19: ("s", "t")}


def _foreign_syllable(syllable: str, romanize: Callable[[str], str]) -> str:
    """One syllable of a foreign word, its final consonant spelled as the source wrote it."""
    latin = romanize(syllable)
    final = _FINALS.get((ord(syllable) - 0xAC00) % 28)
    if final is not None and latin.endswith(final[0]):
        return latin[: -len(final[0])] + final[1]
    return latin


def hangul_to_latin(text: str, romanize: Callable[[str], str]) -> str:
    """Every Hangul word of ``text`` romanised (``romanize`` reads one syllable).

    The words of a Korean person's name (``is_korean_person_name``) are split after their
    first syllable, as Korean names have always been read here; every other word is a
    foreign name's word and stays whole.
    """
    if not _HANGUL.search(text):
        return text
    korean = is_korean_person_name(text)

    def word_to_latin(match: re.Match[str]) -> str:
        word = match.group(0)
        if korean:
            syllables = [romanize(ch) for ch in word]
            family = 2 if len(word) >= 3 and word[:2] in _family_names() else 1
            if len(word) == 1:
                return " " + syllables[0] + " "
            return " " + "".join(syllables[:family]) + " " + "".join(syllables[family:]) + " "
        return " " + "".join(_foreign_syllable(ch, romanize) for ch in word) + " "

    return _HANGUL.sub(word_to_latin, text)
