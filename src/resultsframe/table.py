"""The logframe matrix: a framework as one table, one row per indicator, in CSV or Excel.

Most programmes keep their results framework in a spreadsheet. :func:`write` (and
:meth:`resultsframe.Framework.to_table`) writes a framework as such a table, and :func:`read`
(:meth:`resultsframe.Framework.from_table`) reads one back into a validated framework:

- one row per indicator, with its result's level, id, statement and the results it contributes
  to repeated on each of the result's rows, so that the sheet can be sorted and filtered;
- one row for a result with no indicator, so that no result is lost;
- headers in plain words (:data:`COLUMNS` says what each holds);
- values in the indicator's unit (``90`` in a ``percent`` row is 90 %), pending values as their
  text (``XX%``, ``TBD``, or any text after ``pending:``);
- targets in numbered columns, ``target 1`` with ``target 1 due date``, ``target 2`` … in the
  order of their due dates; the last one is the final target.

A column the matrix does not know (``assumptions``, ``responsible`` …) is kept: its cells
become :class:`~resultsframe.model.Extension` objects of format ``"table"`` on the row's
indicator (or on the result, for a row with no indicator) and are written back as the same
column.

The table holds what a logframe holds, not everything a framework can: themes, comments,
definitions, references, parameters, derivations, status methods, disaggregated baselines,
reporting periods and the published text of values stay in the JSON document.

A CSV file is UTF-8 (with a byte-order mark, so that Excel reads it as UTF-8), comma-separated
(``;`` and tab are recognised when reading). A text cell that a spreadsheet would run as a
formula (it starts with ``=``, ``+``, ``-``, ``@``) is written with a leading ``'``, which is
removed again when it is read. Excel files (``.xlsx``) need the ``excel`` extra (openpyxl).

Errors name the file, the row (the header is row 1) and the column (by header and letter)::

    logframe.csv: row 7, column 'unit' (J): unknown unit 'cases2'; …
"""

from __future__ import annotations

import csv
import functools
import io
import math
import os
import re
import secrets
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import attrs

from resultsframe.exceptions import DocumentError, Problem, ResultsframeError, ValidationError
from resultsframe.framework import Framework
from resultsframe.levels import SCHEMES, LevelScheme
from resultsframe.model import (
    Baseline,
    Direction,
    Extension,
    Indicator,
    Link,
    Measure,
    Result,
    Target,
    Universe,
)
from resultsframe.periods import Period, parse_date
from resultsframe.units import Unit, format_unit, parse_unit
from resultsframe.values import Pending, Relative, Value, parse_relative, parse_value

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "COLUMNS",
    "EXTENSION_FORMAT",
    "MAX_BYTES",
    "Cell",
    "Column",
    "from_rows",
    "headers",
    "read",
    "target_headers",
    "to_csv",
    "to_rows",
    "write",
]

#: What a cell holds: a text, a number, a date, or nothing.
Cell: TypeAlias = str | int | float | date | None

#: The :attr:`~resultsframe.model.Extension.format` of the cells of columns the matrix does not
#: know, kept on the row's indicator (or result) and written back as the same column.
EXTENSION_FORMAT = "table"
#: The largest file :func:`read` reads unless told otherwise (bytes). An Excel file may not
#: unpack to more than ten times this.
MAX_BYTES = 20 * 1024 * 1024
# A table with more problems than this reports the first ones and how many more there are.
_MAX_PROBLEMS = 50
# Excel refuses longer cells.
_EXCEL_MAX_CELL = 32767
# Rows of an Excel sheet searched for the header row (a sheet may start with a title).
_HEADER_SEARCH = 20


@attrs.frozen
class Column:
    """A column of the logframe matrix.

    Attributes:
        header: The header as written (``"means of verification"``).
        about: What the column holds, for people.
        aliases: Other headers read as this column (``"verification"``).
    """

    header: str
    about: str
    aliases: tuple[str, ...] = ()


#: The columns of the matrix, in the order they are written. ``target N`` and
#: ``target N due date`` stand for ``target 1``, ``target 1 due date``, ``target 2`` …: as many
#: pairs as the indicator with the most targets needs.
COLUMNS: tuple[Column, ...] = (
    Column(
        "level",
        "The result's level: impact, outcome, target, output, or a level of the framework's own "
        "scheme (goal, purpose, activity …).",
    ),
    Column(
        "result id",
        "A short id for the result, unique in the framework, without spaces (T1, O2, 1.1). "
        "A row with an empty result id continues the result of the row above.",
    ),
    Column(
        "result",
        "The result as the framework words it.",
        ("statement", "result statement"),
    ),
    Column("result description", "A longer description of the result (optional)."),
    Column(
        "contributes to",
        "The ids of the higher results this result contributes to, separated by ';'. A weight "
        "other than 1 is written after the id: 'O1 (weight 2)'. Empty at the top.",
        ("parent", "parents"),
    ),
    Column(
        "indicator id",
        "A short id for the indicator, unique in the framework (T1.a). When empty, the "
        "indicator gets the result id and its number on the result (T1.1, T1.2 …). A row with "
        "no indicator is a result that has none.",
    ),
    Column("indicator", "What is measured, as the framework words it.", ("indicator name",)),
    Column("indicator description", "A longer description of the indicator (optional)."),
    Column(
        "measure",
        "The kind of measure: quantity (a count or amount; the default), share (a percentage "
        "of a universe), ratio, yes/no, ordinal or qualitative.",
    ),
    Column(
        "unit",
        "The unit of the indicator's values: percent for a share, a counting unit (country, "
        "case, person …) for a count, empty for a qualitative indicator.",
    ),
    Column(
        "share of",
        "For a share: the counting unit it is a share of ('country' for '% of countries').",
        ("universe",),
    ),
    Column(
        "share of (which)",
        "For a share: which ones ('UN member states'), when said.",
        ("universe description",),
    ),
    Column(
        "share of (how many)",
        "For a share: how many there are, when fixed (193).",
        ("universe size",),
    ),
    Column("direction", "Which way is better: increase (the default) or decrease."),
    Column(
        "baseline",
        "Where the indicator starts, as a number in its unit (72.96 for 72.96 % in a percent "
        "row), a number with another unit ('0.7 dimensionless'), or a value not known yet "
        "(XX%, TBD, or 'pending: …').",
    ),
    Column(
        "baseline period",
        "When the baseline was measured: a year (2015), a month (2015-06), a day (2015-06-30) "
        "or a span (2014-05/2014-12).",
        ("baseline year", "baseline date"),
    ),
    Column(
        "target N",
        "A value to reach, written like the baseline; XX% for a target not decided yet. "
        "Several targets (milestones) go in target 1, target 2 … in the order of their due "
        "dates; the last one is the final target. An indicator with no target is a "
        "monitoring indicator.",
    ),
    Column("target N due date", "When target N is to be reached: YYYY-MM-DD."),
    Column(
        "indicator weight",
        "The indicator's weight in its result's progress; empty for 1.",
        ("weight",),
    ),
    Column("source", "Where the indicator's data comes from.", ("data source",)),
    Column(
        "means of verification",
        "How a value is verified.",
        ("verification", "means of verification (mov)", "mov"),
    ),
)

# Internal keys of the fixed columns, in the order of COLUMNS (targets excluded).
_KEYS = {
    "level": "level",
    "result id": "result_id",
    "result": "statement",
    "result description": "result_description",
    "contributes to": "parents",
    "indicator id": "indicator_id",
    "indicator": "indicator",
    "indicator description": "indicator_description",
    "measure": "measure",
    "unit": "unit",
    "share of": "universe",
    "share of (which)": "universe_description",
    "share of (how many)": "universe_size",
    "direction": "direction",
    "baseline": "baseline",
    "baseline period": "baseline_period",
    "indicator weight": "weight",
    "source": "source",
    "means of verification": "verification",
}
_HEADER_OF = {key: header for header, key in _KEYS.items()}
_RESULT_KEYS = ("level", "statement", "result_description", "parents")
_INDICATOR_KEYS = tuple(k for k in _KEYS.values() if k not in (*_RESULT_KEYS, "result_id"))
_REQUIRED = ("result_id", "level", "statement")
_TARGET_RE = re.compile(r"target(?: (?P<n>[1-9][0-9]{0,2}))?")
_DUE_RE = re.compile(r"target(?: (?P<n>[1-9][0-9]{0,2}))? due(?: date)?")
_PARENT_RE = re.compile(r"(?P<id>\S+?)(?:\s*\(\s*weight\s*(?P<weight>[^()]*?)\s*\))?")
_LEVEL_RE = re.compile(r"[a-z][a-z0-9_]*")
_NUMBER_RE = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_PENDING_PREFIX = "pending:"
# A spreadsheet runs a cell starting with one of these as a formula; see _escape.
_FORMULA_RE = re.compile(r"'*[=+\-@\t\r]")
_MEASURE_LABELS = {m: m.value.replace("_", "/") for m in Measure}


def _normal(header: str) -> str:
    return " ".join(header.lower().split())


_BY_HEADER: dict[str, str] = {}
for _column in COLUMNS:
    if _column.header in _KEYS:
        for _name in (_column.header, *_column.aliases):
            _BY_HEADER[_normal(_name)] = _KEYS[_column.header]


def target_headers(n: int) -> tuple[str, str]:
    """The headers of the ``n``-th target and its due date (from 1)."""
    return f"target {n}", f"target {n} due date"


# --- writing --------------------------------------------------------------------------------


def _unit_text(unit: Unit | None) -> str | None:
    return None if unit is None else format_unit(unit)


def _number(value: float) -> int | float:
    # 90.0 reads as 90 in a sheet; keep floats that are not whole as they are.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _value_cell(
    value: Value | Relative | None, indicator: Indicator, *, target: bool = False
) -> Cell:
    if value is None:
        return None
    if isinstance(value, Relative):
        # "+30 %", "baseline + 3": read back as a change from the baseline. The text it was
        # written as, while that still reads as this change; else the canonical form.
        if value.text is not None and parse_relative(value.text) == value:
            return value.text
        return str(Relative(value.change, value.relative))
    if isinstance(value, Pending):
        try:
            again = parse_value(value.text)
        except ResultsframeError:
            again = None
        if isinstance(again, Pending) and again.text == value.text:
            return value.text
        return f"{_PENDING_PREFIX} {value.text}"
    unit = indicator.unit if indicator.unit is not None else parse_unit("")
    magnitude = value.magnitude
    # A signed number in a target cell reads as a change from the baseline ("-5" is
    # "baseline - 5"), so a negative target is written with its unit: "-5 case".
    signed = target and math.copysign(1, magnitude) < 0
    if format_unit(value.units) == format_unit(unit) and not signed:
        return _number(magnitude)
    return f"{magnitude!r} {format_unit(value.units)}"


def _weight_cell(weight: float) -> int | float | None:
    return None if weight == 1 else _number(weight)


def _parents_cell(framework: Framework, result_id: str) -> str | None:
    parts = []
    for link in framework.links:
        if link.child != result_id:
            continue
        if ";" in link.parent or "(" in link.parent:
            raise DocumentError(
                [
                    Problem(
                        "table",
                        f"result {link.parent!r} cannot be named in a table's 'contributes to' "
                        "column: its id holds ';' or '('; give it another id",
                    )
                ],
                source=f"framework {framework.id!r}",
            )
        weight = _weight_cell(link.weight)
        parts.append(link.parent if weight is None else f"{link.parent} (weight {weight})")
    return "; ".join(parts) or None


def _extra_columns(framework: Framework) -> list[str]:
    """The headers of the columns kept as extensions, in the order they first appear."""
    seen: dict[str, None] = {}
    for result in framework:
        holders: Iterable[Result | Indicator] = result.indicators or (result,)
        for holder in holders:
            for extension in holder.extensions:
                if extension.format == EXTENSION_FORMAT:
                    seen.setdefault(extension.where, None)
    known = set(_BY_HEADER)
    for header in seen:
        normal = _normal(header)
        if (
            not normal
            or normal in known
            or _TARGET_RE.fullmatch(normal)
            or _DUE_RE.fullmatch(normal)
        ):
            raise DocumentError(
                [
                    Problem(
                        "table",
                        f"an extension of format {EXTENSION_FORMAT!r} names the column "
                        f"{header!r}, which is empty or a column of the matrix itself",
                    )
                ],
                source=f"framework {framework.id!r}",
            )
    return list(seen)


def headers(framework: Framework) -> list[str]:
    """The headers of the framework's matrix, in order."""
    most = max((len(_targets(i)) for i in framework.indicators.values()), default=0)
    fixed = [c.header for c in COLUMNS if c.header in _KEYS]
    at = fixed.index("indicator weight")
    targets = [h for n in range(1, max(most, 1) + 1) for h in target_headers(n)]
    return [*fixed[:at], *targets, *fixed[at:], *_extra_columns(framework)]


def to_rows(framework: Framework) -> list[dict[str, Cell]]:
    """The framework as the rows of its logframe matrix: one dict (header → cell) per row.

    Numbers in the indicator's unit are numbers, due dates are dates, empty cells are None.
    ``pandas.DataFrame(to_rows(fw))`` gives the matrix as a data frame.

    Raises:
        DocumentError: if the framework holds something a table cannot say (a result id with
            ';' named in 'contributes to').
    """
    names = headers(framework)
    rows: list[dict[str, Cell]] = []
    for result in framework:
        base: dict[str, Cell] = dict.fromkeys(names)
        base.update(
            {
                "level": _level_label(framework.levels, result.level),
                "result id": result.id,
                "result": result.statement,
                "result description": _optional(result.description),
                "contributes to": _parents_cell(framework, result.id),
            }
        )
        if not result.indicators:
            rows.append({**base, **_extension_cells(result.extensions)})
        for indicator in result.indicators:
            rows.append({**base, **_indicator_cells(indicator)})
    return rows


def _optional(text: str | None) -> str | None:
    """An optional text as a cell: one that is only spaces says nothing, and reads back empty."""
    return text if text is not None and text.strip() else None


def _targets(indicator: Indicator) -> list[Target]:
    """The targets a table can say: a target with neither value nor due date says nothing."""
    return [t for t in indicator.targets if t.value is not None or t.due is not None]


def _level_label(scheme: LevelScheme, level: str) -> str:
    """The level as people read it ("intermediate result"), when it reads back as itself."""
    label = scheme.label(level)
    return label if _level_name(label) == level else level


def _level_name(cell: str) -> str:
    """A level as written in the table ("intermediate result") as the scheme names it."""
    return cell.strip().lower().replace(" ", "_").replace("-", "_")


def _extension_cells(extensions: Iterable[Extension]) -> dict[str, Cell]:
    return {e.where: e.content for e in extensions if e.format == EXTENSION_FORMAT}


def _indicator_cells(indicator: Indicator) -> dict[str, Cell]:
    universe = indicator.universe
    baseline = indicator.baseline
    cells: dict[str, Cell] = {
        "indicator id": indicator.id,
        "indicator": indicator.name,
        "indicator description": _optional(indicator.description),
        "measure": _MEASURE_LABELS[indicator.measure],
        "unit": _unit_text(indicator.unit),
        "share of": None if universe is None else format_unit(universe.unit),
        "share of (which)": None if universe is None else _optional(universe.description),
        "share of (how many)": None if universe is None else universe.size,
        "direction": indicator.direction.value,
        "baseline": None if baseline is None else _value_cell(baseline.value, indicator),
        "baseline period": None
        if baseline is None or baseline.period is None
        else baseline.period.text,
        "indicator weight": _weight_cell(indicator.weight),
        "source": _optional(indicator.source),
        "means of verification": _optional(indicator.verification),
    }
    for n, target in enumerate(_targets(indicator), start=1):
        value_header, due_header = target_headers(n)
        cells[value_header] = _value_cell(target.value, indicator, target=True)
        cells[due_header] = target.due
    cells.update(_extension_cells(indicator.extensions))
    return cells


def _escape(text: str) -> str:
    """A text cell as CSV writes it: ``'`` before what a spreadsheet would run as a formula.

    ``'`` is added to every text matching ``'*[=+-@…]`` and removed from every text matching
    ``'+[=+-@…]`` when read, so every text comes back as it was. Numbers are left alone.
    """
    if _FORMULA_RE.match(text) and not _NUMBER_RE.fullmatch(text.strip()):
        return "'" + text
    return text


def _unescape(text: str) -> str:
    if text.startswith("'") and _FORMULA_RE.match(text[1:]):
        return text[1:]
    return text


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value)
    return _escape(value)


def to_csv(framework: Framework) -> str:
    """The matrix as CSV text (no byte-order mark; :func:`write` adds one)."""
    rows = to_rows(framework)
    names = headers(framework)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_escape(name) for name in names])
    for row in rows:
        writer.writerow([_csv_text(row[name]) for name in names])
    return out.getvalue()


def write(framework: Framework, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write the framework's logframe matrix to a CSV or Excel file, atomically.

    Args:
        framework: The framework.
        path: Where to write; ``.csv`` or ``.xlsx``.
        format: ``"csv"`` or ``"xlsx"`` when the file name does not say.

    Raises:
        DocumentError: if the file cannot be written, or the framework holds something a
            table cannot say.
        ImportError: for ``.xlsx`` without openpyxl (``pip install 'resultsframe[excel]'``).
    """
    from resultsframe.document import write_atomic

    path = Path(path)
    kind = _format_of(path, format)
    if kind == "csv":
        write_atomic(path, "\ufeff" + to_csv(framework))
    else:
        _write_bytes_atomic(path, _xlsx_bytes(framework))


def _format_of(path: Path, format: str | None) -> str:
    kind = (format or path.suffix.lstrip(".")).lower()
    if kind not in ("csv", "xlsx"):
        raise DocumentError(
            [
                Problem(
                    "format",
                    f"cannot tell the table's format from {path.name!r}; name the file .csv "
                    "or .xlsx, or pass format='csv' or format='xlsx'",
                )
            ],
            source=str(path),
        )
    return kind


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise ImportError("Excel tables need openpyxl: pip install 'resultsframe[excel]'") from None
    return openpyxl


def _check_excel_text(text: str, where: str) -> str:
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


def _xlsx_bytes(framework: Framework) -> bytes:
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    names = headers(framework)
    rows = to_rows(framework)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "logframe"
    bold = Font(bold=True)
    for col, name in enumerate(names, start=1):
        cell = sheet.cell(1, col, _check_excel_text(name, f"the header {name!r}"))
        cell.data_type = "s"  # a text, never a formula
        cell.font = bold
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
                cell.value = _check_excel_text(value, f"row {r}, column {name!r}")
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
        "measure": ",".join(_MEASURE_LABELS.values()),
        "direction": ",".join(d.value for d in Direction),
        "level": ",".join(_level_label(framework.levels, lv) for lv in framework.levels.levels),
    }
    for name, listing in choices.items():
        if len(listing) > 250:  # Excel's limit for a list written in the rule itself
            continue
        check = DataValidation(type="list", formula1=f'"{listing}"', allow_blank=True)
        letter = get_column_letter(names.index(name) + 1)
        check.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(check)

    about = book.create_sheet("framework")
    fields: list[tuple[str, Cell]] = [
        ("id", framework.id),
        ("title", framework.title),
        ("description", framework.description),
        ("levels", " > ".join(framework.levels.levels)),
        ("level scheme", framework.levels.name),
        ("start", framework.start),
        ("end", framework.end),
    ]
    about.append(["field", "value"])
    for field, value in fields:
        about.append([field, None])
        if value is None:
            continue
        cell = about.cell(about.max_row, 2)
        if isinstance(value, str):
            cell.value = _check_excel_text(value, f"the framework's {field}")
            cell.data_type = "s"
        else:
            cell.value = value
            cell.number_format = "yyyy-mm-dd"
    about.column_dimensions["B"].width = 80
    for cell in about[1]:
        cell.font = bold

    guide = book.create_sheet("columns")
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
        cell.font = bold
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename: all or nothing."""
    if path.is_symlink():
        path = path.resolve()
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise DocumentError(
            [Problem("file", f"cannot write here: {exc.strerror}")], source=str(path)
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with suppress(FileNotFoundError):
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise DocumentError(
                [Problem("file", f"cannot write the file: {exc.strerror or exc}")],
                source=str(path),
            ) from None
        raise


# --- reading --------------------------------------------------------------------------------


def _letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


@attrs.frozen
class _Place:
    row: int
    column: str
    index: int

    def where(self) -> tuple[str, ...]:
        return (f"row {self.row}", f"column {self.column!r} ({_letter(self.index)})")


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Problem] = []
        self.more = 0

    def add(self, place: _Place | None, message: str, code: str = "table") -> None:
        if len(self.items) >= _MAX_PROBLEMS:
            self.more += 1
            return
        self.items.append(Problem(code, message, place.where() if place else ()))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        problems = list(self.items)
        if self.more:
            problems.append(Problem("table", f"… and {self.more} more problems"))
        raise DocumentError(problems, source=self.source)


class _Row:
    """One data row: its cells by key, with where each one is."""

    def __init__(self, number: int, cells: dict[str, object], places: dict[str, _Place]) -> None:
        self.number = number
        self.cells = cells
        self.places = places

    def text(self, key: str) -> str | None:
        value = self.cells.get(key)
        if _blank(value):
            return None
        if isinstance(value, (datetime, date)):
            return (value.date() if isinstance(value, datetime) else value).isoformat()
        if isinstance(value, float):
            return repr(_number(value))
        return str(value)

    def word(self, key: str) -> str | None:
        value = self.text(key)
        return None if value is None else value.strip()

    def place(self, key: str) -> _Place:
        return self.places[key]


@attrs.define
class _ResultDraft:
    id: str
    rows: list[int]
    fields: dict[str, tuple[str, _Place]]
    indicators: list[Indicator]
    indicator_rows: dict[str, _Place]
    extensions: list[Extension]


def _layout(
    header: Sequence[object], problems: _Problems, row_number: int
) -> tuple[dict[int, str], dict[int, str]]:
    """The key of each column (targets as ``target:N`` and ``due:N``) and the extra columns."""
    keys: dict[int, str] = {}
    extras: dict[int, str] = {}
    seen: dict[str, int] = {}
    for index, raw in enumerate(header):
        if _blank(raw):
            continue
        name = str(raw).strip()
        normal = _normal(name)
        key = _BY_HEADER.get(normal)
        if key is None and (match := _TARGET_RE.fullmatch(normal)):
            key = f"target:{match['n'] or 1}"
        if key is None and (match := _DUE_RE.fullmatch(normal)):
            key = f"due:{match['n'] or 1}"
        label = key if key is not None else f"extra:{normal}"
        if label in seen:
            first = seen[label]
            problems.add(
                _Place(row_number, name, index),
                f"the same column as column {_letter(first)} ({header[first]!s}); keep one",
            )
            continue
        seen[label] = index
        if key is None:
            extras[index] = name
        else:
            keys[index] = key
    missing = [_HEADER_OF[k] for k in _REQUIRED if k not in keys.values()]
    if missing:
        problems.add(
            None,
            f"row {row_number} (the header) has no column {', '.join(map(repr, missing))}; a "
            f"logframe table needs at least 'level', 'result id' and 'result' (the columns it "
            f"reads: {', '.join(c.header for c in COLUMNS)})",
        )
    numbers = {int(k.split(":")[1]) for k in keys.values() if k.startswith(("target:", "due:"))}
    for n in sorted(numbers):
        if f"target:{n}" not in keys.values():
            index = next(i for i, k in keys.items() if k == f"due:{n}")
            problems.add(
                _Place(row_number, str(header[index]), index),
                f"a due date column with no 'target {n}' column; add it or remove this one",
            )
    return keys, extras


class _Reader:
    def __init__(
        self,
        source: str,
        problems: _Problems,
        levels: LevelScheme | None,
    ) -> None:
        self.source = source
        self.problems = problems
        self.levels = levels
        self.drafts: dict[str, _ResultDraft] = {}
        self.indicator_rows: dict[str, int] = {}
        self.current: _ResultDraft | None = None

    def fail(self, place: _Place | None, message: str) -> None:
        self.problems.add(place, message)

    # --- one row ---

    def row(self, row: _Row, extras: Mapping[str, tuple[str, _Place]]) -> None:
        result_id = row.word("result_id")
        place = row.place("result_id")
        if result_id is None:
            if self.current is None:
                self.fail(place, "no result id, and no result above to continue; give the id")
                return
            draft = self.current
        else:
            if not re.fullmatch(r"[^\s:]+", result_id):
                self.fail(place, f"{result_id!r} is not an id: write it without spaces or ':'")
                return
            draft = self.drafts.get(result_id) or self._new(result_id)
            self.current = draft
        draft.rows.append(row.number)
        for key in _RESULT_KEYS:
            self._result_field(draft, row, key)
        if any(row.text(k) is not None for k in _INDICATOR_KEYS) or any(
            row.text(k) is not None for k in row.cells if k.startswith(("target:", "due:"))
        ):
            self._indicator(draft, row, extras)
        elif extras:
            draft.extensions.extend(
                Extension(EXTENSION_FORMAT, header, text) for header, (text, _) in extras.items()
            )

    def _new(self, result_id: str) -> _ResultDraft:
        draft = _ResultDraft(result_id, [], {}, [], {}, [])
        self.drafts[result_id] = draft
        return draft

    def _result_field(self, draft: _ResultDraft, row: _Row, key: str) -> None:
        if key not in row.places:
            return
        value = row.text(key) if key in ("statement", "result_description") else row.word(key)
        if value is None:
            return
        place = row.place(key)
        known = draft.fields.get(key)
        if known is None:
            draft.fields[key] = (value, place)
        elif _same(key, known[0], value):
            return
        else:
            self.fail(
                place,
                f"result {draft.id} is {known[0]!r} in this column on row {known[1].row}; "
                "the rows of one result must agree (leave the cell empty to repeat it)",
            )

    def _indicator(
        self, draft: _ResultDraft, row: _Row, extras: Mapping[str, tuple[str, _Place]]
    ) -> None:
        indicator_id = row.word("indicator_id")
        id_place = row.places.get("indicator_id") or row.place("result_id")
        if indicator_id is None:
            n = len(draft.indicators) + 1
            while (candidate := f"{draft.id}.{n}") in self.indicator_rows:
                n += 1
            indicator_id = candidate
        elif not re.fullmatch(r"[^\s:]+", indicator_id):
            self.fail(id_place, f"{indicator_id!r} is not an id: write it without spaces or ':'")
            return
        if indicator_id in self.indicator_rows:
            self.fail(
                id_place,
                f"indicator {indicator_id!r} is already on row {self.indicator_rows[indicator_id]}; "
                "give each indicator its own id",
            )
            return
        self.indicator_rows[indicator_id] = row.number
        name = row.text("indicator")
        if name is None:
            self.fail(
                row.places.get("indicator") or id_place,
                f"indicator {indicator_id} has no name; say what is measured in 'indicator'",
            )
            return
        indicator = self._build_indicator(indicator_id, name, row)
        if indicator is None:
            return
        extensions = tuple(
            Extension(EXTENSION_FORMAT, header, text) for header, (text, _) in extras.items()
        )
        if extensions:
            indicator = attrs.evolve(indicator, extensions=extensions)
        draft.indicators.append(indicator)
        draft.indicator_rows[indicator_id] = id_place

    def _build_indicator(self, indicator_id: str, name: str, row: _Row) -> Indicator | None:
        """Build in steps, so that a problem is reported in the column that causes it."""

        def step(key: str, make: Callable[[], Indicator]) -> Indicator:
            try:
                return make()
            except (ValueError, TypeError) as exc:
                self.fail(row.places.get(key) or row.place("result_id"), _plain(exc))
                raise _ReportedError from None

        # Cells read on their own first, so that every bad one in the row is reported.
        ok = True

        def read(make: Callable[[], _T]) -> _T | None:
            nonlocal ok
            try:
                return make()
            except _ReportedError:
                ok = False
                return None

        measure = read(lambda: self._choice(row, "measure", Measure))
        direction = read(lambda: self._choice(row, "direction", Direction))
        unit = read(lambda: self._unit(row, "unit"))
        universe = read(lambda: self._universe(row))
        weight = read(lambda: self._weight(row))
        for key in row.places:
            if key.startswith("due:"):
                read(functools.partial(self._due, row, key))
        if not ok:
            return None
        try:
            indicator = step(
                "unit" if row.text("unit") is not None else "measure",
                lambda: Indicator(
                    indicator_id,
                    name,
                    measure=measure or Measure.QUANTITY,
                    unit=unit,
                    direction=direction or Direction.INCREASE,
                    description=row.text("indicator_description"),
                    source=row.text("source"),
                    verification=row.text("verification"),
                ),
            )
            if universe is not None:
                plain = indicator
                indicator = step(
                    "universe" if "universe" in row.places else "universe_description",
                    lambda: attrs.evolve(plain, universe=universe),
                )
            if weight is not None:
                unweighted = indicator
                indicator = step("weight", lambda: attrs.evolve(unweighted, weight=weight))
        except _ReportedError:
            return None
        return self._values(indicator, row)

    def _values(self, indicator: Indicator, row: _Row) -> Indicator | None:
        ok = True
        baseline_value: Value | Relative | None = None
        period: Period | None = None
        try:
            baseline_value = self._value(row, "baseline", indicator)
        except _ReportedError:
            ok = False
        period_text = row.word("baseline_period")
        if period_text is not None:
            try:
                period = Period.parse(period_text)
            except ValueError as exc:
                self.fail(row.place("baseline_period"), _plain(exc))
                ok = False
        if ok and (baseline_value is not None or period is not None):
            assert not isinstance(baseline_value, Relative)  # only target cells read changes
            try:
                indicator = attrs.evolve(indicator, baselines=(Baseline(baseline_value, period),))
            except (ValueError, TypeError) as exc:
                self.fail(row.place("baseline"), _plain(exc))
                ok = False
        numbers = sorted(
            {int(k.split(":")[1]) for k in row.places if k.startswith(("target:", "due:"))}
        )
        for n in numbers:
            due_key = f"due:{n}"
            due: date | None = None
            if due_key in row.places:
                due = _due(row.cells.get(due_key))  # read before: it is a date or empty
            try:
                value = self._value(row, f"target:{n}", indicator)
            except _ReportedError:
                ok = False
                continue
            if not ok or (value is None and due is None):
                continue
            try:
                target = Target(value, due=due)
                indicator = attrs.evolve(indicator, targets=(*indicator.targets, target))
            except (ValueError, TypeError) as exc:
                key = due_key if "order of their due dates" in str(exc) else f"target:{n}"
                self.fail(row.places.get(key) or row.place(f"target:{n}"), _plain(exc))
                ok = False
        return indicator if ok else None

    def _value(self, row: _Row, key: str, indicator: Indicator) -> Value | Relative | None:
        if key not in row.places:
            return None
        cell = row.cells.get(key)
        if _blank(cell):
            return None
        unit = indicator.unit
        try:
            if isinstance(cell, bool):
                raise ValueError(f"expected a number or a text such as 'XX%', got {cell!r}")
            if isinstance(cell, (int, float)):
                return parse_value(cell, unit)
            text = str(cell)
            if text.lstrip().lower().startswith(_PENDING_PREFIX):
                # "pending: <text>": the text is kept as it is, after the one space written.
                rest = text.lstrip()[len(_PENDING_PREFIX) :]
                rest = rest[1:] if rest.startswith(" ") else rest
                if not rest.strip():
                    raise ValueError("'pending:' needs the text that stands for the value")
                return Pending(rest, unit)
            relative = parse_relative(text) if key.startswith("target") else None
            if relative is not None:
                return relative
            value = parse_value(text.strip(), unit)
            if isinstance(value, Pending) and value.unit is None and unit is not None:
                value = Pending(value.text, unit)
            return value
        except (ValueError, TypeError) as exc:
            self.fail(row.place(key), _plain(exc))
            raise _ReportedError from None

    def _choice(self, row: _Row, key: str, kind: type[_E]) -> _E | None:
        text = row.word(key)
        if text is None:
            return None
        normal = _normal(text)
        if kind is Measure and normal in _MEASURE_ALIASES:
            return kind(_MEASURE_ALIASES[normal])
        try:
            return kind(normal.replace(" ", "_").replace("/", "_").replace("-", "_"))
        except ValueError:
            labels = _MEASURE_LABELS.values() if kind is Measure else [d.value for d in Direction]
            self.fail(row.place(key), f"unknown {key} {text!r}; use one of {', '.join(labels)}")
            raise _ReportedError from None

    def _due(self, row: _Row, key: str) -> date | None:
        try:
            return _due(row.cells.get(key))
        except ValueError as exc:
            self.fail(row.place(key), _plain(exc))
            raise _ReportedError from None

    def _unit(self, row: _Row, key: str) -> Unit | None:
        text = row.word(key)
        if text is None:
            return None
        try:
            return parse_unit(text)
        except ValueError as exc:
            self.fail(row.place(key), _plain(exc))
            raise _ReportedError from None

    def _universe(self, row: _Row) -> Universe | None:
        unit = self._unit(row, "universe")
        description = row.text("universe_description")
        size_text = row.word("universe_size")
        if unit is None:
            for key in ("universe_description", "universe_size"):
                if row.text(key) is not None:
                    self.fail(
                        row.place(key),
                        "says which units a share is of, but 'share of' is empty; name the "
                        "counting unit there (country, person …)",
                    )
                    raise _ReportedError
            return None
        size: int | None = None
        if size_text is not None:
            if not re.fullmatch(r"[1-9][0-9]*", size_text):
                self.fail(
                    row.place("universe_size"),
                    f"expected a whole number of units (193), got {size_text!r}",
                )
                raise _ReportedError
            size = int(size_text)
        try:
            return Universe(unit, description, size)
        except ValueError as exc:
            self.fail(row.place("universe"), _plain(exc))
            raise _ReportedError from None

    def _weight(self, row: _Row) -> float | None:
        text = row.word("weight")
        if text is None:
            return None
        number = float(text) if _NUMBER_RE.fullmatch(text) else math.nan
        if not math.isfinite(number) or number <= 0:
            self.fail(
                row.place("weight"),
                f"expected a positive number (2, 0.5), got {text!r}; leave it empty for 1",
            )
            raise _ReportedError
        return int(number) if re.fullmatch(r"\+?\d+", text) else number

    # --- the whole table ---

    def framework(
        self,
        *,
        id: str,
        title: str,
        start: date | None,
        end: date | None,
        description: str | None,
    ) -> Framework:
        results: list[Result] = []
        links: list[Link] = []
        levels_of: dict[str, str] = {}
        level_place: dict[str, _Place] = {}
        parent_place: dict[str, _Place] = {}
        for draft in self.drafts.values():
            level = draft.fields.get("level")
            statement = draft.fields.get("statement")
            first_row = draft.rows[0]
            if level is None:
                self.fail(
                    None,
                    f"row {first_row}: result {draft.id} has no level; say in 'level' whether it "
                    "is an impact, outcome, output …",
                )
                continue
            if statement is None:
                self.fail(
                    None,
                    f"row {first_row}: result {draft.id} has no statement; write it in 'result'",
                )
                continue
            name = _level_name(level[0])
            if not _LEVEL_RE.fullmatch(name):
                self.fail(level[1], f"{level[0]!r} is not a level name; use words (outcome)")
                continue
            levels_of[draft.id] = name
            level_place[draft.id] = level[1]
            description_field = draft.fields.get("result_description")
            try:
                result = Result(
                    draft.id,
                    name,
                    statement[0],
                    description=None if description_field is None else description_field[0],
                    indicators=tuple(draft.indicators),
                    extensions=tuple(draft.extensions),
                )
            except ValueError as exc:
                self.fail(statement[1], _plain(exc))
                continue
            results.append(result)
            parents = draft.fields.get("parents")
            if parents is not None:
                parent_place[draft.id] = parents[1]
                links.extend(self._links(draft.id, *parents))
        self.problems.raise_if_any()
        scheme = self.levels or _infer_levels(levels_of, links)
        try:
            return Framework(
                id,
                title,
                tuple(results),
                links=tuple(links),
                levels=scheme,
                start=start,
                end=end,
                description=description,
            )
        except ValidationError as exc:
            places = self._places(level_place, parent_place)
            problems = [Problem(p.code, p.message, places(p) or p.where) for p in exc.problems]
            raise DocumentError(problems, source=self.source) from exc

    def _links(self, child: str, text: str, place: _Place) -> list[Link]:
        links = []
        for part in re.split(r"[;\n]", text):
            if not part.strip():
                continue
            match = _PARENT_RE.fullmatch(part.strip())
            if match is None:  # pragma: no cover - the pattern matches every text without spaces
                self.fail(place, f"cannot read {part.strip()!r}; write 'O1' or 'O1 (weight 2)'")
                continue
            weight: float = 1
            if match["weight"] is not None:
                text_weight = match["weight"]
                if not _NUMBER_RE.fullmatch(text_weight) or float(text_weight) <= 0:
                    self.fail(
                        place,
                        f"the weight of {match['id']!r} must be a positive number, got "
                        f"{text_weight!r}; write 'O1 (weight 2)'",
                    )
                    continue
                weight = (
                    int(text_weight) if re.fullmatch(r"\+?\d+", text_weight) else float(text_weight)
                )
            try:
                links.append(Link(child, match["id"], weight))
            except ValueError as exc:
                self.fail(place, _plain(exc))
        return links

    def _places(
        self, level_place: Mapping[str, _Place], parent_place: Mapping[str, _Place]
    ) -> Callable[[Problem], tuple[str, ...]]:
        link_codes = {"dangling-link", "self-link", "link-not-upward", "duplicate-link", "cycle"}

        def place(problem: Problem) -> tuple[str, ...]:
            for name in problem.where:
                if problem.code in link_codes and name in parent_place:
                    return parent_place[name].where()
                if problem.code == "unknown-level" and name in level_place:
                    return level_place[name].where()
                for draft in self.drafts.values():
                    if name in draft.indicator_rows:
                        return (*draft.indicator_rows[name].where(), f"indicator {name}")
                if name in level_place:
                    return (*level_place[name].where(), f"result {name}")
            return ()

        return place


_E = TypeVar("_E", Measure, Direction)
_T = TypeVar("_T")


class _ReportedError(Exception):
    """A cell that could not be read; its problem is already recorded."""


_MEASURE_ALIASES = {
    "yes/no": Measure.YES_NO,
    "count": Measure.QUANTITY,
    "percentage": Measure.SHARE,
}


def _same(key: str, a: str, b: str) -> bool:
    if key == "parents":
        return [p.strip() for p in re.split(r"[;\n]", a) if p.strip()] == [
            p.strip() for p in re.split(r"[;\n]", b) if p.strip()
        ]
    if key == "level":
        return _level_name(a) == _level_name(b)
    return a == b


def _due(value: object) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value.strip())
    raise ValueError(f"cannot read {value!r} as a date; write YYYY-MM-DD")


def _plain(exc: BaseException) -> str:
    # The model's checks prefix their class ("Indicator: …"); in a table the column says it.
    text = str(exc)
    return re.sub(r"^(Indicator|Baseline|Target|Universe|Result|Link|Pending): ", "", text)


def _infer_levels(levels_of: Mapping[str, str], links: Sequence[Link]) -> LevelScheme:
    """A built-in scheme holding every level used; else the order the links imply."""
    used = list(dict.fromkeys(levels_of.values()))
    for scheme in SCHEMES.values():
        if set(used) <= set(scheme.levels):
            return scheme
    # Higher levels first: a level comes after every level its results contribute to.
    above: dict[str, set[str]] = {level: set() for level in used}
    for link in links:
        child, parent = levels_of.get(link.child), levels_of.get(link.parent)
        if child is not None and parent is not None and child != parent:
            above[child].add(parent)
    order: list[str] = []
    remaining = list(used)
    while remaining:
        ready = next((lv for lv in remaining if above[lv] <= set(order)), remaining[0])
        order.append(ready)
        remaining.remove(ready)
    return LevelScheme("table", order)


def _to_scheme(levels: LevelScheme | str | Iterable[str] | None) -> LevelScheme | None:
    if levels is None or isinstance(levels, LevelScheme):
        return levels
    if isinstance(levels, str):
        if levels in SCHEMES:
            return SCHEMES[levels]
        parts = [p for p in re.split(r"\s*(?:>|,)\s*", levels.strip()) if p]
        if len(parts) < 2:
            raise DocumentError(
                [
                    Problem(
                        "levels",
                        f"{levels!r} is neither a built-in level scheme ({', '.join(SCHEMES)}) "
                        "nor levels written top first ('goal > outcome > output')",
                    )
                ]
            )
        levels = parts
    names = ["_".join(level.lower().split()) for level in levels]
    for scheme in SCHEMES.values():
        if list(scheme.levels) == names:
            return scheme
    return LevelScheme("table", names)


def from_rows(
    rows: Iterable[Mapping[str, object]],
    *,
    source: str = "table",
    id: str = "table",
    title: str | None = None,
    levels: LevelScheme | str | Iterable[str] | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    description: str | None = None,
) -> Framework:
    """A framework from the rows of a logframe matrix (dicts header → cell, as :func:`to_rows`).

    Row numbers in messages count the header as row 1. ``from_rows(df.to_dict("records"))``
    reads a pandas data frame (NaN is an empty cell).

    Args:
        rows: The rows.
        source: What to call the table in messages.
        id: The framework's id.
        title: Its title; ``source`` when not given.
        levels: The level scheme, a built-in scheme's name, or the levels top first; by
            default the first built-in scheme holding every level of the table, else the order
            the links imply.
        start: The first day of its time frame.
        end: The last day of its time frame.
        description: Its description.

    Raises:
        DocumentError: naming the row and column of every problem.
    """
    rows = list(rows)
    # No rows (a framework with no results) still has the matrix's columns.
    header: list[str] = list(dict.fromkeys(k for row in rows for k in row)) or list(_KEYS)
    matrix = [(n, [row.get(name) for name in header]) for n, row in enumerate(rows, start=2)]
    return _read_matrix(
        header,
        1,
        matrix,
        source=source,
        options={
            "id": id,
            "title": title if title is not None else source,
            "levels": levels,
            "start": start,
            "end": end,
            "description": description,
        },
        unescape=False,
    )


def _read_matrix(
    header: Sequence[object],
    header_row: int,
    rows: Iterable[tuple[int, Sequence[object]]],
    *,
    source: str,
    options: Mapping[str, Any],
    unescape: bool,
) -> Framework:
    problems = _Problems(source)
    if unescape:
        header = [_unescape(h) if isinstance(h, str) else h for h in header]
    keys, extra_columns = _layout(header, problems, header_row)
    problems.raise_if_any()
    try:
        scheme = _to_scheme(options.get("levels"))
    except ResultsframeError as exc:
        raise DocumentError([Problem("levels", _plain(exc))], source=source) from None
    reader = _Reader(source, problems, scheme)
    width = len(header)
    for number, raw in rows:
        cells_list = [_unescape(c) if unescape and isinstance(c, str) else c for c in raw]
        if all(_blank(c) for c in cells_list):
            continue
        if len(cells_list) > width:
            for index in range(width, len(cells_list)):
                if not _blank(cells_list[index]):
                    problems.add(
                        _Place(number, "", index),
                        "a value beyond the last column of the header; give the column a header",
                    )
                    break
        cells: dict[str, object] = {}
        places: dict[str, _Place] = {}
        extras: dict[str, tuple[str, _Place]] = {}
        for index, value in enumerate(cells_list[:width]):
            if index in keys:
                key = keys[index]
                cells[key] = value
                places[key] = _Place(number, str(header[index]).strip(), index)
            elif index in extra_columns:
                if not _blank(value):
                    name = extra_columns[index]
                    text = _Row(number, {"x": value}, {}).text("x") or ""
                    extras[name] = (text, _Place(number, name, index))
            elif not _blank(value):
                problems.add(
                    _Place(number, "", index),
                    "a value in a column with no header; give the column a header",
                )
        reader.row(_Row(number, cells, places), extras)
    problems.raise_if_any()
    return reader.framework(
        id=options["id"],
        title=options["title"],
        start=_option_date(options.get("start"), "start", source),
        end=_option_date(options.get("end"), "end", source),
        description=options.get("description"),
    )


def _option_date(value: object, name: str, source: str) -> date | None:
    try:
        return _due(value)
    except ValueError as exc:
        raise DocumentError([Problem("table", f"{name}: {_plain(exc)}")], source=source) from None


def read(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    id: str | None = None,
    title: str | None = None,
    levels: LevelScheme | str | Iterable[str] | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    max_bytes: int | None = MAX_BYTES,
) -> Framework:
    """Read a framework from a logframe matrix in a CSV or Excel file.

    An Excel file written by :func:`write` also holds the framework's id, title, levels and
    time frame (its ``framework`` sheet); for a CSV file, or to override them, pass them here.
    By default the id is the file's name without spaces and the title is the file's name.

    Args:
        path: A ``.csv`` or ``.xlsx`` file.
        format: ``"csv"`` or ``"xlsx"`` when the file name does not say.
        id: The framework's id.
        title: Its title.
        levels: The level scheme, a built-in scheme's name (``"logframe"``) or the levels top
            first; see :func:`from_rows`.
        start: The first day of its time frame.
        end: The last day of its time frame.
        max_bytes: The largest file read; None for no limit.

    Raises:
        DocumentError: naming the file, row and column of every problem.
        ImportError: for ``.xlsx`` without openpyxl (``pip install 'resultsframe[excel]'``).
    """
    path = Path(path)
    source = str(path)
    kind = _format_of(path, format)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(
            [Problem("file", f"cannot read the file: {exc.strerror or exc}")], source=source
        ) from None
    if max_bytes is not None and size > max_bytes:
        raise DocumentError(
            [
                Problem(
                    "size",
                    f"the file is {size:,} bytes, more than the limit of {max_bytes:,}; pass "
                    "max_bytes=None to read it anyway",
                )
            ],
            source=source,
        )
    info: dict[str, Any] = {}
    if kind == "csv":
        header, header_row, rows = _csv_rows(path, source)
    else:
        header, header_row, rows, info = _xlsx_rows(path, source, max_bytes)
    stem = path.stem
    if levels is None and "levels" in info and "level scheme" in info:
        names = [p for p in re.split(r"\s*>\s*", str(info["levels"]).strip()) if p]
        try:
            levels = LevelScheme(str(info["level scheme"]), names)
        except ValueError as exc:
            raise DocumentError(
                [Problem("levels", f"sheet 'framework', levels: {_plain(exc)}")], source=source
            ) from None
    options = {
        "id": id or info.get("id") or (re.sub(r"[\s:]+", "-", stem.strip()) or "table"),
        "title": title or info.get("title") or stem or "table",
        "levels": levels if levels is not None else info.get("levels"),
        "start": start if start is not None else info.get("start"),
        "end": end if end is not None else info.get("end"),
        "description": info.get("description"),
    }
    return _read_matrix(
        header, header_row, rows, source=source, options=options, unescape=kind == "csv"
    )


def _csv_rows(
    path: Path, source: str
) -> tuple[list[object], int, list[tuple[int, Sequence[object]]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(
            [Problem("file", f"cannot read the file: {exc.strerror or exc}")], source=source
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(
            [
                Problem(
                    "encoding",
                    f"line {line}: the file is not UTF-8 text; in Excel, save it as "
                    "'CSV UTF-8 (comma delimited)'",
                )
            ],
            source=source,
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    for candidate in (",", ";", "\t"):
        names = next(csv.reader([first_line], delimiter=candidate), [])
        if "result_id" in {_BY_HEADER.get(_normal(_unescape(n))) for n in names}:
            delimiter = candidate
            break
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, Sequence[object]]] = []
    header: list[object] = []
    try:
        for n, record in enumerate(reader, start=1):
            if n == 1:
                header = list(record)
            else:
                rows.append((n, record))
    except csv.Error as exc:
        raise DocumentError(
            [Problem("csv", f"row {reader.line_num}: cannot read the CSV: {exc}")], source=source
        ) from None
    if not header:
        raise DocumentError(
            [Problem("table", "the file is empty; it needs a header row")], source=source
        )
    return header, 1, rows


def _xlsx_rows(
    path: Path, source: str, max_bytes: int | None
) -> tuple[list[object], int, list[tuple[int, Sequence[object]]], dict[str, Any]]:
    openpyxl = _openpyxl()
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
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DocumentError(
            [Problem("file", f"cannot read the Excel file: {exc}")], source=source
        ) from None
    try:
        names = list(book.sheetnames)
        sheet: Worksheet = book["logframe"] if "logframe" in names else book.worksheets[0]
        values: list[list[object]] = [list(r) for r in sheet.iter_rows(values_only=True)]
        info = (
            _framework_sheet(book["framework"])
            if "framework" in names and sheet.title != "framework"
            else {}
        )
    finally:
        book.close()
    for index, row in enumerate(values[:_HEADER_SEARCH]):
        if any(isinstance(c, str) and _BY_HEADER.get(_normal(c)) == "result_id" for c in row):
            rows: list[tuple[int, Sequence[object]]] = list(
                enumerate(values[index + 1 :], start=index + 2)
            )
            return list(row), index + 1, rows, info
    raise DocumentError(
        [
            Problem(
                "table",
                f"sheet {sheet.title!r}: no header row with a 'result id' column in its first "
                f"{_HEADER_SEARCH} rows",
            )
        ],
        source=source,
    )


def _framework_sheet(sheet: Worksheet) -> dict[str, Any]:
    info: dict[str, Any] = {}
    fields = {"id", "title", "description", "levels", "level scheme", "start", "end"}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if len(row) < 2 or not isinstance(row[0], str):
            continue
        field = _normal(row[0])
        if field in fields and not _blank(row[1]):
            info[field] = row[1] if isinstance(row[1], (date, datetime)) else str(row[1])
    return info
