"""The HTML view of one entry of a report: an indicator's or a result's figures, and why.

An entry shows its status, its progress bar, the figures it was computed from and its
explanation (:meth:`~resultsframe.IndicatorProgress.explain`), the same words
``resultsframe explain`` prints. A target not known yet stays its text ("pending XX%").
"""

from __future__ import annotations

from resultsframe.display.markup import (
    _MUTED,
    _NUM,
    _TD,
    _bar,
    _box,
    _code,
    _el,
    _facts,
    _Html,
    _join,
    _muted,
    _pending,
    _status,
    _table,
)
from resultsframe.formatting import amount, fraction, number, percent
from resultsframe.progress import IndicatorProgress, ResultProgress


def _heading(entry: IndicatorProgress | ResultProgress, what: str) -> _Html:
    return _el(
        "div",
        _el("b", _code(entry.id)),
        " ",
        _muted(what),
        " ",
        _status(entry.status),
        _muted(f" as of {entry.as_of.isoformat()}"),
        style="font-size:14px;max-width:60em",
    )


def _figure(share: float | None, entry: IndicatorProgress | ResultProgress) -> _Html:
    if share is None:
        return _join(_bar(None, entry.status), " ", _muted("not assessable"))
    return _join(_bar(share, entry.status), f" {percent(share)}")


def _explanation(entry: IndicatorProgress | ResultProgress) -> _Html:
    return _el(
        "div",
        entry.explain(),
        style=_MUTED
        + ";white-space:pre-wrap;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;"
        "font-size:12px;margin-top:6px;max-width:100em",
    )


def _indicator_entry_html(entry: IndicatorProgress) -> _Html:
    facts: list[tuple[str, str]] = []
    if entry.coverage is not None:
        facts.append(("achievement", _figure(entry.achievement, entry)))
    if entry.value is not None:
        when = f" for {entry.value_used.period}" if entry.value_used is not None else ""
        facts.append(("value", f"{amount(entry.value, entry.unit)}{when}"))
    if entry.text is not None:
        facts.append(("latest text", f"“{entry.text}”"))
    if entry.target is not None:
        due = f" by {entry.target_due.isoformat()}" if entry.target_due else ""
        facts.append(("target", f"{amount(entry.target, entry.unit)}{due}"))
    elif entry.target_text is not None:  # a pending target: its text, never a number
        day = entry.target_due.isoformat() if entry.target_due else None
        facts.append(("target", _pending(entry.target_text, due=day)))
    if entry.baseline is not None:
        period = f" ({entry.baseline_period})" if entry.baseline_period else ""
        facts.append(("baseline", f"{amount(entry.baseline, entry.unit)}{period}"))
    if entry.expected is not None:
        facts.append(("expected by now", percent(entry.expected)))
    if entry.reason:
        facts.append(("why", entry.reason))
    for finding in entry.findings:
        facts.append(("finding", f"⚠ {finding}"))
    if entry.overdue_since is not None:
        facts.append(("overdue since", entry.overdue_since.isoformat()))
    return _box(_heading(entry, f"indicator of {entry.result}"), _facts(facts), _explanation(entry))


def _result_entry_html(entry: ResultProgress) -> _Html:
    facts: list[tuple[str, str]] = []
    if entry.coverage is None:
        facts.append(("progress", _muted("nothing targeted in or below it")))
    else:
        facts.append(("progress", _figure(entry.progress, entry)))
        facts.append(("coverage", percent(entry.coverage)))
    if entry.expected is not None:
        facts.append(("expected by now", percent(entry.expected)))
    facts.append(("combined by", entry.aggregation.value.replace("_", " ")))
    if entry.reason:
        facts.append(("why", entry.reason))
    parts: list[str] = [_heading(entry, f"result ({entry.level.replace('_', ' ')})"), _facts(facts)]
    if entry.inputs:
        rows = [
            _el(
                "tr",
                _el("td", _muted(i.kind), " ", _code(i.id), style=_TD + ";white-space:nowrap"),
                _el("td", number(i.weight), style=_NUM),
                _el(
                    "td",
                    percent(i.value) if i.value is not None else _muted("left out"),
                    style=_NUM,
                ),
                _el("td", fraction(i.coverage), style=_NUM),
                _el("td", i.reason or "", style=_TD + ";max-width:50em"),
            )
            for i in entry.inputs
        ]
        parts.append(_table(("input", "weight", "figure", "coverage", "left out because"), rows))
    parts.append(_explanation(entry))
    return _box(*parts)
