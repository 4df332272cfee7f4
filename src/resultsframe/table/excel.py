"""The matrix as an Excel workbook (``.xlsx``), through openpyxl, imported only when used.

A workbook written here has three sheets: ``logframe`` (the matrix, headers bold and frozen,
lists to choose the measure, direction, accumulation, frequency and level from), ``framework``
(the framework's id, title, levels, time frame, counting units and fiscal year end, read back
with the matrix) and ``columns`` (what each column
holds, from :data:`~resultsframe.table.COLUMNS`). Any workbook whose first sheet (or a sheet
named ``logframe``) has a header row with a ``result id`` column in its first rows is read.
Excel files need the ``excel`` extra: ``pip install 'resultsframe[excel]'``.

A sheet is read up to :data:`MAX_ROWS` rows, :data:`MAX_COLUMNS` columns and :data:`MAX_CELLS`
cells: one whose dimension says more is refused before any cell is made, one without a
dimension as its rows come. A broken sheet is refused naming the sheet and the row.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeAlias

from resultsframe.exceptions import DocumentError, Problem
from resultsframe.framework import Framework
from resultsframe.model import Accumulation, Direction, Frequency
from resultsframe.table.columns import (
    BY_HEADER,
    COLUMNS,
    MEASURE_LABELS,
    Cell,
    Matrix,
    blank,
    level_label,
    normal,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["MAX_CELLS", "MAX_COLUMNS", "MAX_ROWS", "openpyxl", "rows_of", "workbook"]

# Excel refuses longer cells.
_EXCEL_MAX_CELL = 32767
# Rows of an Excel sheet searched for the header row (a sheet may start with a title).
_HEADER_SEARCH = 20
# Rows of the 'framework' sheet read for its fields (it has ten).
_FRAMEWORK_ROWS = 100
#: The most rows and columns an Excel sheet holds; a sheet said to have more is refused.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
#: The most cells of a sheet read as a table (a row counts up to its last cell): far more
#: than a logframe has, and few enough to hold in memory (a cell takes at least 8 bytes).
MAX_CELLS = 10_000_000

Info: TypeAlias = dict[str, Any]


def openpyxl() -> Any:
    """The openpyxl module.

    Raises:
        ImportError: naming the extra to install, when openpyxl is not installed.
    """
    try:
        import openpyxl
    except ImportError:
        raise ImportError("Excel tables need openpyxl: pip install 'resultsframe[excel]'") from None
    return openpyxl


def _checked(text: str, where: str) -> str:
    bad = next((c for c in text if ord(c) < 32 and c not in "\t\n\r"), None)
    if bad is not None:
        raise DocumentError(
            [
                Problem(
                    "excel",
                    f"{where} holds the control character U+{ord(bad):04X}, which an Excel "
                    "file cannot hold; remove it, or write the table as CSV",
                )
            ]
        )
    if len(text) > _EXCEL_MAX_CELL:
        raise DocumentError(
            [
                Problem(
                    "excel",
                    f"{where} holds {len(text):,} characters; an Excel cell holds at most "
                    f"{_EXCEL_MAX_CELL:,}; write the table as CSV",
                )
            ]
        )
    return text


# --- writing --------------------------------------------------------------------------------


def workbook(
    framework: Framework, names: Sequence[str], rows: Sequence[Mapping[str, Cell]]
) -> bytes:
    """The workbook of the framework's matrix (its rows under the headers ``names``).

    Raises:
        DocumentError: if a cell holds what an Excel cell cannot (a control character, more
            than 32,767 characters).
        ImportError: without openpyxl.
    """
    book = openpyxl().Workbook()
    _matrix_sheet(book.active, framework, names, rows)
    _framework_sheet(book.create_sheet("framework"), framework)
    _columns_sheet(book.create_sheet("columns"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _matrix_sheet(
    sheet: Worksheet,
    framework: Framework,
    names: Sequence[str],
    rows: Sequence[Mapping[str, Cell]],
) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.title = "logframe"
    bold = Font(bold=True)
    for col, name in enumerate(names, start=1):
        header = sheet.cell(1, col, _checked(name, f"the header {name!r}"))
        header.data_type = "s"  # a text, never a formula
        header.font = bold
    for r, row in enumerate(rows, start=2):
        for col, name in enumerate(names, start=1):
            value = row[name]
            if value is None:
                continue
            cell = sheet.cell(r, col)
            if isinstance(value, float) and float(f"{value:.16g}") != value:
                # openpyxl writes 16 digits; a number that needs 17 goes as its exact text.
                value = repr(value)
            if isinstance(value, str):
                cell.value = _checked(value, f"row {r}, column {name!r}")
                cell.data_type = "s"
            else:
                cell.value = value
                if isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
    wide = {"result", "indicator", "result description", "indicator description", "source"}
    for col, name in enumerate(names, start=1):
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = 50 if name in wide else max(12, len(name) + 2)
        if name in wide:
            for cells in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    last = max(len(rows) + 1, 1000)
    choices = {
        "measure": ",".join(MEASURE_LABELS.values()),
        "direction": ",".join(d.value for d in Direction),
        "accumulation": ",".join(a.value for a in Accumulation),
        "frequency": ",".join(f.value for f in Frequency),
        "level": ",".join(level_label(framework.levels, lv) for lv in framework.levels.levels),
    }
    for name, listing in choices.items():
        if len(listing) > 250:  # Excel's limit for a list written in the rule itself
            continue
        check = DataValidation(type="list", formula1=f'"{listing}"', allow_blank=True)
        letter = get_column_letter(list(names).index(name) + 1)
        check.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(check)


def _framework_sheet(about: Worksheet, framework: Framework) -> None:
    from openpyxl.styles import Font

    fields: list[tuple[str, Cell]] = [
        ("id", framework.id),
        ("title", framework.title),
        ("description", framework.description),
        ("levels", " > ".join(framework.levels.levels)),
        ("level scheme", framework.levels.name),
        ("start", framework.start),
        ("end", framework.end),
    ]
    if framework.fiscal_year_end is not None:
        fields.append(("fiscal year end", framework.fiscal_year_end))
    if framework.units:
        fields.append(
            (
                "units",
                ", ".join(
                    u.name if u.plural is None else f"{u.name} ({u.plural})"
                    for u in framework.units
                ),
            )
        )
    about.append(["field", "value"])
    for field, value in fields:
        about.append([field, None])
        if value is None:
            continue
        cell = about.cell(about.max_row, 2)
        if isinstance(value, str):
            cell.value = _checked(value, f"the framework's {field}")
            cell.data_type = "s"
        else:
            cell.value = value
            cell.number_format = "yyyy-mm-dd"
    about.column_dimensions["B"].width = 80
    for cell in about[1]:
        cell.font = Font(bold=True)


def _columns_sheet(guide: Worksheet) -> None:
    from openpyxl.styles import Font

    guide.append(["column", "what it holds"])
    for column in COLUMNS:
        guide.append([column.header, column.about])
    guide.append(
        [
            "(other columns)",
            "Kept as they are: read with the framework and written back as the same column.",
        ]
    )
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 110
    for cell in guide[1]:
        cell.font = Font(bold=True)


# --- reading --------------------------------------------------------------------------------


def rows_of(path: Path, source: str, max_bytes: int | None) -> tuple[Matrix, dict[str, Any]]:
    """The header and data rows of the workbook's matrix, and its ``framework`` sheet's fields.

    Raises:
        DocumentError: if the file is not a workbook, unpacks to more than ten times
            ``max_bytes``, or has no header row.
        ImportError: without openpyxl.
    """
    module = openpyxl()
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocumentError(
            [Problem("file", f"not an Excel .xlsx file ({exc})")], source=source
        ) from None
    if max_bytes is not None and unpacked > 10 * max_bytes:
        raise DocumentError(
            [
                Problem(
                    "size",
                    f"the file unpacks to {unpacked:,} bytes, more than ten times the limit of "
                    f"{max_bytes:,}; pass max_bytes=None to read it anyway",
                )
            ],
            source=source,
        )
    with warnings.catch_warnings():
        # openpyxl warns of what it reads as an error cell ("#VALUE!"); the cell's problem is
        # reported with its row and column when the matrix is read.
        warnings.simplefilter("ignore", UserWarning)
        sheet_title, values, info = _read_book(module, path, source)
    for index, row in enumerate(values[:_HEADER_SEARCH]):
        if any(isinstance(c, str) and BY_HEADER.get(normal(c)) == "result_id" for c in row):
            rows: list[tuple[int, Sequence[object]]] = list(
                enumerate(values[index + 1 :], start=index + 2)
            )
            return (list(row), index + 1, rows), info
    raise DocumentError(
        [
            Problem(
                "table",
                f"sheet {sheet_title!r}: no header row with a 'result id' column in its first "
                f"{_HEADER_SEARCH} rows",
            )
        ],
        source=source,
    )


def _read_book(module: Any, path: Path, source: str) -> tuple[str, list[list[object]], Info]:
    """The matrix sheet's title and cells, and the ``framework`` sheet's fields.

    Whatever openpyxl raises for a broken workbook (bad XML, a cell named "ZZZZZ2", "NaN" as
    a number) is a :class:`DocumentError` naming the sheet and the row it was reading.
    """
    # The file opened here and closed here: openpyxl leaves its own handle open when a
    # read-only workbook turns out broken.
    with path.open("rb") as handle:
        return _read_open_book(module, handle, source)


def _read_open_book(
    module: Any, handle: IO[bytes], source: str
) -> tuple[str, list[list[object]], Info]:
    try:
        book = module.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DocumentError(
            [Problem("file", f"cannot read the Excel file: {_first_line(exc)}")], source=source
        ) from None
    values: list[list[object]] = []
    where = "the workbook"  # what is being read, for the message if it breaks
    try:
        names = list(book.sheetnames)
        if "logframe" not in names and not book.worksheets:
            raise DocumentError([Problem("file", "the workbook has no worksheet")], source=source)
        sheet: Any = book["logframe"] if "logframe" in names else book.worksheets[0]
        where = f"sheet {sheet.title!r}, row 1"
        for cells in _bounded_rows(sheet, source):
            values.append(list(cells))
            where = f"sheet {sheet.title!r}, row {len(values) + 1}"
        where = "sheet 'framework'"
        info = (
            _framework_fields(book["framework"])
            if "framework" in names and sheet.title != "framework"
            else {}
        )
    except DocumentError:
        raise
    except Exception as exc:  # a broken sheet shows only as it is read
        raise DocumentError(
            [
                Problem(
                    "file",
                    f"{where}: cannot read the Excel file: {_first_line(exc)}; open it in "
                    "Excel or LibreOffice and save it again",
                )
            ],
            source=source,
        ) from None
    finally:
        book.close()
    return sheet.title, values, info


def _first_line(exc: BaseException) -> str:
    """The first line of an exception's message (openpyxl's run to a paragraph)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _bounded_rows(sheet: Any, source: str) -> Iterator[Sequence[object]]:
    """The rows of a read-only sheet, refused before their cells are made when too many.

    The sheet's dimension (``<dimension ref="A1:XFD1048576"/>``) is read first: openpyxl
    would make every row as wide as it says, and every row up to its last. Then the rows as
    they are read, since a dimension can be missing or wrong: each row only as wide as its
    last cell, the rows counted and the cells summed.
    """
    title, rows, columns = sheet.title, sheet.max_row, sheet.max_column
    if isinstance(rows, int) and isinstance(columns, int):
        size = f"{rows:,} rows × {columns:,} columns ({rows * columns:,} cells)"
        if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
            _too_big(title, f"its dimension says {size}", source)
    sheet.reset_dimensions()
    cells = 0
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells += len(row)
        if number > MAX_ROWS:
            _too_big(title, f"it has more than {MAX_ROWS:,} rows", source)
        if cells > MAX_CELLS:
            _too_big(title, f"its first {number:,} rows hold more than {MAX_CELLS:,} cells", source)
        yield row


def _too_big(title: str, what: str, source: str) -> NoReturn:
    raise DocumentError(
        [
            Problem(
                "size",
                f"sheet {title!r}: {what}; a table is read up to {MAX_ROWS:,} rows, "
                f"{MAX_COLUMNS:,} columns and {MAX_CELLS:,} cells (a row counts up to its last "
                "cell): delete the empty rows and columns after the matrix and save it again, "
                "or write it as CSV",
            )
        ],
        source=source,
    )


def _framework_fields(sheet: Any) -> Info:
    """The fields of the ``framework`` sheet: its first two columns, in its first rows."""
    info: Info = {}
    fields = {
        "id",
        "title",
        "description",
        "levels",
        "level scheme",
        "start",
        "end",
        "units",
        "fiscal year end",
    }
    sheet.reset_dimensions()  # whatever its dimension says, two columns of a few rows
    for row in sheet.iter_rows(min_row=2, max_row=_FRAMEWORK_ROWS, max_col=2, values_only=True):
        if len(row) < 2 or not isinstance(row[0], str):
            continue
        field = normal(row[0])
        if field in fields and not blank(row[1]):
            info[field] = row[1] if isinstance(row[1], (date, datetime)) else str(row[1])
    return info
