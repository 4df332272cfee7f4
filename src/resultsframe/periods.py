"""Periods of time as results frameworks write them: an ISO year, month or day, or a span.

``"2018"`` is the whole year 2018, ``"2018-06"`` the month, ``"2018-06-30"`` the day, and
``"2014-05/2014-12"`` the span from the start of the first to the end of the second. A period is
*at or before* a date when its end is on or before that date: a figure published for 2016 counts
as of 2016-12-31, not as of 2016-06-30.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import attrs

from resultsframe.exceptions import ValidationError, checked

__all__ = ["DateError", "Period", "parse_date"]

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_part(text: str) -> tuple[date, date, str]:
    match = _PART.match(text.strip())
    if match is None:
        raise ValidationError(
            f"cannot read {text!r} as a period; write an ISO year (2018), month (2018-06) "
            "or date (2018-06-30)"
        )
    year = int(match[1])
    if year < 1:
        raise ValidationError(f"{text!r}: there is no year 0; years start at 0001")
    if match[2] is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    month = int(match[2])
    if not 1 <= month <= 12:
        raise ValidationError(f"{text!r}: month {month} does not exist")
    if match[3] is None:
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last), "month"
    try:
        day = date(year, month, int(match[3]))
    except ValueError as exc:
        raise ValidationError(f"{text!r}: {exc}") from None
    return day, day, "day"


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
    def parse(cls, text: object) -> Period:
        """Read ``"2018"``, ``"2018-06"``, ``"2018-06-30"`` or ``"2014-05/2014-12"``.

        Raises:
            ValueError: naming the text and the forms that are understood.
        """
        if not isinstance(text, str):
            raise ValidationError(f"a period is written as text such as '2018', got {text!r}")
        first, sep, second = text.strip().partition("/")
        start, end, _ = _parse_part(first)
        canonical = first.strip()
        if sep:
            _, end, _ = _parse_part(second)
            canonical = f"{first.strip()}/{second.strip()}"
            if end < start:
                raise ValidationError(f"period {text!r} ends before it starts")
        return cls(start, end, canonical)

    @classmethod
    def day(cls, day: date) -> Period:
        """The period of one day."""
        return cls(day, day, day.isoformat())

    def __str__(self) -> str:
        return self.text
