"""A Spark session for running a batch from the command line on one machine.

On a cluster the session comes from the platform (``spark-submit``, Databricks, EMR) and the
Python API is given its DataFrame; this module only serves ``watchkeeper batch --engine
spark``, where watchkeeper starts Spark itself and must stop it again.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[2]"
# Rows per Arrow batch handed to a Python worker: enough to hide the per-batch cost, few
# enough that a task streams rather than holding a large block of results.
ARROW_BATCH_ROWS = 2048


def build_session(master: str = DEFAULT_MASTER, app_name: str = "watchkeeper") -> SparkSession:
    """A session with the web UI off and few shuffle partitions, as a one-machine run wants."""
    from pyspark.sql import SparkSession

    # Python workers must run the interpreter that has watchkeeper installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if master.startswith("local"):
        # One machine: no need to look for a routable address (and warn about it).
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # mapInArrow checks for pandas and warns about versions it has not been tested with; it
    # never hands pandas objects to watchkeeper, which works on Arrow batches.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    session = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.python.worker.reuse", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


@contextmanager
def local_session(master: str = DEFAULT_MASTER) -> Iterator[SparkSession]:
    """A session that is stopped (and its JVM shut down) when the block ends."""
    session = build_session(master)
    try:
        yield session
    finally:
        session.stop()
