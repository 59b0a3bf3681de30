"""OFAC's legacy CSV sets (SDN and Consolidated non-SDN), read into the entity model.

The fixtures are verbatim rows of official files: ``sdn_set/`` holds SDN.CSV, ALT.CSV, ADD.CSV
and SDN_COMMENTS.CSV under the upper-case names of the official downloads (Soleimani, the
IRGC-Qods Force and a bank linked to it, people with weak aliases and circa birth dates, a
vessel, an aircraft, and a party whose remarks overflow into the comments file);
``cons_set/`` holds four parties of the Consolidated list. CRLF line ends and the closing 0x1A
byte are as OFAC writes them.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchkeeper.errors import ListFormatError
from watchkeeper.model import Address, Entity, EntityKind, Identifier, Link, NameType, ParsedList
from watchkeeper.sources.ofac_csv import PARSER, JoinReport, parse_set

QODS_FORCE = "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"


def write_csv(path: Path, rows: list[str], *, marker: bool = True) -> Path:
    """A CSV file the way OFAC writes one: CRLF line ends, then the 0x1A end-of-file byte."""
    data = "".join(f"{row}\r\n" for row in rows).encode("cp1252")
    path.write_bytes(data + (b"\x1a" if marker else b""))
    return path


def sdn_row(ent: str, name: str, kind: str = "-0- ", remarks: str = "-0- ") -> str:
    kind_cell = kind if kind == "-0- " else f'"{kind}"'
    remarks_cell = remarks if remarks == "-0- " else f'"{remarks}"'
    return f'{ent},"{name}",{kind_cell},"SDGT",' + "-0- ," * 7 + remarks_cell


@pytest.fixture(scope="module")
def sdn_set(fixtures: Path) -> Path:
    return fixtures / "ofac_csv" / "sdn_set"


@pytest.fixture(scope="module")
def cons_set(fixtures: Path) -> Path:
    return fixtures / "ofac_csv" / "cons_set"


@pytest.fixture(scope="module")
def sdn(sdn_set: Path) -> ParsedList:
    [parsed] = PARSER.parse(sdn_set)
    return parsed


def entity(parsed: ParsedList, ent_num: str) -> Entity:
    [found] = [e for e in parsed.entities if e.source_ref == ent_num]
    return found


# --- the SDN set ----------------------------------------------------------------------------


def test_a_folder_with_the_official_upper_case_names_is_the_sdn_list(
    sdn: ParsedList, sdn_set: Path
) -> None:
    assert sdn.info.id == "ofac-sdn"
    assert sdn.source == str(sdn_set)
    assert sdn.published is None and sdn.expected_count is None
    assert [e.source_ref for e in sdn.entities][:3] == ["4243", "4632", "8244"]
    assert len(sdn.entities) == 12
    assert all(e.id == f"ofac-sdn-{e.source_ref}" for e in sdn.entities)


def test_soleimani_as_listed(sdn: ParsedList) -> None:
    soleimani = entity(sdn, "10481")

    assert soleimani.id == "ofac-sdn-10481"
    assert soleimani.kind is EntityKind.PERSON
    primary = soleimani.names[0]
    assert (primary.full, primary.type) == ("SOLEIMANI, Qasem", NameType.PRIMARY)
    assert (primary.family, primary.given) == ("SOLEIMANI", "Qasem")
    aliases = [n.full for n in soleimani.names if n.type is NameType.AKA]
    assert len(aliases) == 8 and "SOLEYMANI, Ghasem" in aliases
    assert [d.iso for d in soleimani.birth_dates] == ["1957-03-11"]
    assert soleimani.birth_places == ("Qom, Iran",)
    assert soleimani.nationalities == ("IR",)
    assert soleimani.programs == ("SDGT", "SYRIA", "NPWMD", "IRGC", "IFSR")
    assert soleimani.identifiers == (
        Identifier(type="Diplomatic Passport", value="008827", country="IR", note="issued 1999"),
    )
    assert soleimani.addresses == ()  # his add.csv row is all -0-
    assert soleimani.remarks == (
        "Additional Sanctions Information - Subject to Secondary Sanctions",
    )


def test_qods_force_as_listed(sdn: ParsedList) -> None:
    qods = entity(sdn, "10465")

    assert qods.kind is EntityKind.ORGANIZATION
    assert qods.caption == QODS_FORCE
    assert qods.programs[:4] == ("FTO", "SDGT", "SYRIA", "IRGC")
    aliases = [n.full for n in qods.names if n.type is NameType.AKA]
    assert len(aliases) == 11 and "IRGC-QF" in aliases
    assert all(n.family is None for n in qods.names)
    assert qods.addresses == (
        Address(text="Tehran, Iran", city="Tehran", country="IR"),
        Address(text="Syria", country="SY"),
    )
    assert qods.countries == ("IR", "SY")


def test_linked_to_resolves_to_the_party_of_that_name_in_the_same_list(sdn: ParsedList) -> None:
    bank = entity(sdn, "4632")

    assert bank.links == (
        Link(relation="linked_to", target_name=QODS_FORCE, target_id="ofac-sdn-10465"),
        Link(relation="linked_to", target_name="HIZBALLAH"),  # not in this fixture
    )


def test_quoted_remark_aliases_are_weak_names(sdn: ParsedList) -> None:
    sahiron = entity(sdn, "9584")
    kabi = entity(sdn, "11170")

    weak = [n for n in sahiron.names if n.type is NameType.WEAK]
    assert [n.full for n in weak] == ["SAJIRUN, Radulan", "COMMANDER PUTOL"]
    assert (weak[0].family, weak[0].given) == ("SAJIRUN", "Radulan")
    assert "'ALI, Abu" in [n.full for n in kabi.names if n.type is NameType.WEAK]


def test_fka_and_nka_aliases_keep_their_meaning(sdn: ParsedList) -> None:
    continente = entity(sdn, "8244")
    vessel = entity(sdn, "4243")

    nka = [(n.full, n.type) for n in continente.names if n.note == "n.k.a."]
    assert nka == [
        ("NUEVO CONTINENTE S.A.", NameType.AKA),
        ("NUEVOCONTINENTE S.A.", NameType.AKA),
        ("WWW.NUEVOCONTINENTE.COM.PE", NameType.AKA),
    ]
    assert [(n.full, n.type, n.note) for n in vessel.names[1:]] == [
        ("ANA I", NameType.WEAK, "f.k.a.")
    ]


def test_birth_dates_keep_circa_ranges_and_alternatives(sdn: ParsedList) -> None:
    sahiron = entity(sdn, "9584")
    nishiguchi = entity(sdn, "15496")

    assert [(d.year, d.circa) for d in sahiron.birth_dates] == [(1955, False), (1952, True)]
    [span] = nishiguchi.birth_dates
    assert (span.year, span.year_to) == (1929, 1930)


def test_gender_and_documents_with_issue_and_expiry(sdn: ParsedList) -> None:
    qadhafi = entity(sdn, "12610")

    assert qadhafi.gender == "female"
    assert (
        Identifier(
            type="Passport",
            value="03824970",
            country="OM",
            note="issued 04 May 2014; expires 03 May 2024",
        )
        in qadhafi.identifiers
    )
    assert Identifier(type="Passport", value="B/011641") in qadhafi.identifiers


def test_vessel_columns(sdn: ParsedList) -> None:
    vessel = entity(sdn, "4243")

    assert vessel.kind is EntityKind.VESSEL
    assert vessel.caption == "SAND SWAN"
    assert Identifier(type="Call Sign", value="P3QG3") in vessel.identifiers
    assert vessel.countries == ("CY",)
    assert vessel.remarks == (
        "Vessel Type General Cargo",
        "Vessel Flag Cyprus",
        "Vessel Owner Sand & Swan Navigation Co. Ltd.",
        "Tonnage 2595",
        "GRT 1116",
    )
    assert vessel.links == (
        Link(relation="vessel_owner", target_name="Sand & Swan Navigation Co. Ltd."),
    )


def test_aircraft_identifiers(sdn: ParsedList) -> None:
    aircraft = entity(sdn, "15431")

    assert aircraft.kind is EntityKind.AIRCRAFT
    assert (
        Identifier(type="Aircraft Manufacturer's Serial Number (MSN)", value="1023409321")
        in aircraft.identifiers
    )
    assert "Aircraft Model IL76-TD" in aircraft.remarks


def test_remarks_cut_at_1000_characters_continue_in_the_comments_file(sdn: ParsedList) -> None:
    cifuentes = entity(sdn, "12300")

    targets = [link.target_name for link in cifuentes.links]
    # "...Linked To: PROMO RAI" ends sdn.csv's cell; "Z S.A.S.; ..." opens the comment.
    assert "PROMO RAIZ S.A.S." in targets
    assert targets[-1] == "R D I S.A"
    assert cifuentes.raw.split("\n")[1].startswith('12300,"Z S.A.S.;')


def test_raw_keeps_the_rows_verbatim(sdn: ParsedList, sdn_set: Path) -> None:
    soleimani = entity(sdn, "10481")
    first_line = (sdn_set / "SDN.CSV").read_bytes().split(b"\r\n")
    [row] = [line for line in first_line if line.startswith(b"10481,")]

    lines = soleimani.raw.split("\n")
    assert lines[0] == row.decode("ascii")
    assert len(lines) == 1 + 8 + 1  # the party, its 8 aliases, its (empty) address row


def test_the_primary_file_path_brings_its_siblings(sdn_set: Path, sdn: ParsedList) -> None:
    [parsed] = PARSER.parse(sdn_set / "SDN.CSV")

    assert parsed.entities == sdn.entities


def test_a_primary_file_alone_is_read_without_aliases_or_addresses(
    sdn_set: Path, tmp_path: Path
) -> None:
    alone = shutil.copy(sdn_set / "SDN.CSV", tmp_path / "sdn.csv")

    [parsed] = PARSER.parse(Path(alone))

    soleimani = entity(parsed, "10481")
    assert [n.full for n in soleimani.names] == ["SOLEIMANI, Qasem"]
    assert entity(parsed, "10465").addresses == ()


def test_a_primary_file_saved_under_another_name_is_detected_by_content(
    sdn_set: Path, tmp_path: Path
) -> None:
    renamed = Path(shutil.copy(sdn_set / "SDN.CSV", tmp_path / "download (3).csv"))
    cons = Path(shutil.copy(sdn_set / "SDN.CSV", tmp_path / "cons-2025.csv"))

    assert PARSER.detect(renamed)
    assert PARSER.parse(renamed)[0].info.id == "ofac-sdn"
    assert PARSER.parse(cons)[0].entities[0].id.startswith("ofac-cons-")


# --- the Consolidated set -------------------------------------------------------------------


def test_consolidated_set_is_its_own_list(cons_set: Path) -> None:
    [cons] = PARSER.parse(cons_set)

    assert cons.info.id == "ofac-cons"
    assert [e.id for e in cons.entities] == [
        "ofac-cons-9639",
        "ofac-cons-9640",
        "ofac-cons-9641",
        "ofac-cons-17014",
    ]
    bank = entity(cons, "17014")
    assert Identifier(type="SWIFT/BIC", value="RUAGRUMM") in bank.identifiers
    assert [n.full for n in bank.names if n.type is NameType.WEAK] == ["RUSAG"]
    # the registration number straddles the cut between cons_prim.csv and cons_comments.csv
    assert (
        Identifier(type="Registration Number", value="1027700342890", country="RU")
        in bank.identifiers
    )


def test_a_folder_with_both_sets_yields_both_lists(
    sdn_set: Path, cons_set: Path, tmp_path: Path
) -> None:
    for source in (sdn_set, cons_set):
        for file in source.iterdir():
            shutil.copy(file, tmp_path / file.name)

    lists = PARSER.parse(tmp_path)

    assert [parsed.info.id for parsed in lists] == ["ofac-sdn", "ofac-cons"]
    assert [len(parsed.entities) for parsed in lists] == [12, 4]


# --- joining files of different releases ----------------------------------------------------


def test_rows_for_unknown_parties_are_skipped_counted_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_csv(tmp_path / "sdn.csv", [sdn_row("10", "ALPHA TRADING")])
    write_csv(tmp_path / "alt.csv", ['10,1,"aka","ALPHA",-0- ', '99,2,"aka","NEWCO",-0- '])
    write_csv(tmp_path / "add.csv", ['99,3,-0- ,"Minsk","Belarus",-0- '])
    write_csv(tmp_path / "sdn_comments.csv", ['99,"rest of a remark."'])

    parsed, report = parse_set(
        tmp_path / "sdn.csv",
        alt=tmp_path / "alt.csv",
        add=tmp_path / "add.csv",
        comments=tmp_path / "sdn_comments.csv",
    )
    with caplog.at_level(logging.WARNING):
        PARSER.parse(tmp_path)

    assert [n.full for n in parsed.entities[0].names] == ["ALPHA TRADING", "ALPHA"]
    assert report == JoinReport(orphan_aliases=1, orphan_addresses=1, orphan_comments=1)
    assert "skipped 1 alias, 1 address and 1 comment rows" in caplog.text


def test_a_comment_for_a_remark_that_was_not_cut_is_not_glued_on(tmp_path: Path) -> None:
    write_csv(tmp_path / "sdn.csv", [sdn_row("10", "ALPHA", remarks="Website alpha.com.")])
    write_csv(tmp_path / "sdn_comments.csv", ['10,"4X3191Z8; alt. Website beta.com."'])

    parsed, report = parse_set(tmp_path / "sdn.csv", comments=tmp_path / "sdn_comments.csv")

    assert report.stray_comments == 1
    assert [i.value for i in parsed.entities[0].identifiers] == ["alpha.com"]


def test_explicit_files_from_another_folder_can_complete_a_primary_file(
    sdn_set: Path, tmp_path: Path
) -> None:
    primary = Path(shutil.copy(sdn_set / "SDN.CSV", tmp_path / "sdn.csv"))

    parsed, report = parse_set(primary, alt=sdn_set / "ALT.CSV", add=sdn_set / "ADD.CSV")

    assert report.total == 0
    assert len(entity(parsed, "10481").names) == 9
    assert parsed.source == str(primary)


# --- encodings ------------------------------------------------------------------------------


def test_windows_1252_and_utf8_files_are_both_read(tmp_path: Path) -> None:
    write_csv(tmp_path / "sdn.csv", [sdn_row("10", "CAFÉ DEL MAR S.A.")])
    utf8 = tmp_path / "utf8" / "sdn.csv"
    utf8.parent.mkdir()
    utf8.write_bytes(("\ufeff" + sdn_row("10", "CAFÉ DEL MAR S.A.") + "\r\n\x1a").encode())

    assert PARSER.parse(tmp_path / "sdn.csv")[0].entities[0].caption == "CAFÉ DEL MAR S.A."
    assert PARSER.parse(utf8)[0].entities[0].caption == "CAFÉ DEL MAR S.A."


# --- malformed and truncated input ----------------------------------------------------------


def test_a_primary_file_without_the_end_of_file_marker_is_truncated(
    sdn_set: Path, tmp_path: Path
) -> None:
    cut = tmp_path / "sdn.csv"
    cut.write_bytes((sdn_set / "SDN.CSV").read_bytes()[:2000])

    with pytest.raises(ListFormatError) as error:
        PARSER.parse(cut)

    assert str(cut) in str(error.value)
    assert "truncated" in str(error.value)


def test_an_auxiliary_file_may_lack_the_marker_if_its_last_line_is_whole(tmp_path: Path) -> None:
    write_csv(tmp_path / "sdn.csv", [sdn_row("10", "ALPHA")])
    write_csv(tmp_path / "alt.csv", ['10,1,"aka","ALPHA CO",-0- '], marker=False)

    [parsed] = PARSER.parse(tmp_path)

    assert [n.full for n in parsed.entities[0].names] == ["ALPHA", "ALPHA CO"]


def test_an_auxiliary_file_cut_mid_line_is_rejected(tmp_path: Path) -> None:
    write_csv(tmp_path / "sdn.csv", [sdn_row("10", "ALPHA")])
    alt = tmp_path / "alt.csv"
    alt.write_bytes(b'10,1,"aka","ALPHA CO",-0- \r\n10,2,"aka","ALP')

    with pytest.raises(ListFormatError, match="truncated") as error:
        PARSER.parse(tmp_path)

    assert str(alt) in str(error.value)


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (['10,"ALPHA","-0- "'], "line 1: expected 12 columns, found 3"),
        ([sdn_row("10", "ALPHA"), sdn_row("10", "BETA")], "ent_num 10 is listed twice"),
        ([sdn_row("X1", "ALPHA")], "ent_num 'X1' is not a number"),
        ([sdn_row("10", "-0- ")], "ent_num 10 has no name"),
        (['10,"ALPHA"broken,' + "-0- ," * 9 + "-0- "], "line 1"),
    ],
)
def test_malformed_rows_name_the_file_and_the_line(
    tmp_path: Path, rows: list[str], problem: str
) -> None:
    path = write_csv(tmp_path / "sdn.csv", rows)

    with pytest.raises(ListFormatError) as error:
        PARSER.parse(path)

    assert str(path) in str(error.value)
    assert problem in str(error.value)


def test_a_folder_without_a_primary_file_is_an_error(tmp_path: Path) -> None:
    write_csv(tmp_path / "alt.csv", ['10,1,"aka","ALPHA CO",-0- '])

    with pytest.raises(ListFormatError, match=re.escape("no sdn.csv or cons_prim.csv")):
        PARSER.parse(tmp_path)
    with pytest.raises(ListFormatError, match=re.escape("only completes sdn.csv")):
        PARSER.parse(tmp_path / "alt.csv")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mangled_files_fail_only_with_list_format_error(data: st.DataObject) -> None:
    original = (Path(__file__).parents[1] / "fixtures/ofac_csv/sdn_set/SDN.CSV").read_bytes()
    cut = data.draw(st.integers(0, len(original)))
    position = data.draw(st.integers(0, max(cut - 1, 0)))
    junk = data.draw(st.binary(max_size=8))
    mangled = original[:position] + junk + original[position + len(junk) : cut]
    if data.draw(st.booleans()):
        mangled += b"\x1a"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sdn.csv"
        path.write_bytes(mangled)
        try:
            PARSER.parse(path)
        except ListFormatError as error:
            assert str(path) in str(error)


# --- detection ------------------------------------------------------------------------------


def test_detects_the_set_and_its_primary_file(sdn_set: Path, cons_set: Path) -> None:
    assert PARSER.detect(sdn_set)
    assert PARSER.detect(sdn_set / "SDN.CSV")
    assert PARSER.detect(cons_set)
    assert PARSER.detect(cons_set / "cons_prim.csv")


def test_does_not_claim_other_files(sdn_set: Path, tmp_path: Path) -> None:
    samples = {
        "alt.csv": (sdn_set / "ALT.CSV").read_bytes(),
        "ConList.csv": b"Last Updated,10/04/2025\r\nName 6,Name 1,Name 2,Name 3,Name 4\r\n",
        "eu.csv": b"celex,recordId,programKey,annex,measure,startDate,reason,schema,name\n",
        "SDN.XML": b'<?xml version="1.0"?>\n<sdnList xmlns="x"><publshInformation/></sdnList>',
        "entities.ftm.json": b'{"id": "x", "schema": "Person", "properties": {}}\n',
        "empty.csv": b"",
        "marker-only.csv": b"\x1a",
        "binary.bin": bytes(range(256)),
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
        assert not PARSER.detect(tmp_path / name), name
    assert not PARSER.detect(tmp_path)  # a folder without sdn.csv or cons_prim.csv
    assert not PARSER.detect(tmp_path / "missing.csv")


# --- the real files -------------------------------------------------------------------------


def kinds(parsed: ParsedList) -> dict[EntityKind, int]:
    counts: dict[EntityKind, int] = {}
    for item in parsed.entities:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return counts


@pytest.mark.shared_data
def test_real_complete_set_2021(shared_data: Path) -> None:
    folder = shared_data / "ofac" / "complete_set_2021-07"

    parsed, report = parse_set(
        folder / "sdn.csv",
        alt=folder / "alt.csv",
        add=folder / "add.csv",
        comments=folder / "sdn_comments.csv",
    )

    assert len(parsed.entities) == 8976
    assert kinds(parsed) == {
        EntityKind.PERSON: 4620,
        EntityKind.ORGANIZATION: 3673,
        EntityKind.VESSEL: 406,
        EntityKind.AIRCRAFT: 277,
    }
    assert report == JoinReport()
    assert PARSER.parse(folder)[0].entities == parsed.entities


@pytest.fixture(scope="module")
def sdn_2024(shared_data: Path) -> ParsedList:
    [parsed] = PARSER.parse(shared_data / "ofac" / "sdn_2024-05-03" / "sdn.csv")
    return parsed


@pytest.mark.shared_data
def test_real_sdn_2024_alone(sdn_2024: ParsedList) -> None:
    assert len(sdn_2024.entities) == 14965
    assert kinds(sdn_2024) == {
        EntityKind.PERSON: 6854,
        EntityKind.ORGANIZATION: 6884,
        EntityKind.VESSEL: 851,
        EntityKind.AIRCRAFT: 376,
    }
    soleimani = entity(sdn_2024, "10481")
    assert soleimani.caption == "SOLEIMANI, Qasem"
    assert [d.iso for d in soleimani.birth_dates] == ["1957-03-11"]
    assert soleimani.birth_places == ("Qom, Iran",)
    assert soleimani.nationalities == ("IR",)
    assert {"SDGT", "IRGC"} <= set(soleimani.programs)
    assert (
        Identifier(type="Diplomatic Passport", value="008827", country="IR", note="issued 1999")
        in soleimani.identifiers
    )
    qods = entity(sdn_2024, "10465")
    assert qods.caption == QODS_FORCE
    assert {"FTO", "SDGT", "IRGC"} <= set(qods.programs)


@pytest.mark.shared_data
def test_real_sdn_2024_linked_to_qods_force_98_times(sdn_2024: ParsedList) -> None:
    linked = [
        e.id
        for e in sdn_2024.entities
        if any(link.target_id == "ofac-sdn-10465" for link in e.links)
    ]

    assert len(linked) == 98


@pytest.mark.shared_data
def test_real_sdn_2024_completed_with_newer_aliases_and_addresses(shared_data: Path) -> None:
    ofac = shared_data / "ofac"

    parsed, report = parse_set(
        ofac / "sdn_2024-05-03" / "sdn.csv",
        alt=ofac / "aux_2026-06-02" / "alt.csv",
        add=ofac / "aux_2026-06-02" / "add.csv",
    )

    assert len(parsed.entities) == 14965
    assert report.orphan_aliases > 1000 and report.orphan_addresses > 1000
    soleimani = entity(parsed, "10481")
    assert "SOLEYMANI, Ghasem" in [n.full for n in soleimani.names]
    assert len([n for n in soleimani.names if n.type is NameType.AKA]) == 8
    qods = entity(parsed, "10465")
    assert len([n for n in qods.names if n.type is NameType.AKA]) == 11
    assert "IRGC-QF" in [n.full for n in qods.names]
    assert {a.country for a in qods.addresses} == {"IR", "SY"}
    assert "Tehran, Iran" in [a.text for a in qods.addresses]


@pytest.mark.shared_data
def test_real_consolidated_2025(shared_data: Path) -> None:
    [parsed] = PARSER.parse(shared_data / "ofac" / "consolidated_csv_2025-12")

    assert parsed.info.id == "ofac-cons"
    assert len(parsed.entities) == 442
    assert kinds(parsed) == {EntityKind.PERSON: 79, EntityKind.ORGANIZATION: 363}
    assert not {"ofac-cons-10481", "ofac-cons-10465"} & {e.id for e in parsed.entities}
