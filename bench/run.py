"""Run every benchmark and rewrite docs/benchmarks.md: ``python bench/run.py [--runs N]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from watchkeeper.benchmarks.report import SECTIONS, write_report
from watchkeeper.reference import require_shared_data

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="reference data folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append", choices=sorted(SECTIONS))
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    print(write_report(require_shared_data(args.data), args.output, args.runs, args.only))


if __name__ == "__main__":
    main()
