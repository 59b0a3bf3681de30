"""The UN Security Council Consolidated List, as the Council publishes it in XML.

The UN file (``consolidated.xml``, root ``CONSOLIDATED_LIST``) holds every individual and entity
under the Council's sanctions regimes. Its quirks shape this module:

* A person's name is split into ``FIRST_NAME`` .. ``FOURTH_NAME`` in the order it is written,
  not into given and family names: Korean names put the family name in ``FIRST_NAME`` and Arabic
  names chain patronymics, so the parts are joined and never labelled given/family.
* One ``ALIAS_NAME`` often carries several spellings separated by ``;``, sometimes as
  ``<original-script name> (<Latin spelling>; <Latin spelling>)``; each spelling is a name of
  its own for screening, with the alias quality of the element (``Low`` means "too weak to screen
  on alone", the UN counterpart of OFAC's weak a.k.a.).
* Empty elements (``<COUNTRY/>``, ``<TYPE_OF_DATE/>``) are placeholders, not values.
* Comments cite related listings by reference number (``QDe.134``); those become links.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

import msgspec
from lxml import etree  # type: ignore[import-untyped, unused-ignore]

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
from watchkeeper.names.script import detect_script
from watchkeeper.sources.base import clean, make_name, require, sniff, unique
from watchkeeper.sources.catalog import list_info

LIST_ID = "un-sc"
ROOT_TAG = "CONSOLIDATED_LIST"
RECORD_KINDS = {"INDIVIDUAL": EntityKind.PERSON, "ENTITY": EntityKind.ORGANIZATION}
RECORD_PARENTS = {"INDIVIDUAL": "INDIVIDUALS", "ENTITY": "ENTITIES"}
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")

ALIAS_TYPES = {
    "good": NameType.AKA,
    "a.k.a.": NameType.AKA,
    "low": NameType.WEAK,
    "f.k.a.": NameType.FKA,
}

_ROOT_SNIFF = re.compile(rb"<CONSOLIDATED_LIST[\s>/]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# xs:date allows a zone suffix; the UN writes a handful of LISTED_ON values as "2015-07-01-04:00".
_ZONED_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$")
_ENUMERATION = re.compile(r"\s+[b-z]\)\s+")
_LEADING_ENUMERATION = re.compile(r"^[a-z]\)\s+")
_ORIGINAL_SCRIPT = re.compile(r"^original script\s*(?::\s*(?P<name>.+))?$", re.I)
# "original script: Абу Банат", "Previously listed as. In Arabic: رياض ...", "in Arabic script: ..."
_SCRIPT_LABEL = re.compile(
    r"[.,;]?\s*(?:original script|\bin\s+(?:the\s+)?[A-Za-z-]+(?:\s+script)?)"
    r"\s*:\s*(?P<name>[^:]+)$",
    re.I,
)
# A UN reference number as comments cite it: "QDe.134", occasionally "Qde.014".
_REFERENCE = re.compile(r"\b([A-Z][A-Za-z][ie]\.\d{3})\b")
_APPROXIMATE_NOTE = re.compile(r"^(?:approximately|approx\.?|circa|about)$", re.I)


class UnXmlParser:
    """Reads the UN consolidated list XML into the ``un-sc`` list."""

    format_id = "un-xml"
    description = "UN Security Council Consolidated List XML (consolidated.xml)"

    def detect(self, path: Path) -> bool:
        """True for a UN consolidated XML file, or a folder holding exactly one."""
        try:
            return _resolve(path) is not None
        except OSError:
            return False

    def parse(self, path: Path) -> list[ParsedList]:
        """The one list the file holds; ``ListFormatError`` if it is malformed or empty."""
        file = _resolve(path) if path.is_dir() else path
        if file is None:
            raise ListFormatError(str(path), "folder holds no single UN consolidated list XML file")
        return [_parse_file(file)]


PARSER = UnXmlParser()


# --- detection ----------------------------------------------------------------------------


def _is_un_file(path: Path) -> bool:
    head = sniff(path)
    if head.startswith(_UTF16_BOMS):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    return bool(_ROOT_SNIFF.search(head))


def _resolve(path: Path) -> Path | None:
    """The UN file ``path`` names: itself, or the only UN file directly inside a folder.

    A folder is accepted so that a download folder can be passed as it is, whatever else it
    holds, as long as it is unambiguous.
    """
    if path.is_file():
        return path if _is_un_file(path) else None
    if path.is_dir():
        found = [
            child for child in sorted(path.iterdir()) if child.is_file() and _is_un_file(child)
        ]
        return found[0] if len(found) == 1 else None
    return None


# --- reading the file ---------------------------------------------------------------------


def _parse_file(path: Path) -> ParsedList:
    published: date | None = None
    entities: list[Entity] = []
    seen: set[str] = set()
    try:
        with path.open("rb") as handle:
            for root, record in _records(path, handle):
                if published is None:
                    published = _published(root)
                entity = _entity(record, path)
                require(
                    entity.id not in seen,
                    path,
                    f"reference number {entity.source_ref} listed twice (line {record.sourceline})",
                )
                seen.add(entity.id)
                entities.append(entity)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise ListFormatError(
            str(path), f"truncated or malformed XML at line {line}, column {column}: {exc.msg}"
        ) from None
    except etree.LxmlError as exc:
        raise ListFormatError(str(path), f"unreadable XML: {exc}") from None
    except OSError as exc:
        raise ListFormatError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    require(bool(entities), path, "no INDIVIDUAL or ENTITY records: an empty consolidated list")
    linked = _resolve_links(entities)
    return ParsedList(
        info=list_info(LIST_ID),
        entities=tuple(linked),
        published=published,
        expected_count=None,
        source=str(path),
    )


def _records(path: Path, handle: BinaryIO) -> Iterator[tuple[etree._Element, etree._Element]]:
    """(root, record) for each INDIVIDUAL and ENTITY, freeing each record once it is read."""
    root: etree._Element | None = None
    events = etree.iterparse(
        handle, events=("start", "end"), resolve_entities=False, no_network=True
    )
    for event, elem in events:
        if root is None:
            require(
                elem.tag == ROOT_TAG,
                path,
                f"not a UN consolidated list: root element is <{elem.tag}>, not <{ROOT_TAG}>",
            )
            root = elem
            continue
        if event != "end" or elem.tag not in RECORD_KINDS:
            continue
        parent = elem.getparent()
        if parent is None or parent.tag != RECORD_PARENTS[str(elem.tag)]:
            continue
        yield root, elem
        elem.clear(keep_tail=True)
        while elem.getprevious() is not None:
            del parent[0]


def _published(root: etree._Element) -> date | None:
    """The day in ``dateGenerated`` (``2026-02-27T00:00:09.554Z``)."""
    parsed = parse_partial_date(root.get("dateGenerated"))
    if parsed is None or parsed.year is None or parsed.month is None or parsed.day is None:
        return None
    return date(parsed.year, parsed.month, parsed.day)


# --- one record ---------------------------------------------------------------------------


def _text(elem: etree._Element, path: str) -> str | None:
    return clean(elem.findtext(path))


def _texts(elem: etree._Element, path: str) -> list[str]:
    return [value for child in elem.iterfind(path) if (value := clean(child.text))]


def _entity(record: etree._Element, path: Path) -> Entity:
    tag = str(record.tag)
    kind = RECORD_KINDS[tag]
    ref = _text(record, "REFERENCE_NUMBER")
    if ref is None:
        raise ListFormatError(
            str(path), f"{tag} at line {record.sourceline} has no REFERENCE_NUMBER"
        )
    remarks: list[str] = []
    names = _names(record, tag)
    require(bool(names), path, f"{tag} {ref} (line {record.sourceline}) has no name")
    birth_dates, birth_places = _birth(record, remarks)
    identifiers = _identifiers(record, remarks)
    addresses = _addresses(record, f"{tag}_ADDRESS")
    listed_on = _listed_on(record, remarks)
    gender = _text(record, "GENDER")
    return Entity(
        id=f"un-{ref}",
        list_id=LIST_ID,
        source_ref=ref,
        kind=kind,
        names=names,
        birth_dates=birth_dates,
        birth_places=birth_places,
        nationalities=unique(_country(value) for value in _texts(record, "NATIONALITY/VALUE")),
        countries=unique(address.country for address in addresses),
        gender=gender.lower() if gender and gender.lower() in ("male", "female") else None,
        titles=unique(_texts(record, "TITLE/VALUE")),
        positions=unique(_texts(record, "DESIGNATION/VALUE")),
        identifiers=identifiers,
        addresses=addresses,
        programs=unique([_text(record, "UN_LIST_TYPE")]),
        listed_on=listed_on,
        remarks=unique([_text(record, "COMMENTS1"), *remarks, *_bookkeeping(record)]),
        links=_links(record, ref),
        raw=_serialise(record),
    )


def _serialise(record: etree._Element) -> str:
    """The record as written, without the namespace declarations it inherits from the root."""
    detached = copy.deepcopy(record)
    etree.cleanup_namespaces(detached)
    return str(etree.tostring(detached, encoding="unicode", with_tail=False))


def _country(text: str) -> str:
    """ISO alpha-2 when the country resolves, else the UN's own wording (never dropped)."""
    return to_iso2(text) or text


def _bookkeeping(record: etree._Element) -> list[str]:
    """The UN's own record id and update history, kept so an analyst can cite the UN entry."""
    out: list[str] = []
    data_id = _text(record, "DATAID")
    if data_id:
        version = _text(record, "VERSIONNUM")
        out.append(f"UN DATAID {data_id}" + (f", version {version}" if version else ""))
    updated = _texts(record, "LAST_DAY_UPDATED/VALUE")
    if updated:
        out.append("Updated on " + ", ".join(updated))
    return out


# --- names --------------------------------------------------------------------------------


def _names(record: etree._Element, tag: str) -> tuple[Name, ...]:
    names: list[Name] = []
    full = " ".join(part for name in NAME_PARTS if (part := _text(record, name)))
    names.extend(make_name(name) for name in _split_names(full))
    original = _text(record, "NAME_ORIGINAL_SCRIPT")
    if original:
        # The same name in the script the person or group writes it in: as authoritative as
        # the Latin form, so it is a primary name too (its script tells them apart).
        names.append(make_name(original))
    for alias in record.iterfind(f"{tag}_ALIAS"):
        names.extend(_alias(alias))
    return tuple(_dedupe(names))


def _alias(alias: etree._Element) -> list[Name]:
    text = _text(alias, "ALIAS_NAME")
    if text is None:
        return []
    quality = (_text(alias, "QUALITY") or "").lower()
    name_type = ALIAS_TYPES.get(quality, NameType.AKA)
    spellings = _split_names(text)
    extra, note = _names_in_note(_text(alias, "NOTE"))
    spellings.extend(extra)
    details = [note, *_alias_birth_notes(alias)]
    joined = "; ".join(part for part in details if part) or None
    return [make_name(spelling, name_type, note=joined) for spelling in spellings]


def _names_in_note(note: str | None) -> tuple[list[str], str | None]:
    """Spellings the UN tucks into an alias note, and what is left of the note.

    Notes carry the alias in another script ("In Arabic: سيف العدل", "original script: Абу
    Банат") or Latin spellings of a non-Latin alias, as a bracketed list ("(Abu Du’a; Abu
    Duaa’) prominently known by this nom de guerre") or as the whole note ("Yunis
    al-Mauritani; Younis al-Mauritani"). Screening must see those as names, not as prose.
    """
    if not note:
        return [], None
    names: list[str] = []
    label = _SCRIPT_LABEL.search(note)
    if label and detect_script(label["name"]) not in ("Latn", "Zyyy"):
        names.append(label["name"].strip())
        note = note[: label.start()].strip(" .,;")
    kept: list[str] = []
    for part, bracketed in _bracket_groups(note):
        if bracketed and ";" in part:
            names.extend(_split_names(part))
        else:
            kept.append(f"({part})" if bracketed else part)
    rest = " ".join(" ".join(kept).split()).strip(" .,;")
    if ";" in rest and not re.search(r"[\d:]", rest):
        names.extend(_split_names(rest))
        rest = ""
    return names, rest or None


def _bracket_groups(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into top-level bracketed groups (True) and the text between them."""
    pieces: list[tuple[str, bool]] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                pieces.append((text[start:index], False))
                start = index + 1
            depth += 1
        elif char == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                pieces.append((text[start:index], True))
                start = index + 1
    tail = text[start:]
    pieces.append((f"({tail}" if depth else tail, False))
    return [(piece, bracketed) for piece, bracketed in pieces if piece.strip()]


def _alias_birth_notes(alias: etree._Element) -> list[str]:
    out: list[str] = []
    born = _text(alias, "DATE_OF_BIRTH")
    if born:
        out.append(f"date of birth {born}")
    place = ", ".join(unique([_text(alias, "CITY_OF_BIRTH"), _text(alias, "COUNTRY_OF_BIRTH")]))
    if place:
        out.append(f"place of birth {place}")
    return out


def _split_names(text: str) -> list[str]:
    """The separate names packed into one UN name field.

    ``"Qasim Soleimani; Qasem Sulaimani"`` is two names; ``"حسن غول (Hassan Ghul; Hasan Gul)"``
    is three; ``"Jin Tiesan (金铁三)"`` is two (a rendering in another script); ``"Amir Khazmat
    (original script: Амир Хазмат)"`` is two. A bracket in the same script that holds no list,
    such as an acronym ``"(LRM)"``, stays part of the name.
    """
    names: list[str] = []
    text = _LEADING_ENUMERATION.sub("", text)
    for chunk in _ENUMERATION.split(text):
        for part in _split_top_level(chunk):
            names.extend(_expand(part))
    return [name for name in names if name]


def _expand(part: str) -> list[str]:
    part = _tidy(part)
    head, inner = _trailing_group(part)
    if inner is None:
        return [part]
    label = _ORIGINAL_SCRIPT.match(inner)
    if label:
        return [head, *([label["name"].strip()] if label["name"] else [])]
    if ";" in inner or detect_script(inner) != detect_script(head):
        return [head, *_split_names(inner)]
    return [part]


def _split_top_level(text: str) -> list[str]:
    """Split on ``;`` outside brackets (a bracketed list belongs to the name before it)."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def _tidy(text: str) -> str:
    """Drop stray separators the UN leaves around names (``") Abdelrahman ..."``, ``"... ),"``)."""
    text = " ".join(text.split()).strip(" ,;")
    while text.startswith(")"):
        text = text[1:].lstrip(" ,;")
    return text


def _trailing_group(text: str) -> tuple[str, str | None]:
    """``("head", "inner")`` for ``"head (inner)"``; ``(text, None)`` without such a group."""
    if not text.endswith(")"):
        return text, None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            depth -= 1
            if depth == 0:
                head = text[:index].strip(" ,;")
                return (head, text[index + 1 : -1].strip()) if head else (text, None)
    return text, None


def _dedupe(names: Iterable[Name]) -> list[Name]:
    """One name per (spelling, type); notes of repeats are merged, not lost.

    The UN repeats an alias once per date of birth it is known with ("Dokka Umarov" born
    1964 and 1965), so the repeat's note still says something.
    """
    out: dict[tuple[str, NameType], Name] = {}
    for name in names:
        key = (name.full, name.type)
        if not name.full:
            continue
        seen = out.get(key)
        if seen is None:
            out[key] = name
        elif name.note and name.note != seen.note:
            merged = f"{seen.note} | {name.note}" if seen.note else name.note
            out[key] = msgspec.structs.replace(seen, note=merged)
    return list(out.values())


# --- birth --------------------------------------------------------------------------------


def _birth(
    record: etree._Element, remarks: list[str]
) -> tuple[tuple[PartialDate, ...], tuple[str, ...]]:
    dates: list[PartialDate] = []
    for elem in record.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        parsed = _birth_date(elem, remarks)
        if parsed is not None and parsed not in dates:
            dates.append(parsed)
    places = [_place(elem) for elem in record.iterfind("INDIVIDUAL_PLACE_OF_BIRTH")]
    for alias in record.iterfind("INDIVIDUAL_ALIAS"):
        born = _text(alias, "DATE_OF_BIRTH")
        parsed = parse_partial_date(born)
        if parsed is not None and parsed not in dates:
            dates.append(parsed)
        elif born and parsed is None:
            remarks.append(f"Date of birth: {born}")
        places.append(
            ", ".join(unique([_text(alias, "CITY_OF_BIRTH"), _text(alias, "COUNTRY_OF_BIRTH")]))
        )
    return tuple(dates), unique(places)


def _birth_date(elem: etree._Element, remarks: list[str]) -> PartialDate | None:
    """One ``INDIVIDUAL_DATE_OF_BIRTH``: an exact date or year, a circa year, or a year range.

    ``NOTE`` sometimes holds the date itself ("Nov. 1973"), sometimes qualifies it ("from false
    passport"), sometimes only says "Approximately"; what cannot be read as a date is kept as
    a remark.
    """
    kind = (_text(elem, "TYPE_OF_DATE") or "EXACT").upper()
    note = _text(elem, "NOTE")
    circa = kind == "APPROXIMATELY"
    if note and _APPROXIMATE_NOTE.match(note):
        circa, note = True, None
    prefix = "circa " if circa else ""
    start, end = _text(elem, "FROM_YEAR"), _text(elem, "TO_YEAR")
    single = _text(elem, "DATE") or _text(elem, "YEAR")
    if kind == "BETWEEN" and start and end:
        written = f"{start} to {end}"
    elif single:
        written = single
    elif note:
        written, note = note, None
    else:
        return None
    parsed = parse_partial_date(prefix + written)
    if parsed is None:
        remarks.append(f"Date of birth: {written}" + (" (approximately)" if circa else ""))
    elif note:
        remarks.append(f"Date of birth {parsed.text}: {note}")
    return parsed


def _place(elem: etree._Element) -> str:
    """``"Qom, Iran (Islamic Republic of)"``: the parts as written, the note after them."""
    parts = unique(_text(elem, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY"))
    return _with_note(", ".join(parts), _text(elem, "NOTE"))


def _with_note(text: str, note: str | None) -> str:
    if not note:
        return text
    if not text:
        return note
    if not (note.startswith("(") and note.endswith(")")):
        note = f"({note})"
    return f"{text} {note}"


# --- documents, addresses, dates, links --------------------------------------------------


def _identifiers(record: etree._Element, remarks: list[str]) -> tuple[Identifier, ...]:
    out: list[Identifier] = []
    for doc in record.iterfind("INDIVIDUAL_DOCUMENT"):
        kind = _text(doc, "TYPE_OF_DOCUMENT") or _text(doc, "TYPE_OF_DOCUMENT2") or "Document"
        number = _text(doc, "NUMBER")
        # ISSUING_COUNTRY is the state that issued it; COUNTRY_OF_ISSUE where it was handed out
        # (a Tunisian passport issued in Milan). The UN often fills only the latter.
        issuer = _text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE")
        details = _document_details(doc, kind, issuer)
        if number is None:
            # Some documents give the number only inside free text; keep that text searchable.
            if details:
                remarks.append(f"{kind}: {details}")
            continue
        identifier = Identifier(
            type=kind,
            value=number,
            country=_country(issuer) if issuer else None,
            note=details or None,
        )
        if identifier not in out:
            out.append(identifier)
    return tuple(out)


def _document_details(doc: etree._Element, kind: str, issuer: str | None) -> str:
    """Subtype, where and when issued, and the UN's note, as one readable note."""
    parts: list[str] = []
    subtype = (_text(doc, "TYPE_OF_DOCUMENT2") or "").rstrip(" :")
    if subtype and subtype != kind:
        parts.append(subtype)
    issued = _text(doc, "DATE_OF_ISSUE")
    place = _text(doc, "COUNTRY_OF_ISSUE")
    where = ", ".join(unique([_text(doc, "CITY_OF_ISSUE"), place if place != issuer else None]))
    if issued or where:
        parts.append(
            "issued" + (f" on {issued}" if issued else "") + (f" in {where}" if where else "")
        )
    note = _text(doc, "NOTE")
    if note:
        parts.append(note)
    return "; ".join(parts)


def _addresses(record: etree._Element, tag: str) -> tuple[Address, ...]:
    out: list[Address] = []
    for elem in record.iterfind(tag):
        country_text = _text(elem, "COUNTRY")
        parts = unique(
            _text(elem, part) for part in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE")
        )
        text = _with_note(
            ", ".join([*parts, *([country_text] if country_text else [])]), _text(elem, "NOTE")
        )
        if not text:
            continue
        address = Address(
            text=text,
            city=_text(elem, "CITY"),
            country=_country(country_text) if country_text else None,
        )
        if address not in out:
            out.append(address)
    return tuple(out)


def _iso_day(text: str) -> PartialDate | None:
    zoned = _ZONED_DAY.match(text)
    return parse_partial_date(zoned.group(1) if zoned else text)


def _listed_on(record: etree._Element, remarks: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for text in _texts(record, "LISTED_ON"):
        parsed = _iso_day(text)
        if parsed is not None and parsed.iso:
            out.append(parsed.iso)
        else:
            remarks.append(f"Listed on: {text}")
    return unique(out)


def _links(record: etree._Element, ref: str) -> tuple[Link, ...]:
    """Other UN listings the comments cite by reference number, e.g. ``(QDe.134)``."""
    comments = _text(record, "COMMENTS1") or ""
    cited = (match[:2].upper() + match[2:] for match in _REFERENCE.findall(comments))
    targets = unique(target for target in cited if target != ref)
    return tuple(
        Link(relation="mentioned in UN comments", target_name=target, target_id=f"un-{target}")
        for target in targets
    )


def _resolve_links(entities: list[Entity]) -> list[Entity]:
    """Name link targets that are in the same file; drop ids that point nowhere."""
    captions = {entity.id: entity.caption for entity in entities}
    out: list[Entity] = []
    for entity in entities:
        if not entity.links:
            out.append(entity)
            continue
        links = tuple(
            Link(
                relation=link.relation,
                target_name=captions[link.target_id],
                target_id=link.target_id,
            )
            if link.target_id in captions
            else Link(relation=link.relation, target_name=link.target_name)
            for link in entity.links
        )
        out.append(msgspec.structs.replace(entity, links=links))
    return out
