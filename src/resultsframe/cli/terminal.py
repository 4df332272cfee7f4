"""How wide the command's text may be: the terminal's columns, or ``COLUMNS``.

Every command's text for reading (the progress table, the tree of ``show``, ``explain``,
``partners`` …) fits :func:`columns`: tables are shortened with ``…``, prose is wrapped at
words (:mod:`resultsframe.textwidth`). The width is ``shutil.get_terminal_size``'s: the
``COLUMNS`` variable when it is set, else the terminal's. Into a pipe or a file, with no
``COLUMNS``, there is no terminal to fit: a line stays whole, so that ``grep`` and ``cut`` see a
finding or a row on one line (:data:`UNLIMITED`). Text written with ``-o FILE`` is not fitted
either (:func:`width_for`). JSON, CSV and diagrams are never wrapped.

>>> import os
>>> before = os.environ.get("COLUMNS")
>>> os.environ["COLUMNS"] = "72"
>>> columns()
72
>>> _ = os.environ.pop("COLUMNS") if before is None else os.environ.update(COLUMNS=before)
>>> print(fitted("a line of words " * 6, 40), end="")
a line of words a line of words a line
  of words a line of words a line of
  words a line of words
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from resultsframe.cli.meter import is_terminal

__all__ = ["NARROWEST", "UNLIMITED", "columns", "fitted", "width_for"]

#: The narrowest width text is fitted to, however narrow the terminal says it is.
NARROWEST = 40
#: The width of text not shown on a terminal: wide enough that nothing is cut.
UNLIMITED = 10_000


def columns(default: int = UNLIMITED) -> int:
    """The width to fit: ``COLUMNS``, the terminal's, or ``default`` off a terminal."""
    if "COLUMNS" not in os.environ and not is_terminal(sys.stdout):
        return default
    return max(NARROWEST, shutil.get_terminal_size((80, 24)).columns)


def width_for(args: argparse.Namespace, default: int = UNLIMITED) -> int:
    """The width of a command's text: the terminal's (:func:`columns`), or ``default`` in a file."""
    output = getattr(args, "output", None)
    return columns(default) if output in (None, "-") else default


def fitted(text: str, width: int) -> str:
    """``text`` with every line wider than ``width`` wrapped at words (none for UNLIMITED)."""
    from resultsframe.textwidth import fit

    return text if width >= UNLIMITED else fit(text, width)
