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
from datetime import date
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt

from resultsframe.methods import Aggregation, GrowthRatio
from resultsframe.model import Indicator, Measure
from resultsframe.progress.plan import (
    NONE,
    NUMBER,
    RELATIVE,
    Structure,
    annotated,
    baseline_when,
    in_unit,
    split_targets,
    value_kind,
)
from resultsframe.progress.report import Entry, IndicatorProgress
from resultsframe.progress.status import expected
from resultsframe.units import Quantity

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
        indicators = plan.indicators
        n = len(indicators)
        self.indicator_ids = list(indicators)
        self.result_ids = [r.id for r in plan.result_plans]
        self.n_indicators = n
        slot = {iid: k for k, iid in enumerate(self.indicator_ids)}
        slot.update({rid: n + k for k, rid in enumerate(self.result_ids)})
        self.slot = slot
        # Read from the indicators themselves, in one loop: the plans (IndicatorPlan, which
        # decide the same things with the same helpers) are made only for the entries made.
        rows = [_row(indicator, plan.start, plan.end) for indicator in indicators.values()]
        columns = list(zip(*rows, strict=True)) if rows else [()] * 10
        weight, target, target_kind, baseline_kind, baseline, when, due, plain, own, steps = columns
        self.weight = np.array(weight, dtype=np.float64)
        self.target = np.array(target, dtype=np.float64)
        self.target_kind = np.array(target_kind, dtype=np.int8)
        self.baseline_kind = np.array(baseline_kind, dtype=np.int8)
        self.baseline = np.array(baseline, dtype=np.float64)
        self.baseline_when = np.array(when, dtype=np.float64)
        self.due = np.array(due, dtype=np.float64)
        # Indicators whose figures are plain arithmetic, whatever the observations and method.
        self.plain = np.array(plain, dtype=bool)
        self.own_method = np.array(own, dtype=bool)
        self.with_milestones = np.flatnonzero(np.array(steps, dtype=bool))
        # The results, level by level: the edges of each level's results, in roll-up order.
        self.aggregation = [rp.aggregation for rp in plan.result_plans]
        nr = len(self.result_ids)
        src_list: list[int] = []
        dst_list: list[int] = []
        weight_list: list[float] = []
        add_src, add_dst, add_weight = src_list.append, dst_list.append, weight_list.append
        for k, rp in enumerate(plan.result_plans):  # roll-up order: indicators, then children
            for iid in rp.indicators:
                add_src(slot[iid])
                add_dst(k)
                add_weight(weight[slot[iid]])
            for child, w in rp.children:
                add_src(slot[child])
                add_dst(k)
                add_weight(w)
        src = np.array(src_list, dtype=np.intp)
        dst = np.array(dst_list, dtype=np.intp)
        weights = np.array(weight_list, dtype=np.float64)
        # A result's level, one more than its highest contributor's: one round per level.
        is_child = src >= n
        child_k, parent_k = src[is_child] - n, dst[is_child]
        level = np.zeros(nr, dtype=np.intp)
        self.n_levels = 1 if nr else 0
        most = max(16, nr // 16)  # past this many levels the pass does not pay (vectorises)
        while len(child_k):
            grown = level.copy()
            np.maximum.at(grown, parent_k, level[child_k] + 1)
            if np.array_equal(grown, level):
                break
            level = grown
            self.n_levels += 1
            if self.n_levels > most:
                break
        self.level = level
        # Per level: the edges' sources (slots), destinations (positions among the level's
        # results), weights, and the level's results (positions in the topological order).
        self.levels: list[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], Floats, list[int]]] = []
        self.span_start = np.zeros(nr, dtype=np.intp)
        self.span_stop = np.zeros(nr, dtype=np.intp)
        if not self.vectorises:
            return
        order = np.argsort(level[dst], kind="stable")  # by level; within it, as appended
        src, dst, weights = src[order], dst[order], weights[order]
        edge_level = level[dst]
        results_by_level = np.argsort(level, kind="stable")
        result_bounds = np.searchsorted(level[results_by_level], np.arange(self.n_levels + 1))
        edge_bounds = np.searchsorted(edge_level, np.arange(self.n_levels + 1))
        for lv in range(self.n_levels):
            members = results_by_level[result_bounds[lv] : result_bounds[lv + 1]]
            a, b = edge_bounds[lv], edge_bounds[lv + 1]
            local = np.searchsorted(members, dst[a:b]).astype(np.intp)
            starts = np.searchsorted(local, np.arange(len(members) + 1))
            self.span_start[members] = starts[:-1]
            self.span_stop[members] = starts[1:]
            self.levels.append((src[a:b], local, weights[a:b], members.tolist()))

    def inputs(self, k: int) -> tuple[npt.NDArray[np.intp], Floats]:
        """The slots and weights of result ``k``'s inputs (its position in topological order)."""
        src, _, weights, _ = self.levels[self.level[k]]
        start, stop = self.span_start[k], self.span_stop[k]
        return src[start:stop], weights[start:stop]

    @property
    def vectorises(self) -> bool:
        """Whether the pass pays: not a framework of very many levels for its size."""
        return self.n_levels <= 16 or self.n_levels * 16 <= len(self.result_ids)


_Row = tuple[float, float, int, int, float, float, float, bool, bool, bool]


def _row(indicator: Indicator, start: int | None, end: date | None) -> _Row:
    """What the layout holds of one indicator, decided as its IndicatorPlan decides it.

    The weight; the final target in the indicator's unit, its kind and due day; the declared
    baseline's kind, value and day; whether the figures are plain arithmetic; whether it has its
    own status method; whether dated milestones lead to a numeric target. ``nan`` where there
    is no number.
    """
    targets, dimensioned = split_targets(indicator)
    nan = math.nan
    target_value = due = nan
    steps = False
    if targets:
        final = targets[-1]
        target_kind = value_kind(final.value)
        if target_kind == NUMBER:
            target_value = in_unit(cast("Quantity[Any]", final.value), indicator)
            steps = len(targets) > 1 and any(
                m.due is not None and isinstance(m.value, Quantity) for m in targets[:-1]
            )
        day = final.due or end
        if day is not None:
            due = day.toordinal()
    else:
        target_kind = NONE
    declared = indicator.baseline
    baseline_kind = NONE if declared is None else value_kind(declared.value)
    baseline = when = nan
    if declared is not None and baseline_kind == NUMBER:
        baseline = in_unit(cast("Quantity[Any]", declared.value), indicator)
        day_of = baseline_when(declared, start)
        when = nan if day_of is None else day_of
    method = indicator.status_method
    plain = not (
        indicator.measure is Measure.QUALITATIVE
        or indicator.derivation is not None
        or dimensioned
        or target_kind == RELATIVE
        or isinstance(method, GrowthRatio)
        or annotated(indicator)
    )
    return (
        float(indicator.weight),
        target_value,
        target_kind,
        baseline_kind,
        baseline,
        when,
        due,
        plain,
        method is not None,
        steps,
    )


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


def result_figures(fig: Figures, lay: Layout, k: int) -> tuple[float, ...]:
    """A weighted-mean result's figures from its inputs' current figures (an update's).

    The roll-up's sums, left to right in its input order, as the level-by-level pass makes
    them: the same figures to the last bit, for one result.
    """
    slots, weights = lay.inputs(k)
    columns = [getattr(fig, name)[slots].tolist() for name in Figures._COLUMNS]
    over = fig.over
    if over:
        for j, slot in enumerate(slots.tolist()):
            known = over.get(slot)
            if known is not None:
                for column, figure in zip(columns, known, strict=True):
                    column[j] = figure
    value, coverage, expected_, done, due, scale, ratio = columns
    isnan = math.isnan
    total = covered = done_weights = done_sum = 0.0
    expected_weights = expected_sum = path_weights = done_path = due_path = scale_path = 0.0
    ratio_weights = ratio_sum = 0.0
    for j, w in enumerate(weights.tolist()):
        cov = coverage[j]
        if isnan(cov):
            continue
        total += w
        covered += w * cov
        v = value[j]
        if isnan(v):
            continue
        done_weights += w
        done_sum += w * v
        if not isnan(expected_[j]):
            expected_weights += w
            expected_sum += w * expected_[j]
        if not isnan(due[j]):
            path_weights += w
            done_path += w * done[j]
            due_path += w * due[j]
            scale_path += w * scale[j]
        if not isnan(ratio[j]):
            ratio_weights += w
            ratio_sum += w * ratio[j]
    if not total:
        return (_NAN,) * 7
    if not done_weights:
        return (_NAN, covered / total, *((_NAN,) * 5))
    pw = path_weights
    return (
        done_sum / done_weights,
        covered / total,
        expected_sum / expected_weights if expected_weights else _NAN,
        done_path / pw if pw else _NAN,
        due_path / pw if pw else _NAN,
        scale_path / pw if pw else _NAN,
        ratio_sum / ratio_weights if ratio_weights else _NAN,
    )


def _sum(
    dst: npt.NDArray[np.intp], weights: Floats, mask: npt.NDArray[np.bool_], size: int
) -> Floats:
    """Σ weights by destination over the masked edges, each sum left to right in edge order."""
    summed: Floats = np.bincount(dst[mask], weights=weights[mask], minlength=size).astype(
        np.float64, copy=False
    )
    return summed
