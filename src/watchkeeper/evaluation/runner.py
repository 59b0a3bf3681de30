"""Run the chosen evaluation sets in order, time each, and write the report."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import msgspec

from watchkeeper.errors import WatchkeeperError
from watchkeeper.evaluation import (
    aliases,
    cross_script,
    false_positives,
    media_sets,
    pairs,
    retrieval,
)
from watchkeeper.evaluation.context import Context
from watchkeeper.evaluation.report import SetResult, render


@dataclass(frozen=True, slots=True)
class EvaluationSet:
    run: Callable[[Context], SetResult]
    # Whether the set screens against every list (parsed and indexed once, timed apart).
    needs_lists: bool


SETS: dict[str, EvaluationSet] = {
    "pairs": EvaluationSet(pairs.run, needs_lists=True),
    "aliases": EvaluationSet(aliases.run, needs_lists=True),
    "cross-script": EvaluationSet(cross_script.run, needs_lists=False),
    "false-positives": EvaluationSet(false_positives.run, needs_lists=True),
    "retrieval": EvaluationSet(retrieval.run, needs_lists=True),
    "adverse-media": EvaluationSet(media_sets.run_adverse_media, needs_lists=False),
    "attribution": EvaluationSet(media_sets.run_attribution, needs_lists=False),
}


class Evaluation(msgspec.Struct, kw_only=True):
    """A whole run: the sets' results and the one-off cost of loading the lists."""

    results: list[SetResult]
    setup_seconds: float | None = None


def run_sets(ctx: Context, only: Sequence[str] | None = None) -> Evaluation:
    """Run each chosen set (all by default) in the registry's order."""
    unknown = sorted(set(only or ()) - set(SETS))
    if unknown:
        raise WatchkeeperError(
            f"unknown evaluation set(s): {', '.join(unknown)} (known: {', '.join(SETS)})"
        )
    chosen = [name for name in SETS if not only or name in only]
    results: list[SetResult] = []
    setup = None
    with ctx.running():
        if any(SETS[name].needs_lists for name in chosen):
            started = time.perf_counter()
            ctx.screener()
            setup = round(time.perf_counter() - started, 2)
        for name in chosen:
            started = time.perf_counter()
            result = SETS[name].run(ctx)
            elapsed = round(time.perf_counter() - started, 2)
            results.append(msgspec.structs.replace(result, seconds=elapsed))
    return Evaluation(results=results, setup_seconds=setup)


def write_report(ctx: Context, evaluation: Evaluation, output: Path) -> str:
    text = render(evaluation.results, ctx.data, ctx.loaded_lists(), evaluation.setup_seconds)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, "utf-8")
    return text
