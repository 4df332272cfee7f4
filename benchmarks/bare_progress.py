"""The floor for ``resultsframe.progress.assess``: the same arithmetic, in bare Python over dicts.

``bench_progress.py`` times this next to ``assess`` on the same synthetic data and checks that
both give the same figures. It does only what the numbers need, with none of the library's
objects, explanations or status:

- the value of an indicator as of a date: the latest observation whose period ends on or before
  it (``bisect`` over the period ends);
- the baseline: the declared one, else the latest observation ending on or before the
  framework's start;
- achievement ``(value − baseline) / (target − baseline)``, clipped to [0, 1];
- coverage: 1 for an assessable targeted indicator, 0 for a pending or unmeasured one, outside
  the roll-up (None) for a monitoring indicator;
- a result's progress: the weighted mean of its assessable inputs (its targeted indicators,
  then the results contributing to it, in link order), its coverage the weighted mean of its
  inputs' coverage; computed in a topological order (Kahn's algorithm, contributors first).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import NamedTuple

__all__ = ["BareFramework", "BareIndicator", "Figure", "bare_progress"]


class BareIndicator(NamedTuple):
    """What the pass needs of one indicator.

    ``target`` is None for a monitoring indicator; ``pending`` is True when its target is
    not known yet. ``baseline`` is the declared baseline, in the indicator's unit, or None.
    """

    result: str
    weight: float
    baseline: float | None
    target: float | None
    pending: bool


class BareFramework(NamedTuple):
    """Results in the framework's order with their indicators, and child → parent links."""

    start: int  # date.toordinal() of the framework's first day
    results: dict[str, list[str]]  # result id → its indicators' ids
    indicators: dict[str, BareIndicator]
    links: Sequence[tuple[str, str, float]]  # (child, parent, weight)


class Figure(NamedTuple):
    """An indicator's clipped achievement or a result's progress, and its coverage."""

    value: float | None
    coverage: float | None


def bare_progress(
    fw: BareFramework,
    series: Mapping[str, tuple[list[int], list[float]]],
    as_of: int,
) -> dict[str, Figure]:
    """Every indicator's and result's figure as of ``as_of`` (a ``date.toordinal()``).

    ``series`` maps an indicator id to its period ends (ordinals, ascending) and values.
    """
    out: dict[str, Figure] = {}
    start = fw.start
    for iid, ind in fw.indicators.items():
        target = ind.target
        if target is None:
            # pending: counts 0 in coverage; monitoring: outside the roll-up
            out[iid] = Figure(None, 0.0) if ind.pending else Figure(None, None)
            continue
        s = series.get(iid)
        if s is None:
            out[iid] = Figure(None, 0.0)
            continue
        ends, values = s
        i = bisect_right(ends, as_of) - 1
        if i < 0:
            out[iid] = Figure(None, 0.0)
            continue
        baseline = ind.baseline
        if baseline is None:
            j = bisect_right(ends, start) - 1
            if j < 0:
                out[iid] = Figure(None, 0.0)
                continue
            baseline = values[j]
        if target == baseline:
            out[iid] = Figure(None, 0.0)
            continue
        raw = (values[i] - baseline) / (target - baseline)
        out[iid] = Figure(0.0 if raw < 0 else 1.0 if raw > 1 else raw, 1.0)

    children: dict[str, list[tuple[str, float]]] = {r: [] for r in fw.results}
    waiting = dict.fromkeys(fw.results, 0)
    parents: dict[str, list[str]] = {r: [] for r in fw.results}
    for child, parent, weight in fw.links:
        children[parent].append((child, weight))
        parents[child].append(parent)
        waiting[parent] += 1
    ready = [r for r, n in waiting.items() if n == 0]
    while ready:
        rid = ready.pop()
        w_sum = cov_sum = a_w = a_sum = 0.0
        for iid in fw.results[rid]:
            f = out[iid]
            if f.coverage is None:
                continue
            w = fw.indicators[iid].weight
            w_sum += w
            cov_sum += w * f.coverage
            if f.value is not None:
                a_w += w
                a_sum += w * f.value
        for child, w in children[rid]:
            f = out[child]
            if f.coverage is None:
                continue
            w_sum += w
            cov_sum += w * f.coverage
            if f.value is not None:
                a_w += w
                a_sum += w * f.value
        if w_sum == 0:
            out[rid] = Figure(None, None)
        else:
            out[rid] = Figure(a_sum / a_w if a_w else None, cov_sum / w_sum)
        for parent in parents[rid]:
            waiting[parent] -= 1
            if waiting[parent] == 0:
                ready.append(parent)
    return out
