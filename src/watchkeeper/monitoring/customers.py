"""The customers of a monitored set, read from a CSV, JSONL or Parquet file and checked.

A file is added whole or not at all: every row is checked as a screening query would be, and the
error lists the bad rows, so a typo in row 40,000 does not leave a half-added file behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import msgspec

from watchkeeper.batch import input_columns, parse_kind, read_records
from watchkeeper.decisions import DecisionError, check_customer_id
from watchkeeper.errors import WatchkeeperError
from watchkeeper.model import EntityKind
from watchkeeper.screening import Query, Screener, ScreeningError

SHOWN_PROBLEMS = 10


class MonitorError(WatchkeeperError):
    """A customer file that cannot be added, or a re-screening that cannot run."""


class Customer(msgspec.Struct, frozen=True, omit_defaults=True):
    """One monitored customer: what is screened for them."""

    id: str
    name: str
    birth_date: str | None = None
    country: str | None = None
    kind: EntityKind | None = None

    def query(self) -> Query:
        return Query(self.name, self.birth_date, self.country, self.kind)


@dataclass(frozen=True)
class CustomerColumns:
    """Which columns of a customer file hold what; optional ones are used when present."""

    id: str = "id"
    name: str = "name"
    birth_date: str | None = None
    country: str | None = None
    kind: str | None = None

    DEFAULTS: ClassVar[dict[str, tuple[str, ...]]] = {
        "birth_date": ("dob", "birth_date", "date_of_birth"),
        "country": ("country", "nationality"),
        "kind": ("kind", "type"),
    }

    def resolve(self, available: Sequence[str], source: object) -> CustomerColumns:
        """Check the named columns exist; pick the optional ones by their usual names."""
        chosen: dict[str, str | None] = {}
        missing = [c for c in (self.id, self.name) if c not in available]
        for attr, usual in self.DEFAULTS.items():
            named = getattr(self, attr)
            if named is not None and named not in available:
                missing.append(named)
            chosen[attr] = named or next((c for c in usual if c in available), None)
        if missing:
            have = ", ".join(repr(c) for c in available) or "none"
            raise MonitorError(
                f"{source}: no column {', '.join(repr(c) for c in missing)}; the columns are: "
                f"{have}"
            )
        return CustomerColumns(self.id, self.name, **chosen)


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _customer(record: dict[str, object], columns: CustomerColumns) -> Customer:
    customer_id = _cell(record.get(columns.id))
    if customer_id is None:
        raise MonitorError("no customer id")
    try:
        # The same rule as for the ids that screenings and decisions carry.
        customer_id = check_customer_id(customer_id) or customer_id
    except DecisionError as exc:
        raise MonitorError(str(exc)) from None
    opt = (columns.birth_date, columns.country, columns.kind)
    birth, country, kind = (_cell(record.get(c)) if c else None for c in opt)
    customer = Customer(customer_id, _cell(record.get(columns.name)) or "", birth, country)
    try:
        customer = msgspec.structs.replace(customer, kind=parse_kind(kind))
        Screener.check(customer.query())
    except ScreeningError as exc:
        raise MonitorError(f"customer {customer_id}: {exc}") from None
    return customer


def read_customers(
    path: Path, columns: CustomerColumns | None = None, format: str | None = None
) -> list[Customer]:
    """Every customer of a CSV, Parquet or JSONL file, checked; any bad row fails the file.

    The error lists the bad rows (by line), so a file is added whole or not at all.
    """
    columns = columns or CustomerColumns()
    resolved = columns.resolve(input_columns(path, format), path)
    customers: list[Customer] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, record in enumerate(read_records(path, format), 1):
        try:
            customer = _customer(record, resolved)
        except MonitorError as exc:
            problems.append(f"row {number}: {exc}")
            continue
        if customer.id in seen:
            problems.append(
                f"row {number}: customer id {customer.id} repeats row {seen[customer.id]}"
            )
            continue
        seen[customer.id] = number
        customers.append(customer)
    if not customers and not problems:
        raise MonitorError(f"{path}: no customers in the file")
    if problems:
        shown = "; ".join(problems[:SHOWN_PROBLEMS])
        more = (
            f" (and {len(problems) - SHOWN_PROBLEMS} more)"
            if len(problems) > SHOWN_PROBLEMS
            else ""
        )
        raise MonitorError(
            f"{path}: {len(problems)} rows cannot be monitored, nothing was added: {shown}{more}"
        )
    return customers
