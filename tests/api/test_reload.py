"""A running server picks up new list versions without a restart."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from tests.api.server import running
from tests.conftest import FIXTURES, load_home
from watchkeeper.api.app import create_app
from watchkeeper.api.server import lists_changed, load_lists


def _datasets(client: httpx.Client) -> set[str]:
    response = client.get("/catalog")
    if response.status_code != 200:
        return set()
    return {d["name"] for d in response.json()["datasets"]} - {"default"}


def _wait_for(client: httpx.Client, wanted: set[str], seconds: float = 30) -> set[str]:
    deadline = time.monotonic() + seconds
    found = _datasets(client)
    while found != wanted and time.monotonic() < deadline:
        time.sleep(0.1)
        found = _datasets(client)
    return found


def test_an_update_is_served_without_a_restart(tmp_path: Path) -> None:
    load_home(tmp_path, FIXTURES / "ofac_xml" / "SDN.XML")
    app = create_app(
        lambda: load_lists(tmp_path), changed=lists_changed(tmp_path), reload_every=0.2
    )
    with running(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        assert _wait_for(client, {"ofac-sdn"}) == {"ofac-sdn"}
        body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["QASEM SOLEIMANI"]}}}}
        before = client.post("/match/un-sc", json=body)
        assert before.status_code == 404  # no UN list yet
        load_home(tmp_path, FIXTURES / "un_xml" / "consolidated.xml")
        assert _wait_for(client, {"ofac-sdn", "un-sc"}) == {"ofac-sdn", "un-sc"}
        after = client.post("/match/un-sc", json=body)
        assert after.status_code == 200
        assert after.json()["responses"]["q"]["results"][0]["id"] == "un-IRi.039"
