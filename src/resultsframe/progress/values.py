"""Which observation is an indicator's value: the observation used, its vintages, its text.

The value as of a date is the latest observation whose period ends on or before it, among
those that count (actuals and estimates; projections never do), each period by its latest
vintage (see :meth:`Observations.vintages <resultsframe.observations.Observations.vintages>`).
:func:`observation_used` records which one was used and what else was published for that
period, so that an explanation can show both.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from datetime import date

import attrs
import numpy as np

from resultsframe.observations import Observations, Series
from resultsframe.observations.columnar import KINDS, NO_DIMENSIONS, PROJECTION
from resultsframe.progress.report import IndicatorProgress, ObservationUsed

__all__ = ["latest_text", "observation_used", "projected", "projections"]

# What the projections of one indicator are: (period end as an ordinal, period, value).
Projected = tuple[tuple[int, str, float], ...]


def observation_used(obs: Observations, series: Series, i: int) -> ObservationUsed:
    """The ``i``-th observation of a series, as the observation a figure was computed from."""
    row = series.rows[i]
    c = obs._cols
    # One item of each array (Python scalars): most rows have no text, share or vintage.
    published = c.published.item(row)
    text = c.text.item(row)
    numerator = c.numerator.item(row)
    denominator = c.denominator.item(row)
    source = c.src.item(row)
    reporter = c.reporter.item(row)
    # Most observations were never revised: no generator to run for them.
    vintages = obs._vintages.get(row) if obs._vintages else None
    return ObservationUsed(
        row=row,
        period=c.periods[c.period.item(row)].text,
        value=None if text >= 0 else series.values[i],
        numerator=None if math.isnan(numerator) else numerator,  # NaN: none
        denominator=None if math.isnan(denominator) else denominator,
        source=None if source < 0 else c.strings[source],
        published=date.fromordinal(published).isoformat() if published else None,
        kind=_KINDS[c.kind.item(row)],
        text=None if text < 0 else c.strings[text],
        reporter=None if reporter < 0 else c.strings[reporter],
        reporter_name=None if reporter < 0 else _name_of(obs, c.strings[reporter]),
        vintages=()
        if not vintages
        else tuple(
            (float(c.value[v]), p.isoformat() if (p := c.published_of(v)) is not None else None)
            for v in vintages
        ),
    )


_KINDS = tuple(kind.value for kind in KINDS)  # a row's kind by its code


def _name_of(obs: Observations, partner: str) -> str | None:
    """The name of the partner that reported a row (intake checked it is one)."""
    for p in obs.framework.partners:
        if p.id == partner:
            return p.name
    return None


def latest_text(obs: Observations, indicator: str, tt: int) -> ObservationUsed | None:
    """A qualitative indicator's latest text whose period ends on or before day ``tt``."""
    series = obs.series(indicator)
    if series is None:
        return None
    i = bisect_right(series.ends, tt) - 1
    return observation_used(obs, series, i) if i >= 0 else None


def projected(obs: Observations) -> dict[str, Projected]:
    """The projections of each indicator as a whole, by period end.

    For a period projected more than once, the latest published. Empty (found at once) when no
    row is a projection.
    """
    c = obs._cols
    projection = c.kind == PROJECTION
    if not projection.any():  # most observations: one comparison, then nothing to find
        return {}
    rows = np.flatnonzero(projection & (c.area == -1) & (c.dimensions == NO_DIMENSIONS))
    if not len(rows):
        return {}
    latest: dict[tuple[str, str], tuple[int, int, float]] = {}
    for i in rows.tolist():
        value = float(c.value[i])
        if math.isnan(value):  # a text: a qualitative indicator's, not a figure to show
            continue
        key = (c.indicator_of(i), c.period_of(i).text)
        published = int(c.published[i])  # 0 when not known: before any day
        known = latest.get(key)
        if known is None or published >= known[1]:
            latest[key] = (int(c.end[i]), published, value)
    found: dict[str, list[tuple[int, str, float]]] = {}
    for (indicator, period), (end, _, value) in latest.items():
        found.setdefault(indicator, []).append((end, period, value))
    return {k: tuple(sorted(v)) for k, v in found.items()}


def projections(entry: IndicatorProgress, items: Projected, tt: int) -> IndicatorProgress:
    """The entry with the projections for periods that end after day ``tt``, if any."""
    later = tuple((period, value) for end, period, value in items if end > tt)
    return attrs.evolve(entry, projections=later) if later else entry
