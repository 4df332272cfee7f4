"""Derived indicators: a value computed from unit-level data rather than observed.

:class:`~resultsframe.methods.ShareOfUnits` is the share of areas (countries …) whose latest
value of one or more indicators is at least a threshold, optionally weighted by another
indicator's per-area values, over the indicator's universe. What cannot be computed says which
data is missing.
"""

from __future__ import annotations

from resultsframe.framework import Framework
from resultsframe.methods import Missing, Rule
from resultsframe.model import Indicator
from resultsframe.observations import Observations
from resultsframe.units import registry

__all__ = ["derive"]


def derive(
    framework: Framework, indicator: Indicator, tt: int, obs: Observations
) -> tuple[float | None, str, str | None]:
    """A derived indicator's value on day ``tt`` (an ordinal), its description, and why not.

    Returns:
        ``(value, description, reason)``: the value in the indicator's unit, or None with the
        reason it cannot be computed (which data is missing).
    """
    derivation = indicator.derivation
    assert derivation is not None
    sources = derivation.of or (indicator.id,)
    thresholds = {}
    for ref in sources:
        ref_indicator = framework.indicators[ref]
        unit = ref_indicator.unit
        thresholds[ref] = (
            float(registry().Quantity(derivation.at_least, "").to(unit).magnitude)
            if unit is not None and unit.dimensionless
            else derivation.at_least
        )
    universe = indicator.universe
    size = universe.size if universe is not None else None
    joiner = " and " if derivation.rule is Rule.ALL else " or "
    description = f"share of areas whose latest value of {joiner.join(sources)} is at least {derivation.at_least:g}"
    if derivation.weight:
        description += f", weighted by {derivation.weight}"
    per_source = {ref: obs.areas(ref) for ref in sources}
    units: set[str] = set().union(*(set(a) for a in per_source.values()))
    weights = obs.areas(derivation.weight) if derivation.weight else None
    if weights:
        # A weighted share is over every unit with a weight: one not observed is unknown
        # (or not met), never silently dropped from the denominator.
        units |= set(weights)
    missing_sources = [ref for ref in sources if not per_source[ref]]
    if missing_sources or (derivation.weight and not weights):
        needs = []
        if missing_sources:
            needs.append(
                f"unit-level observations (one row per area, e.g. per country) of {', '.join(missing_sources)}"
            )
        if derivation.weight and not weights:
            needs.append(f"per-area weights from {derivation.weight}")
        return (
            None,
            description,
            f"cannot compute {indicator.id}: it needs {' and '.join(needs)}, and none are given",
        )
    met = 0.0
    total = 0.0
    unknown: list[str] = []
    for area in sorted(units):
        results: list[bool | None] = []
        for ref in sources:
            series = per_source[ref].get(area)
            i = series.at(tt) if series is not None else None
            if series is None or i is None:
                results.append(None)
            else:
                results.append(series.values[i] >= thresholds[ref])
        if any(r is None for r in results) and derivation.missing is Missing.UNKNOWN:
            known = [r for r in results if r is not None]
            decided = (derivation.rule is Rule.ALL and any(not r for r in known)) or (
                derivation.rule is Rule.ANY and any(known)
            )
            if not decided:
                unknown.append(area)
                continue
        flags = [bool(r) for r in results]
        meets = all(flags) if derivation.rule is Rule.ALL else any(flags)
        w = 1.0
        if weights is not None:
            wseries = weights.get(area)
            j = wseries.at(tt) if wseries is not None else None
            if wseries is None or j is None:
                unknown.append(area)
                continue
            w = wseries.values[j]
        total += w
        if meets:
            met += w
    if unknown:
        shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
        return (
            None,
            description,
            f"cannot compute {indicator.id}: no data at or before the date for {len(unknown)} areas ({shown})",
        )
    if weights is None and size is not None:
        if len(units) > size:
            return (
                None,
                description,
                (
                    f"cannot compute {indicator.id}: {len(units)} areas observed, more than the "
                    f"universe's {size}"
                ),
            )
        if len(units) < size and derivation.missing is Missing.UNKNOWN:
            return (
                None,
                description,
                (
                    f"cannot compute {indicator.id}: {size - len(units)} of the universe's "
                    f"{size} units have no data (data for {len(units)})"
                ),
            )
        total = float(size)
    if total <= 0:
        return None, description, f"cannot compute {indicator.id}: no units to count"
    fraction = met / total
    unit = indicator.unit
    assert unit is not None
    value = float(registry().Quantity(fraction, "").to(unit).magnitude)
    detail = f"{description}: {met:g} of {total:g}{' (weighted)' if weights is not None else ''}"
    return value, detail, None
