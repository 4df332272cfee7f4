"""Each partner's account in a report, and the partners and progress --partner commands."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import attrs
import pytest

import resultsframe as rf
from resultsframe import Framework, Initiative, UnknownIdError, examples
from resultsframe import document as doc
from resultsframe.cli import main
from resultsframe.cli.partners import CSV_COLUMNS
from resultsframe.progress.accountability import partner_accounts


@pytest.fixture(scope="module")
def cop() -> Framework:
    return examples.load("cop")


@pytest.fixture(scope="module")
def report(cop: Framework) -> rf.ProgressReport:
    return rf.assess(cop, examples.observations("cop"), date(2020, 12, 31))


def _account(report: rf.ProgressReport, partner: str) -> rf.progress.accountability.PartnerAccount:
    (found,) = partner_accounts(report, partner)
    return found


def test_icmec_reported_t1a_s_series(report: rf.ProgressReport) -> None:
    icmec = _account(report, "ICMEC")
    assert icmec.initiatives == ("icmec-global-review",)
    assert icmec.contributes_to == ("T1.a",)
    # T1.a's rows by 2020-12-31: 2006, 2007-02-27, 2008, 2012, 2016, 2018-12-06 → 6
    assert [(r.indicator, r.rows, r.latest_period) for r in icmec.reported] == [
        ("T1.a", 6, "2018-12-06")
    ]
    assert icmec.overdue == ()
    assert icmec.pending == ()  # T1.a's target is 90 %, not pending


def test_the_pending_t5g_target_and_interpol_s_icse_series(report: rf.ProgressReport) -> None:
    interpol = _account(report, "INTERPOL")
    assert interpol.initiatives == ("icse-database",)
    # the ICSE series: 2017-01-09 (49 countries) by the date; 2022-10-20 (68) comes later
    assert [(r.indicator, r.rows, r.latest_period) for r in interpol.reported] == [
        ("T5.g", 1, "2017-01-09")
    ]
    # T5.g's target is "X%": INTERPOL could supply its data, through its initiative and
    # because it reports on it
    assert [(p.indicator, p.text, p.due, p.why) for p in interpol.pending] == [
        ("T5.g", "X%", date(2020, 12, 31), ("icse-database", "reports on it"))
    ]
    later = rf.assess(report.framework, report.observations, date(2023, 12, 31))
    assert [(r.rows, r.latest_period) for r in _account(later, "INTERPOL").reported] == [
        (2, "2022-10-20")
    ]


def test_every_partner_is_listed_even_with_nothing(report: rf.ProgressReport) -> None:
    accounts = partner_accounts(report)
    assert [a.partner for a in accounts] == [p.id for p in report.framework.partners]
    itu = accounts[0]
    assert itu.partner == "ITU"
    assert itu.has_nothing
    assert itu.to_dict() == {
        "partner": "ITU",
        "name": "International Telecommunication Union",
        "kind": "un_agency",
        "initiatives": [],
        "contributes_to": [],
        "reported": [],
        "overdue": [],
        "pending": [],
    }
    # rows reported by 2020-12-31: INHOPE 2014, 2015, 2018; IWF 2017-10, 2020; CoE all 7
    reported = {a.partner: [(r.rows, r.latest_period) for r in a.reported] for a in accounts}
    assert reported["INHOPE"] == [(3, "2018")]
    assert reported["IWF"] == [(2, "2020")]
    assert reported["CoE"] == [(7, "2020-12")]


def test_an_unknown_partner_is_refused_with_the_closest_id(report: rf.ProgressReport) -> None:
    with pytest.raises(UnknownIdError, match="did you mean 'INHOPE'"):
        partner_accounts(report, "INHOP")


def test_a_result_s_contribution_covers_its_indicators_with_no_data_overdue(
    cop: Framework,
) -> None:
    # An EC initiative contributing to target T3 (for the test: no source says the EC runs one)
    ec = Initiative(id="ec-test", partner="EC", name="a test initiative", contributes_to=["T3"])
    fw = attrs.evolve(cop, initiatives=(*cop.initiatives, ec))
    report = rf.assess(fw, examples.observations("cop"), date(2020, 12, 31))
    account = _account(report, "EC")
    indicators = tuple(i.id for i in fw.results["T3"].indicators)
    assert account.contributes_to == indicators == ("T3.a", "T3.b", "T3.c", "T3.d")
    # none of them has an observation by the date, and each target is "XX%"
    assert [(o.indicator, o.since) for o in account.overdue] == [(i, None) for i in indicators]
    assert account.overdue[0].reason == "no observation at all by 2020-12-31"
    assert [(p.indicator, p.text, p.why) for p in account.pending] == [
        (i, "XX%", ("ec-test",)) for i in indicators
    ]


def test_data_overdue_by_the_reporting_frequency_is_the_partner_s(cop: Framework) -> None:
    data = doc.to_dict(cop)
    for result in data["framework"]["results"]:
        for indicator in result.get("indicators", []):
            if indicator["id"] == "T2.a":
                indicator["frequency"] = "annual"
    fw = doc.from_dict(data)
    report = rf.assess(fw, examples.observations("cop"), date(2021, 6, 30))
    # the latest T2.a by 2021-06-30 is for 2018; 2019's is due by the end of 2020: overdue
    # from 2021-01-01
    inhope = _account(report, "INHOPE")
    assert [(o.indicator, o.since) for o in inhope.overdue] == [("T2.a", date(2021, 1, 1))]
    assert inhope.overdue[0].reason == "data overdue since 2021-01-01 (reported annual)"


# --- the command line ------------------------------------------------------------------------


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_partners_text_fits_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["partners", "cop", "--as-of", "2020-12-31"], capsys)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert out.startswith("cop-2015 · partners as of 2020-12-31\n")
    assert "  reported:        T1.a: 6 rows, latest 2018-12-06" in out
    assert "  pending targets: T5.g: 'X%' due 2020-12-31 (icse-database, reports on it)" in out
    assert "ITU — International Telecommunication Union (un_agency)" in out


def test_partners_json_and_csv_have_one_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        ["partners", "cop", "--as-of", "2020-12-31", "--partner", "INTERPOL", "--format", "json"],
        capsys,
    )
    assert code == 0
    found = json.loads(out)
    assert found["framework"] == "cop-2015"
    assert found["as_of"] == "2020-12-31"
    (interpol,) = found["partners"]
    assert interpol["reported"] == [{"indicator": "T5.g", "rows": 1, "latest_period": "2017-01-09"}]
    assert interpol["pending"] == [
        {
            "indicator": "T5.g",
            "target": "X%",
            "due": "2020-12-31",
            "why": ["icse-database", "reports on it"],
        }
    ]
    code, out, _ = _run(["partners", "cop", "--as-of", "2020-12-31", "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["partner"] == "ITU"
    assert rows[0]["item"] == "none"
    reported = [r for r in rows if r["item"] == "reported" and r["partner"] == "ICMEC"]
    assert [(r["id"], r["rows"], r["latest_period"]) for r in reported] == [
        ("T1.a", "6", "2018-12-06")
    ]


def test_an_unknown_partner_exits_2_with_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["partners", "cop", "--as-of", "2020", "--partner", "ICMC"], capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "did you mean 'ICMEC'?" in err
    code, _, err = _run(["progress", "cop", "--as-of", "2020", "--partner", "IWG"], capsys)
    assert code == 2
    assert "did you mean 'IWF'?" in err


def test_partners_reports_on_one_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["partners", "cop", "--as-of", "2019..2020"], capsys)
    assert code == 2
    assert "partners reports on one day" in err


def test_progress_for_a_partner_shows_only_its_entries_with_the_reporter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(["progress", "cop", "--as-of", "2020-12-31", "--partner", "ICMEC"], capsys)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    entries = [line for line in out.splitlines() if line[:1] not in ("", " ", "c", "M")]
    # 180/196 = 91.84 % against a target of 90 %
    assert entries == ["T1.a       achieved         91.84 % (target 90 %); reported by ICMEC"]
    code, out, _ = _run(
        ["progress", "cop", "--as-of", "2019..2020", "--partner", "IWF", "--format", "json"],
        capsys,
    )
    document = json.loads(out)
    assert (document["format"], document["partner"]) == ("resultsframe-progress", "IWF")
    records = [
        {"as_of": report["as_of"], **entry}
        for report in document["reports"]
        for entry in report["entries"]
    ]
    # IWF's portals: 18 by 2019 (the 2017-10 figure), 38 in 2020
    assert [(r["as_of"], r["id"], r["value"], r["reported_by"]) for r in records] == [
        ("2019-12-31", "P2.6.a", 18.0, "IWF"),
        ("2020-12-31", "P2.6.a", 38.0, "IWF"),
    ]
