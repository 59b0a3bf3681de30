"""Oversized or malformed requests get a clear JSON error, never a stack trace."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.api.conftest import person
from tests.api.server import running
from watchkeeper.api.app import create_app
from watchkeeper.api.audit import ScreeningRecord
from watchkeeper.api.limits import Limits
from watchkeeper.api.lists import LoadedLists

LIMITS = Limits(max_body_bytes=20_000, max_queries=5, max_names=3, max_name_length=80)


@pytest.fixture(scope="module")
def url(loaded: LoadedLists) -> Iterator[str]:
    with running(create_app(loaded, limits=LIMITS)) as url:
        yield url


@pytest.fixture
def client(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url) as client:
        yield client


def test_a_body_over_the_limit_is_413(client: httpx.Client) -> None:
    big = {"queries": {"q1": person("x" * 30_000)}}
    response = client.post("/match/default", json=big)
    assert response.status_code == 413
    assert "20000 bytes" in response.json()["detail"]


def test_a_streamed_body_over_the_limit_is_413(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"queries": {"q1": {"schema": "Person", "properties": {"name": ["'
        for _ in range(30):
            yield b"x" * 1000
        yield b'"]}}}}'

    response = client.post(
        "/match/default", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


def test_too_many_queries_names_or_characters_are_422(client: httpx.Client) -> None:
    many = {f"q{i}": person("Qasem Soleimani") for i in range(6)}
    response = client.post("/match/default", json={"queries": many})
    assert response.status_code == 422 and "limit is 5" in response.json()["detail"]
    names = person("a b", alias=["c d", "e f", "g h"])
    response = client.post("/match/default", json={"queries": {"q1": names}})
    assert response.status_code == 422 and "at most 3" in response.json()["detail"]
    long = person("Qasem " * 20)
    response = client.post("/match/default", json={"queries": {"q1": long}})
    assert response.status_code == 422 and "limit is 80" in response.json()["detail"]
    combos = person(
        "a b",
        "c d",
        birthDate=["1950", "1951", "1952"],
        nationality=["ir", "iq", "sy", "lb", "ye", "af", "pk"],
    )
    response = client.post("/match/default", json={"queries": {"q1": combos}})
    assert response.status_code == 422 and "screenings" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 422),
        (b'{"queries": []}', 422),
        (b'{"queries": {"q1": {"properties": {}}}}', 422),
        (b'{"queries": {"q1": {"schema": "Person", "properties": {"name": [1, 2]}}}}', 422),
        (b'{"queries": {"q1": {"schema": "Person", "properties": {"name": ["\\ud800 x"]}}}}', 422),
        (b'{"queries": {}}', 422),
        (b"\xff\xfe\x00", 400),
    ],
)
def test_malformed_bodies_get_a_message(client: httpx.Client, body: bytes, status: int) -> None:
    response = client.post(
        "/match/default", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == status
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail and "Traceback" not in detail


def test_odd_unicode_is_screened(client: httpx.Client) -> None:
    odd = person("Q\u0430sem\u200b Soleim\u0430ni\u0301", "قاسم سلیمانی", "\u202einamieloS")
    response = client.post("/match/default", json={"queries": {"q1": odd}})
    assert response.status_code == 200
    found = [r["id"] for r in response.json()["responses"]["q1"]["results"]]
    assert "ofac-sdn-10481" in found


def test_a_failing_audit_hook_fails_the_request_without_leaking(loaded: LoadedLists) -> None:
    def broken(_: ScreeningRecord) -> None:
        raise RuntimeError("secret internal state /var/lib/audit.db")

    with running(create_app(loaded, on_screened=broken)) as url, httpx.Client(base_url=url) as c:
        response = c.post("/match/default", json={"queries": {"q1": person("Qasem Soleimani")}})
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error; the server log has the details"}
    assert "audit.db" not in response.text


def test_every_screening_reaches_the_audit_hook(loaded: LoadedLists) -> None:
    records: list[ScreeningRecord] = []
    queries = {"a": person("Qasem Soleimani", birthDate=["1957"]), "b": person("Mikhail Potepkin")}
    with (
        running(create_app(loaded, on_screened=records.append)) as url,
        httpx.Client(base_url=url) as client,
    ):
        response = client.post("/match/un-sc", json={"queries": queries}, params={"limit": 2})
        client.get("/search/default", params={"q": "Soleimani"})
    assert [(r.endpoint, r.query_key) for r in records] == [
        ("match", "a"),
        ("match", "b"),
        ("search", "q"),
    ]
    first = records[0]
    assert first.dataset == "un-sc" and first.key_name is None
    assert first.query["properties"] == {"name": ["Qasem Soleimani"], "birthDate": ["1957"]}
    assert set(first.list_versions) == {"un-sc"}
    assert first.list_versions["un-sc"] == loaded.version_of("un-sc").id  # type: ignore[union-attr]
    returned = response.json()["responses"]["a"]["results"]
    assert [(r.entity_id, r.score, r.match) for r in first.results] == [
        (r["id"], r["score"], r["match"]) for r in returned
    ]
    assert json.dumps(first.threshold) and first.at.tzinfo is not None
