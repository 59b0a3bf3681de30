"""Screening on Spark gives what screening on this machine gives, row for row."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from faker import Faker

pytest.importorskip("pyspark")

from pyspark.sql import SparkSession
from typer.testing import CliRunner

from tests.conftest import FIXTURES, load_home
from watchkeeper.audit import AuditLog, audit_path
from watchkeeper.batch import RESULT_COLUMNS, BatchError, ColumnMap, screen_file, screen_table
from watchkeeper.benchmarks.screening import perturb
from watchkeeper.cli.main import app
from watchkeeper.config import Settings
from watchkeeper.engine import BatchOptions, LocalEngine
from watchkeeper.model import Entity
from watchkeeper.screening import Screener
from watchkeeper.sources.registry import parse_path
from watchkeeper.spark import SparkEngine, screen_dataframe
from watchkeeper.store import Store

LISTS = [FIXTURES / "un_xml" / "consolidated.xml", FIXTURES / "ofac_xml" / "SDN.XML"]
CUSTOMERS = FIXTURES / "batch" / "customers.csv"
COLUMNS = ColumnMap("full_name", "date_of_birth", "nationality", "type")
QUERY_COLUMNS = ColumnMap("name", "birth_date", "country", "kind")
LOCALES = ("en_US", "ru_RU", "ar_AA", "zh_CN", "el_GR", "tr_TR", "fr_FR")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_home(tmp_path_factory.mktemp("home"), *LISTS)


@pytest.fixture(scope="module")
def screener(home: Path) -> Screener:
    with Store.open(Settings(home=home).database) as store:
        return Screener.from_store(store)


def customer_table(entities: Sequence[Entity], rows: int, seed: int = 7) -> pa.Table:
    """Listed names damaged as real input damages them, unlisted names in several scripts,
    secondary fields right, wrong and unreadable, and rows that cannot be screened."""
    rng = random.Random(seed)
    fake = Faker(list(LOCALES))
    fake.seed_instance(seed)
    listed = [name.full for entity in entities for name in entity.names]
    records: list[dict[str, str | None]] = []
    for i in range(rows):
        roll = rng.random()
        if roll < 0.45:
            name: str | None = perturb(rng.choice(listed), i, rng)
        elif roll < 0.55:
            name = rng.choice(listed)
        elif roll < 0.97:
            name = fake.name() if rng.random() < 0.8 else fake.company()
        else:
            name = rng.choice([None, "", "   ", "x" * 600, "!!!"])
        records.append(
            {
                "id": f"R{i:05}",
                "name": name,
                "birth_date": rng.choice([None, "1957", "1957-03-11", "11/03/1964", "not a date"]),
                "country": rng.choice([None, "IR", "Iran", "RU", "GB", "Atlantis"]),
                "kind": rng.choice([None, "individual", "company", "vessel", "alien"]),
            }
        )
    return pa.Table.from_pylist(records)


def test_spark_and_local_give_the_same_matches_and_scores(
    spark: SparkSession, screener: Screener
) -> None:
    table = customer_table(screener.index.entities, 2000)
    local = screen_table(screener, table, QUERY_COLUMNS, limit=5)

    frame = spark.createDataFrame(table.to_pandas()).repartition(4)
    on_spark = screen_dataframe(frame, screener, QUERY_COLUMNS, limit=5)
    rows = {row["id"]: row.asDict() for row in on_spark.collect()}

    assert len(rows) == table.num_rows
    expected = {row["id"]: row for row in local.to_pylist()}
    differing = [i for i in expected if expected[i] != rows[i]]
    assert differing == []
    matched = [row for row in expected.values() if row["match"]]
    assert len(matched) > 400, "the input should contain plenty of true hits"
    assert any(row["error"] for row in expected.values())


def test_a_batch_file_screened_on_spark_matches_the_local_output(
    spark: SparkSession, screener: Screener, tmp_path: Path
) -> None:
    local_path, spark_path = tmp_path / "local.parquet", tmp_path / "spark.parquet"
    options = BatchOptions(COLUMNS, limit=5)
    local_summary = LocalEngine(screener).screen(CUSTOMERS, local_path, options)
    spark_summary = SparkEngine(screener, spark).screen(CUSTOMERS, spark_path, options)

    assert spark_path.is_dir() and (spark_path / "_SUCCESS").exists()
    local = pq.read_table(local_path)
    on_spark = pq.read_table(spark_path)
    assert on_spark.column("customer_id").to_pylist() == [f"C{i:03}" for i in range(1, 12)]
    for column in RESULT_COLUMNS:
        assert on_spark.column(column).to_pylist() == local.column(column).to_pylist(), column
    for field in ("rows", "matched", "failed", "partial"):
        assert getattr(spark_summary, field) == getattr(local_summary, field), field
    assert spark_summary.rows == 11 and spark_summary.matched >= 4


def test_csv_output_from_spark_reads_like_the_local_csv(
    spark: SparkSession, screener: Screener, tmp_path: Path
) -> None:
    options = BatchOptions(COLUMNS, limit=5)
    screen_file(screener, CUSTOMERS, tmp_path / "local.csv", COLUMNS, limit=5)
    SparkEngine(screener, spark).screen(CUSTOMERS, tmp_path / "spark.csv", options)

    parts = sorted((tmp_path / "spark.csv").glob("part-*.csv"))
    assert parts
    spark_lines = [parts[0].read_text(encoding="utf-8").splitlines()[0]]
    for part in parts:
        spark_lines += part.read_text(encoding="utf-8").splitlines()[1:]
    local_lines = (tmp_path / "local.csv").read_text(encoding="utf-8").splitlines()
    assert spark_lines[0] == local_lines[0]
    # Spark reads an empty CSV cell as null and writes it back empty; the results agree.
    assert len(spark_lines) == len(local_lines)
    for spark_line, local_line in zip(spark_lines[1:], local_lines[1:], strict=True):
        assert spark_line.split(",")[0] == local_line.split(",")[0]
        assert spark_line.split(",", 5)[5] == local_line.split(",", 5)[5]


def test_screening_again_replaces_the_previous_output(
    spark: SparkSession, screener: Screener, tmp_path: Path
) -> None:
    engine = SparkEngine(screener, spark)
    first, second = tmp_path / "first.parquet", tmp_path / "second.parquet"
    engine.screen(CUSTOMERS, first, BatchOptions(COLUMNS))
    engine.screen(first, second, BatchOptions(COLUMNS))
    engine.screen(first, second, BatchOptions(COLUMNS))

    again = pq.read_table(second)
    assert again.num_rows == 11
    assert again.column_names.count("match_entity_id") == 1
    assert again.column("match").to_pylist() == pq.read_table(first).column("match").to_pylist()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_bad_requests_fail_before_any_screening(
    spark: SparkSession, screener: Screener, tmp_path: Path
) -> None:
    engine = SparkEngine(screener, spark)
    with pytest.raises(BatchError, match="writes csv or parquet"):
        engine.screen(CUSTOMERS, tmp_path / "out.jsonl", BatchOptions(COLUMNS))
    with pytest.raises(BatchError, match="no column 'surname'"):
        engine.screen(CUSTOMERS, tmp_path / "out.parquet", BatchOptions(ColumnMap("surname")))
    frame = spark.createDataFrame([("Qasem Soleimani", "old")], ["name", "match_score"])
    with pytest.raises(BatchError, match="named like the result columns"):
        screen_dataframe(frame, screener)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"name": "Doku Umarov"}\n{"name": \n', encoding="utf-8")
    with pytest.raises(BatchError, match="Spark could not run the batch"):
        engine.screen(broken, tmp_path / "from_broken.parquet", BatchOptions(ColumnMap("name")))
    assert not (tmp_path / "from_broken.parquet").exists()
    keep = tmp_path / "keep.parquet"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BatchError, match="not a previous batch output"):
        engine.screen(CUSTOMERS, keep, BatchOptions(COLUMNS))
    assert (keep / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_batch_command_runs_on_spark(
    spark: SparkSession, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHKEEPER_HOME", str(home))
    output = tmp_path / "results.parquet"
    result = CliRunner().invoke(
        app,
        [
            "batch",
            str(CUSTOMERS),
            "-o",
            str(output),
            "--name-column",
            "full_name",
            "--engine",
            "spark",
            "--master",
            "local[2]",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "rows" in result.output and "11" in result.output
    table = pq.read_table(output)
    assert table.num_rows == 11
    best = dict(
        zip(
            table.column("customer_id").to_pylist(),
            table.column("match_entity_id").to_pylist(),
            strict=True,
        )
    )
    assert best["C007"] == "un-QDi.290"
    assert spark.sparkContext._jsc is not None, "a running session is left running"
    # The run is in the audit trail: one record naming the input, the lists and the counts.
    with AuditLog.open(audit_path(Settings.load())) as log:
        assert log.verify().ok
        [record] = [r for r in log.records() if r.kind == "batch"]
    assert record.payload["engine"] == "spark" and record.payload["rows"] == 11
    assert record.payload["source"] == str(CUSTOMERS) and record.payload["lists"]

    wrong = CliRunner().invoke(
        app,
        [
            "batch",
            str(CUSTOMERS),
            "-o",
            str(output),
            "--name-column",
            "full_name",
            "--engine",
            "flink",
        ],
    )
    assert wrong.exit_code == 2 and "unknown engine 'flink'" in wrong.output
    # Refused first, before the columns are checked or the lists loaded.
    jsonl = CliRunner().invoke(
        app,
        ["batch", str(CUSTOMERS), "-o", str(tmp_path / "all.jsonl"), "--engine", "spark"],
    )
    assert jsonl.exit_code == 2 and "writes csv or parquet" in jsonl.output


@pytest.mark.shared_data
def test_real_un_list_screens_the_same_on_spark(spark: SparkSession, shared_data: Path) -> None:
    entities = [
        e
        for parsed in parse_path(shared_data / "un" / "UN_consolidated.xml")
        for e in parsed.entities
    ]
    screener = Screener.from_entities(entities)
    table = customer_table(entities, 1500, seed=11)
    local = screen_table(screener, table, QUERY_COLUMNS)

    frame = spark.createDataFrame(table.to_pandas()).repartition(2)
    rows = {
        row["id"]: row.asDict()
        for row in screen_dataframe(frame, screener, QUERY_COLUMNS).collect()
    }

    assert [rows[row["id"]] for row in local.to_pylist()] == local.to_pylist()
    assert sum(bool(row["match"]) for row in rows.values()) > 300
