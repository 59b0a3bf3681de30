"""The store keeps every version, switches atomically, and survives a killed update."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from watchkeeper.config import Settings
from watchkeeper.errors import NotFoundError, ValidationError
from watchkeeper.model import Entity, EntityKind, ListInfo, Name, NameType, ParsedList
from watchkeeper.store import Store
from watchkeeper.update import list_diff, store_parsed

INFO = ListInfo(id="test-list", title="Test list", publisher="Test")


def person(ref: str, name: str, *aliases: str, programs: tuple[str, ...] = ()) -> Entity:
    names = (Name(name), *(Name(a, NameType.AKA) for a in aliases))
    return Entity(
        id=f"test-list-{ref}",
        list_id="test-list",
        source_ref=ref,
        kind=EntityKind.PERSON,
        names=names,
        programs=programs,
        raw=f"{ref},{name}",
    )


def parsed(*entities: Entity) -> ParsedList:
    return ParsedList(info=INFO, entities=entities, source="fixture")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path)


@pytest.fixture
def store(settings: Settings) -> Store:
    return Store.open(settings.database)


def test_a_loaded_list_becomes_the_active_version(store: Store, settings: Settings) -> None:
    result, _ = store_parsed(store, parsed(person("1", "SOLEIMANI, Qasem")), settings)

    assert result.status == "loaded"
    active = store.active_version("test-list")
    assert active is not None and active.entity_count == 1
    assert active.kind_counts == {"person": 1}
    assert store.entity("test-list-1").caption == "SOLEIMANI, Qasem"


def test_reloading_identical_content_creates_no_new_version(
    store: Store, settings: Settings
) -> None:
    content = parsed(person("1", "SOLEIMANI, Qasem"))
    store_parsed(store, content, settings)
    again, _ = store_parsed(store, content, settings)

    assert again.status == "unchanged"
    assert len(store.versions("test-list")) == 1


def test_the_previous_version_is_kept_and_diffable(store: Store, settings: Settings) -> None:
    store_parsed(store, parsed(person("1", "A"), person("2", "B"), person("3", "C")), settings)
    result, delta = store_parsed(
        store,
        parsed(person("1", "A", "A2"), person("3", "C"), person("4", "D")),
        settings,
        force=True,
    )

    assert (result.added, result.removed, result.changed) == (1, 1, 1)
    report = list_diff(store, "test-list")
    assert report.added == ("test-list-4",)
    assert report.removed == ("test-list-2",)
    assert [(c.entity_id, c.fields) for c in report.changed] == [("test-list-1", ("names",))]
    assert delta == report
    assert len(store.versions("test-list")) == 2


def test_old_versions_beyond_the_configured_number_are_pruned(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, keep_versions=2)
    store = Store.open(settings.database)
    for n in range(4):
        store_parsed(store, parsed(person("1", f"Name {n}")), settings)

    versions = store.versions("test-list")
    assert len(versions) == 2
    assert versions[0].active and not versions[1].active
    with pytest.raises(NotFoundError):
        store.entity("test-list-1", version_id=1)


def test_a_list_that_shrinks_too_much_is_refused_and_the_active_version_stays(
    store: Store, settings: Settings
) -> None:
    store_parsed(store, parsed(*(person(str(n), f"Name {n}") for n in range(10))), settings)
    shrunk = parsed(*(person(str(n), f"Name {n}") for n in range(7)))

    with pytest.raises(ValidationError, match="shrank from 10 to 7"):
        store_parsed(store, shrunk, settings)
    assert store.active_version("test-list").entity_count == 10  # type: ignore[union-attr]

    result, _ = store_parsed(store, shrunk, settings, force=True)
    assert result.status == "loaded" and result.version.entity_count == 7  # type: ignore[union-attr]


def test_a_list_announcing_more_records_than_it_holds_is_refused(
    store: Store, settings: Settings
) -> None:
    truncated = ParsedList(
        info=INFO, entities=(person("1", "A"),), source="SDN.XML", expected_count=2
    )
    with pytest.raises(ValidationError, match=r"SDN.XML .*announces 2 records but 1 were read"):
        store_parsed(store, truncated, settings)
    assert store.active_version("test-list") is None


def test_duplicate_entity_ids_are_refused(store: Store, settings: Settings) -> None:
    with pytest.raises(ValidationError, match="duplicate entity ids"):
        store_parsed(store, parsed(person("1", "A"), person("1", "B")), settings)


def test_an_update_killed_mid_write_leaves_the_active_version_untouched(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    with Store.open(settings.database) as store:
        store_parsed(store, parsed(person("1", "Original")), settings)

    # A child process starts a large load and is killed with SIGKILL while it writes.
    script = textwrap.dedent(
        f"""
        import sys
        from watchkeeper.model import Entity, EntityKind, ListInfo, Name, ParsedList
        from watchkeeper.store import Store
        info = ListInfo(id="test-list", title="Test list", publisher="Test")
        def rows():
            for n in range(10**9):
                if n == 1000:
                    print("writing", flush=True)
                yield Entity(id=f"test-list-{{n}}", list_id="test-list", source_ref=str(n),
                             kind=EntityKind.PERSON, names=(Name(f"N{{n}}"),))
        class Endless:
            # entities never end, so the load is surely killed mid-write
            info = info
            entities = rows()
            published = None
            source = "big"
            content_hash = "x"
        store = Store.open(__import__("pathlib").Path({str(settings.database)!r}))
        parsed = Endless()
        store.commit_version(parsed)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"writing"
    child.send_signal(signal.SIGKILL)
    child.wait()

    with Store.open(settings.database) as store:
        active = store.active_version("test-list")
        assert active is not None and active.entity_count == 1
        assert store.entity("test-list-1").caption == "Original"
        assert [v.source for v in store.versions("test-list")] == ["fixture"]
        integrity = store._db.execute("PRAGMA integrity_check").fetchone()[0]
    assert integrity == "ok"


def test_a_corrupt_store_file_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "watchkeeper.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(Exception, match="cannot open the store"):
        Store.open(path)


def test_store_is_a_plain_sqlite_file(store: Store, settings: Settings) -> None:
    store_parsed(store, parsed(person("1", "A")), settings)
    with sqlite3.connect(settings.database) as db:
        assert db.execute("SELECT COUNT(*) FROM entities").fetchone() == (1,)
