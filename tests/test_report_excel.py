"""The logframe with progress as an Excel workbook: ``resultsframe report -o report.xlsx``.

Every check reads the file back with openpyxl, an independent reader: the cells, the
conditional formatting rules and the ranges they cover, the frozen header, the sheets.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import resultsframe
from conftest import RunCli
from resultsframe.display import STATUS_COLOURS, STATUS_LABELS, STATUS_TEXT_COLOURS
from resultsframe.progress import IndicatorProgress, ProgressReport, Status
from resultsframe.table import progress
from resultsframe.table.write import to_rows


@pytest.fixture(scope="module")
def book(reports: list[ProgressReport], tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("report") / "cop.xlsx"
    progress.write(reports, path)
    return openpyxl.load_workbook(path)


def _columns(sheet: Any) -> dict[str, str]:
    return {cell.value: cell.column_letter for cell in sheet[1]}


def _records(sheet: Any) -> list[dict[str, Any]]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _approx(figure: float | None) -> Any:
    """The report's figure as the sheet holds it: to 12 significant digits."""
    return None if figure is None else pytest.approx(figure, rel=1e-11)


def test_the_sheets(book: Any) -> None:
    assert book.sheetnames == ["logframe", "pending", "over time", "framework", "columns"]


def test_each_indicator_has_the_report_s_figures(book: Any, reports: list[ProgressReport]) -> None:
    report = reports[-1]
    records = _records(book["logframe"])
    assert len(records) == len(to_rows(report.framework))  # one row per indicator, as the logframe
    by_indicator = {r["indicator id"]: r for r in records if r["indicator id"] is not None}
    assert set(by_indicator) == set(report.framework.indicators)
    for indicator_id, row in by_indicator.items():
        entry = report[indicator_id]
        assert isinstance(entry, IndicatorProgress)
        target = report.framework.indicators[indicator_id].target
        if target is not None and isinstance(target.value, resultsframe.Pending):
            # Pending is pending text, never 0 % or 100 %.
            assert row["progress"] == f"pending {target.value.text}", indicator_id
        else:
            assert row["progress"] == _approx(entry.achievement), indicator_id
        assert row["coverage"] == entry.coverage
        assert row["value"] == _approx(entry.value)
    # By hand: T1.a is 91.84 % (180/196) for 2018-12-06 against a target of 90 %: achieved;
    # T2.a 20.92 % where the baseline was 22.96 %: below it, achievement clipped to 0.
    assert [by_indicator["T1.a"][k] for k in ("status", "progress", "value as of")] == [
        "achieved",
        1,
        "2018-12-06",
    ]
    assert by_indicator["T1.a"]["value"] == pytest.approx(180 / 196 * 100)
    assert [by_indicator["T2.a"][k] for k in ("status", "progress")] == ["off track", 0]
    assert [by_indicator["T3.a"][k] for k in ("status", "progress", "coverage")] == [
        "not assessable",
        "pending XX%",
        0,
    ]
    assert by_indicator["T1.s1"]["status"] == "monitoring"
    assert by_indicator["T2.s3"]["status"] == "qualitative"
    # impact: progress 50 % (T1 at 100 %, T2 at 0 %), coverage 1/3 (T3…T5 pending).
    assert [by_indicator["impact.a"][k] for k in ("result status", "result progress")] == [
        "off track",
        0.5,
    ]
    assert by_indicator["impact.a"]["result coverage"] == pytest.approx(1 / 3)


def test_status_colours_are_conditional_formatting(book: Any) -> None:
    sheet = book["logframe"]
    columns = _columns(sheet)
    last = sheet.max_row
    rules: dict[str, list[Any]] = {}
    for formatting in sheet.conditional_formatting:
        rules[str(formatting.sqref)] = list(formatting.rules)
    for name in ("status", "result status"):
        letter = columns[name]
        found = rules[f"{letter}2:{letter}{last}"]  # every row of the column
        assert [r.type for r in found] == ["cellIs"] * len(Status)
        by_text = {r.formula[0]: r for r in found}
        for status in Status:
            rule = by_text[f'"{STATUS_LABELS[status]}"']
            assert rule.operator == "equal"
            colour = STATUS_COLOURS[status].lstrip("#").upper()
            assert rule.dxf.fill.fgColor.rgb.endswith(colour)
            text = STATUS_TEXT_COLOURS[status].lstrip("#").upper()
            assert rule.dxf.font.color.rgb.endswith(text)
    # No status is painted by a static fill: the cells themselves have none.
    at = sheet[columns["status"] + "1"].column
    for (cell,) in sheet.iter_rows(min_row=2, min_col=at, max_col=at):
        assert cell.fill.fill_type is None


def test_progress_has_a_data_bar_and_coverage_a_colour_scale(book: Any) -> None:
    sheet = book["logframe"]
    columns = _columns(sheet)
    last = sheet.max_row
    rules = {str(f.sqref): list(f.rules) for f in sheet.conditional_formatting}
    for name in ("progress", "result progress"):
        letter = columns[name]
        bar = rules[f"{letter}2:{letter}{last}"][0]
        assert bar.type == "dataBar"
        assert [(v.type, v.val) for v in bar.dataBar.cfvo] == [("num", 0), ("num", 1)]
    pending = rules[f"{columns['progress']}2:{columns['progress']}{last}"][1]
    assert pending.type == "expression"
    assert pending.formula == [f'LEFT({columns["progress"]}2,8)="pending "']
    for name in ("coverage", "result coverage"):
        letter = columns[name]
        assert rules[f"{letter}2:{letter}{last}"][0].type == "colorScale"


def test_frozen_header_widths_and_percent_format(book: Any) -> None:
    sheet = book["logframe"]
    columns = _columns(sheet)
    assert sheet.freeze_panes == "C2"
    assert sheet.column_dimensions[columns["status"]].width == 16
    assert sheet.column_dimensions[columns["why"]].width == 50
    records = list(sheet.iter_rows(min_row=2))
    header = [c.value for c in sheet[1]]
    at = header.index("progress")
    formats = {row[at].number_format for row in records if isinstance(row[at].value, int | float)}
    assert formats == {"0%"}


def test_pending_sheet(book: Any, reports: list[ProgressReport]) -> None:
    fw = reports[-1].framework
    records = _records(book["pending"])
    assert [r["key"] for r in records] == [item.key for item in fw.pending()]
    t5g = next(r for r in records if r["key"] == "T5.g")
    assert [t5g[k] for k in ("indicator id", "what", "pending value", "unit", "who")] == [
        "T5.g",
        "target",
        "pending X%",
        "percent",
        "INTERPOL",
    ]
    assert t5g["due"].date().isoformat() == "2020-12-31"
    assert book["pending"].freeze_panes == "A2"


def test_over_time_sheet(book: Any) -> None:
    records = _records(book["over time"])
    impact = next(r for r in records if r["id"] == "impact")
    # impact: 50 % both years; at risk in 2018 (4/6 of the way due), off track in 2020.
    assert impact == {
        "kind": "result",
        "id": "impact",
        "progress 2018-12-31": 0.5,
        "status 2018-12-31": "at risk",
        "progress 2020-12-31": 0.5,
        "status 2020-12-31": "off track",
    }
    about = {row[0]: row[1] for row in book["framework"].iter_rows(values_only=True)}
    assert about["as of"] == "2018-12-31, 2020-12-31"


def test_report_writes_the_workbook(cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "cop-progress.xlsx"
    ran = cli("report", "cop", "--as-of", "2020-12-31", "-o", str(out))
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "", "")
    book = openpyxl.load_workbook(out)
    records = _records(book["logframe"])
    t1a = next(r for r in records if r["indicator id"] == "T1.a")
    assert t1a["status"] == "achieved"


def test_without_openpyxl_the_command_names_the_extra(
    cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    out = tmp_path / "cop.xlsx"
    ran = cli("report", "-o", str(out))
    assert ran.returncode == 2
    assert "resultsframe[excel]" in ran.stderr
    assert not out.exists()
