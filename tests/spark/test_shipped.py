"""The index shipped to Spark workers: built once per worker, rebuilt only for new lists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from watchkeeper.screening import Query
from watchkeeper.sources.registry import parse_path
from watchkeeper.spark import shipped
from watchkeeper.spark.shipped import (
    ShippedIndex,
    content_hash,
    deserialise_entities,
    serialise_entities,
    worker_screener,
)

UN = FIXTURES / "un_xml" / "consolidated.xml"


@dataclass
class Held:
    """Stands where a Spark broadcast stands: bytes behind ``.value``, counting reads."""

    data: bytes
    reads: int = 0

    @property
    def value(self) -> bytes:
        self.reads += 1
        return self.data


def entities(path: Path = UN) -> list:  # type: ignore[type-arg]
    return [e for parsed in parse_path(path) for e in parsed.entities]


def test_entities_survive_the_trip_without_their_raw_records() -> None:
    listed = entities()
    back = deserialise_entities(serialise_entities(listed))
    assert [e.id for e in back] == [e.id for e in listed]
    assert [e.names for e in back] == [e.names for e in listed]
    assert all(e.raw == "" for e in back) and any(e.raw for e in listed)


def test_a_worker_builds_its_screener_once_per_list_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shipped, "_LOADED", None)
    monkeypatch.setattr(shipped, "BUILDS", 0)
    data = serialise_entities(entities())
    held = Held(data)
    index = ShippedIndex(content_hash(data), held, 0.75)

    first = worker_screener(index)
    again = worker_screener(ShippedIndex(content_hash(data), held, 0.75))
    assert again is first and shipped.BUILDS == 1 and held.reads == 1
    assert first.screen(Query("Doku Umarov"))[0].entity_id == "un-QDi.290"

    fewer = serialise_entities(entities()[:3])
    other = worker_screener(ShippedIndex(content_hash(fewer), Held(fewer), 0.75))
    assert other is not first and shipped.BUILDS == 2
    assert len(other.index.entities) == 3
    stricter = worker_screener(ShippedIndex(content_hash(fewer), Held(fewer), 0.9))
    assert stricter.threshold == 0.9 and shipped.BUILDS == 3
