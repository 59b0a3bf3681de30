"""A coarse consonant key under which a Western name and its Hebrew or Hangul rendering meet.

Hebrew and Korean write foreign names with fewer consonant distinctions than Latin spellings
make. Hebrew has one letter for b and v (ב), one for p and f (פ), no short vowels, and vav for
v, w, o and u; Korean has one letter for l and r (ㄹ), writes f as p and v as b, z and j alike
(ㅈ), drops an r before a consonant (피터 = Peter) and adds a vowel after a final consonant
(스미스 = Smith). The general skeleton (``names.phonetic``) keeps those apart, so "Josef" and
יוזף, "Smith" and 스미스 never meet. This key merges every such pair into one class per place
of articulation: labials, dentals, velars, sibilants and affricates, liquids; vowels, glides
and ``h`` go. It is only ever compared between a name in Hebrew or Hangul and a Latin one.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Sounds written with two letters that must go before soft c and g are read: Korean writes
# the "ng" of a syllable end before a "g" (나이팅게일, Nightingale), English "gh" is silent.
_FIRST = (("ngg", "ng"), ("gh", ""))
# Soft c and g before a front vowel (Marcel, George, Giorgio), then multi-letter sounds.
_SOFT_C = re.compile(r"c(?=[eiy])")
# "ch" opening a word before a vowel is the English or Spanish sound (Charles, צ'רלס, 찰스);
# elsewhere it is the German or Italian k more often than not (Friedrich, Michele, Christian).
_INITIAL_CH = re.compile(r"^ch(?=[aeiouy])")
# An r before a consonant or at the end of a word, which Korean does not write (Peter/피터).
_SILENT_R = re.compile(r"r(?![aeiouy])")
_SOFT_G = re.compile(r"(?<!n)g(?=[eiy])")
_DIGRAPHS = (
    ("sh", "s"),
    ("zh", "s"),
    ("th", "t"),
    ("ph", "f"),
    ("kh", "k"),
    ("ck", "k"),
    ("ng", "n"),
    ("x", "ks"),
)
# One letter per class: labials b, dentals t, velars k, sibilants and affricates s, liquids l.
_CLASSES = str.maketrans("bpfvtdkgqcszjlr", "bbbbttkkkksssll")
_DROPPED = re.compile(r"[aeiouywh]")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def loose_key(token: str, native: bool = False) -> str:
    """The merged-consonant key of one normalised token (``smith`` and ``seumiseu`` -> ``sms``).

    ``native`` marks a token romanised from Hebrew or Hangul: there "ch" is always the
    affricate (ㅊ, צ') and "g" always hard (기, ג), where a Latin spelling's "ch", "c" and "g"
    are read by the letters around them.

    A word opening with a vowel or ``h`` opens with ``a`` (Hugo/הוגו, Arthur/아서), one opening
    with ``j`` or ``y`` with ``y``; an opening ``w`` is the consonant (Walter/발터/ולטר). Digits
    are kept verbatim.
    """
    if not token or token.isdigit():
        return token
    word = token
    for spelling, sound in _FIRST:
        word = word.replace(spelling, sound)
    if not word:
        return token
    if native:
        word = word.replace("ch", "j")
    else:
        word = _SOFT_G.sub("j", _SOFT_C.sub("s", word))
        word = word.replace("tsch", "j").replace("sch", "s").replace("tch", "j")
        word = _INITIAL_CH.sub("j", word).replace("ch", "k")
    for spelling, sound in _DIGRAPHS:
        word = word.replace(spelling, sound)
    first, rest = word[0], word[1:]
    if first in "aeiouh":
        head = "a"
    elif first in "jy":
        # Josef/יוזף/요제프 and John/ג'ון/존: an opening j is read either way.
        head = "y"
    elif first == "w":
        head = "b"
    else:
        head = first.translate(_CLASSES)
    return _REPEATS.sub(r"\1", head + _DROPPED.sub("", rest).translate(_CLASSES))


@lru_cache(maxsize=200_000)
def loose_key_without_r(token: str) -> str:
    """``loose_key`` as Korean hears the word: no r before a consonant or at the end
    (``peter`` -> ``bt`` like 피터, ``walter`` -> ``blt`` like 발터)."""
    return loose_key(_SILENT_R.sub("", token) or token)
