"""``assess`` and ``risk_for`` with the shipped model, on hand-written articles."""

from __future__ import annotations

import pytest

from tests.media.articles import FRAUD_ARTICLE, SPORTS_ARTICLE, TERROR_ARTICLE
from watchkeeper.media.risk import (
    RiskInputError,
    article_probability,
    assess,
    assess_sentences,
    risk_for,
)
from watchkeeper.media.risk_eval import category_scores, labelled_sentences
from watchkeeper.media.risk_model import shipped_model
from watchkeeper.media.risk_text import mentions, split_sentences


def test_terrorism_article_is_adverse_for_its_party_and_sports_article_is_not() -> None:
    [terror] = assess(["Karim Haddad"], TERROR_ARTICLE)
    [sports] = assess(["Karim Haddad"], SPORTS_ARTICLE)
    assert terror.adverse and terror.adverse_probability > 0.8
    assert not sports.adverse and sports.adverse_probability < 0.3
    assert terror.categories[0].category == "terrorism"
    assert sports.categories == ()


def test_fraud_article_gets_corruption_fraud_with_evidence_about_the_party() -> None:
    [risk] = assess(["Elena Petrova"], FRAUD_ARTICLE)
    assert risk.adverse
    names = [c.category for c in risk.categories]
    assert names[0] == "corruption_fraud"
    assert "terrorism" not in names
    evidence = risk.categories[0].evidence
    assert evidence and all(mentions(s, "Elena Petrova") for s in evidence)
    assert "The city council meets again next week to discuss the budget." not in evidence


def test_every_evidence_sentence_names_its_party() -> None:
    article = TERROR_ARTICLE + " " + FRAUD_ARTICLE
    for risk in assess(["Karim Haddad", "Elena Petrova"], article):
        assert risk.sentences
        for category in risk.categories:
            assert 0.0 <= category.confidence <= 1.0
            assert category.evidence
            for sentence in category.evidence:
                assert sentence in risk.sentences
                assert mentions(sentence, risk.party)


def test_a_party_the_article_does_not_name_gets_no_risk() -> None:
    [risk] = assess(["Someone Else"], TERROR_ARTICLE)
    assert not risk.mentioned
    assert not risk.adverse
    assert risk.categories == ()


def test_results_follow_the_order_of_the_parties_and_are_repeatable() -> None:
    parties = ["Elena Petrova", "Karim Haddad"]
    article = FRAUD_ARTICLE + "\n" + SPORTS_ARTICLE
    first = assess(parties, article)
    assert [r.party for r in first] == parties
    assert assess(parties, article) == first


def test_presplit_sentences_give_the_same_answer() -> None:
    assert assess_sentences(["Karim Haddad"], split_sentences(TERROR_ARTICLE)) == assess(
        ["Karim Haddad"], TERROR_ARTICLE
    )


def test_risk_for_scores_the_sentences_a_pipeline_selected() -> None:
    named = [s for s in split_sentences(TERROR_ARTICLE) if mentions(s, "Karim Haddad")]
    found = risk_for(named, context=TERROR_ARTICLE)
    assert found.adverse
    assert found.categories[0].category == "terrorism"
    assert set(found.categories[0].evidence) <= set(named)
    calm = risk_for(["Haddad thanked the supporters after the match."])
    assert not calm.adverse and calm.categories == ()
    assert risk_for([]).categories == ()
    assert not risk_for([], context=TERROR_ARTICLE).adverse


def test_an_adverse_party_with_no_specific_category_is_other() -> None:
    article = (
        "Regulators barred Jonas Meyer from the industry for life after an investigation. "
        "Meyer was convicted and sentenced to six years in prison. Meyer will appeal, his "
        "lawyer said."
    )
    [risk] = assess(["Jonas Meyer"], article)
    assert risk.adverse
    assert [c.category for c in risk.categories] == ["other"]
    assert all(mentions(s, "Jonas Meyer") for s in risk.categories[0].evidence)


def test_article_probability_ranks_adverse_above_neutral() -> None:
    assert article_probability(TERROR_ARTICLE) > 0.8 > 0.3 > article_probability(SPORTS_ARTICLE)


def test_bad_input_is_refused_with_a_clear_error() -> None:
    with pytest.raises(RiskInputError, match="empty"):
        assess([" "], TERROR_ARTICLE)
    with pytest.raises(RiskInputError, match="more than"):
        assess(["Karim Haddad"], "word " * 500_000)
    [odd] = assess(["Karim Haddad"], "\x00\ufeffKarim\u200b Haddad\u202e smiled.\r\n")
    assert odd.sentences == ("Karim Haddad smiled.",)


def test_category_accuracy_on_hand_labelled_sentences() -> None:
    scores = category_scores(labelled_sentences(), shipped_model())
    # Measured 0.86 with seed terms, 0.80 with the seed terms alone (docs/risk.md).
    assert scores.model_accuracy >= 0.8
    assert scores.model_accuracy >= scores.lexicon_accuracy
