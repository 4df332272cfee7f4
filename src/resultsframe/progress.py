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
import itertools
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

import attrs

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
from resultsframe.model import Indicator, Measure, Result
from resultsframe.observations import Observations, Series
from resultsframe.units import Quantity, format_unit, registry
from resultsframe.values import Pending

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
        self.start = framework.start.toordinal() if framework.start else None
        self.end = framework.end
        self.unit_text = {
            i.id: (format_unit(i.unit) if i.unit is not None else None)
            for i in framework.indicators.values()
        }
        owner = {i.id: r.id for r in framework for i in r.indicators}
        self.owner = owner
        # Results in an order where every contributor comes before what it contributes to.
        self.order: list[str] = list(_topological(framework))
        self.inputs: dict[str, list[tuple[str, float]]] = {r.id: [] for r in framework}
        for link in framework.links:
            self.inputs[link.parent].append((link.child, link.weight))
        self.parent_map: dict[str, list[str]] = {r.id: [] for r in framework}
        for link in framework.links:
            self.parent_map[link.child].append(link.parent)
        # Which derived indicators depend on which indicators.
        self.dependents: dict[str, list[str]] = {}
        for indicator in framework.indicators.values():
            if indicator.derivation is not None:
                for ref in (
                    *indicator.derivation.of,
                    *((indicator.derivation.weight,) if indicator.derivation.weight else ()),
                ):
                    self.dependents.setdefault(ref, []).append(indicator.id)

    # -- indicators --

    def indicator(self, indicator: Indicator, t: date, obs: Observations) -> IndicatorProgress:
        tt = t.toordinal()
        unit = self.unit_text[indicator.id]
        base: dict[str, Any] = {
            "id": indicator.id,
            "result": self.owner[indicator.id],
            "unit": unit,
            "weight": float(indicator.weight),
            "as_of": t,
        }
        if indicator.measure is Measure.QUALITATIVE:
            return IndicatorProgress(
                **base,
                value=None,
                baseline=None,
                target=None,
                achievement=None,
                achievement_raw=None,
                expected=None,
                coverage=None,
                status=Status.NOT_ASSESSABLE,
                reason="qualitative indicator: described, not measured or aggregated",
            )
        # value
        value: float | None
        used: ObservationUsed | None = None
        derivation_text: str | None = None
        value_reason: str | None = None
        if indicator.derivation is not None:
            value, derivation_text, value_reason = self.derive(indicator, tt, obs)
        else:
            series = obs.series(indicator.id)
            value = None
            if series is not None:
                i = series.at(tt)
                if i is not None:
                    value = series.values[i]
                    used = self._used(obs, series, i)
            if value is None:
                areas = len(obs.areas(indicator.id))
                extra = (
                    f" ({areas} per-area series are not combined without a derivation)"
                    if areas
                    else ""
                )
                value_reason = (
                    f"no observation of {indicator.id} at or before {t.isoformat()}{extra}"
                )
        base["value"] = value
        base["value_used"] = used
        base["derivation"] = derivation_text
        # target
        target = indicator.target
        if target is None:
            return IndicatorProgress(
                **base,
                baseline=None,
                target=None,
                achievement=None,
                achievement_raw=None,
                expected=None,
                coverage=None,
                status=Status.NOT_ASSESSABLE,
                reason="monitoring indicator: it has no target",
            )
        due = target.due or self.end
        base["target_due"] = due
        if isinstance(target.value, Pending):
            base["target_text"] = target.value.text
            return IndicatorProgress(
                **base,
                baseline=None,
                target=None,
                achievement=None,
                achievement_raw=None,
                expected=None,
                coverage=0.0,
                status=Status.NOT_ASSESSABLE,
                reason=f"target pending ({target.value.text!r}): fill it to assess {indicator.id}",
            )
        if target.value is None:
            return IndicatorProgress(
                **base,
                baseline=None,
                target=None,
                achievement=None,
                achievement_raw=None,
                expected=None,
                coverage=0.0,
                status=Status.NOT_ASSESSABLE,
                reason=f"the target is not a number: {target.text!r}",
            )
        target_value = _in_unit(target.value, indicator)
        base["target"] = target_value
        # baseline
        baseline, baseline_date, baseline_reason = self.baseline(indicator, obs, base)
        base["baseline"] = baseline
        if value is None:
            return IndicatorProgress(
                **base,
                achievement=None,
                achievement_raw=None,
                expected=None,
                coverage=0.0,
                status=Status.NOT_ASSESSABLE,
                reason=value_reason,
            )
        if baseline is None:
            return IndicatorProgress(
                **base,
                achievement=None,
                achievement_raw=None,
                expected=None,
                coverage=0.0,
                status=Status.NOT_ASSESSABLE,
                reason=baseline_reason,
            )
        if target_value == baseline:
            return IndicatorProgress(
                **base,
                achievement=None,
                achievement_raw=None,
                expected=None,
                coverage=0.0,
                status=Status.NOT_ASSESSABLE,
                reason=f"the target equals the baseline ({_num(baseline)}): no distance to measure",
            )
        raw = (value - baseline) / (target_value - baseline)
        achievement = _clip(raw)
        method = indicator.status or self.status or self.fw.status
        expected = self.expected(indicator, baseline, target_value, baseline_date, due, tt)
        status, status_reason = _indicator_status(
            method, raw, expected, value, baseline, target_value, baseline_date, due, tt
        )
        return IndicatorProgress(
            **base,
            achievement=achievement,
            achievement_raw=raw,
            expected=expected,
            coverage=1.0,
            status=status,
            reason=status_reason,
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
        self, indicator: Indicator, obs: Observations, base: dict[str, Any]
    ) -> tuple[float | None, int | None, str | None]:
        declared = indicator.baseline
        if declared is not None:
            if isinstance(declared.value, Pending):
                return (
                    None,
                    None,
                    f"baseline pending ({declared.value.text!r}): fill {indicator.id}:baseline",
                )
            if declared.value is None:
                return None, None, f"the baseline is not a number: {declared.text!r}"
            when = declared.period.end.toordinal() if declared.period else self.start
            base["baseline_period"] = declared.period.text if declared.period else None
            base["baseline_source"] = "declared"
            return _in_unit(declared.value, indicator), when, None
        if self.start is None:
            return None, None, "no baseline: none is declared and the framework has no start date"
        if indicator.derivation is not None:
            value, _, reason = self.derive(indicator, self.start, obs)
            if value is None:
                return (
                    None,
                    None,
                    f"no baseline: none is declared and it cannot be derived at the start ({reason})",
                )
            base["baseline_period"] = self.fw.start.isoformat() if self.fw.start else None
            base["baseline_source"] = "derived at the framework's start"
            return value, self.start, None
        series = obs.series(indicator.id)
        i = series.at(self.start) if series is not None else None
        if series is None or i is None:
            start = self.fw.start.isoformat() if self.fw.start else "?"
            return (
                None,
                None,
                (
                    f"no baseline: none is declared and no observation of {indicator.id} ends on or "
                    f"before the framework's start ({start})"
                ),
            )
        used = self._used(obs, series, i)
        base["baseline_used"] = used
        base["baseline_period"] = used.period
        base["baseline_source"] = "latest observation at or before the framework's start"
        return series.values[i], series.ends[i], None

    def expected(
        self,
        indicator: Indicator,
        baseline: float,
        final: float,
        start: int | None,
        due: date | None,
        tt: int,
    ) -> float | None:
        if start is None or due is None:
            return None
        # Piecewise-linear through the milestones: (start, 0) … (due_i, achievement_i) … (due, 1).
        points = [(start, 0.0)]
        for target in indicator.targets[:-1]:
            if target.due is not None and isinstance(target.value, Quantity):
                points.append(
                    (
                        target.due.toordinal(),
                        (_in_unit(target.value, indicator) - baseline) / (final - baseline),
                    )
                )
        points.append((due.toordinal(), 1.0))
        if tt <= points[0][0]:
            return 0.0
        for (t0, a0), (t1, a1) in itertools.pairwise(points):
            if tt <= t1:
                return a0 if t1 == t0 else a0 + (a1 - a0) * (tt - t0) / (t1 - t0)
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

    def result(self, result: Result, t: date, entries: Mapping[str, Entry]) -> ResultProgress:
        inputs: list[Input] = []
        outside: list[tuple[str, str, str]] = []
        for indicator in result.indicators:
            entry = entries[indicator.id]
            assert isinstance(entry, IndicatorProgress)
            if entry.coverage is None:
                # monitoring and qualitative indicators are outside the roll-up
                outside.append(("indicator", indicator.id, entry.reason or ""))
                continue
            inputs.append(
                Input(
                    indicator.id,
                    "indicator",
                    entry.weight,
                    entry.achievement,
                    entry.coverage,
                    None if entry.achievement is not None else entry.reason,
                )
            )
        for child, weight in self.inputs[result.id]:
            child_entry = entries[child]
            assert isinstance(child_entry, ResultProgress)
            if child_entry.coverage is None:
                outside.append(("result", child, child_entry.reason or ""))  # nothing targeted
                continue
            inputs.append(
                Input(
                    child,
                    "result",
                    float(weight),
                    child_entry.progress,
                    child_entry.coverage,
                    None if child_entry.progress is not None else child_entry.reason,
                )
            )
        aggregation = self.aggregation or result.aggregation
        if not inputs:
            return ResultProgress(
                result.id,
                result.level,
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
        weight_sum = sum(i.weight for i in inputs)
        coverage = sum(i.weight * i.coverage for i in inputs) / weight_sum
        assessable = [i for i in inputs if i.value is not None]
        if not assessable:
            ids = ", ".join(i.id for i in inputs)
            return ResultProgress(
                result.id,
                result.level,
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
        values = [i.value for i in assessable if i.value is not None]
        reason = None
        progress: float | None
        if aggregation is Aggregation.MEAN:
            progress = sum(i.weight * i.value for i in assessable if i.value is not None) / sum(
                i.weight for i in assessable
            )
        elif aggregation is Aggregation.MINIMUM:
            progress = min(values)
        elif any(v < 1 for v in values):
            progress = 0.0
        elif len(assessable) < len(inputs):
            progress = None
            reason = (
                "all-of: every assessable input is achieved, but some inputs cannot be assessed"
            )
        else:
            progress = 1.0
        expected_inputs = [(i.weight, self._expected_of(i, entries)) for i in assessable]
        expected = (
            sum(w * e for w, e in expected_inputs if e is not None)
            / sum(w for w, e in expected_inputs if e is not None)
            if any(e is not None for _, e in expected_inputs)
            else None
        )
        if progress is None:
            return ResultProgress(
                result.id,
                result.level,
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
        status = _result_status(self.status or self.fw.status, progress, expected)
        return ResultProgress(
            result.id,
            result.level,
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

    @staticmethod
    def _expected_of(item: Input, entries: Mapping[str, Entry]) -> float | None:
        entry = entries[item.id]
        return entry.expected

    # -- whole reports --

    def run(self, t: date) -> dict[str, Entry]:
        entries: dict[str, Entry] = {}
        obs = self.obs
        indicators = self.fw.indicators
        for indicator in indicators.values():
            entries[indicator.id] = self.indicator(indicator, t, obs)
        results = self.fw.results
        for rid in self.order:
            entries[rid] = self.result(results[rid], t, entries)
        return entries

    def update(self, report: ProgressReport, observations: Observations) -> ProgressReport:
        old = report.observations
        changed: set[str] = set()
        for indicator_id in self.fw.indicators:
            if (
                old.series(indicator_id) is not observations.series(indicator_id)
                and not _same_series(old.series(indicator_id), observations.series(indicator_id))
            ) or (
                old.areas(indicator_id) is not observations.areas(indicator_id)
                and not _same_areas(old.areas(indicator_id), observations.areas(indicator_id))
            ):
                changed.add(indicator_id)
        stack = list(changed)
        while stack:
            for dependent in self.dependents.get(stack.pop(), ()):
                if dependent not in changed:
                    changed.add(dependent)
                    stack.append(dependent)
        entries = dict(report._entries)
        engine = _Engine.__new__(_Engine)
        engine.__dict__.update(self.__dict__)
        engine.obs = observations
        t = report.as_of
        dirty: set[str] = set()
        for indicator_id in changed:
            entries[indicator_id] = engine.indicator(
                self.fw.indicators[indicator_id], t, observations
            )
            dirty.add(self.owner[indicator_id])
        stack = list(dirty)
        while stack:
            for parent in self.parent_map[stack.pop()]:
                if parent not in dirty:
                    dirty.add(parent)
                    stack.append(parent)
        results = self.fw.results
        for rid in self.order:
            if rid in dirty:
                entries[rid] = engine.result(results[rid], t, entries)
        return ProgressReport(self.fw, observations, t, entries, engine)


def _same_series(a: Series | None, b: Series | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.ends == b.ends and a.values == b.values


def _same_areas(a: Mapping[str, Series], b: Mapping[str, Series]) -> bool:
    return a.keys() == b.keys() and all(_same_series(a[k], b[k]) for k in a)


def _topological(framework: Framework) -> Iterator[str]:
    import networkx as nx

    # Edges go child → parent, so a topological order lists contributors first.
    yield from nx.topological_sort(framework.graph)


def _in_unit(value: Quantity, indicator: Indicator) -> float:
    unit = indicator.unit
    if unit is None or value.units == unit:
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
        shown = _num(e.target, e.unit) if e.target is not None else f"pending {e.target_text!r}"
        lines.append(f"  target:      {shown}{due}")
    else:
        lines.append("  target:      none")
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
