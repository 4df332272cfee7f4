"""Indicators: what is measured, in which unit, towards which targets."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from resultsframe import hooks
from resultsframe.exceptions import UnitError, checked
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
    Parameter,
    ReportingPeriod,
    Target,
    TargetRevision,
    Universe,
    _to_revisions,
)
from resultsframe.model.records import Comment, DocumentLink, Extension, Narrative, Reference
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


def _to_measure(value: Measure | str) -> Measure:
    try:
        return Measure(value)
    except ValueError:
        raise ValueError(
            f"unknown measure {value!r}; use one of {', '.join(m.value for m in Measure)}"
        ) from None


def _to_direction(value: Direction | str) -> Direction:
    try:
        return Direction(value)
    except ValueError:
        raise ValueError(
            f"unknown direction {value!r}; use one of {', '.join(d.value for d in Direction)}"
        ) from None


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
        parameters: Numbers inside its definition, such as a threshold.
        weight: Its weight in its result's progress.
        source: Where its data comes from.
        verification: How a value is verified (means of verification).
        definitions: Ids of the framework's definitions that explain it.
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

    def __attrs_post_init__(self) -> None:
        self._check_measure()
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
        revised = [r.revised_on for r in self.revisions]
        if revised != sorted(revised):
            raise ValueError(
                f"indicator {self.id!r}: earlier targets (revisions) are kept oldest first, in "
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

    def _fit(self, item: Any, where: str) -> Any:
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
    def target(self) -> Target | None:
        """The final target: the last one; None for a monitoring indicator."""
        return self.targets[-1] if self.targets else None

    @property
    def is_monitoring(self) -> bool:
        """Whether the indicator only monitors: it has no target."""
        return not self.targets

    def __repr__(self) -> str:
        unit = f" [{format_unit(self.unit)}]" if self.unit is not None else ""
        target = self.target
        shown = "" if target is None else f" → {_show(target.value)}"
        return f"<Indicator {self.id}{unit}{shown}>"

    def _repr_html_(self) -> str:
        return hooks.to_html(self)


def _show(value: Value | Relative | None) -> str:
    if value is None:
        return "?"
    if isinstance(value, Pending):
        return f"pending {value.text!r}"
    if isinstance(value, Relative):
        return f"{value} from the baseline"
    return f"{value.magnitude:g} {format_unit(value.units)}"
