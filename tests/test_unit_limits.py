"""Unit texts are read in time linear in their length, and odd ones are refused with a UnitError.

pint's parser is neither linear (a 40 000-character unit took 21 s) nor careful with what it
computes ("9**9**9" is a power with 370 million digits), and lets Python's tokenizer and
arithmetic errors through. ``parse_unit`` refuses texts over ``MAX_UNIT_LENGTH`` before parsing
and any number pint would compute with, so that only a ``UnitError`` naming the text escapes.
"""

from __future__ import annotations

import pytest

from resultsframe import UnitError
from resultsframe.units import MAX_EXPONENT, MAX_UNIT_LENGTH, parse_quantity, parse_unit


def test_the_limits_are_documented_numbers() -> None:
    assert MAX_UNIT_LENGTH == 200
    assert MAX_EXPONENT == 99


@pytest.mark.parametrize("text", ["(" * 40_000, "a*" * 20_000, "a" * 40_000, "1 " * 20_000])
def test_a_long_unit_is_refused_before_parsing_naming_the_limit(text: str) -> None:
    with pytest.raises(UnitError, match=r"at most 200 characters long, got one of 40000"):
        parse_unit(text)


def test_a_unit_of_exactly_the_limit_is_read() -> None:
    # "case * " is 7 characters: 28 of them and "case" make 28 * 7 + 4 = 200.
    text = "case * " * 28 + "case"
    assert len(text) == 200
    assert str(parse_unit(text)) == "case ** 29"


def test_a_long_quantity_text_is_refused() -> None:
    with pytest.raises(UnitError, match="at most 300 characters"):
        parse_quantity("1 " + " " * 40_000 + "x")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(", "unknown unit '\\('"),  # pint: TokenError
        (")", "unknown unit '\\)'"),
        ("1/0", "has the number 0"),  # pint: ZeroDivisionError
        ("case/0", "has the number 0"),
        ("case**(1/0)", "has the number 0"),
        ("**", "unknown unit"),
        ("a/", "unknown unit"),
        ("1e400", "has the number 1e400"),  # pint: an infinite float
        ("case**1e400", "has the exponent 1e400"),  # pint: case ** inf
        ("case**100", "exponents are at most 99"),
        ("case**9**9**9", "a power to a power"),  # pint: computes 9 ** 387420489
        ("9**9**9**9", "has the number 9"),
        ("((case**99)**99)**99", "over 99 once its powers are multiplied"),  # 99 ** 3 = 970299
        ("case[0]", "has the number 0"),
    ],
)
def test_an_odd_unit_text_is_a_unit_error_naming_it(text: str, expected: str) -> None:
    with pytest.raises(UnitError, match=expected) as info:
        parse_unit(text)
    assert repr(text) in str(info.value) or "unknown unit" in str(info.value)


@pytest.mark.parametrize("value", [3, 1.5, ["case"], None, {"unit": "case"}])
def test_a_unit_that_is_not_a_text_is_a_unit_error(value: object) -> None:
    with pytest.raises(UnitError, match="a unit is a text"):
        parse_unit(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("case**-1", "1 / case"),
        ("case^2", "case ** 2"),
        ("(case/person)**2", "case ** 2 / person ** 2"),
        ("case ** 0.5", "case ** 0.5"),
        ("1 / case", "1 / case"),
        ("case ** 99", "case ** 99"),
    ],
)
def test_units_with_exponents_and_one_are_still_read(text: str, expected: str) -> None:
    assert str(parse_unit(text)) == expected


@pytest.mark.parametrize("text", ["1e-400 %", "-2.5e-999 case"])
def test_a_number_that_underflows_to_zero_is_refused(text: str) -> None:
    # It would read as 0: a figure silently lost, not a zero that was written.
    with pytest.raises(UnitError, match="too small to be represented"):
        parse_quantity(text)


@pytest.mark.parametrize("text", ["0 %", "0.0e5 case", "0e-400 case"])
def test_a_zero_written_as_zero_is_read(text: str) -> None:
    assert parse_quantity(text).magnitude == 0
