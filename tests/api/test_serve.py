"""``watchkeeper serve`` as a user starts it: a separate process over WATCHKEEPER_HOME."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.api.conftest import person
from watchkeeper.audit import AuditLog, Decision, HitStatus
from watchkeeper.audit.database import AUDIT_FILE
from watchkeeper.audit.log import screening_payload


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def watchkeeper(*args: str) -> list[str]:
    return [sys.executable, "-c", "from watchkeeper.cli.main import main; main()", *args]


def test_serve_screens_the_store_logs_json_and_audits(home: Path, tmp_path: Path) -> None:
    key_home = tmp_path / "home"
    key_home.mkdir()
    (key_home / "watchkeeper.db").symlink_to(home / "watchkeeper.db")
    env = {**os.environ, "WATCHKEEPER_HOME": str(key_home)}
    created = subprocess.run(
        watchkeeper("keys", "create", "ops"),
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    key = created.stdout.strip()
    port = free_port()
    server = subprocess.Popen(
        watchkeeper("serve", "--port", str(port)),
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        with httpx.Client(base_url=url, timeout=10) as client:
            while True:
                try:
                    if client.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline and server.poll() is None, "server not ready"
                time.sleep(0.1)
            headers = {"Authorization": f"ApiKey {key}"}
            body = {"queries": {"q1": person("Qasem Soleimani")}}
            response = client.post("/match/default", json=body, headers=headers)
            assert response.status_code == 200
            assert response.json()["responses"]["q1"]["results"][0]["match"]
            assert client.post("/match/default", json=body).status_code == 401
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    logs = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    requests = [entry for entry in logs if entry.get("path") == "/match/default"]
    assert [(r["status"], r["key"]) for r in requests] == [(200, "ops"), (401, None)]
    assert key not in stderr
    assert any("index ready" in entry["message"] for entry in logs)
    # The screening is in the audit trail, by key name, with its hits and list versions.
    with AuditLog.open(key_home / AUDIT_FILE) as log:
        assert log.verify().ok
        [record] = [r for r in log.records() if r.kind == "screening"]
        entry = screening_payload(record)
    assert record.who == "ops"
    assert entry.decision is Decision.ALERT and entry.source == "api"
    assert any(hit.status is HitStatus.ALERT for hit in entry.hits)
    assert entry.lists and all(ref.content_hash for ref in entry.lists.values())
    assert "Qasem Soleimani" in str(entry.context["query"])


def test_serve_refuses_an_empty_store(tmp_path: Path) -> None:
    env = {**os.environ, "WATCHKEEPER_HOME": str(tmp_path)}
    result = subprocess.run(
        watchkeeper("serve"), env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and "watchkeeper update" in result.stderr
