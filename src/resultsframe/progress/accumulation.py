"""What an indicator's own definition adds to its entry: accumulation, overdue data and stages.

- An indicator in **increments** (:attr:`~resultsframe.Accumulation.INCREMENTS`) reports the
  amount of each period alone. :func:`running_totals` turns its series into running totals —
  the declared baseline plus the increments of the periods that end after the baseline's
  period — so that the engine reads the value as of a date (and a baseline from the
  observations, when none is declared) exactly as for any other indicator. :func:`annotate`
  then says which increments were added. Increments for overlapping periods would be counted
  twice: from the later one's end the indicator is not assessable, with both periods named.
- A **cumulative** indicator publishes running totals: its value is the latest one, as for a
  level; its entry says so, and names a fall in the running total, which a running total
  should not have.
- An indicator with a reporting **frequency** has its data overdue when the period after its
  latest observation has ended and a grace of one more period has passed: an annual figure
  for 2018 is followed by one for 2019, due by the end of 2020, overdue from 2021-01-01.
  Without an observation, the periods count from the end of the declared baseline's period,
  else from the framework's start. Overdue data changes no status.
- An ordinal indicator's **stages** are passed to its entry, so that explanations and tables
  name the stage of a value, a baseline and a target.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from datetime import date, timedelta

import attrs

from resultsframe.formatting import count, number
from resultsframe.model import Accumulation
from resultsframe.observations import Observations, Series
from resultsframe.progress.plan import NUMBER, IndicatorPlan
from resultsframe.progress.report import IndicatorProgress, Status

__all__ = ["Totals", "add_months", "annotate", "overdue_since", "running_totals"]

# At most this many increments are written out one by one in an explanation.
_SHOWN = 8


@attrs.frozen
class Totals:
    """An indicator's increments as running totals.

    Attributes:
        series: The running totals, one per increment counted, at the increment's period end
            and row.
        first: The position in the indicator's own series of the first increment counted.
        base: What the totals start from: the declared baseline, else 0.
        overlap: From which day (an ordinal) the sum is refused, and why; else None.
    """

    series: Series
    first: int
    base: float
    overlap: tuple[int, str] | None = None


def running_totals(
    plan: IndicatorPlan,
    series: Series,
    observations: Observations,
    cache: dict[str, tuple[Series, Totals]],
) -> Totals:
    """The running totals of an indicator in increments (``cache`` keeps them per series)."""
    known = cache.get(plan.id)
    if known is not None and known[0] is series:
        return known[1]
    period_of = observations._cols.period_of
    declared = plan.baseline_kind == NUMBER and plan.baseline is not None
    base = plan.baseline if declared and plan.baseline is not None else 0.0
    after = plan.baseline_when if declared and plan.baseline_when is not None else None
    first = 0 if after is None else bisect_right(series.ends, after)
    total = base
    ends: list[int] = []
    values: list[float] = []
    rows: list[int] = []
    overlap: tuple[int, str] | None = None
    for i in range(first, len(series.ends)):
        row = series.rows[i]
        if rows and period_of(row).start.toordinal() <= ends[-1]:
            earlier, later = period_of(rows[-1]).text, period_of(row).text
            overlap = (
                series.ends[i],
                f"the increments of {plan.id} for {earlier} and {later} overlap, so adding them "
                f"up would count a part twice; keep one of them, or give periods that do not "
                f"overlap",
            )
            break
        total += series.values[i]
        ends.append(series.ends[i])
        values.append(total)
        rows.append(row)
    made = Totals(Series(tuple(ends), tuple(values), tuple(rows)), first, base, overlap)
    cache[plan.id] = (series, made)
    return made


def add_months(day: date, months: int) -> date:
    """``day`` moved on by whole months; the last day of a month stays the last day.

    >>> add_months(date(2018, 12, 31), 24), add_months(date(2019, 2, 28), 1)
    (datetime.date(2020, 12, 31), datetime.date(2019, 3, 31))
    >>> add_months(date(2019, 1, 30), 1)
    datetime.date(2019, 2, 28)
    """
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    last = calendar.monthrange(year, month + 1)[1]
    at_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month + 1, last if at_end else min(day.day, last))


def overdue_since(plan: IndicatorPlan, observations: Observations, t: date) -> date | None:
    """The day from which an indicator's data is overdue as of ``t``, or None if it is not.

    The latest observation (of the whole indicator, or of any area) ending on or before ``t``
    is followed by one for the next period, due one more period after that period's end.
    """
    frequency = plan.frequency
    if frequency is None or plan.qualitative:
        return None
    tt = t.toordinal()
    latest = plan.reported_from.toordinal() if plan.reported_from is not None else None
    own = observations.series(plan.id)
    for series in (own, *observations.areas(plan.id).values()):
        if series is not None:
            i = series.at(tt)
            if i is not None and (latest is None or series.ends[i] > latest):
                latest = series.ends[i]
    if latest is None:
        return None
    try:
        since = add_months(date.fromordinal(latest), 2 * frequency.months) + timedelta(days=1)
    except (ValueError, OverflowError):  # beyond the year 9999: never
        return None
    return since if t >= since else None


def annotate(
    entry: IndicatorProgress,
    plan: IndicatorPlan,
    observations: Observations,
    cache: dict[str, tuple[Series, Totals]],
    t: date,
    tt: int,
) -> IndicatorProgress:
    """The entry with what the indicator's accumulation, frequency and stages add to it."""
    changes: dict[str, object] = {}
    if plan.frequency is not None:
        changes["frequency"] = plan.frequency.value
        changes["overdue_since"] = overdue_since(plan, observations, t)
    if plan.stages:
        changes["stages"] = plan.stages
    series = observations.series(plan.id)
    if plan.increments and series is not None and not plan.derived:
        totals = running_totals(plan, series, observations, cache)
        if totals.overlap is not None and totals.overlap[0] <= tt:
            return _refused(attrs.evolve(entry, **changes), totals.overlap[1])  # type: ignore[arg-type]
        if entry.value_used is not None:
            changes["accumulation"] = _sum_text(plan, series, observations, totals, tt)
        if entry.baseline_used is not None and plan.baseline_kind != NUMBER:
            start = entry.baseline_used.row
            upto = series.rows.index(start) + 1
            parts = _parts(series, observations, 0, upto)
            assert entry.baseline_used.value is not None  # increments are numbers, never texts
            changes["baseline_source"] = (
                f"the increments to the framework's start, added up: {parts} = "
                f"{number(entry.baseline_used.value)}"
            )
    elif plan.accumulation is Accumulation.CUMULATIVE and entry.value_used is not None:
        changes["accumulation"] = _cumulative_text(series, observations, tt)
    return attrs.evolve(entry, **changes) if changes else entry  # type: ignore[arg-type]


def _parts(series: Series, observations: Observations, start: int, stop: int) -> str:
    """``2016 4 + 2017 5 + 2018 6``: the increments at positions start … stop − 1."""
    period_of = observations._cols.period_of
    items = [
        f"{period_of(series.rows[i]).text} {number(series.values[i])}" for i in range(start, stop)
    ]
    if len(items) > _SHOWN:
        items = [*items[: _SHOWN // 2], f"… {len(items) - _SHOWN} more …", *items[-_SHOWN // 2 :]]
    return " + ".join(items)


def _sum_text(
    plan: IndicatorPlan, series: Series, observations: Observations, totals: Totals, tt: int
) -> str:
    """How the value was added up: ``sum of 3 increments: 2016 4 + 2017 5 + 2018 6 = 15``."""
    upto = totals.series.at(tt)
    assert upto is not None  # the engine used one of the totals
    stop = totals.first + upto + 1
    n = stop - totals.first
    parts = _parts(series, observations, totals.first, stop)
    value = number(totals.series.values[upto])
    if plan.baseline_kind == NUMBER and totals.base != 0:
        return f"baseline {number(totals.base)} + {count(n, 'increment')}: {parts} = {value}"
    since = " since the baseline" if plan.baseline_kind == NUMBER else ""
    return f"sum of {count(n, 'increment')}{since}: {parts} = {value}"


def _cumulative_text(series: Series | None, observations: Observations, tt: int) -> str:
    text = "the latest observation whose period ends on or before the date: a running total"
    if series is None:
        return text
    upto = series.at(tt)
    if upto is None:
        return text
    period_of = observations._cols.period_of
    for i in range(upto, 0, -1):
        if series.values[i] < series.values[i - 1]:
            before, after = period_of(series.rows[i - 1]).text, period_of(series.rows[i]).text
            return (
                f"{text}; note: it fell from {number(series.values[i - 1])} "
                f"({before}) to {number(series.values[i])} ({after}), which a running total "
                "should not"
            )
    return text


def _refused(entry: IndicatorProgress, reason: str) -> IndicatorProgress:
    return attrs.evolve(
        entry,
        value=None,
        value_used=None,
        achievement=None,
        achievement_raw=None,
        expected=None,
        coverage=None if entry.coverage is None else 0.0,
        status=Status.NOT_ASSESSABLE,
        reason=reason,
    )
