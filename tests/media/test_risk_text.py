"""Sentence splitting, tokens and party mentions: what the classifier reads."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

from watchkeeper.media.risk_text import (
    TOKEN_PATTERN,
    mention_keys,
    mentions,
    ngrams,
    party_views,
    split_sentences,
)


def test_split_keeps_titles_initials_and_quotes_inside_sentences() -> None:
    text = (
        'Mr. J. Smith was arrested on Monday. He said "No." Police in the U.S. agreed.\n'
        "A new paragraph starts here! Was it 2020? Yes."
    )
    assert split_sentences(text) == [
        "Mr. J. Smith was arrested on Monday.",
        'He said "No."',
        "Police in the U.S. agreed.",
        "A new paragraph starts here!",
        "Was it 2020?",
        "Yes.",
    ]


def test_split_drops_invisible_characters_and_normalises_line_breaks() -> None:
    assert split_sentences("One\u200b sentence.\r\nTwo\x00 sentences.") == [
        "One sentence.",
        "Two sentences.",
    ]


@given(st.text(max_size=300))
def test_split_never_loses_words(text: str) -> None:
    words = [w for w in "".join(text.split("\u200b")).split() if w.isalnum()]
    joined = " ".join(split_sentences(text))
    for word in words:
        if word.isprintable():
            assert word in joined


@given(st.text(max_size=200))
def test_ngrams_are_the_training_vectoriser_analyzer(text: str) -> None:
    analyzer = CountVectorizer(token_pattern=TOKEN_PATTERN, ngram_range=(1, 2)).build_analyzer()
    assert ngrams(text) == analyzer(text)


def test_a_person_is_recognised_by_full_name_or_surname() -> None:
    assert mentions("Prosecutors said Caputo lied.", "Luis Caputo")
    assert mentions("LUIS  CAPUTO resigned.", "Luis Caputo")
    assert not mentions("Capuтo and caputo are not the surname.", "Luis Caputo")
    assert mentions("Assad spoke on television.", "Bashar al-Assad")


def test_an_organisation_is_not_recognised_by_its_last_word() -> None:
    assert mention_keys("Bank of China") == ("Bank of China", None)
    assert not mentions("China raised its tariffs.", "Bank of China")
    assert mentions("The Bank of China was fined.", "Bank of China")


def test_a_name_is_matched_as_whole_words() -> None:
    assert not mentions("The Caputos sold the house.", "Luis Caputo")
    assert mentions("Caputo's firm", "Luis Caputo")


def test_empty_party_name_is_refused() -> None:
    try:
        mention_keys("  \u200b ")
    except ValueError as exc:
        assert "visible" in str(exc)
    else:
        raise AssertionError("an invisible name was accepted")


def test_party_views_focus_on_the_party_and_keep_the_article_as_context() -> None:
    sentences = ["Anna Kral was fined.", "The weather was fine.", "Kral appealed."]
    focus, context = party_views(sentences, "Anna Kral")
    assert focus == "Anna Kral was fined.\nKral appealed."
    assert context == "\n".join(sentences)
    assert party_views(sentences, None) == (context, context)
