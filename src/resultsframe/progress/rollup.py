"""The roll-up: a result's progress and coverage from its indicators and contributing results.

A result's progress is the weighted mean (or minimum, or all-of) of the achievements of its
targeted indicators and the progress of the results that contribute to it. Inputs that are not
assessable are left out and **coverage** shows it: the weighted mean of the inputs' coverage
(an assessable indicator 1, a pending or unmeasured one 0, a result its own coverage).
Monitoring indicators and results with no targeted indicator below them are outside both.
Zero coverage is "not assessable", never 0 %.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import attrs

from resultsframe.methods import Aggregation, StatusMethod
from resultsframe.progress.plan import ResultPlan
from resultsframe.progress.report import (
    Entry,
    IndicatorProgress,
    Input,
    ResultProgress,
    Standing,
    Status,
)
from resultsframe.progress.status import result_status

__all__ = ["ALL_OF_UNKNOWN", "NO_INPUTS", "none_assessable", "roll_up"]

# Why a result is not assessable, in words shared with the figures' reader (entries.Figure).
NO_INPUTS = "no targeted indicator in it or below it"
ALL_OF_UNKNOWN = "all-of: every assessable input is achieved, but some inputs cannot be assessed"


def none_assessable(ids: list[str]) -> str:
    """Why a result none of whose inputs (``ids``) can be assessed is not assessable."""
    return f"none of its inputs can be assessed: {', '.join(ids)}"


def roll_up(
    plan: ResultPlan,
    t: date,
    entries: Mapping[str, Entry],
    aggregation: Aggregation | None,
    method: StatusMethod,
) -> ResultProgress:
    """A result's entry from the entries of its inputs, which must be in ``entries`` already.

    Args:
        plan: The result's plan.
        t: The date.
        entries: The entries computed so far.
        aggregation: An aggregation for this assessment, instead of the result's own.
        method: The status method for results.
    """
    inputs: list[Input] = []
    outside: list[tuple[str, str, str]] = []
    # The weighted means are summed left to right, in input order, as the rules list the
    # inputs: the same figures on every Python version (sum() compensates from 3.12 on).
    weights = covered = 0.0  # Σ weight, Σ weight × coverage: every input
    done_weights = done = 0.0  # Σ weight, Σ weight × value: assessable inputs
    expected_weights = expected_sum = 0.0  # the same for assessable inputs with a path
    # The inputs' standings, summed as they come (inline: this is the hot loop of a roll-up).
    path_weights = done_path = due_path = scale_path = ratio_weights = ratio_sum = 0.0
    assessable = 0
    # Its own targeted indicators first, then the results that contribute to it.
    sources: list[tuple[str, Entry, float | None]] = [
        (iid, entries[iid], None) for iid in plan.indicators
    ]
    sources += [(child, entries[child], weight) for child, weight in plan.children]
    for key, entry, link_weight in sources:
        coverage = entry.coverage
        if coverage is None:
            # monitoring and qualitative indicators, results with nothing targeted below them
            outside.append((entry.kind, key, entry.reason or ""))
            continue
        if isinstance(entry, IndicatorProgress):
            weight, value = entry.weight, entry.achievement
        else:
            assert link_weight is not None
            weight, value = link_weight, entry.progress
        inputs.append(
            Input(
                id=key,
                kind=entry.kind,
                weight=weight,
                value=value,
                coverage=coverage,
                reason=None if value is not None else entry.reason,
            )
        )
        weights += weight
        covered += weight * coverage
        if value is not None:
            assessable += 1
            done_weights += weight
            done += weight * value
            if entry.expected is not None:
                expected_weights += weight
                expected_sum += weight * entry.expected
            standing = entry.standing
            if standing is not None:
                if standing.due is not None:
                    path_weights += weight
                    done_path += weight * standing.done  # type: ignore[operator]
                    due_path += weight * standing.due
                    scale_path += weight * standing.scale  # type: ignore[operator]
                if standing.ratio is not None:
                    ratio_weights += weight
                    ratio_sum += weight * standing.ratio
    aggregation = aggregation or plan.aggregation
    if not inputs:
        return ResultProgress(
            id=plan.id,
            level=plan.level,
            status=Status.NOT_ASSESSABLE,
            reason=NO_INPUTS,
            aggregation=aggregation,
            as_of=t,
            outside=tuple(outside),
        )
    coverage = covered / weights
    if not assessable:
        return ResultProgress(
            id=plan.id,
            level=plan.level,
            coverage=coverage,
            status=Status.NOT_ASSESSABLE,
            reason=none_assessable([i.id for i in inputs]),
            inputs=tuple(inputs),
            aggregation=aggregation,
            as_of=t,
            outside=tuple(outside),
        )
    reason = None
    progress: float | None
    if aggregation is Aggregation.MEAN:
        progress = done / done_weights
    else:
        values = [i.value for i in inputs if i.value is not None]
        if aggregation is Aggregation.MINIMUM:
            progress = min(values)
        elif any(v < 1 for v in values):
            progress = 0.0
        elif assessable < len(inputs):
            progress = None
            reason = ALL_OF_UNKNOWN
        else:
            progress = 1.0
    expected = expected_sum / expected_weights if expected_weights else None
    if progress is None:
        return ResultProgress(
            id=plan.id,
            level=plan.level,
            coverage=coverage,
            expected=expected,
            status=Status.NOT_ASSESSABLE,
            reason=reason,
            inputs=tuple(inputs),
            aggregation=aggregation,
            as_of=t,
            outside=tuple(outside),
        )
    standing = (
        Standing(
            done=done_path / path_weights if path_weights else None,
            due=due_path / path_weights if path_weights else None,
            scale=scale_path / path_weights if path_weights else None,
            ratio=ratio_sum / ratio_weights if ratio_weights else None,
        )
        if path_weights or ratio_weights
        else None
    )
    if aggregation is not Aggregation.MEAN and standing is not None and expected is not None:
        # A minimum or all-of is judged on its own figure against the expected progress.
        standing = attrs.evolve(standing, done=progress, due=expected, scale=expected)
    status, why = result_status(method, progress, standing)
    return ResultProgress(
        id=plan.id,
        level=plan.level,
        progress=progress,
        coverage=coverage,
        expected=expected,
        standing=standing,
        status=status,
        reason=why,
        inputs=tuple(inputs),
        aggregation=aggregation,
        as_of=t,
        outside=tuple(outside),
    )
