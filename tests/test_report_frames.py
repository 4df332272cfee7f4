"""Progress reports as pandas and polars data frames: the progress format's entries, with nullable
types (issue 14: results and indicators share one ``progress`` column, so the frames hold
``reporting.entries`` rather than ``to_records``)."""

from __future__ import annotations

import math
import sys
from datetime import date
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs in the lint extra
import polars as pl
import pytest

import resultsframe
from resultsframe import ProgressReport, Status, assess, assess_over
from resultsframe.frames import FLOAT_COLUMNS, to_pandas, to_polars
from resultsframe.reporting import COLUMNS, entries


@pytest.fixture(scope="module")
def report() -> ProgressReport:
    fw = resultsframe.examples.load("cop")
    return assess(fw, resultsframe.examples.observations("cop"), "2020-12-31")


@pytest.fixture(scope="module")
def reports() -> list[ProgressReport]:
    fw = resultsframe.examples.load("cop")
    return assess_over(fw, resultsframe.examples.observations("cop"), ["2016", "2020"])


def plain(value: Any) -> Any:
    """A frame's cell as the records hold it: missing is None."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def test_to_pandas_holds_the_records_in_order(report: ProgressReport) -> None:
    frame = report.to_pandas()
    assert list(frame.columns) == list(COLUMNS)
    records = entries(report)
    assert len(frame) == len(records)
    for row, record in zip(frame.to_dict("records"), records, strict=True):
        assert {k: plain(v) for k, v in row.items()} == record


def test_to_pandas_columns_are_nullable_floats_strings_and_a_status_category(
    report: ProgressReport,
) -> None:
    frame = report.to_pandas()
    for name in FLOAT_COLUMNS:
        assert str(frame[name].dtype) == "Float64"
    for name in ("id", "kind", "unit", "reason"):
        assert str(frame[name].dtype) == "string"
    assert list(frame["status"].cat.categories) == [s.value for s in Status]
    # a figure that cannot be computed is missing, never 0
    t3 = frame.set_index("id").loc["T3"]
    assert t3["progress"] is pd.NA
    assert t3["coverage"] == 0.0
    assert t3["status"] == "not_assessable"
    t1a = frame.set_index("id").loc["T1.a"]
    assert (t1a["target"], t1a["progress"], t1a["status"]) == (90.0, 1.0, "achieved")
    assert frame["progress"].sum() == pytest.approx(
        sum(r["progress"] for r in entries(report) if r["progress"] is not None)
    )


def test_to_polars_holds_the_records_with_its_own_types(report: ProgressReport) -> None:
    frame = report.to_polars()
    assert frame.columns == list(COLUMNS)
    assert frame.to_dicts() == entries(report)
    schema = frame.schema
    for name in FLOAT_COLUMNS:
        assert schema[name] == pl.Float64
    for name in ("id", "kind", "unit", "reason"):
        assert schema[name] == pl.String
    assert schema["status"] == pl.Enum([s.value for s in Status])
    assert frame.filter(pl.col("id") == "T3")["progress"].to_list() == [None]


def test_several_reports_give_one_frame_with_an_as_of_column(
    reports: list[ProgressReport],
) -> None:
    records = [entries(r) for r in reports]
    frame = to_pandas(reports)
    assert list(frame.columns) == ["as_of", *COLUMNS]
    assert len(frame) == sum(len(r) for r in records)
    assert frame["as_of"].dt.date.unique().tolist() == [date(2016, 12, 31), date(2020, 12, 31)]
    polars_frame = to_polars(reports)
    assert polars_frame.schema["as_of"] == pl.Date
    assert polars_frame.to_dicts() == [
        {"as_of": report.as_of, **record}
        for report, rows in zip(reports, records, strict=True)
        for record in rows
    ]


@pytest.mark.parametrize(
    ("module", "method", "extra"),
    [("pandas", "to_pandas", "pandas"), ("polars", "to_polars", "polars")],
)
def test_a_missing_library_names_the_extra_to_install(
    report: ProgressReport, monkeypatch: pytest.MonkeyPatch, module: str, method: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ImportError) as caught:
        getattr(report, method)()
    assert str(caught.value) == (
        f"report.{method}() needs {module}, which is not installed: "
        f"pip install 'resultsframe[{extra}]'"
    )


def test_importing_resultsframe_does_not_import_the_frame_libraries() -> None:
    import subprocess

    code = (
        "import sys, resultsframe; "
        "print(sorted(m for m in ('pandas', 'polars', 'matplotlib', 'openpyxl') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_modules_examples_run() -> None:
    import doctest

    from resultsframe import frames

    result = doctest.testmod(frames, optionflags=doctest.ELLIPSIS)
    assert (result.failed, result.attempted > 0) == (0, True)
