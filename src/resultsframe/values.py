"""Values that results frameworks hold: quantities, and values that are not known yet.

A draft framework says "XX% of countries …": the target exists, its number does not. resultsframe
keeps such a value as a :class:`Pending`: never a number, never free text. It remembers the
document's text and the unit the value will have, and is filled in later with
:meth:`resultsframe.Framework.fill`, which returns a new framework.

:func:`parse_value` reads what people write. These texts are pending (case does not matter for
the words): ``XX%``, ``X%``, ``XX``, a bare ``%``, ``TBD``, ``TBC``, ``…``, ``...``, ``?``; each
may carry the unit the value will have (``XX %``, ``XX cases``, ``TBD cases``), which the
pending value keeps. Read for a count (``parse_value("XX%", "case")``), the ``%`` of ``XX%`` is
taken as the customary mark of a value to come, not as a unit. Anything else must be a number with an optional unit (see
:mod:`resultsframe.units`). The whole grammar of value texts, with the dates and the stages
around a value, is in :mod:`resultsframe.grammar`.

A *baseline* published as not available (``N/A``, ``n/a``, ``NA``, ``N.A.``) is pending too
(:func:`is_not_available`): the baseline exists, its figure is to come. A target or an actual
that says ``N/A`` is not read as pending: there it may mean "not applicable".
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from resultsframe.exceptions import UnitError, checked
from resultsframe.periods import parse_date
from resultsframe.units import Quantity, Unit, format_unit, parse_quantity, parse_unit

__all__ = [
    "Pending",
    "Relative",
    "Value",
    "is_ambiguous_change",
    "is_not_available",
    "is_pending",
    "parse_relative",
    "parse_value",
]

# A pending marker, then the unit the value will have: "XX%", "XX %", "XX cases", "TBD".
_PENDING_RE = re.compile(
    r"^\s*(?:(?:x+|tbd|tbc|…|\.\.\.|\?)(?:\s*(?P<percent>%)|\s+(?P<unit>\S.*?))?|(?P<bare>%))\s*$",
    re.IGNORECASE,
)
_NOT_AVAILABLE_RE = re.compile(r"^\s*n\.?\s*/?\s*a\.?\s*$", re.IGNORECASE)


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


def is_not_available(text: str) -> bool:
    """Whether a baseline's text says it is not available yet (``"N/A"``, ``"n/a"``, ``"NA"``).

    >>> is_not_available("N/A"), is_not_available("n.a."), is_not_available("nan")
    (True, True, False)
    """
    return bool(_NOT_AVAILABLE_RE.match(text))


_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
# "baseline + 3", "+3", "+5 points", "+30 %", "+30 % relative" (see parse_relative).
_RELATIVE_RE = re.compile(
    r"^\s*(?:(?P<baseline>baseline)\s*)?(?P<sign>[-+−])\s*"
    rf"(?P<number>{_NUMBER})\s*"
    r"(?:(?P<percent>%)\s*(?P<relative>relative)?|(?P<points>(?:percentage\s+)?points?|pp|pts?))?"
    r"\s*$",
    re.IGNORECASE,
)
# "×1.05", "x 1.05", "baseline × 1.05": the baseline times a factor.
_FACTOR_RE = re.compile(rf"^\s*(?:baseline\s*)?[×xX]\s*(?P<factor>{_NUMBER})\s*$", re.IGNORECASE)


@checked
@attrs.frozen
class Relative:
    """A target set relative to the baseline: ``"baseline + 3"``, ``"+30 %"``.

    It resolves once the baseline is known, and stays not assessable until then.

    Attributes:
        change: How far from the baseline: in the indicator's unit, or, when ``relative``, as a
            fraction of the baseline (0.3 for "+30 %").
        relative: Whether ``change`` is a fraction of the baseline.
        text: The text it was read from, when it was read from one.
    """

    change: float = attrs.field()
    relative: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    # The text is how it was written; "+30 %" and "baseline + 30 %" are the same target.
    text: str | None = attrs.field(default=None, eq=False)

    @change.validator
    def _check_change(self, _attribute: attrs.Attribute[float], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"a relative target's change is a number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"a relative target's change is a finite number, got {value!r}")

    def resolve(self, baseline: float) -> float:
        """The target for a baseline (in the indicator's unit)."""
        return baseline * (1 + self.change) if self.relative else baseline + self.change

    def __str__(self) -> str:
        if self.text is not None:
            return self.text
        # Decimal arithmetic on the shortest repr: the text reads back to exactly this change.
        amount = Decimal(repr(abs(self.change)))
        sign = "+" if self.change >= 0 else "-"
        if self.relative:
            return f"baseline {sign} {amount * 100} %"
        return f"baseline {sign} {amount}"


def parse_relative(text: str) -> Relative | None:
    """Read a target relative to the baseline, or None when the text is not one.

    ``"baseline + 3"``, ``"+3"`` and ``"+3 points"`` (also ``pp``, ``percentage points``) add 3,
    in the indicator's unit, to the baseline. ``"+30 %"``, ``"baseline + 30 %"`` and
    ``"+30 % relative"`` mean 30 % more than the baseline, and so does ``"×1.3"`` (also
    ``"x1.3"``, ``"baseline × 1.3"``). A sign, ``×`` or the word ``baseline`` is what makes a
    change: ``"30 %"`` is a plain target. On a percent indicator ``"+5 %"`` could mean five
    points; :func:`is_ambiguous_change` tells, and the readers warn
    (:class:`resultsframe.grammar.AmbiguousChangeWarning`).

    >>> parse_relative("+30 %")
    Relative(change=0.3, relative=True, text='+30 %')
    >>> parse_relative("baseline - 2").resolve(10)
    8.0
    >>> parse_relative("+5 points").resolve(60), parse_relative("×1.05").resolve(60)
    (65.0, 63.0)
    """
    match = _RELATIVE_RE.match(text)
    if match is None:
        factor = _FACTOR_RE.match(text)
        if factor is None:
            return None
        # Decimal arithmetic: "×1.05" is a change of exactly 0.05, not 0.050000000000000044.
        return Relative(float(Decimal(factor["factor"]) - 1), relative=True, text=text.strip())
    number = Decimal(match["number"])
    if not number.is_finite():
        return None
    sign = -1 if match["sign"] in "-−" else 1
    if match["percent"]:
        return Relative(float(sign * number / 100), relative=True, text=text.strip())
    return Relative(float(sign * number), relative=False, text=text.strip())


def is_ambiguous_change(text: str) -> bool:
    """Whether a change reads two ways on a percent indicator: ``"+5 %"`` (5 points, or 5 %?).

    It is read as relative (5 % of the baseline); ``"+5 points"`` and ``"+5 % relative"`` say
    which is meant.

    >>> is_ambiguous_change("+5 %"), is_ambiguous_change("+5 % relative")
    (True, False)
    """
    match = _RELATIVE_RE.match(text)
    return match is not None and bool(match["percent"]) and not match["relative"]


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
    pending = _pending_unit(text)
    if pending is not None:
        written = pending[0]
        if written is None:
            return Pending(text.strip(), expected)
        if expected is not None and _is_marker(text) and not expected.dimensionless:
            # "XX%" is how drafts write any value to come: on a count its '%' is no unit.
            return Pending(text.strip(), expected)
        if expected is not None and written.dimensionality != expected.dimensionality:
            raise UnitError(
                f"{text.strip()!r} is a value to come in {format_unit(written)!r}, which cannot "
                f"be converted to {format_unit(expected)!r}"
            )
        return Pending(text.strip(), written)
    return parse_quantity(text, expected)


def _is_marker(text: str) -> bool:
    """Whether a pending text's unit is a '%' sign (``XX%``, ``%``), not a unit's name."""
    match = _PENDING_RE.match(text)
    return match is not None and bool(match["percent"] or match["bare"])


def _pending_unit(text: str) -> tuple[Unit | None] | None:
    """For a pending text, the unit it names, if any (in a 1-tuple); None for another text."""
    match = _PENDING_RE.match(text)
    if match is None:
        return None
    if match["percent"] or match["bare"]:
        return (parse_unit("percent"),)
    if match["unit"] is None:
        return (None,)
    try:
        return (parse_unit(match["unit"]),)
    except UnitError:
        return None  # "xyz": not a marker and a unit; read as a quantity, which names it
