"""Secondary evidence: birth date, country and kind move a name score up or down.

They never create a match on their own (the name score is the base, and every adjustment is
bounded), but they separate namesakes: UN IRi.039 Qasem Soleimani (born 1957) and IRi.040
Ghasem Soleymani share a phonetic name; a query born in 1957 lifts one and not the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from watchkeeper.model import Entity, EntityKind, PartialDate

DOB_EXACT = 0.06
DOB_PARTIAL = 0.03
DOB_NEAR = 0.0
DOB_MISMATCH = -0.18
COUNTRY_MATCH = 0.02
COUNTRY_MISMATCH = -0.05
KIND_MISMATCH = -0.3
WEAK_ALIAS = -0.08


@dataclass(frozen=True, slots=True)
class Feature:
    """One piece of evidence and how it moved the score."""

    name: str
    effect: float
    detail: str


def _years(date: PartialDate) -> tuple[int, int]:
    assert date.year is not None
    return date.year, date.year_to or date.year


def compare_birth_dates(query: PartialDate, listed: tuple[PartialDate, ...]) -> Feature | None:
    """The best agreement between the query's birth date and any listed one.

    Tolerances: the same day (or a day/month swap, a common data-entry error) counts fully; the
    same year, or a listed range or circa year containing it, counts as partial; one year off
    is neutral; anything further is a mismatch.
    """
    dated = [d for d in listed if d.year is not None]
    if query.year is None or not dated:
        return None
    best: Feature | None = None
    for candidate in dated:
        feature = _compare_one(query, candidate)
        if best is None or feature.effect > best.effect:
            best = feature
    return best


def _compare_one(query: PartialDate, listed: PartialDate) -> Feature:
    q_from, q_to = _years(query)
    l_from, l_to = _years(listed)
    slack = 2 if listed.circa or query.circa else 0
    text = listed.text
    if q_from == l_from and q_to == l_to and listed.year_to is None:
        if query.month and listed.month and query.day and listed.day:
            if (query.month, query.day) == (listed.month, listed.day):
                return Feature("birth_date", DOB_EXACT, f"same date of birth ({text})")
            if (query.month, query.day) == (listed.day, listed.month):
                return Feature("birth_date", DOB_PARTIAL, f"day and month swapped ({text})")
            return Feature("birth_date", DOB_NEAR, f"same year, other day ({text})")
        if query.month and listed.month and query.month != listed.month:
            return Feature("birth_date", DOB_NEAR, f"same year, other month ({text})")
        return Feature("birth_date", DOB_PARTIAL, f"same year of birth ({text})")
    if q_to >= l_from - slack and q_from <= l_to + slack:
        return Feature("birth_date", DOB_PARTIAL, f"within the listed range ({text})")
    gap = min(abs(q_from - l_to), abs(l_from - q_to))
    if gap <= 1:
        return Feature("birth_date", DOB_NEAR, f"one year apart ({text})")
    return Feature("birth_date", DOB_MISMATCH, f"born {gap} years apart ({text})")


def compare_country(query: str, entity: Entity) -> Feature | None:
    """Agreement of the query's country with nationalities, then any other listed country."""
    nationalities = set(entity.nationalities)
    others = set(entity.countries) | {a.country for a in entity.addresses if a.country}
    if query in nationalities or query in others:
        return Feature("country", COUNTRY_MATCH, f"country {query} is listed")
    if nationalities:
        listed = ", ".join(sorted(nationalities))
        return Feature("country", COUNTRY_MISMATCH, f"listed nationality {listed}, not {query}")
    return None


def compare_kind(query: EntityKind, entity: Entity) -> Feature | None:
    """A person is not a company; unknown kinds on either side say nothing."""
    if EntityKind.UNKNOWN in (query, entity.kind) or query is entity.kind:
        return None
    organisations = {EntityKind.ORGANIZATION}
    if query in organisations and entity.kind in organisations:
        return None
    return Feature(
        "kind", KIND_MISMATCH, f"query is a {query.value}, listed is a {entity.kind.value}"
    )
