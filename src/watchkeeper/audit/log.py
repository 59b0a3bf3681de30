"""The append-only, hash-chained audit log.

Each record's body is canonical JSON holding its sequence number, time, kind, author, payload
and the hash of the record before it; its hash is the SHA-256 of that body. Changing any byte
of a stored record changes its hash, which no longer matches the next record's ``prev_hash``,
so an edit, an insertion, a deletion or a reordering anywhere in the chain is found by
``verify``. The deletion of the last records leaves a valid shorter chain, so a separate
anchor row (``audit_head``: the count and hash of the last record, updated in the same
transaction as every append) is checked too. Someone able to rewrite the file can recompute
every hash and the anchor; against that, keep the head hash somewhere else from time to time
and pass it to ``verify(expect_head=...)``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import msgspec

from watchkeeper.audit.canonical import canonical_json, sha256_hex
from watchkeeper.audit.database import connect, immediate
from watchkeeper.audit.records import Clearance, ListRef, ScreeningEntry, screening_entry
from watchkeeper.errors import WatchkeeperError
from watchkeeper.screening import Match, Query
from watchkeeper.store import ListVersion

GENESIS = "0" * 64
# Records written per transaction by ``record_many``: one commit (an fsync) per chunk keeps a
# batch of a million rows fast, and a crash loses at most the chunk in flight.
COMMIT_ROWS = 512
MAX_WHO = 200


class AuditError(WatchkeeperError):
    """The audit log cannot be written or read."""


class AuditRecord(msgspec.Struct, frozen=True):
    """One record of the log, as stored (``body`` is what ``hash`` covers)."""

    seq: int
    recorded_at: str
    kind: str
    who: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


class Verification(msgspec.Struct, frozen=True):
    """The result of checking the chain: ``first_bad`` is the first record at fault."""

    ok: bool
    records: int
    head_hash: str
    first_bad: int | None = None
    problem: str | None = None


def _body(seq: int, recorded_at: str, kind: str, who: str, payload: Any, prev_hash: str) -> bytes:
    return canonical_json(
        {
            "seq": seq,
            "recorded_at": recorded_at,
            "kind": kind,
            "who": who,
            "payload": payload,
            "prev_hash": prev_hash,
        }
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _check_who(who: str) -> str:
    who = who.strip()
    if not who:
        raise AuditError("an audit record needs a user name (--user or WATCHKEEPER_USER)")
    if len(who) > MAX_WHO or not who.isprintable():
        raise AuditError(f"the user name must be printable and at most {MAX_WHO} characters")
    return who


class AuditLog:
    """The audit trail in the casework database. Open with ``AuditLog.open(path)``."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path
        # One connection, shareable by a server's threads: one write transaction at a time.
        self._writing = threading.RLock()

    @classmethod
    def open(cls, path: Path) -> AuditLog:
        return cls(connect(path), path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on the casework database (``BEGIN IMMEDIATE``), one per log
        at a time; decisions and the monitored set write through it too."""
        with self._writing, immediate(self.db) as db:
            yield db

    def append_locked(self, items: Iterable[tuple[str, str, Any]]) -> list[AuditRecord]:
        """Append (kind, who, payload) items; the caller holds ``transaction()``.

        Other tables (decisions, monitored customers) use this to commit their change and its
        audit record together.
        """
        head = self.db.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
        seq, prev = (head["seq"], head["hash"]) if head else (0, GENESIS)
        written: list[AuditRecord] = []
        rows = []
        for kind, who, payload in items:
            seq += 1
            data = msgspec.to_builtins(payload, order="sorted")
            recorded_at = _now()
            body = _body(seq, recorded_at, kind, _check_who(who), data, prev)
            digest = sha256_hex(body)
            rows.append((seq, recorded_at, kind, who.strip(), body, digest))
            written.append(AuditRecord(seq, recorded_at, kind, who.strip(), data, prev, digest))
            prev = digest
        if rows:
            self.db.executemany(
                "INSERT INTO audit_log (seq, recorded_at, kind, who, body, hash) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            self.db.execute(
                "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                (seq, prev),
            )
        return written

    def record(self, kind: str, who: str, payload: Any) -> AuditRecord:
        """Append one record in its own transaction."""
        with self.transaction():
            [written] = self.append_locked([(kind, who, payload)])
        return written

    def record_many(self, items: Iterable[tuple[str, str, Any]], chunk: int = COMMIT_ROWS) -> int:
        """Append many records, committing every ``chunk`` of them; returns how many."""
        iterator = iter(items)
        total = 0
        while block := list(islice(iterator, chunk)):
            with self.transaction():
                total += len(self.append_locked(block))
        return total

    def record_screening(
        self,
        who: str,
        query: Query,
        list_versions: Iterable[ListVersion] | Mapping[str, ListRef],
        matches: Sequence[Match],
        *,
        customer_id: str | None = None,
        clearances: Mapping[str, Clearance] | None = None,
        threshold: float | None = None,
        source: str = "api",
    ) -> AuditRecord:
        """Record one screening: who, the query, the list versions, the results, the decision."""
        entry = screening_entry(
            query,
            list_versions,
            matches,
            customer_id=customer_id,
            clearances=clearances,
            threshold=threshold,
            source=source,
        )
        return self.record("screening", who, entry)

    # -- reading --------------------------------------------------------------------------

    def head(self) -> tuple[int, str]:
        """(number of records, hash of the last one) according to the anchor row."""
        row = self.db.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
        return (row["seq"], row["hash"]) if row else (0, GENESIS)

    def records(
        self, since: str | None = None, until: str | None = None, kind: str | None = None
    ) -> Iterator[AuditRecord]:
        """Records in order, optionally those recorded in [since, until) (ISO UTC times)."""
        clauses, params = [], []
        if since:
            clauses.append("recorded_at >= ?")
            params.append(since)
        if until:
            clauses.append("recorded_at < ?")
            params.append(until)
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        cursor = self.db.execute(
            f"SELECT seq, body, hash FROM audit_log{where} ORDER BY seq", params
        )
        for row in cursor:
            try:
                data = msgspec.json.decode(row["body"])
                yield msgspec.convert({**data, "hash": row["hash"]}, AuditRecord)
            except (msgspec.DecodeError, msgspec.ValidationError, TypeError) as exc:
                raise AuditError(
                    f"record {row['seq']} cannot be read ({exc}): run `watchkeeper audit verify`"
                ) from None

    def verify(self, expect_head: str | None = None) -> Verification:
        """Walk the chain from the first record; report the first record that is not intact.

        ``expect_head`` is a hash noted earlier (from a previous ``verify``): the chain must
        still contain it, which catches a rewrite of the whole file after that point.
        """
        expected_seq, prev = 1, GENESIS
        seen_expected = expect_head is None or expect_head == GENESIS
        cursor = self.db.execute(
            "SELECT seq, recorded_at, kind, who, body, hash FROM audit_log ORDER BY seq"
        )
        for row in cursor:
            problem = self._check_row(row, expected_seq, prev)
            if problem is not None:
                bad = min(expected_seq, row["seq"])
                return Verification(False, expected_seq - 1, prev, bad, problem)
            prev = row["hash"]
            seen_expected = seen_expected or prev == expect_head
            expected_seq += 1
        count = expected_seq - 1
        head_seq, head_hash = self.head()
        if (head_seq, head_hash) != (count, prev):
            if head_seq > count:
                problem = (
                    f"the log ends at record {count} but its anchor says {head_seq} records: "
                    f"records {count + 1} to {head_seq} were deleted"
                )
            else:
                problem = (
                    f"the anchor (record {head_seq}, hash {head_hash[:12]}) does not match "
                    f"the last record ({count}, hash {prev[:12]})"
                )
            return Verification(False, count, prev, min(count + 1, head_seq + 1), problem)
        if not seen_expected:
            return Verification(
                False,
                count,
                prev,
                None,
                f"no record has the expected hash {expect_head}: the log was rewritten or cut",
            )
        return Verification(True, count, prev)

    @staticmethod
    def _check_row(row: sqlite3.Row, expected_seq: int, prev: str) -> str | None:
        seq = row["seq"]
        if seq != expected_seq:
            return f"record {expected_seq} is missing (the next stored record is {seq})"
        raw = row["body"]
        # An edit in SQL (replace(), a string literal) may leave text where bytes were stored.
        body = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else bytes(raw)
        if sha256_hex(body) != row["hash"]:
            return f"record {seq} was altered: its content does not match its hash"
        try:
            data = msgspec.json.decode(body)
        except msgspec.DecodeError:
            return f"record {seq} is not valid JSON"
        if not isinstance(data, dict):
            return f"record {seq} is not a JSON object"
        if data.get("seq") != seq:
            return f"record {seq} holds the content of record {data.get('seq')!r}"
        if data.get("prev_hash") != prev:
            return f"record {seq} does not follow record {seq - 1}: the chain is broken"
        for column in ("recorded_at", "kind", "who"):
            if data.get(column) != row[column]:
                return f"record {seq}: its {column} column was altered"
        if canonical_json(data) != body:
            return f"record {seq} is not in canonical form"
        return None


def screening_payload(record: AuditRecord) -> ScreeningEntry:
    """The payload of a ``screening`` record as a typed entry."""
    return msgspec.convert(record.payload, ScreeningEntry)
