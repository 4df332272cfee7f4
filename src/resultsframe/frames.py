"""Progress reports as pandas or polars data frames (the ``pandas`` and ``polars`` extras).

One row per result and indicator, in the report's order, with the columns of
:meth:`ProgressReport.to_records <resultsframe.ProgressReport.to_records>`
(:data:`resultsframe.reporting.COLUMNS`). Figures are nullable floats: a figure that cannot be
computed is missing (``<NA>`` in pandas, ``null`` in polars), never 0. ``status`` is a
categorical (pandas) or an enum (polars) of the five :class:`~resultsframe.Status` values, in
their order; texts are nullable strings. Several reports (progress over time) give one frame
with an ``as_of`` date column first.

>>> import resultsframe
>>> report = resultsframe.assess(resultsframe.examples.load("cop"),
...                              resultsframe.examples.observations("cop"), "2020-12-31")
>>> df = report.to_pandas()
>>> df.loc[df["id"] == "T1.a", ["achievement", "status"]].to_dict("records")
[{'achievement': 1.0, 'status': 'achieved'}]
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from resultsframe.progress import ProgressReport, Status
from resultsframe.reporting import COLUMNS

__all__ = ["FLOAT_COLUMNS", "TEXT_COLUMNS", "to_pandas", "to_polars"]

#: The columns holding texts: nullable strings (``status`` is a categorical of its own).
#: ``overdue_since`` is an ISO day, as in the records, so that a frame holds what they hold.
TEXT_COLUMNS = ("id", "kind", "unit", "reason", "overdue_since", "text", "findings")
#: The columns holding figures, nullable floats: the report's other columns, in their order.
FLOAT_COLUMNS = tuple(name for name in COLUMNS if name not in (*TEXT_COLUMNS, "status"))
_STATUSES = [s.value for s in Status]


def _require(module: str, extra: str, what: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"{what} needs {module}, which is not installed: pip install 'resultsframe[{extra}]'"
        ) from None


def _columns(
    reports: ProgressReport | Sequence[ProgressReport],
) -> tuple[dict[str, list[Any]], list[date] | None]:
    several = not isinstance(reports, ProgressReport)
    listed = [reports] if isinstance(reports, ProgressReport) else list(reports)
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    dates: list[date] = []
    for report in listed:
        for record in report.to_records():
            for name in COLUMNS:
                columns[name].append(record[name])
            dates.append(report.as_of)
    return columns, dates if several else None


def to_pandas(reports: ProgressReport | Sequence[ProgressReport]) -> Any:
    """A report (or several, with an ``as_of`` column) as a pandas DataFrame.

    Raises:
        ImportError: if pandas is not installed, naming the extra to install.
    """
    pd = _require("pandas", "pandas", "report.to_pandas()")
    columns, dates = _columns(reports)
    data: dict[str, Any] = {}
    if dates is not None:
        data["as_of"] = pd.array([pd.Timestamp(d) for d in dates], dtype="datetime64[ns]")
    for name in COLUMNS:
        values = columns[name]
        if name in FLOAT_COLUMNS:
            data[name] = pd.array(values, dtype="Float64")
        elif name == "status":
            data[name] = pd.Categorical(values, categories=_STATUSES)
        else:
            data[name] = pd.array(values, dtype="string")
    return pd.DataFrame(data)


def to_polars(reports: ProgressReport | Sequence[ProgressReport]) -> Any:
    """A report (or several, with an ``as_of`` column) as a polars DataFrame.

    Raises:
        ImportError: if polars is not installed, naming the extra to install.
    """
    pl = _require("polars", "polars", "report.to_polars()")
    columns, dates = _columns(reports)
    schema: dict[str, Any] = {}
    data: dict[str, Any] = {}
    if dates is not None:
        schema["as_of"] = pl.Date
        data["as_of"] = dates
    for name in COLUMNS:
        if name in FLOAT_COLUMNS:
            schema[name] = pl.Float64
        elif name == "status":
            schema[name] = pl.Enum(_STATUSES)
        else:
            schema[name] = pl.String
        data[name] = columns[name]
    return pl.DataFrame(data, schema=schema)
