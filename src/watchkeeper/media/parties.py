"""Group an article's name mentions into parties and link the listed ones to their entries.

Mentions come from the gazetteer (listed names) and, when the language model is installed,
from its PERSON and ORG entities. A gazetteer hit is kept as a listed party only when the
screener, given the mention as a query, scores one of the hit's entities as a match. Mentions
are then grouped: hits sharing a list entry are one party ("IRGC-QF" and "Islamic
Revolutionary Guard Corps–Quds Force"), and a shorter form of a name given earlier joins it
("Soleimani", "General Qassem Soleimani" join "Qassem Soleimani"; "Pompeo" joins "Michael R.
Pompeo"), as does an acronym given in brackets after a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from watchkeeper.countries import to_iso2
from watchkeeper.media.gazetteer import Gazetteer, GazetteerHit
from watchkeeper.media.schema import ListedMatch, Mention
from watchkeeper.model import EntityKind
from watchkeeper.names.normalize import normalize
from watchkeeper.names.parts import honorifics
from watchkeeper.screening import Match, Query, Screener, ScreeningError

# A name the gazetteer did not find is only linked to a list entry on a near-exact score.
SCREENING_ONLY_SCORE = 0.9
GENERIC_BODY_WORDS = frozenset(
    [
        "ministry",
        "minister",
        "department",
        "office",
        "interior",
        "defence",
        "defense",
        "foreign",
        "affairs",
        "justice",
        "finance",
        "economy",
        "trade",
        "national",
        "federal",
        "state",
        "general",
        "staff",
        "armed",
        "forces",
        "force",
        "army",
        "navy",
        "air",
        "police",
        "security",
        "intelligence",
        "service",
        "services",
        "council",
        "committee",
        "central",
        "bank",
        "government",
        "public",
        "main",
        "directorate",
        "administration",
        "agency",
        "bureau",
        "of",
        "the",
        "and",
        "for",
    ]
)
# Job titles: "Secretary of State" names an office, not the organisation "State".
_OFFICE_TITLES = frozenset(
    {"secretary", "minister", "ministry", "department", "office", "head", "chief", "director"}
)


@dataclass(frozen=True, slots=True)
class NamedSpan:
    """A span the language model calls a person or an organisation."""

    start: int
    end: int
    text: str
    kind: EntityKind


@dataclass(slots=True)
class PartyDraft:
    """A party while mentions are still being gathered."""

    kind: EntityKind
    mentions: list[Mention] = field(default_factory=list)
    entity_ids: set[str] = field(default_factory=set)
    matches: dict[str, ListedMatch] = field(default_factory=dict)
    unconfirmed: dict[str, ListedMatch] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The longest mention, without a leading title or article."""
        return max((m.text for m in self.mentions), key=len)

    def words(self) -> list[str]:
        return [w for w in normalize(self.name).split() if w not in honorifics()]


def listed_match(match: Match, via: str) -> ListedMatch:
    return ListedMatch(
        entity_id=match.entity_id,
        list_id=match.list_id,
        caption=match.caption,
        programs=match.programs,
        score=round(match.score, 4),
        matched_name=match.matched_name,
        explanation=match.explanation,
        via=via,
    )


class PartyFinder:
    """Finds, groups and screens the parties of one article body."""

    def __init__(self, screener: Screener, gazetteer: Gazetteer) -> None:
        self.screener = screener
        self.gazetteer = gazetteer
        self._screened: dict[tuple[str, EntityKind | None], list[Match]] = {}

    def screen(self, name: str, kind: EntityKind | None) -> list[Match]:
        key = (name, kind)
        if key not in self._screened:
            try:
                found = self.screener.screen(Query(name=name, kind=kind), limit=20)
            except ScreeningError:
                found = []
            self._screened[key] = [m for m in found if m.match]
        return self._screened[key]

    def find(self, body: str, named: Iterable[NamedSpan] = ()) -> list[PartyDraft]:
        named = [n for n in (_clean(body, span) for span in named) if n is not None]
        single_words = frozenset(f"{n.start}:{n.end}" for n in named)
        parties: list[PartyDraft] = []
        for hit in self.gazetteer.find(body, single_words):
            self._add_hit(parties, hit)
        covered = [(m.start, m.end) for p in parties for m in p.mentions]
        for span in sorted(named, key=lambda n: n.start - n.end):
            if any(s < span.end and span.start < e for s, e in covered):
                continue
            covered.append((span.start, span.end))
            self._add_named(parties, span)
        parties = [p for p in parties if p.mentions]
        _link_aliases(body, parties)
        _set_apart_weak_hits(parties)
        for party in parties:
            party.mentions.sort(key=lambda m: m.start)
        return sorted(parties, key=lambda p: p.mentions[0].start)

    def _add_hit(self, parties: list[PartyDraft], hit: GazetteerHit) -> None:
        kinds = {self.gazetteer.kinds[i] for i in hit.entity_ids}
        kind = kinds.pop() if len(kinds) == 1 else None
        confirmed = [m for m in self.screen(hit.text, kind) if m.entity_id in hit.entity_ids]
        if not confirmed:
            return
        ids = {m.entity_id for m in confirmed}
        mention = Mention(hit.text, hit.start, hit.end, "list")
        target = next((p for p in parties if p.entity_ids & ids), None)
        if target is None:
            target = PartyDraft(kind or EntityKind.UNKNOWN)
            parties.append(target)
        target.mentions.append(mention)
        target.entity_ids |= ids
        for match in confirmed:
            target.matches.setdefault(match.entity_id, listed_match(match, "gazetteer"))

    def _add_named(self, parties: list[PartyDraft], span: NamedSpan) -> None:
        mention = Mention(span.text, span.start, span.end, "ner")
        words = [w for w in normalize(span.text).split() if w not in honorifics()]
        for party in parties:
            # The model sometimes calls a family name alone an organisation ("Trump said").
            same_kind = party.kind in (span.kind, EntityKind.UNKNOWN) or (
                party.kind is EntityKind.PERSON and len(words) == 1
            )
            if same_kind and _part_of(words, party.words()):
                party.mentions.append(Mention(span.text, span.start, span.end, "alias"))
                return
        party = PartyDraft(span.kind, [mention])
        parties.append(party)
        if len(words) >= 2:
            for match in self.screen(span.text, span.kind):
                if match.score >= SCREENING_ONLY_SCORE:
                    party.matches.setdefault(match.entity_id, listed_match(match, "screening"))


def _part_of(words: list[str], name: list[str]) -> bool:
    """ "Pompeo" is part of "Michael R. Pompeo"; a bare first name or title is not."""
    if not words or not name:
        return False
    if len(name) > 1 and words == name[:1]:
        return False
    return (all(w in name for w in words) and words[-1] == name[-1]) or words == name


def _clean(body: str, span: NamedSpan) -> NamedSpan | None:
    """Trim a model span ("the U.S. Department of Defense, Soleimani" -> up to the comma)."""
    text = span.text.split(",")[0]
    start = span.start
    while (lead := re.match(r"(?:the|a|an)\s+", text, re.IGNORECASE)) is not None:
        text, start = text[lead.end() :], start + lead.end()
    text = re.sub(r"['’]s$", "", text).strip()
    if not text or to_iso2(text) is not None or not any(c.isupper() for c in text):
        return None
    before = body[max(0, start - 40) : start].split()
    if len(before) >= 2 and before[-1] == "of" and before[-2].lower() in _OFFICE_TITLES:
        return None
    return NamedSpan(start, start + len(text), text, span.kind)


def _link_aliases(body: str, parties: list[PartyDraft]) -> None:
    """Add later mentions by family name (persons) or bracketed acronym (organisations)."""
    covered = [(m.start, m.end) for p in parties for m in p.mentions]
    for party in parties:
        forms: list[str] = []
        words = party.name.split()
        if party.kind is EntityKind.PERSON and len(words) >= 2 and len(words[-1]) >= 3:
            forms.append(words[-1])
        for mention in list(party.mentions) if party.kind is not EntityKind.PERSON else []:
            bracket = re.match(r"\s*\(([A-Z][A-Z0-9-]{1,9})\)", body[mention.end :])
            if bracket:
                forms.append(bracket.group(1))
        for form in forms:
            for found in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", body):
                start, end = found.span()
                if any(s < end and start < e for s, e in covered):
                    continue
                covered.append((start, end))
                party.mentions.append(Mention(form, start, end, "alias"))


def _set_apart_weak_hits(parties: list[PartyDraft]) -> None:
    """Entries found only through a bare acronym or a generic name are kept as unconfirmed.

    "NATO" is also an alias of an unrelated listed company, and "Ministry of Interior" is the
    name of many countries' ministries, of which one is listed: neither alone is a reason to
    believe the article speaks of the listed party.
    """
    for party in parties:
        hits = [m for m in party.mentions if m.source == "list"]
        if hits and all(_is_acronym(m.text) or is_generic_name(m.text) for m in hits):
            party.unconfirmed.update(party.matches)
            party.matches.clear()


def _is_acronym(text: str) -> bool:
    """ "IRGC-QF", "NATO"; not a full name in capitals such as "QASSEM SOLEIMANI"."""
    words = re.findall(r"[^\W\d_]+", text)
    return bool(words) and all(w.isupper() and len(w) <= 5 for w in words)


def is_generic_name(text: str) -> bool:
    """True for a name made only of words any government body has ("Ministry of Defence")."""
    words = normalize(text).split()
    return bool(words) and all(w in GENERIC_BODY_WORDS for w in words)


def evidence_sentences(
    sentences: list[tuple[int, int]], body: str, mentions: Iterable[Mention]
) -> list[str]:
    """The sentences of ``body`` in which any of ``mentions`` occurs, in order, once each."""
    starts = sorted({m.start for m in mentions})
    picked = [(s, e) for s, e in sentences if any(s <= start < e for start in starts)]
    return [body[s:e].strip() for s, e in picked]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by punctuation, for when no language model is installed."""
    spans = []
    start = 0
    for match in re.finditer(r"(?<=[.!?”\"])\s+(?=[“\"A-Z])|\n\s*\n", text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans
