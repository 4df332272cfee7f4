"""The one way every view writes a figure: numbers, shares, amounts, units, counts, statuses."""

from __future__ import annotations

import doctest
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resultsframe import formatting
from resultsframe.formatting import (
    amount,
    count,
    date_label,
    number,
    percent,
    status_label,
    unit_name,
)
from resultsframe.progress import Status


def test_the_module_examples_run() -> None:
    result = doctest.testmod(formatting, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (12.0, "12"),
        (2.5, "2.5"),
        (91.8367, "91.84"),
        (1 / 3, "0.33"),
        (-5, "-5"),
        (-0.0, "0"),
        (-0.001, "0"),
        (0.004, "0"),
        (1e20, "100000000000000000000"),
    ],
)
def test_numbers(value: float, expected: str) -> None:
    assert number(value) == expected


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [(None, "—"), (0, "0 %"), (0.9184, "92 %"), (1, "100 %"), (1.25, "125 %"), (-0.5, "-50 %")],
)
def test_percentages(fraction: float | None, expected: str) -> None:
    assert percent(fraction) == expected


@given(st.floats(min_value=-0.005, max_value=0.005, allow_nan=False))
def test_nothing_is_ever_minus_zero(fraction: float) -> None:
    assert percent(fraction) == "0 %"
    assert number(fraction / 1000) == "0"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (48, "country", "48 countries"),
        (1, "country", "1 country"),
        (1.001, "country", "1 country"),  # shown as 1: said as 1
        (0, "country", "0 countries"),
        (2, "person", "2 people"),
        (3, "statistical_framework", "3 statistical frameworks"),
        (1, "statistical_framework", "1 statistical framework"),
        (90, "percent", "90 %"),
        (7, None, "7"),
        (7, "dimensionless", "7"),
        (7, "", "7"),
        (None, "case", "—"),
        (2, "metre", "2 metre"),  # not a counting unit: pint's name as it is
    ],
)
def test_amounts_read_as_a_reader_says_them(
    value: float | None, unit: str | None, expected: str
) -> None:
    assert amount(value, unit) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (50, "case", "50 case"),
        (3, "statistical_framework", "3 statistical_framework"),
        (91.84, "percent", "91.84 %"),
        (7, None, "7"),
        (7, "", "7"),
        (-0.001, "case", "0 case"),
        (None, "case", "—"),
    ],
)
def test_amounts_as_written_keep_the_units_own_name(
    value: float | None, unit: str | None, expected: str
) -> None:
    assert amount(value, unit, as_written=True) == expected


def test_unit_names() -> None:
    assert unit_name("country") == "country"
    assert unit_name("country", plural=True) == "countries"
    assert unit_name("percent", plural=True) == "%"
    assert unit_name("dimensionless") == unit_name(None) == unit_name("") == ""


def test_counts() -> None:
    assert [count(n, "value") for n in (0, 1, 2)] == ["0 values", "1 value", "2 values"]
    assert count(1, "more row") == "1 more row"
    assert count(2, "child", "children") == "2 children"


def test_status_labels() -> None:
    assert [status_label(s) for s in Status] == [
        "achieved",
        "on track",
        "at risk",
        "off track",
        "not assessable",
    ]


def test_date_labels() -> None:
    assert date_label(date(2020, 12, 31)) == "2020"
    assert date_label(date(2020, 6, 30)) == "2020-06-30"
