"""Indicators: what is measured, in which unit, towards which targets."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from resultsframe import hooks
from resultsframe.exceptions import UnitError, ValidationError, checked, did_you_mean
from resultsframe.methods import (
    Band,
    GrowthRatio,
    ShareOfUnits,
    StatusMethod,
    Trajectory,
)
from resultsframe.model.checks import (
    _id_validator,
    _optional_text,
    _text,
    _to_optional_unit,
    _to_strings,
    _tuple,
    _tuple_of,
    _weight,
)
from resultsframe.model.measurements import (
    Baseline,
    BaselineRevision,
    Parameter,
    ReportingPeriod,
    Target,
    TargetRevision,
    Universe,
    _to_baseline_revisions,
    _to_revisions,
)
from resultsframe.model.records import Comment, DocumentLink, Extension, Narrative, Reference
from resultsframe.model.stages import (
    check_position,
    check_stages,
    stage_key,
    stage_position,
    to_stages,
)
from resultsframe.units import Quantity, Unit, format_unit, mismatch_hint, parse_unit
from resultsframe.values import Pending, Relative, Value


class Measure(enum.StrEnum):
    """What kind of thing an indicator measures."""

    QUANTITY = "quantity"
    """A count or an amount, in a unit (``case``, ``person``, ``USD`` …)."""
    SHARE = "share"
    """A percentage or share of a universe (``% of countries``)."""
    RATIO = "ratio"
    """A ratio of two quantities that is not a share of a universe (pupils per teacher)."""
    YES_NO = "yes_no"
    """Whether something is in place."""
    ORDINAL = "ordinal"
    """A position on an ordered scale (1 = poor … 5 = excellent)."""
    QUALITATIVE = "qualitative"
    """A description; never a number, never aggregated."""


class Direction(enum.StrEnum):
    """Which way is better."""

    INCREASE = "increase"
    DECREASE = "decrease"


class Accumulation(enum.StrEnum):
    """How an indicator's observations add up to its value as of a date."""

    LEVEL = "level"
    """Each observation is the value as of its period's end: the latest one is the value (the
    default). Figures per period that must not be added up (active users in a month) are
    levels too."""
    CUMULATIVE = "cumulative"
    """The published values are already running totals (people trained since the start), and
    so are the targets and milestones (the World Bank's YR1 … YR5): the latest one is the
    value, as for a level."""
    INCREMENTS = "increments"
    """Each observation is the amount for its period alone (people trained in 2017): the value
    as of a date is the baseline plus the increments of the periods that end after the
    baseline's period and on or before the date. Targets are running totals."""


class Frequency(enum.StrEnum):
    """How often an indicator is to be reported."""

    ANNUAL = "annual"
    SEMIANNUAL = "semiannual"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"

    @property
    def months(self) -> int:
        """The length of one reporting period, in months."""
        return _MONTHS[self]


_MONTHS = {
    Frequency.ANNUAL: 12,
    Frequency.SEMIANNUAL: 6,
    Frequency.QUARTERLY: 3,
    Frequency.MONTHLY: 1,
}


def _unknown(what: str, value: object, choices: type[enum.Enum]) -> str:
    names = [str(choice.value) for choice in choices]
    near = did_you_mean(value, names)
    return f"unknown {what} {value!r}{f' ({near})' if near else ''}; use one of {', '.join(names)}"


def _to_accumulation(value: Accumulation | str) -> Accumulation:
    try:
        return Accumulation(value)
    except ValueError:
        raise ValueError(_unknown("accumulation", value, Accumulation)) from None


def _to_frequency(value: Frequency | str | None) -> Frequency | None:
    if value is None:
        return None
    try:
        return Frequency(value)
    except ValueError:
        raise ValueError(_unknown("frequency", value, Frequency)) from None


def _to_measure(value: Measure | str) -> Measure:
    try:
        return Measure(value)
    except ValueError:
        raise ValueError(_unknown("measure", value, Measure)) from None


def _to_direction(value: Direction | str) -> Direction:
    try:
        return Direction(value)
    except ValueError:
        raise ValueError(_unknown("direction", value, Direction)) from None


@checked
@attrs.frozen(repr=False)
class Indicator:
    """What is measured to know whether a result is achieved.

    Bare numbers given for a baseline or target are read in the indicator's unit:
    ``Indicator("T1.a", "…", unit="%", targets=[Target(90, due="2020-12-31")])`` means 90 %.
    A parameter has a unit of its own: write ``Parameter("threshold", "…", "60 %")``.

    Attributes:
        id: Unique in the framework (``"T1.a"``).
        name: What is measured, as the framework words it.
        measure: The kind of measure.
        unit: The unit of its values (``percent`` for a share); None for qualitative ones.
        direction: Whether more or less is better.
        universe: For a share, what it is a share of.
        baselines: Where it starts: usually one; IATI allows one per disaggregation.
        targets: What it is to reach and by when, in date order; the last is the final target.
            An indicator with no target is a monitoring indicator.
        revisions: Its earlier targets, oldest first, each with the day it was revised and why
            (keyword-only; see :meth:`resultsframe.Framework.revise_target`).
        baseline_revisions: Its earlier baselines, oldest first, each with the day it was
            revised and why (keyword-only; see :meth:`resultsframe.Framework.revise_baseline`).
        parameters: Numbers inside its definition, such as a threshold.
        weight: Its weight in its result's progress.
        source: Where its data comes from.
        verification: How a value is verified (means of verification).
        definitions: Ids of the framework's definitions that explain it.
        accumulation: How its observations add up to its value (keyword-only): ``level`` (the
            default), ``cumulative`` or ``increments`` (see :class:`Accumulation`); only a
            quantity accumulates.
        frequency: How often it is to be reported (keyword-only), or None: with one, a report
            says when its data is overdue.
        stages: For an ordinal indicator, the names of its stages in order (keyword-only);
            baselines, targets and observations may then name a stage by its text or its
            position (from 1). A baseline or target that gives only a ``text`` naming a stage
            gets that stage's position as its value.

    >>> reform = Indicator(
    ...     "R1", "state of the reform", measure="ordinal",
    ...     stages=["consultation completed", "drafted", "adopted", "board established"],
    ...     baselines=[Baseline(text="consultation completed")],
    ...     targets=[Target(text="adopted", due="2022-12-31")],
    ... )
    >>> reform.target.value.magnitude, reform.stage_name(reform.target.value.magnitude)
    (3, 'adopted')
    """

    id: str = attrs.field(validator=_id_validator("indicator"))
    name: str = attrs.field(validator=_text)
    measure: Measure = attrs.field(default=Measure.QUANTITY, converter=_to_measure)
    unit: Unit | None = attrs.field(default=None, converter=_to_optional_unit)
    direction: Direction = attrs.field(default=Direction.INCREASE, converter=_to_direction)
    universe: Universe | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Universe))
    )
    baselines: tuple[Baseline, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Baseline)
    )
    targets: tuple[Target, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Target)
    )
    # Keyword-only, so that adding it moved no positional argument; written after the targets.
    revisions: tuple[TargetRevision, ...] = attrs.field(
        factory=tuple, converter=_to_revisions, validator=_tuple_of(TargetRevision), kw_only=True
    )
    baseline_revisions: tuple[BaselineRevision, ...] = attrs.field(
        factory=tuple,
        converter=_to_baseline_revisions,
        validator=_tuple_of(BaselineRevision),
        kw_only=True,
    )
    parameters: tuple[Parameter, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Parameter)
    )
    weight: float = attrs.field(default=1, validator=_weight)
    description: str | None = attrs.field(default=None, validator=_optional_text)
    source: str | None = attrs.field(default=None, validator=_optional_text)
    verification: str | None = attrs.field(default=None, validator=_optional_text)
    definitions: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_strings)
    comments: tuple[Comment, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Comment)
    )
    references: tuple[Reference, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Reference)
    )
    periods: tuple[ReportingPeriod, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(ReportingPeriod)
    )
    narratives: tuple[Narrative, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Narrative)
    )
    document_links: tuple[DocumentLink, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(DocumentLink)
    )
    aggregation_status: bool | None = None
    extensions: tuple[Extension, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Extension)
    )
    derivation: ShareOfUnits | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ShareOfUnits)),
    )
    status_method: StatusMethod | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            attrs.validators.instance_of((Trajectory, Band, GrowthRatio))
        ),
    )
    # Keyword-only, so that adding them moved no positional argument.
    accumulation: Accumulation = attrs.field(
        default=Accumulation.LEVEL, converter=_to_accumulation, kw_only=True
    )
    frequency: Frequency | None = attrs.field(default=None, converter=_to_frequency, kw_only=True)
    stages: tuple[str, ...] = attrs.field(factory=tuple, converter=to_stages, kw_only=True)

    def __attrs_post_init__(self) -> None:
        self._check_measure()
        self._check_accumulation()
        if self.derivation is not None and self.measure is not Measure.SHARE:
            raise ValueError(
                f"indicator {self.id!r} is derived as a share of units, so its measure is 'share' "
                f"(unit percent); got measure {self.measure.value!r}"
            )
        # Bare numbers are read in the indicator's unit; everything else must fit it.
        fields = {
            "baselines": tuple(
                self._fit(b, f"baseline {i + 1}") for i, b in enumerate(self.baselines)
            ),
            "targets": tuple(self._fit(t, f"target {i + 1}") for i, t in enumerate(self.targets)),
            "revisions": tuple(
                attrs.evolve(r, target=self._fit(r.target, f"earlier target {i + 1}"))
                for i, r in enumerate(self.revisions)
            ),
            "baseline_revisions": tuple(
                attrs.evolve(r, baseline=self._fit(r.baseline, f"earlier baseline {i + 1}"))
                for i, r in enumerate(self.baseline_revisions)
            ),
            "periods": tuple(
                attrs.evolve(
                    p,
                    targets=tuple(self._fit(t, f"period {p.period} target") for t in p.targets),
                    actuals=tuple(self._fit(a, f"period {p.period} actual") for a in p.actuals),
                )
                for p in self.periods
            ),
        }
        for name, value in fields.items():
            object.__setattr__(self, name, value)
        dues = [t.due for t in self.targets if t.due is not None]
        if dues != sorted(dues):
            raise ValueError(
                f"indicator {self.id!r}: targets must be in the order of their due dates, "
                f"got {[d.isoformat() for d in dues]}"
            )
        for what, kept in (
            ("targets (revisions)", self.revisions),
            ("baselines (baseline_revisions)", self.baseline_revisions),
        ):
            revised = [r.revised_on for r in kept]
            if revised != sorted(revised):
                raise ValueError(
                    f"indicator {self.id!r}: earlier {what} are kept oldest first, in "
                    f"the order of their revision dates; got {[d.isoformat() for d in revised]}"
                )
        if len({p.id for p in self.parameters}) != len(self.parameters):
            raise ValueError(f"indicator {self.id!r} names a parameter twice")
        for parameter in self.parameters:
            # Framework.fill's keys "<indicator>:baseline" and "<indicator>:target:…" are taken.
            if parameter.id in ("baseline", "target"):
                raise ValueError(
                    f"indicator {self.id!r}: a parameter cannot be called {parameter.id!r}, "
                    "which names the indicator's own baselines and targets; choose another id"
                )

    def _check_measure(self) -> None:
        if self.measure is Measure.QUALITATIVE and self.unit is not None:
            raise UnitError(
                f"indicator {self.id!r} is qualitative and has no unit, got "
                f"{format_unit(self.unit)!r}"
            )
        if self.measure is Measure.SHARE:
            if self.unit is None or not self.unit.dimensionless:
                found = "no unit" if self.unit is None else repr(format_unit(self.unit))
                raise UnitError(
                    f"indicator {self.id!r} is a share, so its unit is 'percent' (or another "
                    f"dimensionless unit); got {found}"
                )
        elif self.universe is not None:
            raise ValueError(
                f"indicator {self.id!r}: only a share has a universe; set measure='share' or "
                "remove the universe"
            )

    def _check_accumulation(self) -> None:
        if self.accumulation is not Accumulation.LEVEL and self.measure is not Measure.QUANTITY:
            raise ValueError(
                f"indicator {self.id!r} is a {self.measure.value}, which does not add up over "
                f"periods; only a quantity is {self.accumulation.value!r} (remove 'accumulation' "
                "or set measure='quantity')"
            )
        if not self.stages:
            return
        if self.measure is not Measure.ORDINAL:
            raise ValueError(
                f"indicator {self.id!r} names stages, which only an ordinal indicator has; set "
                "measure='ordinal' or remove the stages"
            )
        check_stages(self.id, self.stages)
        if self.unit is not None and not self.unit.dimensionless:
            raise UnitError(
                f"indicator {self.id!r} has stages, whose positions have no unit; got "
                f"{format_unit(self.unit)!r}"
            )

    def stage_position(self, text: str) -> int:
        """The position (from 1) of the stage a text names.

        Raises:
            ValidationError: naming the text, the nearest stage and the stages in order.
        """
        return _stage_position(self, text)

    def stage_name(self, position: float | None) -> str | None:
        """The name of the stage at a position (from 1); None if it is not one."""
        if position is None or not self.stages or not float(position).is_integer():
            return None
        n = int(position)
        return self.stages[n - 1] if 1 <= n <= len(self.stages) else None

    def _fit(self, item: Any, where: str) -> Any:
        fitted = self._fit_unit(item, where)
        return self._fit_stage(fitted, where) if self.stages else fitted

    def _fit_stage(self, item: Any, where: str) -> Any:
        """A stage named by its text gets its position; a position must be one of a stage."""
        value, text = item.value, getattr(item, "text", None)
        if value is None:
            if text is None:
                return item
            position = stage_position(self.id, self.stages, text)
            return attrs.evolve(item, value=Quantity(position, parse_unit("")))
        if isinstance(value, (Pending, Relative)):
            return item
        magnitude = float(value.to("").magnitude)
        check_position(self.id, self.stages, magnitude, where)
        keys = [stage_key(stage) for stage in self.stages]
        if text is not None and stage_key(text) in keys:
            named = keys.index(stage_key(text)) + 1
            if named != magnitude:
                raise ValueError(
                    f"indicator {self.id!r}: its {where} says stage {text!r} ({named}) but its "
                    f"value is {magnitude:g}; give one of them, or make them agree"
                )
        return item

    def _fit_unit(self, item: Any, where: str) -> Any:
        value = item.value
        if value is None:
            return item
        if self.measure is Measure.QUALITATIVE:
            shown = f"the number {value!r}" if isinstance(value, (int, float)) else f"{value!r}"
            raise UnitError(
                f"indicator {self.id!r} is qualitative: its {where} cannot hold "
                f"{shown}; keep the text in 'text'"
            )
        if isinstance(value, Relative):
            return item  # a change from the baseline, in the indicator's own unit
        unit = self.unit if self.unit is not None else parse_unit("")
        if isinstance(value, (int, float)):
            return attrs.evolve(item, value=Quantity(value, unit))
        if isinstance(value, Pending):
            found = value.unit
            if found is None or found.dimensionality == unit.dimensionality:
                return item
        elif value.dimensionality == unit.dimensionality:
            # A quantity's dimensionality is cached; its .units would build a new Unit.
            return item
        else:
            found = value.units
        if found is not None and found.dimensionality != unit.dimensionality:
            raise UnitError(
                f"indicator {self.id!r}: its {where} is in {format_unit(found)!r}, but the "
                f"indicator's unit is {format_unit(unit)!r}, which it cannot be converted to"
                f"{mismatch_hint(found, unit)}"
            )
        return item

    @property
    def baseline(self) -> Baseline | None:
        """The baseline for the whole indicator: the first one with no disaggregation."""
        for baseline in self.baselines:
            if not baseline.dimensions and not baseline.locations:
                return baseline
        return None

    @property
    def whole_targets(self) -> tuple[Target, ...]:
        """The targets for the whole indicator, in date order: milestones, then the final one.

        A target for one disaggregation (``sex = female``) or location is not one of them, even
        when it is due last.
        """
        return tuple(t for t in self.targets if not t.dimensions and not t.locations)

    @property
    def final_index(self) -> int | None:
        """The position in :attr:`targets` of the final target; None when there is none."""
        for n in range(len(self.targets) - 1, -1, -1):
            target = self.targets[n]
            if not target.dimensions and not target.locations:
                return n
        return None

    @property
    def target(self) -> Target | None:
        """The final target: the last whole-indicator one; None for a monitoring indicator."""
        n = self.final_index
        return None if n is None else self.targets[n]

    @property
    def is_monitoring(self) -> bool:
        """Whether the indicator only monitors: it has no target for the whole indicator."""
        return self.final_index is None

    def __repr__(self) -> str:
        unit = f" [{format_unit(self.unit)}]" if self.unit is not None else ""
        target = self.target
        shown = "" if target is None else f" → {_show(target.value)}"
        return f"<Indicator {self.id}{unit}{shown}>"

    def _repr_html_(self) -> str:
        return hooks.to_html(self)


def _stage_position(indicator: Indicator, text: str) -> int:
    try:
        return stage_position(indicator.id, indicator.stages, text)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def _show(value: Value | Relative | None) -> str:
    if value is None:
        return "?"
    if isinstance(value, Pending):
        return f"pending {value.text!r}"
    if isinstance(value, Relative):
        return f"{value} from the baseline"
    return f"{value.magnitude:g} {format_unit(value.units)}"
