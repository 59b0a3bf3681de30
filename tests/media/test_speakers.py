"""Speakers link to the party they name, or that a pronoun or role noun stands for."""

from __future__ import annotations

import re

from watchkeeper.media.pipeline import ArticleScreener
from watchkeeper.media.schema import Mention, Party
from watchkeeper.media.speakers import link_speaker


def _parties(body: str, named: dict[str, str]) -> list[Party]:
    """One party per name in ``named`` (name -> kind), with every mention of it in ``body``."""
    parties = []
    for number, (name, kind) in enumerate(named.items(), 1):
        mentions = tuple(
            Mention(m.group(), m.start(), m.end(), "ner") for m in re.finditer(name, body)
        )
        parties.append(Party(f"p{number}", name, kind, False, mentions))
    return parties


def _link(body: str, speaker: str, named: dict[str, str], quoted: str | None = None) -> str | None:
    start = body.index(speaker, body.index(quoted) + len(quoted) if quoted else 0)
    quote = (body.index(quoted), body.index(quoted) + len(quoted)) if quoted else None
    link = link_speaker(
        speaker,
        start,
        start + len(speaker),
        min(start, quote[0]) if quote else start,
        quote,
        _parties(body, named),
        body,
    )
    return f"{link.party.name} {link.via} {link.mention.start}" if link else None


def test_a_named_speaker_is_the_last_name_before_any_apposition() -> None:
    body = "Clinton spokesman Jesse Lehrich said so. Flynn, a top Trump surrogate, said no."
    named = {"Clinton": "person", "Jesse Lehrich": "person", "Flynn": "person", "Trump": "person"}
    assert _link(body, "Clinton spokesman Jesse Lehrich", named) == "Jesse Lehrich name 18"
    assert _link(body, "Flynn, a top Trump surrogate", named) == "Flynn name 41"


def test_a_pronoun_is_the_last_party_of_its_kind_outside_its_quotation() -> None:
    body = "Angela Merkel met Siemens. “Donald Trump is wrong,” she said. It added more."
    named = {"Angela Merkel": "person", "Siemens": "organization", "Donald Trump": "person"}
    assert _link(body, "she", named, quoted="Donald Trump is wrong,") == "Angela Merkel pronoun 0"
    assert _link(body, "It", named) == "Siemens pronoun 18"


def test_a_role_noun_prefers_the_party_given_that_role() -> None:
    body = (
        "Defense Minister Ali Shamkhani met Angela Merkel in Berlin. "
        "The minister said the talks went well."
    )
    named = {"Ali Shamkhani": "person", "Angela Merkel": "person"}
    assert _link(body, "The minister", named) == "Ali Shamkhani role 17"


def test_a_role_noun_without_a_titled_party_is_the_last_of_its_kind() -> None:
    body = "Ali Shamkhani met officials of Siemens and Angela Merkel. The company said no."
    named = {"Ali Shamkhani": "person", "Siemens": "organization", "Angela Merkel": "person"}
    assert _link(body, "The company", named) == "Siemens role 31"


def test_an_unknown_role_or_a_name_not_in_the_article_links_to_nothing() -> None:
    body = "Ali Shamkhani met Angela Merkel. The crowd said no. Experts said yes."
    named = {"Ali Shamkhani": "person", "Angela Merkel": "person"}
    assert _link(body, "The crowd", named) is None
    assert _link(body, "Experts", named) is None


def test_the_pipeline_records_the_mention_and_route(with_nlp: ArticleScreener) -> None:
    text = (
        "Defense Minister Ali Shamkhani met Angela Merkel in Berlin on Monday. "
        "The minister said the talks were useful. She said they were not."
    )
    result = with_nlp.analyse_text(text)
    names = {p.id: p.name for p in result.parties}
    found = [
        (s.speaker, names.get(s.speaker_party or ""), s.speaker_via, s.speaker_mention)
        for s in result.statements
    ]
    assert [(speaker, name, via) for speaker, name, via, _ in found] == [
        ("The minister", "Ali Shamkhani", "role"),
        ("She", "Angela Merkel", "pronoun"),
    ]
    assert [m.text if m else None for *_, m in found] == ["Ali Shamkhani", "Angela Merkel"]
