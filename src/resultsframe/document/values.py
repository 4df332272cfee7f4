"""How a document holds each value: numbers, texts, units, quantities, pending values, dates.

The structure hooks here read one JSON value each and raise :class:`RefusedError`, whose
message says what was expected and what was found, for anything a document may not hold; the
unstructure hooks write them back. :mod:`resultsframe.document.convert` registers them on its
converters, and :mod:`resultsframe.document.paths` turns the refusals into problems at their
JSON path.
"""

from __future__ import annotations

import enum
import json
import math
import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from resultsframe.exceptions import ValidationError, close_names
from resultsframe.periods import DateError, Period, is_fiscal, parse_date
from resultsframe.units import Unit, format_unit, parse_unit, registry
from resultsframe.values import Pending, Relative

__all__ = [
    "MAX_SAFE_INTEGER",
    "VALUE_WHAT",
    "KeysError",
    "NonFinite",
    "RefusedError",
    "check_number",
    "kind",
    "message",
    "show",
    "structure_bool",
    "structure_date",
    "structure_enum",
    "structure_int",
    "structure_number",
    "structure_parameter_value",
    "structure_period",
    "structure_str",
    "structure_target_value",
    "structure_unit",
    "structure_value",
    "unit_text",
    "unstructure_number",
    "unstructure_value",
]

#: The largest magnitude written or read: beyond it, numbers lose precision in other languages.
MAX_SAFE_INTEGER = 2**53 - 1
_PERIOD_PART = r"(?:[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?|FY[0-9]{4})"
_PERIOD_RE = re.compile(rf"{_PERIOD_PART}(?:/{_PERIOD_PART})?")


class RefusedError(ValueError):
    """A value that the document may not hold; the message says what was expected.

    Args:
        message: What was expected and what was found.
        at: The key, inside the value being read, where the problem is (``"unit"`` of a
            quantity), so that the JSON path names it.
    """

    def __init__(self, message: str, at: str | None = None) -> None:
        super().__init__(message)
        self.at = at


class KeysError(ValueError):
    """Keys that an object does not have, and required keys it lacks; each at its own path.

    Args:
        unexpected: The keys it does not have.
        allowed: The keys it has, in the order they are written.
        missing: The required keys that are absent, with what each holds.
    """

    def __init__(
        self, unexpected: list[str], allowed: tuple[str, ...], missing: dict[str, str]
    ) -> None:
        super().__init__(", ".join(unexpected or missing))
        self.unexpected = unexpected
        self.allowed = allowed
        self.missing = missing


class NonFinite:
    """What ``NaN``, ``Infinity`` and ``-Infinity`` parse to: refused wherever they stand.

    Reading them as this marker, rather than failing the parse, lets the reader name the JSON
    path where one stands.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


def kind(value: object) -> str:
    """What a value is, for a message: never its whole text, which may be huge or deep."""
    if isinstance(value, NonFinite):
        return f"{value.name}, which JSON does not allow"
    if isinstance(value, bool):
        return "true" if value else "false"
    names = {dict: "an object", list: "an array", str: "a text", type(None): "null"}
    if type(value) in names:
        return names[type(value)]
    if isinstance(value, (int, float)):
        return f"the number {show(value)}"
    return type(value).__name__


def show(value: object) -> str:
    """A value as a message quotes it: short, and safe for any value."""
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:40] + "…", ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        if value.bit_length() <= 64:
            return str(value)
        # Python refuses to turn integers of more than 4300 digits into text.
        digits = len(str(abs(value))) if value.bit_length() < 14000 else "thousands of"
        return f"a whole number of {digits} digits"
    if isinstance(value, float):
        return repr(value)
    return kind(value)


def message(exc: BaseException) -> str:
    """What an exception says, without the heading of a ValidationError of one object."""
    if isinstance(exc, ValidationError) and exc.problems:
        return "; ".join(p.message for p in exc.problems)
    return str(exc) or type(exc).__name__


# --- numbers, texts, truth values ---------------------------------------------------------------


def check_number(value: object, what: str = "a number") -> int | float:
    """``value`` if it is a finite number a document can hold exactly, else a refusal."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RefusedError(f"expected {what}, got {kind(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise RefusedError(f"expected {what}, got {show(value)}; write a finite number")
    if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        raise RefusedError(
            f"{show(value)} is too large: numbers are limited to ±{MAX_SAFE_INTEGER} "
            "(2**53 - 1), which every JSON reader represents exactly"
        )
    return value


def structure_number(value: object, _type: object = None) -> int | float:
    """A number, finite and within ±(2**53 - 1)."""
    return check_number(value)


def unstructure_number(value: int | float) -> int | float:
    """A number as written: the same checks as reading it."""
    return check_number(value)


def structure_int(value: object, _type: object = None) -> int:
    """A whole number, within ±(2**53 - 1)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise RefusedError(f"expected a whole number, got {kind(value)}")
    return int(check_number(value, "a whole number"))


def structure_str(value: object, _type: object = None) -> str:
    """A text."""
    if not isinstance(value, str):
        raise RefusedError(f"expected a text, got {kind(value)}")
    return value


def structure_bool(value: object, _type: object = None) -> bool:
    """``true`` or ``false``, never a number standing for one."""
    if not isinstance(value, bool):
        raise RefusedError(f"expected true or false, got {kind(value)}")
    return value


# --- units and quantities -------------------------------------------------------------------------

# Units already read, by the text they were written as. Units are immutable, and parsing one
# with pint costs more than building the quantity; the cache is bounded, since documents may
# hold any text there.
_UNITS: dict[str, Unit] = {}


def _unit(text: str) -> Unit:
    unit = _UNITS.get(text)
    if unit is None:
        unit = parse_unit(text)
        if len(_UNITS) >= 1024:
            _UNITS.clear()
        _UNITS[text] = unit
    return unit


_quantity_class: Any = None


def _quantity(number: float, unit: Unit) -> Any:
    global _quantity_class  # noqa: PLW0603 - the registry is made on first use, not on import
    if _quantity_class is None:
        _quantity_class = registry().Quantity
    return _quantity_class(number, unit)


@lru_cache(maxsize=1024)
def unit_text(unit: Any) -> str:
    """A unit as documents write it, whatever the user's pint display settings."""
    return format_unit(unit)


def structure_unit(value: object, _type: object = None) -> Unit:
    """A unit, by its name (``"percent"``); parsed once per distinct text."""
    if not isinstance(value, str):
        raise RefusedError(f'expected a unit name as text ("percent", "case"), got {kind(value)}')
    if not value.strip():
        raise RefusedError(
            'expected a unit name ("percent", "case"); write "dimensionless" for none'
        )
    return _unit(value)


def _require_object(
    value: object, keys: tuple[str, ...], required: dict[str, str], what: str
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RefusedError(f"expected {what}, got {kind(value)}")
    extra = [key for key in value if key not in keys]
    missing = {key: expected for key, expected in required.items() if key not in value}
    if extra or missing:
        raise KeysError(extra, keys, missing)
    return value


def _part(key: str, read: Callable[[Any], Any], value: object) -> Any:
    """Read one part of a value, so that a problem names the part's key."""
    try:
        return read(value)
    except (ValueError, TypeError) as exc:
        raise RefusedError(message(exc), at=key) from None


_QUANTITY_KEYS = ("value", "unit")
_QUANTITY_REQUIRED = {"value": "a number", "unit": "a unit name"}
_PENDING_KEYS = ("pending", "unit", "by", "due")
VALUE_WHAT = 'a value: {"value": <number>, "unit": <unit>} or {"pending": <text>}'


def _pending_text(text: object) -> str:
    if not isinstance(text, str):
        raise RefusedError(f"expected the text that stood for the value, got {kind(text)}")
    if not text.strip():
        raise RefusedError(
            'expected the text that stood for the value ("XX%", "TBD"), got an empty text'
        )
    return text


def structure_value(value: object, _type: object = None) -> Any:
    """A quantity, a pending value, or null."""
    if value is None:
        return None
    if type(value) is dict and len(value) == 2:
        # The common case, a quantity whose unit was read before, without a call too many:
        # the same checks as below, which give the messages.
        number, text = value.get("value"), value.get("unit")
        unit = _UNITS.get(text) if type(text) is str else None
        if (
            unit is not None
            and (type(number) is int or type(number) is float)
            and -MAX_SAFE_INTEGER <= number <= MAX_SAFE_INTEGER
        ):
            return _quantity(number, unit)
    if isinstance(value, dict) and "pending" in value:
        data = _require_object(value, _PENDING_KEYS, {}, "a pending value")
        unit, by, due = data.get("unit"), data.get("by"), data.get("due")
        return Pending(
            _part("pending", _pending_text, data["pending"]),
            None if unit is None else _part("unit", structure_unit, unit),
            None if by is None else _part("by", structure_str, by),
            None if due is None else _part("due", structure_date, due),
        )
    data = _require_object(value, _QUANTITY_KEYS, _QUANTITY_REQUIRED, VALUE_WHAT)
    return _quantity(
        _part("value", check_number, data["value"]), _part("unit", structure_unit, data["unit"])
    )


_RELATIVE_KEYS = ("change", "relative", "text")


def structure_target_value(value: object, _type: object = None) -> Any:
    """A target's value: also a change from the baseline, ``{"change": 0.3, "relative": true}``."""
    if isinstance(value, dict) and "change" in value:
        data = _require_object(
            value, _RELATIVE_KEYS, {"change": "a number"}, "a change from the baseline"
        )
        relative, text = data.get("relative", False), data.get("text")
        return Relative(
            _part("change", check_number, data["change"]),
            _part("relative", structure_bool, relative),
            None if text is None else _part("text", structure_str, text),
        )
    return structure_value(value)


def structure_parameter_value(value: object, _type: object = None) -> Any:
    """A parameter's value: a quantity or a pending value, never null."""
    if value is None:
        raise RefusedError(f"expected {VALUE_WHAT}, got null")
    return structure_value(value)


def unstructure_value(value: Any) -> Any:
    """A quantity, a pending value, a change from the baseline, or None, as a document holds it."""
    if value is None:
        return None
    if isinstance(value, Relative):
        change: dict[str, Any] = {"change": check_number(value.change, "a number as change")}
        if value.relative:
            change["relative"] = True
        if value.text is not None:
            change["text"] = value.text
        return change
    if isinstance(value, Pending):
        out: dict[str, Any] = {"pending": value.text}
        if value.unit is not None:
            out["unit"] = unit_text(value.unit)
        if value.by is not None:
            out["by"] = value.by
        if value.due is not None:
            out["due"] = value.due.isoformat()
        return out
    return {
        "value": check_number(value.magnitude, "a number as magnitude"),
        "unit": unit_text(value.units),
    }


# --- dates, periods, choices ----------------------------------------------------------------------


def structure_date(value: object, _type: object = None) -> date:
    """A date of the calendar, written ``"YYYY-MM-DD"``."""
    if not isinstance(value, str):
        raise RefusedError(f'expected a date as "YYYY-MM-DD", got {kind(value)}')
    try:
        return parse_date(value)
    except DateError as exc:
        if exc.calendar:
            raise RefusedError(f"{show(value)} is not a date of the calendar") from None
        raise RefusedError(f'expected a date as "YYYY-MM-DD", got {show(value)}') from None


# Periods already read, by their text: they are immutable, and a framework repeats a few.
_PERIODS: dict[str, Period] = {}


def structure_period(value: object, _type: object = None) -> Period:
    """A period: ``"2018"``, ``"2018-06"``, ``"2018-06-30"``, ``"FY2020"`` or a span ``"2014-05/2014-12"``.

    A fiscal year is read with the fiscal year end of the document being read (see
    :func:`resultsframe.periods.fiscal_years`), so it is not kept with the others.
    """
    period = _PERIODS.get(value) if type(value) is str else None
    if period is not None:
        return period
    if not isinstance(value, str) or not _PERIOD_RE.fullmatch(value):
        got = show(value) if isinstance(value, str) else kind(value)
        raise RefusedError(
            f'expected a period: a year "2018", a month "2018-06", a day "2018-06-30", a fiscal '
            f'year "FY2020" or a span "2014-05/2014-12"; got {got}'
        )
    period = Period.parse(value)
    if is_fiscal(value):
        return period
    if len(_PERIODS) >= 1024:
        _PERIODS.clear()
    _PERIODS[value] = period
    return period


def structure_enum(choice: type[enum.Enum]) -> Callable[[object, object], Any]:
    """The structure hook of one of the model's enums: one of its values, by text."""
    members = {member.value: member for member in choice}
    choices = ", ".join(show(v) for v in members)

    def structure(value: object, _type: object) -> Any:
        if isinstance(value, str) and value in members:
            return members[value]
        got = show(value) if isinstance(value, str) else kind(value)
        near = close_names(value, [str(v) for v in members]) if isinstance(value, str) else []
        hint = f" (did you mean {show(near[0])}?)" if near else ""
        raise RefusedError(f"expected one of {choices}; got {got}{hint}")

    return structure
