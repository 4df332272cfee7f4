"""A CSV logframe table with bad cells is refused with the row and column, never a raw exception.

Short rows, bare CR line ends (old Mac Excel), units pint cannot read or compute ("(",
"1/0"), NaN and huge numbers: each is a ``DocumentError`` naming the file, the row and, for a
cell, its column; bare CR line ends are simply line ends.
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from pathlib import Path

import pytest

from resultsframe import DocumentError, Framework, examples, table


@cache
def _example() -> Framework:
    return examples.load(examples.names()[0])


def _rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(table.to_csv(_example()))))


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _with_cell(header: str, value: str) -> str:
    rows = _rows()
    rows[1][rows[0].index(header)] = value  # row 2 of the file: the header is row 1
    return _csv(rows)


def _read(tmp_path: Path, text: str) -> Framework:
    path = tmp_path / "logframe.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return table.read(path, id=_example().id, title=_example().title)


def test_bare_cr_line_ends_read_like_crlf(tmp_path: Path) -> None:
    text = table.to_csv(_example())
    assert _read(tmp_path, text.replace("\r\n", "\r")) == _read(tmp_path, text)


def test_a_short_row_is_refused_naming_the_row(tmp_path: Path) -> None:
    text = table.to_csv(_example()) + "impact,extra\r\n"
    rows = len(_rows())  # the short row is the next one
    with pytest.raises(DocumentError, match=f"row {rows + 1}: result extra has no statement"):
        _read(tmp_path, text)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("(", "unknown unit '\\('"),
        ("1/0", "has the number 0"),
        ("case**9**9**9", "a power to a power"),
        ("a" * 40_000, "at most 200 characters"),
    ],
)
def test_a_bad_unit_is_refused_naming_row_and_column(tmp_path: Path, value: str, says: str) -> None:
    with pytest.raises(DocumentError, match=r"row 2, column 'unit' \(J\): .*" + says):
        _read(tmp_path, _with_cell("unit", value))


@pytest.mark.parametrize(
    ("header", "value", "says"),
    [
        ("baseline", "NaN", "cannot read 'NaN'"),
        ("baseline", "1e400", "not a finite number"),
        ("baseline", "1152921504606846976", re.escape("(2**53 - 1)")),  # 2**60
        ("target 1", "1e300", re.escape("(2**53 - 1)")),
        ("target 1", "9" * 5000, "at most 300 characters"),
        ("indicator weight", "nan", "expected a positive number"),
        ("indicator weight", "1e300", re.escape("at most 9007199254740991 (2**53 - 1)")),
        ("indicator weight", "1152921504606846976", re.escape("(2**53 - 1)")),
    ],
)
def test_nan_and_huge_numbers_are_refused_naming_row_and_column(
    tmp_path: Path, header: str, value: str, says: str
) -> None:
    with pytest.raises(DocumentError, match=rf"row 2, column '{header}' \([A-Z]+\): .*{says}"):
        _read(tmp_path, _with_cell(header, value))


def test_a_huge_link_weight_is_refused(tmp_path: Path) -> None:
    rows = _rows()
    column = rows[0].index("contributes to")
    row = next(n for n, cells in enumerate(rows) if n and cells[column])
    rows[row][column] = f"{rows[row][column].split()[0]} (weight 1e300)"
    with pytest.raises(DocumentError, match=rf"row {row + 1}, .*2\*\*53 - 1"):
        _read(tmp_path, _csv(rows))


def test_a_row_cut_short_before_the_result_id_is_refused_naming_it(tmp_path: Path) -> None:
    # Found by the fuzz suite: a row of one cell ("impact") was a KeyError.
    text = table.to_csv(_example()).replace("\r\n", "\r\nimpact\r\n", 1)
    with pytest.raises(DocumentError, match=r"row 2, column 'result id' \(B\): no result id"):
        _read(tmp_path, text)
