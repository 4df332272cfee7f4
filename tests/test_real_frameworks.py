"""The figures of docs/real-frameworks.md, computed again and checked against hand arithmetic.

The page runs its sessions at every docs build; these tests hold the same frameworks and data,
written again here, so a change in the library that moved one of the page's figures fails the
suite too, with the arithmetic it should have given next to it. The World Bank baselines and
end targets are those of the World Bank's IATI file for project P175662
(tests/data/iati/worldbank-44000-P175662.xml); every other figure is illustrative, as the page
says.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import attrs
import pytest

import resultsframe
from resultsframe import Framework, IndicatorProgress, Observations, ProgressReport, Status, iati
from resultsframe.model import Dimension, Reference
from resultsframe.units import parse_quantity, parse_unit

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "real-frameworks.md"
WORLD_BANK_FILE = ROOT / "tests" / "data" / "iati" / "worldbank-44000-P175662.xml"


def _indicator(report: ProgressReport, key: str) -> IndicatorProgress:
    entry = report[key]
    assert isinstance(entry, IndicatorProgress)
    return entry


def _days(start: str, end: str) -> int:
    return (date.fromisoformat(end) - date.fromisoformat(start)).days


# --- the World Bank's own file -------------------------------------------------------------


def test_the_published_activity_has_four_numeric_indicators_and_one_period_each() -> None:
    (published,) = iati.read(WORLD_BANK_FILE)
    assert (published.start, published.end) == (date(2021, 6, 10), date(2026, 6, 30))
    numeric = {
        i.id: (i.baseline.text if i.baseline else None, i.target.text, i.target.due)
        for i in published.indicators.values()
        if i.target is not None and i.target.value is not None
    }
    assert numeric == {
        "r9.1": ("8.90", "12.00", date(2025, 12, 31)),
        "r11.1": ("0.00", "30.00", date(2025, 12, 31)),
        "r12.1": ("0.00", "27.00", date(2026, 6, 30)),
        "r13.1": ("53.00", "73.00", date(2026, 6, 30)),
    }
    assert len(published.indicators) == 14  # the ten others are qualitative
    ria = published.indicators["r12.1"]
    assert [(p.period.text, [a.text for a in p.actuals]) for p in ria.periods] == [
        ("2021-03-05/2026-06-30", ["0.00"])
    ]


def test_the_published_actual_counts_only_at_the_end_of_the_projects_one_period() -> None:
    (published,) = iati.read(WORLD_BANK_FILE)
    mid = _indicator(resultsframe.assess(published, as_of="2024-06-30"), "r12.1")
    assert mid.status is Status.NOT_ASSESSABLE
    assert mid.reason == "no observation of r12.1 at or before 2024-06-30"
    # At the end, the appraisal figure 0 is read as the final value: (0 − 0) / (27 − 0) = 0,
    # with the whole path expected by then. Today's behaviour, shown as such on the page.
    end = _indicator(resultsframe.assess(published, as_of="2026-06-30"), "r12.1")
    assert (end.value, end.achievement, end.status) == (0.0, 0.0, Status.OFF_TRACK)


# --- the World Bank framework by hand --------------------------------------------------------


def _world_bank() -> Framework:
    return resultsframe.build(
        {
            "id": "P175662",
            "title": "Jordan investments PforR: two indicators, yearly targets",
            "start": "2021-06-10",
            "end": "2026-06-30",
            "fiscal_year_end": "06-30",
            "references": [
                Reference(organisation="World Bank", vocabulary="IATI", code="44000-P175662")
            ],
            "units": {"assessment": "assessments"},
            "levels": "pdo > intermediate",
            "results": {
                "pdo": {
                    "level": "pdo",
                    "statement": "Public investment is accountable",
                    "indicators": {
                        "capex": {
                            "name": "share of capital expenditure in total budget spending",
                            "unit": "%",
                            "baseline": "8.9 % in 2020",
                            "target": "12 % by 2025-12-31",
                        }
                    },
                },
                "ir1": {
                    "level": "intermediate",
                    "statement": "Rules are made on evidence",
                    "contributes_to": "pdo",
                    "indicators": {
                        "ria": {
                            "name": "ex ante and ex post regulatory impact assessments",
                            "unit": "assessment",
                            "accumulation": "cumulative",
                            "baseline": "0 in FY2021",
                            "targets": [
                                "3 by FY2022",
                                "8 by FY2023",
                                "14 by FY2024",
                                "20 by FY2025",
                                "27 by FY2026",
                            ],
                        }
                    },
                },
            },
        }
    )


RUNNING_TOTALS = [("FY2022", 3), ("FY2023", 8), ("FY2024", 9)]
CAPEX = [("2021", 9.4), ("2022", 10.1), ("2023", 10.3)]


def _world_bank_observations(fw: Framework) -> Observations:
    return Observations.from_records(
        [{"indicator": "ria", "period": fy, "value": n} for fy, n in RUNNING_TOTALS]
        + [{"indicator": "capex", "period": y, "value": v} for y, v in CAPEX],
        fw,
    )


def test_yearly_targets_fall_due_at_the_end_of_each_fiscal_year() -> None:
    ria = _world_bank().indicators["ria"]
    assert [(t.due, t.value.magnitude) for t in ria.targets] == [  # type: ignore[union-attr]
        (date(2022, 6, 30), 3),
        (date(2023, 6, 30), 8),
        (date(2024, 6, 30), 14),
        (date(2025, 6, 30), 20),
        (date(2026, 6, 30), 27),
    ]
    assert ria.target is ria.targets[-1]  # the last is final, the others milestones


def test_cumulative_running_totals_against_milestones_at_the_end_of_fy2024() -> None:
    fw = _world_bank()
    report = resultsframe.assess(fw, _world_bank_observations(fw), as_of="FY2024")
    assert report.as_of == date(2024, 6, 30)
    e = _indicator(report, "ria")
    # Value 9 (FY2024's running total); achievement (9 − 0) / (27 − 0) = 1/3; the path stands
    # on the YR3 milestone, 14 of 27; ratio (1/3) / (14/27) = 0.643: at risk.
    assert e.value == 9.0
    assert e.achievement == pytest.approx(1 / 3)
    assert e.expected == pytest.approx(14 / 27)
    assert e.status is Status.AT_RISK


def test_statuses_year_by_year_and_half_way_through_fy2025() -> None:
    fw = _world_bank()
    dates = ["FY2022", "FY2023", "FY2024", "2024-12-31"]
    reports = resultsframe.assess_over(fw, _world_bank_observations(fw), dates)
    entries = [_indicator(r, "ria") for r in reports]
    assert [e.value for e in entries] == [3.0, 8.0, 9.0, 9.0]
    # Exactly on the milestones 3 and 8: on track. On 2024-12-31 the path is 184 of the 365
    # days from the YR3 milestone (14) to the YR4 one (20): 14 + 6 × 184 / 365 = 17.02, so
    # 17.02 / 27 = 0.631 expected; (9 / 27) / 0.631 = 0.53: off track.
    assert [e.expected for e in entries] == pytest.approx(
        [3 / 27, 8 / 27, 14 / 27, (14 + 6 * 184 / 365) / 27]
    )
    assert [e.status for e in entries] == [
        Status.ON_TRACK,
        Status.ON_TRACK,
        Status.AT_RISK,
        Status.OFF_TRACK,
    ]


def test_yearly_amounts_as_increments_give_the_same_running_total() -> None:
    fw = _world_bank()
    yearly = fw.with_indicator("ir1", attrs.evolve(fw.indicators["ria"], accumulation="increments"))

    def value(amounts: list[tuple[str, int]]) -> IndicatorProgress:
        obs = Observations.from_records(
            [{"indicator": "ria", "period": fy, "value": n} for fy, n in amounts], yearly
        )
        return _indicator(resultsframe.assess(yearly, obs, as_of="FY2024"), "ria")

    # 0 + 3 + 5 + 1 = 9, as the running totals said.
    e = value([("FY2022", 3), ("FY2023", 5), ("FY2024", 1)])
    assert (e.value, e.status) == (9.0, Status.AT_RISK)
    assert e.accumulation == (
        "sum of 3 increments since the baseline: FY2022 3 + FY2023 5 + FY2024 1 = 9"
    )
    # The running totals read as increments: 0 + 3 + 8 + 9 = 20, the page's warning.
    assert value(RUNNING_TOTALS).value == 20.0


def test_the_development_objective_rolls_up_its_indicator_and_the_intermediate_result() -> None:
    fw = _world_bank()
    report = resultsframe.assess(fw, _world_bank_observations(fw), as_of="FY2024")
    capex = _indicator(report, "capex")
    # (10.3 − 8.9) / (12 − 8.9) = 1.4 / 3.1 = 0.452; the path from the end of 2020 to the end
    # of 2025 is 1277 of 1826 days long by 2024-06-30: 0.699; 0.452 / 0.699 = 0.65: at risk.
    assert _days("2020-12-31", "2024-06-30") == 1277
    assert _days("2020-12-31", "2025-12-31") == 1826
    assert capex.achievement == pytest.approx(1.4 / 3.1)
    assert capex.expected == pytest.approx(1277 / 1826)
    assert capex.status is Status.AT_RISK
    pdo = report.results["pdo"]
    # The mean of 0.452 and 1/3 = 0.392, against (0.699 + 0.519) / 2 = 0.609 expected.
    assert pdo.progress == pytest.approx((1.4 / 3.1 + 1 / 3) / 2)
    assert pdo.coverage == 1
    assert pdo.status is Status.AT_RISK


def test_a_revised_baseline_keeps_the_earlier_one_and_changes_the_status() -> None:
    fw = _world_bank()
    revised = fw.revise_baseline(
        "capex", "9.2 %", reason="Final accounts for 2020", on="2022-03-15"
    )
    (earlier,) = revised.indicators["capex"].baseline_revisions
    assert earlier.baseline.value == parse_quantity("8.9 %")
    assert (earlier.revised_on, earlier.reason) == (date(2022, 3, 15), "Final accounts for 2020")
    report = resultsframe.assess(revised, _world_bank_observations(revised), as_of="FY2024")
    capex = _indicator(report, "capex")
    # (10.3 − 9.2) / (12 − 9.2) = 1.1 / 2.8 = 0.393; 0.393 / 0.699 = 0.56: off track.
    assert capex.achievement == pytest.approx(1.1 / 2.8)
    assert capex.status is Status.OFF_TRACK
    assert "8.9 % for 2020 — revised on 2022-03-15: Final accounts for 2020" in report.explain(
        "capex"
    )


# --- SDG 16.2 for one country ----------------------------------------------------------------


def _sdg(code: str) -> list[Reference]:
    return [Reference(vocabulary="SDG", code=code)]


FEMALE = [Dimension("sex", "female")]


def _sdg_framework() -> Framework:
    def one(code: str, statement: str, indicator: dict[str, object]) -> dict[str, object]:
        return {
            "level": "indicator",
            "contributes_to": "16.2",
            "references": _sdg(code),
            "statement": statement,
            "indicators": {f"{code}.i": {"references": _sdg(code), **indicator}},
        }

    return resultsframe.build(
        {
            "id": "sdg-16.2",
            "title": "SDG target 16.2 in one country (illustrative figures)",
            "levels": "sdg",
            "start": "2016-01-01",
            "end": "2030-12-31",
            "results": {
                "16": {"level": "goal", "statement": "Peace", "references": _sdg("16")},
                "16.2": {
                    "level": "target",
                    "contributes_to": "16",
                    "references": _sdg("16.2"),
                    "statement": "End violence against children",
                },
                "16.2.1": one(
                    "16.2.1",
                    "Children are brought up without violent discipline",
                    {
                        "name": "children who experienced violent discipline",
                        "unit": "%",
                        "direction": "decrease",
                        "target": "39 % by 2030-12-31",
                    },
                ),
                "16.2.2": one(
                    "16.2.2",
                    "Children are not trafficked",
                    {"name": "detected victims", "unit": "per 100 000 persons"},
                ),
                "16.2.3": one(
                    "16.2.3",
                    "Young people grow up free of sexual violence",
                    {
                        "name": "sexual violence by age 18",
                        "unit": "%",
                        "direction": "decrease",
                        "baselines": [
                            "9 % in 2015",
                            {"value": "12 %", "period": "2015", "dimensions": FEMALE},
                        ],
                        "targets": [
                            "4.5 % by 2030-12-31",
                            {"value": "6 %", "due": "2030-12-31", "dimensions": FEMALE},
                        ],
                    },
                ),
            },
        }
    )


SDG_DATA = """\
indicator,period,value,sex,urbanisation,published,kind,source
16.2.1.i,2014,78,Both sexes,Total,,,household survey 2014
16.2.1.i,2014,76,female,Total,,,household survey 2014
16.2.1.i,2014,80,male,Total,,,household survey 2014
16.2.1.i,2014,74,Both sexes,urban,,,household survey 2014
16.2.1.i,2014,81,Both sexes,rural,,,household survey 2014
16.2.1.i,2019,64,Both sexes,Total,,,household survey 2019
16.2.1.i,2019,61,female,Total,,,household survey 2019
16.2.1.i,2019,67,male,Total,,,household survey 2019
16.2.1.i,2019,58,Both sexes,urban,,,household survey 2019
16.2.1.i,2019,69,Both sexes,rural,,,household survey 2019
16.2.2.i,2015,1.2,Both sexes,,,,police records
16.2.2.i,2021,1.9,Both sexes,,,,police records
16.2.2.i,2021,2.6,female,,,,police records
16.2.2.i,2021,1.2,male,,,,police records
16.2.3.i,2015,9,Both sexes,,,,violence survey 2015
16.2.3.i,2015,12,female,,,,violence survey 2015
16.2.3.i,2015,6,male,,,,violence survey 2015
16.2.3.i,2020,7.5,Both sexes,,2021-03-01,,violence survey 2020 (first results)
16.2.3.i,2020,10.8,female,,2021-03-01,,violence survey 2020 (first results)
16.2.3.i,2020,4.2,male,,2021-03-01,,violence survey 2020 (first results)
16.2.3.i,2020,7.8,Both sexes,,2022-02-15,,violence survey 2020 (final results)
16.2.3.i,2020,11.2,female,,2022-02-15,,violence survey 2020 (final results)
16.2.3.i,2020,4.4,male,,2022-02-15,,violence survey 2020 (final results)
16.2.3.i,2025,5,Both sexes,,,projection,national plan
"""


def _sdg_observations(fw: Framework) -> Observations:
    return Observations.from_csv(io.StringIO(SDG_DATA), fw)


def test_the_page_shows_the_data_checked_here() -> None:
    page = PAGE.read_text(encoding="utf-8")
    for line in SDG_DATA.splitlines():
        assert f"... {line}\n" in page
    for fy, n in RUNNING_TOTALS:
        assert f'("{fy}", {n})' in page
    for year, share in CAPEX:
        assert f'("{year}", {share})' in page


def test_a_result_and_its_indicator_share_the_official_code_not_the_id() -> None:
    fw = _sdg_framework()
    code = Reference(vocabulary="SDG", code="16.2.1")
    assert code in fw.results["16.2.1"].references
    assert code in fw.indicators["16.2.1.i"].references


def test_the_whole_target_is_final_and_the_target_for_women_is_kept_beside_it() -> None:
    violence = _sdg_framework().indicators["16.2.3.i"]
    assert violence.target is not None
    assert (violence.target.value, violence.target.dimensions) == (parse_quantity("4.5 %"), ())
    assert [(t.value, t.dimensions) for t in violence.targets] == [
        (parse_quantity("4.5 %"), ()),
        (parse_quantity("6 %"), (Dimension("sex", "female"),)),
    ]
    assert violence.baseline is not None
    assert violence.baseline.value == parse_quantity("9 %")


def test_both_sexes_and_total_rows_are_the_whole() -> None:
    obs = _sdg_observations(_sdg_framework())
    # 16.2.1: 2014 and 2019; 16.2.2: 2015 and 2021; 16.2.3: 2015, 2020 twice, 2025 = 8.
    assert len(obs) == 24
    assert sum(1 for o in obs if not o.dimensions) == 8


def test_violent_discipline_from_the_2014_survey_to_2019() -> None:
    fw = _sdg_framework()
    e = _indicator(resultsframe.assess(fw, _sdg_observations(fw), as_of="2022-12-31"), "16.2.1.i")
    # Baseline: the 2014 whole row, the latest before the start (2016-01-01). Achievement
    # (64 − 78) / (39 − 78) = 14 / 39 = 0.359. The path runs from 2014-12-31 to 2030-12-31,
    # 5844 days, of which 2922 have passed by 2022-12-31: 0.5. 0.359 / 0.5 = 0.72: at risk.
    assert (e.baseline, e.baseline_period, e.value) == (78.0, "2014", 64.0)
    assert e.achievement == pytest.approx(14 / 39)
    assert (_days("2014-12-31", "2022-12-31"), _days("2014-12-31", "2030-12-31")) == (2922, 5844)
    assert e.expected == pytest.approx(0.5)
    assert e.status is Status.AT_RISK


def test_the_latest_vintage_counts_and_an_earlier_one_as_of_a_vintage_date() -> None:
    fw = _sdg_framework()
    obs = _sdg_observations(fw)
    latest = _indicator(resultsframe.assess(fw, obs, as_of="2022-12-31"), "16.2.3.i")
    # Final results 7.8: (7.8 − 9) / (4.5 − 9) = 1.2 / 4.5 = 0.267, the target being the
    # whole one (4.5 %), not the 6 % for women. The path from 2015-12-31 to 2030-12-31 is 5479
    # days, 2557 of them passed: 0.467; 0.267 / 0.467 = 0.57: off track.
    assert (latest.value, latest.target) == (7.8, 4.5)
    assert latest.achievement == pytest.approx(1.2 / 4.5)
    assert latest.expected == pytest.approx(2557 / 5479)
    assert latest.status is Status.OFF_TRACK
    assert latest.value_used is not None
    assert latest.value_used.vintages == ((7.5, "2021-03-01"), (7.8, "2022-02-15"))
    known = resultsframe.assess(fw, obs, as_of="2022-12-31", vintage="2021-12-31")
    first = _indicator(known, "16.2.3.i")
    # First results 7.5: 1.5 / 4.5 = 1/3; (1/3) / 0.467 = 0.71: at risk.
    assert first.value == 7.5
    assert first.achievement == pytest.approx(1 / 3)
    assert first.status is Status.AT_RISK


def test_a_projection_is_never_the_value() -> None:
    fw = _sdg_framework()
    e = _indicator(resultsframe.assess(fw, _sdg_observations(fw), as_of="2026-12-31"), "16.2.3.i")
    assert e.value == 7.8  # 2020's final results, not the 5 % projected for 2025
    assert e.value_used is not None
    assert (e.value_used.period, e.value_used.kind) == ("2020", "actual")


def test_target_16_2_rolls_up_two_indicators_and_leaves_the_monitored_rate_out() -> None:
    fw = _sdg_framework()
    report = resultsframe.assess(fw, _sdg_observations(fw), as_of="2022-12-31")
    target = report.results["16.2"]
    # (14/39 + 1.2/4.5) / 2 = 0.313, against (0.5 + 0.467) / 2 = 0.483: 0.65, at risk.
    assert target.progress == pytest.approx((14 / 39 + 1.2 / 4.5) / 2)
    assert target.coverage == 1
    assert target.status is Status.AT_RISK
    rate = _indicator(report, "16.2.2.i")
    assert (rate.value, rate.unit, rate.status) == (1.9, "per 100000 person", Status.NOT_ASSESSABLE)
    assert rate.reason == "monitoring indicator: it has no target"


def test_a_rate_converts_to_another_scale_and_nothing_else() -> None:
    rate = parse_quantity("1.9 per 100 000 persons")
    assert rate.units == _sdg_framework().indicators["16.2.2.i"].unit
    # 1.9 per 100 000 = 0.019 per 1 000.
    assert rate.to(parse_unit("per 1000 persons")).magnitude == pytest.approx(0.019)
    with pytest.raises(resultsframe.UnitError):
        parse_quantity("1.9 per 100 000 persons", "person")


def test_the_target_for_women_is_assessed_on_the_rows_for_women_outside_the_roll_up() -> None:
    fw = _sdg_framework()
    obs = _sdg_observations(fw)
    whole = _indicator(resultsframe.assess(fw, obs, as_of="2022-12-31"), "16.2.3.i")
    (women,) = whole.by_dimension
    # From the declared 12 % (2015) to the final 11.2 % (2020), towards 6 %: (11.2 − 12) /
    # (6 − 12) = 0.8 / 6 = 0.133, on the same path as the whole (2557 / 5479 = 0.467 expected):
    # 0.29 of it, off track. The whole indicator keeps its own 0.267 (test above).
    assert (women.value, women.baseline, women.target) == (11.2, 12.0, 6.0)
    assert women.achievement == pytest.approx(0.8 / 6)
    assert women.expected == pytest.approx(2557 / 5479)
    assert women.status is Status.OFF_TRACK
    assert whole.achievement == pytest.approx(1.2 / 4.5)
    # As known at the end of 2021, the first results for women, 10.8 %: 1.2 / 6 = 0.2.
    known = resultsframe.assess(fw, obs, as_of="2022-12-31", vintage="2021-12-31")
    (first,) = _indicator(known, "16.2.3.i").by_dimension
    assert first.value == 10.8
    assert first.achievement == pytest.approx(0.2)
