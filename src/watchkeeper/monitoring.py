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

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, ClassVar

import msgspec

from watchkeeper.audit.canonical import entity_hash
from watchkeeper.audit.database import immediate
from watchkeeper.audit.log import COMMIT_ROWS, AuditLog
from watchkeeper.audit.records import HitStatus, list_refs, screening_entry
from watchkeeper.batch import input_columns, parse_kind, read_records
from watchkeeper.decisions import AllowList, Clearances
from watchkeeper.errors import NotFoundError, WatchkeeperError
from watchkeeper.model import Entity, EntityKind
from watchkeeper.screening import Query, Screener, ScreeningError
from watchkeeper.store import Store
from watchkeeper.update import list_diff

MAX_ID = 200
SHOWN_PROBLEMS = 10


class MonitorError(WatchkeeperError):
    """A customer file that cannot be added, or a re-screening that cannot run."""


class Customer(msgspec.Struct, frozen=True, omit_defaults=True):
    """One monitored customer: what is screened for them."""

    id: str
    name: str
    birth_date: str | None = None
    country: str | None = None
    kind: EntityKind | None = None

    def query(self) -> Query:
        return Query(self.name, self.birth_date, self.country, self.kind)


@dataclass(frozen=True)
class CustomerColumns:
    """Which columns of a customer file hold what; optional ones are used when present."""

    id: str = "id"
    name: str = "name"
    birth_date: str | None = None
    country: str | None = None
    kind: str | None = None

    DEFAULTS: ClassVar[dict[str, tuple[str, ...]]] = {
        "birth_date": ("dob", "birth_date", "date_of_birth"),
        "country": ("country", "nationality"),
        "kind": ("kind", "type"),
    }

    def resolve(self, available: Sequence[str], source: object) -> CustomerColumns:
        """Check the named columns exist; pick the optional ones by their usual names."""
        chosen: dict[str, str | None] = {}
        missing = [c for c in (self.id, self.name) if c not in available]
        for attr, usual in self.DEFAULTS.items():
            named = getattr(self, attr)
            if named is not None and named not in available:
                missing.append(named)
            chosen[attr] = named or next((c for c in usual if c in available), None)
        if missing:
            have = ", ".join(repr(c) for c in available) or "none"
            raise MonitorError(
                f"{source}: no column {', '.join(repr(c) for c in missing)}; the columns are: "
                f"{have}"
            )
        return CustomerColumns(self.id, self.name, **chosen)


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _customer(record: dict[str, object], columns: CustomerColumns) -> Customer:
    customer_id = _cell(record.get(columns.id))
    if customer_id is None:
        raise MonitorError("no customer id")
    if len(customer_id) > MAX_ID or not customer_id.isprintable():
        raise MonitorError(f"the customer id must be printable and at most {MAX_ID} characters")
    opt = (columns.birth_date, columns.country, columns.kind)
    birth, country, kind = (_cell(record.get(c)) if c else None for c in opt)
    customer = Customer(customer_id, _cell(record.get(columns.name)) or "", birth, country)
    try:
        customer = msgspec.structs.replace(customer, kind=parse_kind(kind))
        Screener.check(customer.query())
    except ScreeningError as exc:
        raise MonitorError(f"customer {customer_id}: {exc}") from None
    return customer


def read_customers(
    path: Path, columns: CustomerColumns | None = None, format: str | None = None
) -> list[Customer]:
    """Every customer of a CSV, Parquet or JSONL file, checked; any bad row fails the file.

    The error lists the bad rows (by line), so a file is added whole or not at all.
    """
    columns = columns or CustomerColumns()
    resolved = columns.resolve(input_columns(path, format), path)
    customers: list[Customer] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, record in enumerate(read_records(path, format), 1):
        try:
            customer = _customer(record, resolved)
        except MonitorError as exc:
            problems.append(f"row {number}: {exc}")
            continue
        if customer.id in seen:
            problems.append(
                f"row {number}: customer id {customer.id} repeats row {seen[customer.id]}"
            )
            continue
        seen[customer.id] = number
        customers.append(customer)
    if not customers and not problems:
        raise MonitorError(f"{path}: no customers in the file")
    if problems:
        shown = "; ".join(problems[:SHOWN_PROBLEMS])
        more = (
            f" (and {len(problems) - SHOWN_PROBLEMS} more)"
            if len(problems) > SHOWN_PROBLEMS
            else ""
        )
        raise MonitorError(
            f"{path}: {len(problems)} rows cannot be monitored, nothing was added: {shown}{more}"
        )
    return customers


class ListChange(msgspec.Struct, frozen=True, omit_defaults=True):
    """How one list was re-screened: from which version to which, against what."""

    list_id: str
    from_version: int | None
    to_version: int
    basis: str  # "unchanged", "changes" (added and changed entities) or "whole list"
    entities: int


class NewHit(msgspec.Struct, frozen=True, omit_defaults=True):
    customer_id: str
    customer_name: str
    entity_id: str
    list_id: str
    caption: str
    score: float
    status: HitStatus
    note: str | None = None


class RescreenReport(msgspec.Struct, frozen=True):
    run_id: int
    started_at: str
    completed_at: str
    lists: tuple[ListChange, ...]
    customers_screened: int
    entities_screened: int
    new_hits: tuple[NewHit, ...]
    repeated_hits: int
    cleared_hits: int


@dataclass
class _Changed:
    lists: list[ListChange]
    entities: list[Entity]
    whole: bool  # every list is screened whole: the changed set is the full active set


class MonitoredSet:
    """The monitored customers in the casework database."""

    def __init__(self, log: AuditLog) -> None:
        self.log = log

    def add(self, customers: Sequence[Customer], who: str, source: str) -> tuple[int, int]:
        """Add or update customers; returns (added, updated). Updated customers are screened
        against the whole lists at the next run, as their query changed."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        db = self.log.db
        with immediate(db):
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
        with immediate(self.log.db):
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

    def _changed(self, store: Store, full: bool) -> _Changed:
        last = None if full else self.last_run_versions()
        stored = {v.id for v in store.versions()}
        changes: list[ListChange] = []
        entities: list[Entity] = []
        whole = True
        for version in store.active_versions():
            previous = (last or {}).get(version.list_id)
            if previous == version.id:
                changes.append(ListChange(version.list_id, previous, version.id, "unchanged", 0))
                whole = False
                continue
            if previous is not None and previous in stored:
                delta = list_diff(store, version.list_id, previous, version.id)
                wanted = set(delta.added) | {c.entity_id for c in delta.changed}
                found = [e for e in store.entities(version.id) if e.id in wanted]
                basis = "changes"
                whole = False
            else:
                found = list(store.entities(version.id))
                basis = "whole list"
            entities += found
            changes.append(ListChange(version.list_id, previous, version.id, basis, len(found)))
        return _Changed(changes, entities, whole)

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
        with immediate(self.log.db):
            cursor = self.log.db.execute(
                "INSERT INTO rescreen_runs (started_at, who, list_versions) VALUES (?, ?, ?)",
                (started, who, msgspec.json.encode(refs)),
            )
        run_id = cursor.lastrowid
        assert run_id is not None
        changed = self._changed(store, full)
        customers = self._customers()
        fresh = [c for c, last in customers if last is None or full]
        known = [c for c, last in customers if last is not None and not full]
        entities = {e.id: e for e in changed.entities}
        full_screener: Screener | None = None
        if fresh:
            full_screener = (
                Screener.from_entities(changed.entities)
                if changed.whole
                else Screener.from_store(store)
            )
        delta_screener = (
            Screener.from_entities(changed.entities) if known and changed.entities else None
        )
        clearances = AllowList(self.log).snapshot(store)
        planned = [(c, full_screener) for c in fresh] + [(c, delta_screener) for c in known]
        screened = [(c, s) for c, s in planned if s is not None]
        threshold = (
            threshold if threshold is not None else (screened[0][1].threshold if screened else 0.0)
        )
        hashes = _EntityHashes(store, entities)
        findings = _Findings(self.log, hashes)
        items = (
            findings.screen(customer, screener, clearances, refs, run_id, limit, threshold, who)
            for customer, screener in screened
        )
        for block in _chunks(items, COMMIT_ROWS):
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
        self, report: RescreenReport, screened: list[str], who: str, findings: _Findings
    ) -> None:
        db = self.log.db
        with immediate(db):
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


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while block := list(islice(iterator, size)):
        yield block


class _EntityHashes:
    """The current hash of an entity, from the changed set or else the store (cached)."""

    def __init__(self, store: Store, known: dict[str, Entity]) -> None:
        self.store = store
        self.known = known
        self.cache: dict[str, str] = {}

    def __call__(self, entity_id: str) -> str:
        found = self.cache.get(entity_id)
        if found is None:
            entity = self.known.get(entity_id)
            if entity is None:
                try:
                    entity = self.store.entity(entity_id)
                except NotFoundError:
                    return ""
            found = self.cache[entity_id] = entity_hash(entity)
        return found


class _Findings:
    """Decides which hits of a run are new, remembering those found earlier in the run."""

    def __init__(self, log: AuditLog, hashes: _EntityHashes) -> None:
        self.log = log
        self.hashes = hashes
        self.new: list[NewHit] = []
        self.repeated = 0
        self.cleared = 0

    def _reported(self, customer_id: str, entity_id: str, digest: str | None) -> bool:
        query = "SELECT 1 FROM reported_hits WHERE customer_id = ? AND entity_id = ?"
        params: tuple[str, ...] = (customer_id, entity_id)
        if digest is not None:
            query += " AND entity_hash = ?"
            params += (digest,)
        return self.log.db.execute(query, params).fetchone() is not None

    def screen(
        self,
        customer: Customer,
        screener: Screener,
        clearances: Clearances,
        refs: Any,
        run_id: int,
        limit: int,
        threshold: float,
        who: str,
    ) -> tuple[str, str, Any]:
        matches = screener.screen(customer.query(), limit=limit, threshold=threshold)
        reviewed = clearances.review(matches, customer.id)
        entry = screening_entry(
            customer.query(),
            refs,
            matches,
            customer_id=customer.id,
            clearances=reviewed.clearances,
            threshold=threshold,
            source="rescreen",
            context={"run": run_id},
        )
        for hit in entry.hits:
            if hit.status is HitStatus.CLEARED:
                self.cleared += 1
            if hit.status not in (HitStatus.ALERT, HitStatus.LAPSED):
                continue
            lapsed = hit.status is HitStatus.LAPSED
            digest = self.hashes(hit.entity_id) if lapsed else None
            if self._reported(customer.id, hit.entity_id, digest):
                self.repeated += 1
                continue
            self.new.append(
                NewHit(
                    customer.id,
                    customer.name,
                    hit.entity_id,
                    hit.list_id,
                    hit.caption,
                    hit.score,
                    hit.status,
                    hit.note,
                )
            )
        return ("screening", who, entry)
