"""A framework's results and indicators by id, answering a misspelt id with the closest ones.

``framework.indicators["T1.x"]`` raises :class:`~resultsframe.UnknownIdError` — a
``KeyError``, so ``in``, ``.get`` and ``except KeyError`` work as for any mapping — whose
message names the closest ids (:func:`~resultsframe.exceptions.did_you_mean`).

>>> import resultsframe
>>> resultsframe.examples.load("cop").indicators["T1.x"]
Traceback (most recent call last):
...
resultsframe.exceptions.UnknownIdError: framework 'cop-2015' has no indicator 'T1.x'; did you mean 'T1.a', 'T1.s3' or 'T1.s2'?
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NoReturn, TypeVar

from resultsframe.exceptions import UnknownIdError, did_you_mean

__all__ = ["by_id"]

_T = TypeVar("_T")

#: How many close ids a missing one is answered with.
NEAREST = 3


class _ById(dict[str, _T]):
    # A dict whose misses raise with the closest ids. dict.__getitem__ calls __missing__ only on
    # a miss, so a hit costs what a plain dict's does, and ``in`` and ``.get`` never reach it;
    # the read-only proxy around it passes its subscripts through to it.
    __slots__ = ("_framework", "_noun")

    _framework: str
    _noun: str

    def __missing__(self, key: object) -> NoReturn:
        hint = did_you_mean(key, self, n=NEAREST) if isinstance(key, str) else ""
        raise UnknownIdError(
            f"framework {self._framework!r} has no {self._noun} {key!r}"
            + (f"; {hint}" if hint else "")
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (dict, (dict(self),))


def by_id(items: Iterable[tuple[str, _T]], *, framework: str, noun: str) -> Mapping[str, _T]:
    """A read-only mapping of ``items`` whose missing keys raise :class:`UnknownIdError`.

    Args:
        items: ``(id, item)`` pairs, in order.
        framework: The framework's id, for the message.
        noun: What the items are (``"result"``, ``"indicator"``), for the message.
    """
    store: _ById[_T] = _ById(items)
    store._framework = framework
    store._noun = noun
    return MappingProxyType(store)
