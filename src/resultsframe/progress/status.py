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
from resultsframe.progress.report import Standing, Status

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
    due: float | None,
    value: float,
    baseline: float,
    target: float,
    start: int | None,
    due_date: date | None,
    tt: int,
    observed: int | None = None,
) -> tuple[Status, str | None, Standing | None]:
    """An indicator's status by ``method``, why not when it is not assessable, and its standing.

    ``raw`` is the achievement, not clipped; ``due`` the achievement the path expects by now
    (:func:`expected`), None without dates. ``observed`` is the day the value's period ends:
    the growth-rate ratio measures the actual growth up to the data's year, as the SDG progress
    charts do, so that old data does not look worse as the report's date moves on.
    """
    if isinstance(method, GrowthRatio):
        if raw >= 1:
            return Status.ACHIEVED, None, Standing(ratio=1.0)
        if start is None or due_date is None or tt <= start:
            why = "growth ratio: needs a dated baseline before the date"
            return Status.NOT_ASSESSABLE, why, None
        if baseline <= 0 or value <= 0 or target <= 0:
            why = "growth ratio: needs positive baseline, value and target"
            return Status.NOT_ASSESSABLE, why, None
        years_done = ((observed if observed is not None else tt) - start) / 365.25
        if years_done <= 0:
            return Status.NOT_ASSESSABLE, "growth ratio: no data after the baseline", None
        years_all = (due_date.toordinal() - start) / 365.25
        if years_all <= 0:
            why = "growth ratio: the due date is not after the baseline"
            return Status.NOT_ASSESSABLE, why, None
        actual = (value / baseline) ** (1 / years_done) - 1
        required = (target / baseline) ** (1 / years_all) - 1
        if required == 0:
            return Status.NOT_ASSESSABLE, "growth ratio: no growth required", None
        ratio = actual / required
        status = _by_thresholds(ratio, method.on_track, method.at_risk)
        return status, None, Standing(ratio=min(ratio, 1.0))
    standing = None if due is None else Standing(done=min(raw, 1.0), due=due, scale=abs(due))
    if raw >= 1:
        return Status.ACHIEVED, None, standing
    if standing is None:
        return (
            Status.NOT_ASSESSABLE,
            "no dates: the baseline or the target has no date to draw the path between",
            None,
        )
    if isinstance(method, Band) and raw >= 1 - method.tolerance:
        return Status.ACHIEVED, None, standing
    return _on_path(method, standing), None, standing


def _on_path(method: Trajectory | Band, standing: Standing) -> Status:
    """A trajectory's or a band's status from where ``standing`` is against the path."""
    assert standing.done is not None
    assert standing.due is not None
    assert standing.scale is not None
    behind = standing.due - standing.done
    if isinstance(method, Band):
        if behind <= method.tolerance:
            return Status.ON_TRACK
        return Status.AT_RISK if behind <= 2 * method.tolerance else Status.OFF_TRACK
    # ratio ≥ on_track, written so that it holds on either side of the baseline (scale = |due|)
    if behind <= (1 - method.on_track) * standing.scale:
        return Status.ON_TRACK
    return Status.AT_RISK if behind <= (1 - method.at_risk) * standing.scale else Status.OFF_TRACK


def _by_thresholds(ratio: float, on_track: float, at_risk: float) -> Status:
    if ratio >= on_track:
        return Status.ON_TRACK
    return Status.AT_RISK if ratio >= at_risk else Status.OFF_TRACK


def result_status(
    method: StatusMethod, progress: float, standing: Standing | None
) -> tuple[Status, str | None]:
    """A result's status by ``method``, from its progress and its inputs' standing.

    A result follows the method its inputs were judged by: without a standing (none of its
    inputs has a status by that method) it is not assessable, even with progress.
    """
    # A band counts as achieved within its tolerance of the end, for results as for indicators.
    if progress >= (1 - method.tolerance if isinstance(method, Band) else 1):
        return Status.ACHIEVED, None
    if isinstance(method, GrowthRatio):
        if standing is None or standing.ratio is None:
            return Status.NOT_ASSESSABLE, "growth ratio: none of its inputs has a growth ratio"
        return _by_thresholds(standing.ratio, method.on_track, method.at_risk), None
    if standing is None or standing.due is None:
        return Status.NOT_ASSESSABLE, "no due dates to compare progress with"
    return _on_path(method, standing), None
