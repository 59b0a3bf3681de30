"""The index as shipped to executors: built once per Python worker, then reused.

The driver serialises the listed entities once (msgspec JSON, without the verbatim source
records, which screening never reads) and broadcasts the bytes. Each Python worker builds its
``Screener`` from them the first time a task needs it and keeps it in a module-level variable
keyed by the content hash. Spark reuses Python workers between tasks
(``spark.python.worker.reuse``, on by default), so a worker pays the index build once per job,
not once per partition; a new list version has a new hash and replaces the old index.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import msgspec
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from watchkeeper.batch import ColumnMap, screen_batches
from watchkeeper.long_lived import freeze_loaded_index
from watchkeeper.model import ENTITY_ENCODER, Entity
from watchkeeper.screening import Screener

_DECODER = msgspec.json.Decoder(list[Entity])


class Payload(Protocol):
    """Where a worker reads the serialised entities: a Spark ``Broadcast`` of bytes."""

    @property
    def value(self) -> bytes: ...


def serialise_entities(entities: Sequence[Entity]) -> bytes:
    """The entities as msgspec JSON, without ``raw`` (kept for audit, never screened)."""
    return ENTITY_ENCODER.encode([msgspec.structs.replace(e, raw="") for e in entities])


def deserialise_entities(data: bytes) -> list[Entity]:
    return _DECODER.decode(data)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class ShippedIndex:
    """What a task needs to get a screener: the payload, its hash and the screener's threshold.

    Small to pickle: the payload is a broadcast handle, not the entities themselves.
    """

    digest: str
    payload: Payload
    threshold: float


_LOADED: tuple[str, Screener] | None = None
BUILDS = 0  # screeners this worker process has built: read by tests and benchmarks


def worker_screener(shipped: ShippedIndex) -> Screener:
    """This worker's screener for ``shipped``, built on first use and cached by content hash."""
    global _LOADED, BUILDS
    key = f"{shipped.digest}:{shipped.threshold!r}"
    if _LOADED is not None and _LOADED[0] == key:
        return _LOADED[1]
    _LOADED = None  # let the old index go before the new one is built
    entities = deserialise_entities(shipped.payload.value)
    screener = Screener.from_entities(entities, threshold=shipped.threshold)
    del entities
    freeze_loaded_index()  # a Python worker keeps its screener from task to task
    _LOADED = (key, screener)
    BUILDS += 1
    return screener


def screen_partition(
    batches: Iterable[pa.RecordBatch],
    shipped: ShippedIndex,
    columns: ColumnMap,
    limit: int,
    threshold: float | None,
) -> Iterator[pa.RecordBatch]:
    """What ``mapInArrow`` runs on each partition: the local engine's batch screening."""
    screener = worker_screener(shipped)
    yield from screen_batches(screener, batches, columns, limit, threshold)
