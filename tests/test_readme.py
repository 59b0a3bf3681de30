"""The README's Python example works as pasted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO
from watchkeeper.config import Settings
from watchkeeper.store import Store
from watchkeeper.update import update_from_paths


def test_the_python_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WATCHKEEPER_HOME", str(tmp_path))
    settings = Settings.load()
    with Store.open(settings.database) as store:
        update_from_paths(store, [FIXTURES / "ofac_xml" / "SDN.XML"], settings)
    readme = (REPO / "README.md").read_text("utf-8")
    [example] = re.findall(r"```python\n(.*?)```", readme, re.S)
    exec(compile(example, "README.md", "exec"), {})
    assert "ofac-sdn-10481" in capsys.readouterr().out
