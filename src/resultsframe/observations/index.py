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

    __slots__ = ("area", "ends", "groups", "lists", "rows", "values", "whole")

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
        bounds = _boundaries([indicator, self.area])
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

    def series(self, start: int, stop: int) -> Series:
        """The series of the sorted rows from ``start`` to ``stop`` (one indicator and area)."""
        if self.lists is None:
            self.lists = (self.ends.tolist(), self.values.tolist(), self.rows.tolist())
        ends, values, rows = self.lists
        return Series(tuple(ends[start:stop]), tuple(values[start:stop]), tuple(rows[start:stop]))
