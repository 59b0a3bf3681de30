"""A process that keeps one screener (batch, server, Spark worker) keeps the collector off it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from watchkeeper.long_lived import RARE_FULL_COLLECTIONS, freeze_loaded_index


@pytest.fixture
def collector() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("collector")
def test_the_loaded_index_is_frozen_and_full_collections_made_rare() -> None:
    loaded = [{"name": str(i)} for i in range(1_000)]
    young, middle, _ = gc.get_threshold()
    freeze_loaded_index()
    assert gc.get_freeze_count() >= len(loaded)
    assert gc.get_threshold() == (young, middle, RARE_FULL_COLLECTIONS)
    # Young garbage cycles are still collected.
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    assert gc.collect(0) >= 1
