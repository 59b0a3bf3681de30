"""Reading a yente query into screener queries: any input is screened or clearly refused."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from watchkeeper.api.examples import ExampleError, parse_example
from watchkeeper.api.ftm import SCHEMA_KINDS
from watchkeeper.api.limits import LimitExceeded, Limits
from watchkeeper.api.wire import EntityExample
from watchkeeper.model import EntityKind

PROPERTY_NAMES = st.sampled_from(
    ["name", "alias", "firstName", "lastName", "birthDate", "nationality", "country", "idNumber"]
)
VALUES = st.one_of(st.text(max_size=40), st.lists(st.text(max_size=40), max_size=4))


@settings(max_examples=300, deadline=None)
@given(
    schema=st.one_of(st.sampled_from(sorted(SCHEMA_KINDS)), st.text(max_size=12)),
    properties=st.dictionaries(PROPERTY_NAMES, VALUES, max_size=6),
)
def test_any_query_is_screened_or_refused_with_a_message(
    schema: str, properties: dict[str, str | list[str]]
) -> None:
    example = EntityExample(id=None, schema=schema, properties=properties)
    try:
        parsed = parse_example("k", example, Limits())
    except ExampleError as exc:
        assert "'k'" in str(exc)
        return
    except LimitExceeded as exc:
        assert exc.status == 422 and "'k'" in exc.message
        return
    given_names = {
        " ".join(v.split())
        for prop in ("name", "alias")
        for v in (
            [properties[prop]]
            if isinstance(properties.get(prop), str)
            else properties.get(prop, [])
        )
    }
    assert parsed.queries
    assert {q.kind for q in parsed.queries} == {SCHEMA_KINDS[schema]}
    for query in parsed.queries:
        assert query.name in given_names or {"firstName", "lastName"} & set(properties)


def test_names_dates_and_countries_are_combined() -> None:
    example = EntityExample(
        id="c-1",
        schema="Person",
        properties={
            "name": ["Qasem Soleimani"],
            "alias": "Haj Qasem",
            "birthDate": ["1957", "1958"],
            "nationality": ["ir"],
            "idNumber": ["123"],
        },
    )
    parsed = parse_example("k", example, Limits())
    assert parsed.kind is EntityKind.PERSON
    assert len(parsed.queries) == 4
    assert {(q.name, q.birth_date) for q in parsed.queries} == {
        ("Qasem Soleimani", "1957"),
        ("Qasem Soleimani", "1958"),
        ("Haj Qasem", "1957"),
        ("Haj Qasem", "1958"),
    }
    assert parsed.properties["alias"] == ["Haj Qasem"]
    assert parsed.properties["idNumber"] == ["123"]


def test_whitespace_and_duplicates_are_cleaned() -> None:
    example = EntityExample(
        id=None,
        schema="LegalEntity",
        properties={"name": ["  Qasem   Soleimani ", "Qasem Soleimani", ""], "country": []},
    )
    parsed = parse_example("k", example, Limits())
    assert [q.name for q in parsed.queries] == ["Qasem Soleimani"]
    assert parsed.kind is None and "country" not in parsed.properties
