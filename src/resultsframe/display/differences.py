"""The HTML view of the differences between two frameworks (:func:`resultsframe.diff`).

One row per difference: what changed, on what, where, and the value before and after, as the
document writes it; a pending value stays its text ("pending XX%").
"""

from __future__ import annotations

import json
from typing import Any

from resultsframe.differences import Difference
from resultsframe.display.markup import (
    _MUTED,
    _TD,
    _box,
    _code,
    _el,
    _Html,
    _muted,
    _pending,
    _shorten,
    _table,
)
from resultsframe.formatting import amount, count

_HEADERS = ("change", "on", "id", "field", "before", "after")
_CHANGE_COLOURS = {"added": "#1a7f37", "removed": "#cf222e", "changed": "#9a6700"}


def _is_amount(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"value", "unit"}
        and isinstance(value["value"], (int, float))
        and isinstance(value["unit"], str)
    )


def _document_value(value: Any, absent: bool) -> _Html:
    if absent:
        return _Html("")
    if isinstance(value, dict) and isinstance(value.get("pending"), str):
        return _pending(value["pending"])
    if _is_amount(value):  # as a file writes it: {"value": 50, "unit": "percent"}
        return _el("span", amount(value["value"], value["unit"]))
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return _el("span", _shorten(text, 80), title=text if len(text) > 80 else None)


def _difference_row(d: Difference) -> _Html:
    return _el(
        "tr",
        _el("td", d.change, style=_TD + f";color:{_CHANGE_COLOURS[d.change]};font-weight:600"),
        _el("td", d.kind, style=_TD),
        _el("td", _code(d.id), style=_TD + ";white-space:nowrap"),
        _el("td", _code(d.field) if d.field else _muted("—"), style=_TD),
        _el("td", _document_value(d.before, d.change == "added"), style=_TD),
        _el("td", _document_value(d.after, d.change == "removed"), style=_TD),
    )


def _differences_html(differences: list[Difference], max_rows: int | None) -> _Html:
    heading = _el(
        "div",
        count(len(differences), "difference"),
        style="font-weight:600;font-size:15px;margin-bottom:2px",
    )
    if not differences:
        return _box(heading, _el("div", "the two frameworks write the same document", style=_MUTED))
    shown = differences if max_rows is None else differences[:max_rows]
    hidden = len(differences) - len(shown)
    changes = {c: sum(d.change == c for d in differences) for c in _CHANGE_COLOURS}
    summary = ", ".join(f"{n} {c}" for c, n in changes.items() if n)
    return _box(
        heading,
        _el("div", summary, style=_MUTED),
        _table(_HEADERS, [_difference_row(d) for d in shown]),
        _el("div", f"… {count(hidden, 'more row')} not shown", style=_MUTED) if hidden else "",
    )
