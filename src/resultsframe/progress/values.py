"""Which observation is an indicator's value: the observation used, its vintages, its text.

The value as of a date is the latest observation whose period ends on or before it, among
those that count (actuals and estimates; projections never do), each period by its latest
vintage (see :meth:`Observations.vintages <resultsframe.observations.Observations.vintages>`).
:func:`observation_used` records which one was used and what else was published for that
period, so that an explanation can show both.
"""

from __future__ import annotations

from bisect import bisect_right

from resultsframe.observations import Observations, Series
from resultsframe.progress.report import ObservationUsed

__all__ = ["latest_text", "observation_used"]


def observation_used(obs: Observations, series: Series, i: int) -> ObservationUsed:
    """The ``i``-th observation of a series, as the observation a figure was computed from."""
    row = series.rows[i]
    c = obs._cols
    published = c.published[row]
    text = c.text[row]
    vintages = obs.vintages(row)
    return ObservationUsed(
        row=row,
        period=c.period[row].text,
        value=None if text is not None else series.values[i],
        numerator=c.numerator[row],
        denominator=c.denominator[row],
        source=c.src[row],
        published=published.isoformat() if published is not None else None,
        kind=c.kind[row].value,
        text=text,
        vintages=tuple(
            (c.value[v], p.isoformat() if (p := c.published[v]) is not None else None)
            for v in vintages
        ),
    )


def latest_text(obs: Observations, indicator: str, tt: int) -> ObservationUsed | None:
    """A qualitative indicator's latest text whose period ends on or before day ``tt``."""
    series = obs.series(indicator)
    if series is None:
        return None
    i = bisect_right(series.ends, tt) - 1
    return observation_used(obs, series, i) if i >= 0 else None
