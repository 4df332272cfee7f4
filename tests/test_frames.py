"""Observations, pending values and differences as pandas and polars data frames.

Each frame is checked against the object's own records (an independent way to the same
figures): one row per observation, per pending value, per difference, nulls where a value is
missing, never NaN or 0.
"""

from __future__ import annotations

import math
import sys
from datetime import date
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs in the lint extra
import polars as pl
import pytest

import resultsframe
from resultsframe import Differences, PendingList
from resultsframe.frames import OBSERVATION_COLUMNS, to_pandas


@pytest.fixture(scope="module")
def cop() -> resultsframe.Framework:
    return resultsframe.examples.load("cop")


@pytest.fixture(scope="module")
def observations() -> resultsframe.Observations:
    return resultsframe.examples.observations("cop")


def plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


# --- observations --------------------------------------------------------------------------------


def test_observations_to_pandas_holds_every_row(observations: resultsframe.Observations) -> None:
    frame = observations.to_pandas()
    assert list(frame.columns) == list(OBSERVATION_COLUMNS)
    assert len(frame) == len(observations) == 199  # the COP example's rows
    first = {k: plain(v) for k, v in frame.iloc[0].items()}
    # ICMEC's first review (2006): 89 of 184 countries with legislation; 89/184 = 48.37 %.
    assert first["indicator"] == "T1.a"
    assert first["period"] == "2006"
    assert first["period_end"] == date(2006, 12, 31)
    assert (first["numerator"], first["denominator"]) == (89.0, 184.0)
    assert first["value"] == pytest.approx(89 / 184 * 100)
    assert first["unit"] == "percent"
    assert first["reporter"] == "ICMEC"
    assert first["kind"] == "actual"
    assert first["area"] is None
    assert first["published"] is None
    assert str(frame["value"].dtype) == "Float64"
    assert str(frame["period_end"].dtype) == "datetime64[ns]"


def test_observations_frames_agree_with_the_records(
    observations: resultsframe.Observations,
) -> None:
    frame = observations.to_pandas()
    polars_frame = observations.to_polars()
    assert polars_frame.columns == list(frame.columns)
    assert polars_frame.schema["period_end"] == pl.Date
    for record, row, polars_row in zip(
        observations.to_records(), frame.to_dict("records"), polars_frame.to_dicts(), strict=True
    ):
        for key in ("indicator", "period", "numerator", "denominator", "area", "source", "note"):
            assert plain(row[key]) == record.get(key), key
            assert polars_row[key] == record.get(key), key
        if "value" in record:
            assert row["value"] == record["value"] == polars_row["value"]


def test_disaggregations_are_columns_as_a_csv_names_them(cop: resultsframe.Framework) -> None:
    observations = resultsframe.Observations.from_records(
        [
            {"indicator": "P2.6.a", "period": "2019", "value": 30},
            {"indicator": "P2.6.a", "period": "2019", "value": 10, "sex": "female"},
            {"indicator": "P2.6.a", "period": "2019", "value": 4, "dimension:region": "north"},
        ],
        cop,
    )
    frame = observations.to_polars()
    assert frame.columns == [*OBSERVATION_COLUMNS, "dimension:region", "sex"]
    assert frame["sex"].to_list() == [None, "female", None]
    assert frame["dimension:region"].to_list() == [None, None, "north"]
    assert frame["unit"].to_list() == ["country"] * 3


# --- pending values -----------------------------------------------------------------------------


def test_pending_is_a_list_with_frames(cop: resultsframe.Framework) -> None:
    pending = cop.pending()
    assert isinstance(pending, PendingList)
    assert isinstance(pending, list)
    assert pending == list(pending)
    frame = pending.to_pandas()
    assert list(frame.columns) == ["key", "result", "indicator", "field", "text", "unit", "due"]
    # COP: eleven targets and two parameters are pending.
    assert len(frame) == len(pending) == 13
    rows = [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
    assert rows[0] == {
        "key": "T3.a",
        "result": "T3",
        "indicator": "T3.a",
        "field": "target",
        "text": "XX%",
        "unit": "percent",
        "due": date(2020, 12, 31),
    }
    assert rows[2]["key"] == "T3.b:threshold"
    assert rows[2]["due"] is None
    polars_frame = pending.to_polars()
    assert polars_frame.schema["due"] == pl.Date
    assert polars_frame["text"].to_list() == [item.text for item in pending]


def test_a_filled_framework_has_an_empty_frame(cop: resultsframe.Framework) -> None:
    filled = cop.fill({item.key: "50 %" for item in cop.pending()})
    assert filled.pending() == []
    assert len(filled.pending().to_pandas()) == 0
    assert filled.pending().to_polars().columns[0] == "key"


# --- differences ------------------------------------------------------------------------------


def test_diff_is_a_list_with_frames(cop: resultsframe.Framework) -> None:
    variant = cop.revise_target("T1.a", "95 %", reason="Mid-term review", on="2018-06-30")
    differences = resultsframe.diff(cop, variant)
    assert isinstance(differences, Differences)
    assert resultsframe.diff(cop, cop) == []
    frame = differences.to_pandas()
    assert list(frame.columns) == ["change", "kind", "id", "field", "before", "after"]
    first = {k: plain(v) for k, v in frame.iloc[0].items()}
    assert first == {
        "change": "changed",
        "kind": "indicator",
        "id": "T1.a",
        "field": "targets[0].value",
        "before": '{"value": 90, "unit": "percent"}',
        "after": '{"value": 95, "unit": "percent"}',
    }
    removed = resultsframe.diff(cop, cop.without_link("T1", "O1")).to_polars()
    assert removed.to_dicts() == [
        {
            "change": "removed",
            "kind": "link",
            "id": "T1 → O1",
            "field": None,
            "before": '{"child": "T1", "parent": "O1"}',
            "after": None,  # nothing after a removal: missing, not "null"
        }
    ]


def test_a_missing_library_names_the_extra(
    cop: resultsframe.Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pending\.to_pandas\(\) needs pandas"):
        cop.pending().to_pandas()
    with pytest.raises(ImportError, match=r"observations\.to_pandas\(\) needs pandas"):
        resultsframe.examples.observations("cop").to_pandas()


def test_anything_else_is_refused() -> None:
    with pytest.raises(TypeError, match="takes a progress report"):
        to_pandas(42)
