"""The UK Sanctions List (FCDO): the official XML and the derived subjects/names CSV extract."""

from __future__ import annotations

import csv
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from watchkeeper.errors import ListFormatError
from watchkeeper.model import Entity, EntityKind, Identifier, Link, NameType, ParsedList
from watchkeeper.sources.uk_fcdo import PARSER

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uk_fcdo"
OFFICIAL = FIXTURES / "UK-Sanctions-List.xml"
DERIVED = FIXTURES / "derived"

SOLEIMANI_VARIATIONS = [
    "Haj Qasem",
    "Haji Qassem",
    "Kasim Soleimani",
    "Qasim Soleimani",
    "Sardar Soleimani",
    "Kasim Sulaimani",
    "Qasem Sulaimani",
    "Qasim Sulaimani",
    "Kasim Sulaymani",
    "Qasem Sulaymani",
    "Qasim Sulaymani",
]
QODS_FORCE_ALIASES = [
    "Al Qods",
    "IRGC QF",
    "Islamic Revolutionary Guard Corps - Qods Force",
    "Jerusalem force",
    "Pasdaran",
    "Pasdaran-e Enghelab-e Islami",
    "Quds Force",
    "Sepah-e Qods",
]


def parse_one(path: Path) -> ParsedList:
    [parsed] = PARSER.parse(path)
    return parsed


def by_ref(parsed: ParsedList) -> dict[str, Entity]:
    return {entity.source_ref: entity for entity in parsed.entities}


def names_of(entity: Entity, kind: NameType) -> list[str]:
    return [name.full for name in entity.names if name.type is kind]


def write_list(
    folder: Path, *designations: str, generated: str = "29/04/2026", root: str = "Designations"
) -> Path:
    """A UK Sanctions List file holding the given ``<Designation>`` snippets."""
    path = folder / "UK-Sanctions-List.xml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<{root} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"  <DateGenerated>{generated}</DateGenerated>\n"
        + "\n".join(designations)
        + f"\n</{root}>\n",
        encoding="utf-8",
    )
    return path


def designation(
    ref: str = "TST0001",
    *,
    names: str = "<Name><Name6>Test Trading LLC</Name6><NameType>Primary Name</NameType></Name>",
    kind: str = "Entity",
    extra: str = "",
) -> str:
    return (
        f"<Designation><LastUpdated>01/02/2024</LastUpdated>"
        f"<DateDesignated>15/01/2024</DateDesignated><UniqueID>{ref}</UniqueID>"
        f"<Names>{names}</Names><RegimeName>The Test (Sanctions) Regulations 2024</RegimeName>"
        f"<IndividualEntityShip>{kind}</IndividualEntityShip>{extra}</Designation>"
    )


def individual(details: str) -> str:
    return f"<IndividualDetails><Individual>{details}</Individual></IndividualDetails>"


def copy_derived(folder: Path) -> Path:
    target = folder / "derived"
    shutil.copytree(DERIVED, target)
    return target


# --- detection ---------------------------------------------------------------------------------


def test_detects_the_official_xml_and_the_derived_extract_folder() -> None:
    assert PARSER.detect(OFFICIAL)
    assert PARSER.detect(DERIVED)


def test_detects_the_xml_whatever_its_name_and_with_a_byte_order_mark(tmp_path: Path) -> None:
    saved = tmp_path / "download.bin"
    saved.write_bytes(b"\xef\xbb\xbf" + OFFICIAL.read_bytes())
    assert PARSER.detect(saved)
    assert parse_one(saved).entities == parse_one(OFFICIAL).entities


@pytest.mark.parametrize(
    "content",
    [
        '<?xml version="1.0"?><ArrayOfFinancialSanctionsTarget><FinancialSanctionsTarget>'
        "<Name6>X</Name6><GroupID>1</GroupID></FinancialSanctionsTarget>"
        "</ArrayOfFinancialSanctionsTarget>",
        '<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-02-27"><INDIVIDUALS/>'
        "</CONSOLIDATED_LIST>",
        '<?xml version="1.0"?><export generationDate="2026-01-01"><sanctionEntity/></export>',
        '<?xml version="1.0"?><sdnList><publshInformation/></sdnList>',
        '<?xml version="1.0"?><!-- <Designations> --><Other><Designations/></Other>',
        "unique_id,subject_type,un_reference_number,ofsi_group_id,date_designated,last_updated\n",
        '{"id": "x", "schema": "Person", "properties": {}}\n',
        "",
    ],
    ids=["ofsi-xml", "un-xml", "eu-xml", "ofac-xml", "nested", "csv", "ftm", "empty"],
)
def test_does_not_claim_other_formats(tmp_path: Path, content: str) -> None:
    path = tmp_path / "list.xml"
    path.write_text(content, encoding="utf-8")
    assert not PARSER.detect(path)


def test_does_not_claim_a_folder_without_both_extract_files(tmp_path: Path) -> None:
    assert not PARSER.detect(tmp_path)
    shutil.copy(DERIVED / "subjects.csv", tmp_path / "subjects.csv")
    assert not PARSER.detect(tmp_path)
    assert not PARSER.detect(FIXTURES)  # holds the XML and the extract one level down
    assert not PARSER.detect(DERIVED / "subjects.csv")  # the extract is read as a folder
    assert not PARSER.detect(tmp_path / "missing.xml")


def test_does_not_claim_csv_files_with_other_headers(tmp_path: Path) -> None:
    (tmp_path / "subjects.csv").write_text("ent_num,SDN_Name\n1,X\n", encoding="utf-8")
    (tmp_path / "subject_names.csv").write_text("ent_num,alt_num\n1,2\n", encoding="utf-8")
    assert not PARSER.detect(tmp_path)
    with pytest.raises(ListFormatError, match=str(tmp_path)):
        PARSER.parse(tmp_path)


# --- the official XML: list-level facts -----------------------------------------------------


def test_the_list_is_uk_sl_published_on_its_date_generated() -> None:
    parsed = parse_one(OFFICIAL)
    assert parsed.info.id == "uk-sl"
    assert parsed.info.publisher == "Foreign, Commonwealth & Development Office"
    assert parsed.published == date(2026, 4, 29)
    assert parsed.expected_count is None  # the XML announces no record count
    assert parsed.source == str(OFFICIAL)


def test_entities_keep_file_order_and_are_keyed_by_the_fcdo_unique_id() -> None:
    parsed = parse_one(OFFICIAL)
    assert [e.id for e in parsed.entities] == [
        "uk-sl-AFG0006",
        "uk-sl-AFG0009",
        "uk-sl-DPR0075",
        "uk-sl-INU0082",
        "uk-sl-INU0398",
        "uk-sl-INU0399",
    ]
    assert {e.list_id for e in parsed.entities} == {"uk-sl"}


def test_parsing_is_deterministic() -> None:
    assert parse_one(OFFICIAL).content_hash == parse_one(OFFICIAL).content_hash


# --- the official XML: the acceptance records ----------------------------------------------


def test_qasem_soleimani() -> None:
    soleimani = by_ref(parse_one(OFFICIAL))["INU0398"]
    assert soleimani.id == "uk-sl-INU0398"
    assert soleimani.kind is EntityKind.PERSON
    assert soleimani.caption == "Qasem Soleimani"
    primary = soleimani.names[0]
    assert (primary.type, primary.given, primary.family) == (
        NameType.PRIMARY,
        "Qasem",
        "Soleimani",
    )
    assert names_of(soleimani, NameType.AKA) == SOLEIMANI_VARIATIONS
    assert {n.note for n in soleimani.names[1:]} == {"primary name variation"}
    assert [d.iso for d in soleimani.birth_dates] == ["1957-03-11"]
    assert soleimani.birth_places == ("Qom, Iran",)
    assert soleimani.nationalities == ("IR",)
    assert soleimani.gender == "male"
    assert soleimani.positions == ("Commander of Qods force",)
    assert soleimani.listed_on == ("2025-09-28",)
    assert soleimani.programs == ("The Iran (Sanctions) (Nuclear) (EU Exit) Regulations 2019",)
    assert Identifier(type="un reference number", value="IRi.039") in soleimani.identifiers
    assert Identifier(type="ofsi group id", value="17137") in soleimani.identifiers
    passport = next(i for i in soleimani.identifiers if i.type == "passport")
    assert passport.value == "008827"
    assert passport.note == "Iranian diplomatic passport, issued in 1999"
    assert "Sanctions imposed: Asset freeze; Travel Ban" in soleimani.remarks
    assert "Last updated: 2025-10-01" in soleimani.remarks


def test_ghasem_soleymani_is_a_separate_person() -> None:
    entities = by_ref(parse_one(OFFICIAL))
    soleymani = entities["INU0399"]
    assert soleymani.caption == "Ghasem Soleymani"
    assert names_of(soleymani, NameType.AKA) == [
        "Ghasem Solaymani",
        "Ghasim Soleymani",
        "Ghasem Sulaymani",
    ]
    assert Identifier(type="un reference number", value="IRi.040") in soleymani.identifiers
    soleimani_names = {n.full for n in entities["INU0398"].names}
    assert not soleimani_names & {n.full for n in soleymani.names}


def test_irgc_qods_force() -> None:
    qods = by_ref(parse_one(OFFICIAL))["INU0082"]
    assert qods.kind is EntityKind.ORGANIZATION
    # Name6 carries a trailing space in the published file.
    assert qods.caption == "Islamic Revolutionary Guard Corps (IRGC) Qods Force"
    assert qods.names[0].family is None  # an entity's Name6 is not a surname
    latin_aliases = [n.full for n in qods.names[1:] if n.script == "Latn"]
    assert latin_aliases == QODS_FORCE_ALIASES
    [persian] = [n for n in qods.names if n.script == "Arab"]
    assert (persian.full, persian.type, persian.lang) == ("سپاه قدس", NameType.AKA, "fa")
    assert Identifier(type="ofsi group id", value="11241") in qods.identifiers
    assert [(a.text, a.country) for a in qods.addresses] == [("Tehran, Iran", "IR")]
    assert qods.countries == ("IR",)
    assert qods.listed_on == ("2020-12-31",)
    assert "Designation source: UK" in qods.remarks
    assert any(r.startswith("Statement of reasons: Iran’s Islamic") for r in qods.remarks)
    assert Link(
        relation="parent company", target_name="Islamic Revolutionary Guard Corps (IRGC)"
    ) in (qods.links)


def test_ship_with_imo_number_flag_and_owner() -> None:
    ship = by_ref(parse_one(OFFICIAL))["DPR0075"]
    assert ship.kind is EntityKind.VESSEL
    assert ship.caption == "Petrel 8"
    assert names_of(ship, NameType.AKA) == ["Jal Vahini", "Jal_Vahini", "Tian Tai 36"]
    assert ship.identifiers == (Identifier(type="imo", value="9562233"),)
    assert ship.countries == ("KM",)  # current believed flag: Comoros
    assert ship.links == (
        Link(relation="owner/operator", target_name="Global United Shipping India"),
    )
    assert {"Ship type: Bulk Carrier", "Year built: 2011", "Previous flag: India"} <= set(
        ship.remarks
    )


def test_person_details_titles_positions_and_non_latin_name() -> None:
    akhund = by_ref(parse_one(OFFICIAL))["AFG0006"]
    assert akhund.names[0].given == "MOHAMMAD"
    assert akhund.names[0].middle == "HASSAN"
    assert akhund.names[0].family == "AKHUND"
    [original] = [n for n in akhund.names if n.script == "Arab"]
    assert original.full == "محمد حسن آخوند"  # trailing space trimmed
    assert original.lang == "ps"
    assert akhund.titles == ("Mullah", "Haji")
    assert len(akhund.positions) == 2
    assert akhund.birth_places == (
        "Pashmul village, Panjwai District, Kandahar Province, Afghanistan",
    )
    assert akhund.addresses[0].country == "AF"
    # The statement of reasons is published as a bare line break: no empty remark.
    assert not any(r.startswith("Statement of reasons") for r in akhund.remarks)


def test_alias_strength_marks_low_quality_aliases_weak() -> None:
    anwari = by_ref(parse_one(OFFICIAL))["AFG0009"]
    assert names_of(anwari, NameType.AKA)[:3] == [
        "Mohammad Taher Anwari",
        "Mohammad Tahre Anwari",
        "Muhammad Tahir Anwari",
    ]
    assert names_of(anwari, NameType.WEAK) == ["Mudir"]
    mudir = next(n for n in anwari.names if n.full == "Mudir")
    assert mudir.family is None  # a single-field alias of a person is not a surname


def test_raw_is_the_designation_element_as_published() -> None:
    soleimani = by_ref(parse_one(OFFICIAL))["INU0398"]
    assert soleimani.raw.startswith("<Designation>")
    assert soleimani.raw.endswith("</Designation>")
    assert "<UniqueID>INU0398</UniqueID>" in soleimani.raw
    assert soleimani.raw in OFFICIAL.read_text(encoding="utf-8")


# --- the official XML: quirks ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "year", "month", "day"),
    [
        ("dd/mm/1955", 1955, None, None),
        ("00/00/1955", 1955, None, None),
        ("dd/03/1955", 1955, 3, None),
        ("00/03/1955", 1955, 3, None),
        ("07/03/1955", 1955, 3, 7),
    ],
)
def test_unknown_day_and_month_are_kept_unknown(
    tmp_path: Path, published: str, year: int, month: int | None, day: int | None
) -> None:
    extra = individual(f"<DOBs><DOB>{published}</DOB></DOBs>")
    path = write_list(tmp_path, designation(kind="Individual", extra=extra))
    [dob] = parse_one(path).entities[0].birth_dates
    assert (dob.year, dob.month, dob.day, dob.text) == (year, month, day, published)


def test_an_unreadable_birth_date_is_kept_as_a_remark(tmp_path: Path) -> None:
    extra = individual("<DOBs><DOB>Approximately 1960s</DOB></DOBs>")
    entity = parse_one(write_list(tmp_path, designation(kind="Individual", extra=extra))).entities[
        0
    ]
    assert entity.birth_dates == ()
    assert "Date of birth: Approximately 1960s" in entity.remarks


def test_name_type_casing_and_misspelling_are_understood(tmp_path: Path) -> None:
    names = (
        "<Name><Name6>Alias One</Name6><NameType>ALias</NameType>"
        "<AliasStrength>Low quality a.k.a</AliasStrength></Name>"
        "<Name><Name6>Main Name</Name6><NameType>Primary name</NameType></Name>"
        "<Name><Name6>Main Naem</Name6><NameType>primary name variation</NameType></Name>"
        "<Name><Name6>Alias Two</Name6><NameType>Alias</NameType>"
        "<AliasStrength>Good quality a.k.a</AliasStrength></Name>"
    )
    entity = parse_one(write_list(tmp_path, designation(names=names))).entities[0]
    assert [(n.full, n.type) for n in entity.names] == [
        ("Main Name", NameType.PRIMARY),  # primary first even when listed later
        ("Alias One", NameType.WEAK),
        ("Main Naem", NameType.AKA),
        ("Alias Two", NameType.AKA),
    ]


def test_repeated_names_are_listed_once(tmp_path: Path) -> None:
    names = (
        "<Name><Name6>Same  Name </Name6><NameType>Primary Name</NameType></Name>"
        "<Name><Name6>Same Name</Name6><NameType>Primary Name</NameType></Name>"
        "<Name><Name6>Other</Name6><NameType>Alias</NameType></Name>"
        "<Name><Name6>Other</Name6><NameType>Alias</NameType></Name>"
        "<Name><Name6> </Name6><NameType>Alias</NameType></Name>"
    )
    entity = parse_one(write_list(tmp_path, designation(names=names))).entities[0]
    assert [n.full for n in entity.names] == ["Same Name", "Other"]


def test_a_namespaced_copy_reads_the_same(tmp_path: Path) -> None:
    text = OFFICIAL.read_text(encoding="utf-8").replace(
        "<Designations ", '<Designations xmlns="urn:example:uksl" ', 1
    )
    path = tmp_path / "namespaced.xml"
    path.write_text(text, encoding="utf-8")
    assert PARSER.detect(path)
    strip_raw = [e.id for e in parse_one(path).entities]
    assert strip_raw == [e.id for e in parse_one(OFFICIAL).entities]
    assert [e.names for e in parse_one(path).entities] == [
        e.names for e in parse_one(OFFICIAL).entities
    ]


def test_an_unknown_designation_type_stays_screenable(tmp_path: Path) -> None:
    path = write_list(tmp_path, designation(kind="Aircraft"))
    assert parse_one(path).entities[0].kind is EntityKind.UNKNOWN


# --- the official XML: malformed input -----------------------------------------------------


def test_a_truncated_file_is_rejected_naming_the_file(tmp_path: Path) -> None:
    data = OFFICIAL.read_bytes()
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: len(data) // 2])
    assert PARSER.detect(path)
    with pytest.raises(ListFormatError, match="truncated") as raised:
        PARSER.parse(path)
    assert raised.value.source == str(path)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "not well-formed"),
        ("unique_id,subject_type\nA,b\n", "not well-formed"),
        (
            '<?xml version="1.0"?><Designations><DateGenerated>29/04/2026</DateGenerated>'
            "</Designations>",
            "no Designation records",
        ),
        (
            "<ArrayOfFinancialSanctionsTarget><Designation><UniqueID>X</UniqueID>"
            "</Designation></ArrayOfFinancialSanctionsTarget>",
            "root element is <ArrayOfFinancialSanctionsTarget>",
        ),
        ("<Other/>", "root element is <Other>"),
    ],
)
def test_malformed_files_are_rejected_naming_the_file(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ListFormatError, match=problem) as raised:
        PARSER.parse(path)
    assert str(path) in str(raised.value)


def test_a_designation_without_unique_id_is_rejected(tmp_path: Path) -> None:
    broken = designation("TST0002").replace("<UniqueID>TST0002</UniqueID>", "")
    path = write_list(tmp_path, designation("TST0001"), broken)
    with pytest.raises(ListFormatError, match="Designation #2 has no UniqueID"):
        PARSER.parse(path)


def test_a_repeated_unique_id_is_rejected(tmp_path: Path) -> None:
    path = write_list(tmp_path, designation("TST0001"), designation("TST0001"))
    with pytest.raises(ListFormatError, match="duplicate UniqueID TST0001"):
        PARSER.parse(path)


def test_a_designation_without_names_is_rejected(tmp_path: Path) -> None:
    path = write_list(tmp_path, designation("TST0001", names=""))
    with pytest.raises(ListFormatError, match="TST0001 has no names"):
        PARSER.parse(path)


def test_a_garbled_generation_date_is_rejected(tmp_path: Path) -> None:
    path = write_list(tmp_path, designation(), generated="yesterday")
    with pytest.raises(ListFormatError, match="DateGenerated 'yesterday'"):
        PARSER.parse(path)


def test_a_missing_file_is_a_list_format_error(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match=r"missing\.xml"):
        PARSER.parse(tmp_path / "missing.xml")


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<Designations>"
        + designation(names="<Name><Name6>A &x;</Name6><NameType>Primary Name</NameType></Name>")
        + "</Designations>",
        encoding="utf-8",
    )
    try:
        entities = parse_one(path).entities
    except ListFormatError:
        return
    assert "TOP SECRET" not in entities[0].names[0].full


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mangled_xml_fails_only_with_list_format_error(data: st.DataObject) -> None:
    original = OFFICIAL.read_bytes()
    start = data.draw(st.integers(0, len(original)))
    end = data.draw(st.integers(start, min(len(original), start + 64)))
    junk = data.draw(st.binary(max_size=16))
    mangled = original[:start] + junk + original[end:]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mangled.xml"
        path.write_bytes(mangled)
        PARSER.detect(path)
        try:
            PARSER.parse(path)
        except ListFormatError as err:
            assert str(path) in str(err)


# --- the derived CSV extract --------------------------------------------------------------


def test_the_extract_is_read_as_the_same_list_with_the_same_ids() -> None:
    parsed = parse_one(DERIVED)
    with (DERIVED / "subjects.csv").open(encoding="utf-8", newline="") as handle:
        expected = [row["unique_id"] for row in csv.DictReader(handle)]
    assert [e.source_ref for e in parsed.entities] == expected
    assert {e.id for e in parsed.entities} >= {e.id for e in parse_one(OFFICIAL).entities}
    assert parsed.info.id == "uk-sl"
    assert parsed.published is None  # the extract carries no date about itself
    assert parsed.source == str(DERIVED)


def test_the_extract_names_match_the_official_xml() -> None:
    official = by_ref(parse_one(OFFICIAL))
    for ref, entity in by_ref(parse_one(DERIVED)).items():
        if ref in official:
            xml_latin = [(n.full, n.type, n.given, n.family) for n in official[ref].names]
            csv_names = [(n.full, n.type, n.given, n.family) for n in entity.names]
            assert csv_names == [n for n in xml_latin if n[0].isascii()], ref
            assert entity.kind is official[ref].kind
            assert entity.listed_on == official[ref].listed_on


def test_the_extract_keeps_ids_dates_and_alias_quality() -> None:
    entities = by_ref(parse_one(DERIVED))
    soleimani = entities["INU0398"]
    assert soleimani.caption == "Qasem Soleimani"
    assert names_of(soleimani, NameType.AKA) == SOLEIMANI_VARIATIONS
    assert soleimani.identifiers == (
        Identifier(type="un reference number", value="IRi.039"),
        Identifier(type="ofsi group id", value="17137"),
    )
    assert soleimani.listed_on == ("2025-09-28",)
    assert soleimani.remarks == ("Last updated: 2025-10-01",)
    assert names_of(entities["AFG0009"], NameType.WEAK) == ["Mudir"]
    ministry = entities["INU0413"]
    assert names_of(ministry, NameType.PRIMARY) == ["MINISTRY OF PETROLEUM", "MOP"]
    assert entities["DPR0075"].kind is EntityKind.VESSEL


def test_the_extract_raw_is_the_subject_row_and_its_name_rows() -> None:
    qods = by_ref(parse_one(DERIVED))["INU0082"]
    lines = qods.raw.split("\n")
    assert lines[0] == "INU0082,entity,,11241,31/12/2020,09/04/2025"
    assert len(lines) == 1 + 9
    assert all(line.split(",")[1] == "INU0082" for line in lines[1:])


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "problem"),
    [
        (
            "subject_names.csv",
            "00031,AFG0006,primary,,MOHAMMAD HASSAN AKHUND,AKHUND,MOHAMMAD,HASSAN,,,\n",
            "",
            "AFG0006 has no names",
        ),
        (
            "subject_names.csv",
            "05762,INU0082,",
            "05762,INU9999,",
            "unknown subject 'INU9999'",
        ),
        ("subjects.csv", "AFG0009,individual", "AFG0006,individual", "duplicate unique_id"),
        ("subjects.csv", "INU0413,entity,,12740,29/09/2025,29/09/2025", "INU0413,ent", "fields"),
        ("subject_names.csv", ",,Al Qods,Al Qods,", ',,"Al" Qods,Al Qods,', "bad CSV"),
    ],
    ids=["subject-without-names", "orphan-name", "duplicate-id", "cut-row", "bad-quote"],
)
def test_a_damaged_extract_is_rejected_naming_the_file(
    tmp_path: Path, file: str, old: str, new: str, problem: str
) -> None:
    folder = copy_derived(tmp_path)
    _rewrite(folder / file, old, new)
    with pytest.raises(ListFormatError, match=problem) as raised:
        PARSER.parse(folder)
    assert str(folder) in str(raised.value)


def test_an_extract_cut_short_is_rejected(tmp_path: Path) -> None:
    folder = copy_derived(tmp_path)
    names = folder / "subject_names.csv"
    text = names.read_text(encoding="utf-8")
    names.write_text(text[: text.index("06591")], encoding="utf-8")  # INU0399 onwards lost
    with pytest.raises(ListFormatError, match="INU0399 has no names"):
        PARSER.parse(folder)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mangled_extract_fails_only_with_list_format_error(data: st.DataObject) -> None:
    which = data.draw(st.sampled_from(["subjects.csv", "subject_names.csv"]))
    original = (DERIVED / which).read_bytes()
    start = data.draw(st.integers(0, len(original)))
    end = data.draw(st.integers(start, min(len(original), start + 40)))
    junk = data.draw(st.binary(max_size=12))
    with tempfile.TemporaryDirectory() as folder:
        target = copy_derived(Path(folder))
        (target / which).write_bytes(original[:start] + junk + original[end:])
        if not PARSER.detect(target):
            return
        try:
            PARSER.parse(target)
        except ListFormatError as err:
            assert str(target) in str(err)


# --- the real copies --------------------------------------------------------------------------


@pytest.mark.shared_data
def test_real_derived_extract(shared_data: Path) -> None:
    folder = shared_data / "uk" / "uksl_derived_2026-05"
    assert PARSER.detect(folder)
    parsed = parse_one(folder)
    with (folder / "subjects.csv").open(encoding="utf-8", newline="") as handle:
        subjects = list(csv.DictReader(handle))
    assert len(parsed.entities) == len(subjects)
    assert [e.source_ref for e in parsed.entities] == [row["unique_id"] for row in subjects]
    assert parsed.published is None

    entities = by_ref(parsed)
    soleimani = entities["INU0398"]
    assert soleimani.id == "uk-sl-INU0398"
    assert soleimani.kind is EntityKind.PERSON
    assert soleimani.caption == "Qasem Soleimani"
    assert set(SOLEIMANI_VARIATIONS) <= set(names_of(soleimani, NameType.AKA))
    assert Identifier(type="un reference number", value="IRi.039") in soleimani.identifiers
    assert Identifier(type="ofsi group id", value="17137") in soleimani.identifiers
    assert soleimani.listed_on == ("2025-09-28",)

    soleymani = entities["INU0399"]
    assert soleymani.caption == "Ghasem Soleymani"
    assert Identifier(type="un reference number", value="IRi.040") in soleymani.identifiers

    qods = entities["INU0082"]
    assert qods.kind is EntityKind.ORGANIZATION
    assert qods.caption == "Islamic Revolutionary Guard Corps (IRGC) Qods Force"
    assert set(QODS_FORCE_ALIASES) <= set(names_of(qods, NameType.AKA))
    assert Identifier(type="ofsi group id", value="11241") in qods.identifiers
    for unit in ("IRN0175", "IRN0186", "IRN0190", "IRN0191", "IRN0192", "IRN0218"):
        assert "IRGC-QF" in entities[unit].caption or "Quds Force" in entities[unit].caption


@pytest.mark.shared_data
def test_real_files_of_other_formats_are_not_claimed(shared_data: Path) -> None:
    # The OFSI ConList copy is saved as "UK_Sanctions_List.xlsx": content decides, not names.
    assert not PARSER.detect(
        shared_data / "uk" / "ofsi_conlist_2025-04-10" / "UK_Sanctions_List.xlsx"
    )
    assert not PARSER.detect(shared_data / "uk" / "ofsi_conlist_2025-04-10")
    assert not PARSER.detect(shared_data / "un" / "UN_consolidated.xml")
    assert not PARSER.detect(shared_data / "ofac" / "consolidated_xml_2026-01-08" / "ofac.xml")
    assert not PARSER.detect(shared_data / "ofac" / "complete_set_2021-07")


def test_xml_element_names_follow_the_published_schema() -> None:
    """Guard the fixture itself: every element it uses is one the FCDO publishes."""
    known = {
        "Designations", "DateGenerated", "Designation", "LastUpdated", "DateDesignated",
        "UniqueID", "OFSIGroupID", "UNReferenceNumber", "Names", "Name", "Name1", "Name2",
        "Name3", "Name4", "Name5", "Name6", "NameType", "AliasStrength", "NonLatinNames",
        "NonLatinName", "NameNonLatinScript", "NonLatinScriptType", "NonLatinScriptLanguage",
        "Titles", "Title", "RegimeName", "IndividualEntityShip", "DesignationSource",
        "SanctionsImposed", "SanctionsImposedIndicators", "OtherInformation",
        "UKStatementofReasons", "Addresses", "Address", "AddressLine1", "AddressLine2",
        "AddressLine3", "AddressLine4", "AddressLine5", "AddressLine6", "AddressPostalCode",
        "AddressCountry", "PhoneNumbers", "PhoneNumber", "EmailAddresses", "EmailAddress",
        "Websites", "Website", "IndividualDetails", "Individual", "DOBs", "DOB",
        "Nationalities", "Nationality", "PassportDetails", "Passport", "PassportNumber",
        "PassportAdditionalInformation", "NationalIdentifierDetails", "NationalIdentifier",
        "NationalIdentifierNumber", "NationalIdentifierAdditionalInformation", "Positions",
        "Position", "BirthDetails", "Location", "TownOfBirth", "CountryOfBirth", "Genders",
        "Gender", "EntityDetails", "Entity", "TypeOfEntities", "TypeOfEntity",
        "BusinessRegistrationNumbers", "BusinessRegistrationNumber", "ParentCompanies",
        "ParentCompany", "Subsidiaries", "Subsidiary", "ShipDetails", "Ship", "IMONumbers",
        "IMONumber", "CurrentOwnerOperators", "CurrentOwnerOperator", "PreviousOwnerOperators",
        "PreviousOwnerOperator", "CurrentBelievedFlagOfShips", "CurrentBelievedFlagOfShip",
        "PreviousFlags", "PreviousFlag", "TypeOfShipDetails", "TypeOfShip",
        "TonnageOfShipDetails", "TonnageOfShip", "LengthOfShipDetails", "LengthOfShip",
        "YearsBuilt", "YearBuilt",
    }  # fmt: skip
    indicators = {
        "AssetFreeze", "TrustServicesSanctions", "ArmsEmbargo", "TargetedArmsEmbargo",
        "TechnicalAssistanceRelatedToAircraft", "TravelBan", "CharteringOfShips",
        "CrewServicingOfShipsAndAircraft", "PreventionOfCharteringOfShipsAndAircraft",
        "PreventionOfBusinessArrangements", "ClosureOfRepresentativeOffices",
        "DirectorDisqualificationSanction", "Deflag",
    }  # fmt: skip
    used = {el.tag for el in etree.parse(str(OFFICIAL)).iter() if isinstance(el.tag, str)}
    assert used <= known | indicators
