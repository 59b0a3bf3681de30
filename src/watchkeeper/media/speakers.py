"""Link a statement's speaker, as the article writes it, to one of the article's parties.

A speaker is linked by one of four routes, recorded as ``Statement.speaker_via``:

- ``name``: the speaker span holds a mention of the party ("Secretary of State Michael Pompeo",
  "Clinton spokesman Jesse Lehrich" -> Lehrich, "Flynn, a top Trump surrogate" -> Flynn: the
  last name before any apposition);
- ``pronoun``: "he" or "she" is the person, "it" the organisation, named last before the
  statement, outside the statement's own quotation (in "“Trump lied,” she said" Trump is not
  who spoke);
- ``role``: a definite role noun ("the minister", "the spokesman", "the company") is the party
  of the right kind named last before it, preferring one the article has given that role
  ("Defense Minister Ali Shamkhani ... the minister said");
- ``statement``: "the statement adds" continues the statement before it (set by the pipeline).

The mention the speaker was linked through is kept (``Statement.speaker_mention``), so a reader
can check the link; the speaker span itself stays as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from watchkeeper.media.schema import Mention, Party
from watchkeeper.model import EntityKind

PERSON_PRONOUNS = frozenset({"he", "she"})
ORGANIZATION_PRONOUNS = frozenset({"it"})
PERSON_ROLES = frozenset(
    [
        "minister",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "secretary",
        "senator",
        "president",
        "governor",
        "mayor",
        "official",
        "lawyer",
        "attorney",
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "candidate",
        "nominee",
        "general",
        "commander",
        "leader",
        "ambassador",
        "judge",
        "prosecutor",
        "representative",
        "congressman",
        "congresswoman",
        "lawmaker",
        "chief",
        "executive",
        "businessman",
        "businesswoman",
        "founder",
        "adviser",
        "advisor",
        "aide",
        "king",
        "queen",
        "prince",
        "premier",
        "chancellor",
        "diplomat",
        "envoy",
        "economist",
        "analyst",
        "professor",
        "doctor",
        "author",
        "actress",
        "actor",
        "singer",
        "man",
        "woman",
    ]
)
ORGANIZATION_ROLES = frozenset(
    [
        "company",
        "firm",
        "group",
        "ministry",
        "department",
        "agency",
        "campaign",
        "bank",
        "organization",
        "organisation",
        "committee",
        "government",
        "newspaper",
        "paper",
        "network",
        "council",
        "party",
        "court",
        "administration",
        "office",
        "union",
        "foundation",
        "institute",
        "embassy",
        "militia",
        "movement",
        "coalition",
        "corporation",
        "board",
        "bureau",
        "commission",
        "website",
    ]
)
_ROLE_SPEAKER = re.compile(r"^(?:the|this|that)\s+(?:[a-z-]+\s+){0,2}(?P<role>[a-z-]+)$", re.I)
_ROLE_WINDOW = 60  # characters beside a mention searched for its role ("Minister X")


@dataclass(frozen=True, slots=True)
class SpeakerLink:
    """The party a speaker was linked to, the mention it was linked through, and how."""

    party: Party
    mention: Mention
    via: str


def link_speaker(
    speaker: str,
    start: int,
    end: int,
    statement_start: int,
    quoted: tuple[int, int] | None,
    parties: list[Party],
    body: str,
) -> SpeakerLink | None:
    """The party ``speaker`` (at ``start``-``end`` of ``body``) stands for, if any.

    ``statement_start`` is where the statement begins (its content may come before its speaker);
    ``quoted`` is the statement's own quotation, whose names are not candidates.
    """
    named = _named(start, end, body, parties)
    if named is not None:
        return named
    word = speaker.strip().lower()
    before = min(start, statement_start)
    if word in PERSON_PRONOUNS:
        return _last_before(parties, before, quoted, EntityKind.PERSON, "pronoun")
    if word in ORGANIZATION_PRONOUNS:
        return _last_before(parties, before, quoted, EntityKind.ORGANIZATION, "pronoun")
    match = _ROLE_SPEAKER.match(speaker.strip())
    if match is None:
        return None
    role = match.group("role").lower()
    if role in PERSON_ROLES:
        kind = EntityKind.PERSON
    elif role in ORGANIZATION_ROLES:
        kind = EntityKind.ORGANIZATION
    else:
        return None
    titled = _last_before(parties, before, quoted, kind, "role", body=body, role=role)
    return titled or _last_before(parties, before, quoted, kind, "role")


def _named(start: int, end: int, body: str, parties: list[Party]) -> SpeakerLink | None:
    """The party named last in the speaker span before any apposition ("Flynn, a surrogate")."""
    comma = body.find(",", start, end)
    head_end = comma if comma > start else end
    best: tuple[int, Party, Mention] | None = None
    for party in parties:
        for mention in party.mentions:
            inside = mention.start < head_end and start < mention.end
            if inside and (best is None or mention.start > best[0]):
                best = (mention.start, party, mention)
    if best is None:  # the name is only in the apposition: "the president's envoy, Mr. Lee"
        for party in parties:
            for mention in party.mentions:
                if mention.start < end and start < mention.end:
                    return SpeakerLink(party, mention, "name")
        return None
    return SpeakerLink(best[1], best[2], "name")


def _last_before(
    parties: list[Party],
    offset: int,
    quoted: tuple[int, int] | None,
    kind: EntityKind,
    via: str,
    *,
    body: str | None = None,
    role: str | None = None,
) -> SpeakerLink | None:
    """The party of ``kind`` mentioned last before ``offset`` (with ``role`` written next to
    the mention, when given), leaving out mentions inside the statement's own quotation."""
    best: tuple[int, Party, Mention] | None = None
    for party in parties:
        if party.kind != kind:
            continue
        for mention in party.mentions:
            if mention.end > offset or (quoted and quoted[0] <= mention.start < quoted[1]):
                continue
            if body is not None and role is not None and not _has_role(body, mention, role, offset):
                continue
            if best is None or mention.end > best[0]:
                best = (mention.end, party, mention)
    return SpeakerLink(best[1], best[2], via) if best else None


def _has_role(body: str, mention: Mention, role: str, offset: int) -> bool:
    """Whether ``role`` is written at the mention, as a title ("Defense Minister Ali Shamkhani",
    "Minister of Defense Ali Shamkhani") or an apposition ("Shamkhani, the defense minister")."""
    before = body[max(0, mention.start - _ROLE_WINDOW) : mention.start]
    after = body[mention.end : min(mention.end + _ROLE_WINDOW, offset)]
    word = rf"(?i:{re.escape(role)})"
    title = re.search(rf"\b{word}\s+(?:[A-Z][\w.’'-]*\s+){{0,4}}$", before)
    apposition = re.match(rf",\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){{0,3}}{word}\b", after)
    return title is not None or apposition is not None
