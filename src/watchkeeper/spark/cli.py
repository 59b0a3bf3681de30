"""``watchkeeper batch --engine spark``: start Spark, screen the file, stop Spark."""

from __future__ import annotations

import importlib.util

from rich.console import Console

from watchkeeper.batch import BatchJob, BatchSummary
from watchkeeper.engine import BatchOptions
from watchkeeper.errors import WatchkeeperError
from watchkeeper.screening import Screener


def run_on_spark(
    screener: Screener, job: BatchJob, options: BatchOptions, master: str, status: Console
) -> BatchSummary:
    """Run ``job`` on a Spark session of ``master``, stopped again however the run ends."""
    if importlib.util.find_spec("pyspark") is None:
        raise WatchkeeperError("the spark engine needs PySpark: pip install 'watchkeeper[spark]'")
    from pyspark.errors import PySparkException
    from pyspark.sql import SparkSession

    from watchkeeper.spark import SparkEngine, build_session

    # Inside a running Spark application (a notebook, spark-submit) its session is used and
    # left running; otherwise watchkeeper starts one and stops it again.
    running = SparkSession.getActiveSession()
    with status.status(f"Screening on Spark ({master})..."):
        try:
            spark = running or build_session(master)
        except PySparkException as exc:
            raise WatchkeeperError(
                f"Spark did not start ({exc}); it needs Java 17 or later on PATH or in JAVA_HOME"
            ) from None
        try:
            return SparkEngine(screener, spark).screen(job.source, job.target, options)
        finally:
            if running is None:
                spark.stop()
