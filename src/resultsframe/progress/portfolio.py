"""A portfolio: an umbrella framework and its members' frameworks, assessed together.

The umbrella's initiatives say which member each contributes through
(:attr:`~resultsframe.Initiative.framework`) and which of the member's indicators feed which of
the umbrella's (:attr:`~resultsframe.Initiative.mappings`). :func:`assess_portfolio` assesses
each member on its own data, takes each mapped source indicator's figure as of the date, combines
the figures of each umbrella indicator by its rule (:mod:`resultsframe.progress.overlap`), and
assesses the umbrella on the combined observations and its own.

A combination that is one number is an observation of the umbrella indicator, with every
contribution in its note. One that is an interval (an overlap that is not known) is never one
number: it is a published value that cannot be used
(:class:`~resultsframe.observations.records.Unreadable`), so the umbrella indicator is not
assessable, and its reason gives the interval and the achievement at both ends. A mapping that
cannot be followed (a member that is not in the portfolio, a source indicator it does not have,
a unit that does not convert, no data by the date) is a finding of the portfolio and of the
umbrella indicator, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingType
from datetime import date
from typing import Any

import attrs

from resultsframe.exceptions import UnknownIdError, did_you_mean
from resultsframe.formatting import percent, unit_name
from resultsframe.framework import Framework
from resultsframe.model import Indicator, Measure
from resultsframe.model.mappings import MappingRule
from resultsframe.observations import Observations
from resultsframe.observations.readers import read_records
from resultsframe.observations.records import Unreadable
from resultsframe.periods import Period
from resultsframe.progress.engine import _to_date, assess
from resultsframe.progress.overlap import Combined, Contribution, combine
from resultsframe.progress.report import ProgressReport
from resultsframe.units import format_unit, is_compatible, parse_unit

__all__ = ["Portfolio", "PortfolioReport", "assess_portfolio"]


@attrs.frozen(kw_only=True)
class Portfolio:
    """An umbrella framework and its members.

    Attributes:
        umbrella: The umbrella framework, whose initiatives name the members and the mappings.
        members: Each member by the id its initiatives give (a framework id, or
            ``iati:<activity>``): its framework and its observations, or None to use its own
            published actuals (a framework read from IATI).
        observations: The umbrella's own observations, if any.
    """

    umbrella: Framework
    members: MappingType[str, tuple[Framework, Observations | None]]
    observations: Observations | None = None


@attrs.frozen(kw_only=True)
class PortfolioReport:
    """What :func:`assess_portfolio` gives.

    Attributes:
        as_of: The date.
        umbrella: The umbrella's report, on the combined observations and its own.
        members: Each member's own report, by member id.
        combined: Each mapped umbrella indicator's combination, by its id.
        findings: The mappings that could not be followed, each naming the initiative, the
            member, the source indicator and the umbrella indicator.
    """

    as_of: date
    umbrella: ProgressReport
    members: dict[str, ProgressReport]
    combined: dict[str, Combined]
    findings: tuple[str, ...]

    @property
    def umbrella_id(self) -> str:
        """The umbrella framework's id."""
        return self.umbrella.framework.id

    def interval(self, indicator: str) -> tuple[float, float] | None:
        """The combined figure of an umbrella indicator as ``(low, high)``; None when none."""
        found = self.combined.get(indicator)
        if found is None or found.low is None or found.high is None:
            return None
        return (found.low, found.high)

    def findings_of(self, indicator: str) -> tuple[str, ...]:
        """The portfolio's findings about one umbrella indicator."""
        return tuple(f for f in self.findings if f"→ {indicator}:" in f)


def assess_portfolio(portfolio: Portfolio, as_of: date | str | None = None) -> PortfolioReport:
    """Assess each member, combine the mapped indicators, and assess the umbrella.

    Raises:
        UnknownIdError: never for a mapping; a member the umbrella names and the portfolio
            lacks is a finding. Raised only for a member given under an id no initiative names
            (so that a misspelt id is not silently unused).
    """
    umbrella = portfolio.umbrella
    day = _to_date(as_of, umbrella.fiscal_year_end)
    named = {i.framework for i in umbrella.initiatives if i.framework is not None}
    for member in portfolio.members:
        if member not in named:
            raise UnknownIdError(
                f"portfolio member {member!r} is not the framework of any initiative of "
                f"{umbrella.id!r} (its members: {', '.join(sorted(named)) or 'none'}); give "
                "an initiative framework=" + repr(member) + " and its mappings"
            )
    data: dict[str, Observations] = {}
    reports: dict[str, ProgressReport] = {}
    for member, (framework, observations) in portfolio.members.items():
        data[member] = observations or Observations.from_actuals(framework)
        reports[member] = assess(framework, data[member], day)
    findings: list[str] = []
    gathered: dict[str, list[Contribution]] = {}
    rules: dict[str, MappingRule] = {}
    for initiative in umbrella.initiatives:
        for mapping in initiative.mappings:
            where = (
                f"{initiative.id} ({initiative.partner}): {initiative.framework} "
                f"{mapping.source} → {mapping.target}:"
            )
            rules[mapping.target] = mapping.rule
            contribution, problem = _contribution(
                portfolio,
                data,
                initiative.framework or "",
                mapping.source,
                umbrella.indicators[mapping.target],
                day,
            )
            if problem:
                findings.append(f"{where} {problem}")
            gathered.setdefault(mapping.target, []).append(
                attrs.evolve(contribution, partner=initiative.partner, initiative=initiative.id)
            )
    combined = {
        t: _with_denominator(umbrella.indicators[t], combine(t, rules[t], items), portfolio, day)
        for t, items in gathered.items()
    }
    for target, found in combined.items():
        for member in found.missing:
            if not any(member in f and f"→ {target}:" in f for f in findings):
                findings.append(f"{member} → {target}: no figure usable for the rule")
    observations = _umbrella_observations(portfolio, combined, day, {})
    report = assess(umbrella, observations, day)
    # An interval's achievement at both ends needs the baseline and target the umbrella's
    # report uses: the interval's reason is written once they are known.
    ends = {
        t: _ends(report, umbrella.indicators[t], found)
        for t, found in combined.items()
        if t in observations.unreadable
    }
    if ends:
        observations = _umbrella_observations(portfolio, combined, day, ends)
        report = assess(umbrella, observations, day)
    return PortfolioReport(
        as_of=day,
        umbrella=report,
        members=reports,
        combined=combined,
        findings=tuple(findings),
    )


def _contribution(
    portfolio: Portfolio,
    data: MappingType[str, Observations],
    member: str,
    source: str,
    target: Indicator,
    day: date,
) -> tuple[Contribution, str | None]:
    empty = Contribution(member=member, source=source, value=None)
    if member not in portfolio.members:
        given = ", ".join(sorted(portfolio.members)) or "none"
        return empty, f"member {member!r} is not in the portfolio (its members: {given})"
    framework, _ = portfolio.members[member]
    indicator = framework.indicators.get(source)
    if indicator is None:
        near = did_you_mean(source, framework.indicators)
        hint = f" ({near})" if near else ""
        return empty, f"{member} has no indicator {source!r}{hint}"
    factor = _factor(indicator, target)
    if factor is None:
        return empty, (
            f"{source} is in {format_unit(indicator.unit) if indicator.unit else 'no unit'}, "
            f"which does not convert to {_unit_of(target)}"
        )
    observations = data[member]
    tt = day.toordinal()
    areas = observations.areas(source)
    units = None
    if areas:
        units = tuple(
            sorted(a for a, s in areas.items() if (i := s.at(tt)) is not None and s.values[i] > 0)
        )
    series = observations.series(source)
    i = series.at(tt) if series is not None else None
    if series is None or i is None:
        if units is not None:
            return attrs.evolve(empty, units=units, value=float(len(units))), None
        return empty, f"{member} has no value of {source} by {day.isoformat()}"
    row = observations[series.rows[i]]
    value = series.values[i] * (factor if indicator.measure is not Measure.SHARE else 1.0)
    return (
        Contribution(
            member=member,
            source=source,
            value=value,
            numerator=row.numerator,
            denominator=row.denominator,
            period=row.period,
            units=units,
        ),
        None,
    )


def _unit_of(indicator: Indicator) -> str:
    if indicator.measure is Measure.SHARE and indicator.universe is not None:
        return format_unit(indicator.universe.unit)
    return format_unit(indicator.unit) if indicator.unit else "no unit"


def _factor(source: Indicator, target: Indicator) -> float | None:
    """What a source figure is multiplied by to be in the target's unit; None if it cannot be."""

    def counted(i: Indicator) -> Any:
        if i.measure is Measure.SHARE and i.universe is not None:
            return i.universe.unit
        return i.unit

    a, b = counted(source), counted(target)
    if a is None or b is None:
        return 1.0 if a is b else None
    if not is_compatible(a, b):
        return None
    return float((1 * parse_unit(str(a))).to(parse_unit(str(b))).magnitude)


def _ends(report: ProgressReport, indicator: Indicator, found: Combined) -> str:
    """The achievement at both ends of an interval, against the umbrella report's baseline."""
    entry = report.indicators[indicator.id]
    if entry.baseline is None or entry.target is None or entry.target == entry.baseline:
        return "the achievement at either end cannot be given: " + (
            "no baseline" if entry.baseline is None else "no target"
        )
    low, high = found.low or 0.0, found.high or 0.0
    if indicator.measure is Measure.SHARE:
        denominator = _denominator(indicator, found)
        if not denominator:
            return "the achievement at either end cannot be given: no denominator"
        low, high = 100 * low / denominator, 100 * high / denominator
    span = entry.target - entry.baseline
    return (
        f"the achievement would be {percent((low - entry.baseline) / span)} at the low end "
        f"and {percent((high - entry.baseline) / span)} at the high end"
    )


def _umbrella_observations(
    portfolio: Portfolio,
    combined: MappingType[str, Combined],
    day: date,
    ends: MappingType[str, str],
) -> Observations:
    umbrella = portfolio.umbrella
    own = portfolio.observations
    # The umbrella's own rows are kept (its baseline among them), but for the day a
    # combination is dated: there the combination is the figure.
    dated = {(t, _period_of(found, day).text) for t, found in combined.items()}
    records: list[dict[str, Any]] = [
        r
        for r in (own.to_records() if own is not None else [])
        if (r["indicator"], str(r["period"])) not in dated
    ]
    unreadable: list[Unreadable] = []
    for target, found in combined.items():
        if found.low is None:
            continue
        indicator = umbrella.indicators[target]
        period = _period_of(found, day)
        note = "; ".join(_describe(c) for c in found.contributions)
        record = _record(indicator, found, period, note)
        if record is not None:
            records.append(record)
        elif found.exact:
            # One number of units, onto a share with nothing to give the count it is out of.
            unreadable.append(
                Unreadable(
                    indicator=target,
                    period=period,
                    text=f"{found.low:g}",
                    reason=(
                        f"the members' units combine to {found.low:g}, and {target} is a share: "
                        "nothing gives the count they are out of; give its universe a size, or "
                        f"the umbrella observations of {target} with a denominator ({note})"
                    ),
                )
            )
        else:
            unreadable.append(
                Unreadable(
                    indicator=target,
                    period=period,
                    text=_interval_text(indicator, found),
                    reason=(
                        f"the overlap of the members' units is not known: the combined figure "
                        f"is {_interval_text(indicator, found)}, never one number"
                        + (f"; {ends[target]}" if target in ends else "")
                        + f" ({note})"
                    ),
                )
            )
    source = f"portfolio of {umbrella.id}"
    return Observations(read_records(records, umbrella, source), umbrella, source, unreadable)


def _with_denominator(
    indicator: Indicator, found: Combined, portfolio: Portfolio, day: date
) -> Combined:
    """A count of units onto a share, with the count it is out of.

    The universe's size, the members' common denominator, or else the umbrella's own latest
    denominator of the indicator by the date.
    """
    if indicator.measure is not Measure.SHARE or found.rule is MappingRule.SHARES:
        return found
    if _denominator(indicator, found) is not None or portfolio.observations is None:
        return found
    own = portfolio.observations
    series = own.series(indicator.id)
    i = series.at(day.toordinal()) if series is not None else None
    if series is None or i is None:
        return found
    return attrs.evolve(found, denominator=own[series.rows[i]].denominator)


def _period_of(found: Combined, day: date) -> Period:
    """A combination is dated by the end of the latest figure it combines."""
    periods = [c.period.end for c in found.contributions if c.period is not None]
    return Period.parse(max(periods, default=day).isoformat())


def _describe(c: Contribution) -> str:
    if c.value is None and c.units is None:
        return f"{c.member} {c.source}: no figure"
    when = f" ({c.period.text})" if c.period is not None else ""
    units = f", {len(c.units)} units" if c.units is not None else ""
    return f"{c.member} {c.source} = {c.value:g}{when}{units}"


def _denominator(indicator: Indicator, found: Combined) -> float | None:
    if found.denominator:
        return found.denominator
    if indicator.universe is not None and indicator.universe.size:
        return float(indicator.universe.size)
    given = {c.denominator for c in found.contributions if c.denominator}
    return given.pop() if len(given) == 1 else None


def _record(
    indicator: Indicator, found: Combined, period: Period, note: str
) -> dict[str, Any] | None:
    """The combined observation, or None when the combination is an interval."""
    if not found.exact or found.low is None:
        return None
    record: dict[str, Any] = {
        "indicator": indicator.id,
        "period": period.text,
        "source": "portfolio",
        "note": note,
    }
    if indicator.measure is Measure.SHARE:
        if found.rule is MappingRule.SHARES:
            record.update(numerator=found.numerator, denominator=found.denominator)
            return record
        denominator = _denominator(indicator, found)
        if denominator is None:
            return None
        record.update(numerator=found.low, denominator=denominator)
        return record
    record["value"] = found.low
    return record


def _interval_text(indicator: Indicator, found: Combined) -> str:
    unit = _unit_of(indicator)
    low, high = found.low or 0.0, found.high or 0.0
    text = f"between {low:g} and {high:g} {unit_name(unit, plural=True)}"
    if indicator.measure is Measure.SHARE:
        denominator = _denominator(indicator, found)
        if denominator:
            text += (
                f" ({100 * low / denominator:.1f} % to {100 * high / denominator:.1f} % of "
                f"{denominator:g})"
            )
    return text
