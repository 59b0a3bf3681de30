"""EU sanctions annexes as transcribed from the Official Journal by OpenSanctions.

Each CSV holds the complete annexes of one EU framework act (``32012R0267.csv`` is Council
Regulation 267/2012 on Iran), one row per designation in one annex. The transcription keeps the
printed wording: dates, countries and identifiers are prose, and multi-valued cells are
``;``-separated with CSV-style quoting inside the cell. The folder of all framework acts is one
list (``eu-oj``), because that is what the EU publishes: one body of law, many annexes.

The same party appears in several annexes (IRGC Qods Force is in both the Iran and the Syria
regulation): each annex entry stays its own entity, since each is a separate legal designation
with its own date and reasons, and screening groups them.

Annex entry numbers restart in every annex, so the stable identifier of an entry is
``<celex>-<annex>-<number>``; entries the act prints without a number are identified by a digest
of their name, which stays stable for as long as the EU does not rename the party.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import msgspec

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
from watchkeeper.sources.base import clean, make_name, sniff, unique
from watchkeeper.sources.catalog import list_info

LIST_ID = "eu-oj"

_HEADER = (
    "celex,recordId,programKey,annex,measure,startDate,reason,schema,name,alias,weakAlias,"
    "previousName,country,nationality,jurisdiction,birthDate,birthPlace,position,passportNumber,"
    "gender,appearance,ethnicity,fatherName,motherName,incorporationDate,legalForm,sector,"
    "registrationNumber,taxNumber,idNumber,innCode,ogrnCode,kppCode,okpoCode,leiCode,swiftBic,"
    "ticker,imoNumber,mmsi,flag,address,phone,email,website,notes"
)
COLUMNS = _HEADER.split(",")

KINDS = {
    "Person": EntityKind.PERSON,
    "LegalEntity": EntityKind.ORGANIZATION,
    "Organization": EntityKind.ORGANIZATION,
    "Company": EntityKind.ORGANIZATION,
    "Vessel": EntityKind.VESSEL,
    "Airplane": EntityKind.AIRCRAFT,
    # Facilities, zones and crypto-assets: restricted things that are neither parties nor ships.
    "Asset": EntityKind.UNKNOWN,
}

# Identifier columns -> the identifier type screening and reports show.
IDENTIFIER_COLUMNS = {
    "passportNumber": "passport",
    "idNumber": "national id",
    "registrationNumber": "registration number",
    "taxNumber": "tax id",
    "innCode": "INN",
    "ogrnCode": "OGRN",
    "kppCode": "KPP",
    "okpoCode": "OKPO",
    "leiCode": "LEI",
    "swiftBic": "SWIFT/BIC",
    "ticker": "ticker",
    "imoNumber": "IMO",
    "mmsi": "MMSI",
}

# Columns with no place in the entity model, kept as labelled remarks so nothing printed is lost.
REMARK_COLUMNS = {
    "legalForm": "Legal form",
    "sector": "Sector",
    "incorporationDate": "Date of incorporation",
    "appearance": "Appearance",
    "ethnicity": "Ethnicity",
    "fatherName": "Father's name",
    "motherName": "Mother's name",
    "phone": "Phone",
    "email": "Email",
    "website": "Website",
}

# "(a) X, (b) Y", "a) X b) Y", "(i) X (ii) Y": the annexes' way of enumerating alternatives.
_ENUM_MARK = re.compile(r"(?:^|[\s,;]+)\(?(?:[a-h]|i{1,3}|iv|v|vi{0,3})\)\s+")
_SEPARATORS = re.compile(r"\s*(?:,|;|/|\band/or\b|\band\b|\bor\b)\s*")
_CIRCA_START = re.compile(r"^(?:circa|approximately|approx\.?|about|around)\b", re.I)
# "008827, issued in Iran" / "DG5149481 (passport issued on 22.8.2006)": number, then prose.
_NUMBER_THEN_NOTE = re.compile(r"^(?P<value>[^\s,(]*\d[^\s,(]*)\s*(?:,\s*|\(\s*)(?P<note>.+?)\)?$")
# "Not determined", printed where a birth place or date is unknown.
_PLACEHOLDERS = {"N/D"}
_ISSUED_IN = re.compile(r"^(?:issued\s+(?:in|by)\s+)?(?P<country>.+)$", re.I)


@dataclass
class _Row:
    """One CSV record with where it came from, for error messages and ``raw``."""

    path: Path
    line: int
    cells: dict[str, str]
    raw: str


@dataclass
class _Ids:
    """Entity ids already handed out, so a duplicated annex entry still gets its own id."""

    seen: set[str] = field(default_factory=set)

    def claim(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.seen:
            n += 1
            candidate = f"{base}~{n}"
        self.seen.add(candidate)
        return candidate


class _LineRecorder:
    """Feeds lines to ``csv.reader`` and remembers them, so each record's raw text is exact.

    ``csv.reader`` pulls lines only until a record is complete, so after each record the
    buffer holds precisely that record's lines, quoted line breaks included.
    """

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._buffer: list[str] = []

    def __iter__(self) -> _LineRecorder:
        return self

    def __next__(self) -> str:
        line = next(self._handle)
        self._buffer.append(line)
        return line

    def take(self) -> str:
        raw = "".join(self._buffer)
        self._buffer.clear()
        return raw.rstrip("\r\n")


class EuJournalParser:
    """The OpenSanctions CSV transcription of EU Official Journal sanctions annexes."""

    format_id = "eu-journal-csv"
    description = "EU Official Journal sanctions annexes (OpenSanctions consolidated CSV)"

    def detect(self, path: Path) -> bool:
        try:
            if path.is_dir():
                files = _csv_files(path)
                return bool(files) and all(_has_header(file) for file in files)
            return path.is_file() and _has_header(path)
        except OSError:
            return False

    def parse(self, path: Path) -> list[ParsedList]:
        files = _csv_files(path) if path.is_dir() else [path]
        if not files:
            raise ListFormatError(str(path), "folder holds no EU Official Journal CSV files")
        ids = _Ids()
        entities = [_entity(row, ids) for file in files for row in _rows(file)]
        return [
            ParsedList(
                info=list_info(LIST_ID),
                entities=tuple(entities),
                published=None,
                expected_count=None,
                source=str(path),
            )
        ]


def _csv_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())


def _has_header(path: Path) -> bool:
    head = sniff(path, 1024).decode("utf-8-sig", errors="replace")
    return head.splitlines()[0].strip() == _HEADER if head else False


def _rows(path: Path) -> Iterator[_Row]:
    """The records of one file, checked against the column contract as they are read."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            recorder = _LineRecorder(handle)
            reader = csv.reader(recorder, strict=True)
            header = next(reader, None)
            recorder.take()
            if header is None:
                raise ListFormatError(str(path), "empty file: no header row")
            if header != COLUMNS:
                raise ListFormatError(str(path), _header_problem(header))
            for cells in reader:
                raw = recorder.take()
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(COLUMNS):
                    raise ListFormatError(
                        str(path),
                        f"record ending on line {reader.line_num} has {len(cells)} fields, "
                        f"expected {len(COLUMNS)} (truncated or misquoted row?)",
                    )
                yield _Row(path, reader.line_num, dict(zip(COLUMNS, cells, strict=True)), raw)
    except UnicodeDecodeError as exc:
        raise ListFormatError(str(path), f"not UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise ListFormatError(str(path), f"malformed CSV: {exc}") from None
    except OSError as exc:
        raise ListFormatError(str(path), f"cannot read file: {exc.strerror}") from None


def _header_problem(header: list[str]) -> str:
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c not in COLUMNS]
    if missing or extra:
        return (
            "header is not the EU Official Journal consolidated layout"
            f" (missing: {', '.join(missing) or '-'}; unexpected: {', '.join(extra) or '-'})"
        )
    return "header columns are in an unexpected order"


def _entity(row: _Row, ids: _Ids) -> Entity:
    cells = row.cells
    celex, annex, schema, name = (
        clean(cells["celex"]),
        clean(cells["annex"]) or "",
        cells["schema"].strip(),
        clean(cells["name"]),
    )
    where = f"line {row.line}"
    if celex is None:
        raise ListFormatError(str(row.path), f"{where}: empty celex")
    if name is None:
        raise ListFormatError(str(row.path), f"{where}: empty name")
    if schema not in KINDS:
        raise ListFormatError(str(row.path), f"{where}: unknown schema {schema!r}")
    source_ref = _source_ref(celex, annex, cells["recordId"], schema, name)
    remarks: list[str] = []
    birth_dates = _dates(cells["birthDate"], "Date of birth", remarks)
    nationalities = _countries(cells["nationality"])
    addresses = tuple(_address(text) for text in _listed_values(cells["address"]))
    birth_places = _listed_values(cells["birthPlace"])
    countries = unique(
        [
            *_countries(cells["country"]),
            *_countries(cells["jurisdiction"]),
            *_countries(cells["flag"]),
            *(a.country for a in addresses),
            *(_trailing_country(place) for place in birth_places),
        ]
    )
    listed_on = _listed_on(cells["startDate"], remarks)
    gender = _gender(cells["gender"], remarks)
    return Entity(
        id=ids.claim(f"{LIST_ID}-{source_ref}"),
        list_id=LIST_ID,
        source_ref=source_ref,
        kind=KINDS[schema],
        names=_names(cells),
        birth_dates=birth_dates,
        birth_places=birth_places,
        nationalities=nationalities,
        countries=countries,
        gender=gender,
        positions=_listed_values(cells["position"]),
        identifiers=_identifiers(cells),
        addresses=addresses,
        programs=unique([clean(cells["programKey"])]),
        listed_on=listed_on,
        remarks=unique([*_prose(cells), *remarks, _annex_remark(cells, celex, annex)]),
        raw=row.raw,
    )


def _source_ref(celex: str, annex: str, record_id: str, schema: str, name: str) -> str:
    """``<celex>-<annex>-<entry number>``; a digest of the name when the act prints no number."""
    number = "".join(record_id.split())
    if not number:
        digest = hashlib.sha1(f"{schema}|{name.casefold()}".encode()).hexdigest()[:10]
        number = f"h{digest}"
    return "-".join(part for part in (celex, annex, number) if part)


def _values(cell: str) -> tuple[str, ...]:
    """Split a multi-valued cell: ``;``-separated, values with ``;`` or ``"`` CSV-quoted."""
    if not cell.strip():
        return ()
    parts = cell.split(";")
    if '"' in cell:
        with contextlib.suppress(csv.Error):
            parts = next(csv.reader([cell], delimiter=";", skipinitialspace=True))
    return unique(_value(part) for part in parts)


def _value(text: str) -> str | None:
    value = clean(text)
    return None if value is None or value.upper() in _PLACEHOLDERS else value


def _listed_values(cell: str) -> tuple[str, ...]:
    """Values of a cell whose values may themselves be ``(a) X, (b) Y`` enumerations."""
    return unique(part for value in _values(cell) for part in _split_enumeration(value))


def _names(cells: dict[str, str]) -> tuple[Name, ...]:
    names = [make_name(cells["name"])]
    for column, name_type in (
        ("alias", NameType.AKA),
        ("weakAlias", NameType.WEAK),
        ("previousName", NameType.FKA),
    ):
        names.extend(make_name(value, name_type) for value in _values(cells[column]))
    result: dict[str, Name] = {}
    for name in names:
        # One entry per spelling; the first (listing name, then a.k.a.) is the strongest.
        if name.full:
            result.setdefault(name.full, name)
    return tuple(result.values())


def _split_enumeration(text: str) -> list[str]:
    """``(a) X, (b) Y`` -> ``[X, Y]``; text without enumeration marks stays whole."""
    parts = [p.strip(" ,;") for p in _ENUM_MARK.split(text)]
    return [p for p in parts if p]


def _dates(cell: str, label: str, remarks: list[str]) -> tuple[PartialDate, ...]:
    """Every date a cell states; text that is not entirely dates is also kept as a remark."""
    found: list[PartialDate] = []
    for value in _values(cell):
        parsed, complete = _parse_dates(value)
        found.extend(parsed)
        if not complete:
            remarks.append(f"{label}: {value}")
    return tuple(dict.fromkeys(found))


def _parse_dates(text: str) -> tuple[list[PartialDate], bool]:
    text = text.rstrip(" .")  # "2 April 1970." ends a printed sentence, not the date
    whole = parse_partial_date(text)
    if whole is not None:
        return [whole], True
    circa = bool(_CIRCA_START.match(text))
    parsed: list[PartialDate] = []
    complete = True
    for part in _split_enumeration(text):
        pieces = [part] if parse_partial_date(part) else [p for p in _SEPARATORS.split(part) if p]
        for piece in pieces:
            date = parse_partial_date(piece)
            if date is None:
                complete = False
            else:
                parsed.append(msgspec.structs.replace(date, circa=True) if circa else date)
    return parsed, complete and bool(parsed)


def _countries(cell: str) -> tuple[str, ...]:
    """ISO codes for a country cell; text that does not resolve is kept as written."""
    found: list[str] = []
    for value in _values(cell):
        codes = _resolve_countries(value)
        found.extend(codes if codes else [value])
    return unique(found)


def _resolve_countries(text: str) -> list[str] | None:
    """All countries an enumeration names, or ``None`` unless every part resolves."""
    code = to_iso2(text)
    if code is not None:
        return [code]
    parts = _split_enumeration(text)
    if parts == [text]:
        parts = [p for p in _SEPARATORS.split(text) if p]
        if parts == [text]:
            return None
    codes: list[str] = []
    for part in parts:
        resolved = _resolve_countries(part)
        if resolved is None:
            return None
        codes.extend(resolved)
    return codes


def _trailing_country(text: str) -> str | None:
    """The country an address or place ends with (``Qom, Iran (Islamic Republic of)``)."""
    return to_iso2(text.rsplit(",", 1)[-1])


def _address(text: str) -> Address:
    return Address(text=text, country=_trailing_country(text))


def _identifiers(cells: dict[str, str]) -> tuple[Identifier, ...]:
    found: list[Identifier] = []
    for column, id_type in IDENTIFIER_COLUMNS.items():
        for value in _values(cells[column]):
            found.extend(_identifier(id_type, part) for part in _split_enumeration(value))
    return tuple(dict.fromkeys(found))


def _identifier(id_type: str, text: str) -> Identifier:
    """Separate the number from the prose the annex prints after it, when that is clear."""
    match = _NUMBER_THEN_NOTE.match(text)
    if match is None:
        return Identifier(type=id_type, value=text)
    note = match["note"].strip()
    issued = _ISSUED_IN.match(note)
    country = to_iso2(issued["country"]) if issued else None
    return Identifier(type=id_type, value=match["value"].rstrip(".,"), country=country, note=note)


def _gender(cell: str, remarks: list[str]) -> str | None:
    value = clean(cell)
    if value is None:
        return None
    if value.lower() in ("male", "female"):
        return value.lower()
    remarks.append(f"Gender: {value}")
    return None


def _listed_on(cell: str, remarks: list[str]) -> tuple[str, ...]:
    value = clean(cell)
    if value is None:
        return ()
    date = parse_partial_date(value)
    if date is None or date.iso is None:
        remarks.append(f"Listed on: {value}")
        return ()
    return (date.iso,)


def _prose(cells: dict[str, str]) -> list[str | None]:
    """Reasons, other information and columns the model has no field for, labelled."""
    prose: list[str | None] = [clean(cells["reason"]), *_values(cells["notes"])]
    for column, label in REMARK_COLUMNS.items():
        prose.extend(f"{label}: {value}" for value in _values(cells[column]))
    return prose


def _annex_remark(cells: dict[str, str], celex: str, annex: str) -> str:
    measure = clean(cells["measure"])
    where = f"Annex {annex} to {celex}" if annex else celex
    return f"{where}: {measure}" if measure else where


PARSER = EuJournalParser()
