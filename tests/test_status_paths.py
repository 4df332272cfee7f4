"""Statuses on paths that go back before they go forward, and results that follow their method.

Real frameworks have milestones on the far side of the baseline: a World Bank project whose
indicator dips in year two while a new system is rolled out, before it reaches its final
target. The path from the baseline through such a milestone gives an expected share below 0;
the status must still measure the distance from the path, and a result must not be on track
when everything under it is off track.

The framework here: baseline 100 for 2015 (its end, 2015-12-31, starts the path), a milestone
of 90 due 2017-12-31, a final target of 103 due 2020-12-31. As of 2016-12-31, 366 of the 731
days to the milestone have passed, so the path stands at 100 − 10 × 366/731 = 94.993 and the
expected share is (94.993 − 100) / (103 − 100) = −1.669.
"""

from __future__ import annotations

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
)
from resultsframe.methods import Band, GrowthRatio, StatusMethod, Trajectory
from resultsframe.model import Baseline, Dimension, Link
from resultsframe.units import Quantity

AS_OF = "2016-12-31"
EXPECTED_RAW = -10 * 366 / 731 / 3  # −1.669


def dipping(iid: str, **kw: object) -> Indicator:
    return Indicator(
        iid,
        f"indicator {iid}",
        unit="case",
        baselines=(Baseline(100, period="2015"),),
        targets=(Target(90, due="2017-12-31"), Target(103, due="2020-12-31")),
        **kw,  # type: ignore[arg-type]
    )


def framework(*indicators: Indicator, method: StatusMethod | None = None) -> Framework:
    fw = Framework(
        "t",
        "Test",
        (Result("goal", "impact", "Goal", indicators=indicators),),
        start="2016-01-01",
        end="2020-12-31",
    )
    return fw if method is None else attrs.evolve(fw, status_method=method)


def observed(fw: Framework, **values: float) -> Observations:
    return Observations.from_records(
        [{"indicator": i, "period": "2016", "value": v} for i, v in values.items()], fw
    )


def test_the_expected_share_is_reported_in_0_to_1_and_kept_raw() -> None:
    fw = framework(dipping("x"))
    entry = assess(fw, observed(fw, x=95), AS_OF)["x"]
    assert entry.expected_raw == pytest.approx(EXPECTED_RAW)
    assert entry.expected == 0.0  # clipped, like the achievement
    assert entry.achievement_raw == pytest.approx(-5 / 3)
    assert entry.achievement == 0.0


@pytest.mark.parametrize(
    ("value", "status"),
    [
        # raw = (value − 100) / 3; on track when raw ≥ −1.669 − 0.1 × 1.669 = −1.836 (value 94.49)
        (99, Status.ON_TRACK),  # ahead of the path: it has not gone back as far as planned
        (95, Status.ON_TRACK),  # on the path (94.993)
        (94.6, Status.ON_TRACK),  # raw −1.8, within a tenth of the path's distance
        # at risk when raw ≥ −1.669 − 0.4 × 1.669 = −2.336 (value 92.99)
        (94, Status.AT_RISK),  # raw −2.0
        (93, Status.AT_RISK),  # raw −2.333
        (92, Status.OFF_TRACK),  # raw −2.667: far below even the dip
    ],
)
def test_a_milestone_behind_the_baseline_is_a_path_like_any_other(
    value: float, status: Status
) -> None:
    fw = framework(dipping("x"))
    report = assess(fw, observed(fw, x=value), AS_OF)
    assert report["x"].status is status
    assert report["goal"].status is status  # the result follows its only indicator


def test_a_result_whose_inputs_are_all_off_track_is_off_track() -> None:
    fw = framework(dipping("x"), dipping("y"))
    report = assess(fw, observed(fw, x=92, y=91), AS_OF)
    assert [report[i].status for i in ("x", "y")] == [Status.OFF_TRACK] * 2
    goal = report["goal"]
    assert goal.status is Status.OFF_TRACK
    # its standing is the mean of its inputs': done (−2.667 − 3) / 2, due −1.669, scale 1.669
    assert goal.standing is not None
    assert goal.standing.done == pytest.approx((-8 / 3 - 3) / 2)
    assert goal.standing.due == pytest.approx(EXPECTED_RAW)
    assert goal.standing.scale == pytest.approx(-EXPECTED_RAW)


def test_a_result_whose_inputs_are_all_on_track_is_on_track_whatever_their_paths() -> None:
    # One input on a path that goes back (due −1.669), one on a rising path (due 0.5): the
    # means (due −0.584) would say "behind" for a result judged by its own expected share alone.
    rising = Indicator(
        "r",
        "rising",
        unit="case",
        baselines=(Baseline(0, period="2015"),),
        targets=(Target(100, due="2017-12-31"),),
    )
    fw = framework(dipping("x"), rising)
    # r: 366/731 of the way expected (0.5007); 46 is 0.46, a ratio of 0.919: on track
    report = assess(fw, observed(fw, x=94.6, r=46), AS_OF)
    assert [report[i].status for i in ("x", "r")] == [Status.ON_TRACK] * 2
    assert report["goal"].status is Status.ON_TRACK


def test_an_indicator_exactly_on_a_milestone_of_no_change_is_on_track() -> None:
    flat = Indicator(
        "f",
        "flat first",
        unit="case",
        baselines=(Baseline(100, period="2015"),),
        targets=(Target(100, due="2017-12-31"), Target(120, due="2020-12-31")),
    )
    fw = framework(flat)
    for as_of in ("2016-12-31", "2017-12-31"):  # expected 0 on the way to the milestone and on it
        report = assess(fw, observed(fw, f=100), as_of)
        assert report["f"].expected == 0
        assert report["f"].status is Status.ON_TRACK
        assert report["goal"].status is Status.ON_TRACK
    below = assess(fw, observed(fw, f=99), "2017-12-31")
    assert below["f"].status is Status.OFF_TRACK  # behind a path that asked for no loss


# --- a result's status follows the chosen method ---------------------------------------------


def test_growth_ratio_results_are_not_assessable_when_no_input_has_a_growth_ratio() -> None:
    # A baseline of 0 has no growth rate: the indicator has an achievement but no status.
    zero = Indicator(
        "z",
        "from nothing",
        unit="case",
        baselines=(Baseline(0, period="2015"),),
        targets=(Target(10, due="2020-12-31"),),
    )
    fw = framework(zero, method=GrowthRatio())
    report = assess(fw, observed(fw, z=1), AS_OF)
    assert report["z"].status is Status.NOT_ASSESSABLE
    assert report["z"].achievement == pytest.approx(0.1)
    goal = report["goal"]
    assert goal.progress == pytest.approx(0.1)  # progress is still there
    assert goal.status is Status.NOT_ASSESSABLE  # but no trajectory status in its place
    assert goal.reason == "growth ratio: none of its inputs has a growth ratio"


def test_growth_ratio_results_combine_their_inputs_ratios() -> None:
    # Two indicators 100 → 200 over 2015-12-31 … 2020-12-31 (1827 days); as of 2016-12-31
    # (366 days) required growth is 2**(365.25/1827) − 1 = 0.14863 a year.
    def doubling(iid: str) -> Indicator:
        return Indicator(
            iid,
            iid,
            unit="case",
            baselines=(Baseline(100, period="2015"),),
            targets=(Target(200, due="2020-12-31"),),
        )

    fw = framework(doubling("a"), doubling("b"), method=GrowthRatio())
    report = assess(fw, observed(fw, a=115, b=105), AS_OF)
    required = 2 ** (365.25 / 1827) - 1
    ratio_a = (1.15 ** (365.25 / 366) - 1) / required  # 1.0070: on track, capped at 1
    ratio_b = (1.05 ** (365.25 / 366) - 1) / required  # 0.3357: off track
    assert ratio_a == pytest.approx(1.0070, abs=1e-4)
    assert ratio_b == pytest.approx(0.3357, abs=1e-4)
    assert (report["a"].status, report["b"].status) == (Status.ON_TRACK, Status.OFF_TRACK)
    goal = report["goal"]
    assert goal.standing is not None
    assert goal.standing.ratio == pytest.approx((1 + ratio_b) / 2)  # 0.668: at risk
    assert goal.status is Status.AT_RISK


@pytest.mark.parametrize("method", [Band(0.05), Trajectory()])
def test_path_results_are_not_assessable_without_dates_below_them(method: StatusMethod) -> None:
    undated = Indicator(
        "u", "undated", unit="case", baselines=(Baseline(0),), targets=(Target(10),)
    )
    # No dates anywhere: neither the framework nor the baseline nor the target has one.
    fw = attrs.evolve(framework(undated, method=method), start=None, end=None)
    report = assess(fw, observed(fw, u=5), AS_OF)
    assert report["u"].status is Status.NOT_ASSESSABLE
    assert report["goal"].progress == 0.5
    assert report["goal"].status is Status.NOT_ASSESSABLE


def test_two_levels_keep_the_standing_of_the_inputs() -> None:
    fw = Framework(
        "t",
        "Test",
        (
            Result("goal", "impact", "Goal"),
            Result("o1", "outcome", "One", indicators=(dipping("x"),)),
        ),
        links=(Link("o1", "goal"),),
        start="2016-01-01",
        end="2020-12-31",
    )
    report = assess(fw, observed(fw, x=92), AS_OF)
    assert report["x"].status is report["o1"].status is report["goal"].status
    assert report["goal"].status is Status.OFF_TRACK


# --- targets for one disaggregation are not the final target --------------------------------


def test_a_dimensioned_target_due_last_is_not_the_final_target() -> None:
    female = (Dimension("sex", "female"),)
    ind = Indicator(
        "g",
        "girls and boys enrolled",
        unit="percent",
        baselines=(Baseline(40, period="2015"),),
        targets=(
            Target(50, due="2020-12-31"),
            Target(60, due="2020-12-31", dimensions=female),
        ),
    )
    assert ind.target is ind.targets[0]
    assert ind.whole_targets == (ind.targets[0],)
    fw = framework(ind)
    report = assess(fw, observed(fw, g=45), "2020-12-31")
    # against the whole target: (45 − 40) / (50 − 40) = 0.5, not (45 − 40) / (60 − 40) = 0.25
    assert report["g"].target == 50
    assert report["g"].achievement == pytest.approx(0.5)
    # a variant sets the whole target and leaves the one for girls alone
    changed = fw.with_target("g", 55).indicators["g"]
    assert [t.value.magnitude for t in changed.targets] == [55, 60]  # type: ignore[union-attr]
    assert changed.targets[1].dimensions == female


def test_an_indicator_with_targets_only_for_disaggregations_has_no_final_target() -> None:
    ind = Indicator(
        "g",
        "girls enrolled",
        unit="percent",
        targets=(Target(60, due="2020-12-31", dimensions=(Dimension("sex", "female"),)),),
    )
    assert ind.target is None
    assert ind.is_monitoring  # for the whole indicator; the target for girls stays
    revised = framework(ind).with_target("g", 50).indicators["g"]
    assert revised.target is not None
    assert revised.target.value == Quantity(50, "percent")
    assert len(revised.targets) == 2


def test_growth_ratio_measures_growth_up_to_the_datas_year() -> None:
    # 100 → 200 from 2015-12-31 to 2020-12-31; 115 observed for 2016. As of 2018 the data is
    # still 2016's: the actual growth is over its 366 days, as the SDG progress charts count it,
    # not over the 1096 days to the report's date (which would make old data look worse).
    ind = Indicator(
        "a",
        "a",
        unit="case",
        baselines=(Baseline(100, period="2015"),),
        targets=(Target(200, due="2020-12-31"),),
    )
    fw = framework(ind, method=GrowthRatio())
    obs = observed(fw, a=115)
    then, later = (assess(fw, obs, day)["goal"] for day in ("2016-12-31", "2018-12-31"))
    assert then.standing is not None
    assert later.standing is not None
    assert later.standing.ratio == then.standing.ratio == 1.0  # 1.0070, capped at 1
    assert assess(fw, obs, "2018-12-31")["a"].status is Status.ON_TRACK
