"""Loading every reference list into an empty store: time and peak memory.

Baseline, in the same run: reading the same files with the bare format libraries (lxml, csv,
openpyxl) and building nothing — the cost floor of the formats themselves. The ratio says what
our model, validation and store add on top.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from watchkeeper.benchmarks.measure import peak_rss_mb
from watchkeeper.config import Settings
from watchkeeper.reference import OFAC_SDN, OFAC_SDN_AUX, REFERENCE_PATHS, reference_lists
from watchkeeper.store import Store
from watchkeeper.update import store_parsed


def load_once(data: Path) -> dict[str, float]:
    """Parse, validate and store every reference list into a new store."""
    started = time.perf_counter()
    lists = reference_lists(data)
    parsed = time.perf_counter()
    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home))
        with Store.open(settings.database) as store:
            for parsed_list in lists:
                store_parsed(store, parsed_list, settings)
            entities = store.entity_count()
        stored = time.perf_counter()
    return {
        "entities": entities,
        "lists": len(lists),
        "parse_s": parsed - started,
        "store_s": stored - parsed,
        "total_s": stored - started,
        "peak_rss_mb": peak_rss_mb(),
    }


def _files(data: Path) -> list[Path]:
    paths = [data / OFAC_SDN, *(data / OFAC_SDN_AUX).glob("*.csv")]
    for relative in REFERENCE_PATHS:
        path = data / relative
        paths.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return paths


def baseline_once(data: Path) -> dict[str, float]:
    """Read every file with the plain format library, building nothing."""
    from lxml import etree
    from openpyxl import load_workbook

    started = time.perf_counter()
    cells = 0
    for path in _files(data):
        if path.suffix.lower() == ".xml":
            cells += sum(1 for _ in etree.fromstring(path.read_bytes()).iter())
        elif path.suffix.lower() == ".xlsx":
            book = load_workbook(path, read_only=True)
            cells += sum(len(row) for row in book.worksheets[0].iter_rows(values_only=True))
            book.close()
        elif path.suffix.lower() == ".csv":
            text = path.read_bytes().decode("utf-8", "replace")
            cells += sum(len(row) for row in csv.reader(io.StringIO(text)))
        elif path.name.endswith(".json"):
            cells += sum(1 for line in path.read_text("utf-8").splitlines() if line)
    return {"cells": cells, "total_s": time.perf_counter() - started, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["load", "baseline"])
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    result = load_once(args.data) if args.mode == "load" else baseline_once(args.data)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
