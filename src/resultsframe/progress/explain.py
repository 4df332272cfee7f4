"""The explanations: how an entry's figure was obtained, in words (``entry.explain()``)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from resultsframe.formatting import amount, fraction
from resultsframe.model import BaselineRevision, TargetRevision
from resultsframe.values import Pending, Relative, parse_relative

if TYPE_CHECKING:
    from resultsframe.progress.report import (
        IndicatorProgress,
        ObservationUsed,
        ResultProgress,
        Standing,
    )

__all__ = ["explain_indicator", "explain_result", "milestone_lines", "path_lines"]


def num(value: float | None, unit: str | None = None) -> str:
    """A figure in its unit as files write it (``82.14 %``, ``12 case``): it reads back."""
    return amount(value, unit, as_written=True)


def _observation_text(used: ObservationUsed, unit: str | None) -> str:
    share = (
        f" ({used.numerator:g}/{used.denominator:g})"
        if used.numerator is not None and used.denominator is not None
        else ""
    )
    shown = repr(used.text) if used.text is not None else num(used.value, unit)
    estimate = " (estimate)" if used.kind == "estimate" else ""
    published = f", published {used.published}" if used.published and not used.vintages else ""
    source = f"; source: {used.source}" if used.source else ""
    reporter = ""
    if used.reporter is not None:
        name = f" — {used.reporter_name}" if used.reporter_name else ""
        reporter = f"; reported by {used.reporter}{name}"
    return f"{shown}{share} for {used.period}{estimate}{published}{source}{reporter}"


def _vintages_text(used: ObservationUsed, unit: str | None) -> str:
    """``revised: 45 published 2019-03-01, 47 published 2020-02-01 (used)``."""
    last = len(used.vintages) - 1
    shown = [
        f"{num(value, unit)} "
        + (f"published {published}" if published else "with no publication date")
        + (" (used)" if n == last else "")
        for n, (value, published) in enumerate(used.vintages)
    ]
    return "revised: " + ", ".join(shown)


def _revision_text(revision: TargetRevision, unit: str | None) -> str:
    target = revision.target
    value = target.value
    if isinstance(value, Pending):
        shown = f"pending {value.text!r}"
    elif isinstance(value, Relative):
        shown = f"{value} from the baseline"
    elif value is None:
        shown = repr(target.text) if target.text else "no value"
    else:
        shown = num(float(value.to(unit).magnitude) if unit else float(value.magnitude), unit)
    due = f" due {target.due.isoformat()}" if target.due else ""
    return f"{shown}{due} — revised on {revision.revised_on.isoformat()}: {revision.reason}"


def _baseline_revision_text(revision: BaselineRevision, unit: str | None) -> str:
    baseline = revision.baseline
    value = baseline.value
    if isinstance(value, Pending):
        shown = f"pending {value.text!r}"
    elif value is None:
        shown = repr(baseline.text) if baseline.text else "none declared"
    else:
        shown = num(float(value.to(unit).magnitude) if unit else float(value.magnitude), unit)
    period = f" for {baseline.period}" if baseline.period else ""
    return f"{shown}{period} — revised on {revision.revised_on.isoformat()}: {revision.reason}"


def explain_indicator(e: IndicatorProgress) -> str:
    """How an indicator's figure was obtained: value, target, baseline, achievement, status."""
    lines = [f"{e.id} as of {e.as_of.isoformat()} (result {e.result})"]
    if e.derivation:
        lines.append(f"  derived:     {e.derivation}")
    as_published = f", as published by {e.vintage.isoformat()}" if e.vintage is not None else ""
    if e.value_used is not None:
        what = "text" if e.value_used.text is not None else "value"
        lines.append(f"  {what + ':':<13}{_observation_text(e.value_used, e.unit)}")
        if e.value_used.vintages:
            lines.append(f"               {_vintages_text(e.value_used, e.unit)}")
        lines.append(
            # An indicator that accumulates says how its observations were added up.
            "               "
            + (
                e.accumulation
                or f"the latest {'text' if what == 'text' else 'observation'} whose period ends "
                f"on or before the date{as_published}"
            )
        )
    elif e.value is not None:
        lines.append(f"  value:       {num(e.value, e.unit)}")
    else:
        lines.append("  value:       none")
    if e.stages:
        lines.extend(_stage_lines(e))
    if e.target is not None or e.target_text is not None:
        due = f" due {e.target_due.isoformat()}" if e.target_due else ""
        relative = e.target_text is not None and parse_relative(e.target_text) is not None
        if e.target is not None:
            shown = num(e.target, e.unit) + (
                f" ({e.target_text} from the baseline)" if relative else ""
            )
        elif relative:
            shown = f"{e.target_text} from the baseline, once there is one"
        else:
            shown = f"pending {e.target_text!r}"
        lines.append(f"  target:      {shown}{due}")
    else:
        lines.append("  target:      none")
    lines.extend(milestone_lines(e))
    if e.revisions:
        lines.append("  earlier targets, oldest first (what was promised before):")
        lines.extend(f"    {_revision_text(r, e.unit)}" for r in e.revisions)
    if e.baseline is not None:
        if e.baseline_used is not None:
            lines.append(f"  baseline:    {_observation_text(e.baseline_used, e.unit)}")
            if e.baseline_used.vintages:
                lines.append(f"               {_vintages_text(e.baseline_used, e.unit)}")
        else:
            lines.append(
                f"  baseline:    {num(e.baseline, e.unit)}{' for ' + e.baseline_period if e.baseline_period else ''}"
            )
        lines.append(f"               {e.baseline_source}")
    if e.baseline_revisions:
        lines.append("  earlier baselines, oldest first (where it was said to start before):")
        lines.extend(f"    {_baseline_revision_text(r, e.unit)}" for r in e.baseline_revisions)
    if (
        e.achievement_raw is not None
        and e.baseline is not None
        and e.target is not None
        and e.value is not None
    ):
        lines.append(
            f"  achievement: ({num(e.value)} − {num(e.baseline)}) / ({num(e.target)} − {num(e.baseline)}) "
            f"= {e.achievement_raw:.3f}"
            + (f", clipped to {e.achievement:.3f}" if e.achievement != e.achievement_raw else "")
        )
    lines.extend(path_lines(e))
    lines.append(f"  status:      {e.status.value}" + (f" — {e.reason}" if e.reason else ""))
    if e.standing is not None and e.standing.ratio is not None:
        lines.append(f"  standing:    {_ratio_text(e.standing.ratio)}")
    if e.overdue_since is not None:
        latest = e.value_used.period if e.value_used is not None else "none"
        lines.append(
            f"  data:        overdue since {e.overdue_since.isoformat()} (reported "
            f"{e.frequency}; latest observation: {latest}); the status does not change"
        )
    if e.projections:
        shown = ", ".join(f"for {period}: {num(value, e.unit)}" for period, value in e.projections)
        what = "projection" if len(e.projections) == 1 else "projections"
        lines.append(f"  projected:   {shown} — {what} for later periods, never counted")
    if e.coverage is None:
        lines.append("  roll-up:     outside it (no target, or qualitative)")
    if e.by_dimension:
        lines.append("  by disaggregation (outside the roll-up):")
        lines.extend(f"    {_dimension_text(d)}" for d in e.by_dimension)
    if e.findings:
        lines.append("  findings:")
        lines.extend(f"    {finding}" for finding in e.findings)
    return "\n".join(lines)


def _dimension_text(d: IndicatorProgress) -> str:
    """One line for a disaggregation's entry: its figures, or why it has none."""
    label = d.id[d.id.index("[") + 1 : -1]
    if d.achievement_raw is None:
        return f"{label}: {d.status.value} — {d.reason}"
    return (
        f"{label}: ({num(d.value)} − {num(d.baseline)}) / ({num(d.target)} − {num(d.baseline)}) "
        f"= {d.achievement_raw:.3f}, expected {fraction(d.expected)}, {d.status.value}"
    )


def _stage_lines(e: IndicatorProgress) -> list[str]:
    """The stages in order, and the stage of the value, the baseline and the target."""
    stages = e.stages
    named = []
    for what, value in (("value", e.value), ("baseline", e.baseline), ("target", e.target)):
        if value is not None and float(value).is_integer() and 1 <= value <= len(stages):
            named.append(f"{what} {stages[int(value) - 1]!r} ({int(value)})")
    listed = " → ".join(f"{n} {stage}" for n, stage in enumerate(stages, 1))
    lines = [f"  stages:      {listed}"]
    if named:
        lines.append(f"               {'; '.join(named)}")
    return lines


def explain_result(e: ResultProgress) -> str:
    """How a result's figure was obtained: its inputs, their weights, what was left out."""
    lines = [f"{e.id} ({e.level}) as of {e.as_of.isoformat()}"]
    lines.append(
        f"  progress:    {fraction(e.progress)} ({e.aggregation.value} of the assessable inputs)"
    )
    lines.append(
        f"  coverage:    {fraction(e.coverage)} (weighted share of inputs that could be assessed)"
    )
    if e.expected is not None:
        lines.append(f"  expected:    {e.expected:.3f}")
    lines.append(f"  status:      {e.status.value}" + (f" — {e.reason}" if e.reason else ""))
    if e.standing is not None:
        lines.extend(_standing_lines(e.standing))
    if e.outside:
        lines.append("  outside the roll-up (in neither progress nor coverage):")
        for kind, key, why in e.outside:
            lines.append(f"    {kind:<9} {key:<10} — {why}")
    if e.inputs:
        lines.append("  inputs:")
        for i in e.inputs:
            shown = f"{i.value:.3f}" if i.value is not None else "left out"
            why = f" — {i.reason}" if i.reason else ""
            lines.append(
                f"    {i.kind:<9} {i.id:<10} weight {i.weight:g}  value {shown}  coverage {i.coverage:.3f}{why}"
            )
    return "\n".join(lines)


def _share(value: float) -> str:
    """A share with three decimals, as the arithmetic gives it; never ``-0.000``."""
    text = f"{value:.3f}"
    return "0.000" if text == "-0.000" else text


def _ratio_text(ratio: float) -> str:
    return f"growth ratio {_share(ratio)} (actual ÷ required growth, capped at 1)"


def _standing_lines(standing: Standing) -> list[str]:
    """What a result's status was judged on: its inputs' figures, weighted like its progress."""
    if standing.ratio is not None:
        return [f"  standing:    {_ratio_text(standing.ratio)}, the weighted mean of its inputs'"]
    if standing.done is None or standing.due is None or standing.scale is None:
        return []
    behind = standing.due - standing.done
    if abs(behind) < 5e-4:
        where = "on the path"
    else:
        where = f"{'behind' if behind > 0 else 'ahead of'} the path by {_share(abs(behind))}"
        if standing.scale > 0:
            where += f", {_share(abs(behind) / standing.scale)} of the scale"
    return [
        f"  standing:    done {_share(standing.done)}, due {_share(standing.due)}, scale "
        f"{_share(standing.scale)} (its inputs', weighted): {where}",
        "               (a trajectory: on track while behind by at most 0.1 of the scale, by "
        "default; a band: within its tolerance)",
    ]


# --- the path ---------------------------------------------------------------------------------


def path_lines(e: IndicatorProgress) -> list[str]:
    """The milestones, the segment of the path the date is on, and the path's value by then.

    The path runs from the baseline (achievement 0) through each milestone on it to the final
    target (achievement 1); :attr:`~IndicatorProgress.expected_raw` is its achievement at the
    date, and the path's value there is ``baseline + expected_raw × (target − baseline)``.
    """
    lines: list[str] = []
    if e.milestones and e.path_start is not None and e.target_due is not None:
        lines.append(f"  segment:     {_segment(e)}")
    if e.expected is None or e.expected_raw is None:
        return lines
    raw = e.expected_raw
    where = (
        "on the path through the milestones to the target"
        if e.milestones
        else "on the path from the baseline to the target"
    )
    if raw == e.expected:
        lines.append(f"  expected:    {_share(raw)} of the way by now {where}")
    else:
        lines.append(
            f"  expected:    {_share(raw)} of the way by now {where} (clipped to [0, 1]: "
            f"{_share(e.expected)})"
        )
        lines.append(f"               {_beyond(e, raw)}")
    if e.baseline is not None and e.target is not None:
        at = e.baseline + raw * (e.target - e.baseline)
        factor = f"({_share(raw)})" if raw < 0 else _share(raw)
        lines.append(
            f"  path value:  {num(at, e.unit)} by now: {num(e.baseline)} + {factor} × "
            f"({num(e.target)} − {num(e.baseline)})"
        )
    return lines


def milestone_lines(e: IndicatorProgress) -> list[str]:
    """The milestones on the path, each with its share of the way, and those it skips."""
    lines: list[str] = []
    for n, m in enumerate(e.milestones, 1):
        share = "" if m.share is None else f": {_share(m.share)} of the way{_side(m.share)}"
        head = "  milestones:  " if n == 1 else "               "
        lines.append(f"{head}{n}. {num(m.value, e.unit)} due {_day(m.due)}{share}")
    for n, m in enumerate(e.skipped_milestones, 1):
        head = "  skipped:     " if n == 1 else "               "
        shown = repr(m.text) if m.text is not None else num(m.value, e.unit)
        if m.skipped == "pending":
            why = f"pending {shown} due {_day(m.due)}: the path goes straight past it until it is filled"
        elif m.skipped == "no due date":
            why = f"{shown} with no due date: the path goes straight past it until it has one"
        else:
            why = f"{shown} due {_day(m.due)}: {m.skipped}, so the path goes straight past it"
        lines.append(f"{head}{why}")
    return lines


def _day(day: date | None) -> str:
    return "?" if day is None else day.isoformat()


def _side(share: float) -> str:
    if share < 0:
        return " (on the far side of the baseline: the path goes back to it first)"
    if share > 1:
        return " (beyond the final target)"
    return ""


def _segment(e: IndicatorProgress) -> str:
    """Which segment of the path the date is on, and how far along it, in days."""
    assert e.path_start is not None
    assert e.target_due is not None
    tt = e.as_of.toordinal()
    points = [("the baseline", e.path_start)]
    points += [(f"milestone {n}", m.due) for n, m in enumerate(e.milestones, 1) if m.due]
    points.append(("the final target", e.target_due))
    if tt <= e.path_start.toordinal():
        return f"none yet: the path starts at the baseline, on {e.path_start.isoformat()}"
    for (name0, day0), (name1, day1) in pairwise(points):
        if tt <= day1.toordinal():
            done, days = tt - day0.toordinal(), day1.toordinal() - day0.toordinal()
            along = f", {done} of its {days} days along" if days > 0 else ""
            return f"from {name0} ({day0.isoformat()}) to {name1} ({day1.isoformat()}){along}"
    return f"past the final target's due date ({e.target_due.isoformat()}): all the way expected"


def _beyond(e: IndicatorProgress, raw: float) -> str:
    """Why the path's own figure is outside [0, 1], in words."""
    if raw < 0:
        behind = [
            f"milestone {n}, {num(m.value, e.unit)} due {_day(m.due)}"
            for n, m in enumerate(e.milestones, 1)
            if m.share is not None and m.share < 0
        ]
        toward = f" ({'; '.join(behind)})" if behind else ""
        return (
            "below 0: the path first goes back, away from the target, to a milestone on the far "
            f"side of the baseline{toward}, so by now it expects a value on that side too; the "
            "status measures the distance from the path"
        )
    return "above 1: the path runs through a milestone beyond the final target"
