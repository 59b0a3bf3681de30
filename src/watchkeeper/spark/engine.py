"""Batch screening on Apache Spark: the same row-to-result work, run by ``mapInArrow``.

The driver serialises the entities once and broadcasts them; each Python worker builds its
screener once (``watchkeeper.spark.shipped``) and screens whole Arrow batches with the local
engine's code, so the matches and scores are those of ``watchkeeper batch`` without Spark.
"""

from __future__ import annotations

import functools
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from watchkeeper.batch import (
    PROGRAM_SEPARATOR,
    RESULT_COLUMNS,
    RESULT_SCHEMA,
    BatchError,
    BatchFormat,
    BatchSummary,
    csv_delimiter,
    detect_format,
)
from watchkeeper.engine import BatchOptions
from watchkeeper.screening import Screener
from watchkeeper.spark.shipped import (
    ShippedIndex,
    content_hash,
    screen_partition,
    serialise_entities,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

ROW_ID = "__watchkeeper_row"
# Spark's CSV options that read and write what Python's csv module does (RFC 4180 quoting,
# quoted line breaks inside fields).
CSV_OPTIONS = {"header": "true", "escape": '"', "multiLine": "true", "encoding": "UTF-8"}


class SparkEngine:
    """Screens DataFrames and files on a Spark session; the index is shipped once per job."""

    def __init__(self, screener: Screener, spark: SparkSession) -> None:
        self.screener = screener
        self.spark = spark
        self._shipped: ShippedIndex | None = None

    def shipped(self) -> ShippedIndex:
        """The entities broadcast to the executors, serialised on first use only."""
        if self._shipped is None:
            data = serialise_entities(self.screener.index.entities)
            broadcast = self.spark.sparkContext.broadcast(data)
            self._shipped = ShippedIndex(content_hash(data), broadcast, self.screener.threshold)
        return self._shipped

    def screen_dataframe(self, frame: DataFrame, options: BatchOptions | None = None) -> DataFrame:
        """``frame`` with the best match's columns (``RESULT_COLUMNS``) added to every row.

        Lazy, like any DataFrame transformation: nothing is screened until it is written or
        collected. Rows keep their partitions and their order within them.
        """
        from pyspark.sql.pandas.types import from_arrow_schema
        from pyspark.sql.types import StructType

        options = options or BatchOptions()
        if options.limit < 1:
            raise BatchError("the result limit must be at least 1")
        options.columns.check(frame.columns, "DataFrame")
        clash = [c for c in RESULT_COLUMNS if c in frame.columns]
        if clash:
            raise BatchError(
                f"DataFrame: has columns named like the result columns ({', '.join(clash)}); "
                "drop or rename them before screening"
            )
        schema = StructType([*frame.schema.fields, *from_arrow_schema(RESULT_SCHEMA).fields])
        screen = functools.partial(
            screen_partition,
            shipped=self.shipped(),
            columns=options.columns,
            limit=options.limit,
            threshold=options.threshold,
        )
        return frame.mapInArrow(screen, schema)

    def screen(self, source: Path, target: Path, options: BatchOptions) -> BatchSummary:
        """Screen a CSV, Parquet or JSONL file (or a folder of them, as Spark writes) into
        ``target``, a folder of Parquet or CSV part files, in input order.

        A previous output screened again (after a list update) has its old results replaced.
        """
        from py4j.protocol import Py4JJavaError
        from pyspark.errors import PySparkException

        input_kind = detect_format(source, options.input_format)
        output_kind = output_format(target, options.output_format)
        if source.resolve() == target.resolve():
            raise BatchError(f"{target}: the output would overwrite the input")
        if not target.resolve().parent.is_dir():
            raise BatchError(f"{target}: no folder {target.parent} to write into")
        started = time.perf_counter()
        try:
            frame = self._read(source, input_kind)
            options.columns.check(frame.columns, source)
            screened = self.screen_dataframe(_spread(frame, self._parallelism()), options)
            _replace_output(target, lambda partial: _write(screened, partial, output_kind))
            summary = _summarise(self._read_output(target, output_kind))
        except (PySparkException, Py4JJavaError) as exc:
            raise BatchError(
                f"{source}: Spark could not run the batch: {_first_line(exc)}"
            ) from exc
        summary.seconds = time.perf_counter() - started
        return summary

    def _parallelism(self) -> int:
        return int(self.spark.sparkContext.defaultParallelism)

    def _read(self, source: Path, kind: BatchFormat) -> DataFrame:
        path = str(source.resolve())
        reader = self.spark.read
        if kind is BatchFormat.CSV:
            sep = csv_delimiter(source) if source.is_file() else ","
            frame = reader.options(**CSV_OPTIONS, sep=sep).csv(path)
            # Header cells as Python's reader gives them: no byte-order mark, no padding.
            frame = frame.toDF(*[c.lstrip("\ufeff").strip() for c in frame.columns])
        elif kind is BatchFormat.JSONL:
            frame = reader.option("mode", "FAILFAST").json(path)
        else:
            frame = reader.parquet(path)
        if set(RESULT_COLUMNS) <= set(frame.columns):
            frame = frame.drop(*RESULT_COLUMNS)
        return frame

    def _read_output(self, target: Path, kind: BatchFormat) -> DataFrame:
        if kind is BatchFormat.CSV:
            return self.spark.read.options(**CSV_OPTIONS).csv(str(target.resolve()))
        return self.spark.read.parquet(str(target.resolve()))


def output_format(target: Path, forced: str | None = None) -> BatchFormat:
    """The output format, if the Spark engine writes it (CSV or Parquet)."""
    kind = detect_format(target, forced)
    if kind is BatchFormat.JSONL:
        raise BatchError(
            f"{target}: the spark engine writes csv or parquet (JSONL output with every "
            "match is written by the local engine)"
        )
    return kind


def _spread(frame: DataFrame, parallelism: int) -> DataFrame:
    """A small input read as one partition is split across the cores, keeping row order.

    Ranges of a row number, each sorted within its partition: the output part files, read in
    name order, are the input rows in order.
    """
    from pyspark.sql import functions as F

    if frame.rdd.getNumPartitions() >= parallelism:
        return frame
    numbered = frame.withColumn(ROW_ID, F.monotonically_increasing_id())
    spread = numbered.repartitionByRange(parallelism, ROW_ID).sortWithinPartitions(ROW_ID)
    return spread.drop(ROW_ID)


def _write(frame: DataFrame, path: Path, kind: BatchFormat) -> None:
    if kind is BatchFormat.PARQUET:
        frame.write.mode("overwrite").parquet(str(path))
        return
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, MapType, StructType

    # CSV cells are text: programs joined as the local engine joins them, nested input values
    # as JSON.
    cells = []
    for field in frame.schema.fields:
        column = F.col(f"`{field.name}`")
        if field.name == "match_programs":
            column = F.concat_ws(PROGRAM_SEPARATOR, column)
        elif isinstance(field.dataType, ArrayType | MapType | StructType):
            column = F.to_json(column)
        cells.append(column.alias(field.name))
    # Empty text unquoted, as Python's csv writer leaves it.
    options = {k: v for k, v in CSV_OPTIONS.items() if k != "multiLine"} | {"emptyValue": ""}
    frame.select(*cells).write.mode("overwrite").options(**options).csv(str(path))


def _replace_output(target: Path, write: Callable[[Path], None]) -> None:
    """Write beside ``target`` and move the result into place only once it is complete.

    A previous output is replaced only if it is a file or a folder Spark wrote (``_SUCCESS``),
    never any other folder.
    """
    if target.is_dir() and not (target / "_SUCCESS").exists():
        raise BatchError(f"{target}: is a folder that is not a previous batch output")
    partial = target.with_name(f".{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        write(partial)
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
        partial.rename(target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _summarise(output: DataFrame) -> BatchSummary:
    """Counts read back from the written output: one cheap pass, no second screening."""
    from pyspark.sql import functions as F

    count = F.col("match_count").cast("int")
    error = F.col("error")
    totals = output.select(
        F.count(F.lit(1)).alias("rows"),
        F.sum((count > 0).cast("int")).alias("matched"),
        F.sum(count.isNull().cast("int")).alias("failed"),
        F.sum((count.isNotNull() & error.isNotNull() & (error != "")).cast("int")).alias("partial"),
    ).first()
    assert totals is not None
    return BatchSummary(
        rows=int(totals["rows"]),
        matched=int(totals["matched"] or 0),
        failed=int(totals["failed"] or 0),
        partial=int(totals["partial"] or 0),
    )


def _first_line(exc: Exception) -> str:
    """The first line of Spark's own message, without the Java stack or the Py4J wrapper."""
    java = getattr(exc, "java_exception", None)
    text = str(java.getMessage() if java is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
