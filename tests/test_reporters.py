"""Who reported each observation: the reporter column, read, checked, kept, and explained."""

from __future__ import annotations

import io
import json
import pickle
from datetime import date

import attrs
import polars as pl
import pytest

import resultsframe as rf
from resultsframe import DocumentError, Framework, Observations, examples
from resultsframe.observations import Observation

CSV = (
    "indicator,period,numerator,denominator,unit,reporter,source\n"
    "T1.a,2016,161,196,country,ICMEC,ICMEC 8th ed.\n"
    "T1.a,2018-12-06,180,196,country,ICMEC,ICMEC 9th ed.\n"
    "T2.a,2018,41,196,country,INHOPE,INHOPE statistics 2018\n"
    "T2.a,2015,45,196,country,,INHOPE 2015\n"
)


@pytest.fixture(scope="module")
def cop() -> Framework:
    return examples.load("cop")


def _problem(exc: pytest.ExceptionInfo[DocumentError]) -> str:
    return str(exc.value)


def test_a_csv_reporter_column_is_read_and_kept_per_row(cop: Framework) -> None:
    obs = Observations.from_csv(io.StringIO(CSV), cop)
    assert [o.reporter for o in obs] == ["ICMEC", "ICMEC", "INHOPE", None]
    # to_records writes it (and leaves it out when none), so that records read back the same
    records = obs.to_records()
    assert records[0]["reporter"] == "ICMEC"
    assert "reporter" not in records[3]
    again = Observations.from_records(records, cop)
    assert list(again) == list(obs)


def test_json_records_observation_objects_and_frames_carry_the_reporter(cop: Framework) -> None:
    rows = [
        {"indicator": "P2.6.a", "period": "2020", "value": 38, "reporter": "IWF"},
        {"indicator": "P2.6.a", "period": "2022", "value": 50, "reporter": " IWF "},
    ]
    from_json = Observations.from_json(json.dumps(rows), cop)
    assert [o.reporter for o in from_json] == ["IWF", "IWF"]  # trimmed, as every text cell
    objects = Observations.from_records(list(from_json), cop)
    assert [o.reporter for o in objects] == ["IWF", "IWF"]
    frame = Observations.from_frame(pl.DataFrame(rows), cop)
    assert [o.reporter for o in frame] == ["IWF", "IWF"]
    assert (
        Observation(
            indicator="P2.6.a", period=from_json[0].period, value=from_json[0].value
        ).reporter
        is None
    )


def test_with_rows_pickling_and_adding_keep_the_reporter(cop: Framework) -> None:
    obs = Observations.from_csv(io.StringIO(CSV), cop)
    changed = obs.with_rows(
        [
            {
                "indicator": "T5.g",
                "period": "2017-01-09",
                "numerator": 49,
                "denominator": 196,
                "reporter": "INTERPOL",
            }
        ]
    )
    assert [o.reporter for o in changed] == ["ICMEC", "ICMEC", "INHOPE", None, "INTERPOL"]
    back = pickle.loads(pickle.dumps(changed))
    assert list(back) == list(changed)
    more = Observations.from_records(
        [{"indicator": "P1.2.a", "period": "2020-12", "value": 48, "reporter": "CoE"}], cop
    )
    total = obs + more
    assert [o.reporter for o in total][-1] == "CoE"
    assert [o.reporter for o in total][:4] == ["ICMEC", "ICMEC", "INHOPE", None]


def test_a_reporter_that_is_no_partner_is_refused_naming_the_row_and_the_closest_id(
    cop: Framework,
) -> None:
    text = CSV.replace("T2.a,2018,41,196,country,INHOPE", "T2.a,2018,41,196,country,INHOP")
    with pytest.raises(DocumentError) as exc:
        Observations.from_csv(io.StringIO(text), cop)
    message = _problem(exc)
    assert "line 4, column 6 (reporter)" in message
    assert "reporter 'INHOP' is not a partner of framework 'cop-2015'" in message
    assert "did you mean 'INHOPE'?" in message
    with pytest.raises(DocumentError) as records:
        Observations.from_records(
            [{"indicator": "T1.a", "period": "2016", "value": 80, "reporter": "icmec"}], cop
        )
    assert "[0].reporter" in str(records.value)
    assert "did you mean 'ICMEC'?" in str(records.value)


def test_a_framework_with_no_partners_says_to_add_the_reporter_to_partners(
    cop: Framework,
) -> None:
    alone = attrs.evolve(cop, partners=(), initiatives=())
    with pytest.raises(DocumentError) as exc:
        Observations.from_records(
            [{"indicator": "T1.a", "period": "2016", "value": 80, "reporter": "ICMEC"}], alone
        )
    message = str(exc.value)
    assert "which has none; add it to the framework's partners" in message


def test_two_reporters_of_one_row_are_a_row_given_twice_and_both_are_named(
    cop: Framework,
) -> None:
    rows = [
        {"indicator": "T2.a", "period": "2018", "value": 20.92, "reporter": "INHOPE"},
        {"indicator": "T2.a", "period": "2018", "value": 25, "reporter": "IWF"},
    ]
    with pytest.raises(DocumentError) as exc:
        Observations.from_records(rows, cop)
    message = str(exc.value)
    assert "a second observation of 'T2.a' for period 2018" in message
    assert "reported by INHOPE there and by IWF here" in message
    assert "portfolio" in message
    assert "docs/portfolio.md" in message
    # the same reporter twice keeps the message it always had
    rows[1]["reporter"] = "INHOPE"
    with pytest.raises(DocumentError) as same:
        Observations.from_records(rows, cop)
    assert "keep one, or give each its publication date" in str(same.value)


def test_the_cop_example_names_the_reporter_of_every_partner_series(cop: Framework) -> None:
    obs = examples.observations("cop")
    by_indicator: dict[str, set[str | None]] = {}
    for o in obs:
        by_indicator.setdefault(o.indicator, set()).add(o.reporter)
    # each series contributed by an initiative is reported by that initiative's partner
    assert by_indicator["T1.a"] == {"ICMEC"}
    assert by_indicator["T2.a"] == {"INHOPE"}
    assert by_indicator["P2.6.a"] == {"IWF"}
    assert by_indicator["P1.2.a"] == {"CoE"}
    assert by_indicator["T5.g"] == {"INTERPOL"}
    # the OPSC parties come from the UN Treaty Collection, no partner of the example
    assert by_indicator["P1.2.b"] == {None}
    for initiative in cop.initiatives:
        for ref in initiative.contributes_to:
            if ref in by_indicator:
                assert by_indicator[ref] == {initiative.partner}


def test_explain_says_who_reported_the_value_and_the_baseline(cop: Framework) -> None:
    report = rf.assess(cop, examples.observations("cop"), date(2020, 12, 31))
    entry = report.indicators["T1.a"]
    assert entry.value_used is not None
    assert entry.baseline_used is not None
    assert entry.value_used.reporter == "ICMEC"
    assert entry.baseline_used.reporter == "ICMEC"
    name = cop.partner("ICMEC").name
    text = entry.explain()
    value_line = next(line for line in text.splitlines() if line.startswith("  value:"))
    baseline_line = next(line for line in text.splitlines() if line.startswith("  baseline:"))
    # 180/196 = 91.84 % for 2018-12-06; the baseline 143/196 = 72.96 % for 2012
    assert "91.84 % (180/196) for 2018-12-06" in value_line
    assert value_line.endswith(f"; reported by ICMEC — {name}")
    assert "72.96 % (143/196) for 2012" in baseline_line
    assert baseline_line.endswith(f"; reported by ICMEC — {name}")


def test_a_value_with_no_reporter_says_nothing_of_one(cop: Framework) -> None:
    obs = Observations.from_csv(io.StringIO(CSV), cop)
    report = rf.assess(cop, obs, date(2016, 12, 31))
    entry = report.indicators["T2.a"]
    assert entry.value_used is not None
    assert entry.value_used.reporter is None
    assert "reported by" not in entry.explain()


def test_the_push_down_screens_a_reporter_in_a_row_it_leaves_out(cop: Framework) -> None:
    rows = examples.observations("cop").to_records()
    # T1.a for 2006 is older than the baseline and the latest value: the reduction drops it
    assert (rows[0]["indicator"], rows[0]["period"], rows[0]["reporter"]) == (
        "T1.a",
        "2006",
        "ICMEC",
    )
    rows[0] = {**rows[0], "reporter": "ICMC"}
    with pytest.raises(DocumentError) as exc:
        rf.assess(cop, pl.LazyFrame(rows), date(2020, 12, 31))
    assert "reporter 'ICMC' is not a partner" in str(exc.value)
    assert "did you mean 'ICMEC'?" in str(exc.value)
