"""The logframe with progress, as an Excel workbook to share (``resultsframe report -o x.xlsx``).

:func:`workbook` writes the logframe matrix of :mod:`resultsframe.table.excel` (the same rows and
columns, the same ``framework`` and ``columns`` sheets) with the progress of the last report
beside each indicator, in the columns :data:`PROGRESS_HEADERS` placed after ``indicator``:

- ``status``: the indicator's status in words (``monitoring`` or ``qualitative`` for one
  outside the roll-up), coloured by Excel's conditional formatting (one rule per status, the
  colours of :data:`resultsframe.display.STATUS_COLOURS`), so that a sorted, filtered or edited
  sheet keeps the colours right;
- ``progress``: the indicator's achievement (0–100 %, with a data bar); a pending target is the
  text ``pending XX%``, never a number; blank when it cannot be assessed (``why`` says why);
- ``coverage``: 100 % when assessable, 0 % when targeted but not (with a colour scale);
- ``value`` and ``value as of``: the value used, in the indicator's unit, and its period;
- ``result status``, ``result progress``, ``result coverage``: the row's result's figures;
- ``why``: why the figure is not assessable, when it is not.

The header row is frozen, the columns have widths, and three more sheets follow: ``pending``
(every value the framework does not know yet, who supplies it and by when), ``over time`` (the
progress and status of every result and indicator at each date of the report) and the two of
the logframe, ``framework`` (with the report's date) and ``columns``. Needs the ``excel``
extra (openpyxl).
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from resultsframe.display.status import STATUS_COLOURS, STATUS_LABELS, STATUS_TEXT_COLOURS
from resultsframe.files import write_bytes
from resultsframe.model import Measure
from resultsframe.progress import IndicatorProgress, ProgressReport, ResultProgress, Status
from resultsframe.progress.accountability import partner_accounts
from resultsframe.table.columns import Cell
from resultsframe.table.excel import _columns_sheet, _framework_sheet, _matrix_sheet, openpyxl
from resultsframe.table.write import headers, to_rows
from resultsframe.units import format_unit
from resultsframe.values import Pending

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["PENDING_PREFIX", "PROGRESS_HEADERS", "progress_rows", "workbook", "write"]

#: The progress columns, in order, placed after the ``indicator`` column.
PROGRESS_HEADERS = (
    "status",
    "progress",
    "coverage",
    "value",
    "value as of",
    "result status",
    "result progress",
    "result coverage",
    "why",
)
#: How a progress cell says that the target is pending: ``pending XX%``.
PENDING_PREFIX = "pending "
_PERCENT = "0%"
_BAR = "4AC26B"


def _status_text(entry: IndicatorProgress | ResultProgress, measure: Measure | None) -> str:
    if entry.coverage is None:
        if isinstance(entry, ResultProgress):
            return "nothing targeted"
        return "qualitative" if measure is Measure.QUALITATIVE else "monitoring"
    return STATUS_LABELS[entry.status]


def progress_rows(report: ProgressReport) -> tuple[list[str], list[dict[str, Cell]]]:
    """The headers and rows of the logframe with the progress columns, as of the report's date.

    ``progress`` is a fraction (0.5 for 50 %), or the text ``pending XX%`` for an indicator
    whose target is pending; blank when it cannot be assessed. Figures are rounded to 12
    significant digits.
    """
    fw = report.framework
    names = headers(fw)
    at = names.index("indicator") + 1
    names = [*names[:at], *PROGRESS_HEADERS, *names[at:]]
    rows: list[dict[str, Cell]] = []
    for row in to_rows(fw):
        result = report[str(row["result id"])]
        assert isinstance(result, ResultProgress)
        cells: dict[str, Cell] = {
            "result status": _status_text(result, None),
            "result progress": result.progress,
            "result coverage": result.coverage,
        }
        indicator_id = row.get("indicator id")
        if indicator_id is None:
            cells["why"] = result.reason
        else:
            entry = report[str(indicator_id)]
            assert isinstance(entry, IndicatorProgress)
            indicator = fw.indicators[str(indicator_id)]
            target = indicator.target
            progress: Cell = entry.achievement
            if target is not None and isinstance(target.value, Pending):
                progress = f"{PENDING_PREFIX}{target.value.text}"  # never a number
            cells.update(
                {
                    "status": _status_text(entry, indicator.measure),
                    "progress": progress,
                    "coverage": entry.coverage,
                    "value": entry.value,
                    "value as of": entry.value_used.period if entry.value_used else None,
                    "why": entry.reason,
                }
            )
        shown = {k: _figure(v) if isinstance(v, float) else v for k, v in cells.items()}
        rows.append({**row, **dict.fromkeys(PROGRESS_HEADERS), **shown})
    return names, rows


def _figure(value: float) -> float:
    """A computed figure to 12 significant digits: a number in the sheet, never a text.

    The logframe writer keeps a number that needs 17 digits as its exact text, so that a
    document's value reads back the same; a computed figure (91.83673469387756 %) has no
    digits to keep beyond what a reader can use.
    """
    return float(f"{value:.12g}")


def workbook(reports: ProgressReport | Sequence[ProgressReport]) -> bytes:
    """The workbook of the logframe with progress; the last report's, with every date's.

    Raises:
        DocumentError: if a cell holds what an Excel cell cannot.
        ImportError: without openpyxl (``pip install 'resultsframe[excel]'``).
        ValueError: for no report.
    """
    listed = [reports] if isinstance(reports, ProgressReport) else list(reports)
    if not listed:
        raise ValueError("a progress workbook needs at least one progress report")
    report = listed[-1]
    fw = report.framework
    book = openpyxl().Workbook()
    names, rows = progress_rows(report)
    sheet = book.active
    _matrix_sheet(sheet, fw, names, rows)
    _progress_formats(sheet, names, len(rows))
    _pending_sheet(book.create_sheet("pending"), report)
    _over_time_sheet(book.create_sheet("over time"), listed)
    about = book.create_sheet("framework")
    _framework_sheet(about, fw)
    about.append(["as of", ", ".join(r.as_of.isoformat() for r in listed)])
    _columns_sheet(book.create_sheet("columns"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(reports: ProgressReport | Sequence[ProgressReport], path: str | os.PathLike[str]) -> None:
    """Write :func:`workbook` to ``path``, atomically (no partial file on failure)."""
    write_bytes(path, workbook(reports))


def _progress_formats(sheet: Worksheet, names: list[str], count: int) -> None:
    """Number formats, widths and the conditional formatting of the progress columns."""
    from openpyxl.formatting import rule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    rules: Any = rule  # its constructors are untyped in openpyxl's stubs
    last = max(count + 1, 2)
    letters = {name: get_column_letter(names.index(name) + 1) for name in PROGRESS_HEADERS}
    for name in ("progress", "coverage", "result progress", "result coverage"):
        for (cell,) in sheet.iter_rows(
            min_row=2, max_row=last, min_col=names.index(name) + 1, max_col=names.index(name) + 1
        ):
            if isinstance(cell.value, float | int):
                cell.number_format = _PERCENT
    widths = {"status": 16, "result status": 16, "why": 50, "value as of": 12}
    for name, letter in letters.items():
        sheet.column_dimensions[letter].width = widths.get(name, 12)
    for name in ("status", "result status"):
        span = f"{letters[name]}2:{letters[name]}{last}"
        for status in Status:
            colour = STATUS_COLOURS[status].lstrip("#").upper()
            text = STATUS_TEXT_COLOURS[status].lstrip("#").upper()
            sheet.conditional_formatting.add(
                span,
                rules.CellIsRule(
                    operator="equal",
                    formula=[f'"{STATUS_LABELS[status]}"'],
                    fill=PatternFill(start_color=colour, end_color=colour, fill_type="solid"),
                    font=Font(color=text),
                ),
            )
    for name in ("progress", "result progress"):
        span = f"{letters[name]}2:{letters[name]}{last}"
        sheet.conditional_formatting.add(
            span,
            rules.DataBarRule(
                start_type="num", start_value=0, end_type="num", end_value=1, color=_BAR
            ),
        )
    progress = letters["progress"]
    sheet.conditional_formatting.add(
        f"{progress}2:{progress}{last}",
        rules.FormulaRule(
            formula=[f'LEFT({progress}2,{len(PENDING_PREFIX)})="{PENDING_PREFIX}"'],
            font=Font(color="9A6700", italic=True),
        ),
    )
    for name in ("coverage", "result coverage"):
        span = f"{letters[name]}2:{letters[name]}{last}"
        sheet.conditional_formatting.add(
            span,
            rules.ColorScaleRule(
                start_type="num",
                start_value=0,
                start_color="F4D9A0",
                end_type="num",
                end_value=1,
                end_color="FFFFFF",
            ),
        )


def _pending_sheet(sheet: Worksheet, report: ProgressReport) -> None:
    from openpyxl.styles import Font

    fw = report.framework
    could: dict[str, list[str]] = {}
    for account in partner_accounts(report):
        for target in account.pending:
            could.setdefault(target.indicator, []).append(account.partner)
    sheet.append(
        ["key", "result id", "indicator id", "what", "pending value", "unit", "due", "who"]
    )
    # Rows are counted here: the sheet's max_row reads every cell, each time.
    for row, item in enumerate(fw.pending(), start=2):
        unit = None if item.unit is None else format_unit(item.unit)
        who = ", ".join(could.get(item.indicator, [])) or None
        sheet.append([item.key, item.result, item.indicator, item.field, None, unit, item.due, who])
        shown = sheet.cell(row, 5, f"{PENDING_PREFIX}{item.text}")
        shown.data_type = "s"
        if item.due is not None:
            sheet.cell(row, 7).number_format = "yyyy-mm-dd"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (16, 10, 12, 10, 16, 10, 12, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def _over_time_sheet(sheet: Worksheet, listed: list[ProgressReport]) -> None:
    from openpyxl.styles import Font

    fw = listed[-1].framework
    head: list[Any] = ["kind", "id"]
    for report in listed:
        day = report.as_of.isoformat()
        head += [f"progress {day}", f"status {day}"]
    sheet.append(head)
    for row, key in enumerate(listed[-1], start=2):
        kind = "result" if key in fw.results else "indicator"
        line: list[Any] = [kind, key]
        for report in listed:
            entry = report[key]
            measure = None if kind == "result" else fw.indicators[key].measure
            figure = entry.progress if isinstance(entry, ResultProgress) else entry.achievement
            line += [figure, _status_text(entry, measure)]
        sheet.append(line)
        for col in range(3, len(line) + 1, 2):
            sheet.cell(row, col).number_format = _PERCENT
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["B"].width = 12
    sheet.freeze_panes = "C2"
