"""The synthetic lists the scale benchmark measures: reproducible, growing, many scripts."""

from __future__ import annotations

from tests.conftest import FIXTURES
from watchkeeper.benchmarks.synthetic import LIST_ID, scaled_list
from watchkeeper.model import Entity
from watchkeeper.screening import Query, Screener
from watchkeeper.sources.registry import parse_path


def real_entities() -> list[Entity]:
    paths = [FIXTURES / "un_xml" / "consolidated.xml", FIXTURES / "ofac_xml" / "SDN.XML"]
    return [e for path in paths for parsed in parse_path(path) for e in parsed.entities]


def test_a_scaled_list_is_the_real_one_grown_the_same_way_every_time() -> None:
    real = real_entities()
    grown = scaled_list(real, 400)
    smaller = scaled_list(real, 250)

    assert len(grown) == 400 and grown[: len(real)] == real
    assert smaller == grown[:250], "each size is a prefix of the larger ones"
    assert scaled_list(real, 400) == grown
    assert len({e.id for e in grown}) == 400
    synthetic = grown[len(real) :]
    assert all(e.list_id == LIST_ID and e.names for e in synthetic)
    scripts = {n.script for e in synthetic for n in e.names}
    assert {"Latn", "Cyrl", "Arab", "Hani"} <= scripts
    assert scaled_list(real, 5) == real[:5]


def test_damaged_copies_of_a_listed_party_compete_with_it_for_candidates() -> None:
    real = real_entities()
    grown = scaled_list(real, 2000)
    original = next(e for e in real if e.id == "un-QDi.290")
    copies = [e for e in grown if e.list_id == LIST_ID and e.birth_dates == original.birth_dates]
    assert copies, "2000 entities hold damaged copies of the 21 real ones"

    hits = Screener.from_entities(grown).screen(Query("Doku Umarov"), limit=20)
    found = {m.entity_id for m in hits}
    assert original.id in found
    assert found & {c.id for c in copies}
