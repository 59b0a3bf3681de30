"""The EU Consolidated Financial Sanctions List, in the Commission's FSF XML ("XML 1.1").

The file is one ``<export>`` of ``<sanctionEntity>`` records. Its quirks shape this parser:

* every name is a ``nameAlias`` and the first one is the listing name; the others include the
  renderings in the EU's 24 languages (``nameLanguage``), some in Cyrillic or Greek script;
* ``strong="false"`` marks an alias the EU considers too weak to screen on alone, and entries
  taken over from the UN list sometimes carry the UN's ``;``-joined alias strings in a single
  ``wholeName``;
* birth dates come as a full date, a year/month/day split, or a year range, each possibly
  ``circa``; countries come as ISO codes with ``00``/``UNKNOWN`` for "not known".

The file is about 25 MB, so it is read with ``iterparse`` and each record is released once
converted. ``logicalId`` is the record's stable identifier across publications.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

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
from watchkeeper.sources.base import clean, make_name, sniff, unique
from watchkeeper.sources.catalog import list_info

LIST_ID = "eu-fsf"
NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"

KINDS = {
    "person": EntityKind.PERSON,
    "P": EntityKind.PERSON,
    "enterprise": EntityKind.ORGANIZATION,
    "E": EntityKind.ORGANIZATION,
}

# identificationTypeCode -> identifier type; unknown codes fall back to the file's description.
ID_TYPES = {
    "passport": "passport",
    "id": "national id",
    "ssn": "social security number",
    "swiftbic": "SWIFT/BIC",
    "imo": "IMO",
    "regnumber": "registration number",
    "fiscalcode": "tax id",
    "tradelic": "trade licence",
    "birthcert": "birth certificate",
    "drivinglicence": "driving licence",
    "residentperm": "residence permit",
    "electionid": "voter id",
    "travelcardid": "travel card",
    "nationcert": "nationality certificate",
}

# Flags on an identity document that an analyst must see next to the number.
ID_FLAGS = {
    "diplomatic": "diplomatic",
    "knownExpired": "known to be expired",
    "knownFalse": "known to be false",
    "reportedLost": "reported lost",
    "revokedByIssuer": "revoked by issuer",
}

CONTACT_LABELS = {"PHONE": "Phone", "FAX": "Fax", "EMAIL": "Email", "WEB": "Website"}

_UNKNOWN_COUNTRY_CODES = {"", "00"}
_UNKNOWN_COUNTRY_TEXT = {"UNKNOWN"}


class EuFsfParser:
    """The EU FSF consolidated list XML (``xmlFullSanctionsList_1_1``)."""

    format_id = "eu-fsf-xml"
    description = "EU Financial Sanctions Files consolidated list XML"

    def detect(self, path: Path) -> bool:
        if not path.is_file():
            return False
        head = sniff(path)
        return b"<export" in head and NAMESPACE.encode() in head

    def parse(self, path: Path) -> list[ParsedList]:
        events, root, tag = _open(path)
        entities = tuple(
            _entity(element, tag, path) for element in _records(path, events, root, tag)
        )
        if not entities:
            raise ListFormatError(str(path), "no sanctionEntity records in the file")
        return [
            ParsedList(
                info=list_info(LIST_ID),
                entities=entities,
                published=_generation_date(root.get("generationDate")),
                expected_count=None,
                source=str(path),
            )
        ]


class _Tags:
    """Qualified tag names in the namespace the file uses (the official one, or none)."""

    def __init__(self, namespace: str) -> None:
        self.prefix = f"{{{namespace}}}" if namespace else ""

    def __call__(self, local: str) -> str:
        return f"{self.prefix}{local}"


_Events = Iterator[tuple[str, etree._Element]]
# Only the root and the records raise events: the nested elements are read from the tree.
_STREAMED_TAGS = [
    f"{{{NAMESPACE}}}export",
    "export",
    f"{{{NAMESPACE}}}sanctionEntity",
    "sanctionEntity",
]


def _open(path: Path) -> tuple[_Events, etree._Element, _Tags]:
    """Start streaming ``path`` and check its root, so a wrong file fails before any work."""
    try:
        events: _Events = etree.iterparse(
            str(path),
            events=("start", "end"),
            tag=_STREAMED_TAGS,
            resolve_entities=False,
            no_network=True,
        )
        _, first = next(events)
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(str(path), f"malformed XML: {exc}") from None
    except StopIteration:
        raise ListFormatError(str(path), f"no FSF <export> element ({NAMESPACE})") from None
    except OSError as exc:
        raise ListFormatError(str(path), f"cannot read file: {exc}") from None
    root = first.getroottree().getroot()
    qname = etree.QName(root)
    if first is not root or qname.localname != "export":
        raise ListFormatError(
            str(path), f"root element is <{qname.localname}>, expected FSF <export> ({NAMESPACE})"
        )
    return events, root, _Tags(qname.namespace or "")


def _records(
    path: Path, events: _Events, root: etree._Element, tag: _Tags
) -> Iterator[etree._Element]:
    """Each complete ``sanctionEntity``, freed once the caller has converted it."""
    entity_tag = tag("sanctionEntity")
    try:
        for event, element in events:
            if event == "end" and element.tag == entity_tag and element.getparent() is root:
                yield element
                element.clear()
                while element.getprevious() is not None:
                    del root[0]
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(str(path), f"malformed or truncated XML: {exc}") from None


def _generation_date(text: str | None) -> date | None:
    parsed = parse_partial_date(text)
    if parsed is None or parsed.year is None or parsed.month is None or parsed.day is None:
        return None
    return date(parsed.year, parsed.month, parsed.day)


def _entity(element: etree._Element, tag: _Tags, path: Path) -> Entity:
    logical_id = clean(element.get("logicalId"))
    line = element.sourceline
    if logical_id is None:
        raise ListFormatError(str(path), f"sanctionEntity on line {line} has no logicalId")
    aliases = element.findall(tag("nameAlias"))
    names = _names(aliases)
    if not names:
        raise ListFormatError(str(path), f"sanctionEntity {logical_id} (line {line}) has no name")
    remarks: list[str | None] = [_text(r) for r in element.findall(tag("remark"))]
    remarks.append(clean(element.get("designationDetails")))
    birth_dates: list[PartialDate] = []
    birth_places: list[str] = []
    birth_countries: list[str | None] = []
    for birth in element.findall(tag("birthdate")):
        _birth(birth, birth_dates, birth_places, birth_countries, remarks)
    addresses: list[Address] = []
    for node in element.findall(tag("address")):
        _address(node, tag, addresses, remarks)
    regulations = element.findall(tag("regulation"))
    remarks.extend(_legal_basis(r, tag) for r in regulations)
    return Entity(
        id=f"{LIST_ID}-{logical_id}",
        list_id=LIST_ID,
        source_ref=logical_id,
        kind=_kind(element.find(tag("subjectType"))),
        names=names,
        birth_dates=tuple(dict.fromkeys(birth_dates)),
        birth_places=unique(birth_places),
        nationalities=unique(_country(c) for c in element.findall(tag("citizenship"))),
        countries=unique([*(a.country for a in addresses), *birth_countries]),
        gender=_gender(aliases),
        titles=_alias_attribute(aliases, "title"),
        positions=_alias_attribute(aliases, "function"),
        identifiers=_identifiers(element, tag),
        addresses=tuple(dict.fromkeys(addresses)),
        programs=unique(clean(r.get("programme")) for r in regulations),
        listed_on=_listed_on(element, regulations),
        remarks=unique(remarks),
        links=_links(element, names),
        raw=etree.tostring(element, encoding="unicode", with_tail=False),
    )


def _text(element: etree._Element) -> str | None:
    return clean("".join(t for t in element.itertext() if isinstance(t, str)))


def _kind(subject: etree._Element | None) -> EntityKind:
    if subject is None:
        return EntityKind.UNKNOWN
    for attribute in ("code", "classificationCode"):
        kind = KINDS.get((subject.get(attribute) or "").strip())
        if kind is not None:
            return kind
    return EntityKind.UNKNOWN


def _names(aliases: list[etree._Element]) -> tuple[Name, ...]:
    """Listing name first, then aliases; the first strong alias is the listing name."""
    pairs = [(alias, _is_strong(alias)) for alias in aliases]
    first = next((index for index, (_, strong) in enumerate(pairs) if strong), 0)
    ordered = pairs[first : first + 1] + pairs[:first] + pairs[first + 1 :]
    result: dict[str, Name] = {}
    for alias, is_strong in ordered:
        name_type = NameType.AKA if is_strong else NameType.WEAK
        if not result:
            name_type = NameType.PRIMARY
        for name in _alias_names(alias, name_type):
            _keep_strongest(result, name)
    return tuple(result.values())


_STRENGTH = {NameType.PRIMARY: 3, NameType.AKA: 2, NameType.FKA: 1, NameType.WEAK: 0}


def _keep_strongest(names: dict[str, Name], name: Name) -> None:
    """One entry per spelling: the 24 language renderings often repeat the listing name, and a
    spelling the EU gives both as a strong and a weak alias must screen as strong."""
    known = names.get(name.full)
    if known is None or _STRENGTH[name.type] > _STRENGTH[known.type]:
        names[name.full] = name


def _is_strong(alias: etree._Element) -> bool:
    """``strong="false"``, or a remark saying the alias is of low quality, makes it weak."""
    if (alias.get("strong") or "true").strip().lower() == "false":
        return False
    remarks = " ".join(_text(r) or "" for r in alias.iterchildren("{*}remark"))
    return "low quality" not in remarks.lower()


def _alias_names(alias: etree._Element, name_type: NameType) -> Iterator[Name]:
    first, middle, last = (clean(alias.get(a)) for a in ("firstName", "middleName", "lastName"))
    whole = clean(alias.get("wholeName")) or clean(" ".join(p for p in (first, middle, last) if p))
    if not whole:
        return
    lang = (clean(alias.get("nameLanguage")) or "").lower() or None
    if ";" not in whole:
        yield make_name(whole, name_type, given=first, middle=middle, family=last, lang=lang)
        return
    # A UN alias list copied into one wholeName: each part is a name of its own.
    for index, part in enumerate(p for p in (clean(s) for s in whole.split(";")) if p):
        part_type = NameType.AKA if index and name_type is NameType.PRIMARY else name_type
        yield make_name(part, part_type, lang=lang)


def _alias_attribute(aliases: Iterable[etree._Element], attribute: str) -> tuple[str, ...]:
    return unique(clean(alias.get(attribute)) for alias in aliases)


def _gender(aliases: Iterable[etree._Element]) -> str | None:
    for alias in aliases:
        gender = (alias.get("gender") or "").strip().upper()
        if gender in ("M", "F"):
            return "male" if gender == "M" else "female"
    return None


def _country(element: etree._Element) -> str | None:
    """ISO code of an element's country; its description as written if that does not resolve."""
    code = (element.get("countryIso2Code") or "").strip()
    if code not in _UNKNOWN_COUNTRY_CODES:
        resolved = to_iso2(code)
        if resolved is not None:
            return resolved
    description = clean(element.get("countryDescription"))
    if description is None or description.upper() in _UNKNOWN_COUNTRY_TEXT:
        return None
    return to_iso2(description) or description


def _country_text(element: etree._Element) -> str | None:
    description = clean(element.get("countryDescription"))
    if description is None or description.upper() in _UNKNOWN_COUNTRY_TEXT:
        return None
    return description


def _birth(
    element: etree._Element,
    dates: list[PartialDate],
    places: list[str],
    countries: list[str | None],
    remarks: list[str | None],
) -> None:
    text = _birth_date_text(element)
    if text is not None:
        calendar = (element.get("calendarType") or "GREGORIAN").strip().upper()
        parsed = parse_partial_date(text) if calendar in ("", "GREGORIAN") else None
        if parsed is not None:
            dates.append(parsed)
        else:
            remarks.append(f"Date of birth ({calendar.lower()} calendar): {text}")
    parts = [clean(element.get(a)) for a in ("place", "city", "region")]
    country = _country_text(element)
    if any(parts):
        places.append(", ".join(p for p in [*parts, country] if p))
    elif country:
        places.append(country)
    countries.append(_country(element))


def _birth_date_text(element: etree._Element) -> str | None:
    """The birth date in a notation ``parse_partial_date`` reads, at the precision given."""
    circa = (element.get("circa") or "").strip().lower() == "true"
    prefix = "circa " if circa else ""
    full = clean(element.get("birthdate"))
    if full:
        return prefix + full
    year = clean(element.get("year"))
    month = clean(element.get("monthOfYear") or element.get("month"))
    day = clean(element.get("dayOfMonth") or element.get("day"))
    if year:
        if month and day:
            return f"{prefix}{year}-{month.zfill(2)}-{day.zfill(2)}"
        return f"{prefix}{year}-{month.zfill(2)}" if month else prefix + year
    low, high = clean(element.get("yearRangeFrom")), clean(element.get("yearRangeTo"))
    if low and high:
        return f"{prefix}{low} to {high}"
    if low or high:
        return prefix + (low or high or "")
    return None


def _identifiers(element: etree._Element, tag: _Tags) -> tuple[Identifier, ...]:
    found: list[Identifier] = []
    for node in element.findall(tag("identification")):
        found.extend(_identification(node, tag))
    eu_ref = clean(element.get("euReferenceNumber"))
    if eu_ref:
        found.append(Identifier(type="EU reference number", value=eu_ref))
    un_ref = clean(element.get("unitedNationId"))
    if un_ref:
        found.append(Identifier(type="UN reference number", value=un_ref))
    return tuple(dict.fromkeys(found))


def _identification(node: etree._Element, tag: _Tags) -> Iterator[Identifier]:
    code = clean(node.get("identificationTypeCode")) or ""
    id_type = ID_TYPES.get(code) or clean(node.get("identificationTypeDescription")) or code
    number, latin = clean(node.get("number")), clean(node.get("latinNumber"))
    notes = [label for attr, label in ID_FLAGS.items() if node.get(attr) == "true"]
    for attribute, label in (
        ("issuedBy", "issued by"),
        ("issuedDate", "issued on"),
        ("validFrom", "valid from"),
        ("validTo", "valid to"),
        ("nameOnDocument", "name on document"),
        ("region", "region"),
    ):
        value = clean(node.get(attribute))
        if value:
            notes.append(f"{label} {value}")
    notes.extend(r for r in (_text(r) for r in node.findall(tag("remark"))) if r)
    note = "; ".join(notes) or None
    country = _country(node)
    for value in unique([number, latin]):
        yield Identifier(type=id_type or "other", value=value, country=country, note=note)


def _address(
    node: etree._Element, tag: _Tags, addresses: list[Address], remarks: list[str | None]
) -> None:
    street, po_box, zip_code, city, place, region = (
        clean(node.get(a)) for a in ("street", "poBox", "zipCode", "city", "place", "region")
    )
    parts = [street, f"PO Box {po_box}" if po_box else None, zip_code, city, place, region]
    country_text = _country_text(node)
    text = ", ".join(p for p in [*parts, country_text] if p)
    if text:
        addresses.append(Address(text=text, city=city, country=_country(node)))
    remarks.extend(_text(r) for r in node.findall(tag("remark")))
    contact = clean(node.get("contactInfo"))
    if contact:
        remarks.append(f"Contact: {contact}")
    for info in node.findall(tag("contactInfo")):
        key = (info.get("key") or "").strip().upper()
        value = clean(info.get("value")) or _text(info)
        if value:
            remarks.append(f"{CONTACT_LABELS.get(key, key.title() or 'Contact')}: {value}")


def _legal_basis(regulation: etree._Element, tag: _Tags) -> str | None:
    """One remark per legal act, so an analyst can find the Official Journal text."""
    title = clean(regulation.get("numberTitle"))
    if title is None:
        return None
    published = clean(regulation.get("publicationDate"))
    url_element = regulation.find(tag("publicationUrl"))
    url = _text(url_element) if url_element is not None else None
    parts = [f"Legal basis: {title}", f"published {published}" if published else None, url]
    return ", ".join(p for p in parts if p)


def _listed_on(element: etree._Element, regulations: list[etree._Element]) -> tuple[str, ...]:
    """The designation date when the file gives one, else the dates its legal acts were published.

    FSF records refer to the act that (last) listed them, so without ``designationDate`` the
    publication date of that act is the best date the file offers.
    """
    dates = [element.get("designationDate")]
    if not clean(dates[0]):
        dates = [r.get("publicationDate") for r in regulations]
    found = []
    for text in dates:
        parsed = parse_partial_date(clean(text))
        if parsed is not None and parsed.iso is not None:
            found.append(parsed.iso)
    return tuple(sorted(set(found)))


def _links(element: etree._Element, names: tuple[Name, ...]) -> tuple[Link, ...]:
    """Entries the EU took over from the UN list point at that UN entry (``un-IRi.039``)."""
    un_ref = clean(element.get("unitedNationId"))
    if not un_ref:
        return ()
    return (
        Link(relation="same as UN listing", target_name=names[0].full, target_id=f"un-{un_ref}"),
    )


PARSER = EuFsfParser()
