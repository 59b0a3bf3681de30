"""The EU Official Journal annex transcription: one list from a folder of framework-act CSVs."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchkeeper.errors import ListFormatError
from watchkeeper.model import Entity, EntityKind, Identifier, NameType, ParsedList, PartialDate
from watchkeeper.sources.eu_journal import COLUMNS, PARSER

REAL_DIR = "eu/eu_journal_sanctions_consolidated"

# Rows per file as recorded in shared/data/SOURCES.md.
SOURCES_MD_ROWS = {
    "32001R2580": 36, "32002R0881": 350, "32003R1210": 75, "32004R0314": 0, "32005R1183": 86,
    "32006R0305": 0, "32006R0765": 408, "32009R1284": 5, "32010D0573": 0, "32010R0356": 24,
    "32011D0173": 0, "32011R0101": 27, "32011R0359": 321, "32011R0753": 140, "32012R0036": 368,
    "32012R0267": 339, "32012R0377": 0, "32013R0401": 127, "32014R0208": 3, "32014R0224": 15,
    "32014R0269": 2802, "32014R0747": 13, "32014R0833": 1746, "32014R1352": 11, "32015R0735": 9,
    "32015R1755": 0, "32016R0044": 51, "32016R1686": 23, "32017R1509": 326, "32017R1770": 4,
    "32017R2063": 69, "32018R1542": 37, "32019R0796": 38, "32019R1716": 24, "32019R1890": 0,
    "32020R1998": 177, "32022R2309": 21, "32023R0888": 34, "32023R1529": 49, "32023R2147": 21,
    "32023R2406": 0, "32024R0287": 9, "32024R0386": 24, "32024R1485": 105, "32024R2642": 100,
}  # fmt: skip


@pytest.fixture
def folder(fixtures: Path) -> Path:
    return fixtures / "eu_journal" / "consolidated"


@pytest.fixture
def empty_regime(tmp_path: Path, folder: Path) -> Path:
    """A framework act whose annex lists nobody now: the header line alone."""
    header = (folder / "32012R0036.csv").read_text("utf-8").splitlines()[0]
    path = tmp_path / "32004R0314.csv"
    path.write_text(header + "\n", "utf-8")
    return path


@pytest.fixture
def parsed(folder: Path) -> ParsedList:
    [result] = PARSER.parse(folder)
    return result


def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {entity.id: entity for entity in parsed.entities}


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] = COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([row.get(column, "") for column in header] for row in rows)
    return path


def row(**cells: str) -> dict[str, str]:
    base = {
        "celex": "32099R0001",
        "recordId": "1",
        "programKey": "EU-TEST",
        "annex": "I",
        "measure": "Asset freeze",
        "schema": "Person",
        "name": "Example Person",
    }
    return {**base, **cells}


# --- detection ---------------------------------------------------------------------------


def test_detects_the_folder_and_each_file_by_their_header(folder: Path, empty_regime: Path) -> None:
    assert PARSER.detect(folder)
    assert PARSER.detect(folder / "32012R0267.csv")
    assert PARSER.detect(empty_regime)  # header only: a regime with no entries


@pytest.mark.parametrize(
    "content",
    [
        b'10481,"SOLEIMANI, Qasem",individual,"SDGT] [IRGC",-0- ,-0- ,-0- ,-0- ,-0- \r\n',
        b"Last Updated,10/04/2025\r\nName 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title\r\n",
        b'<?xml version="1.0"?><export xmlns="http://eu.europa.ec/fpi/fsd/export"/>',
        b'{"id": "NK-1", "schema": "Person", "properties": {}}\n',
        b"amendedCelex,amendmentCelex,recordId,programKey,annex,measure,startDate,reason\r\n",
        b"",
        b"\xff\xfe\x00\x01garbage",
    ],
)
def test_does_not_claim_other_formats(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(content)
    assert not PARSER.detect(path)


def test_does_not_claim_a_folder_of_other_csv_files(tmp_path: Path, folder: Path) -> None:
    (tmp_path / "sdn.csv").write_bytes(b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\r\n')
    (tmp_path / "32012R0267.csv").write_bytes((folder / "32012R0267.csv").read_bytes())
    assert not PARSER.detect(tmp_path)
    assert not PARSER.detect(tmp_path / "missing")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not PARSER.detect(empty)


# --- one list from many files ---------------------------------------------------------------


def test_a_folder_is_one_list_with_one_entity_per_annex_row(
    folder: Path, parsed: ParsedList
) -> None:
    assert parsed.info.id == "eu-oj"
    assert parsed.source == str(folder)
    assert parsed.published is None and parsed.expected_count is None
    assert len(parsed.entities) == 11
    assert len({e.id for e in parsed.entities}) == 11
    # Files in name order, rows in file order.
    assert [e.id for e in parsed.entities][:3] == [
        "eu-oj-32012R0036-II.B-9",
        "eu-oj-32012R0036-II.A-9",
        "eu-oj-32012R0267-VIII.A.PERSONS-38",
    ]
    assert {e.list_id for e in parsed.entities} == {"eu-oj"}


def test_a_single_file_is_read_on_its_own(folder: Path) -> None:
    [parsed] = PARSER.parse(folder / "32012R0036.csv")
    assert parsed.info.id == "eu-oj"
    assert [e.source_ref for e in parsed.entities] == ["32012R0036-II.B-9", "32012R0036-II.A-9"]


def test_a_file_with_no_current_entries_yields_no_entities(empty_regime: Path) -> None:
    [parsed] = PARSER.parse(empty_regime)
    assert parsed.entities == ()


def test_entry_numbers_restart_per_annex_so_ids_include_the_annex(parsed: ParsedList) -> None:
    entities = by_id(parsed)
    soleimani = entities["eu-oj-32012R0267-VIII.A.PERSONS-38"]
    company = entities["eu-oj-32012R0267-VIII.A.ENTITIES-38"]
    assert soleimani.caption == "Qasem Soleimani"
    assert company.caption == "Pars Trash Company"
    assert soleimani.source_ref == "32012R0267-VIII.A.PERSONS-38"


# --- the acceptance case ------------------------------------------------------------------


def test_soleimani_is_read_with_every_printed_fact(parsed: ParsedList, folder: Path) -> None:
    soleimani = by_id(parsed)["eu-oj-32012R0267-VIII.A.PERSONS-38"]
    assert soleimani.kind is EntityKind.PERSON
    assert soleimani.names[0].full == "Qasem Soleimani"
    assert soleimani.names[0].type is NameType.PRIMARY
    aliases = [n.full for n in soleimani.names[1:]]
    assert aliases[:2] == ["Qasim Soleimani", "Qasem Sulaimani"]
    assert "Sarder Soleimani" in aliases and len(aliases) == 11
    assert {n.type for n in soleimani.names[1:]} == {NameType.AKA}
    assert soleimani.birth_dates == (PartialDate(text="11.3.1957", year=1957, month=3, day=11),)
    assert soleimani.birth_places == ("Qom, Iran (Islamic Republic of)",)
    assert soleimani.positions == ("Brigadier General", "Commander of Qods force")
    assert soleimani.identifiers == (
        Identifier(type="passport", value="008827", country="IR", note="issued in Iran"),
    )
    assert soleimani.programs == ("EU-IRN",)
    assert soleimani.listed_on == ("2007-03-24",)
    assert soleimani.remarks == (
        "Promoted to Major General, retaining his position as Commander of Qods Force.",
        "Annex VIII.A.PERSONS to 32012R0267: Asset freeze",
    )
    lines = (folder / "32012R0267.csv").read_text("utf-8").splitlines()
    assert soleimani.raw == lines[1]


def test_ghasem_soleymani_is_a_different_entry(parsed: ParsedList) -> None:
    other = by_id(parsed)["eu-oj-32012R0267-VIII.A.PERSONS-39"]
    assert other.caption == "Ghasem Soleymani"
    assert other.birth_dates == ()


def test_a_party_listed_under_two_regulations_stays_two_entities(parsed: ParsedList) -> None:
    entities = by_id(parsed)
    iran = entities["eu-oj-32012R0267-IX.II.B-5"]
    syria = entities["eu-oj-32012R0036-II.B-9"]
    assert iran.caption == syria.caption == "IRGC Qods Force"
    assert [(n.full, n.type) for n in syria.names[1:]] == [("Quds Force", NameType.AKA)]
    assert (iran.programs, syria.programs) == (("EU-IRN",), ("EU-SYR",))
    assert (iran.listed_on, syria.listed_on) == (("2010-07-26",), ("2011-08-23",))
    assert iran.addresses[0].text == "Tehran, Iran" and iran.addresses[0].country == "IR"
    assert iran.kind is syria.kind is EntityKind.ORGANIZATION


# --- the annexes' notations ---------------------------------------------------------------


def test_enumerated_alternatives_become_separate_values(parsed: ParsedList) -> None:
    person = by_id(parsed)["eu-oj-32012R0267-IX.I.A-12"]
    assert [d.iso for d in person.birth_dates] == ["1965-01-01", "1966", "1967", "1964"]
    assert person.birth_dates[-1].circa
    assert person.nationalities == ("IR", "IQ")
    assert person.birth_places == ("Tehran, Iran", "Basra, Iraq")
    assert [(i.value, i.note) for i in person.identifiers] == [
        ("A1234567", "Iranian passport"),
        ("B7654321", "Iraqi passport"),
    ]
    assert person.gender == "male"


def test_dates_that_cannot_be_read_are_kept_as_remarks(parsed: ParsedList) -> None:
    person = by_id(parsed)["eu-oj-32012R0267-IX.I.A-12"]
    assert "Date of birth: 24.6.1343 (Hijri calendar)" in person.remarks
    assert "Father's name: Example Father" in person.remarks


def test_slash_separated_nationalities_are_both_kept(parsed: ParsedList) -> None:
    person = by_id(parsed)["eu-oj-32012R0036-II.A-9"]
    assert person.nationalities == ("SY", "LB")
    assert person.gender == "female"
    assert person.identifiers == (Identifier(type="national id", value="D0000001"),)


def test_countries_that_do_not_resolve_are_kept_as_written(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "32099R0001.csv", [row(nationality="Italian since 1990")])
    [parsed] = PARSER.parse(path)
    assert parsed.entities[0].nationalities == ("Italian since 1990",)


def test_vessels_keep_former_names_imo_number_and_flag(parsed: ParsedList) -> None:
    vessel = by_id(parsed)["eu-oj-32014R0833-XLII-1"]
    assert vessel.kind is EntityKind.VESSEL
    assert [(n.full, n.type) for n in vessel.names] == [
        ("EXAMPLE STAR", NameType.PRIMARY),
        ("EXAMPLE SUN", NameType.FKA),
        ("OLD EXAMPLE", NameType.FKA),
    ]
    assert vessel.identifiers == (Identifier(type="IMO", value="9000001"),)
    assert vessel.countries == ("CM",)
    assert vessel.remarks == ("Annex XLII to 32014R0833: Transportation restrictions",)


def test_assets_are_of_unknown_kind(parsed: ParsedList) -> None:
    asset = by_id(parsed)["eu-oj-32014R0833-XLV.D-3"]
    assert asset.kind is EntityKind.UNKNOWN
    assert asset.countries == ("RU",)


def test_a_quoted_value_containing_a_semicolon_stays_whole(parsed: ParsedList) -> None:
    bank = next(e for e in parsed.entities if e.caption == "Example Bank JSC")
    assert [a.text for a in bank.addresses] == [
        "Ulitsa Primernaya 3; 125009 Moscow, Russian Federation"
    ]
    assert bank.identifiers == (
        Identifier(type="registration number", value="1027700000002", note="OGRN"),
        Identifier(type="tax id", value="7700000002"),
        Identifier(type="SWIFT/BIC", value="EXMPRUMM"),
    )
    assert "Website: https://bank.example.test" in bank.remarks
    assert "Legal form: Joint Stock Company" in bank.remarks
    assert "Date of incorporation: 12.6.2002 by Federal Law No. 67-FZ" in bank.remarks


def test_unnumbered_entries_get_name_based_ids_that_survive_reordering(
    tmp_path: Path, parsed: ParsedList
) -> None:
    unnumbered = [e for e in parsed.entities if e.caption == "Example Bank JSC"]
    first, second = (e.id for e in unnumbered)
    assert first.startswith("eu-oj-32014R0833-XIV-h")
    assert second == first + "~2"  # printed twice in the annex: both kept
    path = write_csv(
        tmp_path / "32014R0833.csv",
        [
            row(celex="32014R0833", annex="XIV", recordId="", schema="LegalEntity", name=name)
            for name in ("Another Bank", "Example Bank JSC")
        ],
    )
    [reordered] = PARSER.parse(path)
    assert reordered.entities[1].id == first


def test_parsing_twice_gives_equal_lists(folder: Path) -> None:
    assert PARSER.parse(folder) == PARSER.parse(folder)


# --- malformed input -----------------------------------------------------------------------


def test_a_missing_column_is_reported_with_the_file_name(tmp_path: Path) -> None:
    header = [c for c in COLUMNS if c != "nationality"]
    path = write_csv(tmp_path / "32099R0001.csv", [row()], header=header)
    with pytest.raises(ListFormatError, match=r"32099R0001\.csv.*missing: nationality"):
        PARSER.parse(path)


def test_a_row_cut_short_is_reported(tmp_path: Path, folder: Path) -> None:
    text = (folder / "32012R0267.csv").read_text("utf-8")
    path = tmp_path / "32012R0267.csv"
    path.write_text(text[: text.index("Ghasem Soleymani") + 20], "utf-8")
    with pytest.raises(ListFormatError, match=r"32012R0267\.csv: record ending on line 3 has"):
        PARSER.parse(path)


def test_a_file_ending_inside_a_quoted_value_is_reported(tmp_path: Path, folder: Path) -> None:
    text = (folder / "32012R0267.csv").read_text("utf-8")
    path = tmp_path / "32012R0267.csv"
    path.write_text(text[: text.index("Qom, Iran") + 5], "utf-8")
    with pytest.raises(ListFormatError, match=r"32012R0267\.csv: malformed CSV"):
        PARSER.parse(path)


def test_a_bad_file_in_a_folder_is_named(tmp_path: Path, folder: Path) -> None:
    for source in folder.iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / "32014R0833.csv").write_bytes(b"celex,recordId\r\n")
    with pytest.raises(ListFormatError) as error:
        PARSER.parse(tmp_path)
    assert error.value.source == str(tmp_path / "32014R0833.csv")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"celex,recordId\r\n\xff\xfe\r\n", "not UTF-8"),
    ],
)
def test_unreadable_files_are_reported(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "32099R0001.csv"
    path.write_bytes(content)
    with pytest.raises(ListFormatError, match=problem) as error:
        PARSER.parse(path)
    assert error.value.source == str(path)


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"schema": "Spaceship"}, "line 2: unknown schema 'Spaceship'"),
        ({"name": ""}, "line 2: empty name"),
        ({"celex": ""}, "line 2: empty celex"),
    ],
)
def test_rows_breaking_the_column_contract_are_reported(
    tmp_path: Path, cells: dict[str, str], problem: str
) -> None:
    path = write_csv(tmp_path / "32099R0001.csv", [row(**cells)])
    with pytest.raises(ListFormatError, match=problem):
        PARSER.parse(path)


def test_an_empty_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="no EU Official Journal CSV files"):
        PARSER.parse(tmp_path)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mangled_files_only_ever_raise_list_format_errors(
    tmp_path: Path, folder: Path, data: st.DataObject
) -> None:
    original = (folder / "32012R0267.csv").read_bytes()
    cut = data.draw(st.integers(0, len(original)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(original) - 1), st.binary(max_size=3))))
    mangled = bytearray(original[:cut])
    for position, replacement in flips:
        if position < len(mangled):
            mangled[position : position + 1] = replacement
    path = tmp_path / "32012R0267.csv"
    path.write_bytes(bytes(mangled))
    try:
        PARSER.parse(path)
    except ListFormatError as error:
        assert error.source == str(path)


# --- the real transcription ----------------------------------------------------------------


@pytest.fixture(scope="module")
def real(shared_data: Path) -> ParsedList:
    [parsed] = PARSER.parse(shared_data / REAL_DIR)
    return parsed


@pytest.mark.shared_data
def test_real_folder_is_detected_and_parsed_quickly(shared_data: Path) -> None:
    folder = shared_data / REAL_DIR
    assert PARSER.detect(folder)
    started = time.perf_counter()
    PARSER.parse(folder)
    assert time.perf_counter() - started < 10


@pytest.mark.shared_data
def test_real_folder_has_one_entity_per_row(shared_data: Path, real: ParsedList) -> None:
    folder = shared_data / REAL_DIR
    counted = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            counted[path.stem] = sum(1 for _ in csv.DictReader(handle))
    assert counted == SOURCES_MD_ROWS
    assert sum(SOURCES_MD_ROWS.values()) == 8017
    assert len(real.entities) == 8017
    assert len({e.id for e in real.entities}) == 8017
    per_file: dict[str, int] = {}
    for entity in real.entities:
        celex = entity.source_ref.split("-", 1)[0]
        per_file[celex] = per_file.get(celex, 0) + 1
    assert per_file == {k: v for k, v in SOURCES_MD_ROWS.items() if v}


@pytest.mark.shared_data
def test_real_soleimani(real: ParsedList) -> None:
    soleimani = by_id(real)["eu-oj-32012R0267-VIII.A.PERSONS-38"]
    assert soleimani.caption == "Qasem Soleimani"
    assert soleimani.programs == ("EU-IRN",)
    assert [n.full for n in soleimani.names[1:]] == [
        "Qasim Soleimani", "Qasem Sulaimani", "Qasim Sulaimani", "Qasim Sulaymani",
        "Qasem Sulaymani", "Kasim Soleimani", "Kasim Sulaimani", "Kasim Sulaymani",
        "Haj Qasem", "Haji Qassem", "Sarder Soleimani",
    ]  # fmt: skip
    assert [d.iso for d in soleimani.birth_dates] == ["1957-03-11"]
    assert soleimani.identifiers[0].value == "008827"
    assert soleimani.listed_on == ("2007-03-24",)


@pytest.mark.shared_data
def test_real_ghasem_soleymani_is_record_39(real: ParsedList) -> None:
    assert by_id(real)["eu-oj-32012R0267-VIII.A.PERSONS-39"].caption == "Ghasem Soleymani"


@pytest.mark.shared_data
def test_real_irgc_qods_force_in_iran_and_syria_regulations(real: ParsedList) -> None:
    entities = by_id(real)
    iran = entities["eu-oj-32012R0267-IX.II.B-5"]
    syria = entities["eu-oj-32012R0036-II.B-9"]
    assert iran.caption == syria.caption == "IRGC Qods Force"
    assert (iran.programs, syria.programs) == (("EU-IRN",), ("EU-SYR",))
    assert ("Quds Force", NameType.AKA) in [(n.full, n.type) for n in syria.names]
    assert iran.addresses[0].country == syria.addresses[0].country == "IR"
