"""Observations written as IATI ``<actual>`` elements, one ``<period>`` per observed period.

The mapping is the one :meth:`Observations.from_actuals
<resultsframe.observations.Observations.from_actuals>` reads back:

- an observation of the whole indicator is the period's ``<actual value=…>``;
- one for an area (a country code) has ``<location ref="FR"/>``, one for a disaggregation its
  ``<dimension name="sex" value="female"/>`` elements;
- a qualitative indicator's observation is an ``<actual>`` with its text as a comment;
- of revised values for the same period, area and disaggregation, the latest published is
  written (IATI has no vintages); estimates and projections are not actuals and are not written.

An indicator's period with the same dates as an observed one gets the observed actuals in place
of its own; the other observed periods come after its periods, in date order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from resultsframe.exceptions import DocumentError, Problem
from resultsframe.framework import Framework
from resultsframe.model import Actual, Comment, Indicator, Location, Measure, ReportingPeriod

if TYPE_CHECKING:
    from resultsframe.observations import Observation, Observations

__all__ = ["belong_to", "refused", "with_actuals"]

_Key = tuple[date, date]


def belong_to(observations: Observations | None, framework: Framework) -> bool:
    """Whether the observations are of this framework (by its id)."""
    return observations is not None and observations.framework.id == framework.id


def refused(observations: Observations) -> DocumentError:
    """The error when no framework written is the one the observations are of."""
    problem = Problem(
        "observations",
        f"they are observations of framework {observations.framework.id!r}, which is not among "
        "the frameworks written; read them with the framework you export",
    )
    return DocumentError((problem,), source="observations")


def _actual(observation: Observation, qualitative: bool) -> Actual | None:
    locations = (Location(observation.area),) if observation.area is not None else ()
    if qualitative:
        if observation.text is None or not observation.text.strip():
            return None
        return Actual(
            comments=(Comment(observation.text),),
            locations=locations,
            dimensions=observation.dimensions,
        )
    if not math.isfinite(float(observation.value.magnitude)):
        return None
    return Actual(observation.value, locations=locations, dimensions=observation.dimensions)


def _latest(indicator: Indicator, observations: Observations) -> dict[_Key, list[Actual]]:
    """The actuals of each observed period, the latest published of each revised value."""
    chosen: dict[tuple[_Key, str | None, tuple[Any, ...]], Observation] = {}
    for row in observations.rows_of(indicator.id):
        observation = observations[row]
        if observation.kind.value != "actual":
            continue
        period = (observation.period.start, observation.period.end)
        key = (period, observation.area, observation.dimensions)
        before = chosen.get(key)
        if before is None or (before.published or date.min) <= (observation.published or date.min):
            chosen[key] = observation
    by_period: dict[_Key, list[Actual]] = {}
    qualitative = indicator.measure is Measure.QUALITATIVE
    for (period, _, _), observation in chosen.items():
        actual = _actual(observation, qualitative)
        if actual is not None:
            by_period.setdefault(period, []).append(actual)
    return by_period


def with_actuals(
    indicator: Indicator, periods: Sequence[ReportingPeriod], observations: Observations
) -> tuple[ReportingPeriod, ...]:
    """The indicator's periods with the observations' actuals."""
    observed = _latest(indicator, observations)
    if not observed:
        return tuple(periods)
    written = []
    for period in periods:
        key = (period.period.start, period.period.end)
        if key in observed:
            written.append(attrs.evolve(period, actuals=tuple(observed.pop(key))))
        else:
            written.append(period)
    for (start, end), actuals in sorted(observed.items(), key=lambda item: item[0]):
        written.append(
            ReportingPeriod(f"{start.isoformat()}/{end.isoformat()}", actuals=tuple(actuals))
        )
    return tuple(written)
