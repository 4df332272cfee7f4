"""What the command line's arguments mean, shared by every command.

SOURCE (a built-in example or a JSON document), ``--data`` (observations), ``--as-of`` (one
or more dates), ``-o`` (where the output goes) and the exit codes. A command line that cannot
be carried out raises :class:`UsageError`, which the command reports in one line (exit 2).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO, TypeAlias

from resultsframe import document, examples, files
from resultsframe.exceptions import ResultsframeError
from resultsframe.framework import Framework
from resultsframe.observations import Observations
from resultsframe.periods import Period

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
    "dates",
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
) -> argparse.ArgumentParser:
    """Add the command ``name``, run by ``handler``; with an optional SOURCE unless told not."""
    sub = commands.add_parser(name, help=help_text, description=help_text)
    if source:
        sub.add_argument("source", nargs="?", default=DEFAULT_SOURCE, metavar="SOURCE")
    sub.set_defaults(handler=handler)
    return sub


def add_data_options(parser: argparse.ArgumentParser) -> None:
    """``--data`` and ``--as-of``: what a framework is assessed with, and when."""
    parser.add_argument(
        "--data", metavar="FILE", help="observations (CSV or JSON) instead of the example's own"
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="2020-12-31, 2020 (its last day), 2015..2020 (each year) or a list; default today",
    )


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """``-o FILE``: write there instead of stdout."""
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of stdout (atomically)"
    )


def load_source(source: str) -> Framework:
    """A built-in example by name, or a framework from a JSON document on disk."""
    if source in examples.names():
        return examples.load(source)
    path = Path(source)
    if not path.exists():
        raise UsageError(
            f"{source!r} is neither a built-in example ({', '.join(examples.names())}) "
            "nor an existing file"
        )
    if path.is_dir():
        raise UsageError(f"{source!r} is a folder; give a JSON document")
    return document.load(path)


def write_output(text: str, output: str | None, out: TextIO) -> None:
    """``text`` to ``out`` when no file (or ``-``) is named, else to the file, atomically."""
    if output is None or output == "-":
        out.write(text)
    else:
        files.write_text(output, text)


def dates(text: str | None) -> list[date]:
    """``2020-12-31``, ``2020`` (its last day), ``2015..2020`` (each year's last day), or a list."""
    if text is None:
        return [date.today()]
    found: list[date] = []
    for part in text.split(","):
        first, sep, last = part.strip().partition("..")
        try:
            if sep:
                start, end = Period.parse(first), Period.parse(last)
                if len(first.strip()) != 4 or len(last.strip()) != 4:
                    raise ValueError(f"a range is written with years: 2015..2020, got {part!r}")
                if end.end < start.end:
                    raise ValueError(f"the range {part!r} ends before it starts")
                found += [date(y, 12, 31) for y in range(start.start.year, end.start.year + 1)]
            else:
                found.append(Period.parse(first).end)
        except ValueError as exc:
            raise UsageError(f"--as-of: {exc}") from None
    return found


def observations(args: argparse.Namespace, fw: Framework) -> Observations | None:
    """The observations of ``--data``, or a built-in example's own, or none."""
    if args.data is None:
        if args.source in examples.names():
            return examples.observations(args.source)
        return None
    path = Path(args.data)
    if not path.is_file():
        raise UsageError(f"--data: {args.data!r} is not a file")
    if path.suffix.lower() == ".json":
        return Observations.from_json(path, fw)
    return Observations.from_csv(path, fw)
