"""Progress over time: several dates at once, and a report updated for changed observations.

``assess_over`` must give exactly what separate ``assess`` calls give, and ``report.update``
exactly what a fresh ``assess`` gives, while recomputing only what the change can reach: the
indicators whose observations changed (and those derived from them), their results, and those
results' ancestors.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import resultsframe
from resultsframe import (
    Framework,
    Indicator,
    Observations,
    Result,
    Target,
    assess,
    assess_over,
)
from resultsframe.model import Baseline, Link
from resultsframe.progress import ProgressReport

LEVELS = ("impact", "outcome", "target", "output")
YEARS = list(range(2012, 2021))


def entries(report: ProgressReport) -> dict[str, Any]:
    return dict(report.items())


@pytest.fixture(scope="module")
def cop() -> Framework:
    return resultsframe.examples.load("cop")


@pytest.fixture(scope="module")
def cop_observations() -> Observations:
    return resultsframe.examples.observations("cop")


# --- several dates ---------------------------------------------------------------------------


def test_assess_over_equals_one_assessment_per_date(
    cop: Framework, cop_observations: Observations
) -> None:
    dates = [date(y, 12, 31) for y in range(2015, 2021)] + [date(2016, 6, 30), date(2019, 1, 1)]
    reports = assess_over(cop, cop_observations, dates)
    assert [r.as_of for r in reports] == dates
    for report, when in zip(reports, dates, strict=True):
        alone = assess(cop, cop_observations, when)
        assert entries(report) == entries(alone)
        assert report.to_records() == alone.to_records()
        assert report.explain("impact") == alone.explain("impact")


def test_assess_over_takes_periods_as_text(cop: Framework, cop_observations: Observations) -> None:
    reports = assess_over(cop, cop_observations, ["2016", "2018-06", "2020-12-31"])
    assert [r.as_of for r in reports] == [date(2016, 12, 31), date(2018, 6, 30), date(2020, 12, 31)]


def test_assess_over_no_dates_is_no_reports(cop: Framework) -> None:
    assert assess_over(cop, None, []) == []


def test_progress_of_the_cop_impact_year_by_year(
    cop: Framework, cop_observations: Observations
) -> None:
    t1a_2016 = (161 - 143) / (176.4 - 143)  # 90 % of 196 is 176.4 countries
    reports = assess_over(cop, cop_observations, [f"{y}" for y in range(2015, 2021)])
    by_year = {r.as_of.year: r["impact"].progress for r in reports}
    assert by_year[2015] == 0  # T1.a and T2.a sit on their baselines
    assert by_year[2016] == pytest.approx(t1a_2016 / 2)
    assert by_year[2017] == pytest.approx(t1a_2016 / 2)
    assert by_year[2018] == pytest.approx(1 / 2)  # the 9th ICMEC review: T1.a achieved
    assert by_year[2020] == pytest.approx(1 / 2)


# --- updating a report -----------------------------------------------------------------------


def with_rows(obs: Observations, *rows: dict[str, Any]) -> Observations:
    return Observations.from_records([*obs.to_records(), *rows], obs.framework)


def test_update_equals_a_fresh_assessment(cop: Framework, cop_observations: Observations) -> None:
    report = assess(cop, cop_observations, "2020-12-31")
    changed = with_rows(
        cop_observations,
        {"indicator": "T2.a", "period": "2020", "numerator": 120, "denominator": 196},
    )
    updated = report.update(changed)
    fresh = assess(cop, changed, "2020-12-31")
    assert entries(updated) == entries(fresh)
    assert updated.as_of == report.as_of
    assert updated["T2.a"].value == pytest.approx(120 / 196 * 100)
    assert updated["impact"].progress != report["impact"].progress


def test_update_recomputes_only_the_changed_indicator_and_its_ancestors(
    cop: Framework, cop_observations: Observations
) -> None:
    report = assess(cop, cop_observations, "2020-12-31")
    changed = with_rows(
        cop_observations,
        {"indicator": "T2.a", "period": "2020", "numerator": 120, "denominator": 196},
    )
    updated = report.update(changed)
    recomputed = {key for key in report if updated[key] is not report[key]}
    # T2.a, what is derived from it (impact.a), and the results above them.
    reachable = {"T2.a", "impact.a", "T2", "O2", "impact"}
    assert recomputed <= reachable
    assert {"T2.a", "T2", "impact"} <= recomputed


def test_update_reaches_the_indicators_derived_from_a_changed_one(
    cop: Framework, cop_observations: Observations
) -> None:
    per_country: list[dict[str, Any]] = []
    for area, legislation, hotline, children in [
        ("AA", "yes", "yes", 100),
        ("BB", "no", "yes", 300),
    ]:
        per_country += [
            {"indicator": "T1.a", "period": "2014", "area": area, "value": legislation},
            {"indicator": "T2.a", "period": "2014", "area": area, "value": hotline},
            {"indicator": "impact.w", "period": "2014", "area": area, "value": children},
        ]
    before = with_rows(cop_observations, *per_country)
    report = assess(cop, before, "2020-12-31")
    assert report["impact.a"].value == pytest.approx(100 / 400 * 100)
    after = with_rows(before, {"indicator": "T1.a", "period": "2019", "area": "BB", "value": "yes"})
    updated = report.update(after)
    assert updated["impact.a"].value == pytest.approx(100)
    assert entries(updated) == entries(assess(cop, after, "2020-12-31"))


def test_update_with_the_same_observations_changes_nothing(
    cop: Framework, cop_observations: Observations
) -> None:
    report = assess(cop, cop_observations, "2020-12-31")
    same = Observations.from_records(cop_observations.to_records(), cop)
    updated = report.update(same)
    assert all(updated[key] is report[key] for key in report)


def test_update_keeps_the_report_it_came_from(
    cop: Framework, cop_observations: Observations
) -> None:
    report = assess(cop, cop_observations, "2020-12-31")
    before = entries(report)
    report.update(with_rows(cop_observations, {"indicator": "T2.a", "period": "2020", "value": 30}))
    assert entries(report) == before


def test_rows_given_to_update_are_a_change_and_every_other_row_is_kept(
    cop: Framework, cop_observations: Observations
) -> None:
    report = assess(cop, cop_observations, "2020-12-31")
    row = {"indicator": "T2.a", "period": "2020", "value": 30}
    updated = report.update([row])
    assert len(updated.observations) == len(cop_observations) + 1
    assert updated["T2.a"].value == 30
    assert (
        updated.to_records()
        == assess(cop, with_rows(cop_observations, row), "2020-12-31").to_records()
    )
    # the same rows as Observations are the complete observations: the rest has no data then
    alone = report.update(Observations.from_records([row], cop))
    assert alone["T2.a"].value == 30
    assert report["T1.a"].value is not None
    assert alone["T1.a"].value is None


# --- the same, for any small framework --------------------------------------------------------


# Strategies are made once: building them inside every draw costs more than the assessments.
COUNT = st.integers(1, 6)
LEVEL = st.integers(0, 3)
HOW_MANY = st.integers(0, 3)
KIND = st.sampled_from(["counted", "counted", "pending", "monitoring", "text"])
DUE = st.sampled_from([None, "2018-12-31", "2020-12-31"])
NUMBER = st.integers(0, 100)
MAYBE_NUMBER = st.none() | NUMBER
DIRECTION = st.sampled_from(["increase", "decrease"])
WEIGHT = st.sampled_from([1, 2, 3])
YEAR_LISTS = st.lists(st.sampled_from(YEARS), unique=True, max_size=3)
PARENTS = st.lists(st.integers(0, 5), unique=True, max_size=2)
ACTION = st.sampled_from(["keep", "keep", "change", "drop"])
AS_OF = st.sampled_from(["2014-12-31", "2016-06-30", "2018", "2020-12-31", "2024"])


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    """Small frameworks: a few results on the four levels, linked upward into a DAG."""
    count = draw(COUNT)
    levels = sorted(draw(LEVEL) for _ in range(count))
    results = []
    for n, level in enumerate(levels):
        indicators = []
        for k in range(draw(HOW_MANY)):
            iid = f"r{n}.i{k}"
            kind = draw(KIND)
            if kind == "text":
                indicators.append(Indicator(iid, iid, measure="qualitative"))
                continue
            if kind == "pending":
                targets: tuple[Target, ...] = (Target("XX%", due="2020-12-31"),)
                measure, unit = "share", "%"
            else:
                measure, unit = "quantity", "case"
                targets = ()
                if kind == "counted":
                    targets = (Target(draw(NUMBER), due=draw(DUE)),)
            baseline = draw(MAYBE_NUMBER)
            indicators.append(
                Indicator(
                    iid,
                    iid,
                    measure=measure,
                    unit=unit,
                    direction=draw(DIRECTION),
                    baselines=(Baseline(baseline, period="2013"),) if baseline is not None else (),
                    targets=targets,
                    weight=draw(WEIGHT),
                )
            )
        results.append(Result(f"r{n}", LEVELS[level], f"result {n}", indicators=tuple(indicators)))
    links = []
    for n, level in enumerate(levels):
        higher = [m for m, other in enumerate(levels) if other < level]
        for parent in {higher[k % len(higher)] for k in draw(PARENTS)} if higher else ():
            links.append(Link(f"r{n}", f"r{parent}", weight=draw(WEIGHT)))
    return Framework(
        "f", "Drawn", tuple(results), links=tuple(links), start="2015-01-01", end="2020-12-31"
    )


def measured(framework: Framework) -> list[str]:
    return [i.id for i in framework.indicators.values() if i.measure.value != "qualitative"]


def rows_of(rows: list[dict[str, Any]], indicator_id: str) -> list[tuple[int, str, int]]:
    """An indicator's rows with their positions: an entry names the row its value came from."""
    return [
        (n, r["period"], r["value"]) for n, r in enumerate(rows) if r["indicator"] == indicator_id
    ]


@st.composite
def records(draw: st.DrawFn, framework: Framework) -> list[dict[str, Any]]:
    rows = []
    for iid in measured(framework):
        for year in draw(YEAR_LISTS):
            rows.append({"indicator": iid, "period": str(year), "value": draw(NUMBER)})
    return rows


@st.composite
def scenarios(
    draw: st.DrawFn,
) -> tuple[Framework, list[dict[str, Any]], list[dict[str, Any]], str]:
    framework = draw(frameworks())
    before = draw(records(framework))
    # The change: some rows get new values, some go, some come.
    after = []
    for row in before:
        action = draw(ACTION)
        if action == "keep":
            after.append(row)
        elif action == "change":
            after.append({**row, "value": draw(NUMBER)})
    taken = {(r["indicator"], r["period"]) for r in after}
    for extra in draw(records(framework)):
        if (extra["indicator"], extra["period"]) not in taken:
            taken.add((extra["indicator"], extra["period"]))
            after.append(extra)
    as_of = draw(AS_OF)
    return framework, before, after, as_of


@settings(max_examples=60)
@given(scenarios())
def test_update_always_equals_a_fresh_assessment(
    scenario: tuple[Framework, list[dict[str, Any]], list[dict[str, Any]], str],
) -> None:
    framework, before, after, as_of = scenario
    old = Observations.from_records(before, framework)
    new = Observations.from_records(after, framework)
    report = assess(framework, old, as_of)
    updated = report.update(new)
    assert entries(updated) == entries(assess(framework, new, as_of))
    # What the change cannot reach is left as it was.
    touched = {key for key in report if updated[key] is not report[key]}
    changed = {i for i in measured(framework) if rows_of(before, i) != rows_of(after, i)}
    reachable = set(changed)
    frontier = [framework.result_of(i).id for i in changed]
    while frontier:
        rid = frontier.pop()
        if rid not in reachable:
            reachable.add(rid)
            frontier += framework.parents(rid)
    assert touched <= reachable


@settings(max_examples=30)
@given(scenarios())
def test_assess_over_always_equals_one_assessment_per_date(
    scenario: tuple[Framework, list[dict[str, Any]], list[dict[str, Any]], str],
) -> None:
    framework, rows, _, _ = scenario
    obs = Observations.from_records(rows, framework)
    dates = ["2014-12-31", "2015-06-30", "2017", "2020-12-31"]
    for report, when in zip(assess_over(framework, obs, dates), dates, strict=True):
        assert entries(report) == entries(assess(framework, obs, when))
