"""Observation kinds (actual, estimate, projection) and the texts of qualitative indicators.

A projection is kept with the data but never counts: it is never the value as of a date, nor a
baseline. An estimate counts, and an explanation says it is one. A qualitative indicator's
observations are texts, shown as of a date and never aggregated.

The framework: "access" is a share with a target of 80 % by 2020-12-31; the framework starts
on 2016-01-01, so its baseline is the latest observation at or before then;
achievement = (value − baseline) / (80 − baseline). "law" is qualitative, in the same result.
"""

from __future__ import annotations

import io

import pytest

from resultsframe import DocumentError, Framework, Observations, assess, build
from resultsframe.observations import ObservationKind


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
                        "access": {"name": "access", "unit": "%", "target": "80 % by 2020-12-31"},
                        "law": {"name": "a law on access", "measure": "qualitative"},
                    },
                }
            },
        }
    )


def observations(fw: Framework, text: str) -> Observations:
    return Observations.from_csv(io.StringIO(text), fw)


def refused(fw: Framework, text: str) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        observations(fw, text)
    return caught.value


# --- kinds -----------------------------------------------------------------------------------


def test_a_projection_is_never_the_value(fw: Framework) -> None:
    obs = observations(
        fw,
        "indicator,period,value,kind\n"
        "access,2015,40,actual\n"
        "access,2018,60,\n"
        "access,2020,75,projection\n",
    )
    entry = assess(fw, obs, as_of="2020-12-31")["access"]
    assert entry.value == 60  # the 2018 actual, not the 2020 projection
    assert entry.achievement == pytest.approx(0.5)  # (60 − 40) / (80 − 40)
    assert [o.kind for o in obs] == [
        ObservationKind.ACTUAL,
        ObservationKind.ACTUAL,
        ObservationKind.PROJECTION,
    ]


def test_a_projection_is_never_the_baseline(fw: Framework) -> None:
    obs = observations(
        fw,
        "indicator,period,value,kind\naccess,2014,40,\naccess,2015,45,projection\naccess,2018,62,\n",
    )
    entry = assess(fw, obs, as_of="2018-12-31")["access"]
    assert entry.baseline == 40  # 2014's actual, not 2015's projection
    assert entry.achievement == pytest.approx(0.55)  # (62 − 40) / (80 − 40)


def test_only_a_projection_before_the_start_is_no_baseline(fw: Framework) -> None:
    obs = observations(
        fw, "indicator,period,value,kind\naccess,2015,45,projection\naccess,2018,62,\n"
    )
    entry = assess(fw, obs, as_of="2018-12-31")["access"]
    assert entry.baseline is None
    assert entry.status.value == "not_assessable"
    assert entry.reason is not None
    assert entry.reason.startswith("no baseline")


def test_with_only_projections_there_is_no_value(fw: Framework) -> None:
    obs = observations(fw, "indicator,period,value,kind\naccess,2019,70,projection\n")
    entry = assess(fw, obs, as_of="2020-12-31")["access"]
    assert entry.value is None
    assert entry.reason == "no observation of access at or before 2020-12-31"


def test_an_estimate_counts_and_explain_says_so(fw: Framework) -> None:
    obs = observations(
        fw, "indicator,period,value,kind\naccess,2015,40,\naccess,2019,70,Estimate\n"
    )
    report = assess(fw, obs, as_of="2019-12-31")
    assert report["access"].value == 70
    assert report["access"].achievement == pytest.approx(0.75)  # (70 − 40) / (80 − 40)
    assert report["access"].value_used is not None
    assert report["access"].value_used.kind == "estimate"
    assert "  value:       70 % for 2019 (estimate)" in report.explain("access").splitlines()


def test_a_projection_and_an_actual_of_one_period_are_both_kept(fw: Framework) -> None:
    obs = observations(
        fw,
        "indicator,period,value,kind\naccess,2015,40,\naccess,2019,70,projection\naccess,2019,66,\n",
    )
    assert len(obs) == 3
    entry = assess(fw, obs, as_of="2019-12-31")["access"]
    assert entry.value == 66
    assert entry.achievement == pytest.approx(0.65)  # (66 − 40) / (80 − 40)


def test_an_estimate_and_an_actual_of_one_period_and_day_are_a_duplicate(fw: Framework) -> None:
    error = refused(fw, "indicator,period,value,kind\naccess,2019,70,estimate\naccess,2019,66,\n")
    (problem,) = error.problems
    assert str(problem).startswith("line 3, column 1 (indicator): a second observation")


def test_an_actual_revising_an_estimate_is_used(fw: Framework) -> None:
    obs = observations(
        fw,
        "indicator,period,value,kind,published\n"
        "access,2015,40,,\n"
        "access,2019,70,estimate,2019-06-30\n"
        "access,2019,66,actual,2020-03-31\n",
    )
    report = assess(fw, obs, as_of="2019-12-31")
    assert report["access"].value == 66
    assert report["access"].value_used is not None
    assert report["access"].value_used.kind == "actual"
    assert assess(fw, obs, as_of="2019-12-31", vintage="2019-12-31")["access"].value == 70


def test_a_bad_kind_is_refused_with_the_row_and_the_kinds(fw: Framework) -> None:
    error = refused(fw, "indicator,period,value,kind\naccess,2019,70,forecast\n")
    (problem,) = error.problems
    assert str(problem) == (
        "line 2, column 4 (kind): unknown kind 'forecast'; the kinds are actual, estimate, "
        "projection"
    )


def test_a_kind_in_json(fw: Framework) -> None:
    obs = Observations.from_json(
        '[{"indicator": "access", "period": "2020", "value": 75, "kind": "projection"}]', fw
    )
    assert obs[0].kind is ObservationKind.PROJECTION
    assert obs.to_records() == [
        {
            "indicator": "access",
            "period": "2020",
            "value": 75.0,
            "unit": "percent",
            "kind": "projection",
        }
    ]
    with pytest.raises(DocumentError, match=r"\$\[0\]\.kind: unknown kind 'plan'"):
        Observations.from_json(
            '[{"indicator": "access", "period": "2020", "value": 75, "kind": "plan"}]', fw
        )


def test_a_projection_added_with_rows_changes_nothing(fw: Framework) -> None:
    obs = observations(fw, "indicator,period,value\naccess,2015,40\naccess,2018,60\n")
    report = assess(fw, obs, as_of="2020-12-31")
    new = obs.with_rows(
        [{"indicator": "access", "period": "2020", "value": 90, "kind": "projection"}]
    )
    assert len(new) == 3
    assert report.update(new)["access"].value == 60


# --- texts of qualitative indicators ---------------------------------------------------------


TEXTS = (
    "indicator,period,text,value,source\n"
    "access,2015,,40,\n"
    "access,2018,,60,\n"
    "law,2017,Law drafted,,ministry\n"
    "law,2019,Law adopted,,gazette\n"
)


def test_a_qualitative_indicator_shows_its_latest_text(fw: Framework) -> None:
    obs = observations(fw, TEXTS)
    assert [o.text for o in obs] == [None, None, "Law drafted", "Law adopted"]
    assert [
        assess(fw, obs, as_of=f"{y}-12-31").indicators["law"].text for y in (2016, 2018, 2020)
    ] == [
        None,
        "Law drafted",
        "Law adopted",
    ]


def test_a_text_is_never_aggregated(fw: Framework) -> None:
    report = assess(fw, observations(fw, TEXTS), as_of="2018-12-31")
    law = report["law"]
    assert law.status.value == "not_assessable"
    assert law.coverage is None
    assert law.value is None
    assert law.reason == "qualitative indicator: described, not measured or aggregated"
    # The goal's progress is access's alone: (60 − 40) / (80 − 40) = 0.5, coverage 1.
    assert report["goal"].progress == pytest.approx(0.5)
    assert report["goal"].coverage == 1
    assert [i.id for i in report.results["goal"].inputs] == ["access"]


def test_explain_shows_the_text(fw: Framework) -> None:
    lines = assess(fw, observations(fw, TEXTS), as_of="2020-12-31").explain("law").splitlines()
    assert lines[1] == "  text:        'Law adopted' for 2019; source: gazette"
    assert lines[2] == "               the latest text whose period ends on or before the date"


def test_texts_read_back_from_records(fw: Framework) -> None:
    obs = observations(fw, TEXTS)
    assert obs.to_records()[3] == {
        "indicator": "law",
        "period": "2019",
        "text": "Law adopted",
        "source": "gazette",
    }
    assert list(Observations.from_records(obs.to_records(), fw)) == list(obs)


@pytest.mark.parametrize(
    ("row", "place", "message"),
    [
        ("law,2019,,1", "line 2, column 1 (indicator)", "'law' is qualitative: its observations are texts, not numbers"),
        ("law,2019,,", "line 2, column 1 (indicator)", "give what was observed in a text column"),
        ("access,2019,high,", "line 2, column 3 (text)", "text is for qualitative indicators"),
    ],
)  # fmt: skip
def test_numbers_and_texts_go_to_their_own_indicators(
    fw: Framework, row: str, place: str, message: str
) -> None:
    (problem,) = refused(fw, "indicator,period,text,value\n" + row + "\n").problems
    assert str(problem).startswith(place + ":")
    assert message in problem.message


def test_texts_may_be_revised(fw: Framework) -> None:
    obs = observations(
        fw,
        "indicator,period,text,published\n"
        "law,2019,Law adopted,2019-05-01\n"
        "law,2019,Law adopted and in force,2019-09-01\n",
    )
    assert assess(fw, obs, as_of="2019-12-31").indicators["law"].text == "Law adopted and in force"
    assert (
        assess(fw, obs, as_of="2019-12-31", vintage="2019-06-30").indicators["law"].text
        == "Law adopted"
    )
