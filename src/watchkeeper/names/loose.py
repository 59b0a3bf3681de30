"""Merged-consonant keys under which a Western name and its Hebrew or Hangul rendering meet.

Hebrew and Korean write foreign names with fewer consonant distinctions than Latin spellings
make. Hebrew has one letter for b and v (ב), one for p and f (פ), no short vowels, and vav for
v, w, o and u; Korean has one letter for l and r (ㄹ), writes f as p and v as b, z and j alike
(ㅈ), drops an r before a consonant (피터 = Peter) and adds a vowel after a final consonant
(스미스 = Smith). The general skeleton (``names.phonetic``) keeps those apart, so "Josef" and
יוזף, "Smith" and 스미스 never meet. This key merges such pairs: b and v (``b``), p and f
(``p``), l and r (``l``), s, z and j (``s``), and drops vowels, glides and ``h``. What both
scripts do write apart stays apart: voiced and voiceless (ב/פ, ㅂ/ㅍ; ד/ת, ㄷ/ㅌ; ג/ק, ㄱ/ㅋ)
and the affricates ts and ch (צ צ'/ㅊ, ``c``); the coarse key, which the index files names
under, merges those too (a German d or g sounds t or k at the end of a word). The
keys are only ever compared between a name in Hebrew or Hangul and a Latin one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from watchkeeper.names.phonetic import squeeze

# Korean writes the "ng" of a syllable end before a "g" (나이팅게일, Nightingale); English
# "gh" is silent (Hugh, Wright). Both are read before soft c and g.
_FIRST = (("ngg", "ng"), ("gh", ""))
# Soft c and g before a front vowel (Marcel, George, Giorgio).
_SOFT_C = re.compile(r"c(?=[eiy])")
_SOFT_G = re.compile(r"(?<!n)g(?=[eiy])")
# "ch" opening a word before a vowel is the English or Spanish sound (Charles, צ'רלס, 찰스);
# elsewhere it is the German or Italian k more often than not (Friedrich, Michele, Christian).
_INITIAL_CH = re.compile(r"^ch(?=[aeiouy])")
# Affricates ("C") and the other hissing sounds of Latin spellings, longest first.
_LATIN_SOUNDS = (
    ("tsch", "C"),
    ("sch", "s"),
    ("tch", "C"),
    ("dzh", "j"),
    ("dj", "j"),
    ("ts", "C"),
    ("tz", "C"),
    ("ch", "k"),
)
# In a romanisation from Hebrew or Hangul "ch" is always the affricate (ㅊ, צ').
_NATIVE_SOUNDS = (("ch", "C"), ("ts", "C"), ("tz", "C"))
_DIGRAPHS = (
    ("sh", "s"),
    ("zh", "j"),
    ("th", "t"),
    ("ph", "f"),
    ("kh", "k"),
    ("ck", "k"),
    ("ng", "n"),
    ("x", "ks"),
)
_CLASSES = str.maketrans("bpfvtdkgqcCszjlr", "bppbtdkgkkcsssll")
_DROPPED = re.compile(r"[aeiouywh]")
_COARSE = str.maketrans("pdgc", "btks")
# An r before a consonant or at the end of a word, which Korean does not write (Peter/피터),
# and a final "th", which it writes s (Smith/스미스).
_SILENT_R = re.compile(r"r(?![aeiouy])")
_FINAL_TH = re.compile(r"th$")


def _sounds(token: str, native: bool) -> tuple[str, str]:
    """The class of a token's opening sound and the rest of it, multi-letter sounds read."""
    word = token
    for spelling, sound in _FIRST:
        word = word.replace(spelling, sound)
    if not word:
        word = token
    sounds: tuple[tuple[str, str], ...]
    if native:
        sounds = _NATIVE_SOUNDS
    else:
        word = _INITIAL_CH.sub("C", _SOFT_G.sub("j", _SOFT_C.sub("s", word)))
        sounds = _LATIN_SOUNDS
    for spelling, sound in (*sounds, *_DIGRAPHS):
        word = word.replace(spelling, sound)
    first, rest = word[0], word[1:]
    if first in "aeiouh":
        head = "a"
    elif first in "jyz":
        head = "y"
    elif first == "w":
        head = "b"
    else:
        head = first.translate(_CLASSES)
    return head, rest


@lru_cache(maxsize=200_000)
def loose_key(token: str, native: bool = False) -> str:
    """The merged-consonant key of one normalised token (``smith`` and ``seumiseu`` -> ``sms``).

    ``native`` marks a token romanised from Hebrew or Hangul: there "ch" is always the
    affricate (ㅊ, צ') and "g" always hard (기, ג), where a Latin spelling's "ch", "c" and "g"
    are read by the letters around them. A word opening with a vowel or ``h`` opens with ``a``
    (Hugo/הוגו, Arthur/아서), one opening with j, y or z with ``y`` (Josef/יוזף/요제프 and
    John/ג'ון/존: an opening j is read either way); an opening ``w`` is the consonant
    (Walter/발터/ולטר). Digits are kept verbatim.
    """
    if not token or token.isdigit():
        return token
    head, rest = _sounds(token, native)
    return squeeze(head + _DROPPED.sub("", rest).translate(_CLASSES))


# Vowel letters -> the vowel classes a Hebrew mater or a Korean vowel can stand for: a; e, i
# and y (Hebrew yod); o, u and w (Hebrew vav). Korean eo is the neutral vowel of English
# spellings (피터 = Peter, 불럭 = Bullock): any vowel; its eu is added, not written.
_VOWEL_CLASSES = {"a": "A", "e": "I", "i": "I", "y": "I", "o": "O", "u": "O", "w": "O"}
_VOWEL_RUN = re.compile(r"[aeiouyw]+")
_KOREAN_ADDED = re.compile(r"eu")
_ANY_VOWEL = "AIO"


def _vowel_classes(run: str, native: bool) -> str:
    if native and "eo" in run:
        return _ANY_VOWEL
    found = {_VOWEL_CLASSES[ch] for ch in run}
    if native and "e" in run:
        # Korean e and ae also write the English a of Gary (게리) and Sandra (샌드라).
        found.add("A")
    return "".join(sorted(found))


@lru_cache(maxsize=200_000)
def vowel_slots(token: str, native: bool = False) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The merged consonants of a token and, after each but the last, the classes of the
    vowels written before the next (``""`` for none): where a Hebrew or Korean spelling
    writes a vowel the Latin one must have a like vowel (``dnyl`` and ``daniel``, not ``vyys``
    and ``bush``)."""
    head, rest = _sounds(_KOREAN_ADDED.sub("", token) if native else token, native)
    consonants = [head]
    gaps: list[str] = []
    vowels = ""
    for part in re.split(r"([aeiouyw]+)", rest.replace("h", "")):
        if not part:
            continue
        if _VOWEL_RUN.fullmatch(part):
            vowels = _vowel_classes(part, native)
            continue
        for letter in part.translate(_CLASSES):
            if letter == consonants[-1] and not vowels:
                continue
            gaps.append(vowels)
            consonants.append(letter)
            vowels = ""
    return tuple(consonants), tuple(gaps)


def writes_vowels(native: str) -> bool:
    """Whether a Hebrew or Hangul token writes any vowel between its consonants (טלאל does,
    טל does not): without one, a short merged key has nothing to confirm it."""
    return any(vowel_slots(native, native=True)[1])


def vowels_agree(native: str, latin: str) -> bool:
    """Whether every vowel a Hebrew or Hangul token writes between two consonants has a like
    vowel in the Latin token (see ``vowel_slots``)."""
    n_consonants, n_gaps = vowel_slots(native, native=True)
    for spelling in {latin, _as_heard(latin)}:
        l_consonants, l_gaps = vowel_slots(spelling)
        if n_consonants == l_consonants and all(
            not written or bool(set(written) & set(found))
            for written, found in zip(n_gaps, l_gaps, strict=True)
        ):
            return True
    return False


@lru_cache(maxsize=200_000)
def loose_key_as_heard(token: str) -> str:
    """``loose_key`` of a Latin token as Korean writes it: no r before a consonant or at the
    end (``peter`` -> ``bt`` like 피터, ``walter`` -> ``blt`` like 발터), a final th as s
    (``smith`` -> ``sms`` like 스미스)."""
    return loose_key(_as_heard(token))


def _as_heard(token: str) -> str:
    return _FINAL_TH.sub("s", _SILENT_R.sub("", token)) or token


def coarse(key: str) -> str:
    """A merged key with voicing and the affricate merged too (Charles: ``cls`` -> ``sls``):
    what the index files names under, so that retrieval forgives them."""
    return squeeze(key.translate(_COARSE))
