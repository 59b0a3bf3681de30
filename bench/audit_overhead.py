"""What the audit trail costs a batch: ``python bench/audit_overhead.py [--rows N] [--runs N]``.

Loads the reference lists (``WATCHKEEPER_SHARED_DATA``) into a temporary store, writes a
customer file of N names (listed names, altered listed names and names of nobody), and times
``BatchJob.run`` without and with the audit trail (one record per row, a commit per chunk of
512 rows), and the time spent inside the audit step itself, which is steadier than the
difference of two batch times on a busy machine. Also times ``verify`` and a CSV export of the
resulting log, and re-screening those customers as a monitored set: the first run, then one
after an update that changes a few entities. Prints the numbers.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from pathlib import Path

import msgspec

from watchkeeper.audit.batch import BatchAuditor
from watchkeeper.audit.export import export
from watchkeeper.audit.log import AuditLog
from watchkeeper.audit.session import ScreeningContext
from watchkeeper.batch import BatchJob, BatchResult, ColumnMap
from watchkeeper.config import Settings
from watchkeeper.model import Name, NameType, ParsedList
from watchkeeper.monitoring import MonitoredSet, read_customers
from watchkeeper.reference import reference_lists, require_shared_data
from watchkeeper.screening import Screener
from watchkeeper.store import Store

UNLISTED = ["Margaret Thornbury", "Hans-Peter Gruber", "Emilia Kowalczyk", "Lindqvist Bakery AB"]


def customer_file(path: Path, store: Store, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    captions = [e.caption for e in store.active_entities()]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name"])
        for n in range(rows):
            pick = n % 3
            if pick == 0:
                name = rng.choice(captions)
            elif pick == 1:
                words = rng.choice(captions).split()
                rng.shuffle(words)
                name = " ".join(words)
            else:
                name = f"{rng.choice(UNLISTED)} {n}"
            writer.writerow([f"C{n:06}", name])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = require_shared_data(args.data)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        settings = Settings(home=home)
        store = Store.open(settings.database)
        lists = reference_lists(data)
        for parsed in lists:
            store.commit_version(parsed)
        source = home / "customers.csv"
        customer_file(source, store, args.rows)
        screener = Screener.from_store(store)
        columns = ColumnMap("name")
        plain: list[float] = []
        audited: list[float] = []
        in_audit: list[float] = []
        for run in range(args.runs):
            job = BatchJob(source, home / "plain.csv", columns)
            started = time.perf_counter()
            job.run(screener)
            plain.append(time.perf_counter() - started)

            log = AuditLog.open(home / f"audit-{run}.db")
            context = ScreeningContext.from_store(store, log)
            auditor = BatchAuditor(
                log, "bench", context, columns, screener.threshold, str(source), id_column="id"
            )
            job = BatchJob(source, home / "audited.csv", columns)
            spent = [0.0]

            def timed(
                chunk: list[BatchResult],
                spent: list[float] = spent,
                auditor: BatchAuditor = auditor,
            ) -> list[BatchResult]:
                started = time.perf_counter()
                try:
                    return auditor(chunk)
                finally:
                    spent[0] += time.perf_counter() - started

            started = time.perf_counter()
            job.run(screener, review=timed)
            audited.append(time.perf_counter() - started)
            in_audit.append(spent[0])
            assert auditor.records == args.rows
        started = time.perf_counter()
        result = log.verify()
        verify_seconds = time.perf_counter() - started
        started = time.perf_counter()
        export(log, home / "trail.csv")
        export_seconds = time.perf_counter() - started
        size = (home / f"audit-{args.runs - 1}.db").stat().st_size
        best_plain, best_audited = min(plain), min(audited)
        print(f"rows: {args.rows}, runs: {args.runs} (best of)")
        print(f"batch without audit: {best_plain:.2f} s ({args.rows / best_plain:,.0f} rows/s)")
        print(f"batch with audit:    {best_audited:.2f} s ({args.rows / best_audited:,.0f} rows/s)")
        overhead = best_audited - best_plain
        print(
            f"audit overhead: {overhead:.2f} s ({overhead / best_plain:.1%}, "
            f"{overhead / args.rows * 1e6:.0f} us per row)"
        )
        spent = min(in_audit)
        print(
            f"time inside the audit step (review, records, commits): {spent:.2f} s "
            f"({spent / args.rows * 1e6:.0f} us per row, {spent / best_plain:.1%} of the batch)"
        )
        print(f"verify {result.records} records: {verify_seconds:.2f} s (ok: {result.ok})")
        print(f"export CSV: {export_seconds:.2f} s; audit file: {size / 1e6:.1f} MB")
        rescreen_timings(store, log, source, lists)


def rescreen_timings(store: Store, log: AuditLog, source: Path, lists: list[ParsedList]) -> None:
    """A first (whole-list) re-screening of the customers, then one after an update that
    changes 20 entities of the UN list and adds 5."""
    monitored = MonitoredSet(log)
    customers = read_customers(source)
    monitored.add(customers, "bench", str(source))
    started = time.perf_counter()
    first = monitored.rescreen(store, "bench")
    first_seconds = time.perf_counter() - started
    un = next(p for p in lists if p.info.id == "un-sc")
    changed = [
        msgspec.structs.replace(e, names=(*e.names, Name(f"{e.caption} Jr", NameType.AKA)))
        for e in un.entities[:20]
    ]
    added = [
        msgspec.structs.replace(e, id=f"{e.id}-new", source_ref=f"{e.source_ref}-new")
        for e in un.entities[20:25]
    ]
    store.commit_version(
        msgspec.structs.replace(un, entities=(*changed, *un.entities[20:], *added))
    )
    started = time.perf_counter()
    second = monitored.rescreen(store, "bench")
    second_seconds = time.perf_counter() - started
    print(
        f"rescreen {len(customers)} customers, first run (whole lists, "
        f"{first.entities_screened} entities): {first_seconds:.2f} s, "
        f"{len(first.new_hits)} new hits"
    )
    print(
        f"rescreen after an update ({second.entities_screened} changed entities): "
        f"{second_seconds:.2f} s, {len(second.new_hits)} new hits, "
        f"{second.repeated_hits} already reported"
    )


if __name__ == "__main__":
    main()
