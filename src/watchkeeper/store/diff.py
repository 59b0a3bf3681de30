"""What changed between two versions of a list: the delta report an analyst reviews after an
update, and what re-screening will act on."""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from watchkeeper.model import Entity

# ``raw`` changes whenever anything else does; it is only reported when nothing else changed
# (e.g. the publisher reformatted a record), so the field list stays readable.
_AUDIT_ONLY = ("raw",)


class EntityChange(msgspec.Struct, frozen=True):
    """One entity present in both versions whose content differs."""

    entity_id: str
    caption: str
    fields: tuple[str, ...]


class ListDiff(msgspec.Struct, frozen=True):
    """Entities added, removed and changed between ``old_version`` and ``new_version``."""

    list_id: str
    old_version: int | None
    new_version: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[EntityChange, ...]

    @property
    def summary(self) -> str:
        return (
            f"+{len(self.added)} added, -{len(self.removed)} removed, ~{len(self.changed)} changed"
        )


def changed_fields(old: Entity, new: Entity) -> tuple[str, ...]:
    """Names of the entity fields whose values differ."""
    fields = [
        name
        for name in Entity.__struct_fields__
        if name not in _AUDIT_ONLY and getattr(old, name) != getattr(new, name)
    ]
    if not fields and old.raw != new.raw:
        fields.append("raw")
    return tuple(fields)


def diff_entities(
    list_id: str,
    old_version: int | None,
    new_version: int,
    old: Iterable[Entity],
    new: Iterable[Entity],
) -> ListDiff:
    """Compare two versions' entities by their stable ids."""
    before = {entity.id: entity for entity in old}
    after = {entity.id: entity for entity in new}
    changes = []
    for entity_id in sorted(before.keys() & after.keys()):
        fields = changed_fields(before[entity_id], after[entity_id])
        if fields:
            changes.append(EntityChange(entity_id, after[entity_id].caption, fields))
    return ListDiff(
        list_id=list_id,
        old_version=old_version,
        new_version=new_version,
        added=tuple(sorted(after.keys() - before.keys())),
        removed=tuple(sorted(before.keys() - after.keys())),
        changed=tuple(changes),
    )
