"""FollowTheMoney entity streams (``entities.ftm.json``), as OpenSanctions exports them.

An FtM file is one JSON object per line, and it is a graph rather than a list: a sanctioned
person is one line, each of their sanctions another (``Sanction``), their passport another
(``Passport``), their address another (``Address``) and every tie to a company yet another
(``Ownership``, ``Directorship``...). Screening wants one record per listed party, so this
parser keeps the *parties* (people, organisations, vessels, aircraft) as entities and folds
every other record into the parties it points at. Nothing is invented: a record that points at
a party missing from the file is counted as orphaned, one of a schema we do not read is counted
as skipped (see ``FtmReadResult.stats``), and every folded line is kept in the party's ``raw``.

Choices worth knowing when reading the output:

* ``programs`` are the programme codes the data carries (``programId`` such as ``GB-RUS``,
  else the ``program`` text, else the sanctioning ``authority``). Only an entity with none of
  those gets its OpenSanctions ``topics`` (``sanction``, ``role.pep``...) as programmes, so a
  PEP dataset still says why a person is on it; otherwise topics go to the remarks.
* ``listed_on`` are the ``startDate``/``listingDate`` of the party's sanctions; OpenSanctions'
  ``createdAt`` (the source's own creation date) stands in only when there is no sanction date.
* The file can hold any dataset, so the list id is ``ftm-<dataset name>``, the name coming from
  ``index.json`` beside the file when there is one (it also gives title, publisher and export
  date), else from the folder or file name. ``index.json``'s ``entity_count`` is not used as
  ``expected_count``: it counts every record, not parties, and real copies disagree with the
  file they sit beside.
* Parties OpenSanctions marks ``"target": false`` (relatives, companies of a sanctioned owner)
  are kept, because links point at them, with a remark saying they are not a target.
* A link to a party outside the file keeps the FtM id as its name and has no ``target_id``.
* An export holds each id once; a repeated id (an unmerged stream of fragments) is reported as
  an error rather than merged by guesswork.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from watchkeeper.countries import country_name, to_iso2
from watchkeeper.dates import parse_partial_date
from watchkeeper.errors import ListFormatError
from watchkeeper.model import (
    Address,
    Entity,
    EntityKind,
    Identifier,
    Link,
    ListInfo,
    Name,
    NameType,
    ParsedList,
    PartialDate,
)
from watchkeeper.sources.base import clean, make_name, unique

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_PUBLISHER = "OpenSanctions / FollowTheMoney"
ENTITIES_FILE = "entities.ftm.json"
INDEX_FILE = "index.json"
DETECT_LINE_LIMIT = 1 << 20
"""Longest first line ``detect`` decodes in full; longer ones are judged on their start."""

PARTY_KINDS: dict[str, EntityKind] = {
    "Person": EntityKind.PERSON,
    "Organization": EntityKind.ORGANIZATION,
    "Company": EntityKind.ORGANIZATION,
    "LegalEntity": EntityKind.ORGANIZATION,
    "PublicBody": EntityKind.ORGANIZATION,
    "Airline": EntityKind.ORGANIZATION,
    "Vessel": EntityKind.VESSEL,
    "Airplane": EntityKind.AIRCRAFT,
}

NAME_PROPS: tuple[tuple[str, NameType], ...] = (
    ("name", NameType.PRIMARY),
    ("alias", NameType.AKA),
    ("abbreviation", NameType.AKA),
    ("previousName", NameType.FKA),
    ("weakAlias", NameType.WEAK),
)

IDENTIFIER_PROPS: dict[str, str] = {
    "idNumber": "id number",
    "passportNumber": "passport",
    "taxNumber": "tax id",
    "innCode": "INN",
    "ogrnCode": "OGRN",
    "kppCode": "KPP",
    "okpoCode": "OKPO",
    "vatCode": "VAT",
    "registrationNumber": "registration number",
    "leiCode": "LEI",
    "swiftBic": "SWIFT/BIC",
    "dunsCode": "DUNS",
    "uniqueEntityId": "UEI",
    "permId": "PermID",
    "wikidataId": "Wikidata",
    "imoNumber": "IMO",
    "mmsi": "MMSI",
    "callSign": "call sign",
    "serialNumber": "serial number",
    "icaoCode": "ICAO",
}

CRAFT_DETAIL_PROPS: dict[str, str] = {
    "type": "type",
    "model": "model",
    "manufacturer": "manufacturer",
    "tonnage": "tonnage",
    "grossRegisteredTonnage": "gross registered tonnage",
    "buildDate": "built",
}


@dataclass(frozen=True)
class LinkRule:
    """How one relationship schema reads from each of its two ends."""

    subject: str
    object: str
    forward: str
    backward: str
    detail_props: tuple[str, ...] = ("role",)
    detail_is_relation: bool = False


LINK_RULES: dict[str, LinkRule] = {
    "Ownership": LinkRule("owner", "asset", "owner of", "owned by", ("role", "percentage")),
    "Directorship": LinkRule("director", "organization", "director of", "has director"),
    "Membership": LinkRule("member", "organization", "member of", "has member"),
    "Employment": LinkRule("employee", "employer", "employee of", "employer of"),
    "Representation": LinkRule("agent", "client", "represents", "represented by"),
    "Succession": LinkRule("predecessor", "successor", "succeeded by", "successor of"),
    "UnknownLink": LinkRule("subject", "object", "linked to", "linked to"),
    # Kinship words in ``relationship`` become the relation itself (see ``_phrases``).
    "Family": LinkRule("person", "relative", "relative of", "relative of", ("relationship",), True),
    "Associate": LinkRule(
        "person", "associate", "associate of", "associate of", ("relationship",), True
    ),
}

CRAFT_REFERENCES: dict[str, tuple[str, str]] = {
    "owner": ("owned by", "owner of"),
    "operator": ("operated by", "operator of"),
}
"""Properties by which a vessel or aircraft points straight at a party, and how each end reads."""

_SLUG = re.compile(r"[^a-z0-9_]+")
_LONG_LINE_ID = re.compile(rb'[{,]\s*"id"\s*:\s*"')
_LONG_LINE_SCHEMA = re.compile(rb'[{,]\s*"schema"\s*:\s*"[A-Z][A-Za-z]*"')
_GENDERS = {"male", "female"}


class FtmRecord(msgspec.Struct):
    """The part of an FtM line this parser reads; other top-level keys are ignored."""

    id: str
    schema: str
    properties: dict[str, list[str]] = {}
    caption: str | None = None
    target: bool | None = None
    referents: list[str] = []
    datasets: list[str] = []

    def values(self, prop: str) -> list[str]:
        """Cleaned, non-empty values of one property, in file order."""
        return [value for raw in self.properties.get(prop, ()) if (value := clean(raw))]

    def first(self, prop: str) -> str | None:
        values = self.values(prop)
        return values[0] if values else None


_RECORD_DECODER = msgspec.json.Decoder(FtmRecord)


@dataclass(frozen=True)
class Line:
    """One decoded line, with its number (for error messages) and its text (for ``raw``)."""

    number: int
    text: str
    record: FtmRecord


@dataclass(frozen=True)
class FoldStats:
    """What happened to the records that are not parties.

    ``folded`` records were merged into a party; ``orphaned`` ones pointed only at parties not
    in the file; ``skipped`` ones are of a schema this parser does not read (or an Address or
    Position no party uses). Counts are per schema.
    """

    parties: int
    folded: dict[str, int]
    orphaned: dict[str, int]
    skipped: dict[str, int]

    @property
    def folded_total(self) -> int:
        return sum(self.folded.values())


@dataclass(frozen=True)
class FtmReadResult:
    """A parsed FtM file together with the account of what was folded away."""

    parsed: ParsedList
    stats: FoldStats


@dataclass
class Draft:
    """A party being assembled: its own line plus whatever other records say about it."""

    line: Line
    kind: EntityKind
    raw_lines: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listed_on: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    absorbed: set[int] = field(default_factory=set)

    def absorb(self, line: Line) -> None:
        """Keep a folded record's text for audit (once, even if folded for two reasons)."""
        if line.number not in self.absorbed:
            self.absorbed.add(line.number)
            self.raw_lines.append(line.text)


@dataclass(frozen=True)
class DatasetMeta:
    """What ``index.json`` (or, without it, the file's location) says about the dataset."""

    name: str
    title: str
    publisher: str
    published: date | None


# --------------------------------------------------------------------------------------------
# Reading lines


def _decode_line(path: Path, number: int, data: bytes) -> Line | None:
    """Decode one line; ``None`` for a blank one. Errors name the line, as downloads truncate."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ListFormatError(str(path), f"line {number}: not UTF-8 ({exc.reason})") from None
    if number == 1:
        text = text.removeprefix("\ufeff")
    text = text.rstrip("\r\n")
    if not text.strip():
        return None
    try:
        record = _RECORD_DECODER.decode(text)
    except msgspec.ValidationError as exc:
        raise ListFormatError(str(path), f"line {number}: not an FtM entity ({exc})") from None
    except msgspec.DecodeError as exc:
        raise ListFormatError(
            str(path), f"line {number}: not valid JSON, the file may be truncated ({exc})"
        ) from None
    if not record.id.strip() or not record.schema.strip():
        raise ListFormatError(str(path), f"line {number}: entity has an empty id or schema")
    return Line(number, text, record)


def read_lines(path: Path) -> list[Line]:
    """Every entity line of the file, checked for shape and for repeated ids."""
    lines: list[Line] = []
    first_seen: dict[str, int] = {}
    try:
        with path.open("rb") as handle:
            for number, data in enumerate(handle, start=1):
                line = _decode_line(path, number, data)
                if line is None:
                    continue
                previous = first_seen.setdefault(line.record.id, number)
                if previous != number:
                    raise ListFormatError(
                        str(path),
                        f"line {number}: entity id {line.record.id!r} repeats line {previous}",
                    )
                lines.append(line)
    except OSError as exc:
        raise ListFormatError(str(path), f"cannot be read: {exc}") from None
    if not lines:
        raise ListFormatError(str(path), "contains no FtM entities (empty download?)")
    return lines


# --------------------------------------------------------------------------------------------
# Locating the file and its dataset metadata


def _entities_file(folder: Path) -> Path | None:
    """The FtM file of a dataset folder: ``entities.ftm.json``, else a single ``*.ftm.json``."""
    preferred = folder / ENTITIES_FILE
    if preferred.is_file():
        return preferred
    candidates = sorted(p for p in folder.glob("*.ftm.json") if p.is_file())
    return candidates[0] if len(candidates) == 1 else None


def locate(path: Path) -> Path:
    """The entities file to read for ``path`` (a file, or a dataset folder)."""
    if not path.is_dir():
        return path
    found = _entities_file(path)
    if found is None:
        raise ListFormatError(
            str(path), f"folder holds no {ENTITIES_FILE} (nor exactly one *.ftm.json file)"
        )
    return found


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.casefold()).strip("-") or "unnamed"


def _name_from_location(entities: Path) -> str:
    """Without ``index.json``: the folder of a generic ``entities.ftm.json``, else the file stem."""
    if entities.name.casefold() == ENTITIES_FILE:
        return entities.resolve().parent.name
    stem = entities.name
    for suffix in (".jsonl", ".json", ".ftm"):
        stem = stem.removesuffix(suffix)
    return stem


def _index_date(index: dict[str, Any]) -> date | None:
    for key in ("last_export", "updated_at"):
        value = index.get(key)
        if isinstance(value, str):
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def _read_index(index_path: Path) -> dict[str, Any] | None:
    """The dataset index beside the file, if there is one that describes a dataset."""
    if not index_path.is_file():
        return None
    try:
        index = msgspec.json.decode(index_path.read_bytes())
    except (OSError, msgspec.DecodeError) as exc:
        raise ListFormatError(str(index_path), f"dataset index is not valid JSON ({exc})") from None
    if not isinstance(index, dict) or not isinstance(index.get("name"), str):
        return None
    return index


def dataset_meta(entities: Path) -> DatasetMeta:
    """Name, title, publisher and export date of the dataset a file belongs to."""
    index = _read_index(entities.parent / INDEX_FILE)
    if index is None:
        name = _name_from_location(entities)
        return DatasetMeta(name=name, title=name, publisher=DEFAULT_PUBLISHER, published=None)
    name = clean(index["name"]) or _name_from_location(entities)
    publisher = index.get("publisher")
    return DatasetMeta(
        name=name,
        title=_text(index.get("title")) or name,
        publisher=_text(publisher.get("name") if isinstance(publisher, dict) else None)
        or DEFAULT_PUBLISHER,
        published=_index_date(index),
    )


def _text(value: object) -> str | None:
    return clean(value) if isinstance(value, str) else None


def list_id_for(name: str) -> str:
    """``ftm-<dataset>``; OpenSanctions' own dataset names (``us_ofac_sdn``) are kept readable."""
    return f"ftm-{_slug(name)}"


# --------------------------------------------------------------------------------------------
# Small value helpers


def country_code(value: str) -> str:
    """FtM already writes ISO codes in lower case; anything else goes through ``to_iso2``."""
    text = value.strip()
    if len(text) == 2 and text.isascii() and text.isalpha():
        return text.upper()
    return to_iso2(text) or text


def _iso_dates(values: Iterable[str]) -> list[str]:
    dates: list[str] = []
    for value in values:
        parsed = parse_partial_date(value)
        if parsed is not None and parsed.iso is not None:
            dates.append(parsed.iso)
    return dates


def _dedupe(items: Iterable[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(items))


def _caption(record: FtmRecord) -> str:
    return clean(record.caption) or record.first("name") or record.id


# --------------------------------------------------------------------------------------------
# Names


def _tokens(text: str) -> list[str]:
    return [token.strip(",.;") for token in text.split() if token.strip(",.;")]


def _find_span(
    haystack: list[str], candidates: Iterable[str], taken: set[int]
) -> tuple[int, int] | None:
    """The longest candidate occurring as whole words in the name, avoiding words already used."""
    best: tuple[int, int] | None = None
    folded = [token.casefold() for token in haystack]
    for candidate in candidates:
        needle = [token.casefold() for token in _tokens(candidate)]
        size = len(needle)
        if not size or (best is not None and size <= best[1] - best[0]):
            continue
        for start in range(len(folded) - size + 1):
            span = set(range(start, start + size))
            if folded[start : start + size] == needle and not span & taken:
                best = (start, start + size)
                break
    return best


def _name_parts(full: str, record: FtmRecord) -> dict[str, str | None]:
    """Given/middle/family of one person name, from the separate FtM name-part properties.

    FtM lists all first and last names of a person without saying which full name each belongs
    to, so a part is attached only where it occurs word for word in that name, written as the
    name writes it.
    """
    words = _tokens(full)
    taken: set[int] = set()
    parts: dict[str, str | None] = {}
    for key, props in (
        ("family", ("lastName",)),
        ("given", ("firstName",)),
        ("middle", ("middleName", "fatherName")),
    ):
        candidates = [value for prop in props for value in record.values(prop)]
        span = _find_span(words, candidates, taken)
        parts[key] = " ".join(words[span[0] : span[1]]) if span else None
        if span:
            taken.update(range(*span))
    return parts


def _composed_name(record: FtmRecord) -> str | None:
    """A person with name parts but no full name still needs a name to screen."""
    pieces = [record.first(prop) for prop in ("firstName", "middleName", "fatherName", "lastName")]
    return " ".join(piece for piece in pieces if piece) or None


def build_names(record: FtmRecord, kind: EntityKind) -> tuple[Name, ...]:
    """All names, strongest type first; a spelling already listed keeps its stronger type."""
    seen: set[str] = set()
    names: list[Name] = []
    entries = [(value, kind_) for prop, kind_ in NAME_PROPS for value in record.values(prop)]
    if not any(kind_ is NameType.PRIMARY for _, kind_ in entries):
        fallback = (_composed_name(record) if kind is EntityKind.PERSON else None) or clean(
            record.caption
        )
        if fallback:
            entries.insert(0, (fallback, NameType.PRIMARY))
    for full, name_type in entries:
        if full in seen:
            continue
        seen.add(full)
        if kind is EntityKind.PERSON:
            names.append(make_name(full, name_type, **_name_parts(full, record)))
        else:
            names.append(make_name(full, name_type))
    return tuple(names)


# --------------------------------------------------------------------------------------------
# Folding non-party records into parties


class Folder:
    """Resolves references between records and folds relations into the parties they name."""

    def __init__(self, lines: list[Line], list_id: str) -> None:
        self.list_id = list_id
        self.records = {line.record.id: line for line in lines}
        self.aliases: dict[str, str] = {}
        for line in lines:
            for referent in line.record.referents:
                if referent not in self.records:
                    self.aliases.setdefault(referent, line.record.id)
        self.drafts = {
            line.record.id: Draft(line, PARTY_KINDS[line.record.schema])
            for line in lines
            if line.record.schema in PARTY_KINDS
        }
        self.used: set[str] = set()
        self.orphaned: set[str] = set()

    def resolve(self, ref: str) -> Line | None:
        """The record a reference points at; OpenSanctions may point at a merged-away id."""
        key = ref if ref in self.records else self.aliases.get(ref)
        return self.records.get(key) if key is not None else None

    def party(self, ref: str) -> Draft | None:
        line = self.resolve(ref)
        return self.drafts.get(line.record.id) if line is not None else None

    def entity_id(self, draft: Draft) -> str:
        return f"{self.list_id}-{draft.line.record.id}"

    def fold_all(self, lines: list[Line]) -> None:
        handlers = {
            "Sanction": self._sanction,
            "Identification": self._identification,
            "Passport": self._identification,
            "Occupancy": self._occupancy,
        }
        for line in lines:
            schema = line.record.schema
            if schema in PARTY_KINDS:
                self._party_references(line)
                self._addresses_of(line)
                continue
            handler = handlers.get(schema)
            if handler is None and schema in LINK_RULES:
                handler = self._relationship
            if handler is None:
                continue
            if handler(line):
                self.used.add(line.record.id)
            else:
                self.orphaned.add(line.record.id)

    def _sanction(self, line: Line) -> bool:
        record = line.record
        targets = [d for ref in record.values("entity") if (d := self.party(ref)) is not None]
        programs = record.values("programId") or record.values("program")
        programs = programs or record.values("authority")
        listed = _iso_dates(record.values("startDate") + record.values("listingDate"))
        remark = sanction_remark(record)
        for draft in targets:
            draft.absorb(line)
            draft.programs.extend(programs)
            draft.listed_on.extend(listed)
            if remark:
                draft.remarks.append(remark)
        return bool(targets)

    def _identification(self, line: Line) -> bool:
        record = line.record
        targets = [d for ref in record.values("holder") if (d := self.party(ref)) is not None]
        number = record.first("number") or record.first("passportNumber")
        identifier = None
        if number:
            country = record.first("country")
            notes = [f"issued by {a}" for a in record.values("authority")]
            notes += [f"valid from {d}" for d in _iso_dates(record.values("startDate"))]
            notes += [f"valid until {d}" for d in _iso_dates(record.values("endDate"))]
            identifier = Identifier(
                type=record.first("type")
                or ("passport" if record.schema == "Passport" else "identification"),
                value=number,
                country=country_code(country) if country else None,
                note="; ".join(notes) or None,
            )
        for draft in targets:
            draft.absorb(line)
            if identifier is not None:
                draft.identifiers.append(identifier)
        return bool(targets)

    def _occupancy(self, line: Line) -> bool:
        record = line.record
        targets = [d for ref in record.values("holder") if (d := self.party(ref)) is not None]
        posts = [p for ref in record.values("post") if (p := self.resolve(ref)) is not None]
        titles = [name for post in posts for name in post.record.values("name")[:1]]
        for draft in targets:
            draft.absorb(line)
            draft.positions.extend(titles)
            for post in posts:
                draft.absorb(post)
                self.used.add(post.record.id)
        return bool(targets)

    def _relationship(self, line: Line) -> bool:
        record = line.record
        rule = LINK_RULES[record.schema]
        subjects = [d for ref in record.values(rule.subject) if (d := self.party(ref)) is not None]
        objects = [d for ref in record.values(rule.object) if (d := self.party(ref)) is not None]
        forward, backward = _phrases(rule, record)
        for subject in subjects:
            subject.absorb(line)
            self._link_to(subject, forward, record.values(rule.object))
        for obj in objects:
            obj.absorb(line)
            self._link_to(obj, backward, record.values(rule.subject))
        return bool(subjects or objects)

    def _link_to(self, draft: Draft, relation: str, refs: list[str]) -> None:
        """Link ``draft`` to each referenced party; one outside the file keeps its FtM id."""
        for ref in refs:
            other = self.party(ref)
            if other is draft:
                continue
            if other is not None:
                target = Link(relation, _caption(other.line.record), self.entity_id(other))
            elif self.resolve(ref) is None:
                target = Link(relation, ref)
            else:
                continue  # points at a record that is not a party (e.g. a Position)
            draft.links.append(target)

    def _party_references(self, line: Line) -> None:
        """Vessels and aircraft name their owner and operator directly, not via Ownership."""
        draft = self.drafts[line.record.id]
        if draft.kind not in (EntityKind.VESSEL, EntityKind.AIRCRAFT):
            return
        for prop, (forward, backward) in CRAFT_REFERENCES.items():
            refs = line.record.values(prop)
            self._link_to(draft, forward, refs)
            for ref in refs:
                other = self.party(ref)
                if other is not None and other is not draft:
                    other.links.append(Link(backward, _caption(line.record), self.entity_id(draft)))

    def _addresses_of(self, line: Line) -> None:
        draft = self.drafts[line.record.id]
        for ref in line.record.values("addressEntity"):
            target = self.resolve(ref)
            if target is None or target.record.schema != "Address":
                continue
            address = address_of(target.record)
            if address is not None:
                draft.addresses.append(address)
                draft.absorb(target)
            self.used.add(target.record.id)

    def stats(self, lines: list[Line]) -> FoldStats:
        folded: Counter[str] = Counter()
        orphaned: Counter[str] = Counter()
        skipped: Counter[str] = Counter()
        for line in lines:
            record = line.record
            if record.schema in PARTY_KINDS:
                continue
            if record.id in self.used:
                folded[record.schema] += 1
            elif record.id in self.orphaned:
                orphaned[record.schema] += 1
            else:
                skipped[record.schema] += 1
        return FoldStats(
            parties=len(self.drafts),
            folded=dict(folded),
            orphaned=dict(orphaned),
            skipped=dict(skipped),
        )


def _phrases(rule: LinkRule, record: FtmRecord) -> tuple[str, str]:
    """How the relation reads from the first party and from the second.

    A kinship word ("father") names what the second party is to the first, so the first
    "has father" and the second is "father of" the first. A phrase already ending in "of"
    ("Family member of") reads from the first party; its inverse is not known, so the second
    end only says it is related, quoting the phrase.
    """
    details = [
        f"{value}%" if prop == "percentage" else value
        for prop in rule.detail_props
        for value in record.values(prop)
    ]
    if not (rule.detail_is_relation and details):
        # A role that merely repeats the relation ("Linked To") adds nothing.
        details = [d for d in details if d.casefold() not in (rule.forward, rule.backward)]
        return _relation(rule.forward, details), _relation(rule.backward, details)
    word, rest = details[0], details[1:]
    if word.casefold().endswith(" of"):
        return _relation(word, rest), _relation(rule.backward, [word, *rest])
    return _relation(f"has {word}", rest), _relation(f"{word} of", rest)


def _relation(phrase: str, details: list[str]) -> str:
    return f"{phrase} ({'; '.join(details)})" if details else phrase


def sanction_remark(record: FtmRecord) -> str | None:
    """One line per sanction, so an analyst sees who imposed what, why, and until when."""
    parts: list[str] = []
    authority = ", ".join(record.values("authority"))
    codes = ", ".join(record.values("programId"))
    heading = " ".join(piece for piece in (authority, f"[{codes}]" if codes else "") if piece)
    if heading:
        parts.append(heading)
    labelled = (
        ("program", "program"),
        ("reason", "reason"),
        ("provisions", "provisions"),
        ("summary", "summary"),
        ("status", "status"),
    )
    for prop, label in labelled:
        values = record.values(prop)
        if values:
            parts.append(f"{label}: {'; '.join(values)}")
    ended = _iso_dates(record.values("endDate"))
    if ended:
        parts.append(f"ends {', '.join(ended)}")
    if not parts:
        return None
    return "sanction: " + " — ".join(parts)


def address_of(record: FtmRecord) -> Address | None:
    """An FtM Address record as a postal address; ``full`` is preferred as the text."""
    city = record.first("city")
    country = record.first("country")
    text = record.first("full")
    if text is None:
        pieces = [
            record.first(prop)
            for prop in ("street", "street2", "postOfficeBox", "postalCode", "region", "state")
        ]
        pieces.insert(4, city)
        text = ", ".join(piece for piece in pieces if piece) or None
    if text is None:
        text = country_name(country_code(country)) if country else None
    if text is None:
        return None
    return Address(text=text, city=city, country=country_code(country) if country else None)


# --------------------------------------------------------------------------------------------
# Assembling entities


def _identifiers(record: FtmRecord, folded: list[Identifier]) -> tuple[Identifier, ...]:
    own = [
        Identifier(type=label, value=value)
        for prop, label in IDENTIFIER_PROPS.items()
        for value in record.values(prop)
    ]
    return _dedupe([*own, *folded])


def _addresses(record: FtmRecord, folded: list[Address]) -> tuple[Address, ...]:
    structured = list(_dedupe(folded))
    texts = {address.text.casefold() for address in structured}
    loose = [
        Address(text=text)
        for text in unique(record.values("address"))
        if text.casefold() not in texts
    ]
    return tuple(structured + loose)


def _birth_dates(record: FtmRecord) -> tuple[tuple[PartialDate, ...], list[str]]:
    dates: list[PartialDate] = []
    unreadable: list[str] = []
    for text in record.values("birthDate"):
        parsed = parse_partial_date(text)
        if parsed is None:
            unreadable.append(f"date of birth: {text}")
        else:
            dates.append(parsed)
    return _dedupe(dates), unreadable


def _birth_places(record: FtmRecord) -> tuple[str, ...]:
    places = record.values("birthPlace")
    for code in record.values("birthCountry"):
        label = country_name(country_code(code))
        if not any(label.casefold() in place.casefold() for place in places):
            places.append(label)
    return unique(places)


def _programs(record: FtmRecord, folded: list[str]) -> tuple[tuple[str, ...], bool]:
    """Programme codes; topics only when nothing better exists (see module docstring)."""
    programs = unique([*record.values("programId"), *record.values("program"), *folded])
    if programs:
        return programs, False
    return unique(record.values("topics")), True


def _remarks(
    record: FtmRecord, draft: Draft, unreadable: list[str], topics_used: bool
) -> tuple[str, ...]:
    remarks: list[str] = []
    for prop in ("notes", "summary", "description"):
        remarks.extend(record.values(prop))
    remarks.extend(unreadable)
    remarks.extend(draft.remarks)
    remarks.extend(f"date of death: {text}" for text in record.values("deathDate"))
    if draft.kind in (EntityKind.VESSEL, EntityKind.AIRCRAFT):
        for prop, label in CRAFT_DETAIL_PROPS.items():
            remarks.extend(f"{label}: {value}" for value in record.values(prop))
    remarks.extend(f"modified at source: {d}" for d in _iso_dates(record.values("modifiedAt")))
    topics = record.values("topics")
    if topics and not topics_used:
        remarks.append(f"topics: {', '.join(topics)}")
    if record.target is False:
        remarks.append("not a target of this dataset: included as a related party")
    return unique(remarks)


def _gender(record: FtmRecord) -> str | None:
    for value in record.values("gender"):
        if value.casefold() in _GENDERS:
            return value.casefold()
    return None


def build_entity(draft: Draft, list_id: str) -> Entity:
    record = draft.line.record
    birth_dates, unreadable = _birth_dates(record)
    programs, topics_used = _programs(record, draft.programs)
    listed = draft.listed_on or _iso_dates(record.values("createdAt"))
    countries = [*record.values("country"), *record.values("jurisdiction")]
    countries += record.values("mainCountry") + record.values("flag")
    return Entity(
        id=f"{list_id}-{record.id}",
        list_id=list_id,
        source_ref=record.id,
        kind=draft.kind,
        names=build_names(record, draft.kind),
        birth_dates=birth_dates,
        birth_places=_birth_places(record),
        nationalities=unique(
            country_code(code)
            for code in record.values("nationality") + record.values("citizenship")
        ),
        countries=unique(country_code(code) for code in countries),
        gender=_gender(record),
        titles=unique(record.values("title")),
        positions=unique([*record.values("position"), *draft.positions]),
        identifiers=_identifiers(record, draft.identifiers),
        addresses=_addresses(record, draft.addresses),
        programs=programs,
        listed_on=tuple(sorted(set(listed))),
        remarks=_remarks(record, draft, unreadable, topics_used),
        links=_dedupe(draft.links),
        raw="\n".join([draft.line.text, *draft.raw_lines]),
    )


def read_ftm(path: Path) -> FtmReadResult:
    """Parse an FtM file or dataset folder, keeping the account of folded records."""
    entities_path = locate(path)
    meta = dataset_meta(entities_path)
    list_id = list_id_for(meta.name)
    lines = read_lines(entities_path)
    folder = Folder(lines, list_id)
    folder.fold_all(lines)
    entities = tuple(build_entity(draft, list_id) for draft in folder.drafts.values())
    stats = folder.stats(lines)
    log.info(
        "%s: %d parties; folded %s; orphaned %s; skipped %s",
        entities_path,
        stats.parties,
        stats.folded,
        stats.orphaned,
        stats.skipped,
    )
    parsed = ParsedList(
        info=ListInfo(id=list_id, title=meta.title, publisher=meta.publisher),
        entities=entities,
        published=meta.published,
        expected_count=None,
        source=str(path),
    )
    return FtmReadResult(parsed=parsed, stats=stats)


# --------------------------------------------------------------------------------------------
# Detection


def _first_line(path: Path) -> bytes:
    """The first non-blank line, at most ``DETECT_LINE_LIMIT`` bytes of it."""
    with path.open("rb") as handle:
        for _ in range(16):
            data = handle.readline(DETECT_LINE_LIMIT)
            if not data:
                return b""
            data = data.removeprefix(b"\xef\xbb\xbf").strip()
            if data:
                return data
    return b""


def _looks_like_ftm(line: bytes) -> bool:
    if not line.startswith(b"{"):
        return False
    try:
        obj = msgspec.json.decode(line)
    except msgspec.DecodeError:
        # A first line longer than the limit: judge it on its start.
        if len(line) < DETECT_LINE_LIMIT - 2:
            return False
        head = line[:65536]
        return bool(_LONG_LINE_ID.search(head) and _LONG_LINE_SCHEMA.search(head))
    return (
        isinstance(obj, dict)
        and isinstance(obj.get("id"), str)
        and isinstance(obj.get("schema"), str)
        and isinstance(obj.get("properties", {}), dict)
    )


class FtmParser:
    """FollowTheMoney JSON lines (``entities.ftm.json``), one ParsedList per file."""

    format_id = "ftm"
    description = "FollowTheMoney entities (OpenSanctions entities.ftm.json, JSON lines)"

    def detect(self, path: Path) -> bool:
        try:
            target = _entities_file(path) if path.is_dir() else path
            return target is not None and _looks_like_ftm(_first_line(target))
        except Exception:  # detection must never raise, whatever the file holds
            return False

    def parse(self, path: Path) -> list[ParsedList]:
        return [read_ftm(path).parsed]


PARSER = FtmParser()
