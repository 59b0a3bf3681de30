"""Run every benchmark and write ``docs/benchmarks.md``.

Each figure is the median of several runs in fresh interpreters, next to a baseline measured in
the same run, because the machines this runs on are shared and noisy: ratios and medians travel,
single timings do not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from watchkeeper.benchmarks.machine import describe_machine
from watchkeeper.benchmarks.measure import median, run_isolated
from watchkeeper.benchmarks.screening_section import screening_section

Section = Callable[[Path, int], str]


def load_section(data: Path, runs: int) -> str:
    loads = [
        run_isolated("watchkeeper.benchmarks.load", "load", "--data", str(data))
        for _ in range(runs)
    ]
    bases = [
        run_isolated("watchkeeper.benchmarks.load", "baseline", "--data", str(data))
        for _ in range(runs)
    ]
    total = median([r["total_s"] for r in loads])
    base = median([r["total_s"] for r in bases])
    return "\n".join(
        [
            "## Loading every reference list into an empty store",
            "",
            f"{loads[0]['entities']:,} entities from {loads[0]['lists']} lists (all of "
            "`WATCHKEEPER_SHARED_DATA` that `watchkeeper.reference` names), parsed, validated "
            f"and written to a new SQLite store. Median of {runs} runs, each in a fresh process.",
            "",
            "| | median time | peak memory (RSS) |",
            "|---|---|---|",
            f"| parse all lists | {median([r['parse_s'] for r in loads]):.2f} s | |",
            f"| validate, diff and store | {median([r['store_s'] for r in loads]):.2f} s | |",
            f"| **total load** | **{total:.2f} s** | "
            f"{median([r['peak_rss_mb'] for r in loads]):.0f} MB |",
            f"| baseline: read the same files with lxml/csv/openpyxl, build nothing | "
            f"{base:.2f} s | {median([r['peak_rss_mb'] for r in bases]):.0f} MB |",
            "",
            f"Load / baseline: **{total / base:.1f}x**. The OFSI workbook alone is about a third "
            "of the load (openpyxl reading 18,796 rows of XLSX).",
        ]
    )


SECTIONS: dict[str, Section] = {"load": load_section, "screening": screening_section}


def write_report(data: Path, output: Path, runs: int = 3, only: list[str] | None = None) -> str:
    """Run the chosen sections (all by default) and write the report to ``output``."""
    parts = [
        "# Benchmarks",
        "",
        "Written by `watchkeeper bench` (or `python bench/run.py`); do not edit by hand.",
        "",
        describe_machine(),
    ]
    for name, section in SECTIONS.items():
        if only and name not in only:
            continue
        parts += ["", section(data, runs)]
    text = "\n".join(parts) + "\n"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, "utf-8")
    return text
