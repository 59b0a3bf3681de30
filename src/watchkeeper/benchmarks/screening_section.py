"""The screening-speed section of ``docs/benchmarks.md``.

Every figure is the median over runs, each run in a fresh interpreter, and is stated next to
the aim it is held to, met or not: a benchmark that only reports good news is not one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from watchkeeper.benchmarks.measure import median, run_isolated
from watchkeeper.benchmarks.screening import CATEGORIES, WARMUP_QUERIES, WORKERS

MODULE = "watchkeeper.benchmarks.screening"

AIM_P50_MS = 1.0
AIM_P99_MS = 5.0
AIM_NAMES_PER_S = 3_000.0
AIM_BUILD_S = 10.0
AIM_INDEX_MB = 500.0


def _runs(mode: str, data: Path, runs: int) -> list[dict[str, Any]]:
    return [run_isolated(MODULE, mode, "--data", str(data)) for _ in range(max(runs, 1))]


def _median(results: list[dict[str, Any]], *path: str) -> float:
    """The median of one (nested) figure across runs."""
    values: list[float] = []
    for result in results:
        value: Any = result
        for key in path:
            value = value[key]
        values.append(float(value))
    return median(values)


def _verdict(value: float, aim: float, below: bool = True) -> str:
    met = value < aim if below else value > aim
    return "met" if met else "**not met**"


def _ms(value: float) -> str:
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def screening_section(data: Path, runs: int) -> str:
    builds = _runs("build", data, runs)
    latencies = _runs("latency", data, runs)
    batches = _runs("batch", data, runs)
    baselines = _runs("baseline", data, runs)

    def build(*path: str) -> float:
        return _median(builds, *path)

    def latency(*path: str) -> float:
        return _median(latencies, *path)

    def batch(*path: str) -> float:
        return _median(batches, *path)

    def baseline(*path: str) -> float:
        return _median(baselines, *path)

    first = latencies[0]
    counts = {c: first["by_category"].get(c, {}).get("count", 0) for c in CATEGORIES}
    build_s, index_mb = build("build_s"), build("index_mb")
    p50, p99 = latency("p50_ms"), latency("p99_ms")
    single, parallel = batch("single", "names_per_s"), batch("parallel", "names_per_s")
    ours_subset_s = latency("subset", "total_s")
    base_total_s = baseline("total_s")
    lines = [
        "## Screening speed",
        "",
        f"All {builds[0]['entities']:,} entities of the {builds[0].get('lists', '')} reference "
        f"lists in one index ({builds[0]['names']:,} distinct prepared names). Median of "
        f"{len(builds)} run(s) of each measurement, each in a fresh process "
        "(`python -m watchkeeper.benchmarks.screening build|latency|batch|baseline`).",
        "",
        f"Queries are names only (no birth date, country or kind), {first['queries']:,} of them "
        f"for latency: {counts[CATEGORIES[0]]:,} unlisted names (the first rows of the yente "
        "`negatives_us.csv` fixture, the common case), "
        f"{counts[CATEGORIES[1]]:,} listed names damaged deterministically (a typo, the last "
        "word moved first, a common romanisation variant, or a typo and reordering), and "
        f"{counts[CATEGORIES[2]]:,} names the UN list gives in their original script. Each "
        "`screen()` call is timed alone with `perf_counter_ns`, after warming up on "
        f"{WARMUP_QUERIES} other queries of the same mix. "
        f"Throughput uses a {batches[0]['queries']:,}-name set built the same way.",
        "",
        "| | measured | aim | |",
        "|---|---|---|---|",
        f"| index build | {build_s:.2f} s | < {AIM_BUILD_S:.0f} s | "
        f"{_verdict(build_s, AIM_BUILD_S)} |",
        f"| index memory (RSS after build minus before) | {index_mb:.0f} MB | "
        f"< {AIM_INDEX_MB:.0f} MB | {_verdict(index_mb, AIM_INDEX_MB)} |",
        f"| peak memory of the process (parsed lists + index) | "
        f"{build('peak_rss_mb'):.0f} MB | | |",
        f"| single query, p50 | {_ms(p50)} | < {AIM_P50_MS:.0f} ms | {_verdict(p50, AIM_P50_MS)} |",
        f"| single query, p99 | {_ms(p99)} | < {AIM_P99_MS:.0f} ms | {_verdict(p99, AIM_P99_MS)} |",
        f"| single query, p90 / max | {_ms(latency('p90_ms'))} / {_ms(latency('max_ms'))} | | |",
        f"| batch (`screen_many`), one process | {single:,.0f} names/s | "
        f"> {AIM_NAMES_PER_S:,.0f} names/s per core | "
        f"{_verdict(single, AIM_NAMES_PER_S, below=False)} |",
        f"| batch, {WORKERS} worker processes each holding a screener | "
        f"{parallel:,.0f} names/s | | scaling {batch('scaling'):.2f}x "
        f"(a pure-Python loop: {batch('machine_scaling'):.2f}x on these "
        f"{batches[0]['cpu_count']} cores) |",
        "",
        "By kind of query (latency run; candidates = listed names the index hands to scoring, "
        "`len(index.candidates(prepare(name)))`):",
        "",
        "| queries | count | p50 | p99 | mean | mean candidates |",
        "|---|---|---|---|---|---|",
    ]
    for category in CATEGORIES:
        if category not in first["by_category"]:
            continue
        lines.append(
            f"| {category} | {counts[category]:,} "
            f"| {_ms(latency('by_category', category, 'p50_ms'))} "
            f"| {_ms(latency('by_category', category, 'p99_ms'))} "
            f"| {_ms(latency('by_category', category, 'mean_ms'))} "
            f"| {latency('by_category', category, 'mean_candidates'):.1f} |"
        )
    lines += [
        f"| all | {first['queries']:,} | {_ms(p50)} | {_ms(p99)} "
        f"| {_ms(latency('mean_ms'))} | {latency('mean_candidates'):.1f} "
        f"(max {first['max_candidates']}) |",
        "",
        f"Baseline, same run and the same {baselines[0]['queries']} queries (every "
        f"{first['queries'] // baselines[0]['queries']}th of the latency set): rapidfuzz "
        "`process.extractOne(query, names, scorer=fuzz.WRatio, "
        f"processor=utils.default_process)` over all {baselines[0]['choices']:,} listed name "
        "strings, with no index. It returns one best string and no explanation, so it is the "
        "cost floor of the naive approach, not a like-for-like screener.",
        "",
        "| same queries | p50 | p99 | names/s |",
        "|---|---|---|---|",
        f"| watchkeeper `screen()` | {_ms(latency('subset', 'p50_ms'))} "
        f"| {_ms(latency('subset', 'p99_ms'))} "
        f"| {latency('subset', 'count') / ours_subset_s:,.0f} |",
        f"| baseline: `extractOne` + `WRatio` over every name | {_ms(baseline('p50_ms'))} "
        f"| {_ms(baseline('p99_ms'))} | {baseline('names_per_s'):,.0f} |",
        "",
        f"watchkeeper / baseline on the same queries: **{base_total_s / ours_subset_s:.1f}x** "
        f"faster in total, {baseline('p50_ms') / latency('subset', 'p50_ms'):.1f}x at p50.",
    ]
    return "\n".join(lines)
