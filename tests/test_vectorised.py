"""The vectorised pass gives the figures of the entry-by-entry engine, to the last bit.

``assess`` computes the figures of every entry column-wise, results level by level
(``progress/vectorised.py``), and makes an entry only when it is read (``progress/entries.py``).
Every test here compares both with ``Engine.run_entries``, the engine that makes every entry
at once: the figures in the columns (achievement or progress, coverage, expected, standing)
must equal the reference entries' exactly, and so must the entries made on reading.
"""

from __future__ import annotations

import math
import sys
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import resultsframe as rf
from resultsframe.methods import Aggregation, Band, GrowthRatio, Trajectory
from resultsframe.observations import Observations
from resultsframe.progress.entries import Entries
from resultsframe.progress.report import Entry, IndicatorProgress
from strategies import frameworks

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_progress import build_framework, build_observations, synthetic


def _figures_of(entry: Entry) -> tuple[Any, ...]:
    value = entry.achievement if isinstance(entry, IndicatorProgress) else entry.progress
    s = entry.standing
    standing = (None,) * 4 if s is None else (s.done, s.due, s.scale, s.ratio)
    return (value, entry.coverage, entry.expected, *standing)


def _column_figures(entries: Entries, key: str) -> tuple[Any, ...]:
    row = entries.figures.row(entries.layout.slot[key])
    return tuple(None if math.isnan(x) else x for x in row)


def assert_matches_reference(report: rf.ProgressReport) -> int:
    """The report's columns and entries equal the reference engine's; returns the entries."""
    reference = report._engine.run_entries(report.as_of)
    entries = report._entries
    assert isinstance(entries, Entries)
    assert set(entries) == set(reference)
    for key, expected in reference.items():
        assert _column_figures(entries, key) == _figures_of(expected), key
    # Read in reverse (results before their indicators), then every entry compared whole.
    for key in reversed(list(reference)):
        assert entries[key] == reference[key], key
    return len(reference)


@pytest.fixture(scope="module")
def cop() -> tuple[rf.Framework, Observations]:
    return rf.examples.load("cop"), rf.examples.observations("cop")


@pytest.mark.parametrize("day", ["2014-12-31", "2016-12-31", "2020-12-31", "2030-12-31"])
@pytest.mark.parametrize(
    "method", [None, Band(tolerance=0.1), Trajectory(on_track=0.8), GrowthRatio()]
)
@pytest.mark.parametrize("aggregation", [None, "minimum", "all_of"])
def test_cop_every_figure_and_entry_is_the_reference_s(
    cop: tuple[rf.Framework, Observations], day: str, method: Any, aggregation: str | None
) -> None:
    fw, obs = cop
    report = rf.assess(fw, obs, day, status_method=method, aggregation=aggregation)
    assert assert_matches_reference(report) == 54  # 28 results and 26 indicators
    # and with the framework's own published actuals (none: nothing assessable)
    assert_matches_reference(rf.assess(fw, as_of=day, status_method=method))


@pytest.fixture(scope="module")
def synth() -> tuple[rf.Framework, Observations]:
    spec = synthetic(2_000, 30_000, seed=7)
    fw = build_framework(spec)
    return fw, build_observations(spec, fw)


@pytest.mark.parametrize("day", ["2015-12-31", "2016-06-30", "2020-12-31", "2022-12-31", "2026"])
def test_synthetic_framework_every_figure_is_the_reference_s(
    synth: tuple[rf.Framework, Observations], day: str
) -> None:
    fw, obs = synth
    report = rf.assess(fw, obs, day)
    n = assert_matches_reference(report)
    assert n == len(fw) + len(fw.indicators)
    # Its results are on several levels and most of its indicators are column-wise.
    layout = report._entries.layout  # type: ignore[attr-defined]
    assert layout.n_levels == 4
    assert layout.plain.sum() > 0.8 * layout.n_indicators


def test_reading_one_result_makes_its_indicators_entries_and_nothing_below(
    synth: tuple[rf.Framework, Observations],
) -> None:
    fw, obs = synth
    report = rf.assess(fw, obs, "2022-12-31")
    entries = report._entries
    assert isinstance(entries, Entries)
    before = len(entries.figures.made)
    goal = report["impact"]
    assert goal.progress is not None
    made = set(entries.figures.made)
    # the goal and its own indicators: not the thousands of entries below it (a contributing
    # result that is not assessable gives its reason from its inputs' figures)
    assert before == 0
    assert made == {"impact", *(i.id for i in fw.results["impact"].indicators)}


def test_an_update_keeps_the_columns_true(synth: tuple[rf.Framework, Observations]) -> None:
    fw, obs = synth
    report = rf.assess(fw, obs, "2022-12-31")
    report["impact"]  # made before the update: it must be made again after it
    # an output's targeted indicator that is assessable, brought to its target
    target = next(
        i
        for r in fw
        if r.level == "output"
        for i in r.indicators
        if report[i.id].achievement is not None and report[i.id].achievement < 1  # type: ignore[operator]
    )
    value = report[target.id].target
    changed = report.update([{"indicator": target.id, "period": "2022", "value": value}])
    assert assert_matches_reference(changed) == len(report)
    fresh = rf.assess(fw, changed.observations, "2022-12-31")
    assert changed["impact"] == fresh["impact"]
    assert changed["impact"] != report["impact"]
    # the first report is untouched
    assert_matches_reference(report)


def test_updates_of_updates_stay_true(synth: tuple[rf.Framework, Observations]) -> None:
    fw, obs = synth
    report = rf.assess(fw, obs, "2022-12-31")
    outputs = [
        i.id
        for r in fw
        if r.level == "output"
        for i in r.indicators
        if report[i.id].achievement is not None
    ]
    # seven changes in a row, each on the report before: more than the updates whose entries
    # are shared before they are folded in
    for step, iid in enumerate(outputs[:7]):
        report["impact"]
        report = report.update([{"indicator": iid, "period": "2022", "value": float(step)}])
        assert_matches_reference(report)


def test_a_long_chain_is_assessed_entry_by_entry_with_the_same_figures() -> None:
    depth = 300
    results = [
        rf.Result(
            f"r{k}",
            f"l{k}",
            "a result",
            indicators=(
                rf.Indicator(
                    f"i{k}",
                    "a count",
                    unit="case",
                    baselines=(rf.model.Baseline(0, period="2015"),),
                    targets=(rf.Target(10, due="2020-12-31"),),
                ),
            ),
        )
        for k in range(depth)
    ]
    links = [rf.Link(f"r{k + 1}", f"r{k}") for k in range(depth - 1)]
    levels = rf.LevelScheme("chain", [f"l{k}" for k in range(depth)])
    fw = rf.Framework("chain", "a chain", tuple(results), tuple(links), levels=levels)
    obs = Observations.from_records(
        [{"indicator": f"i{k}", "period": "2018", "value": k % 11} for k in range(depth)], fw
    )
    report = rf.assess(fw, obs, "2018-12-31")
    # 300 levels of one result each: not worth numpy's per-call cost
    assert not isinstance(report._entries, Entries)
    assert report._entries == report._engine.run_entries(report.as_of)
    # i0 is 0 of 10 (0 %) … the goal is the mean of its own 0 and r1's progress
    assert report["i0"].achievement == 0.0
    assert report["r0"].progress is not None


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    fw=frameworks(max_results=6),
    day=st.sampled_from(
        [date(2014, 6, 30), date(2018, 12, 31), date(2021, 1, 1), date(2040, 1, 1)]
    ),
    method=st.sampled_from([None, Band(tolerance=0.2), GrowthRatio()]),
    aggregation=st.sampled_from([None, *Aggregation]),
)
def test_any_framework_with_its_actuals_is_assessed_as_the_reference(
    fw: rf.Framework, day: date, method: Any, aggregation: Aggregation | None
) -> None:
    report = rf.assess(fw, as_of=day, status_method=method, aggregation=aggregation)
    if isinstance(report._entries, Entries):
        assert_matches_reference(report)
    else:
        assert dict(report._entries) == report._engine.run_entries(day)


def test_an_unknown_aggregation_is_refused_with_the_known_ones(
    cop: tuple[rf.Framework, Observations],
) -> None:
    fw, obs = cop
    # the hint (did you mean) and every name the aggregation may take
    known = "use one of mean, minimum, all_of"
    with pytest.raises(rf.ValidationError, match=rf"'all-of' \(did you mean 'all_of'\?\); {known}"):
        rf.assess(fw, obs, "2020", aggregation="all-of")
    with pytest.raises(rf.ValidationError, match=r"'minimun' \(did you mean 'minimum'\?\)"):
        rf.assess(fw, obs, "2020", aggregation="minimun")


def test_a_framework_starting_on_the_first_day_there_is_is_assessed() -> None:
    # Found by Hypothesis: data is expected from the day before the start, and there is no day
    # before 0001-01-01, so an indicator without a dated baseline is reported from that day.
    indicator = rf.Indicator(
        "i",
        "a count",
        unit="case",
        baselines=(rf.model.Baseline(0),),
        targets=(rf.Target(10, due="2020-12-31"),),
    )
    fw = rf.Framework(
        "f", "from the start", (rf.Result("r", "impact", "a goal", indicators=(indicator,)),)
    )
    fw = attrs.evolve(fw, start=date(1, 1, 1))
    obs = Observations.from_records([{"indicator": "i", "period": "2018", "value": 4}], fw)
    report = rf.assess(fw, obs, "2018-12-31")
    from resultsframe.progress.plan import structure

    assert structure(fw).plans["i"].reported_from == date(1, 1, 1)
    assert report["i"].achievement == pytest.approx(0.4)  # from 0, 4 of the 10
    assert_matches_reference(report)


def _plan_columns(fw: rf.Framework) -> dict[str, list[Any]]:
    """The layout's indicator columns worked out from each indicator's IndicatorPlan."""
    from resultsframe.progress.plan import RELATIVE, structure

    plans = [structure(fw).plans[iid] for iid in fw.indicators]
    nan = math.nan

    def num(value: float | None) -> float:
        return nan if value is None else float(value)

    return {
        "weight": [p.weight for p in plans],
        "target": [num(p.target) for p in plans],
        "target_kind": [p.target_kind for p in plans],
        "baseline_kind": [p.baseline_kind for p in plans],
        "baseline": [num(p.baseline) for p in plans],
        "baseline_when": [num(p.baseline_when) for p in plans],
        "due": [num(p.due_ordinal) for p in plans],
        "plain": [
            not (
                p.qualitative
                or p.derived
                or p.annotated
                or p.dimensioned
                or p.target_kind == RELATIVE
                or isinstance(p.status_method, GrowthRatio)
            )
            for p in plans
        ],
        "own_method": [p.status_method is not None for p in plans],
        "with_milestones": [k for k, p in enumerate(plans) if p.milestones],
    }


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fw=frameworks(max_results=6))
def test_the_layout_reads_each_indicator_as_its_plan_does(fw: rf.Framework) -> None:
    # The layout reads the indicators themselves (plans are made only for entries made): both
    # must decide every indicator alike.
    from resultsframe.progress.plan import structure
    from resultsframe.progress.vectorised import layout

    lay = layout(structure(fw))
    assert lay.indicator_ids == list(fw.indicators)
    for name, expected in _plan_columns(fw).items():
        assert getattr(lay, name).tolist() == pytest.approx(expected, nan_ok=True), name


def test_the_layout_of_cop_is_its_plans(cop: tuple[rf.Framework, Observations]) -> None:
    from resultsframe.progress.plan import structure
    from resultsframe.progress.vectorised import layout

    fw = cop[0]
    lay = layout(structure(fw))
    columns = _plan_columns(fw)
    for name, expected in columns.items():
        assert getattr(lay, name).tolist() == pytest.approx(expected, nan_ok=True), name
    # COP has pending targets ("XX%") and plain ones: both kinds are in the comparison
    assert {0, 1, 3} <= set(columns["target_kind"])  # none, pending, a number
