"""Extra training sources of the risk classifier: designation narratives and political news."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.media.articles import TRAINING
from watchkeeper.media.risk_dataset import Example
from watchkeeper.media.risk_sources import (
    DESIGNATION,
    POLITICAL,
    designation_narratives,
    has_designation_lists,
    main_person,
    political_examples,
)
from watchkeeper.media.risk_train import TrainingSettings, train_on
from watchkeeper.model import Entity
from watchkeeper.sources.uk_ofsi import PARSER as OFSI_PARSER
from watchkeeper.sources.un_xml import PARSER as UN_PARSER


@pytest.fixture(scope="module")
def listed(fixtures: Path) -> tuple[tuple[Entity, ...], tuple[Entity, ...]]:
    uk = OFSI_PARSER.parse(fixtures / "uk_ofsi" / "ConList.csv")[0].entities
    un = UN_PARSER.parse(fixtures / "un_xml" / "consolidated.xml")[0].entities
    return uk, un


def test_a_uk_statement_of_reasons_is_an_adverse_narrative_about_the_party(
    listed: tuple[tuple[Entity, ...], tuple[Entity, ...]],
) -> None:
    examples = designation_narratives(*listed)
    by_id = {e.title: e for e in examples}
    qods = by_id["uk-ofsi-11241"]
    assert qods.party == "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC) QODS FORCE"
    assert qods.adverse == 1 and qods.about_party and qods.source == DESIGNATION
    assert qods.article.startswith("Iran’s Islamic Revolutionary Guard Corps (IRGC) Qods Force")
    assert "terrorists" in qods.article
    # Only the reasons: not the list reference before them nor the labelled fields after.
    assert "UK Sanctions List Ref" not in qods.article
    assert "(Type of entity)" not in qods.article and "Parent company" not in qods.article
    # A party with no statement of reasons gives no example.
    assert "uk-ofsi-13312" not in by_id


def test_un_narratives_leave_out_the_bookkeeping(
    listed: tuple[tuple[Entity, ...], tuple[Entity, ...]],
) -> None:
    un = [e for e in designation_narratives(*listed) if e.title.startswith("un-")]
    assert un and all(e.adverse == 1 for e in un)
    texts = " ".join(e.article for e in un)
    assert "terrorist" in texts
    for bookkeeping in ("INTERPOL", "Review pursuant", "UN DATAID", "Height:"):
        assert bookkeeping not in texts


def test_narratives_are_capped_per_regime(
    listed: tuple[tuple[Entity, ...], tuple[Entity, ...]],
) -> None:
    everything = designation_narratives(*listed)
    capped = designation_narratives(*listed, per_regime=1)
    al_qaida = [e for e in everything if e.title.startswith("un-QD")]
    assert len(al_qaida) > 1
    assert len([e for e in capped if e.title.startswith("un-QD")]) == 1
    assert designation_narratives(*listed, per_regime=1) == capped  # seeded draw


def test_main_person_is_the_name_the_article_uses_most() -> None:
    text = (
        "Senator Jane Holloway met voters in Ohio. The New York crowd cheered. Holloway said "
        "the plan would pass, and Mr. Holloway's rival Tom Baker disagreed. Holloway smiled."
    )
    assert main_person(text) == "Jane Holloway"
    assert main_person("no names here at all.") is None


@given(st.text(max_size=300))
def test_main_person_is_a_pair_written_in_the_text(text: str) -> None:
    person = main_person(text)
    if person is not None:
        first, last = person.split(" ")
        assert re.search(rf"{re.escape(first)}\s{re.escape(last)}", text)


def test_political_articles_are_non_adverse_examples(tmp_path: Path) -> None:
    folder = tmp_path / "media" / "polnear" / "dev" / "text"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(
        "Maria Lopez told voters in Iowa that the tax plan would help families. Lopez "
        "spoke for an hour.",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text("nothing capitalised here.", encoding="utf-8")
    [example] = political_examples(tmp_path)
    assert (example.party, example.adverse, example.source) == ("Maria Lopez", 0, POLITICAL)
    assert not has_designation_lists(tmp_path)


def test_extra_sources_count_for_their_set_share_of_the_training_weight() -> None:
    narrative = (
        "Ivan Rusk is an involved person because he commanded a militia that attacked "
        "civilians and planned bombings."
    )
    politics = "Maria Lopez told voters the budget would pass. Lopez thanked the mayor."
    extra = [
        Example("Ivan Rusk", narrative, 1, "n1", source=DESIGNATION, about_party=True),
        Example("Ivan Rusk", narrative + " He bought rifles.", 1, "n2", source=DESIGNATION),
        Example("Maria Lopez", politics, 0, "p1", source=POLITICAL),
        Example("Maria Lopez", "Maria Lopez opened the fair. " + politics, 0, "p2", POLITICAL),
    ]
    settings = TrainingSettings(
        min_df=1, folds=2, negatives_per_positive=4, designation_share=0.4, political_share=0.2
    )
    model = train_on([*TRAINING, *extra], settings)
    adverse_articles = sum(e.adverse for e in TRAINING)
    weights = model.info["weight_by_source"]
    assert weights["adverse_media"] == len(TRAINING)
    assert weights[DESIGNATION] == pytest.approx(0.4 * adverse_articles)
    assert weights[POLITICAL] == pytest.approx(0.2 * adverse_articles)
    assert model.info["examples_by_source"] == {
        "adverse_media": len(TRAINING),
        DESIGNATION: 2,
        POLITICAL: 2,
    }
    # The party's own name is blanked out of the extra sources: it is no evidence either way.
    assert "lopez" not in model.vocabulary or model.focus_weights[model.vocabulary["lopez"]] == 0
