"""Find listed names in running text, without any language model.

Every name and alias of the loaded lists is turned into a sequence of phonetic part keys with
the screening engine's own preparation (``names.parts.prepare``), so "Qassem Soleimani" in an
article finds the listed "SOLEIMANI, Qasem" and "Quds Force" finds "QUDS FORCE". Text is
matched token by token, longest name first.

Lists are written in capitals, so they say nothing about case; the article does. A name only
counts where the article writes it as a name, which keeps common words from matching:

- every significant word of the mention is capitalised ("Guard Corps", not "guard corps");
- a name made only of short words ("IRGC-QF", "AL QODS") must be written in capitals;
- single-word names are acronyms written in capitals (three letters or more) or words the
  named-entity model marks as a name (see ``single_word_names``); single family names of
  persons never match alone (they are linked within the article instead);
- weak aliases (which the listing body itself calls too broad) and vessels and aircraft are
  left out.

A hit is only a candidate: the pipeline confirms it with the screener's score.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import fuzz

from watchkeeper.model import Entity, EntityKind, NameType
from watchkeeper.names.normalize import normalize
from watchkeeper.names.parts import PartRole, particles, prepare
from watchkeeper.names.phonetic import skeleton

MAX_NAME_TOKENS = 10
SHORT = 4
# Words that may stay in lower case inside a name: "Department of Defense", "Sons of Iraq".
_LOWER_OK = frozenset({"of", "the", "and", "for", "de", "du", "des", "la", "le", "al", "el", "bin"})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    norm: str
    key: str


@dataclass(frozen=True, slots=True)
class GazetteerHit:
    """A span of the text that reads like one or more listed names."""

    start: int
    end: int
    text: str
    entity_ids: frozenset[str]


@dataclass(slots=True)
class _Entry:
    """The spellings (normalised words) sharing one key sequence, and whose names they are."""

    forms: dict[tuple[str, ...], set[str]] = field(default_factory=dict)


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` with their offsets and phonetic keys ("Soleimani’s" -> soleimani)."""
    tokens = []
    for match in _WORD.finditer(text):
        word = re.sub(r"['’]s$", "", match.group(0))
        norm = normalize(word)
        if not norm:
            continue
        norm = norm.replace(" ", "")
        key = skeleton(norm) or norm
        tokens.append(Token(word, match.start(), match.start() + len(word), norm, key))
    return tokens


def _forms(name: str, person: bool) -> list[tuple[str, ...]]:
    """Normalised words of a listed name in written order and, for "FAMILY, Given", turned."""
    prepared = prepare(name, person)
    if not prepared.parts:
        return []
    words = tuple(t for t in normalize(name).split() if t not in prepared.honorifics)
    out = [words]
    if person and name.count(",") == 1:
        family, given = name.split(",")
        turned = [*normalize(given).split(), *normalize(family).split()]
        out.append(tuple(t for t in turned if t not in prepared.honorifics))
    return out


def _similar(written: str, listed: str) -> bool:
    """Same word, or a spelling variant of a long word ("Qassem"/"Qasem", "Quds"/"Qods")."""
    if written == listed:
        return True
    if min(len(written), len(listed)) < SHORT or written[0] != listed[0]:
        return False
    return fuzz.ratio(written, listed) >= 75


class Gazetteer:
    """Listed names by key sequence; built once per set of loaded lists."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, ...], _Entry] = {}
        self._longest: dict[str, int] = defaultdict(int)
        self.kinds: dict[str, EntityKind] = {}

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> Gazetteer:
        gazetteer = cls()
        for entity in entities:
            if entity.kind in (EntityKind.VESSEL, EntityKind.AIRCRAFT):
                continue
            gazetteer.kinds[entity.id] = entity.kind
            person = entity.kind is EntityKind.PERSON
            for name in entity.names:
                if name.type is NameType.WEAK:
                    continue
                for form in _forms(name.full, person):
                    if not 0 < len(form) <= MAX_NAME_TOKENS or (person and len(form) == 1):
                        continue
                    gazetteer._add(form, entity.id)
        return gazetteer

    def _add(self, form: tuple[str, ...], entity_id: str) -> None:
        keys = tuple(skeleton(w) or w for w in form)
        entry = self._entries.setdefault(keys, _Entry())
        entry.forms.setdefault(form, set()).add(entity_id)
        self._longest[keys[0]] = max(self._longest[keys[0]], len(keys))

    def __len__(self) -> int:
        return len(self._entries)

    def find(
        self, text: str, single_word_names: frozenset[str] = frozenset()
    ) -> list[GazetteerHit]:
        """Listed names written as names in ``text``, longest first, not overlapping.

        ``single_word_names`` are offsets (as ``"start:end"``) of single words a named-entity
        model marked as names; only there may a single-word listed name match in mixed case.
        """
        tokens = tokenize(text)
        hits: list[GazetteerHit] = []
        i = 0
        while i < len(tokens):
            hit = self._longest_hit(text, tokens, i, single_word_names)
            if hit is None:
                i += 1
                continue
            hits.append(hit[0])
            i += hit[1]
        return hits

    def _longest_hit(
        self, text: str, tokens: list[Token], i: int, single_word_names: frozenset[str]
    ) -> tuple[GazetteerHit, int] | None:
        longest = min(self._longest.get(tokens[i].key, 0), len(tokens) - i)
        for size in range(longest, 0, -1):
            window = tokens[i : i + size]
            entry = self._entries.get(tuple(t.key for t in window))
            if entry is None or not _same_phrase(text, window):
                continue
            if not _written_as_name(window, single_word_names):
                continue
            written = [t.norm for t in window]
            ids = {
                entity_id
                for form, form_ids in entry.forms.items()
                if all(map(_similar, written, form))
                for entity_id in form_ids
            }
            if not ids:
                continue
            start, end = window[0].start, window[-1].end
            hit = GazetteerHit(start, end, text[start:end], frozenset(ids))
            return hit, size
        return None


def _same_phrase(text: str, window: list[Token]) -> bool:
    """No sentence or clause break inside the span: "Iran. Quds" is not "Iran Quds"."""
    return all(
        not re.search(r"[.,;:!?()\"“”\n]", text[a.end : b.start])
        or text[a.end : b.start] == "."  # "U.S." / "Michael R. Pompeo"
        for a, b in pairwise(window)
    )


def _written_as_name(window: list[Token], single_word_names: frozenset[str]) -> bool:
    words = [t.text for t in window]
    if all(len(w) <= SHORT for w in words) or len(window) == 1:
        if all(w.isupper() and any(c.isalpha() for c in w) for w in words):
            return len(window) > 1 or len(words[0]) >= 3
        return len(window) == 1 and f"{window[0].start}:{window[0].end}" in single_word_names
    significant = [w for w in words if w.lower() not in _LOWER_OK and w.lower() not in particles()]
    return bool(significant) and all(w[0].isupper() or w[0].isdigit() for w in significant)


def is_org_word(word: str) -> bool:
    """True for generic organisation words ("Force", "Corps") that identify nothing alone."""
    parts = prepare(word, False).parts
    return bool(parts) and all(p.role is PartRole.ORG_WORD for p in parts)
