"""The domain objects a framework is made of: results, indicators, targets and what they carry.

Every class here is a frozen attrs class, validated on construction: an object that exists is
well-formed on its own. Rules that need the whole framework (links, cycles, unique ids) are
checked by :class:`resultsframe.Framework`. Build variants with :func:`attrs.evolve`, which
re-runs the validators.

Beyond what a planning document needs, the model carries what IATI results publish, so that
nothing is lost on the way in or out: several baselines, reporting periods with several targets
and actuals, dimensions, locations, narratives in several languages, document links, references
with vocabularies, and the published text of every value next to its parsed form.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable
from datetime import date
from typing import Any, TypeAlias

import attrs

from resultsframe import hooks
from resultsframe.exceptions import UnitError, checked
from resultsframe.methods import (
    Aggregation,
    Band,
    GrowthRatio,
    ShareOfUnits,
    StatusMethod,
    Trajectory,
)
from resultsframe.periods import Period, parse_date
from resultsframe.units import Quantity, Unit, format_unit, parse_unit
from resultsframe.values import Pending, Relative, Value, parse_relative, parse_value

__all__ = [
    "Actual",
    "Baseline",
    "Comment",
    "Definition",
    "Dimension",
    "Direction",
    "DocumentLink",
    "Extension",
    "HistoryEvent",
    "Indicator",
    "Link",
    "Location",
    "Measure",
    "Narrative",
    "Parameter",
    "Reference",
    "ReportingPeriod",
    "Result",
    "Target",
    "TargetRevision",
    "Theme",
    "Universe",
]

_ID_RE = re.compile(r"[^\s:]+")

#: What a value field accepts: a quantity, a pending value, a number in the indicator's unit,
#: a text such as ``"60 %"`` or ``"XX%"``, or nothing.
RawValue: TypeAlias = Value | int | float | str | None


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


def check_id(value: object, what: str) -> None:
    """Raise ``ValueError`` unless ``value`` is usable as an id."""
    if not isinstance(value, str) or not _ID_RE.fullmatch(value):
        raise ValueError(f"{what} id must be a non-empty text without spaces or ':', got {value!r}")


def _id_validator(what: str) -> Any:
    def check(_instance: object, _attribute: object, value: object) -> None:
        check_id(value, what)

    return check


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(
            f"{type(instance).__name__}.{attribute.name} must be a non-empty text, got {value!r}"
        )


def _optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise ValueError(
            f"{type(instance).__name__}.{attribute.name} must be a text or None, got {value!r}"
        )


def _to_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_date(value)


def _to_period(value: Period | str | None) -> Period | None:
    if value is None or isinstance(value, Period):
        return value
    return Period.parse(value)


def _to_strings(value: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _to_optional_unit(value: str | Unit | None) -> Unit | None:
    return None if value is None else parse_unit(value)


def _to_raw_value(value: RawValue) -> Value | int | float | None:
    """Parse texts; keep bare numbers for the indicator to put in its unit."""
    if value is None or isinstance(value, (Quantity, Pending)):
        return value
    if isinstance(value, bool):
        raise UnitError(f"expected a number, a quantity or a text such as '60 %', got {value!r}")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise UnitError(f"{value!r} is not a finite number")
        return value
    if isinstance(value, str):
        stripped = value.strip()
        try:
            number = float(stripped)
        except ValueError:
            return parse_value(value)
        if not math.isfinite(number):
            raise UnitError(f"{value!r} is not a finite number")
        return int(stripped) if re.fullmatch(r"[-+]?\d+", stripped) else number
    raise UnitError(f"expected a number, a quantity or a text such as '60 %', got {value!r}")


def _to_target_value(value: RawValue | Relative) -> Value | Relative | int | float | None:
    """A target may also be relative to the baseline ("baseline + 3", "+30 %")."""
    if isinstance(value, Relative):
        return value
    if isinstance(value, str):
        relative = parse_relative(value)
        if relative is not None:
            return relative
    return _to_raw_value(value)


def _tuple_of(kind: type[Any]) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for item in value:
            if not isinstance(item, kind):
                raise TypeError(
                    f"{type(instance).__name__}.{attribute.name} holds {kind.__name__} objects, "
                    f"got {type(item).__name__}: {item!r}"
                )

    return check


def _tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """A field's items as a tuple: lists and other iterables are welcome, and typed so."""
    return tuple(items)


# --- small records ------------------------------------------------------------------------


@checked
@attrs.frozen
class Narrative:
    """A text in one language, as IATI publishes it (a result's title in English and French).

    Attributes:
        text: The text.
        lang: Its language (``"en"``, ``"fr"``), when said.
        role: What it is the text of: ``"title"``, ``"description"`` …
    """

    text: str = attrs.field(validator=attrs.validators.instance_of(str))
    lang: str | None = attrs.field(default=None, validator=_optional_text)
    role: str = attrs.field(default="title", validator=_text)


@checked
@attrs.frozen
class Comment:
    """A remark on a part of the framework, by its author (a review comment)."""

    text: str = attrs.field(validator=_text)
    author: str | None = attrs.field(default=None, validator=_optional_text)
    date: date | None = attrs.field(default=None, converter=_to_date)
    lang: str | None = attrs.field(default=None, validator=_optional_text)


@checked
@attrs.frozen
class Reference:
    """A source the framework relies on, or an external code for a result or indicator.

    A bibliography entry uses ``title``, ``organisation`` and ``summary``; a code in a
    vocabulary (IATI's ``<reference vocabulary="7" code="3.4"/>``) uses ``vocabulary``,
    ``code`` and ``uri``.
    """

    id: str | None = attrs.field(default=None, validator=_optional_text)
    title: str | None = attrs.field(default=None, validator=_optional_text)
    organisation: str | None = attrs.field(default=None, validator=_optional_text)
    summary: str | None = attrs.field(default=None, validator=_optional_text)
    uri: str | None = attrs.field(default=None, validator=_optional_text)
    vocabulary: str | None = attrs.field(default=None, validator=_optional_text)
    vocabulary_uri: str | None = attrs.field(default=None, validator=_optional_text)
    code: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.title is None and self.code is None and self.uri is None:
            raise ValueError("a reference needs a title, a code or a uri")


@checked
@attrs.frozen
class Definition:
    """A term the framework defines (a footnote), attached by id to what it explains."""

    id: str = attrs.field(validator=_id_validator("definition"))
    text: str = attrs.field(validator=_text)
    term: str | None = attrs.field(default=None, validator=_optional_text)


@checked
@attrs.frozen
class Theme:
    """A theme results belong to (one of the COP's five pillars)."""

    id: str = attrs.field(validator=_id_validator("theme"))
    name: str = attrs.field(validator=_text)


@checked
@attrs.frozen
class HistoryEvent:
    """A dated step in the framework's making (``2015-10``: launched at Telecom World)."""

    period: Period = attrs.field(converter=_to_period)
    text: str = attrs.field(validator=_text)


@checked
@attrs.frozen
class Dimension:
    """A disaggregation: ``sex = female``."""

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    value: str = attrs.field(validator=attrs.validators.instance_of(str))


@checked
@attrs.frozen
class Location:
    """A place a value or a result refers to; ``ref`` names a location of the activity."""

    ref: str = attrs.field(validator=attrs.validators.instance_of(str))


@checked
@attrs.frozen
class DocumentLink:
    """A document published with a result, indicator or value."""

    url: str = attrs.field(validator=attrs.validators.instance_of(str))
    format: str | None = attrs.field(default=None, validator=_optional_text)
    title: str | None = attrs.field(default=None, validator=_optional_text)
    description: str | None = attrs.field(default=None, validator=_optional_text)
    categories: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_strings)
    languages: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_strings)
    date: date | None = attrs.field(default=None, converter=_to_date)
    narratives: tuple[Narrative, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Narrative)
    )


@checked
@attrs.frozen
class Extension:
    """Something a source format held that the model has no field for, kept as it was.

    Attributes:
        format: Where it comes from (``"iati-xml"``).
        where: Where it stood (``"result/indicator"``, ``"@attribute"``).
        content: Its exact text (an XML element, or an attribute's ``name="value"``).
    """

    format: str = attrs.field(validator=_text)
    where: str = attrs.field(validator=attrs.validators.instance_of(str))
    content: str = attrs.field(validator=attrs.validators.instance_of(str))


@checked
@attrs.frozen
class Universe:
    """What a share is a share of: ``% of countries`` has the universe ``country``.

    Attributes:
        unit: The counting unit of the numerator and denominator.
        description: Which ones (``"UN member states"``).
        size: Its size when fixed (193 member states).
    """

    unit: Unit = attrs.field(converter=parse_unit)
    description: str | None = attrs.field(default=None, validator=_optional_text)
    size: int | None = attrs.field(default=None)

    @size.validator
    def _check_size(self, _attribute: attrs.Attribute[int | None], value: object) -> None:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value <= 0
        ):
            raise ValueError(f"a universe's size is a positive whole number, got {value!r}")


# --- values -------------------------------------------------------------------------------


@checked
@attrs.frozen
class Baseline:
    """Where an indicator starts from.

    Attributes:
        value: A quantity, a :class:`Pending` value, or None when the published text is not a
            number (see ``text``).
        period: When the baseline was measured.
        text: The value as published ("8.90", "N/A"), when read from a source.
    """

    value: Value | None = attrs.field(default=None, converter=_to_raw_value)
    period: Period | None = attrs.field(default=None, converter=_to_period)
    text: str | None = attrs.field(default=None, validator=_optional_text)
    comments: tuple[Comment, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Comment)
    )
    dimensions: tuple[Dimension, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Dimension)
    )
    locations: tuple[Location, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Location)
    )
    document_links: tuple[DocumentLink, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(DocumentLink)
    )
    extensions: tuple[Extension, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Extension)
    )


@checked
@attrs.frozen
class Target:
    """A value an indicator is to reach, by a date.

    Attributes:
        value: A quantity, a :class:`Pending` value, a :class:`~resultsframe.values.Relative`
            change from the baseline ("baseline + 3", "+30 %"), or None when the published
            text is not a number (see ``text``).
        due: When it is to be reached; an indicator's last target is its final one.
        text: The value as published, when read from a source.
    """

    value: Value | Relative | None = attrs.field(default=None, converter=_to_target_value)
    due: date | None = attrs.field(default=None, converter=_to_date)
    text: str | None = attrs.field(default=None, validator=_optional_text)
    comments: tuple[Comment, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Comment)
    )
    dimensions: tuple[Dimension, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Dimension)
    )
    locations: tuple[Location, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Location)
    )
    document_links: tuple[DocumentLink, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(DocumentLink)
    )
    extensions: tuple[Extension, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Extension)
    )

    @property
    def is_pending(self) -> bool:
        """Whether the target's value is not known yet."""
        return isinstance(self.value, Pending)


def _date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, date):
        raise ValueError(
            f"{type(instance).__name__}.{attribute.name} must be a date (or 'YYYY-MM-DD'), "
            f"got {value!r}"
        )


@checked
@attrs.frozen
class TargetRevision:
    """An indicator's earlier target, kept when the target was revised: what was promised before.

    :meth:`resultsframe.Framework.revise_target` makes them; an indicator keeps them in
    :attr:`Indicator.revisions`, oldest first, so that a revised target never erases the
    promise it replaced.

    Attributes:
        target: The target as it stood until the revision: its value, due date and the rest.
        revised_on: The day it was replaced.
        reason: Why it was replaced.
    """

    target: Target = attrs.field(validator=attrs.validators.instance_of(Target))
    revised_on: date = attrs.field(converter=_to_date, validator=_date)
    reason: str = attrs.field(validator=_text)


def _to_revisions(value: Iterable[TargetRevision]) -> tuple[TargetRevision, ...]:
    return tuple(value)


@checked
@attrs.frozen
class Actual:
    """A value reported for a reporting period (IATI's ``<actual>``)."""

    value: Value | None = attrs.field(default=None, converter=_to_raw_value)
    text: str | None = attrs.field(default=None, validator=_optional_text)
    comments: tuple[Comment, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Comment)
    )
    dimensions: tuple[Dimension, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Dimension)
    )
    locations: tuple[Location, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Location)
    )
    document_links: tuple[DocumentLink, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(DocumentLink)
    )
    extensions: tuple[Extension, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Extension)
    )


@checked
@attrs.frozen
class ReportingPeriod:
    """A period an indicator reports on, with its targets and actuals (IATI's ``<period>``)."""

    period: Period = attrs.field(converter=_to_period)
    targets: tuple[Target, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Target)
    )
    actuals: tuple[Actual, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Actual)
    )
    extensions: tuple[Extension, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Extension)
    )


@checked
@attrs.frozen
class Parameter:
    """A number inside an indicator's definition: the "at least % of judges" of ``T3.b``.

    Attributes:
        id: Its name within the indicator (``"threshold"``).
        name: What it is.
        value: Its value, often pending in a draft.
    """

    id: str = attrs.field(validator=_id_validator("parameter"))
    name: str = attrs.field(validator=_text)
    value: Value = attrs.field(converter=parse_value)


# --- indicators and results ---------------------------------------------------------------


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


def _weight(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValueError(
            f"{type(instance).__name__}.{attribute.name} must be a positive finite number, "
            f"got {value!r}"
        )


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
    status: StatusMethod | None = attrs.field(
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


@checked
@attrs.frozen(repr=False)
class Result:
    """A node of the framework: an impact, outcome, target, output … with its indicators.

    Attributes:
        id: Unique in the framework (``"T1"``).
        level: A level of the framework's scheme (``"target"``).
        statement: The result as the framework words it.
        indicators: How it is measured.
        themes: Ids of the framework's themes it belongs to.
        definitions: Ids of the framework's definitions that explain it.
        comments: Remarks on it, with their authors.
        aggregation_status: IATI's flag for whether its data may be aggregated.
    """

    id: str = attrs.field(validator=_id_validator("result"))
    level: str = attrs.field(validator=_text)
    statement: str = attrs.field(validator=_text)
    description: str | None = attrs.field(default=None, validator=_optional_text)
    indicators: tuple[Indicator, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Indicator)
    )
    themes: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_strings)
    definitions: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_strings)
    comments: tuple[Comment, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Comment)
    )
    references: tuple[Reference, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Reference)
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
    aggregation: Aggregation = attrs.field(default=Aggregation.MEAN, converter=Aggregation)

    def __attrs_post_init__(self) -> None:
        ids = [i.id for i in self.indicators]
        if len(set(ids)) != len(ids):
            seen: set[str] = set()
            twice = sorted({i for i in ids if i in seen or seen.add(i)})  # type: ignore[func-returns-value]
            raise ValueError(f"result {self.id!r} has the indicator id(s) {twice} more than once")

    def __repr__(self) -> str:
        n = len(self.indicators)
        return f"<Result {self.id} ({self.level}): {n} indicator{'' if n == 1 else 's'}>"

    def _repr_html_(self) -> str:
        return hooks.to_html(self)


@checked
@attrs.frozen
class Link:
    """A "contributes to" link: from a result to a result on a higher level.

    Attributes:
        child: The contributing result's id.
        parent: The id of the result it contributes to.
        weight: Its weight in the parent's progress.
    """

    child: str = attrs.field(validator=_id_validator("result"))
    parent: str = attrs.field(validator=_id_validator("result"))
    weight: float = attrs.field(default=1, validator=_weight)
