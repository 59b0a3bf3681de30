"""What one screening leaves in the audit trail, built from what the screener returned.

``screening_entry`` is the one function every caller (the CLI, batch, re-screening, an HTTP
server through ``AuditLog.record_screening``) uses to turn a screening into a record, so all of
them record the same facts the same way: the query, the list versions screened against, every
result with its score, and the decision. Who screened and when are fields of the record itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum

import msgspec

from watchkeeper.screening import Match, Query
from watchkeeper.store import ListVersion


class HitStatus(StrEnum):
    """What became of one result."""

    ALERT = "alert"
    CLEARED = "cleared"
    LAPSED = "lapsed"  # cleared once, but the entity has changed since: alerts again
    BELOW = "below threshold"


class Decision(StrEnum):
    """The outcome of one screening."""

    ALERT = "alert"
    CLEARED = "cleared by allow-list"
    NO_MATCH = "no match"
    ERROR = "error"


class ListRef(msgspec.Struct, frozen=True):
    """The list version a screening ran against: its store id and content hash."""

    version: int
    content_hash: str


class Clearance(msgspec.Struct, frozen=True):
    """An analyst decision that applied to one result (see ``watchkeeper.decisions``)."""

    decision_id: int
    lapsed: bool
    note: str


class Hit(msgspec.Struct, frozen=True, omit_defaults=True):
    entity_id: str
    list_id: str
    caption: str
    score: float
    status: HitStatus
    matched_name: str = ""
    programs: tuple[str, ...] = ()
    decision_id: int | None = None
    note: str | None = None


class ScreeningEntry(msgspec.Struct, frozen=True, omit_defaults=True):
    """The payload of a ``screening`` audit record."""

    query: Query | None
    lists: dict[str, ListRef]
    decision: Decision
    hits: tuple[Hit, ...] = ()
    customer_id: str | None = None
    threshold: float | None = None
    source: str = "api"
    error: str | None = None
    context: dict[str, str | int] = {}


def list_refs(versions: Iterable[ListVersion] | Mapping[str, ListRef]) -> dict[str, ListRef]:
    """List id -> version for the store's active versions (or an already built mapping)."""
    if isinstance(versions, Mapping):
        return dict(versions)
    return {v.list_id: ListRef(v.id, v.content_hash) for v in versions}


def _hit(match: Match, clearance: Clearance | None) -> Hit:
    if clearance is not None and match.match:
        status = HitStatus.LAPSED if clearance.lapsed else HitStatus.CLEARED
    else:
        status = HitStatus.ALERT if match.match else HitStatus.BELOW
    return Hit(
        entity_id=match.entity_id,
        list_id=match.list_id,
        caption=match.caption,
        score=match.score,
        status=status,
        matched_name=match.matched_name,
        programs=match.programs,
        decision_id=clearance.decision_id if clearance and match.match else None,
        note=clearance.note if clearance and match.match else None,
    )


def decide(hits: Sequence[Hit]) -> Decision:
    """Alert if any hit alerts (a lapsed clearance alerts); cleared if every match was."""
    statuses = {hit.status for hit in hits}
    if statuses & {HitStatus.ALERT, HitStatus.LAPSED}:
        return Decision.ALERT
    if HitStatus.CLEARED in statuses:
        return Decision.CLEARED
    return Decision.NO_MATCH


def screening_entry(
    query: Query | None,
    list_versions: Iterable[ListVersion] | Mapping[str, ListRef],
    matches: Sequence[Match],
    *,
    customer_id: str | None = None,
    clearances: Mapping[str, Clearance] | None = None,
    threshold: float | None = None,
    source: str = "api",
    error: str | None = None,
    context: Mapping[str, str | int] | None = None,
) -> ScreeningEntry:
    """The audit payload for one screening; ``AuditLog.record_screening`` builds and appends it.

    ``clearances`` (entity id -> Clearance) says which results an analyst decision cleared;
    ``error`` marks a query that could not be screened (its decision is ``error``).
    """
    clearances = clearances or {}
    hits = tuple(_hit(m, clearances.get(m.entity_id)) for m in matches)
    return ScreeningEntry(
        query=query,
        lists=list_refs(list_versions),
        decision=Decision.ERROR if error else decide(hits),
        hits=hits,
        customer_id=customer_id,
        threshold=threshold,
        source=source,
        error=error,
        context=dict(context or {}),
    )
