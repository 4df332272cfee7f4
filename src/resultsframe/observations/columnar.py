"""Observations held as columns: numpy arrays of codes and numbers, never one object per row.

A column of repeated values (indicator ids, periods, areas, disaggregations, sources, notes,
texts) is an ``int32`` array of **codes** into a small tuple of its distinct values, each value
there once; ``-1`` is none. Numbers are ``float64`` (``NaN`` for a numerator or denominator
that is none), days are ``int32`` ordinals (``date.toordinal()``; ``0`` for no publication
date), the kind an ``int8`` (its position in :class:`ObservationKind`). A row is the same
position in every array; an :class:`~resultsframe.observations.Observation` is built only when
one is asked for.

>>> from resultsframe.periods import Period
>>> c = Columns.from_rows(
...     indicator=["a", "a", "b"],
...     period=[Period.parse("2019"), Period.parse("2020"), Period.parse("2020")],
...     value=[1.0, 2.0, 3.0],
...     area=[None, "FR", None],
... )
>>> c.indicators, c.indicator.tolist(), c.area.tolist(), c.end.tolist()[:1]
(('a', 'b'), [0, 0, 1], [-1, 0, -1], [737424])
>>> len(c), c.period_of(2).text, c.area_of(1), c.numerator_of(0)
(3, '2020', 'FR', None)
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from resultsframe.model import Dimension
from resultsframe.observations.records import ObservationKind
from resultsframe.periods import Period
from resultsframe.units import Unit

__all__ = [
    "KINDS",
    "NO_DIMENSIONS",
    "PROJECTION",
    "Columns",
    "Pool",
    "merge_pools",
]

Codes = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]

KINDS = tuple(ObservationKind)
"""The kinds by code: a row's ``kind`` is its position here (0 actual, 1 estimate, 2 projection)."""
PROJECTION = KINDS.index(ObservationKind.PROJECTION)
NO_DIMENSIONS = 0
"""The code of the whole (no disaggregation): ``dimension_sets[0]`` is always ``()``."""


class Pool:
    """Distinct values gathered in the order met, each with its code (a position)."""

    __slots__ = ("codes", "values")

    def __init__(self, values: Iterable[Hashable] = ()) -> None:
        self.values: list[Any] = []
        self.codes: dict[Any, int] = {}
        for value in values:
            self.code(value)

    def code(self, value: Hashable) -> int:
        """The code of a value, given one when it is new."""
        code = self.codes.get(value)
        if code is None:
            code = self.codes[value] = len(self.values)
            self.values.append(value)
        return code

    def optional(self, value: Hashable | None) -> int:
        """The code of a value, -1 for None."""
        return -1 if value is None else self.code(value)


def merge_pools(first: Sequence[Any], second: Sequence[Any]) -> tuple[tuple[Any, ...], Codes]:
    """``first`` with the values of ``second`` it lacks, and where each of ``second`` now is.

    The second array maps a code of ``second`` to its code in the result; its last entry (at
    position -1) is -1, so that a code of none stays none.
    """
    pool = Pool(first)
    where = np.fromiter((pool.code(v) for v in second), dtype=np.int32, count=len(second))
    return tuple(pool.values), np.append(where, np.int32(-1))


def _codes(values: Iterable[int], n: int) -> Codes:
    return np.fromiter(values, dtype=np.int32, count=n)


def _floats(values: Iterable[float | None], n: int) -> Floats:
    return np.fromiter((np.nan if v is None else v for v in values), dtype=np.float64, count=n)


def _empty_codes() -> Codes:
    return np.zeros(0, dtype=np.int32)


def _empty_floats() -> Floats:
    return np.zeros(0, dtype=np.float64)


def _frozen(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.flags.writeable = False
    return array


_ARRAYS = (
    "indicator",
    "period",
    "end",
    "value",
    "numerator",
    "denominator",
    "area",
    "dimensions",
    "src",
    "note",
    "text",
    "published",
    "kind",
    "reporter",
)


@attrs.frozen(eq=False)
class Columns:
    """Checked observations column by column; ``units`` is each indicator's unit by id.

    Arrays (one position per row, read-only): ``indicator`` (codes into :attr:`indicators`),
    ``period`` (codes into :attr:`periods`), ``end`` (each period's last day as an ordinal),
    ``value`` (in the indicator's unit; NaN on a text row), ``numerator`` and ``denominator``
    (NaN when none), ``area`` (codes into :attr:`areas`, -1 for none), ``dimensions`` (codes
    into :attr:`dimension_sets`, whose code 0 is the whole, ``()``), ``src``, ``note`` and
    ``text`` (codes into :attr:`strings`, -1 for none), ``published`` (an ordinal, 0 for none)
    ``kind`` (a position in :data:`KINDS`) and ``reporter`` (the partner that reported the
    row: codes into :attr:`strings`, -1 for none).
    """

    indicator: Codes = attrs.field(factory=_empty_codes, converter=_frozen)
    period: Codes = attrs.field(factory=_empty_codes, converter=_frozen)
    end: Codes = attrs.field(factory=_empty_codes, converter=_frozen)
    value: Floats = attrs.field(factory=_empty_floats, converter=_frozen)
    numerator: Floats = attrs.field(factory=_empty_floats, converter=_frozen)
    denominator: Floats = attrs.field(factory=_empty_floats, converter=_frozen)
    area: Codes = attrs.field(factory=_empty_codes, converter=_frozen)
    dimensions: Codes = attrs.field(factory=_empty_codes, converter=_frozen)
    src: Codes = attrs.field(factory=_empty_codes, converter=_frozen)
    note: Codes = attrs.field(factory=_empty_codes, converter=_frozen)
    text: Codes = attrs.field(factory=_empty_codes, converter=_frozen)
    published: Codes = attrs.field(factory=_empty_codes, converter=_frozen)
    kind: npt.NDArray[np.int8] = attrs.field(
        factory=lambda: np.zeros(0, dtype=np.int8), converter=_frozen
    )
    reporter: Codes = attrs.field(factory=_empty_codes, converter=_frozen)
    indicators: tuple[str, ...] = ()
    periods: tuple[Period, ...] = ()
    areas: tuple[str, ...] = ()
    dimension_sets: tuple[tuple[Dimension, ...], ...] = ((),)
    strings: tuple[str, ...] = ()
    units: Mapping[str, Unit] = attrs.field(factory=lambda: MappingProxyType({}))

    @classmethod
    def from_rows(
        cls,
        *,
        indicator: Sequence[str],
        period: Sequence[Period],
        value: Sequence[float],
        numerator: Sequence[float | None] | None = None,
        denominator: Sequence[float | None] | None = None,
        area: Sequence[str | None] | None = None,
        dimensions: Sequence[tuple[Dimension, ...]] | None = None,
        src: Sequence[str | None] | None = None,
        note: Sequence[str | None] | None = None,
        text: Sequence[str | None] | None = None,
        published: Sequence[date | None] | None = None,
        kind: Sequence[ObservationKind] | None = None,
        reporter: Sequence[str | None] | None = None,
        units: Mapping[str, Unit] | None = None,
    ) -> Columns:
        """Columns from Python values, one sequence per column (absent ones: none)."""
        n = len(indicator)
        none: list[None] = [None] * n
        indicators, periods, areas = Pool(), Pool(), Pool()
        dimension_sets, strings = Pool([()]), Pool()
        period_codes = _codes((periods.code(p.text) for p in period), n)
        by_text = {p.text: p for p in period}
        period_values = tuple(by_text[t] for t in periods.values)
        return cls(
            indicator=_codes((indicators.code(i) for i in indicator), n),
            period=period_codes,
            end=np.fromiter((p.end.toordinal() for p in period_values), np.int32)[period_codes]
            if n
            else _empty_codes(),
            value=np.asarray(value, dtype=np.float64).reshape(n),
            numerator=_floats(numerator or none, n),
            denominator=_floats(denominator or none, n),
            area=_codes((areas.optional(a) for a in area or none), n),
            dimensions=_codes((dimension_sets.code(d) for d in dimensions or [()] * n), n),
            src=_codes((strings.optional(s) for s in src or none), n),
            note=_codes((strings.optional(s) for s in note or none), n),
            text=_codes((strings.optional(s) for s in text or none), n),
            published=_codes((0 if p is None else p.toordinal() for p in published or none), n),
            kind=np.fromiter(
                (KINDS.index(k) for k in kind or [ObservationKind.ACTUAL] * n), np.int8, n
            ),
            reporter=_codes((strings.optional(s) for s in reporter or none), n),
            indicators=tuple(indicators.values),
            periods=period_values,
            areas=tuple(areas.values),
            dimension_sets=tuple(dimension_sets.values),
            strings=tuple(strings.values),
            units=MappingProxyType(dict(units or {})),
        )

    def __len__(self) -> int:
        return len(self.indicator)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its units as a dict (a read-only mapping does not pickle)."""
        values = {f.name: getattr(self, f.name) for f in attrs.fields(Columns)}
        values["units"] = dict(self.units)
        return (_unpickled, (values,))

    # --- one row's values, as Python objects -----------------------------------------------

    def indicator_of(self, row: int) -> str:
        """The indicator id of a row."""
        return self.indicators[int(self.indicator[row])]

    def period_of(self, row: int) -> Period:
        """The period of a row."""
        return self.periods[int(self.period[row])]

    def area_of(self, row: int) -> str | None:
        """The area of a row, or None."""
        code = int(self.area[row])
        return None if code < 0 else self.areas[code]

    def dimensions_of(self, row: int) -> tuple[Dimension, ...]:
        """The disaggregation of a row; ``()`` for the whole."""
        return self.dimension_sets[int(self.dimensions[row])]

    def _string(self, codes: Codes, row: int) -> str | None:
        code = int(codes[row])
        return None if code < 0 else self.strings[code]

    def source_of(self, row: int) -> str | None:
        """Where a row's value was published, or None."""
        return self._string(self.src, row)

    def note_of(self, row: int) -> str | None:
        """A row's note, or None."""
        return self._string(self.note, row)

    def text_of(self, row: int) -> str | None:
        """A qualitative indicator's text on a row, or None."""
        return self._string(self.text, row)

    def reporter_of(self, row: int) -> str | None:
        """The id of the partner that reported a row, or None."""
        return self._string(self.reporter, row)

    def numerator_of(self, row: int) -> float | None:
        """A share's numerator on a row, or None."""
        number = float(self.numerator[row])
        return None if math.isnan(number) else number

    def denominator_of(self, row: int) -> float | None:
        """A share's denominator on a row, or None."""
        number = float(self.denominator[row])
        return None if math.isnan(number) else number

    def published_of(self, row: int) -> date | None:
        """The day a row was published, or None."""
        ordinal = int(self.published[row])
        return None if ordinal == 0 else date.fromordinal(ordinal)

    def kind_of(self, row: int) -> ObservationKind:
        """Whether a row is an actual, an estimate or a projection."""
        return KINDS[int(self.kind[row])]

    def code_of(self, indicator: str) -> int | None:
        """The code of an indicator id, or None when no row has it."""
        try:
            return self.indicators.index(indicator)
        except ValueError:
            return None

    # --- whole columns ----------------------------------------------------------------------

    def take(self, rows: npt.NDArray[np.intp]) -> Columns:
        """The rows at these positions, in this order (the distinct values are kept)."""
        return attrs.evolve(self, **{name: getattr(self, name)[rows] for name in _ARRAYS})

    def concat(self, other: Columns) -> Columns:
        """These rows, then ``other``'s, each distinct value once."""
        if not len(other):
            return self
        if not len(self):
            return attrs.evolve(other, units=MappingProxyType({**self.units, **other.units}))
        pools: dict[str, Any] = {}
        arrays: dict[str, Any] = {}
        for pool, names in (
            ("indicators", ("indicator",)),
            ("areas", ("area",)),
            ("dimension_sets", ("dimensions",)),
            ("strings", ("src", "note", "text", "reporter")),
        ):
            merged, where = merge_pools(getattr(self, pool), getattr(other, pool))
            pools[pool] = merged
            for name in names:
                arrays[name] = np.concatenate([getattr(self, name), where[getattr(other, name)]])
        ours = {p.text: i for i, p in enumerate(self.periods)}
        added = [p for p in other.periods if p.text not in ours]
        periods = (*self.periods, *added)
        ours.update((p.text, len(self.periods) + i) for i, p in enumerate(added))
        where = np.fromiter((ours[p.text] for p in other.periods), np.int32, len(other.periods))
        arrays["period"] = np.concatenate([self.period, where[other.period]])
        for name in ("end", "value", "numerator", "denominator", "published", "kind"):
            arrays[name] = np.concatenate([getattr(self, name), getattr(other, name)])
        return Columns(
            **arrays,
            **pools,
            periods=periods,
            units=MappingProxyType({**self.units, **other.units}),
        )

    def used_indicators(self) -> set[str]:
        """The ids of the indicators some row has."""
        return {self.indicators[c] for c in np.unique(self.indicator).tolist()}


def _unpickled(values: dict[str, Any]) -> Columns:
    """Columns from what :meth:`Columns.__reduce__` kept."""
    return Columns(**{**values, "units": MappingProxyType(values["units"])})
