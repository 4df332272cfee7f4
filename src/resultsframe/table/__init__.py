"""The logframe matrix: a framework as one table, one row per indicator, in CSV or Excel.

Most programmes keep their results framework in a spreadsheet. :func:`write` writes a
framework as such a table, and :func:`read` reads one back into a validated framework::

    from resultsframe import table

    table.write(fw, "logframe.xlsx")
    fw = table.read("logframe.xlsx")

- one row per indicator, with its result's level, id, statement and the results it contributes
  to repeated on each of the result's rows, so that the sheet can be sorted and filtered;
- one row for a result with no indicator, so that no result is lost;
- headers in plain words (:data:`COLUMNS` says what each holds);
- values in the indicator's unit (``90`` in a ``percent`` row is 90 %), pending values as their
  text (``XX%``, ``TBD``, or any text after ``pending:``), stages by name;
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

The package's modules, one concept each: ``columns`` (the columns and the cells' grammar),
``write`` (framework → rows of cells), ``read`` (cells → framework), ``cells`` (one row's cells
→ an indicator), ``options`` (the framework's own fields beside the rows), ``csv`` and ``excel``
(the two file formats). Baseline and target cells are read with :mod:`resultsframe.grammar`, as
the builder's texts are.
"""

from __future__ import annotations

# The functions read and write are imported after their modules of the same names, so that
# `table.read` and `table.write` are the functions; reach the modules with `from
# resultsframe.table.read import …` (`import resultsframe.table.read as m` gives the function).
from resultsframe.table.columns import COLUMNS, EXTENSION_FORMAT, Cell, Column, target_headers
from resultsframe.table.read import MAX_BYTES, from_rows, read
from resultsframe.table.write import headers, to_csv, to_rows, write

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
