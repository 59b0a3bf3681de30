"""The UK Sanctions List published by the FCDO, as its official XML or as a derived CSV extract.

Since January 2026 the UK Sanctions List is the single UK list (the OFSI Consolidated List was
closed), so it is the UK list screening must know. Each ``Designation`` carries the FCDO's own
``UniqueID`` (``INU0398``): one id per person *per regime*, stable across publications, which
is why it, not the legacy OFSI group id, builds the entity id.

Quirks of the official XML that this module absorbs:

* unknown parts of a birth date are written as the letters ``dd``/``mm`` (``dd/mm/1945``) or
  as ``00``; both mean "unknown", never a day or month;
* ``NameType`` comes in several casings and one misspelling (``Primary name``, ``ALias``);
* ``Name6`` is the family name of a person but the whole name of an entity or ship, and often
  carries trailing spaces;
* "Primary name variations" are spelling variants of the primary name: they are screened like
  aliases, but noted so an analyst can tell them from substantively different aliases;
* ``AliasStrength`` (``Low quality a.k.a``) is only given for some designations; a low quality
  alias is the FCDO's equivalent of OFAC's weak a.k.a.

The derived extract (``subjects.csv`` + ``subject_names.csv``) is a normalised transform of the
FCDO's CSV publication that keeps ids, types, dates and names only. It is read as the same list
(``uk-sl``, same ids) because a more recent official copy is not always at hand.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import IO

import msgspec
import pycountry
from lxml import etree

from watchkeeper.countries import to_iso2
from watchkeeper.dates import parse_partial_date
from watchkeeper.errors import ListFormatError
from watchkeeper.model import (
    Address,
    Entity,
    EntityKind,
    Identifier,
    Link,
    Name,
    NameType,
    ParsedList,
    PartialDate,
)
from watchkeeper.sources.base import clean, make_name, require, sniff, unique
from watchkeeper.sources.catalog import list_info

LIST_ID = "uk-sl"

SUBJECTS_FILE = "subjects.csv"
NAMES_FILE = "subject_names.csv"
SUBJECT_COLUMNS = (
    "unique_id",
    "subject_type",
    "un_reference_number",
    "ofsi_group_id",
    "date_designated",
    "last_updated",
)
NAME_COLUMNS = (
    "name_id",
    "unique_id",
    "name_type",
    "alias_strength",
    "full_name",
    "name_6",
    "name_1",
    "name_2",
    "name_3",
    "name_4",
    "name_5",
)

KINDS = {
    "individual": EntityKind.PERSON,
    "entity": EntityKind.ORGANIZATION,
    "ship": EntityKind.VESSEL,
}

VARIATION_NOTE = "primary name variation"

_XML_PROLOG = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S)
_FIRST_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")
_PLACEHOLDER_DATE = re.compile(r"^(dd|\d{1,2})/(mm|\d{1,2})/(\d{4})$", re.I)
_IMO = re.compile(r"^(?:IMO)?\s*(\d{7})$", re.I)
_NS_DECLARATION = re.compile(r'\s+xmlns:([\w.-]+)="[^"]*"')


# --------------------------------------------------------------------------------------------
# Shared field mapping (both layouts name the same things in slightly different words)
# --------------------------------------------------------------------------------------------


def _kind(text: str | None) -> EntityKind:
    """Individual/Entity/Ship; anything new the FCDO adds stays screenable as ``unknown``."""
    return KINDS.get((clean(text) or "").casefold(), EntityKind.UNKNOWN)


def _name_type(raw_type: str | None, strength: str | None) -> tuple[NameType, str | None]:
    """Map the FCDO name type and alias strength to a ``NameType`` and a note.

    Compared casefolded with ``_``/spaces unified because the XML writes ``Primary name`` and
    ``ALias`` while the extract writes ``primary_variation``.
    """
    kind = " ".join((raw_type or "").replace("_", " ").casefold().split())
    if kind == "primary name" or kind == "primary":
        return NameType.PRIMARY, None
    weak = (strength or "").strip().casefold().startswith("low")
    note = VARIATION_NOTE if kind.startswith("primary") else None
    return (NameType.WEAK if weak else NameType.AKA), note


def _person_parts(
    kind: EntityKind, parts: list[str | None]
) -> tuple[str | None, str | None, str | None]:
    """Given, middle and family name, but only where the list really split a person's name.

    ``parts`` is Name1..Name6. For entities, ships and single-field aliases Name6 holds the
    whole name, which must not pass for a surname.
    """
    forenames = [p for p in parts[:5] if p]
    if kind is not EntityKind.PERSON or not forenames or not parts[5]:
        return None, None, None
    middle = " ".join(forenames[1:]) or None
    return forenames[0], middle, parts[5]


def _ordered(names: Iterable[Name]) -> tuple[Name, ...]:
    """Primary names first (in list order), then the rest; identical (full, type) once."""
    seen: set[tuple[str, NameType]] = set()
    kept: list[Name] = []
    for name in names:
        key = (name.full, name.type)
        if name.full and key not in seen:
            seen.add(key)
            kept.append(name)
    return tuple(sorted(kept, key=lambda n: n.type is not NameType.PRIMARY))


def _list_date(text: str) -> PartialDate | None:
    """A list date at the precision given; ``dd``/``mm`` placeholders read as unknown parts.

    The shared date parser reads ``00`` as unknown; the letters are turned into ``00`` first
    and the published text is kept verbatim on the result.
    """
    match = _PLACEHOLDER_DATE.match(text.strip())
    if match is None:
        return parse_partial_date(text)
    day, month, year = ("00" if part.isalpha() else part for part in (match[1], match[2], match[3]))
    parsed = parse_partial_date(f"{day}/{month}/{year}")
    if parsed is None:
        return None
    return msgspec.structs.replace(parsed, text=" ".join(text.split()))


def _iso_day(text: str | None) -> str | None:
    """A ``dd/mm/yyyy`` list date as ISO 8601 at the precision given."""
    parsed = _list_date(text) if text else None
    return parsed.iso if parsed is not None else None


def _country(text: str | None) -> str | None:
    """ISO alpha-2 when resolvable, else the text as published (never dropped)."""
    value = clean(text)
    return (to_iso2(value) or value) if value else None


# Spellings the FCDO uses that ISO 639 names do not (ISO says "Pushto", the list "Pashto").
_LANGUAGE_ALIASES = {"pashto": "ps", "farsi": "fa", "dari": "prs"}


@cache
def _language(text: str) -> str | None:
    """ISO 639 code (two letters when one exists) for a language name such as "Persian"."""
    if text.casefold() in _LANGUAGE_ALIASES:
        return _LANGUAGE_ALIASES[text.casefold()]
    try:
        language = pycountry.languages.lookup(text)
    except LookupError:
        return None
    code = getattr(language, "alpha_2", None) or getattr(language, "alpha_3", None)
    return str(code) if code else None


def _reference_ids(un_ref: str | None, group_id: str | None) -> list[Identifier]:
    """The UN reference and legacy OFSI group id, which tie a designation to other lists."""
    ids: list[Identifier] = []
    if un_ref := clean(un_ref):
        ids.append(Identifier(type="un reference number", value=un_ref))
    if group_id := clean(group_id):
        ids.append(Identifier(type="ofsi group id", value=group_id))
    return ids


def _dated_remark(label: str, text: str | None) -> str | None:
    value = clean(text)
    if value is None:
        return None
    return f"{label}: {_iso_day(value) or value}"


# --------------------------------------------------------------------------------------------
# The official XML
# --------------------------------------------------------------------------------------------


def _text(el: etree._Element, path: str) -> str | None:
    return clean(el.findtext(path))


def _fields(node: etree._Element) -> dict[str, str]:
    """A small record's leaf values by tag, read in one pass (first value of a repeated tag)."""
    fields: dict[str, str] = {}
    for child in node:
        value = clean(child.text)
        if value is not None and isinstance(child.tag, str):
            fields.setdefault(child.tag, value)
    return fields


def _texts(el: etree._Element, path: str) -> list[str]:
    """Every non-empty value at ``path``, in order, without repeats."""
    return list(unique(clean(node.text) for node in el.iterfind(path)))


def _xml_names(el: etree._Element, kind: EntityKind) -> tuple[Name, ...]:
    names: list[Name] = []
    for node in el.iterfind("Names/Name"):
        fields = _fields(node)
        parts = [fields.get(f"Name{i}") for i in range(1, 7)]
        full = " ".join(p for p in parts if p)
        if not full:
            continue
        name_type, note = _name_type(fields.get("NameType"), fields.get("AliasStrength"))
        given, middle, family = _person_parts(kind, parts)
        names.append(
            make_name(full, name_type, given=given, middle=middle, family=family, note=note)
        )
    for node in el.iterfind("NonLatinNames/NonLatinName"):
        fields = _fields(node)
        original = fields.get("NameNonLatinScript")
        if original:
            language = fields.get("NonLatinScriptLanguage")
            names.append(
                make_name(original, NameType.AKA, lang=_language(language) if language else None)
            )
    return _ordered(names)


def _xml_birth_dates(el: etree._Element) -> tuple[list[PartialDate], list[str]]:
    dates: list[PartialDate] = []
    unparsed: list[str] = []
    for text in _texts(el, "IndividualDetails/Individual/DOBs/DOB"):
        parsed = _list_date(text)
        if parsed is None:
            unparsed.append(f"Date of birth: {text}")
        else:
            dates.append(parsed)
    return dates, unparsed


def _xml_birth_places(el: etree._Element) -> tuple[str, ...]:
    places = []
    for node in el.iterfind("IndividualDetails/Individual/BirthDetails/Location"):
        fields = _fields(node)
        parts = [fields.get("TownOfBirth"), fields.get("CountryOfBirth")]
        places.append(", ".join(p for p in parts if p))
    return unique(places)


def _xml_gender(el: etree._Element) -> str | None:
    for value in _texts(el, "IndividualDetails/Individual/Genders/Gender"):
        if value.casefold() in ("male", "female"):
            return value.casefold()
    return None


def _xml_addresses(el: etree._Element) -> list[Address]:
    """Addresses as published; the FCDO's six lines have no fixed meaning, so no city guess."""
    addresses = []
    for node in el.iterfind("Addresses/Address"):
        fields = _fields(node)
        country = fields.get("AddressCountry")
        lines = [fields.get(f"AddressLine{i}") for i in range(1, 7)]
        lines += [fields.get("AddressPostalCode"), country]
        text = ", ".join(line for line in lines if line)
        if text:
            addresses.append(Address(text=text, country=_country(country)))
    return addresses


def _imo(value: str) -> str:
    """IMO numbers are written ``IMO9562233`` or bare; keep the seven digits to compare."""
    match = _IMO.match(value)
    return match[1] if match else value


def _xml_identifiers(el: etree._Element) -> list[Identifier]:
    ids = _reference_ids(_text(el, "UNReferenceNumber"), _text(el, "OFSIGroupID"))
    documents = (
        ("passport", "PassportDetails/Passport", "Passport"),
        ("national id", "NationalIdentifierDetails/NationalIdentifier", "NationalIdentifier"),
    )
    for kind, path, prefix in documents:
        for node in el.iterfind(f"IndividualDetails/Individual/{path}"):
            fields = _fields(node)
            number = fields.get(f"{prefix}Number")
            if number:
                note = fields.get(f"{prefix}AdditionalInformation")
                ids.append(Identifier(type=kind, value=number, note=note))
    registrations = "EntityDetails/Entity/BusinessRegistrationNumbers/BusinessRegistrationNumber"
    ids += [Identifier(type="registration number", value=v) for v in _texts(el, registrations)]
    ids += [
        Identifier(type="imo", value=_imo(v))
        for v in _texts(el, "ShipDetails/Ship/IMONumbers/IMONumber")
    ]
    return list(dict.fromkeys(ids))


_LINK_PATHS = (
    ("parent company", "EntityDetails/Entity/ParentCompanies/ParentCompany"),
    ("subsidiary", "EntityDetails/Entity/Subsidiaries/Subsidiary"),
    ("owner/operator", "ShipDetails/Ship/CurrentOwnerOperators/CurrentOwnerOperator"),
    ("previous owner/operator", "ShipDetails/Ship/PreviousOwnerOperators/PreviousOwnerOperator"),
)

_REMARK_PATHS = (
    ("Entity type", "EntityDetails/Entity/TypeOfEntities/TypeOfEntity"),
    ("Phone", "PhoneNumbers/PhoneNumber"),
    ("Email", "EmailAddresses/EmailAddress"),
    ("Website", "Websites/Website"),
    ("Ship type", "ShipDetails/Ship/TypeOfShipDetails/TypeOfShip"),
    ("Tonnage", "ShipDetails/Ship/TonnageOfShipDetails/TonnageOfShip"),
    ("Length", "ShipDetails/Ship/LengthOfShipDetails/LengthOfShip"),
    ("Year built", "ShipDetails/Ship/YearsBuilt/YearBuilt"),
    ("Previous flag", "ShipDetails/Ship/PreviousFlags/PreviousFlag"),
)


def _xml_links(el: etree._Element) -> list[Link]:
    return [
        Link(relation=relation, target_name=name)
        for relation, path in _LINK_PATHS
        for name in _texts(el, path)
    ]


def _xml_remarks(el: etree._Element) -> list[str | None]:
    sanctions = _text(el, "SanctionsImposed")
    source = _text(el, "DesignationSource")
    remarks: list[str | None] = [
        _text(el, "OtherInformation"),
        f"Statement of reasons: {reasons}"
        if (reasons := _text(el, "UKStatementofReasons"))
        else None,
        f"Sanctions imposed: {'; '.join(s.strip() for s in sanctions.split('|'))}"
        if sanctions
        else None,
        f"Designation source: {source}" if source else None,
    ]
    remarks += [f"{label}: {value}" for label, path in _REMARK_PATHS for value in _texts(el, path)]
    remarks.append(_dated_remark("Last updated", _text(el, "LastUpdated")))
    return remarks


def _designation(el: etree._Element, path: Path, position: int) -> Entity:
    """One ``Designation`` element as an entity."""
    raw = _verbatim(el)
    if isinstance(el.tag, str) and el.tag.startswith("{"):
        _drop_namespace(el)
    ref = _text(el, "UniqueID")
    if ref is None:
        raise ListFormatError(str(path), f"Designation #{position} has no UniqueID")
    kind = _kind(_text(el, "IndividualEntityShip"))
    names = _xml_names(el, kind)
    require(bool(names), path, f"designation {ref} has no names")
    birth_dates, unparsed_dobs = _xml_birth_dates(el)
    designated = _text(el, "DateDesignated")
    listed_on = _iso_day(designated) if designated else None
    flags = _texts(el, "ShipDetails/Ship/CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip")
    addresses = _xml_addresses(el)
    remarks = _xml_remarks(el)
    if designated and listed_on is None:
        remarks.append(f"Date designated: {designated}")
    return Entity(
        id=f"{LIST_ID}-{ref}",
        list_id=LIST_ID,
        source_ref=ref,
        kind=kind,
        names=names,
        birth_dates=tuple(dict.fromkeys(birth_dates)),
        birth_places=_xml_birth_places(el),
        nationalities=unique(
            _country(n)
            for n in _texts(el, "IndividualDetails/Individual/Nationalities/Nationality")
        ),
        countries=unique([*(a.country for a in addresses), *map(_country, flags)]),
        gender=_xml_gender(el),
        titles=unique(
            _texts(el, "Titles/Title") + _texts(el, "IndividualDetails/Individual/Titles/Title")
        ),
        positions=unique(_texts(el, "IndividualDetails/Individual/Positions/Position")),
        identifiers=tuple(_xml_identifiers(el)),
        addresses=tuple(dict.fromkeys(addresses)),
        programs=unique([_text(el, "RegimeName")]),
        listed_on=unique([listed_on]),
        remarks=unique([*remarks, *unparsed_dobs]),
        links=tuple(dict.fromkeys(_xml_links(el))),
        raw=raw,
    )


def _drop_namespace(el: etree._Element) -> None:
    """Read a namespaced copy of the list with the same (fast, exact) paths as the usual one."""
    for node in el.iter():
        if isinstance(node.tag, str):
            node.tag = etree.QName(node).localname


def _verbatim(el: etree._Element) -> str:
    """The element as published: without the root's namespace declarations that the
    serialiser repeats on it, unless the record itself uses the prefix (``xsi:nil``)."""
    text = etree.tostring(el, encoding="unicode", with_tail=False)
    head, bracket, body = text.partition(">")

    def keep_if_used(match: re.Match[str]) -> str:
        return match[0] if f"{match[1]}:" in body else ""

    return _NS_DECLARATION.sub(keep_if_used, head) + bracket + body


def _published(text: str | None, path: Path) -> date | None:
    """``DateGenerated``: the day the FCDO produced the file (``dd/mm/yyyy``)."""
    if text is None:
        return None
    parsed = parse_partial_date(text)
    if parsed is None or parsed.year is None or parsed.month is None or parsed.day is None:
        raise ListFormatError(str(path), f"DateGenerated {text!r} is not a dd/mm/yyyy date")
    return date(parsed.year, parsed.month, parsed.day)


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _top_level(path: Path) -> Iterator[etree._Element]:
    """``DateGenerated`` and each ``Designation`` under the root, streamed and then freed.

    Streaming keeps memory flat on the 20 MB list; a document cut short surfaces as a syntax
    error at the point where it ends.
    """
    context = etree.iterparse(
        str(path),
        events=("end",),
        tag=("{*}Designation", "{*}DateGenerated"),
        resolve_entities=False,
        no_network=True,
    )
    try:
        for _event, el in context:
            parent = el.getparent()
            if parent is None or parent.getparent() is not None:
                continue  # nested, so not a list record or header
            _require_root(parent, path)
            yield el
            el.clear()
            while el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as err:
        raise ListFormatError(
            str(path), f"not well-formed XML, possibly truncated ({err})"
        ) from None
    except (ValueError, LookupError, UnicodeError) as err:
        raise ListFormatError(str(path), f"unreadable XML ({err})") from None
    if context.root is not None:
        _require_root(context.root, path)


def _require_root(root: etree._Element, path: Path) -> None:
    """Reject other XML lists (OFSI's ``ArrayOfFinancialSanctionsTarget``, the UN's...)."""
    name = _local(root)
    require(
        name == "Designations",
        path,
        f"root element is <{name}>, not the UK Sanctions List <Designations>",
    )


def _parse_xml(path: Path) -> ParsedList:
    entities: list[Entity] = []
    seen: set[str] = set()
    published: date | None = None
    for el in _top_level(path):
        if _local(el) == "DateGenerated":
            published = _published(clean(el.text), path)
            continue
        entity = _designation(el, path, len(entities) + 1)
        require(entity.source_ref not in seen, path, f"duplicate UniqueID {entity.source_ref}")
        seen.add(entity.source_ref)
        entities.append(entity)
    require(bool(entities), path, "no Designation records (empty or not a UK Sanctions List)")
    return ParsedList(
        info=list_info(LIST_ID),
        entities=tuple(entities),
        published=published,
        expected_count=None,
        source=str(path),
    )


# --------------------------------------------------------------------------------------------
# The derived CSV extract
# --------------------------------------------------------------------------------------------


def _rows(handle: IO[str], path: Path, columns: tuple[str, ...]) -> Iterator[tuple[list[str], str]]:
    """Data rows checked against ``columns``, each with its verbatim text for ``raw``.

    The reader is fed line by line so the text of a row (including quoted line breaks) is
    exactly the lines it consumed.
    """
    consumed: list[str] = []

    def lines() -> Iterator[str]:
        for line in handle:
            consumed.append(line)
            yield line

    reader = csv.reader(lines(), strict=True)
    try:
        header = next(reader, None)
        require(header is not None, path, "empty file, expected a CSV header")
        require(
            tuple(c.strip() for c in header or ()) == columns,
            path,
            f"unexpected header {header!r}, expected {', '.join(columns)}",
        )
        consumed.clear()
        for row in reader:
            raw = "".join(consumed).rstrip("\r\n")
            consumed.clear()
            if not any(cell.strip() for cell in row):
                continue
            require(
                len(row) == len(columns),
                path,
                f"line {reader.line_num}: {len(row)} fields, expected {len(columns)} "
                "(file truncated or damaged?)",
            )
            yield row, raw
    except csv.Error as err:
        raise ListFormatError(str(path), f"line {reader.line_num}: bad CSV ({err})") from None
    except UnicodeDecodeError as err:
        raise ListFormatError(str(path), f"not UTF-8 text ({err.reason})") from None


def _open(path: Path) -> IO[str]:
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        raise ListFormatError(str(path), f"cannot be read ({err.strerror})") from None


def _derived_names(rows: list[tuple[list[str], str]], kind: EntityKind) -> tuple[Name, ...]:
    names = []
    for row, _raw in rows:
        record = dict(zip(NAME_COLUMNS, row, strict=True))
        full = clean(record["full_name"])
        if not full:
            continue
        name_type, note = _name_type(record["name_type"], record["alias_strength"])
        parts = [clean(record[f"name_{i}"]) for i in range(1, 7)]
        given, middle, family = _person_parts(kind, parts)
        names.append(
            make_name(full, name_type, given=given, middle=middle, family=family, note=note)
        )
    return _ordered(names)


def _derived_entity(
    row: list[str], raw: str, name_rows: list[tuple[list[str], str]], path: Path
) -> Entity:
    record = dict(zip(SUBJECT_COLUMNS, row, strict=True))
    ref = record["unique_id"].strip()
    kind = _kind(record["subject_type"])
    names = _derived_names(name_rows, kind)
    require(bool(names), path, f"subject {ref} has no names in {NAMES_FILE} (truncated?)")
    designated = clean(record["date_designated"])
    listed_on = _iso_day(designated) if designated else None
    remarks = [_dated_remark("Last updated", record["last_updated"])]
    if designated and listed_on is None:
        remarks.append(f"Date designated: {designated}")
    return Entity(
        id=f"{LIST_ID}-{ref}",
        list_id=LIST_ID,
        source_ref=ref,
        kind=kind,
        names=names,
        identifiers=tuple(_reference_ids(record["un_reference_number"], record["ofsi_group_id"])),
        listed_on=unique([listed_on]),
        remarks=unique(remarks),
        raw="\n".join([raw, *(name_raw for _row, name_raw in name_rows)]),
    )


def _parse_derived(folder: Path) -> ParsedList:
    subjects_path, names_path = folder / SUBJECTS_FILE, folder / NAMES_FILE
    subjects: dict[str, tuple[list[str], str]] = {}
    with _open(subjects_path) as handle:
        for row, raw in _rows(handle, subjects_path, SUBJECT_COLUMNS):
            ref = row[0].strip()
            require(bool(ref), subjects_path, f"row without unique_id: {raw!r}")
            require(ref not in subjects, subjects_path, f"duplicate unique_id {ref}")
            subjects[ref] = (row, raw)
    require(bool(subjects), subjects_path, "no subjects (empty list)")
    names: dict[str, list[tuple[list[str], str]]] = {ref: [] for ref in subjects}
    with _open(names_path) as handle:
        for row, raw in _rows(handle, names_path, NAME_COLUMNS):
            ref = row[1].strip()
            require(ref in names, names_path, f"name {row[0]!r} is for unknown subject {ref!r}")
            names[ref].append((row, raw))
    entities = tuple(
        _derived_entity(row, raw, names[ref], names_path) for ref, (row, raw) in subjects.items()
    )
    return ParsedList(
        info=list_info(LIST_ID), entities=entities, published=None, source=str(folder)
    )


# --------------------------------------------------------------------------------------------
# Detection and the parser object
# --------------------------------------------------------------------------------------------


def _decode_head(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff")


def _is_xml(path: Path) -> bool:
    """The first element of the file is ``<Designations>`` (the OFSI XML root differs)."""
    if not path.is_file():
        return False
    text = _XML_PROLOG.sub("", _decode_head(sniff(path))).lstrip()
    match = _FIRST_TAG.match(text)
    return match is not None and match[1].rsplit(":", 1)[-1] == "Designations"


def _header(path: Path) -> tuple[str, ...]:
    first = _decode_head(sniff(path, 1024)).splitlines()
    return tuple(c.strip() for c in first[0].split(",")) if first else ()


def _is_derived(path: Path) -> bool:
    """A folder with ``subjects.csv`` and ``subject_names.csv`` carrying the extract's headers."""
    try:
        if not path.is_dir():
            return False
        return (
            _header(path / SUBJECTS_FILE) == SUBJECT_COLUMNS
            and _header(path / NAMES_FILE) == NAME_COLUMNS
        )
    except OSError:
        return False


class UkSanctionsListParser:
    """The FCDO UK Sanctions List: the official XML file, or the derived CSV extract folder."""

    format_id = "uk-fcdo"
    description = (
        "UK Sanctions List (FCDO) XML, or a folder with its derived subjects.csv + "
        "subject_names.csv extract"
    )

    def detect(self, path: Path) -> bool:
        try:
            return _is_xml(path) or _is_derived(path)
        except OSError:
            return False

    def parse(self, path: Path) -> list[ParsedList]:
        if path.is_dir():
            require(
                _is_derived(path),
                path,
                f"folder holds no {SUBJECTS_FILE} + {NAMES_FILE} UK Sanctions List extract",
            )
            return [_parse_derived(path)]
        try:
            return [_parse_xml(path)]
        except OSError as err:
            raise ListFormatError(str(path), f"cannot be read ({err})") from None


PARSER = UkSanctionsListParser()
