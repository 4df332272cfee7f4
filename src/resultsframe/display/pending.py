"""The HTML view of a framework's pending values (:meth:`~resultsframe.Framework.pending`).

Each value not known yet is a row: the key :meth:`~resultsframe.Framework.fill` takes, where it
is, and its text as a pending marker, never a number.
"""

from __future__ import annotations

from resultsframe.display.markup import (
    _MUTED,
    _TD,
    _box,
    _code,
    _el,
    _Html,
    _pending,
    _table,
)
from resultsframe.formatting import count
from resultsframe.model.pending import PendingItem
from resultsframe.units import format_unit

_HEADERS = ("key", "result", "indicator", "field", "value", "unit", "due")


def _pending_row(item: PendingItem) -> _Html:
    due = item.due.isoformat() if item.due else None
    return _el(
        "tr",
        _el("td", _code(item.key), style=_TD + ";white-space:nowrap"),
        _el("td", _code(item.result), style=_TD),
        _el("td", _code(item.indicator), style=_TD),
        _el("td", item.field, style=_TD),
        _el("td", _pending(item.text, due=due), style=_TD),
        _el("td", "" if item.unit is None else format_unit(item.unit), style=_TD),
        _el("td", due or "", style=_TD + ";white-space:nowrap"),
    )


def _pending_html(items: list[PendingItem], max_rows: int | None) -> _Html:
    heading = _el(
        "div",
        f"{count(len(items), 'value')} pending",
        style="font-weight:600;font-size:15px;margin-bottom:2px",
    )
    if not items:
        return _box(heading, _el("div", "nothing pending: every value is known", style=_MUTED))
    shown = items if max_rows is None else items[:max_rows]
    hidden = len(items) - len(shown)
    return _box(
        heading,
        _table(_HEADERS, [_pending_row(item) for item in shown]),
        _el("div", f"… {count(hidden, 'more row')} not shown", style=_MUTED) if hidden else "",
        _el(
            "div",
            "fill them with framework.fill({key: value, …}), which returns a new framework",
            style=_MUTED + ";font-size:12px",
        ),
    )
