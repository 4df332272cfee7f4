"""Checks and conversions the model's classes share: ids, texts, dates, units, values, weights."""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Hashable, Iterable
from datetime import date
from typing import Any, TypeAlias, TypeVar

import attrs

from resultsframe.exceptions import UnitError, did_you_mean
from resultsframe.periods import Period, parse_date
from resultsframe.units import Quantity, Unit, parse_unit
from resultsframe.values import (
    Pending,
    Relative,
    Value,
    is_not_available,
    parse_relative,
    parse_value,
)

_ID_RE = re.compile(r"[^\s:]+")

#: What a value field accepts: a quantity, a pending value, a number in the indicator's unit,
#: a text such as ``"60 %"`` or ``"XX%"``, or nothing.
RawValue: TypeAlias = Value | int | float | str | None


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


def _to_baseline_value(value: RawValue) -> Value | int | float | None:
    """A baseline published as not available ("N/A") is pending, not a missing number."""
    if isinstance(value, str) and is_not_available(value):
        return Pending(value.strip())
    return _to_raw_value(value)


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


def _date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, date):
        raise ValueError(
            f"{type(instance).__name__}.{attribute.name} must be a date (or 'YYYY-MM-DD'), "
            f"got {value!r}"
        )


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


def duplicates(items: Iterable[Hashable]) -> list[Any]:
    """The items given more than once, each once, in the order of their second appearance."""
    seen: set[Hashable] = set()
    twice: dict[Hashable, None] = {}
    for item in items:
        if item in seen:
            twice[item] = None
        seen.add(item)
    return list(twice)


_E = TypeVar("_E", bound=enum.Enum)


def to_enum(kind: type[_E], value: _E | str, field: str) -> _E:
    """``value`` as a member of ``kind``; the error names ``field`` and the values it takes."""
    try:
        return kind(value)
    except ValueError:
        values = ", ".join(repr(k.value) for k in kind)
        near = did_you_mean(value, [str(k.value) for k in kind])
        raise ValueError(
            f"{field} must be one of {values}; got {value!r}{f' ({near})' if near else ''}"
        ) from None
