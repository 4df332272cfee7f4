"""Derived indicators: shares of units (countries) computed from one row per unit.

``ShareOfUnits`` counts the units whose latest value meets a condition, over a declared
universe or the units observed, optionally weighted, optionally combining other indicators per
unit (all-of / any-of: what ``impact.a`` of the COP framework is). What cannot be computed says
exactly which data is missing; it is never guessed.
"""

from __future__ import annotations

from typing import Any

import pytest

import resultsframe
from resultsframe import Framework, Indicator, Observations, Result, Status, Target, assess
from resultsframe.methods import Missing, Rule, ShareOfUnits
from resultsframe.model import Universe
from resultsframe.progress import IndicatorProgress, ProgressReport, ResultProgress


def share(
    indicator_id: str,
    derivation: ShareOfUnits | None = None,
    *,
    size: int | None = None,
    target: float | None = 100,
) -> Indicator:
    return Indicator(
        indicator_id,
        f"share of countries: {indicator_id}",
        measure="share",
        unit="%",
        universe=Universe("country", size=size),
        derivation=derivation,
        targets=(Target(target, due="2020-12-31"),) if target is not None else (),
    )


def framework(*indicators: Indicator) -> Framework:
    return Framework(
        "t",
        "Test",
        (Result("goal", "impact", "Goal", indicators=indicators),),
        start="2015-01-01",
        end="2020-12-31",
    )


def row(indicator_id: str, period: str, area: str, value: Any) -> dict[str, Any]:
    return {"indicator": indicator_id, "period": period, "area": area, "value": value}


def derived(fw: Framework, rows: list[dict[str, Any]], as_of: str, key: str) -> IndicatorProgress:
    entry = assess(fw, Observations.from_records(rows, fw), as_of)[key]
    assert isinstance(entry, IndicatorProgress)
    return entry


# Four member states said yes or no by 2014; a fifth joined in 2017.
PARTIES = [
    row("s", "2014", "AA", "yes"),
    row("s", "2014", "BB", "yes"),
    row("s", "2014", "CC", "yes"),
    row("s", "2014", "DD", "no"),
    row("s", "2017", "EE", "yes"),
]


# --- a share of the units of a universe --------------------------------------------------------


def test_share_over_a_declared_universe_counting_the_unobserved_as_not_met() -> None:
    fw = framework(share("s", ShareOfUnits(missing="not_met"), size=5))
    assert derived(fw, PARTIES, "2015-12-31", "s").value == pytest.approx(3 / 5 * 100)
    assert derived(fw, PARTIES, "2017-12-31", "s").value == pytest.approx(4 / 5 * 100)


def test_the_derivation_is_explained_with_its_counts() -> None:
    fw = framework(share("s", ShareOfUnits(missing="not_met"), size=5))
    entry = derived(fw, PARTIES, "2017-12-31", "s")
    assert entry.derivation is not None
    assert "4 of 5" in entry.derivation
    assert "4 of 5" in entry.explain()


def test_a_derived_baseline_is_computed_at_the_framework_start() -> None:
    fw = framework(share("s", ShareOfUnits(missing="not_met"), size=5))
    entry = derived(fw, PARTIES, "2017-12-31", "s")
    assert entry.baseline == pytest.approx(3 / 5 * 100)  # the 2014 rows, as of 2015-01-01
    assert entry.achievement == pytest.approx((80 - 60) / (100 - 60))


def test_with_unknown_units_nothing_is_guessed_and_the_gap_is_counted() -> None:
    fw = framework(share("s", ShareOfUnits(), size=5))  # missing="unknown", the default
    rows = PARTIES[:4]  # EE never reported
    entry = derived(fw, rows, "2017-12-31", "s")
    assert entry.value is None
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.coverage == 0
    assert entry.reason is not None
    assert "1 of the universe's 5 units" in entry.reason  # how many lack data


def test_a_unit_not_reported_by_the_date_is_named() -> None:
    fw = framework(share("s", ShareOfUnits(), size=5))
    entry = derived(fw, PARTIES, "2015-12-31", "s")
    assert entry.value is None
    assert entry.reason is not None
    assert "EE" in entry.reason
    assert "1 " in entry.reason
    # Once EE has reported, every unit of the universe is known.
    assert derived(fw, PARTIES, "2017-12-31", "s").value == pytest.approx(4 / 5 * 100)


def test_without_a_declared_size_the_universe_is_the_units_observed() -> None:
    fw = framework(share("s", ShareOfUnits()))
    assert derived(fw, PARTIES, "2017-12-31", "s").value == pytest.approx(4 / 5 * 100)
    assert derived(fw, PARTIES[:4], "2017-12-31", "s").value == pytest.approx(3 / 4 * 100)


def test_more_units_than_the_universe_holds_is_refused() -> None:
    fw = framework(share("s", ShareOfUnits(missing="not_met"), size=3))
    entry = derived(fw, PARTIES, "2017-12-31", "s")
    assert entry.value is None
    assert entry.reason is not None
    assert "5 areas observed" in entry.reason
    assert "3" in entry.reason


def test_a_threshold_other_than_yes() -> None:
    fw = framework(share("s", ShareOfUnits(at_least=0.5)))
    rows = [row("s", "2016", "AA", 0.7), row("s", "2016", "BB", 0.3), row("s", "2016", "CC", 0.5)]
    # Unit-level fractions without a unit: 70 %, 30 %, 50 %; at least 50 % meets the condition.
    assert derived(fw, rows, "2016-12-31", "s").value == pytest.approx(2 / 3 * 100)


def test_the_latest_value_of_each_unit_counts() -> None:
    fw = framework(share("s", ShareOfUnits()))
    rows = [
        row("s", "2014", "AA", "no"),
        row("s", "2016", "AA", "yes"),
        row("s", "2014", "BB", "no"),
    ]
    assert derived(fw, rows, "2015-12-31", "s").value == 0
    assert derived(fw, rows, "2016-12-31", "s").value == pytest.approx(1 / 2 * 100)


# --- weighted shares ----------------------------------------------------------------------------


def weighted(missing: Missing) -> Framework:
    children = Indicator("w", "child population", unit="child")
    return framework(share("s", ShareOfUnits(weight="w", missing=missing)), children)


WEIGHTS = [row("w", "2014", "AA", 100), row("w", "2014", "BB", 300)]


def test_a_weighted_share() -> None:
    rows = [row("s", "2014", "AA", "yes"), row("s", "2014", "BB", "no"), *WEIGHTS]
    entry = derived(weighted(Missing.UNKNOWN), rows, "2016-12-31", "s")
    assert entry.value == pytest.approx(100 / (100 + 300) * 100)
    assert entry.derivation is not None
    assert "weighted" in entry.derivation


def test_a_weighted_unit_without_an_observation_is_not_met_when_so_declared() -> None:
    rows = [row("s", "2014", "AA", "yes"), *WEIGHTS, row("w", "2014", "CC", 600)]
    # BB and CC have children but no observation: with missing="not_met" they are not covered.
    entry = derived(weighted(Missing.NOT_MET), rows, "2016-12-31", "s")
    assert entry.value == pytest.approx(100 / (100 + 300 + 600) * 100)


def test_a_weighted_unit_without_an_observation_is_unknown_by_default() -> None:
    rows = [row("s", "2014", "AA", "yes"), row("s", "2014", "BB", "no"), *WEIGHTS]
    rows.append(row("w", "2014", "CC", 600))
    entry = derived(weighted(Missing.UNKNOWN), rows, "2016-12-31", "s")
    assert entry.value is None
    assert entry.reason is not None
    assert "CC" in entry.reason


def test_a_unit_without_a_weight_is_named() -> None:
    rows = [row("s", "2014", "AA", "yes"), row("s", "2014", "BB", "no"), WEIGHTS[0]]
    for missing in Missing:
        entry = derived(weighted(missing), rows, "2016-12-31", "s")
        assert entry.value is None
        assert entry.reason is not None
        assert "BB" in entry.reason


def test_no_weights_at_all_names_the_weight_indicator() -> None:
    rows = [row("s", "2014", "AA", "yes")]
    entry = derived(weighted(Missing.UNKNOWN), rows, "2016-12-31", "s")
    assert entry.value is None
    assert entry.reason is not None
    assert "weights from w" in entry.reason


# --- combinations of indicators per unit --------------------------------------------------------


def combination(rule: Rule) -> Framework:
    return framework(
        share("both", ShareOfUnits(of=("x", "y"), rule=rule)),
        share("x", target=None),
        share("y", target=None),
    )


COUNTRIES = [
    row("x", "2014", "AA", "yes"),
    row("y", "2014", "AA", "yes"),
    row("x", "2014", "BB", "yes"),
    row("y", "2014", "BB", "no"),
    row("x", "2014", "CC", "no"),
    row("y", "2014", "CC", "no"),
]


def test_all_of_two_indicators_per_unit() -> None:
    entry = derived(combination(Rule.ALL), COUNTRIES, "2016-12-31", "both")
    assert entry.value == pytest.approx(1 / 3 * 100)  # AA only
    assert entry.derivation is not None
    assert "x and y" in entry.derivation


def test_any_of_two_indicators_per_unit() -> None:
    entry = derived(combination(Rule.ANY), COUNTRIES, "2016-12-31", "both")
    assert entry.value == pytest.approx(2 / 3 * 100)  # AA and BB
    assert entry.derivation is not None
    assert "x or y" in entry.derivation


def test_a_unit_known_to_fail_one_condition_needs_no_more_data_for_all_of() -> None:
    rows = [*COUNTRIES, row("x", "2014", "DD", "no")]  # DD: no y, but x already fails
    assert derived(combination(Rule.ALL), rows, "2016-12-31", "both").value == pytest.approx(
        1 / 4 * 100
    )


def test_a_unit_known_to_meet_one_condition_needs_no_more_data_for_any_of() -> None:
    rows = [*COUNTRIES, row("x", "2014", "DD", "yes")]  # DD: no y, but x already meets
    assert derived(combination(Rule.ANY), rows, "2016-12-31", "both").value == pytest.approx(
        3 / 4 * 100
    )


def test_an_undecided_unit_makes_the_combination_unknown_and_is_named() -> None:
    rows = [*COUNTRIES, row("x", "2014", "DD", "yes")]  # all-of: DD's y decides, and it is missing
    entry = derived(combination(Rule.ALL), rows, "2016-12-31", "both")
    assert entry.value is None
    assert entry.reason is not None
    assert "DD" in entry.reason


def test_a_combination_with_no_unit_level_data_names_what_it_needs() -> None:
    rows = [r for r in COUNTRIES if r["indicator"] == "x"]
    entry = derived(combination(Rule.ALL), rows, "2016-12-31", "both")
    assert entry.value is None
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.reason is not None
    assert "of y," in entry.reason
    assert "of x" not in entry.reason  # x has its rows


# --- the COP framework's impact.a --------------------------------------------------------------


def test_impact_a_is_computed_once_the_per_country_data_exists() -> None:
    fw = resultsframe.examples.load("cop")
    per_country = [
        # 2014, before the start: nobody has both legislation and a reporting mechanism.
        row("T1.a", "2014", "AA", "yes"),
        row("T2.a", "2014", "AA", "no"),
        row("T1.a", "2014", "BB", "no"),
        row("T2.a", "2014", "BB", "no"),
        row("T1.a", "2014", "CC", "no"),
        row("T2.a", "2014", "CC", "yes"),
        row("T2.a", "2019", "AA", "yes"),  # AA completes the pair in 2019
        row("impact.w", "2014", "AA", 100),
        row("impact.w", "2014", "BB", 200),
        row("impact.w", "2014", "CC", 300),
    ]
    obs = resultsframe.examples.observations("cop") + Observations.from_records(per_country, fw)
    report = assess(fw, obs, "2020-12-31")
    impact_a = report["impact.a"]
    assert isinstance(impact_a, IndicatorProgress)
    assert impact_a.baseline == 0
    assert impact_a.value == pytest.approx(100 / 600 * 100)
    achievement = (100 / 600 * 100 - 0) / (80 - 0)
    assert impact_a.achievement == pytest.approx(achievement)
    # The national figures of T1.a and T2.a are untouched by the per-country rows.
    t1a = report["T1.a"]
    assert isinstance(t1a, IndicatorProgress)
    assert t1a.value == pytest.approx(180 / 196 * 100)
    # impact.a now counts: impact has impact.a, O1 and O2 of six inputs.
    impact = report["impact"]
    assert isinstance(impact, ResultProgress)
    assert impact.coverage == pytest.approx(3 / 6)
    assert impact.progress == pytest.approx((achievement + 1 + 0) / 3)


def test_impact_a_as_shipped_names_every_missing_series() -> None:
    fw = resultsframe.examples.load("cop")
    report: ProgressReport = assess(fw, resultsframe.examples.observations("cop"), "2020-12-31")
    reason = report["impact.a"].reason
    assert reason is not None
    assert "T1.a, T2.a" in reason
    assert "impact.w" in reason
