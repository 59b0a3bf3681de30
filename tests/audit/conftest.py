"""A home with version 1 of the small test list loaded, for the decision and monitoring tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audit.lists import VERSION_1, load
from watchkeeper.config import Settings
from watchkeeper.store import Store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path)


@pytest.fixture
def store(settings: Settings) -> Store:
    store = Store.open(settings.database)
    load(store, settings, *VERSION_1)
    return store
