"""The explanations: how an entry's figure was obtained, in words (``entry.explain()``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from resultsframe.formatting import amount, fraction
from resultsframe.model import BaselineRevision, TargetRevision
from resultsframe.values import Pending, Relative, parse_relative

if TYPE_CHECKING:
    from resultsframe.progress.report import IndicatorProgress, ObservationUsed, ResultProgress

__all__ = ["explain_indicator", "explain_result"]


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
    return f"{shown}{share} for {used.period}{estimate}{published}{source}"


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
    if e.expected is not None:
        lines.append(
            f"  expected:    {e.expected:.3f} of the way by now on the path from the baseline to the target"
        )
    lines.append(f"  status:      {e.status.value}" + (f" — {e.reason}" if e.reason else ""))
    if e.overdue_since is not None:
        latest = e.value_used.period if e.value_used is not None else "none"
        lines.append(
            f"  data:        overdue since {e.overdue_since.isoformat()} (reported "
            f"{e.frequency}; latest observation: {latest}); the status does not change"
        )
    if e.coverage is None:
        lines.append("  roll-up:     outside it (no target, or qualitative)")
    if e.by_dimension:
        lines.append("  by disaggregation (outside the roll-up):")
        lines.extend(f"    {_dimension_text(d)}" for d in e.by_dimension)
    if e.findings:
        lines.append("  findings (the figures are used as published):")
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
