"""The EU FSF consolidated list XML: names in every EU language, partial birth dates, UN links."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from watchkeeper.errors import ListFormatError
from watchkeeper.model import (
    Address,
    Entity,
    EntityKind,
    Identifier,
    Link,
    NameType,
    ParsedList,
    PartialDate,
)
from watchkeeper.sources.eu_fsf import NAMESPACE, PARSER

ENTITY_OPEN = '<sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.1.1"'


@pytest.fixture
def xml(fixtures: Path) -> Path:
    return fixtures / "eu_fsf" / "eu-fsf.xml"


@pytest.fixture
def parsed(xml: Path) -> ParsedList:
    [result] = PARSER.parse(xml)
    return result


def entity(parsed: ParsedList, logical_id: str) -> Entity:
    return next(e for e in parsed.entities if e.source_ref == logical_id)


def names(found: Entity) -> list[tuple[str, NameType]]:
    return [(n.full, n.type) for n in found.names]


def export(body: str, root_attributes: str = 'generationDate="2026-01-27T10:00:00+01:00"') -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<export xmlns="{NAMESPACE}" {root_attributes}>{body}</export>'
    )


def record(inner: str, logical_id: str = "1") -> str:
    return (
        f'{ENTITY_OPEN} logicalId="{logical_id}">'
        '<subjectType code="person" classificationCode="P"/>'
        f'<nameAlias wholeName="Example Person" strong="true"/>{inner}</sanctionEntity>'
    )


def parse_text(tmp_path: Path, text: str) -> ParsedList:
    path = tmp_path / "eu-fsf.xml"
    path.write_text(text, "utf-8")
    [result] = PARSER.parse(path)
    return result


# --- detection ------------------------------------------------------------------------------


def test_detects_the_fsf_export(xml: Path) -> None:
    assert PARSER.detect(xml)


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-02-27"/>',
        b'<?xml version="1.0"?><sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/'
        b'PublicationPreview/exports/XML"/>',
        b'<?xml version="1.0"?><Designations><Designation/></Designations>',
        b"celex,recordId,programKey,annex,measure,startDate,reason,schema,name\r\n",
        b'{"id": "eu-fsf-eu-27-28", "schema": "Person"}\n',
        b"",
    ],
)
def test_does_not_claim_other_formats(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "list.xml"
    path.write_bytes(content)
    assert not PARSER.detect(path)


def test_does_not_claim_folders_or_missing_files(tmp_path: Path) -> None:
    assert not PARSER.detect(tmp_path)
    assert not PARSER.detect(tmp_path / "missing.xml")


# --- the list ---------------------------------------------------------------------------


def test_one_list_in_file_order_dated_by_the_generation_date(xml: Path, parsed: ParsedList) -> None:
    assert parsed.info.id == "eu-fsf"
    assert parsed.source == str(xml)
    assert parsed.published == date(2026, 1, 27)
    assert parsed.expected_count is None
    assert [e.id for e in parsed.entities] == [
        "eu-fsf-178871",
        "eu-fsf-178664",
        "eu-fsf-5763",
        "eu-fsf-6514",
        "eu-fsf-990001",
        "eu-fsf-990002",
    ]
    assert {e.list_id for e in parsed.entities} == {"eu-fsf"}


# --- Soleimani and his namesake -------------------------------------------------------------


def test_soleimani_names_keep_their_strength(parsed: ParsedList) -> None:
    soleimani = entity(parsed, "178871")
    primary = soleimani.names[0]
    assert (primary.full, primary.type) == ("Qasem Soleimani", NameType.PRIMARY)
    assert (primary.given, primary.family) == ("Qasem", "Soleimani")
    listed = names(soleimani)
    # The UN's ";"-joined alias strings are split into names of their own.
    for alias in ("Qasim Soleimani", "Qasem Sulaimani", "Kasim Sulaymani", "Sarder Soleimani"):
        assert (alias, NameType.AKA) in listed
    # strong="false" makes an alias weak, unless the EU also lists the spelling as strong.
    assert ("Haji Qassem", NameType.WEAK) in listed
    assert ("Sardar Soleimani", NameType.WEAK) in listed
    assert ("Haj Qasem", NameType.AKA) in listed
    assert len(listed) == len({full for full, _ in listed}) == 13  # each spelling once


def test_soleimani_facts(parsed: ParsedList) -> None:
    soleimani = entity(parsed, "178871")
    assert soleimani.kind is EntityKind.PERSON
    assert soleimani.birth_dates == (PartialDate(text="1957-03-11", year=1957, month=3, day=11),)
    assert soleimani.birth_places == ("Qom, IRAN (ISLAMIC REPUBLIC OF)",)
    assert soleimani.nationalities == ("IR",)
    assert soleimani.gender == "male"
    assert soleimani.positions == ("Brigadier General, Commander of Qods force",)
    assert soleimani.programs == ("IRN",)
    assert soleimani.listed_on == ("2007-03-24",)
    assert soleimani.identifiers == (
        Identifier(
            type="passport", value="008827", country="IR", note="diplomatic; Diplomatic Passport"
        ),
        Identifier(type="EU reference number", value="EU.3948.78"),
        Identifier(type="UN reference number", value="IRi.039"),
    )
    assert soleimani.links == (
        Link(relation="same as UN listing", target_name="Qasem Soleimani", target_id="un-IRi.039"),
    )
    assert soleimani.remarks[0] == (
        "Promoted to Major General, retaining his position as Commander of Qods Force."
    )
    assert soleimani.remarks[1].startswith("Legal basis: 267/2012 (OJ L88), published 2012-03-24")


def test_ghasem_soleymani_is_a_separate_person(parsed: ParsedList) -> None:
    other = entity(parsed, "178664")
    assert other.caption == "Ghasem Soleymani"
    assert names(other)[1:] == [
        ("Ghasim Soleymani", NameType.AKA),
        ("Ghasem Sulaymani", NameType.AKA),
        ("Ghasem Solaymani", NameType.AKA),
    ]
    assert other.birth_dates == ()
    assert other.links[0].target_id == "un-IRi.040"


# --- the Qods Force in every EU language ----------------------------------------------------


def test_irgc_qods_force_carries_its_eu_language_renderings(parsed: ParsedList) -> None:
    qods = entity(parsed, "5763")
    assert qods.kind is EntityKind.ORGANIZATION
    assert qods.caption == "IRGC Qods Force"
    german = next(n for n in qods.names if n.lang == "de")
    assert (german.full, german.type) == (
        "Quds-Truppe im Korps der Islamischen Revolutionsgarden",
        NameType.AKA,
    )
    # The Maltese rendering repeats the listing name: it is not listed twice.
    assert [full for full, _ in names(qods)].count("IRGC Qods Force") == 1
    assert qods.addresses == (
        Address(text="Tehran, IRAN (ISLAMIC REPUBLIC OF)", city="Tehran", country="IR"),
    )
    assert qods.countries == ("IR",)
    assert qods.programs == ("IRN",)
    assert qods.listed_on == ("2010-07-27",)  # no designationDate: the act's publication date
    assert qods.links == ()


def test_qods_force_syria_listing_has_the_quds_force_alias(parsed: ParsedList) -> None:
    qods = entity(parsed, "6514")
    assert names(qods)[:3] == [
        ("Qods Force", NameType.PRIMARY),
        ("Quds Force", NameType.AKA),
        ("IRGC Qods Force", NameType.AKA),
    ]
    bulgarian = next(n for n in qods.names if n.lang == "bg")
    assert bulgarian.full.startswith("Сили „Qods“")
    assert bulgarian.script == "Cyrl"
    assert {n.lang for n in qods.names} == {"en", "de", "bg", "el", "sv"}
    assert qods.programs == ("SYR",)


# --- partial birth dates, weak aliases, document flags ----------------------------------------


def test_circa_year_range_and_month_precision_birth_dates(parsed: ParsedList) -> None:
    person = entity(parsed, "990001")
    assert person.birth_dates == (
        PartialDate(text="circa 1960", year=1960, circa=True),
        PartialDate(text="1958 to 1962", year=1958, year_to=1962),
        PartialDate(text="1961-06", year=1961, month=6),
    )
    assert person.birth_places == ("Example Village, Example Province, AFGHANISTAN",)
    assert person.countries == ("AF",)
    assert person.nationalities == ()  # citizenship "00"/UNKNOWN is no nationality


def test_a_low_quality_remark_makes_an_alias_weak(parsed: ParsedList) -> None:
    person = entity(parsed, "990001")
    assert names(person) == [
        ("Abu Fictus AL-EXAMPLI", NameType.PRIMARY),
        ("Abu Fiktus", NameType.WEAK),
        ("Fictus the Elder", NameType.WEAK),
    ]
    assert person.titles == ("Mullah",)
    assert person.positions == ("Financier of the Example Brigade",)


def test_document_flags_and_validity_are_kept_with_the_number(parsed: ParsedList) -> None:
    person = entity(parsed, "990001")
    assert person.identifiers[0] == Identifier(
        type="passport",
        value="OA000001",
        country="AF",
        note="known to be false; issued on 2009-04-21; valid to 2014-04-20; "
        "name on document Fictus Exampli",
    )


def test_an_address_of_unknown_place_keeps_only_its_remark(parsed: ParsedList) -> None:
    person = entity(parsed, "990001")
    assert person.addresses == ()
    assert "Believed to move between Afghanistan and Pakistan." in person.remarks
    assert "Designated under Article 2(3) of Regulation (EC) No 2580/2001" in person.remarks


def test_enterprise_identifiers_address_and_contact_details(parsed: ParsedList) -> None:
    company = entity(parsed, "990002")
    assert company.kind is EntityKind.ORGANIZATION
    assert names(company)[1] == ("ООО «Пример Логистик»", NameType.AKA)
    assert company.identifiers[:2] == (
        Identifier(type="registration number", value="1027700000001", country="RU", note="OGRN"),
        Identifier(type="tax id", value="7700000001", country="RU", note="INN"),
    )
    assert company.addresses == (
        Address(
            text="Primernaya Street 1, building 2, 123456, Moscow, RUSSIAN FEDERATION",
            city="Moscow",
            country="RU",
        ),
    )
    for remark in (
        "Phone: +7 495 000 00 00",
        "Email: info@example-logistics.test",
        "Website: https://example-logistics.test",
    ):
        assert remark in company.remarks
    assert company.gender is None


def test_raw_is_the_record_as_published(parsed: ParsedList) -> None:
    soleimani = entity(parsed, "178871")
    element = etree.fromstring(soleimani.raw)
    assert etree.QName(element).localname == "sanctionEntity"
    assert element.get("logicalId") == "178871"
    assert "Qasim Soleimani; Qasem Sulaimani" in soleimani.raw


def test_parsing_twice_gives_equal_lists(xml: Path) -> None:
    assert PARSER.parse(xml) == PARSER.parse(xml)


# --- variants the format allows -----------------------------------------------------------


def test_non_gregorian_birth_dates_are_kept_as_remarks(tmp_path: Path) -> None:
    birth = '<birthdate circa="false" calendarType="ISLAMIC" birthdate="1343-06-24" year="1343"/>'
    [person] = parse_text(tmp_path, export(record(birth))).entities
    assert person.birth_dates == ()
    assert "Date of birth (islamic calendar): 1343-06-24" in person.remarks


def test_an_unknown_country_code_falls_back_to_the_description(tmp_path: Path) -> None:
    citizenship = '<citizenship countryIso2Code="XX" countryDescription="Atlantis"/>'
    citizenship += '<citizenship countryIso2Code="00" countryDescription="IRAN"/>'
    [person] = parse_text(tmp_path, export(record(citizenship))).entities
    assert person.nationalities == ("Atlantis", "IR")


def test_the_first_strong_alias_is_the_listing_name(tmp_path: Path) -> None:
    body = (
        f'{ENTITY_OPEN} logicalId="7"><subjectType code="enterprise" classificationCode="E"/>'
        '<nameAlias wholeName="Weak First" strong="false"/>'
        '<nameAlias wholeName="Strong Second" strong="true"/></sanctionEntity>'
    )
    [found] = parse_text(tmp_path, export(body)).entities
    assert names(found) == [("Strong Second", NameType.PRIMARY), ("Weak First", NameType.WEAK)]


def test_a_file_without_a_generation_date_has_no_publication_date(tmp_path: Path) -> None:
    assert parse_text(tmp_path, export(record(""), root_attributes="")).published is None


# --- malformed input -----------------------------------------------------------------------


def test_a_truncated_file_is_reported_with_its_name(tmp_path: Path, xml: Path) -> None:
    text = xml.read_text("utf-8")
    path = tmp_path / "eu-fsf.xml"
    path.write_text(text[: text.index("Quds-Truppe")], "utf-8")
    with pytest.raises(ListFormatError, match="truncated XML") as error:
        PARSER.parse(path)
    assert error.value.source == str(path)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "malformed XML"),
        ('<?xml version="1.0"?><CONSOLIDATED_LIST/>', "no FSF <export> element"),
        ('<?xml version="1.0"?><sdnList><export/></sdnList>', "root element is <sdnList>"),
        (export(""), "no sanctionEntity records"),
        (export(f'{ENTITY_OPEN}><nameAlias wholeName="X"/></sanctionEntity>'), "no logicalId"),
        (export(f'{ENTITY_OPEN} logicalId="42"></sanctionEntity>'), "42 .*has no name"),
    ],
)
def test_malformed_files_are_reported(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "eu-fsf.xml"
    path.write_text(text, "utf-8")
    with pytest.raises(ListFormatError, match=problem) as error:
        PARSER.parse(path)
    assert error.value.source == str(path)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mangled_files_only_ever_raise_list_format_errors(
    tmp_path: Path, xml: Path, data: st.DataObject
) -> None:
    original = xml.read_bytes()
    cut = data.draw(st.integers(0, len(original)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(original) - 1), st.binary(max_size=3))))
    mangled = bytearray(original[:cut])
    for position, replacement in flips:
        if position < len(mangled):
            mangled[position : position + 1] = replacement
    path = tmp_path / "eu-fsf.xml"
    path.write_bytes(bytes(mangled))
    try:
        PARSER.parse(path)
    except ListFormatError as error:
        assert error.source == str(path)


# --- against the real EU data we have --------------------------------------------------------


@pytest.mark.shared_data
def test_fixture_agrees_with_the_eu_records_in_the_derived_aggregate(
    shared_data: Path, parsed: ParsedList
) -> None:
    """No FSF XML could be obtained; the aggregate built from it is the check on the fixture."""
    data = json.loads((shared_data / "eu/pakote_aggregate_2026-01-28/all.json").read_text("utf-8"))
    real = {e["source_id"]: e for e in data["entities"] if "EU" in e["source"]}
    for logical_id in ("178871", "178664", "5763", "6514"):
        record, ours = real[logical_id], entity(parsed, logical_id)
        published = {record["name"]} | {
            part.strip() for alias in record["aliases"] for part in alias.split(";")
        }
        assert ours.caption == record["name"]
        assert {n.full for n in ours.names} <= published
        assert [d.iso for d in ours.birth_dates] == record["birthdates"]
    for person in ("178871", "178664"):  # the fixture has all their names
        assert {n.full for n in entity(parsed, person).names} == {real[person]["name"]} | {
            part.strip() for alias in real[person]["aliases"] for part in alias.split(";")
        }
    passport = real["178871"]["identifiers"][0]
    assert entity(parsed, "178871").identifiers[0].value == passport["number"]
