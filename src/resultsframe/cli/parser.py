"""The command line's parser: "did you mean" for a misspelt command or option, and its walk.

:class:`Parser` is argparse's parser that, when it refuses a command or an option it does not
know, names the closest one it does (exit 2, after argparse's usage line)::

    $ resultsframe progres
    usage: resultsframe [-h] [--version] COMMAND ...
    resultsframe: error: argument COMMAND: invalid choice: 'progres' (choose from ...); did you mean 'progress'?

:class:`HelpFormatter` keeps the examples of a command's epilog on their own lines.
:func:`commands` walks the parser (``iati import`` under ``iati``): the tests that every
argument has a help text and every command an example, the shell completion and the docs'
CLI reference page all read the parser through it, so none of them can miss a command.

>>> parser = Parser(prog="demo")
>>> sub = parser.add_subparsers(dest="command", metavar="COMMAND")
>>> _ = sub.add_parser("progress").add_argument("--as-of")
>>> near("progres", ["progress", "show"])
'progress'
>>> [name for name, _ in commands(parser)]
['progress']
"""

from __future__ import annotations

import argparse
import re
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NoReturn

__all__ = ["HelpFormatter", "Parser", "commands", "near", "subcommands"]

_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<given>[^']*)' \(choose from (?P<choices>.*)\)")


def near(given: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``given``, or None: as every "did you mean" of the library.

    Imported when a name is misspelt, so that building the parser stays light.
    """
    from resultsframe.exceptions import close_names

    found = close_names(given, known)
    return found[0] if found else None


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The commands directly under ``parser`` (none when it has no subcommands), by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def commands(
    parser: argparse.ArgumentParser, prefix: str = ""
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every command that runs something, as ``(name, its parser)``; a group's own first.

    ``iati`` (a group) is given, then ``iati import``, ``iati export``, ``iati check``.
    """
    for name, sub in subcommands(parser).items():
        full = f"{prefix}{name}"
        yield full, sub
        yield from commands(sub, prefix=f"{full} ")


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [s for a in parser._actions for s in a.option_strings if s.startswith("--")]


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help, with a command's examples (indented lines) kept on their own lines.

    A line that is not indented is prose, wrapped at words to the terminal's width as argparse
    wraps it; an indented line (a command line under ``examples:``) is kept whole.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines: list[str] = []
        for line in text.splitlines():
            if line.startswith(" "):
                lines.append(indent + line)
            else:
                lines += textwrap.wrap(
                    line,
                    width,
                    initial_indent=indent,
                    subsequent_indent=indent,
                    break_long_words=False,
                    break_on_hyphens=False,
                ) or [""]
        return "\n".join(lines)

    def _split_lines(self, text: str, width: int) -> list[str]:
        """An argument's help in lines of ``width``, broken at spaces only (never in a date)."""
        return textwrap.wrap(
            " ".join(text.split()), width, break_long_words=False, break_on_hyphens=False
        )


class Parser(argparse.ArgumentParser):
    """argparse's parser, naming the closest command or option when it refuses one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """As argparse's, with "did you mean" for an option the command does not have."""
        found, extras = self.parse_known_args(args, namespace)
        if extras:
            hint = self._option_hint(found, extras)
            self.error(f"unrecognized arguments: {' '.join(extras)}{hint}")
        return found

    def _option_hint(self, found: argparse.Namespace, extras: list[str]) -> str:
        """``; did you mean '--as-of'?`` for the first unknown option that is near one."""
        parser: argparse.ArgumentParser = self
        for attribute in ("command", "iati_command"):
            chosen = getattr(found, attribute, None)
            parser = subcommands(parser).get(chosen, parser) if chosen else parser
        for extra in extras:
            if not extra.startswith("-"):
                continue
            close = near(extra.split("=", 1)[0], _options(parser))
            if close is not None:
                return f"; did you mean {close!r}?"
        return ""

    def error(self, message: str) -> NoReturn:
        """Refuse the command line (exit 2): usage, message and the closest of the choices."""
        match = _INVALID_CHOICE.search(message)
        if match is not None:
            choices = re.findall(r"'([^']*)'", match["choices"])
            close = near(match["given"], choices)
            if close is not None:
                message = f"{message}; did you mean {close!r}?"
        super().error(message)
