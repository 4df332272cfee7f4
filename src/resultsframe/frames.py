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
from resultsframe.observations.columns import KNOWN_COLUMNS, column_of
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
    *KNOWN_COLUMNS[: KNOWN_COLUMNS.index("period") + 1],
    "period_end",
    *KNOWN_COLUMNS[KNOWN_COLUMNS.index("period") + 1 :],
)
_STATUSES = [s.value for s in Status]

#: How a column is held: a nullable float, a nullable string, a date, the status, or texts as
#: codes into names (``(codes, names)``, -1 for none: the observations' own columns).
Kind = Literal["float", "text", "date", "status", "codes"]
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


_EPOCH = date(1970, 1, 1).toordinal()


def _days(ordinals: Any, missing: int | None = None) -> Any:
    """Ordinal days as a numpy ``datetime64[D]`` array, NaT where an ordinal is ``missing``."""
    days = (np.asarray(ordinals, dtype=np.int64) - _EPOCH).astype("datetime64[D]")
    if missing is not None:
        days[np.asarray(ordinals) == missing] = np.datetime64("NaT")
    return days


def _decoded(codes: Any, names: Sequence[str | None]) -> Any:
    """Codes into ``names`` as an object array, None where a code is -1."""
    lookup = np.array([*names, None], dtype=object)  # -1 reads the None at the end
    return lookup[codes]


def _observation_table(observations: Observations) -> Table:
    c = observations._cols
    units = [format_unit(c.units[i]) if i in c.units else None for i in c.indicators]
    # Texts stay codes into their names until the frame library decodes them, column-wise.
    table: Table = {
        "indicator": ((c.indicator, c.indicators), "codes"),
        "period": ((c.period, [p.text for p in c.periods]), "codes"),
        "period_end": (_days(c.end), "date"),
        "value": (c.value, "float"),
        "unit": ((c.indicator, units), "codes"),
        "numerator": (c.numerator, "float"),
        "denominator": (c.denominator, "float"),
        "area": ((c.area, c.areas), "codes"),
        "source": ((c.src, c.strings), "codes"),
        "note": ((c.note, c.strings), "codes"),
        "published": (_days(c.published, missing=0), "date"),
        "kind": ((c.kind, [k.value for k in KINDS]), "codes"),
        "text": ((c.text, c.strings), "codes"),
        "reporter": ((c.reporter, c.strings), "codes"),
    }
    names = sorted({d.name for dimensions in c.dimension_sets for d in dimensions})
    for name in names:
        # One value per set of dimensions, then per row through the rows' set codes.
        per_set = [
            next((d.value for d in dimensions if d.name == name), None)
            for dimensions in c.dimension_sets
        ]
        table[column_of(name)] = ((c.dimensions, per_set), "codes")
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
            days = np.asarray(values, dtype="datetime64[D]")  # None is NaT
            data[name] = pd.array(days.astype("datetime64[ns]"))
        elif kind == "codes":
            data[name] = pd.array(_decoded(*values), dtype="string")
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
            days = np.asarray(values, dtype="datetime64[D]")  # None is NaT, NaT null
            columns.append(pl.Series(name, days).cast(pl.Date))
        elif kind == "codes":
            codes, names = values
            # Decoded inside polars: the names gathered by code, null where the code is -1.
            lookup = pl.Series(name, [*names, None], dtype=pl.String)
            columns.append(lookup.gather(np.where(codes < 0, len(names), codes)))
        else:
            columns.append(pl.Series(name, list(values), dtype=pl.String))
    return pl.DataFrame(columns)
