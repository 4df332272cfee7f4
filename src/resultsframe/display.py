"""HTML views of frameworks, results, indicators and progress reports, for notebooks.

Jupyter shows an object by calling its ``_repr_html_``; :class:`~resultsframe.Framework`,
:class:`~resultsframe.Result`, :class:`~resultsframe.Indicator` and
:class:`~resultsframe.ProgressReport` call :func:`to_html` here. :func:`to_page` wraps the same
HTML into a whole document, to save or to open in a browser.

The HTML is self-contained: inline ``style`` attributes only (no ``<style>`` block, which some
notebook viewers strip, no class names a notebook's own CSS could restyle), no script, and
nothing to fetch (no image, font, stylesheet or link). Frameworks come from files anyone may
write, so every text of a framework or report reaches the page escaped by :func:`html.escape`;
this is done by construction: the builder below escapes every plain ``str`` it is given, and
only markup it built itself passes through unescaped.

>>> import resultsframe
>>> from resultsframe.display import to_html
>>> html = to_html(resultsframe.examples.load("cop"))
>>> html.startswith("<div") and "<script" not in html
True
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from typing import Any

from resultsframe.framework import Framework
from resultsframe.model import Indicator, Measure, Result
from resultsframe.progress import IndicatorProgress, ProgressReport, ResultProgress, Status
from resultsframe.units import COUNTING_UNITS, Quantity, format_unit
from resultsframe.values import Pending, Relative, Value

__all__ = [
    "MAX_ROWS",
    "STATUS_COLOURS",
    "STATUS_LABELS",
    "STATUS_TEXT_COLOURS",
    "to_html",
    "to_page",
]

#: The colour each status is shown in (a fill with white or dark text on it).
STATUS_COLOURS: dict[Status, str] = {
    Status.ACHIEVED: "#1a7f37",
    Status.ON_TRACK: "#4ac26b",
    Status.AT_RISK: "#d4a72c",
    Status.OFF_TRACK: "#cf222e",
    Status.NOT_ASSESSABLE: "#8c959f",
}

#: How each status is written.
STATUS_LABELS: dict[Status, str] = {status: status.value.replace("_", " ") for status in Status}

#: The colour of text on each status colour: dark on the light ones, so that it stays readable.
STATUS_TEXT_COLOURS: dict[Status, str] = {
    Status.ACHIEVED: "#ffffff",
    Status.ON_TRACK: "#0d2b16",
    Status.AT_RISK: "#1f2328",
    Status.OFF_TRACK: "#ffffff",
    Status.NOT_ASSESSABLE: "#ffffff",
}

#: Rows shown before a long framework or report is cut; ``max_rows=None`` shows every row.
MAX_ROWS = 500

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

_PLURALS = {names[0]: names[1] for names in COUNTING_UNITS if len(names) > 1}


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


# --- texts ----------------------------------------------------------------------------------


def _shorten(text: str, width: int = _STATEMENT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _number(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{value:.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _unit_name(unit: str | None, magnitude: float | None = None) -> str:
    if unit in (None, "", "dimensionless"):
        return ""
    if unit == "percent":
        return "%"
    assert unit is not None
    name = _PLURALS.get(unit, unit) if magnitude is not None and magnitude != 1 else unit
    return name.replace("_", " ")


def _amount(value: float | None, unit: str | None) -> str:
    """``90 %``, ``48 countries``, ``—`` for nothing."""
    if value is None:
        return "—"
    name = _unit_name(unit, value)
    return f"{_number(value)} {name}" if name else _number(value)


def _percent(fraction: float | None) -> str:
    return "—" if fraction is None else f"{fraction * 100:.0f} %"


def _value(value: Value | Relative | None, text: str | None = None) -> _Html:
    """A baseline, target or parameter of the model: an amount, a pending marker or its text."""
    if isinstance(value, Pending):
        return _pending(value.text, value.by, value.due.isoformat() if value.due else None)
    if isinstance(value, Quantity):
        magnitude = float(value.magnitude)
        return _join(_amount(magnitude, format_unit(value.units)))
    if isinstance(value, Relative):
        return _join(f"{value} from the baseline")
    return _join(text if text else "—")


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


def _pending_count(framework: Framework) -> _Html:
    n = len(framework.pending())
    if not n:
        return _Html("")
    return _el(
        "span",
        f"{n} value{'s' if n != 1 else ''} pending",
        title="values the framework does not know yet (framework.pending())",
        style=_PENDING_STYLE,
    )


# --- pieces ---------------------------------------------------------------------------------


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
        title=_percent(fraction),
        role="img",
        aria_label=f"{_percent(fraction)} of the way from baseline to target",
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


def _unit_text(indicator: Indicator) -> str:
    if indicator.unit is None:
        return indicator.measure.value
    unit = format_unit(indicator.unit)
    if indicator.universe is not None:
        of = format_unit(indicator.universe.unit)
        of = _PLURALS.get(of, of).replace("_", " ")
        return f"% of {of}" if unit == "percent" else f"{unit} of {of}"
    return _unit_name(unit) or unit


def _targets(indicator: Indicator) -> _Html:
    if not indicator.targets:
        return _muted("none (monitoring)")
    parts: list[str] = []
    for n, target in enumerate(indicator.targets):
        if n:
            parts.append(_Html("<br>"))
        parts.append(_value(target.value, target.text))
        if target.due is not None:
            parts.append(_muted(f" by {target.due.isoformat()}"))
    return _join(*parts)


def _baseline(indicator: Indicator) -> _Html:
    baseline = indicator.baseline
    if baseline is None:
        return _muted("—")
    period = _muted(f" ({baseline.period})") if baseline.period is not None else _Html("")
    return _join(_value(baseline.value, baseline.text), period)


def _parameters(indicator: Indicator) -> _Html:
    parts: list[str] = []
    for parameter in indicator.parameters:
        if parts:
            parts.append(_Html("<br>"))
        parts.append(_el("span", f"{parameter.id} ", title=parameter.name, style=_MUTED))
        parts.append(_value(parameter.value))
    return _join(*parts)


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


def _table(headers: tuple[str, ...], rows: list[_Html]) -> _Html:
    head = _el("thead", _el("tr", *(_el("th", h, style=_TH) for h in headers)))
    return _el("table", head, _el("tbody", *rows), style=_TABLE)


def _box(*children: str) -> _Html:
    return _el("div", *children, style=_FONT)


def _title(framework: Framework) -> _Html:
    return _el(
        "div",
        _code(framework.id),
        " · ",
        framework.title,
        style="font-weight:600;font-size:15px;margin-bottom:2px",
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _cut_note(hidden: int) -> _Html:
    return _el(
        "div",
        f"… {hidden} more rows not shown; resultsframe.display.to_html(…, max_rows=None) shows "
        "them all",
        style=_MUTED,
    )


# --- the hierarchy ----------------------------------------------------------------------------


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


# --- a framework, a result, an indicator ---------------------------------------------------

_MODEL_HEADERS = ("result / indicator", "unit", "baseline", "target", "parameters")


def _indicator_row(indicator: Indicator, depth: int) -> _Html:
    return _el(
        "tr",
        _indicator_cell(indicator, depth),
        _el("td", _unit_text(indicator), style=_TD + ";white-space:nowrap"),
        _el("td", _baseline(indicator), style=_TD + ";white-space:nowrap"),
        _el("td", _targets(indicator), style=_TD + ";white-space:nowrap"),
        _el("td", _parameters(indicator), style=_TD + ";white-space:nowrap"),
    )


def _result_rows(framework: Framework | None, result: Result, depth: int) -> Iterator[_Html]:
    columns = len(_MODEL_HEADERS)
    yield _el("tr", _result_cell(framework, result, depth, span=columns))
    for indicator in result.indicators:
        yield _indicator_row(indicator, depth)
    for comment in result.comments:
        yield _comment_row(comment.text, comment.author, depth, columns)


def _framework_html(framework: Framework, max_rows: int | None) -> _Html:
    def block(depth: int, result_id: str) -> list[_Html]:
        return list(_result_rows(framework, framework.results[result_id], depth))

    def size(result_id: str) -> int:
        result = framework.results[result_id]
        return 1 + len(result.indicators) + len(result.comments)

    rows, hidden = _rows(framework, len(_MODEL_HEADERS), block, size, max_rows)
    facts = [
        _plural(len(framework), "result"),
        _plural(len(framework.links), "link"),
        _plural(len(framework.indicators), "indicator"),
    ]
    if framework.start or framework.end:
        start = framework.start.isoformat() if framework.start else "…"
        end = framework.end.isoformat() if framework.end else "…"
        facts.insert(0, f"{start} – {end}")
    summary: list[str] = [_muted(" · ".join(facts)), " ", _pending_count(framework)]
    levels = " > ".join(framework.levels.label(level) for level in framework.levels.levels)
    return _box(
        _title(framework),
        _el("div", *summary),
        _el("div", f"levels: {levels}", style=_MUTED),
        _table(_MODEL_HEADERS, rows),
        _cut_note(hidden) if hidden else "",
    )


def _result_html(result: Result) -> _Html:
    heading = _el(
        "div",
        _el("b", _code(result.id)),
        " ",
        _level(None, result.level),
        " ",
        result.statement,
        style="font-size:14px;max-width:60em",
    )
    parts: list[str] = [heading]
    if result.description:
        parts.append(_el("div", result.description, style=_MUTED + ";max-width:60em"))
    if result.themes:
        parts.append(_el("div", f"themes: {', '.join(result.themes)}", style=_MUTED))
    rows = [_indicator_row(indicator, -1) for indicator in result.indicators]
    rows += [_comment_row(c.text, c.author, -1, len(_MODEL_HEADERS)) for c in result.comments]
    if rows:
        parts.append(_table(("indicator", *_MODEL_HEADERS[1:]), rows))
    else:
        parts.append(_el("div", "no indicators", style=_MUTED))
    return _box(*parts)


def _indicator_html(indicator: Indicator) -> _Html:
    facts: list[tuple[str, str]] = [
        ("measure", indicator.measure.value.replace("_", "/")),
        ("unit", _unit_text(indicator)),
        ("direction", indicator.direction.value),
        ("baseline", _baseline(indicator)),
        ("targets", _targets(indicator)),
    ]
    if indicator.universe is not None and indicator.universe.description:
        facts.append(("of", indicator.universe.description))
    if indicator.parameters:
        facts.append(("parameters", _parameters(indicator)))
    if indicator.weight != 1:
        facts.append(("weight", _number(indicator.weight)))
    for name, text in (
        ("description", indicator.description),
        ("source", indicator.source),
        ("verification", indicator.verification),
    ):
        if text:
            facts.append((name, text))
    if indicator.definitions:
        facts.append(("definitions", ", ".join(indicator.definitions)))
    for comment in indicator.comments:
        by = f" — {comment.author}" if comment.author else ""
        facts.append(("comment", f"✎ {comment.text}{by}"))
    rows = [
        _el(
            "tr",
            _el("th", name, style=_TD + ";font-weight:600;white-space:nowrap"),
            _el("td", value, style=_TD + ";max-width:60em"),
        )
        for name, value in facts
    ]
    heading = _el(
        "div",
        _el("b", _code(indicator.id)),
        " ",
        indicator.name,
        style="font-size:14px;max-width:60em",
    )
    return _box(heading, _el("table", _el("tbody", *rows), style=_TABLE))


# --- a progress report --------------------------------------------------------------------

_REPORT_HEADERS = ("result / indicator", "progress", "coverage", "status", "detail")


def _report_result_row(
    report: ProgressReport, entry: ResultProgress, depth: int
) -> Iterator[_Html]:
    fw = report.framework
    result = fw.results[entry.id]
    cell = _result_cell(fw, result, depth)
    if entry.coverage is None:
        yield _el(
            "tr",
            cell,
            _el("td", style=_TD),
            _el("td", style=_NUM),
            _el(
                "td",
                _muted("nothing targeted"),
                style=_TD + ";white-space:nowrap",
                title=entry.reason,
            ),
            _el("td", style=_TD),
        )
    else:
        detail: list[str] = []
        if entry.reason:
            detail.append(_muted(_shorten(entry.reason, 120)))
        coverage_style = "" if entry.coverage >= 1 else f"color:{_PENDING};font-weight:600"
        yield _el(
            "tr",
            cell,
            _el(
                "td",
                _bar(entry.progress, entry.status),
                " ",
                _el("span", _percent(entry.progress), style="display:inline-block;width:3.2em"),
                style=_TD + ";white-space:nowrap",
            ),
            _el(
                "td",
                _el("span", _percent(entry.coverage), style=coverage_style or None),
                style=_NUM,
                title="the share of its inputs that could be assessed",
            ),
            _el("td", _status(entry.status), style=_TD),
            _el("td", *detail, style=_TD),
        )
    for indicator in result.indicators:
        item = report[indicator.id]
        assert isinstance(item, IndicatorProgress)
        yield _report_indicator_row(report, indicator, item, depth)


def _report_indicator_row(
    report: ProgressReport, indicator: Indicator, item: IndicatorProgress, depth: int
) -> _Html:
    cell = _indicator_cell(indicator, depth, one_line=True)
    target = indicator.target
    pending = target.value if target is not None and isinstance(target.value, Pending) else None
    if item.coverage is None:
        # Outside the roll-up: a monitoring or qualitative indicator.
        kind = "qualitative" if indicator.measure is Measure.QUALITATIVE else "monitoring"
        detail: list[str] = []
        if item.value is not None:
            detail.append(f"value {_amount(item.value, item.unit)}")
        return _el(
            "tr",
            cell,
            _el("td", style=_TD),
            _el("td", style=_NUM),
            _el("td", _muted(kind), style=_TD, title=item.reason),
            _el("td", *detail, style=_TD),
        )
    detail = []
    if item.achievement is not None:
        due = f" by {item.target_due.isoformat()}" if item.target_due else ""
        detail.append(
            f"{_amount(item.value, item.unit)} → target {_amount(item.target, item.unit)}{due} "
            f"(baseline {_amount(item.baseline, item.unit)})"
        )
        if item.achievement_raw is not None and item.achievement_raw != item.achievement:
            detail.append(_muted(f" · unclipped {_percent(item.achievement_raw)}"))
    else:
        if item.value is not None:
            detail.append(f"value {_amount(item.value, item.unit)} · ")
        if pending is not None:
            detail += [_pending(pending.text), _muted(" target: fill it to assess")]
        else:
            detail.append(_muted(_shorten(item.reason or "", 120)))
    return _el(
        "tr",
        cell,
        _el(
            "td",
            _bar(item.achievement, item.status),
            " ",
            _el("span", _percent(item.achievement), style="display:inline-block;width:3.2em"),
            style=_TD + ";white-space:nowrap",
        ),
        _el("td", style=_NUM),
        _el("td", _status(item.status), style=_TD),
        _el("td", *detail, style=_TD),
    )


def _report_html(report: ProgressReport, max_rows: int | None) -> _Html:
    fw = report.framework

    def block(depth: int, result_id: str) -> list[_Html]:
        entry = report[result_id]
        assert isinstance(entry, ResultProgress)
        return list(_report_result_row(report, entry, depth))

    def size(result_id: str) -> int:
        return 1 + len(fw.results[result_id].indicators)

    rows, hidden = _rows(fw, len(_REPORT_HEADERS), block, size, max_rows)
    counts: dict[Status, int] = {}
    for entry in report.results.values():
        if entry.coverage is not None:
            counts[entry.status] = counts.get(entry.status, 0) + 1
    legend: list[str] = [_muted("results: ")]
    for status in Status:
        if counts.get(status):
            legend += [_status(status), f" {counts[status]}  "]
    legend.append(_pending_count(fw))
    return _box(
        _title(fw),
        _el("div", f"progress as of {report.as_of.isoformat()}", style=_MUTED),
        _el("div", *legend, style="margin:4px 0"),
        _table(_REPORT_HEADERS, rows),
        _cut_note(hidden) if hidden else "",
        _el(
            "div",
            "progress: 0–100 % of the way from baseline to target, rolled up; coverage: the share "
            "of inputs that could be assessed; report.explain(ID) says how any figure was obtained.",
            style=_MUTED + ";font-size:12px;max-width:60em",
        ),
    )


# --- public ---------------------------------------------------------------------------------


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
