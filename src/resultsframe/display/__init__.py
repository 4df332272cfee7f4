"""HTML views of frameworks, reports, their entries, observations, pending values and diffs.

Jupyter shows an object by calling its ``_repr_mimebundle_`` or ``_repr_html_``;
:class:`~resultsframe.Framework`, :class:`~resultsframe.Result`,
:class:`~resultsframe.Indicator`, :class:`~resultsframe.ProgressReport`, its entries
(:class:`~resultsframe.IndicatorProgress`, :class:`~resultsframe.ResultProgress`),
:class:`~resultsframe.Observations`, the pending values of a framework
(:class:`~resultsframe.model.pending.PendingList`) and the differences between two
(:class:`~resultsframe.differences.Differences`) call :func:`repr_html` and
:func:`repr_mimebundle` here, which are :func:`to_html` made safe: a repr never raises, and an
object that cannot be shown says why in its place. :func:`to_page` wraps the same HTML into a
whole document, to save or to open in a browser.

The HTML is self-contained: inline ``style`` attributes only (no ``<style>`` block, which some
notebook viewers strip, no class names a notebook's own CSS could restyle), no script, and
nothing to fetch (no image, font, stylesheet or link). Frameworks come from files anyone may
write, so every text of a framework or report reaches the page escaped by :func:`html.escape`;
this is done by construction: the markup builder (:mod:`resultsframe.display.markup`) escapes
every plain ``str`` it is given, and only markup it built itself passes through unescaped.

The package holds one view per module: :mod:`~resultsframe.display.framework` (a framework, a
result, an indicator), :mod:`~resultsframe.display.report` (a progress report),
:mod:`~resultsframe.display.entries` (one entry of a report, with its explanation),
:mod:`~resultsframe.display.observations` (a summary and the first rows),
:mod:`~resultsframe.display.pending` and :mod:`~resultsframe.display.differences`; the rows of
the hierarchy the first two share (:mod:`~resultsframe.display.hierarchy`), and the status
colours (:mod:`~resultsframe.display.status`) that diagrams and charts use too.

>>> import resultsframe
>>> from resultsframe.display import to_html
>>> html = to_html(resultsframe.examples.load("cop"))
>>> html.startswith("<div") and "<script" not in html
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any, TypeAlias

from resultsframe.differences import Differences
from resultsframe.display import status
from resultsframe.display.differences import _differences_html
from resultsframe.display.entries import _indicator_entry_html, _result_entry_html
from resultsframe.display.framework import _framework_html, _indicator_html, _result_html
from resultsframe.display.markup import _MUTED, _box, _el
from resultsframe.display.observations import _observations_html
from resultsframe.display.pending import _pending_html
from resultsframe.display.report import _report_html
from resultsframe.formatting import count
from resultsframe.framework import Framework
from resultsframe.model import Indicator, Result
from resultsframe.model.pending import PendingList
from resultsframe.observations import Observations
from resultsframe.progress import IndicatorProgress, ProgressReport, ResultProgress, Status

__all__ = [
    "MAX_ROWS",
    "STATUS_COLOURS",
    "STATUS_LABELS",
    "STATUS_TEXT_COLOURS",
    "Shown",
    "repr_html",
    "repr_mimebundle",
    "to_html",
    "to_page",
]

#: Everything the display shows.
Shown: TypeAlias = (
    Framework
    | Result
    | Indicator
    | ProgressReport
    | IndicatorProgress
    | ResultProgress
    | Observations
    | PendingList
    | Differences
)

# Named here, where they are documented and imported from; defined in display.status, which
# diagrams and charts import without the HTML views.
#: The colour each status is shown in (a fill with white or dark text on it).
STATUS_COLOURS: dict[Status, str] = status.STATUS_COLOURS
#: How each status is written.
STATUS_LABELS: dict[Status, str] = status.STATUS_LABELS
#: The colour of text on each status colour: dark on the light ones, so that it stays readable.
STATUS_TEXT_COLOURS: dict[Status, str] = status.STATUS_TEXT_COLOURS
#: Rows shown before a long framework or report is cut; ``max_rows=None`` shows every row.
MAX_ROWS = 500


def to_html(item: Shown, *, max_rows: int | None = MAX_ROWS) -> str:
    """An HTML fragment (one ``<div>``) showing ``item`` (any of :data:`Shown`).

    A framework shows its hierarchy with every indicator's unit, baseline, targets and
    parameters, pending values marked; a report adds progress bars, coverage and status
    colours; an entry of a report its figures and its explanation; observations what they hold
    (rows, indicators, periods, reporters) and their first rows; pending values and
    differences one row each. Self-contained: inline styles, no script, nothing fetched, every
    text escaped.

    Args:
        item: What to show.
        max_rows: Rows of a framework, report, pending list or diff shown before the rest is
            cut (with a note saying how many); None shows them all. Observations always show
            their first ten rows.

    Raises:
        TypeError: for anything else.
    """
    if isinstance(item, ProgressReport):
        return str(_report_html(item, max_rows))
    if isinstance(item, Framework):
        return str(_framework_html(item, max_rows))
    if isinstance(item, Result):
        return str(_result_html(item))
    if isinstance(item, Indicator):
        return str(_indicator_html(item))
    if isinstance(item, IndicatorProgress):
        return str(_indicator_entry_html(item))
    if isinstance(item, ResultProgress):
        return str(_result_entry_html(item))
    if isinstance(item, Observations):
        return str(_observations_html(item))
    if isinstance(item, PendingList):
        return str(_pending_html(item, max_rows))
    if isinstance(item, Differences):
        return str(_differences_html(item, max_rows))
    raise TypeError(
        "to_html shows a Framework, Result, Indicator, ProgressReport, IndicatorProgress, "
        "ResultProgress, Observations, PendingList or Differences, got "
        f"{type(item).__name__}"
    )


def repr_html(item: Shown) -> str:
    """What ``item._repr_html_()`` returns: :func:`to_html`, and never an exception.

    An object that cannot be shown (a report whose figures fail, an object broken by hand)
    gives a box naming the error, so that a notebook cell still shows something.
    """
    try:
        return to_html(item)
    except Exception as exc:  # a repr must never raise: the error is shown instead
        return str(_broken(item, exc))


def repr_mimebundle(
    item: Shown, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
) -> dict[str, str]:
    """What ``item._repr_mimebundle_()`` returns: ``text/plain`` and ``text/html``.

    The plain text is the object's short ``repr()`` (a pending list or a diff: one line per
    item, cut after :data:`MAX_ROWS`), the HTML :func:`repr_html`'s. ``include`` and
    ``exclude`` are the MIME types Jupyter asks for and refuses. Never raises.

    >>> import resultsframe
    >>> bundle = repr_mimebundle(resultsframe.examples.load("cop").pending())
    >>> sorted(bundle), bundle["text/plain"].splitlines()[:2]
    (['text/html', 'text/plain'], ['13 values pending:', "  T3.a: target 'XX%' [percent] due 2020-12-31"])
    """
    makers = {"text/plain": _plain, "text/html": repr_html}
    wanted = set(makers if include is None else include) - set(exclude or ())
    return {kind: make(item) for kind, make in makers.items() if kind in wanted}


def _plain(item: Any) -> str:
    try:
        if isinstance(item, PendingList):
            return _lines(item, f"{count(len(item), 'value')} pending", "nothing pending")
        if isinstance(item, Differences):
            return _lines(item, count(len(item), "difference"), "no differences")
        return repr(item)
    except Exception as exc:  # a repr must never raise
        return f"<{type(item).__name__} that cannot be shown: {type(exc).__name__}: {exc}>"


def _lines(items: list[Any], head: str, empty: str) -> str:
    if not items:
        return empty
    lines = [f"{head}:", *(f"  {item}" for item in items[:MAX_ROWS])]
    if len(items) > MAX_ROWS:
        lines.append(f"  … and {len(items) - MAX_ROWS} more")
    return "\n".join(lines)


def _broken(item: Any, exc: Exception) -> str:
    return _box(
        _el("div", f"this {type(item).__name__} cannot be shown", style="font-weight:600"),
        _el("div", f"{type(exc).__name__}: {exc}", style=_MUTED + ";white-space:pre-wrap"),
    )


def to_page(
    item: Shown,
    *,
    title: str | None = None,
    max_rows: int | None = None,
) -> str:
    """A whole HTML document showing ``item``, to save as a file or open in a browser.

    Its Content-Security-Policy forbids scripts and any fetch, so a browser refuses them even
    in a page edited by hand. All rows are shown unless ``max_rows`` says otherwise.
    """
    if title is None:
        title = _page_title(item)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(title, quote=True)}</title>\n</head>\n"
        '<body style="margin:16px">\n'
        f"{to_html(item, max_rows=max_rows)}\n</body>\n</html>\n"
    )


def _page_title(item: Any) -> str:
    if isinstance(item, ProgressReport):
        return f"{item.framework.id} · progress as of {item.as_of.isoformat()}"
    if isinstance(item, Framework):
        return f"{item.id} · {item.title}"
    if isinstance(item, (Result, Indicator, IndicatorProgress, ResultProgress)):
        return str(item.id)
    if isinstance(item, Observations):
        return f"observations · {item.framework.id}"
    if isinstance(item, PendingList):
        return "pending values"
    if isinstance(item, Differences):
        return "differences"
    raise TypeError(
        "to_page shows a Framework, Result, Indicator, ProgressReport, IndicatorProgress, "
        "ResultProgress, Observations, PendingList or Differences, got "
        f"{type(item).__name__}"
    )
