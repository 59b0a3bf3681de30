"""OFAC's XML publication of its lists: ``SDN.XML`` and ``CONSOLIDATED.XML``.

Both files use one schema (root ``sdnList``, one ``sdnEntry`` per listed party), so one parser
reads both. Three namespaces are in circulation: the Sanctions List Service's current one, the
``http://tempuri.org/sdnList.xsd`` of older ``SDN.XML`` downloads (still found in archives and
vendor feeds), and none at all in hand-trimmed copies.

Entity ids are ``ofac-sdn-<uid>`` / ``ofac-cons-<uid>``: the XML ``uid`` is the legacy CSV's
``ent_num``, and users switch between the two formats from one version to the next, so both
parsers must give the same ids and the same ``LASTNAME, Firstname`` names or every entity would
show up as removed and re-added.

Which of the two lists a file holds is judged from content, because the files are often saved
under other names (one public mirror calls the consolidated file ``ofac.xml``): the entries of the
consolidated (non-SDN) list each belong to a non-SDN sub-list, recognisable by a non-SDN programme
(``NS-PLC``, ``CMIC-EO13959``, ``FSE-*``, ``561-Related``) or by a "menu-based" sanctions fact
(directive determinations, CAATSA section 235 and EO 14059 measures). Nearly all of its entries
carry such a marker while only a few percent of SDN entries do; the file name decides only when
the markers are inconclusive (see ``_list_id``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, NoReturn

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
from watchkeeper.sources.base import clean, make_name, require, sniff, unique
from watchkeeper.sources.catalog import list_info

CURRENT_NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"
LEGACY_NS = "http://tempuri.org/sdnList.xsd"
NAMESPACES = frozenset({CURRENT_NS, LEGACY_NS, ""})

SDN_LIST = "ofac-sdn"
CONS_LIST = "ofac-cons"

CHUNK_BYTES = 1 << 20

KINDS = {
    "individual": EntityKind.PERSON,
    "entity": EntityKind.ORGANIZATION,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
}

# Programme tags that exist only on OFAC's non-SDN lists.
NON_SDN_PROGRAM_PREFIXES = ("NS-", "CMIC", "FSE-", "561")
# idType texts (lower-cased substrings) that record a "menu-based" non-SDN sanction.
NON_SDN_ID_MARKERS = ("directive", "caatsa section 235", "executive order 14059 information")
# Share of entries carrying a non-SDN marker above which a file is the consolidated list, and
# below which it is the SDN list; in between, the file name decides.
CONS_SHARE = 0.8
SDN_SHARE = 0.2

# idType values that are not document numbers but facts about the sanction or the party. They
# become remarks written as the legacy CSV writes them ("Target Type Financial Institution"),
# so an analyst sees the same text whichever format was loaded.
REMARK_ID_PREFIXES = (
    "additional sanctions information",
    "secondary sanctions risk",
    "executive order",
    "caatsa section",
    "transactions prohibited",
    "effective date",
    "listing date",
    "purchase/sales for divestment date",
    "target type",
    "organization type",
    "organization established date",
    "issuer name",
    "vessel year of build",
    "former vessel flag",
    "other vessel flag",
    "other vessel type",
    "aircraft manufacture date",
    "aircraft model",
    "aircraft operator",
    "ifca determination",
)
LINK_ID_TYPES = ("linked to", "linked to:")
# vesselInfo fields without an entity field of their own, labelled as the legacy CSV's columns.
VESSEL_REMARKS = (
    ("vesselType", "Vessel Type"),
    ("tonnage", "Tonnage"),
    ("grossRegisteredTonnage", "Gross Registered Tonnage"),
    ("vesselFlag", "Vessel Flag"),
    ("vesselOwner", "Vessel Owner"),
)

_ROOT_TAG = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?sdnList(?=[\s/>])([^>]*)>")
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.S)
_XMLNS = re.compile(rb"""xmlns(?::([\w.-]+))?\s*=\s*(["'])(.*?)\2""")
_LINKED_TO = re.compile(r"Linked To:\s*", re.I)
_SEPARATOR = re.compile(r"\s*;\s*")


class OfacXmlParser:
    """OFAC ``SDN.XML`` / ``CONSOLIDATED.XML`` (one file each; a folder may hold both)."""

    format_id = "ofac-xml"
    description = "OFAC SDN.XML / CONSOLIDATED.XML (sdnList XML)"

    def detect(self, path: Path) -> bool:
        """A file whose root element is an OFAC ``sdnList``, or a folder of nothing but those.

        A folder that also holds other files (the legacy CSV set, another list) is left to the
        parser of that format rather than read partly.
        """
        try:
            if path.is_dir():
                files = _folder_files(path)
                return bool(files) and all(_is_sdn_list(child) for child in files)
            return _is_sdn_list(path)
        except OSError:
            return False

    def parse(self, path: Path) -> list[ParsedList]:
        """Every OFAC XML list in ``path``: one for a file, one per file of a folder."""
        if path.is_dir():
            files = _folder_files(path)
            strays = [child.name for child in files if not _is_sdn_list(child)]
            require(bool(files), path, "the folder holds no OFAC sdnList XML file")
            require(not strays, path, f"not OFAC sdnList XML: {', '.join(strays)}")
            return [_parse_file(file) for file in files]
        return [_parse_file(path)]


PARSER = OfacXmlParser()


# --- detection ------------------------------------------------------------------------------


def _folder_files(folder: Path) -> list[Path]:
    """The folder's files, hidden ones (``.DS_Store``...) aside."""
    return sorted(c for c in folder.iterdir() if c.is_file() and not c.name.startswith("."))


def _is_sdn_list(path: Path) -> bool:
    """Cheap content check: the first element is ``sdnList`` in a known OFAC namespace."""
    head = _utf8_head(sniff(path))
    while match := _PROLOG.match(head):
        head = head[match.end() :]
    match = _ROOT_TAG.match(head.lstrip())
    if match is None:
        return False
    prefix = match[1] or b""
    declared = {(m[1] or b""): m[3] for m in _XMLNS.finditer(match[2])}
    namespace = declared.get(prefix, b"").decode("utf-8", "replace")
    return not (prefix and prefix not in declared) and namespace in NAMESPACES


def _utf8_head(head: bytes) -> bytes:
    """The sniffed bytes without a byte-order mark, re-encoded to UTF-8 if they were UTF-16."""
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "ignore").encode("utf-8")
    return head


# --- parsing --------------------------------------------------------------------------------


class _FileState:
    """What one pass over a file has gathered so far."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.root_seen = False
        self.published: date | None = None
        self.expected: int | None = None
        self.entities: list[Entity] = []
        self.non_sdn = 0
        self.uids: set[str] = set()


def _parse_file(path: Path) -> ParsedList:
    state = _FileState(path)
    for element in _elements(path):
        name = etree.QName(element).localname
        if name == "sdnList":
            state.root_seen = True
        elif name == "publshInformation":
            _read_header(element, state)
            _release(element)
        elif name == "sdnEntry":
            _read_entry(element, state)
            _release(element)
    require(state.root_seen, path, "not an OFAC list: the root element is not <sdnList>")
    _check_count(state)
    list_id = _list_id(state)
    entities = _finalise(state.entities, list_id)
    return ParsedList(
        info=list_info(list_id),
        entities=entities,
        published=state.published,
        expected_count=state.expected,
        source=str(path),
    )


def _elements(path: Path) -> Iterator[etree._Element]:
    """The root (on its start) and each header and entry (on their end), read incrementally.

    A pull parser fed in chunks keeps memory flat on the 30 MB ``SDN.XML``; entity expansion and
    network access are off because the file comes from the internet.
    """
    parser = etree.XMLPullParser(
        events=("start", "end"),
        tag=("{*}sdnList", "{*}publshInformation", "{*}sdnEntry"),
        resolve_entities=False,
        no_network=True,
    )
    try:
        with path.open("rb") as handle:
            for chunk in _chunks(handle):
                parser.feed(chunk)
                yield from _ready(parser)
            parser.close()
            yield from _ready(parser)
    except etree.XMLSyntaxError as exc:
        problem = f"malformed or truncated XML at line {exc.lineno}: {exc.msg}"
        raise ListFormatError(str(path), problem) from None
    except OSError as exc:
        raise ListFormatError(str(path), f"cannot be read: {exc.strerror or exc}") from None


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK_BYTES):
        yield chunk


def _ready(parser: etree.XMLPullParser) -> Iterator[etree._Element]:
    for event, element in parser.read_events():
        if not isinstance(element, etree._Element):
            continue
        is_root = etree.QName(element).localname == "sdnList"
        if (event == "start") == is_root:
            yield element


def _release(element: etree._Element) -> None:
    """Free a processed element and its already-processed siblings (iterparse idiom)."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _read_header(element: etree._Element, state: _FileState) -> None:
    fields = _leaves(element)
    published = fields.get("Publish_Date")
    if published is not None:
        try:
            # OFAC writes MM/DD/YYYY, which the general date reader would take as day-first.
            state.published = datetime.strptime(published, "%m/%d/%Y").date()
        except ValueError:
            _fail(state.path, element, f"Publish_Date {published!r} is not MM/DD/YYYY")
    count = fields.get("Record_Count")
    if count is not None:
        if not count.isdigit():
            _fail(state.path, element, f"Record_Count {count!r} is not a number")
        state.expected = int(count)


def _check_count(state: _FileState) -> None:
    found = len(state.entities)
    if state.expected is not None and state.expected != found:
        problem = (
            f"the header announces {state.expected} records (Record_Count) but the file holds "
            f"{found} sdnEntry elements: it is truncated or was edited"
        )
        raise ListFormatError(str(state.path), problem)


def _fail(path: Path, element: etree._Element, problem: str) -> NoReturn:
    raise ListFormatError(str(path), f"line {element.sourceline}: {problem}")


# --- one entry ------------------------------------------------------------------------------


class _Facts:
    """Everything one ``sdnEntry`` says, gathered before the immutable ``Entity`` is built."""

    def __init__(self) -> None:
        self.birth_dates: list[PartialDate] = []
        self.nationalities: list[str] = []
        self.countries: list[str] = []
        self.gender: str | None = None
        self.identifiers: list[Identifier] = []
        self.addresses: list[Address] = []
        self.listed_on: list[str] = []
        self.remarks: list[str] = []
        self.links: list[Link] = []
        self.non_sdn = False


def _read_entry(element: etree._Element, state: _FileState) -> None:
    children = _children(element)
    uid = _text(children, "uid")
    if uid is None or not (uid.isascii() and uid.isdigit()):
        _fail(state.path, element, f"sdnEntry has no numeric <uid> (found {uid!r})")
    if uid in state.uids:
        _fail(state.path, element, f"uid {uid} is listed twice")
    state.uids.add(uid)
    last, first = _text(children, "lastName"), _text(children, "firstName")
    if last is None and first is None:
        _fail(state.path, element, f"sdnEntry {uid} has no <lastName>")
    kind = KINDS.get((_text(children, "sdnType") or "").lower(), EntityKind.UNKNOWN)
    programs = unique(_list_texts(children, "programList", "program"))
    facts = _Facts()
    facts.non_sdn = any(p.upper().startswith(NON_SDN_PROGRAM_PREFIXES) for p in programs)
    _read_ids(children, facts)
    _read_vessel(children, facts)
    _read_places(children, facts)
    remarks = _text(children, "remarks")
    if remarks is not None:
        facts.remarks.append(remarks)
        facts.links.extend(_links_in(remarks))
    state.non_sdn += facts.non_sdn
    state.entities.append(
        Entity(
            id="",
            list_id="",
            source_ref=uid,
            kind=kind,
            names=_names(children, kind, last, first),
            birth_dates=tuple(facts.birth_dates),
            birth_places=unique(_item_texts(children, "placeOfBirthList", "placeOfBirth")),
            nationalities=unique(facts.nationalities),
            countries=unique(facts.countries),
            gender=facts.gender,
            titles=unique([_text(children, "title")]),
            identifiers=tuple(dict.fromkeys(facts.identifiers)),
            addresses=tuple(dict.fromkeys(facts.addresses)),
            programs=programs,
            listed_on=unique(facts.listed_on),
            remarks=unique(facts.remarks),
            links=tuple(dict.fromkeys(facts.links)),
            raw=etree.tostring(element, encoding="unicode", with_tail=False),
        )
    )


def _names(
    children: dict[str, list[etree._Element]], kind: EntityKind, last: str | None, first: str | None
) -> tuple[Name, ...]:
    """The primary name, then the aliases, in the legacy CSV's ``LASTNAME, Firstname`` form."""
    names = [_name(last, first, NameType.PRIMARY, None, kind)]
    for aka in _records(children, "akaList"):
        full_type = (aka.get("type") or "a.k.a.").lower()
        weak = (aka.get("category") or "").lower() == "weak"
        if weak:
            name_type = NameType.WEAK
        elif full_type == "f.k.a.":
            name_type = NameType.FKA
        else:
            name_type = NameType.AKA
        note = full_type if full_type == "n.k.a." or (weak and full_type != "a.k.a.") else None
        if aka.get("lastName") or aka.get("firstName"):
            names.append(_name(aka.get("lastName"), aka.get("firstName"), name_type, note, kind))
    seen: dict[tuple[str, NameType], Name] = {}
    for name in names:
        seen.setdefault((name.full, name.type), name)
    return tuple(seen.values())


def _name(
    last: str | None, first: str | None, name_type: NameType, note: str | None, kind: EntityKind
) -> Name:
    """One name; a person's family and given names come from the two fields when OFAC fills
    both, else (weak aliases arrive whole in ``lastName``: ``ZAHAR, Mahmoud``) from the comma,
    as the legacy CSV parser reads them."""
    full = f"{last}, {first}" if last and first else (last or first or "")
    family = given = None
    if kind is EntityKind.PERSON:
        if last and first:
            family, given = last, first
        elif "," in full:
            family, given = full.split(",", 1)
    return make_name(full, name_type, given=given, family=family, note=note)


def _read_ids(children: dict[str, list[etree._Element]], facts: _Facts) -> None:
    for record in _records(children, "idList"):
        id_type, number = record.get("idType"), record.get("idNumber")
        key = (id_type or "").lower()
        if any(marker in key for marker in NON_SDN_ID_MARKERS):
            facts.non_sdn = True
        if number is None:
            if id_type is not None:
                facts.remarks.append(id_type)
            continue
        if key == "gender" and number.lower() in ("male", "female"):
            facts.gender = number.lower()
        elif key in LINK_ID_TYPES:
            facts.links.append(Link(relation="linked_to", target_name=number))
        elif key == "nationality of registration":
            # A country tie, kept as a remark too: the code alone would not say what kind.
            facts.countries.append(_country(number))
            _id_remark(id_type, number, record.get("idCountry"), facts)
        elif id_type is None or key == "gender" or key.startswith(REMARK_ID_PREFIXES):
            _id_remark(id_type, number, record.get("idCountry"), facts)
        else:
            facts.identifiers.append(_identifier(id_type, number, record))


def _id_remark(id_type: str | None, number: str, country: str | None, facts: _Facts) -> None:
    text = f"{id_type} {number}" if id_type else number
    facts.remarks.append(f"{text} ({country})" if country else text)
    if id_type and id_type.lower().startswith("listing date"):
        listed = parse_partial_date(number)
        if listed is not None and listed.iso is not None:
            facts.listed_on.append(listed.iso)


def _identifier(id_type: str, number: str, record: dict[str, str]) -> Identifier:
    dates = [
        f"{label} {record[field]}"
        for field, label in (("issueDate", "issued"), ("expirationDate", "expires"))
        if field in record
    ]
    country = record.get("idCountry")
    return Identifier(
        type=id_type,
        value=number,
        country=_country(country) if country else None,
        note="; ".join(dates) or None,
    )


def _read_vessel(children: dict[str, list[etree._Element]], facts: _Facts) -> None:
    """``vesselInfo``: the call sign is searchable; the rest is shown as the CSV shows it."""
    for info in _records(children, "vesselInfo", nested=False):
        if "callSign" in info:
            facts.identifiers.append(Identifier(type="Call Sign", value=info["callSign"]))
        if "vesselFlag" in info:
            facts.countries.append(_country(info["vesselFlag"]))
        if "vesselOwner" in info:
            facts.links.append(Link(relation="owned_by", target_name=info["vesselOwner"]))
        facts.remarks.extend(
            f"{label}: {info[field]}" for field, label in VESSEL_REMARKS if field in info
        )


def _read_places(children: dict[str, list[etree._Element]], facts: _Facts) -> None:
    for text in _item_texts(children, "dateOfBirthList", "dateOfBirth"):
        parsed = parse_partial_date(text)
        if parsed is None:
            facts.remarks.append(f"DOB {text}")
        else:
            facts.birth_dates.append(parsed)
    for list_name in ("nationalityList", "citizenshipList"):
        for record in _records(children, list_name):
            if "country" in record:
                facts.nationalities.append(_country(record["country"]))
    for record in _records(children, "addressList"):
        address = _address(record)
        if address is not None:
            facts.addresses.append(address)
            if address.country:
                facts.countries.append(address.country)


def _address(record: dict[str, str]) -> Address | None:
    """An address written as the legacy CSV writes it: street, "City, State Postal", country.

    OFAC keeps address records that hold nothing but their uid; those are dropped.
    """
    street = [record[f] for f in ("address1", "address2", "address3") if f in record]
    locality = ", ".join(record[f] for f in ("city", "stateOrProvince") if f in record)
    if "postalCode" in record:
        locality = f"{locality} {record['postalCode']}".strip()
    country = record.get("country")
    parts = [*street, locality, record.get("region"), country]
    text = ", ".join(part for part in parts if part)
    if not text:
        return None
    return Address(
        text=text,
        city=record.get("city"),
        country=_country(country) if country else None,
    )


def _country(text: str) -> str:
    """ISO alpha-2 where resolvable (also for OFAC's ``Region: Gaza``), else the text as given."""
    code = to_iso2(text)
    if code is None and text.lower().startswith("region:"):
        code = to_iso2(text.split(":", 1)[1])
    return code or text


def _links_in(remarks: str) -> Iterator[Link]:
    """``Linked To:`` relations in remarks, written ``(Linked To: NAME)`` or ``Linked To: NAME``.

    Names may themselves contain brackets (``... CORPS (IRGC)-QODS FORCE``), so only a closing
    bracket that has no opening partner inside the name is treated as the wrapper's.
    """
    for part in _SEPARATOR.split(remarks):
        match = _LINKED_TO.search(part)
        if match is None:
            continue
        name = part[match.end() :].strip()
        while name.endswith(")") and name.count(")") > name.count("("):
            name = name[:-1].rstrip()
        name = name.rstrip(".").strip()
        if name:
            yield Link(relation="linked_to", target_name=name)


# --- element helpers ------------------------------------------------------------------------


def _children(element: etree._Element) -> dict[str, list[etree._Element]]:
    """Child elements by local name, so lookups work in every namespace variant."""
    grouped: dict[str, list[etree._Element]] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            grouped.setdefault(_local(tag), []).append(child)
    return grouped


def _local(tag: str) -> str:
    """``{namespace}name`` -> ``name`` (cheaper than ``QName``; this runs per element)."""
    return tag[tag.find("}") + 1 :]


def _text(children: dict[str, list[etree._Element]], name: str) -> str | None:
    found = children.get(name)
    return clean(found[0].text) if found else None


def _leaves(element: etree._Element) -> dict[str, str]:
    """The non-empty leaf values of a flat record (``id``, ``aka``, ``address``...)."""
    values: dict[str, str] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            value = clean(child.text)
            if value is not None:
                values.setdefault(_local(tag), value)
    return values


def _records(
    children: dict[str, list[etree._Element]], list_name: str, *, nested: bool = True
) -> Iterator[dict[str, str]]:
    """The records of a ``xxxList`` container, or the container itself when not ``nested``."""
    for container in children.get(list_name, ()):
        if not nested:
            yield _leaves(container)
            continue
        for item in container:
            if isinstance(item.tag, str):
                yield _leaves(item)


def _list_texts(
    children: dict[str, list[etree._Element]], list_name: str, item_name: str
) -> Iterable[str | None]:
    for container in children.get(list_name, ()):
        for item in container:
            if isinstance(item.tag, str) and _local(item.tag) == item_name:
                yield clean(item.text)


def _item_texts(children: dict[str, list[etree._Element]], list_name: str, field: str) -> list[str]:
    """One field of every record of a list (``dateOfBirth`` of each ``dateOfBirthItem``)."""
    return [record[field] for record in _records(children, list_name) if field in record]


# --- the whole list -------------------------------------------------------------------------


def _list_id(state: _FileState) -> str:
    """SDN or consolidated, from the share of entries that carry a non-SDN marker.

    When the share is inconclusive (or the file is empty) the file name decides: OFAC's own
    names are ``SDN.XML`` and ``CONSOLIDATED.XML`` (older: ``cons``...). A file that neither its
    content nor its name places is refused rather than loaded as the wrong list.
    """
    total = len(state.entities)
    if total:
        share = state.non_sdn / total
        if share >= CONS_SHARE:
            return CONS_LIST
        if share <= SDN_SHARE:
            return SDN_LIST
    name = state.path.name.lower()
    if "cons" in name:
        return CONS_LIST
    if "sdn" in name:
        return SDN_LIST
    detail = f"{state.non_sdn} of {total} entries carry a non-SDN marker" if total else "empty"
    problem = (
        f"cannot tell whether this is the SDN or the consolidated list ({detail}); "
        "save it as SDN.XML or CONSOLIDATED.XML"
    )
    raise ListFormatError(str(state.path), problem)


def _finalise(drafts: list[Entity], list_id: str) -> tuple[Entity, ...]:
    """Give each entity its list id, and point links at the entities of the file they name."""
    ids = [f"{list_id}-{draft.source_ref}" for draft in drafts]
    keys = [_name_key(draft.caption) for draft in drafts]
    counts = Counter(keys)
    by_name = {key: i for key, i in zip(keys, ids, strict=True) if counts[key] == 1}
    return tuple(
        msgspec.structs.replace(
            draft,
            id=entity_id,
            list_id=list_id,
            links=tuple(_resolve(link, by_name) for link in draft.links),
        )
        for draft, entity_id in zip(drafts, ids, strict=True)
    )


def _resolve(link: Link, by_name: dict[str, str]) -> Link:
    """The link with the id of the one party of the file by that name, if there is one."""
    if link.target_id is not None:
        return link
    target = by_name.get(_name_key(link.target_name))
    return msgspec.structs.replace(link, target_id=target) if target else link


def _name_key(name: str) -> str:
    """Names as OFAC cites them in links, which may drop a final full stop (``..., S.A``)."""
    return " ".join(name.split()).rstrip(". ").casefold()
