"""The UN Security Council Consolidated List XML, read into the entity model.

The fixture holds verbatim records from the official file (Soleimani and his namesake, a Taliban
minister born "approximately between 1955 and 1958", al-Baghdadi with his Arabic noms de guerre,
a Chechen with Cyrillic names, DRC entities...) in the official layout.
"""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from watchkeeper.errors import ListFormatError
from watchkeeper.model import Entity, EntityKind, NameType, ParsedList
from watchkeeper.sources.un_xml import PARSER

HEADER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:noNamespaceSchemaLocation="https://www.un.org/sc/resources/sc-sanctions.xsd" '
    'dateGenerated="2025-10-01T00:00:07.212Z">\n'
)


def write_list(folder: Path, individuals: str = "", entities: str = "") -> Path:
    """A consolidated list file holding the given records, in the official wrapper."""
    path = folder / "consolidated.xml"
    path.write_text(
        f"{HEADER}  <INDIVIDUALS>{individuals}</INDIVIDUALS>\n"
        f"  <ENTITIES>{entities}</ENTITIES>\n</CONSOLIDATED_LIST>\n",
        encoding="utf-8",
    )
    return path


def individual(ref: str, body: str = "") -> str:
    return (
        f"<INDIVIDUAL><DATAID>1</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>JOHN</FIRST_NAME>"
        f"<SECOND_NAME>DOE</SECOND_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>"
        f"<REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER><LISTED_ON>2001-01-25</LISTED_ON>"
        f"{body}<SORT_KEY/><SORT_KEY_LAST_MOD/></INDIVIDUAL>"
    )


@pytest.fixture(scope="module")
def fixture_file(fixtures: Path) -> Path:
    return fixtures / "un_xml" / "consolidated.xml"


@pytest.fixture(scope="module")
def parsed(fixture_file: Path) -> ParsedList:
    [result] = PARSER.parse(fixture_file)
    return result


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {entity.id: entity for entity in parsed.entities}


def names_of(entity: Entity, name_type: NameType) -> list[str]:
    return [name.full for name in entity.names if name.type is name_type]


# --- detection ---------------------------------------------------------------------------


def test_detects_the_consolidated_list_by_content(fixture_file: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "download.bin"
    renamed.write_bytes(fixture_file.read_bytes())
    assert PARSER.detect(fixture_file)
    assert PARSER.detect(renamed)


def test_detects_a_folder_holding_one_consolidated_list(fixture_file: Path, tmp_path: Path) -> None:
    (tmp_path / "consolidated.xml").write_bytes(fixture_file.read_bytes())
    (tmp_path / "notes.txt").write_text("downloaded today")
    assert PARSER.detect(tmp_path)
    [result] = PARSER.parse(tmp_path)
    assert len(result.entities) == 14


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0"?>\n<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov">',
        b'<?xml version="1.0"?>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export">',
        b"Last Updated,Name 6,Name 1\n01/01/2025,SOLEIMANI,Qasem\n",
        b'{"id": "NK-1", "schema": "Person"}\n',
        b"",
    ],
)
def test_does_not_claim_other_formats(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    path.write_bytes(content)
    assert not PARSER.detect(path)


def test_detection_never_raises_on_missing_paths(tmp_path: Path) -> None:
    assert not PARSER.detect(tmp_path / "absent.xml")
    assert not PARSER.detect(tmp_path)


# --- the list as a whole -----------------------------------------------------------------


def test_list_carries_its_own_publication_date(parsed: ParsedList, fixture_file: Path) -> None:
    assert parsed.info.id == "un-sc"
    assert parsed.published == date(2025, 10, 1)
    assert parsed.expected_count is None
    assert parsed.source == str(fixture_file)


def test_records_keep_file_order_and_kind(parsed: ParsedList) -> None:
    refs = [entity.source_ref for entity in parsed.entities]
    assert refs[:3] == ["CDi.036", "IRi.039", "IRi.040"]
    assert refs[-4:] == ["CDe.001", "CDe.003", "QDe.004", "QDe.157"]
    kinds = [entity.kind for entity in parsed.entities]
    assert kinds == [EntityKind.PERSON] * 10 + [EntityKind.ORGANIZATION] * 4
    assert all(entity.id == f"un-{entity.source_ref}" for entity in parsed.entities)
    assert all(entity.list_id == "un-sc" for entity in parsed.entities)


def test_parsing_twice_gives_the_same_content(fixture_file: Path, parsed: ParsedList) -> None:
    [again] = PARSER.parse(fixture_file)
    assert again.content_hash == parsed.content_hash


# --- Soleimani and his namesake ------------------------------------------------------------


def test_soleimani_names_by_alias_quality(by_id: dict[str, Entity]) -> None:
    soleimani = by_id["un-IRi.039"]
    assert soleimani.caption == "QASEM SOLEIMANI"
    assert soleimani.names[0].type is NameType.PRIMARY
    assert names_of(soleimani, NameType.AKA) == [
        "Qasim Soleimani",
        "Qasem Sulaimani",
        "Qasim Sulaimani",
        "Qasim Sulaymani",
        "Qasem Sulaymani",
        "Kasim Soleimani",
        "Kasim Sulaimani",
        "Kasim Sulaymani",
    ]
    assert names_of(soleimani, NameType.WEAK) == ["Haj Qasem", "Haji Qassem", "Sardar Soleimani"]


def test_soleimani_identifying_details(by_id: dict[str, Entity]) -> None:
    soleimani = by_id["un-IRi.039"]
    assert [d.iso for d in soleimani.birth_dates] == ["1957-03-11"]
    assert soleimani.birth_places == ("Qom, Iran (Islamic Republic of)",)
    [passport] = soleimani.identifiers
    assert (passport.type, passport.value, passport.country) == ("Passport", "008827", "IR")
    assert soleimani.listed_on == ("2007-03-24",)
    assert soleimani.programs == ("Iran",)
    assert soleimani.positions == ("Brigadier General", "Commander of Qods force")
    assert "UN DATAID 110408, version 1" in soleimani.remarks


def test_namesake_is_a_separate_listing(by_id: dict[str, Entity]) -> None:
    namesake = by_id["un-IRi.040"]
    assert namesake.caption == "GHASEM SOLEYMANI"
    assert names_of(namesake, NameType.AKA) == [
        "Ghasim Soleymani",
        "Ghasem Sulaymani",
        "Ghasem Solaymani",
    ]


def test_empty_placeholder_elements_are_not_values(by_id: dict[str, Entity]) -> None:
    namesake = by_id["un-IRi.040"]  # <COUNTRY/>, <TYPE_OF_DATE/>, <INDIVIDUAL_DOCUMENT/>
    assert namesake.addresses == ()
    assert namesake.countries == ()
    assert namesake.birth_dates == ()
    assert namesake.birth_places == ()
    assert namesake.identifiers == ()
    assert by_id["un-TAi.002"].names[2:] == ()  # <QUALITY/><ALIAS_NAME/> adds no alias


# --- names -------------------------------------------------------------------------------


def test_name_parts_are_joined_in_the_order_written(by_id: dict[str, Entity]) -> None:
    primary = by_id["un-QDi.068"].names[0]
    assert primary.full == "ADEL BEN AL-AZHAR BEN YOUSSEF HAMDI"
    # FIRST_NAME..FOURTH_NAME are positions, not given/family names.
    assert (primary.given, primary.family) == (None, None)


def test_original_script_name_is_a_primary_name_in_its_script(by_id: dict[str, Entity]) -> None:
    taliban = by_id["un-TAi.002"]
    assert [(n.full, n.type, n.script) for n in taliban.names] == [
        ("MOHAMMAD HASSAN AKHUND", NameType.PRIMARY, "Latn"),
        ("محمد حسن آخوند", NameType.PRIMARY, "Arab"),
    ]
    assert by_id["un-QDi.290"].names[1].script == "Cyrl"
    assert by_id["un-QDe.004"].names[1].full == "القاعدة"


def test_bracketed_spellings_are_names_of_their_own(by_id: dict[str, Entity]) -> None:
    baghdadi = by_id["un-QDi.299"]
    weak = names_of(baghdadi, NameType.WEAK)
    assert "أبو بكر البغدادي الحسيني القريشي" in weak
    assert "Abu Bakr al-Baghdadi al-Husayni al-Quraishi" in weak
    assert "Abu Bakr al-Baghdadi" in weak
    # Latin spellings given in the note of an Arabic-script nom de guerre.
    assert {"أبو دعاء", "Abu Du’a", "Abu Duaa’"} <= set(weak)
    assert "Ibrahim ‘Awad Ibrahim al-Samarra’i" in names_of(baghdadi, NameType.AKA)
    assert not any("(" in name.full or ";" in name.full for name in baghdadi.names)


def test_original_script_in_alias_notes_becomes_a_name(by_id: dict[str, Entity]) -> None:
    weak = [(n.full, n.script) for n in by_id["un-QDi.363"].names if n.type is NameType.WEAK]
    assert weak == [
        ("Abu Banat", "Latn"),
        ("Абу Банат", "Cyrl"),
        ("Abu al Banat", "Latn"),
        ("Абу аль Банат", "Cyrl"),
    ]
    kawthar = by_id["un-QDe.157"]
    assert ("شركة الكوثر", NameType.AKA) in [(n.full, n.type) for n in kawthar.names]


def test_entity_alias_qualities(by_id: dict[str, Entity]) -> None:
    adf = by_id["un-CDe.001"]
    assert names_of(adf, NameType.AKA) == ["Allied Democratic Forces"]
    assert names_of(adf, NameType.FKA) == [
        "Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda",
        "ADF/NALU",
        "NALU",
    ]


def test_two_names_in_one_entity_name_field(by_id: dict[str, Entity]) -> None:
    assert names_of(by_id["un-CDe.003"], NameType.PRIMARY) == [
        "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)",
        "GREAT LAKES BUSINESS COMPANY (GLBC)",
    ]


def test_alias_notes_and_alias_birth_details_are_kept(by_id: dict[str, Entity]) -> None:
    hamdi = by_id["un-QDi.068"]
    former = next(n for n in hamdi.names if n.full.startswith("Adel ben al- Azhar"))
    assert former.note == (
        "formerly listed as; date of birth 1970-07-14; place of birth Tunis, Tunisia"
    )
    umarov = by_id["un-QDi.290"]
    assert [d.iso for d in umarov.birth_dates] == ["1964-04-13", "1965-04-13", "1964-05-12", "1955"]
    dokka = [n for n in umarov.names if n.full == "Dokka Umarov"]
    assert len(dokka) == 1
    assert dokka[0].note == "date of birth 1964-04-13 | date of birth 1965-04-13"


# --- dates ---------------------------------------------------------------------------------


def test_approximate_year_range(by_id: dict[str, Entity]) -> None:
    ranges = [(d.year, d.year_to, d.circa) for d in by_id["un-TAi.002"].birth_dates]
    assert ranges == [(1955, 1958, True), (1945, 1950, True)]


def test_approximate_year(by_id: dict[str, Entity]) -> None:
    [born] = by_id["un-CDi.036"].birth_dates
    assert (born.year, born.month, born.circa) == (1977, None, True)


def test_listing_date_with_a_time_zone(by_id: dict[str, Entity]) -> None:
    assert by_id["un-YEi.004"].listed_on == ("2015-04-14",)


def test_birth_date_notes(tmp_path: Path) -> None:
    dates = (
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973 </NOTE>"
        "</INDIVIDUAL_DATE_OF_BIRTH>"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE>"
        "<NOTE>30-35 years old</NOTE></INDIVIDUAL_DATE_OF_BIRTH>"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1979-03-03</DATE>"
        "<NOTE>from false passport</NOTE></INDIVIDUAL_DATE_OF_BIRTH>"
    )
    [result] = PARSER.parse(write_list(tmp_path, individual("QDi.001", dates)))
    [entity] = result.entities
    assert [d.iso for d in entity.birth_dates] == ["1973-11", "1979-03-03"]
    assert "Date of birth: 30-35 years old (approximately)" in entity.remarks
    assert "Date of birth 1979-03-03: from false passport" in entity.remarks


# --- documents, places, countries --------------------------------------------------------


def test_document_issuer_and_place_of_issue(by_id: dict[str, Entity]) -> None:
    [passport] = by_id["un-QDi.096"].identifiers
    assert (passport.value, passport.country) == ("L335915", "TN")
    assert passport.note == "issued on 1996-11-08 in Milan, Italy; expired on 7 Nov. 2001"


def test_document_subtype_goes_to_the_note(by_id: dict[str, Entity]) -> None:
    [ration_card] = by_id["un-QDi.299"].identifiers
    assert ration_card.type == "National Identification Number"
    assert (ration_card.value, ration_card.note) == ("0134852", "Ration card number")


def test_document_without_a_number_stays_searchable(by_id: dict[str, Entity]) -> None:
    hamdi = by_id["un-QDi.068"]
    assert [i.value for i in hamdi.identifiers] == ["M408665", "BNSDLA70L14Z352B"]
    assert (
        "National Identification Number: Tunisian national identity number W334061 issued on "
        "9 Mar. 2011" in hamdi.remarks
    )


def test_countries_resolve_to_iso_codes_or_keep_the_text(by_id: dict[str, Entity]) -> None:
    assert by_id["un-QDi.290"].nationalities == ("RU", "former Soviet Union")
    assert by_id["un-QDi.299"].countries == ("IQ", "SY")
    assert by_id["un-CDi.036"].nationalities == ("UG",)


def test_addresses_keep_their_notes(by_id: dict[str, Entity]) -> None:
    [address] = by_id["un-CDi.036"].addresses
    assert address.text == (
        "Kajuju camp of Medina II, Beni territory, North Kivu, "
        "Democratic Republic of the Congo (Last known location)"
    )
    assert (address.city, address.country) == ("Beni territory", "CD")


def test_person_details(by_id: dict[str, Entity]) -> None:
    baluku = by_id["un-CDi.036"]
    assert baluku.gender == "male"
    assert baluku.positions == ("Overall leader of the Allied Democratic Forces (ADF) (CDe.001).",)
    assert by_id["un-TAi.002"].titles == ("Mullah", "Haji")
    assert by_id["un-TAi.002"].birth_places == (
        "Pashmul village, Panjwai District, Kandahar Province, Afghanistan",
    )


# --- remarks, links, raw -----------------------------------------------------------------


def test_comments_and_update_history_become_remarks(by_id: dict[str, Entity]) -> None:
    remarks = by_id["un-IRi.039"].remarks
    assert remarks[0] == (
        "Promoted to Major General, retaining his position as Commander of Qods force. "
        "[Old Reference # I.47.D.6]"
    )
    assert "Updated on 2014-12-17" in remarks
    assert not any(r.startswith("Updated on") for r in by_id["un-CDi.036"].remarks)


def test_cited_reference_numbers_become_links(by_id: dict[str, Entity]) -> None:
    links = by_id["un-CDi.036"].links
    assert [(link.target_id, link.target_name) for link in links] == [
        ("un-CDe.001", "ADF"),
        (None, "CDi.015"),  # cited but not in this file
    ]


def test_raw_is_the_record_as_published(by_id: dict[str, Entity]) -> None:
    raw = by_id["un-IRi.039"].raw
    assert raw.startswith("<INDIVIDUAL>\n      <DATAID>110408</DATAID>")
    assert raw.endswith("</INDIVIDUAL>")
    assert "xmlns" not in raw
    assert etree.fromstring(raw).findtext("REFERENCE_NUMBER") == "IRi.039"


# --- malformed input ---------------------------------------------------------------------


def test_truncated_file_names_the_file_and_line(fixture_file: Path, tmp_path: Path) -> None:
    data = fixture_file.read_bytes()
    path = tmp_path / "consolidated.xml"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ListFormatError) as error:
        PARSER.parse(path)
    assert str(path) in str(error.value)
    assert "truncated or malformed XML at line" in str(error.value)


def test_a_list_without_records_is_an_error(tmp_path: Path) -> None:
    path = write_list(tmp_path)
    with pytest.raises(ListFormatError, match="no INDIVIDUAL or ENTITY records") as error:
        PARSER.parse(path)
    assert str(path) in str(error.value)


def test_another_xml_document_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text('<?xml version="1.0"?><sdnList><publshInformation/></sdnList>')
    with pytest.raises(ListFormatError, match="root element is <sdnList>"):
        PARSER.parse(path)


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(b"")
    with pytest.raises(ListFormatError, match=re.escape(str(path))):
        PARSER.parse(path)


def test_record_without_reference_number_is_an_error(tmp_path: Path) -> None:
    path = write_list(tmp_path, individual(""))
    with pytest.raises(ListFormatError, match="INDIVIDUAL at line 3 has no REFERENCE_NUMBER"):
        PARSER.parse(path)


def test_reference_number_listed_twice_is_an_error(tmp_path: Path) -> None:
    path = write_list(tmp_path, individual("QDi.001") + individual("QDi.001"))
    with pytest.raises(ListFormatError, match=r"QDi\.001 listed twice"):
        PARSER.parse(path)


@pytest.fixture(scope="module")
def mangle_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mangled")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mangled_bytes_raise_only_list_format_errors(
    data: st.DataObject, fixture_file: Path, mangle_dir: Path
) -> None:
    original = fixture_file.read_bytes()
    cut = data.draw(st.integers(min_value=0, max_value=len(original)), label="cut")
    edits = data.draw(
        st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)), max_size=5),
        label="edits",
    )
    mangled = bytearray(original)
    for index, value in edits:
        mangled[index] = value
    path = mangle_dir / "consolidated.xml"
    path.write_bytes(bytes(mangled[:cut]))
    try:
        [result] = PARSER.parse(path)
    except ListFormatError as error:
        assert str(path) in str(error)
    else:
        assert result.entities


# --- the real file -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(shared_data: Path) -> ParsedList:
    path = shared_data / "un" / "UN_consolidated.xml"
    assert PARSER.detect(path)
    started = time.perf_counter()
    [result] = PARSER.parse(path)
    assert time.perf_counter() - started < 3
    return result


@pytest.mark.shared_data
def test_real_list_counts(real: ParsedList) -> None:
    assert real.published == date(2026, 2, 27)
    kinds = [entity.kind for entity in real.entities]
    assert len(kinds) == 1003
    assert kinds.count(EntityKind.PERSON) == 730
    assert kinds.count(EntityKind.ORGANIZATION) == 273
    assert len({entity.id for entity in real.entities}) == 1003
    assert all(entity.names[0].type is NameType.PRIMARY for entity in real.entities)


@pytest.mark.shared_data
def test_real_list_original_script_names(real: ParsedList) -> None:
    with_original = 0
    for entity in real.entities:
        original = etree.fromstring(entity.raw).findtext("NAME_ORIGINAL_SCRIPT")
        if original and original.strip():
            with_original += 1
            assert " ".join(original.split()) in names_of(entity, NameType.PRIMARY)
    assert with_original == 378


@pytest.mark.shared_data
def test_real_list_soleimani(real: ParsedList) -> None:
    by_ref = {entity.source_ref: entity for entity in real.entities}
    soleimani = by_ref["IRi.039"]
    assert soleimani.caption == "QASEM SOLEIMANI"
    assert [d.iso for d in soleimani.birth_dates] == ["1957-03-11"]
    assert soleimani.birth_places == ("Qom, Iran (Islamic Republic of)",)
    assert [(i.type, i.value, i.country) for i in soleimani.identifiers] == [
        ("Passport", "008827", "IR")
    ]
    assert soleimani.listed_on == ("2007-03-24",)
    assert soleimani.programs == ("Iran",)
    assert len(names_of(soleimani, NameType.AKA)) == 8
    assert names_of(soleimani, NameType.AKA)[-1] == "Kasim Sulaymani"
    assert names_of(soleimani, NameType.WEAK) == ["Haj Qasem", "Haji Qassem", "Sardar Soleimani"]
    assert "UN DATAID 110408, version 1" in soleimani.remarks
    namesake = by_ref["IRi.040"]
    assert namesake.caption == "GHASEM SOLEYMANI"
    assert names_of(namesake, NameType.AKA) == [
        "Ghasim Soleymani",
        "Ghasem Sulaymani",
        "Ghasem Solaymani",
    ]


@pytest.mark.shared_data
def test_real_list_has_no_qods_force_entity(real: ParsedList) -> None:
    organisations = [e for e in real.entities if e.kind is EntityKind.ORGANIZATION]
    for entity in organisations:
        for name in entity.names:
            folded = name.full.casefold()
            assert "qods force" not in folded and "quds force" not in folded, entity.id
