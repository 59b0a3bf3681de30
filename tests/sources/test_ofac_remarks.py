"""The OFAC remarks column, taken apart: what a compliance analyst expects to find as fields."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from watchkeeper.model import Identifier
from watchkeeper.sources.ofac_remarks import Alias, Remarks, parse_remarks, read_identifier

SOLEIMANI = (
    "DOB 11 Mar 1957; POB Qom, Iran; nationality Iran; citizen Iran; Additional Sanctions "
    "Information - Subject to Secondary Sanctions; Diplomatic Passport 008827 (Iran) issued 1999."
)


def test_soleimani_remarks_become_birth_facts_nationality_and_passport() -> None:
    remarks = parse_remarks(SOLEIMANI)

    assert [d.iso for d in remarks.birth_dates] == ["1957-03-11"]
    assert remarks.birth_places == ("Qom, Iran",)
    assert remarks.nationalities == ("Iran",)
    assert remarks.citizenships == ("Iran",)
    assert remarks.identifiers == (
        Identifier(type="Diplomatic Passport", value="008827", country="Iran", note="issued 1999"),
    )
    assert remarks.other == ("Additional Sanctions Information - Subject to Secondary Sanctions",)


def test_every_birth_date_notation_is_kept_at_its_precision() -> None:
    remarks = parse_remarks(
        "DOB 1955; alt. DOB circa 1952; alt. DOB Mar 1945; alt. DOB 1958 to 1960."
    )

    first, circa, month, span = remarks.birth_dates
    assert (first.year, first.month, first.circa) == (1955, None, False)
    assert (circa.year, circa.circa) == (1952, True)
    assert (month.year, month.month, month.day) == (1945, 3, None)
    assert (span.year, span.year_to) == (1958, 1960)


def test_a_birth_date_that_is_not_a_date_stays_a_remark() -> None:
    remarks = parse_remarks("DOB unknown; POB Iraq.")

    assert remarks.birth_dates == ()
    assert remarks.other == ("DOB unknown",)
    assert remarks.birth_places == ("Iraq",)


def test_quoted_aliases_are_the_weak_akas_and_may_contain_apostrophes() -> None:
    remarks = parse_remarks(
        "a.k.a. 'ABU-MUHAMMAD'; a.k.a. ''ALI, Abu'; f.k.a. 'ANA I'; a.k.a. 'JSC 'SMN''."
    )

    assert remarks.aliases == (
        Alias(label="a.k.a.", name="ABU-MUHAMMAD"),
        Alias(label="a.k.a.", name="'ALI, Abu"),
        Alias(label="f.k.a.", name="ANA I"),
        Alias(label="a.k.a.", name="JSC 'SMN'"),
    )
    assert remarks.other == ()


def test_linked_to_names_are_collected_with_or_without_brackets() -> None:
    remarks = parse_remarks(
        "Additional Sanctions Information - Subject to Secondary Sanctions; Linked To: ISLAMIC "
        "REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE; (Linked To: HIZBALLAH)."
    )

    assert remarks.linked_to == ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE", "HIZBALLAH")


def test_gender_is_lower_case() -> None:
    assert parse_remarks("Gender Female.").gender == "female"
    assert parse_remarks("Gender Male").gender == "male"


def test_identifier_country_issue_and_expiry_are_separated_from_the_number() -> None:
    remarks = parse_remarks(
        "Passport 215215 (Libya); alt. Passport B/011641; alt. Passport 03824970 (Oman) issued "
        "04 May 2014 expires 03 May 2024; National ID No. 98606612."
    )

    assert remarks.identifiers == (
        Identifier(type="Passport", value="215215", country="Libya"),
        Identifier(type="Passport", value="B/011641"),
        Identifier(
            type="Passport",
            value="03824970",
            country="Oman",
            note="issued 04 May 2014 expires 03 May 2024",
        ),
        Identifier(type="National ID No.", value="98606612"),
    )


def test_identifier_labels_come_from_the_vocabulary_and_keep_ofac_spelling() -> None:
    cases = {
        "NIT # 800018928-0 (Colombia)": ("NIT #", "800018928-0", "Colombia"),
        "Registration Number HRA 738077 (Stuttgart) (Germany)": (
            "Registration Number",
            "HRA 738077 (Stuttgart)",
            "Germany",
        ),
        "Vessel Registration Identification IMO 7406784": (
            "Vessel Registration Identification",
            "IMO 7406784",
            None,
        ),
        "SWIFT/BIC RUAGRUMM": ("SWIFT/BIC", "RUAGRUMM", None),
        "Website http://www.rshb.ru": ("Website", "http://www.rshb.ru", None),
        "Email Address Wrfl77@hotmail.com": ("Email Address", "Wrfl77@hotmail.com", None),
        "Digital Currency Address - XBT 1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo": (
            "Digital Currency Address - XBT",
            "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo",
            None,
        ),
        "Telephone (98)(21)(66153220)": ("Telephone", "(98)(21)(66153220)", None),
        "Tax ID No. 7707083893 (Russia)": ("Tax ID No.", "7707083893", "Russia"),
    }
    for statement, (kind, value, country) in cases.items():
        identifier = read_identifier(statement)
        assert identifier is not None, statement
        assert (identifier.type, identifier.value, identifier.country) == (kind, value, country)


def test_numbered_labels_need_a_number_and_unknown_labels_stay_remarks() -> None:
    remarks = parse_remarks(
        "License revoked; Organization Established Date 1969; Aircraft Model IL76-TD; "
        "Secondary sanctions risk: section 1(b) of Executive Order 13224."
    )

    assert remarks.identifiers == ()
    assert remarks.other == (
        "License revoked",
        "Organization Established Date 1969",
        "Aircraft Model IL76-TD",
        "Secondary sanctions risk: section 1(b) of Executive Order 13224",
    )


def test_nationality_of_registration_is_a_country_and_stays_readable() -> None:
    remarks = parse_remarks("Nationality of Registration Korea, North; nationality Russia.")

    assert remarks.registration_countries == ("Korea, North",)
    assert remarks.nationalities == ("Russia",)
    assert remarks.other == ("Nationality of Registration Korea, North",)


def test_statements_split_on_semicolons_even_without_a_space() -> None:
    remarks = parse_remarks("nationality possibly Palestinian;arrested 23 Apr 2002.")

    assert remarks.nationalities == ("possibly Palestinian",)
    assert remarks.other == ("arrested 23 Apr 2002",)


def test_fragments_of_a_bracketed_aside_are_not_read_as_facts() -> None:
    remarks = parse_remarks(
        "(Following data derived from a passport: Alt. DOB: 01 Jan 1970; Passport No.: 0310857, "
        "Eritrea, Issue Date 21 August 2006)."
    )

    assert remarks.identifiers == ()
    assert remarks.birth_dates == ()
    assert len(remarks.other) == 2


def test_a_remark_cut_at_the_column_width_keeps_its_last_fragment_as_text() -> None:
    remarks = parse_remarks("Passport 123456 (Iran); Digital Currency Address - XBT 1Gq", cut=True)

    assert [i.value for i in remarks.identifiers] == ["123456"]
    assert remarks.other == ("Digital Currency Address - XBT 1Gq",)


def test_null_and_empty_remarks_are_empty() -> None:
    for text in (None, "", "-0- ", "   "):
        assert parse_remarks(text) == Remarks()


# --- properties -----------------------------------------------------------------------------

FRAGMENTS = [
    "DOB ", "alt. ", "POB ", "nationality ", "citizen ", "Gender Male", "Gender Female",
    "a.k.a. '", "f.k.a. '", "'", "Linked To: ", "Passport ", "Tax ID No. ", "SWIFT/BIC ",
    "Digital Currency Address - ", "Nationality of Registration ", "(", ")", "; ", ";", ".",
    "Iran", "11 Mar 1957", "circa 1960", "1958 to 1960", " issued ", " expires ", "008827",
    "-0-", " ", "\r\n",
]  # fmt: skip

remark_texts = st.lists(
    st.one_of(st.text(max_size=12), st.sampled_from(FRAGMENTS)), max_size=30
).map("".join)


def _extracted(remarks: Remarks) -> list[str]:
    values = [d.text for d in remarks.birth_dates]
    values += [*remarks.birth_places, *remarks.nationalities, *remarks.citizenships]
    values += [*remarks.registration_countries, *remarks.linked_to, *remarks.other]
    values += [alias.name for alias in remarks.aliases]
    for identifier in remarks.identifiers:
        values += [identifier.type, identifier.value]
        values += [part for part in (identifier.country, identifier.note) if part]
    return values


@given(remark_texts, st.booleans())
def test_parser_never_raises_and_every_value_is_taken_from_the_input(text: str, cut: bool) -> None:
    remarks = parse_remarks(text, cut=cut)

    body = " ".join(text.split())
    for value in _extracted(remarks):
        assert value and value in body
    for alias in remarks.aliases:
        assert alias.label in body.lower()
    if remarks.gender is not None:
        assert remarks.gender in body.lower()


@given(st.lists(st.sampled_from(["Member ETA", "ICTY indictee", "all offices worldwide"])))
def test_text_without_known_labels_is_returned_whole(statements: list[str]) -> None:
    remarks = parse_remarks("; ".join(statements) + ".")

    assert remarks.other == tuple(statements)
