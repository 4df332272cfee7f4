"""Progress reports as text: the terminal table, the over-time table, JSON and CSV records."""

from __future__ import annotations

import csv
import io
import json

import pytest

from resultsframe import Framework, Indicator, Observations, Result, Target, assess, assess_over
from resultsframe.model import Baseline, Link
from resultsframe.progress import ProgressReport
from resultsframe.reporting import COLUMNS, over_time_text, to_csv, to_json, to_text


def counted(indicator_id: str, target: float | None = 100) -> Indicator:
    return Indicator(
        indicator_id,
        indicator_id,
        unit="case",
        baselines=(Baseline(0, period="2014"),) if target is not None else (),
        targets=(Target(target, due="2020-12-31"),) if target is not None else (),
    )


@pytest.fixture(scope="module")
def framework() -> Framework:
    """goal ← o1, o2; both ← shared; o1 ← empty (nothing measured)."""
    return Framework(
        "demo",
        "Demo framework",
        (
            Result("goal", "impact", "Goal", indicators=(counted("g.a"),)),
            Result("o1", "outcome", "One", indicators=(counted("o1.a"), counted("o1.m", None))),
            Result(
                "o2",
                "outcome",
                "Two",
                indicators=(
                    Indicator("o2.a", "p", measure="share", unit="%", targets=(Target("XX%"),)),
                ),
            ),
            Result("shared", "output", "Shared", indicators=(counted("s.a"),)),
            Result("empty", "output", "Nothing"),
        ),
        links=(
            Link("o1", "goal"),
            Link("o2", "goal"),
            Link("shared", "o1"),
            Link("shared", "o2"),
            Link("empty", "o1"),
        ),
        start="2015-01-01",
        end="2020-12-31",
    )


@pytest.fixture(scope="module")
def observations(framework: Framework) -> Observations:
    return Observations.from_records(
        [
            {"indicator": "g.a", "period": "2018", "value": 50},
            {"indicator": "o1.a", "period": "2016", "value": 100},
            {"indicator": "o1.m", "period": "2016", "value": 7},
            {"indicator": "s.a", "period": "2019", "value": 25},
        ],
        framework,
    )


@pytest.fixture(scope="module")
def report(framework: Framework, observations: Observations) -> ProgressReport:
    return assess(framework, observations, "2020-12-31")


# By hand: o1 = mean(o1.a 1, shared 0.25); o2 = shared 0.25 (o2.a pending);
# goal = mean(g.a 0.5, o1, o2); coverage of o2 = 1/2, of goal = (1 + 1 + 1/2) / 3.
O1 = (1 + 0.25) / 2
GOAL = (0.5 + O1 + 0.25) / 3
GOAL_COVERAGE = (1 + 1 + 0.5) / 3


# --- the terminal table ------------------------------------------------------------------------


def test_the_table_has_a_title_and_the_date(report: ProgressReport) -> None:
    lines = to_text(report).splitlines()
    assert lines[:2] == ["demo · Demo framework", "progress as of 2020-12-31"]
    assert "`resultsframe explain ID`" in lines[-1]


def test_the_table_is_the_tree_top_down_each_result_once(report: ProgressReport) -> None:
    lines = to_text(report).splitlines()
    keys = ["goal", "g.a", "o1", "o1.a", "o1.m", "shared", "s.a", "o2", "o2.a"]
    found = [
        next(n for n, line in enumerate(lines) if line.lstrip("◦ ").split(" ")[0] == key)
        for key in keys
    ]
    assert found == sorted(found)
    indents = {
        key: len(lines[n]) - len(lines[n].lstrip()) for key, n in zip(keys, found, strict=True)
    }
    assert indents["goal"] < indents["o1"] < indents["shared"]
    assert indents["o1"] == indents["o2"]
    assert sum(1 for line in lines if line.lstrip().startswith("shared ")) == 1


def test_the_table_shows_bars_percentages_coverage_and_status(report: ProgressReport) -> None:
    lines = to_text(report).splitlines()
    goal = next(line for line in lines if line.startswith("goal "))
    filled = round(GOAL * 20)
    assert "█" * filled + "░" * (20 - filled) in goal
    assert f"{GOAL * 100:.0f} %" in goal
    assert f"{GOAL_COVERAGE * 100:.0f} %" in goal
    assert goal.endswith("off track")
    g_a = next(line for line in lines if "◦ g.a" in line)
    assert "50 %" in g_a
    assert "50 case → target 100 case (baseline 0 case)" in g_a
    monitoring = next(line for line in lines if "◦ o1.m" in line)
    assert "value 7 case" in monitoring
    assert "monitoring" in monitoring
    pending = next(line for line in lines if "◦ o2.a" in line)
    assert "not assessable" in pending
    assert "pending ('XX%')" in pending
    # "empty" has no indicator in or below it: named, and counted in the singular.
    assert "not shown: 1 result with no indicator in or below them (empty)" in lines


def test_colour_only_when_asked(report: ProgressReport) -> None:
    assert "\x1b[" not in to_text(report)
    coloured = to_text(report, colour=True)
    assert "\x1b[31moff track\x1b[0m" in coloured
    assert "\x1b[1;32machieved\x1b[0m" in coloured
    assert coloured.replace("\x1b[31m", "").replace("\x1b[1;32m", "").replace(
        "\x1b[33m", ""
    ).replace("\x1b[2m", "").replace("\x1b[32m", "").replace("\x1b[0m", "") == to_text(report)


# --- over time -----------------------------------------------------------------------------------


def test_over_time_text(framework: Framework, observations: Observations) -> None:
    reports = assess_over(framework, observations, ["2016", "2018", "2020-06-30"])
    lines = over_time_text(reports).splitlines()
    assert lines[0] == "demo · Demo framework"
    header = next(line for line in lines if "2016" in line)
    assert header.split() == ["2016", "2018", "2020-06-30"]
    g_a = next(line for line in lines if "◦ g.a" in line).split()
    assert g_a == ["◦", "g.a", "n/a", "50", "%", "50", "%"]  # no figure yet in 2016
    assert not any("o1.m" in line for line in lines)  # monitoring: no achievement to show
    assert not any("empty" in line for line in lines)  # nothing targeted in it


# --- records -------------------------------------------------------------------------------------


# The progress format (issue 14): one envelope for one date or several; the records are its
# entries, and the CSV has the same columns whatever the number of dates.
CSV_COLUMNS = ["framework", "as_of", *COLUMNS, "format_version"]


def _entries(text: str) -> list[dict[str, object]]:
    return [entry for report in json.loads(text)["reports"] for entry in report["entries"]]


def test_json_of_one_report(report: ProgressReport) -> None:
    document = json.loads(to_json([report]))
    assert document["as_of"] == [report.as_of.isoformat()]
    rows = _entries(to_json([report]))
    assert [r["id"] for r in rows] == list(report)
    assert all(list(r) == list(COLUMNS) for r in rows)
    by_id = {r["id"]: r for r in rows}
    assert by_id["goal"]["progress"] == pytest.approx(GOAL)
    assert by_id["goal"]["coverage"] == round(GOAL_COVERAGE, 12)  # twelve significant digits
    assert by_id["s.a"]["value"] == 25
    assert by_id["o2.a"]["reason"] == "target pending ('XX%'): fill it to assess o2.a"
    assert by_id["o2.a"]["pending"] == "target 'XX%'"  # said, never 0 or 100 %
    assert by_id["o2.a"]["progress"] is None


def test_json_of_several_reports_says_the_date(
    framework: Framework, observations: Observations
) -> None:
    reports = assess_over(framework, observations, ["2016", "2020"])
    document = json.loads(to_json(reports))
    assert document["as_of"] == ["2016-12-31", "2020-12-31"]
    assert [r["as_of"] for r in document["reports"]] == ["2016-12-31", "2020-12-31"]
    rows = _entries(to_json(reports))
    assert len(rows) == 2 * len(reports[0])
    assert all(list(r) == list(COLUMNS) for r in rows)


def test_csv_of_one_report(report: ProgressReport) -> None:
    rows = list(csv.reader(io.StringIO(to_csv([report]))))
    assert rows[0] == CSV_COLUMNS
    assert len(rows) == 1 + len(report)
    by_id = {r[2]: dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows[1:]}
    assert float(by_id["goal"]["progress"]) == pytest.approx(GOAL)
    assert by_id["goal"]["value"] == ""  # None is an empty cell
    assert by_id["goal"]["as_of"] == report.as_of.isoformat()
    assert by_id["goal"]["format_version"] == "resultsframe-progress 1.0"
    assert by_id["o1.m"]["status"] == "not_assessable"
    assert by_id["o1.m"]["reason"] == "monitoring indicator: it has no target"


def test_csv_of_several_reports_has_the_same_columns(
    framework: Framework, observations: Observations
) -> None:
    reports = assess_over(framework, observations, ["2016", "2020"])
    rows = list(csv.reader(io.StringIO(to_csv(reports))))
    assert rows[0] == CSV_COLUMNS
    assert {r[1] for r in rows[1:]} == {"2016-12-31", "2020-12-31"}


def test_the_json_and_csv_forms_carry_the_same_records(report: ProgressReport) -> None:
    from_json = _entries(to_json([report]))
    from_csv = list(csv.DictReader(io.StringIO(to_csv([report]))))
    for a, b in zip(from_json, from_csv, strict=True):
        expected = {k: "" if v is None else str(v) for k, v in a.items()}
        assert {k: b[k] for k in COLUMNS} == expected
