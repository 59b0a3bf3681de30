"""The monitored set: customers kept on file and re-screened when the lists change.

After ``watchkeeper update``, ``rescreen`` screens each monitored customer against only the
entities added or changed since the list versions of the last completed run (from the store's
versions and their diff), not the whole list: an index over a few changed entities is built in
milliseconds and each customer costs a handful of comparisons. Customers added since the last
run have never been screened, so they are screened once against the whole active lists. Only
new hits are reported: an alert on a (customer, entity) pair already reported by an earlier run
is not repeated, and a hit the allow-list clears is not a hit; a clearance that lapsed because
the entity changed is reported again, once per version of the entity.

A run is written in two steps: its screenings are audited as they go, and the run itself (its
list versions, the hits reported, each customer's last run) commits at the end. A run that dies
half-way is not the "last run" of the next one, which therefore screens those changes again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec

from watchkeeper.audit.log import COMMIT_ROWS, AuditLog
from watchkeeper.audit.records import list_refs
from watchkeeper.decisions import AllowList
from watchkeeper.model import EntityKind
from watchkeeper.monitoring.customers import Customer, MonitorError
from watchkeeper.monitoring.rescreen import (
    EntityHashes,
    Findings,
    RescreenReport,
    changed_entities,
    chunks,
)
from watchkeeper.screening import DEFAULT_THRESHOLD, Screener
from watchkeeper.store import Store


class MonitoredSet:
    """The monitored customers in the casework database."""

    def __init__(self, log: AuditLog) -> None:
        self.log = log

    def add(self, customers: Sequence[Customer], who: str, source: str) -> tuple[int, int]:
        """Add or update customers; returns (added, updated). Updated customers are screened
        against the whole lists at the next run, as their query changed."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        db = self.log.db
        with self.log.transaction():
            known = {
                row[0]: tuple(row[1:])
                for row in db.execute(
                    "SELECT customer_id, name, birth_date, country, kind FROM monitored"
                )
            }
            added = updated = 0
            for c in customers:
                values = (c.name, c.birth_date, c.country, c.kind.value if c.kind else None)
                if c.id not in known:
                    added += 1
                elif known[c.id] != values:
                    updated += 1
                else:
                    continue
                db.execute(
                    "INSERT INTO monitored (customer_id, name, birth_date, country, kind, "
                    "added_at, added_by, source, last_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL) "
                    "ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, "
                    "birth_date = excluded.birth_date, country = excluded.country, "
                    "kind = excluded.kind, added_at = excluded.added_at, "
                    "added_by = excluded.added_by, source = excluded.source, last_run = NULL",
                    (c.id, *values, now, who, source),
                )
            payload = {"action": "add", "source": source, "added": added, "updated": updated}
            self.log.append_locked([("monitor", who, payload)])
        return added, updated

    def remove(self, customer_ids: Iterable[str], who: str) -> int:
        ids = list(dict.fromkeys(customer_ids))
        with self.log.transaction():
            removed = sum(
                self.log.db.execute("DELETE FROM monitored WHERE customer_id = ?", (cid,)).rowcount
                for cid in ids
            )
            payload = {"action": "remove", "customer_ids": ids, "removed": removed}
            self.log.append_locked([("monitor", who, payload)])
        return removed

    def customers(self) -> list[Customer]:
        return [customer for customer, _ in self._customers()]

    def _customers(self) -> list[tuple[Customer, int | None]]:
        rows = self.log.db.execute(
            "SELECT customer_id, name, birth_date, country, kind, last_run FROM monitored "
            "ORDER BY customer_id"
        ).fetchall()
        return [
            (
                Customer(r[0], r[1], r[2], r[3], EntityKind(r[4]) if r[4] else None),
                r[5],
            )
            for r in rows
        ]

    def last_run_versions(self) -> dict[str, int] | None:
        """List id -> version id of the last completed run (None before the first)."""
        row = self.log.db.execute(
            "SELECT list_versions FROM rescreen_runs WHERE completed_at IS NOT NULL "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        refs: dict[str, dict[str, Any]] = msgspec.json.decode(row[0])
        return {list_id: int(ref["version"]) for list_id, ref in refs.items()}

    def rescreen(
        self,
        store: Store,
        who: str,
        *,
        threshold: float | None = None,
        limit: int = 10,
        full: bool = False,
    ) -> RescreenReport:
        """Screen the monitored set against what changed since the last run; new hits only.

        ``full`` screens every customer against the whole active lists (still reporting only
        hits not reported before).
        """
        versions = store.active_versions()
        if not versions:
            raise MonitorError("no list is loaded: run `watchkeeper update` first")
        refs = list_refs(versions)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        with self.log.transaction():
            cursor = self.log.db.execute(
                "INSERT INTO rescreen_runs (started_at, who, list_versions) VALUES (?, ?, ?)",
                (started, who, msgspec.json.encode(refs)),
            )
        run_id = cursor.lastrowid
        assert run_id is not None
        changed = changed_entities(store, None if full else self.last_run_versions())
        customers = self._customers()
        fresh = [c for c, last in customers if last is None or full]
        known = [c for c, last in customers if last is not None and not full]
        threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        entities = {e.id: e for e in changed.entities}
        full_screener: Screener | None = None
        if fresh:
            full_screener = (
                Screener.from_entities(changed.entities, threshold=threshold)
                if changed.whole
                else Screener.from_store(store, threshold=threshold)
            )
        delta_screener = (
            Screener.from_entities(changed.entities, threshold=threshold)
            if known and changed.entities
            else None
        )
        clearances = AllowList(self.log).snapshot(store)
        planned = [(c, full_screener) for c in fresh] + [(c, delta_screener) for c in known]
        screened = [(c, s) for c, s in planned if s is not None]
        hashes = EntityHashes(store, entities)
        findings = Findings(self.log, hashes)
        items = (
            findings.screen(customer, screener, clearances, refs, run_id, limit, threshold, who)
            for customer, screener in screened
        )
        for block in chunks(items, COMMIT_ROWS):
            self.log.record_many(block, chunk=len(block))
        completed = datetime.now(UTC).isoformat(timespec="seconds")
        report = RescreenReport(
            run_id=run_id,
            started_at=started,
            completed_at=completed,
            lists=tuple(changed.lists),
            customers_screened=len(screened),
            entities_screened=len(changed.entities),
            new_hits=tuple(findings.new),
            repeated_hits=findings.repeated,
            cleared_hits=findings.cleared,
        )
        self._complete(report, [c.id for c, _ in screened], who, findings)
        return report

    def _complete(
        self, report: RescreenReport, screened: list[str], who: str, findings: Findings
    ) -> None:
        db = self.log.db
        with self.log.transaction():
            db.executemany(
                "INSERT OR IGNORE INTO reported_hits (customer_id, entity_id, entity_hash, "
                "run_id, status) VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        h.customer_id,
                        h.entity_id,
                        findings.hashes(h.entity_id),
                        report.run_id,
                        h.status.value,
                    )
                    for h in report.new_hits
                ],
            )
            db.executemany(
                "UPDATE monitored SET last_run = ? WHERE customer_id = ?",
                [(report.run_id, cid) for cid in screened],
            )
            db.execute(
                "UPDATE rescreen_runs SET completed_at = ?, customers = ?, entities = ?, "
                "new_hits = ? WHERE id = ?",
                (
                    report.completed_at,
                    report.customers_screened,
                    report.entities_screened,
                    len(report.new_hits),
                    report.run_id,
                ),
            )
            payload = {
                "run_id": report.run_id,
                "lists": report.lists,
                "customers_screened": report.customers_screened,
                "entities_screened": report.entities_screened,
                "new_hits": [(h.customer_id, h.entity_id, h.status) for h in report.new_hits],
                "repeated_hits": report.repeated_hits,
                "cleared_hits": report.cleared_hits,
            }
            self.log.append_locked([("rescreen", who, payload)])
