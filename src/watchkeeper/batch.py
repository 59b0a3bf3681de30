"""Screen a file or table of customers: one output record per input row, in input order.

A file is read, screened and written a chunk of rows at a time, so millions of rows need no
more memory than a thousand. Output keeps every row, including rows with no match, so the
result can be joined back to the input and an auditor can see that every customer was screened.

A row whose name cannot be screened (empty, too long) gets an ``error`` and no results, rather
than stopping the batch. A row whose birth date, country or kind cannot be read is still
screened, without that field, and its ``error`` says what was ignored: leaving a customer
unscreened over a typo in a secondary field would be the worse failure.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import math
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, NamedTuple

import msgspec
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

from watchkeeper.errors import WatchkeeperError
from watchkeeper.model import EntityKind
from watchkeeper.screening import Match, Query, Screener, ScreeningError

# Rows screened together: small enough for a lively progress bar, large enough that the
# per-chunk overhead (Arrow arrays, handing work to a process) is lost in the scoring time.
CHUNK_ROWS = 512
# Parquet row groups much smaller than this read slowly; chunks are gathered up to it.
ROW_GROUP_ROWS = 32768
# Customer files repeat names (joint accounts, several products per customer); remembering recent
# queries skips the scoring for repeats at the cost of a few megabytes.
CACHE_SIZE = 8192
SCHEMA_SAMPLE = 1000
PROGRAM_SEPARATOR = "; "

RESULT_SCHEMA = pa.schema(
    [
        pa.field("match_entity_id", pa.string()),
        pa.field("match_list", pa.string()),
        pa.field("match_caption", pa.string()),
        pa.field("match_score", pa.float64()),
        pa.field("match", pa.bool_()),
        pa.field("match_programs", pa.list_(pa.string())),
        pa.field("match_explanation", pa.string()),
        pa.field("match_count", pa.int32()),
        pa.field("error", pa.string()),
    ]
)
RESULT_COLUMNS: tuple[str, ...] = tuple(RESULT_SCHEMA.names)

KIND_WORDS: dict[str, EntityKind | None] = {
    "person": EntityKind.PERSON,
    "individual": EntityKind.PERSON,
    "natural person": EntityKind.PERSON,
    "organization": EntityKind.ORGANIZATION,
    "organisation": EntityKind.ORGANIZATION,
    "entity": EntityKind.ORGANIZATION,
    "legal entity": EntityKind.ORGANIZATION,
    "company": EntityKind.ORGANIZATION,
    "vessel": EntityKind.VESSEL,
    "ship": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
    "unknown": None,
}


class BatchError(WatchkeeperError):
    """An input or output file that cannot be used: unknown format, missing column, bad line."""


class BatchFormat(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"
    JSONL = "jsonl"


EXTENSIONS = {
    ".csv": BatchFormat.CSV,
    ".tsv": BatchFormat.CSV,
    ".parquet": BatchFormat.PARQUET,
    ".pq": BatchFormat.PARQUET,
    ".jsonl": BatchFormat.JSONL,
    ".ndjson": BatchFormat.JSONL,
}


def detect_format(path: Path, forced: str | None = None) -> BatchFormat:
    """The format named by ``forced``, else by the file's extension."""
    if forced:
        try:
            return BatchFormat(forced.lower())
        except ValueError:
            raise BatchError(
                f"unknown format {forced!r}: use {', '.join(f.value for f in BatchFormat)}"
            ) from None
    found = EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise BatchError(
            f"{path}: cannot tell the format from the extension {path.suffix or '(none)'!r}; "
            f"use {', '.join(EXTENSIONS)} or name the format (csv, parquet, jsonl)"
        )
    return found


def parse_kind(value: str | None) -> EntityKind | None:
    """A kind as written in customer data ("Individual", "company") as an ``EntityKind``."""
    if value is None or not value.strip():
        return None
    word = " ".join(value.lower().replace("_", " ").split())
    if word not in KIND_WORDS:
        raise ScreeningError(
            f"unknown kind {value!r} (use person, organization, vessel or aircraft)"
        )
    return KIND_WORDS[word]


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which input columns hold the query; only the name is required."""

    name: str = "name"
    birth_date: str | None = None
    country: str | None = None
    kind: str | None = None

    @property
    def used(self) -> list[str]:
        return [c for c in (self.name, self.birth_date, self.country, self.kind) if c]

    def check(self, available: Sequence[str], source: object = "input") -> None:
        """Fail with the list of available columns when a named column is not there."""
        missing = [c for c in self.used if c not in available]
        if missing:
            have = ", ".join(repr(c) for c in available) or "none"
            raise BatchError(
                f"{source}: no column {', '.join(repr(c) for c in missing)}; "
                f"the columns are: {have}"
            )


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The outcome of one input row. ``match_count`` is None when the row was not screened."""

    row: int
    input: Mapping[str, object]
    matches: tuple[Match, ...]
    match_count: int | None
    error: str | None = None

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None

    @property
    def screened(self) -> bool:
        return self.match_count is not None


@dataclass(slots=True)
class BatchSummary:
    rows: int = 0
    matched: int = 0
    failed: int = 0
    partial: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


# --- screening rows ------------------------------------------------------------------------


class _Outcome(NamedTuple):
    matches: tuple[Match, ...]
    match_count: int | None
    error: str | None


QueryValues = tuple[object, object, object, object]


def _text(value: object) -> str | None:
    """A cell as query text: dates from typed columns as ISO, 1957.0 as 1957, blanks as None."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    return str(value)


class _RowScreener:
    """Screens the query values of one row; shared by the in-process and worker paths."""

    def __init__(self, screener: Screener, limit: int, threshold: float) -> None:
        self.screener = screener
        self.limit = limit
        self.threshold = threshold
        self._cached = functools.lru_cache(maxsize=CACHE_SIZE)(self._screen)

    def _screen(self, query: Query) -> tuple[Match, ...]:
        return tuple(self.screener.screen(query, limit=self.limit, threshold=self.threshold))

    def __call__(self, values: QueryValues) -> _Outcome:
        name, birth, country = (_text(v) for v in values[:3])
        problems: list[str] = []
        try:
            kind = parse_kind(_text(values[3]))
        except ScreeningError as exc:
            problems.append(f"{exc}; screened without the kind")
            kind = None
        attempts = [(birth, country, "")]
        if birth and country:
            attempts += [
                (None, country, "birth date"),
                (birth, None, "country"),
                (None, None, "birth date and country"),
            ]
        elif birth:
            attempts.append((None, None, "birth date"))
        elif country:
            attempts.append((None, None, "country"))
        failures: list[str] = []
        for b, c, ignored in attempts:
            try:
                matches = self._cached(Query(name or "", birth_date=b, country=c, kind=kind))
            except ScreeningError as exc:
                if str(exc) not in failures:
                    failures.append(str(exc))
                continue
            if ignored:
                problems.append(f"{'; '.join(failures)}; screened without the {ignored}")
            count = sum(1 for m in matches if m.match)
            return _Outcome(matches, count, "; ".join(problems) or None)
        # Every attempt failed, so the name itself is the problem; its error is the last one.
        return _Outcome((), None, failures[-1])


_WORKER: _RowScreener | None = None


def _screen_in_worker(chunk: list[QueryValues]) -> list[_Outcome]:
    assert _WORKER is not None, "worker started without a screener"
    return [_WORKER(values) for values in chunk]


class _Engine:
    """Turns chunks of query values into outcomes in input order, counting as it goes.

    With several workers the screener is shared with forked processes (copy-on-write, no
    pickling of the index); at most two chunks per worker are in flight, so a huge input is
    never read ahead into memory.
    """

    def __init__(
        self,
        screener: Screener,
        limit: int,
        threshold: float | None,
        workers: int = 1,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        if limit < 1:
            raise BatchError("the result limit must be at least 1")
        threshold = screener.threshold if threshold is None else threshold
        self.rows = _RowScreener(screener, limit, threshold)
        self.workers = workers
        self.progress = progress
        self.summary = BatchSummary()
        if workers > 1 and "fork" not in multiprocessing.get_all_start_methods():
            raise BatchError("several workers need the 'fork' start method (Linux, macOS)")

    def run(self, chunks: Iterable[list[QueryValues]]) -> Iterator[list[_Outcome]]:
        started = time.perf_counter()
        outcomes = self._serial(chunks) if self.workers <= 1 else self._parallel(chunks)
        for chunk in outcomes:
            self._count(chunk)
            self.summary.seconds = time.perf_counter() - started
            yield chunk

    def _serial(self, chunks: Iterable[list[QueryValues]]) -> Iterator[list[_Outcome]]:
        for chunk in chunks:
            yield [self.rows(values) for values in chunk]

    def _parallel(self, chunks: Iterable[list[QueryValues]]) -> Iterator[list[_Outcome]]:
        global _WORKER
        _WORKER = self.rows
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(self.workers) as pool:
                pending: deque[Any] = deque()
                for chunk in chunks:
                    pending.append(pool.apply_async(_screen_in_worker, (chunk,)))
                    if len(pending) >= 2 * self.workers:
                        yield pending.popleft().get()
                while pending:
                    yield pending.popleft().get()
        finally:
            _WORKER = None

    def _count(self, chunk: list[_Outcome]) -> None:
        summary = self.summary
        summary.rows += len(chunk)
        for outcome in chunk:
            if outcome.match_count is None:
                summary.failed += 1
                continue
            summary.matched += outcome.match_count > 0
            summary.partial += outcome.error is not None
        if self.progress is not None:
            self.progress(len(chunk))


def _chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _values(record: Mapping[str, object], columns: ColumnMap) -> QueryValues:
    get = record.get
    return (
        get(columns.name),
        get(columns.birth_date) if columns.birth_date else None,
        get(columns.country) if columns.country else None,
        get(columns.kind) if columns.kind else None,
    )


# Called with each chunk of results before it is written, in input order and in this process
# (e.g. to apply analysts' decisions and record an audit trail); returns the results to write.
Review = Callable[[list[BatchResult]], list[BatchResult]]


def _results(
    engine: _Engine,
    records: Iterable[Mapping[str, object]],
    columns: ColumnMap,
    review: Review | None = None,
) -> Iterator[BatchResult]:
    chunks = _chunked(records, CHUNK_ROWS)
    # Records and their outcomes pair up chunk by chunk; only the chunks in flight are held.
    held: deque[list[Mapping[str, object]]] = deque()

    def query_chunks() -> Iterator[list[QueryValues]]:
        for chunk in chunks:
            held.append(chunk)
            yield [_values(record, columns) for record in chunk]

    row = 0
    for outcomes in engine.run(query_chunks()):
        chunk = [
            BatchResult(row + i, record, *outcome)
            for i, (record, outcome) in enumerate(zip(held.popleft(), outcomes, strict=True))
        ]
        row += len(chunk)
        yield from review(chunk) if review is not None else chunk


def screen_records(
    screener: Screener,
    records: Iterable[Mapping[str, object]],
    columns: ColumnMap,
    limit: int = 10,
    threshold: float | None = None,
    *,
    workers: int = 1,
    review: Review | None = None,
) -> Iterator[BatchResult]:
    """Screen records (dicts of column -> value) lazily, one result per record, in order."""
    yield from _results(_Engine(screener, limit, threshold, workers), records, columns, review)


# --- Arrow tables ----------------------------------------------------------------------------


def _result_arrays(outcomes: Sequence[_Outcome]) -> list[pa.Array]:
    best = [o.matches[0] if o.matches else None for o in outcomes]
    return [
        pa.array([m.entity_id if m else None for m in best], pa.string()),
        pa.array([m.list_id if m else None for m in best], pa.string()),
        pa.array([m.caption if m else None for m in best], pa.string()),
        pa.array([m.score if m else None for m in best], pa.float64()),
        pa.array(
            [
                None if o.match_count is None else bool(m and m.match)
                for o, m in zip(outcomes, best, strict=True)
            ],
            pa.bool_(),
        ),
        pa.array([list(m.programs) if m else None for m in best], pa.list_(pa.string())),
        pa.array([m.explanation if m else None for m in best], pa.string()),
        pa.array([o.match_count for o in outcomes], pa.int32()),
        pa.array([o.error for o in outcomes], pa.string()),
    ]


def _output_schema(schema: pa.Schema, source: object) -> pa.Schema:
    clash = [c for c in RESULT_COLUMNS if c in schema.names]
    if clash:
        raise BatchError(
            f"{source}: has columns named like the result columns ({', '.join(clash)}); "
            "rename them before screening"
        )
    for result_field in RESULT_SCHEMA:
        schema = schema.append(result_field)
    return schema


def _batch_values(batch: pa.RecordBatch, columns: ColumnMap) -> list[QueryValues]:
    def column(name: str | None) -> list[object]:
        return batch.column(name).to_pylist() if name else [None] * batch.num_rows

    return list(
        zip(
            column(columns.name),
            column(columns.birth_date),
            column(columns.country),
            column(columns.kind),
            strict=True,
        )
    )


def _screen_batches(
    engine: _Engine,
    batches: Iterable[pa.RecordBatch],
    columns: ColumnMap,
    schema: pa.Schema,
    review: Review | None = None,
) -> Iterator[pa.RecordBatch]:
    held: deque[pa.RecordBatch] = deque()

    def query_chunks() -> Iterator[list[QueryValues]]:
        for batch in batches:
            held.append(batch)
            yield _batch_values(batch, columns)

    row = 0
    for outcomes in engine.run(query_chunks()):
        batch = held.popleft()
        if review is not None:
            records = batch.to_pylist()
            reviewed = review(
                [
                    BatchResult(row + i, r, *o)
                    for i, (r, o) in enumerate(zip(records, outcomes, strict=True))
                ]
            )
            outcomes = [_Outcome(r.matches, r.match_count, r.error) for r in reviewed]
            row += len(records)
        yield pa.RecordBatch.from_arrays([*batch.columns, *_result_arrays(outcomes)], schema=schema)


def screen_batches(
    screener: Screener,
    batches: Iterable[pa.RecordBatch],
    columns: ColumnMap,
    limit: int = 10,
    threshold: float | None = None,
) -> Iterator[pa.RecordBatch]:
    """Each Arrow batch with the best match's columns (``RESULT_COLUMNS``) appended, in order.

    The unit of work an engine hands out: the local engine runs it over a file's row groups,
    the Spark engine over each partition's Arrow batches. Every batch must have the same schema.
    """
    iterator = iter(batches)
    first = next(iterator, None)
    if first is None:
        return
    columns.check(first.schema.names, "batch")
    schema = _output_schema(first.schema, "batch")
    engine = _Engine(screener, limit, threshold)
    yield from _screen_batches(engine, chain([first], iterator), columns, schema)


def screen_table(
    screener: Screener,
    table: Any,
    columns: ColumnMap,
    limit: int = 10,
    threshold: float | None = None,
    *,
    workers: int = 1,
) -> pa.Table:
    """The table with the best match's columns (``RESULT_COLUMNS``) added to every row.

    Takes a ``pyarrow.Table``, or anything ``pyarrow.Table.from_pandas`` reads (a pandas
    DataFrame), without needing pandas installed.
    """
    if not isinstance(table, pa.Table):
        if not hasattr(table, "to_numpy"):
            raise BatchError(f"cannot screen a {type(table).__name__}: give a pyarrow Table")
        table = pa.Table.from_pandas(table, preserve_index=False)
    columns.check(table.column_names, "table")
    schema = _output_schema(table.schema, "table")
    engine = _Engine(screener, limit, threshold, workers)
    batches = table.to_batches(max_chunksize=CHUNK_ROWS)
    return pa.Table.from_batches(list(_screen_batches(engine, batches, columns, schema)), schema)


# --- reading ---------------------------------------------------------------------------------


def _csv_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    delimiter = max(counts, key=lambda d: counts[d])
    return delimiter if counts[delimiter] else ","


def _open_text(path: Path) -> IO[str]:
    try:
        return path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise BatchError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def csv_delimiter(path: Path) -> str:
    """The delimiter a CSV file uses (comma, semicolon, tab or bar), from its first line."""
    with _open_text(path) as handle:
        try:
            return _csv_delimiter(handle.readline())
        except UnicodeDecodeError as exc:
            raise BatchError(f"{path}: not UTF-8 text near byte {exc.start}") from exc


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with _open_text(path) as handle:
        try:
            delimiter = _csv_delimiter(handle.readline())
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            for row in reader:
                if row:
                    yield row
        except UnicodeDecodeError as exc:
            raise BatchError(f"{path}: not UTF-8 text near byte {exc.start}") from exc
        except csv.Error as exc:
            raise BatchError(f"{path}: line {reader.line_num}: {exc}") from exc


def _read_csv(path: Path) -> Iterator[dict[str, object]]:
    rows = _csv_rows(path)
    header = [h.strip() for h in next(rows, [])]
    for row in rows:
        yield dict(zip(header, row, strict=False))


def _read_jsonl(path: Path) -> Iterator[dict[str, object]]:
    decoder = msgspec.json.Decoder()
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise BatchError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            if not line.strip():
                continue
            try:
                value = decoder.decode(line)
            except msgspec.DecodeError as exc:
                raise BatchError(f"{path}: line {number}: not valid JSON ({exc})") from exc
            if not isinstance(value, dict):
                raise BatchError(f"{path}: line {number}: not a JSON object")
            yield value


def _parquet(path: Path) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise BatchError(f"{path}: not a readable Parquet file ({exc})") from exc


def _parquet_batches(path: Path) -> Iterator[pa.RecordBatch]:
    try:
        yield from _parquet(path).iter_batches(batch_size=CHUNK_ROWS)
    except (OSError, pa.ArrowException) as exc:
        raise BatchError(f"{path}: cannot read Parquet data ({exc})") from exc


def read_records(path: Path, format: str | None = None) -> Iterator[dict[str, object]]:
    """The rows of a CSV, Parquet or JSONL file as dicts, streamed."""
    kind = detect_format(path, format)
    if kind is BatchFormat.CSV:
        return _read_csv(path)
    if kind is BatchFormat.JSONL:
        return _read_jsonl(path)
    return (record for batch in _parquet_batches(path) for record in batch.to_pylist())


def input_columns(path: Path, format: str | None = None) -> list[str]:
    """The column names of an input file (for JSONL, the keys of its first records)."""
    kind = detect_format(path, format)
    if kind is BatchFormat.CSV:
        return [h.strip() for h in next(_csv_rows(path), [])]
    if kind is BatchFormat.PARQUET:
        return list(_parquet(path).schema_arrow.names)
    keys: dict[str, None] = {}
    for record in islice(_read_jsonl(path), SCHEMA_SAMPLE):
        keys.update(dict.fromkeys(record))
    return list(keys)


def count_rows(path: Path, format: str | None = None) -> int:
    """The number of rows, exact for Parquet, estimated from line breaks for text formats."""
    kind = detect_format(path, format)
    if kind is BatchFormat.PARQUET:
        return int(_parquet(path).metadata.num_rows)
    lines = 0
    last = b"\n"
    with contextlib.suppress(OSError), path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    lines += last != b"\n"
    return max(lines - (kind is BatchFormat.CSV), 0)


# --- writing ---------------------------------------------------------------------------------


def _cell(value: object) -> str:
    """A value as CSV text: JSON for anything that is not already text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return msgspec.json.encode(value, enc_hook=str).decode()


def match_data(match: Match) -> dict[str, object]:
    """A match as JSON-ready data for batch output: every field plus its explanation."""
    data: dict[str, object] = msgspec.to_builtins(match)
    return {
        "entity_id": data.pop("entity_id"),
        "list": data.pop("list_id"),
        "caption": data.pop("caption"),
        "score": data.pop("score"),
        "match": data.pop("match"),
        "programs": data.pop("programs"),
        "matched_name": data.pop("matched_name"),
        "explanation": match.explanation,
        **data,
    }


def _result_cells(result: BatchResult) -> list[str]:
    m = result.best
    match = "" if not result.screened else "true" if m is not None and m.match else "false"
    return [
        m.entity_id if m else "",
        m.list_id if m else "",
        m.caption if m else "",
        repr(m.score) if m else "",
        match,
        PROGRAM_SEPARATOR.join(m.programs) if m else "",
        m.explanation if m else "",
        "" if result.match_count is None else str(result.match_count),
        result.error or "",
    ]


def _write_csv(handle: IO[str], results: Iterable[BatchResult], columns: Sequence[str]) -> None:
    writer = csv.writer(handle)
    writer.writerow([*columns, *RESULT_COLUMNS])
    for result in results:
        record = result.input
        writer.writerow([*(_cell(record.get(c)) for c in columns), *_result_cells(result)])


def _write_jsonl(handle: IO[bytes], results: Iterable[BatchResult]) -> None:
    encoder = msgspec.json.Encoder(enc_hook=str)
    for result in results:
        line = {
            "row": result.row,
            "input": result.input,
            "matches": [match_data(m) for m in result.matches],
            "match_count": result.match_count,
            "error": result.error,
        }
        handle.write(encoder.encode(line) + b"\n")


def _text_or_null(value: object) -> str | None:
    return None if value is None else _cell(value)


def _write_row_groups(writer: pq.ParquetWriter, batches: Iterable[pa.RecordBatch]) -> None:
    held: list[pa.RecordBatch] = []
    rows = 0
    for batch in batches:
        held.append(batch)
        rows += batch.num_rows
        if rows >= ROW_GROUP_ROWS:
            writer.write_table(pa.Table.from_batches(held))
            held, rows = [], 0
    if held:
        writer.write_table(pa.Table.from_batches(held))


def _write_parquet(path: Path, results: Iterable[BatchResult], columns: Sequence[str]) -> None:
    # Rows that did not come from Arrow have no reliable types (JSONL may give 7 in one row
    # and "7" in the next), so their columns are written as text, exactly as CSV would.
    schema = _output_schema(pa.schema([(c, pa.string()) for c in columns]), "input")

    def batches() -> Iterator[pa.RecordBatch]:
        for chunk in _chunked(results, CHUNK_ROWS):
            inputs = [
                pa.array([_text_or_null(r.input.get(c)) for r in chunk], pa.string())
                for c in columns
            ]
            outcomes = [_Outcome(r.matches, r.match_count, r.error) for r in chunk]
            yield pa.RecordBatch.from_arrays([*inputs, *_result_arrays(outcomes)], schema=schema)

    with pq.ParquetWriter(path, schema) as writer:
        _write_row_groups(writer, batches())


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """Write to a side file and move it into place only when complete."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_results(
    path: Path,
    results: Iterable[BatchResult],
    columns: Sequence[str],
    format: str | None = None,
) -> None:
    """Write one record per result: JSONL with every match, CSV/Parquet with the best one.

    ``columns`` are the input columns carried into CSV and Parquet output; JSONL keeps each
    row's whole input. The file appears only once it is complete.
    """
    kind = detect_format(path, format)
    if kind is not BatchFormat.JSONL:
        _output_schema(pa.schema([(c, pa.string()) for c in columns]), "input")
    try:
        with _replacing(path) as partial:
            if kind is BatchFormat.CSV:
                with partial.open("w", newline="", encoding="utf-8") as text:
                    _write_csv(text, results, columns)
            elif kind is BatchFormat.JSONL:
                with partial.open("wb") as binary:
                    _write_jsonl(binary, results)
            else:
                _write_parquet(partial, results, columns)
    except OSError as exc:
        raise BatchError(f"{path}: cannot write: {exc.strerror or exc}") from exc


class BatchJob:
    """A file-to-file screening run, checked on creation so that a wrong column or format
    fails in a moment, before the lists are loaded."""

    def __init__(
        self,
        source: Path,
        target: Path,
        columns: ColumnMap,
        input_format: str | None = None,
        output_format: str | None = None,
    ) -> None:
        self.source = source
        self.target = target
        self.columns = columns
        self.input_kind = detect_format(source, input_format)
        self.output_kind = detect_format(target, output_format)
        self.source_columns: list[str] = []
        self.rescreen = False
        self.check()

    def check(self) -> None:
        if self.source.resolve() == self.target.resolve():
            raise BatchError(f"{self.target}: the output would overwrite the input")
        if not self.target.resolve().parent.is_dir():
            raise BatchError(f"{self.target}: no folder {self.target.parent} to write into")
        found = input_columns(self.source, self.input_kind)
        # A previous output screened again (after a list update) has its old results replaced.
        self.rescreen = set(RESULT_COLUMNS) <= set(found)
        self.source_columns = [c for c in found if not (self.rescreen and c in RESULT_COLUMNS)]
        if self.source_columns or self.input_kind is not BatchFormat.JSONL:
            self.columns.check(self.source_columns, self.source)
        if self.output_kind is not BatchFormat.JSONL:
            _output_schema(pa.schema([(c, pa.null()) for c in self.source_columns]), self.source)

    def total_rows(self) -> int:
        return count_rows(self.source, self.input_kind)

    def run(
        self,
        screener: Screener,
        limit: int = 10,
        threshold: float | None = None,
        *,
        workers: int = 1,
        progress: Callable[[int], None] | None = None,
        review: Review | None = None,
    ) -> BatchSummary:
        engine = _Engine(screener, limit, threshold, workers, progress)
        parquet_to_parquet = self.input_kind is self.output_kind is BatchFormat.PARQUET
        if parquet_to_parquet:
            self._arrow(engine, review)
        else:
            records: Iterable[dict[str, object]] = read_records(self.source, self.input_kind)
            if self.rescreen:
                kept = self.source_columns
                records = ({c: r.get(c) for c in kept} for r in records)
            results = _results(engine, records, self.columns, review)
            write_results(self.target, results, self.source_columns, self.output_kind)
        return engine.summary

    def _arrow(self, engine: _Engine, review: Review | None = None) -> None:
        """Parquet to Parquet keeps the input's column types."""
        found = _parquet(self.source).schema_arrow
        kept = [i for i, f in enumerate(found) if not (self.rescreen and f.name in RESULT_COLUMNS)]
        schema = _output_schema(pa.schema([found.field(i) for i in kept]), self.source)
        batches = (batch.select(kept) for batch in _parquet_batches(self.source))
        try:
            with _replacing(self.target) as partial, pq.ParquetWriter(partial, schema) as writer:
                _write_row_groups(
                    writer, _screen_batches(engine, batches, self.columns, schema, review)
                )
        except OSError as exc:
            raise BatchError(f"{self.target}: cannot write: {exc.strerror or exc}") from exc


def screen_file(
    screener: Screener,
    source: Path,
    target: Path,
    columns: ColumnMap,
    limit: int = 10,
    threshold: float | None = None,
    *,
    input_format: str | None = None,
    output_format: str | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Screen every row of ``source`` into ``target``; formats from the extensions."""
    job = BatchJob(source, target, columns, input_format, output_format)
    return job.run(screener, limit, threshold, workers=workers, progress=progress)
