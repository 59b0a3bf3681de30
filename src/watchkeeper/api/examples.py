"""Turn one yente query (a schema and properties) into the screener's ``Query`` objects.

A yente example may carry several names, birth dates and countries; the screener takes one of
each. Each combination is screened and the best score per listed entity kept, so an alias or a
second nationality can only help a true match surface, never hide it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from watchkeeper.api.ftm import SCHEMA_KINDS
from watchkeeper.api.limits import LimitExceeded, Limits
from watchkeeper.api.wire import EntityExample
from watchkeeper.errors import WatchkeeperError
from watchkeeper.model import EntityKind
from watchkeeper.screening import Query, Screener, ScreeningError

NAME_PROPERTIES = ("name", "alias", "previousName", "weakAlias")
NAME_PART_PROPERTIES = ("firstName", "secondName", "middleName", "fatherName", "lastName")
DATE_PROPERTIES = ("birthDate",)
COUNTRY_PROPERTIES = ("nationality", "citizenship", "country", "jurisdiction")


class ExampleError(WatchkeeperError):
    """A query that cannot be screened as given; answered with 422 and this message."""


@dataclass(frozen=True)
class ParsedExample:
    """One query as screened: its kind and every combination of its values."""

    schema: str
    kind: EntityKind | None
    properties: dict[str, list[str]]
    queries: tuple[Query, ...]


def _clean(key: str, prop: str, values: str | list[str]) -> list[str]:
    """Trimmed, de-duplicated values; text that is not valid Unicode is refused, not mangled."""
    cleaned: list[str] = []
    for value in [values] if isinstance(values, str) else values:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ExampleError(
                f"query {key!r}: property {prop!r} is not valid Unicode text"
            ) from None
        value = " ".join(value.split())
        if value and value not in cleaned:
            cleaned.append(value)
    return cleaned


def _values(properties: dict[str, list[str]], names: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(v for name in names for v in properties.get(name, ())))


def _names(key: str, properties: dict[str, list[str]], limits: Limits) -> list[str]:
    names = _values(properties, NAME_PROPERTIES)
    composed = " ".join(v for p in NAME_PART_PROPERTIES for v in properties.get(p, ()))
    if composed and composed not in names:
        names.append(composed)
    if not names:
        raise ExampleError(
            f"query {key!r} has no name to screen: give name, alias or firstName/lastName"
        )
    if len(names) > limits.max_names:
        raise LimitExceeded(
            422, f"query {key!r} has {len(names)} names; at most {limits.max_names} are screened"
        )
    for name in names:
        if len(name) > limits.max_name_length:
            raise LimitExceeded(
                422,
                f"query {key!r}: a name is {len(name)} characters long; "
                f"the limit is {limits.max_name_length}",
            )
    return names


def parse_example(key: str, example: EntityExample, limits: Limits) -> ParsedExample:
    """Validate one query and expand it into the screener queries it stands for."""
    if example.schema_ not in SCHEMA_KINDS:
        raise ExampleError(
            f"query {key!r}: schema {example.schema_!r} cannot be screened; "
            f"use one of {', '.join(SCHEMA_KINDS)}"
        )
    kind = SCHEMA_KINDS[example.schema_]
    properties = {
        prop: cleaned
        for prop, values in example.properties.items()
        if (cleaned := _clean(key, prop, values))
    }
    names = _names(key, properties, limits)
    dates: list[str | None] = [*_values(properties, DATE_PROPERTIES)] or [None]
    countries: list[str | None] = [*_values(properties, COUNTRY_PROPERTIES)] or [None]
    combinations = len(names) * len(dates) * len(countries)
    if combinations > limits.max_screenings:
        raise LimitExceeded(
            422,
            f"query {key!r} combines {len(names)} names, {len(dates)} birth dates and "
            f"{len(countries)} countries into {combinations} screenings; "
            f"the limit is {limits.max_screenings}",
        )
    # Each value is checked once: a bad date fails the same way with every name.
    checks = [Query(name=name, kind=kind) for name in names]
    checks += [Query(name=names[0], birth_date=date) for date in dates if date]
    checks += [Query(name=names[0], country=country) for country in countries if country]
    for query in checks:
        try:
            Screener.check(query)
        except ScreeningError as exc:
            raise ExampleError(f"query {key!r}: {exc}") from None
    queries = tuple(
        Query(name=name, birth_date=date, country=country, kind=kind)
        for name, date, country in product(names, dates, countries)
    )
    return ParsedExample(example.schema_, kind, properties, queries)
