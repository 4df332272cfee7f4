"""The matrix as CSV text: cells out to text, a file's text back to cells.

A CSV file is UTF-8 (the writer adds a byte-order mark, so that Excel reads it as UTF-8) and
comma-separated (``;`` and tab are recognised when reading). A text cell that a spreadsheet
would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``) is written with a leading
``'``, which :func:`unescape` removes again when it is read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from resultsframe.exceptions import DocumentError, Problem
from resultsframe.table.columns import BY_HEADER, NUMBER_RE, Cell, Matrix, normal

__all__ = ["escape", "rows_of", "text", "unescape"]

# A spreadsheet runs a cell starting with one of these as a formula; see escape.
_FORMULA_RE = re.compile(r"'*[=+\-@\t\r]")


def escape(text: str) -> str:
    """A text cell as CSV writes it: ``'`` before what a spreadsheet would run as a formula.

    ``'`` is added to every text matching ``'*[=+-@…]`` and removed from every text matching
    ``'+[=+-@…]`` when read, so every text comes back as it was. Numbers are left alone.
    """
    if _FORMULA_RE.match(text) and not NUMBER_RE.fullmatch(text.strip()):
        return "'" + text
    return text


def unescape(text: str) -> str:
    """A text cell as it was before :func:`escape`."""
    if text.startswith("'") and _FORMULA_RE.match(text[1:]):
        return text[1:]
    return text


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value)
    return escape(value)


def text(names: Sequence[str], rows: Sequence[Mapping[str, Cell]]) -> str:
    """The rows (header → cell) under the headers ``names`` as CSV text, without byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([escape(name) for name in names])
    for row in rows:
        writer.writerow([_text(row[name]) for name in names])
    return out.getvalue()


def rows_of(path: Path, source: str) -> Matrix:
    """The header and data rows of a CSV file, cells still escaped.

    Raises:
        DocumentError: if the file cannot be read, is not UTF-8, is not CSV or is empty.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(
            [Problem("file", f"cannot read the file: {exc.strerror or exc}")], source=source
        ) from None
    try:
        content = data.decode("utf-8-sig")
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
    # Lines may end in CRLF, LF or a bare CR (old Mac Excel): each ends the header row.
    first_line = re.split(r"\r\n?|\n", content, maxsplit=1)[0]
    delimiter = ","
    for candidate in (",", ";", "\t"):
        try:
            names = next(csv.reader([first_line], delimiter=candidate), [])
        except csv.Error:  # a quote left open on the first line: read below, with its row
            continue
        if "result_id" in {BY_HEADER.get(normal(unescape(n))) for n in names}:
            delimiter = candidate
            break
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
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
