"""The HTML view of observations: what they hold, in figures, and their first rows.

The figures (rows, indicators, periods, reporters, areas) are counted on the numpy columns, and
only the rows shown are made into :class:`~resultsframe.observations.Observation` objects, so
that a million observations show as fast as a hundred.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from resultsframe.display.markup import (
    _MUTED,
    _NUM,
    _TD,
    _box,
    _code,
    _el,
    _facts,
    _Html,
    _muted,
    _shorten,
    _table,
)
from resultsframe.formatting import amount, count
from resultsframe.observations import Observation, Observations
from resultsframe.units import format_unit

#: The rows of observations shown; the others are counted.
HEAD = 10
#: The indicators named, by their number of rows; the others are counted.
NAMED = 12

_HEADERS = ("indicator", "period", "value", "area", "disaggregation", "kind", "reporter", "source")


def _range(obs: Observations) -> str:
    c = obs._cols
    periods = int(np.unique(c.period).size)
    first = c.periods[int(c.period[int(np.argmin(c.end))])].text
    last = c.periods[int(c.period[int(np.argmax(c.end))])].text
    return count(periods, "period") + ("" if first == last else f" ({first} – {last})")


def _distinct(codes: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
    return np.unique(codes[codes >= 0])


def _indicators(obs: Observations) -> _Html:
    c = obs._cols
    rows = np.bincount(c.indicator, minlength=len(c.indicators))
    used = [(int(n), c.indicators[code]) for code, n in enumerate(rows) if n]
    used.sort(key=lambda pair: -pair[0])  # stable: equal counts keep the data's order
    parts: list[str] = []
    for n, (rows_of, indicator) in enumerate(used[:NAMED]):
        parts += [", " if n else "", _code(indicator), _muted(f" {rows_of}")]
    if len(used) > NAMED:
        parts.append(_muted(f", … and {len(used) - NAMED} more"))
    return _el("span", *parts)


def _reporters(obs: Observations) -> str:
    c = obs._cols
    codes = _distinct(c.reporter)
    names = [c.strings[int(code)] for code in codes[:NAMED]]
    more = f", … and {codes.size - NAMED} more" if codes.size > NAMED else ""
    return f"{codes.size}: {', '.join(names)}{more}" if codes.size else "none said"


def _row(o: Observation, text: str | None) -> _Html:
    if text is not None:
        value = _el("span", f"“{_shorten(text, 60)}”", title=text)
    else:
        unit = format_unit(o.value.units)
        value = _Html(_el("span", amount(float(o.value.magnitude), unit)))
        if o.numerator is not None and o.denominator is not None:
            value = _Html(value + _muted(f" ({o.numerator:g}/{o.denominator:g})"))
    dimensions = ", ".join(f"{d.name}={d.value}" for d in o.dimensions)
    return _el(
        "tr",
        _el("td", _code(o.indicator), style=_TD),
        _el("td", o.period.text, style=_TD + ";white-space:nowrap"),
        _el("td", value, style=_NUM),
        _el("td", o.area or "", style=_TD),
        _el("td", dimensions, style=_TD),
        _el("td", o.kind.value, style=_TD),
        _el("td", o.reporter or "", style=_TD),
        _el("td", _shorten(o.source or "", 48), title=o.source, style=_TD + ";" + _MUTED),
    )


def _observations_html(obs: Observations, head: int = HEAD) -> _Html:
    c = obs._cols
    heading = _el(
        "div",
        "Observations",
        _muted(f" · {obs.source}") if obs.source else "",
        _muted(f" · framework {obs.framework.id}"),
        style="font-weight:600;font-size:15px;margin-bottom:2px",
    )
    if not len(obs):
        return _box(heading, _el("div", "no observations", style=_MUTED))
    facts: list[tuple[str, str]] = [
        ("rows", f"{len(obs):,}".replace(",", " ")),
        ("indicators", _join_count(len(_distinct(c.indicator)), _indicators(obs))),
        ("periods", _range(obs)),
        ("reporters", _reporters(obs)),
    ]
    areas = int(_distinct(c.area).size)
    if areas:
        facts.append(("areas", count(areas, "area")))
    kinds = np.bincount(c.kind, minlength=3)
    if kinds[1] or kinds[2]:
        facts.append(("kinds", f"{kinds[0]} actual, {kinds[1]} estimate, {kinds[2]} projection"))
    unreadable = sum(len(items) for items in obs.unreadable.values())
    if unreadable:
        facts.append(("unreadable", f"{count(unreadable, 'value')} kept aside (obs.unreadable)"))
    shown = min(head, len(obs))
    rows = [_row(obs[r], obs.text(r)) for r in range(shown)]
    note = (
        f"the first {shown} of {len(obs):,} rows; obs.to_records() or obs.to_pandas() gives "
        "them all".replace(",", " ")
        if shown < len(obs)
        else ""
    )
    return _box(
        heading,
        _facts(facts),
        _table(_HEADERS, rows),
        _el("div", note, style=_MUTED) if note else "",
    )


def _join_count(n: int, names: _Html) -> _Html:
    return _el("span", f"{n}: ", names)
