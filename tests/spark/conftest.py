"""One local Spark session for every Spark test: starting a JVM takes seconds."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java 17+ on PATH or in JAVA_HOME")
    from watchkeeper.spark import local_session

    with local_session("local[2]") as session:
        yield session
