"""Acceptance on the real lists: Qasem Soleimani and the IRGC-Qods Force, in any spelling, in
every list that carries them (see SOURCES.md in the reference data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchkeeper.model import EntityKind
from watchkeeper.reference import reference_lists
from watchkeeper.screening import Query, Screener

pytestmark = pytest.mark.shared_data

SOLEIMANI = {"ofac-sdn-10481", "un-IRi.039", "uk-sl-INU0398", "eu-oj-32012R0267-VIII.A.PERSONS-38"}
QODS_FORCE = {"ofac-sdn-10465", "uk-ofsi-11241", "uk-sl-INU0082"}


@pytest.fixture(scope="module")
def screener(shared_data: Path) -> Screener:
    return Screener.from_entities(
        e for parsed in reference_lists(shared_data) for e in parsed.entities
    )


def matched(screener: Screener, query: Query) -> set[str]:
    return {m.entity_id for m in screener.screen(query, limit=20) if m.match}


@pytest.mark.parametrize(
    "spelling",
    ["Qasem Soleimani", "Qassem Soleimani", "Ghasem Soleymani", "Kasim Sulaimani",
     "Qassem Suleimani", "SOLEIMANI, Qasem", "قاسم سلیمانی", "Касем Сулеймани",
     "General Qassem Soleimani", "Haj Qasem Soleimani"],
)  # fmt: skip
def test_soleimani_is_found_in_every_list_that_carries_him(
    screener: Screener, spelling: str
) -> None:
    assert matched(screener, Query(spelling)) >= SOLEIMANI


@pytest.mark.parametrize(
    "spelling",
    ["IRGC-QF", "Quds Force", "Qods Force", "IRGC Qods Force",
     "Islamic Revolutionary Guard Corps-Quds Force", "سپاه قدس"],
)  # fmt: skip
def test_the_qods_force_is_found(screener: Screener, spelling: str) -> None:
    found = matched(screener, Query(spelling, kind=EntityKind.ORGANIZATION))
    assert found & QODS_FORCE, found


def test_birth_date_puts_the_right_soleimani_first(screener: Screener) -> None:
    results = screener.screen(Query("Qasem Soleimani", birth_date="1957-03-11", country="IR"))
    assert results[0].entity_id in SOLEIMANI
    scores = {m.entity_id: m.score for m in results}
    assert scores["un-IRi.039"] > scores["un-IRi.040"]


def test_unlisted_people_do_not_match(screener: Screener) -> None:
    for name in ("John Smith", "Maria Garcia Lopez", "Olaf Scholz", "Emily Clarke"):
        assert not matched(screener, Query(name)), name
