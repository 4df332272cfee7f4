"""The one grammar of value texts: what a baseline or a target says, in a spec or a table cell.

:func:`resultsframe.build` and :func:`resultsframe.table.read` read every baseline and target
text with :func:`read_baseline` and :func:`read_target`, so that ``"XX %"``, ``"baseline + 3"``
or ``"adopted by 2022"`` mean the same wherever they are written. The documentation's page
*Concepts*, section "Values as people write them", lists the forms in one table.

A text is read in the indicator's unit (a bare number is in it), in this order:

``pending: <any text>``
    a value to come, keeping the text after ``pending:`` as it is (``"pending: set by the
    board"``).
``<value> by <date>``, ``<value> due <date>``
    a target due on a day; a year, a month or a fiscal year (``FY2025``) means its last day.
``<value> in <period>``
    a baseline measured in a period (``2019``, ``2019-06``, ``2018-07/2019-06``, ``FY2019``).
``N/A``, ``n/a``, ``NA``
    a baseline not available yet: pending (a target that says ``N/A`` is refused).
``XX%``, ``X%``, ``XX``, ``%``, ``TBD``, ``TBC``, ``…``, ``?``
    a value to come; a unit after it is kept on it (``"XX %"`` is pending in percent,
    ``"XX cases"`` pending in cases), else it has the indicator's unit.
``+3``, ``baseline + 3``, ``+3 points``, ``+3 pp``
    a target of the baseline plus 3 in the indicator's unit (percentage points on a percent
    indicator).
``+30 %``, ``+30 % relative``, ``×1.3``
    a target of 30 % more than the baseline. On a percent indicator ``"+30 %"`` (and
    ``"baseline + 30 %"``) could mean 30 points: it is read as relative, and the readers warn
    with :class:`AmbiguousChangeWarning` saying how to write either reading.
``60``, ``60 %``, ``12 cases``, ``-5 case``
    a value; a signed number *with* a unit is a value, not a change.
a stage's name
    for an indicator with named stages, any other text names a stage (``"adopted"``); the
    indicator gives it the stage's position, or refuses a name it does not have.

>>> from resultsframe.units import parse_unit
>>> read_target("XX cases by 2025", parse_unit("case"))
Reading(value=Pending('XX cases', unit='case'), text=None, due=datetime.date(2025, 12, 31), period=None)
>>> read_target("+5 points", parse_unit("percent")).value
Relative(change=5.0, relative=False, text='+5 points')
>>> read_baseline("N/A in 2019", parse_unit("percent")).value
Pending('N/A', unit='percent')
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs

from resultsframe.exceptions import ResultsframeError, UnitError, ValidationError
from resultsframe.periods import Period
from resultsframe.units import Quantity, Unit, format_unit, parse_unit
from resultsframe.values import (
    Pending,
    Relative,
    Value,
    is_ambiguous_change,
    is_not_available,
    parse_relative,
    parse_value,
)

__all__ = [
    "PENDING_PREFIX",
    "AmbiguousChangeWarning",
    "Reading",
    "change_text",
    "is_percent",
    "read_baseline",
    "read_target",
    "read_value",
]

#: The prefix of a pending value written in any words: ``"pending: set by the board"``.
PENDING_PREFIX = "pending:"

_BY_RE = re.compile(r"^(?P<value>.*?)\s+(?P<word>by|due)\s+(?P<when>\S+)\s*$", re.DOTALL)
_IN_RE = re.compile(r"^(?P<value>.*?)\s+in\s+(?P<when>\S+)\s*$", re.DOTALL)


class AmbiguousChangeWarning(UserWarning):
    """A change such as ``"+5 %"`` on a percent indicator: 5 % of the baseline, or 5 points?

    It is read as relative to the baseline (60 % → 63 %). Write ``"+5 points"`` or
    ``"baseline + 5"`` for points (60 % → 65 %), and ``"+5 % relative"`` or ``"×1.05"`` to keep
    the relative reading without the warning.
    """


@attrs.frozen
class Reading:
    """What a baseline or target text says.

    Attributes:
        value: The value: a quantity, a pending value or a change from the baseline; None when
            the text names a stage.
        text: The name of a stage, for an indicator with stages.
        due: The day after ``by`` (a target).
        period: The period after ``in`` (a baseline).
    """

    value: Value | Relative | None
    text: str | None = None
    due: date | None = None
    period: Period | None = None


def is_percent(unit: Unit | None) -> bool:
    """Whether ``unit`` is percent, where ``"+5 %"`` could mean 5 points."""
    return unit is not None and format_unit(unit) == "percent"


def read_target(
    text: str | int | float | Value | Relative,
    unit: Unit | str | None = None,
    *,
    stages: Sequence[str] = (),
    where: str | None = None,
) -> Reading:
    """A target as written: a value, a change from the baseline or a stage, and ``by DATE``.

    Args:
        text: The text (or a number, in ``unit``).
        unit: The indicator's unit.
        stages: The indicator's stages, if it names them.
        where: Where the text was written, for the warning about ``"+5 %"``.

    Raises:
        UnitError: for a text that is none of the forms, or a unit that does not fit.
        ValidationError: for a date after ``by`` that is not one.
    """
    return _read(text, unit, stages, where, target=True)


def read_baseline(
    text: str | int | float | Value,
    unit: Unit | str | None = None,
    *,
    stages: Sequence[str] = (),
    where: str | None = None,
) -> Reading:
    """A baseline as written: a value (``"N/A"`` is pending) or a stage, and ``in PERIOD``.

    Raises:
        UnitError: for a text that is none of the forms, or a unit that does not fit.
        ValidationError: for a period after ``in`` that is not one.
    """
    return _read(text, unit, stages, where, target=False)


def _read(
    text: object, unit: Unit | str | None, stages: Sequence[str], where: str | None, target: bool
) -> Reading:
    expected = parse_unit(unit) if unit is not None else None
    if isinstance(text, (Quantity, Pending, Relative)):
        return Reading(text)
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise UnitError(f"expected a number or a text such as '60 %' or 'XX%', got {text!r}")
    if not isinstance(text, str):
        return Reading(parse_value(text, expected))
    if text.lstrip().lower().startswith(PENDING_PREFIX):
        return Reading(_written_pending(text, expected))
    match = (_BY_RE if target else _IN_RE).match(text)
    if match is not None:
        try:
            when = Period.parse(match["when"])
        except (ValueError, ResultsframeError):
            if stages:  # "adopted by parliament": a stage's name
                return Reading(None, text.strip())
            raise ValidationError(_when_message(text, match, target)) from None
        value, stage = read_value(
            match["value"], expected, stages=stages, where=where, target=target
        )
        if target:
            return Reading(value, stage, due=when.end)
        return Reading(value, stage, period=when)
    value, stage = read_value(text, expected, stages=stages, where=where, target=target)
    return Reading(value, stage)


def read_value(
    text: str,
    unit: Unit | None,
    *,
    stages: Sequence[str] = (),
    where: str | None = None,
    target: bool = True,
) -> tuple[Value | Relative | None, str | None]:
    """A value alone (no ``by`` or ``in``): (the value, None), or (None, a stage's name).

    Raises:
        UnitError: for a text that is none of the forms, or a unit that does not fit.
    """
    stripped = text.strip()
    if not stripped:
        raise UnitError("expected a value, got an empty text")
    if stripped.lower().startswith(PENDING_PREFIX):
        return _written_pending(stripped, unit), None
    if not target and is_not_available(stripped):
        return Pending(stripped, unit), None
    if target:
        change = parse_relative(stripped)
        if change is not None:
            if is_percent(unit) and is_ambiguous_change(stripped):
                _warn_ambiguous(change, where)
            return change, None
    try:
        return parse_value(stripped, unit), None
    except UnitError:
        if stages:
            return None, stripped
        raise


def _written_pending(text: str, unit: Unit | None) -> Pending:
    """``"pending: <text>"``: the text is kept as it is, after the one space written."""
    rest = text.lstrip()[len(PENDING_PREFIX) :]
    rest = rest[1:] if rest.startswith(" ") else rest
    if not rest.strip():
        raise UnitError("'pending:' needs the text that stands for the value")
    return Pending(rest, unit)


def _when_message(text: str, match: re.Match[str], target: bool) -> str:
    when = match["when"]
    if target:
        return (
            f"cannot read {text!r}: after '{match['word']}' comes a date '2025-12-31' (or a year '2025' or "
            f"a month '2025-06', meaning their last day); got {when!r}"
        )
    return (
        f"cannot read {text!r}: after 'in' comes a period: a year '2019', a month '2019-06', a "
        "day '2019-06-30', a span '2018-07/2019-06' or a fiscal year 'FY2019' (with the "
        "framework's fiscal_year_end)"
    )


def _warn_ambiguous(change: Relative, where: str | None) -> None:
    points = Decimal(repr(abs(change.change))) * 100
    amount = f"{points.normalize():f}"
    sign = "-" if change.change < 0 else "+"
    factor = f"{(1 + Decimal(repr(change.change))).normalize():f}"
    relative = 60 * (1 + change.change)
    added = 60 + (-1 if change.change < 0 else 1) * float(points)
    place = f"{where}: " if where else ""
    warnings.warn(
        AmbiguousChangeWarning(
            f"{place}{change.text!r} on a percent indicator is read as {amount} % of the "
            f"baseline (relative: 60 % becomes {relative:g} %), not {amount} percentage points "
            f"(60 % becomes {added:g} %). For points write '{sign}{amount} points' or "
            f"'baseline {sign} {amount}'; to keep the relative reading, write "
            f"'{sign}{amount} % relative' or '×{factor}'"
        ),
        stacklevel=4,
    )


def change_text(change: Relative, unit: Unit | None) -> str:
    """A change from the baseline as a text that reads back as it, without the warning.

    The text it was written as, while that still reads as this change and is not ambiguous
    on ``unit``; else the canonical form (``"baseline + 30 %"``, ``"baseline + 30 % relative"``
    on a percent indicator).

    >>> change_text(Relative(0.3, relative=True), parse_unit("percent"))
    'baseline + 30.0 % relative'
    """
    text = change.text
    if (
        text is not None
        and parse_relative(text) == change
        and not (is_percent(unit) and is_ambiguous_change(text))
    ):
        return text
    canonical = str(Relative(change.change, change.relative))
    return f"{canonical} relative" if change.relative and is_percent(unit) else canonical
