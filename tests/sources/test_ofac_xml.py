"""How watchkeeper reads OFAC's XML lists (``SDN.XML`` and ``CONSOLIDATED.XML``).

The fixtures are written in the official schema: ``SDN.XML`` in the older
``http://tempuri.org/sdnList.xsd`` namespace (Soleimani, the IRGC-Qods Force, a vessel, an
aircraft and parties linked to them), ``CONSOLIDATED.XML`` as verbatim entries of the real
consolidated list in the Sanctions List Service namespace.
"""

from __future__ import annotations

import csv
import shutil
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from watchkeeper.errors import ListFormatError
from watchkeeper.model import Entity, EntityKind, Identifier, Link, NameType, ParsedList
from watchkeeper.sources.ofac_xml import CURRENT_NS, LEGACY_NS, PARSER

FIXTURE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "ofac_xml"
SDN_FIXTURE = FIXTURE_DIR / "SDN.XML"
CONS_FIXTURE = FIXTURE_DIR / "CONSOLIDATED.XML"
REAL_CONS = Path("ofac") / "consolidated_xml_2026-01-08" / "ofac.xml"
REAL_CONS_CSV = Path("ofac") / "consolidated_csv_2025-12" / "cons_prim.csv"


def parse_one(path: Path) -> ParsedList:
    lists = PARSER.parse(path)
    assert len(lists) == 1
    return lists[0]


def by_ref(parsed: ParsedList, uid: str) -> Entity:
    return next(entity for entity in parsed.entities if entity.source_ref == uid)


def entry(
    uid: int = 1, body: str = "<lastName>ACME TRADING</lastName><sdnType>Entity</sdnType>"
) -> str:
    return f"<sdnEntry><uid>{uid}</uid>{body}</sdnEntry>"


def write_list(
    folder: Path,
    *entries: str,
    name: str = "SDN.XML",
    namespace: str | None = CURRENT_NS,
    count: int | None = None,
    published: str = "01/08/2026",
) -> Path:
    """A small sdnList file; ``count`` defaults to the number of entries, as OFAC writes it."""
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    record_count = len(entries) if count is None else count
    text = (
        '<?xml version="1.0" standalone="yes"?>\r\n'
        f'<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"{xmlns}>\r\n'
        f"<publshInformation><Publish_Date>{published}</Publish_Date>"
        f"<Record_Count>{record_count}</Record_Count></publshInformation>\r\n"
        + "\r\n".join(entries)
        + "\r\n</sdnList>\r\n"
    )
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sdn() -> ParsedList:
    return parse_one(SDN_FIXTURE)


@pytest.fixture(scope="module")
def cons() -> ParsedList:
    return parse_one(CONS_FIXTURE)


# --- detection ------------------------------------------------------------------------------


def test_detects_both_official_files() -> None:
    assert PARSER.detect(SDN_FIXTURE)
    assert PARSER.detect(CONS_FIXTURE)


@pytest.mark.parametrize("namespace", [CURRENT_NS, LEGACY_NS, None])
def test_detects_every_namespace_variant(tmp_path: Path, namespace: str | None) -> None:
    assert PARSER.detect(write_list(tmp_path, entry(), namespace=namespace))


def test_detects_a_file_saved_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = write_list(tmp_path, entry())
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert PARSER.detect(path)
    assert parse_one(path).entities[0].caption == "ACME TRADING"


@pytest.mark.parametrize(
    "content",
    [
        # OFAC's other XML, the "advanced" SDN format
        b'<?xml version="1.0"?><Sanctions xmlns="https://sanctionslistservice.ofac.treas.gov/'
        b'api/PublicationPreview/exports/ADVANCED_XML"><DateOfIssue/></Sanctions>',
        # UN consolidated list
        b'<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="2026-02-27">'
        b"<INDIVIDUALS/></CONSOLIDATED_LIST>",
        # EU FSF
        b'<?xml version="1.0"?><export xmlns="http://eu.europa.ec/fpi/fsd/export" '
        b'generationDate="2026-01-01"/>',
        # UK Sanctions List
        b'<?xml version="1.0"?><Designations><DateGenerated>2026-01-01</DateGenerated>'
        b"</Designations>",
        # an sdnList in a foreign namespace is not OFAC's
        b'<?xml version="1.0"?><sdnList xmlns="urn:example:other"><sdnEntry/></sdnList>',
        # sdnList only mentioned in a comment
        b"<?xml version='1.0'?><!-- <sdnList> --><other/>",
        # OFAC legacy CSV, OFSI CSV, FollowTheMoney JSON
        b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n',
        b"Last Updated,10/04/2025\r\nName 6,Name 1,Name 2\r\n",
        b'{"id": "NK-1", "schema": "Person", "properties": {"name": ["A"]}}\n',
        b"",
        b"\x00\xff\xfe\x00 binary",
    ],
)
def test_does_not_claim_other_formats(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "list.xml"
    path.write_bytes(content)
    assert not PARSER.detect(path)


def test_detection_never_raises(tmp_path: Path) -> None:
    assert not PARSER.detect(tmp_path / "missing.xml")
    assert not PARSER.detect(tmp_path)  # an empty folder


def test_a_folder_holding_both_files_gives_both_lists(tmp_path: Path) -> None:
    shutil.copy(SDN_FIXTURE, tmp_path / "SDN.XML")
    shutil.copy(CONS_FIXTURE, tmp_path / "CONSOLIDATED.XML")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00")
    assert PARSER.detect(tmp_path)
    assert sorted(parsed.info.id for parsed in PARSER.parse(tmp_path)) == ["ofac-cons", "ofac-sdn"]


def test_a_folder_mixing_other_files_is_left_to_other_formats(tmp_path: Path) -> None:
    shutil.copy(SDN_FIXTURE, tmp_path / "SDN.XML")
    (tmp_path / "sdn.csv").write_bytes(b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\r\n')
    assert not PARSER.detect(tmp_path)
    with pytest.raises(ListFormatError, match=r"sdn\.csv"):
        PARSER.parse(tmp_path)


# --- which list, and the header ---------------------------------------------------------------


def test_sdn_file_is_the_sdn_list(sdn: ParsedList) -> None:
    assert sdn.info.id == "ofac-sdn"
    assert sdn.published == date(2024, 5, 3)
    assert sdn.expected_count == len(sdn.entities) == 7
    assert sdn.source == str(SDN_FIXTURE)
    assert all(entity.list_id == "ofac-sdn" for entity in sdn.entities)


def test_consolidated_file_is_the_consolidated_list(cons: ParsedList) -> None:
    assert cons.info.id == "ofac-cons"
    assert cons.published == date(2026, 1, 8)  # MM/DD/YYYY, not 1 August
    assert cons.expected_count == 6
    assert [entity.id for entity in cons.entities][:2] == ["ofac-cons-9639", "ofac-cons-9647"]


def test_ids_are_the_legacy_csv_ent_num(sdn: ParsedList) -> None:
    """uid == ent_num, so a user switching from sdn.csv to SDN.XML keeps every id."""
    assert [entity.id for entity in sdn.entities] == [
        "ofac-sdn-4238",
        "ofac-sdn-10465",
        "ofac-sdn-10481",
        "ofac-sdn-11786",
        "ofac-sdn-13440",
        "ofac-sdn-15613",
        "ofac-sdn-27304",
    ]
    assert by_ref(sdn, "10481").source_ref == "10481"


def test_the_list_is_judged_by_content_not_file_name(tmp_path: Path) -> None:
    shutil.copy(CONS_FIXTURE, tmp_path / "SDN.XML")
    shutil.copy(SDN_FIXTURE, tmp_path / "consolidated.xml")
    assert parse_one(tmp_path / "SDN.XML").info.id == "ofac-cons"
    assert parse_one(tmp_path / "consolidated.xml").info.id == "ofac-sdn"


def test_file_name_decides_when_content_cannot(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert parse_one(write_list(tmp_path / "a", name="CONSOLIDATED.XML")).info.id == "ofac-cons"
    assert parse_one(write_list(tmp_path / "b", name="sdn.xml")).info.id == "ofac-sdn"
    with pytest.raises(ListFormatError, match="cannot tell") as caught:
        parse_one(write_list(tmp_path, name="list.xml"))
    assert str(tmp_path / "list.xml") in str(caught.value)


def test_a_file_without_header_has_no_date_or_count(tmp_path: Path) -> None:
    path = tmp_path / "SDN.XML"
    path.write_text(f'<sdnList xmlns="{LEGACY_NS}">{entry()}</sdnList>', encoding="utf-8")
    parsed = parse_one(path)
    assert (parsed.published, parsed.expected_count, len(parsed.entities)) == (None, None, 1)


# --- Soleimani, the Qods Force and their neighbours -------------------------------------------


def test_soleimani(sdn: ParsedList) -> None:
    soleimani = by_ref(sdn, "10481")
    assert soleimani.kind is EntityKind.PERSON
    primary = soleimani.names[0]
    assert (primary.full, primary.type) == ("SOLEIMANI, Qasem", NameType.PRIMARY)
    assert (primary.family, primary.given) == ("SOLEIMANI", "Qasem")
    assert [name.full for name in soleimani.names[1:]] == [
        "SOLEYMANI, Ghasem",
        "SALIMANI, Qasem",
        "SOLAIMANI, Qasem",
        "SOLEMANI, Qasem",
        "SOLEYMANI, Qasem",
        "SULAIMANI, Qasem",
        "SULEMANI, Qasem",
        "SULAYMAN, Qasim",
    ]
    assert {name.type for name in soleimani.names[1:]} == {NameType.AKA}
    assert [d.iso for d in soleimani.birth_dates] == ["1957-03-11"]
    assert soleimani.birth_places == ("Qom, Iran",)
    assert soleimani.nationalities == ("IR",)  # nationality and citizenship, once
    assert soleimani.identifiers == (
        Identifier(type="Diplomatic Passport", value="008827", country="IR", note="issued 1999"),
    )
    assert soleimani.programs == ("SDGT", "SYRIA", "NPWMD", "IRGC", "IFSR")
    assert soleimani.remarks == (
        "Additional Sanctions Information - Subject to Secondary Sanctions",
    )
    assert soleimani.addresses == ()  # OFAC's empty address record carries nothing


def test_qods_force(sdn: ParsedList) -> None:
    force = by_ref(sdn, "10465")
    assert force.kind is EntityKind.ORGANIZATION
    assert force.caption == "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"
    assert force.names[0].family is None  # an organisation's name is not split
    aliases = [name.full for name in force.names if name.type is NameType.AKA]
    assert len(aliases) == 11
    assert {"IRGC-QF", "QUDS FORCE", "AL QODS", "PASDARAN-E ENGHELAB-E ISLAMI (PASDARAN)"} <= set(
        aliases
    )
    assert [(a.text, a.city, a.country) for a in force.addresses] == [
        ("Tehran, Iran", "Tehran", "IR"),
        ("Syria", None, "SY"),
    ]
    assert force.countries == ("IR", "SY")
    assert force.programs == ("FTO", "SDGT", "SYRIA", "IRGC", "IFSR", "IRAN-HR", "ELECTION-EO13848")


def test_linked_to_remarks_become_links_to_entities_of_the_same_file(sdn: ParsedList) -> None:
    qasemi = by_ref(sdn, "11786")
    assert qasemi.links == (
        Link("linked_to", "SOLEIMANI, Qasem", "ofac-sdn-10481"),
        Link("linked_to", "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE", "ofac-sdn-10465"),
    )
    assert qasemi.remarks[-1].startswith("(Linked To: SOLEIMANI, Qasem)")  # text kept as well
    assert by_ref(sdn, "15613").links == (
        Link("linked_to", "SYRIAN ARAB AIRLINES", "ofac-sdn-13440"),
    )


def test_gender_and_documents_from_the_id_list(sdn: ParsedList) -> None:
    qasemi = by_ref(sdn, "11786")
    assert qasemi.gender == "male"
    assert [(i.type, i.value, i.country) for i in qasemi.identifiers] == [
        ("Passport", "A2463775", "IR"),
        ("National ID No.", "6579726970", "IR"),
    ]
    assert not any("Gender" in remark for remark in qasemi.remarks)


def test_vessel_info(sdn: ParsedList) -> None:
    tug = by_ref(sdn, "4238")
    assert tug.kind is EntityKind.VESSEL
    assert tug.caption == "MAR AZUL"
    assert tug.identifiers == (Identifier(type="Call Sign", value="CL2192"),)
    assert tug.countries == ("CU",)
    assert tug.links == (Link("owned_by", "Samir de Navegacion S.A."),)
    assert tug.remarks == (  # labelled as the legacy CSV's columns
        "Vessel Type: Tug",
        "Gross Registered Tonnage: 212",
        "Vessel Flag: Cuba",
        "Vessel Owner: Samir de Navegacion S.A.",
    )


def test_vessel_former_name_and_imo(sdn: ParsedList) -> None:
    tanker = by_ref(sdn, "27304")
    assert [(n.full, n.type) for n in tanker.names] == [
        ("ADRIAN DARYA 1", NameType.PRIMARY),
        ("GRACE 1", NameType.FKA),
    ]
    assert tanker.identifiers == (
        Identifier(type="Vessel Registration Identification", value="IMO 9116412"),
    )
    assert "Former Vessel Flag Panama" in tanker.remarks
    assert tanker.countries == ("IR",)  # the current flag only


def test_aircraft(sdn: ParsedList) -> None:
    plane = by_ref(sdn, "15613")
    assert plane.kind is EntityKind.AIRCRAFT
    assert [i.type for i in plane.identifiers] == [
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
        "Aircraft Manufacturer's Serial Number (MSN)",
    ]
    assert plane.remarks[:3] == (
        "Aircraft Manufacture Date 1981",
        "Aircraft Model An-26B",
        "Aircraft Operator Syrianair",
    )


def test_raw_is_the_entry_as_published(sdn: ParsedList) -> None:
    raw = by_ref(sdn, "10481").raw
    element = etree.fromstring(raw.encode("utf-8"))
    assert etree.QName(element).localname == "sdnEntry"
    assert element.findtext(f"{{{LEGACY_NS}}}uid") == "10481"
    assert "<dateOfBirth>11 Mar 1957</dateOfBirth>" in raw


# --- the consolidated list's peculiarities ------------------------------------------------------


def test_weak_aliases(cons: ParsedList) -> None:
    zahhar = by_ref(cons, "9647")
    assert [(n.full, n.type) for n in zahhar.names] == [
        ("ZAHHAR, Mahmoud Khaled", NameType.PRIMARY),
        ("AL ZAHAR, Mahmoud Khaled", NameType.AKA),
        ("ZAHAR, Mahmoud", NameType.WEAK),
        ("AL-ZAHAR, Mahmoud", NameType.WEAK),
    ]
    # OFAC writes these weak names whole into lastName; the comma still separates the parts.
    assert (zahhar.names[2].family, zahhar.names[2].given) == ("ZAHAR", "Mahmoud")
    assert zahhar.gender == "male"
    assert zahhar.nationalities == ("PS",)
    assert zahhar.addresses[0].text == "Region: Gaza"
    assert zahhar.addresses[0].country == "PS"
    assert zahhar.links == (Link("linked_to", "HAMAS"),)  # HAMAS is not in this file


def test_sanctions_facts_are_remarks_and_documents_are_identifiers(cons: ParsedList) -> None:
    bank = by_ref(cons, "17016")
    assert [n.type for n in bank.names] == [
        NameType.PRIMARY,
        NameType.FKA,
        NameType.AKA,
        NameType.FKA,
    ]
    assert [i.type for i in bank.identifiers] == [
        "Registration Number",
        "Tax ID No.",
        "Legal Entity Number",
        "SWIFT/BIC",
        "Website",
    ]
    assert "Target Type Financial Institution" in bank.remarks
    assert "Executive Order 13662 Directive Determination - Subject to Directive 1" in bank.remarks
    assert "Organization Established Date 31 Jul 1990" in bank.remarks  # once, though listed twice
    assert bank.listed_on == ("2022-02-24",)  # "Listing Date (EO 14024 Directive 3):"
    assert bank.addresses[0].text == "16 Nametkina Street, Bldg. 1, Moscow 117420, Russia"
    assert bank.countries == ("RU", "MN", "KZ", "IN", "CN")


def test_links_within_the_consolidated_file(cons: ParsedList) -> None:
    linked = [e for e in cons.entities if e.links and e.links[0].target_id]
    assert [(e.caption, e.links[0].target_id) for e in linked] == [
        ("CREDIT URAL BANK", "ofac-cons-17016")
    ]


# --- behaviours, on small hand-made files -------------------------------------------------------

PERSON = "<firstName>Ana</firstName><lastName>PEREZ</lastName><sdnType>Individual</sdnType>"


@pytest.mark.parametrize(
    ("written", "iso", "circa"),
    [
        ("11 Mar 1957", "1957-03-11", False),
        ("Mar 1957", "1957-03", False),
        ("1962", "1962", False),
        ("circa 1960", "1960", True),
    ],
)
def test_birth_date_forms(tmp_path: Path, written: str, iso: str, circa: bool) -> None:
    births = f"<dateOfBirthList><dateOfBirthItem><uid>9</uid><dateOfBirth>{written}</dateOfBirth>"
    births += "<mainEntry>true</mainEntry></dateOfBirthItem></dateOfBirthList>"
    person = parse_one(write_list(tmp_path, entry(1, PERSON + births))).entities[0]
    assert [(d.iso, d.circa, d.text) for d in person.birth_dates] == [(iso, circa, written)]


def test_birth_date_ranges_and_unreadable_dates(tmp_path: Path) -> None:
    items = "".join(
        f"<dateOfBirthItem><uid>{n}</uid><dateOfBirth>{text}</dateOfBirth></dateOfBirthItem>"
        for n, text in enumerate(["1958 to 1960", "unknown"])
    )
    person = parse_one(
        write_list(tmp_path, entry(1, PERSON + f"<dateOfBirthList>{items}</dateOfBirthList>"))
    ).entities[0]
    assert [(d.year, d.year_to) for d in person.birth_dates] == [(1958, 1960)]
    assert person.remarks == ("DOB unknown",)  # kept, not dropped


def test_alias_kinds(tmp_path: Path) -> None:
    def aka(uid: int, kind: str, category: str, last: str, first: str = "") -> str:
        first_name = f"<firstName>{first}</firstName>" if first else ""
        return (
            f"<aka><uid>{uid}</uid><type>{kind}</type><category>{category}</category>"
            f"<lastName>{last}</lastName>{first_name}</aka>"
        )

    akas = (
        aka(2, "a.k.a.", "strong", "PERES", "Anna")
        + aka(3, "f.k.a.", "strong", "GOMEZ", "Ana")
        + aka(4, "n.k.a.", "strong", "PEREZ GOMEZ", "Ana")
        + aka(5, "f.k.a.", "weak", "LA JEFA")
        + aka(6, "a.k.a.", "strong", "PERES", "Anna")  # repeated: listed once
    )
    person = parse_one(
        write_list(tmp_path, entry(1, PERSON + f"<akaList>{akas}</akaList>"))
    ).entities[0]
    assert [(n.full, n.type, n.note, n.given) for n in person.names] == [
        ("PEREZ, Ana", NameType.PRIMARY, None, "Ana"),
        ("PERES, Anna", NameType.AKA, None, "Anna"),
        ("GOMEZ, Ana", NameType.FKA, None, "Ana"),
        ("PEREZ GOMEZ, Ana", NameType.AKA, "n.k.a.", "Ana"),
        ("LA JEFA", NameType.WEAK, "f.k.a.", None),
    ]


def test_non_latin_names_keep_their_script(tmp_path: Path) -> None:
    body = "<lastName>ОАО ГАЗПРОМ</lastName><sdnType>Entity</sdnType>"
    name = parse_one(write_list(tmp_path, entry(1, body))).entities[0].names[0]
    assert (name.full, name.script) == ("ОАО ГАЗПРОМ", "Cyrl")


def test_document_dates_and_unknown_countries(tmp_path: Path) -> None:
    ids = (
        "<idList><id><uid>2</uid><idType>Passport</idType><idNumber>X123</idNumber>"
        "<idCountry>Atlantis</idCountry><issueDate>01 Jan 2010</issueDate>"
        "<expirationDate>01 Jan 2020</expirationDate></id>"
        "<id><uid>3</uid><idType>Gender</idType><idNumber>Female</idNumber></id></idList>"
    )
    person = parse_one(write_list(tmp_path, entry(1, PERSON + ids))).entities[0]
    assert person.identifiers == (
        Identifier(
            type="Passport",
            value="X123",
            country="Atlantis",  # unresolvable: kept as written
            note="issued 01 Jan 2010; expires 01 Jan 2020",
        ),
    )
    assert person.gender == "female"


def test_full_vessel_info(tmp_path: Path) -> None:
    body = (
        "<lastName>SEA STAR</lastName><sdnType>Vessel</sdnType><vesselInfo>"
        "<callSign>9HA1</callSign><vesselType>Bulk Carrier</vesselType>"
        "<vesselFlag>Malta</vesselFlag><tonnage>48000</tonnage>"
        "<grossRegisteredTonnage>52000</grossRegisteredTonnage></vesselInfo>"
    )
    vessel = parse_one(write_list(tmp_path, entry(1, body))).entities[0]
    assert vessel.countries == ("MT",)
    assert "Tonnage: 48000" in vessel.remarks
    assert "Gross Registered Tonnage: 52000" in vessel.remarks


def test_owners_and_links_find_parties_of_the_file_despite_a_dropped_full_stop(
    tmp_path: Path,
) -> None:
    owner = entry(1, "<lastName>OCEAN LINES CO., LTD.</lastName><sdnType>Entity</sdnType>")
    vessel = entry(
        2,
        "<lastName>SEA STAR</lastName><sdnType>Vessel</sdnType>"
        "<remarks>(Linked To: OCEAN LINES CO., LTD)</remarks>"
        "<vesselInfo><vesselOwner>Ocean Lines Co., Ltd.</vesselOwner></vesselInfo>",
    )
    parsed = parse_one(write_list(tmp_path, owner, vessel))
    assert parsed.entities[1].links == (
        Link("owned_by", "Ocean Lines Co., Ltd.", "ofac-sdn-1"),
        Link("linked_to", "OCEAN LINES CO., LTD", "ofac-sdn-1"),
    )


def test_titles_and_ofac_empty_markers(tmp_path: Path) -> None:
    body = PERSON + "<title>Minister of Defense</title><remarks>-0- </remarks>"
    person = parse_one(write_list(tmp_path, entry(1, body))).entities[0]
    assert person.titles == ("Minister of Defense",)
    assert person.remarks == ()


def test_unknown_sdn_type_is_kept_as_unknown(tmp_path: Path) -> None:
    body = "<lastName>SOMETHING</lastName><sdnType>Spaceship</sdnType>"
    assert parse_one(write_list(tmp_path, entry(1, body))).entities[0].kind is EntityKind.UNKNOWN


# --- malformed input ------------------------------------------------------------------------


def test_a_truncated_file_is_refused_with_the_line(tmp_path: Path) -> None:
    data = SDN_FIXTURE.read_bytes()
    path = tmp_path / "SDN.XML"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ListFormatError) as caught:
        PARSER.parse(path)
    message = str(caught.value)
    assert str(path) in message
    assert "truncated" in message
    expected_line = data[: len(data) // 2].count(b"\n") + 1
    assert f"line {expected_line}" in message


def test_a_file_missing_entries_is_refused_naming_both_counts(tmp_path: Path) -> None:
    path = write_list(tmp_path, entry(1), entry(2), count=3)
    with pytest.raises(ListFormatError) as caught:
        PARSER.parse(path)
    message = str(caught.value)
    assert str(path) in message
    assert "3" in message and "2" in message


@pytest.mark.parametrize(
    ("entries", "problem"),
    [
        ((entry(1), entry(1)), "uid 1 is listed twice"),
        (("<sdnEntry><lastName>X</lastName></sdnEntry>",), "no numeric <uid>"),
        (("<sdnEntry><uid>A7</uid><lastName>X</lastName></sdnEntry>",), "no numeric <uid>"),
        ((entry(1, "<sdnType>Entity</sdnType>"),), "has no <lastName>"),
    ],
)
def test_broken_entries_are_refused(tmp_path: Path, entries: tuple[str, ...], problem: str) -> None:
    path = write_list(tmp_path, *entries)
    with pytest.raises(ListFormatError, match=problem) as caught:
        PARSER.parse(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("published", "problem"),
    [("2026-01-08", "Publish_Date"), ("13/45/2026", "Publish_Date")],
)
def test_a_garbled_header_is_refused(tmp_path: Path, published: str, problem: str) -> None:
    with pytest.raises(ListFormatError, match=problem):
        PARSER.parse(write_list(tmp_path, entry(), published=published))


def test_a_garbled_record_count_is_refused(tmp_path: Path) -> None:
    path = write_list(tmp_path, entry())
    path.write_text(path.read_text("utf-8").replace("<Record_Count>1", "<Record_Count>x1"), "utf-8")
    with pytest.raises(ListFormatError, match="Record_Count"):
        PARSER.parse(path)


def test_other_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "SDN.XML"
    path.write_text("<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>", encoding="utf-8")
    with pytest.raises(ListFormatError, match="not an OFAC list"):
        PARSER.parse(path)


def test_missing_file_and_folder_without_lists(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="cannot be read"):
        PARSER.parse(tmp_path / "SDN.XML")
    with pytest.raises(ListFormatError, match="no OFAC"):
        PARSER.parse(tmp_path)


def test_entity_expansion_is_not_performed(tmp_path: Path) -> None:
    path = tmp_path / "SDN.XML"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE sdnList [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f"<sdnList>{entry(1, '<lastName>&x;</lastName>')}</sdnList>",
        encoding="utf-8",
    )
    try:
        parsed = parse_one(path)
    except ListFormatError:
        return
    assert "root:" not in parsed.entities[0].raw


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=SDN_FIXTURE.stat().st_size),
    flips=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=SDN_FIXTURE.stat().st_size - 1),
            st.binary(min_size=1, max_size=1),
        ),
        max_size=4,
    ),
)
def test_mangled_files_fail_only_with_list_format_errors(
    tmp_path_factory: pytest.TempPathFactory, cut: int, flips: list[tuple[int, bytes]]
) -> None:
    """Whatever a broken download or a careless edit does to the file, the caller gets either a
    parsed list or a ListFormatError naming the file, never another exception."""
    data = bytearray(SDN_FIXTURE.read_bytes())
    for position, byte in flips:
        data[position : position + 1] = byte
    path = tmp_path_factory.mktemp("mangled") / "SDN.XML"
    path.write_bytes(bytes(data[:cut]))
    try:
        lists = PARSER.parse(path)
    except ListFormatError as exc:
        assert str(path) in str(exc)
    else:
        assert lists[0].expected_count == len(lists[0].entities)


# --- the real consolidated list -----------------------------------------------------------------


@pytest.mark.shared_data
def test_real_consolidated_list(shared_data: Path) -> None:
    path = shared_data / REAL_CONS
    assert PARSER.detect(path)
    started = time.perf_counter()
    parsed = parse_one(path)
    assert time.perf_counter() - started < 3
    assert parsed.info.id == "ofac-cons"
    assert parsed.published == date(2026, 1, 8)
    assert parsed.expected_count == len(parsed.entities) == 442
    kinds = Counter(entity.kind for entity in parsed.entities)
    assert kinds == {EntityKind.ORGANIZATION: 363, EntityKind.PERSON: 79}
    programs = Counter(program for entity in parsed.entities for program in entity.programs)
    assert programs["UKRAINE-EO13662"] == 286
    assert programs["RUSSIA-EO14024"] == 93
    assert programs["NS-PLC"] == 78
    assert programs["CMIC-EO13959"] == 68
    assert len({entity.id for entity in parsed.entities}) == 442


@pytest.mark.shared_data
def test_soleimani_and_the_qods_force_are_not_on_the_consolidated_list(shared_data: Path) -> None:
    parsed = parse_one(shared_data / REAL_CONS)
    refs = {entity.source_ref for entity in parsed.entities}
    assert not refs & {"10481", "10465"}
    names = {name.full.upper() for entity in parsed.entities for name in entity.names}
    assert not any("SOLEIMANI" in name or "QODS" in name for name in names)


@pytest.mark.shared_data
def test_real_xml_and_legacy_csv_agree_on_ids_and_names(shared_data: Path) -> None:
    """The XML of 2026-01-08 and the CSV of 2025-12 hold the same 442 parties: switching
    format must not change a single id or primary name."""
    parsed = parse_one(shared_data / REAL_CONS)
    with (shared_data / REAL_CONS_CSV).open(encoding="latin-1", newline="") as handle:
        csv_names = {
            f"ofac-cons-{row[0]}": " ".join(row[1].split())
            for row in csv.reader(handle)
            if len(row) > 1
        }
    assert {entity.id: entity.caption for entity in parsed.entities} == csv_names


@pytest.mark.shared_data
def test_real_consolidated_list_details(shared_data: Path) -> None:
    parsed = parse_one(shared_data / REAL_CONS)
    haniya = by_ref(parsed, "9639")
    assert haniya.caption == "HANIYA, Ismail Abdul Salah"
    assert [d.iso for d in haniya.birth_dates] == ["1962"]
    assert haniya.birth_places == ("Shati",)
    weak = sum(1 for e in parsed.entities for n in e.names if n.type is NameType.WEAK)
    assert weak == 72
    linked = [link for e in parsed.entities for link in e.links if link.relation == "linked_to"]
    assert len(linked) == 283
    assert all(entity.raw.startswith("<sdnEntry") for entity in parsed.entities)
