"""The IATI codes resultsframe reads and writes, and how each maps to the model.

Codelists are those of IATI 2.03 (``IATI/IATI-Codelists`` and ``IATI/IATI-Codelists-NonEmbedded``):

==========================  ===================================================================
codelist                    codes
==========================  ===================================================================
ResultType                  1 output, 2 outcome, 3 impact, 9 other
IndicatorMeasure            1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative
IndicatorVocabulary         1 to 9 (WHO Registry … UN SDG Indicators), 99 reporting organisation
ResultVocabulary            99 reporting organisation
==========================  ===================================================================

IATI booleans are ``xsd:boolean``: ``1``, ``0``, ``true`` and ``false``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from types import MappingProxyType

from resultsframe.model import Direction, Indicator, Measure
from resultsframe.periods import Period, parse_date
from resultsframe.units import Quantity, Unit, parse_unit
from resultsframe.values import _PENDING_RE as _PENDING_TEXT
from resultsframe.values import Pending, Value

__all__ = [
    "INDICATOR_MEASURES",
    "INDICATOR_VOCABULARIES",
    "LEVEL_TYPES",
    "MEASURE_CODES",
    "RESULT_TYPES",
    "RESULT_VOCABULARIES",
    "baseline_period",
    "direction_of",
    "format_value",
    "is_decimal",
    "iso_date",
    "level_of",
    "measure_code",
    "measure_of",
    "parse_boolean",
    "read_value",
    "result_type",
    "unit_of",
]

#: ResultType: code → the level of the ``iati`` level scheme.
RESULT_TYPES: Mapping[str, str] = MappingProxyType(
    {"1": "output", "2": "outcome", "3": "impact", "9": "other"}
)
#: The ResultType code written for a level: IATI's levels, then the common names of other schemes.
LEVEL_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "output": "1",
        "outcome": "2",
        "impact": "3",
        "other": "9",
        # other schemes (see resultsframe.levels): their levels that mean the same
        "goal": "3",
        "overall_objective": "3",
        "purpose": "2",
        "specific_objective": "2",
        "development_objective": "2",
        "intermediate_result": "2",
    }
)
#: IndicatorMeasure: code → name.
INDICATOR_MEASURES: Mapping[str, str] = MappingProxyType(
    {"1": "unit", "2": "percentage", "3": "nominal", "4": "ordinal", "5": "qualitative"}
)
#: IndicatorMeasure code → the model's measure. Nominal values are categories, not amounts:
#: like qualitative ones they are kept as text and never aggregated.
MEASURE_CODES: Mapping[str, Measure] = MappingProxyType(
    {
        "1": Measure.QUANTITY,
        "2": Measure.SHARE,
        "3": Measure.QUALITATIVE,
        "4": Measure.ORDINAL,
        "5": Measure.QUALITATIVE,
    }
)
#: IndicatorVocabulary codes (2.03).
INDICATOR_VOCABULARIES: frozenset[str] = frozenset(
    {"1", "2", "3", "4", "5", "6", "7", "8", "9", "99"}
)
#: ResultVocabulary codes (2.03).
RESULT_VOCABULARIES: frozenset[str] = frozenset({"99"})

_WRITTEN_MEASURE: Mapping[Measure, str] = MappingProxyType(
    {
        Measure.QUANTITY: "1",
        Measure.SHARE: "2",
        Measure.RATIO: "1",
        Measure.YES_NO: "1",
        Measure.ORDINAL: "4",
        Measure.QUALITATIVE: "5",
    }
)
# xsd:decimal, as the IATI Validator's rules test a value ("castable as xs:decimal"): no
# exponent, no thousands separator, a point as decimal separator; spaces around are allowed.
_DECIMAL = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*")
# An ISO date as IATI files write it: the date, perhaps with a time or a time zone after it.
_ISO_DATE = re.compile(
    r"\s*([0-9]{4}-[0-9]{2}-[0-9]{2})(?:(?:T[0-9:.]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)\s*"
)
_YEAR = re.compile(r"\s*([0-9]{4})\s*")
# Beyond this a number loses precision in JSON documents (see resultsframe.document).
_MAX_MAGNITUDE = 2**53 - 1
_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}


def level_of(code: str | None) -> str:
    """The level of the ``iati`` scheme for a ResultType code; ``other`` for an unknown code."""
    return RESULT_TYPES.get(code or "", "other")


def result_type(level: str) -> str:
    """The ResultType code for a level: 9 (other) for a level IATI does not have."""
    return LEVEL_TYPES.get(level, "9")


def measure_of(code: str | None) -> Measure:
    """The model's measure for an IndicatorMeasure code; a quantity for an unknown code."""
    return MEASURE_CODES.get(code or "", Measure.QUANTITY)


def measure_code(measure: Measure) -> str:
    """The IndicatorMeasure code written for a measure (a ratio or yes/no is written as units)."""
    return _WRITTEN_MEASURE[measure]


def parse_boolean(text: str | None) -> bool | None:
    """An ``xsd:boolean`` (``1``, ``0``, ``true``, ``false``, spaces allowed); None otherwise."""
    if text is None:
        return None
    return _BOOLEANS.get(text.strip())


def direction_of(ascending: str | None) -> Direction:
    """The direction of an indicator from its ``ascending`` flag.

    ``ascending="0"`` (or ``"false"``) is a decreasing indicator, whatever its figures suggest;
    absent, it is IATI's default, ascending.
    """
    return Direction.DECREASE if parse_boolean(ascending) is False else Direction.INCREASE


def is_decimal(text: str) -> bool:
    """Whether ``text`` is an ``xsd:decimal``: ``"8.90"`` is, ``"50,000"`` and ``"N/A"`` are not."""
    return _DECIMAL.fullmatch(text) is not None


@cache
def _unit(name: str) -> Unit:
    # Made once: making a pint unit costs more than reading a whole value.
    return parse_unit(name)


def unit_of(measure: Measure) -> Unit | None:
    """The unit of an indicator read from IATI: percent for a percentage, else none.

    IATI says what kind of measure an indicator is, not its unit ("number of jobs" is a unit
    measure in the indicator's words only).
    """
    return _unit("percent") if measure is Measure.SHARE else None


def read_value(text: str | None, measure: Measure, unit: Unit | None) -> Value | None:
    """The value of a published ``@value`` text, or None when it is not one.

    A number only when the text is an ``xsd:decimal`` (``"8.90"``, ``"-3"``, ``".5"``):
    ``"50,000"`` and ``"12254,1"`` are not read at all (is the comma a thousands separator or a
    decimal comma?), and neither is ``"1e5"``. Texts that stand for a value not known yet
    (``"TBD"``, ``"XX%"``) are :class:`~resultsframe.Pending`. A qualitative (or nominal)
    indicator's value is never a number. The text itself is always kept next to the value.
    """
    if text is None or measure is Measure.QUALITATIVE:
        return None
    if is_decimal(text):
        number = Decimal(text.strip())
        if abs(number) > _MAX_MAGNITUDE:  # before int() → float: "9" * 400 is no float
            return None
        integral = "." not in text and number == number.to_integral_value()
        magnitude: int | float = int(number) if integral else float(number)
        if not math.isfinite(magnitude) or abs(magnitude) > _MAX_MAGNITUDE:
            return None
        return Quantity(magnitude, unit if unit is not None else _unit(""))
    # The texts resultsframe reads as pending ("TBD", "XX%" …), as values.parse_value does; any
    # other text is not a number here, whatever pint could make of it.
    if _PENDING_TEXT.match(text):
        return Pending(text.strip(), unit)
    return None


def format_value(value: Value, indicator: Indicator) -> str:
    """A value as IATI writes it: an ``xsd:decimal`` in the indicator's unit, or a pending text."""
    if isinstance(value, Pending):
        return value.text
    unit = indicator.unit if indicator.unit is not None else _unit("")
    magnitude = value.magnitude if value.units == unit else value.to(unit).magnitude
    if isinstance(magnitude, int) and not isinstance(magnitude, bool):
        return str(magnitude)
    number = float(magnitude)
    if number.is_integer() and abs(number) <= _MAX_MAGNITUDE:
        return str(int(number))
    return format(Decimal(repr(number)), "f")


def iso_date(text: str | None) -> date | None:
    """The date of an ``iso-date`` attribute (a time or time zone after it is allowed), or None."""
    if text is None:
        return None
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return parse_date(match[1])
    except ValueError:
        return None


def baseline_period(year: str | None, iso: str | None) -> Period | None:
    """When a baseline was measured: its ``iso-date`` (a day), else its ``year``, else None."""
    day = iso_date(iso)
    if day is not None:
        return Period.day(day)
    if year is not None and (match := _YEAR.fullmatch(year)) is not None and int(match[1]) > 0:
        return Period.parse(match[1])
    return None
