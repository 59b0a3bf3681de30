"""The lists a running server screens against: one screener, the versions it was built from.

The index is built once at startup and reused by every request; keeping the list versions
next to it means every answer can say exactly which version of which list it was screened
against, even after ``watchkeeper update`` has since activated newer ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from watchkeeper.errors import NotFoundError, StoreError
from watchkeeper.model import Entity
from watchkeeper.screening import Screener
from watchkeeper.store import ListVersion, Store

DEFAULT_DATASETS = frozenset({"default", "sanctions"})
"""Dataset names that mean every loaded list (``sanctions`` is what yente clients often send)."""


@dataclass(frozen=True)
class LoadedLists:
    """A screener and the active list versions its index holds."""

    screener: Screener
    versions: tuple[ListVersion, ...]
    entities: Mapping[str, Entity] = field(repr=False)
    properties: dict[str, dict[str, list[str]]] = field(default_factory=dict, repr=False)
    """FollowTheMoney properties per entity id, filled as entities are first returned."""

    @classmethod
    def build(cls, screener: Screener, versions: Iterable[ListVersion]) -> LoadedLists:
        entities = {entity.id: entity for entity in screener.index.entities}
        return cls(screener, tuple(versions), entities)

    @classmethod
    def from_store(cls, store: Store, attempts: int = 3) -> LoadedLists:
        """Build the index from the active versions, retrying if an update lands meanwhile."""
        for _ in range(attempts):
            before = store.active_versions()
            screener = Screener.from_store(store)
            if store.active_versions() == before:
                return cls.build(screener, before)
        raise StoreError(f"{store.path}: the active lists kept changing while loading them")

    @property
    def list_ids(self) -> frozenset[str]:
        return frozenset(v.list_id for v in self.versions)

    def version_of(self, list_id: str) -> ListVersion | None:
        for version in self.versions:
            if version.list_id == list_id:
                return version
        return None

    def resolve(
        self, dataset: str, include: Iterable[str] = (), exclude: Iterable[str] = ()
    ) -> frozenset[str]:
        """The list ids a request may see: ``dataset`` narrowed by include, minus exclude."""
        known = self.list_ids
        chosen = known if dataset in DEFAULT_DATASETS else frozenset({dataset})
        included = frozenset(include)
        excluded = frozenset(exclude)
        for name in (chosen | included | excluded) - known - DEFAULT_DATASETS:
            raise NotFoundError(f"No such dataset: {name!r}; known: {', '.join(sorted(known))}")
        if included and not included & DEFAULT_DATASETS:
            chosen &= included
        return chosen - excluded
