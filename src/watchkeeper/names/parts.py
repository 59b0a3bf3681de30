"""A name prepared for comparison: its parts, their phonetic keys, and what was set aside.

``prepare`` turns "Haji Qassem SOLEIMANI" into parts ``qassem soleimani`` with ``haji`` noted as
a dropped honorific, "OOO Romashka" into ``romashka`` with legal form ``llc``, and
"Abd al-Rahman" into ``abdul rahman``. Listed names are prepared once at index build time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources

import yaml

from watchkeeper.names.normalize import normalize
from watchkeeper.names.phonetic import skeleton, vowel_key

# "abd al X", "abdel X", "abdoul X": the same Arabic "servant of", written many ways.
_ABD_FORMS = {
    "abdel": "abdul",
    "abdal": "abdul",
    "abdol": "abdul",
    "abdoul": "abdul",
    "abdu": "abdul",
}
_ARTICLES = {"al", "el", "ul", "ol"}
_SON_OF = {"ibn": "bin", "ben": "bin", "bn": "bin", "ebn": "bin"}
_FATHER_OF = {"abou": "abu", "abo": "abu"}


_EAST_ASIAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")


class PartRole(StrEnum):
    """How much a part says about identity, which sets its weight when names are compared."""

    NAME = "name"
    PARTICLE = "particle"
    ORG_WORD = "org_word"
    NUMBER = "number"
    INITIAL = "initial"


@dataclass(frozen=True, slots=True)
class NamePart:
    """One word of a name with its phonetic keys (see ``names.phonetic``)."""

    text: str
    key: str
    vkey: str
    role: PartRole


@dataclass(frozen=True, slots=True)
class PreparedName:
    """A name ready to compare. ``parts`` keep the order written."""

    original: str
    parts: tuple[NamePart, ...]
    honorifics: tuple[str, ...] = ()
    legal_forms: tuple[str, ...] = ()
    tokens: tuple[str, ...] = field(default=())
    person: bool | None = None
    # "FAMILY NAMES, Given names" as lists write persons: the first family name and the first
    # given name are the ones that identify; the rest are second surnames and middle names.
    core: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(part.text for part in self.parts)


def _data(name: str) -> str:
    return resources.files("watchkeeper.names").joinpath("data", name).read_text("utf-8")


def _lines(name: str) -> frozenset[str]:
    return frozenset(
        line.strip() for line in _data(name).splitlines() if line.strip() and line[0] != "#"
    )


@cache
def honorifics() -> frozenset[str]:
    return _lines("honorifics.txt")


@cache
def title_names() -> frozenset[str]:
    return _lines("title_names.txt")


@cache
def particles() -> frozenset[str]:
    return _lines("particles.txt")


@cache
def org_words() -> frozenset[str]:
    return _lines("org_words.txt")


@cache
def legal_forms() -> dict[tuple[str, ...], str]:
    """Token sequence -> canonical legal form, for every spelling in ``org_types.yml``."""
    table: dict[str, list[str]] = yaml.safe_load(_data("org_types.yml"))
    forms: dict[tuple[str, ...], str] = {}
    for canonical, spellings in table.items():
        for spelling in [canonical, *spellings]:
            forms[tuple(normalize(spelling).split())] = canonical
    return forms


@cache
def unambiguous_legal_forms() -> dict[tuple[str, ...], str]:
    """Legal forms that cannot be mistaken for a word of a person's name."""
    return {k: v for k, v in legal_forms().items() if " ".join(k) not in AMBIGUOUS_FORMS}


@cache
def korean_surnames() -> dict[str, str]:
    table: dict[str, list[str]] = yaml.safe_load(_data("korean_surnames.yml"))
    return {romanized: spellings[0] for romanized, spellings in table.items()}


def _merge_arabic_forms(tokens: list[str]) -> list[str]:
    """Canonical spellings of "Abd al", "bin/ibn", "Abu"; the article stays its own part."""
    merged: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "abd" and i + 1 < len(tokens) and tokens[i + 1] in _ARTICLES:
            merged.append("abdul")
            i += 2
            continue
        merged.append(_ABD_FORMS.get(token) or _SON_OF.get(token) or _FATHER_OF.get(token) or token)
        i += 1
    return merged


# Legal forms that are also common name words ("Sa", "Co", "As", "Ao"); only stripped from
# names known to be organisations.
AMBIGUOUS_FORMS = frozenset(
    {"sa", "as", "co", "ag", "ab", "oy", "bv", "nv", "kg", "ao", "too", "tov", "sc", "lp", "spa",
     "sas", "tic", "pte", "pvt", "pty", "bhd", "oao", "zao", "pao"}
)  # fmt: skip


def _strip_legal_forms(tokens: list[str], known_org: bool) -> tuple[list[str], list[str]]:
    """Remove legal forms at either end of an organisation name (longest spelling first)."""
    forms = legal_forms() if known_org else unambiguous_legal_forms()
    longest = max(len(key) for key in forms)
    found: list[str] = []
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for size in range(min(longest, len(tokens) - 1), 0, -1):
            tail, head = tuple(tokens[-size:]), tuple(tokens[:size])
            if tail in forms:
                found.append(forms[tail])
                tokens = tokens[:-size]
                changed = True
                break
            if head in forms:
                found.append(forms[head])
                tokens = tokens[size:]
                changed = True
                break
    return tokens, found


def _join_initialisms(tokens: list[str]) -> list[str]:
    """ "L L C" and "U S A" as written with dots become one token, as they are meant."""
    joined: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if len(run) >= 2:
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        if token:
            joined.append(token)
    return joined


def _role(token: str, is_org: bool, known_org: bool = False) -> PartRole:
    if token.isdigit():
        return PartRole.NUMBER
    if len(token) == 1:
        # A letter in the name of a ship or a company ("EMILY S", "A-Kontrakt") is a letter,
        # not the initial of a word it could stand for.
        return PartRole.ORG_WORD if known_org else PartRole.INITIAL
    if token in particles() or token in _ARTICLES:
        return PartRole.PARTICLE
    if is_org and token in org_words():
        return PartRole.ORG_WORD
    return PartRole.NAME


def _core(name: str, tokens: list[str]) -> tuple[str, ...]:
    """The first family and first given name of a "FAMILY, Given" name, if it is one."""
    if name.count(",") != 1:
        return ()
    family, given = (normalize(side).split() for side in name.split(","))
    if not family or not given or family[0] not in tokens or given[0] not in tokens:
        return ()
    return (family[0], given[0])


def _drop_titles(name: str, tokens: list[str]) -> tuple[list[str], list[str]]:
    """Drop honorifics ("General Qasem Soleimani", "John Smith Jr"), and report them.

    Honorifics that are also names (``title_names.txt``: Bishop, Amir) are only titles where
    a title stands: leading the name, or the given names after a comma ("SOLEIMANI, Sayed
    Qasem"). A name made only of honorifics keeps its last word ("Dr Bishop").
    """
    titles, names = honorifics(), title_names()
    starts = {0}
    if "," in name:
        starts.add(len(normalize(name.split(",", 1)[0]).split()))
    dropped = {i for i, t in enumerate(tokens) if t in titles and t not in names}
    for start in starts:
        i = start
        while i < len(tokens) and tokens[i] in titles:
            dropped.add(i)
            i += 1
    if len(dropped) == len(tokens):
        dropped.discard(len(tokens) - 1)
    if not dropped:
        return tokens, []
    return (
        [t for i, t in enumerate(tokens) if i not in dropped],
        [t for i, t in enumerate(tokens) if i in dropped],
    )


@lru_cache(maxsize=100_000)
def prepare(name: str, is_person: bool | None = None) -> PreparedName:
    """Prepare a name; ``is_person`` None means unknown (both readings are tolerated).

    Honorifics are dropped from any name that keeps at least one other part; legal forms are
    only recognised when the name may be an organisation.
    """
    tokens = normalize(name).split()
    dropped: list[str] = []
    if is_person is not False:
        tokens, dropped = _drop_titles(name, tokens)
    if any("\uac00" <= ch <= "\ud7a3" for ch in name) and tokens:
        tokens[0] = korean_surnames().get(tokens[0], tokens[0])
    tokens = _merge_arabic_forms(tokens)
    found: list[str] = []
    is_org = is_person is not True
    if is_org:
        tokens, found = _strip_legal_forms(_join_initialisms(tokens), is_person is False)
    # Chinese, Korean and Japanese names have no particles: "bin" is a given name there.
    east_asian = _EAST_ASIAN.search(name) is not None
    parts = tuple(
        NamePart(
            t,
            skeleton(t),
            vowel_key(t),
            PartRole.NAME if east_asian else _role(t, is_org, is_person is False),
        )
        for t in tokens
    )
    return PreparedName(
        original=name,
        parts=parts,
        honorifics=tuple(dropped),
        legal_forms=tuple(found),
        tokens=tuple(tokens),
        person=is_person,
        core=_core(name, tokens) if is_person else (),
    )
