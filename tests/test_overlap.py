"""Contributions combined by rule: sums, shares, units by country, and intervals (issue 13 item 3)."""

from __future__ import annotations

import pytest

from resultsframe.model.mappings import MappingRule
from resultsframe.progress.overlap import Contribution, combine


def test_units_with_unit_level_data_are_a_union_with_the_overlap_named() -> None:
    a = Contribution(member="a", source="x", value=3, units=("KE", "SN", "TZ"))
    b = Contribution(member="b", source="y", value=3, units=("TZ", "UG", "KE"))
    both = combine("T", MappingRule.UNITS, [a, b])
    # {KE, SN, TZ} ∪ {KE, TZ, UG} = 4 countries, not 3 + 3 = 6; KE and TZ are counted by both.
    assert both.exact
    assert (both.low, both.high) == (4.0, 4.0)
    assert both.units == ("KE", "SN", "TZ", "UG")
    assert both.overlap == {"KE": ("a", "b"), "TZ": ("a", "b")}


def test_units_with_an_aggregate_count_are_an_interval_never_one_number() -> None:
    # INHOPE's 42 hotline countries (2021-12-15) and the IWF's 50 portal countries (2022):
    # from 50 (all of INHOPE's among the IWF's) to 42 + 50 = 92 (none shared).
    inhope = Contribution(member="inhope", source="hotline-countries", value=42)
    iwf = Contribution(member="iwf", source="portal-countries", value=50)
    both = combine("T2.a", MappingRule.UNITS, [inhope, iwf])
    assert not both.exact
    assert (both.low, both.high) == (50.0, 92.0)
    assert both.units is None
    assert both.overlap == {}


def test_units_mixed_unit_level_and_aggregate() -> None:
    # Known: {KE, SN} ∪ {SN, TZ} = 3 (SN shared); unknown: 2 more from c.
    # Low: max(3, 2) = 3; high: 3 + 2 = 5.
    a = Contribution(member="a", source="x", value=2, units=("KE", "SN"))
    b = Contribution(member="b", source="x", value=2, units=("SN", "TZ"))
    c = Contribution(member="c", source="z", value=2)
    mixed = combine("T", MappingRule.UNITS, [a, b, c])
    assert (mixed.low, mixed.high) == (3.0, 5.0)
    assert mixed.overlap == {"SN": ("a", "b")}


def test_sum_adds_counts() -> None:
    # 120 + 35 = 155.
    a = Contribution(member="a", source="cases", value=120)
    b = Contribution(member="b", source="cases", value=35)
    assert combine("T", MappingRule.SUM, [a, b]).low == 155.0


def test_shares_add_numerators_and_denominators() -> None:
    # (45 + 10) / (196 + 50) = 55 / 246 = 22.357… %, not the mean of 22.96 % and 20 %.
    a = Contribution(member="a", source="s", value=22.96, numerator=45, denominator=196)
    b = Contribution(member="b", source="s", value=20, numerator=10, denominator=50)
    both = combine("T", MappingRule.SHARES, [a, b])
    assert (both.numerator, both.denominator) == (55.0, 246.0)
    assert both.low == pytest.approx(100 * 55 / 246)


def test_a_member_without_a_figure_is_named_missing() -> None:
    a = Contribution(member="a", source="x", value=None)
    b = Contribution(member="b", source="y", value=7)
    both = combine("T", MappingRule.SUM, [a, b])
    assert both.missing == ("a",)
    assert both.low == 7.0
    assert combine("T", MappingRule.SUM, [a]).low is None


def test_sum_counts_a_share_by_its_numerator_never_its_percentage() -> None:
    # INHOPE's 45 of 196 countries (22.96 %) beside a count of 10: 45 + 10 = 55, not 32.96.
    a = Contribution(member="a", source="s", value=22.96, numerator=45, denominator=196)
    b = Contribution(member="b", source="c", value=10)
    assert combine("T", MappingRule.SUM, [a, b]).low == 55.0
