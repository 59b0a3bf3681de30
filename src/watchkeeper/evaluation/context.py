"""What every evaluation set shares: the data folder, the lists, one screener, sampling, progress.

Parsing all lists and building a screener over them takes seconds; sets that need them ask the
context, which does it once per run.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from watchkeeper.evaluation import DEFAULT_SEED
from watchkeeper.model import ParsedList
from watchkeeper.reference import reference_lists
from watchkeeper.screening import Screener
from watchkeeper.sources.registry import parse_path

T = TypeVar("T")


@dataclass
class Context:
    """One evaluation run.

    ``sample`` caps the queries drawn from each dataset (each list, for the leave-one-out set);
    draws are seeded, so two runs with the same options screen the same queries.
    ``list_paths`` replaces the reference lists by other list files or folders.
    """

    data: Path
    sample: int | None = None
    seed: int = DEFAULT_SEED
    list_paths: tuple[Path, ...] = ()
    console: Console = field(default_factory=lambda: Console(stderr=True))
    show_progress: bool = True
    _progress: Progress | None = None
    _memo: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """``make()`` once per run; later calls with the same key reuse its result."""
        if key not in self._memo:
            self._memo[key] = make()
        value: T = self._memo[key]
        return value

    def loaded_lists(self) -> list[ParsedList] | None:
        """The lists if some set needed them, else ``None`` (nothing is parsed for this)."""
        lists: list[ParsedList] | None = self._memo.get("lists")
        return lists

    def lists(self) -> list[ParsedList]:
        def load() -> list[ParsedList]:
            with self.status("parsing the lists"):
                if self.list_paths:
                    return [parsed for path in self.list_paths for parsed in parse_path(path)]
                return reference_lists(self.data)

        return self.memo("lists", load)

    def screener(self) -> Screener:
        """A screener over every list, as a user who loaded them all would have."""

        def build() -> Screener:
            lists = self.lists()
            with self.status("indexing the lists"):
                return Screener.from_entities(e for parsed in lists for e in parsed.entities)

        return self.memo("screener", build)

    def draw(self, items: Sequence[T], key: str, default: int | None = None) -> list[T]:
        """A seeded sample of at most ``sample`` (else ``default``) items, in original order."""
        size = self.sample if self.sample is not None else default
        if size is None or size >= len(items):
            return list(items)
        rng = random.Random(f"{self.seed}:{key}")
        return [items[i] for i in sorted(rng.sample(range(len(items)), size))]

    def rng(self, key: str) -> random.Random:
        return random.Random(f"{self.seed}:{key}")

    def running(self) -> AbstractContextManager[Any]:
        """Show progress bars while the run lasts (on stderr, so ``--json`` stays clean)."""
        if not self.show_progress:
            return nullcontext()
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        return self._progress

    def track(self, items: Iterable[T], total: int, description: str) -> Iterator[T]:
        if self._progress is None or not self.show_progress:
            yield from items
            return
        task = self._progress.add_task(description, total=total)
        try:
            for item in items:
                yield item
                self._progress.advance(task)
        finally:
            self._progress.remove_task(task)

    def status(self, description: str) -> AbstractContextManager[Any]:
        if self._progress is None or not self.show_progress:
            return nullcontext()
        return _Spinner(self._progress, description)


class _Spinner:
    def __init__(self, progress: Progress, description: str) -> None:
        self._progress = progress
        self._description = description
        self._task: Any = None

    def __enter__(self) -> None:
        self._task = self._progress.add_task(self._description + "...", total=None)

    def __exit__(self, *exc: object) -> None:
        self._progress.remove_task(self._task)
