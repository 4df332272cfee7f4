"""The command-line reference page, written from the ``resultsframe`` command's own parser.

Every command (``iati import`` under ``iati``), its usage, each argument with its default, its
choices and its help text, and the command's examples come from
:func:`resultsframe.cli._parser` walked by :func:`resultsframe.cli.parser.commands`: a command
or an option added to the parser is on the page at the next build, and none can be missed.
This module needs no Sphinx, so that a test can render the page and check it.
"""

from __future__ import annotations

import argparse

from resultsframe.cli import _parser
from resultsframe.cli.parser import HelpFormatter, commands, subcommands
from resultsframe_docs.markdown import code, slug, table, text

__all__ = ["WIDTH", "label", "render"]

#: The width the usage lines are drawn at on the page.
WIDTH = 88


def label(name: str) -> str:
    """The page's label for a command (``cli-iati-import``), for references from other pages."""
    return f"cli-{slug(name)}"


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = HelpFormatter(parser.prog, width=WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def _argument(action: argparse.Action) -> str:
    if not action.option_strings:
        return code(str(action.metavar or action.dest))
    shown = ", ".join(action.option_strings)
    if action.nargs != 0:
        metavar = action.metavar or action.dest.upper()
        shown += f" {metavar}"
    return code(shown)


def _default(action: argparse.Action) -> str:
    default = action.default
    if default in (None, False, argparse.SUPPRESS) or action.nargs == 0:
        return ""
    return code(str(default))


def _what(action: argparse.Action) -> str:
    said = text((action.help or "").replace("%%", "%"))
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        said += f" (one of {', '.join(code(str(c)) for c in action.choices)})"
    if action.required and action.option_strings:
        said += " (required)"
    return said


def _arguments(parser: argparse.ArgumentParser) -> str:
    rows = [
        (_argument(action), _default(action), _what(action))
        for action in parser._actions
        if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction))
    ]
    return table(("Argument", "Default", "What it is"), rows) if rows else ""


def _examples(parser: argparse.ArgumentParser) -> str:
    lines = [line.strip() for line in (parser.epilog or "").splitlines() if line.startswith(" ")]
    if not lines:
        return ""
    shown = "\n".join(f"$ {line}" for line in lines)
    return f"Examples:\n\n```console\n{shown}\n```"


def _section(name: str, parser: argparse.ArgumentParser) -> str:
    parts = [
        f"({label(name)})=",
        f"### `resultsframe {name}`",
        text(parser.description or ""),
        f"```text\n{_usage(parser)}\n```",
    ]
    under = subcommands(parser)
    if under:
        rows = [
            (f"{{ref}}`{name} {sub} <{label(f'{name} {sub}')}>`", text(child.description or ""))
            for sub, child in under.items()
        ]
        parts.append(table(("Command", "What it does"), rows))
    parts += [_arguments(parser), _examples(parser)]
    return "\n\n".join(part for part in parts if part)


def render() -> str:
    """The reference: the command's own usage and commands, then each command in turn."""
    parser = _parser()
    rows = [
        (f"{{ref}}`{name} <{label(name)}>`", text(sub.description or ""))
        for name, sub in commands(parser)
    ]
    head = [
        f"```text\n{_usage(parser)}\n```",
        table(("Command", "What it does"), rows),
        _arguments(parser),
        _examples(parser),
    ]
    return "\n\n".join([*head, *(_section(name, sub) for name, sub in commands(parser))])
