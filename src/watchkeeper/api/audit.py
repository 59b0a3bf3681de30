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


class ScreenedResult(msgspec.Struct, frozen=True):
    """One result as returned to the client."""

    entity_id: str
    list_id: str
    score: float
    match: bool


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


OnScreened = Callable[[ScreeningRecord], None]
