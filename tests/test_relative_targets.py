"""Targets relative to the baseline ("baseline + 3", "+30 %") resolve once the baseline is known."""

from __future__ import annotations

import pytest

import resultsframe as rf
from resultsframe.model import Baseline
from resultsframe.values import Relative, parse_relative


def framework(*targets: rf.Target, baselines: tuple[Baseline, ...] = ()) -> rf.Framework:
    indicator = rf.Indicator(
        "g.a", "cases resolved", unit="case", baselines=baselines, targets=targets
    )
    return rf.Framework(
        "d", "D", [rf.Result("g", "impact", "x", indicators=[indicator])], start="2016-01-01"
    )


@pytest.mark.parametrize(
    ("text", "change", "relative", "resolved"),
    [
        ("+30 %", 0.3, True, 130.0),
        ("baseline + 30 %", 0.3, True, 130.0),
        ("-10 %", -0.1, True, 90.0),
        ("baseline + 3", 3.0, False, 103.0),
        ("+3", 3.0, False, 103.0),
        ("baseline − 2.5", -2.5, False, 97.5),
    ],
)
def test_changes_from_the_baseline_are_read_as_documented(
    text: str, change: float, relative: bool, resolved: float
) -> None:
    read = parse_relative(text)
    assert read == Relative(change, relative, text)
    assert read.resolve(100) == pytest.approx(resolved)


@pytest.mark.parametrize("text", ["30 %", "12", "XX%", "baseline", "+", "1,5 %"])
def test_other_texts_are_not_changes(text: str) -> None:
    assert parse_relative(text) is None


def test_a_relative_target_resolves_against_the_observed_baseline() -> None:
    fw = framework(rf.Target("+50 %", due="2020-12-31"))
    obs = rf.Observations.from_records(
        [
            {"indicator": "g.a", "period": "2015", "value": 100},
            {"indicator": "g.a", "period": "2020", "value": 125},
        ],
        fw,
    )
    entry = rf.assess(fw, obs, as_of="2020-12-31")["g.a"]
    assert entry.target == 150  # 100 + 50 %
    assert entry.achievement == (125 - 100) / (150 - 100)
    assert "+50 % from the baseline" in entry.explain()


def test_a_relative_target_resolves_against_a_declared_baseline() -> None:
    fw = framework(rf.Target("baseline + 10", due="2020-12-31"), baselines=(Baseline(10, "2015"),))
    obs = rf.Observations.from_records([{"indicator": "g.a", "period": "2020", "value": 15}], fw)
    entry = rf.assess(fw, obs, as_of="2020-12-31")["g.a"]
    assert (entry.baseline, entry.target, entry.achievement) == (10, 20, 0.5)


def test_without_a_baseline_it_is_not_assessable_and_says_why() -> None:
    fw = framework(rf.Target("+50 %", due="2020-12-31"))
    obs = rf.Observations.from_records([{"indicator": "g.a", "period": "2020", "value": 125}], fw)
    entry = rf.assess(fw, obs, as_of="2020-12-31")["g.a"]
    assert entry.status is rf.Status.NOT_ASSESSABLE
    assert entry.coverage == 0
    assert entry.reason is not None
    assert "relative to the baseline (+50 %)" in entry.reason
    assert "no baseline" in entry.reason


def test_relative_targets_round_trip_through_json() -> None:
    fw = framework(
        rf.Target("+30 %", due="2019-12-31"), rf.Target("baseline + 3", due="2020-12-31")
    )
    text = rf.dumps(fw)
    assert '"change": 0.3' in text
    assert rf.loads(text) == fw
    assert rf.dumps(rf.loads(text)) == text
