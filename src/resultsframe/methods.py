"""How figures are obtained: derivations, aggregations and status methods.

These are the swappable parts of :func:`resultsframe.assess`. Each is a small frozen object
stored with the framework (and written to its JSON document), so that a framework says how its
progress is computed, and a reader can tell why a figure is what it is.

- :class:`ShareOfUnits` — an indicator whose value is derived from unit-level data (one row per
  country): the share of units that meet a condition, optionally weighted (by child
  population), optionally combining other indicators per unit (all-of / any-of).
- :class:`Aggregation` — how a result combines its inputs: ``mean`` (weighted, the default),
  ``minimum`` (the bottleneck) or ``all_of`` (achieved only when every input is).
- :class:`Trajectory`, :class:`Band`, :class:`GrowthRatio` — how a status is given.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from typing import Any, TypeAlias

import attrs

from resultsframe.exceptions import checked, did_you_mean

__all__ = [
    "Aggregation",
    "Band",
    "GrowthRatio",
    "Missing",
    "NamedChoice",
    "Rule",
    "ShareOfUnits",
    "StatusMethod",
    "Trajectory",
]


class NamedChoice(enum.StrEnum):
    """A choice given by name; a name it does not have is refused with the closest ones."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        names = [member.value for member in cls]
        near = did_you_mean(value, names)
        raise ValueError(
            f"unknown {cls.__name__.lower()} {value!r}{f' ({near})' if near else ''}; "
            f"use one of {', '.join(names)}"
        )


class Aggregation(NamedChoice):
    """How a result combines the achievements and progress of its inputs."""

    MEAN = "mean"
    """The weighted mean of the assessable inputs (the default)."""
    MINIMUM = "minimum"
    """The lowest assessable input: a result is as far as its bottleneck."""
    ALL_OF = "all_of"
    """1 when every input is achieved, 0 when an assessable one is not, else not assessable."""


class Rule(NamedChoice):
    """How a combination of indicators is met by one unit."""

    ALL = "all"
    ANY = "any"


class Missing(NamedChoice):
    """What a unit of the universe with no observation counts as."""

    UNKNOWN = "unknown"
    """The share cannot be computed: the missing units are named (the default)."""
    NOT_MET = "not_met"
    """The unit does not meet the condition (a state with no ratification is not a party)."""


def _ids(value: Iterable[str] | str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _finite(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number, got {value!r}")


def _fraction(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _finite(_instance, attribute, value)
    assert isinstance(value, (int, float))
    if not 0 <= value <= 1:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value!r}")


@checked
@attrs.frozen
class ShareOfUnits:
    """An indicator derived from unit-level data: the share of units meeting a condition.

    A unit (a country, named by the ``area`` of its observations) meets the condition when its
    latest value at or before the date is at least ``at_least``. With ``of`` empty, the values
    are the indicator's own unit-level observations; with ``of`` naming other indicators, a
    unit meets the condition when it meets it for all (``rule="all"``) or any of them, which
    is how "the combination of Target 1 and Target 2" is computed.

    The share is over the universe: its declared size, or else the units observed. With
    ``weight`` naming an indicator whose unit-level observations are weights (child
    population), the share is weighted.

    Attributes:
        of: Ids of the indicators combined per unit; empty for the indicator's own data.
        rule: How the indicators of ``of`` combine.
        at_least: The value from which a unit meets the condition (1 = yes).
        weight: Id of an indicator whose unit-level values weight each unit.
        missing: What a unit of the universe with no observation counts as.
    """

    of: tuple[str, ...] = attrs.field(factory=tuple, converter=_ids)
    rule: Rule = attrs.field(default=Rule.ALL, converter=Rule)
    at_least: float = attrs.field(default=1, validator=_finite)
    weight: str | None = None
    missing: Missing = attrs.field(default=Missing.UNKNOWN, converter=Missing)


@checked
@attrs.frozen
class Trajectory:
    """Status against the straight path from the baseline to the target (the default).

    ``expected(t)`` is the share of the span from the end of the baseline period to the due
    date that has elapsed at ``t`` (piecewise through milestones when there are several
    targets). ``ratio = achievement / expected``: achieved at an achievement of 1, on track from
    ``on_track``, at risk from ``at_risk``, off track below.
    """

    on_track: float = attrs.field(default=0.9, validator=_finite)
    at_risk: float = attrs.field(default=0.6, validator=_finite)

    def __attrs_post_init__(self) -> None:
        if self.at_risk > self.on_track:
            raise ValueError(
                f"the at-risk threshold ({self.at_risk}) must not be above the on-track one "
                f"({self.on_track})"
            )


@checked
@attrs.frozen
class Band:
    """Status by a tolerance band around the expected path.

    Achieved when the value is within ``tolerance × |target − baseline|`` of the final target
    (or beyond it); on track when the achievement is no more than ``tolerance`` below the
    expected achievement; at risk within twice that; off track below.
    """

    tolerance: float = attrs.field(default=0.05, validator=_fraction)


@checked
@attrs.frozen
class GrowthRatio:
    """Status by the ratio of actual to required growth, as in the UN SDG progress charts.

    ``actual = (value / baseline) ** (1 / years elapsed) - 1`` and
    ``required = (target / baseline) ** (1 / years to the due date) - 1``; their ratio gives
    on track from ``on_track`` (0.95), at risk from ``at_risk`` (0.5), off track below.
    It needs positive baseline, value and target.
    """

    on_track: float = attrs.field(default=0.95, validator=_finite)
    at_risk: float = attrs.field(default=0.5, validator=_finite)


#: A status method.
StatusMethod: TypeAlias = Trajectory | Band | GrowthRatio
