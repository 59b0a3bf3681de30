"""Run every benchmark and rewrite docs/benchmarks.md: ``python bench/run.py [--runs N]``.

First the core report (list loading, screening latency and throughput, against baselines in
the same run; ``watchkeeper bench``), then the feature benchmarks, each bounded in time and
appended as its own section: the HTTP API under load, article screening, and cost by list
size with Spark's scaling. ``--only core`` (or ``api``, ``articles``, ``scale``) runs a part.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from watchkeeper.benchmarks.report import write_report
from watchkeeper.reference import require_shared_data

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"


def _script(name: str, *args: str) -> str:
    """Run one feature benchmark in its own interpreter; its printed report."""
    done = subprocess.run(
        [sys.executable, str(BENCH / name), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"bench/{name} failed:\n{done.stderr[-4000:]}")
    return done.stdout.strip()


def api(data: Path) -> str:
    """Issue aim: over 300 single-query requests/s on 2 cores, p99 under 25 ms."""
    report = _script(
        "api_load.py", "--data", str(data), "--seconds", "10", "--workers", "2",
        "--clients", "2", "--batch", "1", "--batch", "20",
    )  # fmt: skip
    return report


def articles(data: Path) -> str:
    report = _script("article.py", "--data", str(data), "--workers", "1", "2")
    return (
        "## Article screening (`bench/article.py`)\n\n"
        "The PolNeAR dev articles and the reference article, screened against every "
        "reference list with the language model; the screener is built once.\n\n"
        f"```\n{report}\n```"
    )


def scale(data: Path) -> str:
    report = _script(
        "scale.py", "--data", str(data), "--sizes", "0,100000", "--masters", "local[1],local[2]"
    )
    return (
        "## Cost by list size, and Spark (`bench/scale.py`)\n\n"
        "The real lists alone and with a synthetic list of 100,000 entities (damaged real names "
        "and generated names in many scripts); batch on Spark `local[1]` and `local[2]`. The "
        "run up to 1,000,000 entities (`--sizes 0,100000,250000,500000,1000000`, about half "
        "an hour) and what the numbers mean are in [scaling.md](scaling.md).\n\n"
        f"{report}"
    )


FEATURES: dict[str, Callable[[Path], str]] = {"api": api, "articles": articles, "scale": scale}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="reference data folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append", choices=["core", *FEATURES])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    data = require_shared_data(args.data)
    wanted = args.only or ["core", *FEATURES]
    if "core" in wanted:
        write_report(data, args.output, args.runs, None)
    sections = [FEATURES[name](data) for name in FEATURES if name in wanted]
    if sections:
        with args.output.open("a", encoding="utf-8") as report:
            report.write("\n" + "\n\n".join(sections) + "\n")
    print(args.output.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
