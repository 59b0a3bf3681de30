"""Two versions of a small list, loaded through the store as ``watchkeeper update`` would."""

from __future__ import annotations

from watchkeeper.config import Settings
from watchkeeper.model import Entity, EntityKind, ListInfo, Name, NameType, ParsedList
from watchkeeper.store import Store
from watchkeeper.update import store_parsed

INFO = ListInfo(id="test-list", title="Test list", publisher="Test")


def person(ref: str, name: str, *aliases: str, born: str = "") -> Entity:
    return Entity(
        id=f"test-list-{ref}",
        list_id="test-list",
        source_ref=ref,
        kind=EntityKind.PERSON,
        names=(Name(name), *(Name(a, NameType.AKA) for a in aliases)),
        programs=("SDGT",),
        raw=f"{ref},{name},{','.join(aliases)},{born}",
    )


VERSION_1 = (
    person("1", "SOLEIMANI, Qasem"),
    person("2", "BOUT, Viktor"),
    person("3", "KHAN, Abdul Qadeer"),
)
# Version 2 adds an alias to entity 1 (so a clearance of it lapses), keeps 2 and 3, adds 4.
VERSION_2 = (
    person("1", "SOLEIMANI, Qasem", "Haj Qasem"),
    person("2", "BOUT, Viktor"),
    person("3", "KHAN, Abdul Qadeer"),
    person("4", "KOVALENKO, Dmitri"),
)


def load(store: Store, settings: Settings, *entities: Entity) -> None:
    """Store ``entities`` as the new active version of the test list."""
    result, _ = store_parsed(
        store, ParsedList(info=INFO, entities=entities, source="fixture"), settings
    )
    assert result.status == "loaded", result.message
