"""Western names written in Hebrew or Hangul find their Latin spelling, and the other way round;
Latin names compare with Latin names exactly as they did."""

from __future__ import annotations

import pytest

from watchkeeper.model import Entity, EntityKind, Name
from watchkeeper.names.parts import prepare
from watchkeeper.names.script import detect_script
from watchkeeper.scoring.similarity import SAME_SCRIPT, How, part_similarity, script_pair
from watchkeeper.screening import Query, Screener


def screener(*names: str) -> Screener:
    return Screener.from_entities(
        Entity(
            id=f"t-{i}",
            list_id="test",
            source_ref=str(i),
            kind=EntityKind.PERSON,
            names=(Name(full=name, script=detect_script(name)),),
        )
        for i, name in enumerate(names)
    )


LATIN = (
    "George Walker Bush",
    "Josef Mengele",
    "Florence Nightingale",
    "Vladimir Putin",
    "Marvin Martin",
    "Charles Darwin",
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ג'ורג' בוש", "George Walker Bush"),
        ("조지 부시", "George Walker Bush"),
        ("יוזף מנגלה", "Josef Mengele"),
        ("플로렌스 나이팅게일", "Florence Nightingale"),
        ("ולדימיר פוטין", "Vladimir Putin"),
        ("마르뱅 마르탱", "Marvin Martin"),
        ("찰스 다윈", "Charles Darwin"),
    ],
)
def test_a_hebrew_or_hangul_query_finds_the_latin_name(query: str, expected: str) -> None:
    matches = screener(*LATIN).screen(Query(name=query, kind=EntityKind.PERSON))
    assert matches and matches[0].matched_name == expected and matches[0].match


@pytest.mark.parametrize(
    ("query", "expected"),
    [("George Bush", "조지 부시"), ("George Bush", "ג'ורג' בוש"), ("Josef Mengele", "יוזף מנגלה")],
)
def test_a_latin_query_finds_the_hebrew_or_hangul_name(query: str, expected: str) -> None:
    listed = screener(expected, "블라디미르 푸틴", "ולדימיר פוטין", "Joseph Smith")
    matches = listed.screen(Query(name=query, kind=EntityKind.PERSON))
    assert matches and matches[0].matched_name == expected and matches[0].match


def test_a_different_person_in_hangul_or_hebrew_is_no_match() -> None:
    listed = screener("조지 부시", "ג'ורג' בוש")
    for query in ("Vladimir Putin", "Florence Nightingale", "Charles Darwin"):
        assert not any(m.match for m in listed.screen(Query(name=query, kind=EntityKind.PERSON)))


def test_the_merged_consonant_rule_only_applies_across_hebrew_or_hangul() -> None:
    smith, seumiseu = prepare("Smith").parts[0], prepare("스미스").parts[0]
    across = script_pair("Hang", "Latn")
    assert across.merging and across.merging_query
    assert part_similarity(seumiseu, smith, across) == (pytest.approx(0.86), How.TRANSLITERATION)
    assert part_similarity(seumiseu, smith, SAME_SCRIPT)[0] < 0.7
    for pair in (
        ("Latn", "Latn"),
        ("Arab", "Latn"),
        ("Hebr", "Hebr"),
        ("Hani", "Hebr"),
        ("Kore", "Latn"),
    ):
        assert not script_pair(*pair).merging


def test_a_latin_query_retrieves_no_latin_name_through_merged_keys() -> None:
    # "Jorge Bosch" shares merged keys with "George Bush" but is a different spelling: among
    # Latin names it is scored exactly as before, by the general rules.
    latin_only = screener("George Bush")
    with_native = screener("George Bush", "조지 부시")
    query = Query(name="Jorge Bosch", kind=EntityKind.PERSON)
    before = [(m.matched_name, m.score) for m in latin_only.screen(query)]
    after = [(m.matched_name, m.score) for m in with_native.screen(query)]
    assert [m for m in after if m[0] == "George Bush"] == before


def test_vowels_written_in_hebrew_keep_apart_names_of_one_consonant_key() -> None:
    # Weiss (וייס) and Bush share their merged consonants, b and s; the yod says i, not u.
    listed = screener("דניאלה וייס")
    matches = listed.screen(Query(name="Danielle Bush", kind=EntityKind.PERSON))
    assert not any(m.match for m in matches)
    assert (
        screener("דניאלה בוש").screen(Query(name="Danielle Bush", kind=EntityKind.PERSON))[0].match
    )


def test_korean_names_in_hangul_are_not_read_as_foreign_names() -> None:
    # A Korean name's Latin spelling follows Korean romanisation; the merged-consonant keys
    # that serve foreign names ("Juhani Berg" and 박영한 share them) do not apply to it.
    listed = screener("박영한", "김정은")
    assert not any(
        m.match for m in listed.screen(Query(name="Juhani Berg", kind=EntityKind.PERSON))
    )
    assert listed.screen(Query(name="Kim Jong Un", kind=EntityKind.PERSON))[0].match
