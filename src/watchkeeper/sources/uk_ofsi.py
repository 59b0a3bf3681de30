"""HM Treasury OFSI's Consolidated List of Financial Sanctions Targets ("ConList").

OFSI publishes one flat table, as ``ConList.csv`` and as a spreadsheet: a ``Last Updated`` banner
row, a 36-column header, then one row per *name variant* of a listed party. Because the table is
flattened, a party also gets one row per combination of name, regime, date of birth and address
(the IRGC-Qods Force has ten names under two regimes, hence twenty rows). The party itself is the
OFSI "Group ID", so every row is folded back into one entity per Group ID, in the order the file
first mentions each group.

Several cells hold numbered lists (``(1) Iran (2) Iraq``) whose positions line up across columns
(town *n* of birth belongs with country *n* of birth, passport *n* with its details *n*); they
are split and paired here so that nothing downstream has to know the convention.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from itertools import islice
from pathlib import Path
from typing import NamedTuple, TypeVar

import openpyxl
import pycountry

from watchkeeper.countries import to_iso2
from watchkeeper.dates import parse_partial_date
from watchkeeper.errors import ListFormatError
from watchkeeper.model import (
    Address,
    Entity,
    EntityKind,
    Identifier,
    Name,
    NameType,
    ParsedList,
    PartialDate,
)
from watchkeeper.sources.base import clean, decode_text, make_name, require, sniff, unique
from watchkeeper.sources.catalog import list_info

LIST_ID = "uk-ofsi"
BANNER = "Last Updated"

# The 2022-format header. Columns are looked up by name, so an older or reordered layout still
# reads as long as the columns that identify a party and its names are present.
COLUMNS = (
    "Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Title",
    "Name Non-Latin Script", "Non-Latin Script Type", "Non-Latin Script Language",
    "DOB", "Town of Birth", "Country of Birth", "Nationality",
    "Passport Number", "Passport Details",
    "National Identification Number", "National Identification Details", "Position",
    "Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6",
    "Post/Zip Code", "Country", "Other Information", "Group Type", "Alias Type",
    "Alias Quality", "Regime", "Listed On", "UK Sanctions List Date Designated",
    "Last Updated", "Group ID",
)  # fmt: skip
REQUIRED_COLUMNS = frozenset({"Name 6", "Group Type", "Alias Type", "Regime", "Group ID"})
GIVEN_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5")
ADDRESS_COLUMNS = (
    "Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6",
    "Post/Zip Code",
)  # fmt: skip

KINDS = {
    "individual": EntityKind.PERSON,
    "entity": EntityKind.ORGANIZATION,
    "ship": EntityKind.VESSEL,
}

# Alias Type -> (name type, sort rank, note). A "primary name variation" is the primary name
# transliterated differently, so it is as authoritative as the primary name and ranks just after.
ALIAS_TYPES: dict[str, tuple[NameType, int, str | None]] = {
    "primary name": (NameType.PRIMARY, 0, None),
    "primary name variation": (NameType.PRIMARY, 1, "primary name variation"),
    "aka": (NameType.AKA, 2, None),
    "fka": (NameType.FKA, 2, None),
}
OTHER_ALIAS = (NameType.AKA, 2, None)

# Languages pycountry does not find under the name OFSI uses.
LANGUAGE_ALIASES = {"greek": "el", "farsi": "fa"}

XLSX_MAGIC = b"PK\x03\x04"

T = TypeVar("T")

# "(3)", "(1-3)" or "(1) to (6)": the item markers of OFSI's numbered lists.
_MARKER = re.compile(r"\((\d{1,2})(?:\s*-\s*(\d{1,2}))?\)(?:\s*to\s*\((\d{1,2})\))?")
_UKSL_REF = re.compile(
    r"\(UK Sanctions List Ref\):\s*([A-Z]{3}\d{4}(?:\s*(?:,|and|&)\s*[A-Z]{3}\d{4})*)"
)
_UKSL_CODE = re.compile(r"[A-Z]{3}\d{4}")
_UN_REF = re.compile(r"\(UN Ref\):\s*([A-Za-z]{2,3}\.\d{3})")
_IMO = re.compile(r"\(IMO number\):\s*(?:IMO\s*)?(\d{7})\b")
_GENDER = re.compile(r"\(Gender\):\s*(male|female)\b", re.IGNORECASE)


class Row(NamedTuple):
    """One name-variant row: its cells by column name (cleaned), and its text for ``raw``."""

    cells: dict[str, str | None]
    raw: str
    line: int

    def get(self, column: str) -> str | None:
        return self.cells.get(column)


@dataclass(frozen=True, slots=True)
class Table:
    """The ConList as read from either file type, before rows are folded into parties."""

    published: date | None
    rows: list[Row]


# --------------------------------------------------------------------------------------------
# Numbered lists and small value helpers
# --------------------------------------------------------------------------------------------


def split_numbered(text: str | None) -> list[str | None]:
    """Split ``(1) a (2) b`` into ``["a", "b"]``; plain text is a one-item list.

    Positions are kept (a ``-`` item becomes ``None``, ``(1-3) Libya`` becomes three items)
    because columns are paired by position. A marker is only taken as one when it continues
    the numbering, so "(2012-2013)" or "Unit (04-01)" inside an item is left alone; a repeated
    number, a slip OFSI sometimes makes, is tolerated.
    """
    if text is None:
        return []
    text = text.strip()
    marks: list[tuple[re.Match[str], int, int]] = []
    expected = 1
    for match in _MARKER.finditer(text):
        start = int(match[1])
        end = int(match[2] or match[3] or start)
        repeated = bool(marks) and start == marks[-1][2] and end == start
        if (start == expected or repeated) and end >= start:
            marks.append((match, start, end))
            expected = end + 1
    if not marks or marks[0][0].start() != 0:
        return [clean(text)]
    items: list[str | None] = []
    for index, (match, start, end) in enumerate(marks):
        stop = marks[index + 1][0].start() if index + 1 < len(marks) else len(text)
        item = clean(text[match.end() : stop].strip().rstrip(".;,").strip())
        items.extend([item] * (end - start + 1))
    return items


def country_code(text: str | None) -> str | None:
    """Alpha-2 code of a country as OFSI writes it, or the text itself if it cannot be resolved."""
    if text is None:
        return None
    return to_iso2(text) or text


@cache
def language_code(text: str | None) -> str | None:
    """ISO 639-1 (else 639-3) code for "Russian", "Persian/Farsi"...; ``None`` if unknown.

    The column is sometimes filled with a script or a country ("Cyrillic", "Russia"); those are
    left unresolved rather than guessed.
    """
    if text is None:
        return None
    for part in text.split("/"):
        key = part.strip().casefold()
        if key in LANGUAGE_ALIASES:
            return LANGUAGE_ALIASES[key]
        try:
            language = pycountry.languages.lookup(key)
        except LookupError:
            continue
        return str(getattr(language, "alpha_2", None) or language.alpha_3)
    return None


def published_date(path: Path, text: str | None) -> date | None:
    """The banner's "Last Updated" date (day first), ignoring a time of day if one follows."""
    if text is None:
        return None
    parsed = parse_partial_date(text.split()[0])
    require(
        parsed is not None and parsed.day is not None,
        path,
        f"the {BANNER!r} banner holds {text!r}, which is not a date",
    )
    assert parsed is not None and parsed.year is not None
    assert parsed.month is not None and parsed.day is not None
    return date(parsed.year, parsed.month, parsed.day)


def is_header(cells: Sequence[str | None]) -> bool:
    """Whether a row is the ConList header (and not, say, the UK Sanctions List's)."""
    return REQUIRED_COLUMNS.issubset(cell.strip() for cell in cells if cell)


def is_banner(cells: Sequence[str | None]) -> bool:
    return bool(cells) and (cells[0] or "").strip().casefold() == BANNER.casefold()


# --------------------------------------------------------------------------------------------
# Reading the two file types into one table
# --------------------------------------------------------------------------------------------


def build_table(
    path: Path, rows: Iterator[tuple[Sequence[str | None], str, int]], *, pad: bool
) -> Table:
    """Consume the banner, the header and the data rows of either file type.

    ``pad`` says whether a short row is normal (spreadsheets omit trailing empty cells) or a
    sign that the file was cut off (CSV).
    """
    first = next(rows, None)
    require(first is not None, path, "the file is empty")
    assert first is not None
    published = None
    header_row: tuple[Sequence[str | None], str, int] | None = first
    if is_banner(first[0]) and not is_header(first[0]):
        published = published_date(path, clean(first[0][1]) if len(first[0]) > 1 else None)
        header_row = next(rows, None)
    require(
        header_row is not None and is_header(header_row[0]),
        path,
        "no ConList header row (expected a 'Last Updated' banner, then columns "
        + ", ".join(sorted(REQUIRED_COLUMNS))
        + ")",
    )
    assert header_row is not None
    header = [(cell or "").strip() for cell in header_row[0]]
    width = len(header)
    while header and not header[-1]:
        header.pop()
    table: list[Row] = []
    for cells, raw, line in rows:
        if not any(cell and cell.strip() for cell in cells):
            continue
        if len(cells) < len(header):
            require(
                pad,
                path,
                f"row at line {line} has {len(cells)} of {width} columns: the file is cut off "
                "or the row is malformed",
            )
        elif any(cell and cell.strip() for cell in cells[len(header) :]):
            raise ListFormatError(
                str(path), f"row at line {line} has more columns ({len(cells)}) than the header"
            )
        values = [clean(cell) if cell else None for cell in cells]
        table.append(Row(dict(zip(header, values, strict=False)), raw, line))
    return Table(published, table)


class LineTap:
    """Hands a CSV reader one physical line at a time, keeping the lines each record used.

    That is how ``raw`` gets a record's original text, quoted line breaks included, without
    reading the file twice.
    """

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.taken: list[str] = []
        self.line = 0

    def __iter__(self) -> LineTap:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.line += 1
        self.taken.append(line)
        return line

    def record_text(self) -> str:
        text = "".join(self.taken).rstrip("\r\n")
        self.taken.clear()
        return text


def decode_csv(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM); older ConList files were Windows-1252."""
    try:
        return decode_text(data)
    except UnicodeDecodeError as exc:
        raise ListFormatError(str(path), f"not UTF-8 or Windows-1252 text: {exc}") from None


def csv_rows(path: Path, text: str) -> Iterator[tuple[Sequence[str | None], str, int]]:
    tap = LineTap(iter(io.StringIO(text, newline="")))
    reader = csv.reader(tap)
    while True:
        start = tap.line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ListFormatError(str(path), f"malformed CSV near line {start}: {exc}") from None
        yield cells, tap.record_text(), start


def read_csv(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ListFormatError(str(path), f"cannot be read: {exc}") from None
    return build_table(path, csv_rows(path, decode_csv(path, data)), pad=False)


def cell_text(value: object) -> str | None:
    """A spreadsheet cell as the text the CSV edition would carry for it."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def csv_line(cells: Sequence[str | None]) -> str:
    """A spreadsheet row rendered as a CSV line, so ``raw`` reads the same for both editions."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(["" if c is None else c for c in cells])
    return buffer.getvalue()


def xlsx_values(path: Path, limit: int | None = None) -> list[tuple[str | None, ...]]:
    """The first sheet's rows as text. openpyxl's read-only mode streams the sheet XML.

    openpyxl reports a damaged workbook through whatever its zip and XML layers raise, so every
    failure while reading is reported as the file being unreadable.
    """
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ListFormatError(str(path), f"not a readable xlsx workbook: {exc!r}") from None
    try:
        sheets = workbook.worksheets
        require(bool(sheets), path, "the workbook has no sheets")
        rows = sheets[0].iter_rows(values_only=True)
        return [tuple(map(cell_text, row)) for row in islice(rows, limit)]
    except ListFormatError:
        raise
    except Exception as exc:
        raise ListFormatError(str(path), f"the workbook is damaged: {exc!r}") from None
    finally:
        workbook.close()


def read_xlsx(path: Path) -> Table:
    rows = ((cells, csv_line(cells), line) for line, cells in enumerate(xlsx_values(path), 1))
    return build_table(path, rows, pad=True)


# --------------------------------------------------------------------------------------------
# Folding a party's rows into one entity
# --------------------------------------------------------------------------------------------


def column(rows: Iterable[Row], name: str) -> tuple[str, ...]:
    """The distinct values of a column across a party's rows, in file order."""
    return unique(row.get(name) for row in rows)


class NameSpec(NamedTuple):
    """A name as a row gives it, before ``make_name``: rows repeat names once per regime, date
    of birth and address, so names are de-duplicated first and built once."""

    rank: int
    full: str
    type: NameType
    note: str | None
    given: tuple[str, ...] = ()
    family: str | None = None
    lang: str | None = None


def row_names(row: Row) -> list[NameSpec]:
    """The Latin-script name of a row and its non-Latin-script twin."""
    name_type, rank, note = ALIAS_TYPES.get((row.get("Alias Type") or "").casefold(), OTHER_ALIAS)
    if (row.get("Alias Quality") or "").casefold().startswith("low"):
        name_type = NameType.WEAK
    given = tuple(part for part in (row.get(c) for c in GIVEN_COLUMNS) if part)
    family = row.get("Name 6")
    specs: list[NameSpec] = []
    if full := " ".join([*given, family] if family else given):
        specs.append(NameSpec(rank, full, name_type, note, given, family))
    if original := row.get("Name Non-Latin Script"):
        lang = language_code(row.get("Non-Latin Script Language"))
        specs.append(NameSpec(rank, original, name_type, note, lang=lang))
    return specs


def entity_names(rows: Sequence[Row], kind: EntityKind) -> tuple[Name, ...]:
    """Primary names first, then their variations, then aliases; each (full, type) once.

    Name parts are kept for people only: for an entity or ship "Name 6" is the whole name.
    """
    specs: dict[tuple[str, NameType], NameSpec] = {}
    for spec in sorted((s for row in rows for s in row_names(row)), key=lambda s: s.rank):
        specs.setdefault((spec.full, spec.type), spec)
    person = kind is EntityKind.PERSON
    return tuple(
        make_name(
            spec.full,
            spec.type,
            given=spec.given[0] if person and spec.given else None,
            middle=" ".join(spec.given[1:]) if person else None,
            family=spec.family if person else None,
            lang=spec.lang,
            note=spec.note,
        )
        for spec in specs.values()
    )


def birth_places(row: Row) -> list[str]:
    """ "Town, Country" per numbered position; unpaired towns and countries stand alone."""
    towns = split_numbered(row.get("Town of Birth"))
    countries = split_numbered(row.get("Country of Birth"))
    pairs: list[tuple[str | None, str | None]]
    if len(countries) <= 1:
        country = countries[0] if countries else None
        pairs = [(town, country) for town in towns] or [(None, country)]
    elif len(towns) == len(countries):
        pairs = list(zip(towns, countries, strict=True))
    else:
        pairs = [(town, None) for town in towns] + [(None, c) for c in countries]
    return [", ".join(part for part in pair if part) for pair in pairs]


def documents(
    rows: Sequence[Row], kind: str, numbers_column: str, details_column: str
) -> tuple[list[Identifier], list[str]]:
    """Identifiers from a number column and its details column, paired by position.

    A single detail ("Issued in Iran") describes every number; details that cannot be paired
    with a number are returned as remarks so they are not lost.
    """
    identifiers: list[Identifier] = []
    remarks: list[str] = []
    for row in rows:
        numbers = split_numbered(row.get(numbers_column))
        details = split_numbered(row.get(details_column))
        if len(details) == 1 and numbers:
            details = details * len(numbers)
        paired = len(details) == len(numbers)
        for index, number in enumerate(numbers):
            if number:
                note = details[index] if paired else None
                identifiers.append(Identifier(type=kind, value=number, note=note))
        if details and not paired and (text := row.get(details_column)):
            remarks.append(f"{details_column}: {text}")
    return identifiers, remarks


def reference_identifiers(other_information: Sequence[str]) -> list[Identifier]:
    """The cross-references OFSI writes into "Other Information": UK Sanctions List, UN, IMO."""
    found: list[Identifier] = []
    for text in other_information:
        if match := _IMO.search(text):
            found.append(Identifier(type="imo", value=match[1]))
        if match := _UKSL_REF.search(text):
            found.extend(
                Identifier(type="uk_sanctions_list_ref", value=code)
                for code in _UKSL_CODE.findall(match[1])
            )
        if match := _UN_REF.search(text):
            found.append(Identifier(type="un_ref", value=match[1]))
    return found


def gender(other_information: Sequence[str]) -> str | None:
    for text in other_information:
        if match := _GENDER.search(text):
            return match[1].lower()
    return None


def address(row: Row) -> Address | None:
    lines = [part for part in (row.get(c) for c in ADDRESS_COLUMNS) if part]
    country = row.get("Country")
    if country:
        lines.append(country)
    if not lines:
        return None
    return Address(text=", ".join(lines), country=country_code(country))


def dates(texts: Iterable[str], label: str) -> tuple[list[PartialDate], list[str]]:
    """Parsed dates, and remarks keeping the ones that are not dates."""
    parsed: list[PartialDate] = []
    remarks: list[str] = []
    for text in texts:
        value = parse_partial_date(text)
        if value is None:
            remarks.append(f"{label}: {text}")
        else:
            parsed.append(value)
    return parsed, remarks


def build_entity(group_id: str, rows: Sequence[Row]) -> Entity:
    """One listed party from all the rows that carry its Group ID."""
    kind_text = next(iter(column(rows, "Group Type")), "")
    kind = KINDS.get(kind_text.casefold(), EntityKind.UNKNOWN)
    other = column(rows, "Other Information")
    birth_dates, date_remarks = dates(column(rows, "DOB"), "Date of birth")
    listed, listed_remarks = dates(column(rows, "Listed On"), "Listed on")
    passports, passport_remarks = documents(rows, "passport", "Passport Number", "Passport Details")
    national_ids, national_remarks = documents(
        rows, "national_id", "National Identification Number", "National Identification Details"
    )
    identifiers = unique_structs([*passports, *national_ids, *reference_identifiers(other)])
    addresses = unique_structs(a for a in map(address, rows) if a is not None)
    return Entity(
        id=f"{LIST_ID}-{group_id}",
        list_id=LIST_ID,
        source_ref=group_id,
        kind=kind,
        names=entity_names(rows, kind),
        birth_dates=unique_structs(birth_dates),
        birth_places=unique(place for row in rows for place in birth_places(row)),
        nationalities=unique(
            country_code(item) for row in rows for item in split_numbered(row.get("Nationality"))
        ),
        countries=unique(a.country for a in addresses),
        gender=gender(other),
        titles=unique(item for row in rows for item in split_numbered(row.get("Title"))),
        positions=unique(item for row in rows for item in split_numbered(row.get("Position"))),
        identifiers=identifiers,
        addresses=addresses,
        programs=column(rows, "Regime"),
        listed_on=unique(d.iso for d in listed),
        remarks=unique(
            [*other, *date_remarks, *listed_remarks, *passport_remarks, *national_remarks]
        ),
        raw="\n".join(row.raw for row in rows),
    )


def unique_structs(values: Iterable[T]) -> tuple[T, ...]:
    """Distinct hashable values (frozen structs) in first-seen order."""
    return tuple(dict.fromkeys(values))


def group_rows(path: Path, rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Rows by Group ID, groups in order of first appearance (the file is sorted by name)."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        group_id = row.get("Group ID")
        require(group_id is not None, path, f"row at line {row.line} has no Group ID")
        assert group_id is not None
        groups.setdefault(group_id, []).append(row)
    return groups


# --------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------


def is_xlsx(head: bytes) -> bool:
    return head.startswith(XLSX_MAGIC)


def csv_has_header(head: bytes) -> bool:
    """Whether the first bytes are a ConList CSV: banner then header, or the header alone."""
    text = head.decode("utf-8-sig", errors="replace")
    rows = list(islice(csv.reader(io.StringIO(text, newline="")), 2))
    if not rows:
        return False
    if is_banner(rows[0]) and not is_header(rows[0]):
        return len(rows) > 1 and is_header(rows[1])
    return is_header(rows[0])


def xlsx_has_header(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            return False
    first_rows = xlsx_values(path, limit=2)
    return any(is_header(row) for row in first_rows)


class UkOfsiParser:
    """OFSI ConList in its CSV (``ConList.csv``) and spreadsheet (``.xlsx``) editions."""

    format_id = "uk-ofsi-conlist"
    description = "UK HM Treasury OFSI Consolidated List (ConList), CSV or XLSX"

    def detect(self, path: Path) -> bool:
        try:
            if not path.is_file():
                return False
            head = sniff(path)
            return xlsx_has_header(path) if is_xlsx(head) else csv_has_header(head)
        except Exception:
            # Detection is a guess over arbitrary files; an unreadable file is simply not ours.
            return False

    def parse(self, path: Path) -> list[ParsedList]:
        require(path.is_file(), path, "expected a ConList .csv or .xlsx file")
        table = read_xlsx(path) if is_xlsx(sniff(path, len(XLSX_MAGIC))) else read_csv(path)
        groups = group_rows(path, table.rows)
        entities = tuple(build_entity(group_id, rows) for group_id, rows in groups.items())
        return [
            ParsedList(
                info=list_info(LIST_ID),
                entities=entities,
                published=table.published,
                expected_count=None,
                source=str(path),
            )
        ]


PARSER = UkOfsiParser()
