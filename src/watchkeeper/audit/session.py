"""Screening with the audit trail attached: the allow-list applied, then every result recorded.

``AuditedScreener`` is what the command line uses for ``screen`` and what a server should use:
it pins the list versions the screener was built from, applies analysts' decisions to the
results, and writes the record before the results are returned, so that nothing is shown that
was not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from watchkeeper.audit.log import AuditLog, AuditRecord
from watchkeeper.audit.records import ListRef, ScreeningEntry, list_refs, screening_entry
from watchkeeper.decisions import AllowList, Clearances, Reviewed, check_customer_id
from watchkeeper.screening import Query, Screener
from watchkeeper.store import Store


@dataclass(frozen=True)
class ScreeningContext:
    """The list versions a screener was built from and the decisions in force."""

    lists: dict[str, ListRef]
    clearances: Clearances

    @classmethod
    def from_store(cls, store: Store, log: AuditLog) -> ScreeningContext:
        return cls(list_refs(store.active_versions()), AllowList(log).snapshot(store))


@dataclass(frozen=True)
class ScreeningOutcome:
    reviewed: Reviewed
    entry: ScreeningEntry
    record: AuditRecord


class AuditedScreener:
    """A ``Screener`` whose every screening is reviewed against the allow-list and recorded."""

    def __init__(
        self, screener: Screener, log: AuditLog, context: ScreeningContext, source: str = "api"
    ) -> None:
        self.screener = screener
        self.log = log
        self.context = context
        self.source = source

    @classmethod
    def from_store(cls, store: Store, log: AuditLog, source: str = "api") -> AuditedScreener:
        """Build the screener and its context from the same reading of the store."""
        context = ScreeningContext.from_store(store, log)
        return cls(Screener.from_store(store), log, context, source)

    def screen(
        self,
        query: Query,
        who: str,
        *,
        customer_id: str | None = None,
        limit: int = 10,
        threshold: float | None = None,
    ) -> ScreeningOutcome:
        customer_id = check_customer_id(customer_id)
        threshold = self.screener.threshold if threshold is None else threshold
        matches = self.screener.screen(query, limit=limit, threshold=threshold)
        reviewed = self.context.clearances.review(matches, customer_id)
        entry = screening_entry(
            query,
            self.context.lists,
            matches,
            customer_id=customer_id,
            clearances=reviewed.clearances,
            threshold=threshold,
            source=self.source,
        )
        record = self.log.record("screening", who, entry)
        return ScreeningOutcome(reviewed, entry, record)
