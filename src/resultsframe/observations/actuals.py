"""A framework's own published actuals (its indicators' reporting periods) as observations.

The mapping, as IATI publishes results (see the IATI page of the documentation):

- Each period's **whole actual** (its only actual, or else the one with no dimension and no
  location) is an observation of the indicator for that period.
- Other actuals are kept as disaggregated (by dimension) or per-area (by location)
  observations, which are never summed into a whole: not percentages (a sum of percentages
  means nothing), not counts (disaggregations overlap), not periods (nothing says whether a
  period's figure is cumulative).
- A whole actual that does not read as a number (``"N/A"``, ``"12254,1"``) is an
  :class:`~resultsframe.observations.records.Unreadable` value: progress says so when it is the
  latest published at a date, rather than falling back on an older figure.
- Qualitative indicators are described, not measured: they have no observations.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from resultsframe.framework import Framework
from resultsframe.model import Actual, Dimension, Indicator, Measure, ReportingPeriod
from resultsframe.observations.records import Unreadable
from resultsframe.units import Quantity, format_unit

__all__ = ["actuals", "whole_actual"]


def whole_actual(period: ReportingPeriod) -> Actual | None:
    """A period's whole actual: its only actual, or else the one with no dimension or location."""
    found = period.actuals
    if len(found) == 1:
        return found[0]
    return next((a for a in found if not a.dimensions and not a.locations), None)


def actuals(framework: Framework) -> tuple[list[dict[str, Any]], list[Unreadable]]:
    """The observation records of a framework's readable actuals, and its unreadable ones.

    Unreadable values are those of whole actuals, in the framework's order.
    """
    records: list[dict[str, Any]] = []
    unreadable: list[Unreadable] = []
    source = f"actuals of {framework.id}"
    for result in framework:
        for indicator in result.indicators:
            if not indicator.periods or indicator.measure is Measure.QUALITATIVE:
                continue
            records.extend(_records(indicator, source))
            unreadable.extend(_unreadable(indicator))
    return records, unreadable


def _records(indicator: Indicator, source: str) -> Iterator[dict[str, Any]]:
    """The observation records of an indicator's readable actuals."""
    unit = format_unit(indicator.unit) if indicator.unit is not None else None
    seen: set[tuple[str, str | None, tuple[Any, ...]]] = set()
    for period in indicator.periods:
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
                "source": source,
            }
            if unit is not None:
                record["unit"] = unit
            if area is not None:
                record["area"] = area
            if dimensions:
                record["dimensions"] = dimensions
            yield record


def _unreadable(indicator: Indicator) -> Iterator[Unreadable]:
    """The whole actuals of an indicator that do not read as a number, and why."""
    for period in indicator.periods:
        whole = whole_actual(period)
        if whole is None or isinstance(whole.value, Quantity):
            continue
        text = period.period.text
        if whole.text is None:
            why = f"the actual for {text} has no value"
        else:
            hint = (
                " (a decimal comma or a thousands separator? IATI writes 12254.1 and 50000)"
                if "," in whole.text and any(c.isdigit() for c in whole.text)
                else ""
            )
            why = f"the actual for {text} is {whole.text!r}, which is not a number{hint}"
        yield Unreadable(indicator.id, period.period, whole.text, why)
