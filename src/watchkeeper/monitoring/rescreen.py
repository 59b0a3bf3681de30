"""The pieces of one re-screening run: what changed in the lists, and which hits are new.

A hit is new unless an earlier run reported the same (customer, entity) pair; a clearance that
lapsed (the entity changed since the analyst's decision) is new once per version of the entity,
since the decision was taken on a record that is no longer the listed one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

import msgspec

from watchkeeper.audit.canonical import entity_hash
from watchkeeper.audit.log import AuditLog
from watchkeeper.audit.records import HitStatus, ListRef, screening_entry
from watchkeeper.decisions import Clearances
from watchkeeper.errors import NotFoundError
from watchkeeper.model import Entity
from watchkeeper.monitoring.customers import Customer
from watchkeeper.screening import Screener
from watchkeeper.store import Store
from watchkeeper.update import list_diff


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
class Changed:
    lists: list[ListChange]
    entities: list[Entity]
    whole: bool  # every list is screened whole: the changed set is the full active set


def changed_entities(store: Store, last: dict[str, int] | None) -> Changed:
    """The entities added or changed in each active list since the versions in ``last``.

    A list not in ``last``, or whose old version the store has pruned, is taken whole.
    """
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
    return Changed(changes, entities, whole)


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while block := list(islice(iterator, size)):
        yield block


class EntityHashes:
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


class Findings:
    """Screens customers one by one and sorts their hits: new, already reported, cleared."""

    def __init__(self, log: AuditLog, hashes: EntityHashes) -> None:
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
        refs: Mapping[str, ListRef],
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
