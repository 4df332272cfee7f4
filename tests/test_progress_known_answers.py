"""Known answers: the COP demo data, with every figure computed by hand from the published numbers.

The figures (ICMEC reviews of national legislation, INHOPE hotline countries, the UN Treaty
Collection's list of parties to the OPSC) are those of ``src/resultsframe/examples/``; the
expected values below are written out from them, never taken from the code under test.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

import resultsframe
from resultsframe import Observations, Status, assess
from resultsframe.progress import IndicatorProgress, ProgressReport, ResultProgress

DATA = Path(__file__).parent / "data" / "observations"

# The published figures, as countries out of the countries reviewed.
T1A_2012 = 143 / 196 * 100  # ICMEC 7th ed.: 196 reviewed, 53 with no specific legislation
T1A_2016 = 161 / 196 * 100  # ICMEC 8th ed.
T1A_2018 = 180 / 196 * 100  # ICMEC 9th ed.: 196 reviewed, 16 with none
T1A_TARGET = 90.0
T2A_2014 = 45 / 196 * 100  # INHOPE 2014: hotlines in 45 countries
T2A_2015 = 45 / 196 * 100  # INHOPE 2015: still 45 countries
T2A_2018 = 41 / 196 * 100  # INHOPE 2018: 41 countries
T2A_TARGET = 70.0


@pytest.fixture(scope="module")
def framework() -> resultsframe.Framework:
    return resultsframe.examples.load("cop")


@pytest.fixture(scope="module")
def observations() -> Observations:
    return resultsframe.examples.observations("cop")


@pytest.fixture(scope="module")
def at_end(framework: resultsframe.Framework, observations: Observations) -> ProgressReport:
    return assess(framework, observations, as_of=date(2020, 12, 31))


@pytest.fixture(scope="module")
def at_2016(framework: resultsframe.Framework, observations: Observations) -> ProgressReport:
    return assess(framework, observations, as_of="2016-12-31")


def indicator(report: ProgressReport, key: str) -> IndicatorProgress:
    entry = report[key]
    assert isinstance(entry, IndicatorProgress)
    return entry


def result(report: ProgressReport, key: str) -> ResultProgress:
    entry = report[key]
    assert isinstance(entry, ResultProgress)
    return entry


# --- as of the end of the time frame ---------------------------------------------------------


def test_t1a_at_the_end_is_180_of_196_countries_and_achieved(at_end: ProgressReport) -> None:
    t1a = indicator(at_end, "T1.a")
    assert t1a.value == pytest.approx(T1A_2018)
    assert round(t1a.value or 0, 2) == 91.84
    assert t1a.unit == "percent"
    assert t1a.target == pytest.approx(T1A_TARGET)
    # No baseline is declared: the latest review ending before 2015-01-01 is the 2012 one.
    assert t1a.baseline == pytest.approx(T1A_2012)
    raw = (T1A_2018 - T1A_2012) / (T1A_TARGET - T1A_2012)
    assert raw > 1
    assert t1a.achievement_raw == pytest.approx(raw)
    assert t1a.achievement == 1
    assert t1a.status is Status.ACHIEVED
    assert t1a.coverage == 1
    assert t1a.reason is None


def test_t1a_keeps_the_share_it_was_computed_from(at_end: ProgressReport) -> None:
    t1a = indicator(at_end, "T1.a")
    assert t1a.value_used is not None
    assert (t1a.value_used.numerator, t1a.value_used.denominator) == (180, 196)
    assert t1a.value_used.period == "2018-12-06"
    assert t1a.baseline_used is not None
    assert (t1a.baseline_used.numerator, t1a.baseline_used.denominator) == (143, 196)
    assert t1a.baseline_used.period == "2012"


def test_t2a_at_the_end_is_41_of_196_against_a_2014_baseline_of_45_and_off_track(
    at_end: ProgressReport,
) -> None:
    t2a = indicator(at_end, "T2.a")
    assert t2a.value == pytest.approx(T2A_2018)
    assert round(t2a.value or 0, 2) == 20.92
    assert t2a.baseline == pytest.approx(T2A_2014)
    assert t2a.baseline_period == "2014"
    assert t2a.target == pytest.approx(T2A_TARGET)
    raw = (T2A_2018 - T2A_2014) / (T2A_TARGET - T2A_2014)
    assert raw < 0  # fewer countries than at the start: a regression, kept raw
    assert t2a.achievement_raw == pytest.approx(raw)
    assert t2a.achievement == 0
    assert t2a.status is Status.OFF_TRACK


def test_t1_is_complete_and_t2_has_made_no_progress(at_end: ProgressReport) -> None:
    t1, t2 = result(at_end, "T1"), result(at_end, "T2")
    assert (t1.progress, t1.coverage, t1.status) == (1, 1, Status.ACHIEVED)
    assert (t2.progress, t2.coverage, t2.status) == (0, 1, Status.OFF_TRACK)
    # The outcomes above them have nothing else to go on.
    assert result(at_end, "O1").progress == 1
    assert result(at_end, "O2").progress == 0


def test_t2_never_adds_inhope_and_iwf_countries(at_end: ProgressReport) -> None:
    # IWF portals (P2.6.a) are a monitoring count: they stay out of T2's progress.
    t2 = result(at_end, "T2")
    assert [(i.id, i.kind) for i in t2.inputs] == [("T2.a", "indicator")]
    p26a = indicator(at_end, "P2.6.a")
    assert p26a.value == 38  # Senegal, the 38th portal, 2020
    assert p26a.coverage is None


@pytest.mark.parametrize("target", ["T3", "T4", "T5"])
def test_targets_3_to_5_wait_for_their_pending_values(at_end: ProgressReport, target: str) -> None:
    entry = result(at_end, target)
    assert entry.progress is None
    assert entry.coverage == 0
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.reason is not None
    for item in entry.inputs:
        assert item.value is None
        assert item.reason is not None
        assert "pending" in item.reason
    outcome = result(at_end, "O" + target[1])
    assert outcome.progress is None
    assert outcome.status is Status.NOT_ASSESSABLE


def test_t5g_has_a_value_but_its_pending_target_keeps_it_out(at_end: ProgressReport) -> None:
    t5g = indicator(at_end, "T5.g")
    assert t5g.value == pytest.approx(49 / 196 * 100)  # INTERPOL ICSE, January 2017
    assert t5g.target is None
    assert t5g.achievement is None
    assert t5g.coverage == 0
    assert t5g.status is Status.NOT_ASSESSABLE
    assert t5g.reason is not None
    assert "X%" in t5g.reason


def test_impact_is_half_way_with_a_third_of_its_inputs_assessable(at_end: ProgressReport) -> None:
    impact = result(at_end, "impact")
    # Inputs: impact.a (not computable) and O1 … O5 (1, 0, and three not assessable).
    assert impact.progress == pytest.approx((1 + 0) / 2)
    assert impact.coverage == pytest.approx((0 + 1 + 1 + 0 + 0 + 0) / 6)
    assert [i.id for i in impact.inputs] == ["impact.a", "O1", "O2", "O3", "O4", "O5"]


def test_impact_a_is_not_computed_and_says_which_per_country_data_is_missing(
    at_end: ProgressReport,
) -> None:
    impact_a = indicator(at_end, "impact.a")
    assert impact_a.value is None
    assert impact_a.achievement is None
    assert impact_a.coverage == 0
    assert impact_a.status is Status.NOT_ASSESSABLE
    reason = impact_a.reason or ""
    for needed in ("T1.a", "T2.a", "impact.w", "per country"):
        assert needed in reason


def test_impact_progress_is_not_read_as_zero_when_nothing_is_known(
    framework: resultsframe.Framework,
) -> None:
    empty = assess(framework, None, as_of="2020-12-31")
    impact = result(empty, "impact")
    assert impact.progress is None
    assert impact.coverage == 0
    assert impact.status is Status.NOT_ASSESSABLE


# --- half way through ------------------------------------------------------------------------


def test_t1a_at_the_end_of_2016_is_on_track(at_2016: ProgressReport) -> None:
    t1a = indicator(at_2016, "T1.a")
    assert t1a.value == pytest.approx(T1A_2016)
    achievement = (T1A_2016 - T1A_2012) / (T1A_TARGET - T1A_2012)
    assert t1a.achievement == pytest.approx(achievement)
    assert round(t1a.achievement or 0, 3) == 0.539
    # The path runs from the end of the 2012 review to the due date: half of it is gone.
    elapsed = (date(2016, 12, 31) - date(2012, 12, 31)).days
    span = (date(2020, 12, 31) - date(2012, 12, 31)).days
    assert t1a.expected == pytest.approx(elapsed / span)
    assert achievement / (elapsed / span) >= 0.9
    assert t1a.status is Status.ON_TRACK


def test_t2a_at_the_end_of_2016_has_not_moved_from_its_baseline(at_2016: ProgressReport) -> None:
    t2a = indicator(at_2016, "T2.a")
    assert t2a.value == pytest.approx(T2A_2015)
    assert t2a.achievement == 0


def test_impact_at_the_end_of_2016(at_2016: ProgressReport) -> None:
    achievement = (T1A_2016 - T1A_2012) / (T1A_TARGET - T1A_2012)
    impact = result(at_2016, "impact")
    assert impact.progress == pytest.approx((achievement + 0) / 2)
    assert round(impact.progress or 0, 3) == 0.269
    assert impact.coverage == pytest.approx(1 / 3)


# --- with T3.a filled in ---------------------------------------------------------------------


def test_filling_t3a_brings_it_and_its_outcome_into_the_roll_up(
    framework: resultsframe.Framework, observations: Observations
) -> None:
    filled = framework.fill({"T3.a": "50 %"})
    # T3.a at 10 % in 2014 and 30 % in 2020 (the fixture file).
    t3a_rows = Observations.from_csv(DATA / "cop-t3a.csv", filled)
    report = assess(filled, observations.bind(filled) + t3a_rows, as_of="2020-12-31")

    t3a = indicator(report, "T3.a")
    assert t3a.baseline == pytest.approx(10)
    assert t3a.value == pytest.approx(30)
    assert t3a.target == pytest.approx(50)
    assert t3a.achievement == pytest.approx((30 - 10) / (50 - 10))

    t3 = result(report, "T3")
    assert t3.progress == pytest.approx(0.5)
    assert t3.coverage == pytest.approx(1 / 4)  # T3.a of T3.a … T3.d

    impact = result(report, "impact")
    assert impact.progress == pytest.approx((1 + 0 + 0.5) / 3)
    assert impact.coverage == pytest.approx((0 + 1 + 1 + 1 / 4 + 0 + 0) / 6)
    assert impact.coverage == pytest.approx(0.375)


# --- the OPSC share, derived from one row per member state ------------------------------------


def _parties_by(year: int) -> int:
    """Counted straight from the package's copy of the UN Treaty Collection list."""
    text = (
        resources.files("resultsframe.examples")
        .joinpath("cop-opsc-parties-by-country.csv")
        .read_text(encoding="utf-8")
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 193  # every UN member state
    return sum(
        1
        for row in rows
        if row["state party"] == "1" and int(row["year ratification or accession"]) <= year
    )


def test_the_opsc_counts_are_those_published() -> None:
    assert _parties_by(2015) == 170
    assert _parties_by(2100) == 176


@pytest.mark.parametrize("year", [2001, 2010, 2015, 2016, 2018, 2020, 2024])
def test_p12b_is_the_share_of_member_states_party_to_the_opsc(
    framework: resultsframe.Framework, observations: Observations, year: int
) -> None:
    p12b = indicator(assess(framework, observations, as_of=date(year, 12, 31)), "P1.2.b")
    assert p12b.value == pytest.approx(_parties_by(year) / 193 * 100)
    assert p12b.derivation is not None
    assert f"{_parties_by(year)} of 193" in p12b.derivation


def test_p12b_by_2015_and_in_all(
    framework: resultsframe.Framework, observations: Observations
) -> None:
    by_2015 = indicator(assess(framework, observations, as_of="2015"), "P1.2.b")
    assert by_2015.value == pytest.approx(170 / 193 * 100)
    in_all = indicator(assess(framework, observations, as_of="2030"), "P1.2.b")
    assert in_all.value == pytest.approx(176 / 193 * 100)


# --- the stricter reading of T1.a, a variant ---------------------------------------------------


def test_sufficient_legislation_variant(framework: resultsframe.Framework) -> None:
    stricter = resultsframe.examples.observations("cop", "sufficient-legislation")
    t1a = indicator(assess(framework, stricter, as_of="2020-12-31"), "T1.a")
    assert t1a.value == pytest.approx(118 / 196 * 100)  # ICMEC 9th ed.: 118 sufficient
    assert t1a.baseline == pytest.approx(69 / 196 * 100)  # ICMEC 7th ed., 2012
    assert t1a.achievement == pytest.approx((118 - 69) / (T1A_TARGET / 100 * 196 - 69))
    assert t1a.status is Status.OFF_TRACK
