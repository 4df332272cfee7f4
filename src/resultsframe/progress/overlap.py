"""Contributions to one umbrella indicator, combined by its mapping rule without double counting.

Each member of a portfolio gives a :class:`Contribution`: its figure of the source indicator as
of the date, and, when it has unit-level data (observations per area, the area a country), the
units it counts. :func:`combine` puts them together by the rule
(:class:`~resultsframe.model.mappings.MappingRule`):

- ``sum``: the figures added (counts that do not overlap);
- ``shares``: numerators added and denominators added (shares of disjoint universes);
- ``units``: the units' union, each unit counted once, and the units two or more members count
  named (the **overlap**). When a member gives only an aggregate count the overlap is not known:
  the combination is the interval from the largest count (they all overlap) to the sum (none
  does), never one number.

>>> from resultsframe.model.mappings import MappingRule
>>> a = Contribution(member="inhope", source="hotline-countries", value=42)
>>> b = Contribution(member="iwf", source="portal-countries", value=50)
>>> combined = combine("T2.a", MappingRule.UNITS, [a, b])
>>> combined.low, combined.high, combined.exact
(50.0, 92.0, False)
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from resultsframe.model.mappings import MappingRule
from resultsframe.periods import Period

__all__ = ["Combined", "Contribution", "combine"]


@attrs.frozen(kw_only=True)
class Contribution:
    """What one member gives towards one umbrella indicator, as of the date.

    Attributes:
        member: The member's id (a framework id, or ``iati:<activity>``).
        source: The id of the member's indicator.
        value: Its figure (a count, or a share in percent); None when it has none by the date.
        partner: The partner whose initiative the member is, when known.
        initiative: The initiative's id, when known.
        numerator: For a share: how many units count.
        denominator: For a share: how many units the universe has.
        period: The period of the figure used.
        units: The units (country codes) it counts, when it has unit-level data; None when it
            gives only an aggregate figure.
    """

    member: str
    source: str
    value: float | None
    partner: str | None = None
    initiative: str | None = None
    numerator: float | None = None
    denominator: float | None = None
    period: Period | None = None
    units: tuple[str, ...] | None = None

    @property
    def count(self) -> float | None:
        """How many it counts: its units, else its numerator (of a share), else its value."""
        if self.units is not None:
            return float(len(self.units))
        if self.numerator is not None:
            return self.numerator
        return self.value


@attrs.frozen(kw_only=True)
class Combined:
    """The members' contributions to one umbrella indicator, combined by its rule.

    Attributes:
        indicator: The umbrella indicator's id.
        rule: The rule they were combined by.
        contributions: Every contribution, with a figure or not, in the members' order.
        low: The combined figure, or the low end of its interval (a count, or for ``shares``
            a share in percent); None when no member has a figure.
        high: The high end (equal to ``low`` when the figure is exact).
        numerator: For ``shares``: the numerators added up.
        denominator: For ``shares``: the denominators added up; for a count of units onto a
            share: the universe's size the count is out of, when known.
        units: For ``units`` with unit-level data from every member: the union, sorted.
        overlap: For ``units``: each unit two or more members count, with those members.
        missing: The members that have no figure by the date.
    """

    indicator: str
    rule: MappingRule
    contributions: tuple[Contribution, ...]
    low: float | None = None
    high: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    units: tuple[str, ...] | None = None
    overlap: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def exact(self) -> bool:
        """Whether the combination is one number (its interval has one point)."""
        return self.low is not None and self.low == self.high


def combine(indicator: str, rule: MappingRule, contributions: Iterable[Contribution]) -> Combined:
    """Combine the contributions to one umbrella indicator by its rule.

    >>> from resultsframe.model.mappings import MappingRule
    >>> a = Contribution(member="a", source="x", value=3, units=("SN", "TZ", "KE"))
    >>> b = Contribution(member="b", source="y", value=2, units=("TZ", "UG"))
    >>> both = combine("P2.6.a", MappingRule.UNITS, [a, b])
    >>> both.low, both.units, both.overlap
    (4.0, ('KE', 'SN', 'TZ', 'UG'), {'TZ': ('a', 'b')})
    """
    every = tuple(contributions)
    given = [c for c in every if c.value is not None or c.units is not None]
    missing = tuple(c.member for c in every if c not in given)
    base = Combined(indicator=indicator, rule=rule, contributions=every, missing=missing)
    if not given:
        return base
    if rule is MappingRule.SUM:
        total = sum(float(c.count or 0) for c in given)  # a share counts by its numerator
        return attrs.evolve(base, low=total, high=total)
    if rule is MappingRule.SHARES:
        shares = [c for c in given if c.numerator is not None and c.denominator]
        if len(shares) < len(given):
            # A share with no numerator and denominator cannot be weighed: leave it out, named.
            missing += tuple(c.member for c in given if c not in shares)
        numerator = sum(float(c.numerator or 0) for c in shares)
        denominator = sum(float(c.denominator or 0) for c in shares)
        value = 100 * numerator / denominator if denominator else None
        return attrs.evolve(
            base,
            missing=missing,
            low=value,
            high=value,
            numerator=numerator,
            denominator=denominator,
        )
    return _units(base, given)


def _units(base: Combined, given: list[Contribution]) -> Combined:
    by_unit: dict[str, list[str]] = {}
    for c in given:
        for unit in c.units or ():
            by_unit.setdefault(unit, []).append(c.member)
    overlap = {u: tuple(m) for u, m in sorted(by_unit.items()) if len(set(m)) > 1}
    known = float(len(by_unit))
    aggregates = [float(c.count or 0) for c in given if c.units is None]
    if not aggregates:
        union = tuple(sorted(by_unit))
        return attrs.evolve(base, low=known, high=known, units=union, overlap=overlap)
    # The overlap of an aggregate count with the rest is not known: from "all of it overlaps"
    # (the largest figure) to "none of it does" (the sum).
    low = max([known, *aggregates])
    high = known + sum(aggregates)
    return attrs.evolve(base, low=low, high=high, overlap=overlap)
