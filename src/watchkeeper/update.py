"""The update pipeline: fetch or read list files, parse, validate, then switch versions atomically.

Each list is handled on its own: one bad list fails with a message naming its file and problem,
the others still load, and the active version of the failed list is left untouched. Downloaded
files that fail are moved to ``rejected/`` instead of being deleted, so nothing is lost.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import msgspec

from watchkeeper.config import Settings
from watchkeeper.download import download
from watchkeeper.errors import NotFoundError, ValidationError, WatchkeeperError
from watchkeeper.model import ParsedList
from watchkeeper.sources.registry import parse_path
from watchkeeper.store import ListVersion, Store
from watchkeeper.store.diff import ListDiff, diff_entities

Status = Literal["loaded", "unchanged", "failed"]


class UpdateResult(msgspec.Struct, frozen=True):
    """What happened to one list in one update."""

    list_id: str
    status: Status
    source: str
    message: str
    version: ListVersion | None = None
    previous_count: int | None = None
    added: int = 0
    removed: int = 0
    changed: int = 0


def validate(
    parsed: ParsedList, active: ListVersion | None, settings: Settings, force: bool
) -> None:
    """Refuse a parsed list that is not fit to replace the active version."""
    where = f"{parsed.source} ({parsed.info.id})"
    if not parsed.entities:
        raise ValidationError(f"{where}: the list has no entities")
    if parsed.expected_count is not None and parsed.expected_count != len(parsed.entities):
        raise ValidationError(
            f"{where}: the file announces {parsed.expected_count} records "
            f"but {len(parsed.entities)} were read"
        )
    duplicates = [eid for eid, n in Counter(e.id for e in parsed.entities).items() if n > 1]
    if duplicates:
        shown = ", ".join(sorted(duplicates)[:5])
        raise ValidationError(f"{where}: {len(duplicates)} duplicate entity ids, e.g. {shown}")
    if active is not None and not force:
        floor = active.entity_count * (1 - settings.max_shrink)
        if len(parsed.entities) < floor:
            raise ValidationError(
                f"{where}: the list shrank from {active.entity_count} to "
                f"{len(parsed.entities)} entities (more than {settings.max_shrink:.0%}); "
                "this is usually a broken export. Use --force to accept it"
            )


def store_parsed(
    store: Store, parsed: ParsedList, settings: Settings, *, force: bool = False
) -> tuple[UpdateResult, ListDiff | None]:
    """Validate and commit one parsed list; the result says what changed."""
    active = store.active_version(parsed.info.id)
    validate(parsed, active, settings, force)
    if active is not None and active.content_hash == parsed.content_hash:
        message = f"unchanged since version {active.id} ({active.entity_count} entities)"
        return (
            UpdateResult(
                parsed.info.id,
                "unchanged",
                parsed.source,
                message,
                version=active,
                previous_count=active.entity_count,
            ),
            None,
        )
    version = store.commit_version(parsed, keep_versions=settings.keep_versions)
    old = store.entities(active.id) if active is not None else ()
    delta = diff_entities(
        parsed.info.id, active.id if active else None, version.id, old, parsed.entities
    )
    message = f"version {version.id}: {version.entity_count} entities; {delta.summary}"
    result = UpdateResult(
        parsed.info.id,
        "loaded",
        parsed.source,
        message,
        version=version,
        previous_count=active.entity_count if active else None,
        added=len(delta.added),
        removed=len(delta.removed),
        changed=len(delta.changed),
    )
    return result, delta


def update_from_paths(
    store: Store, paths: Iterable[Path], settings: Settings, *, force: bool = False
) -> list[UpdateResult]:
    """Load list files or folders given by the user (``update --from``)."""
    results: list[UpdateResult] = []
    for path in paths:
        try:
            lists = parse_path(path)
        except WatchkeeperError as exc:
            results.append(UpdateResult(path.name, "failed", str(path), str(exc)))
            continue
        for parsed in lists:
            results.append(_store_or_fail(store, parsed, settings, force))
    return results


def _store_or_fail(
    store: Store, parsed: ParsedList, settings: Settings, force: bool
) -> UpdateResult:
    try:
        result, _ = store_parsed(store, parsed, settings, force=force)
    except WatchkeeperError as exc:
        return UpdateResult(parsed.info.id, "failed", parsed.source, str(exc))
    return result


Downloader = Callable[..., Path]


def update_from_catalog(
    store: Store,
    settings: Settings,
    list_ids: Iterable[str] | None = None,
    *,
    force: bool = False,
    fetch: Downloader = download,
) -> list[UpdateResult]:
    """Download each configured list from its official URL and load it."""
    configured = settings.download_lists()
    wanted = list(list_ids) if list_ids else list(configured)
    results: list[UpdateResult] = []
    for list_id in wanted:
        if list_id not in configured:
            known = ", ".join(configured)
            message = f"no download configured for list {list_id!r} (configured: {known})"
            results.append(UpdateResult(list_id, "failed", "", message))
            continue
        results.append(_update_one(store, settings, list_id, configured[list_id], force, fetch))
    _prune_archive(store, settings)
    return results


def _update_one(
    store: Store,
    settings: Settings,
    list_id: str,
    files: dict[str, str],
    force: bool,
    fetch: Downloader,
) -> UpdateResult:
    settings.home.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{list_id}-", dir=settings.home))
    source = ", ".join(files.values())
    try:
        for name, url in files.items():
            fetch(url, staging / name, timeout=settings.download_timeout)
        lists = [p for p in parse_path(_single_or_folder(staging)) if p.info.id == list_id]
        if not lists:
            raise ValidationError(f"{source}: the downloaded files do not hold list {list_id}")
        parsed = msgspec.structs.replace(lists[0], source=source)
        result, _ = store_parsed(store, parsed, settings, force=force)
    except WatchkeeperError as exc:
        _keep(staging, _rejected_dir(settings, list_id))
        return UpdateResult(list_id, "failed", source, str(exc))
    except BaseException:
        _keep(staging, _rejected_dir(settings, list_id))
        raise
    if result.status == "loaded" and result.version is not None:
        _keep(staging, settings.archive / list_id / str(result.version.id))
    else:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _single_or_folder(folder: Path) -> Path:
    files = [p for p in folder.iterdir() if p.is_file()]
    return files[0] if len(files) == 1 else folder


def _rejected_dir(settings: Settings, list_id: str) -> Path:
    return settings.rejected / list_id / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")


def _keep(staging: Path, target: Path) -> None:
    """Move downloaded files somewhere a person can find them."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        shutil.rmtree(target)
    shutil.move(str(staging), target)


def _prune_archive(store: Store, settings: Settings) -> None:
    """Drop archived source files of versions the store no longer keeps."""
    if not settings.archive.is_dir():
        return
    kept = {str(v.id) for v in store.versions()}
    for list_dir in settings.archive.iterdir():
        for version_dir in list_dir.iterdir() if list_dir.is_dir() else ():
            if version_dir.name not in kept:
                shutil.rmtree(version_dir, ignore_errors=True)


def list_diff(
    store: Store, list_id: str, old: int | None = None, new: int | None = None
) -> ListDiff:
    """Diff two stored versions of a list (default: the previous and the active one)."""
    versions = store.versions(list_id)
    if not versions:
        raise NotFoundError(f"list {list_id!r} has no stored versions")
    by_id = {v.id: v for v in versions}
    for wanted in (old, new):
        if wanted is not None and wanted not in by_id:
            raise NotFoundError(f"list {list_id!r} has no stored version {wanted}")
    if new is None:
        active = next((v for v in versions if v.active), versions[0])
        new = active.id
    if old is None:
        older = [v.id for v in versions if v.id < new]
        old = max(older) if older else None
    old_entities = store.entities(old) if old is not None else ()
    return diff_entities(list_id, old, new, old_entities, store.entities(new))
