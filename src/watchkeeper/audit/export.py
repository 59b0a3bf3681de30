"""The audit trail as a file an examiner can open: CSV (one row per record, hits flattened into
readable text) or JSON (every record in full, with the chain's verification)."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec

from watchkeeper.audit.log import AuditLog, AuditRecord
from watchkeeper.errors import WatchkeeperError

FORMATS = ("csv", "json")
CSV_COLUMNS = (
    "seq",
    "recorded_at",
    "who",
    "kind",
    "source",
    "customer_id",
    "query_name",
    "query_birth_date",
    "query_country",
    "query_kind",
    "lists",
    "threshold",
    "decision",
    "alerts",
    "hits",
    "error",
    "detail",
    "hash",
)


class ExportError(WatchkeeperError):
    """An export that cannot be made: a bad time bound, an unknown format, an unwritable file."""


def parse_bound(text: str | None, *, end: bool = False) -> str | None:
    """A user's time bound as an ISO UTC instant for comparison with ``recorded_at``.

    A bare date is a whole day: ``--since 2026-01-31`` starts at its midnight and ``--until
    2026-01-31`` includes it. A time without an offset is read as UTC.
    """
    if text is None or not text.strip():
        return None
    text = text.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
            if end:
                moment += timedelta(days=1)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
    except ValueError:
        raise ExportError(
            f"unreadable time {text!r}: use a date (2026-01-31) or an ISO time "
            "(2026-01-31T09:30:00Z)"
        ) from None
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _lists(payload: dict[str, Any]) -> str:
    return "; ".join(
        f"{list_id} v{ref['version']} ({ref['content_hash'][:12]})"
        for list_id, ref in sorted(payload.get("lists", {}).items())
    )


def _hit(hit: dict[str, Any]) -> str:
    text = f'{hit["entity_id"]} "{hit["caption"]}" {hit["score"]:.3f} {hit["status"]}'
    if hit.get("decision_id") is not None:
        text += f" (decision {hit['decision_id']})"
    return text


def _detail(record: AuditRecord) -> str:
    payload = record.payload
    if record.kind == "decision":
        d = payload["decision"]
        if payload["action"] == "clear":
            return (
                f"decision {d['id']}: customer {d['customer_id']} is not {d['entity_id']} "
                f"({d['entity_caption']}), entity hash {d['entity_hash'][:12]}: {d['reason']}"
            )
        return f"decision {d['id']} revoked: {d.get('revoke_reason', '')}"
    if record.kind == "screening":
        context = payload.get("context") or {}
        return ", ".join(f"{k} {v}" for k, v in sorted(context.items()))
    return msgspec.json.encode(payload).decode()


def csv_row(record: AuditRecord) -> list[str]:
    """One record as a CSV row (``CSV_COLUMNS``)."""
    payload = record.payload
    screening = record.kind == "screening"
    query = (payload.get("query") or {}) if screening else {}
    hits = payload.get("hits", []) if screening else []
    alerts = sum(1 for h in hits if h["status"] in ("alert", "lapsed"))
    threshold = payload.get("threshold")
    return [
        str(record.seq),
        record.recorded_at,
        record.who,
        record.kind,
        str(payload.get("source", "")) if screening else "",
        str(payload.get("customer_id") or "") if screening else "",
        query.get("name", ""),
        query.get("birth_date", ""),
        query.get("country", ""),
        query.get("kind", ""),
        _lists(payload) if screening else "",
        "" if threshold is None else f"{threshold:g}",
        str(payload.get("decision", "")) if screening else "",
        str(alerts) if screening else "",
        "; ".join(_hit(h) for h in hits),
        str(payload.get("error") or ""),
        _detail(record),
        record.hash,
    ]


def _write_csv(path: Path, records: Iterable[AuditRecord]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for record in records:
            writer.writerow(csv_row(record))
            count += 1
    return count


def _write_json(path: Path, log: AuditLog, records: list[AuditRecord], bounds: Any) -> int:
    document = {
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": str(log.path),
        "since": bounds[0],
        "until": bounds[1],
        "verification": log.verify(),
        "records": records,
    }
    path.write_bytes(msgspec.json.format(msgspec.json.encode(document)) + b"\n")
    return len(records)


def export(
    log: AuditLog,
    path: Path,
    format: str = "csv",
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
) -> int:
    """Write the records recorded in [since, until) to ``path``; returns how many.

    The file appears only once complete.
    """
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}: use {' or '.join(FORMATS)}")
    start, stop = parse_bound(since), parse_bound(until, end=True)
    if start and stop and start >= stop:
        raise ExportError(f"--since {since} is not before --until {until}")
    records = log.records(start, stop, kind)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if format == "csv":
            count = _write_csv(partial, records)
        else:
            count = _write_json(partial, log, list(records), (start, stop))
        os.replace(partial, path)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return count
