"""The views of what issue 10 added: records, JSON, CSV and data frames with the path's figures,
overdue data and texts; the terminal table and the HTML with a qualitative indicator's text and
"no new data"; and the plot command on a qualitative indicator and with ``--vintage``.

The framework starts on 2016-01-01:

- ``access``: a share, baseline 40 % in 2015, target 80 % by 2020-12-31, reported annually.
  Observed 50 % in 2016 and 60 % in 2018. As of 2018-12-31: achievement (60 − 40) / (80 − 40)
  = 0.5; 1096 of the 1827 days from 2015-12-31 to 2020-12-31 have passed, expected 0.6. As of
  2021-03-31: the figure for 2019 was due by 2020-12-31, overdue from 2021-01-01.
- ``law``: qualitative, with texts for 2017 and 2019.
- ``stale``: a count, baseline 10 in 2015, target 20 by 2020-12-31, observed only for 2015:
  no new data since the baseline.
"""

from __future__ import annotations

import csv
import io
import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs in the lint extra
import polars as pl
import pytest

import resultsframe
from conftest import RunCli
from resultsframe import Framework, Observations, ProgressReport, assess, build
from resultsframe.charts import plot_indicator
from resultsframe.display import to_html
from resultsframe.frames import FLOAT_COLUMNS, TEXT_COLUMNS
from resultsframe.reporting import COLUMNS, entries, to_csv, to_json, to_text

LONG = (
    "The law on access to information was adopted by parliament and published in the official "
    "gazette, with its regulations to follow within the year"
)


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
                        "access": {
                            "name": "access",
                            "unit": "%",
                            "baseline": "40 % in 2015",
                            "target": "80 % by 2020-12-31",
                            "frequency": "annual",
                        },
                        "law": {"name": "a law on access", "measure": "qualitative"},
                        "stale": {
                            "name": "stale",
                            "unit": "case",
                            "baseline": "10 in 2015",
                            "target": "20 by 2020-12-31",
                        },
                    },
                }
            },
        }
    )


DATA = (
    "indicator,period,value,text\n"
    "access,2016,50,\n"
    "access,2018,60,\n"
    "law,2017,,Law drafted\n"
    f'law,2019,,"{LONG}"\n'
    "stale,2015,10,\n"
)


@pytest.fixture(scope="module")
def obs(fw: Framework) -> Observations:
    return Observations.from_csv(io.StringIO(DATA), fw)


@pytest.fixture(scope="module")
def report(fw: Framework, obs: Observations) -> ProgressReport:
    return assess(fw, obs, "2021-03-31")


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


# --- records, JSON, CSV, frames -----------------------------------------------------------------


def test_the_records_carry_the_path_overdue_data_and_texts(
    fw: Framework, obs: Observations, report: ProgressReport
) -> None:
    early = by_id(assess(fw, obs, "2018-12-31").to_records())
    # 1096 of 1827 days: expected 0.6 on the straight path, not clipped
    assert early["access"]["expected"] == pytest.approx(1096 / 1827)
    assert early["access"]["expected_raw"] == pytest.approx(1096 / 1827)
    assert early["access"]["overdue_since"] is None  # 2019's figure is due by 2020-12-31
    assert early["law"]["text"] == "Law drafted"
    late = by_id(report.to_records())
    assert late["access"]["overdue_since"] == "2021-01-01"
    assert late["access"]["expected"] == 1.0  # past the due date: the whole way
    assert late["law"]["text"] == LONG  # in full: records are data
    assert late["law"]["expected"] is None
    assert late["goal"]["text"] is None
    assert late["goal"]["overdue_since"] is None
    # a result's expected is its inputs' weighted mean, and it has no raw figure of its own
    assert late["goal"]["expected_raw"] is None
    assert late["goal"]["expected"] == pytest.approx(1.0)


def test_json_and_csv_have_the_new_columns(report: ProgressReport) -> None:
    # issue 11 adds findings after these four (COLUMNS[-4:] before)
    assert COLUMNS[-5:-1] == ("expected", "expected_raw", "overdue_since", "text")
    assert COLUMNS[-1] == "findings"
    rows = json.loads(to_json([report]))["reports"][0]["entries"]
    assert all(list(r) == list(COLUMNS) for r in rows)
    assert by_id(rows)["access"]["overdue_since"] == "2021-01-01"
    table = list(csv.DictReader(io.StringIO(to_csv([report]))))
    assert list(table[0]) == ["framework", "as_of", *COLUMNS, "format_version"]
    access = by_id(table)["access"]
    assert (access["overdue_since"], access["expected"], access["text"]) == (
        "2021-01-01",
        "1.0",
        "",
    )
    assert by_id(table)["law"]["text"] == LONG


def test_frames_carry_the_same_columns(report: ProgressReport) -> None:
    assert {"expected", "expected_raw"} <= set(FLOAT_COLUMNS)
    assert {"overdue_since", "text"} <= set(TEXT_COLUMNS)
    frame = report.to_pandas()
    assert list(frame.columns) == list(COLUMNS)
    assert str(frame["expected_raw"].dtype) == "Float64"
    assert str(frame["overdue_since"].dtype) == str(frame["text"].dtype) == "string"
    row = frame.set_index("id").loc["access"]
    assert (row["overdue_since"], row["expected"]) == ("2021-01-01", 1.0)
    assert frame.set_index("id").loc["law", "text"] == LONG
    polars = report.to_polars()
    assert polars.columns == list(COLUMNS)
    assert polars.schema["overdue_since"] == pl.String
    assert polars.to_dicts() == entries(report)
    for record, row_ in zip(entries(report), frame.to_dict("records"), strict=True):
        plain = {
            k: None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v
            for k, v in row_.items()
        }
        assert plain == record


# --- the terminal table and the HTML ------------------------------------------------------------


def line_of(text: str, iid: str) -> str:
    return next(line for line in text.splitlines() if f"◦ {iid} " in line)


def test_the_table_shows_a_qualitative_indicators_latest_text_shortened(
    report: ProgressReport,
) -> None:
    line = line_of(to_text(report), "law")
    assert 'qualitative: "The law on access to information' in line
    assert line.endswith('…" (2019)')  # shortened, with the period it is for
    assert len(line) <= 140
    early = line_of(to_text(assess(report.framework, report.observations, "2018")), "law")
    assert early.endswith('qualitative: "Law drafted" (2017)')


def test_a_qualitative_indicator_without_text_says_what_it_is(fw: Framework) -> None:
    line = line_of(to_text(assess(fw, Observations.empty(fw), "2016")), "law")
    assert line.endswith("qualitative indicator: described, not measured or aggregated")


def test_the_table_says_no_new_data_plainly(report: ProgressReport) -> None:
    entry = report["stale"]
    assert entry.has_no_new_data  # type: ignore[union-attr]
    assert not report["access"].has_no_new_data  # type: ignore[union-attr]
    line = line_of(to_text(report), "stale")
    assert line.endswith(
        "not assessable: no new data since the baseline (2015): latest 10 case for 2015"
    )
    assert "0 %" not in line  # not "no progress"


def test_the_html_shows_the_text_and_no_new_data(report: ProgressReport) -> None:
    html = to_html(report)
    assert "“The law on access to information" in html
    assert f'title="{LONG}"' in html  # the whole text on hover
    assert "no new data since the baseline (2015): latest 10 cases for 2015" in html


# --- plot -------------------------------------------------------------------------------------


def test_a_qualitative_indicator_is_plotted_as_its_texts_never_as_nan_points(
    report: ProgressReport,
) -> None:
    ax = plot_indicator(report, None, "law")
    for line in ax.lines:
        assert not any(isinstance(y, float) and math.isnan(y) for y in line.get_ydata())  # type: ignore[union-attr]
    texts = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    assert texts["text:law:0"] == "Law drafted"
    assert texts["text:law:1"].startswith("The law on access to information")
    assert texts["text:law:1"].endswith("…")
    assert "observed:law" not in {line.get_gid() for line in ax.lines}


def test_a_qualitative_indicator_with_no_text_yet_says_so(fw: Framework) -> None:
    ax = plot_indicator(assess(fw, Observations.empty(fw), "2016"), None, "law")
    texts = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    assert texts["no-texts"] == "no text observed by 2016-12-31"


def test_plot_takes_a_vintage(fw: Framework, tmp_path: Path, cli: RunCli) -> None:
    doc = tmp_path / "f.json"
    resultsframe.dump(fw, doc)
    data = tmp_path / "data.csv"
    data.write_text(
        "indicator,period,value,published\n"
        "access,2016,50,2017-02-01\n"
        "access,2018,60,2019-02-01\n"
        "access,2018,65,2020-02-01\n",  # 2018 revised in 2020
        encoding="utf-8",
    )
    runs = {
        "latest.svg": (),
        "2019.svg": ("--vintage", "2019-12-31"),
        "2019-again.svg": ("--vintage", "2019-12-31"),
    }
    for name, extra in runs.items():
        done = cli(
            "plot", str(doc), "--data", str(data), "--indicator", "access",
            "--as-of", "2020", *extra, "-o", name, cwd=tmp_path,
        )  # fmt: skip
        assert (done.returncode, done.stderr) == (0, ""), name
    # The data as published by 2019 has 60 for 2018, the latest 65: different charts.
    assert (tmp_path / "latest.svg").read_bytes() != (tmp_path / "2019.svg").read_bytes()
    assert (tmp_path / "2019.svg").read_bytes() == (tmp_path / "2019-again.svg").read_bytes()
    ids = {e.get("id") for e in ET.parse(tmp_path / "2019.svg").getroot().iter()}
    assert "observed:access" in ids
    bad = cli("plot", str(doc), "--vintage", "2019-13-01", "-o", "x.svg", cwd=tmp_path)
    assert bad.returncode == 2
    assert "--vintage" in bad.stderr
    assert not (tmp_path / "x.svg").exists()


def test_plot_of_a_qualitative_indicator_from_the_command_line(
    fw: Framework, tmp_path: Path, cli: RunCli
) -> None:
    doc = tmp_path / "f.json"
    resultsframe.dump(fw, doc)
    data = tmp_path / "data.csv"
    data.write_text(DATA, encoding="utf-8")
    done = cli(
        "plot", str(doc), "--data", str(data), "--indicator", "law", "--as-of", "2020",
        "-o", "law.svg", cwd=tmp_path,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    ids = {e.get("id") for e in ET.parse(tmp_path / "law.svg").getroot().iter()}
    assert {"text:law:0", "text:law:1"} <= ids
