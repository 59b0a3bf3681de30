"""FollowTheMoney JSON lines (OpenSanctions ``entities.ftm.json``).

The fixture ``tests/fixtures/ftm/sanctions_sample`` is a small export in the OpenSanctions
layout: a sanctioned person with aliases, a passport, two sanctions (one reached through a
referent id) and an occupancy; an organisation with two Address records; a company owning and
operating a tanker; and records that point at parties missing from the file.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchkeeper.errors import ListFormatError
from watchkeeper.model import Entity, EntityKind, NameType, ParsedList, PartialDate
from watchkeeper.sources.ftm import PARSER, PARTY_KINDS, read_ftm

SAMPLE_ID = "ftm-sanctions_sample"


@pytest.fixture(scope="module")
def sample_dir(fixtures: Path) -> Path:
    return fixtures / "ftm" / "sanctions_sample"


@pytest.fixture(scope="module")
def sample(sample_dir: Path) -> ParsedList:
    (parsed,) = PARSER.parse(sample_dir)
    return parsed


def by_ref(parsed: ParsedList, ref: str) -> Entity:
    return next(e for e in parsed.entities if e.source_ref == ref)


def write_lines(path: Path, records: list[dict[str, object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def record(id: str, schema: str, **props: list[str]) -> dict[str, object]:
    return {"id": id, "schema": schema, "properties": props}


# --------------------------------------------------------------------------------------------
# Detection


def test_detects_an_ftm_file_and_a_dataset_folder(sample_dir: Path) -> None:
    assert PARSER.detect(sample_dir)
    assert PARSER.detect(sample_dir / "entities.ftm.json")


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0"?>\n<sdnList></sdnList>\n',
        b"Last Updated,10/04/2025\nName 6,Name 1,Name 2\n",
        b'"36","AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\r\n',
        b'{\n  "metadata": {"generated": "2026-01-28"},\n  "entities": []\n}\n',
        b'{"metadata": {}, "entities": [{"name": "X", "source_id": "1"}]}\n',
        b'[{"id": "x", "schema": "Person"}]\n',
        b'{"id": "x", "caption": "no schema"}\n',
        b"",
        b"\x00\x01\x02binary",
    ],
)
def test_does_not_claim_other_formats(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "file.json"
    path.write_bytes(content)
    assert not PARSER.detect(path)


def test_detect_never_raises_on_missing_paths_or_empty_folders(tmp_path: Path) -> None:
    assert not PARSER.detect(tmp_path / "missing.ftm.json")
    assert not PARSER.detect(tmp_path)


def test_detects_a_first_line_longer_than_the_sniff_limit(tmp_path: Path) -> None:
    huge = record("NK-1", "Company", notes=["x" * 1_200_000])
    path = write_lines(tmp_path / "entities.ftm.json", [huge])
    assert PARSER.detect(path)


# --------------------------------------------------------------------------------------------
# The list and its metadata


def test_list_metadata_comes_from_index_json(sample: ParsedList, sample_dir: Path) -> None:
    assert sample.info.id == SAMPLE_ID
    assert sample.info.title == "Sanctions sample (IRGC-QF and a tanker)"
    assert sample.info.publisher == (
        "U.S. Department of the Treasury, Office of Foreign Assets Control"
    )
    assert sample.published == date(2026, 6, 2)  # last_export
    assert sample.expected_count is None
    assert sample.source == str(sample_dir)


def test_without_index_json_the_folder_names_the_dataset(sample_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "My Dataset"
    folder.mkdir()
    shutil.copy(sample_dir / "entities.ftm.json", folder)
    (parsed,) = PARSER.parse(folder / "entities.ftm.json")
    assert parsed.info.id == "ftm-my-dataset"
    assert parsed.info.title == "My Dataset"
    assert parsed.info.publisher == "OpenSanctions / FollowTheMoney"
    assert parsed.published is None
    assert all(e.id.startswith("ftm-my-dataset-") for e in parsed.entities)


def test_a_specifically_named_file_names_the_dataset(sample_dir: Path, tmp_path: Path) -> None:
    shutil.copy(sample_dir / "entities.ftm.json", tmp_path / "eu_fsf.ftm.json")
    assert PARSER.detect(tmp_path)
    (parsed,) = PARSER.parse(tmp_path)
    assert parsed.info.id == "ftm-eu_fsf"


def test_only_parties_become_entities_in_file_order(sample: ParsedList) -> None:
    assert [(e.source_ref, e.kind) for e in sample.entities] == [
        ("ofac-10481", EntityKind.PERSON),
        ("ofac-10465", EntityKind.ORGANIZATION),
        ("co-example-maritime", EntityKind.ORGANIZATION),
        ("vs-example-star", EntityKind.VESSEL),
    ]
    assert all(e.id == f"{SAMPLE_ID}-{e.source_ref}" for e in sample.entities)
    assert all(e.list_id == SAMPLE_ID for e in sample.entities)


def test_folded_records_are_accounted_for(sample_dir: Path) -> None:
    stats = read_ftm(sample_dir).stats
    assert stats.parties == 4
    assert stats.folded == {
        "Sanction": 4,
        "Passport": 1,
        "Address": 2,
        "UnknownLink": 1,
        "Occupancy": 1,
        "Position": 1,
        "Ownership": 2,
    }
    assert stats.orphaned == {"Sanction": 1}  # its party is not in the file
    assert stats.skipped == {"Position": 1}  # no one holds it
    lines = (sample_dir / "entities.ftm.json").read_text("utf-8").splitlines()
    accounted = stats.parties + stats.folded_total
    assert accounted + sum(stats.orphaned.values()) + sum(stats.skipped.values()) == len(lines)


def test_parsing_is_deterministic(sample_dir: Path, sample: ParsedList) -> None:
    (again,) = PARSER.parse(sample_dir)
    assert again == sample
    assert again.content_hash == sample.content_hash


# --------------------------------------------------------------------------------------------
# A person


def test_person_names_keep_their_authority(sample: ParsedList) -> None:
    person = by_ref(sample, "ofac-10481")
    assert [(n.full, n.type) for n in person.names] == [
        ("Qasem SOLEIMANI", NameType.PRIMARY),
        ("SOLEIMANI, Qasem", NameType.PRIMARY),
        ("Ghasem SOLEYMANI", NameType.AKA),
        ("Qasem SALIMANI", NameType.AKA),
        ("Qasem SOLAIMANI", NameType.AKA),
        ("Qasim SULAYMAN", NameType.AKA),
        # the alias that repeats the primary name is not listed twice
        ("Haj Qasem", NameType.WEAK),
        ("Sardar Soleimani", NameType.WEAK),
    ]
    assert person.caption == "Qasem SOLEIMANI"


def test_person_name_parts_are_attached_where_they_occur(sample: ParsedList) -> None:
    names = {n.full: n for n in by_ref(sample, "ofac-10481").names}
    assert (names["SOLEIMANI, Qasem"].given, names["SOLEIMANI, Qasem"].family) == (
        "Qasem",
        "SOLEIMANI",
    )
    assert (names["Ghasem SOLEYMANI"].given, names["Ghasem SOLEYMANI"].family) == (
        "Ghasem",
        "SOLEYMANI",
    )
    # "SALIMANI" is not among the listed last names, so no family name is guessed
    assert names["Qasem SALIMANI"].family is None


def test_person_facts(sample: ParsedList) -> None:
    person = by_ref(sample, "ofac-10481")
    assert person.birth_dates == (PartialDate(text="1957-03-11", year=1957, month=3, day=11),)
    assert person.birth_places == ("Qom, Iran",)
    assert person.nationalities == ("IR",)
    assert person.gender == "male"
    assert person.titles == ("Major General",)
    assert person.positions == ("Commander of the IRGC-Qods Force",)  # via Occupancy -> Position


def test_passport_record_becomes_an_identifier_of_its_holder(sample: ParsedList) -> None:
    (passport,) = by_ref(sample, "ofac-10481").identifiers
    assert (passport.type, passport.value, passport.country) == (
        "Diplomatic Passport",
        "008827",
        "IR",
    )


def test_sanctions_give_programmes_listing_dates_and_remarks(sample: ParsedList) -> None:
    person = by_ref(sample, "ofac-10481")
    # the UN sanction points at the person through a referent id ("un-iri.039")
    assert person.programs == ("SDGT", "SYRIA", "NPWMD", "IRGC", "IFSR", "UN-SC1737")
    assert person.listed_on == ("2007-03-24",)
    assert any("Involved in Iran's nuclear" in r for r in person.remarks)
    assert any(r.startswith("sanction: Office of Foreign Assets Control") for r in person.remarks)
    # topics are not programmes when real programmes exist, but are not lost either
    assert "topics: sanction" in person.remarks


def test_raw_keeps_the_party_line_and_every_folded_line(sample: ParsedList) -> None:
    person = by_ref(sample, "ofac-10481")
    raw_lines = person.raw.split("\n")
    assert json.loads(raw_lines[0])["id"] == "ofac-10481"
    assert {json.loads(line)["schema"] for line in raw_lines[1:]} == {
        "Sanction",
        "Passport",
        "UnknownLink",
        "Occupancy",
        "Position",
    }


# --------------------------------------------------------------------------------------------
# Organisations, vessels and links


def test_address_records_become_addresses_of_who_points_at_them(sample: ParsedList) -> None:
    org = by_ref(sample, "ofac-10465")
    assert [(a.text, a.city, a.country) for a in org.addresses] == [
        ("Tehran, Iran", "Tehran", "IR"),
        ("Syrian Arab Republic", None, "SY"),  # an Address with only a country
    ]


def test_organisation_facts(sample: ParsedList) -> None:
    org = by_ref(sample, "ofac-10465")
    assert [n.full for n in org.names if n.type is NameType.AKA] == [
        "IRGC-QF",
        "QODS FORCE",
        "QUDS FORCE",
        "SEPAH-E QODS",
    ]
    assert org.programs[-1] == "GB-IRN"
    assert "FTO" in org.programs
    assert org.listed_on == ("2010-07-27",)
    assert org.countries == ("IR",)


def test_links_point_both_ways_at_entities_of_the_same_list(sample: ParsedList) -> None:
    person = by_ref(sample, "ofac-10481")
    org = by_ref(sample, "ofac-10465")
    assert [(lk.relation, lk.target_id) for lk in person.links] == [("linked to", org.id)]
    assert [(lk.relation, lk.target_id) for lk in org.links] == [("linked to", person.id)]
    ids = {e.id for e in sample.entities}
    assert all(lk.target_id in ids for e in sample.entities for lk in e.links if lk.target_id)


def test_ownership_and_operation_of_a_vessel(sample: ParsedList) -> None:
    company = by_ref(sample, "co-example-maritime")
    vessel = by_ref(sample, "vs-example-star")
    assert [(lk.relation, lk.target_name, lk.target_id) for lk in vessel.links] == [
        ("owned by (100%)", "Example Maritime Trading LLC", company.id),
        ("operated by", "Example Maritime Trading LLC", company.id),
    ]
    assert ("owner of (100%)", vessel.id) in [(lk.relation, lk.target_id) for lk in company.links]


def test_a_link_to_a_party_outside_the_file_keeps_its_ftm_id(sample: ParsedList) -> None:
    company = by_ref(sample, "co-example-maritime")
    orphan = [lk for lk in company.links if lk.target_id is None]
    assert [(lk.relation, lk.target_name) for lk in orphan] == [("owned by", "NK-not-in-this-file")]


def test_vessel_facts(sample: ParsedList) -> None:
    vessel = by_ref(sample, "vs-example-star")
    assert [(n.full, n.type) for n in vessel.names] == [
        ("EXAMPLE STAR", NameType.PRIMARY),
        ("EXAMPLE SUN", NameType.FKA),
    ]
    assert [(i.type, i.value) for i in vessel.identifiers] == [
        ("IMO", "9000001"),
        ("MMSI", "370000001"),
    ]
    assert vessel.countries == ("PA",)  # the flag
    assert vessel.programs == ("US-IRGC",)
    assert "type: Crude Oil Tanker" in vessel.remarks


def test_topics_stand_in_for_programmes_only_when_there_are_none(sample: ParsedList) -> None:
    company = by_ref(sample, "co-example-maritime")
    assert company.programs == ("sanction.linked",)
    assert "not a target of this dataset: included as a related party" in company.remarks


# --------------------------------------------------------------------------------------------
# Schemata, kinship and odd values (small files written by the tests)


def test_schemata_map_to_kinds_and_non_parties_are_skipped(tmp_path: Path) -> None:
    records = [
        record("a", "Airplane", name=["EP-XYZ"], serialNumber=["1234"]),
        record("b", "PublicBody", name=["Ministry of Examples"]),
        record("c", "LegalEntity", name=["Example Holding"]),
        record("d", "Airline", name=["Example Air"]),
        record("e", "CryptoWallet", publicKey=["0xabc"]),
        record("f", "Vehicle", name=["A car"]),
    ]
    path = write_lines(tmp_path / "x" / "entities.ftm.json", records)
    result = read_ftm(path)
    assert [e.kind for e in result.parsed.entities] == [
        EntityKind.AIRCRAFT,
        EntityKind.ORGANIZATION,
        EntityKind.ORGANIZATION,
        EntityKind.ORGANIZATION,
    ]
    assert result.parsed.entities[0].identifiers[0].type == "serial number"
    assert result.stats.skipped == {"CryptoWallet": 1, "Vehicle": 1}
    assert set(PARTY_KINDS) == {
        "Person",
        "Organization",
        "Company",
        "LegalEntity",
        "PublicBody",
        "Airline",
        "Vessel",
        "Airplane",
    }


def test_kinship_reads_from_both_ends(tmp_path: Path) -> None:
    records = [
        record("son", "Person", name=["Ahmad Example"]),
        record("dad", "Person", name=["Rashid Example"]),
        record("fam", "Family", person=["son"], relative=["dad"], relationship=["father"]),
        record(
            "ofac", "Family", person=["dad"], relative=["son"], relationship=["Family member of"]
        ),
    ]
    parsed = read_ftm(write_lines(tmp_path / "x" / "entities.ftm.json", records)).parsed
    son, dad = parsed.entities
    assert [(lk.relation, lk.target_id) for lk in son.links] == [
        ("has father", dad.id),
        ("relative of (Family member of)", dad.id),
    ]
    assert [(lk.relation, lk.target_id) for lk in dad.links] == [
        ("father of", son.id),
        ("Family member of", son.id),
    ]


def test_a_person_without_full_name_is_named_from_its_parts(tmp_path: Path) -> None:
    records = [record("p", "Person", firstName=["Ivan"], lastName=["EXAMPLEV"])]
    (person,) = read_ftm(write_lines(tmp_path / "x" / "entities.ftm.json", records)).parsed.entities
    assert [(n.full, n.given, n.family) for n in person.names] == [
        ("Ivan EXAMPLEV", "Ivan", "EXAMPLEV")
    ]


def test_dates_and_countries_that_cannot_be_resolved_are_kept(tmp_path: Path) -> None:
    records = [
        record(
            "p",
            "Person",
            name=["Old Example"],
            birthDate=["1950", "sometime in the fifties"],
            nationality=["suhh", "ir"],
            createdAt=["2012-03-24"],
            gender=["other"],
        )
    ]
    (person,) = read_ftm(write_lines(tmp_path / "x" / "entities.ftm.json", records)).parsed.entities
    assert person.birth_dates == (PartialDate(text="1950", year=1950),)
    assert "date of birth: sometime in the fifties" in person.remarks
    assert person.nationalities == ("suhh", "IR")
    assert person.listed_on == ("2012-03-24",)  # createdAt, as there is no sanction date
    assert person.gender is None


def test_blank_lines_and_a_byte_order_mark_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "x" / "entities.ftm.json"
    path.parent.mkdir()
    line = json.dumps(record("p", "Person", name=["A Example"]))
    path.write_bytes(b"\xef\xbb\xbf" + line.encode() + b"\r\n\r\n")
    assert PARSER.detect(path)
    assert len(read_ftm(path).parsed.entities) == 1


# --------------------------------------------------------------------------------------------
# Malformed and truncated input


def test_a_truncated_download_names_the_file_and_line(sample_dir: Path, tmp_path: Path) -> None:
    data = (sample_dir / "entities.ftm.json").read_bytes()
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(data[: len(data) - 40])
    with pytest.raises(ListFormatError) as caught:
        PARSER.parse(path)
    assert str(path) in str(caught.value)
    assert "line 18" in str(caught.value)
    assert "truncated" in str(caught.value)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "x", "properties": {}}', "line 2: not an FtM entity"),
        ('{"schema": "Person", "properties": {}}', "line 2: not an FtM entity"),
        ('["x", "Person"]', "line 2: not an FtM entity"),
        ('{"id": "", "schema": "Person"}', "line 2: entity has an empty id"),
        ('{"id": "x", "schema": "Person", "properties": {"name": "A"}}', "line 2: not an FtM"),
        (
            '{"id": "p", "schema": "Person", "properties": {}}',
            "line 2: entity id 'p' repeats line 1",
        ),
        ("not json at all", "line 2: not valid JSON"),
    ],
)
def test_malformed_lines_are_reported_with_their_number(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "entities.ftm.json"
    first = json.dumps(record("p", "Person", name=["A Example"]))
    path.write_text(f"{first}\n{line}\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match=re.escape(problem)) as caught:
        PARSER.parse(path)
    assert caught.value.source == str(path)


def test_non_utf8_bytes_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(b'{"id": "p", "schema": "Person", "caption": "\xff"}\n')
    with pytest.raises(ListFormatError, match="line 1: not UTF-8"):
        PARSER.parse(path)


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(b"\n\n")
    with pytest.raises(ListFormatError, match="no FtM entities") as caught:
        PARSER.parse(path)
    assert caught.value.source == str(path)


def test_a_corrupt_index_json_is_named(sample_dir: Path, tmp_path: Path) -> None:
    shutil.copy(sample_dir / "entities.ftm.json", tmp_path)
    (tmp_path / "index.json").write_text('{"name": "x", "title": ', encoding="utf-8")
    with pytest.raises(ListFormatError) as caught:
        PARSER.parse(tmp_path)
    assert caught.value.source == str(tmp_path / "index.json")


def test_a_folder_without_an_entities_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match=r"no entities\.ftm\.json"):
        PARSER.parse(tmp_path)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mangled_bytes_raise_nothing_but_list_format_error(
    sample_dir: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    original = (sample_dir / "entities.ftm.json").read_bytes()
    cut = data.draw(st.integers(min_value=0, max_value=len(original)))
    mangled = bytearray(original[:cut])
    for _ in range(data.draw(st.integers(min_value=0, max_value=4))):
        if mangled:
            at = data.draw(st.integers(min_value=0, max_value=len(mangled) - 1))
            mangled[at] = data.draw(st.integers(min_value=0, max_value=255))
    path = tmp_path_factory.mktemp("mangled") / "entities.ftm.json"
    path.write_bytes(bytes(mangled))
    PARSER.detect(path)  # must not raise
    try:
        PARSER.parse(path)
    except ListFormatError as exc:
        assert str(path) in str(exc)


# --------------------------------------------------------------------------------------------
# The real OpenSanctions copies

REAL = {
    # folder: (list id, parties observed)
    "yente_fixture_t1": ("ftm-yente_fixture_t1", 6),
    "yente_fixture_zala": ("ftm-yente_fixture_zala", 17),
    "sa_wiki_peps_2024-03": ("ftm-sa_wiki_peps", 615),
}


def party_lines(path: Path) -> int:
    """Counted independently of the parser: lines whose schema is a party schema."""
    with path.open(encoding="utf-8") as handle:
        return sum(
            1 for line in handle if line.strip() and json.loads(line)["schema"] in PARTY_KINDS
        )


@pytest.mark.shared_data
@pytest.mark.parametrize("folder", sorted(REAL))
def test_real_copies_parse_completely_and_fast(shared_data: Path, folder: str) -> None:
    path = shared_data / "opensanctions" / folder
    assert PARSER.detect(path)
    assert PARSER.detect(path / "entities.ftm.json")
    started = time.perf_counter()
    result = read_ftm(path)
    elapsed = time.perf_counter() - started
    list_id, observed = REAL[folder]
    assert result.parsed.info.id == list_id
    assert len(result.parsed.entities) == party_lines(path / "entities.ftm.json") == observed
    assert result.stats.orphaned == {}
    assert len({e.id for e in result.parsed.entities}) == observed
    assert all(e.names for e in result.parsed.entities)
    ids = {e.id for e in result.parsed.entities}
    assert all(
        lk.target_id in ids for e in result.parsed.entities for lk in e.links if lk.target_id
    )
    assert elapsed < 3.0


QODS = re.compile(r"q[uo]ds", re.I)
SOLEIMANI = re.compile(r"s[ou]l[ae]?[iy]?m[ae]n[iy]", re.I)


@pytest.mark.shared_data
@pytest.mark.parametrize("folder", sorted(REAL))
def test_soleimani_and_the_qods_force_are_absent(shared_data: Path, folder: str) -> None:
    (parsed,) = PARSER.parse(shared_data / "opensanctions" / folder)
    names = [n.full for e in parsed.entities for n in e.names]
    assert not [n for n in names if SOLEIMANI.search(n) or QODS.search(n)]


@pytest.mark.shared_data
def test_real_zala_group_folds_sanctions_and_ownership(shared_data: Path) -> None:
    result = read_ftm(shared_data / "opensanctions" / "yente_fixture_zala")
    assert result.stats.folded == {
        "Sanction": 41,
        "Ownership": 14,
        "Address": 11,
        "Family": 4,
        "Directorship": 3,
        "Passport": 1,
    }
    assert result.stats.skipped == {}
    zakharov = by_ref(result.parsed, "NK-aU5ybkbRFJucf8YMwsJvDw")
    assert zakharov.caption == "Aleksandr Vyacheslavovich Zakharov"
    assert zakharov.kind is EntityKind.PERSON
    assert {"GB-RUS", "US-RUSHAR", "EU-UKR", "UA-SA1644"} <= set(zakharov.programs)
    assert PartialDate(text="1965-09-21", year=1965, month=9, day=21) in zakharov.birth_dates
    owned = {lk.target_name for lk in zakharov.links if lk.relation.startswith("owner of")}
    assert "LLC CST" in owned
    assert any(n.script == "Cyrl" for n in zakharov.names)
    assert any(a.country == "RU" and a.city == "Izhevsk" for a in zakharov.addresses)


@pytest.mark.shared_data
def test_real_pep_export_carries_index_metadata_and_family_links(shared_data: Path) -> None:
    folder = shared_data / "opensanctions" / "sa_wiki_peps_2024-03"
    result = read_ftm(folder)
    parsed = result.parsed
    assert parsed.info.title == "Wikidata Politically Exposed Persons"
    assert parsed.info.publisher == "Wikidata"
    assert parsed.published == date(2024, 3, 11)
    assert result.stats.folded == {"Family": 764, "Occupancy": 103}
    assert result.stats.skipped == {"Position": 101}  # no Occupancy names its post
    # every Family record links both of its people, each from their own side
    assert sum(len(e.links) for e in parsed.entities) == 2 * 764
    # every Arabic-script name survives (one Latin name carries a stray Arabic letter)
    arabic = re.compile("[\u0600-\u06ff]")
    with (folder / "entities.ftm.json").open(encoding="utf-8") as handle:
        expected = sum(
            1
            for line in handle
            if (obj := json.loads(line))["schema"] == "Person"
            and any(
                arabic.search(v) for k in ("name", "alias") for v in obj["properties"].get(k, [])
            )
        )
    assert (
        sum(1 for e in parsed.entities if any(arabic.search(n.full) for n in e.names))
        == expected
        == 291
    )
    assert sum(1 for e in parsed.entities if any(n.script == "Arab" for n in e.names)) == 290
    assert all(e.programs == () for e in parsed.entities)  # no topics, no programmes
