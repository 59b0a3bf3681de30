"""How alike two name parts are, and in what way (the "how" an analyst reads)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import NamedTuple

import numpy as np
from rapidfuzz.distance import Indel, JaroWinkler
from rapidfuzz.process import cdist

from watchkeeper.names.parts import NamePart, PartRole
from watchkeeper.scoring.loose import loose_similarity


class How(StrEnum):
    """Why two parts were aligned; shown in every explanation."""

    EXACT = "exact"
    TRANSLITERATION = "transliteration"
    PHONETIC = "phonetic"
    EDIT = "edit distance"
    INITIAL = "initial"
    JOINED = "joined parts"
    NONE = "no match"


INITIAL_SCORE = 0.8
# Below this a part pair is not an alignment at all: the parts count as unmatched.
MIN_USEFUL = 0.7
# Same vowel-aware key (Qasem/Kasim/Ghasem): a transliteration variant of one name.
VOWEL_KEY_BASE = 0.86
# Same consonant skeleton where one side was written in an abjad (قاسم -> "qasm").
ABJAD_KEY_BASE = 0.84
# What a differently spelled part can score at most against a syllable read from a Chinese
# character: below ``MIN_USEFUL``, so it is no alignment.
HAN_SYLLABLE_EDIT = 0.65
# Given names that differ by a gendered ending are usually two people.
GENDER_VARIANT = 0.78


def spelling_similarity(a: str, b: str) -> float:
    """Similarity of two spellings in [0, 1]; typo-tolerant and length-aware.

    The Indel ratio punishes any edit in a short token (Li/Lu) while Jaro-Winkler rewards a
    shared start; the mean of both behaves well on names of 3 to 15 letters.
    """
    if a == b:
        return 1.0
    return (Indel.normalized_similarity(a, b) + JaroWinkler.normalized_similarity(a, b)) / 2


ABJADS = frozenset({"Arab", "Hebr", "Syrc", "Thaa"})
# Names written in Chinese characters alone, romanised one syllable per character ("山本" ->
# "shan ben"). Japanese names with kana (``Jpan``) are not: kana spell whole words.
HAN = frozenset({"Hani"})
# Scripts that write foreign names with fewer consonant distinctions than Latin (one letter
# for b and v, or for l and r): see ``names.loose``.
MERGING = frozenset({"Hebr", "Hang"})


class ScriptPair(NamedTuple):
    """How the scripts of a query and a listed name relate; it changes what a spelling
    difference means."""

    # Written in different scripts: a phonetic match is reported as a transliteration.
    cross: bool = False
    # One side came from Arabic or Hebrew script, where short vowels are not written, so the
    # consonant skeleton alone is good evidence.
    abjad: bool = False
    # One side was romanised from Chinese characters: each part is the reading of a character,
    # and a syllable spelled differently (shan/shen, jia/jian) is a different character, not
    # a spelling of the same one.
    han: bool = False
    # One side is Hebrew or Hangul and the other Latin: consonants Latin spellings keep
    # apart may be merged on the other side (George/조지, Josef/יוזף).
    merging: bool = False
    # Which side that is: the query (else the listed name).
    merging_query: bool = False


def _latin(script: str) -> str:
    return "Latn" if script == "Zyyy" else script


def script_pair(query_script: str, listed_script: str) -> ScriptPair:
    """The relation of two names' scripts (ISO 15924 codes, see ``names.script``)."""
    q, c = _latin(query_script), _latin(listed_script)
    merging = (q in MERGING and c == "Latn") or (c in MERGING and q == "Latn")
    return ScriptPair(
        q != c, q in ABJADS or c in ABJADS, q in HAN or c in HAN, merging, merging and q in MERGING
    )


SAME_SCRIPT = ScriptPair()


def part_similarity(
    query: NamePart, listed: NamePart, scripts: ScriptPair = SAME_SCRIPT, spelled: float = -1.0
) -> tuple[float, How]:
    """Score one query part against one listed part (see ``ScriptPair`` for ``scripts``).

    ``spelled`` is their ``spelling_similarity`` when the caller has it already.
    """
    q, c = query.text, listed.text
    if q == c:
        return 1.0, How.EXACT
    if (query.role is PartRole.INITIAL and c.startswith(q)) or (
        listed.role is PartRole.INITIAL and q.startswith(c)
    ):
        return INITIAL_SCORE, How.INITIAL
    if query.role is PartRole.NUMBER or listed.role is PartRole.NUMBER:
        return 0.0, How.NONE
    if _gender_pair(q, c):
        return GENDER_VARIANT, How.EDIT
    if _article_against_name(query, listed) or _article_against_name(listed, query):
        # An article is not a spelling of a name: Ali (علي, "aly") is not "al", nor Alf.
        return NOT_USEFUL
    if spelled < 0:
        spelled = spelling_similarity(q, c)
    if scripts.han:
        # A part read from a Chinese character is the syllable of that character: a syllable
        # one letter away (jia/jian, cheng/chen, hong/zhong) is another character, and a
        # part of a longer name (ming/zeming) is not that name.
        return min(spelled, HAN_SYLLABLE_EDIT), How.EDIT
    # Short words share phonetic keys by accident (Fan/Wen, Jose/Joshua); a phonetic key only
    # vouches for spellings that already look alike.
    plausible = spelled >= (0.7 if min(len(q), len(c)) <= 4 else 0.62)
    if plausible and len(query.vkey) >= 3 and query.vkey == listed.vkey:
        sounded = How.TRANSLITERATION if scripts.cross else How.PHONETIC
        return max(spelled, VOWEL_KEY_BASE + 0.1 * spelled), sounded
    # Abjads write no short vowels ("mmr" for Muammar): the consonants must agree, at length.
    # Between Hebrew and Latin a short skeleton does not vouch for a two-letter word
    # (Uri/"ar", Mizrahi/"MZ"): Hebrew names look too much like Arabic articles and initials.
    if (
        scripts.abjad
        and query.key == listed.key
        and (len(query.key) >= 3 or not scripts.merging or min(len(q), len(c)) >= 3)
        and spelled >= (0.5 if len(query.key) >= 3 else 0.6)
    ):
        return max(spelled, ABJAD_KEY_BASE + 0.1 * spelled), How.TRANSLITERATION
    if scripts.merging and query.role is PartRole.NAME and listed.role is PartRole.NAME:
        loose = loose_similarity(q, c) if scripts.merging_query else loose_similarity(c, q)
        if loose > spelled:
            return loose, How.TRANSLITERATION
    return spelled, How.EDIT


# Below this spelling similarity no rule of ``part_similarity`` can make a pair useful: a
# phonetic key needs 0.62, an abjad skeleton 0.5; initials and numbers are checked apart.
PLAUSIBLE_SPELLING = 0.5
NOT_USEFUL = (0.0, How.NONE)


def similarity_rows(
    query: Sequence[NamePart],
    listed: Sequence[NamePart],
    scripts: ScriptPair = SAME_SCRIPT,
) -> dict[str, dict[str, tuple[float, How]]]:
    """``part_similarity`` of every query part with every listed part, by their spellings.

    A query meets a few hundred listed parts, nearly all plainly different: rapidfuzz scores
    them all at once and only the plausible pairs go through the rules one by one (listed
    parts may repeat; each spelling is scored once). Pairs left
    out of the rules get ``NOT_USEFUL``, which is what the rules would give them in effect
    (a score below ``MIN_USEFUL``).
    """
    q_texts = [p.text for p in query]
    distinct = {p.text: p for p in listed}
    c_texts = list(distinct)
    listed = list(distinct.values())
    if not q_texts or not c_texts:
        return {text: {} for text in q_texts}
    spelled = cdist(q_texts, c_texts, scorer=Indel.normalized_similarity, dtype=np.float64)
    spelled += cdist(q_texts, c_texts, scorer=JaroWinkler.normalized_similarity, dtype=np.float64)
    plausible = spelled >= 2 * PLAUSIBLE_SPELLING
    if scripts.merging:
        # Hebrew and Hangul romanisations look unlike the Latin spelling they render.
        plausible[:] = True
    initials = np.fromiter((len(t) == 1 for t in c_texts), dtype=np.bool_, count=len(c_texts))
    plausible[:, initials] = True
    spelled /= 2
    rows: dict[str, dict[str, tuple[float, How]]] = {}
    unscored = dict.fromkeys(c_texts, NOT_USEFUL)
    for i, part in enumerate(query):
        row = unscored.copy()
        columns = (
            range(len(c_texts)) if len(part.text) == 1 else np.flatnonzero(plausible[i]).tolist()
        )
        for j in columns:
            row[c_texts[j]] = part_similarity(part, listed[j], scripts, float(spelled[i, j]))
        rows[part.text] = row
    return rows


def _article_against_name(particle: NamePart, other: NamePart) -> bool:
    """A two-letter particle ("al", "el", "de") against a part that is not a particle.

    Longer particles are left alone: "abu" and "bin" arrive from Arabic script as "abw" and
    "bn", which are not on the particle list.
    """
    return (
        particle.role is PartRole.PARTICLE
        and len(particle.text) <= 2
        and other.role is not PartRole.PARTICLE
    )


def _gender_pair(a: str, b: str) -> bool:
    """Martin/Martina, Antonio/Antonia: Romance given names whose ending marks another person."""
    if len(a) < 4 or len(b) < 4:
        return False
    short, long = sorted((a, b), key=len)
    if long == short + "a":
        return True
    return len(a) == len(b) and a[:-1] == b[:-1] and {a[-1], b[-1]} == {"a", "o"}


def effective(score: float) -> float:
    """How much an aligned pair counts towards the name score.

    Near-identical parts count at face value; a weak resemblance (0.75: Taylor/Tayza) counts
    far less than its raw similarity, so one shared given name and a vaguely similar surname do
    not add up to a match.
    """
    if score >= 0.85:
        return score
    return 0.85 * ((score - MIN_USEFUL) / (0.85 - MIN_USEFUL)) ** 1.5 if score > MIN_USEFUL else 0.0
