"""Status: the linear trajectory with its thresholds, milestones, and the methods that plug in.

The frameworks here run over ten days, from a baseline of 0 on 2020-01-01 to a target of 100 on
2020-01-11, so that on 2020-01-06 exactly half of the way is expected: an achievement of 0.45 is
a ratio of exactly 0.9.
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from resultsframe import (
    Framework,
    Indicator,
    Observations,
    Result,
    Status,
    Target,
    assess,
    dumps,
    loads,
)
from resultsframe.methods import Band, GrowthRatio, StatusMethod, Trajectory
from resultsframe.model import Baseline
from resultsframe.progress import IndicatorProgress, ProgressReport, ResultProgress

MIDWAY = "2020-01-06"


def ten_days(
    *targets: Target, status_method: StatusMethod | None = None, baseline: float = 0
) -> Indicator:
    return Indicator(
        "x",
        "cases handled",
        unit="case",
        baselines=(Baseline(baseline, period="2020-01-01"),),
        targets=targets or (Target(100, due="2020-01-11"),),
        status_method=status_method,
    )


def framework(ind: Indicator, status_method: StatusMethod | None = None) -> Framework:
    fw = Framework(
        "t",
        "Test",
        (Result("goal", "impact", "Goal", indicators=(ind,)),),
        start="2020-01-01",
        end="2020-01-11",
    )
    return fw if status_method is None else attrs.evolve(fw, status_method=status_method)


def report(
    fw: Framework, value: float, as_of: str = MIDWAY, status_method: StatusMethod | None = None
) -> ProgressReport:
    obs = Observations.from_records([{"indicator": "x", "period": as_of, "value": value}], fw)
    return assess(fw, obs, as_of, status_method=status_method)


def indicator(rep: ProgressReport) -> IndicatorProgress:
    entry = rep["x"]
    assert isinstance(entry, IndicatorProgress)
    return entry


def goal(rep: ProgressReport) -> ResultProgress:
    entry = rep["goal"]
    assert isinstance(entry, ResultProgress)
    return entry


# --- the linear trajectory (the default) -----------------------------------------------------


def test_the_expected_share_is_the_elapsed_share_of_the_span() -> None:
    fw = framework(ten_days())
    for day, elapsed in [("2020-01-01", 0), ("2020-01-03", 2), (MIDWAY, 5), ("2020-01-11", 10)]:
        assert indicator(report(fw, 10, day)).expected == pytest.approx(elapsed / 10)
    assert indicator(report(fw, 10, "2020-02-01")).expected == 1


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (100, Status.ACHIEVED),
        (120, Status.ACHIEVED),
        (60, Status.ON_TRACK),
        (45, Status.ON_TRACK),  # ratio 0.45 / 0.5 = 0.9 exactly
        (44, Status.AT_RISK),  # 0.88
        (30, Status.AT_RISK),  # 0.6 exactly
        (29, Status.OFF_TRACK),  # 0.58
        (0, Status.OFF_TRACK),
        (-10, Status.OFF_TRACK),
    ],
)
def test_thresholds_0_9_and_0_6_of_the_expected_share(value: float, status: Status) -> None:
    rep = report(framework(ten_days()), value)
    assert indicator(rep).expected == 0.5
    assert indicator(rep).status is status
    assert goal(rep).status is status  # the result follows its only indicator


def test_the_thresholds_are_parameters_stored_with_the_framework() -> None:
    lenient = framework(ten_days(), status_method=Trajectory(on_track=0.8, at_risk=0.5))
    assert indicator(report(lenient, 40)).status is Status.ON_TRACK  # 0.8
    assert indicator(report(lenient, 39)).status is Status.AT_RISK
    assert indicator(report(lenient, 25)).status is Status.AT_RISK  # 0.5
    assert indicator(report(lenient, 24)).status is Status.OFF_TRACK


def test_thresholds_in_the_wrong_order_are_refused() -> None:
    with pytest.raises(ValueError, match="at-risk threshold"):
        Trajectory(on_track=0.5, at_risk=0.8)


def test_the_path_starts_where_the_baseline_period_ends() -> None:
    ind = attrs.evolve(ten_days(), baselines=(Baseline(0, period="2019-12"),))
    # From 2019-12-31 to 2020-01-10 is ten days: on 2020-01-05 half is expected.
    ind = attrs.evolve(ind, targets=(Target(100, due="2020-01-10"),))
    entry = indicator(report(framework(ind), 50, "2020-01-05"))
    assert entry.expected == pytest.approx(0.5)
    assert entry.status is Status.ON_TRACK


def test_before_the_baseline_nothing_is_expected_yet() -> None:
    entry = indicator(report(framework(ten_days()), 0, "2019-12-31"))
    assert entry.expected == 0
    # and an observation that is not later than the baseline is no news, not "no progress"
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.reason == (
        "no new data: the latest observation of x (2019-12-31) is not later than the "
        "baseline (2020-01-01)"
    )
    assert entry.coverage == 0


def test_without_dates_there_is_no_path_and_no_status_but_there_is_progress() -> None:
    ind = Indicator("x", "cases", unit="case", baselines=(Baseline(0),), targets=(Target(100),))
    fw = Framework("t", "Test", (Result("goal", "impact", "Goal", indicators=(ind,)),))
    rep = report(fw, 60, "2020-06-30")
    entry = indicator(rep)
    assert entry.achievement == pytest.approx(0.6)
    assert entry.coverage == 1
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.reason is not None
    assert "dates" in entry.reason
    assert goal(rep).progress == pytest.approx(0.6)
    assert goal(rep).status is Status.NOT_ASSESSABLE


# --- milestones --------------------------------------------------------------------------------


def with_milestone() -> Indicator:
    return ten_days(Target(40, due=MIDWAY), Target(100, due="2020-01-11"))


def test_achievement_is_against_the_final_target() -> None:
    entry = indicator(report(framework(with_milestone()), 40))
    assert entry.target == 100
    assert entry.achievement == pytest.approx(0.4)


def test_sitting_exactly_on_a_milestone_is_on_track() -> None:
    entry = indicator(report(framework(with_milestone()), 40))
    assert entry.expected == pytest.approx(0.4)
    assert entry.status is Status.ON_TRACK
    # Without the milestone the same value is behind the straight path (0.4 / 0.5 = 0.8).
    assert indicator(report(framework(ten_days()), 40)).status is Status.AT_RISK


def test_the_path_is_piecewise_linear_through_the_milestones() -> None:
    fw = framework(with_milestone())
    # Two days into the first five-day leg: 2/5 of the way to the milestone's 0.4.
    assert indicator(report(fw, 16, "2020-01-03")).expected == pytest.approx(0.4 * 2 / 5)
    # Three days into the second leg: from 0.4 towards 1.
    assert indicator(report(fw, 40, "2020-01-09")).expected == pytest.approx(0.4 + 0.6 * 3 / 5)
    assert indicator(report(fw, 40, "2020-01-09")).status is Status.OFF_TRACK  # 0.4 / 0.76


# --- a band around the path --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (100, Status.ACHIEVED),
        (95, Status.ACHIEVED),  # within 0.1 of the target
        (60, Status.ON_TRACK),  # ahead of the path
        (45, Status.ON_TRACK),  # 0.05 behind the expected 0.5
        (35, Status.AT_RISK),  # 0.15 behind: within twice the tolerance
        (25, Status.OFF_TRACK),  # 0.25 behind
    ],
)
def test_band_stored_with_the_framework(value: float, status: Status) -> None:
    rep = report(framework(ten_days(), status_method=Band(0.1)), value)
    assert indicator(rep).status is status
    assert goal(rep).status is status  # the result follows its only indicator


def test_band_on_one_indicator_only() -> None:
    banded = ten_days(status_method=Band(0.1))
    plain = attrs.evolve(ten_days(), id="y")
    fw = Framework(
        "t",
        "Test",
        (Result("goal", "impact", "Goal", indicators=(banded, plain)),),
        start="2020-01-01",
        end="2020-01-11",
    )
    obs = Observations.from_records(
        [
            {"indicator": "x", "period": MIDWAY, "value": 41},
            {"indicator": "y", "period": MIDWAY, "value": 41},
        ],
        fw,
    )
    rep = assess(fw, obs, MIDWAY)
    assert rep["x"].status is Status.ON_TRACK  # 0.09 behind, inside the band
    assert rep["y"].status is Status.AT_RISK  # 0.82 of the path


def test_a_status_method_for_one_assessment() -> None:
    fw = framework(ten_days())
    assert indicator(report(fw, 41)).status is Status.AT_RISK
    assert indicator(report(fw, 41, status_method=Band(0.1))).status is Status.ON_TRACK


def test_band_tolerance_is_a_fraction() -> None:
    with pytest.raises(ValueError, match="tolerance"):
        Band(1.5)


# --- the SDG growth-rate ratio -----------------------------------------------------------------


def growth(value: float, baseline: float = 100) -> IndicatorProgress:
    ind = Indicator(
        "x",
        "cases handled",
        unit="case",
        baselines=(Baseline(baseline, period="2010"),),
        targets=(Target(200, due="2020-12-31"),),
        status_method=GrowthRatio(),
    )
    fw = Framework(
        "t",
        "Test",
        (Result("goal", "impact", "Goal", indicators=(ind,)),),
        start="2011-01-01",
        end="2020-12-31",
    )
    obs = Observations.from_records([{"indicator": "x", "period": "2015", "value": value}], fw)
    return indicator(assess(fw, obs, "2015-12-31"))


def growth_ratio(value: float) -> float:
    """The SDG progress charts' ratio, written out from its definition."""
    done = (date(2015, 12, 31) - date(2010, 12, 31)).days / 365.25
    span = (date(2020, 12, 31) - date(2010, 12, 31)).days / 365.25
    actual: float = (value / 100) ** (1 / done) - 1
    required: float = (200 / 100) ** (1 / span) - 1
    return actual / required


@pytest.mark.parametrize(
    ("value", "status"),
    [(140, Status.ON_TRACK), (120, Status.AT_RISK), (105, Status.OFF_TRACK)],
)
def test_growth_ratio_thresholds_0_95_and_0_5(value: float, status: Status) -> None:
    ratio = growth_ratio(value)
    assert (ratio >= 0.95) == (status is Status.ON_TRACK)
    assert (0.5 <= ratio < 0.95) == (status is Status.AT_RISK)
    entry = growth(value)
    assert entry.status is status
    # The achievement is the same as under any method.
    assert entry.achievement == pytest.approx((value - 100) / (200 - 100))


def test_growth_ratio_reaching_the_target_is_achieved() -> None:
    assert growth(200).status is Status.ACHIEVED


def test_growth_ratio_needs_positive_values() -> None:
    entry = growth(50, baseline=0)
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.reason is not None
    assert "positive" in entry.reason
    assert entry.achievement == pytest.approx(0.25)  # the achievement itself is still known


# --- stored with the framework -----------------------------------------------------------------


@pytest.mark.parametrize("method", [Trajectory(0.8, 0.4), Band(0.1), GrowthRatio(0.9, 0.3)])
def test_status_methods_travel_with_the_document(method: StatusMethod) -> None:
    on_framework = framework(ten_days(), status_method=method)
    assert loads(dumps(on_framework)).status_method == method
    on_indicator = framework(ten_days(status_method=method))
    assert loads(dumps(on_indicator)).indicators["x"].status_method == method


def test_a_reloaded_framework_gives_the_same_statuses() -> None:
    fw = framework(ten_days(), status_method=Band(0.1))
    again = loads(dumps(fw))
    for value in (95, 45, 35, 25):
        assert indicator(report(again, value)).status is indicator(report(fw, value)).status
