"""Listed parties found by the gazetteer and confirmed by the screener, grouped by mention."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchkeeper.media.gazetteer import Gazetteer
from watchkeeper.media.html import HtmlError, html_document
from watchkeeper.media.pipeline import ArticleError, ArticleScreener

from .conftest import ENTITIES

# Hypothesis tests cannot take function-scoped fixtures; this is the same lists-only screener.
_LISTS_ONLY = ArticleScreener.from_entities(ENTITIES, use_nlp=False)

TEXT = (
    "General Qassem Soleimani led Iran's Islamic Revolutionary Guard Corps–Quds Force "
    "(IRGC-QF) for years. Soleimani's plans were known. The IRGC-QF was designated."
)


def test_gazetteer_finds_listed_names_written_as_names() -> None:
    gazetteer = Gazetteer.build(ENTITIES)
    hits = {h.text: h.entity_ids for h in gazetteer.find(TEXT)}
    assert hits["Qassem Soleimani"] == {"ofac-sdn-10481"}
    assert hits["Islamic Revolutionary Guard Corps–Quds Force"] == {"ofac-sdn-10465"}
    assert hits["IRGC-QF"] == {"ofac-sdn-10465"}


@pytest.mark.parametrize(
    "text",
    [
        "the islamic revolutionary guard corps-quds force",  # not written as a name
        "the irgc-qf was designated",  # an acronym in lower case
        "This is the best of them.",  # common words that happen to be an alias
        "Haj Qasem arrived.",  # a weak alias the list itself calls too broad
        "Soleimani arrived.",  # a family name alone
    ],
)
def test_gazetteer_ignores_common_words_and_weak_aliases(text: str) -> None:
    assert Gazetteer.build(ENTITIES).find(text) == []


def test_listed_parties_are_grouped_and_linked_without_the_language_model(
    lists_only: ArticleScreener,
) -> None:
    result = lists_only.analyse_text(TEXT, published="2020-01-04")
    assert result.nlp is None
    by_name = {p.name: p for p in result.parties}
    soleimani = by_name["Qassem Soleimani"]
    assert soleimani.listed and [m.entity_id for m in soleimani.matches] == ["ofac-sdn-10481"]
    assert [m.text for m in soleimani.mentions] == ["Qassem Soleimani", "Soleimani"]
    assert soleimani.matches[0].score >= 0.9 and "soleimani" in soleimani.matches[0].explanation
    force = by_name["Islamic Revolutionary Guard Corps–Quds Force"]
    assert [m.entity_id for m in force.matches] == ["ofac-sdn-10465"]
    assert [m.text for m in force.mentions].count("IRGC-QF") == 2
    assert len(result.parties) == 2
    assert "Soleimani's plans were known." in soleimani.evidence


@pytest.mark.parametrize(
    ("text", "entity_id"),
    [
        ("NATO ministers met in Brussels on Friday.", "test-nato"),
        ("The Ministry of Interior of Ruritania issued a warning.", "test-ministry"),
    ],
)
def test_a_bare_acronym_or_a_generic_name_is_not_a_hit(
    lists_only: ArticleScreener, text: str, entity_id: str
) -> None:
    result = lists_only.analyse_text(text)
    (party,) = result.parties
    assert not party.listed and [m.entity_id for m in party.unconfirmed] == [entity_id]


def test_risks_come_from_the_risk_model_and_say_when_there_is_none(
    lists_only: ArticleScreener,
) -> None:
    result = lists_only.analyse_text(TEXT)
    assert result.risk_model == "no risk model loaded"
    assert all(p.risks == () for p in result.parties)


def test_transcript_statements_are_found_without_the_language_model(
    lists_only: ArticleScreener,
) -> None:
    text = "WALLACE: Was Qassem Soleimani there?\n\nPENCE: He was not."
    result = lists_only.analyse_text(text)
    assert [(s.speaker, s.content) for s in result.statements] == [
        ("WALLACE", "Was Qassem Soleimani there?"),
        ("PENCE", "He was not."),
    ]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_screened_or_refused_clearly(text: str) -> None:
    screener = _LISTS_ONLY
    try:
        result = screener.analyse_text(text, published="2020-01-04")
    except ArticleError as exc:
        assert "no text" in str(exc)
        return
    for party in result.parties:
        for mention in party.mentions:
            assert result.body[mention.start : mention.end] == mention.text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_page_is_read_or_refused_clearly(page: str) -> None:
    try:
        document = html_document("<html><body><p>" + page + "</p></body></html>")
    except HtmlError:
        return
    assert isinstance(document.body, str)


def test_a_full_name_in_capitals_is_still_a_hit(lists_only: ArticleScreener) -> None:
    result = lists_only.analyse_text("QASSEM SOLEIMANI KILLED IN BAGHDAD")
    (party,) = result.parties
    assert party.listed and party.matches[0].entity_id == "ofac-sdn-10481"
