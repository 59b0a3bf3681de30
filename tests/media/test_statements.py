"""Attributed statements from the dependency parse and quotation marks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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


def _found(screener: ArticleScreener, text: str) -> list[tuple[str, str, str]]:
    return [(s.speaker, s.cue, s.content) for s in screener.analyse_text(text).statements]


def test_a_statement_inside_another_is_not_a_second_one(with_nlp: ArticleScreener) -> None:
    text = "Merrill said Machado promised to keep supporting Clinton."
    assert _found(with_nlp, text) == [
        ("Merrill", "said", "Machado promised to keep supporting Clinton")
    ]


def test_doubled_apostrophes_are_quotation_marks(with_nlp: ArticleScreener) -> None:
    result = with_nlp.analyse_text("''We will not raise taxes,'' Mr. Burman said.")
    assert [(s.speaker, s.content, s.quoted) for s in result.statements] == [
        ("Mr. Burman", "We will not raise taxes,", True)
    ]


def test_a_quotation_running_over_sentences_is_one_content(with_nlp: ArticleScreener) -> None:
    text = "“The economy is strong. Jobs are coming back. We will keep it so,” the governor said."
    assert _found(with_nlp, text) == [
        (
            "the governor",
            "said",
            "The economy is strong. Jobs are coming back. We will keep it so,",
        )
    ]


def test_a_quotation_belongs_to_its_own_sentence(with_nlp: ArticleScreener) -> None:
    text = (
        "“What does he think of you?” the narrator asks. "
        "The campaign says the ad will air on cable."
    )
    found = _found(with_nlp, text)
    assert ("The campaign", "says", "the ad will air on cable") in found
    assert all(
        content != "What does he think of you?"
        for speaker, _, content in found
        if speaker == "The campaign"
    )


def test_a_second_verb_keeps_its_own_complement(with_nlp: ArticleScreener) -> None:
    text = "“We do not see a link to terrorism,” the mayor said, adding that details would emerge."
    assert _found(with_nlp, text) == [
        ("the mayor", "said", "We do not see a link to terrorism,"),
        ("the mayor", "adding", "details would emerge"),
    ]


def test_speakers_of_relative_clauses_and_gerunds(with_nlp: ArticleScreener) -> None:
    text = (
        "The plan angered Democrats in Congress, who argued that it would hurt workers. "
        "Obama responded to the mother by saying the issue was manufactured."
    )
    assert _found(with_nlp, text) == [
        ("Democrats in Congress, who", "argued", "it would hurt workers"),
        ("Obama", "saying", "the issue was manufactured"),
    ]


def test_a_cue_inside_what_was_said(with_nlp: ArticleScreener) -> None:
    text = "Too often, Mr. Clarke said, the debate over coal is tribal."
    assert _found(with_nlp, text) == [("Mr. Clarke", "said", "the debate over coal is tribal")]


def test_the_speaker_between_a_quotation_and_its_cue(with_nlp: ArticleScreener) -> None:
    text = (
        "“There is a severe disconnect between the White House and our military,” "
        "Flynn, a top Trump surrogate, said Thursday on “Fox and Friends.”"
    )
    assert [s.speaker for s in with_nlp.analyse_text(text).statements] == [
        "Flynn, a top Trump surrogate"
    ]


def test_a_dateline_is_not_the_speaker(with_nlp: ArticleScreener) -> None:
    text = (
        "Both candidates face questions.\n\n12:15 p.m.\n\nDonald Trump says the military is weak."
    )
    assert _found(with_nlp, text) == [("Donald Trump", "says", "the military is weak")]


def test_a_headline_or_label_before_a_colon_is_not_a_speaker(with_nlp: ArticleScreener) -> None:
    text = "Stealth Over Health: Clinton Was Headed to ER\n\nCorrection: An earlier version erred."
    assert _found(with_nlp, text) == []


def test_cues_other_than_said(with_nlp: ArticleScreener) -> None:
    text = (
        "Prices will rise next year, the minister warned. "
        "According to the bank, inflation is falling. "
        "The central bank denied that it had lost money. "
        "The senator blamed the bank for the scandal."
    )
    assert _found(with_nlp, text) == [
        ("the minister", "warned", "Prices will rise next year"),
        ("the bank", "according to", "inflation is falling"),
        ("The central bank", "denied", "it had lost money"),
        ("The senator", "blamed", "the bank"),
    ]


def test_it_speaks_for_an_organisation(with_nlp: ArticleScreener) -> None:
    text = "The newspaper praised Clinton. “He has managed to erase much of his debt,” it wrote."
    assert ("it", "wrote", "He has managed to erase much of his debt,") in _found(with_nlp, text)


def test_a_passive_cue_with_its_agent(with_nlp: ArticleScreener) -> None:
    text = "The registration issue was first reported by The Washington Post."
    assert _found(with_nlp, text) == [("The Washington Post", "reported", "The registration issue")]


def test_the_name_given_is_what_was_called(with_nlp: ArticleScreener) -> None:
    text = "His former partner, Lawrence Cummings, called him a master at deals. She called in."
    assert [
        (s.cue, s.content.startswith("him a master"))
        for s in with_nlp.analyse_text(text).statements
    ] == [("called", True)]


def test_not_statements(with_nlp: ArticleScreener) -> None:
    text = (
        "The said company was fined. "
        "Did Trump say that taxes would rise? "
        "If she says the deal is off, the talks end. "
        "It appeared that Trump was unable to answer. "
        "The campaign did not immediately respond to requests for comment."
    )
    assert _found(with_nlp, text) == []


def test_a_statement_noun_with_its_owner(with_nlp: ArticleScreener) -> None:
    text = (
        "The ministry's statement: “We will respond to any aggression with force.” "
        "Officials questioned the governor's claim that the vote was rigged."
    )
    found = _found(with_nlp, text)
    assert found[0] == (
        "The ministry",
        "statement",
        "We will respond to any aggression with force.",
    )
    # The governor's claim is part of what the officials questioned, not a statement of its own.
    assert [speaker for speaker, *_ in found[1:]] == ["Officials"]


_WORDS = [
    "Trump",
    "he",
    "said",
    "told",
    "the",
    "minister",
    "that",
    "“",
    "”",
    '"',
    "''",
    ",",
    ".",
    "?",
    ":",
    "\n\n",
    "according",
    "to",
    "claim",
    "'s",
    "statement",
    "who",
    "warned",
    "it",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40))
def test_any_text_gives_statements_inside_it(with_nlp: ArticleScreener, words: list[str]) -> None:
    text = " ".join(words)
    if not text.strip():
        return
    result = with_nlp.analyse_text(text)
    body = result.body
    for s in result.statements:
        assert 0 <= s.speaker_start < s.speaker_end <= len(body)
        assert 0 <= s.content_start < s.content_end <= len(body)
        assert s.content == body[s.content_start : s.content_end]
        assert s.speaker == body[s.speaker_start : s.speaker_end] or s.refers_to is not None
