"""The embedded store: every version of every list in one SQLite file.

Why SQLite: one file under ``WATCHKEEPER_HOME``, no server, and transactions that survive
``kill -9``. A new list version is written and made active inside one transaction, so screening
sees either the old version or the new one, never a half-loaded list; if the process dies
mid-load, SQLite rolls the partial version back on the next open.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import msgspec

from watchkeeper.errors import NotFoundError, StoreError
from watchkeeper.model import ENTITY_DECODER, ENTITY_ENCODER, Entity, ParsedList
from watchkeeper.sqlite_files import open_database

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS list_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    list_id TEXT NOT NULL,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    published TEXT,
    loaded_at TEXT NOT NULL,
    source TEXT NOT NULL,
    entity_count INTEGER NOT NULL,
    kind_counts TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS one_active_version
    ON list_versions (list_id) WHERE active = 1;
CREATE INDEX IF NOT EXISTS versions_by_list ON list_versions (list_id, id);
CREATE TABLE IF NOT EXISTS entities (
    version_id INTEGER NOT NULL REFERENCES list_versions (id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    caption TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (version_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_by_id ON entities (entity_id);
"""


class ListVersion(msgspec.Struct, frozen=True):
    """One stored version of one list, as ``watchkeeper lists`` shows it."""

    id: int
    list_id: str
    title: str
    publisher: str
    content_hash: str
    published: str | None
    loaded_at: str
    source: str
    entity_count: int
    kind_counts: dict[str, int]
    active: bool


_VERSION_COLUMNS = (
    "id, list_id, title, publisher, content_hash, published, loaded_at, source, "
    "entity_count, kind_counts, active"
)


def _version(row: sqlite3.Row) -> ListVersion:
    return ListVersion(
        id=row["id"],
        list_id=row["list_id"],
        title=row["title"],
        publisher=row["publisher"],
        content_hash=row["content_hash"],
        published=row["published"],
        loaded_at=row["loaded_at"],
        source=row["source"],
        entity_count=row["entity_count"],
        kind_counts=msgspec.json.decode(row["kind_counts"]),
        active=bool(row["active"]),
    )


class Store:
    """The versioned list store. Open with ``Store.open(path)``; close when done."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) the store at ``path``."""
        db = open_database(
            path, _SCHEMA, what="the store", version=SCHEMA_VERSION, foreign_keys=True
        )
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- versions -------------------------------------------------------------------------

    def versions(self, list_id: str | None = None) -> list[ListVersion]:
        """Stored versions, newest first (all lists, or one)."""
        query = f"SELECT {_VERSION_COLUMNS} FROM list_versions"
        params: tuple[str, ...] = ()
        if list_id is not None:
            query += " WHERE list_id = ?"
            params = (list_id,)
        rows = self._db.execute(query + " ORDER BY list_id, id DESC", params).fetchall()
        return [_version(row) for row in rows]

    def active_versions(self) -> list[ListVersion]:
        """The version of each list that screening uses now."""
        rows = self._db.execute(
            f"SELECT {_VERSION_COLUMNS} FROM list_versions WHERE active = 1 ORDER BY list_id"
        ).fetchall()
        return [_version(row) for row in rows]

    def active_version(self, list_id: str) -> ListVersion | None:
        row = self._db.execute(
            f"SELECT {_VERSION_COLUMNS} FROM list_versions WHERE active = 1 AND list_id = ?",
            (list_id,),
        ).fetchone()
        return _version(row) if row is not None else None

    def version(self, version_id: int) -> ListVersion:
        row = self._db.execute(
            f"SELECT {_VERSION_COLUMNS} FROM list_versions WHERE id = ?", (version_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no list version {version_id} in {self.path}")
        return _version(row)

    def commit_version(self, parsed: ParsedList, keep_versions: int = 3) -> ListVersion:
        """Store ``parsed`` as the new active version of its list, atomically.

        The caller validates first; this only writes. Old versions beyond ``keep_versions``
        (the new one included) are pruned in the same transaction.
        """
        counts = Counter(entity.kind.value for entity in parsed.entities)
        published = parsed.published.isoformat() if isinstance(parsed.published, date) else None
        loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
        rows = (
            (entity.id, entity.kind.value, entity.caption, ENTITY_ENCODER.encode(entity))
            for entity in parsed.entities
        )
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            cursor = db.execute(
                "INSERT INTO list_versions (list_id, title, publisher, content_hash, published, "
                "loaded_at, source, entity_count, kind_counts, active) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (
                    parsed.info.id,
                    parsed.info.title,
                    parsed.info.publisher,
                    parsed.content_hash,
                    published,
                    loaded_at,
                    parsed.source,
                    len(parsed.entities),
                    msgspec.json.encode(dict(sorted(counts.items()))),
                ),
            )
            version_id = cursor.lastrowid
            assert version_id is not None
            db.executemany(
                "INSERT INTO entities (version_id, entity_id, kind, caption, data) "
                "VALUES (?, ?, ?, ?, ?)",
                ((version_id, *row) for row in rows),
            )
            db.execute(
                "UPDATE list_versions SET active = 0 WHERE list_id = ? AND active = 1",
                (parsed.info.id,),
            )
            db.execute("UPDATE list_versions SET active = 1 WHERE id = ?", (version_id,))
            self._prune(parsed.info.id, keep_versions)
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.IntegrityError):
                raise StoreError(f"{parsed.source}: cannot store {parsed.info.id}: {exc}") from exc
            raise
        return self.version(version_id)

    def _prune(self, list_id: str, keep_versions: int) -> None:
        keep = max(1, keep_versions)
        self._db.execute(
            "DELETE FROM list_versions WHERE list_id = ? AND active = 0 AND id NOT IN "
            "(SELECT id FROM list_versions WHERE list_id = ? ORDER BY id DESC LIMIT ?)",
            (list_id, list_id, keep),
        )

    # -- entities -------------------------------------------------------------------------

    def entities(self, version_id: int) -> Iterator[Entity]:
        """Every entity of one stored version."""
        with closing(
            self._db.execute(
                "SELECT data FROM entities WHERE version_id = ? ORDER BY entity_id", (version_id,)
            )
        ) as cursor:
            for (data,) in cursor:
                yield ENTITY_DECODER.decode(data)

    def active_entities(self) -> Iterator[Entity]:
        """Every entity of every active list version: what screening screens against."""
        with closing(
            self._db.execute(
                "SELECT e.data FROM entities e JOIN list_versions v ON v.id = e.version_id "
                "WHERE v.active = 1 ORDER BY v.list_id, e.entity_id"
            )
        ) as cursor:
            for (data,) in cursor:
                yield ENTITY_DECODER.decode(data)

    def entity(self, entity_id: str, version_id: int | None = None) -> Entity:
        """One entity from the active version of its list (or from a given version)."""
        if version_id is None:
            row = self._db.execute(
                "SELECT e.data FROM entities e JOIN list_versions v ON v.id = e.version_id "
                "WHERE e.entity_id = ? AND v.active = 1",
                (entity_id,),
            ).fetchone()
        else:
            row = self._db.execute(
                "SELECT data FROM entities WHERE entity_id = ? AND version_id = ?",
                (entity_id, version_id),
            ).fetchone()
        if row is None:
            raise NotFoundError(f"no entity {entity_id!r} in the active lists")
        return ENTITY_DECODER.decode(row[0])

    def entity_count(self) -> int:
        row = self._db.execute(
            "SELECT COALESCE(SUM(entity_count), 0) FROM list_versions WHERE active = 1"
        ).fetchone()
        return int(row[0])
