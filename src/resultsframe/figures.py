"""Where a chart is drawn and how it is written: a new figure, and a figure saved to a file.

:mod:`resultsframe.charts` draws; this module gives it a figure to draw on and writes the
result. matplotlib (the ``plot`` extra) is imported only when a figure is made.

A new figure is made through pyplot when the program already uses pyplot, or when it runs in a
Jupyter kernel: there pyplot's inline backend (which ipykernel chooses) shows every figure made
in a cell once the cell has run, so a chart shows in a fresh notebook with neither
``%matplotlib inline`` nor ``plt.show()``. Anywhere else it is a figure on matplotlib's Agg
canvas, which needs no display and leaves pyplot's global state alone.

:func:`save` writes a chart as PNG, SVG or PDF, deterministically: the same chart gives the
same bytes (no creation date, fixed ids), so that a generated file under version control only
changes when the chart does.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resultsframe.exceptions import DocumentError, Problem
from resultsframe.files import write_bytes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["FORMATS", "in_kernel", "save"]

#: The kinds of file :func:`save` writes, by suffix.
FORMATS = ("png", "svg", "pdf")

# What each format would stamp with the day it was written; None leaves it out.
_NO_DATE: dict[str, dict[str, Any] | None] = {
    "png": None,
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}


def _matplotlib() -> Any:
    try:
        import matplotlib
        import matplotlib.dates  # registers the converters for datetime.date on the axes
    except ImportError:
        raise ImportError(
            "charts need matplotlib, which is not installed: pip install 'resultsframe[plot]'"
        ) from None
    return matplotlib


def in_kernel() -> bool:
    """Whether the program runs in a Jupyter kernel (IPython's, as ipykernel starts it).

    Never imports IPython: a program that has not imported it is not in a kernel.

    >>> in_kernel()
    False
    """
    if "ipykernel" not in sys.modules or "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def new_axes(width: float, height: float) -> Axes:
    """A new figure of ``width`` × ``height`` inches, and its Axes (see the module's notes)."""
    _matplotlib()
    if "matplotlib.pyplot" in sys.modules or in_kernel():
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(width, height))
        return ax
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)
    return figure.add_subplot()


def save(ax: Axes, path: str | os.PathLike[str]) -> None:
    """Write the chart's figure to a ``.png``, ``.svg`` or ``.pdf`` file, atomically.

    The same chart gives the same bytes: no date is written in SVG or PDF, and SVG ids are
    fixed.

    Raises:
        DocumentError: if the name says none of PNG, SVG and PDF, or the file cannot be written.
    """
    matplotlib = _matplotlib()
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        message = f"cannot tell the chart's format from {path.name!r}; use .png, .svg or .pdf"
        raise DocumentError([Problem("format", message)], source=str(path))
    figure: Any = ax.figure  # the Figure (a SubFigure's savefig is its figure's)
    out = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "resultsframe"}):
        figure.savefig(out, format=kind, bbox_inches="tight", dpi=150, metadata=_NO_DATE[kind])
    write_bytes(path, out.getvalue())
