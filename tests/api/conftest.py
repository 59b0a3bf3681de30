"""A store loaded from the fixture lists, the index built from it, and a server over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.server import running
from tests.conftest import FIXTURES, load_home
from watchkeeper.api.app import create_app
from watchkeeper.api.lists import LoadedLists
from watchkeeper.config import Settings
from watchkeeper.store import Store

LIST_FILES = (
    FIXTURES / "un_xml" / "consolidated.xml",
    FIXTURES / "ofac_xml" / "SDN.XML",
    FIXTURES / "uk_ofsi" / "ConList.csv",
)


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A WATCHKEEPER_HOME with the fixture lists loaded (un-sc, ofac-sdn, uk-ofsi)."""
    return load_home(tmp_path_factory.mktemp("home"), *LIST_FILES)


@pytest.fixture(scope="session")
def loaded(home: Path) -> LoadedLists:
    with Store.open(Settings(home=home).database) as store:
        return LoadedLists.from_store(store)


@pytest.fixture(scope="module")
def base_url(loaded: LoadedLists) -> Iterator[str]:
    """An open (keyless) server over the fixture lists."""
    with running(create_app(loaded)) as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as client:
        yield client


def person(*names: str, **properties: list[str]) -> dict[str, object]:
    """A yente Person query."""
    return {"schema": "Person", "properties": {"name": list(names), **properties}}
