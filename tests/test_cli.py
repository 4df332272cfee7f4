"""The ``resultsframe`` command, run in this process through ``resultsframe.cli.main``.

``main`` returns the exit code the installed script exits with; the ``cli`` fixture captures
stdout and stderr (``tests/test_cli_entry_point.py`` runs each command through the installed
script itself). Exit codes: 0 all is well, 1 validation problems, 2 unusable input; messages go
to stderr, never as a traceback.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import resultsframe
from conftest import Ran, RunCli
from resultsframe.units import registry

DATA = Path(__file__).parent / "data" / "observations"
KEYS = [
    "id",
    "kind",
    "value",
    "unit",
    "baseline",
    "target",
    "pending",
    "progress",
    "achievement_raw",
    "coverage",
    "status",
    "reason",
    # issue 10: the path's figures, overdue data and a qualitative indicator's text
    "expected",
    "expected_raw",
    "overdue_since",
    "text",
    # issue 11: what the published figures say is wrong (a share over 100 %, not a number)
    "findings",
]


# name → command line; paths are relative to the fixture's work folder.
COMMANDS: dict[str, tuple[str, ...]] = {
    "progress-json": ("progress", "--format", "json", "--as-of", "2020-12-31"),
    "progress-csv-years": ("progress", "--format", "csv", "--as-of", "2015..2020"),
    "progress-table": ("progress", "--as-of", "2016-12-31", "--color", "never"),
    "progress-data": (
        "progress",
        "--format",
        "json",
        "--as-of",
        "2020-12-31",
        "--data",
        str(DATA / "cop-t2a-only.csv"),
    ),
    "progress-document": (
        "progress",
        "filled.json",
        "--data",
        str(DATA / "cop-filled-t3a.csv"),
        "--format",
        "json",
        "--as-of",
        "2020-12-31",
    ),
    "explain-result": ("explain", "impact", "cop", "--as-of", "2020-12-31"),
    "validate-cycle": ("validate", "cycle.json"),
    "export": ("export", "-o", "exported.json"),
    "fill": ("fill", "cop", "T3.a=50 %", "T4.a=40", "-o", "filled-by-cli.json"),
    "malformed-json": ("progress", "malformed.json"),
    "bad-csv": ("progress", "--data", str(DATA / "bad-value.csv")),
}


def cycle_document() -> dict[str, Any]:
    """Two outcomes that contribute to each other."""
    return {
        "format": "resultsframe",
        "version": "1.0",
        "framework": {
            "id": "loop",
            "title": "A framework with a cycle",
            "levels": {"name": "default", "levels": ["impact", "outcome", "target", "output"]},
            "results": [
                {"id": "a", "level": "outcome", "statement": "A"},
                {"id": "b", "level": "outcome", "statement": "B"},
            ],
            "links": [{"child": "a", "parent": "b"}, {"child": "b", "parent": "a"}],
        },
    }


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    (folder / "cycle.json").write_text(json.dumps(cycle_document()), encoding="utf-8")
    (folder / "malformed.json").write_text('{"format": "resultsframe", ', encoding="utf-8")
    filled = resultsframe.examples.load("cop").fill({"T3.a": "50 %"})
    (folder / "filled.json").write_text(resultsframe.dumps(filled), encoding="utf-8")
    return folder


Runs = Callable[[str], Ran]


@pytest.fixture
def runs(cli: RunCli, work: Path) -> Runs:
    """Run the command line named in COMMANDS, in the work folder."""
    return lambda name: cli(*COMMANDS[name], cwd=work)


def ok(runs: Runs, name: str) -> str:
    result = runs(name)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def entries(text: str) -> list[dict[str, Any]]:
    """The entries of a progress file of one date (the progress format's envelope)."""
    document = json.loads(text)
    assert document["format"] == "resultsframe-progress"
    (report,) = document["reports"]
    assert document["as_of"] == [report["as_of"]]
    rows: list[dict[str, Any]] = report["entries"]
    return rows


def records(runs: Runs, name: str) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in entries(ok(runs, name))}


# --- progress ------------------------------------------------------------------------------------


def test_progress_json_has_one_object_per_result_and_indicator(runs: Runs) -> None:
    rows = entries(ok(runs, "progress-json"))
    fw = resultsframe.examples.load("cop")
    assert len(rows) == len(fw.results) + len(fw.indicators)
    assert {r["id"] for r in rows} == set(fw.results) | set(fw.indicators)
    for row in rows:
        assert list(row) == KEYS
        assert row["kind"] in ("result", "indicator")
        assert row["status"] in ("achieved", "on_track", "at_risk", "off_track", "not_assessable")


def test_progress_json_gives_the_known_answers(runs: Runs) -> None:
    rows = records(runs, "progress-json")
    t1a = rows["T1.a"]
    assert t1a["value"] == pytest.approx(180 / 196 * 100)  # percentages in percent
    assert t1a["unit"] == "percent"
    assert t1a["baseline"] == pytest.approx(143 / 196 * 100)
    assert t1a["target"] == 90
    assert t1a["progress"] == 1  # an indicator's progress is its achievement, clipped
    assert t1a["achievement_raw"] == pytest.approx((180 - 143) / (176.4 - 143))
    assert t1a["status"] == "achieved"
    assert t1a["reason"] is None
    t2a = rows["T2.a"]
    assert t2a["value"] == pytest.approx(41 / 196 * 100)
    assert t2a["progress"] == 0
    assert t2a["status"] == "off_track"
    impact = rows["impact"]
    assert impact["progress"] == pytest.approx(0.5)
    assert impact["coverage"] == pytest.approx(1 / 3)
    assert impact["value"] is None
    assert rows["impact.a"]["status"] == "not_assessable"
    assert "impact.w" in rows["impact.a"]["reason"]
    assert rows["T3"]["progress"] is None
    assert rows["T3"]["coverage"] == 0
    assert rows["P1.2"]["coverage"] is None  # nothing targeted in it


def test_progress_csv_over_the_years(runs: Runs) -> None:
    rows = list(csv.DictReader(io.StringIO(ok(runs, "progress-csv-years"))))
    assert list(rows[0]) == ["framework", "as_of", *KEYS, "format_version"]
    assert sorted({r["as_of"] for r in rows}) == [f"{y}-12-31" for y in range(2015, 2021)]
    impact = {r["as_of"][:4]: r for r in rows if r["id"] == "impact"}
    assert float(impact["2016"]["progress"]) == pytest.approx((161 - 143) / (176.4 - 143) / 2)
    assert float(impact["2020"]["progress"]) == pytest.approx(0.5)
    assert impact["2020"]["reason"] == ""  # none: an empty cell
    t3 = {r["as_of"][:4]: r for r in rows if r["id"] == "T3"}
    assert t3["2020"]["progress"] == ""
    assert t3["2020"]["status"] == "not_assessable"


def test_progress_table_is_a_readable_tree(runs: Runs) -> None:
    text = ok(runs, "progress-table")
    assert "progress as of 2016-12-31" in text
    lines = text.splitlines()
    t1a = next(line for line in lines if "◦ T1.a" in line)
    assert "54 %" in t1a
    assert "on track" in t1a
    assert "82.14 %" in t1a  # 161/196
    impact = next(line for line in lines if line.startswith("impact "))
    assert "27 %" in impact
    assert "33 %" in impact  # coverage
    assert "\x1b[" not in text  # --color never
    # The tree: outcomes under the impact, targets under the outcomes.
    assert next(line for line in lines if "O1" in line).startswith("  O1")
    assert next(line for line in lines if line.strip().startswith("T1 ")).startswith("    T1")


def test_as_of_defaults_to_today(cli: RunCli) -> None:
    before = date.today()
    code, out, err = cli("progress", "--color", "never")
    assert (code, err) == (0, "")
    assert any(
        f"progress as of {day.isoformat()}" in out
        for day in {before, before + timedelta(days=1), date.today()}
    )


def test_data_replaces_the_example_observations(runs: Runs) -> None:
    rows = records(runs, "progress-data")
    assert rows["T2.a"]["value"] == pytest.approx(41 / 196 * 100)
    assert rows["T1.a"]["value"] is None  # not in the file: the example's rows are gone
    assert "no observation of T1.a" in rows["T1.a"]["reason"]
    assert rows["P1.2.b"]["value"] is None
    assert rows["impact"]["progress"] == 0  # only T2 is left, at 0
    assert rows["impact"]["coverage"] == pytest.approx(1 / 6)


def test_progress_of_a_json_document_with_its_data(runs: Runs) -> None:
    rows = records(runs, "progress-document")
    assert rows["T3.a"]["target"] == 50
    assert rows["T3.a"]["progress"] == pytest.approx((30 - 10) / (50 - 10))
    assert rows["impact"]["progress"] == pytest.approx((1 + 0 + 0.5) / 3)
    assert rows["impact"]["coverage"] == pytest.approx(0.375)


# --- explain -------------------------------------------------------------------------------------


def test_explain_an_indicator(cli: RunCli) -> None:
    code, text, _ = cli("explain", "T2.a", "--as-of", "2020-12-31")
    assert code == 0
    assert text.startswith("T2.a as of 2020-12-31")
    assert "(41/196) for 2018" in text  # the observation used
    assert "(45/196) for 2014" in text  # the baseline
    assert "70 % due 2020-12-31" in text  # the target
    assert "off_track" in text


def test_explain_over_several_dates(cli: RunCli) -> None:
    code, text, _ = cli("explain", "T1.a", "--as-of", "2016,2020")
    assert code == 0
    assert "T1.a as of 2016-12-31" in text
    assert "T1.a as of 2020-12-31" in text


def test_explain_a_result(runs: Runs) -> None:
    text = ok(runs, "explain-result")
    lines = text.splitlines()
    assert lines[0] == "impact (impact) as of 2020-12-31"
    for child in ("O1", "O2", "O3", "O4", "O5"):
        assert any(child in line and "weight 1" in line for line in lines)
    assert any("O3" in line and "left out" in line for line in lines)
    assert any("impact.w" in line and "no target" in line for line in lines)  # outside


# --- the other commands ----------------------------------------------------------------------------


def test_show_prints_the_hierarchy(cli: RunCli) -> None:
    code, text, _ = cli("show")
    assert code == 0
    assert text.startswith("cop-2015 · Global Targets on Child Online Protection")
    for key in ("impact", "O1", "T1", "P1.2", "T1.a", "T3.b"):
        assert key in text
    assert "pending 'XX%'" in text


def test_pending_lists_the_13_open_values(cli: RunCli) -> None:
    code, out, _ = cli("pending", "--format", "json")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 13
    threshold = next(i for i in items if i["key"] == "T3.b:threshold")
    assert threshold["field"] == "parameter"
    assert sum(1 for i in items if i["field"] == "target") == 12


def test_validate_a_valid_framework(cli: RunCli) -> None:
    code, out, err = cli("validate")
    assert (code, err) == (0, "")
    assert "valid" in out


def test_validate_names_a_cycle_and_exits_1(runs: Runs) -> None:
    result = runs("validate-cycle")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cycle" in result.stderr
    assert "a → b → a" in result.stderr or "b → a → b" in result.stderr
    assert result.stdout == ""


def test_export_writes_the_document(runs: Runs, work: Path) -> None:
    assert ok(runs, "export") == ""
    written = (work / "exported.json").read_text(encoding="utf-8")
    assert written == resultsframe.dumps(resultsframe.examples.load("cop"))


def test_fill_writes_a_new_framework(runs: Runs, work: Path) -> None:
    assert ok(runs, "fill") == ""
    filled = resultsframe.load(work / "filled-by-cli.json")
    t3a, t4a = filled.indicators["T3.a"].target, filled.indicators["T4.a"].target
    assert t3a is not None
    assert t4a is not None
    assert t3a.value == registry().Quantity(50, "percent")
    assert t4a.value == registry().Quantity(40, "percent")  # a bare number in the value's unit
    assert len(filled.pending()) == 11


# --- what goes wrong -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed-json", "line 1, column 28"),
        ("bad-csv", "line 3, column 3 (value)"),
    ],
)
def test_unusable_input_exits_2_with_a_message_and_no_traceback(
    runs: Runs, name: str, message: str
) -> None:
    result = runs(name)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_messages_name_the_file(runs: Runs) -> None:
    assert "bad-value.csv" in runs("bad-csv").stderr
    assert "malformed.json" in runs("malformed-json").stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["progress", "--as-of", "2020-13-45"], "month 13"),
        (["progress", "--as-of", "2020..2015"], "2020..2015"),
        (["progress", "--as-of", "soon"], "'soon'"),
        (["explain", "NOPE"], "'NOPE'"),
        (["progress", "nowhere.json"], "nowhere.json"),
        (["show", "."], "folder"),
        (["progress", "--data", "nowhere.csv"], "nowhere.csv"),
        (["progress", "--format", "xml"], "xml"),
        (["frobnicate"], "frobnicate"),
        (["fill", "cop", "NOPE=5", "-o", "never-written.json"], "NOPE"),
        (["fill", "cop", "T3.a", "-o", "never-written.json"], "ID=VALUE"),
        (["fill", "cop", "T3.a=50 kg", "-o", "never-written.json"], "T3.a"),
    ],
)
def test_every_unusable_command_line_exits_2_with_a_message(
    cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(*args)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "never-written.json").exists()


# --- more of progress, in this process -----------------------------------------------------------


def test_data_may_be_json(cli: RunCli) -> None:
    data = str(DATA / "observations.json")
    code, out, err = cli("progress", "--data", data, "--format", "json", "--as-of", "2020-12-31")
    assert (code, err) == (0, "")
    rows = {r["id"]: r for r in entries(out)}
    assert rows["T1.a"]["value"] == pytest.approx(180 / 196 * 100)
    assert rows["T1.a"]["baseline"] == pytest.approx(143 / 196 * 100)
    assert rows["T2.a"]["value"] is None


def test_progress_output_to_a_file(
    cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("progress", "--format", "csv", "--as-of", "2020", "-o", "report.csv")
    assert (code, out, err) == (0, "", "")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "report.csv").read_text("utf-8"))))
    assert next(r for r in rows if r["id"] == "impact")["progress"] == "0.5"
    assert list(tmp_path.iterdir()) == [tmp_path / "report.csv"]  # no temporary file left


def test_colour_on_request(cli: RunCli) -> None:
    code, out, _ = cli("progress", "--as-of", "2020", "--color", "always")
    assert code == 0
    assert "\x1b[1;32machieved\x1b[0m" in out
