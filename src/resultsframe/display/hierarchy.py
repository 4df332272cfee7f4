"""The hierarchy as rows of a table: the walk down from the top, and the cells of a row.

A framework and a report are both drawn as one table whose rows follow the framework's
hierarchy, a result's indicators under it; these are the parts they share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from resultsframe.display.markup import (
    _FIRST_COLUMN,
    _INDENT,
    _MUTED,
    _ONE_LINE,
    _PENDING_STYLE,
    _TD,
    _code,
    _el,
    _Html,
    _join,
    _level,
    _shorten,
)
from resultsframe.formatting import count
from resultsframe.framework import Framework
from resultsframe.model import Indicator, Result


def _title(framework: Framework) -> _Html:
    return _el(
        "div",
        _code(framework.id),
        " · ",
        framework.title,
        style="font-weight:600;font-size:15px;margin-bottom:2px",
    )


def _pending_count(framework: Framework) -> _Html:
    n = len(framework.pending())
    if not n:
        return _Html("")
    return _el(
        "span",
        f"{count(n, 'value')} pending",
        title="values the framework does not know yet (framework.pending())",
        style=_PENDING_STYLE,
    )


def _cut_note(hidden: int) -> _Html:
    return _el(
        "div",
        f"… {count(hidden, 'more row')} not shown; resultsframe.display.to_html(…, max_rows=None) shows "
        "them all",
        style=_MUTED,
    )


def _result_cell(
    framework: Framework | None, result: Result, depth: int, *, span: int | None = None
) -> _Html:
    """The id, level and statement of a result.

    In a report (no ``span``) the statement is cut to one line, its whole text a tooltip; in a
    framework it is whole, and the cell spans the row's ``span`` columns.
    """
    head = (_el("b", _code(result.id)), " ", _level(framework, result.level), " ")
    statement = " ".join(result.statement.split())
    if span is None:
        content = _el(
            "div",
            *head,
            _el("span", statement, style=_MUTED),
            title=result.statement,
            style=_ONE_LINE + f";max-width:{_FIRST_COLUMN - depth * _INDENT}px",
        )
    else:
        content = _join(*head, _el("span", statement, style=_MUTED))
    return _el(
        "td",
        content,
        colspan=None if span is None else str(span),
        style=_TD + f";padding-left:{depth * _INDENT}px" + (";max-width:60em" if span else ""),
    )


def _indicator_cell(indicator: Indicator, depth: int, *, one_line: bool = False) -> _Html:
    left = depth * _INDENT + _INDENT
    content = _join("◦ ", _code(indicator.id), " ", " ".join(indicator.name.split()))
    if one_line:
        content = _el(
            "div",
            content,
            title=indicator.name,
            style=_ONE_LINE + f";max-width:{_FIRST_COLUMN - left}px",
        )
    return _el("td", content, style=_TD + f";padding-left:{left}px;max-width:46em")


def _comment_row(text: str, author: str | None, depth: int, columns: int) -> _Html:
    by = f" — {author}" if author else ""
    return _el(
        "tr",
        _el(
            "td",
            _el("span", f"✎ {_shorten(text, 160)}{by}", title=text),
            colspan=str(columns),
            style=_TD + f";{_MUTED};font-style:italic;padding-left:{depth * _INDENT + _INDENT}px",
        ),
    )


# --- the walk -------------------------------------------------------------------------------


def _walk(framework: Framework) -> Iterator[tuple[int, str, bool]]:
    """(depth, result id, shown before) depth-first from the top, in the framework's order.

    A result that contributes to two parents is shown under the first, and marked as shown
    before under the second; each result's subtree is written once.
    """
    seen: set[str] = set()
    order = {result_id: n for n, result_id in enumerate(framework.results)}
    # Iterative, so that a deep framework cannot reach Python's recursion limit.
    stack: list[tuple[int, str]] = [(0, root) for root in reversed(framework.roots())]
    while stack:
        depth, result_id = stack.pop()
        if result_id in seen:
            yield depth, result_id, True
            continue
        seen.add(result_id)
        yield depth, result_id, False
        children = sorted(framework.children(result_id), key=order.__getitem__)
        stack.extend((depth + 1, child) for child in reversed(children))


def _again_row(result_id: str, depth: int, columns: int) -> _Html:
    return _el(
        "tr",
        _el(
            "td",
            "↳ ",
            _code(result_id),
            " (also contributes here; shown above)",
            colspan=str(columns),
            style=_TD + f";{_MUTED};padding-left:{depth * _INDENT}px",
        ),
    )


def _rows(
    framework: Framework,
    columns: int,
    block: Callable[[int, str], list[_Html]],
    size: Callable[[str], int],
    max_rows: int | None,
) -> tuple[list[_Html], int]:
    """The table's rows, result by result down the hierarchy, and how many were cut.

    ``block`` writes a result's rows, ``size`` counts them; once a result does not fit in
    ``max_rows``, it and everything after it is only counted, so the table stops at one place
    and a long framework costs no HTML beyond what is shown.
    """
    rows: list[_Html] = []
    hidden = 0
    for depth, result_id, again in _walk(framework):
        if hidden:
            hidden += 1 if again else size(result_id)
            continue
        new = [_again_row(result_id, depth, columns)] if again else block(depth, result_id)
        if max_rows is not None and len(rows) + len(new) > max_rows:
            hidden = len(new)
            continue
        rows.extend(new)
    return rows, hidden
