"""Observations held as columns and checked column by column give what row-by-row checks gave.

Intake factorises each column and checks each distinct value once (numbers with numpy); only
when a row is bad are rows checked one by one, for the messages. These tests compare it with
the row-by-row check (the reference: every row through ``Intake.add``, in order) on rows drawn
by Hypothesis from good and bad cells of every column: the same observations, or the same
problems at the same places, from records, CSV text (pyarrow and the standard library) and
polars, pandas and pyarrow frames.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs in the lint extra
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import resultsframe
from resultsframe import DocumentError, Framework, Observations
from resultsframe.observations import batch, readers
from resultsframe.observations.columnar import Columns

COP = resultsframe.examples.load("cop")

CELLS: dict[str, list[Any]] = {
    "indicator": ["T1.a", "T1.s1", "P1.2.a", "T5.f", "impact.a", "T1.a", "NOPE", "", None],
    "period": ["2019", "2020", "2019-06", " 2019 ", "2019-13", "", None, "2018-12-06", "x"],
    "value": [
        None,
        "",
        3,
        3.5,
        "3",
        " 4 ",
        "yes",
        "No",
        "abc",
        "nan",
        "inf",
        150,
        "150",
        -1,
        "1_000",
        "0.5",
        48,
        "1e2",
        True,
        float("nan"),
    ],
    "unit": [
        None,
        "",
        "percent",
        "%",
        "country",
        "case",
        "cases",
        "furlong",
        "dimensionless",
        "child",
        "countries",
    ],
    "numerator": [None, None, "", 3, "3", 0, -1, "x", 200, 143],
    "denominator": [None, None, "", 9, "9", 0, 196, "y", 196],
    "area": [None, None, "", "FR", " FR", "US"],
    "sex": [None, None, "", "female", "Total", " male "],
    "published": [None, None, "", "2020-01-01", "2020-13-01", "2021-02-03"],
    "kind": [None, None, "", "actual", "Projection", "estimate", "bogus"],
    "text": [None, None, None, "", "some text"],
    "source": [None, "a survey", " "],
    "note": [None, "n"],
}
STRING_ONLY = {"value", "numerator", "denominator"}


def record() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({k: st.sampled_from(v) for k, v in CELLS.items()})


@contextmanager
def row_by_row() -> Iterator[None]:
    """Every row checked alone by ``Intake.add``, as before columns: the reference."""
    original = getattr(readers, "check")  # noqa: B009  # the function, to put back

    def everything_bad(columns: Any, n: int, framework: Framework) -> batch.Checked:
        if n == 0:  # no row (a CSV of blank lines): nothing to check alone
            return original(columns, n, framework)  # type: ignore[no-any-return]
        return batch.Checked(None, np.ones(n, dtype=bool), np.full(n, -1, dtype=np.intp))

    setattr(readers, "check", everything_bad)  # noqa: B010
    try:
        yield
    finally:
        setattr(readers, "check", original)  # noqa: B010


def outcome(read: Callable[[], Observations]) -> tuple[str, Any]:
    try:
        obs = read()
    except DocumentError as exc:
        return "refused", [str(p) for p in exc.problems]
    return "read", (list(obs), obs.to_records())


@contextmanager
def no_second_look() -> Iterator[None]:
    """Fail if a row the columns found bad turns out fine alone (then all are read again)."""
    original = getattr(readers, "_one_by_one")  # noqa: B009

    def refused(*args: Any) -> None:
        raise AssertionError("a row found bad by its columns reads fine alone")

    setattr(readers, "_one_by_one", refused)  # noqa: B010
    try:
        yield
    finally:
        setattr(readers, "_one_by_one", original)  # noqa: B010


def same_as_row_by_row(read: Callable[[], Observations]) -> tuple[str, Any]:
    with no_second_look():
        found = outcome(read)
    with row_by_row():
        expected = outcome(read)
    assert found == expected
    return found


def plain(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if v is not None} for r in records]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record(), min_size=1, max_size=8))
def test_records_read_as_row_by_row(records: list[dict[str, Any]]) -> None:
    same_as_row_by_row(lambda: Observations.from_records(plain(records), COP))


def csv_text(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(CELLS))
    for r in records:
        writer.writerow(["" if r[k] is None else r[k] for k in CELLS])
    return out.getvalue()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record(), min_size=1, max_size=8))
def test_csv_reads_as_row_by_row(records: list[dict[str, Any]]) -> None:
    text = csv_text(records)
    same_as_row_by_row(lambda: Observations.from_csv(io.StringIO(text), COP))


def texts(records: list[dict[str, Any]]) -> dict[str, list[str | None]]:
    return {k: [None if r[k] is None else str(r[k]) for r in records] for k in CELLS}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record(), min_size=1, max_size=8))
def test_frames_of_texts_read_as_row_by_row(records: list[dict[str, Any]]) -> None:
    data = texts(records)

    def reader(frame: Any) -> Callable[[], Observations]:
        return lambda: Observations.from_frame(frame, COP)

    found = {
        name: same_as_row_by_row(reader(frame))
        for name, frame in [
            ("polars", pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))),
            ("pandas", pd.DataFrame(data, dtype=object)),
            ("pyarrow", pa.table({k: pa.array(v, pa.string()) for k, v in data.items()})),
        ]
    }
    assert found["polars"] == found["pandas"] == found["pyarrow"]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "indicator": st.sampled_from(["T1.s1", "P1.2.a", "T1.a", "X"]),
                "period": st.sampled_from(["2019", "2020", "2021"]),
                "value": st.one_of(
                    st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 500)
                ),
                "area": st.sampled_from([None, "FR"]),
            }
        ),
        min_size=1,
        max_size=8,
    )
)
@example(  # a value that overflows when converted to its indicator's unit (found by Hypothesis)
    [
        {"indicator": i, "period": "2019", "value": 1e307, "area": a}
        for i in ("T1.s1", "P1.2.a", "T1.a")
        for a in (None, "FR")
    ]
)
def test_frames_of_numbers_read_as_row_by_row(records: list[dict[str, Any]]) -> None:
    data = {k: [r[k] for r in records] for k in records[0]}
    data["value"] = [None if v is None else float(v) for v in data["value"]]
    for frame in (
        pl.DataFrame(data, schema={**dict.fromkeys(data, pl.String), "value": pl.Float64}),
        pa.table(data),
    ):
        same_as_row_by_row(lambda: Observations.from_frame(frame, COP))  # noqa: B023


# --- the columns themselves ------------------------------------------------------------------


def test_rows_are_columns_of_codes_and_numbers() -> None:
    obs = Observations.from_records(
        [
            {"indicator": "P1.2.a", "period": "2019", "value": 45, "area": "FR"},
            {"indicator": "P1.2.a", "period": "2020", "value": 47},
            {"indicator": "T1.a", "period": "2020", "numerator": 143, "denominator": 196},
        ],
        COP,
    )
    c = obs._cols
    assert isinstance(c, Columns)
    assert c.indicators == ("P1.2.a", "T1.a")
    assert c.indicator.tolist() == [0, 0, 1]
    assert c.area.tolist() == [0, -1, -1]  # -1: no area
    assert c.value.dtype == np.float64
    assert c.value[2] == pytest.approx(143 / 196 * 100)  # a share in percent
    assert np.isnan(c.numerator[:2]).all()  # none
    assert c.end.tolist() == [
        datetime.date(2019, 12, 31).toordinal(),
        datetime.date(2020, 12, 31).toordinal(),
        datetime.date(2020, 12, 31).toordinal(),
    ]
    assert not c.value.flags.writeable  # observations are immutable


def test_a_parquet_file_reads_like_its_frame(tmp_path: Path) -> None:
    data = {
        "indicator": ["P1.2.a", "P1.2.a", "T1.a"],
        "period": ["2019", "2020", "2020"],
        "value": [45.0, 47.0, None],
        "numerator": [None, None, 143.0],
        "denominator": [None, None, 196.0],
    }
    path = tmp_path / "obs.parquet"
    pq.write_table(pa.table(data), path)
    obs = Observations.from_parquet(path, COP)
    assert list(obs) == list(Observations.from_frame(pl.DataFrame(data), COP))
    assert obs.source == str(path)


def test_a_bad_parquet_row_is_named_like_a_frame_row(tmp_path: Path) -> None:
    path = tmp_path / "obs.parquet"
    pq.write_table(pa.table({"indicator": ["P1.2.a", "X"], "period": ["2019", "2020"], "value": [1.0, 2.0]}), path)  # fmt: skip
    with pytest.raises(DocumentError) as caught:
        Observations.from_parquet(path, COP)
    assert str(caught.value.problems[0]).startswith("[1].indicator: unknown indicator 'X'")
    assert str(path) in str(caught.value)


def test_a_csv_row_with_too_few_fields_is_named_by_its_line_whatever_reads_it() -> None:
    # pyarrow stops at the short row; the standard library's reader names the line.
    text = "indicator,period,value\nP1.2.a,2019,45\nP1.2.a,2020\n"
    with pytest.raises(DocumentError) as caught:
        Observations.from_csv(io.StringIO(text), COP)
    assert [str(p) for p in caught.value.problems] == ["line 3: 2 fields where the header has 3"]


BASE: dict[str, list[Any]] = {
    "indicator": ["P1.2.a", "P1.2.a"],
    "period": ["2019", "2020"],
    "value": [1, 2],
}
DAYS = [datetime.date(2019, 1, 1), datetime.date(2020, 1, 1)]


@pytest.mark.parametrize(
    "make",
    [
        lambda: pl.DataFrame({**BASE, "unit": [None, None], "numerator": [None, None]}),
        lambda: pd.DataFrame({**BASE, "unit": [None, None], "numerator": [None, None]}),
        lambda: pa.table({**BASE, "unit": pa.array([None, None]), "note": pa.array([None, None])}),
        lambda: pl.DataFrame(BASE).with_columns(pl.col("indicator").cast(pl.Categorical)),
        lambda: pl.DataFrame(
            {
                "indicator": ["T1.a"] * 2,
                "period": ["2019", "2020"],
                "value": [True, False],
                "area": ["FR", "US"],
            }
        ),
        lambda: pd.DataFrame({**BASE, "published": pd.to_datetime(["2020-01-01", "2021-01-01"])}),
        lambda: pl.DataFrame({**BASE, "period": DAYS}),
        lambda: pd.DataFrame({**BASE, "period": [2019, 2020]}),
        lambda: pa.table({**BASE, "indicator": pa.array(BASE["indicator"]).dictionary_encode()}),
        lambda: pl.DataFrame({**BASE, "value": ["1", "yes"]}),
        lambda: pd.DataFrame(BASE).astype({"indicator": "string", "period": "string"}),
        lambda: pd.DataFrame({**BASE, "value": pd.array([1, None], dtype="Int64")}),
        lambda: pd.DataFrame({**BASE, "value": [1.0, float("nan")]}),
        lambda: pl.DataFrame({**BASE, "value": [1.0, float("nan")]}),
        lambda: pl.DataFrame({**BASE, "sex": ["female", None], "age": [" 0-14 ", "Total"]}),
    ],
)
def test_frames_of_every_kind_of_column_read_as_row_by_row(make: Callable[[], Any]) -> None:
    # Nulls, categoricals, dictionaries, bools, dates, datetimes, ints as periods, nullable
    # ints, NaN (null in pandas, a number that does not read in polars), disaggregations.
    same_as_row_by_row(lambda: Observations.from_frame(make(), COP))
