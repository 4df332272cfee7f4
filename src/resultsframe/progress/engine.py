"""The engine: the pass that computes every entry of a report, and :func:`assess` itself.

An :class:`Engine` is prepared once per framework and observations (from the framework's
:mod:`~resultsframe.progress.plan`) and reused across dates: :func:`assess_over` runs it at
each date, and ``report.update`` runs it again on what changed only. Each indicator's entry
comes from its value, target and baseline; each result's from its inputs
(:mod:`~resultsframe.progress.rollup`), results after what contributes to them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs

from resultsframe.exceptions import ValidationError
from resultsframe.formatting import number
from resultsframe.framework import Framework
from resultsframe.methods import Aggregation, StatusMethod
from resultsframe.observations import Observations, Series, Unreadable
from resultsframe.observations.batch import collector_paused
from resultsframe.periods import Period, parse_date
from resultsframe.progress.accumulation import Totals, annotate, running_totals
from resultsframe.progress.derivations import derive
from resultsframe.progress.disaggregation import dimension_entries, sum_findings
from resultsframe.progress.entries import Entries
from resultsframe.progress.milestones import path_facts
from resultsframe.progress.plan import NONE, NUMBER, RELATIVE, IndicatorPlan, ResultPlan, structure
from resultsframe.progress.pushdown import Frame, push_down
from resultsframe.progress.report import (
    Entry,
    IndicatorProgress,
    ObservationUsed,
    ProgressReport,
    ResultProgress,
    Status,
)
from resultsframe.progress.rollup import roll_up
from resultsframe.progress.status import expected, indicator_status
from resultsframe.progress.update import update
from resultsframe.progress.values import latest_text, observation_used, projected, projections
from resultsframe.progress.vectorised import figures, layout
from resultsframe.values import Relative

__all__ = ["Engine", "assess", "assess_over"]

# What the baseline lookup gives: value, day (an ordinal), why there is none, period, source,
# and the observation it is.
_Baseline = tuple[
    float | None, int | None, str | None, str | None, str | None, ObservationUsed | None
]


def _clip(x: float) -> float:
    return 0.0 if x < 0 else 1.0 if x > 1 else x


class Engine:
    """Computes entries; prepared once per framework and observations, reused across dates."""

    def __init__(
        self,
        framework: Framework,
        observations: Observations,
        status_method: StatusMethod | None,
        aggregation: Aggregation | None,
        vintage: date | None = None,
    ) -> None:
        self.fw = framework
        self.vintage = vintage
        self.obs = observations
        self.unreadable = observations.unreadable
        self.status_method = status_method
        self.aggregation = aggregation
        self.result_method = status_method or framework.status_method
        plan = structure(framework)
        self.start = plan.start
        self.start_text = plan.start_text
        self.plans = plan.plans
        self.owner = plan.owner
        self.dependents = plan.dependents
        self.parent_map = plan.parents
        self.position = plan.position
        self.result_plans = plan.result_plans
        self.result_plan = plan.result_plan
        # The running totals of indicators in increments, each with the series it was made of.
        self.totals: dict[str, tuple[Series, Totals]] = {}
        self.findings = _findings(observations, framework)
        # Projections of the whole indicator, by indicator: shown, never counted.
        self.projected = projected(observations)

    def with_observations(self, observations: Observations) -> Engine:
        """The same engine (the same plans) over other observations."""
        engine = Engine.__new__(Engine)
        engine.__dict__.update(self.__dict__)
        engine.obs = observations
        engine.unreadable = observations.unreadable
        engine.findings = _findings(observations, self.fw)
        engine.projected = projected(observations)
        return engine

    # -- indicators --

    def indicator(self, plan: IndicatorPlan, t: date, tt: int) -> IndicatorProgress:
        """An indicator's entry as of ``t`` (``tt`` its ordinal)."""
        entry = self._indicator(plan, t, tt)
        if plan.annotated:  # accumulation, reporting frequency, stages
            entry = annotate(entry, plan, self.obs, self.totals, t, tt)
        if plan.dimensioned or plan.id in self.findings or plan.id in self.unreadable:
            entry = self._disaggregated(entry, plan, t)
        if self.projected and plan.id in self.projected:
            entry = projections(entry, self.projected[plan.id], tt)
        return entry

    def _disaggregated(
        self, entry: IndicatorProgress, plan: IndicatorPlan, t: date
    ) -> IndicatorProgress:
        """The entry with its disaggregations' entries and its findings."""
        method = plan.status_method or self.status_method or self.fw.status_method
        return attrs.evolve(
            entry,
            by_dimension=dimension_entries(
                self.fw, plan.indicator, plan.result, self.obs, t, method
            )
            if plan.dimensioned
            else (),
            findings=self.findings.get(plan.id, ()) + _refused(self.unreadable, plan.id, t),
        )

    def _series(self, plan: IndicatorPlan) -> Series | None:
        """An indicator's whole-indicator series; running totals for one in increments."""
        series = self.obs.series(plan.id)
        if plan.increments and series is not None and not plan.derived:
            return running_totals(plan, series, self.obs, self.totals).series
        return series

    def _indicator(self, plan: IndicatorPlan, t: date, tt: int) -> IndicatorProgress:
        indicator = plan.indicator
        iid = plan.id
        if plan.qualitative:
            said = latest_text(self.obs, iid, tt)
            return IndicatorProgress(
                id=iid,
                result=plan.result,
                unit=plan.unit,
                status=Status.NOT_ASSESSABLE,
                reason="qualitative indicator: described, not measured or aggregated",
                weight=plan.weight,
                as_of=t,
                revisions=indicator.revisions,
                baseline_revisions=indicator.baseline_revisions,
                value_used=said,
                text=said.text if said is not None else None,
                vintage=self.vintage,
            )
        obs = self.obs
        # value
        value: float | None = None
        used: ObservationUsed | None = None
        derivation_text: str | None = None
        value_reason: str | None = None
        end: int | None = None  # the day the period of the value used ends (an ordinal)
        if plan.derived:
            value, derivation_text, value_reason = derive(self.fw, indicator, tt, obs)
        else:
            series = self._series(plan) if plan.increments else obs.series(iid)
            if series is not None:
                i = bisect_right(series.ends, tt) - 1  # Series.at, without a call per indicator
                if i >= 0:
                    value = series.values[i]
                    end = series.ends[i]
                    used = observation_used(obs, series, i)
            unreadable = self.unreadable.get(iid) if self.unreadable else None
            if unreadable is not None:
                # A value published later than the latest readable one, but that does not read
                # as a number: the figure is not assessable, rather than taken from older data.
                later = [
                    u for u in unreadable if u.whole and (end or 0) < u.period.end.toordinal() <= tt
                ]
                if later:
                    value, used, value_reason = None, None, later[-1].reason
            if value is None and value_reason is None:
                areas = len(obs.areas(iid))
                extra = (
                    f" ({areas} per-area series are not combined without a derivation)"
                    if areas
                    else ""
                )
                value_reason = f"no observation of {iid} at or before {t.isoformat()}{extra}"
        # What every entry of this indicator says, grown as more becomes known.
        known: dict[str, Any] = {
            "id": iid,
            "result": plan.result,
            "value": value,
            "unit": plan.unit,
            "weight": plan.weight,
            "as_of": t,
            "value_used": used,
            "derivation": derivation_text,
            "revisions": indicator.revisions,
            "baseline_revisions": indicator.baseline_revisions,
            "vintage": self.vintage,
        }
        # target
        kind = plan.target_kind
        if kind == NONE:
            return IndicatorProgress(
                **known,
                status=Status.NOT_ASSESSABLE,
                reason="monitoring indicator: it has no target",
            )
        known["target_due"], known["target_text"] = plan.due, plan.target_text
        if kind not in (NUMBER, RELATIVE):
            return IndicatorProgress(
                **known, coverage=0.0, status=Status.NOT_ASSESSABLE, reason=plan.target_reason
            )
        target = plan.target
        # baseline
        if plan.baseline_kind == NUMBER:  # declared: most indicators
            baseline: float | None = plan.baseline
            baseline_when = plan.baseline_when
            baseline_period = plan.baseline_period
            baseline_reason: str | None = None
            baseline_source: str | None = "declared"
            baseline_used: ObservationUsed | None = None
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
        if kind == RELATIVE:
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
        # The milestones the entry names: on the path, and those it goes straight past.
        facts = path_facts(milestones, plan.skipped, baseline, target, baseline_when)
        reason: str | None = None
        path: float | None = None
        if value is None:
            reason = value_reason
        elif baseline is None:
            reason = baseline_reason
        elif target == baseline:
            reason = f"the target equals the baseline ({number(baseline)}): no distance to measure"
        elif end is not None and baseline_when is not None and end <= baseline_when:
            # The latest value is the baseline's own or older: not "no progress", no news.
            assert used is not None
            assert target is not None
            since = baseline_period or date.fromordinal(baseline_when).isoformat()
            reason = (
                f"no new data: the latest observation of {iid} ({used.period}) is not later "
                f"than the baseline ({since})"
            )
            # The path is known without data: what was expected by now is still shown.
            path = expected(baseline, target, baseline_when, plan.due_ordinal, tt, milestones)
        known.update(
            baseline=baseline,
            target=target,
            baseline_period=baseline_period,
            baseline_source=baseline_source,
            baseline_used=baseline_used,
            **facts,
        )
        if reason is not None:
            return IndicatorProgress(
                **known,
                expected=None if path is None else _clip(path),
                expected_raw=path,
                coverage=0.0,
                status=Status.NOT_ASSESSABLE,
                reason=reason,
            )
        assert target is not None
        assert value is not None
        assert baseline is not None
        raw = (value - baseline) / (target - baseline)
        method = plan.status_method or self.status_method or self.fw.status_method
        on_path = expected(baseline, target, baseline_when, plan.due_ordinal, tt, milestones)
        status, status_reason, standing = indicator_status(
            method, raw, on_path, value, baseline, target, baseline_when, plan.due, tt, end
        )
        return IndicatorProgress(
            **known,
            achievement=_clip(raw),
            achievement_raw=raw,
            expected=None if on_path is None else _clip(on_path),
            expected_raw=on_path,
            standing=standing,
            coverage=1.0,
            status=status,
            reason=status_reason,
        )

    def baseline(self, plan: IndicatorPlan, obs: Observations) -> _Baseline:
        """(value, when, reason, period, source, observation used) of an indicator's baseline."""
        kind = plan.baseline_kind
        if kind == NUMBER:
            return plan.baseline, plan.baseline_when, None, plan.baseline_period, "declared", None
        if kind != NONE:
            return None, None, plan.baseline_reason, None, None, None
        if self.start is None:
            reason = "no baseline: none is declared and the framework has no start date"
            return None, None, reason, None, None, None
        if plan.derived:
            value, _, why = derive(self.fw, plan.indicator, self.start, obs)
            if value is None:
                reason = (
                    f"no baseline: none is declared and it cannot be derived at the start ({why})"
                )
                return None, None, reason, None, None, None
            source = "derived at the framework's start"
            return value, self.start, None, self.start_text, source, None
        series = self._series(plan)
        i = series.at(self.start) if series is not None else None
        if series is None or i is None:
            reason = (
                f"no baseline: none is declared and no observation of {plan.id} ends on or "
                f"before the framework's start ({self.start_text or '?'})"
            )
            return None, None, reason, None, None, None
        used = observation_used(obs, series, i)
        source = "latest observation at or before the framework's start"
        return series.values[i], series.ends[i], None, used.period, source, used

    # -- results --

    def result(self, plan: ResultPlan, t: date, entries: Mapping[str, Any]) -> ResultProgress:
        """A result's entry, from the entries (or figures) of its inputs, computed before it."""
        return roll_up(plan, t, entries, self.aggregation, self.result_method)

    # -- whole reports --

    def run(self, t: date) -> Mapping[str, Entry]:
        """Every entry as of ``t``: the indicators, then the results in dependency order.

        The figures are computed column-wise (:mod:`~resultsframe.progress.vectorised`) and
        each entry is made when it is first read (:class:`~resultsframe.progress.entries.Entries`);
        a framework of very many levels for its size is assessed entry by entry instead.
        """
        lay = layout(structure(self.fw))
        with collector_paused():
            if not lay.vectorises:
                return self.run_entries(t)
            tt = t.toordinal()
            made = figures(self, lay, t, tt, lambda out: Entries(self, lay, out, t, tt).inputs)
            return Entries(self, lay, made, t, tt)

    def run_entries(self, t: date) -> dict[str, Entry]:
        """Every entry as of ``t``, each made now: the reference the vectorised pass matches."""
        with collector_paused():
            return self._run(t)

    def _run(self, t: date) -> dict[str, Entry]:
        entries: dict[str, Entry] = {}
        tt = t.toordinal()
        indicator, obs, totals, findings = self._indicator, self.obs, self.totals, self.findings
        refused = self.unreadable
        for plan in self.plans.values():
            entry = indicator(plan, t, tt)
            # What accumulation, a reporting frequency or stages add: for few indicators.
            if plan.annotated:
                entry = annotate(entry, plan, obs, totals, t, tt)
            if (
                plan.dimensioned
                or (findings and plan.id in findings)
                or (refused and plan.id in refused)
            ):
                entry = self._disaggregated(entry, plan, t)
            entries[plan.id] = entry
        for iid, items in self.projected.items():  # projections of later periods, named
            if iid in entries:
                entries[iid] = projections(entries[iid], items, tt)  # type: ignore[arg-type]
        aggregation, method = self.aggregation, self.result_method
        for result_plan in self.result_plans:
            entries[result_plan.id] = roll_up(result_plan, t, entries, aggregation, method)
        return entries

    def update(self, report: ProgressReport, observations: Observations) -> ProgressReport:
        """Recompute what changed observations can change: their indicators and ancestors.

        With a vintage, the changed observations are taken as published by then too.
        """
        if self.vintage is not None:
            observations = observations.published_by(self.vintage)
        return update(self, report, observations)


# --- the public functions -------------------------------------------------------------------


def _findings(observations: Observations, framework: Framework) -> Mapping[str, tuple[str, ...]]:
    """The sum findings of disaggregated observations; none to look for without any."""
    if not observations._cols.dimensions.any():
        return {}
    return sum_findings(observations, framework)


def _refused(
    unreadable: Mapping[str, tuple[Unreadable, ...]], iid: str, t: date
) -> tuple[str, ...]:
    """The published values of an indicator not used, as findings: those due by ``t``."""
    return tuple(u.reason for u in unreadable.get(iid, ()) if u.period.end <= t)


def _prepare(
    framework: Framework,
    observations: Observations | Frame | None,
    vintage: date | None,
    dates: Iterable[date] = (),
) -> Observations:
    if observations is not None and not isinstance(observations, Observations):
        # A data frame: reduced in its own engine to the rows these dates need.
        observations = push_down(framework, observations, dates, vintage).observations
    obs = (
        Observations.from_actuals(framework)
        if observations is None
        else observations.bind(framework)
    )
    return obs if vintage is None else obs.published_by(vintage)


def _aggregation(value: Aggregation | str | None) -> Aggregation | None:
    """An aggregation given by name or member; a clear error for anything else."""
    if value is None or isinstance(value, Aggregation):
        return value
    try:
        return Aggregation(value)
    except ValueError as exc:  # it names the closest aggregation and the known ones
        raise ValidationError(f"{exc} (or an Aggregation)", subject="aggregation") from None


def _to_vintage(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_date(value)


def assess(
    framework: Framework,
    observations: Observations | Frame | None = None,
    as_of: date | str | None = None,
    *,
    status_method: StatusMethod | None = None,
    aggregation: Aggregation | str | None = None,
    vintage: date | str | None = None,
) -> ProgressReport:
    """Assess a framework's progress as of a date.

    Args:
        framework: The framework.
        observations: What was measured; checked against the framework (see
            :class:`~resultsframe.observations.Observations`). None (the default) uses the
            framework's own published actuals (its indicators' reporting periods, as read from
            IATI; see :meth:`Observations.from_actuals
            <resultsframe.observations.Observations.from_actuals>`): an indicator whose latest
            actual does not read as a number is then not assessable, with that reason. Or a
            lazy or eager data frame with the observation columns (polars, DuckDB, pandas,
            pyarrow …, through narwhals): the rows are screened and reduced inside its engine,
            and only those the assessment needs come back (see
            :mod:`~resultsframe.progress.pushdown`).
        as_of: The date; today by default. A year ("2020"), month or fiscal year ("FY2020")
            stands for its last day.
        status_method: A status method for every indicator and result, instead of the
            framework's.
        aggregation: An aggregation for every result, instead of each result's own.
        vintage: Take the data as published on or before this day (an ISO date): each
            period's value is its latest vintage published by then, and what was published
            later is left out. None (the default): the latest vintage of everything.

    Returns:
        The report: ``report["T1.a"].achievement``, ``report["impact"].progress`` …

    Raises:
        DateError: if ``vintage`` is not an ISO date.
    """
    when = _to_vintage(vintage)
    t = _to_date(as_of, framework.fiscal_year_end)
    with collector_paused():
        obs = _prepare(framework, observations, when, (t,))
        engine = Engine(
            framework,
            obs,
            status_method,
            _aggregation(aggregation),
            when,
        )
        return ProgressReport(framework, obs, t, engine.run(t), engine)


def assess_over(
    framework: Framework,
    observations: Observations | Frame | None,
    dates: Iterable[date | str],
    *,
    status_method: StatusMethod | None = None,
    aggregation: Aggregation | str | None = None,
    vintage: date | str | None = None,
) -> list[ProgressReport]:
    """Assess a framework at several dates, preparing the framework and observations once.

    The arguments are those of :func:`assess`, with several dates.

    >>> import resultsframe
    >>> fw = resultsframe.examples.load("cop")
    >>> obs = resultsframe.examples.observations("cop")
    >>> [round(r["T1.a"].value, 2) for r in assess_over(fw, obs, ["2016-12-31", "2020-12-31"])]
    [82.14, 91.84]
    """
    when = _to_vintage(vintage)
    days = [_to_date(day, framework.fiscal_year_end) for day in dates]
    with collector_paused():
        obs = _prepare(framework, observations, when, days)
        engine = Engine(
            framework,
            obs,
            status_method,
            _aggregation(aggregation),
            when,
        )
    reports = []
    for t in days:
        reports.append(ProgressReport(framework, obs, t, engine.run(t), engine))
    return reports


def _to_date(value: date | str | None, fiscal_year_end: str | None = None) -> date:
    if value is None:
        return date.today()
    if isinstance(value, date):
        return value
    return Period.parse(value, fiscal_year_end=fiscal_year_end).end
