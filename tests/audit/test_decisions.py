"""Analysts' decisions clear a hit for one customer until the listed entity changes."""

from __future__ import annotations

import pytest

from tests.audit.lists import VERSION_2, load
from watchkeeper.audit.database import audit_path
from watchkeeper.audit.log import AuditLog
from watchkeeper.audit.records import Decision, HitStatus
from watchkeeper.audit.session import AuditedScreener
from watchkeeper.config import Settings
from watchkeeper.decisions import AllowList, DecisionError
from watchkeeper.errors import NotFoundError
from watchkeeper.screening import Query
from watchkeeper.store import Store

QASEM = Query("Qasem Soleimani")


@pytest.fixture
def log(settings: Settings) -> AuditLog:
    return AuditLog.open(audit_path(settings))


def statuses(store: Store, log: AuditLog, customer_id: str | None) -> dict[str, HitStatus]:
    outcome = AuditedScreener.from_store(store, log).screen(
        QASEM, "analyst", customer_id=customer_id
    )
    return {hit.entity_id: hit.status for hit in outcome.entry.hits}


def test_a_cleared_hit_is_not_an_alert_for_that_customer_only(store: Store, log: AuditLog) -> None:
    assert statuses(store, log, "C1")["test-list-1"] is HitStatus.ALERT
    AllowList(log).clear("C1", store.entity("test-list-1"), "born 1990, not 1957", "alice")

    outcome = AuditedScreener.from_store(store, log).screen(QASEM, "bob", customer_id="C1")
    [hit] = [h for h in outcome.entry.hits if h.entity_id == "test-list-1"]
    assert hit.status is HitStatus.CLEARED and hit.decision_id == 1
    assert "alice" in (hit.note or "") and "born 1990" in (hit.note or "")
    assert outcome.entry.decision is Decision.CLEARED
    assert outcome.record.payload["decision"] == "cleared by allow-list"
    # In a results file the cleared match is no longer a match and goes after the others.
    marked = outcome.reviewed.marked()
    assert marked[-1].entity_id == "test-list-1" and not marked[-1].match
    assert marked[-1].evidence[-1].feature == "allow_list"
    assert "decision 1" in marked[-1].explanation
    # The same name for another customer, or with no customer id, still alerts.
    assert statuses(store, log, "C2")["test-list-1"] is HitStatus.ALERT
    assert statuses(store, log, None)["test-list-1"] is HitStatus.ALERT


def test_a_clearance_lapses_when_the_entity_changes(
    store: Store, log: AuditLog, settings: Settings
) -> None:
    AllowList(log).clear("C1", store.entity("test-list-1"), "different person", "alice")
    assert statuses(store, log, "C1")["test-list-1"] is HitStatus.CLEARED

    load(store, settings, *VERSION_2)  # entity 1 gains an alias in the new version

    outcome = AuditedScreener.from_store(store, log).screen(QASEM, "bob", customer_id="C1")
    [hit] = [h for h in outcome.entry.hits if h.entity_id == "test-list-1"]
    assert hit.status is HitStatus.LAPSED
    assert "lapsed" in (hit.note or "") and "changed" in (hit.note or "")
    assert outcome.entry.decision is Decision.ALERT
    marked = {m.entity_id: m for m in outcome.reviewed.marked()}
    assert marked["test-list-1"].match
    assert marked["test-list-1"].evidence[-1].feature == "allow_list_lapsed"

    # A new decision on the changed record clears it again, superseding the old one.
    AllowList(log).clear("C1", store.entity("test-list-1"), "checked the new alias", "carol")
    assert statuses(store, log, "C1")["test-list-1"] is HitStatus.CLEARED
    decisions = AllowList(log).decisions("C1", include_revoked=True)
    assert [(d.id, d.active) for d in decisions] == [(1, False), (2, True)]
    assert decisions[0].revoke_reason == "superseded: checked the new alias"


def test_an_unchanged_entity_in_a_new_version_keeps_its_clearance(
    store: Store, log: AuditLog, settings: Settings
) -> None:
    outcome = AuditedScreener.from_store(store, log).screen(
        Query("Viktor Bout"), "a", customer_id="C9"
    )
    assert outcome.entry.decision is Decision.ALERT
    AllowList(log).clear("C9", store.entity("test-list-2"), "namesake", "alice")
    load(store, settings, *VERSION_2)
    outcome = AuditedScreener.from_store(store, log).screen(
        Query("Viktor Bout"), "a", customer_id="C9"
    )
    assert outcome.entry.decision is Decision.CLEARED


def test_a_revoked_decision_alerts_again_and_both_steps_are_audited(
    store: Store, log: AuditLog
) -> None:
    allow_list = AllowList(log)
    decision = allow_list.clear("C1", store.entity("test-list-1"), "namesake", "alice")
    allow_list.revoke(decision.id, "new information from the customer file", "bob")
    assert statuses(store, log, "C1")["test-list-1"] is HitStatus.ALERT
    assert allow_list.decisions() == []

    records = [r for r in log.records() if r.kind == "decision"]
    assert [(r.who, r.payload["action"]) for r in records] == [
        ("alice", "clear"),
        ("bob", "revoke"),
    ]
    assert records[0].payload["decision"]["entity_hash"] == decision.entity_hash
    assert log.verify().ok
    with pytest.raises(DecisionError, match="already revoked"):
        allow_list.revoke(decision.id, "again", "bob")
    with pytest.raises(NotFoundError):
        allow_list.revoke(99, "no such decision", "bob")


@pytest.mark.parametrize(("customer", "reason"), [("C1", "  "), ("", "a reason")])
def test_a_decision_needs_a_customer_and_a_reason(
    store: Store, log: AuditLog, customer: str, reason: str
) -> None:
    with pytest.raises(DecisionError):
        AllowList(log).clear(customer, store.entity("test-list-1"), reason, "alice")
    assert AllowList(log).decisions(include_revoked=True) == []
    assert log.verify().records == 0
