"""Rates ("per 100 000 person") and currencies (ISO 4217), built into the unit reader."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pint
import pytest

import resultsframe
from resultsframe import (
    Baseline,
    CountingUnit,
    DocumentError,
    Framework,
    Indicator,
    Observations,
    Result,
    Target,
    UnitError,
)
from resultsframe import document as doc
from resultsframe.formatting import amount, unit_name
from resultsframe.units import (
    CURRENCIES,
    format_unit,
    is_compatible,
    is_currency,
    parse_quantity,
    parse_unit,
)

# --- rates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "per 100000 person",
        "per 100 000 person",
        "per 100,000 persons",
        "per 100\u202f000 people",
        "per_100000_person",
        "  per 100000   persons ",
    ],
)
def test_a_rate_is_read_however_the_thousands_are_grouped(text: str) -> None:
    unit = parse_unit(text)
    assert unit == parse_unit("per 100000 person")
    assert format_unit(unit) == "per 100000 person"
    assert parse_unit(format_unit(unit)) == unit


def test_five_per_thousand_is_five_hundred_per_hundred_thousand() -> None:
    # 5 / 1000 = 0.005 per person; 0.005 × 100 000 = 500 per 100 000.
    five = parse_quantity("5 per 1000 person")
    assert five.to(parse_unit("per 100000 person")).magnitude == pytest.approx(500)
    # 12.5 / 100 000 = 0.000125 per person; × 1000 = 0.125 per 1000.
    rate = parse_quantity("12.5 per 100 000 persons")
    assert rate.to(parse_unit("per 1000 person")).magnitude == pytest.approx(0.125)
    # Both are 1 / [person]: the same dimension, whatever the scale.
    assert is_compatible(five.units, rate.units)


def test_a_rate_and_a_count_never_mix() -> None:
    with pytest.raises(UnitError, match=r"a rate .* cannot be mixed"):
        parse_quantity("5 person", "per 1000 person")
    with pytest.raises(UnitError, match=r"a rate .* cannot be mixed"):
        parse_quantity("50 %", "per 1000 person")
    with pytest.raises(pint.DimensionalityError):
        _ = parse_quantity("5 per 1000 person") + parse_quantity("5 person")


def test_a_rate_with_a_numerator_is_kept_and_written_back() -> None:
    CountingUnit("live_birth", "live_births")
    CountingUnit("maternal_death", "maternal_deaths")
    unit = parse_unit("maternal_death per 100 000 live_births")
    assert format_unit(unit) == "maternal_death per 100000 live_birth"
    assert parse_unit(format_unit(unit)) == unit
    assert unit_name(format_unit(unit), plural=True) == "maternal deaths per 100000 live births"
    # 70 per 100 000 live births = 0.7 per 1000: 70 / 100 = 0.7.
    seventy = parse_quantity("70 maternal_death per 100000 live_birth")
    per_thousand = parse_unit("maternal_death per 1000 live_birth")
    assert seventy.to(per_thousand).magnitude == pytest.approx(0.7)
    assert not is_compatible(unit, parse_unit("per 1000 live_birth"))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("per 0 person", "a rate is per a whole number of one unit"),
        ("per 1000 percent", "a rate is per a whole number of one unit"),
        ("per person", "write a rate as 'per', a whole number and one unit"),
        ("per 1000", "write a rate as 'per', a whole number and one unit"),
        ("per 1000 blorps", "unknown unit 'blorps'"),
    ],
)
def test_a_rate_that_cannot_be_read_is_refused_saying_how_to_write_it(text: str, says: str) -> None:
    with pytest.raises(UnitError, match=says):
        parse_unit(text)


def test_reading_a_long_text_full_of_rates_finishes() -> None:
    # Each "per" is matched once from where it stands; a long text is refused, not a hang.
    with pytest.raises(UnitError):
        parse_unit("per 1 " * 5000 + "?")


def test_a_rate_is_shown_with_its_unit_in_the_plural() -> None:
    assert amount(5.2, "per 100000 person") == "5.2 per 100000 people"
    assert amount(1, "per 1000 person") == "1 per 1000 people"
    assert unit_name("per 1 person") == "per 1 person"


def test_an_indicator_in_a_rate_converts_targets_and_observations() -> None:
    homicides = Indicator(
        "h",
        "intentional homicides per 100 000 population",
        unit="per 100 000 persons",
        direction="decrease",
        baselines=[Baseline("8 per 100000 person", "2020")],
        targets=[Target("0.05 per 1000 person", due="2030-12-31")],
    )
    framework = Framework(
        "sdg16", "SDG 16.1.1", [Result("o", "outcome", "Fewer homicides", indicators=[homicides])]
    )
    text = doc.dumps(framework)
    assert json.loads(text)["framework"]["results"][0]["indicators"][0]["unit"] == (
        "per 100000 person"
    )
    assert doc.loads(text) == framework
    # An observation of 0.065 per 1000 is 6.5 per 100 000 (0.065 × 100).
    observations = Observations.from_records(
        [{"indicator": "h", "period": "2024", "value": 0.065, "unit": "per 1000 person"}],
        framework,
    )
    entry = resultsframe.assess(framework, observations, date(2024, 12, 31))["h"]
    assert entry.value == pytest.approx(6.5)
    # The target, 0.05 per 1000, is 5 per 100 000: (8 − 6.5) / (8 − 5) = 0.5 of the way.
    assert entry.target == pytest.approx(5)
    assert entry.achievement == pytest.approx(0.5)


def test_an_observation_that_is_a_count_is_refused_for_a_rate() -> None:
    framework = Framework(
        "r",
        "Rates",
        [Result("o", "outcome", "x", indicators=[Indicator("h", "rate", unit="per 1000 person")])],
    )
    with pytest.raises(DocumentError, match="cannot be mixed"):
        Observations.from_records(
            [{"indicator": "h", "period": "2024", "value": 3, "unit": "person"}], framework
        )


# --- currencies -------------------------------------------------------------------------------


def test_the_iso_codes_are_listed_once_each_in_capitals() -> None:
    assert len(CURRENCIES) == len(set(CURRENCIES))
    assert all(len(code) == 3 and code.isupper() for code in CURRENCIES)
    assert {"USD", "EUR", "CHF", "GBP", "XOF", "JPY", "INR", "KES"} <= set(CURRENCIES)
    assert not {"XXX", "XTS"} & set(CURRENCIES)


def test_every_currency_is_a_dimension_of_its_own() -> None:
    units = [parse_unit(code) for code in CURRENCIES]
    assert all(is_currency(unit) for unit in units)
    for a, b in itertools.combinations(units, 2):
        assert not is_compatible(a, b), (a, b)
    for unit in units:
        assert not is_compatible(unit, parse_unit("person"))
        assert not unit.dimensionless
        assert format_unit(unit) in CURRENCIES


def test_dollars_are_never_turned_into_euros() -> None:
    with pytest.raises(UnitError) as caught:
        parse_quantity("3 EUR", "USD")
    message = str(caught.value)
    assert "'EUR'" in message
    assert "'USD'" in message
    assert "exchange rate" in message
    with pytest.raises(pint.DimensionalityError):
        _ = parse_quantity("3 EUR") + parse_quantity("3 USD")
    # The same currency adds up: 3 + 2.5 = 5.5.
    assert (parse_quantity("3 USD") + parse_quantity("2.5 USD")).magnitude == pytest.approx(5.5)


@pytest.mark.parametrize(
    ("text", "magnitude", "code"),
    [
        ("1.5 million USD", 1_500_000, "USD"),
        ("1.1 million EUR", 1_100_000, "EUR"),
        ("2 thousand XOF", 2000, "XOF"),
        ("0.25 billion CHF", 250_000_000, "CHF"),
        ("-3 million GBP", -3_000_000, "GBP"),
    ],
)
def test_amounts_in_thousands_millions_and_billions(text: str, magnitude: int, code: str) -> None:
    quantity = parse_quantity(text)
    # Exact, and whole: 1.1 million is 1100000, not 1100000.0000000002.
    assert quantity.magnitude == magnitude
    assert isinstance(quantity.magnitude, int)
    assert quantity.units == parse_unit(code)


def test_a_fraction_of_a_million_that_is_not_whole_stays_a_fraction() -> None:
    assert parse_quantity("0.0000015 million USD").magnitude == pytest.approx(1.5)


def test_a_currency_in_small_letters_is_refused_saying_to_write_capitals() -> None:
    with pytest.raises(UnitError, match="currency codes are written in capitals: 'USD'"):
        parse_unit("usd")


def test_an_amount_is_shown_with_its_code() -> None:
    assert amount(1_500_000, "USD") == "1500000 USD"
    assert amount(1, "EUR") == "1 EUR"
    assert amount(2.5, "XOF", as_written=True) == "2.5 XOF"


def test_a_budget_indicator_in_dollars_reads_writes_and_refuses_euros() -> None:
    budget = Indicator(
        "b",
        "funds disbursed",
        unit="USD",
        baselines=[Baseline("0 USD", "2020")],
        targets=[Target("1.5 million USD", due="2025-12-31")],
    )
    framework = Framework(
        "f", "Funds", [Result("o", "output", "Funds reach schools", indicators=[budget])]
    )
    text = doc.dumps(framework)
    written = json.loads(text)["framework"]["results"][0]["indicators"][0]
    assert written["unit"] == "USD"
    assert written["targets"][0]["value"] == {"value": 1500000, "unit": "USD"}
    assert doc.loads(text) == framework
    assert doc.dumps(doc.loads(text)) == text
    # 600 000 of 1 500 000 disbursed from 0: 0.4 of the way.
    observations = Observations.from_records(
        [{"indicator": "b", "period": "2024", "value": 600000, "unit": "USD"}], framework
    )
    entry = resultsframe.assess(framework, observations, date(2024, 12, 31))["b"]
    assert entry.achievement == pytest.approx(0.4)
    with pytest.raises(DocumentError, match="exchange rate"):
        Observations.from_records(
            [{"indicator": "b", "period": "2024", "value": 550000, "unit": "EUR"}], framework
        )
    with pytest.raises(UnitError, match="exchange rate"):
        Indicator("c", "funds", unit="USD", targets=[Target("2 million EUR")])
