"""Columns as read: each one's codes into its distinct raw values, or its numbers.

A reader factorises each column before it is checked
(:mod:`~resultsframe.observations.batch`): a :class:`Raw` column is an ``int32`` array of codes
into the column's distinct values (``-1`` for a null, an empty cell), and a column of numbers is
a :class:`RawNumbers`: what each cell reads as where that was found at C speed, and the other
cells by their raw values, for Python.

>>> raw = factorise(["a", "b", None, "a"])
>>> raw.codes.tolist(), raw.values
([0, 1, -1, 0], ['a', 'b'])
>>> numbers = numbers_of_objects([1.5, None, "yes", 2])
>>> numbers.numbers.tolist()[:1], numbers.present.tolist(), numbers.pending.values
([1.5], [True, False, True, True], ['yes'])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["Raw", "RawNumbers", "factorise", "numbers_of_objects"]

Codes = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]


@attrs.frozen
class Raw:
    """One column as read: codes into its distinct raw values; -1 is a null (an empty cell)."""

    codes: Codes
    values: Sequence[Any]

    @classmethod
    def absent(cls, n: int) -> Raw:
        """A column that is not there: every cell null."""
        return cls(np.full(n, -1, dtype=np.int32), ())


@attrs.frozen
class RawNumbers:
    """A column of numbers as read.

    ``numbers`` holds what a cell reads as where it was read at C speed (NaN elsewhere),
    ``present`` whether the cell holds anything (not null, not empty), and ``pending`` the
    cells left for Python (``yes``, ``12 %``, a stage's name, a bool), by their raw values.
    """

    numbers: Floats
    present: Mask
    pending: Raw

    @classmethod
    def absent(cls, n: int) -> RawNumbers:
        """A column that is not there."""
        return cls(np.full(n, np.nan), np.zeros(n, dtype=bool), Raw.absent(n))


def _key(value: Any) -> Any:
    return (type(value), value)  # True, 1 and 1.0 are equal keys; not the same cell


def factorise(values: Sequence[Any], null: Callable[[Any], bool] | None = None) -> Raw:
    """A column of Python values as codes; ``None`` (and what ``null`` says) is -1.

    An unhashable value (a list) gets a code of its own.
    """
    if null is None:
        kinds = {type(v) for v in values}
        kinds.discard(type(None))
        if len(kinds) <= 1:  # one type (the usual case): no two values of it are alike
            found: dict[Any, int] = {}
            try:
                listed = [-1 if v is None else found.setdefault(v, len(found)) for v in values]
            except TypeError:  # unhashable (a list): each gets a code of its own, below
                pass
            else:
                return Raw(np.array(listed, dtype=np.int32).reshape(len(values)), list(found))
    codes: dict[Any, int] = {}
    distinct: list[Any] = []
    out = np.empty(len(values), dtype=np.int32)
    for i, value in enumerate(values):
        if value is None or (null is not None and null(value)):
            out[i] = -1
            continue
        try:
            key = _key(value)
            code = codes.get(key)
        except TypeError:
            key, code = None, None
        if code is None:
            code = len(distinct)
            distinct.append(value)
            if key is not None:
                codes[key] = code
        out[i] = code
    return Raw(out, distinct)


def numbers_of_objects(values: Sequence[Any]) -> RawNumbers:
    """Python values (records, JSON) as a column of numbers: floats and ints at C speed."""
    n = len(values)
    plain = np.fromiter((type(v) is float or type(v) is int for v in values), bool, n)
    numbers = np.full(n, np.nan)
    if plain.any():
        try:
            numbers[plain] = np.array(values, dtype=object)[plain].astype(np.float64)
        except OverflowError:  # an int beyond the float range: Python says so, cell by cell
            plain[:] = False
            numbers[:] = np.nan
    present = np.fromiter((v is not None and v != "" for v in values), bool, n)
    pending = factorise([None if p else v for v, p in zip(values, plain, strict=True)])
    pending.codes[~present] = -1
    return RawNumbers(numbers, present, pending)
