"""Benchmark: progress of a large synthetic framework, against a bare pure-Python pass.

Run::

    python benchmarks/bench_progress.py [--results N] [--observations M] [--repeat R] [--cold C]

Defaults: 100 000 results and 1 000 000 observations. It builds a synthetic framework (levels
impact / outcome / target / output, a DAG in which some outputs feed two targets, one targeted
indicator per target and output with a baseline and a target, some targets pending, some
monitoring indicators) and M observations (several periods per indicator), then times in one
run:

- building the framework and the :class:`~resultsframe.observations.Observations`;
- a full :func:`resultsframe.progress.assess`, cold (the first call on a framework: its
  structure, its layout and the observations' index worked out; the median of C calls, each on
  a framework and observations made afresh, default 3) and warm (a second call);
- ``bare_progress.bare_progress``: the same arithmetic over plain dicts, the floor; the script
  checks that both give the same figures;
- ``report.update(changed)`` after one observation changes: it must touch only that indicator's
  entry and its result's ancestors.

Goals (issue 12, item 4): ``assess`` warm ≤ 1 × the bare pass and cold ≤ 2 ×, both ≤ 2 s; the
incremental update ≤ 1 % of a full pass. Reading every entry of a report (each is made when first
read) is timed too. The figures are printed with the machine they were taken on.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NamedTuple, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bare_progress import BareFramework, BareIndicator, Figure, bare_progress
from resultsframe import Framework, Indicator, Link, Pending, Result, Target
from resultsframe.model import Baseline
from resultsframe.observations import Observations
from resultsframe.periods import Period
from resultsframe.progress import IndicatorProgress, ProgressReport, ResultProgress, assess

T = TypeVar("T")

START = date(2016, 1, 1)
END = date(2025, 12, 31)
AS_OF = date(2022, 12, 31)
MILESTONE = date(2020, 12, 31)
FIRST_YEAR, LAST_YEAR = 2010, 2024  # observed periods: years, or months when more are needed


class IndicatorSpec(NamedTuple):
    """One synthetic indicator, in plain values."""

    id: str
    result: str
    unit: str
    weight: float
    baseline: float | None  # declared baseline (for 2015), else None: taken from observations
    target: float | None  # None: monitoring indicator (unless pending)
    milestone: float | None  # a first target due MILESTONE, before the final one
    pending: bool


class Spec(NamedTuple):
    """The synthetic framework and observations, in plain values."""

    results: list[tuple[str, str]]  # (id, level) in the framework's order
    links: list[tuple[str, str, float]]  # (child, parent, weight)
    indicators: list[IndicatorSpec]
    rows: list[tuple[str, str, float]]  # (indicator, period text, value)


def synthetic(n_results: int, n_observations: int, seed: int = 2015) -> Spec:
    """A framework of ``n_results`` results and ``n_observations`` observations, seeded."""
    rng = random.Random(seed)
    n_outcomes = max(1, n_results // 1000)
    n_targets = max(1, n_results // 10)
    n_outputs = max(1, n_results - 1 - n_outcomes - n_targets)
    results = [("impact", "impact")]
    results += [(f"O{i}", "outcome") for i in range(n_outcomes)]
    results += [(f"T{i}", "target") for i in range(n_targets)]
    results += [(f"P{i}", "output") for i in range(n_outputs)]
    links: list[tuple[str, str, float]] = [(f"O{i}", "impact", 1.0) for i in range(n_outcomes)]
    links += [(f"T{i}", f"O{i % n_outcomes}", 2.0 if i % 7 == 0 else 1.0) for i in range(n_targets)]
    for j in range(n_outputs):
        first = j % n_targets
        links.append((f"P{j}", f"T{first}", 1.0))
        second = (j * 7 + 3) % n_targets
        if j % 10 == 0 and second != first:  # a DAG, not a tree: this output feeds two targets
            links.append((f"P{j}", f"T{second}", 0.5))

    indicators: list[IndicatorSpec] = []
    for n, (rid, level) in enumerate(results):
        if level in ("target", "output"):
            unit = "percent" if n % 5 else "case"
            base = rng.uniform(5, 40) if unit == "percent" else float(rng.randrange(100, 5000))
            gain = rng.uniform(0.3, 1.0) * (1 if n % 4 else -0.5)  # a quarter aim to decrease
            target = base * (1 + gain)
            indicators.append(
                IndicatorSpec(
                    f"{rid}.a",
                    rid,
                    unit,
                    2.0 if n % 6 == 0 else 1.0,
                    base if n % 5 != 1 else None,
                    None if n % 20 == 3 else target,
                    (base + target) / 2 if n % 10 == 7 else None,
                    n % 20 == 3,
                )
            )
        if level == "output" and n % 20 == 0:
            indicators.append(
                IndicatorSpec(f"{rid}.m", rid, "percent", 1.0, None, None, None, False)
            )

    rows: list[tuple[str, str, float]] = []
    observed = [ind for n, ind in enumerate(indicators) if n % 97 != 5]  # a few never observed
    per = n_observations / len(observed)
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    periods = [str(y) for y in years]
    if per > len(periods):
        periods = [f"{y}-{m:02d}" for y in years for m in range(1, 13)]
    quota = [int(per)] * len(observed)
    for k in rng.sample(range(len(observed)), n_observations - int(per) * len(observed)):
        quota[k] += 1
    for ind, wanted in zip(observed, quota, strict=True):
        k = min(wanted, len(periods))
        chosen = sorted(rng.sample(range(len(periods)), k))
        origin = ind.baseline if ind.baseline is not None else rng.uniform(5, 40)
        goal = ind.target if ind.target is not None else origin * 1.5
        for step, p in enumerate(chosen):
            share = step / max(1, k - 1)
            value = origin + (goal - origin) * share * rng.uniform(0.6, 1.2)
            rows.append((ind.id, periods[p], max(0.0, round(value, 3))))
    rng.shuffle(rows)
    return Spec(results, links, indicators, rows)


def build_framework(spec: Spec) -> Framework:
    """The :class:`Framework` of a spec."""
    by_result: dict[str, list[Indicator]] = {rid: [] for rid, _ in spec.results}
    for ind in spec.indicators:
        targets: tuple[Target, ...] = ()
        if ind.pending:
            targets = (Target(Pending("XX%"), due=END),)
        elif ind.target is not None:
            targets = (Target(ind.target, due=END),)
            if ind.milestone is not None:
                targets = (Target(ind.milestone, due=MILESTONE), *targets)
        by_result[ind.result].append(
            Indicator(
                ind.id,
                f"synthetic indicator {ind.id}",
                measure="share" if ind.unit == "percent" else "quantity",
                unit=ind.unit,
                baselines=(Baseline(ind.baseline, period="2015"),)
                if ind.baseline is not None
                else (),
                targets=targets,
                weight=ind.weight,
            )
        )
    results = tuple(
        Result(rid, level, f"synthetic {level} {rid}", indicators=tuple(by_result[rid]))
        for rid, level in spec.results
    )
    links = tuple(Link(c, p, w) for c, p, w in spec.links)
    return Framework("synthetic", "Synthetic framework", results, links, start=START, end=END)


def build_observations(spec: Spec, framework: Framework) -> Observations:
    """The :class:`Observations` of a spec, from Python records with parsed periods."""
    periods = {text: Period.parse(text) for text in {p for _, p, _ in spec.rows}}
    records = (
        {"indicator": indicator, "period": periods[period], "value": value}
        for indicator, period, value in spec.rows
    )
    return Observations.from_records(records, framework)


def bare_inputs(spec: Spec) -> tuple[BareFramework, dict[str, tuple[list[int], list[float]]]]:
    """The plain dicts the bare pass works on, built from the spec."""
    results: dict[str, list[str]] = {rid: [] for rid, _ in spec.results}
    indicators: dict[str, BareIndicator] = {}
    for ind in spec.indicators:
        results[ind.result].append(ind.id)
        indicators[ind.id] = BareIndicator(
            ind.result, ind.weight, ind.baseline, ind.target, ind.pending
        )
    ends: dict[str, int] = {}
    by_indicator: dict[str, list[tuple[int, float]]] = {}
    for indicator, period, value in spec.rows:
        end = ends.get(period)
        if end is None:
            end = ends[period] = Period.parse(period).end.toordinal()
        by_indicator.setdefault(indicator, []).append((end, value))
    series = {}
    for indicator, points in by_indicator.items():
        points.sort()
        series[indicator] = ([e for e, _ in points], [v for _, v in points])
    bare = BareFramework(START.toordinal(), results, indicators, spec.links)
    return bare, series


# --- timing -------------------------------------------------------------------------------


class Timing(NamedTuple):
    """Wall-clock and CPU seconds of one call."""

    wall: float
    cpu: float


def timed(fn: Callable[[], T]) -> tuple[Timing, T]:
    """Seconds of one call, after a collection so that earlier garbage is not charged to it."""
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    value = fn()
    return Timing(time.perf_counter() - start, time.process_time() - cpu), value


def best(fn: Callable[[], T], repeat: int) -> tuple[Timing, T]:
    """The fastest of ``repeat`` calls (the least disturbed by other work on the machine)."""
    runs = [timed(fn) for _ in range(repeat)]
    return min(t for t, _ in runs), runs[-1][1]


def machine() -> str:
    """CPU model, cores, Python version and load, for the figures to be read against."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 0
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{model}; nproc {cores}; Python {platform.python_version()} "
        f"({platform.python_implementation()}); load average {load}"
    )


# --- checks -------------------------------------------------------------------------------


def figure_of(entry: IndicatorProgress | ResultProgress) -> Figure:
    """The figure of an entry that the bare pass computes too."""
    if isinstance(entry, IndicatorProgress):
        return Figure(entry.achievement, entry.coverage)
    return Figure(entry.progress, entry.coverage)


def same(a: float | None, b: float | None) -> bool:
    """Equal, or equal to twelve significant digits (sums may be compensated in Python ≥ 3.12)."""
    if a is None or b is None:
        return a is b
    return a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def check_same(report: ProgressReport, bare: dict[str, Figure]) -> tuple[int, int]:
    """Assert that ``assess`` and the bare pass agree on every figure; (figures, assessable)."""
    assert len(bare) == len(report), (len(bare), len(report))
    checked = assessable = 0
    for key, figure in bare.items():
        got = figure_of(report[key])
        assert same(got.value, figure.value), (key, got, figure)
        assert same(got.coverage, figure.coverage), (key, got, figure)
        checked += 2
        assessable += got.value is not None
    return checked, assessable


def ancestors(spec: Spec, result: str) -> set[str]:
    """A result and every result it contributes to, directly or not."""
    parents: dict[str, list[str]] = {}
    for child, parent, _ in spec.links:
        parents.setdefault(child, []).append(parent)
    seen = {result}
    stack = [result]
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen


def pick_change(spec: Spec) -> tuple[str, str, float]:
    """An observation to change: the latest as of the date, of an output that feeds two targets."""
    feeds: dict[str, int] = {}
    for child, _, _ in spec.links:
        feeds[child] = feeds.get(child, 0) + 1
    pending = {ind.id for ind in spec.indicators if ind.pending or ind.target is None}
    cut = AS_OF.toordinal()
    latest: dict[str, tuple[int, str, float]] = {}
    for indicator, period, value in spec.rows:
        owner = indicator.rsplit(".", 1)[0]
        if feeds.get(owner, 0) < 2 or indicator in pending:
            continue
        end = Period.parse(period).end.toordinal()
        if end <= cut and end > latest.get(indicator, (0, "", 0.0))[0]:
            latest[indicator] = (end, period, value)
    indicator = min(latest)
    _, period, value = latest[indicator]
    return indicator, period, value + 1.0


# --- the run ------------------------------------------------------------------------------


def arguments(doc: str | None, argv: list[str] | None) -> argparse.Namespace:
    """The size and repeat arguments this benchmark and bench_polars.py take."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument("--results", type=int, default=100_000, help="number of results")
    parser.add_argument("--observations", type=int, default=1_000_000, help="number of rows")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs, the best is kept")
    parser.add_argument(
        "--cold",
        type=int,
        default=3,
        help="cold calls, each on a framework and observations made afresh; the median is kept",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build the synthetic data, time everything, check the figures and print the table."""
    args = arguments(__doc__, argv)
    repeat = max(1, args.repeat)
    as_of = AS_OF.toordinal()

    print(f"machine: {machine()}")
    t_spec, spec = timed(lambda: synthetic(args.results, args.observations))
    n_targeted = sum(1 for i in spec.indicators if i.target is not None or i.pending)
    print(
        f"synthetic data: {len(spec.results):,} results, {len(spec.links):,} links, "
        f"{len(spec.indicators):,} indicators ({n_targeted:,} targeted, "
        f"{sum(i.pending for i in spec.indicators):,} of them pending), "
        f"{len(spec.rows):,} observations; as of {AS_OF.isoformat()} "
        f"(generated in {t_spec.wall:.1f} s)"
    )
    t_framework, framework = timed(lambda: build_framework(spec))
    t_observations, observations = timed(lambda: build_observations(spec, framework))
    bare_fw, bare_series = bare_inputs(spec)

    # (a) assess: cold is the first call on this framework (its structure worked out);
    # warm the best of the calls after it.
    t_cold, report = timed(lambda: assess(framework, observations, AS_OF))
    t_warm, report = best(lambda: assess(framework, observations, AS_OF), repeat)
    # (b) the bare pass, and the check that both give the same figures.
    t_bare, bare = best(lambda: bare_progress(bare_fw, bare_series, as_of), repeat)
    checked, assessable = check_same(report, bare)
    # (b'') the same arithmetic as a plain polars pipeline (bench_polars.py), when polars is
    # installed: its frames made once (setup), then the pass, figures as a frame.
    t_polars: Timing | None = None
    try:
        from bench_polars import check_same as polars_same
        from bench_polars import polars_figures, polars_inputs, polars_progress
    except ImportError:  # polars is not installed: the row is left out
        pass
    else:
        inputs = polars_inputs(bare_fw, spec.rows)
        t_polars, _ = best(lambda: polars_figures(inputs, as_of), repeat)
        polars_same(polars_progress(bare_fw, inputs, as_of), bare)
    # (b') what reading every entry costs: each is made when first read (progress/entries.py).
    _, fresh_report = timed(lambda: assess(framework, observations, AS_OF))
    t_read, _ = timed(lambda: list(fresh_report.values()))

    # (c) one observation changes: re-assess incrementally.
    indicator, period, value = pick_change(spec)
    change = [{"indicator": indicator, "period": period, "value": value}]
    t_with, changed = timed(lambda: observations.with_rows(change))
    # The first update on new observations finds their series (an index of every row).
    t_first, updated = timed(lambda: report.update(changed))
    t_update, updated = best(lambda: report.update(changed), repeat)
    owner = indicator.rsplit(".", 1)[0]
    allowed = {indicator} | ancestors(spec, owner)
    touched = {k for k in report if updated[k] is not report[k]}
    assert touched <= allowed, sorted(touched - allowed)[:10]
    assert indicator in touched, indicator
    fresh = assess(framework, changed, AS_OF)
    for key in allowed:
        assert figure_of(updated[key]) == figure_of(fresh[key]), key
    assert report[indicator].value != updated[indicator].value

    # (a') cold again, on a framework and observations made afresh each time: one cold call
    # varies with the machine's state (memory touched for the first time, caches), by a third
    # from run to run on a quiet machine, so the figure kept is the median.
    colds = [t_cold] + [cold_call(spec) for _ in range(args.cold - 1)]
    t_cold = sorted(colds)[len(colds) // 2]

    full = t_warm.wall

    def versus(t: Timing) -> str:
        ratio = f"{t.wall / t_bare.wall:.2f}× bare (CPU {t.cpu / t_bare.cpu:.2f}×)"
        if t_polars is not None:
            ratio += f"; {t.cpu / t_polars.cpu:.2f}× polars (CPU)"
        return ratio

    def goal_assess(t: Timing, times: float) -> str:
        return f"≤ 2 s: {met(t.wall <= 2)}; ≤ {times:g}× bare: {met(t.wall <= times * t_bare.wall)}"

    rows: list[tuple[str, Timing, str, str]] = [
        ("build the framework (setup)", t_framework, "", ""),
        (f"build Observations ({len(spec.rows):,} records)", t_observations, "", ""),
        (
            f"assess, cold (first call; median of {len(colds)})",
            t_cold,
            versus(t_cold),
            goal_assess(t_cold, 2),
        ),
        (
            "assess, warm (a second call)",
            t_warm,
            versus(t_warm),
            goal_assess(t_warm, 1),
        ),
        ("bare pass (bare_progress.py)", t_bare, "1", ""),
        *(
            []
            if t_polars is None
            else [("plain polars pipeline (bench_polars.py)", t_polars, versus(t_polars), "")]
        ),
        (
            "read every entry of a report (each made)",
            t_read,
            f"{t_read.wall / t_bare.wall:.2f}× bare (CPU {t_read.cpu / t_bare.cpu:.2f}×)",
            "",
        ),
        ("Observations.with_rows (1 row replaced)", t_with, "", ""),
        ("report.update(changed), first (series found)", t_first, "", ""),
        (
            "report.update(changed)",
            t_update,
            f"{t_update.wall / full:.3%} of a warm pass",
            f"≤ 1 % of a full pass: {met(t_update.wall <= 0.01 * full)}",
        ),
    ]
    print()
    print(f"{'step':<46} {'wall s':>8} {'CPU s':>8}  {'ratio':<46} goal")
    print("-" * 140)
    for name, timing, ratio, goal in rows:
        print(f"{name:<46} {timing.wall:>8.3f} {timing.cpu:>8.3f}  {ratio:<46} {goal}")
    print()
    print(
        f"same figures: {checked:,} figures (progress or achievement, and coverage, of every "
        f"entry) agree between assess and the bare pass; {assessable:,} entries assessable"
    )
    print(
        f"update: changed {indicator} for {period}; {len(touched)} entries recomputed "
        f"({', '.join(sorted(touched))}): the indicator, its result and that result's "
        f"{len(allowed) - 2} ancestors; the same figures as a fresh assess"
    )
    print(f"cold calls (wall s): {', '.join(f'{t.wall:.3f}' for t in colds)}; the median is shown")
    print(f"wall: best of {repeat} runs (cold: see above); CPU: of that run; machine: {machine()}")
    return 0


def cold_call(spec: Spec) -> Timing:
    """One cold assess: a framework and observations made afresh, nothing of them known yet."""
    framework = build_framework(spec)
    observations = build_observations(spec, framework)
    timing, _ = timed(lambda: assess(framework, observations, AS_OF))
    return timing


def met(ok: bool) -> str:
    """How a goal is shown."""
    return "met" if ok else "MISSED"


if __name__ == "__main__":
    raise SystemExit(main())
