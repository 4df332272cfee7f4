"""The plan: what assessing needs of a framework, worked out once per framework.

A framework is immutable, so everything about it that does not depend on the observations,
the date or the overrides (each indicator's final target and declared baseline in its unit,
each result's inputs, an order of the results where every contributor comes first) is
computed once and shared by every engine over it: repeated ``assess`` calls, ``assess_over``
and ``update`` start from it.
"""

from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any, cast

from resultsframe.framework import Framework
from resultsframe.model import Accumulation, Baseline, Indicator, Measure, Result, Target
from resultsframe.progress.report import Milestone
from resultsframe.units import Quantity, format_unit
from resultsframe.values import Pending, Relative

__all__ = [
    "NONE",
    "NOT_A_NUMBER",
    "NUMBER",
    "PENDING",
    "RELATIVE",
    "IndicatorPlan",
    "ResultPlan",
    "Structure",
    "in_unit",
    "skipped_milestones",
    "structure",
    "topological",
]

# What an indicator's final target (and its declared baseline) is: worked out once per framework.
NONE, PENDING, NOT_A_NUMBER, NUMBER, RELATIVE = range(5)


class IndicatorPlan:
    """Everything about one indicator that does not depend on the date or the observations.

    Worked out once per framework, so that a pass over 100 000 indicators does no unit
    conversion, no formatting and no attribute hunting per indicator and date.
    """

    __slots__ = (
        "accumulation",
        "annotated",
        "baseline",
        "baseline_kind",
        "baseline_period",
        "baseline_reason",
        "baseline_when",
        "derived",
        "dimensioned",
        "due",
        "due_ordinal",
        "frequency",
        "id",
        "increments",
        "indicator",
        "milestones",
        "qualitative",
        "relative",
        "relative_milestones",
        "reported_from",
        "result",
        "skipped",
        "stages",
        "status_method",
        "target",
        "target_kind",
        "target_reason",
        "target_text",
        "unit",
        "weight",
    )

    def __init__(
        self,
        indicator: Indicator,
        result: str,
        unit: str | None,
        start: int | None,
        end: date | None,
    ) -> None:
        self.indicator = indicator
        self.id = indicator.id
        self.result = result
        self.unit = unit
        self.weight = float(indicator.weight)
        self.qualitative = indicator.measure is Measure.QUALITATIVE
        self.derived = indicator.derivation is not None
        self.status_method = indicator.status_method
        # the final target
        targets, dimensioned = split_targets(indicator)  # milestones, then the final target
        target = targets[-1] if targets else None
        self.target: float | None = None
        self.target_text: str | None = None
        self.target_reason: str | None = None
        self.due: date | None = None
        self.due_ordinal: int | None = None
        self.milestones: tuple[tuple[int, float], ...] = ()
        self.relative: Relative | None = None
        self.relative_milestones: tuple[tuple[int, float | Relative], ...] = ()
        # The milestones the path goes straight past (pending, undated, not a number).
        self.skipped: tuple[Milestone, ...] = ()
        self.target_kind = kind = NONE if target is None else value_kind(target.value)
        if target is not None:
            self.due = target.due or end
            self.due_ordinal = self.due.toordinal() if self.due is not None else None
            if isinstance(target.value, Pending):
                self.target_text = target.value.text
                self.target_reason = (
                    f"target pending ({target.value.text!r}): fill it to assess {indicator.id}"
                )
            elif isinstance(target.value, Relative):
                # Resolved against the baseline, which may come from the observations.
                self.relative = target.value
                self.target_text = str(target.value)
                self.relative_milestones = tuple(
                    (
                        m.due.toordinal(),
                        m.value if isinstance(m.value, Relative) else in_unit(m.value, indicator),
                    )
                    for m in targets[:-1]
                    if m.due is not None and isinstance(m.value, (Quantity, Relative))
                )
                self.skipped = skipped_milestones(targets[:-1], indicator)
            elif kind == NOT_A_NUMBER:
                self.target_reason = f"the target is not a number: {target.text!r}"
            else:
                self.target = in_unit(cast("Quantity[Any]", target.value), indicator)
                if len(targets) > 1:
                    self.milestones = tuple(
                        (m.due.toordinal(), in_unit(m.value, indicator))
                        for m in targets[:-1]
                        if m.due is not None and isinstance(m.value, Quantity)
                    )
                    self.skipped = skipped_milestones(targets[:-1], indicator)
        # the declared baseline
        declared = indicator.baseline
        self.baseline: float | None = None
        self.baseline_when: int | None = None
        self.baseline_period: str | None = None
        self.baseline_reason: str | None = None
        self.baseline_kind = kind = NONE if declared is None else value_kind(declared.value)
        if declared is None:
            pass
        elif isinstance(declared.value, Pending):
            self.baseline_reason = (
                f"baseline pending ({declared.value.text!r}): fill {indicator.id}:baseline"
            )
        elif kind == NOT_A_NUMBER:
            self.baseline_reason = f"the baseline is not a number: {declared.text!r}"
        else:
            self.baseline = in_unit(cast("Quantity[Any]", declared.value), indicator)
            self.baseline_when = baseline_when(declared, start)
            self.baseline_period = declared.period.text if declared.period else None
        # How the observations add up, how often they are due, and the stages they name: most
        # indicators have none of these, and the engine asks only ``annotated``.
        self.accumulation = indicator.accumulation
        self.increments = indicator.accumulation is Accumulation.INCREMENTS
        self.frequency = indicator.frequency
        self.stages = indicator.stages
        # Targets for one disaggregation are assessed apart (progress/disaggregation.py).
        self.dimensioned = dimensioned
        self.annotated = annotated(indicator)
        # Data is expected from the end of the baseline's period, or else from the framework's
        # start (the day before it ends the period before; a framework starting on 1 January
        # of the year 1, the first day there is, is reported from that day).
        self.reported_from: date | None = None
        if declared is not None and declared.period is not None:
            self.reported_from = declared.period.end
        elif start is not None:
            self.reported_from = date.fromordinal(max(start - 1, 1))


def split_targets(indicator: Indicator) -> tuple[list[Target], bool]:
    """The whole indicator's targets (milestones, then the final one), and whether any is split.

    The targets are in date order. A target for one disaggregation (``sex = female``) is
    assessed apart (progress/disaggregation.py); a target for one location is neither.
    """
    whole: list[Target] = []
    dimensioned = False
    for target in indicator.targets:
        if target.locations:
            continue
        if target.dimensions:
            dimensioned = True
        else:
            whole.append(target)
    return whole, dimensioned


def value_kind(value: object) -> int:
    """What a target's or a declared baseline's value is.

    PENDING, RELATIVE, NOT_A_NUMBER (a text) or NUMBER (a quantity).
    """
    if isinstance(value, Pending):
        return PENDING
    if isinstance(value, Relative):
        return RELATIVE
    return NOT_A_NUMBER if value is None else NUMBER


def baseline_when(declared: Baseline, start: int | None) -> int | None:
    """The day (ordinal) a declared baseline stands for: its period's end, else the start."""
    return declared.period.end.toordinal() if declared.period else start


def annotated(indicator: Indicator) -> bool:
    """Whether accumulation, a reporting frequency or stages add to the indicator's entry."""
    return bool(
        indicator.accumulation is not Accumulation.LEVEL
        or indicator.frequency is not None
        or indicator.stages
    )


class ResultPlan:
    """A result's inputs as the engine walks them: its indicators, then its contributors."""

    __slots__ = ("aggregation", "children", "id", "indicators", "level")

    def __init__(self, result: Result, children: list[tuple[str, float]]) -> None:
        self.id = result.id
        self.level = result.level
        self.indicators = tuple([i.id for i in result.indicators])  # a list is built faster
        self.aggregation = result.aggregation
        self.children = children


class Structure:
    """What assessing needs of a framework, whatever the observations, date and overrides.

    A framework is immutable, so this is worked out once per framework (see
    :func:`structure`) and shared by every engine over it: repeated ``assess`` calls,
    ``assess_over`` and ``update`` start from it. It holds no reference to the framework.
    """

    def __init__(self, framework: Framework) -> None:
        first = framework.start
        start = first.toordinal() if first is not None else None
        end = framework.end
        self.start = start
        self.start_text = first.isoformat() if first is not None else None
        self.end = end
        # Filled through local names: attribute look-ups per item add up over 100 000 items.
        indicators: dict[str, Indicator] = {}
        owner: dict[str, str] = {}
        # Which derived indicators read the per-area series of which indicators.
        dependents: dict[str, list[str]] = {}
        children: dict[str, list[tuple[str, float]]] = {}
        parents: dict[str, list[str]] = {}
        result_plan: dict[str, ResultPlan] = {}
        for result in framework:
            rid = result.id
            inputs: list[tuple[str, float]] = []
            children[rid] = inputs
            parents[rid] = []
            result_plan[rid] = ResultPlan(result, inputs)
            for indicator in result.indicators:
                iid = indicator.id
                indicators[iid] = indicator
                owner[iid] = rid
                derivation = indicator.derivation
                if derivation is not None:
                    for ref in (
                        *derivation.of,
                        *((derivation.weight,) if derivation.weight else ()),
                    ):
                        dependents.setdefault(ref, []).append(iid)
        for link in framework.links:
            children[link.parent].append((link.child, float(link.weight)))
            parents[link.child].append(link.parent)
        self.indicators = indicators
        # An indicator's plan is made when first asked for: the vectorised pass reads the
        # indicators themselves (vectorised.Layout), and plans only the entries it makes.
        self.plans = Plans(self)
        self.unit_texts: dict[Any, str] = {}  # few distinct units: each formatted once
        self.owner = owner
        self.dependents = dependents
        self.children = children
        self.parents = parents
        # Results in an order where every contributor comes before what it contributes to.
        self.order = topological(framework, children, parents)
        self.position = {rid: n for n, rid in enumerate(self.order)}
        self.result_plans = [result_plan[rid] for rid in self.order]
        self.result_plan = result_plan
        # The vectorised pass's layout (progress/vectorised.py), worked out on first use.
        self.layout: Any = None

    def unit_text(self, indicator: Indicator) -> str | None:
        """The indicator's unit as text, formatted once per distinct unit."""
        unit = indicator.unit
        if unit is None:
            return None
        # Keyed by pint's units container, which units parsed alike share: hashing and
        # comparing Unit objects themselves is slow.
        text = self.unit_texts.get(unit._units)
        if text is None:
            text = self.unit_texts[unit._units] = format_unit(unit)
        return text


class Plans(Mapping[str, IndicatorPlan]):
    """The indicators' plans by id, in the framework's order, each made when first read."""

    __slots__ = ("_made", "_structure")

    def __init__(self, structure: Structure) -> None:
        self._structure = structure
        self._made: dict[str, IndicatorPlan] = {}

    def __getitem__(self, key: str) -> IndicatorPlan:
        made = self._made.get(key)
        if made is None:
            s = self._structure
            indicator = s.indicators[key]
            made = IndicatorPlan(indicator, s.owner[key], s.unit_text(indicator), s.start, s.end)
            self._made[key] = made
        return made

    def __contains__(self, key: object) -> bool:
        return key in self._structure.indicators

    def __iter__(self) -> Iterator[str]:
        return iter(self._structure.indicators)

    def __len__(self) -> int:
        return len(self._structure.indicators)


# Structures of the frameworks assessed lately, by id(framework), while each framework lives.
_STRUCTURES: dict[int, tuple[weakref.ref[Framework], Structure]] = {}


def structure(framework: Framework) -> Structure:
    """The structure of a framework: from the cache when it was assessed before."""
    key = id(framework)
    known = _STRUCTURES.get(key)
    if known is not None and known[0]() is framework:
        return known[1]
    made = Structure(framework)

    def forget(_: object, key: int = key) -> None:
        _STRUCTURES.pop(key, None)

    _STRUCTURES[key] = (weakref.ref(framework, forget), made)
    return made


def topological(
    framework: Framework,
    children: Mapping[str, list[tuple[str, float]]],
    parents: Mapping[str, list[str]],
) -> list[str]:
    """Result ids, every contributor before what it contributes to (Kahn's algorithm).

    Linear in results and links, over the links themselves: no graph to build first.
    """
    waiting = {rid: len(inputs) for rid, inputs in children.items()}
    ready = deque(r.id for r in framework if not waiting[r.id])
    order: list[str] = []
    while ready:
        rid = ready.popleft()
        order.append(rid)
        for parent in parents[rid]:
            waiting[parent] -= 1
            if not waiting[parent]:
                ready.append(parent)
    # The framework refuses cycles on construction, so every result is reached.
    assert len(order) == len(waiting), "the links form a cycle"
    return order


def skipped_milestones(milestones: Sequence[Target], indicator: Indicator) -> tuple[Milestone, ...]:
    """The milestones a path goes straight past: pending, undated or not a number.

    A relative milestone ("baseline + 3") is on the path (it resolves with the baseline).
    """
    skipped = []
    for m in milestones:
        value = m.value
        if isinstance(value, Pending):
            skipped.append(Milestone(due=m.due, text=value.text, skipped="pending"))
        elif value is None:
            skipped.append(Milestone(due=m.due, text=m.text, skipped="not a number"))
        elif m.due is None:
            if isinstance(value, Relative):
                skipped.append(Milestone(text=str(value), skipped="no due date"))
            else:
                skipped.append(Milestone(value=in_unit(value, indicator), skipped="no due date"))
    return tuple(skipped)


def in_unit(value: Quantity[Any], indicator: Indicator) -> float:
    """The magnitude of a quantity in an indicator's unit."""
    unit = indicator.unit
    # A quantity made in the indicator's own unit (a bare number in a document is) shares pint's
    # units container with it: an identity check then spares building a Unit to compare.
    if unit is None or value._units is unit._units or value.units == unit:
        return float(value.magnitude)
    return float(value.to(unit).magnitude)
