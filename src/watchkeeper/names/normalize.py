"""The one place where a name is normalised for matching.

Every name (listed or queried) goes through ``normalize``: Unicode compatibility folding,
Arabic/Persian letter unification, transliteration of any script to Latin (ICU's transforms,
with a Chinese-aware pass), ASCII folding, lower case, and punctuation to spaces. Listed
names are normalised once when the index is built and queried names once per query; all
comparisons then run on these plain ASCII token strings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import icu
from anyascii import anyascii

from watchkeeper.names.hangul import hangul_to_latin
from watchkeeper.names.hebrew import fold_hebrew, has_hebrew

# Persian and Arabic write the same letters with different code points (ی/ي, ک/ك) and add
# optional marks (hamza seats, tatweel, harakat); lists and news use either, so fold them.
_ARABIC_FOLD = str.maketrans(
    {
        "ی": "ي",
        "ى": "ي",
        "ئ": "ي",
        "ک": "ك",
        "ڪ": "ك",
        "گ": "ك",
        "ة": "ه",
        "ۀ": "ه",
        "ھ": "ه",
        "ہ": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ـ": None,
        "پ": "ب",
        "چ": "ج",
        "ژ": "ز",
    }
)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
# The Arabic article written joined to the noun: القذافي -> ال قذافي, so "al-Qadhafi" aligns.
_ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06ff])ال(?=[\u0600-\u06ff]{3,})")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# ICU writes Arabic ayn as a modifier letter; at the start of a word it stands for the vowel
# that Latin spellings write ("Ali", "Abd"), inside a word it is simply dropped.
_INITIAL_AYN = re.compile(r"(?<![a-z])[ʿʾ](?=[a-z])")
_NAME_DOTS = re.compile(r"[·・•‧]")
_APOSTROPHES = re.compile(r"[’'`ʻʼʿʾ´‘]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Russian BGN/PCGN romanisation first: it is what lists and the English-language press use
# (Suleymani, Shoygu, Yuriy), where ICU's generic Cyrillic transform writes Sulejmani, Sojgu.
_TO_LATIN = "Russian-Latin/BGN; Any-Latin; Latin-ASCII; Lower"


@lru_cache(maxsize=1)
def _transliterator() -> icu.Transliterator:
    return icu.Transliterator.createInstance(_TO_LATIN)


def _han_to_latin(match: re.Match[str]) -> str:
    """Pinyin for a run of Chinese characters, grouped the way names are written in Latin.

    ICU separates every syllable ("xi jin ping"); names are romanised as family name plus a
    joined given name ("xi jinping"), and foreign names written in Han between ``·`` dots are
    one word each.
    """
    syllables = str(_transliterator().transliterate(match.group(0))).split()
    if len(syllables) <= 1:
        return " " + "".join(syllables) + " "
    return " " + syllables[0] + " " + "".join(syllables[1:]) + " "


def _syllable_to_latin(syllable: str) -> str:
    return str(_transliterator().transliterate(syllable))


def _han_segments(text: str) -> str:
    if not _HAN.search(text):
        return text
    if _NAME_DOTS.search(text):
        parts = _NAME_DOTS.split(text)
        return " ".join(
            "".join(str(_transliterator().transliterate(p)).split()) if _HAN.search(p) else p
            for p in parts
        )
    return _HAN.sub(_han_to_latin, text)


def fold_arabic(text: str) -> str:
    """Unify Arabic and Persian letter variants and split off the joined article."""
    text = _ARABIC_MARKS.sub("", text.translate(_ARABIC_FOLD))
    return _ARABIC_ARTICLE.sub("ال ", text)


@lru_cache(maxsize=200_000)
def normalize(text: str) -> str:
    """A name as space-separated lower-case ASCII tokens, whatever script it came in.

    >>> normalize("SOLEIMANI, Qasem")
    'soleimani qasem'
    >>> normalize("قاسم سلیمانی")
    'qasm slymany'
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        if any("\u0600" <= ch <= "\u06ff" for ch in text):
            text = fold_arabic(text)
        elif has_hebrew(text):
            text = fold_hebrew(text)
        text = _han_segments(text)
        text = hangul_to_latin(text, _syllable_to_latin)
        text = _INITIAL_AYN.sub("a", str(_transliterator().transliterate(text)))
        if not text.isascii():
            text = anyascii(text).lower()
    else:
        text = text.lower()
    text = _APOSTROPHES.sub("", text)
    return _NON_ALNUM.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """The normalised tokens of a name."""
    return normalize(text).split()
