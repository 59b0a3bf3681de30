"""OFAC's legacy CSV files: the SDN list and the Consolidated (non-SDN) list.

OFAC publishes each list as a set of header-less CSV files joined on ``ent_num``:

==================  =====================  ===================================================
SDN list            Consolidated non-SDN   one row per
==================  =====================  ===================================================
``sdn.csv``         ``cons_prim.csv``      listed party: ent_num, name, type, programs, title,
                                           call sign, vessel type, tonnage, GRT, vessel flag,
                                           vessel owner, remarks
``alt.csv``         ``cons_alt.csv``       strong alias: ent_num, alt_num, aka/fka/nka, name,
                                           remarks
``add.csv``         ``cons_add.csv``       address: ent_num, add_num, address,
                                           city/state/postal code, country, remarks
``sdn_comments``    ``cons_comments.csv``  overflow of a remarks cell: ent_num, the rest of it
==================  =====================  ===================================================

Quirks that shape this module:

* ``-0-`` (usually followed by a space) is OFAC's null; an entity's type is ``-0-``.
* Files end with a 0x1A end-of-file byte. Its absence from the primary file means the download
  was cut short, which would silently drop parties, so that is an error. The auxiliary files
  are held to a weaker rule, because copies circulate without the marker (the 2021
  ``sdn_comments.csv`` in the project's reference data): without it their last line must still
  be complete (end with a line break), else the file is rejected as truncated.
* The remarks column is cut at 1,000 characters and continues, mid-word, in the comments file;
  the two are concatenated as they are. A comment whose remark was not cut belongs to another
  release of the files and is not glued on (see ``JoinReport``).
* Birth dates, nationalities, documents, weak aliases and ``Linked To:`` relations live only
  in the remarks; ``ofac_remarks`` takes them apart.
* The files carry no publication date and no record count.

Aliases and addresses are matched to parties by ``ent_num``. Rows that name an ``ent_num``
missing from the primary file (a newer ``alt.csv`` next to an older ``sdn.csv``) are skipped and
counted: ``parse_set`` returns the counts, ``PARSER.parse`` logs them as a warning.
"""

from __future__ import annotations

import csv
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import msgspec

from watchkeeper.countries import to_iso2
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
)
from watchkeeper.sources.base import clean, decode_text, make_name, sniff, unique
from watchkeeper.sources.catalog import list_info
from watchkeeper.sources.ofac_remarks import Remarks, parse_remarks

_LOG = logging.getLogger(__name__)

EOF_MARKER = b"\x1a"
REMARKS_WIDTH = 1000
PRIMARY_COLUMNS = 12
ALT_COLUMNS = 5
ADD_COLUMNS = 6
COMMENT_COLUMNS = 2

KINDS = {
    "individual": EntityKind.PERSON,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
}
ALIAS_TYPES = {"aka": NameType.AKA, "fka": NameType.FKA, "nka": NameType.AKA}
ALIAS_NOTES = {"nka": "n.k.a."}

_PROGRAM_SEPARATOR = re.compile(r"\]\s*\[")
# "issued 04 May 2014 expires 03 May 2024" -> "issued 04 May 2014; expires 03 May 2024", the
# note OFAC's XML gives the same document.
_EXPIRES = re.compile(r"\s+(?=expire[sd]\b)", re.I)


@dataclass(frozen=True)
class Layout:
    """The file names of one list's CSV set (compared case-insensitively)."""

    list_id: str
    primary: str
    alt: str
    add: str
    comments: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.primary, self.alt, self.add, self.comments)


SDN = Layout("ofac-sdn", "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
CONSOLIDATED = Layout(
    "ofac-cons", "cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"
)
LAYOUTS = (SDN, CONSOLIDATED)


class JoinReport(msgspec.Struct, frozen=True):
    """Rows of the auxiliary files that could not be joined to a party, by kind.

    ``orphan_*`` rows name an ``ent_num`` absent from the primary file; ``stray_comments`` are
    comments for a remark that was not cut, i.e. from a different release of the files.
    """

    orphan_aliases: int = 0
    orphan_addresses: int = 0
    orphan_comments: int = 0
    stray_comments: int = 0

    @property
    def total(self) -> int:
        return (
            self.orphan_aliases + self.orphan_addresses + self.orphan_comments + self.stray_comments
        )


class FileSet(NamedTuple):
    """The files one list is read from; any auxiliary file may be missing."""

    list_id: str
    primary: Path
    alt: Path | None = None
    add: Path | None = None
    comments: Path | None = None


class OfacCsvParser:
    """Reads OFAC's legacy CSV sets into the ``ofac-sdn`` and ``ofac-cons`` lists."""

    format_id = "ofac-csv"
    description = (
        "OFAC legacy CSV files (sdn.csv with alt.csv, add.csv, sdn_comments.csv; "
        "cons_prim.csv with its cons_* files)"
    )

    def detect(self, path: Path) -> bool:
        """True for a primary file (judged by content) or a folder holding one by its name."""
        try:
            if path.is_dir():
                sets = locate(path)
                return bool(sets) and all(looks_primary(found.primary) for found in sets)
            return looks_primary(path)
        except (OSError, ListFormatError):
            return False

    def parse(self, path: Path) -> list[ParsedList]:
        """Every list in ``path``: a folder may hold both the SDN and the Consolidated set."""
        sets = locate(path)
        if not sets:
            expected = " or ".join(layout.primary for layout in LAYOUTS)
            raise ListFormatError(str(path), f"no {expected} in this folder")
        lists = []
        for found in sets:
            parsed, report = parse_set(
                found.primary,
                alt=found.alt,
                add=found.add,
                comments=found.comments,
                list_id=found.list_id,
                source=str(path),
            )
            if report.total:
                _LOG.warning("%s: %s", found.primary, describe(report))
            lists.append(parsed)
        return lists


PARSER = OfacCsvParser()


def describe(report: JoinReport) -> str:
    """A one-line account of skipped rows, for logs and the CLI."""
    return (
        f"skipped {report.orphan_aliases} alias, {report.orphan_addresses} address and "
        f"{report.orphan_comments} comment rows whose ent_num is not in the primary file, "
        f"and {report.stray_comments} comments for remarks that were not cut"
    )


# --- locating and sniffing files -----------------------------------------------------------


def locate(path: Path) -> list[FileSet]:
    """The CSV sets ``path`` stands for.

    A folder yields one set per primary file it holds. A file named ``sdn.csv`` or
    ``cons_prim.csv`` brings its siblings along; a primary file saved under another name is
    read alone (names containing ``cons`` are taken as the Consolidated list).
    """
    if path.is_dir():
        return [found for layout in LAYOUTS if (found := _set_in(path, layout)) is not None]
    name = path.name.lower()
    for layout in LAYOUTS:
        if name == layout.primary:
            found = _set_in(path.parent, layout, primary=path)
            return [found] if found is not None else []
        if name in layout.names:
            raise ListFormatError(
                str(path), f"{name} only completes {layout.primary}: give that file or its folder"
            )
    layout = CONSOLIDATED if "cons" in name else SDN
    return [FileSet(layout.list_id, path)]


def _set_in(folder: Path, layout: Layout, primary: Path | None = None) -> FileSet | None:
    try:
        files = {entry.name.lower(): entry for entry in folder.iterdir() if entry.is_file()}
    except OSError as error:
        raise ListFormatError(
            str(folder), f"cannot be listed ({error.strerror or error})"
        ) from None
    primary = primary or files.get(layout.primary)
    if primary is None:
        return None
    return FileSet(
        layout.list_id,
        primary,
        alt=files.get(layout.alt),
        add=files.get(layout.add),
        comments=files.get(layout.comments),
    )


def looks_primary(path: Path) -> bool:
    """Whether the first record reads like ``sdn.csv``: 12 columns, numeric ent_num, a known type.

    Header-less and ``-0-``-filled, the layout is unlike any other list format's first line.
    """
    head = sniff(path)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    first = head.split(b"\n", 1)[0].rstrip(b"\r").decode("latin-1")
    if not first:
        return False
    try:
        fields = next(csv.reader([first], strict=True))
    except (csv.Error, StopIteration):
        return False
    if len(fields) != PRIMARY_COLUMNS or not _is_number(fields[0]):
        return False
    kind = fields[2].strip().lower()
    return kind in KINDS or kind == "-0-"


def _is_number(cell: str) -> bool:
    value = cell.strip()
    return value.isascii() and value.isdigit()


# --- reading rows --------------------------------------------------------------------------


class Row(NamedTuple):
    """One CSV record with its place in the file and its text as written."""

    line: int
    fields: list[str]
    raw: str

    @property
    def ent_num(self) -> str:
        return self.fields[0].strip()


def read_rows(path: Path, columns: int, *, primary: bool) -> list[Row]:
    """All records of one file, checked for completeness and shape."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ListFormatError(str(path), f"cannot be read ({error.strerror or error})") from None
    body = data.rstrip(b"\r\n\t ")
    complete = body.endswith(EOF_MARKER)
    if complete:
        body = body[: -len(EOF_MARKER)]
    elif primary:
        raise ListFormatError(
            str(path),
            "truncated: the end-of-file marker (0x1A) that closes every complete OFAC CSV "
            "file is missing",
        )
    elif body and not data.endswith(b"\n"):
        raise ListFormatError(
            str(path), "truncated: the last line is incomplete and no end-of-file marker follows"
        )
    return list(_records(path, decode(body), columns))


def decode(data: bytes) -> str:
    """Text of a CSV file: OFAC's files are ASCII, re-saved copies UTF-8 or Windows-1252;
    anything else is read as Latin-1 rather than refused, since every byte is a character."""
    try:
        return decode_text(data)
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _records(path: Path, text: str, columns: int) -> Iterator[Row]:
    lines = text.split("\n")
    reader = csv.reader((line + "\n" for line in lines), strict=True)
    start = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ListFormatError(str(path), f"line {reader.line_num}: {error}") from None
        raw = "\n".join(line.rstrip("\r") for line in lines[start : reader.line_num])
        line_no, start = start + 1, reader.line_num
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != columns:
            raise ListFormatError(
                str(path), f"line {line_no}: expected {columns} columns, found {len(fields)}"
            )
        if not _is_number(fields[0]):
            raise ListFormatError(
                str(path), f"line {line_no}: ent_num {fields[0].strip()!r} is not a number"
            )
        yield Row(line_no, fields, raw)


# --- parsing a set -------------------------------------------------------------------------


def parse_set(
    primary: Path,
    *,
    alt: Path | None = None,
    add: Path | None = None,
    comments: Path | None = None,
    list_id: str | None = None,
    source: str | None = None,
) -> tuple[ParsedList, JoinReport]:
    """One list from explicitly named files, with an account of the rows that did not join.

    This is how to combine files of different dates, e.g. an ``sdn.csv`` with a newer
    ``alt.csv``/``add.csv`` saved elsewhere: parties keep their ``ent_num`` across releases, so
    their rows join, and rows of parties designated later are reported, not fatal.
    """
    if list_id is None:
        list_id = CONSOLIDATED.list_id if "cons" in primary.name.lower() else SDN.list_id
    rows = read_rows(primary, PRIMARY_COLUMNS, primary=True)
    ids = _check_parties(primary, rows)
    aliases, orphan_aliases = _group(_optional_rows(alt, ALT_COLUMNS), ids)
    addresses, orphan_addresses = _group(_optional_rows(add, ADD_COLUMNS), ids)
    overflow, orphan_comments = _group(_optional_rows(comments, COMMENT_COLUMNS), ids)
    index = _name_index(rows, list_id)
    entities = []
    stray = 0
    for row in rows:
        ent = row.ent_num
        remark, cut, joined = _remark(row, overflow.get(ent, []))
        stray += len(overflow.get(ent, [])) - len(joined)
        entities.append(
            _entity(
                row,
                list_id=list_id,
                remarks=parse_remarks(remark, cut=cut),
                aliases=aliases.get(ent, []),
                addresses=addresses.get(ent, []),
                comments=joined,
                index=index,
            )
        )
    parsed = ParsedList(
        info=list_info(list_id),
        entities=tuple(entities),
        published=None,
        expected_count=None,
        source=source if source is not None else str(primary),
    )
    report = JoinReport(
        orphan_aliases=orphan_aliases,
        orphan_addresses=orphan_addresses,
        orphan_comments=orphan_comments,
        stray_comments=stray,
    )
    return parsed, report


def _optional_rows(path: Path | None, columns: int) -> list[Row]:
    return read_rows(path, columns, primary=False) if path is not None else []


def _check_parties(path: Path, rows: list[Row]) -> set[str]:
    """The ent_nums of the primary file, each of which must be unique and carry a name."""
    seen: dict[str, int] = {}
    for row in rows:
        if clean(row.fields[1]) is None:
            raise ListFormatError(str(path), f"line {row.line}: ent_num {row.ent_num} has no name")
        if row.ent_num in seen:
            raise ListFormatError(
                str(path),
                f"line {row.line}: ent_num {row.ent_num} is listed twice "
                f"(first on line {seen[row.ent_num]})",
            )
        seen[row.ent_num] = row.line
    return set(seen)


def _group(rows: Iterable[Row], ids: set[str]) -> tuple[dict[str, list[Row]], int]:
    """Auxiliary rows by ent_num, and how many named no party of the primary file."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    orphans = 0
    for row in rows:
        if row.ent_num in ids:
            grouped[row.ent_num].append(row)
        else:
            orphans += 1
    return grouped, orphans


def _remark(row: Row, comments: list[Row]) -> tuple[str, bool, list[Row]]:
    """The full remarks text, whether it is still cut short, and the comments glued on."""
    remark = row.fields[11]
    if len(remark) < REMARKS_WIDTH:
        return remark, False, []
    if not comments:
        return remark, True, []
    return remark + "".join(comment.fields[1] for comment in comments), False, comments


# --- building entities ---------------------------------------------------------------------


def _name_key(name: str) -> str:
    """Names as ``Linked To:`` cites them: OFAC drops a final full stop (``..., S.A``)."""
    return " ".join(name.split()).rstrip(". ").casefold()


def _name_index(rows: list[Row], list_id: str) -> dict[str, str | None]:
    """Primary name -> entity id, ``None`` where several parties share the name."""
    index: dict[str, str | None] = {}
    for row in rows:
        key = _name_key(row.fields[1])
        entity_id = f"{list_id}-{row.ent_num}"
        index[key] = entity_id if key not in index else None
    return index


def _entity(
    row: Row,
    *,
    list_id: str,
    remarks: Remarks,
    aliases: list[Row],
    addresses: list[Row],
    comments: list[Row],
    index: dict[str, str | None],
) -> Entity:
    fields = row.fields
    ent = row.ent_num
    kind = _kind(fields[2])
    person = kind is EntityKind.PERSON
    primary = clean(fields[1]) or ent  # never empty: checked by _check_parties
    places = [_address(address) for address in addresses]
    vessel = _vessel(fields)
    return Entity(
        id=f"{list_id}-{ent}",
        list_id=list_id,
        source_ref=ent,
        kind=kind,
        names=_names(primary, person, aliases, remarks),
        birth_dates=tuple(dict.fromkeys(remarks.birth_dates)),
        birth_places=unique(remarks.birth_places),
        nationalities=unique(
            _country(text) for text in remarks.nationalities + remarks.citizenships
        ),
        countries=unique(
            [_country(clean(fields[9]))]
            + [_country(text) for text in remarks.registration_countries]
            + [place.country for place, _ in places if place is not None]
        ),
        gender=remarks.gender,
        titles=unique([clean(fields[4])]),
        identifiers=_identifiers(fields, remarks),
        addresses=tuple(dict.fromkeys(place for place, _ in places if place is not None)),
        programs=programs(fields[3]),
        remarks=unique(vessel + list(remarks.other) + [note for _, note in places]),
        links=_links(fields, remarks, index),
        raw="\n".join(r.raw for r in [row, *comments, *aliases, *addresses]),
    )


def _kind(text: str) -> EntityKind:
    value = clean(text)
    if value is None:
        return EntityKind.ORGANIZATION
    return KINDS.get(value.lower(), EntityKind.UNKNOWN)


def programs(text: str) -> tuple[str, ...]:
    """``SDGT] [SYRIA] [IRGC`` -> ``("SDGT", "SYRIA", "IRGC")``: the cell is a list in brackets
    whose outermost brackets OFAC leaves off."""
    value = clean(text)
    if value is None:
        return ()
    return unique(part.strip() for part in _PROGRAM_SEPARATOR.split(value.strip("[] ")))


def _names(primary: str, person: bool, aliases: list[Row], remarks: Remarks) -> tuple[Name, ...]:
    names = [_name(primary, NameType.PRIMARY, person)]
    for row in aliases:
        full = clean(row.fields[3])
        if full is None:
            continue
        kind = (clean(row.fields[2]) or "aka").lower()
        notes = [part for part in (ALIAS_NOTES.get(kind), clean(row.fields[4])) if part]
        alias_type = ALIAS_TYPES.get(kind, NameType.AKA)
        names.append(_name(full, alias_type, person, "; ".join(notes) or None))
    for alias in remarks.aliases:
        label = None if alias.label == "a.k.a." else alias.label
        names.append(_name(alias.name, NameType.WEAK, person, label))
    distinct: dict[tuple[str, NameType], Name] = {}
    for name in names:
        distinct.setdefault((name.full, name.type), name)
    return tuple(distinct.values())


def _name(full: str, type: NameType, person: bool, note: str | None = None) -> Name:
    """A name; a person's ``LAST, First`` also gives family and given names."""
    if person and "," in full:
        family, given = full.split(",", 1)
        return make_name(full, type, family=family, given=given, note=note)
    return make_name(full, type, note=note)


def _country(text: str | None) -> str | None:
    """ISO alpha-2 when the name resolves, else the name as written (never dropped)."""
    if text is None:
        return None
    return to_iso2(text) or text


def _identifiers(fields: list[str], remarks: Remarks) -> tuple[Identifier, ...]:
    found = []
    call_sign = clean(fields[5])
    if call_sign is not None:
        found.append(Identifier(type="Call Sign", value=call_sign))
    for identifier in remarks.identifiers:
        country = _country(identifier.country)
        note = _EXPIRES.sub("; ", identifier.note) if identifier.note else None
        found.append(msgspec.structs.replace(identifier, country=country, note=note))
    return tuple(dict.fromkeys(found))


def _vessel(fields: list[str]) -> list[str]:
    """Vessel columns without a field of their own, as labelled remarks.

    Written as OFAC's XML parser writes them, so a vessel reads the same whichever format was
    loaded. The flag is also resolved into ``countries``; the remark keeps which tie it is.
    """
    cells = (
        ("Vessel Type", fields[6]),
        ("Vessel Flag", fields[9]),
        ("Vessel Owner", fields[10]),
        ("Tonnage", fields[7]),
        ("GRT", fields[8]),
    )
    return [f"{label} {value}" for label, cell in cells if (value := clean(cell))]


def _address(row: Row) -> tuple[Address | None, str | None]:
    """An address (``None`` when every part is ``-0-``) and its remark, if any."""
    street, city, country = (clean(value) for value in row.fields[2:5])
    note = clean(row.fields[5])
    parts = [part for part in (street, city, country) if part is not None]
    if not parts:
        return None, note
    return Address(text=", ".join(parts), city=city, country=_country(country)), note


def _links(fields: list[str], remarks: Remarks, index: dict[str, str | None]) -> tuple[Link, ...]:
    links = [
        Link(relation="linked_to", target_name=name, target_id=index.get(_name_key(name)))
        for name in remarks.linked_to
    ]
    owner = clean(fields[10])
    if owner is not None:
        links.append(
            Link(relation="vessel_owner", target_name=owner, target_id=index.get(_name_key(owner)))
        )
    return tuple(dict.fromkeys(links))


__all__ = [
    "CONSOLIDATED",
    "PARSER",
    "SDN",
    "FileSet",
    "JoinReport",
    "Layout",
    "OfacCsvParser",
    "describe",
    "locate",
    "looks_primary",
    "parse_set",
    "programs",
]
