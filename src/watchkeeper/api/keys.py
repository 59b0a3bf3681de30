"""API keys: created once, shown once, stored only as a salted hash.

Keys live in their own SQLite file (``api_keys.db`` under ``WATCHKEEPER_HOME``), apart from
the lists, so that replacing the list store never opens the API to everyone. A key reads
``wk_<id>_<secret>``: the id finds the row without scanning, the secret is 32 random bytes
checked against ``sha256(salt + secret)`` in constant time. A random 256-bit secret needs no
slow password hash; a leaked database still yields no usable key.

Revoked keys stay in the file, so the server keeps requiring keys after the last one is
revoked and can tell a revoked key (403) from one it never issued (401).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from watchkeeper.errors import NotFoundError, WatchkeeperError
from watchkeeper.sqlite_files import open_database

KEYS_FILE = "api_keys.db"
KEY_PATTERN = re.compile(r"wk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    salt BLOB NOT NULL,
    digest BLOB NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
"""


class ApiKey(msgspec.Struct, frozen=True):
    """A key as listed: everything except the secret, which is never stored."""

    id: str
    name: str
    created_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class KeyCheck(msgspec.Struct, frozen=True):
    """The outcome of checking a presented key: ``ok``, ``unknown`` or ``revoked``."""

    outcome: str
    name: str | None = None


def _digest(salt: bytes, secret: str) -> bytes:
    return hashlib.sha256(salt + secret.encode("ascii")).digest()


class KeyStore:
    """The API key file; safe to share between the server's request threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = open_database(path, _SCHEMA, what="the API key file")

    @classmethod
    def in_home(cls, home: Path) -> KeyStore:
        return cls(home / KEYS_FILE)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> KeyStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def create(self, name: str) -> tuple[ApiKey, str]:
        """A new key named ``name``; the returned secret key is not recoverable later."""
        if not NAME_PATTERN.fullmatch(name):
            raise WatchkeeperError(
                f"invalid key name {name!r}: use up to 64 letters, digits, '.', '_', '@' or '-'"
            )
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        salt = secrets.token_bytes(16)
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            try:
                self._db.execute(
                    "INSERT INTO api_keys (id, name, salt, digest, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (key_id, name, salt, _digest(salt, secret), created),
                )
            except sqlite3.IntegrityError:
                raise WatchkeeperError(f"a key named {name!r} already exists") from None
        return ApiKey(key_id, name, created, None), f"wk_{key_id}_{secret}"

    def list(self) -> list[ApiKey]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY created_at, name"
            ).fetchall()
        return [ApiKey(*row) for row in rows]

    def revoke(self, name_or_id: str) -> ApiKey:
        """Revoke a key by name or id; revoking twice keeps the first revocation time."""
        revoked = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            self._db.execute(
                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE name = ? OR id = ?",
                (revoked, name_or_id, name_or_id),
            )
            row = self._db.execute(
                "SELECT id, name, created_at, revoked_at FROM api_keys WHERE name = ? OR id = ?",
                (name_or_id, name_or_id),
            ).fetchone()
        if row is None:
            raise NotFoundError(f"no API key named {name_or_id!r}")
        return ApiKey(*row)

    def any_issued(self) -> bool:
        """Whether any key was ever created (revoked ones count: keys stay required)."""
        with self._lock:
            return self._db.execute("SELECT 1 FROM api_keys LIMIT 1").fetchone() is not None

    def check(self, presented: str) -> KeyCheck:
        """Whether ``presented`` is an issued, unrevoked key, and its name if it is."""
        found = KEY_PATTERN.fullmatch(presented)
        if found is None:
            return KeyCheck("unknown")
        key_id, secret = found.groups()
        with self._lock:
            row = self._db.execute(
                "SELECT name, salt, digest, revoked_at FROM api_keys WHERE id = ?", (key_id,)
            ).fetchone()
        if row is None:
            return KeyCheck("unknown")
        name, salt, digest, revoked_at = row
        if not hmac.compare_digest(_digest(salt, secret), digest):
            return KeyCheck("unknown")
        return KeyCheck("revoked" if revoked_at else "ok", name)
