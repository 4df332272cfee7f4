"""Push-down: ``assess`` on a data frame reduces it in the frame's engine, with the same figures.

Every engine narwhals reads is tried: a polars LazyFrame and DataFrame, pandas, pyarrow and a
DuckDB relation (and a table in a DuckDB file). Each report is compared, entry by entry and
field by field, with the report on the whole data as :class:`Observations` (the engine as it
was); the one thing that may differ is the position of an observation used, which is its
position among the rows brought back: the observation at that position is compared instead.
Dask and PySpark are a later step (issue 12).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import duckdb
import polars as pl
import pytest

import resultsframe as rf
from resultsframe import Framework, Observations
from resultsframe.progress.pushdown import push_down
from resultsframe.progress.report import ObservationUsed

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_progress import build_framework, synthetic

Engine = Callable[[pl.DataFrame], Any]


def _duckdb(df: pl.DataFrame) -> Any:
    return duckdb.connect().from_arrow(df.to_arrow())


ENGINES: dict[str, Engine] = {
    "polars-lazy": lambda df: df.lazy(),
    "polars": lambda df: df,
    "pandas": lambda df: df.to_pandas(),
    "pyarrow": lambda df: df.to_arrow(),
    "duckdb": _duckdb,
}


def frame_of(records: list[dict[str, Any]]) -> pl.DataFrame:
    """The records as a frame with every column any of them has (null where one lacks it)."""
    return pl.from_dicts(records, infer_schema_length=None)


def plain(value: Any, obs: Observations) -> Any:
    """An entry as plain data, each observation used as the observation itself (not its row)."""
    if isinstance(value, ObservationUsed):
        fields = {f.name: plain(getattr(value, f.name), obs) for f in attrs.fields(ObservationUsed)}
        fields["row"] = obs[value.row]
        return fields
    if attrs.has(type(value)):
        return (
            type(value).__name__,
            {f.name: plain(getattr(value, f.name), obs) for f in attrs.fields(type(value))},
        )
    if isinstance(value, (tuple, list)):
        return tuple(plain(v, obs) for v in value)
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return value


def entries(report: rf.ProgressReport) -> dict[str, Any]:
    return {key: plain(report[key], report.observations) for key in report}


def assert_same(full: rf.ProgressReport, pushed: rf.ProgressReport) -> None:
    expected, actual = entries(full), entries(pushed)
    assert expected.keys() == actual.keys()
    for key in expected:
        assert actual[key] == expected[key], key


# --- the COP example ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def cop() -> tuple[Framework, Observations, pl.DataFrame]:
    fw = rf.examples.load("cop")
    obs = rf.examples.observations("cop")
    return fw, obs, frame_of(obs.to_records())


COP_DATES = ["2014-12-31", "2016-12-31", "2018-06-30", "2020-12-31", "2023-12-31"]


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_cop_every_entry_is_the_same_on_every_engine(
    engine: str, cop: tuple[Framework, Observations, pl.DataFrame]
) -> None:
    fw, obs, df = cop
    for day in COP_DATES:
        assert_same(rf.assess(fw, obs, day), rf.assess(fw, ENGINES[engine](df), day))


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_cop_over_several_dates_is_the_same(
    engine: str, cop: tuple[Framework, Observations, pl.DataFrame]
) -> None:
    fw, obs, df = cop
    full = rf.assess_over(fw, obs, COP_DATES)
    pushed = rf.assess_over(fw, ENGINES[engine](df), COP_DATES)
    for a, b in zip(full, pushed, strict=True):
        assert_same(a, b)


def test_cop_fewer_rows_come_back(cop: tuple[Framework, Observations, pl.DataFrame]) -> None:
    fw, _, df = cop
    done = push_down(fw, df.lazy(), [date(2020, 12, 31)])
    assert done.whole is None
    assert done.scanned == 199  # every row of the example's data
    assert done.collected < done.scanned


# --- a synthetic framework (the benchmark's) ----------------------------------------------


@pytest.fixture(scope="module")
def synth() -> tuple[Framework, Observations, pl.DataFrame]:
    spec = synthetic(400, 12_000, seed=12)
    fw = build_framework(spec)
    df = pl.DataFrame(
        {
            "indicator": [r[0] for r in spec.rows],
            "period": [r[1] for r in spec.rows],
            "value": [r[2] for r in spec.rows],
        }
    )
    return fw, Observations.from_frame(df, fw), df


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_synthetic_every_entry_is_the_same_on_every_engine(
    engine: str, synth: tuple[Framework, Observations, pl.DataFrame]
) -> None:
    fw, obs, df = synth
    days = ["2015-12-31", "2019-06-30", "2022-12-31"]
    for full, pushed in zip(
        rf.assess_over(fw, obs, days), rf.assess_over(fw, ENGINES[engine](df), days), strict=True
    ):
        assert_same(full, pushed)


def test_synthetic_only_the_latest_rows_come_back(
    synth: tuple[Framework, Observations, pl.DataFrame],
) -> None:
    fw, _, df = synth
    done = push_down(fw, df.lazy(), [date(2022, 12, 31)])
    assert done.whole is None
    assert done.scanned == 12_000
    # At most three rows per observed indicator: the latest by 2022-12-31, the latest by the
    # framework's start, and the first (months, so no two periods of one series end together).
    indicators = df.get_column("indicator").n_unique()
    assert done.collected <= 3 * indicators
