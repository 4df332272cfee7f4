"""Push-down: assess observations that live in a data-frame engine, reduced there first.

:func:`resultsframe.assess` (and :func:`~resultsframe.assess_over`) take, instead of
:class:`~resultsframe.observations.Observations`, any lazy or eager frame that narwhals reads
(a polars ``LazyFrame`` or ``DataFrame``, a DuckDB relation, a pandas ``DataFrame``, a pyarrow
``Table``, a Dask or a PySpark ``DataFrame``) with the observation file's columns. The work on
every row runs inside the frame's own engine, and only the rows the assessment can use come
back:

1. every row is **screened** in the engine (:mod:`~resultsframe.progress.pushdown_checks`):
   data that :meth:`Observations.from_frame
   <resultsframe.observations.Observations.from_frame>` would refuse is refused the same way,
   with the same places, even when the bad row is one the reduction would leave out;
2. rows published after the ``vintage`` are left out;
3. for each series (indicator, area, disaggregation) the engine keeps the rows of the latest
   period that ends on or before each date assessed and the framework's start (the value and
   the baseline; every vintage of that period comes along), and the series' first row (so that
   an area with no data yet is still known to exist); projections of whole indicators come
   along too (they are shown after the value);
4. the indicators whose figures need more than the latest rows are kept whole: those that add
   up increments or publish running totals (every increment, every fall), and, when the frame
   has disaggregation columns, the additive ones (whether the parts add up to the whole is
   checked for every period);
5. the rows kept are collected and read as usual, and the assessment is made from them.

The figures are the same as from the whole data (``tests/test_pushdown.py`` checks every entry
on the COP example and a synthetic framework, on each engine). What differs is
``report.observations``: the rows kept, so that an ``ObservationUsed.row`` is a position among
them. Which of two periods of one series that end on the same day (``2018`` and ``2018-12``)
is the latest depends on the order of the rows (the later one), so the indicators that have
such a series are read whole, in the frame's own order (a filter keeps it on every engine;
a join or a union may not), collected apart from the rest.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, TypeAlias

import attrs

from resultsframe.exceptions import DocumentError, Problem
from resultsframe.framework import Framework
from resultsframe.model import Accumulation
from resultsframe.observations import Observations
from resultsframe.progress.disaggregation import _additive
from resultsframe.progress.pushdown_checks import NONE, P, is_in, layout, normalised, screen

__all__ = ["Frame", "Pushdown", "push_down"]

Frame: TypeAlias = Any
"""A frame narwhals reads: polars, pandas, pyarrow, a DuckDB relation, Dask, PySpark … (typed
loosely: none of these is a dependency)."""


@attrs.frozen
class Pushdown:
    """Observations brought back from a frame's engine, and what it took.

    Attributes:
        observations: The rows kept, checked and held as usual.
        scanned: How many rows the frame has.
        collected: How many came back.
        whole: Why the frame was read whole rather than reduced (a problem the screen found,
            a column of another type than expected), or None.
    """

    observations: Observations
    scanned: int
    collected: int
    whole: str | None = None


def _narwhals() -> Any:
    try:
        import narwhals as nw
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "assessing a data frame needs narwhals: pip install 'resultsframe[frames]'"
        ) from None
    return nw


def push_down(
    framework: Framework,
    frame: Frame,
    dates: Iterable[date],
    vintage: date | None = None,
) -> Pushdown:
    """The observations an assessment at ``dates`` needs, reduced inside ``frame``'s engine.

    >>> import polars as pl, resultsframe
    >>> fw = resultsframe.examples.load("cop")
    >>> rows = resultsframe.examples.observations("cop").to_records()
    >>> done = push_down(fw, pl.LazyFrame(rows), [date(2020, 12, 31)])
    >>> done.scanned, done.collected < done.scanned, done.whole
    (199, True, None)

    Raises:
        DocumentError: if ``frame`` is not a frame narwhals reads, or a row is bad (as
            :meth:`Observations.from_frame
            <resultsframe.observations.Observations.from_frame>` says it).
    """
    nw = _narwhals()
    try:
        native = nw.from_native(frame)
    except TypeError:
        raise DocumentError(
            (
                Problem(
                    "observations",
                    "expected Observations or a data frame with the observation columns "
                    "(polars, pandas, pyarrow, a DuckDB relation, Dask, PySpark …), got "
                    f"{type(frame).__name__}",
                ),
            ),
            source="data frame",
        ) from None
    lf = native.lazy() if isinstance(native, nw.DataFrame) else native
    columns = list(lf.collect_schema().names())
    found = layout(lf.collect_schema(), framework)
    if isinstance(found, str):
        return _whole(framework, lf, found)
    keyed = normalised(lf, found)
    screened = screen(keyed, found, framework)
    if screened.problem is not None:
        return _whole(framework, lf, screened.problem)
    names = found.names
    end, indicator = nw.col(P + "e"), nw.col(P + "i")
    keyed = keyed.with_columns(
        **{
            P + "e": nw.col(P + "period").replace_strict(
                dict(screened.ends), default=None, return_dtype=nw.Int64
            ),
            P + "p": is_in(nw.col(names["kind"]), list(screened.projections))
            if "kind" in names
            else nw.lit(False),
        }
    )
    if vintage is not None and "published" in names:
        by_then = [
            raw
            for raw, day in screened.published.items()
            if raw is not None and (day is None or day <= vintage)
        ]
        published = nw.col(P + "w")
        keyed = keyed.filter(published.is_null() | is_in(published, by_then))
    counting = keyed.filter(~nw.col(P + "p"))
    series = [P + "i", P + "a", *(f"{P}d{k}" for k in range(len(found.dimensions)))]
    days = sorted({d.toordinal() for d in dates} | _start(framework))
    # The latest row by each day, in one group-by: each row falls in the span between two
    # days (the number of days it ends after), and the latest of each span is the latest by
    # its day. The first row of each series too, so that a series is known to exist.
    needed = [counting.group_by(*series).agg(end.min())]
    if days:
        span = functools.reduce(operator.add, [(end > day).cast(nw.Int64) for day in days])
        needed.append(
            counting.with_columns(**{P + "s": span})
            .filter(nw.col(P + "s") < len(days))
            .group_by(*series, P + "s")
            .agg(end.max())
            .select(*series, P + "e")
        )
    need = nw.concat(needed, how="vertical").unique([*series, P + "e"])
    latest = counting.join(need, on=[*series, P + "e"], how="semi")
    # Indicators with two periods ending on one day (2018 and 2018-12) are read in the frame's
    # own order, as the whole reading reads them: which of the two is the latest depends on it.
    ordered = _same_day(counting, series, screened.ends)
    whole = sorted(_kept_whole(framework, bool(found.dimensions)) | set(ordered))
    parts = [latest]
    if whole:
        kept = sorted(set(whole) - set(ordered))
        parts = [latest.filter(~is_in(indicator, whole)), counting.filter(is_in(indicator, kept))]
    if "kind" in names:
        only_whole = nw.col(P + "a") == NONE
        for k in range(len(found.dimensions)):
            only_whole = only_whole & (nw.col(f"{P}d{k}") == NONE)
        projected = nw.col(P + "p") & only_whole
        parts.append(keyed.filter(projected & ~is_in(indicator, ordered)))
    else:
        projected = nw.lit(False)
    rows = nw.concat([part.select(*columns) for part in parts], how="vertical").collect()
    if ordered:
        # Collected apart: a filter keeps the frame's order on every engine, a union may not.
        chosen = keyed.filter(is_in(indicator, ordered) & (~nw.col(P + "p") | projected))
        rows = nw.concat([rows, chosen.select(*columns).collect()], how="vertical")
    observations = Observations.from_frame(rows.to_native(), framework)
    return Pushdown(observations, screened.rows, len(rows))


def _same_day(counting: Any, series: list[str], ends: Mapping[Any, int]) -> list[Any]:
    """The indicators with a series that has two periods ending on one day (2018, 2018-12).

    No query when no two periods of the whole frame end on one day.
    """
    by_day: dict[int, list[Any]] = {}
    for raw, day in ends.items():
        by_day.setdefault(day, []).append(raw)
    clashing = sorted(raw for raws in by_day.values() if len(raws) > 1 for raw in raws)
    if not clashing:
        return []
    nw = _narwhals()
    period = nw.col(P + "period")
    found = (
        counting.filter(is_in(period, clashing))
        .group_by(*series, P + "e")
        .agg(period.n_unique().alias(P + "n"))
        .filter(nw.col(P + "n") > 1)
        .select(P + "i")
        .unique()
        .collect()
    )
    return sorted(found.get_column(P + "i").to_list())


def _start(framework: Framework) -> set[int]:
    return {framework.start.toordinal()} if framework.start is not None else set()


def _kept_whole(framework: Framework, disaggregated: bool) -> set[str]:
    """The indicators whose every row is kept: added up, running totals, additive parts."""
    return {
        indicator.id
        for indicator in framework.indicators.values()
        if indicator.accumulation is not Accumulation.LEVEL
        or (disaggregated and _additive(indicator))
    }


def _whole(framework: Framework, lf: Any, why: str) -> Pushdown:
    """The frame read whole, as :meth:`Observations.from_frame` reads it: refused or taken."""
    rows = lf.collect()
    observations = Observations.from_frame(rows.to_native(), framework)
    return Pushdown(observations, len(rows), len(rows), why)
