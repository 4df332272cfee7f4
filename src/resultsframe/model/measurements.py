"""What an indicator holds.

Its universe, baselines, targets (with revisions), reporting periods, actuals and parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from resultsframe.exceptions import checked
from resultsframe.model.checks import (
    _date,
    _id_validator,
    _optional_text,
    _text,
    _to_baseline_value,
    _to_date,
    _to_period,
    _to_raw_value,
    _to_target_value,
    _tuple,
    _tuple_of,
)
from resultsframe.model.records import Comment, Dimension, DocumentLink, Extension, Location
from resultsframe.periods import Period
from resultsframe.units import Unit, parse_unit
from resultsframe.values import Pending, Relative, Value, parse_value


def _to_dimensions(items: Iterable[Dimension] | Mapping[str, str]) -> tuple[Dimension, ...]:
    """Disaggregations as given: ``Dimension`` objects, or a mapping ``{"sex": "female"}``."""
    if isinstance(items, Mapping):
        return tuple(Dimension(str(name), str(value)) for name, value in items.items())
    return tuple(items)


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
            number (see ``text``). A baseline published as not available (``"N/A"``,
            ``"n/a"``) or to be decided (``"TBD"``) is pending: filled later with
            :meth:`resultsframe.Framework.fill`.
        period: When the baseline was measured.
        text: The value as published ("8.90", "N/A"), when read from a source.

    >>> Baseline("N/A").value
    Pending('N/A')
    """

    value: Value | None = attrs.field(default=None, converter=_to_baseline_value)
    period: Period | None = attrs.field(default=None, converter=_to_period)
    text: str | None = attrs.field(default=None, validator=_optional_text)
    comments: tuple[Comment, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Comment)
    )
    dimensions: tuple[Dimension, ...] = attrs.field(
        factory=tuple, converter=_to_dimensions, validator=_tuple_of(Dimension)
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
        factory=tuple, converter=_to_dimensions, validator=_tuple_of(Dimension)
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
class BaselineRevision:
    """An indicator's earlier baseline, kept when the baseline was revised: where it was said to start.

    :meth:`resultsframe.Framework.revise_baseline` makes them; an indicator keeps them in
    :attr:`Indicator.baseline_revisions`, oldest first, so that a re-measured or corrected
    baseline never erases the one it replaced.

    Attributes:
        baseline: The baseline as it stood until the revision: its value, period and the rest.
        revised_on: The day it was replaced.
        reason: Why it was replaced.
    """

    baseline: Baseline = attrs.field(validator=attrs.validators.instance_of(Baseline))
    revised_on: date = attrs.field(converter=_to_date, validator=_date)
    reason: str = attrs.field(validator=_text)


def _to_baseline_revisions(value: Iterable[BaselineRevision]) -> tuple[BaselineRevision, ...]:
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
        factory=tuple, converter=_to_dimensions, validator=_tuple_of(Dimension)
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
