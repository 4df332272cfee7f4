"""The vectorised pass: the figures of every entry as numpy columns, results level by level.

What a result's progress needs of its inputs is a handful of numbers each: achievement or
progress, coverage, the expected progress and the standing's figures. This pass computes them
for every indicator and result at once, and makes no entry: an entry
(:class:`~resultsframe.progress.report.IndicatorProgress`,
:class:`~resultsframe.progress.report.ResultProgress`) is made when it is first read
(:mod:`~resultsframe.progress.entries`), by the same code as always.

- **Indicators.** Those whose figures are plain arithmetic (a number as the final target, a
  declared or observed baseline, no derivation, accumulation, reporting frequency, stages,
  disaggregated targets, growth-rate status, findings or projections: in practice almost all)
  are computed column-wise: the value as of the date by one binary search over all the series
  (:meth:`Index.latest <resultsframe.observations.index.Index.latest>`), then the same
  formulas as :meth:`Engine._indicator <resultsframe.progress.engine.Engine>`. Every other
  indicator's entry is made at once by the engine and its figures copied into the columns.
- **Results.** A result's level is one more than its highest contributing result's (0 for one
  with none), so each level needs only lower ones. Per level, its results' inputs (indicators
  first, then contributing results, in the order the roll-up takes them) are one array of
  edges, and every weighted sum of the roll-up is one ``np.bincount`` over them. ``bincount``
  adds in the order of the edges, left to right from 0, as the roll-up does: the figures are
  the roll-up's to the last bit, which the test suite checks entry by entry.

A framework of very many levels for its size (a long chain) is assessed by the engine alone:
there, a level is a result or two and numpy's per-call cost would outweigh the arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from resultsframe.methods import Aggregation, GrowthRatio
from resultsframe.progress.plan import NONE, NUMBER, RELATIVE, Structure
from resultsframe.progress.report import Entry, IndicatorProgress
from resultsframe.progress.status import expected

if TYPE_CHECKING:
    from resultsframe.progress.engine import Engine

__all__ = ["Figures", "Layout", "figures", "layout"]

Floats = npt.NDArray[np.float64]
_NAN = math.nan


class Layout:
    """What the pass needs of a framework, whatever the observations, date and overrides.

    Slots: the indicators (in the plans' order) are ``0 … n_indicators − 1``, the results (in
    topological order) follow. Worked out once per framework, with its
    :class:`~resultsframe.progress.plan.Structure`.
    """

    def __init__(self, plan: Structure) -> None:
        plans = list(plan.plans.values())
        n = len(plans)
        self.indicator_ids = [p.id for p in plans]
        self.result_ids = [r.id for r in plan.result_plans]
        self.n_indicators = n
        slot = {iid: k for k, iid in enumerate(self.indicator_ids)}
        slot.update({rid: n + k for k, rid in enumerate(self.result_ids)})
        self.slot = slot
        self.weight = np.array([p.weight for p in plans], dtype=np.float64)
        self.target = np.array([_or_nan(p.target) for p in plans], dtype=np.float64)
        self.target_kind = np.array([p.target_kind for p in plans], dtype=np.int8)
        self.baseline_kind = np.array([p.baseline_kind for p in plans], dtype=np.int8)
        self.baseline = np.array([_or_nan(p.baseline) for p in plans], dtype=np.float64)
        self.baseline_when = np.array([_or_nan(p.baseline_when) for p in plans], dtype=np.float64)
        self.due = np.array([_or_nan(p.due_ordinal) for p in plans], dtype=np.float64)
        # Indicators whose figures are plain arithmetic, whatever the observations and method.
        self.plain = np.array(
            [
                not (
                    p.qualitative
                    or p.derived
                    or p.annotated
                    or p.dimensioned
                    or p.target_kind == RELATIVE
                    or isinstance(p.status_method, GrowthRatio)
                )
                for p in plans
            ],
            dtype=bool,
        )
        self.own_method = np.array([p.status_method is not None for p in plans], dtype=bool)
        self.with_milestones = np.flatnonzero(
            np.array([bool(p.milestones) for p in plans], dtype=bool)
        )
        # The results, level by level: the edges of each level's results, in roll-up order.
        position = {rid: k for k, rid in enumerate(self.result_ids)}
        level = [0] * len(self.result_ids)
        for k, rp in enumerate(plan.result_plans):
            for child, _ in rp.children:
                level[k] = max(level[k], level[position[child]] + 1)
        self.n_levels = max(level, default=-1) + 1
        by_level: list[list[int]] = [[] for _ in range(self.n_levels)]
        for k, lv in enumerate(level):
            by_level[lv].append(k)
        weight_of = dict(zip(self.indicator_ids, self.weight.tolist(), strict=True))
        # Per level: the edges' sources (slots), destinations (positions among the level's
        # results), weights, and the level's results (positions in the topological order).
        self.levels: list[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], Floats, list[int]]] = []
        for members in by_level:
            src: list[int] = []
            dst: list[int] = []
            weights: list[float] = []
            for local, k in enumerate(members):
                rp = plan.result_plans[k]
                for iid in rp.indicators:
                    src.append(slot[iid])
                    dst.append(local)
                    weights.append(weight_of[iid])
                for child, w in rp.children:
                    src.append(slot[child])
                    dst.append(local)
                    weights.append(w)
            self.levels.append(
                (
                    np.array(src, dtype=np.intp),
                    np.array(dst, dtype=np.intp),
                    np.array(weights, dtype=np.float64),
                    members,
                )
            )
        self.aggregation = [rp.aggregation for rp in plan.result_plans]

    @property
    def vectorises(self) -> bool:
        """Whether the pass pays: not a framework of very many levels for its size."""
        return self.n_levels <= 16 or self.n_levels * 16 <= len(self.result_ids)


def layout(plan: Structure) -> Layout:
    """The layout of a framework's structure, worked out on first use and kept with it."""
    made: Layout | None = plan.layout
    if made is None:
        made = Layout(plan)
        plan.layout = made
    return made


def _or_nan(value: float | None) -> float:
    return _NAN if value is None else value


class Figures:
    """The figures of every entry of one assessment, by slot (see :class:`Layout`); NaN: None.

    ``value`` is an indicator's clipped achievement or a result's progress; ``coverage``,
    ``expected`` (clipped) and the standing's ``done``, ``due``, ``scale`` and ``ratio`` are the
    entries'. Entries made already are kept by id (``made``).

    An update (:meth:`updated`) shares the columns of the figures it starts from and holds the
    figures it recomputes apart (``over``), so that it costs what it recomputes, not the size
    of the framework; they are folded into copies of the columns when they grow.
    """

    __slots__ = (
        "coverage",
        "done",
        "due",
        "expected",
        "made",
        "over",
        "ratio",
        "scale",
        "sealed",
        "value",
    )

    _COLUMNS = ("value", "coverage", "expected", "done", "due", "scale", "ratio")

    def __init__(self, size: int) -> None:
        self.value: Floats = np.full(size, _NAN)
        self.coverage: Floats = np.full(size, _NAN)
        self.expected: Floats = np.full(size, _NAN)
        self.done: Floats = np.full(size, _NAN)
        self.due: Floats = np.full(size, _NAN)
        self.scale: Floats = np.full(size, _NAN)
        self.ratio: Floats = np.full(size, _NAN)
        self.made: dict[str, Entry] = {}
        self.over: dict[int, tuple[float, ...]] = {}
        self.sealed = False  # once the pass is done, the columns are shared and never written

    def row(self, slot: int) -> tuple[float, ...]:
        """The figures of one slot, in the order of ``_COLUMNS``."""
        known = self.over.get(slot)
        if known is not None:
            return known
        return (
            float(self.value[slot]),
            float(self.coverage[slot]),
            float(self.expected[slot]),
            float(self.done[slot]),
            float(self.due[slot]),
            float(self.scale[slot]),
            float(self.ratio[slot]),
        )

    def updated(self) -> Figures:
        """Figures for an update, sharing these columns; no entry made yet."""
        out = Figures.__new__(Figures)
        for name in self._COLUMNS:
            setattr(out, name, getattr(self, name))
        out.over = dict(self.over)
        if len(out.over) * 16 > len(self.value):  # fold the recomputed figures in
            for name in self._COLUMNS:
                setattr(out, name, getattr(self, name).copy())
            out._fold()
        out.made = {}
        out.sealed = True
        return out

    def _fold(self) -> None:
        columns = [getattr(self, name) for name in self._COLUMNS]
        for slot, figures in self.over.items():
            for column, figure in zip(columns, figures, strict=True):
                column[slot] = figure
        self.over = {}

    def record(self, slot: int, entry: Entry) -> None:
        """Copy an entry's figures into the columns (or beside them, once shared); keep it."""
        value = entry.achievement if isinstance(entry, IndicatorProgress) else entry.progress
        standing = entry.standing
        figures = (
            _or_nan(value),
            _or_nan(entry.coverage),
            _or_nan(entry.expected),
            *(
                (_NAN,) * 4
                if standing is None
                else (
                    _or_nan(standing.done),
                    _or_nan(standing.due),
                    _or_nan(standing.scale),
                    _or_nan(standing.ratio),
                )
            ),
        )
        if self.sealed:
            self.over[slot] = figures
        else:
            for name, figure in zip(self._COLUMNS, figures, strict=True):
                getattr(self, name)[slot] = figure
        self.made[entry.id] = entry


def figures(
    engine: Engine, lay: Layout, t: Any, tt: int, inputs: Callable[[Figures], Mapping[str, Any]]
) -> Figures:
    """Every entry's figures as of ``t`` (``tt`` its ordinal), by the engine's plans.

    ``inputs`` gives what a roll-up reads over figures computed so far (see
    :class:`~resultsframe.progress.entries.Inputs`): results that are not weighted means are
    rolled up by the roll-up itself.
    """
    n = lay.n_indicators
    out = Figures(n + len(lay.result_ids))
    plain = _plain(engine, lay)
    _indicators(engine, lay, out, plain, tt)
    plans = engine.plans
    for k in np.flatnonzero(~plain).tolist():
        out.record(k, engine.indicator(plans[lay.indicator_ids[k]], t, tt))
    _results(engine, lay, out, t, inputs)
    out.sealed = True
    return out


def _plain(engine: Engine, lay: Layout) -> npt.NDArray[np.bool_]:
    """The indicators computed column-wise with these observations and this status method."""
    plain = lay.plain.copy()
    method = engine.status_method or engine.fw.status_method
    if isinstance(method, GrowthRatio):
        plain &= lay.own_method
    slot = lay.slot
    for special in (engine.findings, engine.unreadable, engine.projected):
        for iid in special:
            k = slot.get(iid)
            if k is not None and k < lay.n_indicators:
                plain[k] = False
    return plain


def _indicators(
    engine: Engine, lay: Layout, out: Figures, plain: npt.NDArray[np.bool_], tt: int
) -> None:
    """The plain indicators' figures, column-wise (the arithmetic of ``Engine._indicator``)."""
    obs = engine.obs
    index = obs._series_index()
    codes_of = obs._indicator_codes()
    codes = np.fromiter(
        (codes_of.get(i, -1) for i in lay.indicator_ids), dtype=np.int64, count=lay.n_indicators
    )
    found = index.latest(codes, tt)
    has_value = found >= 0
    at = np.where(has_value, found, 0)
    value = np.where(has_value, index.values[at] if len(index.values) else _NAN, _NAN)
    end = np.where(has_value, index.ends[at] if len(index.ends) else 0, 0).astype(np.float64)
    # The baseline: declared, else observed at the framework's start.
    baseline = lay.baseline.copy()
    when = lay.baseline_when.copy()
    observed = lay.baseline_kind == NONE
    if engine.start is not None and observed.any():
        first = index.latest(codes, engine.start)
        ok = observed & (first >= 0)
        at0 = np.where(ok, first, 0)
        if len(index.values):
            baseline = np.where(ok, index.values[at0], baseline)
            when = np.where(ok, index.ends[at0].astype(np.float64), when)
    target = lay.target
    numbered = lay.target_kind == NUMBER
    with np.errstate(invalid="ignore", divide="ignore"):
        measured = plain & numbered & has_value & ~np.isnan(baseline) & (target != baseline)
        # The latest value is the baseline's own or older: no news, but the path is shown.
        no_news = measured & ~np.isnan(when) & (end <= when)
        assessable = measured & ~no_news
        raw = (value - baseline) / (target - baseline)
        # The path (status.expected without milestones): 0 up to its start, linear to the due
        # date, 1 after; None without both dates.
        t0, due = when, lay.due
        dated = ~np.isnan(t0) & ~np.isnan(due)
        linear = 0.0 + (1.0 - 0.0) * (tt - t0) / (due - t0)
        path = np.where(tt <= t0, 0.0, np.where(tt <= due, np.where(due == t0, 0.0, linear), 1.0))
        path = np.where(dated, path, _NAN)
    for k in lay.with_milestones.tolist():
        if measured[k]:
            ip = engine.plans[lay.indicator_ids[k]]
            start = None if math.isnan(when[k]) else int(when[k])
            on = expected(
                float(baseline[k]), float(target[k]), start, ip.due_ordinal, tt, ip.milestones
            )
            path[k] = _or_nan(on)
    rows = np.flatnonzero(plain)
    ok = assessable[rows]
    p = path[rows]
    out.coverage[rows] = np.where(lay.target_kind[rows] == NONE, _NAN, np.where(ok, 1.0, 0.0))
    out.value[rows] = np.where(ok, np.clip(raw[rows], 0.0, 1.0), _NAN)
    out.expected[rows] = np.where(measured[rows], np.clip(p, 0.0, 1.0), _NAN)
    has_path = ok & ~np.isnan(p)
    out.done[rows] = np.where(has_path, np.minimum(raw[rows], 1.0), _NAN)
    out.due[rows] = np.where(has_path, p, _NAN)
    out.scale[rows] = np.where(has_path, np.abs(p), _NAN)


def _results(
    engine: Engine,
    lay: Layout,
    out: Figures,
    t: Any,
    inputs: Callable[[Figures], Mapping[str, Any]],
) -> None:
    """The results' figures, level by level (the arithmetic of the roll-up)."""
    n = lay.n_indicators
    override = engine.aggregation
    for src, dst, w, members in lay.levels:
        size = len(members)
        if not size:
            continue
        cov = out.coverage[src]
        val = out.value[src]
        inside = ~np.isnan(cov)
        weights = _sum(dst, w, inside, size)
        covered = _sum(dst, w * cov, inside, size)
        done_mask = inside & ~np.isnan(val)
        done_weights = _sum(dst, w, done_mask, size)
        done = _sum(dst, w * val, done_mask, size)
        exp = out.expected[src]
        em = done_mask & ~np.isnan(exp)
        expected_weights = _sum(dst, w, em, size)
        expected_sum = _sum(dst, w * exp, em, size)
        pm = done_mask & ~np.isnan(out.due[src])
        path_weights = _sum(dst, w, pm, size)
        done_path = _sum(dst, w * out.done[src], pm, size)
        due_path = _sum(dst, w * out.due[src], pm, size)
        scale_path = _sum(dst, w * out.scale[src], pm, size)
        rm = done_mask & ~np.isnan(out.ratio[src])
        ratio_weights = _sum(dst, w, rm, size)
        ratio_sum = _sum(dst, w * out.ratio[src], rm, size)
        slots = n + np.array(members, dtype=np.intp)
        with np.errstate(invalid="ignore", divide="ignore"):
            # Weights are positive: a sum of them is 0 only when there is nothing to sum.
            some = done_weights > 0
            out.coverage[slots] = np.where(weights > 0, covered / weights, _NAN)
            out.value[slots] = np.where(some, done / done_weights, _NAN)
            ew, pw, rw = expected_weights, path_weights, ratio_weights
            out.expected[slots] = np.where(some & (ew != 0), expected_sum / ew, _NAN)
            stood = some & (pw != 0)
            out.done[slots] = np.where(stood, done_path / pw, _NAN)
            out.due[slots] = np.where(stood, due_path / pw, _NAN)
            out.scale[slots] = np.where(stood, scale_path / pw, _NAN)
            out.ratio[slots] = np.where(some & (rw != 0), ratio_sum / rw, _NAN)
        for k in members:
            if (override or lay.aggregation[k]) is not Aggregation.MEAN:
                # A minimum or all-of (rare): the roll-up itself, over the figures so far.
                out.record(n + k, engine.result(engine.result_plans[k], t, inputs(out)))


def _sum(
    dst: npt.NDArray[np.intp], weights: Floats, mask: npt.NDArray[np.bool_], size: int
) -> Floats:
    """Σ weights by destination over the masked edges, each sum left to right in edge order."""
    summed: Floats = np.bincount(dst[mask], weights=weights[mask], minlength=size).astype(
        np.float64, copy=False
    )
    return summed
