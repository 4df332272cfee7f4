"""Explanations of the path: milestones, the segment the date is on, the path's value, the
milestones it skips, projections for later periods, and the standing a status was judged on.

Two frameworks, both starting on 2016-01-01 with a baseline for 2015 (so the path starts on
2015-12-31):

- **dip** — a backlog of cases, baseline 100, a milestone of 90 due 2017-12-31 (on the far side
  of the baseline: the backlog first grows, as a new system is rolled out… then shrinks), a
  pending milestone "XX" due 2018-12-31, a final target of 103 due 2020-12-31. The milestone
  stands for (90 − 100) / (103 − 100) = −3.333 of the way.
- **trained** — people trained, cumulative: baseline 0, milestones 10 due 2017-12-31 and 20 due
  2018-12-31, final 30 due 2020-12-31: shares 1/3 and 2/3 of the way.
"""

from __future__ import annotations

from datetime import date

import pytest

from resultsframe import Framework, Observations, assess, build
from resultsframe.methods import GrowthRatio
from resultsframe.progress.report import IndicatorProgress, Milestone, ResultProgress


def one(iid: str, indicator: dict[str, object], **extra: object) -> Framework:
    return build(
        {
            "id": "f",
            "title": "F",
            "start": "2016-01-01",
            "end": "2020-12-31",
            "results": {
                "R": {"level": "outcome", "statement": "R", "indicators": {iid: indicator}}
            },
            **extra,
        }
    )


@pytest.fixture(scope="module")
def dip() -> Framework:
    return one(
        "x",
        {
            "name": "backlog of cases",
            "unit": "case",
            "baseline": "100 in 2015",
            "targets": ["90 by 2017-12-31", "XX by 2018-12-31", "103 by 2020-12-31"],
        },
    )


@pytest.fixture(scope="module")
def dip_data(dip: Framework) -> Observations:
    return Observations.from_records(
        [
            {"indicator": "x", "period": "2016", "value": 95},
            {"indicator": "x", "period": "2017", "value": 92, "kind": "projection"},
            {"indicator": "x", "period": "2020", "value": 104, "kind": "projection"},
        ],
        dip,
    )


@pytest.fixture(scope="module")
def trained() -> Framework:
    return one(
        "t",
        {
            "name": "people trained",
            "unit": "person",
            "accumulation": "cumulative",
            "baseline": "0 in 2015",
            "targets": ["10 by 2017-12-31", "20 by 2018-12-31", "30 by 2020-12-31"],
        },
    )


def entry(fw: Framework, obs: Observations, as_of: str, iid: str) -> IndicatorProgress:
    found = assess(fw, obs, as_of)[iid]
    assert isinstance(found, IndicatorProgress)
    return found


def cases(fw: Framework, *rows: tuple[str, float]) -> Observations:
    iid = next(iter(fw.indicators))
    return Observations.from_records(
        [{"indicator": iid, "period": p, "value": v} for p, v in rows], fw
    )


# --- the facts on the entry -------------------------------------------------------------------


def test_the_entry_names_its_milestones_and_the_one_it_skips(
    dip: Framework, dip_data: Observations
) -> None:
    e = entry(dip, dip_data, "2016-12-31", "x")
    (milestone,) = e.milestones
    assert (milestone.due, milestone.value, milestone.skipped) == (date(2017, 12, 31), 90.0, None)
    assert milestone.share == pytest.approx(-10 / 3)  # (90 − 100) / (103 − 100)
    assert e.skipped_milestones == (
        Milestone(due=date(2018, 12, 31), text="XX", skipped="pending"),
    )
    assert e.path_start == date(2015, 12, 31)
    # 366 of the 731 days from 2015-12-31 to the milestone: −3.333 × 366/731 = −1.669
    assert e.expected_raw == pytest.approx(-10 / 3 * 366 / 731)
    assert e.expected == 0.0


def test_an_indicator_with_one_target_names_no_milestone(trained: Framework) -> None:
    fw = one("s", {"name": "s", "unit": "case", "baseline": "0 in 2015", "target": "10 by 2020"})
    e = entry(fw, cases(fw, ("2016", 2)), "2016-12-31", "s")
    assert (e.milestones, e.skipped_milestones, e.path_start) == ((), (), None)


def test_projections_for_later_periods_are_named_never_counted(
    dip: Framework, dip_data: Observations
) -> None:
    e = entry(dip, dip_data, "2016-12-31", "x")
    assert e.value == 95  # the 2017 projection is later, and never a value anyway
    assert e.projections == (("2017", 92.0), ("2020", 104.0))
    # as of 2019: the 2017 projection's period has ended; only 2020's is still ahead
    assert entry(dip, dip_data, "2019-06-30", "x").projections == (("2020", 104.0),)
    assert entry(dip, dip_data, "2020-12-31", "x").projections == ()


def test_a_projection_revised_is_shown_at_its_latest_publication(dip: Framework) -> None:
    obs = Observations.from_records(
        [
            {"indicator": "x", "period": "2016", "value": 95},
            {"indicator": "x", "period": "2020", "value": 104, "kind": "projection",
             "published": "2016-03-01"},
            {"indicator": "x", "period": "2020", "value": 101, "kind": "projection",
             "published": "2017-03-01"},
        ],
        dip,
    )  # fmt: skip
    assert entry(dip, obs, "2016-12-31", "x").projections == (("2020", 101.0),)
    # as published by the end of 2016, the later projection was not known
    old = assess(dip, obs, "2016-12-31", vintage="2016-12-31")["x"]
    assert isinstance(old, IndicatorProgress)
    assert old.projections == (("2020", 104.0),)


# --- explain ----------------------------------------------------------------------------------


def test_explain_lists_milestones_segment_and_path_value_behind_the_baseline(
    dip: Framework, dip_data: Observations
) -> None:
    text = assess(dip, dip_data, "2016-12-31").explain("x")
    lines = text.splitlines()
    assert lines[3] == "  target:      103 case due 2020-12-31"
    assert lines[4] == (
        "  milestones:  1. 90 case due 2017-12-31: -3.333 of the way (on the far side of the "
        "baseline: the path goes back to it first)"
    )
    assert lines[5] == (
        "  skipped:     pending 'XX' due 2018-12-31: the path goes straight past it until it is "
        "filled"
    )
    assert (
        "  segment:     from the baseline (2015-12-31) to milestone 1 (2017-12-31), "
        "366 of its 731 days along"
    ) in lines
    assert (
        "  expected:    -1.669 of the way by now on the path through the milestones to the "
        "target (clipped to [0, 1]: 0.000)"
    ) in lines
    # in words: the path goes back first
    assert "below 0: the path first goes back, away from the target" in text
    assert "(milestone 1, 90 case due 2017-12-31)" in text
    # 100 + (−1.669) × (103 − 100) = 94.99
    assert "  path value:  94.99 case by now: 100 + (-1.669) × (103 − 100)" in lines
    assert (
        "  projected:   for 2017: 92 case, for 2020: 104 case — projections for later periods, "
        "never counted"
    ) in lines


def test_the_path_goes_straight_past_a_pending_milestone(
    dip: Framework, dip_data: Observations
) -> None:
    lines = assess(dip, dip_data, "2019-06-30").explain("x").splitlines()
    # From milestone 1 (2017-12-31) to the final target (2020-12-31): 546 of 1096 days, the
    # pending 2018 milestone skipped: −3.333 + (1 + 3.333) × 546/1096 = −1.175, and the path
    # stands at 100 − 1.175 × 3 = 96.48.
    assert (
        "  segment:     from milestone 1 (2017-12-31) to the final target (2020-12-31), "
        "546 of its 1096 days along"
    ) in lines
    raw = -10 / 3 + (1 + 10 / 3) * 546 / 1096
    assert f"{raw:.3f}" == "-1.175"
    assert "  path value:  96.48 case by now: 100 + (-1.175) × (103 − 100)" in lines
    assert (
        "  projected:   for 2020: 104 case — projection for later periods, never counted" in lines
    )


def test_explain_on_a_forward_path_between_two_milestones(trained: Framework) -> None:
    report = assess(trained, cases(trained, ("2018-06", 15)), "2018-06-30")
    lines = report.explain("t").splitlines()
    assert "  milestones:  1. 10 person due 2017-12-31: 0.333 of the way" in lines
    assert "               2. 20 person due 2018-12-31: 0.667 of the way" in lines
    # 181 of the 365 days of 2018: 1/3 + (2/3 − 1/3) × 181/365 = 0.499, at 0.499 × 30 = 14.96
    assert (
        "  segment:     from milestone 1 (2017-12-31) to milestone 2 (2018-12-31), "
        "181 of its 365 days along"
    ) in lines
    expected = 1 / 3 + (1 / 3) * 181 / 365
    assert report["t"].expected == pytest.approx(expected)
    assert (
        "  expected:    0.499 of the way by now on the path through the milestones to the target"
        in lines
    )
    assert "  path value:  14.96 person by now: 0 + 0.499 × (30 − 0)" in lines
    assert not any(line.startswith("               below 0") for line in lines)


def test_explain_before_the_path_starts_and_after_it_ends(trained: Framework) -> None:
    obs = cases(trained, ("2015", 0), ("2020", 31))
    before = assess(trained, obs, "2015-12-31").explain("t").splitlines()
    assert "  segment:     none yet: the path starts at the baseline, on 2015-12-31" in before
    after = assess(trained, obs, "2021-06-30").explain("t").splitlines()
    assert (
        "  segment:     past the final target's due date (2020-12-31): all the way expected"
    ) in after
    assert "  path value:  30 person by now: 0 + 1.000 × (30 − 0)" in after


def test_a_milestone_without_a_date_is_skipped_and_said_so() -> None:
    fw = one(
        "u",
        {
            "name": "u",
            "unit": "case",
            "baseline": "0 in 2015",
            "targets": [{"value": 5}, {"value": 10, "due": "2020-12-31"}],
        },
    )
    e = entry(fw, cases(fw, ("2016", 2)), "2016-12-31", "u")
    assert e.skipped_milestones == (Milestone(value=5.0, skipped="no due date"),)
    assert (
        "  skipped:     5 case with no due date: the path goes straight past it until it has one"
        in e.explain().splitlines()
    )


def test_an_indicator_with_one_target_gets_the_path_value_too() -> None:
    fw = one("s", {"name": "s", "unit": "case", "baseline": "0 in 2015", "target": "10 by 2020"})
    lines = assess(fw, cases(fw, ("2016", 2)), "2016-12-31").explain("s").splitlines()
    # 366 of the 1827 days from 2015-12-31 to 2020-12-31: 0.200, the path at 2 cases
    assert (
        "  expected:    0.200 of the way by now on the path from the baseline to the target"
        in lines
    )
    assert "  path value:  2 case by now: 0 + 0.200 × (10 − 0)" in lines
    assert not any(line.startswith("  segment:") for line in lines)


# --- standing -------------------------------------------------------------------------------


def test_a_result_explains_the_standing_its_status_was_judged_on(trained: Framework) -> None:
    report = assess(trained, cases(trained, ("2018-06", 15)), "2018-06-30")
    result = report["R"]
    assert isinstance(result, ResultProgress)
    # one input: done 15/30 = 0.5, due 0.499 (as above), scale |due|; 0.5 − 0.499 = 0.001 ahead,
    # 0.00137 / 0.49863 = 0.003 of the scale
    lines = result.explain().splitlines()
    assert (
        "  standing:    done 0.500, due 0.499, scale 0.499 (its inputs', weighted): ahead of the "
        "path by 0.001, 0.003 of the scale"
    ) in lines
    assert lines[lines.index(next(x for x in lines if x.startswith("  standing:"))) + 1].startswith(
        "               (a trajectory: on track while behind by at most 0.1 of the scale"
    )


def test_a_result_behind_a_path_that_goes_back_says_how_far(
    dip: Framework, dip_data: Observations
) -> None:
    lines = assess(dip, dip_data, "2019-06-30").explain("R").splitlines()
    # done (95 − 100)/3 = −1.667, due −1.175: behind by 0.492, 0.492/1.175 = 0.419 of the scale
    assert (
        "  standing:    done -1.667, due -1.175, scale 1.175 (its inputs', weighted): behind the "
        "path by 0.492, 0.419 of the scale"
    ) in lines


def test_a_growth_ratio_standing_is_explained() -> None:
    fw = one(
        "g",
        {"name": "g", "unit": "case", "baseline": "100 in 2015", "target": "121 by 2017-12-31"},
    )
    report = assess(fw, cases(fw, ("2016", 110)), "2016-12-31", status_method=GrowthRatio())
    g = report["g"]
    assert g.standing is not None
    assert g.standing.ratio is not None
    # actual (110/100)^(365.25/366) − 1 = 0.0998; required (121/100)^(365.25/731) − 1 = 0.0999
    actual = 1.1 ** (365.25 / 366) - 1
    required = 1.21 ** (365.25 / 731) - 1
    assert g.standing.ratio == pytest.approx(actual / required)
    shown = f"{actual / required:.3f}"
    assert f"  standing:    growth ratio {shown} (actual ÷ required growth, capped at 1)" in (
        g.explain().splitlines()
    )
    assert (
        f"  standing:    growth ratio {shown} (actual ÷ required growth, capped at 1), the "
        "weighted mean of its inputs'"
    ) in report["R"].explain().splitlines()


def test_an_update_that_only_adds_a_projection_lists_it(dip: Framework) -> None:
    rows = [{"indicator": "x", "period": "2016", "value": 95}]
    report = assess(dip, Observations.from_records(rows, dip), "2016-12-31")
    projection = {"indicator": "x", "period": "2020", "value": 104, "kind": "projection"}
    complete = Observations.from_records([*rows, projection], dip)  # not made by with_rows
    assert report["x"].projections == ()  # type: ignore[union-attr]
    updated = report.update(complete)
    assert updated["x"].projections == (("2020", 104.0),)  # type: ignore[union-attr]
