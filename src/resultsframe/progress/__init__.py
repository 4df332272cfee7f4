"""Progress: how far each result is from its targets, rolled up from outputs to the impact goal.

:func:`assess` computes a :class:`ProgressReport` for one framework, one set of observations
and one date. The rules (each one swappable, each one explained by ``explain()``):

1. **Value** of an indicator as of *t*: the latest whole-indicator observation whose period
   ends on or before *t*. An indicator derived from unit-level data (:class:`ShareOfUnits`)
   is computed from the units' latest values; what cannot be computed says which data is
   missing. A value published after the latest readable one that does not read as a number
   (``"N/A"``, an actual as read from IATI) makes the indicator not assessable, with that
   reason, rather than assessed from older data.
2. **Baseline**: the declared one; else the latest observation whose period ends on or before
   the framework's start; else none ("not assessable: no baseline").
3. **Achievement** ``(value − baseline) / (target − baseline)`` against the final target,
   right for both directions; clipped to [0, 1] for roll-up, the raw figure kept.
4. **Roll-up**: a result's progress is the weighted mean (or minimum, or all-of) of the
   achievements of its targeted indicators and the progress of the results that contribute to
   it. Inputs that are not assessable are left out and **coverage** shows it: the weighted mean
   of the inputs' coverage (an assessable indicator 1, a pending or unmeasured one 0, a result
   its own coverage). Monitoring indicators and results with no targeted indicator below them
   are outside both. Zero coverage is "not assessable", never 0 %.
5. **Status** by the framework's status method (a linear trajectory by default).

The package, one concept per module: :mod:`~resultsframe.progress.plan` (what a framework
needs worked out once), :mod:`~resultsframe.progress.engine` (the pass that computes entries,
and :func:`assess`), :mod:`~resultsframe.progress.derivations` (derived indicators),
:mod:`~resultsframe.progress.rollup` (results from their inputs),
:mod:`~resultsframe.progress.status` (status against the path),
:mod:`~resultsframe.progress.update` (``report.update``),
:mod:`~resultsframe.progress.accumulation` (increments added up, overdue data, named stages),
:mod:`~resultsframe.progress.milestones` (the milestones an entry names),
:mod:`~resultsframe.progress.explain` (the explanations),
:mod:`~resultsframe.progress.report` (what an assessment gives),
:mod:`~resultsframe.progress.accountability` (each partner's account in a report) and
:mod:`~resultsframe.progress.pushdown` with :mod:`~resultsframe.progress.pushdown_checks`
(observations in a data frame, screened and reduced inside its own engine).
"""

from resultsframe.progress.engine import assess, assess_over
from resultsframe.progress.report import (
    IndicatorProgress,
    Input,
    Milestone,
    ProgressReport,
    ResultProgress,
    Status,
)

__all__ = [
    "IndicatorProgress",
    "Input",
    "Milestone",
    "ProgressReport",
    "ResultProgress",
    "Status",
    "assess",
    "assess_over",
]
