"""The ``report`` command: the progress report to share, as one HTML page or an Excel workbook.

``resultsframe report [SOURCE] [--data FILE] [--as-of DATES] -o report.html|report.xlsx``
assesses the framework as ``progress`` does (the same data options, read by
:mod:`~resultsframe.cli.sources`) and writes, by the output's suffix:

- ``.html`` (or ``.htm``): the self-contained page of :mod:`resultsframe.display.document`
  (charts with matplotlib, the ``plot`` extra; without it the page says so in their place);
- ``.xlsx``: the logframe with progress of :mod:`resultsframe.table.progress` (the ``excel``
  extra).

Another suffix is refused naming the two. The file is written atomically. The library is
imported when the command runs, not when the parser is built.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from resultsframe.cli.arguments import (
    EXIT_OK,
    Commands,
    UsageError,
    add_command,
    add_data_options,
    dates,
    load_source,
)

__all__ = ["add_report_command"]

_SUFFIXES = {".html": "html", ".htm": "html", ".xlsx": "xlsx"}


def _cmd_report(args: argparse.Namespace, _out: TextIO) -> int:
    kind = _SUFFIXES.get(Path(args.output).suffix.lower())
    if kind is None:
        raise UsageError(
            f"-o: {args.output!r}: name a .html file (a page to share) or a .xlsx file (the "
            "logframe with progress)"
        )
    from resultsframe.cli.sources import assessed

    fw = load_source(args.source, args.activity)
    reports = assessed(args, fw, dates(args.as_of, fw.fiscal_year_end))
    if kind == "html":
        from resultsframe.display.document import to_document
        from resultsframe.files import write_text

        write_text(args.output, to_document(reports, source=args.source, data=args.data))
        return EXIT_OK
    from resultsframe.table import progress

    try:
        progress.write(reports, args.output)
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_OK


def add_report_command(commands: Commands) -> None:
    """Add report."""
    report = add_command(
        commands,
        "report",
        "the progress report to share: one self-contained HTML page, or the logframe with "
        "progress as an Excel workbook",
        _cmd_report,
        examples=(
            "resultsframe report --as-of 2018..2020 -o report.html",
            "resultsframe report --as-of 2020-12-31 -o progress.xlsx",
        ),
    )
    add_data_options(report)
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        required=True,
        help="report.html (a self-contained page: open it offline, print it on A4) or "
        "report.xlsx (the logframe with status colours, progress bars and pending values)",
    )
