"""Screening a customer file or table: every row comes back, in order, with its best match."""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path

import msgspec
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from tests.conftest import FIXTURES
from watchkeeper.batch import (
    RESULT_COLUMNS,
    BatchError,
    ColumnMap,
    count_rows,
    input_columns,
    read_records,
    screen_file,
    screen_records,
    screen_table,
)
from watchkeeper.config import Settings
from watchkeeper.screening import Screener
from watchkeeper.store import Store
from watchkeeper.update import update_from_paths

BATCH = FIXTURES / "batch"
CUSTOMERS = BATCH / "customers.csv"
COLUMNS = ColumnMap("full_name", "date_of_birth", "nationality", "type")
SOLEIMANI = {"ofac-sdn-10481", "un-IRi.039"}
INNOCENT = {"C002", "C006", "C008", "C010"}


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    home = tmp_path_factory.mktemp("home")
    settings = Settings(home=home)
    with Store.open(settings.database) as store:
        paths = [FIXTURES / "un_xml" / "consolidated.xml", FIXTURES / "ofac_xml" / "SDN.XML"]
        results = update_from_paths(store, paths, settings)
        assert [r.status for r in results] == ["loaded", "loaded"]
        return Screener.from_store(store)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def by_id(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["customer_id"]: row for row in rows}


def test_records_come_back_one_per_row_in_order(screener: Screener) -> None:
    records = list(read_records(CUSTOMERS))
    results = list(screen_records(screener, records, COLUMNS, limit=5))

    assert [r.row for r in results] == list(range(11))
    assert [r.input["customer_id"] for r in results] == [f"C{i:03}" for i in range(1, 12)]
    found = {r.input["customer_id"]: r for r in results}
    for customer in ("C001", "C004", "C009"):
        assert found[customer].best is not None
        assert found[customer].best.entity_id in SOLEIMANI
        assert found[customer].best.match
    assert found["C005"].best is not None and found["C005"].best.entity_id == "ofac-sdn-10465"
    assert found["C007"].best is not None and found["C007"].best.entity_id == "un-QDi.290"
    for customer in INNOCENT:
        assert found[customer].match_count == 0
        assert found[customer].error is None


def test_a_row_without_a_name_is_reported_not_screened(screener: Screener) -> None:
    results = list(screen_records(screener, read_records(CUSTOMERS), COLUMNS))
    for blank in (results[2], results[10]):
        assert not blank.screened and blank.matches == ()
        assert blank.error is not None and "no name" in blank.error


def test_an_unreadable_birth_date_is_reported_and_the_name_still_screened(
    screener: Screener,
) -> None:
    results = list(screen_records(screener, read_records(CUSTOMERS), COLUMNS))
    bad_date = results[3]
    assert bad_date.input["date_of_birth"] == "1957-13-45"
    assert bad_date.error is not None and "1957-13-45" in bad_date.error
    assert bad_date.screened and bad_date.best is not None and bad_date.best.match
    # The nationality was readable, so it still counted.
    assert any(e.feature == "country" for e in bad_date.best.evidence)


def test_csv_to_csv_keeps_every_row_and_adds_the_best_match(
    screener: Screener, tmp_path: Path
) -> None:
    out = tmp_path / "hits.csv"
    summary = screen_file(screener, CUSTOMERS, out, COLUMNS, limit=5)

    rows = read_csv(out)
    assert list(rows[0]) == [
        "customer_id",
        "full_name",
        "date_of_birth",
        "nationality",
        "type",
        *RESULT_COLUMNS,
    ]
    assert [r["customer_id"] for r in rows] == [f"C{i:03}" for i in range(1, 12)]
    assert rows[1]["full_name"] == "Margaret Thornbury"
    hits = by_id(rows)
    assert hits["C001"]["match"] == "true"
    assert hits["C001"]["match_entity_id"] in SOLEIMANI
    assert "SDGT" in hits["C009"]["match_programs"] or "Iran" in hits["C009"]["match_programs"]
    assert float(hits["C001"]["match_score"]) >= 0.75
    assert int(hits["C001"]["match_count"]) >= 2
    assert "suleimani" in hits["C001"]["match_explanation"].lower()
    assert hits["C003"]["error"] and hits["C003"]["match"] == ""
    for customer in INNOCENT:
        assert hits[customer]["match"] == "false" and hits[customer]["match_count"] == "0"
    assert summary.rows == 11
    assert summary.failed == 2
    assert summary.matched == len([r for r in rows if r["match"] == "true"])


def test_csv_to_jsonl_lists_every_match_with_its_reasons(
    screener: Screener, tmp_path: Path
) -> None:
    out = tmp_path / "hits.jsonl"
    screen_file(screener, CUSTOMERS, out, COLUMNS, limit=5)

    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["row"] for line in lines] == list(range(11))
    first = lines[0]
    assert first["input"]["full_name"] == "Qassem Suleimani"
    ids = [m["entity_id"] for m in first["matches"]]
    assert SOLEIMANI & set(ids)
    scores = [m["score"] for m in first["matches"]]
    assert scores == sorted(scores, reverse=True)
    best = first["matches"][0]
    for key in ("list", "caption", "programs", "matched_name", "explanation", "parts"):
        assert key in best
    assert {p["how"] for m in first["matches"] for p in m["parts"]} - {"exact"}
    assert lines[2]["matches"] == [] and "no name" in lines[2]["error"]
    assert lines[1]["matches"] == [] or not any(m["match"] for m in lines[1]["matches"])


def test_parquet_to_parquet_keeps_the_input_column_types(
    screener: Screener, tmp_path: Path
) -> None:
    source = tmp_path / "customers.parquet"
    table = pa.table(
        {
            "id": pa.array([10, 20, 30], pa.int64()),
            "name": ["Qasem Soleimani", "Margaret Thornbury", None],
            "born": pa.array(
                [datetime.date(1957, 3, 11), datetime.date(1964, 7, 2), None], pa.date32()
            ),
        }
    )
    pq.write_table(table, source)
    out = tmp_path / "hits.parquet"
    summary = screen_file(screener, source, out, ColumnMap("name", "born"))

    result = pq.read_table(out)
    assert result.schema.field("id").type == pa.int64()
    assert result.schema.field("born").type == pa.date32()
    assert result.column("id").to_pylist() == [10, 20, 30]
    assert result.column("match").to_pylist() == [True, False, None]
    assert result.column("match_entity_id")[0].as_py() in SOLEIMANI
    assert result.column("error")[2].as_py() == "the query has no name to screen"
    best = result.column("match_explanation")[0].as_py()
    assert "date of birth" in best
    assert summary.rows == 3 and summary.failed == 1


def test_jsonl_to_csv_keeps_blank_lines_out_and_rows_in_order(
    screener: Screener, tmp_path: Path
) -> None:
    out = tmp_path / "hits.csv"
    screen_file(screener, BATCH / "customers.jsonl", out, ColumnMap("name", "dob", "nat"))

    rows = read_csv(out)
    assert [r["id"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0]["tags"] == '["private banking"]'
    assert rows[0]["match_entity_id"] in SOLEIMANI
    assert rows[3]["match_entity_id"] == "un-TAi.002"  # a numeric birth year is read
    assert "not a date" in rows[4]["error"] and rows[4]["match_entity_id"] == "un-YEi.004"
    assert rows[2]["error"] and rows[2]["match"] == ""


def test_jsonl_to_parquet_writes_input_columns_as_text(screener: Screener, tmp_path: Path) -> None:
    out = tmp_path / "hits.parquet"
    screen_file(screener, BATCH / "customers.jsonl", out, ColumnMap("name", "dob", "nat"))
    result = pq.read_table(out)
    assert result.column("id").to_pylist() == ["1", "2", "3", "4", "5"]
    assert result.column("dob").to_pylist()[1] is None
    assert result.num_rows == 5


def test_a_semicolon_separated_file_is_read(screener: Screener, tmp_path: Path) -> None:
    source = BATCH / "customers_semicolon.csv"
    assert input_columns(source) == ["Kundennummer", "Name", "Geburtsdatum"]
    out = tmp_path / "treffer.csv"
    screen_file(screener, source, out, ColumnMap("Name", "Geburtsdatum"))
    rows = read_csv(out)
    assert [r["Kundennummer"] for r in rows] == ["K1", "K2"]
    assert rows[0]["match"] == "true" and rows[1]["match"] == "false"


def test_a_missing_column_names_the_columns_there_are(screener: Screener, tmp_path: Path) -> None:
    with pytest.raises(BatchError) as raised:
        screen_file(screener, CUSTOMERS, tmp_path / "x.csv", ColumnMap("name"))
    message = str(raised.value)
    assert "'name'" in message and "'full_name'" in message and "'nationality'" in message
    assert not (tmp_path / "x.csv").exists()


def test_a_broken_line_fails_the_run_without_leaving_a_half_written_file(
    screener: Screener, tmp_path: Path
) -> None:
    source = tmp_path / "broken.jsonl"
    source.write_text('{"name": "Qasem Soleimani"}\n{"name": "Jane\n', "utf-8")
    out = tmp_path / "hits.csv"
    with pytest.raises(BatchError, match="line 2"):
        screen_file(screener, source, out, ColumnMap())
    assert list(tmp_path.iterdir()) == [source]


def test_a_previous_result_file_can_be_screened_again(screener: Screener, tmp_path: Path) -> None:
    first = tmp_path / "hits.csv"
    screen_file(screener, CUSTOMERS, first, COLUMNS)
    again = tmp_path / "again.csv"
    screen_file(screener, first, again, COLUMNS)
    assert read_csv(again) == read_csv(first)


def test_workers_give_the_same_output_as_one_process(screener: Screener, tmp_path: Path) -> None:
    rows = list(read_records(CUSTOMERS))
    big = tmp_path / "big.csv"
    with big.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        for n in range(150):
            for row in rows:
                writer.writerow({**row, "customer_id": f"{row['customer_id']}-{n}"})
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    screen_file(screener, big, one, COLUMNS)
    summary = screen_file(screener, big, two, COLUMNS, workers=2)
    assert summary.rows == 150 * 11 == count_rows(big)
    assert one.read_bytes() == two.read_bytes()


def test_screen_table_adds_the_result_columns(screener: Screener) -> None:
    table = pa.table(
        {
            "ref": ["a", "b", "c"],
            "who": ["Qasem Soleimani", "IRGC-QF", "Margaret Thornbury"],
            "what": ["person", "organisation", "individual"],
        }
    )
    result = screen_table(screener, table, ColumnMap("who", kind="what"), limit=3)
    assert result.column_names == ["ref", "who", "what", *RESULT_COLUMNS]
    assert result.column("ref").to_pylist() == ["a", "b", "c"]
    assert result.column("match_entity_id")[1].as_py() == "ofac-sdn-10465"
    assert result.column("match").to_pylist()[2] is False
    assert result.schema.field("match_programs").type == pa.list_(pa.string())

    empty = screen_table(screener, table.slice(0, 0), ColumnMap("who"))
    assert empty.num_rows == 0 and "match_score" in empty.column_names


def test_screen_table_reads_a_csv_loaded_by_arrow(screener: Screener) -> None:
    table = pacsv.read_csv(CUSTOMERS)
    result = screen_table(screener, table, ColumnMap("full_name"))
    assert result.num_rows == 11
    assert result.column("match")[0].as_py() is True


def test_screen_table_accepts_a_pandas_dataframe(screener: Screener) -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"name": ["Qasem Soleimani", "Margaret Thornbury"]})
    result = screen_table(screener, frame, ColumnMap())
    assert result.column("match").to_pylist() == [True, False]


def test_match_records_serialise(screener: Screener) -> None:
    results = list(screen_records(screener, [{"name": "Qasem Soleimani"}], ColumnMap()))
    assert msgspec.json.decode(msgspec.json.encode(results[0].matches))[0]["entity_id"]
