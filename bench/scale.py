"""Measure how screening scales with list size, and Spark local[1] vs local[2].

    python bench/scale.py [--data ../shared/data] [--sizes 100000,250000,1000000]

Generates the synthetic list once, then measures every size in a fresh process (so the peak
memory is that size's own), appending each result to ``--json`` as it arrives, and prints a
Markdown report at the end. Needs the dev extras (Faker, PySpark) and Java 17 for Spark.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from watchkeeper.benchmarks.machine import describe_machine
from watchkeeper.benchmarks.measure import run_isolated
from watchkeeper.benchmarks.scale import scaled_path
from watchkeeper.reference import require_shared_data

MODULE = "watchkeeper.benchmarks.scale"
DEFAULT_SIZES = "0,100000,250000"
DEFAULT_MASTERS = "local[1],local[2]"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _record(path: Path | None, result: dict[str, Any]) -> None:
    if path is not None:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(result) + "\n")


def size_table(results: list[dict[str, Any]]) -> str:
    rows = [
        "| entities | names | build (CPU) | index memory | peak RSS | p50 / p99 (CPU) "
        "| p50 / p99 (wall) | candidates mean / p99 | names/s (1 core) | candidates/s "
        "| real-list matches kept |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lat = r["latency"]
        rows.append(
            f"| {r['size']:,} | {r['names']:,} | {r['build_cpu_s']:.1f} s "
            f"| {r['index_mb']:,.0f} MB | {r['peak_rss_mb']:,.0f} MB "
            f"| {lat['cpu_p50_ms']:.2f} / {lat['cpu_p99_ms']:.2f} ms "
            f"| {lat['p50_ms']:.2f} / {lat['p99_ms']:.2f} ms "
            f"| {lat['mean_candidates']:.1f} / {lat['p99_candidates']:.0f} "
            f"| {r['names_per_cpu_s']:,.0f} | {r['candidates_per_cpu_s']:,.0f} "
            f"| {r.get('real_matches_kept', 1.0):.1%} of {r.get('real_matches', 0):,} |"
        )
    return "\n".join(rows)


def spark_table(results: list[dict[str, Any]]) -> str:
    rows = [
        "| master | names | cold (first job) | warm | names/s | local engine, same names "
        "| machine scaling (2 procs) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        rows.append(
            f"| {r['master']} | {r['names']:,} | {r['cold_s']:.1f} s | {r['warm_s']:.1f} s "
            f"| {r['names_per_s']:,.0f} | {r['local_engine_s']:.1f} s "
            f"| {r['machine_scaling']:.2f}x |"
        )
    if len(results) >= 2:
        ratio = results[-1]["names_per_s"] / results[0]["names_per_s"]
        rows.append(f"\n{results[-1]['master']} / {results[0]['master']}: **{ratio:.2f}x**")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="reference data folder")
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help="entity counts; 0 means the real lists alone"
    )
    parser.add_argument("--masters", default=DEFAULT_MASTERS, help="Spark masters; '' for none")
    parser.add_argument("--json", type=Path, default=None, help="append each result here")
    parser.add_argument("--work", type=Path, default=None, help="folder for the generated list")
    args = parser.parse_args()
    data = str(require_shared_data(args.data).resolve())
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    masters = [m for m in args.masters.split(",") if m.strip()]
    measured: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(dir=args.work) as work:
        if sizes:
            _log(f"generating {max(sizes):,} entities...")
            generated = run_isolated(
                MODULE, "generate", "--data", data, "--sizes", args.sizes, "--file", work
            )
            _record(args.json, {"mode": "generate", **generated})
            entities, names = generated["entities"], generated["names"]
            print(f"Generated list: {entities:,} entities, {names:,} names\n")
        for size in sizes:
            _log(f"measuring {size or generated['real']:,} entities...")
            scaled = scaled_path(Path(work), size)
            result = run_isolated(MODULE, "measure", "--data", data, "--file", str(scaled))
            _record(args.json, {"mode": "measure", **result})
            measured.append(result)
    spark: list[dict[str, Any]] = []
    for master in masters:
        _log(f"spark {master}...")
        result = run_isolated(MODULE, "spark", "--data", data, "--master", master)
        _record(args.json, {"mode": "spark", **result})
        spark.append(result)
    print(f"{describe_machine()}\n")
    if measured:
        print(size_table(measured))
    if spark:
        print("\n" + spark_table(spark))


if __name__ == "__main__":
    main()
