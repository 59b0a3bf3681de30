"""The result of screening one article, as JSON: the documented output schema.

``watchkeeper article FILE --json`` prints one ``ArticleResult``; a folder or JSONL input gives
one per line. Offsets (``start``/``end``) are character offsets into ``ArticleResult.body``.
See docs/media.md for a field-by-field description.
"""

from __future__ import annotations

import msgspec

from watchkeeper.media.dates import ResolvedDate
from watchkeeper.media.risk_interface import Risk


class Mention(msgspec.Struct, frozen=True):
    """Where a party is named. ``source``: ``list`` (gazetteer), ``ner`` (model), ``alias``
    (a shorter form of a name given earlier in the article, or its acronym)."""

    text: str
    start: int
    end: int
    source: str


class ListedMatch(msgspec.Struct, frozen=True):
    """A list entry the party was matched to by the screener, with the screener's reasons."""

    entity_id: str
    list_id: str
    caption: str
    programs: tuple[str, ...]
    score: float
    matched_name: str
    explanation: str
    via: str  # "gazetteer" (the name was found in the lists) or "screening" (name screened)


class Party(msgspec.Struct, frozen=True):
    """A person or organisation the article names, with every mention of it."""

    id: str
    name: str
    kind: str
    listed: bool
    mentions: tuple[Mention, ...]
    matches: tuple[ListedMatch, ...] = ()
    # Entries whose name fits but that the article gives no other reason to believe in (a bare
    # acronym shared with an unrelated listed party); shown, never counted as a hit.
    unconfirmed: tuple[ListedMatch, ...] = ()
    # How likely the article is adverse media about this party, and the risks it attaches
    # (None and empty when no risk model ran).
    adverse_probability: float | None = None
    risks: tuple[Risk, ...] = ()
    evidence: tuple[str, ...] = ()


class Statement(msgspec.Struct, frozen=True):
    """Something the article attributes to someone: who, by which verb, where, when, what."""

    speaker: str
    speaker_party: str | None
    cue: str
    content: str
    content_start: int
    content_end: int
    speaker_start: int
    speaker_end: int
    quoted: bool
    channel: str | None = None
    date: str | None = None
    refers_to: int | None = None  # index of the statement "the statement adds" continues
    # The party mention the speaker was linked through, and how: "name" (the speaker names the
    # party), "pronoun" ("he said"), "role" ("the minister said"), "statement" (continues one).
    speaker_mention: Mention | None = None
    speaker_via: str | None = None


class ArticleResult(msgspec.Struct):
    """Everything found in one article. ``nlp`` is the language model used (None: none was
    installed, so statements and unlisted parties are missing); ``risk_model`` names the risk
    model, "no risk model loaded" when there was none."""

    source: str
    title: str | None
    published: str | None
    body: str
    parties: list[Party]
    statements: list[Statement]
    dates: list[ResolvedDate]
    captions: list[str]
    credits: list[str]
    nlp: str | None
    risk_model: str
    seconds: float
    error: str | None = None
