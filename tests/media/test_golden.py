"""The reference article against every reference list: what an analyst must see."""

from __future__ import annotations

import pytest

from watchkeeper.media.pipeline import ArticleScreener

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def result(real_screener: ArticleScreener, seed_article: str):  # type: ignore[no-untyped-def]
    if real_screener.nlp is None:
        pytest.skip("the English model is not installed (the 'nlp' extra)")
    return real_screener.analyse_text(seed_article, published="2020-01-04")


def test_both_listed_parties_are_found_and_linked(result) -> None:  # type: ignore[no-untyped-def]
    listed = {p.name: p for p in result.parties if p.listed}
    soleimani = listed["Qassem Soleimani"]
    assert "ofac-sdn-10481" in {m.entity_id for m in soleimani.matches}
    assert {"Soleimani", "Qassem Soleimani"} <= {m.text for m in soleimani.mentions}
    force = listed["Islamic Revolutionary Guard Corps–Quds Force"]
    assert "ofac-sdn-10465" in {m.entity_id for m in force.matches}
    assert "IRGC-QF" in {m.text for m in force.mentions}
    assert set(listed) == {"Qassem Soleimani", "Islamic Revolutionary Guard Corps–Quds Force"}
    assert all(m.score >= 0.9 for m in soleimani.matches + force.matches)


def test_statements_have_speaker_channel_date_and_content(result) -> None:  # type: ignore[no-untyped-def]
    names = {p.id: p.name for p in result.parties}
    by_speaker = {names.get(s.speaker_party or "", s.speaker): s for s in result.statements}
    pompeo = by_speaker["Michael R. Pompeo"]
    assert (pompeo.cue, pompeo.channel, pompeo.date) == ("told", "CNN", "2020-01-03")
    assert pompeo.content.startswith("He was actively plotting")
    trump = by_speaker["Trump"]
    assert trump.channel == "a tweet" and "killed or badly wounded" in trump.content
    defense = [s for s in result.statements if "Department of Defense" in s.speaker]
    assert [s.cue for s in defense] == ["according to", "adds"]
    assert all(s.channel == "statement" for s in defense)
    assert "orchestrated attacks" in defense[0].content
    assert "approved the attacks" in defense[1].content and defense[1].refers_to is not None


def test_dates_resolve_against_the_publication_date(result) -> None:  # type: ignore[no-untyped-def]
    dates = {d.text: d.value for d in result.dates}
    assert dates["January 2"] == "2020-01-02"
    assert dates["April 2019"] == "2019-04"
    assert dates["Since 1998"] == "1998/2020-01-04"
    assert dates["between 2003 and 2011"] == "2003/2011"
    assert dates["this week"] == "2020-W01"
    assert dates["December 31"] == "2019-12-31"


def test_captions_and_credits_are_apart_and_not_parties(result) -> None:  # type: ignore[no-untyped-def]
    assert "AP Images" in result.credits
    assert len(result.captions) == 4 and "©" not in result.body
    names = " ".join(m.text for p in result.parties for m in p.mentions)
    assert "AP Images" not in names and "Supreme Leader" not in names
