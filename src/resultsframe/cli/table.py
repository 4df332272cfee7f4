"""The logframe matrix commands: ``table`` writes it (CSV or Excel), ``import-table`` reads it.

openpyxl is imported only when an Excel file is written or read.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from resultsframe.cli.arguments import (
    EXIT_OK,
    Commands,
    UsageError,
    add_command,
    load_source,
    write_output,
)

__all__ = ["add_table_commands"]


def _cmd_table(args: argparse.Namespace, _out: TextIO) -> int:
    from resultsframe import table

    try:
        table.write(load_source(args.source), args.output, format=args.format)
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_OK


def _cmd_import_table(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe import document, table

    try:
        fw = table.read(
            args.file,
            format=args.format,
            id=args.id,
            title=args.title,
            levels=args.levels,
            start=args.start,
            end=args.end,
            fiscal_year_end=args.fiscal_year_end,
        )
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    write_output(document.dumps(fw), args.output, out)
    return EXIT_OK


def add_table_commands(commands: Commands) -> None:
    """Add table and import-table."""
    table = add_command(
        commands,
        "table",
        "write the logframe matrix as CSV or Excel (.xlsx)",
        _cmd_table,
        examples=(
            "resultsframe table -o cop.xlsx",
            "resultsframe table framework.json -o logframe.csv",
        ),
    )
    table.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the matrix: a .csv or .xlsx file"
    )
    table.add_argument("--format", choices=("csv", "xlsx"), help="when FILE's name does not say")
    imported = add_command(
        commands,
        "import-table",
        "read a logframe matrix (CSV or Excel) and write it as a JSON document",
        _cmd_import_table,
        source=False,
        examples=("resultsframe import-table lf.xlsx --id my-fw -o fw.json",),
    )
    imported.add_argument("file", metavar="FILE", help="a .csv or .xlsx logframe matrix")
    imported.add_argument(
        "-o", "--output", metavar="DOC", help="write here instead of stdout (atomically)"
    )
    imported.add_argument("--format", choices=("csv", "xlsx"), help="when FILE's name does not say")
    imported.add_argument("--id", help="the framework's id (default: the file's name)")
    imported.add_argument("--title", help="the framework's title (default: the file's name)")
    imported.add_argument(
        "--levels",
        help="a built-in level scheme (logframe, eu …) or levels top first: 'goal > outcome > output'",
    )
    imported.add_argument("--start", metavar="DATE", help="the first day of its time frame")
    imported.add_argument("--end", metavar="DATE", help="the last day of its time frame")
    imported.add_argument(
        "--fiscal-year-end",
        metavar="MM-DD",
        help="the day its fiscal years end ('06-30'), so that FY2020 reads as a period",
    )
