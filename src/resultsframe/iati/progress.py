"""Progress on IATI data, following what was published.

The mapping (see the IATI page of the documentation):

- **Target**: an indicator's target is the whole target of its latest period (the period's only
  target, or else the one with no dimension and no location), due at the period's end. The
  reader puts it in :attr:`Indicator.targets <resultsframe.Indicator.targets>`.
- **Baseline**: the indicator's first baseline with no dimension and no location.
- **Value**: each period's whole actual (its only actual, or else the one with no dimension and
  no location) is an observation for that period; other actuals are kept as disaggregated (by
  dimension) or per-area (by location) observations, which are never summed into a whole:
  not percentages (a sum of percentages means nothing), not counts (disaggregations overlap),
  not periods (IATI does not say whether a period's figure is cumulative).
- ``ascending="0"`` is a decreasing indicator, as published.
- A qualitative (or nominal) indicator is described, not measured: it is not assessed and not
  aggregated.
- A value that does not read as a number (``"N/A"``, ``"12254,1"``) is not a number: a target
  or baseline like that makes the indicator not assessable with that reason; so does an actual,
  in :func:`assess`, when it is the latest published at the date.

``resultsframe.assess(framework, observations(framework), as_of)`` works on an imported
framework with the readable actuals; :func:`assess` does the same and also says when the latest
published actual is unreadable.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import attrs

from resultsframe.framework import Framework
from resultsframe.methods import Aggregation, StatusMethod
from resultsframe.model import Actual, Dimension, Indicator, Measure, ReportingPeriod
from resultsframe.observations import Observations
from resultsframe.periods import Period
from resultsframe.progress import IndicatorProgress, ProgressReport, ResultProgress
from resultsframe.progress import assess as assess_framework
from resultsframe.units import Quantity, format_unit

__all__ = ["assess", "observations", "whole_actual"]


def whole_actual(period: ReportingPeriod) -> Actual | None:
    """A period's whole actual: its only actual, or else the one with no dimension or location."""
    actuals = period.actuals
    if len(actuals) == 1:
        return actuals[0]
    return next((a for a in actuals if not a.dimensions and not a.locations), None)


def _records(
    framework: Framework, indicator: Indicator, before: date | None = None
) -> Iterator[dict[str, Any]]:
    """The observation records of an indicator's readable actuals (ending after ``before``)."""
    unit = format_unit(indicator.unit) if indicator.unit is not None else None
    seen: set[tuple[str, str | None, tuple[Any, ...]]] = set()
    for period in indicator.periods:
        if before is not None and period.period.end <= before:
            continue
        whole = whole_actual(period)
        for actual in period.actuals:
            if not isinstance(actual.value, Quantity):
                continue
            area: str | None = None
            dimensions: tuple[Dimension, ...] = ()
            if actual is not whole:
                area = actual.locations[0].ref if len(actual.locations) == 1 else None
                dimensions = actual.dimensions
                if area is None and not dimensions:
                    continue  # a second whole figure for the period: the first one is used
            key = (period.period.text, area, dimensions)
            if key in seen:
                continue
            seen.add(key)
            value = actual.value
            record: dict[str, Any] = {
                "indicator": indicator.id,
                "period": period.period,
                "value": value.magnitude
                if value.units == indicator.unit or unit is None
                else value.to(indicator.unit).magnitude,
                "source": f"IATI {framework.id}",
            }
            if unit is not None:
                record["unit"] = unit
            if area is not None:
                record["area"] = area
            if dimensions:
                record["dimensions"] = dimensions
            yield record


def observations(framework: Framework) -> Observations:
    """The actuals of an imported framework as observations, for :func:`resultsframe.assess`.

    One observation per period's whole actual that reads as a number; disaggregated actuals as
    observations by dimension, per-location ones by area. Qualitative indicators have none.
    """
    return Observations.from_records(
        [
            record
            for result in framework
            for indicator in result.indicators
            if indicator.measure is not Measure.QUALITATIVE
            for record in _records(framework, indicator)
        ],
        framework,
        source=f"IATI actuals of {framework.id}",
    )


def _unreadable(indicator: Indicator, as_of: date) -> tuple[date, str] | None:
    """When the latest whole actual published by ``as_of`` does not read: its end and why."""
    latest: tuple[ReportingPeriod, Actual] | None = None
    for period in indicator.periods:
        whole = whole_actual(period)
        if whole is None or period.period.end > as_of:
            continue
        if latest is None or period.period.end >= latest[0].period.end:
            latest = (period, whole)
    if latest is None or isinstance(latest[1].value, Quantity):
        return None
    period, actual = latest
    if actual.text is None:
        why = f"the actual for {period.period.text} has no value"
    else:
        hint = (
            " (a decimal comma or a thousands separator? IATI writes 12254.1 and 50000)"
            if "," in actual.text and any(c.isdigit() for c in actual.text)
            else ""
        )
        why = f"the actual for {period.period.text} is {actual.text!r}, which is not a number{hint}"
    return period.period.end, why


def _as_of(value: date | str | None) -> date:
    if value is None:
        return date.today()
    if isinstance(value, date):
        return value
    return Period.parse(value).end


def assess(
    framework: Framework,
    as_of: date | str | None = None,
    *,
    status: StatusMethod | None = None,
    aggregation: Aggregation | str | None = None,
) -> ProgressReport:
    """Progress of an imported framework from its own actuals, as of a date (today by default).

    Like ``resultsframe.assess(framework, observations(framework), as_of)``, except that an
    indicator whose latest actual published by the date does not read as a number is not
    assessable, with that reason, rather than assessed from an older actual.
    """
    t = _as_of(as_of)
    unreadable: dict[str, str] = {}
    records: list[dict[str, Any]] = []
    for result in framework:
        for indicator in result.indicators:
            if indicator.measure is Measure.QUALITATIVE:
                continue
            found = _unreadable(indicator, t)
            if found is not None:
                unreadable[indicator.id] = found[1]
            records += _records(framework, indicator, before=found[0] if found else None)
    observed = Observations.from_records(
        records, framework, source=f"IATI actuals of {framework.id}"
    )
    report = assess_framework(framework, observed, t, status=status, aggregation=aggregation)
    if not unreadable:
        return report
    entries: dict[str, IndicatorProgress | ResultProgress] = {key: report[key] for key in report}
    replaced: dict[str, tuple[str, str]] = {}
    for key, why in unreadable.items():
        entry = entries[key]
        if isinstance(entry, IndicatorProgress) and entry.value is None and entry.reason:
            replaced[key] = (entry.reason, why)
            entries[key] = attrs.evolve(entry, reason=why)
    for key, entry in entries.items():
        if isinstance(entry, ResultProgress):
            inputs = tuple(
                attrs.evolve(i, reason=replaced[i.id][1]) if i.id in replaced and i.reason else i
                for i in entry.inputs
            )
            reason = entry.reason
            for old, new in replaced.values():
                reason = reason.replace(old, new) if reason else reason
            entries[key] = attrs.evolve(entry, inputs=inputs, reason=reason)
    return ProgressReport(framework, report.observations, t, entries, report._engine)
