"""What an entry says about its path: the milestones on it, and those it goes straight past.

The path runs from the baseline through each dated milestone with a number to the final target
(:func:`~resultsframe.progress.status.expected`). An entry of an indicator with milestones
names them, with the share of the way each stands for, the day the path starts, and the
milestones the path skips (pending, undated or not a number), so that ``explain`` can say
which segment of the path the date is on and why a milestone is not on it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from resultsframe.progress.report import Milestone

__all__ = ["path_facts"]

_NOTHING: dict[str, Any] = {}


def path_facts(
    milestones: tuple[tuple[int, float], ...],
    skipped: tuple[Milestone, ...],
    baseline: float | None,
    target: float | None,
    start: int | None,
) -> dict[str, Any]:
    """The fields of an entry about its milestones; empty for an indicator with none.

    ``milestones`` are those on the path as ``(due day as an ordinal, value)``, resolved
    against the baseline for a relative target; ``skipped`` those it goes past (from the
    plan); ``start`` is the day the path starts. A milestone of 90 from a baseline of 100 to a
    target of 103 stands for (90 − 100) / (103 − 100) = −3.333 of the way:

    >>> due = date(2017, 12, 31).toordinal()
    >>> facts = path_facts(((due, 90.0),), (), 100.0, 103.0, date(2015, 12, 31).toordinal())
    >>> facts["milestones"][0].due, round(facts["milestones"][0].share, 3)
    (datetime.date(2017, 12, 31), -3.333)
    """
    if not milestones and not skipped:
        return _NOTHING
    distance = None if baseline is None or target is None else target - baseline
    on_path = tuple(
        Milestone(
            due=date.fromordinal(when),
            value=value,
            share=None if not distance or baseline is None else (value - baseline) / distance,
        )
        for when, value in milestones
    )
    return {
        "milestones": on_path,
        "skipped_milestones": skipped,
        "path_start": None if start is None else date.fromordinal(start),
    }
