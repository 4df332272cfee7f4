"""The shared unit registry, the domain's counting units, and how text becomes a quantity."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pint
import pytest

from resultsframe import UnitError
from resultsframe.units import (
    COUNTING_UNITS,
    define_counting_unit,
    format_unit,
    is_compatible,
    parse_quantity,
    parse_unit,
    registry,
)

# pint's own accessor, as user code calls it (pint leaves it unannotated).
application_registry: Callable[[], Any] = pint.get_application_registry

# The counting units the design and the COP framework rely on, as people write them.
DOMAIN_UNITS = [
    ("country", "countries"),
    ("child", "children"),
    ("person", "people"),
    ("person", "persons"),
    ("case", "cases"),
    ("service", "services"),
    ("hotline", "hotlines"),
    ("investigation", "investigations"),
    ("organisation", "organizations"),
]


# --- the registry ---------------------------------------------------------------------------


def test_registry_is_pints_application_registry() -> None:
    assert registry() is application_registry()


def test_quantities_made_with_the_application_registry_mix_with_ours() -> None:
    registry()  # the counting units exist once resultsframe's registry has been asked for
    theirs = application_registry().Quantity(3, "countries")
    ours = parse_quantity("2 countries")
    assert (theirs + ours).magnitude == 5
    assert (theirs + ours).units == parse_unit("country")


@pytest.mark.parametrize(("singular", "plural"), DOMAIN_UNITS)
def test_counting_units_are_known_in_singular_and_plural(singular: str, plural: str) -> None:
    assert parse_unit(plural) == parse_unit(singular)
    assert not parse_unit(singular).dimensionless


def test_every_counting_unit_is_a_dimension_of_its_own() -> None:
    units = [parse_unit(names[0]) for names in COUNTING_UNITS]
    for a, b in itertools.combinations(units, 2):
        assert not is_compatible(a, b), (a, b)
    for unit in units:
        assert not is_compatible(unit, parse_unit("percent"))


def test_countries_and_cases_cannot_be_added() -> None:
    with pytest.raises(pint.DimensionalityError):
        _ = parse_quantity("12 countries") + parse_quantity("12 cases")


def test_percent_is_dimensionless_and_compatible_with_plain_numbers() -> None:
    percent = parse_unit("%")
    assert percent == parse_unit("percent")
    assert percent.dimensionless
    assert is_compatible(percent, parse_unit(""))


# --- reading quantities -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["60 %", "60%", " 60 % ", "60 percent", "60\t%"])
def test_sixty_percent_written_in_any_of_the_usual_ways(text: str) -> None:
    quantity = parse_quantity(text)
    assert quantity.magnitude == 60
    assert quantity.units == parse_unit("percent")
    assert quantity.to("dimensionless").magnitude == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("unit", "expected_unit"),
    [("%", "percent"), ("percent", "percent"), ("case", "case"), ("countries", "country")],
)
def test_a_bare_number_is_read_in_the_expected_unit(unit: str, expected_unit: str) -> None:
    quantity = parse_quantity("0.6", unit)
    assert quantity.magnitude == pytest.approx(0.6)
    assert quantity.units == parse_unit(expected_unit)


def test_a_bare_number_with_no_expected_unit_is_a_plain_number() -> None:
    quantity = parse_quantity("0.6")
    assert quantity.magnitude == pytest.approx(0.6)
    assert quantity.dimensionless


def test_a_bare_point_six_for_a_percentage_is_not_sixty_percent() -> None:
    assert parse_quantity("0.6", "%") != parse_quantity("60 %")
    assert parse_quantity("60", "%") == parse_quantity("60 %")


@pytest.mark.parametrize("text", ["12 cases", "12 case", "12cases", "  12   cases "])
def test_counts_with_a_unit(text: str) -> None:
    quantity = parse_quantity(text)
    assert quantity.magnitude == 12
    assert isinstance(quantity.magnitude, int)
    assert quantity.units == parse_unit("case")


def test_a_written_unit_must_fit_the_expected_one_and_keeps_its_own() -> None:
    quantity = parse_quantity("0.5", "dimensionless")
    assert quantity.dimensionless
    kept = parse_quantity("50 %", "dimensionless")
    assert kept.units == parse_unit("percent")


@pytest.mark.parametrize(
    ("text", "magnitude"), [("-5 %", -5), (".5 %", 0.5), ("1e3 %", 1000.0), ("+7 %", 7)]
)
def test_signs_decimals_and_exponents(text: str, magnitude: float) -> None:
    assert parse_quantity(text).magnitude == magnitude


def test_thousands_separators_are_refused_with_a_hint() -> None:
    with pytest.raises(UnitError, match="thousands separators"):
        parse_quantity("1,234 cases")
    with pytest.raises(UnitError, match="thousands separators"):
        parse_quantity("1,234", "case")


@pytest.mark.parametrize("text", ["", "sixty %", "%", "XX%", "nan", "inf %", "12 cases 3"])
def test_text_that_is_not_a_number_with_a_unit_is_refused(text: str) -> None:
    with pytest.raises(UnitError):
        parse_quantity(text)


def test_unknown_units_are_refused_with_a_way_to_define_them() -> None:
    with pytest.raises(UnitError) as info:
        parse_quantity("12 blorps")
    message = str(info.value)
    assert "'blorps'" in message
    assert '"units": ["blorps"]' in message


def test_unknown_unit_in_a_compound_unit_names_the_unknown_part() -> None:
    # A ratio such as "pupils per teacher" fails on the one unit that is not defined; the
    # message must point at that unit, not at the whole expression (which is not a name).
    with pytest.raises(UnitError) as info:
        parse_unit("person/blorp")
    assert '"units": ["blorp"]' in str(info.value)


def test_unknown_unit_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        parse_unit("blorps")


@pytest.mark.parametrize(
    ("text", "expected", "found", "wanted"),
    [
        ("12 cases", "%", "case", "percent"),
        ("12 cases", "country", "case", "country"),
        ("60 %", "case", "percent", "case"),
        ("3 km", "person", "kilometer", "person"),
    ],
)
def test_incompatible_units_are_refused_naming_both(
    text: str, expected: str, found: str, wanted: str
) -> None:
    with pytest.raises(UnitError) as info:
        parse_quantity(text, expected)
    message = str(info.value)
    assert repr(found) in message
    assert repr(wanted) in message
    assert text in message


# --- writing units ----------------------------------------------------------------------------


@pytest.fixture
def user_display_format() -> Iterator[str]:
    """A user who set pint's display format to short pretty symbols."""
    formatter = application_registry().formatter
    before = formatter.default_format
    formatter.default_format = "~P"
    try:
        yield "~P"
    finally:
        formatter.default_format = before


@pytest.mark.parametrize(
    ("unit", "written"),
    [("%", "percent"), ("cases", "case"), ("km/h", "kilometer / hour"), ("", "dimensionless")],
)
def test_format_unit_is_explicit(unit: str, written: str) -> None:
    assert format_unit(parse_unit(unit)) == written


@pytest.mark.usefixtures("user_display_format")
@pytest.mark.parametrize(
    ("unit", "written"),
    [("%", "percent"), ("cases/person", "case / person"), ("km/h", "kilometer / hour")],
)
def test_format_unit_ignores_the_users_display_format(unit: str, written: str) -> None:
    parsed = parse_unit(unit)
    assert str(parsed) != written  # the user's setting is in force ...
    assert format_unit(parsed) == written  # ... and does not reach what is written


@pytest.mark.parametrize("unit", ["%", "cases", "countries", "km/h", "person / country"])
def test_a_written_unit_reads_back_as_the_same_unit(unit: str) -> None:
    parsed = parse_unit(unit)
    assert parse_unit(format_unit(parsed)) == parsed


# --- defining counting units --------------------------------------------------------------------


def test_define_counting_unit_adds_a_dimension_of_its_own() -> None:
    clinic = define_counting_unit("rftest_clinic", "rftest_clinics")
    assert parse_unit("rftest_clinics") == clinic
    assert parse_quantity("4 rftest_clinics").units == clinic
    assert not is_compatible(clinic, parse_unit("country"))
    assert not clinic.dimensionless


def test_define_counting_unit_twice_is_harmless() -> None:
    first = define_counting_unit("rftest_ward", "rftest_wards")
    assert define_counting_unit("rftest_ward", "rftest_wards") == first


def test_define_counting_unit_refuses_a_name_of_another_dimension() -> None:
    with pytest.raises(UnitError, match="metre"):
        define_counting_unit("metre")


@pytest.mark.parametrize("name", ["two words", "", "a/b", "3d"])
def test_define_counting_unit_refuses_names_that_are_not_one_word(name: str) -> None:
    with pytest.raises(UnitError, match="single word"):
        define_counting_unit(name)
