"""Attributed statements from the dependency parse and quotation marks."""

from __future__ import annotations

from watchkeeper.media.pipeline import ArticleScreener

TEXT = (
    "“We know it was imminent,” Secretary of State Michael Pompeo told CNN on Friday. "
    "According to the Department of Defense, the general had orchestrated attacks. "
    "“He also approved the attacks this week,” the statement adds. "
    "The minister said that prices would rise. "
    "President Trump said in a tweet that the general was hated. "
    "The weather was fine."
)


def test_speaker_cue_channel_date_and_content(with_nlp: ArticleScreener) -> None:
    result = with_nlp.analyse_text(TEXT, published="2020-01-04")
    found = [(s.speaker, s.cue, s.channel, s.date, s.content) for s in result.statements]
    assert found == [
        (
            "Secretary of State Michael Pompeo",
            "told",
            "CNN",
            "2020-01-03",
            "We know it was imminent,",
        ),
        (
            "the Department of Defense",
            "according to",
            "statement",
            None,
            "the general had orchestrated attacks",
        ),
        (
            "the Department of Defense",
            "adds",
            "statement",
            None,
            "He also approved the attacks this week,",
        ),
        ("The minister", "said", None, None, "prices would rise"),
        ("President Trump", "said", "a tweet", None, "the general was hated"),
    ]
    assert result.statements[2].refers_to == 1


def test_speakers_resolve_to_parties(with_nlp: ArticleScreener) -> None:
    result = with_nlp.analyse_text(TEXT, published="2020-01-04")
    names = {p.id: p.name for p in result.parties}
    assert names[result.statements[0].speaker_party or ""] == "Michael Pompeo"
    assert names[result.statements[4].speaker_party or ""] == "Trump"


def test_verbs_inside_a_quotation_are_not_new_statements(with_nlp: ArticleScreener) -> None:
    result = with_nlp.analyse_text("“I said no, and they know it,” the mayor said.")
    assert [(s.speaker, s.cue) for s in result.statements] == [("the mayor", "said")]


def test_transcript_lines_and_signed_quotes(with_nlp: ArticleScreener) -> None:
    text = (
        "WALLACE: Will she be at the debate tomorrow night?\n\n"
        "PENCE: She will not be attending the debate.\n\n"
        "“We need a change in this country.” ― Jane Doe"
    )
    result = with_nlp.analyse_text(text)
    assert [(s.speaker, s.cue, s.content) for s in result.statements] == [
        ("WALLACE", ":", "Will she be at the debate tomorrow night?"),
        ("PENCE", ":", "She will not be attending the debate."),
        ("Jane Doe", "―", "We need a change in this country."),
    ]


def test_a_quotation_cut_off_by_the_sentence_splitter(with_nlp: ArticleScreener) -> None:
    text = "“We certainly cannot afford to do this anymore.” Trump said. The crowd cheered."
    result = with_nlp.analyse_text(text)
    assert [(s.speaker, s.content) for s in result.statements] == [
        ("Trump", "We certainly cannot afford to do this anymore.")
    ]


def test_a_quoted_title_is_not_the_content(with_nlp: ArticleScreener) -> None:
    text = "Clinton apparently thinks this is an episode of “Shark Tank.”"
    result = with_nlp.analyse_text(text)
    assert [(s.speaker, s.content) for s in result.statements] == [
        ("Clinton", "this is an episode of “Shark Tank")
    ]


def test_he_and_she_resolve_to_the_person_named_last(with_nlp: ArticleScreener) -> None:
    text = (
        "Michael Pompeo met Angela Merkel in Berlin. The talks went well, she said. "
        "The truth is that nobody knows."
    )
    result = with_nlp.analyse_text(text)
    names = {p.id: p.name for p in result.parties}
    assert [(s.speaker, names.get(s.speaker_party or "")) for s in result.statements] == [
        ("she", "Angela Merkel")
    ]


def test_a_quoted_transcript_line(with_nlp: ArticleScreener) -> None:
    result = with_nlp.analyse_text('"PENCE: Well, look, she will not be attending."')
    assert [(s.speaker, s.cue) for s in result.statements] == [("PENCE", ":")]
