"""Hebrew and Hangul spellings of Western names: normalised so their sounds survive, and keyed
so that they meet the Latin spelling they render."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchkeeper.names.hangul import is_korean_name, is_korean_person_name, writing
from watchkeeper.names.hebrew import fold_hebrew
from watchkeeper.names.loose import loose_key, loose_key_as_heard, vowels_agree
from watchkeeper.names.normalize import normalize

TOKENS = re.compile(r"^([a-z0-9]+( [a-z0-9]+)*)?$")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ג'ורג' בוש", "jwrj bws"),  # geresh: ג' is j
        ("ג׳ורג׳ בוש", "jwrj bws"),  # the Hebrew geresh sign itself
        ("וינצ'נצו בליני", "vynchntsw blyny"),  # צ' is ch, צ ts, an opening vav is v
        ("ז'אק", "zhaq"),  # an alef inside a word carries a vowel
        ("קלי סמית'", "qly smyth"),  # ת' is th
        ("אנדרה", "andrh"),  # a silent opening letter is the vowel
        ("עמוס", "amws"),
        ("יוזף", "ywzf"),  # final pe is f
        ("ניקולו מקיאוולי", "nyqwlw mqyavly"),  # a doubled vav is v
    ],
)
def test_hebrew_letters_icu_would_lose_are_read_as_meant(name: str, expected: str) -> None:
    assert normalize(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("조지 부시", "joji busi"),
        ("플로렌스 나이팅게일", "peullolenseu naitinggeil"),
        ("스미스", "seumiseu"),
        ("스콧", "seukot"),  # a final ㅅ writes t
        ("빌 힉스", "bil hikseu"),  # a final ㄱ writes k
        ("김정은", "gim jeongeun"),  # a Korean name: family name apart
        ("남궁민수", "namgung minsu"),  # two-syllable family name
        ("리영호", "li yeongho"),
        ("영환 김", "yeong hwan gim"),  # given name first, as the words of a Korean name
    ],
)
def test_foreign_names_in_hangul_keep_each_word_whole(name: str, expected: str) -> None:
    assert normalize(name) == expected


def test_korean_names_are_told_from_foreign_names_in_hangul() -> None:
    assert is_korean_name("김정은")
    assert not is_korean_name("플라톤")  # Plato: 플 is no family name
    assert not is_korean_name("김")  # too short to hold a given name
    assert is_korean_person_name("김 정은") and is_korean_person_name("영환 김")
    assert not is_korean_person_name("조지 부시")
    assert not is_korean_person_name("플로렌스 나이팅게일")
    assert writing("Hang", "김정은") == "Kore"
    assert writing("Hang", "조지 부시") == "Hang"
    assert writing("Latn", "Kim Jong Un") == "Latn"


@pytest.mark.parametrize(
    ("latin", "native"),
    [
        ("George Bush", "ג'ורג' בוש"),
        ("George Bush", "조지 부시"),
        ("Josef Mengele", "יוזף מנגלה"),
        ("Smith", "스미스"),
        ("Marvin Martin", "마르뱅 마르탱"),
        ("Florence Nightingale", "플로렌스 나이팅게일"),
        ("Charles Babbage", "찰스 배비지"),
        ("Charles Chaplin", "צ'ארלס צ'פלין"),
        ("Walter Scott", "월터 스콧"),
    ],
)
def test_latin_and_native_spellings_share_a_merged_key(latin: str, native: str) -> None:
    latin_keys = [{loose_key(t), loose_key_as_heard(t)} for t in normalize(latin).split()]
    native_keys = [loose_key(t, native=True) for t in normalize(native).split()]
    assert len(latin_keys) == len(native_keys)
    assert all(n in keys for n, keys in zip(native_keys, latin_keys, strict=True))


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("dnyl", "daniel"),  # Hebrew yod for the i
        ("bws", "bush"),  # vav for the u
        ("joji", "george"),  # Korean drops the r
        ("piteo", "peter"),  # eo is any vowel
        ("boni", "bonnie"),
    ],
)
def test_vowels_written_in_hebrew_or_hangul_agree_with_the_latin_ones(
    native: str, latin: str
) -> None:
    assert vowels_agree(native, latin)


@pytest.mark.parametrize(("native", "latin"), [("vyys", "bush"), ("mwhmd", "maud")])
def test_vowels_that_disagree_tell_names_of_one_merged_key_apart(native: str, latin: str) -> None:
    assert not vowels_agree(native, latin)


def test_merged_keys_still_tell_different_names_apart() -> None:
    assert loose_key("smith") != loose_key("jones")
    assert loose_key(normalize("פוטין"), native=True) != loose_key("bush")
    assert loose_key("840") == "840"


HEBREW = st.text(alphabet=st.sampled_from(list("אבגדהוזחטיכךלמםנןסעפףצץקרשת'׳’ -")), max_size=30)
HANGUL = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), st.sampled_from(" -·")
    ),
    max_size=20,
)


@given(HEBREW)
def test_hebrew_folding_is_idempotent(text: str) -> None:
    assert fold_hebrew(fold_hebrew(text)) == fold_hebrew(text)


# The first call loads ICU's transliterators, which takes longer than hypothesis allows.
@settings(deadline=None)
@given(st.one_of(HEBREW, HANGUL))
def test_any_hebrew_or_hangul_normalises_to_plain_tokens(text: str) -> None:
    assert TOKENS.match(normalize(text))


@settings(deadline=None)
@given(st.one_of(HEBREW, HANGUL, st.text(max_size=20)))
def test_merged_keys_are_made_of_class_letters(text: str) -> None:
    for token in normalize(text).split():
        for key in (loose_key(token), loose_key(token, native=True), loose_key_as_heard(token)):
            assert set(key) <= set("abcdgkplmnsty0123456789")
