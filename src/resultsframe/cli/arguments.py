"""What the command line's arguments mean, shared by every command.

SOURCE (a built-in example, a JSON document or an IATI XML file), ``--data`` (observations:
what kind of file, :func:`data_kind`; a parquet file or DuckDB database for progress, explain
and plot is read by :mod:`~resultsframe.cli.sources`, with ``--sql``), ``--as-of`` (one or
more dates), ``--activity``, ``-o`` (where the output goes) and the exit codes. A command
line that cannot be carried out raises :class:`UsageError`, which the command reports in one
line (exit 2).

An IATI file may hold many activities, and a command works on one framework, so
(:func:`iati_activity`): a file with one activity with results gives that activity;
``--activity ID`` chooses one by its ``iati-identifier`` (as published, or as the framework's
id, where spaces and ``:`` are ``_``), and the file is read only until it is found; a file with
several and no ``--activity`` is refused, naming the ids to choose from (``resultsframe iati
import FILE -o FOLDER`` makes one document of each); a file with none is refused. The file is
read streaming: memory holds one activity at a time, and the ids.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeAlias

from resultsframe import examples, files
from resultsframe.exceptions import ResultsframeError
from resultsframe.periods import Period, steps

if TYPE_CHECKING:
    from resultsframe.framework import Framework
    from resultsframe.observations import Observations

__all__ = [
    "DEFAULT_SOURCE",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_UNUSABLE",
    "Commands",
    "Handler",
    "UsageError",
    "add_command",
    "add_data_options",
    "add_output_option",
    "data_kind",
    "dates",
    "epilog",
    "iati_activity",
    "is_xml",
    "load_source",
    "observations",
    "write_output",
]

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2
DEFAULT_SOURCE = "cop"

# A command: its parsed arguments and the stream for its output → the exit code.
Handler = Callable[[argparse.Namespace, TextIO], int]
# The subparsers of the ``resultsframe`` parser, to which each module adds its commands.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class UsageError(ResultsframeError):
    """A command line that cannot be carried out."""


def add_command(
    commands: Commands,
    name: str,
    help_text: str,
    handler: Handler,
    source: bool = True,
    *,
    examples: Sequence[str] = (),
) -> argparse.ArgumentParser:
    """Add the command ``name``, run by ``handler``; with an optional SOURCE unless told not.

    ``examples`` are command lines shown under the command's help (each a line).
    """
    sub = commands.add_parser(name, help=help_text, description=help_text, epilog=epilog(examples))
    if source:
        sub.add_argument(
            "source", nargs="?", default=DEFAULT_SOURCE, metavar="SOURCE", help=SOURCE_HELP
        )
    sub.set_defaults(handler=handler)
    return sub


SOURCE_HELP = "a built-in example (cop, the default), a JSON document or an IATI XML file"


def epilog(examples: Sequence[str]) -> str:
    """The ``examples:`` block of a command's help, one command line a line ('' for none)."""
    if not examples:
        return ""
    return "examples:\n" + "\n".join(f"  {line}" for line in examples)


def add_data_options(parser: argparse.ArgumentParser) -> None:
    """``--data``, ``--sql``, ``--as-of`` and ``--activity``: what is assessed with, and when."""
    parser.add_argument(
        "--data",
        metavar="FILE",
        help="observations (CSV, JSON, parquet or a DuckDB database) instead of the example's "
        "own or the published actuals",
    )
    parser.add_argument(
        "--sql",
        metavar="QUERY",
        help="the rows of a DuckDB database given by --data, as an observation file's columns "
        "(select code as indicator, ... from facts); a parquet file is the view 'data'",
    )
    parser.add_argument(
        "--activity",
        metavar="ID",
        help="the activity of an IATI XML file to use (its iati-identifier), when it has several",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="2020-12-31; 2020, 2020-06 or FY2020 (their last day); 2015..2020 or FY2016..FY2020 "
        "(each year); a range with a step, 2015-06-30..2020-06-30/1y or 2019..2020/6m "
        "(y, m, w, d); or a list; default today",
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="say on stderr what is read and assessed, with counts and seconds (said anyway on "
        "a terminal for a file of 16 MB or more, or 24 dates or more)",
    )


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """``-o FILE``: write there instead of stdout."""
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of stdout (atomically)"
    )


def load_source(source: str, activity: str | None = None) -> Framework:
    """A built-in example by name, or a framework from a JSON document or IATI file on disk.

    An IATI XML file (one that starts with ``<``) gives the framework of its one activity with
    results, or of ``activity`` (see :func:`iati_activity`).
    """
    from resultsframe import document

    if source in examples.names():
        if activity is not None:
            raise UsageError(f"--activity is for an IATI XML file; {source!r} is an example")
        return examples.load(source)
    path = Path(source)
    if not path.exists():
        raise UsageError(
            f"{source!r} is neither a built-in example ({', '.join(examples.names())}) "
            "nor an existing file"
        )
    if path.is_dir():
        raise UsageError(f"{source!r} is a folder; give a JSON document or an IATI XML file")
    if not path.is_file():
        # A pipe or device (`<(cat doc.json)`, /dev/stdin) can be read only once: read it
        # whole, within a document's limit, then tell XML from JSON by its first bytes.
        data = files.read_bytes(
            path,
            max_bytes=document.MAX_BYTES,
            what="input",
            hint="a document or IATI file that large must be given as a file, not a stream",
        )
        if _starts_xml(data):
            return iati_activity(data, activity, name=source)
        if activity is not None:
            raise UsageError(f"--activity is for an IATI XML file; {source!r} is not XML")
        return document.loads(data, source=source, max_bytes=None)
    if is_xml(path):
        return iati_activity(path, activity)
    if activity is not None:
        raise UsageError(f"--activity is for an IATI XML file; {source!r} is a JSON document")
    return document.load(path)


def write_output(text: str, output: str | None, out: TextIO) -> None:
    """``text`` to ``out`` when no file (or ``-``) is named, else to the file, atomically."""
    if output is None or output == "-":
        # In pieces no larger than a buffer: CPython's buffered writer loses the error of a
        # single large write that the system cuts short (a file over `ulimit -f`), and a piece
        # at a time it reports it (`main` says so in one line, exit 2).
        for start in range(0, len(text), _PIECE):
            out.write(text[start : start + _PIECE])
    else:
        files.write_text(output, text)


_PIECE = 4096

_RANGE_EXAMPLE = "2015..2020, FY2016..FY2020 or 2015-06-30..2020-06-30/1y"


def dates(text: str | None, fiscal_year_end: str | None = None) -> list[date]:
    """The dates of ``--as-of``: one, a range with an optional step, or a list of them.

    ``2020-12-31``; ``2020``, ``2020-06`` or ``FY2020`` (their last day); ``2015..2020``
    (each year's last day); ``FY2016..FY2020`` (each fiscal year's last day, with the
    framework's ``fiscal_year_end``); ``2020-01..2020-06`` (each month's last day); a range
    with a step, ``2015-06-30..2020-06-30/1y``, ``2019..2020/6m``, ``2020-01-01..2020-03-31/2w``
    (y years, m months, w weeks, d days; a range of days needs one); and lists of these,
    ``2016,2018..2020``. The ends of a range are the last days of its two periods.

    Raises:
        UsageError: naming ``--as-of``, what is wrong, and a range written right.
    """
    if text is None:
        return [date.today()]
    found: list[date] = []
    for part in text.split(","):
        first, sep, last = part.strip().partition("..")
        try:
            if not sep:
                found.append(Period.parse(first, fiscal_year_end=fiscal_year_end).end)
                continue
            last, slash, step = last.strip().rpartition("/")
            if not slash or not _STEP.fullmatch(step.strip()):
                last, step = f"{last}{slash}{step}", _default_step(first, f"{last}{slash}{step}")
            start = Period.parse(first, fiscal_year_end=fiscal_year_end).end
            end = Period.parse(last, fiscal_year_end=fiscal_year_end).end
            if end < start:
                raise ValueError(f"the range {part.strip()!r} ends before it starts")
            found += steps(start, end, step, most=_MOST_DATES)
        except ValueError as exc:
            raise UsageError(f"--as-of: {exc}; for example {_RANGE_EXAMPLE}") from None
    return found


# More dates than this is a slip of the keyboard ("…/1d" over years), not a report anyone reads.
_MOST_DATES = 1000
_STEP = re.compile(r"\d+[a-zA-Z]")


def _default_step(first: str, last: str) -> str:
    """The step of a range written without one: a year between years, a month between months."""
    kinds = {_kind(first.strip()), _kind(last.strip())}
    if kinds <= {"year", "fiscal"}:
        return "1y"
    if kinds == {"month"}:
        return "1m"
    raise ValueError(
        f"the range {first.strip()}..{last.strip()} needs a step after a '/' "
        f"({first.strip()}..{last.strip()}/1y; y years, m months, w weeks, d days)"
    )


def _kind(text: str) -> str:
    if text.upper().startswith("FY"):
        return "fiscal"
    return {4: "year", 7: "month"}.get(len(text), "day")


def observations(args: argparse.Namespace, fw: Framework) -> Observations | None:
    """The observations of ``--data``, or a built-in example's own, or none."""
    from resultsframe.observations import Observations

    if args.data is None:
        if args.source in examples.names():
            return examples.observations(args.source)
        return None
    path = Path(args.data)
    if not path.is_file():
        raise UsageError(f"--data: {args.data!r} is not a file")
    kind = data_kind(path)
    if kind == "duckdb":
        raise UsageError(
            f"--data: {args.data!r} is a DuckDB database, which progress, explain and plot "
            "read (with --sql QUERY); here give its rows as a CSV, JSON or parquet file"
        )
    if kind == "parquet":
        try:
            return Observations.from_parquet(path, fw)
        except ImportError as exc:
            raise UsageError(f"--data: {args.data!r} is a parquet file; {exc}") from None
    if kind == "json":
        return Observations.from_json(path, fw)
    return Observations.from_csv(path, fw)


def data_kind(path: Path) -> str:
    """What a file of observations is: ``parquet``, ``duckdb``, ``json`` or ``csv``.

    A parquet file starts with ``PAR1``; a DuckDB database has ``DUCK`` after its first eight
    bytes (a checksum); otherwise a name ending in ``.json`` is JSON and anything else CSV.
    Only the first bytes are read.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError:
        head = b""  # the reader of the file's kind says why it cannot be read
    if head.startswith(b"PAR1"):
        return "parquet"
    if head[8:12] == b"DUCK":
        return "duckdb"
    return "json" if path.suffix.lower() == ".json" else "csv"


# How many ids a refusal lists; more are counted.
_LISTED = 20
# The bytes looked at to tell XML from JSON: a byte-order mark and some blank lines.
_HEAD = 256
_UNSAFE_ID = re.compile(r"[\s:]+")


def is_xml(path: Path) -> bool:
    """Whether a file looks like XML: its first byte after a byte-order mark and blanks is ``<``.

    Only the first bytes are read, so a device or a huge file costs nothing here.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return False  # the JSON reader says why it cannot be read
    return _starts_xml(head)


def _starts_xml(data: bytes) -> bool:
    return data[:_HEAD].removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def iati_activity(source: Path | bytes, activity: str | None, name: str | None = None) -> Framework:
    """The framework of one activity of an IATI file: the only one with results, or ``activity``.

    ``source`` is the file's path or its bytes; ``name`` names it in messages (the path unless
    told).

    Raises:
        UsageError: no activity with results, ``activity`` not in the file, or several and
            no ``activity`` (naming them).
        DocumentError: the file is refused or is not well-formed XML.
    """
    from resultsframe import iati

    wanted = None if activity is None else _UNSAFE_ID.sub("_", activity.strip())
    shown = name if name is not None else str(source)
    try:
        found: list[str] = []
        chosen: Framework | None = None
        for framework in iati.read_iter(source, max_bytes=iati.MAX_BYTES):
            if wanted is not None:
                if framework.id == wanted:
                    return framework
            elif chosen is None:
                chosen = framework
            found.append(framework.id)
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    if not found:
        raise UsageError(f"{shown!r}: no IATI activity in it has results")
    if wanted is not None:
        raise UsageError(
            f"--activity: {shown!r} has no activity {activity!r} with results; "
            f"its activities with results: {_listed(found)}"
        )
    if len(found) > 1:
        raise UsageError(
            f"{shown!r} has {len(found)} activities with results ({_listed(found)}); "
            "choose one with --activity ID (progress, explain, plot), or make one document of "
            "each with resultsframe iati import FILE -o FOLDER"
        )
    assert chosen is not None
    return chosen


def _listed(ids: list[str]) -> str:
    shown = ", ".join(ids[:_LISTED])
    return shown if len(ids) <= _LISTED else f"{shown} … and {len(ids) - _LISTED} more"
