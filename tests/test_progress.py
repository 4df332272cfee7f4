"""The rules of "Progress, precisely", one by one, on small frameworks built for each rule.

Every expected figure is written out by hand from the numbers the test puts in.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    UnknownIdError,
    assess,
)
from resultsframe.methods import Aggregation
from resultsframe.model import Baseline, Link
from resultsframe.progress import IndicatorProgress, ProgressReport, ResultProgress

Row = tuple[str, str, float]


def counted(
    indicator_id: str,
    target: float | str | None = 100,
    *,
    baseline: float | None = None,
    baseline_period: str | None = "2014",
    weight: float = 1,
    direction: str = "increase",
    due: str = "2020-12-31",
) -> Indicator:
    """An indicator counting cases, with one target (or none: monitoring)."""
    return Indicator(
        indicator_id,
        f"cases of {indicator_id}",
        unit="case",
        direction=direction,
        baselines=(Baseline(baseline, period=baseline_period),) if baseline is not None else (),
        targets=(Target(target, due=due),) if target is not None else (),
        weight=weight,
    )


def one_result(*indicators: Indicator, start: str | None = "2015-01-01") -> Framework:
    return Framework(
        "t",
        "Test",
        (Result("goal", "impact", "The goal", indicators=indicators),),
        start=start,
        end="2020-12-31",
    )


def observe(framework: Framework, *rows: Row) -> Observations:
    return Observations.from_records(
        [{"indicator": i, "period": p, "value": v} for i, p, v in rows], framework
    )


def indicator(report: ProgressReport, key: str) -> IndicatorProgress:
    entry = report[key]
    assert isinstance(entry, IndicatorProgress)
    return entry


def result(report: ProgressReport, key: str) -> ResultProgress:
    entry = report[key]
    assert isinstance(entry, ResultProgress)
    return entry


def assess_one(
    ind: Indicator, rows: Sequence[Row], as_of: str, start: str | None = "2015-01-01"
) -> IndicatorProgress:
    fw = one_result(ind, start=start)
    return indicator(assess(fw, observe(fw, *rows), as_of=as_of), ind.id)


# --- 1. the value as of a date ---------------------------------------------------------------


def test_the_value_is_the_latest_observation_ending_on_or_before_the_date() -> None:
    ind = counted("x", baseline=0)
    rows = [("x", "2016", 40), ("x", "2014", 20), ("x", "2018", 60)]
    assert assess_one(ind, rows, "2016-12-31").value == 40
    assert assess_one(ind, rows, "2017-12-31").value == 40
    assert assess_one(ind, rows, "2018-12-31").value == 60
    assert assess_one(ind, rows, "2030-01-01").value == 60


def test_a_yearly_figure_counts_only_once_its_year_is_over() -> None:
    ind = counted("x", baseline=0)
    rows = [("x", "2014", 20), ("x", "2016", 40)]
    # The 2016 figure covers the whole year: on 30 June 2016 the latest finished one is 2014's.
    assert assess_one(ind, rows, "2016-06-30").value == 20
    assert assess_one(ind, rows, "2016-12-30").value == 20
    assert assess_one(ind, rows, "2016-12-31").value == 40


def test_months_and_days_end_when_they_end() -> None:
    ind = counted("x", baseline=0)
    rows = [("x", "2016-06", 30), ("x", "2016-08-15", 35)]
    assert assess_one(ind, rows, "2016-06-29").value is None
    assert assess_one(ind, rows, "2016-06-30").value == 30
    assert assess_one(ind, rows, "2016-08-14").value == 30
    assert assess_one(ind, rows, "2016-08-15").value == 35


def test_no_value_yet_is_not_assessable_and_says_so() -> None:
    entry = assess_one(counted("x", baseline=0), [("x", "2019", 50)], "2018-12-31")
    assert entry.value is None
    assert entry.achievement is None
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.coverage == 0
    assert entry.reason is not None
    assert "no observation of x" in entry.reason
    assert "2018-12-31" in entry.reason


def test_disaggregated_rows_are_kept_but_are_not_the_headline_value() -> None:
    fw = one_result(counted("x", baseline=0))
    obs = Observations.from_records(
        [
            {"indicator": "x", "period": "2016", "value": 40},
            {"indicator": "x", "period": "2017", "value": 10, "sex": "female"},
        ],
        fw,
    )
    assert len(obs) == 2
    assert indicator(assess(fw, obs, "2017-12-31"), "x").value == 40


# --- 2. the baseline -------------------------------------------------------------------------


def test_a_declared_baseline_beats_the_observations() -> None:
    ind = counted("x", baseline=10)
    entry = assess_one(ind, [("x", "2014", 20), ("x", "2016", 55)], "2016-12-31")
    assert entry.baseline == 10
    assert entry.achievement == pytest.approx((55 - 10) / (100 - 10))
    assert entry.baseline_source == "declared"


def test_the_baseline_is_the_latest_observation_ending_by_the_start() -> None:
    ind = counted("x")
    rows = [("x", "2013", 10), ("x", "2014", 20), ("x", "2015", 30), ("x", "2016", 60)]
    entry = assess_one(ind, rows, "2016-12-31")  # the framework starts on 2015-01-01
    assert entry.baseline == 20  # 2015's figure ends after the start
    assert entry.baseline_period == "2014"
    assert entry.achievement == pytest.approx((60 - 20) / (100 - 20))


def test_an_observation_ending_on_the_start_day_is_the_baseline() -> None:
    ind = counted("x")
    entry = assess_one(ind, [("x", "2014", 10), ("x", "2016", 30)], "2016-12-31", "2014-12-31")
    assert entry.baseline == 10


def test_no_baseline_means_not_assessable_never_zero() -> None:
    entry = assess_one(counted("x"), [("x", "2015", 10), ("x", "2016", 60)], "2016-12-31")
    assert entry.value == 60
    assert entry.baseline is None
    assert entry.achievement is None
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.coverage == 0
    assert entry.reason is not None
    assert entry.reason.startswith("no baseline")
    assert "2015-01-01" in entry.reason


def test_no_baseline_without_a_start_date() -> None:
    entry = assess_one(counted("x"), [("x", "2014", 10), ("x", "2016", 60)], "2016-12-31", None)
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.reason is not None
    assert entry.reason.startswith("no baseline")
    assert "start" in entry.reason


# --- 3. achievement ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "raw", "clipped"),
    [
        (30, (30 - 20) / (60 - 20), (30 - 20) / (60 - 20)),
        (60, 1.0, 1.0),
        (70, (70 - 20) / (60 - 20), 1.0),  # over-achievement kept raw
        (10, (10 - 20) / (60 - 20), 0.0),  # regression kept raw
    ],
)
def test_achievement_of_an_increasing_indicator(value: float, raw: float, clipped: float) -> None:
    ind = counted("x", 60, baseline=20)
    entry = assess_one(ind, [("x", "2016", value)], "2016-12-31")
    assert entry.achievement_raw == pytest.approx(raw)
    assert entry.achievement == pytest.approx(clipped)


@pytest.mark.parametrize(
    ("value", "raw", "clipped"),
    [
        (40, (40 - 50) / (10 - 50), (40 - 50) / (10 - 50)),
        (5, (5 - 50) / (10 - 50), 1.0),  # below the target: beyond it
        (60, (60 - 50) / (10 - 50), 0.0),  # moved the wrong way
    ],
)
def test_achievement_of_a_decreasing_indicator(value: float, raw: float, clipped: float) -> None:
    ind = counted("x", 10, baseline=50, direction="decrease")
    entry = assess_one(ind, [("x", "2016", value)], "2016-12-31")
    assert entry.achievement_raw == pytest.approx(raw)
    assert entry.achievement == pytest.approx(clipped)


def test_over_achievement_is_achieved_and_regression_is_off_track() -> None:
    ind = counted("x", 60, baseline=20)
    assert assess_one(ind, [("x", "2016", 70)], "2016-12-31").status is Status.ACHIEVED
    assert assess_one(ind, [("x", "2016", 10)], "2016-12-31").status is Status.OFF_TRACK


def test_the_roll_up_takes_the_clipped_achievement() -> None:
    fw = one_result(counted("over", 60, baseline=20), counted("under", 60, baseline=20))
    report = assess(fw, observe(fw, ("over", "2016", 100), ("under", "2016", 0)), "2016-12-31")
    # Raw 2 and −0.5 would average 0.75; clipped they are 1 and 0.
    assert result(report, "goal").progress == pytest.approx((1 + 0) / 2)


def test_a_target_equal_to_the_baseline_is_not_assessable_not_a_division_by_zero() -> None:
    entry = assess_one(counted("x", 50, baseline=50), [("x", "2016", 60)], "2016-12-31")
    assert entry.achievement is None
    assert entry.achievement_raw is None
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.coverage == 0
    assert entry.reason is not None
    assert "baseline" in entry.reason
    assert "50" in entry.reason


def test_a_pending_target_is_not_assessable_and_keeps_its_text() -> None:
    ind = Indicator(
        "x",
        "share",
        measure="share",
        unit="%",
        baselines=(Baseline(10, period="2014"),),
        targets=(Target("XX%", due="2020-12-31"),),
    )
    entry = assess_one(ind, [("x", "2016", 30)], "2016-12-31")
    assert entry.value == 30  # still shown
    assert entry.target is None
    assert entry.achievement is None
    assert entry.coverage == 0
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.reason is not None
    assert "pending" in entry.reason
    assert "XX%" in entry.reason


def test_a_qualitative_indicator_is_not_measured_nor_aggregated() -> None:
    qualitative = Indicator("q", "Public consultations", measure="qualitative")
    fw = one_result(counted("x", baseline=0), qualitative)
    report = assess(fw, observe(fw, ("x", "2016", 25)), "2016-12-31")
    q = indicator(report, "q")
    assert q.coverage is None
    assert q.achievement is None
    assert q.status is Status.NOT_ASSESSABLE
    assert q.reason is not None
    assert "qualitative" in q.reason
    goal = result(report, "goal")
    assert [i.id for i in goal.inputs] == ["x"]
    assert goal.progress == pytest.approx(0.25)
    assert goal.coverage == 1


# --- 4. roll-up ------------------------------------------------------------------------------


def linked() -> Framework:
    """goal ← o1 (link weight 2), o2 (1), o3 (5, nothing targeted); o3 ← t1 (nothing at all)."""
    return Framework(
        "t",
        "Test",
        (
            Result("goal", "impact", "Goal", indicators=(counted("g.a", baseline=0, weight=2),)),
            Result(
                "o1",
                "outcome",
                "One",
                indicators=(
                    counted("o1.a", baseline=0, weight=3),
                    counted("o1.b", baseline=0),
                    counted("o1.m", None),
                ),
            ),
            Result(
                "o2",
                "outcome",
                "Two",
                indicators=(
                    Indicator(
                        "o2.a", "pending", measure="share", unit="%", targets=(Target("XX%"),)
                    ),
                    counted("o2.b", baseline=0),
                ),
            ),
            Result("o3", "outcome", "Three", indicators=(counted("o3.m", None),)),
            Result("t1", "target", "Nothing measured"),
        ),
        links=(
            Link("o1", "goal", weight=2),
            Link("o2", "goal", weight=1),
            Link("o3", "goal", weight=5),
            Link("t1", "o3"),
        ),
        start="2015-01-01",
        end="2020-12-31",
    )


LINKED_ROWS: tuple[Row, ...] = (
    ("g.a", "2020", 50),
    ("o1.a", "2020", 125),
    ("o1.b", "2020", 20),
    ("o1.m", "2020", 7),
    ("o2.b", "2020", 60),
    ("o3.m", "2020", 3),
)


@pytest.fixture(scope="module")
def linked_report() -> ProgressReport:
    fw = linked()
    return assess(fw, observe(fw, *LINKED_ROWS), "2020-12-31")


def test_a_result_is_the_weighted_mean_of_its_indicators(linked_report: ProgressReport) -> None:
    o1 = result(linked_report, "o1")
    # o1.a: 125 of 100 → 1 (clipped), weight 3; o1.b: 20 of 100 → 0.2, weight 1.
    assert o1.progress == pytest.approx((3 * 1 + 1 * 0.2) / (3 + 1))
    assert o1.coverage == 1


def test_link_weights_and_indicator_weights_combine(linked_report: ProgressReport) -> None:
    goal = result(linked_report, "goal")
    o1 = (3 * 1 + 1 * 0.2) / 4
    o2 = 0.6  # o2.b: 60 of 100; o2.a left out
    g_a = 0.5
    assert goal.progress == pytest.approx((2 * g_a + 2 * o1 + 1 * o2) / (2 + 2 + 1))
    assert {(i.id, i.weight) for i in goal.inputs} == {("g.a", 2), ("o1", 2), ("o2", 1)}


def test_coverage_is_recursive(linked_report: ProgressReport) -> None:
    assert result(linked_report, "o2").coverage == pytest.approx((0 + 1) / 2)
    goal = result(linked_report, "goal")
    assert goal.coverage == pytest.approx((2 * 1 + 2 * 1 + 1 * 0.5) / (2 + 2 + 1))


def test_monitoring_indicators_are_outside_progress_and_coverage(
    linked_report: ProgressReport,
) -> None:
    monitoring = indicator(linked_report, "o1.m")
    assert monitoring.value == 7  # still reported
    assert monitoring.coverage is None
    assert monitoring.reason is not None
    assert "no target" in monitoring.reason
    assert "o1.m" not in [i.id for i in result(linked_report, "o1").inputs]


def test_results_with_nothing_targeted_below_them_are_outside(
    linked_report: ProgressReport,
) -> None:
    for key in ("o3", "t1"):
        entry = result(linked_report, key)
        assert entry.progress is None
        assert entry.coverage is None
        assert entry.status is Status.NOT_ASSESSABLE
        assert entry.reason is not None
        assert "no targeted indicator" in entry.reason
    # o3 has the largest link weight, yet it changes neither the goal's progress nor its coverage.
    assert "o3" not in [i.id for i in result(linked_report, "goal").inputs]


def test_not_assessable_inputs_are_left_out_of_the_mean_and_named(
    linked_report: ProgressReport,
) -> None:
    o2 = result(linked_report, "o2")
    assert o2.progress == pytest.approx(0.6)  # not (0 + 0.6) / 2
    left_out = {i.id: i.reason for i in o2.inputs if i.value is None}
    assert list(left_out) == ["o2.a"]
    assert left_out["o2.a"] is not None
    assert "pending" in left_out["o2.a"]


def test_zero_coverage_is_not_assessable_never_zero_progress() -> None:
    fw = linked()
    report = assess(fw, observe(fw, ("o1.m", "2020", 7)), "2020-12-31")
    for key in ("goal", "o1", "o2"):
        entry = result(report, key)
        assert entry.coverage == 0
        assert entry.progress is None
        assert entry.status is Status.NOT_ASSESSABLE


def test_a_shared_output_counts_for_both_targets() -> None:
    fw = Framework(
        "t",
        "Test",
        (
            Result("a", "target", "A", indicators=(counted("a.x", baseline=0),)),
            Result("b", "target", "B", indicators=(counted("b.x", baseline=0),)),
            Result("shared", "output", "Both", indicators=(counted("s.x", baseline=0),)),
        ),
        links=(Link("shared", "a"), Link("shared", "b")),
        start="2015-01-01",
        end="2020-12-31",
    )
    report = assess(
        fw, observe(fw, ("a.x", "2020", 100), ("b.x", "2020", 0), ("s.x", "2020", 50)), "2020"
    )
    assert result(report, "a").progress == pytest.approx((1 + 0.5) / 2)
    assert result(report, "b").progress == pytest.approx((0 + 0.5) / 2)


# --- other aggregations ----------------------------------------------------------------------


def test_minimum_aggregation_per_result(linked_report: ProgressReport) -> None:
    fw = linked()
    bottleneck = attrs.evolve(
        fw,
        results=tuple(attrs.evolve(r, aggregation="minimum") if r.id == "o1" else r for r in fw),
    )
    report = assess(bottleneck, observe(bottleneck, *LINKED_ROWS), "2020-12-31")
    o1 = result(report, "o1")
    assert o1.aggregation is Aggregation.MINIMUM
    assert o1.progress == pytest.approx(0.2)
    assert o1.coverage == 1
    # Only o1 changed: the goal still takes the weighted mean, now with o1 at 0.2.
    goal = result(report, "goal")
    assert goal.aggregation is Aggregation.MEAN
    assert goal.progress == pytest.approx((2 * 0.5 + 2 * 0.2 + 1 * 0.6) / 5)


def test_an_aggregation_for_every_result() -> None:
    fw = linked()
    report = assess(fw, observe(fw, *LINKED_ROWS), "2020-12-31", aggregation="minimum")
    assert result(report, "o1").progress == pytest.approx(0.2)
    assert result(report, "o2").progress == pytest.approx(0.6)
    assert result(report, "goal").progress == pytest.approx(min(0.5, 0.2, 0.6))
    # Coverage does not depend on how the inputs are combined.
    assert result(report, "goal").coverage == pytest.approx((2 + 2 + 0.5) / 5)


def all_of(*rows: Row, pending: bool = False) -> ResultProgress:
    indicators = [counted("a", baseline=0), counted("b", baseline=0)]
    if pending:
        indicators.append(
            Indicator("p", "pending", measure="share", unit="%", targets=(Target("XX%"),))
        )
    fw = Framework(
        "t",
        "Test",
        (Result("goal", "impact", "Goal", indicators=tuple(indicators), aggregation="all_of"),),
        start="2015-01-01",
        end="2020-12-31",
    )
    return result(assess(fw, observe(fw, *rows), "2020-12-31"), "goal")


def test_all_of_is_achieved_only_when_every_input_is() -> None:
    done = all_of(("a", "2020", 100), ("b", "2020", 120))
    assert (done.progress, done.status) == (1, Status.ACHIEVED)
    half = all_of(("a", "2020", 100), ("b", "2020", 99))
    assert half.progress == 0
    assert half.status is Status.OFF_TRACK


def test_all_of_with_an_unknown_input_is_not_assessable_unless_another_fails() -> None:
    unknown = all_of(("a", "2020", 100), ("b", "2020", 100), pending=True)
    assert unknown.progress is None
    assert unknown.status is Status.NOT_ASSESSABLE
    assert unknown.coverage == pytest.approx(2 / 3)
    assert unknown.reason is not None
    assert "all-of" in unknown.reason
    failed = all_of(("a", "2020", 100), ("b", "2020", 10), pending=True)
    assert failed.progress == 0


def test_an_unknown_aggregation_is_refused() -> None:
    fw = one_result(counted("x", baseline=0))
    with pytest.raises(ValueError, match="average"):
        assess(fw, None, "2020", aggregation="average")


# --- the report -------------------------------------------------------------------------------


def test_the_report_has_an_entry_for_every_result_and_indicator(
    linked_report: ProgressReport,
) -> None:
    fw = linked()
    expected = []
    for r in fw:
        expected.append(r.id)
        expected += [i.id for i in r.indicators]
    assert list(linked_report) == expected
    assert len(linked_report) == len(expected)
    assert set(linked_report.results) == set(fw.results)
    assert set(linked_report.indicators) == set(fw.indicators)


def test_an_unknown_id_names_the_framework(linked_report: ProgressReport) -> None:
    with pytest.raises(UnknownIdError, match="nope") as caught:
        linked_report["nope"]
    assert "'t'" in str(caught.value)
    with pytest.raises(KeyError):
        linked_report.explain("nope")


def test_as_of_takes_dates_periods_and_defaults_to_today() -> None:
    fw = one_result(counted("x", baseline=0))
    assert assess(fw, None, date(2016, 5, 1)).as_of == date(2016, 5, 1)
    assert assess(fw, None, "2016").as_of == date(2016, 12, 31)
    assert assess(fw, None, "2016-02").as_of == date(2016, 2, 29)
    before = date.today()
    today = assess(fw, None).as_of
    assert before <= today <= date.today()


def test_records_have_the_published_keys(linked_report: ProgressReport) -> None:
    records = linked_report.to_records()
    assert [r["id"] for r in records] == list(linked_report)
    keys = [
        "id",
        "kind",
        "value",
        "unit",
        "baseline",
        "target",
        "achievement",
        "achievement_raw",
        "progress",
        "coverage",
        "status",
        "reason",
        # issue 10: the path's figures, overdue data and a qualitative indicator's text
        "expected",
        "expected_raw",
        "overdue_since",
        "text",
        # issue 11: what the published figures say is wrong (a share over 100 %, not a number)
        "findings",
    ]
    for record in records:
        assert list(record) == keys
    by_id = {r["id"]: r for r in records}
    assert by_id["o1.a"]["kind"] == "indicator"
    assert by_id["o1.a"]["achievement"] == 1
    assert by_id["o1.a"]["achievement_raw"] == pytest.approx(1.25)
    assert by_id["o1.a"]["unit"] == "case"
    assert by_id["goal"]["kind"] == "result"
    assert by_id["goal"]["status"] == "at_risk"
    assert by_id["o3"]["reason"] is not None


# --- 6. explanations -------------------------------------------------------------------------


def test_an_indicator_explains_its_observation_baseline_target_and_formula() -> None:
    fw = one_result(counted("x", 60))
    obs = Observations.from_records(
        [
            {"indicator": "x", "period": "2014", "value": 20, "source": "census 2014"},
            {"indicator": "x", "period": "2016-06", "value": 30, "source": "survey 2016"},
        ],
        fw,
    )
    text = assess(fw, obs, "2016-12-31").explain("x")
    assert "x as of 2016-12-31" in text
    assert "30 case for 2016-06; source: survey 2016" in text  # the observation used
    assert "20 case for 2014; source: census 2014" in text  # the baseline
    assert "framework's start" in text  # and why it is the baseline
    assert "60 case due 2020-12-31" in text  # the target
    assert "(30 − 20) / (60 − 20) = 0.250" in text  # the formula


def test_a_share_explains_its_numerator_and_denominator() -> None:
    ind = Indicator(
        "s", "share", measure="share", unit="%", targets=(Target(90, due="2020-12-31"),)
    )
    fw = one_result(ind)
    obs = Observations.from_records(
        [
            {"indicator": "s", "period": "2012", "numerator": 143, "denominator": 196},
            {"indicator": "s", "period": "2018", "numerator": 180, "denominator": 196},
        ],
        fw,
    )
    text = assess(fw, obs, "2020-12-31").explain("s")
    assert "(180/196) for 2018" in text
    assert "(143/196) for 2012" in text
    assert "clipped to 1.000" in text


def test_a_result_explains_its_inputs_weights_and_what_was_left_out(
    linked_report: ProgressReport,
) -> None:
    text = linked_report.explain("goal")
    lines = text.splitlines()
    assert lines[0] == "goal (impact) as of 2020-12-31"
    assert "mean" in text
    assert any("g.a" in line and "weight 2" in line for line in lines)
    assert any("o1" in line and "weight 2" in line for line in lines)
    assert any("o2" in line and "weight 1" in line and "coverage 0.500" in line for line in lines)
    o2 = linked_report.explain("o2")
    assert any(
        "o2.a" in line and "left out" in line and "pending" in line for line in o2.splitlines()
    )


def test_a_result_explains_what_stays_outside_its_roll_up(linked_report: ProgressReport) -> None:
    goal = linked_report.explain("goal")
    assert any("o3" in line and "no targeted indicator" in line for line in goal.splitlines())
    o1 = linked_report.explain("o1")
    assert any("o1.m" in line and "no target" in line for line in o1.splitlines())


def test_an_explanation_says_why_a_figure_is_missing() -> None:
    entry = assess_one(counted("x"), [("x", "2016", 60)], "2016-12-31")
    text = entry.explain()
    assert "not_assessable" in text
    assert "no baseline" in text
