"""Screen one article: parties (listed ones linked to their entries), statements, dates.

``ArticleScreener`` is the Python API::

    screener = ArticleScreener.from_store(store)
    result = screener.analyse_text(text, published="2020-01-04")
    result = screener.analyse_html(page)

It holds the name screener, the gazetteer of every listed name, the language model (if the
``nlp`` extra is installed) and a risk model; build it once and reuse it for many articles.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date

from watchkeeper.errors import WatchkeeperError
from watchkeeper.media.dates import ResolvedDate, resolve_dates
from watchkeeper.media.document import Document, text_document
from watchkeeper.media.gazetteer import Gazetteer
from watchkeeper.media.html import html_document, looks_like_html
from watchkeeper.media.nlp import load_english, model_name
from watchkeeper.media.parties import (
    NamedSpan,
    PartyDraft,
    PartyFinder,
    evidence_sentences,
    split_sentences,
)
from watchkeeper.media.risk_interface import NO_RISK_MODEL, RiskAssessor, RiskFinding
from watchkeeper.media.schema import ArticleResult, Party, Statement
from watchkeeper.media.speakers import link_speaker
from watchkeeper.media.statements import (
    RawStatement,
    extract_statements,
    statements_without_parse,
)
from watchkeeper.model import Entity, EntityKind
from watchkeeper.screening import Screener
from watchkeeper.store import Store

MAX_ARTICLE_CHARS = 1_000_000
_NER_KINDS = {"PERSON": EntityKind.PERSON, "ORG": EntityKind.ORGANIZATION}


class ArticleError(WatchkeeperError):
    """An article that cannot be screened (empty, oversized, bad publication date)."""


def parse_published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ArticleError(f"unreadable publication date {value!r} (use YYYY-MM-DD)") from None


class ArticleScreener:
    """Everything needed to screen articles against the loaded lists."""

    def __init__(
        self,
        screener: Screener,
        gazetteer: Gazetteer,
        *,
        use_nlp: bool = True,
        risk_model: RiskAssessor = NO_RISK_MODEL,
    ) -> None:
        self.screener = screener
        self.gazetteer = gazetteer
        self.nlp = load_english() if use_nlp else None
        self.risk_model = risk_model

    @classmethod
    def from_entities(
        cls,
        entities: Iterable[Entity],
        *,
        use_nlp: bool = True,
        risk_model: RiskAssessor = NO_RISK_MODEL,
    ) -> ArticleScreener:
        """Index ``entities`` for screening and build their gazetteer (seconds for all lists)."""
        entities = list(entities)
        return cls(
            Screener.from_entities(entities),
            Gazetteer.build(entities),
            use_nlp=use_nlp,
            risk_model=risk_model,
        )

    @classmethod
    def from_store(
        cls, store: Store, *, use_nlp: bool = True, risk_model: RiskAssessor = NO_RISK_MODEL
    ) -> ArticleScreener:
        """The active version of every list in ``store``."""
        return cls.from_entities(store.active_entities(), use_nlp=use_nlp, risk_model=risk_model)

    def analyse_text(
        self, text: str, *, published: str | None = None, source: str = "text"
    ) -> ArticleResult:
        """Screen a plain-text or HTML article (HTML is recognised by its tags)."""
        if looks_like_html(text):
            return self.analyse_document(html_document(text), published=published, source=source)
        return self.analyse_document(text_document(text), published=published, source=source)

    def analyse_html(
        self, page: str | bytes, *, url: str | None = None, published: str | None = None
    ) -> ArticleResult:
        return self.analyse_document(
            html_document(page, url), published=published, source=url or "html"
        )

    def analyse_document(
        self, document: Document, *, published: str | None = None, source: str = "text"
    ) -> ArticleResult:
        """Screen an article already split into body, captions and credits.

        ``published`` (YYYY-MM-DD) overrides the document's own date; without either, dates
        are resolved against today and the result's ``published`` is None.
        """
        started = time.perf_counter()
        body = document.body
        if not body.strip():
            raise ArticleError(f"{source}: the article has no text")
        if len(body) > MAX_ARTICLE_CHARS:
            raise ArticleError(
                f"{source}: the article is longer than {MAX_ARTICLE_CHARS} characters"
            )
        published = published or document.published
        anchor = parse_published(published) or date.today()
        doc = self.nlp(body) if self.nlp is not None else None
        named: list[NamedSpan] = []
        sentences = split_sentences(body)
        # Without a parse, only the layouts that need none: "NAME: ..." and "“...” ― Name".
        raw_statements: list[RawStatement] = statements_without_parse(body)
        if doc is not None:
            named = [
                NamedSpan(e.start_char, e.end_char, e.text, _NER_KINDS[e.label_])
                for e in doc.ents
                if e.label_ in _NER_KINDS
            ]
            sentences = [(s.start_char, s.end_char) for s in doc.sents]
            raw_statements = extract_statements(doc)
        drafts = PartyFinder(self.screener, self.gazetteer).find(body, named)
        dates = resolve_dates(body, anchor)
        parties = [self._party(i, d, body, sentences) for i, d in enumerate(drafts, 1)]
        statements = _statements(raw_statements, body, parties, dates)
        parties.sort(key=lambda p: (not p.listed, p.mentions[0].start))
        return ArticleResult(
            source=source,
            title=document.title,
            published=published,
            body=body,
            parties=parties,
            statements=statements,
            dates=dates,
            captions=list(document.captions),
            credits=list(document.credits),
            nlp=model_name(self.nlp),
            risk_model=self.risk_model.name,
            seconds=round(time.perf_counter() - started, 4),
        )

    def _party(
        self, number: int, draft: PartyDraft, body: str, sentences: list[tuple[int, int]]
    ) -> Party:
        evidence = evidence_sentences(sentences, body, draft.mentions)
        matches = sorted(draft.matches.values(), key=lambda m: -m.score)
        finding = self.risk_model.risk_for(evidence, body) if evidence else RiskFinding()
        return Party(
            id=f"p{number}",
            name=draft.name,
            kind=str(draft.kind),
            listed=bool(matches),
            mentions=tuple(draft.mentions),
            matches=tuple(matches),
            unconfirmed=tuple(draft.unconfirmed.values()),
            adverse_probability=finding.adverse_probability,
            risks=finding.risks,
            evidence=tuple(evidence),
        )


def _statements(
    raw: list[RawStatement], body: str, parties: list[Party], dates: list[ResolvedDate]
) -> list[Statement]:
    out: list[Statement] = []
    for item in raw:
        speaker = body[item.speaker_start : item.speaker_end]
        refers_to = None
        channel = item.channel
        if item.continues and out:
            refers_to = len(out) - 1
            previous = out[refers_to]
            if previous.channel is None and channel is not None:
                out[refers_to] = _with_channel(previous, channel)
            speaker = previous.speaker
            party_id, mention = previous.speaker_party, previous.speaker_mention
            via = "statement" if party_id else None
        else:
            link = link_speaker(
                speaker,
                item.speaker_start,
                item.speaker_end,
                min(item.content_start, item.speaker_start),
                (item.content_start, item.content_end) if item.quoted else None,
                parties,
                body,
            )
            party_id = link.party.id if link else None
            mention = link.mention if link else None
            via = link.via if link else None
        when = None
        if item.date_span is not None:
            a, b = item.date_span
            when = next((d.value for d in dates if d.start_char < b and a < d.end_char), None)
        out.append(
            Statement(
                speaker=speaker,
                speaker_party=party_id,
                cue=item.cue,
                content=body[item.content_start : item.content_end],
                content_start=item.content_start,
                content_end=item.content_end,
                speaker_start=item.speaker_start,
                speaker_end=item.speaker_end,
                quoted=item.quoted,
                channel=channel,
                date=when,
                refers_to=refers_to,
                speaker_mention=mention,
                speaker_via=via,
            )
        )
    return out


def _with_channel(statement: Statement, channel: str) -> Statement:
    from msgspec import structs

    return structs.replace(statement, channel=channel)
