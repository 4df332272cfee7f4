"""Progress: how far each result is from its targets, rolled up from outputs to the impact goal.

:func:`assess` computes a :class:`ProgressReport` for one framework, one set of observations
and one date. The rules (each one swappable, each one explained by ``explain()``):

1. **Value** of an indicator as of *t*: the latest whole-indicator observation whose period
   ends on or before *t*. An indicator derived from unit-level data (:class:`ShareOfUnits`)
   is computed from the units' latest values; what cannot be computed says which data is
   missing.
2. **Baseline**: the declared one; else the latest observation whose period ends on or before
   the framework's start; else none ("not assessable: no baseline").
3. **Achievement** ``(value − baseline) / (target − baseline)`` against the final target,
   right for both directions; clipped to [0, 1] for roll-up, the raw figure kept.
4. **Roll-up**: a result's progress is the weighted mean (or minimum, or all-of) of the
   achievements of its targeted indicators and the progress of the results that contribute to
   it. Inputs that are not assessable are left out and **coverage** shows it: the weighted mean
   of the inputs' coverage (an assessable indicator 1, a pending or unmeasured one 0, a result
   its own coverage). Monitoring indicators and results with no targeted indicator below them
   are outside both. Zero coverage is "not assessable", never 0 %.
5. **Status** by the framework's status method (a linear trajectory by default).
"""

from __future__ import annotations

import enum
import weakref
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

import attrs

from resultsframe import hooks
from resultsframe.exceptions import UnknownIdError
from resultsframe.framework import Framework
from resultsframe.methods import (
    Aggregation,
    Band,
    GrowthRatio,
    Missing,
    Rule,
    StatusMethod,
    Trajectory,
)
from resultsframe.model import Indicator, Measure, Result, TargetRevision
from resultsframe.observations import Observations, Series
from resultsframe.units import Quantity, format_unit, registry
from resultsframe.values import Pending, Relative, parse_relative

__all__ = [
    "IndicatorProgress",
    "Input",
    "ProgressReport",
    "ResultProgress",
    "Status",
    "assess",
    "assess_over",
]


class Status(enum.StrEnum):
    """Where a figure stands."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_ASSESSABLE = "not_assessable"


@attrs.frozen
class Input:
    """One input of a result's progress: a targeted indicator or a contributing result.

    Attributes:
        id: The indicator's or result's id.
        kind: ``"indicator"`` or ``"result"``.
        weight: Its weight.
        value: Its clipped achievement (indicator) or progress (result); None if not assessable.
        coverage: Its coverage (0 to 1).
        reason: Why it was left out of the progress, or None.
    """

    id: str
    kind: str
    weight: float
    value: float | None
    coverage: float
    reason: str | None


@attrs.frozen
class ObservationUsed:
    """An observation a figure was computed from."""

    row: int
    period: str
    value: float
    numerator: float | None
    denominator: float | None
    source: str | None


@attrs.frozen(repr=False)
class IndicatorProgress:
    """Where one indicator stands as of the report's date.

    Attributes:
        id: The indicator's id.
        result: The id of the result it belongs to.
        value: Its value, in its unit (a share in percent); None when there is none.
        unit: Its unit as written in files.
        baseline: The baseline used, in its unit.
        target: The final target, in its unit; None when pending or absent.
        achievement: ``(value − baseline) / (target − baseline)`` clipped to [0, 1].
        achievement_raw: The same, not clipped (over-achievement > 1, regression < 0).
        expected: The achievement expected by now on the status method's path.
        coverage: 1 when assessable, 0 when targeted but not assessable, None outside the
            roll-up (a monitoring or qualitative indicator).
        status: Its status.
        reason: Why it is not assessable (or why its status is not), else None.
        revisions: The indicator's earlier targets, oldest first, shown by :meth:`explain`.
    """

    id: str
    result: str
    value: float | None
    unit: str | None
    baseline: float | None
    target: float | None
    achievement: float | None
    achievement_raw: float | None
    expected: float | None
    coverage: float | None
    status: Status
    reason: str | None
    weight: float
    as_of: date
    baseline_period: str | None = None
    baseline_source: str | None = None
    target_due: date | None = None
    target_text: str | None = None
    value_used: ObservationUsed | None = None
    baseline_used: ObservationUsed | None = None
    derivation: str | None = None
    left_out: tuple[str, ...] = ()
    revisions: tuple[TargetRevision, ...] = ()

    kind = "indicator"

    @property
    def progress(self) -> None:
        """Indicators have achievement, not progress."""
        return None

    def explain(self) -> str:
        """How this figure was obtained, in words."""
        return _explain_indicator(self)

    def __repr__(self) -> str:
        return f"<IndicatorProgress {self.id}: {self.status.value}, achievement {_fmt(self.achievement)}>"


@attrs.frozen(repr=False)
class ResultProgress:
    """Where one result stands as of the report's date.

    Attributes:
        id: The result's id.
        progress: The aggregated progress (0 to 1); None when not assessable.
        coverage: The share of its inputs that could be assessed (0 to 1); None when the result
            has no targeted indicator below it.
        status: Its status.
        reason: Why it is not assessable, else None.
        inputs: The inputs, with their weights and what was left out.
        aggregation: How the inputs were combined.
        outside: What stays outside both progress and coverage, and why: one
            ``(kind, id, reason)`` per monitoring or qualitative indicator and per contributing
            result with no targeted indicator below it.
    """

    id: str
    level: str
    progress: float | None
    coverage: float | None
    expected: float | None
    status: Status
    reason: str | None
    inputs: tuple[Input, ...]
    aggregation: Aggregation
    as_of: date
    outside: tuple[tuple[str, str, str], ...] = ()

    kind = "result"
    value = None
    unit = None
    baseline = None
    target = None
    achievement = None
    achievement_raw = None

    def explain(self) -> str:
        """How this figure was obtained, in words."""
        return _explain_result(self)

    def __repr__(self) -> str:
        return f"<ResultProgress {self.id}: {self.status.value}, progress {_fmt(self.progress)}, coverage {_fmt(self.coverage)}>"


Entry = IndicatorProgress | ResultProgress


class ProgressReport(Mapping[str, Entry]):
    """Everything computed for one framework, one set of observations and one date.

    A read-only mapping from every result id and indicator id to its entry, in the framework's
    order (each result, then its indicators).
    """

    __slots__ = ("_engine", "_entries", "as_of", "framework", "observations")

    def __init__(
        self,
        framework: Framework,
        observations: Observations,
        as_of: date,
        entries: dict[str, Entry],
        engine: _Engine,
    ) -> None:
        self.framework = framework
        self.observations = observations
        self.as_of = as_of
        self._entries = entries
        self._engine = engine

    def __getitem__(self, key: str) -> Entry:
        try:
            return self._entries[key]
        except KeyError:
            raise UnknownIdError(
                f"the report has no result or indicator {key!r} (framework {self.framework.id!r})"
            ) from None

    def __iter__(self) -> Iterator[str]:
        for result in self.framework:
            yield result.id
            for indicator in result.indicators:
                yield indicator.id

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<ProgressReport {self.framework.id} as of {self.as_of.isoformat()}: {len(self)} entries>"

    def _repr_html_(self) -> str:
        return hooks.to_html(self)

    @property
    def results(self) -> dict[str, ResultProgress]:
        """The results' entries by id."""
        return {r.id: self._entries[r.id] for r in self.framework}  # type: ignore[misc]

    @property
    def indicators(self) -> dict[str, IndicatorProgress]:
        """The indicators' entries by id."""
        return {i: self._entries[i] for i in self.framework.indicators}  # type: ignore[misc]

    def explain(self, key: str) -> str:
        """How the figure of a result or indicator was obtained."""
        return self[key].explain()

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per result and indicator, JSON-ready, in the report's order.

        Keys: id, kind, value, unit, baseline, target, achievement, achievement_raw, progress,
        coverage, status, reason.
        """
        return [_record(self._entries[key]) for key in self]

    def to_pandas(self) -> Any:
        """The records as a pandas DataFrame with nullable columns (the ``pandas`` extra).

        See :mod:`resultsframe.frames`. Raises ``ImportError`` naming the extra if pandas is
        missing.
        """
        return hooks.to_pandas(self)

    def to_polars(self) -> Any:
        """The records as a polars DataFrame (the ``polars`` extra).

        See :mod:`resultsframe.frames`. Raises ``ImportError`` naming the extra if polars is
        missing.
        """
        return hooks.to_polars(self)

    def update(self, observations: Observations) -> ProgressReport:
        """The report for changed observations, recomputing only what they can change.

        Indicators whose observations changed (and those derived from them) are recomputed,
        then only their results and those results' ancestors.
        """
        return self._engine.update(self, observations.bind(self.framework))


def _record(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "value": _round(entry.value),
        "unit": entry.unit,
        "baseline": _round(entry.baseline),
        "target": _round(entry.target),
        "achievement": _round(entry.achievement),
        "achievement_raw": _round(entry.achievement_raw),
        "progress": _round(entry.progress),
        "coverage": _round(entry.coverage),
        "status": entry.status.value,
        "reason": entry.reason,
    }


def _round(value: float | None) -> float | None:
    # Twelve significant digits: stable output across platforms, far beyond any data's precision.
    return None if value is None else float(f"{value:.12g}")


def _fmt(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


# --- the engine -----------------------------------------------------------------------------


def _clip(x: float) -> float:
    return 0.0 if x < 0 else 1.0 if x > 1 else x


# What an indicator's final target (and its declared baseline) is: worked out once per engine.
_NONE, _PENDING, _NOT_A_NUMBER, _NUMBER, _RELATIVE = range(5)


class _IndicatorPlan:
    """Everything about one indicator that does not depend on the date or the observations.

    Worked out once per framework, so that a pass over 100 000 indicators does no unit
    conversion, no formatting and no attribute hunting per indicator and date.
    """

    __slots__ = (
        "baseline",
        "baseline_kind",
        "baseline_period",
        "baseline_reason",
        "baseline_when",
        "derived",
        "due",
        "due_ordinal",
        "id",
        "indicator",
        "milestones",
        "qualitative",
        "relative",
        "relative_milestones",
        "result",
        "status",
        "target",
        "target_kind",
        "target_reason",
        "target_text",
        "unit",
        "weight",
    )

    def __init__(
        self,
        indicator: Indicator,
        result: str,
        unit: str | None,
        start: int | None,
        end: date | None,
    ) -> None:
        self.indicator = indicator
        self.id = indicator.id
        self.result = result
        self.unit = unit
        self.weight = float(indicator.weight)
        self.qualitative = indicator.measure is Measure.QUALITATIVE
        self.derived = indicator.derivation is not None
        self.status = indicator.status
        # the final target
        targets = indicator.targets
        target = targets[-1] if targets else None
        self.target: float | None = None
        self.target_text: str | None = None
        self.target_reason: str | None = None
        self.due: date | None = None
        self.due_ordinal: int | None = None
        self.milestones: tuple[tuple[int, float], ...] = ()
        self.relative: Relative | None = None
        self.relative_milestones: tuple[tuple[int, float | Relative], ...] = ()
        if target is None:
            self.target_kind = _NONE
        else:
            self.due = target.due or end
            self.due_ordinal = self.due.toordinal() if self.due is not None else None
            if isinstance(target.value, Pending):
                self.target_kind = _PENDING
                self.target_text = target.value.text
                self.target_reason = (
                    f"target pending ({target.value.text!r}): fill it to assess {indicator.id}"
                )
            elif isinstance(target.value, Relative):
                # Resolved against the baseline, which may come from the observations.
                self.target_kind = _RELATIVE
                self.relative = target.value
                self.target_text = str(target.value)
                self.relative_milestones = tuple(
                    (
                        m.due.toordinal(),
                        m.value if isinstance(m.value, Relative) else _in_unit(m.value, indicator),
                    )
                    for m in targets[:-1]
                    if m.due is not None and isinstance(m.value, (Quantity, Relative))
                )
            elif target.value is None:
                self.target_kind = _NOT_A_NUMBER
                self.target_reason = f"the target is not a number: {target.text!r}"
            else:
                self.target_kind = _NUMBER
                self.target = _in_unit(target.value, indicator)
                if len(targets) > 1:
                    self.milestones = tuple(
                        (m.due.toordinal(), _in_unit(m.value, indicator))
                        for m in targets[:-1]
                        if m.due is not None and isinstance(m.value, Quantity)
                    )
        # the declared baseline
        declared = indicator.baseline
        self.baseline: float | None = None
        self.baseline_when: int | None = None
        self.baseline_period: str | None = None
        self.baseline_reason: str | None = None
        if declared is None:
            self.baseline_kind = _NONE
        elif isinstance(declared.value, Pending):
            self.baseline_kind = _PENDING
            self.baseline_reason = (
                f"baseline pending ({declared.value.text!r}): fill {indicator.id}:baseline"
            )
        elif declared.value is None:
            self.baseline_kind = _NOT_A_NUMBER
            self.baseline_reason = f"the baseline is not a number: {declared.text!r}"
        else:
            self.baseline_kind = _NUMBER
            self.baseline = _in_unit(declared.value, indicator)
            self.baseline_when = declared.period.end.toordinal() if declared.period else start
            self.baseline_period = declared.period.text if declared.period else None


class _ResultPlan:
    """A result's inputs as the engine walks them: its indicators, then its contributors."""

    __slots__ = ("aggregation", "children", "id", "indicators", "level")

    def __init__(self, result: Result, children: list[tuple[str, float]]) -> None:
        self.id = result.id
        self.level = result.level
        self.indicators = tuple([i.id for i in result.indicators])  # a list is built faster
        self.aggregation = result.aggregation
        self.children = children


class _Structure:
    """What assessing needs of a framework, whatever the observations, date and overrides.

    A framework is immutable, so this is worked out once per framework (see
    :func:`_structure`) and shared by every engine over it: repeated ``assess`` calls,
    ``assess_over`` and ``update`` start from it. It holds no reference to the framework.
    """

    def __init__(self, framework: Framework) -> None:
        first = framework.start
        start = first.toordinal() if first is not None else None
        end = framework.end
        self.start = start
        self.start_text = first.isoformat() if first is not None else None
        self.end = end
        # Filled through local names: attribute look-ups per item add up over 100 000 items.
        plans: dict[str, _IndicatorPlan] = {}
        owner: dict[str, str] = {}
        # Which derived indicators read the per-area series of which indicators.
        dependents: dict[str, list[str]] = {}
        children: dict[str, list[tuple[str, float]]] = {}
        parents: dict[str, list[str]] = {}
        result_plan: dict[str, _ResultPlan] = {}
        unit_texts: dict[Any, str] = {}  # a framework has few distinct units: format each once
        for result in framework:
            rid = result.id
            inputs: list[tuple[str, float]] = []
            children[rid] = inputs
            parents[rid] = []
            result_plan[rid] = _ResultPlan(result, inputs)
            for indicator in result.indicators:
                unit = indicator.unit
                text = None
                if unit is not None:
                    # Keyed by pint's units container, which units parsed alike share: hashing
                    # and comparing Unit objects themselves is slow.
                    text = unit_texts.get(unit._units)
                    if text is None:
                        text = unit_texts[unit._units] = format_unit(unit)
                iid = indicator.id
                plans[iid] = _IndicatorPlan(indicator, rid, text, start, end)
                owner[iid] = rid
                derivation = indicator.derivation
                if derivation is not None:
                    for ref in (
                        *derivation.of,
                        *((derivation.weight,) if derivation.weight else ()),
                    ):
                        dependents.setdefault(ref, []).append(iid)
        for link in framework.links:
            children[link.parent].append((link.child, float(link.weight)))
            parents[link.child].append(link.parent)
        self.plans = plans
        self.owner = owner
        self.dependents = dependents
        self.children = children
        self.parents = parents
        # Results in an order where every contributor comes before what it contributes to.
        self.order = _topological(framework, children, parents)
        self.position = {rid: n for n, rid in enumerate(self.order)}
        self.result_plans = [result_plan[rid] for rid in self.order]
        self.result_plan = result_plan


# Structures of the frameworks assessed lately, by id(framework), while each framework lives.
_structures: dict[int, tuple[weakref.ref[Framework], _Structure]] = {}


def _structure(framework: Framework) -> _Structure:
    """The structure of a framework: from the cache when it was assessed before."""
    key = id(framework)
    known = _structures.get(key)
    if known is not None and known[0]() is framework:
        return known[1]
    structure = _Structure(framework)

    def forget(_: object, key: int = key) -> None:
        _structures.pop(key, None)

    _structures[key] = (weakref.ref(framework, forget), structure)
    return structure


class _Engine:
    """Computes entries; prepared once per framework and observations, reused across dates."""

    def __init__(
        self,
        framework: Framework,
        observations: Observations,
        status: StatusMethod | None,
        aggregation: Aggregation | None,
    ) -> None:
        self.fw = framework
        self.obs = observations
        self.status = status
        self.aggregation = aggregation
        self.result_method = status or framework.status
        structure = _structure(framework)
        self.start = structure.start
        self.start_text = structure.start_text
        self.end = structure.end
        self.plans = structure.plans
        self.owner = structure.owner
        self.dependents = structure.dependents
        self.parent_map = structure.parents
        self.position = structure.position
        self.result_plans = structure.result_plans
        self.result_plan = structure.result_plan

    def with_observations(self, observations: Observations) -> _Engine:
        """The same engine (the same plans) over other observations."""
        engine = _Engine.__new__(_Engine)
        engine.__dict__.update(self.__dict__)
        engine.obs = observations
        return engine

    # -- indicators --

    def indicator(self, plan: _IndicatorPlan, t: date, tt: int) -> IndicatorProgress:
        indicator = plan.indicator
        iid = plan.id
        if plan.qualitative:
            return IndicatorProgress(
                iid,
                plan.result,
                None,
                plan.unit,
                None,
                None,
                None,
                None,
                None,
                None,
                Status.NOT_ASSESSABLE,
                "qualitative indicator: described, not measured or aggregated",
                plan.weight,
                t,
                revisions=indicator.revisions,
            )
        obs = self.obs
        # value
        value: float | None = None
        used: ObservationUsed | None = None
        derivation_text: str | None = None
        value_reason: str | None = None
        if plan.derived:
            value, derivation_text, value_reason = self.derive(indicator, tt, obs)
        else:
            series = obs.series(iid)
            if series is not None:
                i = bisect_right(series.ends, tt) - 1  # Series.at, without a call per indicator
                if i >= 0:
                    value = series.values[i]
                    used = self._used(obs, series, i)
            if value is None:
                areas = len(obs.areas(iid))
                extra = (
                    f" ({areas} per-area series are not combined without a derivation)"
                    if areas
                    else ""
                )
                value_reason = f"no observation of {iid} at or before {t.isoformat()}{extra}"
        # target
        kind = plan.target_kind
        if kind == _NONE:
            return IndicatorProgress(
                iid,
                plan.result,
                value,
                plan.unit,
                None,
                None,
                None,
                None,
                None,
                None,
                Status.NOT_ASSESSABLE,
                "monitoring indicator: it has no target",
                plan.weight,
                t,
                value_used=used,
                derivation=derivation_text,
                revisions=indicator.revisions,
            )
        if kind not in (_NUMBER, _RELATIVE):
            return IndicatorProgress(
                iid,
                plan.result,
                value,
                plan.unit,
                None,
                None,
                None,
                None,
                None,
                0.0,
                Status.NOT_ASSESSABLE,
                plan.target_reason,
                plan.weight,
                t,
                target_due=plan.due,
                target_text=plan.target_text,
                value_used=used,
                derivation=derivation_text,
                revisions=indicator.revisions,
            )
        target = plan.target
        # baseline
        baseline: float | None
        baseline_when: int | None
        baseline_reason: str | None
        baseline_period: str | None
        baseline_source: str | None
        baseline_used: ObservationUsed | None
        if plan.baseline_kind == _NUMBER:  # declared: most indicators
            baseline, baseline_when, baseline_period = (
                plan.baseline,
                plan.baseline_when,
                plan.baseline_period,
            )
            baseline_reason, baseline_source, baseline_used = None, "declared", None
        else:
            (
                baseline,
                baseline_when,
                baseline_reason,
                baseline_period,
                baseline_source,
                baseline_used,
            ) = self.baseline(plan, obs)
        milestones = plan.milestones
        if kind == _RELATIVE:
            assert plan.relative is not None
            if baseline is not None:
                target = plan.relative.resolve(baseline)
                milestones = tuple(
                    (when, m.resolve(baseline) if isinstance(m, Relative) else m)
                    for when, m in plan.relative_milestones
                )
            else:
                baseline_reason = (
                    f"the target is relative to the baseline ({plan.target_text}), and there is "
                    f"no baseline yet: {baseline_reason}"
                )
        reason: str | None = None
        if value is None:
            reason = value_reason
        elif baseline is None:
            reason = baseline_reason
        elif target == baseline:
            reason = f"the target equals the baseline ({_num(baseline)}): no distance to measure"
        if value is None or baseline is None or target == baseline:
            return IndicatorProgress(
                iid,
                plan.result,
                value,
                plan.unit,
                baseline,
                target,
                None,
                None,
                None,
                0.0,
                Status.NOT_ASSESSABLE,
                reason,
                plan.weight,
                t,
                baseline_period,
                baseline_source,
                plan.due,
                plan.target_text,
                used,
                baseline_used,
                derivation_text,
                revisions=indicator.revisions,
            )
        assert target is not None
        raw = (value - baseline) / (target - baseline)
        achievement = _clip(raw)
        method = plan.status or self.status or self.fw.status
        expected = self.expected(plan, baseline, target, baseline_when, tt, milestones)
        status, status_reason = _indicator_status(
            method, raw, expected, value, baseline, target, baseline_when, plan.due, tt
        )
        return IndicatorProgress(
            iid,
            plan.result,
            value,
            plan.unit,
            baseline,
            target,
            achievement,
            raw,
            expected,
            1.0,
            status,
            status_reason,
            plan.weight,
            t,
            baseline_period,
            baseline_source,
            plan.due,
            plan.target_text,
            used,
            baseline_used,
            derivation_text,
            revisions=indicator.revisions,
        )

    def _used(self, obs: Observations, series: Series, i: int) -> ObservationUsed:
        row = series.rows[i]
        c = obs._cols
        return ObservationUsed(
            row,
            c.period[row].text,
            series.values[i],
            c.numerator[row],
            c.denominator[row],
            c.src[row],
        )

    def baseline(
        self, plan: _IndicatorPlan, obs: Observations
    ) -> tuple[
        float | None, int | None, str | None, str | None, str | None, ObservationUsed | None
    ]:
        """(value, when, reason, period, source, observation used) of an indicator's baseline."""
        kind = plan.baseline_kind
        if kind == _NUMBER:
            return plan.baseline, plan.baseline_when, None, plan.baseline_period, "declared", None
        if kind != _NONE:
            return None, None, plan.baseline_reason, None, None, None
        if self.start is None:
            return (
                None,
                None,
                "no baseline: none is declared and the framework has no start date",
                None,
                None,
                None,
            )
        if plan.derived:
            value, _, reason = self.derive(plan.indicator, self.start, obs)
            if value is None:
                return (
                    None,
                    None,
                    f"no baseline: none is declared and it cannot be derived at the start ({reason})",
                    None,
                    None,
                    None,
                )
            return (
                value,
                self.start,
                None,
                self.start_text,
                "derived at the framework's start",
                None,
            )
        series = obs.series(plan.id)
        i = series.at(self.start) if series is not None else None
        if series is None or i is None:
            start = self.start_text or "?"
            return (
                None,
                None,
                (
                    f"no baseline: none is declared and no observation of {plan.id} ends on or "
                    f"before the framework's start ({start})"
                ),
                None,
                None,
                None,
            )
        used = self._used(obs, series, i)
        return (
            series.values[i],
            series.ends[i],
            None,
            used.period,
            "latest observation at or before the framework's start",
            used,
        )

    def expected(
        self,
        plan: _IndicatorPlan,
        baseline: float,
        final: float,
        start: int | None,
        tt: int,
        milestones: tuple[tuple[int, float], ...] | None = None,
    ) -> float | None:
        due = plan.due_ordinal
        if start is None or due is None:
            return None
        if tt <= start:
            return 0.0
        # Piecewise-linear through the milestones: (start, 0) … (due_i, achievement_i) … (due, 1).
        t0, a0 = start, 0.0
        for t1, milestone in plan.milestones if milestones is None else milestones:
            a1 = (milestone - baseline) / (final - baseline)
            if tt <= t1:
                return a0 if t1 == t0 else a0 + (a1 - a0) * (tt - t0) / (t1 - t0)
            t0, a0 = t1, a1
        if tt <= due:
            return a0 if due == t0 else a0 + (1.0 - a0) * (tt - t0) / (due - t0)
        return 1.0

    def derive(
        self, indicator: Indicator, tt: int, obs: Observations
    ) -> tuple[float | None, str, str | None]:
        derivation = indicator.derivation
        assert derivation is not None
        sources = derivation.of or (indicator.id,)
        thresholds = {}
        for ref in sources:
            ref_indicator = self.fw.indicators[ref]
            unit = ref_indicator.unit
            thresholds[ref] = (
                float(registry().Quantity(derivation.at_least, "").to(unit).magnitude)
                if unit is not None and unit.dimensionless
                else derivation.at_least
            )
        universe = indicator.universe
        size = universe.size if universe is not None else None
        joiner = " and " if derivation.rule is Rule.ALL else " or "
        description = f"share of areas whose latest value of {joiner.join(sources)} is at least {derivation.at_least:g}"
        if derivation.weight:
            description += f", weighted by {derivation.weight}"
        per_source = {ref: obs.areas(ref) for ref in sources}
        units: set[str] = set().union(*(set(a) for a in per_source.values()))
        weights = obs.areas(derivation.weight) if derivation.weight else None
        if weights:
            # A weighted share is over every unit with a weight: one not observed is unknown
            # (or not met), never silently dropped from the denominator.
            units |= set(weights)
        missing_sources = [ref for ref in sources if not per_source[ref]]
        if missing_sources or (derivation.weight and not weights):
            needs = []
            if missing_sources:
                needs.append(
                    f"unit-level observations (one row per area, e.g. per country) of {', '.join(missing_sources)}"
                )
            if derivation.weight and not weights:
                needs.append(f"per-area weights from {derivation.weight}")
            return (
                None,
                description,
                f"cannot compute {indicator.id}: it needs {' and '.join(needs)}, and none are given",
            )
        met = 0.0
        total = 0.0
        unknown: list[str] = []
        for area in sorted(units):
            results: list[bool | None] = []
            for ref in sources:
                series = per_source[ref].get(area)
                i = series.at(tt) if series is not None else None
                if series is None or i is None:
                    results.append(None)
                else:
                    results.append(series.values[i] >= thresholds[ref])
            if any(r is None for r in results) and derivation.missing is Missing.UNKNOWN:
                known = [r for r in results if r is not None]
                decided = (derivation.rule is Rule.ALL and any(not r for r in known)) or (
                    derivation.rule is Rule.ANY and any(known)
                )
                if not decided:
                    unknown.append(area)
                    continue
            flags = [bool(r) for r in results]
            meets = all(flags) if derivation.rule is Rule.ALL else any(flags)
            w = 1.0
            if weights is not None:
                wseries = weights.get(area)
                j = wseries.at(tt) if wseries is not None else None
                if wseries is None or j is None:
                    unknown.append(area)
                    continue
                w = wseries.values[j]
            total += w
            if meets:
                met += w
        if unknown:
            shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
            return (
                None,
                description,
                f"cannot compute {indicator.id}: no data at or before the date for {len(unknown)} areas ({shown})",
            )
        if weights is None and size is not None:
            if len(units) > size:
                return (
                    None,
                    description,
                    (
                        f"cannot compute {indicator.id}: {len(units)} areas observed, more than the "
                        f"universe's {size}"
                    ),
                )
            if len(units) < size and derivation.missing is Missing.UNKNOWN:
                return (
                    None,
                    description,
                    (
                        f"cannot compute {indicator.id}: {size - len(units)} of the universe's "
                        f"{size} units have no data (data for {len(units)})"
                    ),
                )
            total = float(size)
        if total <= 0:
            return None, description, f"cannot compute {indicator.id}: no units to count"
        fraction = met / total
        unit = indicator.unit
        assert unit is not None
        value = float(registry().Quantity(fraction, "").to(unit).magnitude)
        detail = (
            f"{description}: {met:g} of {total:g}{' (weighted)' if weights is not None else ''}"
        )
        return value, detail, None

    # -- results --

    def result(self, plan: _ResultPlan, t: date, entries: Mapping[str, Entry]) -> ResultProgress:
        inputs: list[Input] = []
        outside: list[tuple[str, str, str]] = []
        # The weighted means are summed left to right, in input order, as the rules list the
        # inputs: the same figures on every Python version (sum() compensates from 3.12 on).
        weights = covered = 0.0  # Σ weight, Σ weight × coverage: every input
        done_weights = done = 0.0  # Σ weight, Σ weight × value: assessable inputs
        expected_weights = expected_sum = 0.0  # the same for assessable inputs with a path
        assessable = 0
        for iid in plan.indicators:
            entry = entries[iid]
            assert isinstance(entry, IndicatorProgress)
            coverage = entry.coverage
            if coverage is None:
                # monitoring and qualitative indicators are outside the roll-up
                outside.append(("indicator", iid, entry.reason or ""))
                continue
            weight = entry.weight
            value = entry.achievement
            inputs.append(
                Input(
                    iid,
                    "indicator",
                    weight,
                    value,
                    coverage,
                    None if value is not None else entry.reason,
                )
            )
            weights += weight
            covered += weight * coverage
            if value is not None:
                assessable += 1
                done_weights += weight
                done += weight * value
                if entry.expected is not None:
                    expected_weights += weight
                    expected_sum += weight * entry.expected
        for child, weight in plan.children:
            child_entry = entries[child]
            assert isinstance(child_entry, ResultProgress)
            coverage = child_entry.coverage
            if coverage is None:
                outside.append(("result", child, child_entry.reason or ""))  # nothing targeted
                continue
            value = child_entry.progress
            inputs.append(
                Input(
                    child,
                    "result",
                    weight,
                    value,
                    coverage,
                    None if value is not None else child_entry.reason,
                )
            )
            weights += weight
            covered += weight * coverage
            if value is not None:
                assessable += 1
                done_weights += weight
                done += weight * value
                if child_entry.expected is not None:
                    expected_weights += weight
                    expected_sum += weight * child_entry.expected
        aggregation = self.aggregation or plan.aggregation
        if not inputs:
            return ResultProgress(
                plan.id,
                plan.level,
                None,
                None,
                None,
                Status.NOT_ASSESSABLE,
                "no targeted indicator in it or below it",
                (),
                aggregation,
                t,
                tuple(outside),
            )
        coverage = covered / weights
        if not assessable:
            ids = ", ".join(i.id for i in inputs)
            return ResultProgress(
                plan.id,
                plan.level,
                None,
                coverage,
                None,
                Status.NOT_ASSESSABLE,
                f"none of its inputs can be assessed: {ids}",
                tuple(inputs),
                aggregation,
                t,
                tuple(outside),
            )
        reason = None
        progress: float | None
        if aggregation is Aggregation.MEAN:
            progress = done / done_weights
        else:
            values = [i.value for i in inputs if i.value is not None]
            if aggregation is Aggregation.MINIMUM:
                progress = min(values)
            elif any(v < 1 for v in values):
                progress = 0.0
            elif assessable < len(inputs):
                progress = None
                reason = (
                    "all-of: every assessable input is achieved, but some inputs cannot be assessed"
                )
            else:
                progress = 1.0
        expected = expected_sum / expected_weights if expected_weights else None
        if progress is None:
            return ResultProgress(
                plan.id,
                plan.level,
                None,
                coverage,
                expected,
                Status.NOT_ASSESSABLE,
                reason,
                tuple(inputs),
                aggregation,
                t,
                tuple(outside),
            )
        status = _result_status(self.result_method, progress, expected)
        return ResultProgress(
            plan.id,
            plan.level,
            progress,
            coverage,
            expected,
            status,
            None
            if status is not Status.NOT_ASSESSABLE
            else "no due dates to compare progress with",
            tuple(inputs),
            aggregation,
            t,
            tuple(outside),
        )

    # -- whole reports --

    def run(self, t: date) -> dict[str, Entry]:
        entries: dict[str, Entry] = {}
        tt = t.toordinal()
        indicator = self.indicator
        for plan in self.plans.values():
            entries[plan.id] = indicator(plan, t, tt)
        result = self.result
        for result_plan in self.result_plans:
            entries[result_plan.id] = result(result_plan, t, entries)
        return entries

    def update(self, report: ProgressReport, observations: Observations) -> ProgressReport:
        """Recompute what changed observations can change: their indicators and ancestors."""
        known = observations._changed_since(report.observations)
        whole, areas = (
            known
            if known is not None  # made from the report's observations by with_rows
            else _changed_indicators(report.observations, observations, self.plans)
        )
        # Derivations read per-area series only: a changed whole-indicator series reaches no
        # derived indicator.
        changed = {i for i in whole | areas if i in self.plans}
        for source in areas:
            changed.update(self.dependents.get(source, ()))
        engine = self.with_observations(observations)
        entries = dict(report._entries)
        t = report.as_of
        tt = t.toordinal()
        dirty: set[str] = set()
        for indicator_id in changed:
            entries[indicator_id] = engine.indicator(self.plans[indicator_id], t, tt)
            dirty.add(self.owner[indicator_id])
        stack = list(dirty)
        while stack:
            for parent in self.parent_map[stack.pop()]:
                if parent not in dirty:
                    dirty.add(parent)
                    stack.append(parent)
        position = self.position
        for rid in sorted(dirty, key=position.__getitem__):
            entries[rid] = engine.result(self.result_plan[rid], t, entries)
        return ProgressReport(self.fw, observations, t, entries, engine)


def _changed_indicators(
    old: Observations, new: Observations, indicators: Iterable[str]
) -> tuple[set[str], set[str]]:
    """The indicators whose whole-indicator series differ, and those whose per-area ones do.

    A whole-indicator series differs also when a row it uses moved or its period, share or
    source changed, since an entry shows the observation it used.
    """
    whole: set[str] = set()
    areas: set[str] = set()
    for indicator_id in indicators:
        a, b = old.series(indicator_id), new.series(indicator_id)
        if a is not b and not _same_rows(a, b, old, new):
            whole.add(indicator_id)
        areas_a, areas_b = old.areas(indicator_id), new.areas(indicator_id)
        if areas_a is not areas_b and not _same_areas(areas_a, areas_b):
            areas.add(indicator_id)
    return whole, areas


def _same_rows(a: Series | None, b: Series | None, old: Observations, new: Observations) -> bool:
    if a is None or b is None:
        return a is b
    if not _same_series(a, b):
        return False
    c, d = old._cols, new._cols
    return a.rows == b.rows and all(
        c.period[r].text == d.period[r].text
        and c.numerator[r] == d.numerator[r]
        and c.denominator[r] == d.denominator[r]
        and c.src[r] == d.src[r]
        for r in a.rows
    )


def _same_series(a: Series | None, b: Series | None) -> bool:
    if a is None or b is None:
        return a is b
    return a is b or (a.ends == b.ends and a.values == b.values)


def _same_areas(a: Mapping[str, Series], b: Mapping[str, Series]) -> bool:
    return a.keys() == b.keys() and all(_same_series(a[k], b[k]) for k in a)


def _topological(
    framework: Framework,
    children: Mapping[str, list[tuple[str, float]]],
    parents: Mapping[str, list[str]],
) -> list[str]:
    """Result ids, every contributor before what it contributes to (Kahn's algorithm).

    Linear in results and links, over the links themselves: no graph to build first.
    """
    waiting = {rid: len(inputs) for rid, inputs in children.items()}
    ready = deque(r.id for r in framework if not waiting[r.id])
    order: list[str] = []
    while ready:
        rid = ready.popleft()
        order.append(rid)
        for parent in parents[rid]:
            waiting[parent] -= 1
            if not waiting[parent]:
                ready.append(parent)
    # The framework refuses cycles on construction, so every result is reached.
    assert len(order) == len(waiting), "the links form a cycle"
    return order


def _in_unit(value: Quantity[Any], indicator: Indicator) -> float:
    unit = indicator.unit
    # A quantity made in the indicator's own unit (a bare number in a document is) shares pint's
    # units container with it: an identity check then spares building a Unit to compare.
    if unit is None or value._units is unit._units or value.units == unit:
        return float(value.magnitude)
    return float(value.to(unit).magnitude)


def _indicator_status(
    method: StatusMethod,
    raw: float,
    expected: float | None,
    value: float,
    baseline: float,
    target: float,
    start: int | None,
    due: date | None,
    tt: int,
) -> tuple[Status, str | None]:
    if raw >= 1:
        return Status.ACHIEVED, None
    if isinstance(method, GrowthRatio):
        if start is None or due is None or tt <= start:
            return Status.NOT_ASSESSABLE, "growth ratio: needs a dated baseline before the date"
        if baseline <= 0 or value <= 0 or target <= 0:
            return Status.NOT_ASSESSABLE, "growth ratio: needs positive baseline, value and target"
        years_done = (tt - start) / 365.25
        years_all = (due.toordinal() - start) / 365.25
        if years_all <= 0:
            return Status.NOT_ASSESSABLE, "growth ratio: the due date is not after the baseline"
        actual = (value / baseline) ** (1 / years_done) - 1
        required = (target / baseline) ** (1 / years_all) - 1
        if required == 0:
            return Status.NOT_ASSESSABLE, "growth ratio: no growth required"
        ratio = actual / required
        return _by_thresholds(ratio, method.on_track, method.at_risk), None
    if expected is None:
        return (
            Status.NOT_ASSESSABLE,
            "no dates: the baseline or the target has no date to draw the path between",
        )
    if isinstance(method, Band):
        if raw >= 1 - method.tolerance:
            return Status.ACHIEVED, None
        gap = expected - raw
        if gap <= method.tolerance:
            return Status.ON_TRACK, None
        return (Status.AT_RISK if gap <= 2 * method.tolerance else Status.OFF_TRACK), None
    if expected <= 0:
        return (Status.ON_TRACK if raw >= 0 else Status.OFF_TRACK), None
    return _by_thresholds(raw / expected, method.on_track, method.at_risk), None


def _by_thresholds(ratio: float, on_track: float, at_risk: float) -> Status:
    if ratio >= on_track:
        return Status.ON_TRACK
    return Status.AT_RISK if ratio >= at_risk else Status.OFF_TRACK


def _result_status(method: StatusMethod, progress: float, expected: float | None) -> Status:
    # A band counts as achieved within its tolerance of the end, for results as for indicators.
    if progress >= (1 - method.tolerance if isinstance(method, Band) else 1):
        return Status.ACHIEVED
    if expected is None:
        return Status.NOT_ASSESSABLE
    if isinstance(method, Band):
        gap = expected - progress
        if gap <= method.tolerance:
            return Status.ON_TRACK
        return Status.AT_RISK if gap <= 2 * method.tolerance else Status.OFF_TRACK
    if expected <= 0:
        return Status.ON_TRACK
    on_track, at_risk = (
        (method.on_track, method.at_risk)
        if isinstance(method, (Trajectory, GrowthRatio))
        else (0.9, 0.6)
    )
    return _by_thresholds(progress / expected, on_track, at_risk)


# --- the public functions -------------------------------------------------------------------


def _prepare(framework: Framework, observations: Observations | None) -> Observations:
    if observations is None:
        return Observations.empty(framework)
    return observations.bind(framework)


def assess(
    framework: Framework,
    observations: Observations | None = None,
    as_of: date | str | None = None,
    *,
    status: StatusMethod | None = None,
    aggregation: Aggregation | str | None = None,
) -> ProgressReport:
    """Assess a framework's progress as of a date.

    Args:
        framework: The framework.
        observations: What was measured; checked against the framework (see
            :class:`~resultsframe.observations.Observations`).
        as_of: The date; today by default.
        status: A status method for every indicator and result, instead of the framework's.
        aggregation: An aggregation for every result, instead of each result's own.

    Returns:
        The report: ``report["T1.a"].achievement``, ``report["impact"].progress`` …
    """
    obs = _prepare(framework, observations)
    t = _to_date(as_of)
    engine = _Engine(
        framework, obs, status, Aggregation(aggregation) if aggregation is not None else None
    )
    return ProgressReport(framework, obs, t, engine.run(t), engine)


def assess_over(
    framework: Framework,
    observations: Observations | None,
    dates: Iterable[date | str],
    *,
    status: StatusMethod | None = None,
    aggregation: Aggregation | str | None = None,
) -> list[ProgressReport]:
    """Assess a framework at several dates, preparing the framework and observations once.

    >>> import resultsframe
    >>> fw = resultsframe.examples.load("cop")
    >>> obs = resultsframe.examples.observations("cop")
    >>> [round(r["T1.a"].value, 2) for r in assess_over(fw, obs, ["2016-12-31", "2020-12-31"])]
    [82.14, 91.84]
    """
    obs = _prepare(framework, observations)
    engine = _Engine(
        framework, obs, status, Aggregation(aggregation) if aggregation is not None else None
    )
    reports = []
    for when in dates:
        t = _to_date(when)
        reports.append(ProgressReport(framework, obs, t, engine.run(t), engine))
    return reports


def _to_date(value: date | str | None) -> date:
    if value is None:
        return date.today()
    if isinstance(value, date):
        return value
    from resultsframe.periods import Period

    return Period.parse(value).end


# --- explanations ---------------------------------------------------------------------------


def _num(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return "—"
    text = (
        f"{value:.2f}".rstrip("0").rstrip(".") if not float(value).is_integer() else f"{value:.0f}"
    )
    if unit == "percent":
        return f"{text} %"
    if unit in (None, "dimensionless"):
        return text
    return f"{text} {unit}"


def _observation_text(used: ObservationUsed, unit: str | None) -> str:
    share = (
        f" ({used.numerator:g}/{used.denominator:g})"
        if used.numerator is not None and used.denominator is not None
        else ""
    )
    source = f"; source: {used.source}" if used.source else ""
    return f"{_num(used.value, unit)}{share} for {used.period}{source}"


def _revision_text(revision: TargetRevision, unit: str | None) -> str:
    target = revision.target
    value = target.value
    if isinstance(value, Pending):
        shown = f"pending {value.text!r}"
    elif isinstance(value, Relative):
        shown = f"{value} from the baseline"
    elif value is None:
        shown = repr(target.text) if target.text else "no value"
    else:
        shown = _num(float(value.to(unit).magnitude) if unit else float(value.magnitude), unit)
    due = f" due {target.due.isoformat()}" if target.due else ""
    return f"{shown}{due} — revised on {revision.revised_on.isoformat()}: {revision.reason}"


def _explain_indicator(e: IndicatorProgress) -> str:
    lines = [f"{e.id} as of {e.as_of.isoformat()} (result {e.result})"]
    if e.derivation:
        lines.append(f"  derived:     {e.derivation}")
    if e.value_used is not None:
        lines.append(f"  value:       {_observation_text(e.value_used, e.unit)}")
        lines.append(
            "               the latest observation whose period ends on or before the date"
        )
    elif e.value is not None:
        lines.append(f"  value:       {_num(e.value, e.unit)}")
    else:
        lines.append("  value:       none")
    if e.target is not None or e.target_text is not None:
        due = f" due {e.target_due.isoformat()}" if e.target_due else ""
        relative = e.target_text is not None and parse_relative(e.target_text) is not None
        if e.target is not None:
            shown = _num(e.target, e.unit) + (
                f" ({e.target_text} from the baseline)" if relative else ""
            )
        elif relative:
            shown = f"{e.target_text} from the baseline, once there is one"
        else:
            shown = f"pending {e.target_text!r}"
        lines.append(f"  target:      {shown}{due}")
    else:
        lines.append("  target:      none")
    if e.revisions:
        lines.append("  earlier targets, oldest first (what was promised before):")
        lines.extend(f"    {_revision_text(r, e.unit)}" for r in e.revisions)
    if e.baseline is not None:
        if e.baseline_used is not None:
            lines.append(f"  baseline:    {_observation_text(e.baseline_used, e.unit)}")
        else:
            lines.append(
                f"  baseline:    {_num(e.baseline, e.unit)}{' for ' + e.baseline_period if e.baseline_period else ''}"
            )
        lines.append(f"               {e.baseline_source}")
    if (
        e.achievement_raw is not None
        and e.baseline is not None
        and e.target is not None
        and e.value is not None
    ):
        lines.append(
            f"  achievement: ({_num(e.value)} − {_num(e.baseline)}) / ({_num(e.target)} − {_num(e.baseline)}) "
            f"= {e.achievement_raw:.3f}"
            + (f", clipped to {e.achievement:.3f}" if e.achievement != e.achievement_raw else "")
        )
    if e.expected is not None:
        lines.append(
            f"  expected:    {e.expected:.3f} of the way by now on the path from the baseline to the target"
        )
    lines.append(f"  status:      {e.status.value}" + (f" — {e.reason}" if e.reason else ""))
    if e.coverage is None:
        lines.append("  roll-up:     outside it (no target, or qualitative)")
    return "\n".join(lines)


def _explain_result(e: ResultProgress) -> str:
    lines = [f"{e.id} ({e.level}) as of {e.as_of.isoformat()}"]
    lines.append(
        f"  progress:    {_fmt(e.progress)} ({e.aggregation.value} of the assessable inputs)"
    )
    lines.append(
        f"  coverage:    {_fmt(e.coverage)} (weighted share of inputs that could be assessed)"
    )
    if e.expected is not None:
        lines.append(f"  expected:    {e.expected:.3f}")
    lines.append(f"  status:      {e.status.value}" + (f" — {e.reason}" if e.reason else ""))
    if e.outside:
        lines.append("  outside the roll-up (in neither progress nor coverage):")
        for kind, key, why in e.outside:
            lines.append(f"    {kind:<9} {key:<10} — {why}")
    if e.inputs:
        lines.append("  inputs:")
        for i in e.inputs:
            shown = f"{i.value:.3f}" if i.value is not None else "left out"
            why = f" — {i.reason}" if i.reason else ""
            lines.append(
                f"    {i.kind:<9} {i.id:<10} weight {i.weight:g}  value {shown}  coverage {i.coverage:.3f}{why}"
            )
    return "\n".join(lines)
