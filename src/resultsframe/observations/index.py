"""Where each series of the observations is: rows sorted by indicator, area and period end.

Found with numpy (:class:`Index`): one stable sort of the rows that are an indicator's value,
then split where the indicator or the area changes. Also which rows are earlier vintages or
projections (:func:`vintages_of`), and whether two rows repeat each other (:func:`repeats`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from resultsframe.observations.columnar import NO_DIMENSIONS, PROJECTION, Columns
from resultsframe.observations.records import Series

__all__ = ["Index", "has_vintages", "repeats", "vintages_of"]

_NO_VINTAGES: Mapping[int, tuple[int, ...]] = MappingProxyType({})


def has_vintages(columns: Columns) -> bool:
    """Whether any row has a publication date or is a projection: then rows can share a period."""
    return bool(columns.published.any()) or bool((columns.kind == PROJECTION).any())


def _boundaries(keys: list[npt.NDArray[Any]]) -> npt.NDArray[np.intp]:
    """Where runs of equal keys (rows already sorted by them) start, and the end."""
    n = len(keys[0])
    if not n:
        return np.zeros(1, dtype=np.intp)
    change = np.zeros(max(n - 1, 0), dtype=bool)
    for key in keys:
        change |= key[1:] != key[:-1]
    return np.concatenate(([0], np.flatnonzero(change) + 1, [n])).astype(np.intp)


def vintages_of(columns: Columns) -> tuple[npt.NDArray[np.bool_], Mapping[int, tuple[int, ...]]]:
    """The rows that are no value (projections, earlier vintages), and each revised row's vintages.

    Rows of one indicator, period, area and disaggregation that count (actuals, estimates) are
    vintages of one value: the latest published is the value; one with no publication date is
    the earliest. Each of them maps to all of them, oldest first.
    """
    c = columns
    out = c.kind == PROJECTION
    rows = np.flatnonzero(~out)
    keys = [c.indicator[rows], c.period[rows], c.area[rows], c.dimensions[rows]]
    # lexsort is stable: rows of one key and day (none) keep their order.
    order = np.lexsort((c.published[rows], *reversed(keys)))
    rows = rows[order]
    bounds = _boundaries([k[order] for k in keys])
    sizes = np.diff(bounds)
    vintages: dict[int, tuple[int, ...]] = {}
    for start, stop in zip(
        bounds[:-1][sizes > 1].tolist(), bounds[1:][sizes > 1].tolist(), strict=True
    ):
        ordered = tuple(rows[start:stop].tolist())
        out[rows[start : stop - 1]] = True
        for i in ordered:
            vintages[i] = ordered
    return out, MappingProxyType(vintages) if vintages else _NO_VINTAGES


def _order(
    indicator: npt.NDArray[np.int32],
    area: npt.NDArray[np.int32],
    end: npt.NDArray[np.int32],
    indicators: int,
    areas: int,
) -> npt.NDArray[np.intp]:
    """Rows by indicator, area and period end; rows of one day keep their order (stable)."""
    if not len(end):
        return np.zeros(0, dtype=np.intp)
    low = int(end.min())
    days = int(end.max()) - low + 1
    if indicators * (areas + 1) * days >= 2**62:  # too many to make one key of
        return np.lexsort((end, area, indicator))
    key = (indicator.astype(np.int64) * (areas + 1) + (area + 1)) * days + (end - low)
    return np.argsort(key, kind="stable")


def repeats(c: Columns) -> bool:
    """Whether two rows have one indicator, period, area, disaggregation, vintage and kind."""
    keys = [c.indicator, c.period, c.area, c.dimensions, c.published, c.kind == PROJECTION]
    order = np.lexsort(tuple(reversed(keys)))
    same = np.ones(max(len(c) - 1, 0), dtype=bool)
    for key in keys:
        ordered = key[order]
        same &= ordered[1:] == ordered[:-1]
    return bool(same.any())


class Index:
    """Where each series is among the rows sorted by indicator, area and period end.

    Found with numpy when the observations are made; each :class:`Series` is built from it the
    first time it is asked for, and kept.
    """

    __slots__ = ("area", "bounds", "ends", "groups", "keys", "lists", "rows", "values", "whole")

    def __init__(self, c: Columns, out: npt.NDArray[np.bool_] | None) -> None:
        keep = c.dimensions == NO_DIMENSIONS
        if out is not None:
            keep &= ~out
        rows = np.flatnonzero(keep)
        indicator, area = c.indicator[rows], c.area[rows]
        order = _order(indicator, area, c.end[rows], len(c.indicators), len(c.areas))
        self.rows = rows[order]
        self.ends = c.end[self.rows]
        self.values = c.value[self.rows]
        indicator, self.area = indicator[order], area[order]
        bounds = self.bounds = _boundaries([indicator, self.area])
        starts = bounds[:-1]
        whole = self.area[starts] == -1
        self.whole: dict[int, tuple[int, int]] = dict(
            zip(
                indicator[starts[whole]].tolist(),
                zip(starts[whole].tolist(), bounds[1:][whole].tolist(), strict=True),
                strict=True,
            )
        )
        # Per-area series by indicator: the runs of its rows that have an area.
        self.groups: dict[int, list[tuple[int, int]]] = {}
        for code, start, stop in zip(
            indicator[starts[~whole]].tolist(),
            starts[~whole].tolist(),
            bounds[1:][~whole].tolist(),
            strict=True,
        ):
            self.groups.setdefault(code, []).append((start, stop))
        self.lists: tuple[list[int], list[float], list[int]] | None = None
        # For :meth:`latest`: each indicator code's whole series, and a sorted key per row.
        self.keys: (
            tuple[npt.NDArray[np.int64], npt.NDArray[np.intp], npt.NDArray[np.int64], int, int]
            | None
        ) = None

    def series(self, start: int, stop: int) -> Series:
        """The series of the sorted rows from ``start`` to ``stop`` (one indicator and area)."""
        if self.lists is None:
            self.lists = (self.ends.tolist(), self.values.tolist(), self.rows.tolist())
        ends, values, rows = self.lists
        return Series(tuple(ends[start:stop]), tuple(values[start:stop]), tuple(rows[start:stop]))

    def latest(self, codes: npt.NDArray[np.int64], day: int) -> npt.NDArray[np.intp]:
        """For each indicator code, the position of its whole series' latest row ending by ``day``.

        Positions are among the sorted rows (:attr:`rows`, :attr:`ends`, :attr:`values`); -1
        where the indicator has no whole series (a code of -1 included) or no row ending on or
        before ``day``. Vectorised: one binary search for all the indicators, on a key that is
        sorted because the rows are: series number × the span of days + day.
        """
        if self.keys is None:
            self.keys = self._keys()
        key, first_of, series_of, low, span = self.keys
        codes = np.asarray(codes, dtype=np.int64)
        if not len(series_of):
            return np.full(len(codes), -1, dtype=np.intp)
        known = (codes >= 0) & (codes < len(series_of))
        safe = np.where(known, codes, 0)
        series = np.where(known, series_of[safe], -1)
        offset = min(max(day - low, -1), span - 1)
        found = np.searchsorted(key, series * span + offset, side="right").astype(np.intp) - 1
        return np.where((series >= 0) & (found >= first_of[safe]), found, -1)

    def _keys(
        self,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp], npt.NDArray[np.int64], int, int]:
        """The search key of every row; each indicator code's whole series: first row, number."""
        n = len(self.ends)
        ends = self.ends.astype(np.int64)
        low = int(ends.min()) if n else 0
        span = (int(ends.max()) - low + 2) if n else 2
        sizes = np.diff(self.bounds)
        key = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes) * span + (ends - low)
        size = max(self.whole, default=-1) + 1
        series_of = np.full(size, -1, dtype=np.int64)
        first_of = np.zeros(size, dtype=np.intp)
        number = {start: k for k, start in enumerate(self.bounds[:-1].tolist())}
        for code, (start, _) in self.whole.items():
            series_of[code] = number[start]
            first_of[code] = start
        return key, first_of, series_of, low, span
