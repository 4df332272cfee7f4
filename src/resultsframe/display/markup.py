"""The markup builder of the HTML views, their styles, and the small pieces they are made of.

Every text reaches the page escaped by :func:`html.escape`, by construction: :func:`_el` and
:func:`_join` escape every plain ``str`` they are given, and only markup built here (an
:class:`_Html`) passes through unescaped.
"""

from __future__ import annotations

import html

from resultsframe.display.status import STATUS_COLOURS, STATUS_LABELS, STATUS_TEXT_COLOURS
from resultsframe.formatting import NOTHING, amount, percent
from resultsframe.framework import Framework
from resultsframe.progress import Status
from resultsframe.units import Quantity, format_unit
from resultsframe.values import Pending, Relative, Value

_STATEMENT = 110  # characters of a statement or indicator name shown before it is cut
_MUTED = "color:#6e7781"
_PENDING = "#9a6700"
_FONT = (
    "font-family:system-ui,-apple-system,Segoe UI,Roboto,Helvetica Neue,Arial,sans-serif;"
    "font-size:13px;line-height:1.45;font-variant-numeric:tabular-nums"
)
_TABLE = "border-collapse:collapse;margin:6px 0;width:auto"
_TH = (
    "text-align:left;padding:4px 10px 4px 0;border-bottom:1px solid rgba(127,127,127,0.45);"
    "font-weight:600;white-space:nowrap;vertical-align:bottom"
)
_TD = (
    "text-align:left;padding:3px 10px 3px 0;border-bottom:1px solid rgba(127,127,127,0.15);"
    "vertical-align:top"
)
_NUM = _TD + ";text-align:right;white-space:nowrap"
_BAR_WIDTH = 120  # px
_FIRST_COLUMN = 480  # px: the width of a report's first column, where lines are cut
_ONE_LINE = "white-space:nowrap;overflow:hidden;text-overflow:ellipsis"
_INDENT = 18  # px per level of the hierarchy


# --- the markup builder -----------------------------------------------------------------------


class _Html(str):
    """Markup this module built. Every other ``str`` is text, and is escaped."""

    __slots__ = ()


def _esc(text: str) -> str:
    return text if isinstance(text, _Html) else html.escape(text, quote=True)


def _join(*parts: str) -> _Html:
    return _Html("".join(_esc(part) for part in parts))


def _el(tag: str, *children: str, **attributes: str | None) -> _Html:
    """``<tag attributes…>children</tag>``; texts and attribute values are escaped.

    Attribute names are Python keywords written in this module (``class_`` is not used;
    ``aria_label`` becomes ``aria-label``).
    """
    attrs = "".join(
        f' {name.replace("_", "-")}="{html.escape(value, quote=True)}"'
        for name, value in attributes.items()
        if value is not None
    )
    return _Html(f"<{tag}{attrs}>{_join(*children)}</{tag}>")


# --- pieces ---------------------------------------------------------------------------------


def _shorten(text: str, width: int = _STATEMENT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _value(value: Value | Relative | None, text: str | None = None) -> _Html:
    """A baseline, target or parameter of the model: an amount, a pending marker or its text."""
    if isinstance(value, Pending):
        return _pending(value.text, value.by, value.due.isoformat() if value.due else None)
    if isinstance(value, Quantity):
        magnitude = float(value.magnitude)
        return _join(amount(magnitude, format_unit(value.units)))
    if isinstance(value, Relative):
        return _join(f"{value} from the baseline")
    return _join(text if text else NOTHING)


_PENDING_STYLE = (
    f"border:1px dashed {_PENDING};color:{_PENDING};border-radius:3px;padding:0 4px;"
    "white-space:nowrap"
)


def _pending(text: str, by: str | None = None, due: str | None = None) -> _Html:
    """The marker of a value that is not known yet: it keeps the document's text."""
    who = f"; to be set by {by}" if by else ""
    when = f" by {due}" if due else ""
    return _el(
        "span",
        f"pending {text}",
        title=f"pending: the framework says {text!r}{who}{when}; not a number until it is filled",
        style=_PENDING_STYLE,
    )


def _bar(fraction: float | None, status: Status) -> _Html:
    """A progress bar: a track with the share filled in the status colour."""
    track = (
        f"display:inline-block;width:{_BAR_WIDTH}px;height:10px;border-radius:2px;"
        "vertical-align:middle;"
    )
    if fraction is None:
        return _el(
            "span",
            style=track + "border:1px dashed rgba(127,127,127,0.55);box-sizing:border-box",
            title="not assessable",
        )
    share = max(0.0, min(1.0, fraction))
    fill = _el(
        "span",
        style=f"display:block;width:{share * 100:.1f}%;height:100%;border-radius:2px;"
        f"background:{STATUS_COLOURS[status]}",
    )
    return _el(
        "span",
        fill,
        style=track + "background:rgba(127,127,127,0.2)",
        title=percent(fraction),
        role="img",
        aria_label=f"{percent(fraction)} of the way from baseline to target",
    )


def _status(status: Status) -> _Html:
    return _el(
        "span",
        STATUS_LABELS[status],
        style=(
            f"background:{STATUS_COLOURS[status]};color:{STATUS_TEXT_COLOURS[status]};border-radius:9px;"
            "padding:0 8px;white-space:nowrap;font-size:12px"
        ),
    )


def _muted(text: str) -> _Html:
    return _el("span", text, style=_MUTED)


def _code(text: str) -> _Html:
    return _el("code", text, style="font-family:ui-monospace,SFMono-Regular,Menlo,monospace")


def _level(framework: Framework | None, level: str) -> _Html:
    label = framework.levels.label(level) if framework is not None else level.replace("_", " ")
    return _el(
        "span",
        label,
        style=(
            "border:1px solid rgba(127,127,127,0.5);border-radius:3px;padding:0 4px;"
            "font-size:11px;color:#57606a;white-space:nowrap"
        ),
    )


def _facts(facts: list[tuple[str, str]]) -> _Html:
    """A table of named facts: each name a row header, its value (text or markup) beside it."""
    rows = [
        _el(
            "tr",
            _el("th", name, style=_TD + ";font-weight:600;white-space:nowrap"),
            _el("td", value, style=_TD + ";max-width:60em"),
        )
        for name, value in facts
    ]
    return _el("table", _el("tbody", *rows), style=_TABLE)


def _table(headers: tuple[str, ...], rows: list[_Html]) -> _Html:
    head = _el("thead", _el("tr", *(_el("th", h, style=_TH) for h in headers)))
    return _el("table", head, _el("tbody", *rows), style=_TABLE)


def _box(*children: str) -> _Html:
    return _el("div", *children, style=_FONT)
