"""The casework database: the audit trail, analysts' decisions and the monitored customers.

It is a SQLite file of its own (``WATCHKEEPER_HOME/audit.db``), not tables in the list store,
because the two have opposite lives. The list store is derived data: old versions are pruned,
and a schema change is answered by loading the lists into a new store. The casework file is the
firm's own record, which must outlive every list version and be backed up, retained and
permission-restricted on its own. Keeping decisions and monitored customers beside the audit
trail lets a decision and its audit record commit in one transaction, and keeps a long batch's
audit writes from contending with ``watchkeeper update`` for the store's write lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from watchkeeper.config import Settings
from watchkeeper.errors import StoreError
from watchkeeper.sqlite_files import open_database

AUDIT_FILE = "audit.db"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY,
    recorded_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    who TEXT NOT NULL,
    body BLOB NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit_log (recorded_at);
CREATE TABLE IF NOT EXISTS audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    entity_hash TEXT NOT NULL,
    entity_caption TEXT NOT NULL,
    list_id TEXT NOT NULL,
    list_version INTEGER,
    reason TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by TEXT,
    revoke_reason TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS one_active_decision
    ON decisions (customer_id, entity_id) WHERE revoked_at IS NULL;
CREATE TABLE IF NOT EXISTS monitored (
    customer_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    birth_date TEXT,
    country TEXT,
    kind TEXT,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    source TEXT NOT NULL,
    last_run INTEGER
);
CREATE TABLE IF NOT EXISTS rescreen_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    completed_at TEXT,
    who TEXT NOT NULL,
    list_versions TEXT NOT NULL,
    customers INTEGER NOT NULL DEFAULT 0,
    entities INTEGER NOT NULL DEFAULT 0,
    new_hits INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS reported_hits (
    customer_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    entity_hash TEXT NOT NULL,
    run_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (customer_id, entity_id, entity_hash)
) WITHOUT ROWID;
"""


def audit_path(settings: Settings | None = None) -> Path:
    """Where the casework database lives: beside the list store, in ``WATCHKEEPER_HOME``."""
    return (settings or Settings.load()).home / AUDIT_FILE


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the casework database at ``path``."""
    # FULL: a committed audit record must survive a power cut, not only a crash.
    db = open_database(
        path,
        _SCHEMA,
        what="the audit database",
        version=SCHEMA_VERSION,
        synchronous="FULL",
        timeout=60,
    )
    return db


@contextmanager
def immediate(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction that takes the write lock at once (``BEGIN IMMEDIATE``).

    Taking the lock first means two writers never both read the same chain head and then
    race to append after it: the second waits (up to the connection timeout) instead.
    """
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(f"the audit database is busy or read-only: {exc}") from exc
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
