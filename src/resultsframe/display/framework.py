"""The HTML views of the model: a framework (its whole hierarchy), a result, an indicator."""

from __future__ import annotations

from collections.abc import Iterator

from resultsframe.display.hierarchy import (
    _comment_row,
    _cut_note,
    _indicator_cell,
    _pending_count,
    _result_cell,
    _rows,
    _title,
)
from resultsframe.display.markup import (
    _MUTED,
    _TD,
    _box,
    _code,
    _el,
    _facts,
    _Html,
    _join,
    _level,
    _muted,
    _table,
    _value,
)
from resultsframe.formatting import NOTHING, count, number, unit_name
from resultsframe.framework import Framework
from resultsframe.model import Indicator, Result
from resultsframe.units import format_unit


def _unit_text(indicator: Indicator) -> str:
    if indicator.unit is None:
        return indicator.measure.value
    unit = format_unit(indicator.unit)
    if indicator.universe is not None:
        of = format_unit(indicator.universe.unit)
        of = unit_name(of, plural=True)
        return f"% of {of}" if unit == "percent" else f"{unit} of {of}"
    return unit_name(unit) or unit


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
        return _muted(NOTHING)
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
        count(len(framework), "result"),
        count(len(framework.links), "link"),
        count(len(framework.indicators), "indicator"),
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
        facts.append(("weight", number(indicator.weight)))
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
    heading = _el(
        "div",
        _el("b", _code(indicator.id)),
        " ",
        indicator.name,
        style="font-size:14px;max-width:60em",
    )
    return _box(heading, _facts(facts))
