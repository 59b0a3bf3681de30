"""Canonical JSON: one byte string per value, so that a hash over it means something.

Two records with the same content must serialise to the same bytes whatever the key order of
the dicts they were built from, and the bytes must not depend on the Python version. Keys are
sorted, there is no whitespace, text is UTF-8 (not ``\\u`` escapes) and floats are written in
their shortest round-trip form. Non-finite floats have no JSON form and are refused.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import msgspec

from watchkeeper.errors import WatchkeeperError
from watchkeeper.model import Entity


class CanonicalError(WatchkeeperError):
    """A value that has no canonical JSON form (NaN, infinity, an unknown type)."""


def _check_finite(value: Any) -> None:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CanonicalError(f"{value!r} has no JSON form")
    elif isinstance(value, dict):
        for item in value.values():
            _check_finite(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_finite(item)


def canonical_json(value: Any) -> bytes:
    """``value`` (builtins or msgspec structs) as canonical JSON bytes."""
    try:
        encoded = msgspec.json.encode(value, order="sorted")
    except (TypeError, msgspec.EncodeError) as exc:
        raise CanonicalError(str(exc)) from exc
    # JSON has no NaN or infinity, which would be written as null; only then is the value
    # walked to find them (most records hold no null at all).
    if b"null" in encoded:
        _check_finite(msgspec.to_builtins(value))
    return encoded


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entity_hash(entity: Entity) -> str:
    """A digest of everything the store holds about one entity, ``raw`` included.

    An analyst's clearance is stamped with it: any later change to the listed record, even
    a reformatted source line, makes the clearance lapse, which errs on the side of alerting.
    """
    return sha256_hex(canonical_json(entity))
