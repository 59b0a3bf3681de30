"""Normalisation: any script in, comparable ASCII tokens out, the same way every time."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchkeeper.names.normalize import normalize
from watchkeeper.names.parts import prepare
from watchkeeper.names.phonetic import skeleton, vowel_key
from watchkeeper.names.script import detect_script

TOKENS = re.compile(r"^([a-z0-9]+( [a-z0-9]+)*)?$")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SOLEIMANI, Qasem", "soleimani qasem"),
        ("Müller-Lüdenscheidt", "muller ludenscheidt"),
        ("O'Brien", "obrien"),
        ("Владимир Путин", "vladimir putin"),
        ("Касем Сулеймани", "kasem suleymani"),
        ("Κασέμ Σολεϊμανί", "kasem soleimani"),
        ("习近平", "xi jinping"),
        ("卡西姆·苏莱曼尼", "kaximu sulaimanni"),
        ("김정은", "gim jeongeun"),
        ("معمر القذافي", "mmr al qdhafy"),
        ("علي", "aly"),
    ],
)
def test_scripts_are_transliterated_to_comparable_tokens(name: str, expected: str) -> None:
    assert normalize(name) == expected


def test_persian_and_arabic_letter_variants_normalise_alike() -> None:
    persian = "قاسم سلیمانی"  # Persian yeh
    arabic = "قاسم سليماني"  # Arabic yeh
    assert normalize(persian) == normalize(arabic)
    assert normalize("کریم") == normalize("كريم")  # Persian and Arabic kaf


@pytest.mark.parametrize(
    "variants",
    [
        ["Qasem", "Qassem", "Ghasem", "Kassem", "Qasim", "Kasim"],
        ["Soleimani", "Suleimani", "Soleymani", "Sulaimani", "Sulaymani"],
        ["Mohammed", "Muhammad", "Mohamad"],
        ["Gaddafi", "Qadhafi", "Kadafi", "Qaddafi"],
        ["Usama", "Osama"],
    ],
)
def test_transliteration_variants_share_a_phonetic_key(variants: list[str]) -> None:
    assert len({vowel_key(normalize(v)) for v in variants}) == 1
    assert len({skeleton(normalize(v)) for v in variants}) == 1


def test_different_names_with_one_skeleton_keep_different_vowel_keys() -> None:
    assert skeleton("mahmoud") == skeleton("mohammed")
    assert vowel_key("mahmoud") != vowel_key("mohammed")
    assert vowel_key("antonio") != vowel_key("antonia")


def test_honorifics_are_dropped_and_reported() -> None:
    prepared = prepare("Haji Qassem SOLEIMANI", True)
    assert prepared.text == "qassem soleimani"
    assert prepared.honorifics == ("haji",)


def test_an_honorific_alone_is_kept_as_the_name() -> None:
    assert prepare("Sheikh", True).text == "sheikh"
    assert prepare("Dr Bishop", True).text == "bishop"


@pytest.mark.parametrize(
    ("name", "kept", "dropped"),
    [
        ("Charlie Bishop", "charlie bishop", ()),
        ("Reza Amir MAJOR", "reza amir major", ()),
        ("SOLEIMANI, Haj Qasem", "soleimani qasem", ("haj",)),
        ("General Sardar Qasem Soleimani", "qasem soleimani", ("general", "sardar")),
        ("Sayed Ali Sayed", "ali sayed", ("sayed",)),
        ("SADUDDIN MULLAH SAYYED", "saduddin sayyed", ("mullah",)),
        ("John Smith Jr", "john smith", ("jr",)),
    ],
)
def test_titles_that_are_also_names_are_dropped_only_leading_the_name(
    name: str, kept: str, dropped: tuple[str, ...]
) -> None:
    prepared = prepare(name, True)
    assert (prepared.text, prepared.honorifics) == (kept, dropped)


def test_legal_forms_are_set_aside_for_organisations() -> None:
    for name in (
        "OOO Romashka",
        "Romashka LLC",
        "Romashka L.L.C.",
        "Romashka Limited Liability Company",
    ):
        prepared = prepare(name, False)
        assert prepared.text == "romashka"
        assert prepared.legal_forms == ("llc",)


def test_ambiguous_legal_forms_stay_in_names_of_unknown_kind() -> None:
    assert prepare("Thomas Sa", None).text == "thomas sa"
    assert prepare("Thomas Sa", False).text == "thomas"


def test_arabic_compound_forms_are_canonical() -> None:
    assert prepare("Abd al-Rahman ibn Abdallah", True).text == "abdul rahman bin abdallah"
    assert prepare("Abdel Rahman", True).text == "abdul rahman"


@given(st.text(max_size=60))
def test_normalised_names_are_lower_case_ascii_tokens(text: str) -> None:
    assert TOKENS.match(normalize(text))


@given(st.text(max_size=60))
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll"]), max_size=30))
def test_case_does_not_matter(text: str) -> None:
    assert normalize(text.upper()) == normalize(text.lower()) or not text.isascii()


@given(st.text(max_size=60), st.sampled_from([None, True, False]))
def test_preparing_any_text_never_fails(text: str, is_person: bool | None) -> None:
    prepared = prepare(text, is_person)
    assert all(part.text and part.key for part in prepared.parts)


@pytest.mark.parametrize(
    ("text", "script"),
    [("Qasem", "Latn"), ("قاسم", "Arab"), ("Касем", "Cyrl"), ("קאסם", "Hebr"), ("习近平", "Hani"),
     ("김정은", "Hang"), ("ヤマダ", "Jpan"), ("Κασέμ", "Grek"), ("123", "Zyyy")],
)  # fmt: skip
def test_scripts_are_detected(text: str, script: str) -> None:
    assert detect_script(text) == script
