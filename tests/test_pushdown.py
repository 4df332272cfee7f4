"""Push-down: ``assess`` on a data frame reduces it in the frame's engine, with the same figures.

Every engine narwhals reads is tried: a polars LazyFrame and DataFrame, pandas, pyarrow and a
DuckDB relation (and a table in a DuckDB file). Each report is compared, entry by entry and
field by field, with the report on the whole data as :class:`Observations` (the engine as it
was); the one thing that may differ is the position of an observation used, which is its
position among the rows brought back: the observation at that position is compared instead.
Dask and PySpark are checked the same way by the engines group (``tests_engines/``), which
uses the helpers and data of this module.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import resultsframe as rf
from resultsframe import DocumentError, Framework, Observations
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


def same_days(df: pl.DataFrame, seed: int) -> pl.DataFrame:
    """The synthetic rows with, for every third indicator, periods that end on one day: 2019
    and 2019-12, 2022 and 2022-12-31, each at a random place among the rows."""
    rng = random.Random(seed)
    rows = list(df.iter_rows())
    for indicator in sorted(set(df.get_column("indicator").to_list()))[::3]:
        for period in ("2019", "2019-12", "2022", "2022-12-31"):
            rows.insert(rng.randrange(len(rows) + 1), (indicator, period, rng.uniform(1, 90)))
    seen: set[tuple[str, str]] = set()
    kept = []
    for row in rows:  # one row per indicator and period: the data may have 2019-12 already
        if (row[0], row[1]) not in seen:
            seen.add((row[0], row[1]))
            kept.append(row)
    return pl.DataFrame(kept, schema=df.schema, orient="row")


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_periods_ending_on_one_day_are_taken_in_the_frames_order(
    engine: str, synth: tuple[Framework, Observations, pl.DataFrame]
) -> None:
    # Which of 2019 and 2019-12 is the value as of 2019-12-31 depends on the order of the rows
    # (the later one), so the push-down reads those indicators in the frame's order: a DuckDB
    # relation's semi join and union come back in any order (the whole reading scans in order).
    fw, _, df = synth
    clashing = same_days(df, seed=5)
    obs = Observations.from_frame(clashing, fw)
    days = ["2019-12-31", "2023-12-31"]
    frame = ENGINES[engine](clashing)
    for full, pushed in zip(
        rf.assess_over(fw, obs, days), rf.assess_over(fw, frame, days), strict=True
    ):
        assert_same(full, pushed)
    done = push_down(fw, frame, [date(2019, 12, 31)])
    assert done.whole is None
    assert done.collected < done.scanned
    # The rows of one indicator come back in the frame's order.
    first = min(clashing.get_column("indicator"))  # one of every third
    periods = clashing.filter(pl.col("indicator") == first).get_column("period").to_list()
    assert [o.period.text for o in done.observations if o.indicator == first] == periods


# --- bad data is refused as the whole reading refuses it ----------------------------------

# Two rows of the COP data that a push-down as of 2020-12-31 leaves out (neither the first
# nor the latest of their series by the start or the date): T1.a 2008 (a share given as
# numerator 94 and denominator 187) and P1.2.a 2019-10-15 (45 countries).
SHARE_ROW, COUNT_ROW = 2, 15


def corrupt(df: pl.DataFrame, row: int, **values: Any) -> pl.DataFrame:
    """The frame with the given columns of one row replaced (a column is added if missing)."""
    out = df.with_row_index("__n")
    for column, value in values.items():
        if column not in out.columns:
            out = out.with_columns(pl.lit(None, dtype=pl.String).alias(column))
        out = out.with_columns(
            pl.when(pl.col("__n") == row)
            .then(pl.lit(value))
            .otherwise(pl.col(column))
            .alias(column)
        )
    return out.drop("__n")


BAD: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {
    "unknown indicator": lambda df: corrupt(df, COUNT_ROW, indicator="P9.z"),
    "bad period": lambda df: corrupt(df, COUNT_ROW, period="2019-13"),
    "numerator over denominator": lambda df: corrupt(df, SHARE_ROW, numerator=190.0),
    "negative denominator": lambda df: corrupt(df, SHARE_ROW, denominator=-1.0),
    "infinite denominator": lambda df: corrupt(df, SHARE_ROW, denominator=float("inf")),
    "infinite value": lambda df: corrupt(df, COUNT_ROW, value=float("-inf")),
    "value and share both": lambda df: corrupt(df, SHARE_ROW, value=50.0),
    "share over 100 %": lambda df: corrupt(
        df, SHARE_ROW, numerator=None, denominator=None, value=150.0, unit="%"
    ),
    "unit that does not fit": lambda df: corrupt(df, COUNT_ROW, unit="kg"),
    "no value": lambda df: corrupt(df, COUNT_ROW, value=None),
    "text on a measured indicator": lambda df: corrupt(df, COUNT_ROW, text="many"),
    "unknown kind": lambda df: corrupt(df, COUNT_ROW, kind="forecast"),
    "bad publication date": lambda df: corrupt(df, COUNT_ROW, published="2019-02-30"),
    "a row twice": lambda df: pl.concat([df, df[COUNT_ROW]]),
    "unknown column": lambda df: df.with_columns(sorce=pl.lit("x")),
    "reporter that is no partner": lambda df: corrupt(df, COUNT_ROW, reporter="COE"),
}


def eager(engine: str, df: pl.DataFrame) -> Any:
    """The frame as the whole reading (``Observations.from_frame``) takes it on that engine."""
    return {"pandas": df.to_pandas(), "pyarrow": df.to_arrow(), "duckdb": df.to_arrow()}.get(
        engine, df
    )


def test_the_rows_corrupted_below_are_ones_the_push_down_leaves_out(
    cop: tuple[Framework, Observations, pl.DataFrame],
) -> None:
    fw, _, df = cop
    kept = push_down(fw, df.lazy(), [date(2020, 12, 31)]).observations
    periods = {(o.indicator, o.period.text) for o in kept}
    assert df.row(SHARE_ROW, named=True)["period"] == "2008"
    assert df.row(COUNT_ROW, named=True)["period"] == "2019-10-15"
    assert ("T1.a", "2008") not in periods
    assert ("P1.2.a", "2019-10-15") not in periods


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("bad", sorted(BAD))
def test_bad_data_is_refused_as_the_whole_reading_refuses_it(
    bad: str, engine: str, cop: tuple[Framework, Observations, pl.DataFrame]
) -> None:
    fw, _, df = cop
    broken = BAD[bad](df)
    with pytest.raises(DocumentError) as whole:
        Observations.from_frame(eager(engine, broken), fw)
    with pytest.raises(DocumentError) as pushed:
        rf.assess(fw, ENGINES[engine](broken), "2020-12-31")
    assert str(pushed.value) == str(whole.value)


def test_nan_in_a_polars_value_is_refused() -> None:
    # polars keeps NaN apart from null: NaN is a value no intake reads ("cannot read nan").
    fw = rf.examples.load("cop")
    df = frame_of(rf.examples.observations("cop").to_records())
    broken = corrupt(df, COUNT_ROW, value=float("nan"))
    with pytest.raises(DocumentError, match="cannot read nan") as pushed:
        rf.assess(fw, broken.lazy(), "2020-12-31")
    with pytest.raises(DocumentError) as whole:
        Observations.from_frame(broken, fw)
    assert str(pushed.value) == str(whole.value)


def test_a_frame_of_something_else_is_refused_with_what_is_expected() -> None:
    fw = rf.examples.load("cop")
    with pytest.raises(DocumentError, match="expected Observations or a data frame"):
        rf.assess(fw, [{"indicator": "T1.a"}], "2020-12-31")


def test_decimal_values_are_read_whole_and_taken_or_refused_as_there(
    cop: tuple[Framework, Observations, pl.DataFrame],
) -> None:
    # A DECIMAL column is read whole, so that what the push-down says of it is what
    # from_frame says: the same refusal, or the same figures.
    fw, _, df = cop
    decimals = df.with_columns(pl.col("value").cast(pl.Decimal(10, 2)))
    done: Any
    try:
        done = push_down(fw, decimals.lazy(), [date(2020, 12, 31)])
    except DocumentError as exc:
        done = str(exc)
    whole: Any
    try:
        whole = rf.assess(fw, Observations.from_frame(decimals, fw), "2020-12-31")
    except DocumentError as exc:
        whole = str(exc)
    if isinstance(whole, str):
        assert done == whole
    else:
        assert not isinstance(done, str)
        assert done.whole is not None
        assert "not numbers" in done.whole
        assert_same(whole, rf.assess(fw, _duckdb(decimals), "2020-12-31"))


def test_values_written_as_text_are_read_whole_with_the_same_figures(
    cop: tuple[Framework, Observations, pl.DataFrame],
) -> None:
    # A value column of texts cannot be screened in the engine: the frame is read whole.
    fw, obs, df = cop
    texts = df.with_columns(pl.col("value").cast(pl.String))
    done = push_down(fw, texts.lazy(), [date(2020, 12, 31)])
    assert done.whole is not None
    assert "not numbers" in done.whole
    assert done.collected == done.scanned == 199
    assert_same(rf.assess(fw, obs, "2020-12-31"), rf.assess(fw, texts.lazy(), "2020-12-31"))


# --- what needs more than the latest rows: vintages, projections, areas, increments … ------


@pytest.fixture(scope="module")
def features() -> tuple[Framework, list[dict[str, Any]]]:
    """A framework with one indicator of each kind the reduction must keep rows for."""
    girls = (rf.model.Dimension("sex", "female"),)
    country = rf.model.Universe("country", size=4)
    indicators = [
        rf.Indicator(
            "lvl",
            "share of countries with a law",
            measure="share",
            unit="%",
            universe=country,
            targets=(rf.Target(80, due="2020-12-31"),),
            frequency="annual",
        ),
        rf.Indicator(
            "der",
            "share of countries with a law in force",
            measure="share",
            unit="%",
            universe=country,
            derivation=rf.methods.ShareOfUnits(of=("lvl",), at_least=0.5),
            targets=(rf.Target(75, due="2020-12-31"),),
        ),
        rf.Indicator(
            "inc",
            "people trained",
            unit="person",
            accumulation="increments",
            baselines=(rf.model.Baseline(0, "2015"),),
            targets=(rf.Target(40, due="2020-12-31"),),
        ),
        rf.Indicator(
            "cum",
            "people reached",
            unit="person",
            accumulation="cumulative",
            targets=(rf.Target(100, due="2020-12-31"),),
        ),
        rf.Indicator(
            "kids",
            "children enrolled",
            unit="child",
            baselines=(rf.model.Baseline(100, "2015"),),
            targets=(
                rf.Target(120, due="2020-12-31", dimensions=girls),
                rf.Target(200, due="2020-12-31"),
            ),
        ),
        rf.Indicator(
            "reform",
            "state of the reform",
            measure="ordinal",
            stages=["drafted", "adopted", "in force"],
            targets=(rf.Target(text="in force", due="2020-12-31"),),
        ),
        rf.Indicator("said", "what partners say", measure="qualitative", unit=None),
    ]
    fw = rf.Framework(
        "features",
        "Features",
        (rf.Result("goal", "impact", "Goal", indicators=tuple(indicators)),),
        start="2016-01-01",
        end="2020-12-31",
    )
    rows: list[dict[str, Any]] = []
    for year in range(2012, 2023):
        y = str(year)
        rows.append({"indicator": "lvl", "period": y, "value": 30 + 4 * (year - 2012), "unit": "%"})
        if year in (2015, 2018, 2019):  # revised a year later
            rows.append(
                {
                    "indicator": "lvl",
                    "period": y,
                    "value": 31 + 4 * (year - 2012),
                    "unit": "%",
                    "published": f"{year + 1}-06-30",
                }
            )
        for k, area in enumerate(("AA", "BB", "CC", "DD")):
            if area == "DD" and year < 2017:
                continue  # a unit with no data before 2017: unknown until then
            rows.append(
                {"indicator": "lvl", "period": y, "area": area, "value": float(year >= 2014 + k)}
            )
        rows.append({"indicator": "inc", "period": y, "value": 5 + year % 3})
        rows.append(
            {"indicator": "cum", "period": y, "value": 10 * (year - 2011) - (year == 2017) * 15}
        )
        rows.append({"indicator": "kids", "period": y, "value": 100 + 8 * (year - 2012)})
        rows.append(
            {"indicator": "kids", "period": y, "sex": "female", "value": 40 + 5 * (year - 2012)}
        )
        # the parts fall short of the whole in 2013 only: a finding for that period
        male = 60 + 3 * (year - 2012) - (10 if year == 2013 else 0)
        rows.append({"indicator": "kids", "period": y, "sex": "male", "value": male})
        rows.append({"indicator": "kids", "period": y, "sex": "Total", "area": "AA", "value": 9})
        rows.append(
            {"indicator": "reform", "period": y, "value": float(min(3, 1 + (year - 2012) // 4))}
        )
        rows.append({"indicator": "said", "period": y, "text": f"year {y} was fine"})
    for year in (2023, 2024):  # projections: shown, never counted
        rows.append(
            {
                "indicator": "lvl",
                "period": str(year),
                "value": 90.0,
                "unit": "%",
                "kind": "projection",
            }
        )
        rows.append(
            {"indicator": "kids", "period": str(year), "value": 250.0, "kind": "projection"}
        )
    rows.append(
        {"indicator": "kids", "period": "2019", "value": 500.0, "kind": "projection", "area": "AA"}
    )
    return fw, rows


FEATURE_DATES = ["2013-12-31", "2016-06-30", "2019-12-31", "2020-12-31", "2022-12-31"]


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("vintage", [None, "2019-06-30", "2020-12-31"])
def test_every_feature_gives_the_same_entries(
    engine: str, vintage: str | None, features: tuple[Framework, list[dict[str, Any]]]
) -> None:
    fw, rows = features
    obs = Observations.from_records(rows, fw)
    frame = ENGINES[engine](frame_of(rows))
    full = rf.assess_over(fw, obs, FEATURE_DATES, vintage=vintage)
    pushed = rf.assess_over(fw, frame, FEATURE_DATES, vintage=vintage)
    for a, b in zip(full, pushed, strict=True):
        assert_same(a, b)
    # one date alone too: the rows of one date are not those of five
    assert_same(
        rf.assess(fw, obs, "2019-12-31", vintage=vintage),
        rf.assess(fw, frame, "2019-12-31", vintage=vintage),
    )


def test_the_features_are_exercised(features: tuple[Framework, list[dict[str, Any]]]) -> None:
    # What the comparison above covers, checked on the push-down's own report.
    fw, rows = features
    done = push_down(fw, frame_of(rows).lazy(), [date(2019, 12, 31)])
    assert done.whole is None
    assert done.collected < done.scanned
    report = rf.assess(fw, frame_of(rows).lazy(), "2019-12-31")
    lvl = report["lvl"]
    assert isinstance(lvl, rf.IndicatorProgress)
    # 2019: 30 + 4 × 7 = 58, revised to 59 (published 2020-06-30)
    assert lvl.value == 59.0
    assert lvl.value_used is not None
    assert len(lvl.value_used.vintages) == 2
    assert lvl.projections == (("2023", 90.0), ("2024", 90.0))
    # der: AA (from 2014), BB (2015), CC (2016), DD (2017) have the law by 2019: 4 of 4 = 100 %
    assert report["der"].value == 100.0
    # inc: the increments after the 2015 baseline 0, each 5 + year % 3:
    # 2016 5 + 2017 6 + 2018 7 + 2019 5 = 23
    assert report["inc"].value == 5 + 6 + 7 + 5
    kids = report["kids"]
    assert isinstance(kids, rf.IndicatorProgress)
    assert len(kids.findings) == 1
    assert kids.findings[0].startswith("2013")
    assert [part.id for part in kids.by_dimension] == ["kids[sex=female]"]
    # DD has no data before 2017: in 2016 der is not known (the area is kept all the same)
    early = rf.assess(fw, frame_of(rows).lazy(), "2016-06-30")
    assert early["der"].value is None


# --- SQL sources: a DuckDB file, a query ---------------------------------------------------


def test_observations_from_a_duckdb_file_and_a_sql_query(
    tmp_path: Path, cop: tuple[Framework, Observations, pl.DataFrame]
) -> None:
    fw, obs, df = cop
    path = tmp_path / "monitoring.duckdb"
    with duckdb.connect(str(path)) as con:
        # The table as a monitoring system might keep it: its own column names.
        con.register("cop", df.to_arrow())
        con.execute(
            "create table facts as select indicator as code, period as reported, value, unit, "
            "numerator, denominator, area as country, source, note, reporter from cop"
        )
    with duckdb.connect(str(path), read_only=True) as con:
        query = con.sql(
            "select code as indicator, reported as period, value, unit, numerator, "
            "denominator, country as area, source, note, reporter from facts"
        )
        assert_same(rf.assess(fw, obs, "2020-12-31"), rf.assess(fw, query, "2020-12-31"))
        # A query may choose the rows too: the figures are those of the rows it gives.
        some = con.sql(
            "select code as indicator, reported as period, value, unit, numerator, "
            "denominator, source, note, reporter from facts where code = 'T2.a'"
        )
        report = rf.assess(fw, some, "2020-12-31")
        only = Observations.from_frame(df.filter(pl.col("indicator") == "T2.a"), fw)
        assert_same(rf.assess(fw, only, "2020-12-31"), report)
        # 20.92 % in 2020, as on the whole data (README)
        value = report["T2.a"].value
        assert value is not None
        assert round(value, 2) == 20.92


def test_days_in_date_columns_are_reduced_as_their_iso_texts(
    features: tuple[Framework, list[dict[str, Any]]],
) -> None:
    # DuckDB and polars keep days as DATE: read as their ISO text, as the whole reading does.
    fw, rows = features
    days = [
        {**row, "period": f"{row['period']}-12-31"}
        for row in rows
        if row["indicator"] in ("lvl", "kids", "inc")
    ]
    texts = frame_of(days)
    typed = texts.with_columns(pl.col("period").str.to_date(), pl.col("published").str.to_date())
    assert typed.schema["period"] == pl.Date
    obs = Observations.from_records(days, fw)
    for frame in (typed.lazy(), _duckdb(typed)):
        done = push_down(fw, frame, [date(2019, 12, 31)], date(2019, 6, 30))
        assert done.whole is None
        assert done.collected < done.scanned
        for vintage in (None, "2019-06-30"):
            assert_same(
                rf.assess(fw, obs, "2019-12-31", vintage=vintage),
                rf.assess(fw, frame, "2019-12-31", vintage=vintage),
            )


# --- any corruption: refused alike, or assessed alike --------------------------------------

_TEXTS = st.sampled_from(
    [
        None,
        "",
        " ",
        "2018",
        " 2019 ",
        "2018-13",
        "2019-12",
        "FY2020",
        "x",
        "Total",
        "female",
        "%",
        "kg",
        "country",
        "percent",
        "projection",
        "estimate",
        "T1.a",
        "T2.s3",
        "P1.2.a",
        "2019-02-30",
        "2020-01-01",
    ]
)
_NUMBERS = st.sampled_from(
    [None, -1.0, 0.0, 0.5, 1.0, 3.0, 45.0, 150.0, 1e308, float("inf"), float("nan")]
)
_COLUMNS = ["indicator", "period", "value", "unit", "numerator", "denominator", "area",
            "text", "kind", "published", "sex"]  # fmt: skip


@pytest.mark.parametrize("engine", ["duckdb", "pandas", "polars-lazy"])
@settings(max_examples=40)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 198), st.sampled_from(_COLUMNS), _TEXTS, _NUMBERS),
        min_size=1,
        max_size=3,
    ),
    twice=st.none() | st.integers(0, 198),
)
def test_any_corruption_is_refused_alike_or_assessed_alike(
    engine: str, edits: list[tuple[int, str, str | None, float | None]], twice: int | None
) -> None:
    fw = rf.examples.load("cop")
    df = frame_of(rf.examples.observations("cop").to_records())
    for row, column, text, number in edits:
        numeric = column in ("value", "numerator", "denominator")
        df = corrupt(df, row, **{column: number if numeric else text})
    if twice is not None:
        df = pl.concat([df, df[twice]])
    try:
        whole: Any = rf.assess(fw, Observations.from_frame(eager(engine, df), fw), "2020-12-31")
    except DocumentError as exc:
        whole = str(exc)
    try:
        pushed: Any = rf.assess(fw, ENGINES[engine](df), "2020-12-31")
    except DocumentError as exc:
        pushed = str(exc)
    if isinstance(whole, str) or isinstance(pushed, str):
        assert pushed == whole
    else:
        assert_same(whole, pushed)


_PERIODS = ["2012", "2014", "2015", "2015-12", "2016-06", "2017", "2018", "2018-12",
            "2018-12-31", "2019-03", "2019", "2020", "2021-06-30", "2022"]  # fmt: skip


@st.composite
def _feature_row(draw: st.DrawFn) -> dict[str, Any]:
    indicator = draw(st.sampled_from(["lvl", "inc", "cum", "kids", "reform", "said", "der"]))
    row: dict[str, Any] = {"indicator": indicator, "period": draw(st.sampled_from(_PERIODS))}
    if indicator == "said":
        row["text"] = draw(st.sampled_from(["fine", "slow"]))
    elif indicator in ("lvl", "der") and draw(st.booleans()):
        row["area"] = draw(st.sampled_from(["AA", "BB", "CC", "DD"]))
        row["value"] = draw(st.sampled_from([0.0, 1.0]))
    elif indicator in ("lvl", "der"):
        row["value"], row["unit"] = draw(st.floats(0, 100)), "%"
    elif indicator == "reform":
        row["value"] = float(draw(st.integers(1, 3)))
    else:
        row["value"] = float(draw(st.integers(0, 300)))
    if indicator == "kids":
        row["sex"] = draw(st.sampled_from([None, "female", "male", "Total"]))
    row["published"] = draw(st.sampled_from([None, "2019-06-30", "2020-06-30", "2021-01-15"]))
    row["kind"] = draw(st.sampled_from([None, "estimate", "projection"]))
    return row


@settings(max_examples=30)
@given(
    rows=st.lists(_feature_row(), max_size=40),
    days=st.lists(
        st.sampled_from([*FEATURE_DATES, "2015-12-31", "2018-12-31"]), min_size=1, max_size=3
    ),
    vintage=st.sampled_from([None, "2019-12-31", "2020-12-31"]),
)
def test_any_features_data_is_assessed_alike_or_refused_alike(
    features: tuple[Framework, list[dict[str, Any]]],
    rows: list[dict[str, Any]],
    days: list[str],
    vintage: str | None,
) -> None:
    # polars keeps the order of rows, so that two periods of a series ending on one day
    # (2018 and 2018-12) are taken in the same order as from every row.
    fw, _ = features
    columns = ["indicator", "period", "value", "unit", "area", "sex", "text", "published", "kind"]
    df = pl.DataFrame(
        {c: [r.get(c) for r in rows] for c in columns},
        schema={c: pl.Float64 if c == "value" else pl.String for c in columns},
    )
    try:
        whole: Any = rf.assess_over(fw, Observations.from_frame(df, fw), days, vintage=vintage)
    except DocumentError as exc:
        whole = str(exc)
    try:
        pushed: Any = rf.assess_over(fw, df.lazy(), days, vintage=vintage)
    except DocumentError as exc:
        pushed = str(exc)
    if isinstance(whole, str) or isinstance(pushed, str):
        assert pushed == whole
    else:
        for a, b in zip(whole, pushed, strict=True):
            assert_same(a, b)
