"""Periods as results frameworks write them: an ISO year, month or day, or a span."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from resultsframe.periods import DateError, Period, parse_date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2018", date(2018, 1, 1), date(2018, 12, 31)),
        ("2018-06", date(2018, 6, 1), date(2018, 6, 30)),
        ("2018-01", date(2018, 1, 1), date(2018, 1, 31)),
        ("2018-12", date(2018, 12, 1), date(2018, 12, 31)),
        ("2018-06-30", date(2018, 6, 30), date(2018, 6, 30)),
        ("2014-05/2014-12", date(2014, 5, 1), date(2014, 12, 31)),
        ("2015/2020", date(2015, 1, 1), date(2020, 12, 31)),
        ("2015-01-01/2020-12-31", date(2015, 1, 1), date(2020, 12, 31)),
        ("2018-06-30/2018-06-30", date(2018, 6, 30), date(2018, 6, 30)),
        ("2016-02/2016-02-10", date(2016, 2, 1), date(2016, 2, 10)),
    ],
)
def test_parse(text: str, start: date, end: date) -> None:
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert period.text == text
    assert str(period) == text


@pytest.mark.parametrize(
    ("text", "last_day"),
    [
        ("2020-02", 29),  # divisible by 4
        ("2019-02", 28),
        ("2000-02", 29),  # divisible by 400
        ("1900-02", 28),  # divisible by 100, not by 400
        ("2100-02", 28),
        ("2024-04", 30),
        ("2024-07", 31),
    ],
)
def test_a_month_ends_on_its_last_day(text: str, last_day: int) -> None:
    assert Period.parse(text).end.day == last_day


def test_leap_day() -> None:
    assert Period.parse("2020-02-29").start == date(2020, 2, 29)
    with pytest.raises(ValueError, match="2019-02-29"):
        Period.parse("2019-02-29")


def test_surrounding_white_space_is_not_part_of_the_text() -> None:
    assert Period.parse("  2018 ").text == "2018"
    assert Period.parse(" 2014-05 / 2014-12 ").text == "2014-05/2014-12"


def test_a_day() -> None:
    period = Period.day(date(2020, 2, 29))
    assert (period.start, period.end, period.text) == (
        date(2020, 2, 29),
        date(2020, 2, 29),
        "2020-02-29",
    )
    assert period == Period.parse("2020-02-29")


def test_periods_order_by_start_then_end() -> None:
    texts = ["2019", "2018-06", "2018", "2018-01-01", "2017-12/2018-01"]
    ordered = sorted(Period.parse(t) for t in texts)
    assert [p.text for p in ordered] == ["2017-12/2018-01", "2018-01-01", "2018", "2018-06", "2019"]


def test_periods_are_frozen_and_hashable() -> None:
    period = Period.parse("2018")
    assert len({period, Period.parse("2018")}) == 1
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        period.end = date(2019, 1, 1)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("18", "ISO year"),
        ("2018-6", "ISO year"),
        ("2018-06-3", "ISO year"),
        ("June 2018", "ISO year"),
        ("", "ISO year"),
        ("2018/", "ISO year"),
        ("/2018", "ISO year"),
        ("2018/2019/2020", "ISO year"),
        ("2018-13", "month 13"),
        ("2018-00", "month 0"),
        ("2018-02-30", "2018-02-30"),
        ("2018-06-00", "2018-06-00"),
        ("0000", "0000"),
        ("2018/2016", "ends before it starts"),
        ("2018-06-30/2018-06-01", "ends before it starts"),
    ],
)
def test_errors_name_the_text_and_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Period.parse(text)


def test_a_period_is_text() -> None:
    with pytest.raises(ValueError, match="2018"):
        Period.parse(2018)


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2020, 1, 2), date(2020, 1, 1), "2020-01-02/2020-01-01")


def test_parse_date() -> None:
    assert parse_date("2020-12-31") == date(2020, 12, 31)
    assert parse_date("2020-02-29") == date(2020, 2, 29)


@pytest.mark.parametrize(
    "text", ["2020-02-30", "2019-02-29", "2020/12/31", "31.12.2020", "2020-12", "2020", ""]
)
def test_parse_date_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date(text)


@pytest.mark.parametrize("text", ["20201231", "2020-W53", "2020-W01-1", "2020123"])
def test_parse_date_reads_only_the_documented_form(text: str) -> None:
    # Python reads ISO week dates and the basic format too; a framework file must not turn
    # "2020-W01" into 2019-12-30 without a word.
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date(text)


@pytest.mark.parametrize(("text", "calendar"), [("2019-02-29", True), ("2019-2-28", False)])
def test_parse_date_says_whether_the_form_or_the_day_is_wrong(text: str, calendar: bool) -> None:
    # The document reader words the two differently ("not a date of the calendar").
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert caught.value.calendar is calendar
