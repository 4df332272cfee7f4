"""A CSV logframe table with bad cells is refused with the row and column, never a raw exception.

Short rows, bare CR line ends (old Mac Excel), units pint cannot read or compute ("(",
"1/0"), NaN and huge numbers: each is a ``DocumentError`` naming the file, the row and, for a
cell, its column; bare CR line ends are simply line ends.

An Excel table whose sheet says it is huge (``A1:XFD1048576``) is refused before openpyxl
makes its cells, and one without a dimension as its rows come; a broken sheet (bad XML, a
cell named ``ZZZZZ2``, ``NaN`` as a number) is refused naming the sheet and the row.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
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


# --- Excel: broken workbooks and sheets said to be huge ------------------------------------------


def _xlsx(tmp_path: Path, change: Callable[[str], str], sheet: str = "sheet1") -> Path:
    """The example written as .xlsx, with the XML of one of its sheets changed."""
    pytest.importorskip("openpyxl")
    written = tmp_path / "written.xlsx"
    table.write(_example(), written)
    path = tmp_path / "logframe.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == f"xl/worksheets/{sheet}.xml":
                data = change(data.decode()).encode()
            target.writestr(item, data)
    return path


def _read_xlsx(path: Path) -> Framework:
    return table.read(path, id=_example().id, title=_example().title)


def test_the_example_as_xlsx_has_a_dimension_that_fits(tmp_path: Path) -> None:
    # The sheets the tests below change: the matrix's dimension as openpyxl writes it.
    text = zipfile.ZipFile(_xlsx(tmp_path, str)).read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<dimension ref="A1:[A-Z]+\d+"/>', text)
    assert _read_xlsx(_xlsx(tmp_path, str)).results.keys() == _example().results.keys()


def test_a_sheet_said_to_be_huge_is_refused_before_its_cells_are_made(tmp_path: Path) -> None:
    # A1:XFD1048576 is 1,048,576 rows × 16,384 columns = 17,179,869,184 cells: openpyxl would
    # make every row 16,384 cells wide.
    path = _xlsx(
        tmp_path,
        lambda x: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', x),
    )
    with pytest.raises(DocumentError) as caught:
        _read_xlsx(path)
    assert (
        "logframe.xlsx: sheet 'logframe': its dimension says 1,048,576 rows × 16,384 columns "
        "(17,179,869,184 cells); a table is read up to 1,048,576 rows, 16,384 columns and "
        "10,000,000 cells"
    ) in str(caught.value)
    assert "delete the empty rows and columns" in str(caught.value)


def test_a_dimension_of_more_columns_than_excel_has_is_refused(tmp_path: Path) -> None:
    # ZZZ is column 26² × 26 + 26² + 26 = 18,278, more than Excel's 16,384 (XFD).
    path = _xlsx(
        tmp_path, lambda x: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:ZZZ2"/>', x)
    )
    with pytest.raises(DocumentError, match=r"2 rows × 18,278 columns \(36,556 cells\)"):
        _read_xlsx(path)


def test_a_cell_far_below_is_refused_when_the_sheet_gives_no_dimension(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No dimension to read first: the rows are counted as they come, and row 2,000,000 is
    # past the limit (1,048,576 rows, as Excel; 100 here, so that the test need not make a
    # million empty rows to get there).
    from resultsframe.table import excel

    monkeypatch.setattr(excel, "MAX_ROWS", 100)

    def far(text: str) -> str:
        text = re.sub(r'<dimension ref="[^"]*"/>', "", text)
        return text.replace(
            "</sheetData>",
            '<row r="2000000"><c r="A2000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        )

    with pytest.raises(DocumentError, match="sheet 'logframe': it has more than 100 rows"):
        _read_xlsx(_xlsx(tmp_path, far))


def test_cells_past_the_limit_are_refused_as_they_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no dimension and a limit of 100 cells: the header row is 24 cells wide (A to X),
    # so the first 5 rows hold 5 × 24 = 120 > 100 cells (4 rows hold 96).
    from resultsframe.table import excel

    monkeypatch.setattr(excel, "MAX_CELLS", 100)
    path = _xlsx(tmp_path, lambda x: re.sub(r'<dimension ref="[^"]*"/>', "", x))
    with pytest.raises(DocumentError, match="its first 5 rows hold more than 100 cells"):
        _read_xlsx(path)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            lambda x: x.replace('r="B2"', 'r="ZZZZZ2"', 1),
            "row 2: cannot read the Excel file: 'ZZZZZ' is not a valid column name",
        ),
        (
            lambda x: re.sub(r"<v>[0-9.]+</v>", "<v>NaN</v>", x, count=1),
            "cannot read the Excel file: invalid literal for int() with base 10: 'NaN'",
        ),
        (
            lambda x: re.sub(r"<v>[0-9.]+</v>", "<v>abc</v>", x, count=1),
            "invalid literal for int() with base 10: 'abc'",
        ),
        (lambda x: x[: x.index("</sheetData>") - 7], "cannot read the Excel file: "),
    ],
    ids=["cell named ZZZZZ2", "NaN as a number", "text as a number", "XML cut short"],
)
def test_a_broken_sheet_is_refused_naming_the_sheet_and_row(
    tmp_path: Path, change: Callable[[str], str], says: str
) -> None:
    with pytest.raises(DocumentError) as caught:
        _read_xlsx(_xlsx(tmp_path, change))
    message = str(caught.value)
    assert re.search(r"logframe\.xlsx: sheet 'logframe', row \d+: ", message), message
    assert says in message
    assert message.endswith("open it in Excel or LibreOffice and save it again")


def test_an_unreadable_framework_sheet_is_refused_naming_it(tmp_path: Path) -> None:
    # sheet2.xml is the 'framework' sheet; its XML cut short.
    path = _xlsx(tmp_path, lambda x: x[: len(x) // 2], sheet="sheet2")
    with pytest.raises(DocumentError, match="sheet 'framework': cannot read the Excel file: "):
        _read_xlsx(path)


def test_a_framework_sheet_said_to_be_huge_is_read_for_its_two_columns(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        lambda x: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', x),
        sheet="sheet2",
    )
    again = table.read(path)
    assert (again.id, again.title, again.levels) == (
        _example().id,
        _example().title,
        _example().levels,
    )


@pytest.mark.parametrize(
    ("size", "digits"),
    [("9" * 5003, "5,003"), ("9007199254740992", "16")],
    ids=["5,003 digits (int() refuses over 4,300)", "2**53"],
)
def test_a_share_of_more_units_than_a_document_holds_is_refused(
    tmp_path: Path, size: str, digits: str
) -> None:
    # Found by benchmarks/fuzz_loaders.py: 5,003 digits escaped as int()'s ValueError.
    # 2**53 = 9,007,199,254,740,992 is one more than a document holds exactly.
    rows = _rows()
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("share of")])
    row[header.index("share of (how many)")] = size
    with pytest.raises(DocumentError) as caught:
        _read(tmp_path, _csv(rows))
    assert (
        f"column 'share of (how many)' (M): a whole number of {digits} digits, more units "
        "than a document holds exactly (9,007,199,254,740,991)"
    ) in str(caught.value)
