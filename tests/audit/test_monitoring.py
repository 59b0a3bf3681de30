"""Re-screening the monitored set reports only new hits, screening only what changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audit.lists import VERSION_1, VERSION_2, load, person
from watchkeeper.audit.database import audit_path
from watchkeeper.audit.log import AuditLog
from watchkeeper.audit.records import HitStatus
from watchkeeper.config import Settings
from watchkeeper.decisions import AllowList
from watchkeeper.monitoring import (
    Customer,
    CustomerColumns,
    MonitoredSet,
    MonitorError,
    read_customers,
)
from watchkeeper.store import Store

CUSTOMERS = [
    Customer("C1", "Qasem Soleimani"),
    Customer("C2", "Viktor Bout"),
    Customer("C3", "Dmitri Kovalenko"),
    Customer("C4", "Margaret Thornbury"),
]


@pytest.fixture
def monitored(settings: Settings) -> MonitoredSet:
    monitored = MonitoredSet(AuditLog.open(audit_path(settings)))
    assert monitored.add(CUSTOMERS, "alice", "customers.csv") == (4, 0)
    return monitored


def pairs(report: object) -> set[tuple[str, str]]:
    return {(h.customer_id, h.entity_id) for h in report.new_hits}  # type: ignore[attr-defined]


def test_the_first_run_screens_everyone_against_the_whole_lists(
    store: Store, monitored: MonitoredSet
) -> None:
    report = monitored.rescreen(store, "scheduler")
    assert pairs(report) == {("C1", "test-list-1"), ("C2", "test-list-2")}
    assert report.customers_screened == 4 and report.entities_screened == 3
    assert [(c.list_id, c.basis) for c in report.lists] == [("test-list", "whole list")]


def test_after_an_update_only_the_new_hit_is_reported(
    store: Store, monitored: MonitoredSet, settings: Settings
) -> None:
    monitored.rescreen(store, "scheduler")
    nothing = monitored.rescreen(store, "scheduler")
    assert nothing.new_hits == () and nothing.customers_screened == 0
    assert [c.basis for c in nothing.lists] == ["unchanged"]

    load(store, settings, *VERSION_2)  # adds entity 4 (Kovalenko), changes entity 1
    report = monitored.rescreen(store, "scheduler")

    assert pairs(report) == {("C3", "test-list-4")}
    # Only the added and the changed entity were screened, for every known customer.
    assert report.entities_screened == 2 and report.customers_screened == 4
    [change] = report.lists
    assert (change.basis, change.from_version, change.entities) == ("changes", 1, 2)
    assert report.repeated_hits == 1  # C1 on the changed entity 1: reported by the first run


def test_a_customer_added_later_is_screened_against_everything(
    store: Store, monitored: MonitoredSet, settings: Settings
) -> None:
    monitored.rescreen(store, "scheduler")
    monitored.add([Customer("C5", "Abdul Qadeer Khan")], "alice", "late.csv")
    report = monitored.rescreen(store, "scheduler")
    assert pairs(report) == {("C5", "test-list-3")}
    assert report.customers_screened == 1


def test_cleared_hits_are_not_reported_until_the_entity_changes(
    store: Store, monitored: MonitoredSet, settings: Settings
) -> None:
    allow_list = AllowList(monitored.log)
    allow_list.clear("C1", store.entity("test-list-1"), "different person", "alice")
    first = monitored.rescreen(store, "scheduler")
    assert pairs(first) == {("C2", "test-list-2")} and first.cleared_hits == 1

    load(store, settings, *VERSION_2)
    report = monitored.rescreen(store, "scheduler")
    lapsed = [h for h in report.new_hits if h.customer_id == "C1"]
    assert [(h.entity_id, h.status) for h in lapsed] == [("test-list-1", HitStatus.LAPSED)]
    assert "changed" in (lapsed[0].note or "")


def test_each_run_and_each_screening_is_audited(store: Store, monitored: MonitoredSet) -> None:
    report = monitored.rescreen(store, "scheduler")
    log = monitored.log
    runs = [r for r in log.records() if r.kind == "rescreen"]
    assert [r.payload["run_id"] for r in runs] == [report.run_id]
    version = store.active_version("test-list")
    assert version is not None
    assert runs[0].payload["lists"][0]["to_version"] == version.id
    screenings = [r for r in log.records() if r.kind == "screening"]
    assert {r.payload["customer_id"] for r in screenings} == {"C1", "C2", "C3", "C4"}
    assert all(r.payload["lists"]["test-list"]["version"] == version.id for r in screenings)
    assert log.verify().ok


def test_a_full_rescreen_still_reports_only_new_hits(store: Store, monitored: MonitoredSet) -> None:
    monitored.rescreen(store, "scheduler")
    again = monitored.rescreen(store, "scheduler", full=True)
    assert again.new_hits == () and again.repeated_hits == 2 and again.customers_screened == 4


def test_a_changed_customer_is_screened_again_in_full(
    store: Store, monitored: MonitoredSet, settings: Settings
) -> None:
    monitored.rescreen(store, "scheduler")
    assert monitored.add([Customer("C4", "Abdul Qadeer Khan")], "alice", "fix.csv") == (0, 1)
    report = monitored.rescreen(store, "scheduler")
    assert pairs(report) == {("C4", "test-list-3")}


def test_a_removed_entity_does_not_break_a_run(
    store: Store, monitored: MonitoredSet, settings: Settings
) -> None:
    monitored.rescreen(store, "scheduler")
    load(store, settings, *VERSION_1[:2], person("5", "KOVALENKO, Dmitri"))
    report = monitored.rescreen(store, "scheduler")
    assert pairs(report) == {("C3", "test-list-5")}


def test_a_customer_file_is_read_with_its_usual_columns(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text(
        "id,name,dob,country,type\n"
        "A1,Qasem Soleimani,1957,Iran,individual\n"
        "A2,Acme Ltd,,,company\n",
        "utf-8",
    )
    customers = read_customers(path)
    assert customers[0] == Customer("A1", "Qasem Soleimani", "1957", "Iran", customers[0].kind)
    assert customers[0].kind is not None and customers[0].kind.value == "person"
    assert customers[1].kind is not None and customers[1].kind.value == "organization"


def test_a_customer_file_with_bad_rows_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "customers.jsonl"
    path.write_text(
        '{"id": "A1", "name": "Good Name"}\n'
        '{"id": "A2", "name": "  "}\n'
        '{"id": "A1", "name": "Repeated"}\n'
        '{"id": "", "name": "No Id"}\n'
        '{"id": "A5", "name": "Bad Date", "dob": "31/31/1990"}\n',
        "utf-8",
    )
    with pytest.raises(MonitorError) as error:
        read_customers(path)
    message = str(error.value)
    assert "4 rows cannot be monitored, nothing was added" in message
    for fragment in ("row 2", "row 3: customer id A1 repeats row 1", "row 4", "31/31/1990"):
        assert fragment in message


def test_a_missing_named_column_lists_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text("ref,full_name\n1,Someone\n", "utf-8")
    with pytest.raises(MonitorError, match="no column 'id', 'name'; the columns are: 'ref'"):
        read_customers(path)
    customers = read_customers(path, CustomerColumns(id="ref", name="full_name"))
    assert customers == [Customer("1", "Someone")]


def test_rescreen_without_lists_says_so(settings: Settings, monitored: MonitoredSet) -> None:
    with (
        Store.open(settings.home / "empty.db") as empty,
        pytest.raises(MonitorError, match="no list is loaded"),
    ):
        monitored.rescreen(empty, "scheduler")
