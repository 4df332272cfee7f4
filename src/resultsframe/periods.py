"""Periods of time as results frameworks write them: an ISO year, month or day, or a span.

``"2018"`` is the whole year 2018, ``"2018-06"`` the month, ``"2018-06-30"`` the day, and
``"2014-05/2014-12"`` the span from the start of the first to the end of the second. A period is
*at or before* a date when its end is on or before that date: a figure published for 2016 counts
as of 2016-12-31, not as of 2016-06-30.

**Fiscal years.** ``"FY2020"`` is the fiscal year that *ends* in 2020, the usual convention:
with a fiscal year ending on 30 June (``fiscal_year_end="06-30"``) it runs from 2019-07-01 to
2020-06-30. A framework declares its year end (:attr:`resultsframe.Framework.fiscal_year_end`);
the readers of documents, tables, builders and observations pass it on, and Python code gives it
to :meth:`Period.parse` or sets it for a block with :func:`fiscal_years`. ``"FY2016/FY2020"`` is
the span of five fiscal years. A fiscal year keeps its text: it is written back as ``"FY2020"``.

>>> Period.parse("FY2020", fiscal_year_end="06-30")
Period(start=datetime.date(2019, 7, 1), end=datetime.date(2020, 6, 30), text='FY2020')
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta

import attrs

from resultsframe.exceptions import ValidationError, checked

__all__ = [
    "DateError",
    "Period",
    "check_fiscal_year_end",
    "current_fiscal_year_end",
    "fiscal_mismatch",
    "fiscal_year",
    "fiscal_years",
    "is_fiscal",
    "parse_date",
    "steps",
]

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FISCAL = re.compile(r"^FY ?(\d{4})$", re.IGNORECASE)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_END = re.compile(r"(\d{2})-(\d{2})")
_STEP = re.compile(r"([1-9]\d{0,3})([ymwd])")
_STEP_MONTHS = {"y": 12, "m": 1}
_STEP_DAYS = {"w": 7, "d": 1}

# The fiscal year end of the framework being read: set by the readers of documents, tables and
# builders for the time they read one (see fiscal_years), so that the model's own converters
# (Baseline(period="FY2020")) read fiscal years as the framework declares them.
_CURRENT_YEAR_END: ContextVar[str | None] = ContextVar("fiscal_year_end", default=None)


def check_fiscal_year_end(text: object) -> tuple[int, int]:
    """The month and day of a fiscal year end written ``"MM-DD"`` (``"06-30"``).

    >>> check_fiscal_year_end("06-30")
    (6, 30)

    Raises:
        ValidationError: unless it is a month and a day that every year has (``"02-29"`` is
            not: write ``"02-28"``).
    """
    match = _YEAR_END.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValidationError(
            f"a fiscal year end is written as month and day, 'MM-DD' ('06-30' for 30 June), "
            f"got {text!r}"
        )
    month, day = int(match[1]), int(match[2])
    if (month, day) == (2, 29):
        raise ValidationError(
            "a fiscal year end of '02-29' is not in every year; write '02-28' for the end of February"
        )
    try:
        date(2001, month, day)
    except ValueError:
        raise ValidationError(
            f"the fiscal year end {text!r} is not a day of the calendar; write 'MM-DD' ('06-30')"
        ) from None
    return month, day


def fiscal_year(year: int, fiscal_year_end: str) -> tuple[date, date]:
    """The first and last day of the fiscal year named ``year``: the one that ends in ``year``.

    >>> fiscal_year(2020, "06-30")
    (datetime.date(2019, 7, 1), datetime.date(2020, 6, 30))
    >>> fiscal_year(2020, "12-31")
    (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    """
    month, day = check_fiscal_year_end(fiscal_year_end)
    if not 2 <= year <= 9999:
        raise ValidationError(f"FY{year:04d}: fiscal years run from FY0002 to FY9999")
    return date(year - 1, month, day) + timedelta(days=1), date(year, month, day)


def is_fiscal(text: str) -> bool:
    """Whether a period's text names a fiscal year (``"FY2020"``, ``"FY2016/FY2020"``)."""
    return "FY" in text.upper()


def fiscal_mismatch(period: Period, fiscal_year_end: str | None) -> str | None:
    """Why ``period`` is not as a framework with ``fiscal_year_end`` reads it, or None.

    Only fiscal years can differ: a period read with one year end (``"FY2019"`` with
    ``"06-30"``) is another span with another year end, or none.
    """
    if not is_fiscal(period.text):
        return None
    if fiscal_year_end is None:
        return (
            f"period {period.text!r} is a fiscal year, and the framework declares no "
            "fiscal_year_end; declare it ('06-30' for years ending 30 June)"
        )
    if Period.parse(period.text, fiscal_year_end=fiscal_year_end) != period:
        return (
            f"period {period.text!r} runs {period.start}..{period.end}, which is not a "
            f"fiscal year ending on {fiscal_year_end}, the framework's fiscal_year_end"
        )
    return None


@contextmanager
def fiscal_years(fiscal_year_end: str | None) -> Iterator[None]:
    """Read ``"FY…"`` periods in this block with fiscal years ending on ``fiscal_year_end``.

    The readers of documents, tables and :func:`resultsframe.build` use it for the framework
    they read; in Python code it lets the model's records read fiscal years:

    >>> from resultsframe.model import Baseline
    >>> with fiscal_years("06-30"):
    ...     Baseline("40 %", period="FY2019").period.start
    datetime.date(2018, 7, 1)
    """
    token = _CURRENT_YEAR_END.set(fiscal_year_end)
    try:
        yield
    finally:
        _CURRENT_YEAR_END.reset(token)


def current_fiscal_year_end() -> str | None:
    """The fiscal year end set by the innermost :func:`fiscal_years` block, if any."""
    return _CURRENT_YEAR_END.get()


def _parse_part(text: str, fiscal_year_end: str | None) -> tuple[date, date, str]:
    fiscal = _FISCAL.match(text.strip())
    if fiscal is not None:
        canonical = f"FY{fiscal[1]}"
        if fiscal_year_end is None:
            raise ValidationError(
                f"{text.strip()!r} is a fiscal year, and no fiscal year end is declared; declare "
                "the framework's (fiscal_year_end='06-30' for years ending 30 June), or write the "
                "span of months (FY2020 ending 30 June is '2019-07/2020-06')"
            )
        start, end = fiscal_year(int(fiscal[1]), fiscal_year_end)
        return start, end, canonical
    match = _PART.match(text.strip())
    if match is None:
        raise ValidationError(
            f"cannot read {text!r} as a period; write an ISO year (2018), month (2018-06) "
            "or date (2018-06-30), or a fiscal year (FY2020)"
        )
    year = int(match[1])
    if year < 1:
        raise ValidationError(f"{text!r}: there is no year 0; years start at 0001")
    if match[2] is None:
        return date(year, 1, 1), date(year, 12, 31), text.strip()
    month = int(match[2])
    if not 1 <= month <= 12:
        raise ValidationError(f"{text!r}: month {month} does not exist")
    if match[3] is None:
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last), text.strip()
    try:
        day = date(year, month, int(match[3]))
    except ValueError as exc:
        raise ValidationError(f"{text!r}: {exc}") from None
    return day, day, text.strip()


def parse_date(text: str) -> date:
    """Read an ISO date (``2020-12-31``): the one date reader of every file format.

    >>> parse_date("2020-12-31")
    datetime.date(2020, 12, 31)

    Raises:
        DateError: with the text and the expected form; ``DateError.calendar`` is true when the
            text has the form but names no day of the calendar (``2019-02-29``).
    """
    # date.fromisoformat also reads "20201231" and week dates ("2020-W01" is 2019-12-30);
    # a file must say YYYY-MM-DD.
    if not isinstance(text, str) or not _DATE.fullmatch(text):
        raise DateError(f"cannot read {text!r} as a date; write YYYY-MM-DD", calendar=False)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DateError(
            f"cannot read {text!r} as a date: no such day in the calendar; write YYYY-MM-DD",
            calendar=True,
        ) from None


def steps(first: date, last: date, step: str, *, most: int | None = None) -> list[date]:
    """The days from ``first`` to ``last`` (included when a step lands on it), ``step`` apart.

    ``step`` is a number and a unit: ``1y`` (years), ``6m`` (months), ``2w`` (weeks) or ``10d``
    (days). Steps of months and years count from ``first`` (not from the day before), and from
    the last day of a month they land on last days of months: from 2015-06-30 by ``6m`` come
    2015-12-31 and 2016-06-30; from 2016-01-31 by ``1m``, 2016-02-29.

    >>> [d.isoformat() for d in steps(date(2015, 6, 30), date(2016, 6, 30), "6m")]
    ['2015-06-30', '2015-12-31', '2016-06-30']

    Raises:
        ValidationError: if the step is not written so, ``last`` comes before ``first``, or
            there would be more than ``most`` days.
    """
    match = _STEP.fullmatch(step.strip()) if isinstance(step, str) else None
    if match is None:
        raise ValidationError(
            f"cannot read the step {step!r}; write a number and y (years), m (months), "
            "w (weeks) or d (days): 1y, 6m, 3m, 2w, 10d"
        )
    if last < first:
        raise ValidationError(f"the range ends ({last}) before it starts ({first})")
    count, unit = int(match[1]), match[2]
    found: list[date] = []

    def add(day: date) -> None:
        if most is not None and len(found) >= most:
            raise ValidationError(
                f"{first}..{last} by {step} gives more than {most} dates; take a longer step"
            )
        found.append(day)

    if unit in _STEP_DAYS:
        day, delta = first, timedelta(days=count * _STEP_DAYS[unit])
        while day <= last:
            add(day)
            if last - day < delta:
                break
            day += delta
        return found
    month_end = first.day == calendar.monthrange(first.year, first.month)[1]
    n = 0
    while True:
        months = first.month - 1 + n * count * _STEP_MONTHS[unit]
        year, month = first.year + months // 12, months % 12 + 1
        if year > 9999:
            return found
        last_day = calendar.monthrange(year, month)[1]
        day = date(year, month, last_day if month_end else min(first.day, last_day))
        if day > last:
            return found
        add(day)
        n += 1


class DateError(ValidationError):
    """A text that is not an ISO date (``calendar=False``) or names no day (``calendar=True``)."""

    def __init__(self, message: str, *, calendar: bool) -> None:
        super().__init__(message)
        self.calendar = calendar


@checked
@attrs.frozen(order=True)
class Period:
    """A span of days, both ends included, as written (``"2018"``, ``"2018-06"``, ``"2018-06-30"``).

    Attributes:
        start: The first day.
        end: The last day.
        text: The canonical text: how it is written in files and shown to people.
    """

    start: date = attrs.field(order=True)
    end: date = attrs.field(order=True)
    text: str = attrs.field(order=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"period {self.text!r} ends ({self.end}) before it starts ({self.start})"
            )

    @classmethod
    def parse(cls, text: object, *, fiscal_year_end: str | None = None) -> Period:
        """Read ``"2018"``, ``"2018-06"``, ``"2018-06-30"``, ``"2014-05/2014-12"`` or ``"FY2020"``.

        Args:
            text: The period.
            fiscal_year_end: The day fiscal years end (``"06-30"``), to read ``"FY2020"``; by
                default the one of the enclosing :func:`fiscal_years` block, if any.

        Raises:
            ValueError: naming the text and the forms that are understood.
        """
        if not isinstance(text, str):
            raise ValidationError(f"a period is written as text such as '2018', got {text!r}")
        if fiscal_year_end is None:
            fiscal_year_end = _CURRENT_YEAR_END.get()
        first, sep, second = text.strip().partition("/")
        start, end, canonical = _parse_part(first, fiscal_year_end)
        if sep:
            _, end, last = _parse_part(second, fiscal_year_end)
            canonical = f"{canonical}/{last}"
            if end < start:
                raise ValidationError(f"period {text!r} ends before it starts")
        return cls(start, end, canonical)

    @classmethod
    def day(cls, day: date) -> Period:
        """The period of one day."""
        return cls(day, day, day.isoformat())

    def __str__(self) -> str:
        return self.text
