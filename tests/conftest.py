"""Shared test fixtures: where the real list copies live, and where hand-written fixtures are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_home(home: Path, *paths: Path) -> Path:
    """A WATCHKEEPER_HOME with the list files ``paths`` loaded, as ``watchkeeper update``
    would load them."""
    from watchkeeper.config import Settings
    from watchkeeper.store import Store
    from watchkeeper.update import update_from_paths

    settings = Settings(home=home)
    with Store.open(settings.database) as store:
        results = update_from_paths(store, list(paths), settings)
    assert [r.status for r in results] == ["loaded"] * len(paths), [r.message for r in results]
    return home


def shared_data_dir() -> Path:
    """``WATCHKEEPER_SHARED_DATA``, else ``../shared/data`` beside the repository."""
    return Path(os.environ.get("WATCHKEEPER_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if not (path / "SOURCES.md").is_file():
        pytest.skip(f"real list copies not found at {path} (set WATCHKEEPER_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES
