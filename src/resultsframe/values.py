"""Values that results frameworks hold: quantities, and values that are not known yet.

A draft framework says "XX% of countries …": the target exists, its number does not. resultsframe
keeps such a value as a :class:`Pending`: never a number, never free text. It remembers the
document's text and the unit the value will have, and is filled in later with
:meth:`resultsframe.Framework.fill`, which returns a new framework.

:func:`parse_value` reads what people write. These texts are pending (case does not matter for
the words): ``XX%``, ``X%``, ``XX``, a bare ``%``, ``TBD``, ``TBC``, ``…``, ``...``, ``?``.
Anything else must be a number with an optional unit (see :mod:`resultsframe.units`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from resultsframe.exceptions import UnitError, checked
from resultsframe.periods import parse_date
from resultsframe.units import Quantity, Unit, format_unit, parse_quantity, parse_unit

__all__ = ["Pending", "Value", "is_pending", "parse_value"]

_PENDING_RE = re.compile(r"^\s*(?:x+\s*%?|%|tbd|tbc|…|\.\.\.|\?)\s*$", re.IGNORECASE)


def _to_unit(value: str | Unit | None) -> Unit | None:
    return None if value is None else parse_unit(value)


def _to_date(value: date | str | None) -> date | None:
    return value if value is None or isinstance(value, date) else parse_date(value)


@checked
@attrs.frozen
class Pending:
    """A value that the framework does not know yet.

    Attributes:
        text: The original text that stood for it ("XX%", "TBD" …). Kept so that nothing the
            document said is lost.
        unit: The unit the value will have, when known.
        by: Who is to set it.
        due: When it is to be set by.
    """

    text: str = attrs.field()
    unit: Unit | None = attrs.field(default=None, converter=_to_unit)
    by: str | None = None
    due: date | None = attrs.field(default=None, converter=_to_date)

    @text.validator
    def _check_text(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("a pending value keeps the text that stood for it; got an empty text")

    def __str__(self) -> str:
        return f"pending {self.text!r}"

    def __repr__(self) -> str:
        unit = f", unit={format_unit(self.unit)!r}" if self.unit is not None else ""
        return f"Pending({self.text!r}{unit})"


#: What a baseline, target or parameter holds: a quantity, or a value not known yet.
if TYPE_CHECKING:
    Value: TypeAlias = Quantity[Any] | Pending
else:  # the document layer registers its hooks for the plain classes
    Value: TypeAlias = Quantity | Pending


def is_pending(value: object) -> bool:
    """Whether ``value`` is a :class:`Pending` value."""
    return isinstance(value, Pending)


def parse_value(
    text: str | int | float | Quantity[Any] | Pending, unit: str | Unit | None = None
) -> Value:
    """Read a baseline, target or parameter as people write it.

    Args:
        text: ``"60 %"``, ``"12 cases"``, ``0.6``, ``"XX%"``, ``"TBD"``, or a quantity.
        unit: The unit the value must have. A bare number is read in this unit.

    Returns:
        A :class:`pint.Quantity`, or a :class:`Pending` that keeps ``text`` and the unit.

    Raises:
        UnitError: if the text is neither pending nor a number with a fitting unit.

    >>> parse_value("XX%")
    Pending('XX%', unit='percent')
    >>> parse_value("60 %")
    <Quantity(60, 'percent')>
    """
    expected = parse_unit(unit) if unit is not None else None
    if isinstance(text, Pending):
        return text
    if isinstance(text, Quantity):
        if expected is not None and text.units.dimensionality != expected.dimensionality:
            raise UnitError(
                f"{text} is in {format_unit(text.units)!r}, which cannot be converted to "
                f"{format_unit(expected)!r}"
            )
        return text
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise UnitError(f"expected a number, a quantity or a text such as '60 %', got {text!r}")
    if isinstance(text, (int, float)):
        return parse_quantity(repr(text), expected)
    if _PENDING_RE.match(text):
        pending_unit = expected
        if pending_unit is None and "%" in text:
            pending_unit = parse_unit("percent")
        return Pending(text.strip(), pending_unit)
    return parse_quantity(text, expected)
