"""API keys: stored hashed, required once issued, accepted the way yente clients send them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tests.api.conftest import person
from tests.api.server import running
from watchkeeper.api.app import create_app
from watchkeeper.api.keys import KEYS_FILE, KeyStore
from watchkeeper.api.lists import LoadedLists
from watchkeeper.cli.main import app as cli_app

BODY = {"queries": {"q1": person("Qasem Soleimani")}}


@pytest.fixture
def keys(tmp_path: Path) -> Iterator[KeyStore]:
    with KeyStore.in_home(tmp_path) as keys:
        yield keys


@pytest.fixture
def url(loaded: LoadedLists, keys: KeyStore) -> Iterator[str]:
    with running(create_app(loaded, keys=keys)) as url:
        yield url


def test_only_a_salted_hash_of_a_key_is_stored(keys: KeyStore) -> None:
    _, secret = keys.create("crm")
    _, other = keys.create("batch")
    raw = keys.path.read_bytes() + Path(f"{keys.path}-wal").read_bytes()
    assert secret.encode() not in raw and secret.split("_", 2)[2].encode() not in raw
    assert secret != other
    assert keys.check(secret).outcome == "ok" and keys.check(secret).name == "crm"
    assert keys.check(secret[:-1] + ("A" if secret[-1] != "A" else "B")).outcome == "unknown"


def test_the_api_is_open_until_a_key_exists(url: str, keys: KeyStore) -> None:
    with httpx.Client(base_url=url) as client:
        assert client.post("/match/default", json=BODY).status_code == 200
        _, secret = keys.create("crm")
        missing = client.post("/match/default", json=BODY)
        assert missing.status_code == 401 and "API key" in missing.json()["detail"]
        assert missing.headers["www-authenticate"] == "ApiKey"
        for scheme in ("ApiKey", "Bearer", "apikey"):
            headers = {"Authorization": f"{scheme} {secret}"}
            assert client.post("/match/default", json=BODY, headers=headers).status_code == 200
        assert client.get("/catalog", headers={"X-API-Key": secret}).status_code == 200
        wrong = {"Authorization": f"ApiKey {secret[:-2]}xx"}
        assert client.post("/match/default", json=BODY, headers=wrong).status_code == 401
        basic = {"Authorization": "Basic dXNlcjpwYXNz"}
        assert client.get("/catalog", headers=basic).status_code == 401
        assert client.get("/entities/un-IRi.039").status_code == 401
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        assert client.get("/openapi.json").status_code == 200


def test_a_revoked_key_is_403_and_keys_stay_required(url: str, keys: KeyStore) -> None:
    _, secret = keys.create("crm")
    headers = {"Authorization": f"ApiKey {secret}"}
    with httpx.Client(base_url=url, headers=headers) as client:
        assert client.get("/catalog").status_code == 200
        keys.revoke("crm")
        revoked = client.get("/catalog")
        assert revoked.status_code == 403 and "revoked" in revoked.json()["detail"]
    with httpx.Client(base_url=url) as client:
        assert client.get("/catalog").status_code == 401


def test_keys_can_be_required_before_any_exists(loaded: LoadedLists) -> None:
    with running(create_app(loaded, require_keys=True)) as url, httpx.Client(base_url=url) as c:
        assert c.get("/catalog").status_code == 401
        assert c.get("/healthz").status_code == 200


def test_the_access_log_names_the_key_never_shows_it(
    url: str, keys: KeyStore, caplog: pytest.LogCaptureFixture
) -> None:
    _, secret = keys.create("crm-prod")
    with (
        caplog.at_level(logging.INFO, logger="watchkeeper.api.access"),
        httpx.Client(base_url=url) as client,
    ):
        client.post("/match/default", json=BODY, headers={"Authorization": f"ApiKey {secret}"})
        client.get("/catalog")
    requests = [r.request for r in caplog.records if hasattr(r, "request")]
    match_log = next(r for r in requests if r["path"] == "/match/default")
    assert match_log["method"] == "POST" and match_log["status"] == 200
    assert match_log["key"] == "crm-prod" and match_log["queries"] == 1
    assert match_log["duration_ms"] > 0
    assert next(r for r in requests if r["path"] == "/catalog")["status"] == 401
    assert secret not in caplog.text


def test_keys_commands_create_list_and_revoke(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHKEEPER_HOME", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()
    created = runner.invoke(cli_app, ["keys", "create", "crm-prod"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("wk_")
    assert (tmp_path / KEYS_FILE).is_file()
    listed = runner.invoke(cli_app, ["keys", "list"])
    assert "crm-prod" in listed.stdout and secret not in listed.stdout
    assert runner.invoke(cli_app, ["keys", "create", "crm-prod"]).exit_code == 2
    revoked = runner.invoke(cli_app, ["keys", "revoke", "crm-prod"])
    assert revoked.exit_code == 0 and "Revoked" in revoked.stdout
    with KeyStore.in_home(tmp_path) as keys:
        assert keys.check(secret).outcome == "revoked"
    unknown = runner.invoke(cli_app, ["keys", "revoke", "nobody"])
    assert unknown.exit_code == 2 and "nobody" in unknown.output
