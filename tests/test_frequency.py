"""Reporting frequency: data overdue one period after the next period's end, never a status."""

from __future__ import annotations

from datetime import date

import pytest

import resultsframe as rf
from resultsframe import document as doc
from resultsframe.model import Baseline
from resultsframe.reporting import to_text


def framework(
    frequency: str | None = "annual",
    *,
    baselines: tuple[Baseline, ...] = (Baseline(0, "2015"),),
    targets: tuple[rf.Target, ...] = (rf.Target(100, due="2022-12-31"),),
) -> rf.Framework:
    indicator = rf.Indicator(
        "O1.a",
        "cases referred",
        unit="case",
        baselines=baselines,
        targets=targets,
        frequency=frequency,
    )
    return rf.Framework(
        "f",
        "Referrals",
        [rf.Result("O1", "outcome", "Cases are referred", indicators=[indicator])],
        start="2016-01-01",
        end="2022-12-31",
    )


def observations(fw: rf.Framework, *rows: tuple[str, float]) -> rf.Observations:
    return rf.Observations.from_records(
        [{"indicator": "O1.a", "period": p, "value": v} for p, v in rows], fw
    )


def test_annual_data_is_overdue_once_the_next_year_and_a_year_of_grace_have_passed() -> None:
    fw = framework()
    obs = observations(fw, ("2017", 20), ("2018", 40))
    # Latest: 2018 (ends 2018-12-31). The 2019 figure is due one year after 2019 ends:
    # by 2020-12-31; overdue from 2021-01-01.
    assert rf.assess(fw, obs, as_of="2020-12-31").indicators["O1.a"].overdue_since is None
    entry = rf.assess(fw, obs, as_of="2021-01-01").indicators["O1.a"]
    assert entry.overdue_since == date(2021, 1, 1)
    assert entry.frequency == "annual"
    later = rf.assess(fw, obs, as_of="2022-06-30").indicators["O1.a"]
    assert later.overdue_since == date(2021, 1, 1)  # still the same day: since when


@pytest.mark.parametrize(
    ("frequency", "period", "on_time", "since"),
    [
        # 2019-06-30 + 2 × 6 months = 2020-06-30
        ("semiannual", "2019-01/2019-06", "2020-06-30", date(2020, 7, 1)),
        # 2019-06-30 + 2 × 3 months = 2019-12-31 (the last day of a month stays the last)
        ("quarterly", "2019-04/2019-06", "2019-12-31", date(2020, 1, 1)),
        # 2019-01-31 + 2 × 1 month = 2019-03-31
        ("monthly", "2019-01", "2019-03-31", date(2019, 4, 1)),
    ],
)
def test_each_frequency_gives_a_period_and_a_period_of_grace(
    frequency: str, period: str, on_time: str, since: date
) -> None:
    fw = framework(frequency)
    obs = observations(fw, (period, 10))
    assert rf.assess(fw, obs, as_of=on_time).indicators["O1.a"].overdue_since is None
    assert rf.assess(fw, obs, as_of=since).indicators["O1.a"].overdue_since == since


def test_overdue_data_changes_no_status_nor_achievement() -> None:
    obs_rows = (("2017", 20), ("2018", 40))
    with_frequency = framework("annual")
    without = framework(None)
    a = rf.assess(with_frequency, observations(with_frequency, *obs_rows), as_of="2021-06-30")
    b = rf.assess(without, observations(without, *obs_rows), as_of="2021-06-30")
    assert a.indicators["O1.a"].overdue_since == date(2021, 1, 1)
    assert b.indicators["O1.a"].overdue_since is None
    assert (a.indicators["O1.a"].achievement, a.indicators["O1.a"].status) == (
        b.indicators["O1.a"].achievement,
        b.indicators["O1.a"].status,
    )
    assert a["O1"].progress == b["O1"].progress


def test_without_a_frequency_nothing_is_overdue() -> None:
    fw = framework(None)
    entry = rf.assess(fw, observations(fw, ("2016", 5)), as_of="2030-12-31").indicators["O1.a"]
    assert entry.overdue_since is None
    assert "overdue" not in entry.explain()


def test_with_no_observation_the_periods_count_from_the_baseline_period() -> None:
    fw = framework(baselines=(Baseline(0, "2015"),))
    # Baseline for 2015: the 2016 figure is due by 2017-12-31.
    assert rf.assess(fw, as_of="2017-12-31").indicators["O1.a"].overdue_since is None
    assert rf.assess(fw, as_of="2018-01-01").indicators["O1.a"].overdue_since == date(2018, 1, 1)


def test_with_no_observation_nor_baseline_period_they_count_from_the_start() -> None:
    fw = framework(baselines=(Baseline(0),))
    # Start 2016-01-01: the first year ends 2016-12-31, due by 2017-12-31.
    assert rf.assess(fw, as_of="2017-12-31").indicators["O1.a"].overdue_since is None
    assert rf.assess(fw, as_of="2018-01-01").indicators["O1.a"].overdue_since == date(2018, 1, 1)


def test_a_monitoring_indicator_can_be_overdue_too() -> None:
    fw = framework(targets=())
    entry = rf.assess(fw, observations(fw, ("2016", 5)), as_of="2019-01-01").indicators["O1.a"]
    assert entry.coverage is None  # outside the roll-up, as any monitoring indicator
    assert entry.overdue_since == date(2019, 1, 1)


def test_explain_and_the_terminal_table_say_so() -> None:
    fw = framework()
    report = rf.assess(fw, observations(fw, ("2018", 40)), as_of="2021-03-31")
    assert (
        "  data:        overdue since 2021-01-01 (reported annual; latest observation: 2018); "
        "the status does not change"
    ) in report.explain("O1.a")
    line = next(x for x in to_text(report).splitlines() if "◦ O1.a" in x)
    assert line.endswith(" · data overdue since 2021-01-01")


def test_frequency_travels_in_the_document_and_is_checked() -> None:
    fw = framework("quarterly")
    again = doc.loads(doc.dumps(fw))
    assert again.indicators["O1.a"].frequency is rf.Frequency.QUARTERLY
    assert rf.Frequency.QUARTERLY.months == 3
    with pytest.raises(rf.ValidationError, match="unknown frequency 'weekly'; use one of annual"):
        framework("weekly")
