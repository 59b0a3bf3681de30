"""The OFSI Consolidated List (ConList) parser, on its CSV and XLSX editions.

The fixture ``ConList.csv`` follows the official layout: UTF-8 with a BOM, CRLF line ends, the
"Last Updated" banner, the 36-column header, one row per name variant sorted by name (so a
party's rows are scattered), quoted fields with commas, quotes and line breaks, Arabic and
Cyrillic names. Its parties are real ones from the 2025-04-10 list (shortened), plus one
fictional person for forms the real ones do not show.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import msgspec
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchkeeper.errors import ListFormatError
from watchkeeper.model import Address, Entity, EntityKind, Identifier, NameType, ParsedList
from watchkeeper.sources.uk_ofsi import COLUMNS, PARSER, language_code, split_numbered

REAL_XLSX = Path("uk/ofsi_conlist_2025-04-10/UK_Sanctions_List.xlsx")


# --------------------------------------------------------------------------------------------
# Helpers and fixtures
# --------------------------------------------------------------------------------------------


def csv_table(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_xlsx(path: Path, table: list[list[object]]) -> Path:
    """A workbook laid out like OFSI's spreadsheet edition: one sheet, banner row, header."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in table:
        sheet.append([None if cell == "" else cell for cell in row])
    workbook.save(path)
    return path


def without_raw(entities: tuple[Entity, ...]) -> list[Entity]:
    return [msgspec.structs.replace(entity, raw="") for entity in entities]


@pytest.fixture(scope="module")
def conlist_csv(fixtures: Path) -> Path:
    return fixtures / "uk_ofsi" / "ConList.csv"


@pytest.fixture(scope="module")
def parsed(conlist_csv: Path) -> ParsedList:
    [result] = PARSER.parse(conlist_csv)
    return result


@pytest.fixture(scope="module")
def by_ref(parsed: ParsedList) -> dict[str, Entity]:
    return {entity.source_ref: entity for entity in parsed.entities}


@pytest.fixture(scope="module")
def conlist_xlsx(conlist_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    table: list[list[object]] = [list(row) for row in csv_table(conlist_csv)]
    return write_xlsx(tmp_path_factory.mktemp("xlsx") / "ConList.xlsx", table)


def names_of(entity: Entity, name_type: NameType) -> list[str]:
    return [name.full for name in entity.names if name.type is name_type]


# --------------------------------------------------------------------------------------------
# One entity per party
# --------------------------------------------------------------------------------------------


def test_list_metadata_comes_from_the_file(parsed: ParsedList, conlist_csv: Path) -> None:
    assert parsed.info.id == "uk-ofsi"
    assert parsed.published == date(2025, 4, 10)
    assert parsed.expected_count is None  # the ConList announces no record count
    assert parsed.source == str(conlist_csv)


def test_rows_of_one_group_id_become_one_entity_in_order_of_first_appearance(
    parsed: ParsedList,
) -> None:
    assert [entity.id for entity in parsed.entities] == [
        "uk-ofsi-13312",  # AA, AZOUZ, AZZOUZ
        "uk-ofsi-13189",  # ADF
        "uk-ofsi-13651",  # AKTIVA (the ship SAM JONG 2)
        "uk-ofsi-14179",  # GENBANK
        "uk-ofsi-11241",  # AL QODS (the IRGC-Qods Force)
        "uk-ofsi-8920",  # FARAG, ZOGHBI
        "uk-ofsi-16026",  # POTEPKIN
        "uk-ofsi-99901",  # QARAWI
        "uk-ofsi-15599",  # SOLEIMANI
    ]
    assert all(entity.list_id == "uk-ofsi" for entity in parsed.entities)
    assert all(entity.id == f"uk-ofsi-{entity.source_ref}" for entity in parsed.entities)


def test_group_type_gives_the_kind(by_ref: dict[str, Entity]) -> None:
    assert by_ref["15599"].kind is EntityKind.PERSON
    assert by_ref["11241"].kind is EntityKind.ORGANIZATION
    assert by_ref["13651"].kind is EntityKind.VESSEL


def test_irgc_qods_force_has_both_primary_names_its_persian_name_and_its_akas(
    by_ref: dict[str, Entity],
) -> None:
    irgc_qf = by_ref["11241"]
    assert irgc_qf.caption == "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC) QODS FORCE"
    assert names_of(irgc_qf, NameType.PRIMARY) == [
        "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC) QODS FORCE",
        "سپاه قدس",
        "ISLAMIC REVOLUTIONARY GUARDS CORPS - QODS FORCE",
    ]
    assert names_of(irgc_qf, NameType.AKA) == ["AL QODS", "IRGC-QF", "QUDS FORCE", "SEPAH-E QODS"]
    persian = next(name for name in irgc_qf.names if name.full == "سپاه قدس")
    assert persian.script == "Arab"
    # Ten rows (names x two regimes) but each name once, and no name parts for an entity.
    assert len(irgc_qf.names) == 7
    assert all(name.family is None for name in irgc_qf.names)


def test_every_regime_and_its_listing_date_is_kept(by_ref: dict[str, Entity]) -> None:
    irgc_qf = by_ref["11241"]
    assert irgc_qf.programs == ("Iran (Nuclear)", "Syria")
    assert irgc_qf.listed_on == ("2010-07-27", "2011-08-24")


def test_other_information_becomes_remarks_and_cross_references(by_ref: dict[str, Entity]) -> None:
    irgc_qf = by_ref["11241"]
    assert irgc_qf.identifiers == (
        Identifier(type="uk_sanctions_list_ref", value="INU0082"),
        Identifier(type="uk_sanctions_list_ref", value="SYR0310"),
    )
    [remark] = irgc_qf.remarks
    assert remark.startswith("(UK Sanctions List Ref):INU0082 and SYR0310.")
    assert "abroad. Controlled by the IRGC." in remark  # the quoted line break, as a space
    assert Identifier(type="un_ref", value="QDi.371") in by_ref["13312"].identifiers


def test_address_lines_postcode_and_country_make_one_address(by_ref: dict[str, Entity]) -> None:
    assert by_ref["11241"].addresses == (Address(text="Tehran, Iran", country="IR"),)
    genbank = by_ref["14179"]
    assert genbank.addresses == (
        Address(
            text="Sevastopolskaya Street, 13, Simferopol, Crimea, 295011, Ukraine", country="UA"
        ),
        Address(text="Ozerkovskaya Naberezhnaya, 12, Moscow, 115184, Russia", country="RU"),
    )
    assert genbank.countries == ("UA", "RU")


def test_ofsi_spelling_of_the_democratic_republic_of_the_congo_resolves_to_cd(
    by_ref: dict[str, Entity],
) -> None:
    assert by_ref["13189"].countries == ("CD",)


def test_gholamreza_soleimani_is_a_person_with_year_only_birth_dates(
    by_ref: dict[str, Entity],
) -> None:
    soleimani = by_ref["15599"]
    [name] = soleimani.names
    assert (name.full, name.given, name.family) == (
        "Gholamreza SOLEIMANI",
        "Gholamreza",
        "SOLEIMANI",
    )
    assert [(d.year, d.month, d.day) for d in soleimani.birth_dates] == [
        (1965, None, None),
        (1964, None, None),
    ]
    assert soleimani.titles == ("Brigadier General",)
    assert soleimani.positions == (
        "Head of the Basij Organisation of the Islamic Revolutionary Guard Corps",
    )
    assert soleimani.nationalities == ("IR",)
    assert soleimani.gender == "male"
    assert soleimani.programs == ("Iran",)


def test_qasem_soleimani_is_not_on_the_fixture_list(parsed: ParsedList) -> None:
    names = [name.full.casefold() for entity in parsed.entities for name in entity.names]
    assert not [name for name in names if "qasem" in name and "soleimani" in name]


def test_primary_name_variations_are_primary_names_after_the_primary_name(
    by_ref: dict[str, Entity],
) -> None:
    potepkin = by_ref["16026"]
    assert [(n.full, n.type, n.note) for n in potepkin.names] == [
        ("Mikhail POTEPKIN", NameType.PRIMARY, None),
        ("Михаил Потепкин", NameType.PRIMARY, None),
        ("Mikhail POTYOPKIN", NameType.PRIMARY, "primary name variation"),
    ]
    cyrillic = potepkin.names[1]
    assert (cyrillic.script, cyrillic.lang) == ("Cyrl", "ru")
    assert potepkin.caption == "Mikhail POTEPKIN"


def test_a_person_with_two_dates_of_birth_keeps_both(by_ref: dict[str, Entity]) -> None:
    assert [d.iso for d in by_ref["16026"].birth_dates] == ["1981-09-19", "1981-09-29"]


def test_numbered_positions_are_split(by_ref: dict[str, Entity]) -> None:
    assert by_ref["16026"].positions == ("Director – Meroe Gold", "Regional Director – M-Invest")


def test_low_quality_aliases_are_weak_names(by_ref: dict[str, Entity]) -> None:
    azzouz = by_ref["13312"]
    assert names_of(azzouz, NameType.PRIMARY) == ["ABD AL-BASET AZZOUZ"]
    assert names_of(azzouz, NameType.AKA) == ["Abdul Baset AZOUZ"]
    assert names_of(azzouz, NameType.WEAK) == ["AA"]


def test_formerly_known_as_names_are_fka(by_ref: dict[str, Entity]) -> None:
    adf = by_ref["13189"]
    assert names_of(adf, NameType.PRIMARY) == ["ADF (ALLIED DEMOCRATIC FORCES)"]
    assert names_of(adf, NameType.FKA) == ["ADF/NALU"]


def test_numbered_passports_are_paired_with_their_details(by_ref: dict[str, Entity]) -> None:
    passports = [i for i in by_ref["13312"].identifiers if i.type == "passport"]
    assert passports == [
        Identifier(type="passport", value="223611", note="Libya number"),
        Identifier(type="passport", value="C00146605", note="British passport number"),
    ]


def test_one_unnumbered_detail_describes_every_number(by_ref: dict[str, Entity]) -> None:
    national_ids = [i for i in by_ref["99901"].identifiers if i.type == "national_id"]
    assert [(i.value, i.note) for i in national_ids] == [
        ("0101", "Syrian national identification card"),
        ("0202", "Syrian national identification card"),
    ]


def test_details_without_a_number_are_kept_as_a_remark(by_ref: dict[str, Entity]) -> None:
    assert "Passport Details: Issued in Syria, number not known" in by_ref["99901"].remarks


def test_single_numbers_and_ids_of_a_person(by_ref: dict[str, Entity]) -> None:
    identifiers = by_ref["16026"].identifiers
    assert Identifier(type="passport", value="651697952") in identifiers
    assert Identifier(type="national_id", value="277242240") in identifiers


def test_towns_of_birth_pair_with_countries_of_birth_by_position(by_ref: dict[str, Entity]) -> None:
    # Town "(1) Bengasi (2) Bendasi (3) - (4) -", country "(1-3) Libya (4) Morocco".
    assert by_ref["8920"].birth_places == ("Bengasi, Libya", "Bendasi, Libya", "Libya", "Morocco")


def test_a_persons_name_parts_are_kept(by_ref: dict[str, Entity]) -> None:
    zoghbi = by_ref["8920"]
    primary = zoghbi.names[0]
    assert primary.full == "MERAI ABDEFATTAH KHALIL ZOGHBI"
    assert (primary.given, primary.middle, primary.family) == (
        "MERAI",
        "ABDEFATTAH KHALIL",
        "ZOGHBI",
    )
    arabic = zoghbi.names[1]
    assert (arabic.full, arabic.type, arabic.script) == (
        "مرعي عبدفتاح خليل زغبي",
        NameType.PRIMARY,
        "Arab",
    )
    assert names_of(zoghbi, NameType.WEAK) == ["FARAG"]


def test_vessel_gets_its_imo_number(by_ref: dict[str, Entity]) -> None:
    ship = by_ref["13651"]
    assert ship.caption == "SAM JONG 2"
    assert names_of(ship, NameType.AKA) == ["AKTIVA", "TOM MIRA"]
    assert Identifier(type="imo", value="7408873") in ship.identifiers


def test_partial_dates_and_unparseable_dates(by_ref: dict[str, Entity]) -> None:
    qarawi = by_ref["99901"]
    assert [(d.year, d.month, d.day) for d in qarawi.birth_dates] == [
        (1973, 5, None),
        (1951, None, None),
    ]
    assert "Date of birth: sometime in the 1950s" in qarawi.remarks


def test_numbered_titles_and_nationalities_are_split(by_ref: dict[str, Entity]) -> None:
    qarawi = by_ref["99901"]
    assert qarawi.titles == ("Doctor", "Sheikh")
    assert qarawi.nationalities[0] == "SY"
    assert qarawi.nationalities[1] in ("KP", "DPRK")  # kept as written until "DPRK" resolves
    assert qarawi.gender == "female"


def test_non_latin_names_quoted_in_the_csv_are_unquoted(by_ref: dict[str, Entity]) -> None:
    assert 'АО "ГЕНБАНК"' in names_of(by_ref["14179"], NameType.PRIMARY)


# --------------------------------------------------------------------------------------------
# raw keeps the original text
# --------------------------------------------------------------------------------------------


def test_raw_is_the_original_csv_rows_of_the_party(
    conlist_csv: Path, by_ref: dict[str, Entity]
) -> None:
    text = conlist_csv.read_bytes().decode("utf-8-sig")
    lines = [line for line in text.split("\r\n") if line.startswith("SOLEIMANI,")]
    assert by_ref["15599"].raw == "\n".join(lines)


def test_raw_keeps_quoted_line_breaks(by_ref: dict[str, Entity]) -> None:
    irgc_qf = by_ref["11241"]
    assert irgc_qf.raw.count("abroad.\r\nControlled by the IRGC.") == 10
    assert irgc_qf.raw.count("\n11241") == 0  # rows end with the Group ID, no trailing newline
    assert irgc_qf.raw.endswith(",11241")


# --------------------------------------------------------------------------------------------
# The spreadsheet edition
# --------------------------------------------------------------------------------------------


def test_xlsx_edition_parses_to_the_same_entities(parsed: ParsedList, conlist_xlsx: Path) -> None:
    [from_xlsx] = PARSER.parse(conlist_xlsx)
    assert from_xlsx.published == parsed.published
    assert without_raw(from_xlsx.entities) == without_raw(parsed.entities)


def test_xlsx_raw_reads_like_a_csv_row(conlist_xlsx: Path) -> None:
    [from_xlsx] = PARSER.parse(conlist_xlsx)
    soleimani = next(e for e in from_xlsx.entities if e.source_ref == "15599")
    first = next(csv.reader(io.StringIO(soleimani.raw.split("\n")[0])))
    assert first[0] == "SOLEIMANI"
    assert first[-1] == "15599"
    assert len(first) == len(COLUMNS)


def test_xlsx_with_typed_cells_reads_like_text(
    conlist_csv: Path, parsed: ParsedList, tmp_path: Path
) -> None:
    """Excel turns dates into date cells and ids into numbers when a user re-saves the file."""
    table: list[list[object]] = [list(row) for row in csv_table(conlist_csv)]
    table[0][1] = datetime(2025, 4, 10)
    listed_on = COLUMNS.index("Listed On")
    group_id = COLUMNS.index("Group ID")
    for row in table[2:]:
        day, month, year = map(int, str(row[listed_on]).split("/"))
        row[listed_on] = datetime(year, month, day)
        row[group_id] = float(str(row[group_id]))
    [typed] = PARSER.parse(write_xlsx(tmp_path / "typed.xlsx", table))
    assert typed.published == date(2025, 4, 10)
    assert without_raw(typed.entities) == without_raw(parsed.entities)


# --------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------


def test_detects_both_editions(conlist_csv: Path, conlist_xlsx: Path) -> None:
    assert PARSER.detect(conlist_csv)
    assert PARSER.detect(conlist_xlsx)


def test_detects_a_csv_without_bom_or_banner(conlist_csv: Path, tmp_path: Path) -> None:
    text = conlist_csv.read_bytes().decode("utf-8-sig")
    no_banner = tmp_path / "no_banner.csv"
    no_banner.write_bytes(text.split("\r\n", 1)[1].encode())
    assert PARSER.detect(no_banner)
    [result] = PARSER.parse(no_banner)
    assert result.published is None
    assert len(result.entities) == 9


UK_SANCTIONS_LIST_CSV = (
    "Report Date: 10-Apr-2025\r\n"
    "Last Updated,Unique ID,OFSI Group ID,UN Reference Number,Name 6,Name 1,Name 2,Name 3,Name 4,"
    "Name 5,Name type,Alias strength,Title,Name non-latin script,Non-latin script type,"
    "Non-latin script language,Regime Name,Designation Type,Designation source\r\n"
)
OFAC_SDN_CSV = '10481,"SOLEIMANI, Qasem","individual","SDGT] [SYRIA",-0- ,-0- ,-0- \r\n'


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(UK_SANCTIONS_LIST_CSV.encode(), id="uk-sanctions-list-csv"),
        pytest.param(OFAC_SDN_CSV.encode(), id="ofac-sdn-csv"),
        pytest.param(b'<?xml version="1.0"?><CONSOLIDATED_LIST/>', id="un-xml"),
        pytest.param(b'{"id": "x", "schema": "Person"}\n', id="ftm-json"),
        pytest.param(b"Last Updated,10/04/2025\r\nName,Group\r\n", id="banner-without-header"),
        pytest.param(b"", id="empty"),
        pytest.param(b"PK\x03\x04 not really a zip", id="broken-zip"),
        pytest.param(b"\x00\xff\x00Last Updated", id="binary"),
    ],
)
def test_does_not_claim_other_files(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "candidate"
    path.write_bytes(content)
    assert not PARSER.detect(path)


def test_does_not_claim_other_spreadsheets_folders_or_missing_files(tmp_path: Path) -> None:
    other = write_xlsx(
        tmp_path / "other.xlsx", [["Report Date"], ["Unique ID", "Name 6", "Name type"]]
    )
    assert not PARSER.detect(other)
    assert not PARSER.detect(tmp_path)
    assert not PARSER.detect(tmp_path / "missing.csv")


def test_does_not_claim_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "ConList.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ConList.csv", "Last Updated,10/04/2025\r\n")
    assert not PARSER.detect(path)


# --------------------------------------------------------------------------------------------
# Malformed and truncated input
# --------------------------------------------------------------------------------------------


def assert_format_error(path: Path, *fragments: str) -> None:
    with pytest.raises(ListFormatError) as caught:
        PARSER.parse(path)
    message = str(caught.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message


def test_csv_cut_off_in_the_middle_of_a_row(conlist_csv: Path, tmp_path: Path) -> None:
    data = conlist_csv.read_bytes()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[: data.index(b"SOLEIMANI,Gholamreza") + 60])
    assert_format_error(cut, "cut off")


def test_csv_cut_off_inside_a_quoted_multi_line_field(conlist_csv: Path, tmp_path: Path) -> None:
    data = conlist_csv.read_bytes()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[: data.index(b"abroad.\r\nControlled") + 9])
    assert_format_error(cut, "cut off")


def test_csv_cut_off_just_before_the_group_id(conlist_csv: Path, tmp_path: Path) -> None:
    data = conlist_csv.read_bytes()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[: data.rindex(b",") + 1])
    assert_format_error(cut, "no Group ID")


def test_row_with_more_cells_than_the_header(conlist_csv: Path, tmp_path: Path) -> None:
    text = conlist_csv.read_bytes().decode("utf-8-sig")
    wide = tmp_path / "wide.csv"
    wide.write_bytes(text.replace(",15599\r\n", ",15599,surplus\r\n", 1).encode())
    assert_format_error(wide, "more columns")


def test_truncated_xlsx(conlist_xlsx: Path, tmp_path: Path) -> None:
    data = conlist_xlsx.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    assert_format_error(cut, "xlsx")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"Last Updated,10/04/2025\r\n", "header", id="banner-only"),
        pytest.param(
            b"Last Updated,10/04/2025\r\nName,Group\r\nA,1\r\n", "header", id="not-conlist"
        ),
        pytest.param(
            ("Last Updated,yesterday\r\n" + ",".join(COLUMNS) + "\r\n").encode(),
            "not a date",
            id="bad-banner-date",
        ),
        pytest.param(b"\x81\x8d\x8f\x90\x9d\xff\xfe", "UTF-8", id="not-text"),
    ],
)
def test_malformed_csv(content: bytes, fragment: str, tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    path.write_bytes(content)
    assert_format_error(path, fragment)


def test_a_folder_is_not_a_conlist(tmp_path: Path) -> None:
    assert_format_error(tmp_path, "file")


def test_header_only_list_is_empty_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    path.write_text("Last Updated,10/04/2025\r\n" + ",".join(COLUMNS) + "\r\n", "utf-8")
    [result] = PARSER.parse(path)
    assert result.entities == ()
    assert result.published == date(2025, 4, 10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mangled_csv_parses_or_fails_with_a_list_format_error(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    original = (Path(__file__).parents[1] / "fixtures" / "uk_ofsi" / "ConList.csv").read_bytes()
    mangled = bytearray(original[: data.draw(st.integers(0, len(original)), label="cut")])
    for _ in range(data.draw(st.integers(0, 4), label="flips")):
        if mangled:
            index = data.draw(st.integers(0, len(mangled) - 1))
            mangled[index] = data.draw(st.integers(0, 255))
    path = tmp_path_factory.mktemp("mangled") / "ConList.csv"
    path.write_bytes(bytes(mangled))
    try:
        PARSER.parse(path)
    except ListFormatError as error:
        assert str(path) in str(error)
    PARSER.detect(path)  # never raises


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_truncated_xlsx_always_fails_with_a_list_format_error(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    cells = {"Name 6": "SOLEIMANI", "Group Type": "Individual", "Alias Type": "Primary name"}
    row: list[object] = [cells.get(column, "") for column in COLUMNS]
    row[COLUMNS.index("Group ID")] = "15599"
    table: list[list[object]] = [["Last Updated", "10/04/2025"], list(COLUMNS), row]
    folder = tmp_path_factory.mktemp("xlsx")
    whole = write_xlsx(folder / "whole.xlsx", table).read_bytes()
    path = folder / "cut.xlsx"
    # A share, not a byte count: the workbook's size varies with its embedded timestamp.
    share = data.draw(st.floats(0, 0.999), label="cut")
    path.write_bytes(whole[: int(len(whole) * share)])
    with pytest.raises(ListFormatError) as caught:
        PARSER.parse(path)
    assert str(path) in str(caught.value)
    assert not PARSER.detect(path)


# --------------------------------------------------------------------------------------------
# Helpers that encode OFSI conventions
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (None, []),
        ("Iran", ["Iran"]),
        ("(1) Germany. (2) Morocco", ["Germany", "Morocco"]),
        ("(1) Tunis (2) - (3) -", ["Tunis", None, None]),
        ("(1-3) Libya (4) Morocco", ["Libya", "Libya", "Libya", "Morocco"]),
        ("(1) to (3) Algeria (4) Morocco", ["Algeria", "Algeria", "Algeria", "Morocco"]),
        (
            "(1) Governor of Ilam (2012-2013) (2) Spokesman",
            ["Governor of Ilam (2012-2013)", "Spokesman"],
        ),
        (
            "(1) Spokesperson (2) First Lady (2) Vice President",
            ["Spokesperson", "First Lady", "Vice President"],
        ),
        ("Ubc Tower, Unit (04-01), 4th Floor", ["Ubc Tower, Unit (04-01), 4th Floor"]),
        ("(!) Chairman (2) Member", ["(!) Chairman (2) Member"]),
    ],
)
def test_split_numbered(text: str | None, items: list[str | None]) -> None:
    assert split_numbered(text) == items


@pytest.mark.parametrize(
    ("text", "code"),
    [("Russian", "ru"), ("Persian/Farsi", "fa"), ("Greek", "el"), ("Cyrillic", None), (None, None)],
)
def test_language_code(text: str | None, code: str | None) -> None:
    assert language_code(text) == code


# --------------------------------------------------------------------------------------------
# The real 2025-04-10 list
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_rows(shared_data: Path) -> list[tuple[object, ...]]:
    """The real sheet read independently of the parser."""
    workbook = openpyxl.load_workbook(shared_data / REAL_XLSX, read_only=True)
    try:
        return list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


@pytest.fixture(scope="module")
def real(shared_data: Path) -> tuple[ParsedList, float]:
    start = time.perf_counter()
    [result] = PARSER.parse(shared_data / REAL_XLSX)
    return result, time.perf_counter() - start


@pytest.mark.shared_data
def test_real_list_loads_quickly_with_its_date(
    real: tuple[ParsedList, float], shared_data: Path
) -> None:
    result, seconds = real
    assert PARSER.detect(shared_data / REAL_XLSX)
    assert result.published == date(2025, 4, 10)
    assert seconds < 15, f"parsing took {seconds:.1f}s"


@pytest.mark.shared_data
def test_real_list_has_one_entity_per_group_id(
    real: tuple[ParsedList, float], real_rows: list[tuple[object, ...]]
) -> None:
    result, _ = real
    header = list(real_rows[1])
    rows = real_rows[2:]
    group_id, group_type = header.index("Group ID"), header.index("Group Type")
    assert len(rows) == 18_796
    groups = {str(row[group_id]): str(row[group_type]) for row in rows}
    assert len(groups) == 4_686
    assert [entity.source_ref for entity in result.entities] == list(groups)

    row_kinds = Counter(str(row[group_type]) for row in rows)
    assert row_kinds == {"Individual": 13_691, "Entity": 5_024, "Ship": 81}
    entity_kinds = Counter(groups.values())
    assert sum(entity_kinds.values()) == len(groups)
    assert all(entity_kinds[kind] <= row_kinds[kind] for kind in row_kinds)
    kind_of = {"Individual": "person", "Entity": "organization", "Ship": "vessel"}
    assert Counter(entity.kind.value for entity in result.entities) == {
        kind_of[kind]: count for kind, count in entity_kinds.items()
    }
    assert entity_kinds == {"Individual": 3_662, "Entity": 1_009, "Ship": 15}


@pytest.mark.shared_data
def test_real_non_latin_names_are_all_kept(
    real: tuple[ParsedList, float], real_rows: list[tuple[object, ...]]
) -> None:
    result, _ = real
    header = list(real_rows[1])
    group_id, original = header.index("Group ID"), header.index("Name Non-Latin Script")
    with_original = [row for row in real_rows[2:] if row[original]]
    assert len(with_original) == 3_990
    names = {entity.source_ref: {name.full for name in entity.names} for entity in result.entities}
    missing = [
        row
        for row in with_original
        if " ".join(str(row[original]).split()) not in names[str(row[group_id])]
    ]
    assert missing == []


@pytest.mark.shared_data
def test_real_irgc_qods_force(real: tuple[ParsedList, float]) -> None:
    result, _ = real
    irgc_qf = next(entity for entity in result.entities if entity.id == "uk-ofsi-11241")
    assert irgc_qf.kind is EntityKind.ORGANIZATION
    primary = names_of(irgc_qf, NameType.PRIMARY)
    assert primary[0] == "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC) QODS FORCE"
    assert "ISLAMIC REVOLUTIONARY GUARDS CORPS - QODS FORCE" in primary
    assert "سپاه قدس" in primary
    assert {"AL QODS", "IRGC-QF", "QUDS FORCE", "SEPAH-E QODS"} <= set(
        names_of(irgc_qf, NameType.AKA)
    )
    assert irgc_qf.programs == ("Iran (Nuclear)", "Syria")
    assert irgc_qf.listed_on == ("2010-07-27", "2011-08-24")


@pytest.mark.shared_data
def test_real_list_has_no_qasem_soleimani_only_gholamreza(real: tuple[ParsedList, float]) -> None:
    result, _ = real
    soleimanis = [
        entity
        for entity in result.entities
        if any("soleimani" in name.full.casefold() for name in entity.names)
    ]
    assert [entity.id for entity in soleimanis] == ["uk-ofsi-15599"]
    assert soleimanis[0].caption == "Gholamreza SOLEIMANI"
    assert soleimanis[0].kind is EntityKind.PERSON
