"""How every view writes a figure: numbers, shares, amounts, unit names, counts and statuses.

The HTML views, the terminal tables, the diagrams and the charts all write figures through
these functions, so that a figure reads the same wherever it is shown: ``91.84 %`` in a table
and in a chart, ``48 countries`` (never ``48 country`` or ``1 countries``) in a notebook, and
never ``-0 %`` for a share that rounds to nothing.

>>> from resultsframe.formatting import amount, count, fraction, number, percent
>>> number(12.0), number(2.5), number(-0.001)
('12', '2.5', '0')
>>> fraction(0.91842), fraction(None)
('0.918', '—')
>>> percent(0.9184), percent(-0.001), percent(None)
('92 %', '0 %', '—')
>>> amount(48, "country"), amount(1, "country"), amount(90, "percent"), amount(None, "case")
('48 countries', '1 country', '90 %', '—')
>>> count(1, "result"), count(3, "result")
('1 result', '3 results')

A rate is shown with its unit in the plural, a currency as its code:

>>> amount(5.2, "per 100000 person"), amount(1500000, "USD")
('5.2 per 100000 people', '1500000 USD')
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum

from resultsframe.units import plural_of

__all__ = [
    "NOTHING",
    "amount",
    "count",
    "date_label",
    "fraction",
    "number",
    "percent",
    "status_label",
    "unit_name",
]

#: What "nothing" is written as: a figure that is not known or cannot be computed.
NOTHING = "—"

_RATE_RE = re.compile(r"(?:(?P<head>.*?) )?per (?P<n>\d+) (?P<base>\w+)")
_NO_UNIT = (None, "", "dimensionless")


def number(value: float) -> str:
    """A number with at most two decimals and no trailing zeros; ``0``, never ``-0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def fraction(value: float | None, digits: int = 3) -> str:
    """A share as a fraction with up to ``digits`` decimals (``0.918``); ``—`` for None.

    The form explanations and ``repr`` use, where a share is shown as the arithmetic gives it.
    """
    if value is None:
        return NOTHING
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def percent(fraction: float | None) -> str:
    """A share (1.0 is all) as a whole percentage, ``90 %``; ``—`` for None."""
    if fraction is None:
        return NOTHING
    text = f"{fraction * 100:.0f}"
    return f"{'0' if text == '-0' else text} %"


def unit_name(unit: str | None, *, plural: bool = False) -> str:
    """A unit (as :func:`resultsframe.units.format_unit` writes it) as a reader reads it.

    ``%`` for percent, nothing for no unit, spaces for underscores, and the plural a counting
    unit goes by (``countries``, or the plural a framework declared for it) when ``plural``.
    A rate's unit is plural after its number (``per 1000 live births``).
    """
    if unit in _NO_UNIT:
        return ""
    assert unit is not None
    if unit == "percent":
        return "%"
    rate = _RATE_RE.fullmatch(unit)
    if rate is not None:
        head = f"{unit_name(rate['head'], plural=plural)} " if rate["head"] else ""
        base = unit_name(rate["base"], plural=rate["n"] != "1")
        return f"{head}per {rate['n']} {base}"
    return ((plural_of(unit) or unit) if plural else unit).replace("_", " ")


def amount(value: float | None, unit: str | None, *, as_written: bool = False) -> str:
    """A number in its unit: ``90 %``, ``48 countries``, ``1 country``; ``—`` for None.

    The unit is singular when the number shown is 1, plural otherwise. ``as_written`` writes
    the unit by its own name, as files do (``48 country``, ``3 statistical_framework``): the
    form the terminal table and explanations use, which can be read back as a quantity.
    """
    if value is None:
        return NOTHING
    text = number(value)
    if as_written:
        if unit == "percent":
            return f"{text} %"
        return text if unit in _NO_UNIT else f"{text} {unit}"
    name = unit_name(unit, plural=text.lstrip("-") != "1")
    return f"{text} {name}" if name else text


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 result``, ``2 results``: a count with its noun in the right number."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def status_label(status: Enum) -> str:
    """How a status is written: its value with spaces (``on track``, ``not assessable``).

    Any enum whose values are such names will do (:class:`resultsframe.Status` is one).
    """
    return str(status.value).replace("_", " ")


def date_label(day: date) -> str:
    """A date as a column or tick label: a year's last day as the year, any other day in full."""
    return str(day.year) if (day.month, day.day) == (12, 31) else day.isoformat()
