"""Where a batch runs: one narrow interface between batch screening and what executes it.

Screening a file is the same work whichever machine does it: read rows, turn each row into
the best match's columns (``watchkeeper.batch``), write them. An engine only decides where the
rows are read, split, screened and written: in this process (``LocalEngine``) or across a
Spark cluster (``watchkeeper.spark.SparkEngine``). The screening code never learns which one
runs it, so both give the same matches and scores for the same input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from watchkeeper.batch import BatchError, BatchJob, BatchSummary, ColumnMap
from watchkeeper.screening import Screener

ENGINES = ("local", "spark")


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What to screen and how, the same for every engine."""

    columns: ColumnMap = field(default_factory=ColumnMap)
    limit: int = 10
    threshold: float | None = None
    input_format: str | None = None
    output_format: str | None = None


class BatchEngine(Protocol):
    """Screens every row of ``source`` into ``target``: one output record per input row."""

    def screen(self, source: Path, target: Path, options: BatchOptions) -> BatchSummary: ...


class LocalEngine:
    """This process, or forked worker processes on this machine (the default engine)."""

    def __init__(
        self,
        screener: Screener,
        *,
        workers: int = 1,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.screener = screener
        self.workers = workers
        self.progress = progress

    def screen(self, source: Path, target: Path, options: BatchOptions) -> BatchSummary:
        job = BatchJob(source, target, options.columns, options.input_format, options.output_format)
        return job.run(
            self.screener,
            options.limit,
            options.threshold,
            workers=self.workers,
            progress=self.progress,
        )


def check_engine(name: str) -> str:
    """The engine name, lower-cased, or a clear error naming the choices."""
    engine = name.strip().lower()
    if engine not in ENGINES:
        raise BatchError(f"unknown engine {name!r}: use {' or '.join(ENGINES)}")
    return engine
