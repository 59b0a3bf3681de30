"""Health, readiness, catalog, search and entity endpoints over a real server."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx

from tests.api.server import running
from watchkeeper.api.app import create_app
from watchkeeper.api.lists import LoadedLists
from watchkeeper.config import Settings
from watchkeeper.store import Store


def test_health_and_readiness(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok"}


def test_readiness_waits_for_the_index(loaded: LoadedLists) -> None:
    release = threading.Event()

    def slow_load() -> LoadedLists:
        release.wait(10)
        return loaded

    with running(create_app(slow_load)) as url, httpx.Client(base_url=url) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503
        waiting = client.post("/match/default", json={"queries": {}})
        assert waiting.status_code == 503 and "being built" in waiting.json()["detail"]
        release.set()
        for _ in range(200):
            if client.get("/readyz").status_code == 200:
                break
            threading.Event().wait(0.02)
        assert client.get("/readyz").status_code == 200


def test_a_failed_index_build_is_reported_by_readyz(tmp_path: Path) -> None:
    def broken() -> LoadedLists:
        raise OSError("disk on fire")

    with running(create_app(broken)) as url, httpx.Client(base_url=url) as client:
        for _ in range(200):
            response = client.get("/readyz")
            if "disk on fire" in response.text:
                break
            threading.Event().wait(0.02)
        assert response.status_code == 503 and "disk on fire" in response.json()["detail"]


def test_the_catalog_lists_the_active_versions_from_the_store(
    client: httpx.Client, home: Path
) -> None:
    data = client.get("/catalog").json()
    with Store.open(Settings(home=home).database) as store:
        versions = {v.list_id: v for v in store.active_versions()}
    by_name = {d["name"]: d for d in data["datasets"]}
    assert set(by_name) == {"default", *versions}
    assert sorted(by_name["default"]["children"]) == sorted(versions)
    for list_id, version in versions.items():
        entry = by_name[list_id]
        assert entry["version"] == str(version.id)
        assert entry["entity_count"] == version.entity_count
        assert entry["updated_at"] == version.loaded_at
        assert entry["title"] == version.title
    assert by_name["default"]["entity_count"] == sum(v.entity_count for v in versions.values())


def test_search_by_name_in_one_list(client: httpx.Client) -> None:
    response = client.get("/search/un-sc", params={"q": "Soleimani", "limit": 1})
    assert response.status_code == 200
    data = response.json()
    assert data["limit"] == 1 and data["total"]["value"] >= 2
    assert [r["datasets"] for r in data["results"]] == [["un-sc"]]
    rest = client.get("/search/un-sc", params={"q": "Soleimani", "offset": 1}).json()
    assert data["results"][0]["id"] not in [r["id"] for r in rest["results"]]
    assert client.get("/search/default").status_code == 422


def test_an_entity_by_id_and_an_unknown_one(client: httpx.Client) -> None:
    entity = client.get("/entities/un-IRi.039").json()
    assert entity["caption"] == "QASEM SOLEIMANI"
    assert "Haj Qasem" in entity["properties"]["weakAlias"]
    assert entity["datasets"] == ["un-sc"]
    missing = client.get("/entities/un-nobody")
    assert missing.status_code == 404 and "un-nobody" in missing.json()["detail"]


def test_openapi_and_docs_are_served(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/match/{dataset}", "/search/{dataset}", "/entities/{entity_id}", "/catalog"} <= set(
        spec["paths"]
    )
    assert client.get("/docs").status_code == 200
