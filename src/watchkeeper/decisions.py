"""The allow-list: analysts' decisions that a customer is not a listed entity.

A decision "customer C is not entity E" is stamped with the hash of E's record as it was when
the analyst looked at it. Later screenings of C mark a hit on E as cleared instead of alerting,
but only while E's record is unchanged: if a later list version changes E (a new alias, a new
birth date), the hash differs, the clearance lapses and the hit alerts again with a note
saying why. Every decision and revocation is written to the audit trail in the same
transaction as the change itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import msgspec

from watchkeeper.audit.canonical import entity_hash
from watchkeeper.audit.log import AuditLog
from watchkeeper.audit.records import Clearance
from watchkeeper.errors import NotFoundError, WatchkeeperError
from watchkeeper.model import Entity
from watchkeeper.screening import Evidence, Match
from watchkeeper.store import Store

MAX_REASON = 2000
MAX_ID = 200


class DecisionError(WatchkeeperError):
    """A decision that cannot be recorded or revoked (no reason, unknown id...)."""


class AllowListDecision(msgspec.Struct, frozen=True, omit_defaults=True):
    """One analyst decision; ``revoked_at`` is set once it no longer applies."""

    id: int
    customer_id: str
    entity_id: str
    entity_hash: str
    entity_caption: str
    list_id: str
    list_version: int | None
    reason: str
    decided_by: str
    decided_at: str
    revoked_at: str | None = None
    revoked_by: str | None = None
    revoke_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


_COLUMNS = (
    "id, customer_id, entity_id, entity_hash, entity_caption, list_id, list_version, reason, "
    "decided_by, decided_at, revoked_at, revoked_by, revoke_reason"
)


def _text(value: str, what: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise DecisionError(f"the {what} must not be empty")
    if len(value) > limit:
        raise DecisionError(f"the {what} is longer than {limit} characters")
    return value


def check_customer_id(customer_id: str | None) -> str | None:
    """A customer id as given by a caller, trimmed; refused if blank, too long or unprintable."""
    if customer_id is None:
        return None
    customer_id = _text(customer_id, "customer id", MAX_ID)
    if not customer_id.isprintable():
        raise DecisionError(f"the customer id {customer_id!r} has unprintable characters")
    return customer_id


class AllowList:
    """Decisions kept in the casework database beside the audit log they are recorded in."""

    def __init__(self, log: AuditLog) -> None:
        self.log = log

    def clear(
        self,
        customer_id: str,
        entity: Entity,
        reason: str,
        who: str,
        list_version: int | None = None,
    ) -> AllowListDecision:
        """Record "``customer_id`` is not ``entity``"; an earlier decision on the pair is
        superseded (revoked) in the same transaction."""
        customer_id = check_customer_id(customer_id) or ""
        reason = _text(reason, "reason", MAX_REASON)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        digest = entity_hash(entity)
        db = self.log.db
        with self.log.transaction():
            previous = db.execute(
                "SELECT id FROM decisions WHERE customer_id = ? AND entity_id = ? "
                "AND revoked_at IS NULL",
                (customer_id, entity.id),
            ).fetchone()
            if previous is not None:
                self._revoke_locked(previous["id"], f"superseded: {reason}", who, now)
            cursor = db.execute(
                "INSERT INTO decisions (customer_id, entity_id, entity_hash, entity_caption, "
                "list_id, list_version, reason, decided_by, decided_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    customer_id,
                    entity.id,
                    digest,
                    entity.caption,
                    entity.list_id,
                    list_version,
                    reason,
                    who,
                    now,
                ),
            )
            assert cursor.lastrowid is not None
            decision = self._get(cursor.lastrowid)
            self.log.append_locked([("decision", who, {"action": "clear", "decision": decision})])
        return decision

    def revoke(self, decision_id: int, reason: str, who: str) -> AllowListDecision:
        """Withdraw a decision: hits on its entity alert again for its customer."""
        reason = _text(reason, "reason", MAX_REASON)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.log.transaction():
            self._revoke_locked(decision_id, reason, who, now)
        return self._get(decision_id)

    def _revoke_locked(self, decision_id: int, reason: str, who: str, now: str) -> None:
        decision = self._get(decision_id)
        if not decision.active:
            raise DecisionError(
                f"decision {decision_id} was already revoked on {decision.revoked_at}"
            )
        self.log.db.execute(
            "UPDATE decisions SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ?",
            (now, who, reason, decision_id),
        )
        revoked = self._get(decision_id)
        self.log.append_locked([("decision", who, {"action": "revoke", "decision": revoked})])

    def _get(self, decision_id: int) -> AllowListDecision:
        row = self.log.db.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE id = ?", (decision_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no decision {decision_id}")
        return AllowListDecision(**dict(row))

    def get(self, decision_id: int) -> AllowListDecision:
        return self._get(decision_id)

    def decisions(
        self, customer_id: str | None = None, include_revoked: bool = False
    ) -> list[AllowListDecision]:
        """Decisions, oldest first (active ones only unless ``include_revoked``)."""
        clauses = [] if include_revoked else ["revoked_at IS NULL"]
        params: list[str] = []
        if customer_id is not None:
            clauses.append("customer_id = ?")
            params.append(customer_id)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.log.db.execute(
            f"SELECT {_COLUMNS} FROM decisions{where} ORDER BY id", params
        ).fetchall()
        return [AllowListDecision(**dict(row)) for row in rows]

    def snapshot(self, store: Store) -> Clearances:
        """The active decisions with the current hash of each decided entity, for screening."""
        active = self.decisions()
        hashes: dict[str, str | None] = {}
        for decision in active:
            if decision.entity_id not in hashes:
                try:
                    hashes[decision.entity_id] = entity_hash(store.entity(decision.entity_id))
                except NotFoundError:
                    hashes[decision.entity_id] = None
        return Clearances({(d.customer_id, d.entity_id): d for d in active}, hashes)


CLEARED = "allow_list"
LAPSED = "allow_list_lapsed"


@dataclass(frozen=True)
class Reviewed:
    """Matches after the allow-list: which were cleared, which clearances lapsed."""

    matches: list[Match]
    clearances: dict[str, Clearance]

    def marked(self) -> list[Match]:
        """The matches as a results file shows them: a cleared match is no longer a match
        (``match`` false, an ``allow_list`` evidence line naming the decision) and goes after
        the matches that still alert; a lapsed clearance adds a note and stays a match."""
        alerting: list[Match] = []
        cleared: list[Match] = []
        for match in self.matches:
            clearance = self.clearances.get(match.entity_id)
            if clearance is None or not match.match:
                alerting.append(match)
                continue
            feature = LAPSED if clearance.lapsed else CLEARED
            evidence = (*match.evidence, Evidence(feature, 0.0, clearance.note))
            if clearance.lapsed:
                alerting.append(msgspec.structs.replace(match, evidence=evidence))
            else:
                cleared.append(msgspec.structs.replace(match, match=False, evidence=evidence))
        return alerting + cleared


@dataclass(frozen=True)
class Clearances:
    """Active decisions by (customer id, entity id) and the current hash of each entity."""

    by_pair: Mapping[tuple[str, str], AllowListDecision]
    current_hashes: Mapping[str, str | None]

    def review(self, matches: Sequence[Match], customer_id: str | None) -> Reviewed:
        """Apply the decisions taken for ``customer_id`` to its screening results."""
        found: dict[str, Clearance] = {}
        if customer_id:
            for match in matches:
                decision = self.by_pair.get((customer_id, match.entity_id))
                if decision is None:
                    continue
                found[match.entity_id] = _clearance(
                    decision, self.current_hashes.get(match.entity_id)
                )
        return Reviewed(list(matches), found)

    @classmethod
    def empty(cls) -> Clearances:
        return cls({}, {})


def _clearance(decision: AllowListDecision, current: str | None) -> Clearance:
    if current == decision.entity_hash:
        note = (
            f"cleared by decision {decision.id} ({decision.decided_by}, "
            f"{decision.decided_at[:10]}): {decision.reason}"
        )
        return Clearance(decision.id, False, note)
    note = (
        f"clearance lapsed: decision {decision.id} ({decision.decided_by}, "
        f"{decision.decided_at[:10]}) was taken on an earlier version of this entity, "
        "which has changed since"
    )
    return Clearance(decision.id, True, note)
