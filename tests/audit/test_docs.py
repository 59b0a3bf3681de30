"""The Python example of docs/audit.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO
from watchkeeper.config import Settings
from watchkeeper.store import Store
from watchkeeper.update import update_from_paths


def test_the_python_api_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHKEEPER_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    settings = Settings.load()
    with Store.open(settings.database) as store:
        paths = [FIXTURES / "un_xml" / "consolidated.xml", FIXTURES / "ofac_xml" / "SDN.XML"]
        update_from_paths(store, paths, settings)
    (tmp_path / "customers.csv").write_text("id,name\nC-1042,Qasem Soleimani\n", "utf-8")
    docs = (REPO / "docs" / "audit.md").read_text("utf-8")
    example = re.findall(r"```python\n(.*?)```", docs, re.S)[0]
    scope: dict[str, object] = {}
    exec(compile(example, "docs/audit.md", "exec"), scope)

    outcome = scope["outcome"]
    assert outcome.record.seq == 1  # type: ignore[attr-defined]
    report = scope["report"]
    assert {h.entity_id for h in report.new_hits} >= {"ofac-sdn-10481"}  # type: ignore[attr-defined]
    # The decision taken after the first screening cleared the UN hit for the re-screening.
    assert "un-IRi.039" not in {h.entity_id for h in report.new_hits}  # type: ignore[attr-defined]
    assert (tmp_path / "q1.csv").is_file()
