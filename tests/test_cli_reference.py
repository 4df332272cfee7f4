"""The docs' command-line reference (docs/cli.md) has every command, argument and example.

The page is written at build time by docs/_ext/resultsframe_docs/cli_reference.py from the
command's parser; that module needs no Sphinx, so it is rendered here (its package's
``__init__``, which does, is not run) and read back.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import types
from pathlib import Path

import pytest

from resultsframe.cli import _parser
from resultsframe.cli.parser import commands

DOCS = Path(__file__).resolve().parent.parent / "docs"
EXT = DOCS / "_ext" / "resultsframe_docs"


@pytest.fixture(scope="module")
def page() -> str:
    package = types.ModuleType("resultsframe_docs")
    package.__path__ = [str(EXT)]
    saved = {k: v for k, v in sys.modules.items() if k.startswith("resultsframe_docs")}
    for name in saved:
        del sys.modules[name]
    sys.modules["resultsframe_docs"] = package
    try:
        return str(importlib.import_module("resultsframe_docs.cli_reference").render())
    finally:
        for name in [k for k in sys.modules if k.startswith("resultsframe_docs")]:
            del sys.modules[name]
        sys.modules.update(saved)


def test_every_command_has_its_section_and_its_examples(page: str) -> None:
    names = [name for name, _ in commands(_parser())]
    assert len(names) >= 19  # 16 commands, and iati's three
    for name, parser in commands(_parser()):
        assert f"### `resultsframe {name}`" in page, name
        for line in (parser.epilog or "").splitlines():
            if line.startswith(" "):
                assert f"$ {line.strip()}" in page, (name, line)


def test_every_option_and_its_default_is_on_the_page(page: str) -> None:
    for name, parser in commands(_parser()):
        section = page.split(f"### `resultsframe {name}`", 1)[1].split("\n### ", 1)[0]
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            shown = (
                action.option_strings[0] if action.option_strings else action.metavar or action.dest
            )
            assert f"`{shown}" in section, (name, shown)
    progress = page.split("### `resultsframe progress`", 1)[1].split("\n### ", 1)[0]
    # --format's default and choices, from the parser
    assert "| `--format FORMAT` | `table` |" in progress
    assert "(one of `table`, `json`, `csv`)" in progress


def test_the_page_is_in_the_toctree_and_includes_the_reference() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    toctree = index.split("```{toctree}", 1)[1].split("```", 1)[0]
    assert "\ncli\n" in toctree
    assert "_generated/cli-reference.md" in (DOCS / "cli.md").read_text(encoding="utf-8")
