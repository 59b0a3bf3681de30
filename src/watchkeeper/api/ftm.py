"""Translate between watchkeeper's entity model and FollowTheMoney-style schemata/properties.

yente clients speak FollowTheMoney: a ``schema`` such as ``Person`` and ``properties`` that are
lists of strings. Our ``Entity`` is richer in structure (typed names, partial dates), so this
module decides, in one place, which of our fields become which property.
"""

from __future__ import annotations

from watchkeeper.model import Entity, EntityKind, NameType

SCHEMA_KINDS: dict[str, EntityKind | None] = {
    "Person": EntityKind.PERSON,
    "Organization": EntityKind.ORGANIZATION,
    "Company": EntityKind.ORGANIZATION,
    "PublicBody": EntityKind.ORGANIZATION,
    "LegalEntity": None,
    "Vessel": EntityKind.VESSEL,
    "Aircraft": EntityKind.AIRCRAFT,
    "Thing": None,
}
"""Schemata a query may use, and the kind it screens as (``None``: any kind)."""

KIND_SCHEMATA: dict[EntityKind, str] = {
    EntityKind.PERSON: "Person",
    EntityKind.ORGANIZATION: "Organization",
    EntityKind.VESSEL: "Vessel",
    EntityKind.AIRCRAFT: "Aircraft",
    EntityKind.UNKNOWN: "LegalEntity",
}

# Schemata that a result of a given schema also is, for ``exclude_schema``.
SCHEMA_PARENTS: dict[str, frozenset[str]] = {
    "Person": frozenset({"Person", "LegalEntity", "Thing"}),
    "Organization": frozenset({"Organization", "LegalEntity", "Thing"}),
    "Vessel": frozenset({"Vessel", "Thing"}),
    "Aircraft": frozenset({"Aircraft", "Thing"}),
    "LegalEntity": frozenset({"LegalEntity", "Thing"}),
}

NAME_PROPERTIES: dict[NameType, str] = {
    NameType.PRIMARY: "name",
    NameType.AKA: "alias",
    NameType.FKA: "previousName",
    NameType.WEAK: "weakAlias",
}


def country_code(code: str) -> str:
    """FollowTheMoney writes ISO country codes in lower case; free text stays as it is."""
    return code.lower() if len(code) == 2 and code.isalpha() else code


def entity_properties(entity: Entity) -> dict[str, list[str]]:
    """The entity's fields as FollowTheMoney-style properties (only non-empty ones)."""
    props: dict[str, list[str]] = {}

    def add(prop: str, values: object) -> None:
        for value in values if isinstance(values, tuple | list) else (values,):
            if isinstance(value, str) and value and value not in props.get(prop, ()):
                props.setdefault(prop, []).append(value)

    for name in entity.names:
        add(NAME_PROPERTIES[name.type], name.full)
        if name.type is NameType.PRIMARY:
            add("firstName", name.given)
            add("middleName", name.middle)
            add("lastName", name.family)
    add("birthDate", [d.iso or d.text for d in entity.birth_dates])
    add("birthPlace", entity.birth_places)
    add("nationality", [country_code(c) for c in entity.nationalities])
    add("country", [country_code(c) for c in entity.countries])
    add("gender", entity.gender)
    add("title", entity.titles)
    add("position", entity.positions)
    number_prop = "idNumber" if entity.kind is EntityKind.PERSON else "registrationNumber"
    for identifier in entity.identifiers:
        if "imo" in identifier.type.lower():
            add("imoNumber", identifier.value)
        elif "passport" in identifier.type.lower():
            add("passportNumber", identifier.value)
        else:
            add(number_prop, identifier.value)
    add("address", [a.text for a in entity.addresses])
    add("programId", entity.programs)
    add("listingDate", entity.listed_on)
    add("notes", entity.remarks)
    add("sourceId", entity.source_ref)
    add("topics", "sanction")
    return props
