"""The checks a push-down runs inside the frame's engine, over every row, before it reduces.

A push-down (:mod:`~resultsframe.progress.pushdown`) brings back only the rows an assessment
can use, and those go through the usual row checks
(:class:`~resultsframe.observations.Observations`). That alone is not enough: a bad row that
the reduction leaves out (an old period, an unknown indicator) would never be seen, and data
that :meth:`Observations.from_frame <resultsframe.observations.Observations.from_frame>`
refuses would be assessed. So every row is screened first, in the engine, by queries whose
answers are small:

- the **distinct values** of the columns with few of them (indicator, period, kind,
  published, reporter), each read in Python by the intake's own rules (:func:`Period.parse
  <resultsframe.periods.Period.parse>`, :func:`~resultsframe.periods.parse_date` …);
- a **profile**: per indicator, unit, whole-or-area and which of value, numerator,
  denominator and text are given, the smallest and largest value, numerator and denominator,
  the largest ``numerator - denominator`` and the NaN counts. The smallest and largest rows of
  each profile are checked by the intake itself (a share between 0 and 100 %, a unit that
  fits, a qualitative indicator's text …): what holds for both holds for every row between;
- **duplicates**: a group-by of the key the intake refuses twice (indicator, period, area,
  disaggregation, publication date, counting or projection).

The screen is conservative: what it cannot vouch for (a value column holding text, a period
written two ways) it reports as a problem too. On any problem the push-down reads the frame
whole, as :meth:`Observations.from_frame` does, so that a refusal names the same rows and
places and says the same words; if that reading accepts the data after all, the assessment is
made from it.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from resultsframe.framework import Framework
from resultsframe.observations import ObservationKind
from resultsframe.observations.columns import KNOWN_COLUMNS, WHOLE_VALUES, dimension_of
from resultsframe.observations.columns import framework_dimensions as _framework_dimensions
from resultsframe.observations.intake import Intake, RecordPlace
from resultsframe.periods import Period

__all__ = ["NONE", "Layout", "P", "Screen", "is_in", "layout", "normalised", "screen"]

NONE = "\u241f"  # stands for "none" in join and group keys: engines never match null keys

# Internal column names: prefixed so that they meet no column of the frame.
P = "__rf_"


@attrs.frozen
class Layout:
    """Which column of the frame is which.

    Attributes:
        names: The frame's name of each known column it has, by the known name (``"value"``).
        dimensions: The frame's name of each disaggregation column.
    """

    names: Mapping[str, str]
    dimensions: tuple[str, ...]


@attrs.frozen
class Screen:
    """What the screen found over every row.

    Attributes:
        rows: How many rows the frame has.
        ends: The day each period (as written) ends, an ordinal.
        published: Each publication date as written, read (None for an empty one).
        projections: The kinds as written that are projections.
        problem: Why the frame must be read whole, or None.
    """

    rows: int
    ends: Mapping[Any, int] = attrs.field(factory=dict)
    published: Mapping[Any, date | None] = attrs.field(factory=dict)
    projections: tuple[Any, ...] = ()
    problem: str | None = None


def layout(schema: Mapping[str, Any], framework: Framework) -> Layout | str:
    """The frame's columns by role, or why the frame must be read whole.

    Unknown columns are left to the whole reading, which refuses them with its own words.
    """
    import narwhals as nw

    names: dict[str, str] = {}
    dimensions: list[str] = []
    declared: frozenset[str] | None = None
    for column, dtype in schema.items():
        key = str(column).strip().lower()
        if key in KNOWN_COLUMNS:
            if key in names:
                return f"two columns are {key!r}"
            names[key] = column
        else:
            if declared is None:
                declared = _framework_dimensions(framework)
            if dimension_of(str(column), declared) is None:
                return f"unknown column {column!r}"
            dimensions.append(column)
        numeric = key in ("value", "numerator", "denominator")
        # A day (a DATE column) is written as its ISO text, as the whole reading writes it.
        texts = (
            (nw.String, nw.Unknown, nw.Date)
            if key in ("period", "published")
            else (
                nw.String,
                nw.Unknown,
            )
        )
        # Decimals too: the whole reading takes floats and integers only.
        if numeric and (dtype == nw.Decimal or not dtype.is_numeric()) and dtype != nw.Unknown:
            return f"column {column!r} holds {dtype}, not numbers"
        if not numeric and key not in ("source", "note") and dtype not in texts:
            return f"column {column!r} holds {dtype}, not text"
    if "indicator" not in names or "period" not in names:
        return "the frame lacks indicator or period"
    return Layout(names, tuple(dimensions))


def _text(frame_layout: Layout, key: str) -> Any:
    """A known text column, trimmed, with empty texts as null; null when the frame lacks it."""
    import narwhals as nw

    name = frame_layout.names.get(key)
    if name is None:
        return nw.lit(None, dtype=nw.String)
    trimmed = nw.col(name).cast(nw.String).str.strip_chars()
    return nw.when(trimmed != "").then(trimmed)


def _published(frame_layout: Layout) -> Any:
    """The publication date as written, a day as its ISO text; null for none or an empty one.

    Not trimmed: the intake takes ``""`` for none but refuses ``" "``, and so must the screen.
    """
    import narwhals as nw

    name = frame_layout.names.get("published")
    if name is None:
        return nw.lit(None, dtype=nw.String)
    raw = nw.col(name).cast(nw.String)
    return nw.when(raw != "").then(raw)


def normalised(lf: Any, frame_layout: Layout) -> Any:
    """The frame with the keys the intake uses, as the engine can compute them.

    ``__rf_i`` indicator, ``__rf_period`` period (a day as its ISO text), ``__rf_w``
    publication date (a day as its ISO text), ``__rf_a`` area (trimmed; :data:`NONE`
    for none), ``__rf_d0`` … each dimension (:data:`NONE` for none or the whole: ``Total`` …),
    ``__rf_u`` unit (trimmed), ``__rf_t`` whether a text is given, ``__rf_r`` the reporter
    (trimmed; null for none).
    """
    import narwhals as nw

    names = frame_layout.names
    columns = {
        P + "i": nw.col(names["indicator"]),
        P + "period": nw.col(names["period"]).cast(nw.String),
        P + "w": _published(frame_layout),
        P + "a": _text(frame_layout, "area").fill_null(NONE),
        P + "u": _text(frame_layout, "unit"),
        P + "t": ~_text(frame_layout, "text").is_null(),
        P + "r": _text(frame_layout, "reporter"),
    }
    for k, name in enumerate(frame_layout.dimensions):
        raw = nw.col(name).cast(nw.String)
        whole = raw.str.strip_chars().str.to_lowercase().is_in(sorted(WHOLE_VALUES))
        columns[f"{P}d{k}"] = nw.when(~whole & (raw != "")).then(raw).fill_null(NONE)
    for key in ("value", "numerator", "denominator"):
        number = names.get(key)
        columns[P + key[0]] = (
            nw.col(number).cast(nw.Float64) if number else nw.lit(None, dtype=nw.Float64)
        )
    return lf.with_columns(**columns)


def _nan(expr: Any) -> Any:
    """NaN or ±inf (not null: pandas has NaN for null, and that is no value at all)."""
    return ((expr.is_nan() | (expr.abs() == math.inf)) & ~expr.is_null()).fill_null(False)


def is_in(expr: Any, values: list[Any]) -> Any:
    """``expr.is_in(values)``; false for no values (an empty list has no type to compare)."""
    return expr.is_in(values).fill_null(False) if values else expr.is_null() & ~expr.is_null()


def _distinct(lf: Any, name: str | None) -> list[Any]:
    if name is None:
        return []
    return [_plain(v) for v in lf.select(name).unique().collect().get_column(name).to_list()]


def screen(lf: Any, frame_layout: Layout, framework: Framework) -> Screen:
    """Every row screened in the engine (``lf`` :func:`normalised`); a problem stops at once."""
    names = frame_layout.names
    # indicators
    unknown = [i for i in _distinct(lf, P + "i") if i not in framework.indicators]
    if unknown:
        return Screen(0, problem=f"unknown indicators {unknown[:5]!r}")
    # periods, as the intake reads them; one written two ways would hide a duplicate
    ends: dict[Any, int] = {}
    texts: dict[str, Any] = {}
    for raw in _distinct(lf, P + "period"):
        try:
            period = Period.parse(raw, fiscal_year_end=framework.fiscal_year_end)
        except ValueError:
            return Screen(0, problem=f"period {raw!r}")
        if texts.setdefault(period.text, raw) != raw:
            return Screen(0, problem=f"period {period.text} written two ways")
        ends[raw] = period.end.toordinal()
    # kinds and publication dates
    intake = Intake(framework, "screen")
    place = RecordPlace(0)
    projections = []
    for raw in _distinct(lf, names.get("kind")):
        if intake._kind(raw, place) is ObservationKind.PROJECTION:
            projections.append(raw)
    published: dict[Any, date | None] = {}
    days: dict[date | None, Any] = {}
    for raw in _distinct(lf, P + "w" if "published" in names else None):
        published[raw] = day = intake._published(raw, place)
        if days.setdefault(day, raw) != raw and day is not None:
            return Screen(0, problem=f"publication date {day} written two ways")
    if intake.problems:
        return Screen(0, problem="a kind or publication date")
    # reporters: each one of the framework's partners
    partners = {p.id for p in framework.partners}
    strangers = [
        r
        for r in _distinct(lf, P + "r" if "reporter" in names else None)
        if r is not None and r not in partners
    ]
    if strangers:
        return Screen(0, problem=f"reporters that are not partners {strangers[:5]!r}")
    rows, problem = _profile(lf, framework)
    if problem is None:
        problem = _duplicates(lf, frame_layout, projections)
    return Screen(rows, ends, published, tuple(projections), problem)


def _profile(lf: Any, framework: Framework) -> tuple[int, str | None]:
    """The rows counted, and the first profile whose extremes the intake refuses."""
    import narwhals as nw

    stages = {i.id: len(i.stages) for i in framework.indicators.values() if i.stages}
    v, n, d = nw.col(P + "v"), nw.col(P + "n"), nw.col(P + "d")
    flags = {
        P + "hv": ~v.is_null(),
        P + "hn": ~n.is_null(),
        P + "hd": ~d.is_null(),
        P + "ha": nw.col(P + "a") != NONE,
        # NaN and infinities are values no intake reads; null is none
        P + "nan": (_nan(v) | _nan(n) | _nan(d)).cast(nw.Int64),
        P + "gap": n - d,
    }
    if stages:
        positions = [float(k) for k in range(1, max(stages.values()) + 1)]
        flags[P + "stage"] = (
            (nw.col(P + "i").is_in(sorted(stages)) & ~v.is_null() & ~v.is_in(positions))
            .fill_null(False)
            .cast(nw.Int64)
        )
    else:
        flags[P + "stage"] = nw.lit(0, dtype=nw.Int64)
    keys = [P + "i", P + "u", P + "ha", P + "hv", P + "hn", P + "hd", P + "t"]
    profile = (
        lf.with_columns(**flags)
        .group_by(*keys)
        .agg(
            nw.len().alias(P + "rows"),
            v.min().alias(P + "vmin"),
            v.max().alias(P + "vmax"),
            n.min().alias(P + "nmin"),
            d.min().alias(P + "dmin"),
            nw.col(P + "gap").max().alias(P + "gmax"),
            nw.col(P + "nan").sum().alias(P + "nans"),
            nw.col(P + "stage").sum().alias(P + "stages"),
        )
        .collect()
    )
    # Indicators the intake reads alike (measure, unit, universe, stages) share one witness
    # per shape: the extremes over all of them. A framework has few such kinds.
    total = 0
    kinds: dict[str, tuple[Any, ...]] = {}
    extremes: dict[tuple[Any, ...], list[Any]] = {}
    for found in profile.iter_rows(named=True):
        row = {k: _plain(v) for k, v in found.items()}
        total += int(row[P + "rows"])
        if row[P + "nans"] or row[P + "stages"] or (row[P + "gmax"] or 0) > 0:
            return total, f"values of {row[P + 'i']} (NaN, a stage or a numerator)"
        iid = row[P + "i"]
        kind = kinds.get(iid)
        if kind is None:
            indicator = framework.indicators[iid]
            universe = indicator.universe.unit if indicator.universe is not None else None
            kind = kinds[iid] = (indicator.measure, indicator.unit, universe, indicator.stages)
        shape = (kind, *(row[P + k] for k in ("u", "ha", "hv", "hn", "hd", "t")))
        seen = extremes.get(shape)
        low, high = row[P + "vmin"], row[P + "vmax"]
        if seen is None:
            extremes[shape] = [dict(row), low, high]
        else:
            if low is not None and (seen[1] is None or low < seen[1]):
                seen[1] = low
            if high is not None and (seen[2] is None or high > seen[2]):
                seen[2] = high
            for key, better in (("nmin", min), ("dmin", min)):
                value = row[P + key]
                if value is not None:
                    old = seen[0][P + key]
                    seen[0][P + key] = value if old is None else better(old, value)
    intake = Intake(framework, "screen")
    for row, low, high in extremes.values():
        for value in {low, high}:
            if not _passes(intake, row, value):
                return total, f"values of {row[P + 'i']}"
    return total, None


def _plain(value: Any) -> Any:
    """A value as Python has it: None for null.

    pandas gives NaN for a null number (NaN itself was counted apart), and Dask gives
    ``pandas.NA`` for a null text.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    pandas = sys.modules.get("pandas")
    if pandas is not None and value is pandas.NA:
        return None
    return value


def _passes(intake: Intake, row: Mapping[str, Any], value: Any) -> bool:
    """Whether the intake takes a row with a profile's value, numerator and denominator."""
    indicator = intake.framework.indicators[row[P + "i"]]
    record = {
        "indicator": indicator.id,
        "period": "2000",
        "unit": row[P + "u"],
        "area": "x" if row[P + "ha"] else None,
        "value": value if row[P + "hv"] else None,
        "numerator": row[P + "nmin"] if row[P + "hn"] else None,
        "denominator": row[P + "dmin"] if row[P + "hd"] else None,
        "text": "observed" if row[P + "t"] else None,
    }
    for key in ("value", "numerator", "denominator"):
        number = record[key]
        if number is not None and not math.isfinite(float(number)):
            return False
    intake.add(record, RecordPlace(0))
    intake.seen.clear()  # one intake checks every witness, each with the same period
    return not intake.problems


def _duplicates(lf: Any, frame_layout: Layout, projections: list[Any]) -> str | None:
    """A key the intake refuses twice, if any row shares one with another."""
    import narwhals as nw

    names = frame_layout.names
    keys = [
        P + "i",
        P + "period",
        P + "a",
        *(f"{P}d{k}" for k in range(len(frame_layout.dimensions))),
    ]
    extra: dict[str, Any] = {}
    if "published" in names:
        keys.append(P + "w")
    if "kind" in names:
        extra[P + "p"] = is_in(nw.col(names["kind"]), projections)
        keys.append(P + "p")
    twice = (
        (lf.with_columns(**extra) if extra else lf)
        .group_by(*keys)
        .agg(nw.len().alias(P + "rows"))
        .filter(nw.col(P + "rows") > 1)
        .select(P + "rows")
        .head(1)
        .collect()
    )
    return "a key given twice" if len(twice) else None
