"""``watchkeeper screen`` and ``watchkeeper batch`` as a user types them."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES
from watchkeeper.batch import RESULT_COLUMNS, read_records
from watchkeeper.cli.main import app
from watchkeeper.config import Settings
from watchkeeper.store import Store
from watchkeeper.update import update_from_paths

CUSTOMERS = FIXTURES / "batch" / "customers.csv"
CUSTOMER_COLUMNS = [
    "--name-column",
    "full_name",
    "--dob-column",
    "date_of_birth",
    "--country-column",
    "nationality",
    "--kind-column",
    "type",
]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    settings = Settings(home=home)
    with Store.open(settings.database) as store:
        paths = [FIXTURES / "un_xml" / "consolidated.xml", FIXTURES / "ofac_xml" / "SDN.XML"]
        update_from_paths(store, paths, settings)
    return home


@pytest.fixture
def cli(home: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("WATCHKEEPER_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


def test_screen_shows_the_hits_and_why(cli: CliRunner) -> None:
    result = cli.invoke(app, ["screen", "Qasem Soleymani"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "un-IRi.039" in out and "ofac-sdn-10481" in out
    assert "SDGT" in out and "MATCH" in out
    assert "phonetic" in out or "transliteration" in out
    assert "soleimani" in out.lower() and "threshold" in out


def test_screen_shows_what_the_birth_date_and_country_did(cli: CliRunner) -> None:
    result = cli.invoke(
        app, ["screen", "Qasem Soleimani", "--dob", "11/03/1957", "--country", "Iranian"]
    )
    assert result.exit_code == 0, result.output
    assert "birth date" in result.output and "country IR is listed" in result.output


def test_screen_json_is_the_same_content_as_data(cli: CliRunner) -> None:
    result = cli.invoke(
        app, ["screen", "قاسم سلیمانی", "--dob", "1957", "--country", "IR", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["query"] == {"name": "قاسم سلیمانی", "birth_date": "1957", "country": "IR"}
    assert 0 < data["threshold"] < 1
    ids = [m["entity_id"] for m in data["matches"]]
    assert {"ofac-sdn-10481", "un-IRi.039"} & set(ids)
    best = data["matches"][0]
    for key in ("list_id", "caption", "programs", "score", "match", "parts", "evidence"):
        assert key in best
    assert best["match"] is True
    assert any(p["how"] == "transliteration" for p in best["parts"])
    assert best["matched_name"] in best["explanation"]


def test_screen_an_organisation_by_its_acronym(cli: CliRunner) -> None:
    result = cli.invoke(app, ["screen", "IRGC-QF", "--kind", "organization", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "ofac-sdn-10465" in result.output and "FTO" in result.output


def test_screen_threshold_and_limit(cli: CliRunner) -> None:
    result = cli.invoke(
        app, ["screen", "Qasem Soleymani", "--threshold", "0.99", "--limit", "1", "--json"]
    )
    data = json.loads(result.stdout)
    assert data["threshold"] == 0.99
    assert len(data["matches"]) == 1 and data["matches"][0]["match"] is False


def test_screen_a_name_not_on_the_lists(cli: CliRunner) -> None:
    result = cli.invoke(app, ["screen", "Margaret Thornbury", "--json"])
    assert result.exit_code == 0
    assert not any(m["match"] for m in json.loads(result.stdout)["matches"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   "], "no name"),
        (["Qasem Soleimani", "--dob", "31/31/1957"], "31/31/1957"),
        (["Qasem Soleimani", "--country", "Atlantis"], "Atlantis"),
        (["Qasem Soleimani", "--kind", "alien"], "alien"),
    ],
)
def test_an_invalid_query_is_one_error_line(cli: CliRunner, args: list[str], message: str) -> None:
    result = cli.invoke(app, ["screen", *args])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_screen_without_any_list_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHKEEPER_HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["screen", "Qasem Soleimani"])
    assert result.exit_code == 2
    assert "no list is loaded" in result.stderr and "watchkeeper update" in result.stderr


def run_batch(cli: CliRunner, source: Path, out: Path, *extra: str) -> str:
    result = cli.invoke(app, ["batch", str(source), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_batch_csv_to_csv(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "hits.csv"
    summary = run_batch(cli, CUSTOMERS, out, *CUSTOMER_COLUMNS, "--limit", "5")
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["customer_id"] for r in rows] == [f"C{i:03}" for i in range(1, 12)]
    assert list(rows[0])[-len(RESULT_COLUMNS) :] == list(RESULT_COLUMNS)
    assert rows[0]["match"] == "true" and rows[1]["match"] == "false"
    assert rows[2]["error"] and rows[3]["error"]
    assert "rows" in summary and "11" in summary and "rows/s" in summary


def test_batch_csv_to_jsonl(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "hits.jsonl"
    run_batch(cli, CUSTOMERS, out, *CUSTOMER_COLUMNS)
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["input"]["customer_id"] for line in lines] == [f"C{i:03}" for i in range(1, 12)]
    assert lines[0]["matches"][0]["explanation"]
    assert lines[10]["error"] and lines[10]["matches"] == []


def test_batch_parquet_to_parquet(cli: CliRunner, tmp_path: Path) -> None:
    import pyarrow.csv as pacsv

    source = tmp_path / "customers.parquet"
    pq.write_table(pacsv.read_csv(CUSTOMERS), source)
    out = tmp_path / "hits.parquet"
    run_batch(cli, source, out, *CUSTOMER_COLUMNS)
    table = pq.read_table(out)
    assert table.column("customer_id").to_pylist() == [f"C{i:03}" for i in range(1, 12)]
    assert table.column("match").to_pylist()[:3] == [True, False, None]


def test_batch_jsonl_to_csv(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "hits.csv"
    output = run_batch(cli, FIXTURES / "batch" / "customers.jsonl", out, "--dob-column", "dob")
    rows = list(read_records(out))
    assert [r["id"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0]["match"] == "true" and rows[2]["error"]
    assert "5" in output


def test_batch_format_can_be_forced(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "customers.txt"
    source.write_bytes(CUSTOMERS.read_bytes())
    out = tmp_path / "hits.out"
    run_batch(
        cli,
        source,
        out,
        "--format",
        "csv",
        "--output-format",
        "jsonl",
        "--name-column",
        "full_name",
    )
    assert len(out.read_text("utf-8").splitlines()) == 11


def test_batch_with_a_missing_column_lists_the_columns(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(
        app, ["batch", str(CUSTOMERS), "-o", str(tmp_path / "x.csv"), "--name-column", "nom"]
    )
    assert result.exit_code == 2
    assert "'nom'" in result.stderr and "'full_name', 'date_of_birth'" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_batch_with_an_unknown_output_format(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["batch", str(CUSTOMERS), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert ".xlsx" in result.stderr


def test_the_installed_command_screens(home: Path) -> None:
    env = {**os.environ, "WATCHKEEPER_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "watchkeeper.cli.main", "screen", "Qasem Soleimani", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["matches"][0]["match"] is True
