"""Screening speed against every reference list loaded together.

Four measurements, each meant to run in its own fresh interpreter (``python -m
watchkeeper.benchmarks.screening MODE --data DIR`` prints one JSON line):

- ``build``: building the index, its time and the memory it holds;
- ``latency``: one ``screen()`` call at a time over a fixed, mixed query set, timed per call;
- ``batch``: ``screen_many`` throughput on one core, then two worker processes that each hold
  their own screener, which is how a deployment would use a second core;
- ``baseline``: the naive approach on a subset of the same queries — rapidfuzz's ``extractOne``
  with ``WRatio`` over every listed name string, with no index at all.

The query set is built deterministically from the data, so two runs (or two machines) time the
same work. Most screened names match nobody, so most queries are names that are not listed; the
rest are listed names with the damage real input does to them (typos, word order,
transliteration variants) and names in their original script.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import math
import multiprocessing
import os
import queue
import random
import re
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.context import ForkContext, SpawnContext
from pathlib import Path
from typing import Any

from watchkeeper.benchmarks.measure import peak_rss_mb
from watchkeeper.long_lived import freeze_loaded_index
from watchkeeper.model import Entity, NameType
from watchkeeper.names.parts import prepare
from watchkeeper.reference import reference_lists
from watchkeeper.screening import MAX_NAME_LENGTH, Query, Screener, ScreeningError

NEGATIVES = Path("names/yente_screening_fixtures/negatives_us.csv")
LATENCY_QUERIES = 2_000
BATCH_QUERIES = 10_000
BASELINE_QUERIES = 200
PERTURBED_SHARE = 0.25
NON_LATIN_SHARE = 0.25
WARMUP_QUERIES = 200
SEED = 20_240_503
WORKERS = 2
WORKER_TIMEOUT_S = 1_800.0
SPIN_ROUNDS = 10_000_000

NEGATIVE = "not listed"
PERTURBED = "perturbed listed name"
NON_LATIN = "original script (UN)"
CATEGORIES = (NEGATIVE, PERTURBED, NON_LATIN)

# Romanisation variants seen across lists for the same person: one is applied per query.
TRANSLITERATIONS = (
    ("mohammed", "muhammad"),
    ("muhammad", "mohamed"),
    ("abdul", "abdel"),
    ("ou", "u"),
    ("kh", "h"),
    ("ph", "f"),
    ("q", "k"),
    ("sh", "ch"),
    ("dj", "j"),
    ("zh", "j"),
    ("ee", "i"),
    ("y", "i"),
    ("w", "v"),
    ("u", "ou"),
    ("i", "y"),
    ("c", "k"),
)
VOWELS = "aeiou"
CONSONANTS = "bdgklmnrst"


@dataclass(frozen=True, slots=True)
class BenchQuery:
    """A query and the kind of input it stands for, so timings can be read per kind."""

    category: str
    query: Query


def reference_entities(data: Path) -> list[Entity]:
    return [entity for parsed in reference_lists(data) for entity in parsed.entities]


def negative_names(path: Path, limit: int) -> list[str]:
    """The first ``limit`` full names of a CSV with a ``full_name`` column."""
    names: list[str] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = (row.get("full_name") or "").strip()
            if name:
                names.append(name)
            if len(names) >= limit:
                break
    return names


def _match_case(original: str, replacement: str) -> str:
    if original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def typo(name: str, rng: random.Random) -> str:
    """One keyboard slip: a letter dropped, two letters swapped, or one letter replaced.

    The first letter is left alone: people rarely get it wrong.
    """
    positions = [i for i, char in enumerate(name) if char.isalpha() and i > 0]
    if not positions:
        return name
    i = rng.choice(positions)
    operation = rng.randrange(3)
    if operation == 0:
        return name[:i] + name[i + 1 :]
    if operation == 1 and name[i - 1].isalpha() and name[i - 1] != name[i]:
        return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]
    pool = VOWELS if name[i].lower() in VOWELS else CONSONANTS
    replacement = rng.choice([c for c in pool if c != name[i].lower()])
    return name[:i] + _match_case(name[i], replacement) + name[i + 1 :]


def reorder(name: str) -> str:
    """The last word first, the way "SOLEIMANI, Qasem" and "Qasem Soleimani" differ."""
    words = name.replace(",", " ").split()
    if len(words) < 2:
        return name
    return " ".join([words[-1], *words[:-1]])


def transliterate(name: str, rng: random.Random) -> str:
    """Another common romanisation of one spelling in the name, if any applies."""
    start = rng.randrange(len(TRANSLITERATIONS))
    rotated = TRANSLITERATIONS[start:] + TRANSLITERATIONS[:start]
    for pattern, replacement in rotated:
        found = re.search(re.escape(pattern), name, flags=re.IGNORECASE)
        if found:
            swapped = _match_case(found.group(), replacement)
            return name[: found.start()] + swapped + name[found.end() :]
    return typo(name, rng)


def perturb(name: str, variant: int, rng: random.Random) -> str:
    """Damage a listed name the way real input does; ``variant`` picks how."""
    if variant % 4 == 0:
        changed = typo(name, rng)
    elif variant % 4 == 1:
        changed = reorder(name)
    elif variant % 4 == 2:
        changed = transliterate(name, rng)
    else:
        changed = typo(reorder(name), rng)
    return changed if changed != name else typo(name, rng)


def screenable(name: str) -> bool:
    """Names ``screen()`` would reject are left out, so every query measures real work."""
    return 0 < len(name.strip()) <= MAX_NAME_LENGTH and bool(prepare(name).parts)


def perturbable_names(entities: Iterable[Entity]) -> list[str]:
    names = (
        name.full
        for entity in entities
        for name in entity.names
        if name.script == "Latn" and name.type in (NameType.PRIMARY, NameType.AKA)
    )
    return [name for name in dict.fromkeys(names) if 4 <= len(name) <= 80]


def original_script_names(entities: Iterable[Entity]) -> list[str]:
    """Names the UN list gives in their own script (Arabic, Cyrillic, Chinese)."""
    names = (
        name.full
        for entity in entities
        if entity.list_id == "un-sc"
        for name in entity.names
        if name.script not in ("Latn", "Zyyy")
    )
    return list(dict.fromkeys(names))


def query_set(
    entities: Sequence[Entity],
    negatives: Sequence[str],
    total: int,
    perturbed_share: float = PERTURBED_SHARE,
    non_latin_share: float = NON_LATIN_SHARE,
    seed: int = SEED,
) -> list[BenchQuery]:
    """``total`` queries (fewer only if ``negatives`` runs out), categories interleaved.

    Perturbed and original-script names take their shares (as many original-script names as
    the UN list has); unlisted names fill the rest. Interleaving keeps any prefix or stride of
    the set representative, which the warm-up, the baseline subset and the worker split use.
    """
    rng = random.Random(seed)
    pool = perturbable_names(entities)
    picked = rng.sample(pool, min(len(pool), round(total * perturbed_share)))
    perturbed = [perturb(name, i, rng) for i, name in enumerate(picked)]
    scripts = original_script_names(entities)
    non_latin = rng.sample(scripts, min(len(scripts), round(total * non_latin_share)))
    groups = {
        PERTURBED: [n for n in perturbed if screenable(n)],
        NON_LATIN: [n for n in non_latin if screenable(n)],
    }
    wanted = total - len(groups[PERTURBED]) - len(groups[NON_LATIN])
    groups[NEGATIVE] = [n for n in negatives if screenable(n)][:wanted]
    tagged = [
        (position / len(names), category, name)
        for category, names in groups.items()
        for position, name in enumerate(names)
    ]
    tagged.sort(key=lambda item: (item[0], CATEGORIES.index(item[1])))
    return [BenchQuery(category, Query(name=name)) for _, category, name in tagged]


def warmup_set(
    entities: Sequence[Entity], negatives: Sequence[str], size: int = WARMUP_QUERIES
) -> list[BenchQuery]:
    """Queries of the same mix for warming up, drawn apart from the timed ones.

    Separate queries, so that a cache in the screener could not make the timed pass look
    faster than first-time screening is.
    """
    return query_set(entities, list(reversed(negatives)), size, seed=SEED + 1)


def baseline_subset(queries: Sequence[BenchQuery], size: int = BASELINE_QUERIES) -> list[int]:
    """Positions of the queries both our screener and the baseline are timed on."""
    stride = max(1, len(queries) // size)
    return list(range(0, len(queries), stride))[:size]


def listed_name_strings(entities: Iterable[Entity]) -> list[str]:
    return list(dict.fromkeys(name.full for entity in entities for name in entity.names))


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: a value that was actually observed, never interpolated."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


def current_rss_mb() -> float:
    """Resident memory of this process now (``/proc``), else its peak where there is none."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_rss_mb()
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _timings(times_ns: Sequence[int]) -> dict[str, float]:
    ms = [t / 1e6 for t in times_ns]
    return {
        "p50_ms": percentile(ms, 50),
        "p90_ms": percentile(ms, 90),
        "p99_ms": percentile(ms, 99),
        "max_ms": max(ms, default=math.nan),
        "mean_ms": statistics.fmean(ms) if ms else math.nan,
        "total_s": sum(ms) / 1000,
    }


def measure_build(entities: Sequence[Entity]) -> tuple[Screener, dict[str, Any]]:
    """Build the screener; memory is what the process holds after the build minus before."""
    gc.collect()
    before = current_rss_mb()
    started = time.perf_counter()
    screener = Screener.from_entities(entities)
    build_s = time.perf_counter() - started
    gc.collect()
    after = current_rss_mb()
    freeze_loaded_index()  # as `watchkeeper batch` does once its screener is loaded
    return screener, {
        "entities": len(entities),
        "names": len(screener.index),
        "build_s": build_s,
        "rss_before_mb": before,
        "rss_after_mb": after,
        "index_mb": after - before,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_latency(
    screener: Screener, queries: Sequence[BenchQuery], warmup: Sequence[BenchQuery] = ()
) -> dict[str, Any]:
    """Time each ``screen()`` call alone, after a warm-up pass over other queries."""
    for bench_query in warmup:
        screener.screen(bench_query.query)
    times: list[int] = []
    errors = 0
    for bench_query in queries:
        started = time.perf_counter_ns()
        try:
            screener.screen(bench_query.query)
        except ScreeningError:
            errors += 1
        times.append(time.perf_counter_ns() - started)
    candidates = [len(screener.index.candidates(prepare(q.query.name))) for q in queries]
    by_category: dict[str, Any] = {}
    for category in CATEGORIES:
        picked = [i for i, q in enumerate(queries) if q.category == category]
        if picked:
            by_category[category] = {
                "count": len(picked),
                **_timings([times[i] for i in picked]),
                "mean_candidates": statistics.fmean(candidates[i] for i in picked),
            }
    subset = baseline_subset(queries)
    return {
        "queries": len(queries),
        "errors": errors,
        **_timings(times),
        "mean_candidates": statistics.fmean(candidates) if candidates else math.nan,
        "max_candidates": max(candidates, default=0),
        "by_category": by_category,
        "subset": {"count": len(subset), **_timings([times[i] for i in subset])},
    }


def measure_batch(
    screener: Screener, queries: Sequence[BenchQuery], warmup: Sequence[BenchQuery] = ()
) -> dict[str, Any]:
    """``screen_many`` throughput in this one process (one core), after a warm-up pass."""
    for _ in screener.screen_many(q.query for q in warmup):
        pass
    started = time.perf_counter()
    screened = sum(1 for _ in screener.screen_many(q.query for q in queries))
    elapsed = time.perf_counter() - started
    return {"names": screened, "elapsed_s": elapsed, "names_per_s": screened / elapsed}


def _worker(
    entities: Sequence[Entity],
    queries: Sequence[Query],
    warmup: Sequence[Query],
    ready: Any,
    go: Any,
) -> None:
    """Build a screener of its own, say so, wait for the start signal, then screen its share."""
    screener = Screener.from_entities(entities)
    freeze_loaded_index()
    for _ in screener.screen_many(warmup):
        pass
    ready.put(None)
    go.wait(WORKER_TIMEOUT_S)
    ready.put(sum(1 for _ in screener.screen_many(queries)))


def _collect(
    messages: Any, count: int, processes: Sequence[multiprocessing.process.BaseProcess]
) -> list[Any]:
    """``count`` messages from the workers, failing fast if one of them died instead."""
    received: list[Any] = []
    deadline = time.monotonic() + WORKER_TIMEOUT_S
    while len(received) < count:
        try:
            received.append(messages.get(timeout=0.05))
        except queue.Empty:
            failed = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
            if failed or time.monotonic() > deadline:
                raise RuntimeError(f"a screening worker failed (exit codes {failed})") from None
    return received


def _spin(rounds: int) -> int:
    total = 0
    for i in range(rounds):
        total += i * i
    return total


def _context() -> ForkContext | SpawnContext:
    # Forked workers start with the parsed lists already in memory; elsewhere they are sent.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def machine_scaling(workers: int = WORKERS, rounds: int = SPIN_ROUNDS) -> float:
    """How much faster ``workers`` processes finish pure-Python work than one does.

    Shared and virtual machines often give less than their core count suggests; this says
    what the screening workers' scaling should be compared with.
    """
    started = time.perf_counter()
    _spin(rounds)
    alone = time.perf_counter() - started
    context = _context()
    processes = [context.Process(target=_spin, args=(rounds,)) for _ in range(workers)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return workers * alone / (time.perf_counter() - started)


def measure_parallel(
    entities: Sequence[Entity],
    queries: Sequence[BenchQuery],
    workers: int = WORKERS,
    warmup: Sequence[BenchQuery] = (),
) -> dict[str, Any]:
    """Throughput of ``workers`` processes, each with its own screener, from when all are built.

    The clock starts once every worker has built its index and warmed up, and stops when the
    last one has screened its share: build time is reported by ``build``, not here.
    """
    context = _context()
    ready = context.Queue()
    go = context.Event()
    shares = [[q.query for q in queries[i::workers]] for i in range(workers)]
    warm = [q.query for q in warmup]
    processes = [
        context.Process(target=_worker, args=(entities, share, warm, ready, go), daemon=True)
        for share in shares
    ]
    for process in processes:
        process.start()
    try:
        _collect(ready, workers, processes)
        started = time.perf_counter()
        go.set()
        screened = sum(_collect(ready, workers, processes))
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
    return {
        "workers": workers,
        "start_method": context.get_start_method(),
        "names": screened,
        "elapsed_s": elapsed,
        "names_per_s": screened / elapsed,
    }


def measure_baseline(
    entities: Sequence[Entity], queries: Sequence[BenchQuery], warmup: Sequence[BenchQuery] = ()
) -> dict[str, Any]:
    """rapidfuzz ``extractOne`` with ``WRatio`` over every listed name string, per query."""
    from rapidfuzz import fuzz, process, utils

    choices = listed_name_strings(entities)
    names = [queries[i].query.name for i in baseline_subset(queries)]
    for name in [q.query.name for q in warmup[:3]]:
        process.extractOne(name, choices, scorer=fuzz.WRatio, processor=utils.default_process)
    times: list[int] = []
    for name in names:
        started = time.perf_counter_ns()
        process.extractOne(name, choices, scorer=fuzz.WRatio, processor=utils.default_process)
        times.append(time.perf_counter_ns() - started)
    timings = _timings(times)
    return {
        "choices": len(choices),
        "queries": len(names),
        **timings,
        "names_per_s": len(names) / timings["total_s"],
    }


MODES = ("build", "latency", "batch", "baseline")


def run_mode(
    mode: str,
    entities: Sequence[Entity],
    negatives: Sequence[str],
    latency_queries: int = LATENCY_QUERIES,
    batch_queries: int = BATCH_QUERIES,
    workers: int = WORKERS,
    spin_rounds: int = SPIN_ROUNDS,
) -> dict[str, Any]:
    """One measurement on already-parsed entities; the JSON-ready result."""
    if mode == "build":
        return measure_build(entities)[1]
    warmup = warmup_set(entities, negatives)
    if mode == "baseline":
        queries = query_set(entities, negatives, latency_queries)
        return measure_baseline(entities, queries, warmup)
    if mode == "latency":
        queries = query_set(entities, negatives, latency_queries)
        screener, built = measure_build(entities)
        return {**measure_latency(screener, queries, warmup), "build_s": built["build_s"]}
    if mode == "batch":
        queries = query_set(entities, negatives, batch_queries)
        screener, _ = measure_build(entities)
        single = measure_batch(screener, queries, warmup)
        del screener
        gc.collect()
        parallel = measure_parallel(entities, queries, workers, warmup)
        return {
            "queries": len(queries),
            "cpu_count": os.cpu_count(),
            "single": single,
            "parallel": parallel,
            "scaling": parallel["names_per_s"] / single["names_per_s"],
            "machine_scaling": machine_scaling(workers, spin_rounds),
        }
    raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=MODES)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    entities = reference_entities(args.data)
    negatives = negative_names(args.data / NEGATIVES, BATCH_QUERIES)
    result = run_mode(args.mode, entities, negatives)
    result["lists"] = len({entity.list_id for entity in entities})
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
