"""The engine boundary: the local engine is the batch screening users already have."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import FIXTURES
from watchkeeper.batch import BatchError, ColumnMap, screen_batches, screen_file
from watchkeeper.engine import BatchEngine, BatchOptions, LocalEngine, check_engine
from watchkeeper.screening import Screener
from watchkeeper.sources.registry import parse_path

CUSTOMERS = FIXTURES / "batch" / "customers.csv"
COLUMNS = ColumnMap("full_name", "date_of_birth", "nationality", "type")


@pytest.fixture(scope="module")
def screener() -> Screener:
    paths = [FIXTURES / "un_xml" / "consolidated.xml", FIXTURES / "ofac_xml" / "SDN.XML"]
    return Screener.from_entities(
        e for p in paths for parsed in parse_path(p) for e in parsed.entities
    )


def test_the_local_engine_writes_what_screen_file_writes(
    screener: Screener, tmp_path: Path
) -> None:
    engine: BatchEngine = LocalEngine(screener)
    summary = engine.screen(CUSTOMERS, tmp_path / "engine.parquet", BatchOptions(COLUMNS, limit=3))
    screen_file(screener, CUSTOMERS, tmp_path / "direct.parquet", COLUMNS, limit=3)

    assert pq.read_table(tmp_path / "engine.parquet") == pq.read_table(tmp_path / "direct.parquet")
    assert summary.rows == 11 and summary.failed == 2 and summary.matched >= 4


def test_screen_batches_keeps_every_row_and_adds_the_results(screener: Screener) -> None:
    batch = pa.record_batch({"name": ["Doku Umarov", "Margaret Thornbury", ""]})
    [out] = list(screen_batches(screener, [batch], ColumnMap("name")))
    assert out.column("name").to_pylist() == ["Doku Umarov", "Margaret Thornbury", ""]
    assert out.column("match_entity_id").to_pylist()[0] == "un-QDi.290"
    assert out.column("match_count").to_pylist()[1:] == [0, None]
    assert list(screen_batches(screener, [], ColumnMap("name"))) == []
    with pytest.raises(BatchError, match="no column 'full_name'"):
        list(screen_batches(screener, [batch], COLUMNS))


def test_an_unknown_engine_is_refused_by_name() -> None:
    assert check_engine(" Spark ") == "spark"
    with pytest.raises(BatchError, match="unknown engine 'dask': use local or spark"):
        check_engine("dask")
