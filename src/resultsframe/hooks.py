"""The one way an inner layer reaches an outer one: notebook display and data frames.

resultsframe's modules are layered (see the Architecture page of the docs): base → model →
engine → adapters → cli, and no import runs outward. Two conveniences need the opposite: a
:class:`~resultsframe.Framework` or a :class:`~resultsframe.ProgressReport` shows itself in
Jupyter (``_repr_html_``, ``_repr_mimebundle_``, drawn by :mod:`resultsframe.display`), and a
report turns itself into a data frame (``to_pandas``/``to_polars``, built by
:mod:`resultsframe.frames`), and so do observations, a framework's pending values and the
differences between two frameworks. Those methods call the functions here, which import the
adapter only when called, so that ``import resultsframe`` stays light and the layers stay
one-way. Nothing else may import outward; ``tests/test_architecture.py`` checks both.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Tabled", "to_html", "to_mimebundle", "to_pandas", "to_polars"]


def to_html(item: Any) -> str:
    """The HTML fragment :func:`resultsframe.display.to_html` draws for ``item``; never raises.

    See :func:`resultsframe.display.repr_html`: what cannot be shown says why instead.
    """
    from resultsframe import display

    return display.repr_html(item)


def to_mimebundle(item: Any, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """``item`` as plain text and HTML (:func:`resultsframe.display.repr_mimebundle`)."""
    from resultsframe import display

    return display.repr_mimebundle(item, include, exclude)


def to_pandas(item: Any) -> Any:
    """``item`` as a pandas DataFrame (:func:`resultsframe.frames.to_pandas`)."""
    from resultsframe import frames

    return frames.to_pandas(item)


def to_polars(item: Any) -> Any:
    """``item`` as a polars DataFrame (:func:`resultsframe.frames.to_polars`)."""
    from resultsframe import frames

    return frames.to_polars(item)


class Tabled:
    """What a list of records gets to be shown and turned into frames: one row per item.

    ``to_pandas``/``to_polars`` (the ``pandas``/``polars`` extras) and Jupyter's views, each
    through the functions above; the class says what its rows are in its own docstring and
    gives ``to_records``. Mixed into :class:`~resultsframe.framework.PendingList` and
    :class:`~resultsframe.differences.Differences`.
    """

    __slots__ = ()

    def to_pandas(self) -> Any:
        """One row per item, as a pandas DataFrame (the ``pandas`` extra)."""
        return to_pandas(self)

    def to_polars(self) -> Any:
        """One row per item, as a polars DataFrame (the ``polars`` extra)."""
        return to_polars(self)

    def _repr_html_(self) -> str:
        return to_html(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return to_mimebundle(self, include, exclude)
