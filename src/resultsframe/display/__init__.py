"""HTML views of frameworks, results, indicators and progress reports, for notebooks.

Jupyter shows an object by calling its ``_repr_html_``; :class:`~resultsframe.Framework`,
:class:`~resultsframe.Result`, :class:`~resultsframe.Indicator` and
:class:`~resultsframe.ProgressReport` call :func:`to_html` here. :func:`to_page` wraps the same
HTML into a whole document, to save or to open in a browser.

The HTML is self-contained: inline ``style`` attributes only (no ``<style>`` block, which some
notebook viewers strip, no class names a notebook's own CSS could restyle), no script, and
nothing to fetch (no image, font, stylesheet or link). Frameworks come from files anyone may
write, so every text of a framework or report reaches the page escaped by :func:`html.escape`;
this is done by construction: the markup builder (:mod:`resultsframe.display.markup`) escapes
every plain ``str`` it is given, and only markup it built itself passes through unescaped.

The package holds one view per module: :mod:`~resultsframe.display.framework` (a framework, a
result, an indicator), :mod:`~resultsframe.display.report` (a progress report), the rows of the
hierarchy they share (:mod:`~resultsframe.display.hierarchy`), and the status colours
(:mod:`~resultsframe.display.status`) that diagrams and charts use too.

>>> import resultsframe
>>> from resultsframe.display import to_html
>>> html = to_html(resultsframe.examples.load("cop"))
>>> html.startswith("<div") and "<script" not in html
True
"""

from __future__ import annotations

import html
from typing import Any

from resultsframe.display import status
from resultsframe.display.framework import _framework_html, _indicator_html, _result_html
from resultsframe.display.report import _report_html
from resultsframe.framework import Framework
from resultsframe.model import Indicator, Result
from resultsframe.progress import ProgressReport, Status

__all__ = [
    "MAX_ROWS",
    "STATUS_COLOURS",
    "STATUS_LABELS",
    "STATUS_TEXT_COLOURS",
    "to_html",
    "to_page",
]

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


def to_html(
    item: Framework | Result | Indicator | ProgressReport, *, max_rows: int | None = MAX_ROWS
) -> str:
    """An HTML fragment (one ``<div>``) showing a framework, result, indicator or report.

    A framework shows its hierarchy with every indicator's unit, baseline, targets and
    parameters, pending values marked; a report adds progress bars, coverage and status
    colours. Self-contained: inline styles, no script, nothing fetched, every text escaped.

    Args:
        item: What to show.
        max_rows: Rows of a framework or report shown before the rest is cut (with a note
            saying how many); None shows them all.

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
    raise TypeError(
        f"to_html shows a Framework, Result, Indicator or ProgressReport, got {type(item).__name__}"
    )


def to_page(
    item: Framework | Result | Indicator | ProgressReport,
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
    if isinstance(item, (Result, Indicator)):
        return str(item.id)
    raise TypeError(
        f"to_page shows a Framework, Result, Indicator or ProgressReport, got {type(item).__name__}"
    )
