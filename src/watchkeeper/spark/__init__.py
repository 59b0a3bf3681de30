"""Batch screening on Apache Spark (``pip install 'watchkeeper[spark]'``).

``screen_dataframe(frame, screener)`` adds the best match's columns to a Spark DataFrame;
``SparkEngine`` also screens files, as ``watchkeeper batch --engine spark`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchkeeper.batch import ColumnMap
from watchkeeper.engine import BatchOptions
from watchkeeper.screening import Screener
from watchkeeper.spark.engine import SparkEngine
from watchkeeper.spark.session import build_session, local_session

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["SparkEngine", "build_session", "local_session", "screen_dataframe"]


def screen_dataframe(
    frame: DataFrame,
    screener: Screener,
    columns: ColumnMap | None = None,
    limit: int = 10,
    threshold: float | None = None,
) -> DataFrame:
    """``frame`` with the best match's columns added to every row, screened by the executors.

    The same columns as ``watchkeeper.batch.screen_table`` (``RESULT_COLUMNS``); lazy until
    the result is written or collected.
    """
    engine = SparkEngine(screener, frame.sparkSession)
    options = BatchOptions(columns or ColumnMap(), limit, threshold)
    return engine.screen_dataframe(frame, options)
