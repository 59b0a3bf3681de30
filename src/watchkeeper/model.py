"""The one entity model every official list is parsed into.

Each source speaks its own dialect (OFAC remarks, UN alias qualities, EU regulation annexes, UK
group ids); screening, the store and the API should only ever see this model. Structs are
immutable ``msgspec`` structs so that the store can encode and decode hundreds of thousands of
them quickly, and so that two parses of the same file compare equal (which is what ``diff`` and
the content hash rely on).
"""

from __future__ import annotations

import hashlib
from datetime import date
from enum import StrEnum

import msgspec


class EntityKind(StrEnum):
    """What a listed party is; screening compares a query's kind against it."""

    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"


class NameType(StrEnum):
    """How authoritative a name is.

    ``weak`` is OFAC's "weak a.k.a." and the UN's ``QUALITY=Low`` alias: a name the listing body
    itself says is too broad to screen on alone (``Haj Qasem``).
    """

    PRIMARY = "primary"
    AKA = "aka"
    FKA = "fka"
    WEAK = "weak"


class Name(msgspec.Struct, frozen=True, omit_defaults=True):
    """One name of an entity, as listed.

    ``full`` is the name exactly as the list gives it (after trimming): normalisation for
    matching happens in the screening engine, never at load time, so what an analyst sees is
    what the regulator published. ``given``/``family`` are kept when the list separates them,
    because that is how ``SOLEIMANI, Qasem`` is told from a company name.
    """

    full: str
    type: NameType = NameType.PRIMARY
    script: str = "Latn"
    lang: str | None = None
    given: str | None = None
    middle: str | None = None
    family: str | None = None
    note: str | None = None


class PartialDate(msgspec.Struct, frozen=True, omit_defaults=True):
    """A date as precise as the list knows it: a year, a year and month, a day, or a range.

    Lists say "1957", "Mar 1957", "circa 1960", "between 1950 and 1955": matching must compare
    at the precision given instead of inventing a day. ``year_to`` closes a range; ``circa``
    marks an approximate date (screening widens its tolerance for it).
    """

    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    year_to: int | None = None
    circa: bool = False

    @property
    def iso(self) -> str | None:
        """ISO 8601 at the known precision (``1957``, ``1957-03``, ``1957-03-11``)."""
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


class Identifier(msgspec.Struct, frozen=True, omit_defaults=True):
    """A document or registration number: passport, national id, IMO, tax id, SWIFT/BIC..."""

    type: str
    value: str
    country: str | None = None
    note: str | None = None


class Address(msgspec.Struct, frozen=True, omit_defaults=True):
    """A postal address; ``country`` is ISO 3166-1 alpha-2 when it could be resolved."""

    text: str
    city: str | None = None
    country: str | None = None


class Link(msgspec.Struct, frozen=True, omit_defaults=True):
    """A relation to another party, e.g. OFAC's ``Linked To:`` remark.

    ``target_id`` is a watchkeeper entity id when the list identifies the other party, otherwise
    ``None`` and ``target_name`` carries the name as written.
    """

    relation: str
    target_name: str
    target_id: str | None = None


class Entity(msgspec.Struct, frozen=True, omit_defaults=True):
    """One listed party from one version of one list.

    ``id`` is stable across versions of the list (``ofac-sdn-10481``, ``un-IRi.039``): it is
    built from the identifier the listing body itself assigns, never from a row number.
    ``raw`` keeps the source record verbatim for audit.
    """

    id: str
    list_id: str
    source_ref: str
    kind: EntityKind
    names: tuple[Name, ...]
    birth_dates: tuple[PartialDate, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    gender: str | None = None
    titles: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[Address, ...] = ()
    programs: tuple[str, ...] = ()
    listed_on: tuple[str, ...] = ()
    remarks: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    raw: str = ""

    @property
    def caption(self) -> str:
        """The name to show a person: the first primary name, else the first name."""
        for name in self.names:
            if name.type is NameType.PRIMARY:
                return name.full
        return self.names[0].full if self.names else self.id


class ListInfo(msgspec.Struct, frozen=True, omit_defaults=True):
    """One official list as watchkeeper knows it (``ofac-sdn``, ``un-sc``...)."""

    id: str
    title: str
    publisher: str


class ParsedList(msgspec.Struct, frozen=True):
    """The complete content of one list read from one file or folder, not yet stored.

    ``expected_count`` is the record count the file announces about itself (OFAC XML's
    ``Record_Count``), used to catch a file that parsed but lost records.
    """

    info: ListInfo
    entities: tuple[Entity, ...]
    published: date | None = None
    expected_count: int | None = None
    source: str = ""

    @property
    def content_hash(self) -> str:
        """A digest of the parsed content: the same list republished unchanged hashes the same."""
        digest = hashlib.sha256()
        for entity in sorted(self.entities, key=lambda e: e.id):
            digest.update(ENTITY_ENCODER.encode(entity))
        return digest.hexdigest()


ENTITY_ENCODER = msgspec.json.Encoder()
ENTITY_DECODER = msgspec.json.Decoder(Entity)
