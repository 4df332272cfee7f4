"""The ``resultsframe`` command (also ``python -m resultsframe``).

Every command takes a SOURCE: the name of a built-in example (``cop``, the default) or a JSON
document. Exit codes: 0 all is well, 1 the framework has validation problems (``validate``)
or the two frameworks differ (``diff``), 2 the input or the command line is unusable. Messages
go to stderr, one line per problem; no traceback is ever shown for a problem with the input.

The commands live in modules by concern: :mod:`~resultsframe.cli.framework` (show, pending,
validate, export, fill, schema, diff), :mod:`~resultsframe.cli.progress` (progress, explain,
plot), :mod:`~resultsframe.cli.table` (table, import-table), :mod:`~resultsframe.cli.partners`
(partners), :mod:`~resultsframe.cli.portfolio` (portfolio) and :mod:`~resultsframe.cli.iati`
(iati import, export, check); :mod:`~resultsframe.cli.arguments` reads what they share.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from typing import Any

from resultsframe import examples
from resultsframe.cli.arguments import DEFAULT_SOURCE, EXIT_OK, EXIT_UNUSABLE, epilog
from resultsframe.cli.completion import add_completion_command
from resultsframe.cli.framework import add_diff_command, add_framework_commands
from resultsframe.cli.iati import add_iati_commands
from resultsframe.cli.parser import Parser
from resultsframe.cli.partners import add_partners_command
from resultsframe.cli.portfolio import add_portfolio_command
from resultsframe.cli.progress import add_plot_command, add_progress_commands
from resultsframe.cli.report import add_report_command
from resultsframe.cli.table import add_table_commands
from resultsframe.exceptions import Problem, ResultsframeError

__all__ = ["main"]


class _Version(argparse.Action):
    """``--version``: the installed version, read only when asked for (importlib.metadata is slow)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        kwargs.update(nargs=0, default=argparse.SUPPRESS)
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("resultsframe")
        except PackageNotFoundError:  # pragma: no cover - a source tree without install
            found = "0.0.0"
        print(f"resultsframe {found}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = Parser(
        prog="resultsframe",
        description="Results frameworks as data: progress, show, check, fill and export them.",
        epilog=f"SOURCE is a built-in example ({', '.join(examples.names())}) or a JSON document; "
        f"the default is {DEFAULT_SOURCE!r}. `resultsframe COMMAND --help` tells more.\n\n"
        + epilog(
            (
                "resultsframe progress --as-of 2015..2020",
                "resultsframe show framework.json",
                "python -m resultsframe --help",
            )
        ),
    )
    parser.add_argument(
        "--version", action=_Version, help="show the installed version of resultsframe and exit"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # The order of `resultsframe --help`: the main job first.
    add_progress_commands(commands)
    add_framework_commands(commands)
    add_table_commands(commands)
    add_plot_command(commands)
    add_report_command(commands)
    add_diff_command(commands)
    add_partners_command(commands)
    add_portfolio_command(commands)
    # resultsframe iati import|export|check: lxml is imported only when one of them runs.
    add_iati_commands(commands)
    add_completion_command(commands, parser)
    return parser


def _report(exc: ResultsframeError) -> None:
    problems: tuple[Problem, ...] = getattr(exc, "problems", ())
    source = getattr(exc, "source", None) or getattr(exc, "subject", None)
    if problems:
        for problem in problems:
            prefix = f"{source}: " if source else ""
            print(f"resultsframe: error: {prefix}{_one_line(str(problem))}", file=sys.stderr)
    else:
        print(f"resultsframe: error: {_one_line(str(exc))}", file=sys.stderr)


def _one_line(text: str) -> str:
    """A message on one line: a parser's own message may run to several (lxml's does)."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _discard_stdout() -> None:
    """Point stdout at the null device, so the text still buffered is not written at exit."""
    stream = sys.__stdout__
    if stream is None or sys.stdout is not stream:  # pragma: no cover - a test's, a caller's
        return
    with suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    A command line that argparse refuses (an unknown command, a missing argument) exits with
    code 2 through :exc:`SystemExit`, after argparse's own usage message.
    """
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.handler(args, sys.stdout))
        sys.stdout.flush()  # here, so that a failed write is reported, not lost at exit
        return code
    except ResultsframeError as exc:
        _report(exc)
        return EXIT_UNUSABLE
    except BrokenPipeError:
        # The reader went away (`resultsframe show | head`): not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        # Writing to stdout failed: a full disk, a file over `ulimit -f` (with SIGXFSZ ignored).
        if exc.filename is not None:
            raise
        _discard_stdout()
        reason = exc.strerror or str(exc)
        print(f"resultsframe: error: cannot write the output: {reason}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130
