"""The one hook an audit trail needs: a record of every screening the API performed.

``create_app(..., on_screened=callback)`` calls ``callback(record)`` once per screened query
(each key of a ``/match`` batch, each ``/search``), in the request's worker thread, after
screening and before the response is sent. If the callback raises, the client gets a 500
and no results: a screening that could not be recorded is not reported as done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import msgspec

from watchkeeper.audit import AuditLog, Hit, HitStatus, ListRef, ScreeningEntry
from watchkeeper.audit.records import decide


class ScreenedResult(msgspec.Struct, frozen=True):
    """One result as returned to the client."""

    entity_id: str
    list_id: str
    score: float
    match: bool
    caption: str = ""
    matched_name: str = ""
    programs: tuple[str, ...] = ()


class ScreeningRecord(msgspec.Struct, frozen=True):
    """Who screened what, when, against which list versions, and what came back.

    ``key_name`` is the API key's name (never the key), ``None`` when keys are not in use.
    ``list_versions`` maps each list id the request could see to its stored version id.
    """

    key_name: str | None
    at: datetime
    endpoint: str
    dataset: str
    query_key: str
    query: dict[str, object]
    threshold: float
    list_versions: dict[str, int]
    results: tuple[ScreenedResult, ...]
    # List id -> content hash of the version screened, so a record names the exact data.
    list_hashes: dict[str, str] = {}


OnScreened = Callable[[ScreeningRecord], None]


ANONYMOUS = "anonymous API client"


def audit_trail(log: AuditLog) -> OnScreened:
    """The hook that writes each API screening into watchkeeper's audit trail (``audit``).

    The caller is the API key's name; the query is kept as the client sent it (its names,
    dates and countries, in ``context``), since one yente query may stand for several.
    """

    def record(screened: ScreeningRecord) -> None:
        hits = tuple(
            Hit(
                entity_id=r.entity_id,
                list_id=r.list_id,
                caption=r.caption,
                score=r.score,
                status=HitStatus.ALERT if r.match else HitStatus.BELOW,
                matched_name=r.matched_name,
                programs=r.programs,
            )
            for r in screened.results
        )
        lists = {
            list_id: ListRef(version, screened.list_hashes.get(list_id, ""))
            for list_id, version in screened.list_versions.items()
        }
        context: dict[str, str | int] = {
            "endpoint": screened.endpoint,
            "dataset": screened.dataset,
            "query_key": screened.query_key,
            "query": msgspec.json.encode(screened.query).decode(),
        }
        entry = ScreeningEntry(
            query=None,
            lists=lists,
            decision=decide(hits),
            hits=hits,
            threshold=screened.threshold,
            source="api",
            context=context,
        )
        log.record("screening", screened.key_name or ANONYMOUS, entry)

    return record
