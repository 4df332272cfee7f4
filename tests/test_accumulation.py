"""Indicator accumulation: levels, running totals as published, and increments added up."""

from __future__ import annotations

from typing import Any

import pytest

import resultsframe as rf
from resultsframe import document as doc
from resultsframe.model import Baseline


def framework(
    accumulation: str = "increments",
    *,
    baselines: tuple[Baseline, ...] = (Baseline(0, "2015"),),
    targets: tuple[rf.Target, ...] = (rf.Target(30, due="2020-12-31"),),
    measure: str = "quantity",
) -> rf.Framework:
    indicator = rf.Indicator(
        "O1.a",
        "people trained",
        measure=measure,
        unit="person",
        baselines=baselines,
        targets=targets,
        accumulation=accumulation,
    )
    return rf.Framework(
        "wb",
        "World Bank-style project",
        [rf.Result("O1", "outcome", "People are trained", indicators=[indicator])],
        start="2016-01-01",
        end="2020-12-31",
    )


def observations(fw: rf.Framework, *rows: tuple[str, float]) -> rf.Observations:
    return rf.Observations.from_records(
        [{"indicator": "O1.a", "period": p, "value": v} for p, v in rows], fw
    )


YEARS = (("2016", 4), ("2017", 5), ("2018", 6))


def test_increments_are_added_up_from_the_baseline_to_the_date() -> None:
    fw = framework()
    entry = rf.assess(fw, observations(fw, *YEARS), as_of="2018-12-31").indicators["O1.a"]
    # 0 (baseline 2015) + 4 + 5 + 6 = 15; achievement (15 - 0) / (30 - 0) = 0.5
    assert entry.value == 15
    assert entry.achievement == 0.5
    assert (
        entry.accumulation
        == "sum of 3 increments since the baseline: 2016 4 + 2017 5 + 2018 6 = 15"
    )
    assert (
        "sum of 3 increments since the baseline: 2016 4 + 2017 5 + 2018 6 = 15" in entry.explain()
    )


def test_only_the_increments_of_periods_ending_by_the_date_count() -> None:
    fw = framework()
    obs = observations(fw, *YEARS)
    # As of mid-2018 the 2018 increment (ending 2018-12-31) is not in yet: 4 + 5 = 9.
    entry = rf.assess(fw, obs, as_of="2018-06-30").indicators["O1.a"]
    assert entry.value == 9
    assert entry.value_used is not None
    assert entry.value_used.period == "2017"
    assert entry.accumulation == "sum of 2 increments since the baseline: 2016 4 + 2017 5 = 9"


def test_a_baseline_other_than_zero_is_what_was_there_before() -> None:
    fw = framework(baselines=(Baseline(100, "2015"),), targets=(rf.Target(130, due="2020-12-31"),))
    obs = observations(fw, ("2015", 7), *YEARS)
    entry = rf.assess(fw, obs, as_of="2018-12-31").indicators["O1.a"]
    # The 2015 increment is part of the baseline: 100 + 4 + 5 + 6 = 115;
    # achievement (115 - 100) / (130 - 100) = 0.5
    assert entry.value == 115
    assert entry.achievement == 0.5
    assert entry.accumulation == "baseline 100 + 3 increments: 2016 4 + 2017 5 + 2018 6 = 115"


def test_without_a_declared_baseline_the_increments_to_the_start_are_the_baseline() -> None:
    fw = framework(baselines=())
    obs = observations(fw, ("2014", 2), ("2015", 3), *YEARS)
    entry = rf.assess(fw, obs, as_of="2018-12-31").indicators["O1.a"]
    # baseline: 2 + 3 = 5 by the start (2016-01-01); value: 5 + 4 + 5 + 6 = 20;
    # achievement (20 - 5) / (30 - 5) = 0.6
    assert entry.baseline == 5
    assert entry.value == 20
    assert entry.achievement == pytest.approx(0.6)
    assert entry.baseline_source == (
        "the increments to the framework's start, added up: 2014 2 + 2015 3 = 5"
    )
    assert entry.accumulation == (
        "sum of 5 increments: 2014 2 + 2015 3 + 2016 4 + 2017 5 + 2018 6 = 20"
    )


def test_milestones_of_increments_are_running_totals() -> None:
    # YR1..YR3 cumulative targets: 5 by 2016, 10 by 2017, 30 by 2020.
    targets = (
        rf.Target(5, due="2016-12-31"),
        rf.Target(10, due="2017-12-31"),
        rf.Target(30, due="2020-12-31"),
    )
    fw = framework(targets=targets)
    entry = rf.assess(
        fw, observations(fw, ("2016", 4), ("2017", 6)), as_of="2017-12-31"
    ).indicators["O1.a"]
    # value 4 + 6 = 10, exactly on the 2017 milestone: expected 10/30, achievement 10/30.
    assert entry.value == 10
    assert entry.expected == pytest.approx(10 / 30)
    assert entry.achievement == pytest.approx(10 / 30)
    assert entry.status is rf.Status.ON_TRACK


def test_no_increment_since_the_baseline_is_no_value_not_zero() -> None:
    fw = framework()
    entry = rf.assess(fw, observations(fw, ("2015", 3)), as_of="2017-12-31").indicators["O1.a"]
    assert entry.value is None
    assert entry.status is rf.Status.NOT_ASSESSABLE
    assert entry.coverage == 0


def test_overlapping_increments_are_refused_rather_than_counted_twice() -> None:
    fw = framework()
    obs = observations(fw, ("2016", 4), ("2017-06", 2), ("2017", 5))
    before = rf.assess(fw, obs, as_of="2016-12-31").indicators["O1.a"]
    assert before.value == 4
    entry = rf.assess(fw, obs, as_of="2018-12-31").indicators["O1.a"]
    assert entry.value is None
    assert entry.status is rf.Status.NOT_ASSESSABLE
    assert entry.coverage == 0
    assert entry.reason == (
        "the increments of O1.a for 2017-06 and 2017 overlap, so adding them up would count a "
        "part twice; keep one of them, or give periods that do not overlap"
    )


def test_a_level_takes_the_latest_observation_as_before() -> None:
    fw = framework("level")
    entry = rf.assess(fw, observations(fw, *YEARS), as_of="2018-12-31").indicators["O1.a"]
    assert entry.value == 6  # the 2018 figure, not a sum
    assert entry.accumulation is None
    assert "the latest observation whose period ends on or before the date" in entry.explain()


def test_a_cumulative_indicator_takes_the_latest_running_total_and_names_a_fall() -> None:
    fw = framework("cumulative")
    obs = observations(fw, ("2016", 4), ("2017", 9), ("2018", 8))
    entry = rf.assess(fw, obs, as_of="2017-12-31").indicators["O1.a"]
    assert entry.value == 9
    assert entry.accumulation == (
        "the latest observation whose period ends on or before the date: a running total"
    )
    fell = rf.assess(fw, obs, as_of="2018-12-31").indicators["O1.a"]
    assert fell.value == 8  # as published: never silently fixed
    assert fell.accumulation is not None
    assert fell.accumulation.endswith(
        "note: it fell from 9 (2017) to 8 (2018), which a running total should not"
    )


def test_increments_over_time_and_after_an_update() -> None:
    fw = framework()
    obs = observations(fw, *YEARS)
    years = rf.assess_over(fw, obs, ["2016-12-31", "2017-12-31", "2018-12-31"])
    assert [r.indicators["O1.a"].value for r in years] == [4, 9, 15]
    more = obs + observations(fw, ("2019", 10))
    updated = years[-1].update(more)
    assert updated.indicators["O1.a"].value == 15  # as of 2018-12-31 the 2019 increment is not in
    assert rf.assess(fw, more, as_of="2019-12-31").indicators["O1.a"].value == 25  # 15 + 10


@pytest.mark.parametrize("measure", ["share", "ratio", "yes_no", "ordinal"])
@pytest.mark.parametrize("accumulation", ["cumulative", "increments"])
def test_only_a_quantity_accumulates(measure: str, accumulation: str) -> None:
    unit = "%" if measure == "share" else None
    with pytest.raises(rf.ValidationError, match="only a quantity is"):
        rf.Indicator("x", "x", measure=measure, unit=unit, accumulation=accumulation)


def test_an_unknown_accumulation_names_the_known_ones() -> None:
    with pytest.raises(rf.ValidationError, match="use one of level, cumulative, increments"):
        rf.Indicator("x", "x", accumulation="sum")


def test_accumulation_travels_in_the_document_and_the_builder() -> None:
    fw = framework()
    again = doc.loads(doc.dumps(fw))
    assert again == fw
    assert again.indicators["O1.a"].accumulation is rf.Accumulation.INCREMENTS
    spec: dict[str, Any] = {
        "id": "wb",
        "title": "W",
        "results": {
            "O1": {
                "level": "outcome",
                "statement": "s",
                "indicators": {
                    "O1.a": {"name": "trained", "unit": "person", "accumulation": "increments"}
                },
            }
        },
    }
    assert rf.build(spec).indicators["O1.a"].accumulation is rf.Accumulation.INCREMENTS
    # Left out when it holds its default.
    assert "accumulation" not in doc.dumps(framework("level"))
