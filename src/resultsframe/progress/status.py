"""Status: where an achievement stands against the status method's path.

The path runs from the baseline (achievement 0) to the final target (achievement 1), piecewise
linearly through the milestones; :func:`expected` is the achievement due by a date on it. A
:class:`~resultsframe.methods.Trajectory` compares achievement with it by ratio, a
:class:`~resultsframe.methods.Band` by distance, and a
:class:`~resultsframe.methods.GrowthRatio` compares compound growth rates instead.
"""

from __future__ import annotations

from datetime import date

from resultsframe.methods import Band, GrowthRatio, StatusMethod, Trajectory
from resultsframe.progress.report import Status

__all__ = ["expected", "indicator_status", "result_status"]


def expected(
    baseline: float,
    final: float,
    start: int | None,
    due: int | None,
    tt: int,
    milestones: tuple[tuple[int, float], ...],
) -> float | None:
    """The achievement expected on day ``tt`` (an ordinal) on the path to the final target.

    Piecewise-linear through the milestones: (start, 0) … (due_i, achievement_i) … (due, 1);
    None without a start or a due date to draw it between.
    """
    if start is None or due is None:
        return None
    if tt <= start:
        return 0.0
    t0, a0 = start, 0.0
    for t1, milestone in milestones:
        a1 = (milestone - baseline) / (final - baseline)
        if tt <= t1:
            return a0 if t1 == t0 else a0 + (a1 - a0) * (tt - t0) / (t1 - t0)
        t0, a0 = t1, a1
    if tt <= due:
        return a0 if due == t0 else a0 + (1.0 - a0) * (tt - t0) / (due - t0)
    return 1.0


def indicator_status(
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
    """An indicator's status by ``method``, and why it is not assessable when it is not."""
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


def result_status(method: StatusMethod, progress: float, expected: float | None) -> Status:
    """A result's status by ``method``, from its progress and the progress expected by now."""
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
