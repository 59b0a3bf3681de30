"""One way to open watchkeeper's SQLite files (list store, audit trail, API keys).

Each is shared by threads and processes (a server's request threads, batch workers, an update
running beside them): write-ahead logging lets readers go on while one writer commits, and a
busy timeout makes a second writer wait instead of failing. Each file carries its schema
version, so a file from an incompatible release is refused with a clear message rather than
misread.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from watchkeeper.errors import StoreError


def open_database(
    path: Path,
    schema: str,
    *,
    what: str,
    version: int | None = None,
    synchronous: str = "NORMAL",
    timeout: float = 30.0,
    foreign_keys: bool = False,
) -> sqlite3.Connection:
    """Open (creating if needed) the SQLite file at ``path`` with ``schema`` applied.

    ``what`` names the file in errors ("the store", "the audit database"). With ``version``,
    the schema must have a ``meta (key, value)`` table: a new file is stamped with it, an
    existing one must match. ``synchronous="FULL"`` makes a commit survive a power cut.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"PRAGMA synchronous={synchronous}")
        if foreign_keys:
            db.execute("PRAGMA foreign_keys=ON")
        db.executescript(schema)
        if version is not None:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                db.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                    (str(version),),
                )
            elif int(row["value"]) != version:
                db.close()
                raise StoreError(
                    f"{path}: {what} has schema version {row['value']}, not {version}; "
                    "it was written by another release of watchkeeper"
                )
    except (sqlite3.DatabaseError, OSError) as exc:
        raise StoreError(f"{path}: cannot open {what}: {exc}") from exc
    return db
