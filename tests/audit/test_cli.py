"""The audit, decision and monitoring commands as a user types them, on real files."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tests.audit.lists import VERSION_1, VERSION_2, load
from tests.conftest import FIXTURES, load_home
from watchkeeper.audit.log import AuditLog
from watchkeeper.cli.main import app
from watchkeeper.config import Settings
from watchkeeper.store import Store

CUSTOMERS = FIXTURES / "batch" / "customers.csv"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    load_home(tmp_path, FIXTURES / "un_xml" / "consolidated.xml", FIXTURES / "ofac_xml" / "SDN.XML")
    monkeypatch.setenv("WATCHKEEPER_HOME", str(tmp_path))
    monkeypatch.setenv("WATCHKEEPER_USER", "env-analyst")
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def records(home: Path) -> list[dict[str, object]]:
    with AuditLog.open(home / "audit.db") as log:
        return [{"seq": r.seq, "who": r.who, "kind": r.kind, **r.payload} for r in log.records()]


def test_screen_is_recorded_with_who_lists_results_and_decision(home: Path) -> None:
    out = run("screen", "Qasem Soleymani", "--customer-id", "C7", "--user", "alice")
    assert "Decision: alert" in out and "audit record 1 by alice" in out
    data = json.loads(run("screen", "Margaret Thornbury", "--json"))
    assert data["decision"] == "no match" and data["audit"]["seq"] == 2
    assert data["audit"]["who"] == "env-analyst"

    first, second = records(home)
    assert first["who"] == "alice" and first["customer_id"] == "C7"
    assert first["query"] == {"name": "Qasem Soleymani"} and first["source"] == "cli"
    assert set(first["lists"]) == {"ofac-sdn", "un-sc"}  # type: ignore[arg-type]
    hits = first["hits"]
    assert isinstance(hits, list) and hits[0]["status"] == "alert" and hits[0]["score"] > 0.75
    assert {h["entity_id"] for h in hits} >= {"ofac-sdn-10481", "un-IRi.039"}
    assert second["decision"] == "no match"


def test_clear_then_screen_the_customer(home: Path) -> None:
    out = run("clear", "C7", "ofac-sdn-10481", "--reason", "born 1988, passport seen")
    assert "decision 1" in out
    data = json.loads(run("screen", "Qasem Soleymani", "--customer-id", "C7", "--json"))
    status = {m["entity_id"]: m["status"] for m in data["matches"]}
    assert status["ofac-sdn-10481"] == "cleared" and status["un-IRi.039"] == "alert"
    out = run("screen", "Qasem Soleymani", "--customer-id", "C7")
    assert "cleared by decision 1 (env-analyst" in out

    listed = json.loads(run("decisions", "list", "--json"))
    assert [(d["id"], d["status"]) for d in listed] == [(1, "in force")]
    run("decisions", "revoke", "1", "--reason", "opened in error", "--user", "bob")
    assert json.loads(run("decisions", "list", "--json")) == []
    revoked = json.loads(run("decisions", "list", "--all", "--json"))
    assert revoked[0]["revoked_by"] == "bob" and revoked[0]["status"].startswith("revoked")
    kinds = [(r["kind"], r.get("action")) for r in records(home)]
    assert kinds == [
        ("decision", "clear"),
        ("screening", None),
        ("screening", None),
        ("decision", "revoke"),
    ]


@pytest.mark.parametrize("customer", ["   ", "C" * 201, "tab\there"])
def test_a_bad_customer_id_is_refused_before_screening(home: Path, customer: str) -> None:
    result = CliRunner().invoke(app, ["screen", "Qasem Soleymani", "--customer-id", customer])
    assert result.exit_code == 2 and "customer id" in result.stderr
    assert records(home) == []


def test_clear_an_unknown_entity_is_one_error_line(home: Path) -> None:
    result = CliRunner().invoke(app, ["clear", "C1", "ofac-sdn-0", "--reason", "x"])
    assert result.exit_code == 2 and "ofac-sdn-0" in result.stderr
    assert not (home / "audit.db").exists() or records(home) == []


def test_batch_records_every_row_and_clears_by_customer_id(home: Path, tmp_path: Path) -> None:
    run("clear", "C009", "ofac-sdn-10481", "--reason", "namesake")
    run("clear", "C009", "un-IRi.039", "--reason", "namesake")
    out = tmp_path / "hits.csv"
    summary = run(
        "batch", str(CUSTOMERS), "-o", str(out), "--name-column", "full_name",
        "--id-column", "customer_id", "--user", "nightly",
    )  # fmt: skip
    assert "audited" in summary and "11" in summary
    with out.open(newline="", encoding="utf-8") as handle:
        rows = {r["customer_id"]: r for r in csv.DictReader(handle)}
    assert rows["C001"]["match"] == "true"
    # C009's best match is no longer a listed Soleimani record it was cleared against.
    assert rows["C009"]["match_entity_id"] not in ("ofac-sdn-10481", "un-IRi.039")

    screenings = [r for r in records(home) if r["kind"] == "screening"]
    assert len(screenings) == 11 and {r["who"] for r in screenings} == {"nightly"}
    by_id = {r["customer_id"]: r for r in screenings}
    assert by_id["C003"]["decision"] == "error" and by_id["C003"]["error"]
    assert by_id["C001"]["decision"] == "alert"
    statuses = {h["entity_id"]: h["status"] for h in by_id["C009"]["hits"]}  # type: ignore[attr-defined]
    assert statuses["ofac-sdn-10481"] == "cleared" and statuses["un-IRi.039"] == "cleared"
    assert by_id["C009"]["context"] == {"file": str(CUSTOMERS), "row": 8}


def test_batch_parquet_to_parquet_is_audited_too(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "customers.parquet"
    pq.write_table(pacsv.read_csv(CUSTOMERS), source)
    run(
        "batch", str(source), "-o", str(tmp_path / "hits.parquet"),
        "--name-column", "full_name", "--id-column", "customer_id", "--workers", "2",
    )  # fmt: skip
    screenings = [r for r in records(home) if r["kind"] == "screening"]
    assert [r["customer_id"] for r in screenings] == [f"C{i:03}" for i in range(1, 12)]


def test_batch_with_a_missing_id_column(home: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["batch", str(CUSTOMERS), "-o", str(tmp_path / "x.csv"), "--name-column", "full_name",
         "--id-column", "client"],
    )  # fmt: skip
    assert result.exit_code == 2 and "'client'" in result.stderr


def test_verify_reports_tampering_and_its_first_record(home: Path) -> None:
    for name in ("Qasem Soleymani", "Viktor Bout", "Margaret Thornbury"):
        run("screen", name)
    assert "ok: 3 records" in run("audit", "verify")
    with sqlite3.connect(home / "audit.db") as db:
        db.execute("UPDATE audit_log SET who = 'someone else' WHERE seq = 2")
    out = run("audit", "verify", code=1)
    assert "TAMPERED" in out and "first bad record: 2" in out
    data = json.loads(run("audit", "verify", "--json", code=1))
    assert data["ok"] is False and data["first_bad"] == 2


def test_export_csv_and_json_for_an_examiner(home: Path, tmp_path: Path) -> None:
    run("screen", "Qasem Soleymani", "--customer-id", "C7", "--user", "alice")
    run("clear", "C7", "ofac-sdn-10481", "--reason", "namesake", "--user", "bob")
    run("screen", "Qasem Soleymani", "--customer-id", "C7", "--user", "alice")

    out = tmp_path / "trail.csv"
    assert "3 records" in run("audit", "export", "-o", str(out), "--format", "csv")
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["seq"], r["kind"], r["who"]) for r in rows] == [
        ("1", "screening", "alice"),
        ("2", "decision", "bob"),
        ("3", "screening", "alice"),
    ]
    first, decision, last = rows
    assert first["query_name"] == "Qasem Soleymani" and first["customer_id"] == "C7"
    assert first["decision"] == "alert" and "ofac-sdn v" in first["lists"]
    assert '"SOLEIMANI, Qasem"' in first["hits"] and "alert" in first["hits"]
    assert "is not ofac-sdn-10481" in decision["detail"] and "namesake" in decision["detail"]
    assert "ofac-sdn-10481" in last["hits"] and "cleared (decision 1)" in last["hits"]
    assert len(last["hash"]) == 64

    as_json = tmp_path / "trail.json"
    run("audit", "export", "-o", str(as_json), "--format", "json", "--kind", "screening")
    document = json.loads(as_json.read_text("utf-8"))
    assert document["verification"]["ok"] is True
    assert [r["seq"] for r in document["records"]] == [1, 3]
    assert document["records"][1]["payload"]["hits"][0]["status"] in ("cleared", "alert")

    empty = tmp_path / "future.csv"
    assert "0 records" in run("audit", "export", "-o", str(empty), "--since", "2999-01-01")
    assert len(empty.read_text("utf-8").splitlines()) == 1  # the header only
    today = run("audit", "export", "-o", str(empty), "--until", rows[0]["recorded_at"][:10])
    assert "3 records" in today


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "last tuesday"], "last tuesday"),
        (["--format", "xlsx"], "xlsx"),
        (["--since", "2026-02-01", "--until", "2026-01-01"], "not before"),
    ],
)
def test_export_with_bad_arguments(
    home: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["audit", "export", "-o", str(tmp_path / "x.csv"), *args])
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_monitor_and_rescreen_after_an_update(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(home=tmp_path / "home")
    monkeypatch.setenv("WATCHKEEPER_HOME", str(settings.home))
    monkeypatch.setenv("COLUMNS", "200")
    store = Store.open(settings.database)
    load(store, settings, *VERSION_1)
    customers = tmp_path / "customers.csv"
    customers.write_text(
        "id,name,dob\nC1,Qasem Soleimani,\nC2,Dmitri Kovalenko,1970\nC3,Jane Doe,\n", "utf-8"
    )
    assert "3 customers added" in run("monitor", "add", str(customers))
    assert json.loads(run("monitor", "list", "--json"))[1]["birth_date"] == "1970"
    first = json.loads(run("rescreen", "--json"))
    assert [(h["customer_id"], h["entity_id"]) for h in first["new_hits"]] == [
        ("C1", "test-list-1")
    ]

    load(store, settings, *VERSION_2)
    report = tmp_path / "new.csv"
    out = run("rescreen", "-o", str(report))
    assert "1 new hits" in out and "KOVALENKO" in out
    with report.open(newline="", encoding="utf-8") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["customer_id"], row["entity_id"], row["status"]) == ("C2", "test-list-4", "alert")
    assert "0 new hits" in run("rescreen")
    assert "1 customers removed" in run("monitor", "remove", "C3")
