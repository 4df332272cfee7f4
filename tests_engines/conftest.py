"""The engines test group: the push-down on Dask and PySpark (the ``dask`` and ``spark`` extras).

Not collected by the default run (``testpaths`` is ``tests``): the README's test command needs
the ``test`` extra only. CI runs this group too, after installing the two extras::

    pip install '.[test,dask,spark]'
    python -m pytest tests_engines -n 2 --dist loadgroup

PySpark needs a Java runtime (17 or later: ``java -version``). Every Spark test runs in one
worker (``xdist_group``), which starts one local Spark session for all of them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The helpers of the default group's push-down tests (and, through them, the benchmarks').
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here is of the ``engines`` group."""
    for item in items:
        item.add_marker(pytest.mark.engines)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local Spark session, one thread, no web UI: small data, a shared machine."""
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("resultsframe-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


# The default group's data, as fixtures here too.
from test_pushdown import features, synth  # noqa: E402

__all__ = ["features", "spark", "synth"]
