"""The records observations are made of: one observation, a series, an unreadable value."""

from __future__ import annotations

import bisect
import enum
from datetime import date
from typing import Any

import attrs

from resultsframe.model import Dimension
from resultsframe.observations.columns import column_of
from resultsframe.periods import Period
from resultsframe.units import Quantity, format_unit

__all__ = [
    "Observation",
    "ObservationKind",
    "Series",
    "Unreadable",
    "observation_dict",
    "period_text",
]


class ObservationKind(enum.StrEnum):
    """What an observation is: measured, estimated, or projected.

    An **actual** (the default) and an **estimate** are both values of the indicator (an
    explanation says "estimate"); a **projection** is kept with the data but never counts: it
    is never the value as of a date, nor a baseline.

    >>> ObservationKind("estimate").counts, ObservationKind.PROJECTION.counts
    (True, False)
    """

    ACTUAL = "actual"
    ESTIMATE = "estimate"
    PROJECTION = "projection"

    @property
    def counts(self) -> bool:
        """Whether it can be an indicator's value or baseline: not a projection."""
        return self is not ObservationKind.PROJECTION


def _same_value(a: Quantity[Any], b: Quantity[Any]) -> bool:
    """Equal values; two texts' NaN values are equal, so that equal observations compare equal."""
    if a.magnitude != a.magnitude and b.magnitude != b.magnitude:  # both NaN
        return bool(a.units == b.units)
    return bool(a == b)


@attrs.frozen
class Observation:
    """One measured value, or one text of a qualitative indicator.

    Attributes:
        indicator: The id of the indicator it measures.
        period: When it was measured.
        value: The value, in the indicator's unit (a share in percent); NaN for a text.
        numerator: For a share: how many units of the universe count.
        denominator: For a share: how many units the universe had.
        area: The unit of analysis it is for (a country code); None for the whole.
        dimensions: The disaggregation it is for (``sex = female``); empty for the whole.
        source: Where it was published.
        note: Context.
        published: When this value was published (its vintage); None when not known. A
            revised value for the same period is another observation, published later.
        kind: Actual, estimate or projection (see :class:`ObservationKind`).
        text: What a qualitative indicator's observation says; None for a number.
        reporter: The id of the partner that reported it (one of the framework's partners);
            None when not said. It is not part of what the observation is about: the same
            indicator, period, area and disaggregation given by two reporters is a row given
            twice.
    """

    indicator: str
    period: Period
    value: Quantity[Any] = attrs.field(eq=attrs.cmp_using(eq=_same_value))
    numerator: float | None = None
    denominator: float | None = None
    area: str | None = None
    dimensions: tuple[Dimension, ...] = ()
    source: str | None = None
    note: str | None = None
    published: date | None = None
    kind: ObservationKind = ObservationKind.ACTUAL
    text: str | None = None
    reporter: str | None = None


@attrs.frozen
class Series:
    """The observations of one indicator for one area and disaggregation, by period end.

    ``ends`` are ``date.toordinal()`` of each period's end, ascending; ``values`` magnitudes in
    the indicator's unit; ``rows`` the positions of the observations in
    :class:`~resultsframe.observations.Observations`. Immutable, like the observations.
    """

    ends: tuple[int, ...] = ()
    values: tuple[float, ...] = ()
    rows: tuple[int, ...] = ()

    def at(self, ordinal: int) -> int | None:
        """The position in this series of the latest observation ending on or before a day."""
        i = bisect.bisect_right(self.ends, ordinal) - 1
        return i if i >= 0 else None


@attrs.frozen
class Unreadable:
    """A published value that cannot be used: not a number (``"N/A"``), or a share over 100 %.

    It is kept with the observations so that progress can say so: each one is a finding of its
    indicator's entries as of its period's end or later, and a whole-indicator one later than
    the latest usable value at a date makes the indicator not assessable, with :attr:`reason`.

    Attributes:
        indicator: The id of the indicator.
        period: The period it was published for.
        text: The text published, or None when there was no value at all.
        reason: Why it cannot be used, in words.
        dimensions: The disaggregation it was published for; none for the whole indicator.
        area: The area it was published for; None for the whole indicator.
    """

    indicator: str
    period: Period
    text: str | None
    reason: str
    dimensions: tuple[Dimension, ...] = ()
    area: str | None = None

    @property
    def whole(self) -> bool:
        """Whether it was published for the whole indicator (no disaggregation, no area)."""
        return not self.dimensions and self.area is None


def period_text(value: Any) -> str:
    """A period written as text: a date (or datetime) as its ISO day, anything else as is."""
    if hasattr(value, "isoformat"):
        text: str = value.isoformat()
        return text[:10]
    return str(value)


def observation_dict(observation: Observation, plain: bool = False) -> dict[str, Any]:
    """An observation as a record with the CSV's keys; ``plain``: dimensions as columns.

    A plain record names a dimension by its column: ``sex`` for a standard disaggregation,
    ``dimension:district`` for any other (see :mod:`~resultsframe.observations.columns`).
    """
    value = observation.value
    record: dict[str, Any] = {"indicator": observation.indicator, "period": observation.period.text}
    if observation.text is not None:
        record["text"] = observation.text
    elif observation.numerator is not None:
        record["numerator"] = observation.numerator
        record["denominator"] = observation.denominator
    else:
        record["value"] = value.magnitude
        record["unit"] = format_unit(value.units)
    for key in ("area", "source", "note", "reporter"):
        if getattr(observation, key) is not None:
            record[key] = getattr(observation, key)
    if observation.published is not None:
        record["published"] = observation.published.isoformat()
    if observation.kind is not ObservationKind.ACTUAL:
        record["kind"] = observation.kind.value
    if observation.dimensions:
        if plain:
            for dimension in observation.dimensions:
                record[column_of(dimension.name)] = dimension.value
        else:
            record["dimensions"] = observation.dimensions
    return record
