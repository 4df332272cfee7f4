"""The progress format: one envelope for one date or several, checked against its JSON Schema.

Every JSON output below is validated with jsonschema (an independent reader) against the
published schema, shipped in the package as ``schema/progress-1.0.schema.json``; the CSV form
is read back with the csv module and pandas' defaults.
"""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from typing import Any

import jsonschema
import pytest

import resultsframe
from resultsframe import ProgressReport, assess_over, reporting
from resultsframe.cli import main
from resultsframe.reporting import COLUMNS, progress_schema, to_csv, to_json

DATES_3 = ["2016-12-31", "2018-12-31", "2020-12-31"]
CSV_COLUMNS = ["framework", "as_of", *COLUMNS, "format_version"]


@pytest.fixture(scope="module")
def cop() -> resultsframe.Framework:
    return resultsframe.examples.load("cop")


@pytest.fixture(scope="module")
def three(cop: resultsframe.Framework) -> list[ProgressReport]:
    return assess_over(cop, resultsframe.examples.observations("cop"), DATES_3)


def validate(document: Any) -> None:
    schema = progress_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def test_one_date_is_an_envelope_with_a_list_of_one(three: list[ProgressReport]) -> None:
    document = json.loads(to_json(three[-1:]))
    validate(document)
    assert document["format"] == "resultsframe-progress"
    assert document["version"] == "1.0"
    assert document["generated_by"] == f"resultsframe {resultsframe.__version__}"
    assert document["framework"] == {
        "id": "cop-2015",
        "title": "Global Targets on Child Online Protection: Results Framework",
    }
    assert document["as_of"] == ["2020-12-31"]
    (report,) = document["reports"]
    assert report["as_of"] == "2020-12-31"
    # COP: 28 results and 26 indicators, each once, in the framework's order.
    assert len(report["entries"]) == 28 + 26
    assert [e["id"] for e in report["entries"]] == list(three[-1])


def test_three_dates_are_the_same_envelope(three: list[ProgressReport]) -> None:
    document = json.loads(to_json(three))
    validate(document)
    assert document["as_of"] == DATES_3
    assert [r["as_of"] for r in document["reports"]] == DATES_3
    assert list(document) == list(json.loads(to_json(three[:1])))  # the same keys
    by_date = {r["as_of"]: {e["id"]: e for e in r["entries"]} for r in document["reports"]}
    # impact in 2016: T1.a at (161 − 143) / (176.4 − 143) = 0.539, T2.a at 0 (below its
    # baseline), O3–O5 not assessable: (0.539 + 0) / 2 = 0.269, with coverage 2/6 = 1/3.
    assert by_date["2016-12-31"]["impact"]["progress"] == pytest.approx(
        (161 - 143) / (176.4 - 143) / 2
    )
    assert by_date["2020-12-31"]["impact"]["progress"] == 0.5
    assert by_date["2020-12-31"]["impact"]["coverage"] == pytest.approx(1 / 3)


def test_pending_targets_are_said_never_a_figure(three: list[ProgressReport]) -> None:
    document = json.loads(to_json(three))
    validate(document)
    for report in document["reports"]:
        entries = {e["id"]: e for e in report["entries"]}
        # COP's pending targets: T3.a–d, T4.a–b, T5.a–e ("XX%"; T5.d's is "%").
        for key in ("T3.a", "T3.b", "T3.c", "T3.d", "T4.a", "T4.b", "T5.a", "T5.e"):
            assert entries[key]["pending"].startswith("target 'XX%'"), key
            assert entries[key]["progress"] is None
            assert entries[key]["target"] is None
            assert entries[key]["status"] == "not_assessable"
        assert entries["T5.d"]["pending"] == "target '%'"
        assert entries["T3"]["progress"] is None  # every input pending: not 0 %
        assert entries["T3"]["coverage"] == 0
        assert entries["T1.a"]["pending"] is None


def test_not_assessable_and_monitoring_entries_validate(three: list[ProgressReport]) -> None:
    entries = {e["id"]: e for e in json.loads(to_json(three))["reports"][-1]["entries"]}
    assert entries["impact.a"]["status"] == "not_assessable"
    assert "unit-level observations" in entries["impact.a"]["reason"]
    assert entries["impact.w"]["reason"] == "monitoring indicator: it has no target"
    assert entries["P1.2"]["coverage"] is None  # nothing targeted in it or below it
    # T1.a: 180/196 = 91.84 % against 90 %: achieved, progress clipped to 1, raw above 1.
    assert entries["T1.a"]["progress"] == 1.0
    assert entries["T1.a"]["achievement_raw"] == pytest.approx((180 - 143) / (176.4 - 143))


def test_the_schema_requires_what_the_writer_writes(three: list[ProgressReport]) -> None:
    schema = progress_schema()
    document = json.loads(to_json(three))
    assert schema["required"] == list(document)
    entry = schema["$defs"]["Entry"]
    assert entry["required"] == list(COLUMNS)
    assert entry["additionalProperties"] is False
    assert set(entry["properties"]) == {*COLUMNS, "reported_by"}
    assert schema["$defs"]["Report"]["required"] == list(document["reports"][0])
    assert schema["properties"]["framework"]["required"] == list(document["framework"])


def test_a_document_that_breaks_the_format_is_refused(three: list[ProgressReport]) -> None:
    document = json.loads(to_json(three[-1:]))
    document["reports"][0]["entries"][0]["progress"] = 1.5  # progress is 0–1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, progress_schema())
    del document["reports"][0]["entries"][0]["pending"]
    document["reports"][0]["entries"][0]["progress"] = 0.5
    with pytest.raises(jsonschema.ValidationError, match="'pending' is a required property"):
        jsonschema.validate(document, progress_schema())


def test_csv_has_the_same_columns_whatever_the_dates(three: list[ProgressReport]) -> None:
    for reports in (three[-1:], three):
        rows = list(csv.reader(io.StringIO(to_csv(reports))))
        assert rows[0] == CSV_COLUMNS
        assert len(rows) == 1 + len(reports) * (28 + 26)
        assert {row[0] for row in rows[1:]} == {"cop-2015"}
        assert {row[-1] for row in rows[1:]} == {"resultsframe-progress 1.0"}
        assert [row[1] for row in rows[1 :: 28 + 26]] == [r.as_of.isoformat() for r in reports]


def test_pandas_reads_the_csv_with_its_defaults(three: list[ProgressReport]) -> None:
    import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs in the lint extra

    frame = pd.read_csv(io.StringIO(to_csv(three)))
    assert list(frame.columns) == CSV_COLUMNS
    assert frame.groupby("as_of").size().to_dict() == dict.fromkeys(DATES_3, 54)
    impact = frame[(frame["id"] == "impact") & (frame["as_of"] == "2020-12-31")]
    assert impact["progress"].tolist() == [0.5]


def test_the_command_writes_the_format_and_prints_the_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["progress", "--as-of", "2016..2020", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    validate(document)
    assert document["as_of"] == [f"{year}-12-31" for year in range(2016, 2021)]
    assert main(["progress", "cop", "--as-of", "2020", "--partner", "IWF", "--format", "json"]) == 0
    partner = json.loads(capsys.readouterr().out)
    validate(partner)
    assert partner["partner"] == "IWF"
    # IWF reports P2.6.a: 38 portals in 2020.
    assert [(e["id"], e["value"], e["reported_by"]) for e in partner["reports"][0]["entries"]] == [
        ("P2.6.a", 38.0, "IWF")
    ]
    assert main(["schema", "--progress"]) == 0
    assert json.loads(capsys.readouterr().out) == progress_schema()
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "resultsframe document, format 1.0"


def test_the_schema_ships_in_the_package() -> None:
    shipped = resources.files("resultsframe").joinpath("schema", reporting.PROGRESS_SCHEMA_FILE)
    assert json.loads(shipped.read_text(encoding="utf-8")) == progress_schema()
    assert progress_schema()["properties"]["format"] == {"const": reporting.PROGRESS_FORMAT}


def test_an_empty_list_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one report"):
        to_json([])
