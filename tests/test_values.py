"""Values people write for baselines, targets and parameters: quantities or pending values."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from resultsframe import Pending, UnitError
from resultsframe.units import Quantity, parse_quantity, parse_unit, registry
from resultsframe.values import is_pending, parse_value

PERCENT_PENDING = ["XX%", "X%", "%", "xx%", "XX %", "XXX%"]
WORD_PENDING = ["TBD", "tbd", "TBC", "…", "...", "?", "XX"]


@pytest.mark.parametrize("text", PERCENT_PENDING)
def test_percent_placeholders_are_pending_percentages(text: str) -> None:
    value = parse_value(text)
    assert isinstance(value, Pending)
    assert value.text == text
    assert value.unit == parse_unit("percent")


@pytest.mark.parametrize("text", WORD_PENDING)
def test_word_placeholders_are_pending_with_no_unit_of_their_own(text: str) -> None:
    value = parse_value(text)
    assert isinstance(value, Pending)
    assert value.text == text
    assert value.unit is None


@pytest.mark.parametrize("text", [*PERCENT_PENDING, *WORD_PENDING])
def test_a_pending_value_takes_the_unit_it_is_expected_in(text: str) -> None:
    value = parse_value(text, "%")
    assert isinstance(value, Pending)
    assert value.text == text
    assert value.unit == parse_unit("percent")


def test_a_pending_count_keeps_its_unit() -> None:
    value = parse_value("TBD", "cases")
    assert value == Pending("TBD", "case")


def test_the_text_is_kept_without_surrounding_white_space() -> None:
    value = parse_value("  XX%\n")
    assert isinstance(value, Pending)
    assert value.text == "XX%"


@pytest.mark.parametrize(
    ("text", "unit", "magnitude", "expected_unit"),
    [
        ("60 %", None, 60, "percent"),
        ("60%", None, 60, "percent"),
        ("60 %", "%", 60, "percent"),
        ("0.6", "%", 0.6, "percent"),
        ("12 cases", None, 12, "case"),
        ("12", "case", 12, "case"),
        ("12", None, 12, "dimensionless"),
    ],
)
def test_numbers_and_quantities(
    text: str, unit: str | None, magnitude: float, expected_unit: str
) -> None:
    value = parse_value(text, unit)
    assert not isinstance(value, Pending)
    assert value.magnitude == pytest.approx(magnitude)
    assert value.units == parse_unit(expected_unit)


@pytest.mark.parametrize(("number", "unit"), [(60, "%"), (0.6, "%"), (12, "case"), (-3, "person")])
def test_python_numbers_are_read_in_the_expected_unit(number: float, unit: str) -> None:
    value = parse_value(number, unit)
    assert value == registry().Quantity(number, parse_unit(unit))


def test_a_quantity_is_kept_as_it_is() -> None:
    quantity = parse_quantity("0.5")
    assert parse_value(quantity, "%") is quantity


def test_a_pending_value_is_kept_as_it_is() -> None:
    pending = Pending("TBD", "case")
    assert parse_value(pending, "case") is pending


def test_a_quantity_of_another_dimension_is_refused() -> None:
    with pytest.raises(UnitError, match=r"'case'.*'percent'"):
        parse_value(parse_quantity("3 cases"), "%")


@pytest.mark.parametrize(
    ("text", "unit"),
    [("12 cases", "%"), ("60 %", "country"), ("hello", None), ("60 % of countries", None)],
)
def test_text_that_is_neither_pending_nor_fitting_is_refused(text: str, unit: str | None) -> None:
    with pytest.raises(UnitError):
        parse_value(text, unit)


@pytest.mark.parametrize("value", [True, False, None, [60], float("nan"), float("inf")])
def test_values_that_are_not_numbers_are_refused(value: object) -> None:
    with pytest.raises(UnitError):
        parse_value(value, "%")  # type: ignore[arg-type]


def test_is_pending() -> None:
    assert is_pending(parse_value("XX%"))
    assert is_pending(Pending("TBD"))
    assert not is_pending(parse_value("60 %"))
    assert not is_pending("XX%")
    assert not is_pending(None)


# --- the Pending class --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_a_pending_value_needs_its_text(text: str) -> None:
    with pytest.raises(ValueError, match="text"):
        Pending(text)


def test_a_pending_unit_must_be_known() -> None:
    with pytest.raises(UnitError, match="blorps"):
        Pending("TBD", "blorps")


def test_pending_keeps_who_sets_it_and_by_when() -> None:
    pending = Pending("XX%", "%", by="COP Partners", due=date(2016, 6, 30))
    assert pending.by == "COP Partners"
    assert pending.due == date(2016, 6, 30)


def test_pending_due_date_written_as_text_is_read_as_a_date() -> None:
    # Like every other date of the model (a target's due date, a comment's date).
    pending = Pending("XX%", "%", due="2016-06-30")
    assert pending.due == date(2016, 6, 30)


def test_pending_due_date_must_be_a_date() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Pending("XX%", "%", due="next year")


def test_pending_values_are_frozen_hashable_and_compare_by_value() -> None:
    a = Pending("XX%", "%")
    assert a == Pending("XX%", "percent")
    assert a != Pending("X%", "%")
    assert a != Pending("XX%", "case")
    assert len({a, Pending("XX%", "percent")}) == 1
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.text = "60 %"  # type: ignore[misc]


def test_pending_is_never_a_number() -> None:
    pending = parse_value("XX%")
    assert not isinstance(pending, (int, float, Quantity))
    with pytest.raises(TypeError):
        _ = pending + 1  # type: ignore[operator]


def test_pending_shows_its_text() -> None:
    assert "XX%" in str(Pending("XX%", "%"))
    assert repr(Pending("XX%", "%")) == "Pending('XX%', unit='percent')"
