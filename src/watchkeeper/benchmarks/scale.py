"""How screening cost grows with the size of the list, and how batch screening scales on Spark.

Each measurement runs in a fresh interpreter (``python -m watchkeeper.benchmarks.scale MODE``
prints one JSON line), so its peak memory is its own:

- ``generate``: the real lists plus synthetic entities (``watchkeeper.benchmarks.synthetic``)
  up to the largest size, written to one msgpack file per size, each a prefix of the largest;
- ``measure``: for one size, the index build (time, memory), single-query latency, candidates
  examined per query and ``screen_many`` throughput on one core;
- ``spark``: batch throughput of the Spark engine on the real lists with one master
  (``local[1]``, ``local[2]``...), after every Python worker has built its index.

The queries are the same at every size (built from the real lists, as in
``watchkeeper.benchmarks.screening``), so what changes between sizes is the list alone.
``bench/scale.py`` runs them all and prints the report.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import msgspec

from watchkeeper.benchmarks.measure import peak_rss_mb
from watchkeeper.benchmarks.screening import (
    NEGATIVES,
    BenchQuery,
    current_rss_mb,
    machine_scaling,
    negative_names,
    percentile,
    query_set,
    reference_entities,
    warmup_set,
)
from watchkeeper.benchmarks.synthetic import scaled_list
from watchkeeper.model import Entity
from watchkeeper.names.parts import prepare
from watchkeeper.screening import Screener, ScreeningError

LATENCY_QUERIES = 1_000
BATCH_QUERIES = 2_000
SPARK_QUERIES = 4_000
SPARK_PARTITIONS = 4


class ScaledFile(msgspec.Struct):
    """The generated list: how many of its first entities are real, then all of them."""

    real: int
    entities: list[Entity]


def scaled_path(folder: Path, size: int) -> Path:
    return folder / f"scaled-{size}.msgpack"


def generate(data: Path, sizes: Sequence[int], folder: Path) -> dict[str, Any]:
    """One file per size (0: the real lists alone), each a prefix of the largest list.

    Separate files, so that measuring a size never loads (and frees) a larger list, whose
    freed memory the index would then reuse, hiding its real size.
    """
    started = time.perf_counter()
    real = [msgspec.structs.replace(e, raw="") for e in reference_entities(data)]
    entities = scaled_list(real, max(max(sizes), len(real)))
    files: dict[int, float] = {}
    for size in sizes:
        path = scaled_path(folder, size)
        path.write_bytes(
            msgspec.msgpack.encode(ScaledFile(len(real), entities[: size or len(real)]))
        )
        files[size] = path.stat().st_size / 1e6
    return {
        "real": len(real),
        "entities": len(entities),
        "names": sum(len(e.names) for e in entities),
        "generate_s": time.perf_counter() - started,
        "file_mb": files,
    }


def read_scaled(path: Path) -> ScaledFile:
    return msgspec.msgpack.decode(path.read_bytes(), type=ScaledFile)


def _cpu_and_wall(run: Callable[[], object]) -> tuple[float, float, object]:
    """Seconds of CPU this process spent in ``run``, wall seconds, and its result."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = run()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def _latency(screener: Screener, queries: Sequence[BenchQuery]) -> dict[str, float]:
    """Per-query time, on the wall clock and in CPU time of this thread.

    On a machine shared with other work the wall clock also counts time spent waiting for a
    core; CPU time is what the query itself costs.
    """
    wall: list[float] = []
    cpu: list[float] = []
    for bench_query in queries:
        started_cpu, started = time.thread_time_ns(), time.perf_counter_ns()
        with contextlib.suppress(ScreeningError):
            screener.screen(bench_query.query)
        wall.append((time.perf_counter_ns() - started) / 1e6)
        cpu.append((time.thread_time_ns() - started_cpu) / 1e6)
    candidates = [len(screener.index.candidates(prepare(q.query.name))) for q in queries]
    return {
        "queries": len(queries),
        "p50_ms": percentile(wall, 50),
        "p99_ms": percentile(wall, 99),
        "cpu_p50_ms": percentile(cpu, 50),
        "cpu_p90_ms": percentile(cpu, 90),
        "cpu_p99_ms": percentile(cpu, 99),
        "cpu_mean_ms": statistics.fmean(cpu),
        "mean_candidates": statistics.fmean(candidates),
        "p99_candidates": percentile([float(c) for c in candidates], 99),
    }


def _real_matches_kept(
    real: Screener, scaled: Screener, queries: Sequence[BenchQuery], real_ids: set[str]
) -> dict[str, float]:
    """Of the matches the real lists alone give, the share still given by the larger list.

    The real entities are part of every size, so a match they give alone that goes missing
    at a larger size was lost to retrieval (its keys grew common, or more candidates crowded
    it out): the recall that list size costs. Up to 100 results are read per query, so the
    synthetic copies of a party do not push the real one out of a short result list.
    """
    expected = kept = 0
    for bench_query in queries:
        try:
            wanted = {m.entity_id for m in real.screen(bench_query.query, limit=100) if m.match}
            found = {m.entity_id for m in scaled.screen(bench_query.query, limit=100) if m.match}
        except ScreeningError:
            continue
        expected += len(wanted)
        kept += len(wanted & (found & real_ids))
    return {"real_matches": expected, "real_matches_kept": kept / expected if expected else 1.0}


def measure(data: Path, path: Path) -> dict[str, Any]:
    """Build, latency and one-core throughput for the list in the file."""
    scaled = read_scaled(path)
    real = scaled.entities[: scaled.real]
    entities = scaled.entities
    negatives = negative_names(data / NEGATIVES, BATCH_QUERIES)
    latency_queries = query_set(real, negatives, LATENCY_QUERIES)
    batch_queries = [q.query for q in query_set(real, negatives, BATCH_QUERIES)]
    warmup = warmup_set(real, negatives)
    before = current_rss_mb()
    build_cpu, build_wall, built = _cpu_and_wall(lambda: Screener.from_entities(entities))
    assert isinstance(built, Screener)
    screener = built
    gc.collect()
    index_mb = current_rss_mb() - before
    for bench_query in warmup:
        screener.screen(bench_query.query)
    latency = _latency(screener, latency_queries)
    batch_cpu, batch_wall, _ = _cpu_and_wall(
        lambda: sum(1 for _ in screener.screen_many(batch_queries))
    )
    names_per_cpu_s = len(batch_queries) / batch_cpu
    peak_mb = peak_rss_mb()  # before the real lists' own screener is built for comparison
    # The real lists alone are only built again when the list measured is larger.
    real_screener = screener if len(entities) == len(real) else Screener.from_entities(real)
    kept = _real_matches_kept(real_screener, screener, latency_queries, {e.id for e in real})
    return {
        "size": len(entities),
        "names": len(screener.index),
        "build_s": build_wall,
        "build_cpu_s": build_cpu,
        "index_mb": index_mb,
        "peak_rss_mb": peak_mb,
        "latency": latency,
        "batch_names": len(batch_queries),
        "batch_wall_s": batch_wall,
        "names_per_cpu_s": names_per_cpu_s,
        # Throughput per candidate: what stays constant if cost is linear in candidates.
        "candidates_per_cpu_s": names_per_cpu_s * latency["mean_candidates"],
        **kept,
    }


def measure_spark(data: Path, master: str) -> dict[str, Any]:
    """Names per second of ``SparkEngine`` on the real lists, cold (first job, every worker
    building its index) and warm (the workers reused with their index)."""
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

    from watchkeeper.batch import ColumnMap, screen_table
    from watchkeeper.engine import BatchOptions
    from watchkeeper.spark import SparkEngine, local_session

    entities = reference_entities(data)
    negatives = negative_names(data / NEGATIVES, SPARK_QUERIES)
    names = [q.query.name for q in query_set(entities, negatives, SPARK_QUERIES)]
    screener = Screener.from_entities(entities)
    table = pa.table({"name": names})
    options = BatchOptions(ColumnMap("name"))
    # The local engine on the same names in this process, for the cost of going through Spark.
    screen_table(screener, table.slice(0, 200), options.columns)
    local_cpu, local_wall, _ = _cpu_and_wall(lambda: screen_table(screener, table, options.columns))
    with local_session(master) as spark:
        engine = SparkEngine(screener, spark)
        cores = int(spark.sparkContext.defaultParallelism)
        frame = spark.createDataFrame(table.to_pandas()).repartition(SPARK_PARTITIONS).cache()
        frame.count()
        timings: list[float] = []
        for _ in range(3):
            started = time.perf_counter()
            engine.screen_dataframe(frame, options).write.format("noop").mode("overwrite").save()
            timings.append(time.perf_counter() - started)
    warm = statistics.median(timings[1:])
    return {
        "master": master,
        "cores": cores,
        "names": len(names),
        "partitions": SPARK_PARTITIONS,
        "cold_s": timings[0],
        "warm_s": warm,
        "names_per_s": len(names) / warm,
        "local_engine_s": local_wall,
        "local_engine_cpu_s": local_cpu,
        "machine_scaling": machine_scaling(2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("generate", "measure", "spark"))
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--file", type=Path, help="the generated list (a folder to generate)")
    parser.add_argument("--sizes", default="0", help="entity counts; 0 means the real lists")
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    if args.mode == "generate":
        result = generate(args.data, [int(n) for n in args.sizes.split(",")], args.file)
    elif args.mode == "measure":
        result = measure(args.data, args.file)
    else:
        result = measure_spark(args.data, args.master)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
