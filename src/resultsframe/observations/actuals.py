"""A framework's own published actuals (its indicators' reporting periods) as observations.

The mapping, as IATI publishes results (see the IATI page of the documentation):

- Each period's **whole actual** (its only actual, or else the one with no dimension and no
  location) is an observation of the indicator for that period.
- Other actuals are kept as disaggregated (by dimension) or per-area (by location)
  observations, which are never summed into a whole: not percentages (a sum of percentages
  means nothing), not counts (disaggregations overlap), not periods (nothing says whether a
  period's figure is cumulative).
- An actual that cannot be used — it does not read as a number (``"N/A"``, ``"12254,1"``), or
  it is a share outside 0–100 % (``"130"`` on a percentage indicator) — is an
  :class:`~resultsframe.observations.records.Unreadable` value, on that indicator only: progress
  lists it among the indicator's findings, and a whole actual says why the indicator is not
  assessable when it is the latest published at a date, rather than falling back on an older
  figure. The rest of the framework is assessed as usual.
- Qualitative indicators are described, not measured: they have no observations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from resultsframe.framework import Framework
from resultsframe.model import Actual, Dimension, Indicator, Measure, ReportingPeriod
from resultsframe.observations.columnar import Columns
from resultsframe.observations.intake import Intake, RecordPlace
from resultsframe.observations.records import Unreadable
from resultsframe.units import Quantity, format_unit
from resultsframe.values import Pending

__all__ = ["actuals", "gather", "whole_actual"]

# A decimal number as IATI writes one; one that was not read as a value is too large.
_DECIMAL = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*")


def whole_actual(period: ReportingPeriod) -> Actual | None:
    """A period's whole actual: its only actual, or else the one with no dimension or location."""
    found = period.actuals
    if len(found) == 1:
        return found[0]
    return next((a for a in found if not a.dimensions and not a.locations), None)


def gather(framework: Framework) -> tuple[Columns, list[Unreadable]]:
    """The columns of a framework's usable actuals, and those it cannot use.

    Each record is checked as observations are (:class:`~resultsframe.observations.intake.Intake`);
    one that does not fit its indicator is not an error of the whole framework but an
    :class:`Unreadable` value of that indicator, with the reason the check gave.
    """
    source = f"actuals of {framework.id}"
    records, unreadable = actuals(framework)
    intake = Intake(framework, source)
    problems = intake.problems.items  # each record's problems are taken out as they come
    for n, (record, text) in enumerate(records):
        before = len(problems)
        intake.add(record, RecordPlace(n))
        if len(problems) > before:
            found = "; ".join(problem.message for problem in problems[before:])
            del problems[before:]
            dimensions = record.get("dimensions", ())
            area = record.get("area")
            where = _where(record["period"].text, area, dimensions)
            shown = repr(text) if text is not None else "published"
            why = f"{where} is {shown}, which cannot be used: {found}"
            unreadable.append(
                Unreadable(record["indicator"], record["period"], text, why, dimensions, area)
            )
    return intake.columns(), unreadable


def actuals(
    framework: Framework,
) -> tuple[list[tuple[dict[str, Any], str | None]], list[Unreadable]]:
    """The records of a framework's usable actuals, each with its text, and those it cannot use.

    Unusable actuals are whole ones that do not read as a number, disaggregated or per-area
    ones that do not either, and shares outside 0–100 %, in the framework's order.
    """
    records: list[tuple[dict[str, Any], str | None]] = []
    unreadable: list[Unreadable] = []
    source = f"actuals of {framework.id}"
    for result in framework:
        for indicator in result.indicators:
            if not indicator.periods or indicator.measure is Measure.QUALITATIVE:
                continue
            for item in _records(indicator, source):
                if isinstance(item, Unreadable):
                    unreadable.append(item)
                else:
                    records.append(item)
            unreadable.extend(_unreadable(indicator))
    return records, unreadable


def _place(actual: Actual, whole: Actual | None) -> tuple[str | None, tuple[Dimension, ...]] | None:
    """The area and disaggregation of an actual; None for a second whole figure (not used)."""
    if actual is whole:
        return None, ()
    area = actual.locations[0].ref if len(actual.locations) == 1 else None
    if area is None and not actual.dimensions:
        return None  # a second whole figure for the period: the first one is used
    return area, actual.dimensions


def _share_fraction(indicator: Indicator) -> float | None:
    """What a share's value in its unit is multiplied by to give its fraction; None if no share."""
    if indicator.measure is not Measure.SHARE or indicator.unit is None:
        return None
    return float(Quantity(1.0, indicator.unit).to("").magnitude)


def _records(
    indicator: Indicator, source: str
) -> Iterator[tuple[dict[str, Any], str | None] | Unreadable]:
    """The observation records of an indicator's readable actuals; shares out of range refused."""
    unit = format_unit(indicator.unit) if indicator.unit is not None else None
    factor = _share_fraction(indicator)
    seen: set[tuple[str, str | None, tuple[Any, ...]]] = set()
    for period in indicator.periods:
        whole = whole_actual(period)
        for actual in period.actuals:
            if not isinstance(actual.value, Quantity):
                continue
            place = _place(actual, whole)
            if place is None:
                continue
            area, dimensions = place
            key = (period.period.text, area, dimensions)
            if key in seen:
                continue
            seen.add(key)
            value = actual.value
            magnitude = (
                value.magnitude
                if value.units == indicator.unit or unit is None
                else value.to(indicator.unit).magnitude
            )
            if factor is not None and not 0 <= magnitude * factor <= 1:
                yield _out_of_range(indicator, period, actual, magnitude, area, dimensions)
                continue
            record: dict[str, Any] = {
                "indicator": indicator.id,
                "period": period.period,
                "value": magnitude,
                "source": source,
            }
            if unit is not None:
                record["unit"] = unit
            if area is not None:
                record["area"] = area
            if dimensions:
                record["dimensions"] = dimensions
            yield record, actual.text


def _where(period: str, area: str | None, dimensions: tuple[Dimension, ...]) -> str:
    """``the actual for 2019-01-01/2019-12-31`` and, when it is one, of which part."""
    parts = [f"{d.name} = {d.value}" for d in dimensions]
    if area is not None:
        parts.append(f"area {area}")
    return f"the actual for {period}" + (f" ({', '.join(parts)})" if parts else "")


def _out_of_range(
    indicator: Indicator,
    period: ReportingPeriod,
    actual: Actual,
    magnitude: float,
    area: str | None,
    dimensions: tuple[Dimension, ...],
) -> Unreadable:
    """A share published above 100 % (or below 0): not used, and said."""
    shown = actual.text.strip() if actual.text else f"{magnitude:g}"
    unit = format_unit(indicator.unit) if indicator.unit is not None else ""
    side = "above 100 %" if magnitude > 0 else "below 0 %"
    why = (
        f"{_where(period.period.text, area, dimensions)} is {shown} {'%' if unit == 'percent' else unit}, "
        f"{side}: a share of {indicator.id!r} lies between 0 and 100 %, so it is not used "
        "(a count, or a percentage of another whole? correct it, or publish it under an "
        "indicator of its own)"
    )
    return Unreadable(indicator.id, period.period, actual.text, why, dimensions, area)


def _unreadable(indicator: Indicator) -> Iterator[Unreadable]:
    """The actuals of an indicator that do not read as a number, and why."""
    for period in indicator.periods:
        whole = whole_actual(period)
        for actual in period.actuals:
            if isinstance(actual.value, Quantity):
                continue
            place = _place(actual, whole)
            if place is None:
                continue
            area, dimensions = place
            where = _where(period.period.text, area, dimensions)
            if actual.text is None:
                why = f"{where} has no value"
            elif isinstance(actual.value, Pending):
                why = f"{where} is {actual.text!r}: not known yet"
            elif _DECIMAL.fullmatch(actual.text):
                why = f"{where} is {actual.text!r}, a number too large to be used"
            else:
                hint = (
                    " (a decimal comma or a thousands separator? IATI writes 12254.1 and 50000)"
                    if "," in actual.text and any(c.isdigit() for c in actual.text)
                    else ""
                )
                why = f"{where} is {actual.text!r}, which is not a number{hint}"
            yield Unreadable(indicator.id, period.period, actual.text, why, dimensions, area)
