"""Links between frameworks: how a member's indicators feed an umbrella's, and where it sits.

An initiative may contribute through a framework of its own, or an IATI activity
(:attr:`~resultsframe.Initiative.framework`). Its :class:`Mapping` records say which of the
member's indicators feeds which of the umbrella's, and by which :class:`MappingRule` the
members' figures are combined:

- ``"sum"``: counts that do not overlap, summed;
- ``"shares"``: numerators and denominators summed, for shares of disjoint universes;
- ``"units"``: unit-level data combined by unit (a country), each unit counted once; with only
  aggregate counts the overlap is not known and the combination is an interval.

An :class:`Alignment` says where a whole framework sits in another one: the COP targets under
ITU Connect 2020 Goal 3 and SDG target 16.2.

>>> from resultsframe.model.mappings import Mapping
>>> Mapping(source="portal-countries", target="T2.a", rule="units").rule
<MappingRule.UNITS: 'units'>
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from collections.abc import Mapping as MappingType
from typing import Any

import attrs

from resultsframe.exceptions import Problem, checked, did_you_mean
from resultsframe.model.checks import _id_validator, _optional_text, _text, to_enum
from resultsframe.model.indicator import Indicator, Measure
from resultsframe.units import Unit, is_currency

__all__ = [
    "Alignment",
    "Mapping",
    "MappingRule",
    "alignment_problems",
    "check_member",
    "countable",
    "link_problems",
    "mapping_problems",
    "rule_problem",
    "to_alignments",
    "to_mappings",
]

# A member: a framework id, or "iati:" and an IATI activity identifier.
_MEMBER_RE = re.compile(r"[^\s:]+|iati:\S+")
# Pint's physical dimensions: a unit of one of them is a measure, not a count of units.
_PHYSICAL = frozenset(
    {
        "[length]",
        "[mass]",
        "[time]",
        "[temperature]",
        "[current]",
        "[substance]",
        "[luminosity]",
        "[printing_unit]",
    }
)


class MappingRule(enum.StrEnum):
    """How the members' figures of one umbrella indicator are combined."""

    SUM = "sum"
    """Counts that do not overlap, summed."""
    SHARES = "shares"
    """Shares of disjoint universes: numerators summed, denominators summed."""
    UNITS = "units"
    """Unit-level data combined by unit, each unit counted once (the union)."""


def check_member(value: object) -> None:
    """Raise ``ValueError`` unless ``value`` names a member: a framework id or ``iati:<id>``.

    >>> check_member("iati:XM-DAC-41122-1")
    >>> check_member("iati:")
    Traceback (most recent call last):
      ...
    ValueError: a member is a framework id or 'iati:' and an IATI activity identifier, without spaces; got 'iati:'
    """
    if not isinstance(value, str) or not _MEMBER_RE.fullmatch(value):
        raise ValueError(
            "a member is a framework id or 'iati:' and an IATI activity identifier, without "
            f"spaces; got {value!r}"
        )


def _member(_instance: object, _attribute: object, value: Any) -> None:
    if value is not None:
        try:
            check_member(value)
        except ValueError as exc:
            raise ValueError(f"Initiative.framework: {exc}") from None


def _to_rule(value: MappingRule | str) -> MappingRule:
    return to_enum(MappingRule, value, "Mapping.rule")


@checked
@attrs.frozen(kw_only=True)
class Mapping:
    """One of a member's indicators feeding one of the umbrella's, and how.

    Attributes:
        source: The id of the indicator in the member's framework (or IATI activity).
        target: The id of the umbrella's indicator it feeds.
        rule: How the members' figures are combined (:class:`MappingRule`).
        note: Why the mapping holds, or what it leaves out.
    """

    source: str = attrs.field(validator=_id_validator("a mapping's source indicator"))
    target: str = attrs.field(validator=_id_validator("a mapping's target indicator"))
    rule: MappingRule = attrs.field(converter=_to_rule)
    note: str | None = attrs.field(default=None, validator=_optional_text)


@checked
@attrs.frozen(kw_only=True)
class Alignment:
    """Where a framework sits in another one: a goal or target it contributes to.

    Attributes:
        framework: The other framework's name (``"ITU Connect 2020"``).
        goal: The goal's or target's id in it (``"Goal 3"``, ``"16.2"``).
        statement: The goal's or target's statement, as the source words it.
        impact: The id of the framework's own result that contributes to it, when one does.
        source: Where the alignment is stated.

    >>> Alignment(framework="SDG", goal="16.2", statement="End abuse … of children").goal
    '16.2'
    """

    framework: str = attrs.field(validator=_text)
    goal: str = attrs.field(validator=_text)
    statement: str = attrs.field(validator=_text)
    impact: str | None = attrs.field(default=None)
    source: str | None = attrs.field(default=None, validator=_optional_text)

    @impact.validator
    def _impact(self, _attribute: object, value: object) -> None:
        if value is not None:
            _id_validator("Alignment.impact: a result")(self, _attribute, value)


def to_mappings(value: Iterable[Mapping | MappingType[str, Any]]) -> tuple[Mapping, ...]:
    """Mappings as records, or as dicts with their fields."""
    return tuple(m if isinstance(m, Mapping) else Mapping(**m) for m in value)


def to_alignments(value: Iterable[Alignment | MappingType[str, Any]]) -> tuple[Alignment, ...]:
    """Alignments as records, or as dicts with their fields."""
    return tuple(a if isinstance(a, Alignment) else Alignment(**a) for a in value)


def countable(unit: Unit | None) -> bool:
    """Whether a unit counts things one by one (``country``), not an amount (``USD``, ``km``).

    >>> from resultsframe.units import parse_unit
    >>> countable(parse_unit("country")), countable(parse_unit("USD")), countable(None)
    (True, False, False)
    """
    if unit is None or is_currency(unit):
        return False
    dims = dict(unit.dimensionality)
    if len(dims) != 1:
        return False
    ((dimension, power),) = dims.items()
    return power == 1 and dimension not in _PHYSICAL


def rule_problem(rule: MappingRule, indicator: Indicator) -> str | None:
    """Why a rule does not fit an indicator's measure and unit, or None when it does.

    >>> import resultsframe
    >>> t2a = resultsframe.examples.load("cop").indicators["T2.a"]
    >>> print(rule_problem(MappingRule.SUM, t2a))
    'sum' adds counts, and T2.a is a share: a share cannot be summed; use 'shares' (numerators and denominators summed) or 'units' (countries combined by unit)
    """
    measure, iid = indicator.measure, indicator.id
    if rule is MappingRule.SUM:
        if measure is Measure.SHARE:
            return (
                f"'sum' adds counts, and {iid} is a share: a share cannot be summed; use "
                "'shares' (numerators and denominators summed) or 'units' (countries combined "
                "by unit)"
            )
        if measure is not Measure.QUANTITY:
            return f"'sum' adds counts, and {iid} is {measure.value}, not a quantity"
        return None
    if rule is MappingRule.SHARES:
        if measure is not Measure.SHARE:
            return (
                f"'shares' sums numerators and denominators, and {iid} is {measure.value}, "
                "not a share; use 'sum' or 'units'"
            )
        return None
    unit = indicator.universe.unit if measure is Measure.SHARE and indicator.universe else None
    if measure is Measure.QUANTITY:
        unit = indicator.unit
    if not countable(unit):
        return (
            f"'units' combines units one by one, and {iid} does not count units (a quantity in "
            "a counting unit such as 'country', or a share of a universe of them); use 'sum' "
            "or 'shares'"
        )
    return None


def mapping_problems(
    initiatives: Iterable[Any], indicators: MappingType[str, Indicator]
) -> list[Problem]:
    """What is wrong with the initiatives' mappings, given the umbrella's indicators.

    Each problem's ``where`` is the initiative's id, ``"mappings"`` and the mapping's position.
    """
    problems: list[Problem] = []
    for initiative in initiatives:
        if initiative.mappings and initiative.framework is None:
            problems.append(
                Problem(
                    "mapping-without-member",
                    "has mappings but no framework they map from; give its framework (a "
                    "framework id or 'iati:<activity identifier>')",
                    (initiative.id, "framework"),
                )
            )
        seen: set[tuple[str, str]] = set()
        for n, mapping in enumerate(initiative.mappings):
            where = (initiative.id, "mappings", str(n))
            indicator = indicators.get(mapping.target)
            if indicator is None:
                near = did_you_mean(mapping.target, indicators)
                hint = f" ({near})" if near else ""
                problems.append(
                    Problem(
                        "unknown-mapping-target",
                        f"maps {mapping.source!r} onto {mapping.target!r}, which is not an "
                        f"indicator of the framework{hint}; correct the target",
                        where,
                    )
                )
                continue
            why = rule_problem(mapping.rule, indicator)
            if why:
                problems.append(Problem("mapping-rule", why, where))
            if (mapping.source, mapping.target) in seen:
                problems.append(
                    Problem(
                        "duplicate-mapping",
                        f"maps {mapping.source!r} onto {mapping.target!r} twice; keep one",
                        where,
                    )
                )
            seen.add((mapping.source, mapping.target))
    return problems


def alignment_problems(alignments: Iterable[Alignment], result_ids: Iterable[str]) -> list[Problem]:
    """Alignments whose ``impact`` is not a result of the framework."""
    known = set(result_ids)
    return [
        Problem(
            "unknown-alignment-impact",
            f"says result {a.impact!r} contributes to {a.framework} {a.goal}, and the framework "
            "has no such result; correct the id",
            ("aligned_to", str(n)),
        )
        for n, a in enumerate(alignments)
        if a.impact is not None and a.impact not in known
    ]


def link_problems(
    initiatives: Iterable[Any],
    indicators: MappingType[str, Indicator],
    aligned_to: Iterable[Alignment],
    result_ids: Iterable[str],
) -> list[Problem]:
    """The problems of a framework's mappings and alignments (see the two functions above)."""
    return mapping_problems(initiatives, indicators) + alignment_problems(aligned_to, result_ids)
