"""Each evaluation dataset format, read from small hand-written files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from watchkeeper.evaluation.context import Context
from watchkeeper.evaluation.cross_script import (
    direction,
    read_anetac_persons,
    read_latin_native,
    read_moov_pairs,
    read_native_latin,
)
from watchkeeper.evaluation.false_positives import read_people
from watchkeeper.evaluation.pairs import KIND_BY_SCHEMA, load_cases, load_reference_scores
from watchkeeper.evaluation.report import data_date
from watchkeeper.model import EntityKind

DATA = FIXTURES / "evaluation" / "data"
NAMES = DATA / "names"


def test_name_pairs_and_their_labels() -> None:
    cases = load_cases(NAMES / "nomenklatura_name_bench" / "cases.csv")
    assert len(cases) == 10
    first = cases[0]
    assert (first.schema, first.name1, first.name2, first.is_match) == (
        "Person",
        "Qasem Soleimani",
        "QASEM SOLEIMANI",
        True,
    )
    assert cases[2].name1 == "SOLEIMANI, Qasem"  # a quoted field with a comma
    assert sum(c.is_match for c in cases) == 6
    assert {KIND_BY_SCHEMA[c.schema] for c in cases} == {
        EntityKind.PERSON,
        EntityKind.ORGANIZATION,
        EntityKind.VESSEL,
    }


def test_a_pair_label_that_is_not_true_or_false_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("case_group,schema,name1,name2,is_match\ng,Person,A B,A B,maybe\n")
    with pytest.raises(ValueError, match="maybe"):
        load_cases(path)


def test_reference_scores_are_keyed_by_schema_and_both_names() -> None:
    scores = load_reference_scores(NAMES / "nomenklatura_name_bench" / "logicv2-frozen.csv")
    assert len(scores) == 8
    assert scores[("Person", "Ghasem Soleymani", "Qasem Soleimani")] == 0.85


def test_cross_script_pairs_skip_comments_and_blank_lines() -> None:
    pairs = read_moov_pairs(NAMES / "moov_watchman" / "cross_script_pairs.csv")
    assert [(p.native, p.latin, p.min_score) for p in pairs[:2]] == [
        ("Владимир Путин", "Vladimir Putin", 0.9),
        ("محمد علي", "Mohamed Ali", 0.85),
    ]
    assert len(pairs) == 4


def test_tab_separated_pairs_in_either_order() -> None:
    hebrew = read_latin_native(NAMES / "netransliteration_coling2018" / "wd_hebrew")
    assert (hebrew[0].latin, hebrew[0].native) == ("David Cohen", "דוד כהן")
    arabic = read_native_latin(NAMES / "google_transliteration_ar2en" / "ar2en-test.txt")
    assert (arabic[0].latin, arabic[0].native) == ("ahmed", "أحمد")


def test_anetac_keeps_only_person_names() -> None:
    pairs = read_anetac_persons(NAMES / "anetac" / "EN-AR NE" / "EN-AR Named-entities.txt")
    assert [(p.latin, p.native) for p in pairs] == [
        ("Qasem", "قاسم"),
        ("Soleimani", "سليماني"),
        ("Hassan", "حسن"),
    ]


def test_a_query_paired_with_two_spellings_may_find_either() -> None:
    pairs = read_latin_native(NAMES / "netransliteration_coling2018" / "wd_hebrew")
    doubled = [*pairs, type(pairs[0])(latin="David Kohen", native="דוד כהן")]
    way = direction("he", doubled, forward=True)
    assert len(way.indexed) == 4
    assert len(way.queries["דוד כהן"]) == 2
    back = direction("he", doubled, forward=False)
    assert len(back.indexed) == 3 and len(back.queries) == 4


def test_people_on_no_list_with_blank_fields_absent() -> None:
    people = read_people(NAMES / "yente_screening_fixtures" / "negatives_us.csv")
    assert len(people) == 6
    assert (people[0].name, people[0].birth_date, people[0].nationality) == (
        "Ingrid Halvorsen",
        "1972-11-21",
        "Norway",
    )
    congress = read_people(
        NAMES / "yente_screening_fixtures" / "positives_us_congress_untreated.csv"
    )
    assert (congress[0].birth_date, congress[0].nationality) == ("1961", None)
    assert congress[2].birth_date is None


def test_data_dates_come_from_sources_md() -> None:
    assert data_date(DATA, "names/nomenklatura_name_bench/cases.csv") == "2026-01-01"
    assert data_date(DATA, "names/netransliteration_coling2018") == "2018-06"
    assert "not in SOURCES.md" in data_date(DATA, "names/absent.csv")


def test_samples_are_seeded_and_keep_the_original_order() -> None:
    items = list(range(100))
    ctx = Context(data=DATA, sample=10, show_progress=False)
    first = ctx.draw(items, "key")
    assert first == ctx.draw(items, "key") == sorted(first)
    assert len(first) == 10
    assert Context(data=DATA, sample=10, seed=1, show_progress=False).draw(items, "key") != first
    assert Context(data=DATA, show_progress=False).draw(items, "key", default=None) == items
    assert Context(data=DATA, sample=500, show_progress=False).draw(items, "key") == items
