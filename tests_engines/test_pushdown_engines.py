"""Push-down on Dask and PySpark: the same figures as from every row, bad data refused alike.

The checks of ``tests/test_pushdown.py`` (whose helpers are used here), on a Dask DataFrame
(three partitions) and a PySpark DataFrame (a local session): every entry of every report is
compared, field by field, with the report on the whole data read as :class:`Observations`, on
the COP example, the benchmarks' synthetic framework and a framework with one indicator of each
kind the reduction keeps rows for; and data the whole reading refuses is refused with its
message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import polars as pl
import pytest

import resultsframe as rf
from resultsframe import DocumentError, Framework, Observations
from resultsframe.progress.pushdown import push_down
from test_pushdown import (
    BAD,
    COP_DATES,
    FEATURE_DATES,
    assert_same,
    corrupt,
    frame_of,
    same_days,
)

# narwhals warns that its Dask support moves to a package of its own (narwhals-dask) in a
# future release; PySpark that it does not fully support pandas 3 yet (it is given Arrow here).
pytestmark = [
    pytest.mark.filterwarnings("ignore:Dask support is moving out of Narwhals:FutureWarning"),
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]

Engine = Callable[[pl.DataFrame], Any]


def _dask(df: pl.DataFrame) -> Any:
    import dask.dataframe as dd

    return dd.from_pandas(df.to_pandas(), npartitions=3)


@pytest.fixture(
    params=["dask", pytest.param("spark", marks=pytest.mark.xdist_group("spark"))],
    scope="module",
)
def engine(request: pytest.FixtureRequest) -> tuple[str, Engine]:
    """The engine's name, and how a polars frame becomes one of its frames."""
    if request.param == "dask":
        return "dask", _dask
    session = request.getfixturevalue("spark")
    return "spark", lambda df: session.createDataFrame(df.to_arrow())


def whole_frame(name: str, df: pl.DataFrame) -> Any:
    """The frame as the push-down reads it whole on that engine (collected)."""
    return df.to_pandas() if name == "dask" else df.to_arrow()


# --- the COP example ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def cop() -> tuple[Framework, Observations, pl.DataFrame]:
    fw = rf.examples.load("cop")
    obs = rf.examples.observations("cop")
    return fw, obs, frame_of(obs.to_records())


def test_cop_every_entry_is_the_same(
    engine: tuple[str, Engine], cop: tuple[Framework, Observations, pl.DataFrame]
) -> None:
    fw, obs, df = cop
    frame = engine[1](df)
    for a, b in zip(
        rf.assess_over(fw, obs, COP_DATES), rf.assess_over(fw, frame, COP_DATES), strict=True
    ):
        assert_same(a, b)
    assert_same(rf.assess(fw, obs, "2020-12-31"), rf.assess(fw, frame, "2020-12-31"))
    # README: Target 1 achieved at 91.84 %, Target 2 at 20.92 % (it went backwards)
    report = rf.assess(fw, frame, "2020-12-31")
    assert report["T1.a"].status is rf.Status.ACHIEVED
    assert [round(report[i].value or 0.0, 2) for i in ("T1.a", "T2.a")] == [91.84, 20.92]


def test_cop_fewer_rows_come_back(
    engine: tuple[str, Engine], cop: tuple[Framework, Observations, pl.DataFrame]
) -> None:
    fw, _, df = cop
    done = push_down(fw, engine[1](df), [date(2020, 12, 31)])
    assert done.whole is None
    # every row of the example's data is scanned; the same rows come back as from polars
    assert done.scanned == 199
    assert done.collected == push_down(fw, df.lazy(), [date(2020, 12, 31)]).collected < 199


# --- the synthetic framework of the benchmarks ---------------------------------------------


def test_synthetic_every_entry_is_the_same(
    engine: tuple[str, Engine], synth: tuple[Framework, Observations, pl.DataFrame]
) -> None:
    fw, obs, df = synth
    days = ["2015-12-31", "2019-06-30", "2022-12-31"]
    frame = engine[1](df)
    for a, b in zip(rf.assess_over(fw, obs, days), rf.assess_over(fw, frame, days), strict=True):
        assert_same(a, b)
    done = push_down(fw, frame, [date(2022, 12, 31)])
    assert done.whole is None
    assert done.scanned == 12_000
    # at most three rows per observed indicator (see tests/test_pushdown.py)
    assert done.collected <= 3 * df.get_column("indicator").n_unique()


def test_periods_ending_on_one_day_are_taken_in_the_frames_order(
    engine: tuple[str, Engine], synth: tuple[Framework, Observations, pl.DataFrame]
) -> None:
    # Dask's merge and Spark's join come back in another order than the frame's: without
    # reading those indicators in the frame's order, 2019 or 2019-12 would be taken at random.
    fw, _, df = synth
    clashing = same_days(df, seed=5)
    obs = Observations.from_frame(clashing, fw)
    days = ["2019-12-31", "2023-12-31"]
    frame = engine[1](clashing)
    for a, b in zip(rf.assess_over(fw, obs, days), rf.assess_over(fw, frame, days), strict=True):
        assert_same(a, b)


# --- every kind of indicator: vintages, projections, areas, increments, parts … -----------


@pytest.mark.parametrize("vintage", [None, "2019-06-30"])
def test_every_feature_gives_the_same_entries(
    engine: tuple[str, Engine],
    vintage: str | None,
    features: tuple[Framework, list[dict[str, Any]]],
) -> None:
    fw, rows = features
    obs = Observations.from_records(rows, fw)
    frame = engine[1](frame_of(rows))
    full = rf.assess_over(fw, obs, FEATURE_DATES, vintage=vintage)
    pushed = rf.assess_over(fw, frame, FEATURE_DATES, vintage=vintage)
    for a, b in zip(full, pushed, strict=True):
        assert_same(a, b)


# --- bad data is refused as the whole reading refuses it ----------------------------------


@pytest.mark.parametrize("bad", sorted(BAD))
def test_bad_data_is_refused_as_the_whole_reading_refuses_it(
    bad: str, engine: tuple[str, Engine], cop: tuple[Framework, Observations, pl.DataFrame]
) -> None:
    fw, _, df = cop
    broken = BAD[bad](df)
    with pytest.raises(DocumentError) as whole:
        Observations.from_frame(whole_frame(engine[0], broken), fw)
    with pytest.raises(DocumentError) as pushed:
        rf.assess(fw, engine[1](broken), "2020-12-31")
    assert str(pushed.value) == str(whole.value)


def test_a_bad_row_left_out_is_still_refused_naming_its_row(
    engine: tuple[str, Engine], cop: tuple[Framework, Observations, pl.DataFrame]
) -> None:
    # P1.2.a 2019-10-15 is row 15 (from 0): a push-down as of 2020-12-31 leaves it out.
    fw, _, df = cop
    broken = corrupt(df, 15, unit="kg")
    with pytest.raises(
        DocumentError, match=r"^data frame: \[15\]\.unit: unit .kilogram. does not fit"
    ):
        rf.assess(fw, engine[1](broken), "2020-12-31")
