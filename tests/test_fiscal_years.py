"""Fiscal years as periods ("FY2020") and ``--as-of`` ranges with a step."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import pytest

import resultsframe
from conftest import RunCli
from resultsframe import Baseline, Framework, Indicator, Result, Target
from resultsframe import document as doc
from resultsframe.cli.arguments import UsageError, dates
from resultsframe.exceptions import DocumentError, ResultsframeError, ValidationError
from resultsframe.model import HistoryEvent
from resultsframe.observations import Observations
from resultsframe.periods import Period, check_fiscal_year_end, fiscal_years, steps


@pytest.mark.parametrize(
    ("text", "year_end", "start", "end"),
    [
        # A fiscal year is named by the calendar year it ends in.
        ("FY2020", "06-30", date(2019, 7, 1), date(2020, 6, 30)),
        ("FY2020", "09-30", date(2019, 10, 1), date(2020, 9, 30)),  # US federal
        ("FY2020", "03-31", date(2019, 4, 1), date(2020, 3, 31)),
        ("FY2020", "12-31", date(2020, 1, 1), date(2020, 12, 31)),  # the calendar year
        # Ending on 28 February: FY2021 starts the day after 2020-02-28, a leap day.
        ("FY2021", "02-28", date(2020, 2, 29), date(2021, 2, 28)),
        # A span of fiscal years: from FY2016's first day to FY2020's last.
        ("FY2016/FY2020", "06-30", date(2015, 7, 1), date(2020, 6, 30)),
        # A fiscal year and a month mix in a span.
        ("FY2020/2020-12", "06-30", date(2019, 7, 1), date(2020, 12, 31)),
    ],
)
def test_a_fiscal_year_runs_to_its_end_in_the_year_it_is_named_for(
    text: str, year_end: str, start: date, end: date
) -> None:
    period = Period.parse(text, fiscal_year_end=year_end)
    assert (period.start, period.end, period.text) == (start, end, text)


def test_fiscal_years_are_written_one_way() -> None:
    assert Period.parse(" fy 2020 ", fiscal_year_end="06-30").text == "FY2020"
    assert Period.parse("fy2016/FY 2020", fiscal_year_end="06-30").text == "FY2016/FY2020"


def test_a_fiscal_year_needs_a_year_end_and_the_message_says_how() -> None:
    with pytest.raises(ValidationError) as caught:
        Period.parse("FY2020")
    message = str(caught.value)
    assert "'FY2020' is a fiscal year" in message
    assert "fiscal_year_end='06-30'" in message
    assert "'2019-07/2020-06'" in message  # the span that says the same without a year end


def test_a_block_reads_fiscal_years_for_the_models_records() -> None:
    with fiscal_years("06-30"):
        baseline = Baseline("40 %", period="FY2019")
    assert baseline.period == Period(date(2018, 7, 1), date(2019, 6, 30), "FY2019")
    with pytest.raises(ResultsframeError, match="no fiscal year end"):
        Baseline("40 %", period="FY2019")  # outside the block again


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("6-30", "'MM-DD'"),
        ("June 30", "'MM-DD'"),
        ("04-31", "not a day of the calendar"),
        ("13-01", "not a day of the calendar"),
        ("02-29", "'02-28'"),
        (630, "'MM-DD'"),
    ],
)
def test_a_fiscal_year_end_is_a_month_and_day_of_every_year(text: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        check_fiscal_year_end(text)
    with pytest.raises(ResultsframeError, match=message):
        Framework("f", "F", fiscal_year_end=text)  # type: ignore[arg-type]


# --- in a framework ----------------------------------------------------------------------------


def _framework(year_end: str | None = "06-30", period: str = "FY2019") -> Framework:
    # Baseline 10 cases in FY2019 (2018-07-01..2019-06-30), target 30 by the end of FY2022.
    baseline = Baseline(10, period=Period.parse(period, fiscal_year_end="06-30"))
    indicator = Indicator(
        "o.a",
        "cases handled",
        unit="case",
        baselines=[baseline],
        targets=[Target(30, due="2022-06-30")],
    )
    return Framework(
        "fy",
        "Fiscal",
        [Result("o", "outcome", "Cases are handled", indicators=[indicator])],
        start="2018-07-01",
        end="2022-06-30",
        fiscal_year_end=year_end,
    )


def test_a_framework_with_fiscal_periods_declares_its_year_end() -> None:
    with pytest.raises(ValidationError) as caught:
        _framework(year_end=None)
    assert [p.code for p in caught.value.problems] == ["fiscal-year"]
    assert "declares no fiscal_year_end" in str(caught.value)


def test_a_fiscal_period_must_be_one_of_the_frameworks_fiscal_years() -> None:
    # FY2019 read with years ending 30 June is not FY2019 of years ending 30 September.
    with pytest.raises(ValidationError, match="not a fiscal year ending on 09-30"):
        _framework(year_end="09-30")


def test_history_events_may_name_fiscal_years_too() -> None:
    fw = _framework()
    event = HistoryEvent(Period.parse("FY2019", fiscal_year_end="06-30"), "Launched")
    assert attrs.evolve(fw, history=[event]).history[0].period.text == "FY2019"
    with pytest.raises(ValidationError, match="fiscal year"):
        attrs.evolve(fw, history=[event], fiscal_year_end=None)


def test_a_document_keeps_the_text_and_reads_it_with_its_own_year_end() -> None:
    fw = _framework()
    text = doc.dumps(fw)
    data = json.loads(text)["framework"]
    assert data["fiscal_year_end"] == "06-30"
    assert data["results"][0]["indicators"][0]["baselines"][0]["period"] == "FY2019"
    again = doc.loads(text)
    assert again == fw
    assert again.indicators["o.a"].baseline.period.start == date(2018, 7, 1)  # type: ignore[union-attr]
    assert doc.dumps(again) == text


def test_a_document_without_the_year_end_is_refused_where_the_fiscal_year_is() -> None:
    data = doc.to_dict(_framework())
    del data["framework"]["fiscal_year_end"]
    with pytest.raises(DocumentError) as caught:
        doc.from_dict(data)
    message = str(caught.value)
    assert "$.framework.results[0].indicators[0].baselines[0].period" in message
    assert "'FY2019' is a fiscal year" in message


def test_observations_and_as_of_read_fiscal_years() -> None:
    fw = _framework()
    obs = Observations.from_records(
        [
            {"indicator": "o.a", "period": "FY2020", "value": 15},  # ends 2020-06-30
            {"indicator": "o.a", "period": "2020", "value": 25},  # ends 2020-12-31
        ],
        fw,
    )
    report = resultsframe.assess(fw, obs, as_of="FY2020")
    entry = report["o.a"]
    assert report.as_of == date(2020, 6, 30)
    # As of 2020-06-30 only FY2020 has ended: (15 − 10) / (30 − 10) = 0.25.
    assert entry.value == 15
    assert entry.achievement == pytest.approx(0.25)
    # The baseline's period is FY2019, which ends 2019-06-30.
    assert entry.baseline_period == "FY2019"


def test_the_builder_reads_fiscal_years_in_its_shorthand() -> None:
    fw = resultsframe.build(
        {
            "id": "b",
            "title": "B",
            "fiscal_year_end": "06-30",
            "results": {
                "o": {
                    "level": "outcome",
                    "statement": "S",
                    "indicators": {
                        "o.a": {
                            "name": "share",
                            "unit": "%",
                            "baseline": "40 % in FY2019",
                            "target": "80 % by FY2025",
                        }
                    },
                }
            },
        }
    )
    indicator = fw.indicators["o.a"]
    assert indicator.baseline.period.text == "FY2019"  # type: ignore[union-attr]
    assert indicator.baseline.period.start == date(2018, 7, 1)  # type: ignore[union-attr]
    assert indicator.target.due == date(2025, 6, 30)  # type: ignore[union-attr]


# --- --as-of: ranges with a step -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Unchanged: each year's last day.
        ("2015..2017", ["2015-12-31", "2016-12-31", "2017-12-31"]),
        # Each month's last day.
        ("2020-01..2020-03", ["2020-01-31", "2020-02-29", "2020-03-31"]),
        # Each fiscal year's last day, with years ending 30 June.
        ("FY2016..FY2018", ["2016-06-30", "2017-06-30", "2018-06-30"]),
        ("FY2020", ["2020-06-30"]),
        # A step of a year from 30 June.
        ("2015-06-30..2017-06-30/1y", ["2015-06-30", "2016-06-30", "2017-06-30"]),
        # Six months from the last day of June land on the last days of December and June.
        ("2015-06-30..2016-06-30/6m", ["2015-06-30", "2015-12-31", "2016-06-30"]),
        # Quarters from the end of 2019 (a year's end is the range's first day).
        ("2019..2020-06/3m", ["2019-12-31", "2020-03-31", "2020-06-30"]),
        # Two weeks: 1 + 14 = 15, 15 + 14 = 29; 29 + 14 = 43 > 31 of January.
        ("2020-01-01..2020-01-31/2w", ["2020-01-01", "2020-01-15", "2020-01-29"]),
        # The end is included only when a step lands on it: 2015-06-30 + 1y > 2016-03-31.
        ("2015-06-30..2016-03-31/1y", ["2015-06-30"]),
        ("2016,2018..2019", ["2016-12-31", "2018-12-31", "2019-12-31"]),
    ],
)
def test_as_of_ranges(text: str, expected: list[str]) -> None:
    assert [d.isoformat() for d in dates(text, "06-30")] == expected


def test_steps_of_months_from_a_months_last_day_stay_on_last_days() -> None:
    # 31 January + 1 month is 29 February in 2016, then 31 March: counted from the first day,
    # never from the day before, so the 29th does not carry on to 29 March.
    assert steps(date(2016, 1, 31), date(2016, 3, 31), "1m") == [
        date(2016, 1, 31),
        date(2016, 2, 29),
        date(2016, 3, 31),
    ]
    # From the 15th, the 15th of each month.
    assert steps(date(2016, 1, 15), date(2016, 3, 31), "1m")[-1] == date(2016, 3, 15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2015-06-30..2020-06-30", "needs a step after a '/' (2015-06-30..2020-06-30/1y"),
        ("2015..2020/1x", "cannot read the step '1x'"),
        ("2015..2020/0y", "cannot read the step '0y'"),
        ("2020..2015", "ends before it starts"),
        ("2000-01-01..2020-12-31/1d", "more than 1000 dates"),
        ("FY2016..FY2020", "no fiscal year end is declared"),
    ],
)
def test_as_of_errors_name_the_argument_and_show_a_range_written_right(
    text: str, message: str
) -> None:
    with pytest.raises(UsageError) as caught:
        dates(text)
    shown = str(caught.value)
    assert shown.startswith("--as-of: ")
    assert message in shown
    assert "for example 2015..2020, FY2016..FY2020 or 2015-06-30..2020-06-30/1y" in shown


def test_the_command_reports_each_fiscal_year(cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "fy.json"
    doc.dump(_framework(), path)
    data = tmp_path / "data.csv"
    data.write_text("indicator,period,value\no.a,FY2020,15\no.a,FY2021,20\n", encoding="utf-8")
    ran = cli(
        "progress", str(path), "--data", str(data), "--as-of", "FY2020..FY2021", "--format", "csv"
    )
    assert ran.returncode == 0, ran.stderr
    rows = [line.split(",") for line in ran.stdout.splitlines()]
    header = rows[0]
    values = {(r[header.index("as_of")], r[header.index("id")]): r for r in rows[1:]}
    # FY2020: (15 − 10) / 20 = 0.25; FY2021: (20 − 10) / 20 = 0.5.
    achievement = header.index("progress")  # an indicator's progress is its achievement
    assert float(values["2020-06-30", "o.a"][achievement]) == pytest.approx(0.25)
    assert float(values["2021-06-30", "o.a"][achievement]) == pytest.approx(0.5)
