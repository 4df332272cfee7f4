"""Incremental update: a report for changed observations, recomputing only what they can change.

``report.update(observations)`` recomputes the indicators whose observations changed (and the
derived indicators that read them), then only their results and those results' ancestors. When
the new observations were made from the report's by
:meth:`~resultsframe.observations.Observations.with_rows`, they say what changed; otherwise
the two sets of observations are compared series by series.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from resultsframe.methods import Aggregation
from resultsframe.observations import Observations, Series
from resultsframe.progress.entries import Entries
from resultsframe.progress.report import ProgressReport
from resultsframe.progress.vectorised import result_figures

if TYPE_CHECKING:
    from resultsframe.progress.engine import Engine

__all__ = ["update"]


def update(engine: Engine, report: ProgressReport, observations: Observations) -> ProgressReport:
    """``report`` (made by ``engine``) for ``observations``: their indicators and ancestors."""
    known = observations._changed_since(report.observations)
    whole, areas = (
        known
        if known is not None  # made from the report's observations by with_rows
        else _changed_indicators(report.observations, observations, engine.plans)
    )
    # Derivations read per-area series only: a changed whole-indicator series reaches no
    # derived indicator.
    changed = {i for i in whole | areas if i in engine.plans}
    for source in areas:
        changed.update(engine.dependents.get(source, ()))
    new = engine.with_observations(observations)
    # Projections are no value, but an entry lists them: a change in them changes the entry.
    if engine.projected is not new.projected and engine.projected != new.projected:
        for indicator_id in engine.projected.keys() | new.projected.keys():
            was, now = engine.projected.get(indicator_id), new.projected.get(indicator_id)
            if was != now and indicator_id in engine.plans:
                changed.add(indicator_id)
    t = report.as_of
    tt = t.toordinal()
    dirty: set[str] = set()
    for indicator_id in changed:
        dirty.add(engine.owner[indicator_id])
    stack = list(dirty)
    while stack:
        for parent in engine.parent_map[stack.pop()]:
            if parent not in dirty:
                dirty.add(parent)
                stack.append(parent)
    position = engine.position
    ordered = sorted(dirty, key=position.__getitem__)
    old = report._entries
    if isinstance(old, Entries):
        # The figures of the pass, shared; the changed indicators' entries made again, then
        # their results' figures recomputed from their inputs' (entries made when read).
        entries = old.updated(new, frozenset((*changed, *ordered)))
        fig = entries.figures
        lay = old.layout
        slot = lay.slot
        for indicator_id in changed:
            fig.record(slot[indicator_id], new.indicator(engine.plans[indicator_id], t, tt))
        n = lay.n_indicators
        for rid in ordered:
            k = slot[rid] - n
            if (new.aggregation or lay.aggregation[k]) is Aggregation.MEAN:
                fig.over[slot[rid]] = result_figures(fig, lay, k)
            else:
                fig.record(slot[rid], new.result(engine.result_plan[rid], t, entries.inputs))
        return ProgressReport(engine.fw, observations, t, entries, new)
    made = dict(old)
    for indicator_id in changed:
        made[indicator_id] = new.indicator(engine.plans[indicator_id], t, tt)
    for rid in ordered:
        made[rid] = new.result(engine.result_plan[rid], t, made)
    return ProgressReport(engine.fw, observations, t, made, new)


def _changed_indicators(
    old: Observations, new: Observations, indicators: Iterable[str]
) -> tuple[set[str], set[str]]:
    """The indicators whose whole-indicator series differ, and those whose per-area ones do.

    A whole-indicator series differs also when a row it uses moved or its period, share,
    source, text, publication date, kind or earlier vintages changed, since an entry shows the observation it used, and when the unreadable
    values published for the indicator differ.
    """
    whole: set[str] = set()
    areas: set[str] = set()
    old_unreadable, new_unreadable = old.unreadable, new.unreadable
    for indicator_id in indicators:
        a, b = old.series(indicator_id), new.series(indicator_id)
        moved = a is not b and not _same_rows(a, b, old, new)
        if moved or old_unreadable.get(indicator_id) != new_unreadable.get(indicator_id):
            whole.add(indicator_id)
        areas_a, areas_b = old.areas(indicator_id), new.areas(indicator_id)
        if areas_a is not areas_b and not _same_areas(areas_a, areas_b):
            areas.add(indicator_id)
    return whole, areas


def _same_rows(a: Series | None, b: Series | None, old: Observations, new: Observations) -> bool:
    if a is None or b is None:
        return a is b
    if not _same_series(a, b):
        return False
    c, d = old._cols, new._cols
    return a.rows == b.rows and all(
        c.period_of(r).text == d.period_of(r).text
        and c.numerator_of(r) == d.numerator_of(r)
        and c.denominator_of(r) == d.denominator_of(r)
        and c.source_of(r) == d.source_of(r)
        and c.reporter_of(r) == d.reporter_of(r)
        and c.text_of(r) == d.text_of(r)
        and c.published[r] == d.published[r]
        and c.kind[r] == d.kind[r]
        and old.vintages(r) == new.vintages(r)
        for r in a.rows
    )


def _same_series(a: Series | None, b: Series | None) -> bool:
    if a is None or b is None:
        return a is b
    return a is b or (a.ends == b.ends and a.values == b.values)


def _same_areas(a: Mapping[str, Series], b: Mapping[str, Series]) -> bool:
    return a.keys() == b.keys() and all(_same_series(a[k], b[k]) for k in a)
