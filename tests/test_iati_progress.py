"""Progress on IATI's published actuals: ``resultsframe progress FILE.xml`` and its findings.

An actual that cannot be used (a share over 100 %, a text that is not a number) is a finding of
its indicator only: the rest of the framework is assessed, and the finding shows in the table,
the JSON/CSV records and ``explain``. Period targets are read back as milestones. A file with
several activities needs ``--activity``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import resultsframe
from conftest import RunCli
from resultsframe import iati
from resultsframe.observations import Observations
from resultsframe.units import Quantity

DATA = Path(__file__).parent / "data" / "iati"
UNDP = DATA / "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml"
WORLDBANK = DATA / "worldbank-44000-P175662.xml"
REAL = sorted(DATA.glob("*.xml"))


def activity(results: str, identifier: str = "XX-TEST-1") -> str:
    return (
        f"<iati-activity><iati-identifier>{identifier}</iati-identifier>"
        '<reporting-org ref="XX-TEST" type="10"><narrative>Test</narrative></reporting-org>'
        f"<title><narrative>Test activity</narrative></title>{results}</iati-activity>"
    )


def result(*indicators: str) -> str:
    return f'<result type="2"><title><narrative>Outcome</narrative></title>{"".join(indicators)}</result>'


def indicator(measure: str, baseline: str, *periods: str) -> str:
    return (
        f'<indicator measure="{measure}" ascending="1"><title><narrative>I</narrative></title>'
        f'<baseline year="2018" iso-date="2018-12-31" value="{baseline}"/>{"".join(periods)}'
        "</indicator>"
    )


def period(year: int, target: str, *actuals: str) -> str:
    return (
        f'<period><period-start iso-date="{year}-01-01"/><period-end iso-date="{year}-12-31"/>'
        f'<target value="{target}"/>{"".join(actuals)}</period>'
    )


def actual(value: str, inside: str = "") -> str:
    return f'<actual value="{value}">{inside}</actual>'


def xml(*activities: str) -> str:
    return f'<?xml version="1.0"?>\n<iati-activities version="2.03">{"".join(activities)}</iati-activities>\n'


# r1.1, a share: 130 % published for 2019 (not usable), 50 % for 2020; targets 40 then 60 %.
# r1.2, a count: "1,200" for 2019 (not a number), 150 for 2020; targets 100 then 200.
SHARE_AND_COUNT = xml(
    activity(
        result(
            indicator(
                "2", "20", period(2019, "40", actual("130")), period(2020, "60", actual("50"))
            ),
            indicator(
                "1", "0", period(2019, "100", actual("1,200")), period(2020, "200", actual("150"))
            ),
        )
    )
)


@pytest.fixture
def share_and_count(tmp_path: Path) -> Path:
    path = tmp_path / "activity.xml"
    path.write_text(SHARE_AND_COUNT, encoding="utf-8")
    return path


def entries(ran_out: str) -> list[dict[str, Any]]:
    """The entries of a progress file of one date (the progress format)."""
    (report,) = json.loads(ran_out)["reports"]
    found: list[dict[str, Any]] = report["entries"]
    return found


def records(ran_out: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in entries(ran_out)}


# --- the command line, on real files ---------------------------------------------------------


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_progress_reads_every_real_file(cli: RunCli, path: Path) -> None:
    ran = cli("progress", str(path), "--as-of", "2021-12-31", "--format", "json")
    assert (ran.returncode, ran.stderr) == (0, "")
    assert {r["id"] for r in entries(ran.stdout)} == set(iati.read(path)[0].results) | set(
        iati.read(path)[0].indicators
    )


def test_progress_on_undp_uses_the_published_actuals_and_milestones(cli: RunCli) -> None:
    ran = cli("progress", str(UNDP), "--as-of", "2016-12-31", "--format", "json")
    assert ran.returncode == 0
    r11 = records(ran.stdout)["r1.1"]
    # baseline 9212 (2013), actual 11312 for 2016, final target 11682 (2017):
    # (11312 − 9212) / (11682 − 9212) = 2100 / 2470 = 0.850202…
    assert (r11["value"], r11["baseline"], r11["target"]) == (11312, 9212, 11682)
    assert r11["progress"] == pytest.approx(2100 / 2470)  # an indicator's achievement
    # the 2016 period's target, 11057, is a milestone: (11057 − 9212) / 2470 = 0.746964… due
    assert r11["expected"] == pytest.approx(1845 / 2470)
    assert r11["status"] == "on_track"
    assert r11["findings"] is None
    explained = cli("explain", "r1.1", str(UNDP), "--as-of", "2016-12-31").stdout
    assert "milestones:  1. 11057 due 2016-12-31: 0.747 of the way" in explained


def test_explain_on_the_world_bank_file(cli: RunCli) -> None:
    ran = cli("explain", "r9.1", str(WORLDBANK), "--as-of", "2021-12-31")
    assert ran.returncode == 0
    # one period, 2020-12-31/2025-12-31: baseline 8.9 %, target 12 %, actual 8.90 for a period
    # that has not ended by 2021: no observation yet
    assert "target:      12 % due 2025-12-31" in ran.stdout
    assert "baseline:    8.9 % for 2020-12-31" in ran.stdout


# --- findings on one indicator only ----------------------------------------------------------


def test_a_share_over_100_is_a_finding_of_its_indicator_only(share_and_count: Path) -> None:
    (fw,) = iati.read(share_and_count)
    report = resultsframe.assess(fw, as_of="2020-12-31")  # raised DocumentError before
    share, count = report["r1.1"], report["r1.2"]
    # (50 − 20) / (60 − 20) = 0.75; (150 − 0) / (200 − 0) = 0.75; the result's mean 0.75
    assert (share.value, share.achievement) == (50, 0.75)
    assert (count.value, count.achievement) == (150, 0.75)
    assert report["r1"].progress == pytest.approx(0.75)
    assert share.findings == (
        "the actual for 2019-01-01/2019-12-31 is 130 %, above 100 %: a share of 'r1.1' lies "
        "between 0 and 100 %, so it is not used (a count, or a percentage of another whole? "
        "correct it, or publish it under an indicator of its own)",
    )
    assert count.findings == (
        "the actual for 2019-01-01/2019-12-31 is '1,200', which is not a number (a decimal "
        "comma or a thousands separator? IATI writes 12254.1 and 50000)",
    )


def test_a_refused_latest_actual_makes_its_indicator_not_assessable(share_and_count: Path) -> None:
    (fw,) = iati.read(share_and_count)
    report = resultsframe.assess(fw, as_of="2019-12-31")
    assert report["r1.1"].status is resultsframe.Status.NOT_ASSESSABLE
    assert report["r1.1"].value is None  # never 100 %, never 130 %
    assert report["r1.1"].reason is not None
    assert "130 %, above 100 %" in report["r1.1"].reason
    assert report["r1.2"].value is None
    assert report["r1.2"].reason is not None
    assert "'1,200'" in report["r1.2"].reason


def test_a_finding_is_said_only_from_the_end_of_its_period(share_and_count: Path) -> None:
    (fw,) = iati.read(share_and_count)
    assert resultsframe.assess(fw, as_of="2019-12-30")["r1.1"].findings == ()
    assert len(resultsframe.assess(fw, as_of="2019-12-31")["r1.1"].findings) == 1


def test_findings_show_in_the_table_json_csv_and_explain(
    cli: RunCli, share_and_count: Path
) -> None:
    table = cli("progress", str(share_and_count), "--as-of", "2020", "--color", "never")
    assert table.returncode == 0
    assert (
        "      finding: the actual for 2019-01-01/2019-12-31 is 130 %, above 100 %" in table.stdout
    )
    assert "      finding: the actual for 2019-01-01/2019-12-31 is '1,200'" in table.stdout
    ran = cli("progress", str(share_and_count), "--as-of", "2020", "--format", "json")
    by_id = records(ran.stdout)
    assert by_id["r1.1"]["findings"].startswith("the actual for 2019-01-01/2019-12-31 is 130 %")
    assert by_id["r1"]["findings"] is None
    csv = cli("progress", str(share_and_count), "--as-of", "2020", "--format", "csv").stdout
    assert csv.splitlines()[0].endswith(",text,findings,format_version")
    explained = cli("explain", "r1.1", str(share_and_count), "--as-of", "2020").stdout
    assert (
        "  findings:\n    the actual for 2019-01-01/2019-12-31 is 130 %, above 100 %" in explained
    )


def test_disaggregated_actuals_that_cannot_be_used_are_findings_beside_the_whole(
    tmp_path: Path,
) -> None:
    path = tmp_path / "parts.xml"
    female = '<dimension name="sex" value="female"/>'
    male = '<dimension name="sex" value="male"/>'
    path.write_text(
        xml(
            activity(
                result(
                    indicator(
                        "2",
                        "20",
                        period(
                            2020,
                            "60",
                            actual("50"),
                            actual("140", female),
                            actual("n/a", male),
                            actual("-5", '<location ref="GN"/>'),
                        ),
                    )
                )
            )
        ),
        encoding="utf-8",
    )
    (fw,) = iati.read(path)
    observed = Observations.from_actuals(fw)
    assert [u.whole for u in observed.unreadable["r1.1"]] == [False, False, False]
    entry = resultsframe.assess(fw, as_of="2020-12-31")["r1.1"]
    # the whole actual, 50 %, is used: (50 − 20) / (60 − 20) = 0.75
    assert (entry.value, entry.achievement) == (50, 0.75)
    assert [f.split(":")[0] for f in entry.findings] == [
        "the actual for 2020-01-01/2020-12-31 (sex = female) is 140 %, above 100 %",
        "the actual for 2020-01-01/2020-12-31 (area GN) is -5 %, below 0 %",
        "the actual for 2020-01-01/2020-12-31 (sex = male) is 'n/a', which is not a number",
    ]


def test_a_pending_or_too_large_actual_is_said_so_never_a_number(tmp_path: Path) -> None:
    path = tmp_path / "pending.xml"
    path.write_text(
        xml(
            activity(
                result(
                    indicator("1", "0", period(2020, "10", actual("XX%"))),
                    indicator("1", "0", period(2020, "10", actual("1" + "0" * 30))),
                )
            )
        ),
        encoding="utf-8",
    )
    (fw,) = iati.read(path)
    report = resultsframe.assess(fw, as_of="2021-06-30")
    assert report["r1.1"].value is None
    assert report["r1.1"].reason == "the actual for 2020-01-01/2020-12-31 is 'XX%': not known yet"
    assert report["r1.2"].value is None
    assert report["r1.2"].reason == (
        f"the actual for 2020-01-01/2020-12-31 is {'1' + '0' * 30!r}, a number too large to be used"
    )


# --- period targets are milestones -----------------------------------------------------------


def test_period_targets_read_back_as_milestones(share_and_count: Path) -> None:
    (fw,) = iati.read(share_and_count)
    targets = fw.indicators["r1.1"].targets
    assert [(t.due, t.value) for t in targets] == [
        (date(2019, 12, 31), Quantity(40, "percent")),
        (date(2020, 12, 31), Quantity(60, "percent")),
    ]
    # r1.2 with 50 for 2019: the path stands at its milestone 100, (100 − 0) / (200 − 0) = 0.5
    # of the way, and 50 is 50 / 200 = 0.25 of it
    observed = Observations.from_records([{"indicator": "r1.2", "period": "2019", "value": 50}], fw)
    entry = resultsframe.assess(fw, observed, as_of="2019-12-31").indicators["r1.2"]
    assert (entry.expected, entry.achievement) == (0.5, 0.25)
    assert [(m.due, m.value) for m in entry.milestones] == [(date(2019, 12, 31), 100)]


def test_periods_ending_the_same_day_give_one_target(tmp_path: Path) -> None:
    two = (
        '<period><period-start iso-date="2019-01-01"/><period-end iso-date="2020-12-31"/>'
        '<target value="90"/></period>'
    )
    path = tmp_path / "same-end.xml"
    path.write_text(
        xml(activity(result(indicator("1", "0", period(2020, "70", actual("10")), two)))),
        encoding="utf-8",
    )
    (fw,) = iati.read(path)
    assert [t.value for t in fw.indicators["r1.1"].targets] == [Quantity(70, "")]


# --- documents imported from IATI ------------------------------------------------------------


def test_an_imported_document_is_assessed_as_its_xml(cli: RunCli, share_and_count: Path) -> None:
    out = share_and_count.with_suffix(".json")
    assert cli("iati", "import", str(share_and_count), "-o", str(out)).returncode == 0
    from_xml = cli("progress", str(share_and_count), "--as-of", "2020", "--format", "json")
    from_json = cli("progress", str(out), "--as-of", "2020", "--format", "json")
    assert from_json.returncode == 0
    assert from_json.stdout == from_xml.stdout
    assert "130 %, above 100 %" in from_json.stdout


# --- files with several activities ----------------------------------------------------------


@pytest.fixture
def two_activities(tmp_path: Path) -> Path:
    body = result(indicator("1", "0", period(2020, "10", actual("5"))))
    path = tmp_path / "two.xml"
    path.write_text(
        xml(
            activity(body, "XX-A"),
            "<iati-activity><iati-identifier>XX-NO-RESULTS</iati-identifier></iati-activity>",
            activity(body.replace('"5"', '"8"'), "XX B:2"),
        ),
        encoding="utf-8",
    )
    return path


def test_several_activities_are_refused_naming_their_ids(cli: RunCli, two_activities: Path) -> None:
    ran = cli("progress", str(two_activities))
    assert ran.returncode == 2
    assert ran.stdout == ""
    assert ran.stderr.count("\n") == 1
    assert (
        "has 2 activities with results (XX-A, XX_B_2); choose one with --activity ID" in ran.stderr
    )


@pytest.mark.parametrize("chosen", ["XX B:2", "XX_B_2"])
def test_activity_chooses_one_by_its_identifier(
    cli: RunCli, two_activities: Path, chosen: str
) -> None:
    ran = cli("progress", str(two_activities), "--activity", chosen, "--format", "json")
    assert ran.returncode == 0
    # baseline 0, target 10, actual 8: 8 / 10 = 0.8
    assert records(ran.stdout)["r1.1"]["progress"] == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--activity", "XX-NO-RESULTS"), "has no activity 'XX-NO-RESULTS' with results"),
        (("--activity", "nope"), "its activities with results: XX-A, XX_B_2"),
    ],
)
def test_an_unknown_activity_is_refused(
    cli: RunCli, two_activities: Path, args: tuple[str, ...], message: str
) -> None:
    ran = cli("explain", "r1.1", str(two_activities), *args)
    assert ran.returncode == 2
    assert message in ran.stderr
    assert ran.stderr.count("\n") == 1


def test_activity_is_only_for_an_iati_file(cli: RunCli, share_and_count: Path) -> None:
    assert "is an example" in cli("progress", "cop", "--activity", "X").stderr
    out = share_and_count.with_suffix(".json")
    cli("iati", "import", str(share_and_count), "-o", str(out))
    ran = cli("progress", str(out), "--activity", "X")
    assert ran.returncode == 2
    assert "is a JSON document" in ran.stderr


def test_a_file_with_no_activity_with_results_is_refused(cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "none.xml"
    path.write_text(xml(), encoding="utf-8")
    ran = cli("progress", str(path))
    assert ran.returncode == 2
    assert "no IATI activity in it has results" in ran.stderr


def test_any_actual_the_observation_check_refuses_is_a_finding_not_an_error(
    share_and_count: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the share check of the actuals, the observations' own check refuses 130 %: the
    # refusal is still a finding of r1.1 alone, never a DocumentError for the whole framework.
    from resultsframe.observations import actuals

    monkeypatch.setattr(actuals, "_share_fraction", lambda indicator: None)
    (fw,) = iati.read(share_and_count)
    report = resultsframe.assess(fw, as_of="2020-12-31")
    assert report["r1.1"].achievement == 0.75  # (50 − 20) / (60 − 20)
    (finding,) = report["r1.1"].findings
    assert finding.startswith(
        "the actual for 2019-01-01/2019-12-31 is '130', which cannot be used: "
    )
    assert "is not a share" in finding


def test_the_notebook_table_flags_an_indicators_findings(share_and_count: Path) -> None:
    (fw,) = iati.read(share_and_count)
    html = resultsframe.assess(fw, as_of="2020-12-31")._repr_html_()
    assert html.count(" · ⚠ 1 finding</span>") == 2  # r1.1 and r1.2, one each


def test_progress_over_time_lists_the_findings_once(cli: RunCli, share_and_count: Path) -> None:
    ran = cli("progress", str(share_and_count), "--as-of", "2018..2020", "--color", "never")
    assert ran.returncode == 0
    # 2018: no actual yet; 2019: both refused, not assessable; 2020: (50 − 20) / 40 = 0.75
    assert "  ◦ r1.1               n/a         n/a        75 %" in ran.stdout
    tail = ran.stdout.split("findings as of 2020-12-31:\n")[1].splitlines()
    assert [line.split(":")[0] for line in tail] == ["  r1.1", "  r1.2"]


def test_milestones_written_as_periods_come_back_as_milestones() -> None:
    share = resultsframe.Indicator(
        "o1.a",
        "Share",
        unit="%",
        measure=resultsframe.Measure.SHARE,
        baselines=[resultsframe.Baseline(20, period="2018")],
        targets=[
            resultsframe.Target(40, due="2019-12-31"),
            resultsframe.Target("XX%", due="2020-06-30"),
            resultsframe.Target(60, due="2020-12-31"),
        ],
    )
    fw = resultsframe.Framework(
        "f",
        "F",
        [resultsframe.Result("o1", "outcome", "R", indicators=[share])],
        start="2019-01-01",
    )
    text = iati.dumps(fw, identifier="XI-X-1", reporting_org=iati.ReportingOrg("XI-X", "X", "40"))
    (back,) = iati.read(text.encode())
    (read,) = back.indicators.values()  # its id is kept (o1.a) where the export writes ids
    targets = read.targets
    assert [t.due for t in targets] == [date(2019, 12, 31), date(2020, 6, 30), date(2020, 12, 31)]
    assert targets[1].is_pending  # "XX%" stays pending, never 0 or 100 %
    # with 30 % for 2019 both stand at milestone 1: (40 − 20) / (60 − 20) = 0.5 of the way
    mine = Observations.from_records([{"indicator": "o1.a", "period": "2019", "value": 30}], fw)
    theirs = Observations.from_records(
        [{"indicator": read.id, "period": "2019", "value": 30}], back
    )
    before = resultsframe.assess(fw, mine, as_of="2019-12-31").indicators["o1.a"]
    after = resultsframe.assess(back, theirs, as_of="2019-12-31").indicators[read.id]
    assert before.expected == after.expected == 0.5


def test_an_updated_report_keeps_the_findings(share_and_count: Path) -> None:
    (fw,) = iati.read(share_and_count)
    report = resultsframe.assess(fw, as_of="2020-12-31")
    changed = report.update([{"indicator": "r1.2", "period": "2020", "value": 180}])
    # 180 / 200 = 0.9 now; the 2019 actual "1,200" is still not used, and still said
    assert changed["r1.2"].achievement == pytest.approx(0.9)
    assert changed["r1.2"].findings == report["r1.2"].findings
    assert changed["r1.1"].findings == report["r1.1"].findings
