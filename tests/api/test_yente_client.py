"""The published yente client SDK, unchanged, against our real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from yente_client import Client, Company, Person
from yente_client.exceptions import AuthenticationError, NotFoundError

from tests.api.server import running
from watchkeeper.api.app import create_app
from watchkeeper.api.keys import KeyStore
from watchkeeper.api.lists import LoadedLists


@pytest.fixture(scope="module")
def served(
    loaded: LoadedLists, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    keys = KeyStore.in_home(Path(tmp_path_factory.mktemp("keys")))
    _, secret = keys.create("yente-client")
    with running(create_app(loaded, keys=keys)) as url:
        yield url, secret
    keys.close()


@pytest.fixture
def client(served: tuple[str, str]) -> Iterator[Client]:
    url, secret = served
    with Client(base_url=url, api_key=secret, app_name="watchkeeper-tests") as client:
        yield client


def test_match_with_the_yente_client(client: Client) -> None:
    hits = client.match(
        Person(name="Qasem Soleimani", birthDate="1957-03-11", nationality="ir"),
        threshold=0.8,
        limit=3,
    )
    assert hits.top is not None and hits.top.id == "ofac-sdn-10481"
    assert hits.top.match and hits.top.schema_ == "Person"
    assert hits.top.explanations["birth_date"].score > 0
    assert "un-IRi.039" in [m.id for m in hits.matches]
    assert hits.limit == 3 and hits.total.value >= 2
    assert hits.query["properties"]["name"] == ["Qasem Soleimani"]


def test_yente_client_filters_and_algorithms(client: Client) -> None:
    only_uk = client.match(Company(name="Genbank"), datasets=["uk-ofsi"], algorithm="best")
    assert only_uk.top is not None and only_uk.top.datasets == ["uk-ofsi"]
    excluded = client.match(
        Person(firstName="Qasem", lastName="Soleimani"),
        exclude_entities=["ofac-sdn-10481"],
        exclude_datasets=["uk-ofsi"],
    )
    assert "ofac-sdn-10481" not in [r.id for r in excluded.results]
    assert not any("uk-ofsi" in r.datasets for r in excluded.results)
    algorithms = client.algorithms()
    assert algorithms.best == "watchkeeper"
    assert {"logic-v2", "best"} <= {a.name for a in algorithms.algorithms}


def test_yente_client_catalog_search_fetch_and_health(client: Client) -> None:
    assert client.healthz().status == "ok" and client.readyz().status == "ok"
    datasets = {d.name: d for d in client.datasets().datasets}
    assert {"default", "un-sc", "ofac-sdn", "uk-ofsi"} <= set(datasets)
    assert datasets["un-sc"].entity_count and datasets["un-sc"].updated_at is not None
    found = client.search("Soleimani", datasets=["un-sc"])
    assert found.results and all(r.datasets == ["un-sc"] for r in found.results)
    entity = client.fetch("un-IRi.039")
    assert entity.caption == "QASEM SOLEIMANI" and entity.last_seen is not None
    with pytest.raises(NotFoundError):
        client.fetch("un-nobody")
    with pytest.raises(NotFoundError):
        client.match(Person(name="Qasem Soleimani"), datasets=["no-such-list"])


def test_yente_client_with_a_bad_key(served: tuple[str, str]) -> None:
    url, _ = served
    bad_key = "wk_000000000000_" + "x" * 43
    with Client(base_url=url, api_key=bad_key) as client, pytest.raises(AuthenticationError):
        client.match(Person(name="Qasem Soleimani"))
