"""One local Spark session for every Spark test: starting a JVM takes seconds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("pyspark")

from pyspark.sql import SparkSession

from watchkeeper.spark import local_session


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    with local_session("local[2]") as session:
        yield session
