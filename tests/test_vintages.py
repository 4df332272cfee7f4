"""Vintages: a value revised after publication is kept beside the first one.

An observation may carry the day it was published (``published``). Two values for the same
indicator, period, area and disaggregation with different publication dates are both kept; the
latest published is the value, unless an assessment asks for the data as published by a day
(``vintage``). A duplicate with the same publication date, or with none, is still refused.

The framework: "access" is a share, 40 % in 2015 (observed before the start, 2016-01-01), with
a target of 80 % by 2020-12-31: achievement = (value − 40) / (80 − 40) = (value − 40) / 40.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli
from resultsframe import DocumentError, Framework, Observations, assess, build, document


@pytest.fixture(scope="module")
def fw() -> Framework:
    return build(
        {
            "id": "f",
            "title": "F",
            "start": "2016-01-01",
            "end": "2020-12-31",
            "results": {
                "goal": {
                    "level": "impact",
                    "statement": "People have access",
                    "indicators": {
                        "access": {"name": "access", "unit": "%", "target": "80 % by 2020-12-31"}
                    },
                }
            },
        }
    )


CSV = (
    "indicator,period,value,unit,published,source\n"
    "access,2015,40,%,,census\n"
    "access,2018,55,%,2019-03-01,first release\n"
    "access,2018,60,%,2020-02-01,revised release\n"
)


def observations(fw: Framework, text: str = CSV) -> Observations:
    return Observations.from_csv(io.StringIO(text), fw)


def test_two_vintages_of_one_period_are_both_kept(fw: Framework) -> None:
    obs = observations(fw)
    assert len(obs) == 3
    assert [str(o.published) for o in obs] == ["None", "2019-03-01", "2020-02-01"]
    assert obs.vintages(1) == obs.vintages(2) == (1, 2)  # oldest first
    assert obs.vintages(0) == ()  # never revised


def test_the_latest_vintage_is_the_value_by_default(fw: Framework) -> None:
    entry = assess(fw, observations(fw), as_of="2018-12-31")["access"]
    assert entry.value == 60
    assert entry.achievement == pytest.approx(0.5)  # (60 − 40) / (80 − 40)
    assert entry.value_used is not None
    assert entry.value_used.published == "2020-02-01"
    assert entry.value_used.vintages == ((55.0, "2019-03-01"), (60.0, "2020-02-01"))


def test_a_vintage_date_takes_what_was_published_by_then(fw: Framework) -> None:
    entry = assess(fw, observations(fw), as_of="2018-12-31", vintage="2019-12-31")["access"]
    assert entry.value == 55
    assert entry.achievement == pytest.approx(0.375)  # (55 − 40) / (80 − 40)
    assert entry.vintage is not None
    assert entry.vintage.isoformat() == "2019-12-31"
    # The later release is unknown at that date: no vintages to show.
    assert entry.value_used is not None
    assert entry.value_used.vintages == ()


def test_before_any_release_the_period_has_no_value(fw: Framework) -> None:
    # Published by 2019-01-01: neither 2018 release; the value is the 2015 census, 40 %.
    entry = assess(fw, observations(fw), as_of="2018-12-31", vintage="2019-01-01")["access"]
    assert entry.value == 40
    # the census is the baseline's own figure: nothing new had been published, not "no progress"
    assert entry.achievement is None
    assert entry.reason is not None
    assert entry.reason.startswith("no new data: the latest observation of access (2015)")


def test_a_vintage_on_the_publication_day_includes_it(fw: Framework) -> None:
    entry = assess(fw, observations(fw), as_of="2018-12-31", vintage="2020-02-01")["access"]
    assert entry.value == 60


def test_an_undated_value_is_the_earliest_vintage(fw: Framework) -> None:
    text = "indicator,period,value,published\naccess,2018,50,\naccess,2018,52,2019-06-30\n"
    obs = observations(fw, text)
    assert assess(fw, obs, as_of="2018-12-31")["access"].value == 52
    assert assess(fw, obs, as_of="2018-12-31", vintage="2019-01-01")["access"].value == 50


def test_a_revised_baseline_is_taken_at_its_latest_vintage(fw: Framework) -> None:
    text = (
        "indicator,period,value,published\n"
        "access,2015,40,2016-03-01\n"
        "access,2015,44,2017-03-01\n"
        "access,2018,62,\n"
    )
    obs = observations(fw, text)
    latest = assess(fw, obs, as_of="2018-12-31")["access"]
    assert latest.baseline == 44
    assert latest.achievement == pytest.approx(0.5)  # (62 − 44) / (80 − 44) = 18 / 36
    first = assess(fw, obs, as_of="2018-12-31", vintage="2016-12-31")["access"]
    assert first.baseline == 40
    assert first.achievement == pytest.approx(0.55)  # (62 − 40) / (80 − 40) = 22 / 40


def test_explain_shows_the_value_used_and_every_vintage(fw: Framework) -> None:
    text = assess(fw, observations(fw), as_of="2018-12-31").explain("access")
    lines = text.splitlines()
    assert lines[1] == "  value:       60 % for 2018; source: revised release"
    assert lines[2] == (
        "               revised: 55 % published 2019-03-01, 60 % published 2020-02-01 (used)"
    )


def test_explain_names_the_vintage_date(fw: Framework) -> None:
    report = assess(fw, observations(fw), as_of="2018-12-31", vintage="2019-12-31")
    lines = report.explain("access").splitlines()
    assert lines[1] == "  value:       55 % for 2018, published 2019-03-01; source: first release"
    assert lines[2].endswith("on or before the date, as published by 2019-12-31")


def test_a_baseline_with_vintages_shows_them(fw: Framework) -> None:
    text = (
        "indicator,period,value,published\naccess,2015,40,2016-03-01\naccess,2015,44,2017-03-01\n"
    )
    explained = assess(fw, observations(fw, text), as_of="2016-12-31").explain("access")
    assert (
        "               revised: 40 % published 2016-03-01, 44 % published 2017-03-01 (used)"
        in explained.splitlines()
    )


@pytest.mark.parametrize(
    ("published", "shown"), [("2019-03-01,2019-03-01", " published 2019-03-01"), (",", "")]
)
def test_the_same_publication_date_twice_is_refused_with_the_row(
    fw: Framework, published: str, shown: str
) -> None:
    first, second = published.split(",")
    text = f"indicator,period,value,published\naccess,2018,55,{first}\naccess,2018,56,{second}\n"
    with pytest.raises(DocumentError) as caught:
        observations(fw, text)
    (problem,) = caught.value.problems
    assert str(problem).startswith("line 3, column 1 (indicator):")
    assert f"a second observation of 'access' for period 2018{shown};" in problem.message
    assert "the first is at line 2" in problem.message


def test_a_bad_publication_date_is_refused_with_its_place(fw: Framework) -> None:
    with pytest.raises(DocumentError) as caught:
        observations(fw, "indicator,period,value,published\naccess,2018,55,2019-02-30\n")
    (problem,) = caught.value.problems
    assert str(problem).startswith("line 2, column 4 (published):")
    assert "no such day" in problem.message


def test_vintages_from_json_records_and_back(fw: Framework) -> None:
    records: list[dict[str, Any]] = [
        {"indicator": "access", "period": "2018", "value": 55, "published": "2019-03-01"},
        {"indicator": "access", "period": "2018", "value": 60, "published": "2020-02-01"},
    ]
    obs = Observations.from_json(
        '[{"indicator": "access", "period": "2018", "value": 55, "published": "2019-03-01"},'
        ' {"indicator": "access", "period": "2018", "value": 60, "published": "2020-02-01"}]',
        fw,
    )
    assert [o.value.magnitude for o in obs] == [55, 60]
    assert [r["published"] for r in obs.to_records()] == ["2019-03-01", "2020-02-01"]
    assert list(Observations.from_records(obs.to_records(), fw)) == list(obs)
    assert list(Observations.from_records(records, fw)) == list(obs)


def test_published_by_leaves_out_later_rows_and_keeps_undated_ones(fw: Framework) -> None:
    obs = observations(fw)
    assert [o.value.magnitude for o in obs.published_by("2019-12-31")] == [40, 55]
    assert obs.published_by("2020-12-31") is obs  # nothing left out


def test_a_new_vintage_added_with_rows_updates_the_report(fw: Framework) -> None:
    obs = observations(fw, CSV.rsplit("\n", 2)[0] + "\n")  # the census and the first release
    report = assess(fw, obs, as_of="2018-12-31")
    assert report["access"].value == 55
    new = obs.with_rows(
        [{"indicator": "access", "period": "2018", "value": 60, "published": "2020-02-01"}]
    )
    assert len(new) == 3  # a new vintage is a new row, not a replacement
    assert report.update(new)["access"].value == 60
    assert report.update(new)["access"].achievement == pytest.approx(0.5)
    # The same vintage again replaces it.
    again = new.with_rows(
        [{"indicator": "access", "period": "2018", "value": 64, "published": "2020-02-01"}]
    )
    assert len(again) == 3
    assert report.update(again)["access"].value == 64


def test_an_update_keeps_the_vintage_date(fw: Framework) -> None:
    obs = observations(fw)
    report = assess(fw, obs, as_of="2018-12-31", vintage="2019-12-31")
    new = obs.with_rows(
        [{"indicator": "access", "period": "2018", "value": 70, "published": "2021-01-01"}]
    )
    assert report.update(new)["access"].value == 55  # published after the vintage date


def test_the_cli_takes_a_vintage(fw: Framework, tmp_path: Path, cli: RunCli) -> None:
    source = tmp_path / "f.json"
    source.write_text(document.dumps(fw), encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text(CSV, encoding="utf-8")
    args = ("explain", "access", str(source), "--data", str(data), "--as-of", "2018")
    latest = cli(*args)
    assert latest.returncode == 0
    assert "60 % for 2018" in latest.stdout
    assert "revised: 55 % published 2019-03-01, 60 % published 2020-02-01 (used)" in latest.stdout
    then = cli(*args, "--vintage", "2019-12-31")
    assert then.returncode == 0
    assert "55 % for 2018, published 2019-03-01" in then.stdout
    progress = cli(
        "progress", str(source), "--data", str(data), "--as-of", "2018", "--format", "csv",
        "--vintage", "2019-12-31",
    )  # fmt: skip
    # The progress format: framework, as_of, then id, kind, value, unit, baseline, target,
    # pending (none), progress (55 − 40) / (80 − 40) = 0.375.
    assert ",2018-12-31,access,indicator,55.0,percent,40.0,80.0,,0.375," in progress.stdout


def test_a_bad_vintage_on_the_command_line_is_a_usage_error(cli: RunCli) -> None:
    ran = cli("progress", "--vintage", "2019-13-01")
    assert ran.returncode == 2
    assert "--vintage: cannot read '2019-13-01' as a date" in ran.stderr
