"""The command line as a user types it: update, lists, show, diff, and readable errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES
from watchkeeper.cli.main import app

UN = FIXTURES / "un_xml" / "consolidated.xml"
SDN = FIXTURES / "ofac_xml" / "SDN.XML"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("WATCHKEEPER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


def test_update_from_files_then_list_them(cli: CliRunner) -> None:
    result = cli.invoke(app, ["update", "--from", str(UN), "--from", str(SDN)])
    assert result.exit_code == 0, result.output
    assert "un-sc" in result.output and "ofac-sdn" in result.output

    listed = cli.invoke(app, ["lists", "--json"])
    versions = {v["list_id"]: v for v in json.loads(listed.output)}
    assert versions["un-sc"]["entity_count"] == 14
    assert versions["un-sc"]["published"] == "2025-10-01"
    assert versions["ofac-sdn"]["kind_counts"]["person"] >= 2

    table = cli.invoke(app, ["lists"])
    assert "un-sc" in table.output and "published" in table.output


def test_show_prints_one_entity_with_all_its_fields(cli: CliRunner) -> None:
    cli.invoke(app, ["update", "--from", str(SDN)])
    shown = cli.invoke(app, ["show", "ofac-sdn-10481"])
    assert shown.exit_code == 0
    assert "SOLEIMANI, Qasem" in shown.output and "008827" in shown.output

    data = json.loads(cli.invoke(app, ["show", "ofac-sdn-10481", "--json"]).output)
    assert data["id"] == "ofac-sdn-10481"
    assert "SDGT" in data["programs"]
    assert data["raw"].lstrip().startswith("<sdnEntry")


def test_diff_reports_added_removed_and_changed(cli: CliRunner, tmp_path: Path) -> None:
    first = tmp_path / "v1.xml"
    text = UN.read_text("utf-8")
    first.write_text(text, "utf-8")
    cli.invoke(app, ["update", "--from", str(first)])
    second = tmp_path / "v2.xml"
    second.write_text(text.replace("Haji Qassem", "Hajji Qassem"), "utf-8")
    cli.invoke(app, ["update", "--from", str(second)])

    report = json.loads(cli.invoke(app, ["diff", "un-sc", "--json"]).output)
    assert report["added"] == [] and report["removed"] == []
    assert report["changed"] == [
        {"entity_id": "un-IRi.039", "caption": "QASEM SOLEIMANI", "fields": ["names"]}
    ]
    readable = cli.invoke(app, ["diff", "un-sc"])
    assert "un-IRi.039" in readable.output and "names" in readable.output


def test_a_malformed_file_fails_with_its_name_and_a_non_zero_exit(
    cli: CliRunner, tmp_path: Path
) -> None:
    cli.invoke(app, ["update", "--from", str(UN)])
    cut = tmp_path / "consolidated.xml"
    cut.write_bytes(UN.read_bytes()[:3000])
    result = cli.invoke(app, ["update", "--from", str(cut)])
    assert result.exit_code == 1
    assert "failed" in result.output and "consolidated.xml" in result.output
    versions = json.loads(cli.invoke(app, ["lists", "--json"]).output)
    assert [v["entity_count"] for v in versions] == [14]


def test_an_unknown_entity_is_one_readable_line(cli: CliRunner) -> None:
    result = cli.invoke(app, ["show", "ofac-sdn-1"])
    assert result.exit_code == 2
    assert "no entity 'ofac-sdn-1'" in result.output
    assert "Traceback" not in result.output


def test_the_installed_command_runs(tmp_path: Path) -> None:
    env = {**os.environ, "WATCHKEEPER_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "watchkeeper.cli.main", "update", "--from", str(UN), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["status"] == "loaded"
