"""Data frames of reports, observations, pending values and differences (pandas, polars).

They need the ``pandas`` or ``polars`` extra.

:func:`to_pandas` and :func:`to_polars` take what the objects' own ``to_pandas()`` /
``to_polars()`` are called on (they come here through :mod:`resultsframe.hooks`):

- a :class:`~resultsframe.ProgressReport`, or several (progress over time): one row per result
  and indicator, in the report's order, with the columns of the progress format
  (:data:`resultsframe.reporting.COLUMNS`). Results and indicators share one ``progress`` column:
  a result's rolled-up progress, an indicator's achievement (0–1); ``achievement_raw`` keeps an
  indicator's unclipped figure and ``pending`` what it does not know yet. Several reports give
  one frame with an ``as_of`` date column first.
- :class:`~resultsframe.observations.Observations`: one row per observation, built column by
  column from its numpy columns (:data:`OBSERVATION_COLUMNS`, then one column per
  disaggregation dimension, named as a CSV file names it).
- a :class:`~resultsframe.PendingList` (``framework.pending()``): one row per pending value.
- a :class:`~resultsframe.Differences` (``resultsframe.diff(a, b)``): one row per difference,
  ``before`` and ``after`` as JSON texts.

Figures are nullable floats: a figure that cannot be computed is missing (``<NA>`` in pandas,
``null`` in polars), never 0 and never NaN. ``status`` is a categorical (pandas) or an enum
(polars) of the five :class:`~resultsframe.Status` values, in their order; days are dates;
texts are nullable strings.

>>> import resultsframe
>>> report = resultsframe.assess(resultsframe.examples.load("cop"),
...                              resultsframe.examples.observations("cop"), "2020-12-31")
>>> df = report.to_pandas()
>>> df.loc[df["id"].isin(["O1", "T1.a"]), ["id", "progress", "status"]].to_dict("records")
[{'id': 'O1', 'progress': 1.0, 'status': 'achieved'}, {'id': 'T1.a', 'progress': 1.0, 'status': 'achieved'}]
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import numpy as np

from resultsframe.differences import Differences
from resultsframe.model.pending import PendingList
from resultsframe.observations import Observations
from resultsframe.observations.columnar import KINDS
from resultsframe.observations.columns import column_of
from resultsframe.progress import ProgressReport, Status
from resultsframe.reporting import COLUMNS, entries
from resultsframe.units import format_unit

__all__ = [
    "FLOAT_COLUMNS",
    "OBSERVATION_COLUMNS",
    "TEXT_COLUMNS",
    "to_pandas",
    "to_polars",
]

#: The columns of a report's frame holding texts: nullable strings (``status`` is a categorical
#: of its own). ``overdue_since`` is an ISO day, as in the progress format.
TEXT_COLUMNS = ("id", "kind", "unit", "pending", "reason", "overdue_since", "text", "findings")
#: The columns of a report's frame holding figures, nullable floats, in their order.
FLOAT_COLUMNS = tuple(name for name in COLUMNS if name not in (*TEXT_COLUMNS, "status"))
#: The columns of an observations frame before its dimensions: those of an observations CSV file,
#: with ``period_end`` (the period's last day) after ``period``.
OBSERVATION_COLUMNS = (
    "indicator",
    "period",
    "period_end",
    "value",
    "unit",
    "numerator",
    "denominator",
    "area",
    "source",
    "note",
    "published",
    "kind",
    "text",
    "reporter",
)
_STATUSES = [s.value for s in Status]

#: How a column is held: a nullable float, a nullable string, a date, or the status.
Kind = Literal["float", "text", "date", "status"]
#: A frame before it is one: each column's values (a list or a numpy array) and kind, in order.
Table = dict[str, tuple[Any, Kind]]


def _require(module: str, extra: str, what: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"{what} needs {module}, which is not installed: pip install 'resultsframe[{extra}]'"
        ) from None


# --- what each object's frame holds ------------------------------------------------------------


def _report_table(reports: ProgressReport | Sequence[ProgressReport]) -> Table:
    several = not isinstance(reports, ProgressReport)
    listed = [reports] if isinstance(reports, ProgressReport) else list(reports)
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    dates: list[date] = []
    for report in listed:
        for row in entries(report):
            for name in COLUMNS:
                columns[name].append(row[name])
            dates.append(report.as_of)
    table: Table = {"as_of": (dates, "date")} if several else {}
    for name in COLUMNS:
        kind: Kind = "float" if name in FLOAT_COLUMNS else "status" if name == "status" else "text"
        table[name] = (columns[name], kind)
    return table


def _decoded(codes: Any, names: Sequence[str | None]) -> Any:
    """Codes into ``names`` as an object array, None where a code is -1."""
    lookup = np.array([*names, None], dtype=object)  # -1 reads the None at the end
    return lookup[codes]


def _days(ordinals: Any, missing: int | None = None) -> list[date | None]:
    """Ordinal days as dates (None where an ordinal is ``missing``), each distinct one made once."""
    made: dict[int, date | None] = {}
    out: list[date | None] = []
    for ordinal in ordinals.tolist():
        if ordinal not in made:
            made[ordinal] = None if ordinal == missing else date.fromordinal(ordinal)
        out.append(made[ordinal])
    return out


def _observation_table(observations: Observations) -> Table:
    c = observations._cols
    units = [format_unit(c.units[i]) if i in c.units else None for i in c.indicators]
    table: Table = {
        "indicator": (_decoded(c.indicator, c.indicators), "text"),
        "period": (_decoded(c.period, [p.text for p in c.periods]), "text"),
        "period_end": (_days(c.end), "date"),
        "value": (c.value, "float"),
        "unit": (_decoded(c.indicator, units), "text"),
        "numerator": (c.numerator, "float"),
        "denominator": (c.denominator, "float"),
        "area": (_decoded(c.area, c.areas), "text"),
        "source": (_decoded(c.src, c.strings), "text"),
        "note": (_decoded(c.note, c.strings), "text"),
        "published": (_days(c.published, missing=0), "date"),
        "kind": (_decoded(c.kind, [k.value for k in KINDS]), "text"),
        "text": (_decoded(c.text, c.strings), "text"),
        "reporter": (_decoded(c.reporter, c.strings), "text"),
    }
    names = sorted({d.name for dimensions in c.dimension_sets for d in dimensions})
    for name in names:
        # One value per set of dimensions, then per row through the rows' set codes.
        per_set = [
            next((d.value for d in dimensions if d.name == name), None)
            for dimensions in c.dimension_sets
        ]
        table[column_of(name)] = (np.array(per_set, dtype=object)[c.dimensions], "text")
    return table


def _records_table(records: list[dict[str, Any]], columns: dict[str, Kind]) -> Table:
    return {name: ([r[name] for r in records], kind) for name, kind in columns.items()}


_PENDING_COLUMNS: dict[str, Kind] = {
    "key": "text",
    "result": "text",
    "indicator": "text",
    "field": "text",
    "text": "text",
    "unit": "text",
    "due": "date",
}
_DIFFERENCE_COLUMNS: dict[str, Kind] = {
    "change": "text",
    "kind": "text",
    "id": "text",
    "field": "text",
    "before": "text",
    "after": "text",
}


def _noun(item: Any) -> str:
    """What ``item`` is called in a message: ``report.to_pandas() needs pandas …``."""
    if isinstance(item, Observations):
        return "observations"
    if isinstance(item, PendingList):
        return "pending"
    if isinstance(item, Differences):
        return "differences"
    return "report"


def _table(item: Any, what: str) -> Table:
    if isinstance(item, Observations):
        return _observation_table(item)
    if isinstance(item, PendingList):
        records = item.to_records()
        for record in records:
            record["due"] = None if record["due"] is None else date.fromisoformat(record["due"])
        return _records_table(records, _PENDING_COLUMNS)
    if isinstance(item, Differences):
        return _records_table(item.to_records(), _DIFFERENCE_COLUMNS)
    if isinstance(item, ProgressReport) or (
        isinstance(item, Sequence)
        and not isinstance(item, str)
        and all(isinstance(report, ProgressReport) for report in item)
    ):
        return _report_table(item)
    raise TypeError(
        f"{what} takes a progress report (or several), observations, a framework's pending "
        f"values or differences; got {type(item).__name__}"
    )


# --- the frames -----------------------------------------------------------------------------------


def to_pandas(item: Any) -> Any:
    """``item`` as a pandas DataFrame.

    ``item`` is a report (or several: an ``as_of`` column first), observations, pending values
    or differences.

    Raises:
        ImportError: if pandas is not installed, naming the extra to install.
        TypeError: for anything else.
    """
    pd = _require("pandas", "pandas", f"{_noun(item)}.to_pandas()")
    data: dict[str, Any] = {}
    for name, (values, kind) in _table(item, "to_pandas()").items():
        if kind == "float":
            # None (no figure in a record) and NaN (none in the numpy columns) become missing.
            data[name] = pd.array(np.asarray(values, dtype=float), dtype="Float64")
        elif kind == "status":
            data[name] = pd.Categorical(values, categories=_STATUSES)
        elif kind == "date":
            data[name] = pd.array(
                [pd.NaT if d is None else pd.Timestamp(d) for d in values], dtype="datetime64[ns]"
            )
        else:
            data[name] = pd.array(list(values), dtype="string")
    return pd.DataFrame(data)


def to_polars(item: Any) -> Any:
    """``item`` as a polars DataFrame.

    ``item`` is a report (or several: an ``as_of`` column first), observations, pending values
    or differences.

    Raises:
        ImportError: if polars is not installed, naming the extra to install.
        TypeError: for anything else.
    """
    pl = _require("polars", "polars", f"{_noun(item)}.to_polars()")
    columns = []
    for name, (values, kind) in _table(item, "to_polars()").items():
        if kind == "float":
            array = np.asarray(values, dtype=float)
            columns.append(pl.Series(name, array, dtype=pl.Float64, nan_to_null=True))
        elif kind == "status":
            columns.append(pl.Series(name, list(values), dtype=pl.Enum(_STATUSES)))
        elif kind == "date":
            columns.append(pl.Series(name, list(values), dtype=pl.Date))
        else:
            columns.append(pl.Series(name, list(values), dtype=pl.String))
    return pl.DataFrame(columns)
