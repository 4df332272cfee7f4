"""Progress per disaggregation, and whether the parts of an additive figure add up to the whole.

An indicator's final target and milestones are its whole-indicator targets. A target for one
disaggregation (``sex = female``) is assessed on its own, against the observations for that
disaggregation, with the same rules: the baseline declared for that disaggregation (else the
latest observation for it at or before the framework's start), the latest value at or before
the date, achievement, the path through that disaggregation's milestones, and a status. These
entries sit on the whole indicator's entry (``entry.by_dimension``) and are outside the roll-up.

Counts published by disaggregation should add up to the count for the whole. When the values
of one disaggregation (every ``sex``, say) for a period differ from the whole by more than
:data:`SUM_TOLERANCE` of it, that is a **finding** on the indicator, with the figures
(``entry.findings``): a category is missing, or the published figures do not agree. It is never
corrected. Only additive indicators are checked: quantities in a counting unit, not shares,
rates or percentages.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np

from resultsframe.formatting import number
from resultsframe.framework import Framework
from resultsframe.methods import StatusMethod
from resultsframe.model import Dimension, Indicator, Measure, Target
from resultsframe.observations import Observations, Series
from resultsframe.observations.columnar import NO_DIMENSIONS, PROJECTION
from resultsframe.progress.plan import in_unit
from resultsframe.progress.report import IndicatorProgress, Status
from resultsframe.progress.status import expected, indicator_status
from resultsframe.progress.values import observation_used
from resultsframe.units import Quantity, format_unit
from resultsframe.values import Pending, Relative

__all__ = ["SUM_TOLERANCE", "dimension_entries", "dimension_label", "sum_findings"]

#: How far the parts may differ from the whole, as a share of it, before it is a finding: what
#: rounding of published figures gives.
SUM_TOLERANCE = 0.005

Key = tuple[tuple[str, str], ...]


def _key(dimensions: tuple[Dimension, ...]) -> Key:
    return tuple(sorted((d.name, d.value) for d in dimensions))


def dimension_label(key: Key) -> str:
    """``sex=female``, ``age=0-14, sex=female``: how a disaggregation is named in ids and text."""
    return ", ".join(f"{name}={value}" for name, value in key)


def _dimension_series(obs: Observations, indicator_id: str) -> dict[Key, Series]:
    """The series of each disaggregation of one indicator (rows for the whole area only)."""
    rows: dict[Key, list[tuple[int, int]]] = {}
    c = obs._cols
    for i in obs.rows_of(indicator_id):
        if c.dimensions[i] == NO_DIMENSIONS or c.area[i] != -1 or not _counts(obs, i):
            continue
        rows.setdefault(_key(c.dimensions_of(i)), []).append((int(c.end[i]), i))
    out = {}
    for key, found in rows.items():
        found.sort()
        out[key] = Series(
            tuple(end for end, _ in found),
            tuple(float(c.value[i]) for _, i in found),
            tuple(i for _, i in found),
        )
    return out


def _counts(obs: Observations, row: int) -> bool:
    """Whether a row is a value: not a projection, not an earlier vintage of a revised value."""
    if obs._cols.kind[row] == PROJECTION:
        return False
    vintages = obs.vintages(row)
    return not vintages or vintages[-1] == row


def dimension_entries(
    framework: Framework,
    indicator: Indicator,
    result: str,
    obs: Observations,
    t: date,
    method: StatusMethod,
) -> tuple[IndicatorProgress, ...]:
    """An entry per disaggregation the indicator has targets for, in the order of the targets."""
    groups: dict[Key, list[Target]] = {}
    for target in indicator.targets:
        if target.dimensions and not target.locations:
            groups.setdefault(_key(target.dimensions), []).append(target)
    if not groups:
        return ()
    series = _dimension_series(obs, indicator.id)
    return tuple(
        _entry(framework, indicator, result, key, targets, series.get(key), obs, t, method)
        for key, targets in groups.items()
    )


def _entry(
    framework: Framework,
    indicator: Indicator,
    result: str,
    key: Key,
    targets: list[Target],
    series: Series | None,
    obs: Observations,
    t: date,
    method: StatusMethod,
) -> IndicatorProgress:
    label = dimension_label(key)
    unit = format_unit(indicator.unit) if indicator.unit is not None else None
    tt = t.toordinal()
    common: dict[str, Any] = {
        "id": f"{indicator.id}[{label}]",
        "result": result,
        "unit": unit,
        "weight": 0.0,
        "as_of": t,
    }
    final = targets[-1]
    due = final.due or framework.end
    common["target_due"] = due

    def refused(reason: str, **fields: Any) -> IndicatorProgress:
        return IndicatorProgress(
            **common, **fields, coverage=0.0, status=Status.NOT_ASSESSABLE, reason=reason
        )

    # the value
    value: float | None = None
    end: int | None = None
    if series is not None:
        i = series.at(tt)
        if i is not None:
            value, end = series.values[i], series.ends[i]
            common["value_used"] = observation_used(obs, series, i)
    # the baseline: declared for this disaggregation, else observed at the framework's start
    baseline: float | None = None
    when: int | None = None
    start = framework.start.toordinal() if framework.start is not None else None
    for declared in indicator.baselines:
        if _key(declared.dimensions) == key and not declared.locations:
            if isinstance(declared.value, Quantity):
                baseline = in_unit(declared.value, indicator)
                when = declared.period.end.toordinal() if declared.period else start
                common["baseline_period"] = declared.period.text if declared.period else None
                common["baseline_source"] = f"declared for {label}"
            elif isinstance(declared.value, Pending):
                return refused(
                    f"baseline for {label} pending ({declared.value.text!r})", value=value
                )
            break
    if baseline is None and series is not None and start is not None:
        i = series.at(start)
        if i is not None:
            baseline, when = series.values[i], series.ends[i]
            used = observation_used(obs, series, i)
            common["baseline_used"] = used
            common["baseline_period"] = used.period
            common["baseline_source"] = (
                f"the latest observation for {label} at or before the framework's start"
            )
    # the target
    target_value = final.value
    if isinstance(target_value, Relative) and baseline is not None:
        target: float | None = target_value.resolve(baseline)
    elif isinstance(target_value, Quantity):
        target = in_unit(target_value, indicator)
    else:
        target = None
    fields: dict[str, Any] = {"value": value, "baseline": baseline, "target": target}
    if isinstance(target_value, Pending):
        return refused(f"target for {label} pending ({target_value.text!r})", **fields)
    if target is None:
        return refused(f"the target for {label} is not a number", **fields)
    if value is None:
        return refused(
            f"no observation of {indicator.id} for {label} at or before {t.isoformat()}",
            **fields,
        )
    if baseline is None:
        return refused(
            f"no baseline for {label}: none is declared for it and no observation for it ends "
            "on or before the framework's start",
            **fields,
        )
    if target == baseline:
        return refused(f"the target for {label} equals its baseline ({number(baseline)})", **fields)
    if end is not None and when is not None and end <= when:
        return refused(f"no new data for {label} since its baseline", **fields)
    milestones = tuple(
        (m.due.toordinal(), in_unit(m.value, indicator))
        for m in targets[:-1]
        if m.due is not None and isinstance(m.value, Quantity)
    )
    due_ordinal = due.toordinal() if due is not None else None
    raw = (value - baseline) / (target - baseline)
    path = expected(baseline, target, when, due_ordinal, tt, milestones)
    status, why, standing = indicator_status(
        method, raw, path, value, baseline, target, when, due, tt, end
    )
    return IndicatorProgress(
        **common,
        **fields,
        achievement=min(max(raw, 0.0), 1.0),
        achievement_raw=raw,
        expected=None if path is None else min(max(path, 0.0), 1.0),
        expected_raw=path,
        standing=standing,
        coverage=1.0,
        status=status,
        reason=why,
    )


def _additive(indicator: Indicator) -> bool:
    """Whether the parts of the indicator's figure add up to the whole: a count, not a share."""
    if indicator.measure is not Measure.QUANTITY or indicator.unit is None:
        return False
    unit = indicator.unit
    return not unit.dimensionless and " per " not in f" {format_unit(unit)} "


def sum_findings(obs: Observations, framework: Framework) -> Mapping[str, tuple[str, ...]]:
    """For each additive indicator, each period where one disaggregation does not add up.

    Rows with one dimension each are the parts (``sex = female``, ``sex = male``); the whole is
    the row with none for the same period and area. Two parts at least are needed to check.
    """
    c = obs._cols
    whole: dict[tuple[str, str, str | None], float] = {}
    parts: dict[tuple[str, str, str | None, str], list[tuple[str, float]]] = {}
    indicators = framework.indicators
    additive = np.array(
        [iid in indicators and _additive(indicators[iid]) for iid in c.indicators], dtype=bool
    )
    if not additive.any():
        return {}
    for i in np.flatnonzero(additive[c.indicator] & (c.kind != PROJECTION)).tolist():
        if not _counts(obs, i):
            continue
        dims = c.dimensions_of(i)
        place = (c.indicator_of(i), c.period_of(i).text, c.area_of(i))
        if not dims:
            whole[place] = float(c.value[i])
        elif len(dims) == 1:
            parts.setdefault((*place, dims[0].name), []).append((dims[0].value, float(c.value[i])))
    findings: dict[str, list[str]] = {}
    for (iid, period, area, name), found in parts.items():
        total = whole.get((iid, period, area))
        if total is None or len(found) < 2:
            continue
        added = sum(v for _, v in found)
        if abs(added - total) <= SUM_TOLERANCE * abs(total):
            continue
        terms = " + ".join(f"{value} {number(v)}" for value, v in found)
        gap = total - added
        how = f"{number(abs(gap))} {'short' if gap > 0 else 'over'}"
        where = f"{period}" + (f", {area}" if area else "")
        findings.setdefault(iid, []).append(
            f"{where}: by {name}, {terms} = {number(added)}, but the whole is {number(total)} "
            f"({how}: a category is missing, or the published figures do not agree)"
        )
    return {iid: tuple(items) for iid, items in findings.items()}
