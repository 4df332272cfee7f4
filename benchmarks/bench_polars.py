"""Benchmark: the arithmetic of ``bare_progress.py`` as a plain polars pipeline.

Run::

    python benchmarks/bench_polars.py [--results N] [--observations M] [--repeat R]

Defaults: the synthetic framework and observations of ``bench_progress.py`` (100 000 results,
1 000 000 observations). It computes, with polars and none of the library, the figures the bare
pass (``bare_progress.py``) computes in Python:

- the value of each indicator as of the date: of its rows whose period ends on or before it,
  the last by period end (a ``group_by`` over the rows left by a filter);
- the baseline: the declared one, else the value of the latest row ending on or before the
  framework's start (the same ``group_by``);
- achievement ``(value − baseline) / (target − baseline)`` clipped to [0, 1], with coverage 1,
  or no achievement and coverage 0 (pending, unmeasured, no baseline, target equal to the
  baseline), or outside the roll-up (a monitoring indicator);
- the roll-up level by level: each result's height over the links (0 for a result no other
  contributes to, else one more than its highest contributor's, found with joins until it no
  longer changes), then, height after height, the weighted mean of its inputs' figures (its
  indicators with their weights, the results contributing to it with the links' weights) and
  of their coverage, with a ``group_by`` over the inputs.

It prints the seconds of the bare pass, of the polars pipeline (figures as a frame) and of the
pipeline turned into the bare pass's dict, and checks that both give the same figures (equal,
or equal to twelve significant digits: polars sums in another order). ``polars_progress`` is
what ``bench_progress.py`` can call to print the pipeline beside ``assess``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

import polars as pl

from bare_progress import BareFramework, Figure, bare_progress
from bench_progress import AS_OF, arguments, bare_inputs, best, machine, same, synthetic, timed
from resultsframe.periods import Period

__all__ = ["PolarsInputs", "polars_figures", "polars_inputs", "polars_progress"]


class PolarsInputs(NamedTuple):
    """The frames the pipeline works on, made once from the bare pass's inputs."""

    start: int  # date.toordinal() of the framework's first day
    rows: pl.DataFrame  # indicator, end (ordinal), value
    indicators: pl.DataFrame  # id, result, weight, baseline, target, pending
    edges: pl.DataFrame  # parent, child, weight: a result's indicators, then its contributors
    results: pl.DataFrame  # id, height


def polars_inputs(
    fw: BareFramework, rows: Sequence[tuple[str, str, float]] | pl.DataFrame
) -> PolarsInputs:
    """Frames of a framework and its rows (indicator, period as text, value).

    Each distinct period is read once with :meth:`Period.parse` for its last day; the results'
    heights over the links are worked out here, once per framework, as the library works out
    its structure once.
    """
    if not isinstance(rows, pl.DataFrame):
        rows = pl.DataFrame(
            {
                "indicator": [r[0] for r in rows],
                "period": [r[1] for r in rows],
                "value": [r[2] for r in rows],
            },
            schema={"indicator": pl.String, "period": pl.String, "value": pl.Float64},
        )
    periods = rows.get_column("period").unique().to_list()
    ends = {p: Period.parse(p).end.toordinal() for p in periods}
    observed = rows.select(
        "indicator",
        pl.col("period").replace_strict(ends, return_dtype=pl.Int32).alias("end"),
        pl.col("value").cast(pl.Float64),
    )
    ids = list(fw.indicators)
    specs = fw.indicators.values()
    indicators = pl.DataFrame(
        {
            "id": ids,
            "result": [i.result for i in specs],
            "weight": [i.weight for i in specs],
            "baseline": [i.baseline for i in specs],
            "target": [i.target for i in specs],
            "pending": [i.pending for i in specs],
        },
        schema={
            "id": pl.String,
            "result": pl.String,
            "weight": pl.Float64,
            "baseline": pl.Float64,
            "target": pl.Float64,
            "pending": pl.Boolean,
        },
    )
    links = pl.DataFrame(
        {
            "parent": [p for _, p, _ in fw.links],
            "child": [c for c, _, _ in fw.links],
            "weight": [w for _, _, w in fw.links],
        },
        schema={"parent": pl.String, "child": pl.String, "weight": pl.Float64},
    )
    edges = pl.concat(
        [indicators.select(parent="result", child="id", weight="weight"), links], how="vertical"
    )
    results = pl.DataFrame({"id": list(fw.results)}, schema={"id": pl.String})
    height = results.with_columns(height=pl.lit(0, pl.Int32))
    while True:  # one more than the highest contributor, until nothing changes (a DAG: ends)
        above = (
            links.join(height, left_on="child", right_on="id")
            .group_by("parent")
            .agg(up=pl.col("height").max() + 1)
        )
        new = (
            height.join(above, left_on="id", right_on="parent", how="left")
            .select("id", height=pl.max_horizontal("height", pl.col("up").fill_null(0)))
            .cast({"height": pl.Int32})
        )
        if new.get_column("height").equals(height.get_column("height")):
            break
        height = new
    return PolarsInputs(fw.start, observed, indicators, edges, height)


def _latest(rows: pl.DataFrame, cut: int, name: str) -> pl.DataFrame:
    """Each indicator's value of its last row ending on or before ``cut``, as ``name``.

    The last by period end, then by value, as the bare pass's ``bisect`` over sorted pairs.
    """
    return (
        rows.filter(pl.col("end") <= cut)
        .group_by("indicator")
        .agg(pl.col("value").sort_by("end", "value").last().alias(name))
    )


def polars_figures(inputs: PolarsInputs, as_of: int) -> pl.DataFrame:
    """Every indicator's and result's figure: columns id, value, coverage (nulls for None)."""
    ind = (
        inputs.indicators.join(
            _latest(inputs.rows, as_of, "latest"), left_on="id", right_on="indicator", how="left"
        )
        .join(
            _latest(inputs.rows, inputs.start, "first"),
            left_on="id",
            right_on="indicator",
            how="left",
        )
        .with_columns(base=pl.coalesce("baseline", "first"))
    )
    assessable = (
        pl.col("target").is_not_null()
        & pl.col("latest").is_not_null()
        & pl.col("base").is_not_null()
        & (pl.col("target") != pl.col("base"))
    )
    raw = (pl.col("latest") - pl.col("base")) / (pl.col("target") - pl.col("base"))
    figures = ind.select(
        "id",
        value=pl.when(assessable).then(raw.clip(0.0, 1.0)),
        coverage=pl.when(assessable)
        .then(1.0)
        .when(pl.col("target").is_not_null() | pl.col("pending"))
        .then(0.0),
    )
    heights = inputs.results
    top = heights.get_column("height").max()
    assert isinstance(top, int)
    for level in range(top + 1):
        here = heights.filter(pl.col("height") == level).select("id")
        inputs_here = (
            inputs.edges.join(here, left_on="parent", right_on="id", how="semi")
            .join(figures, left_on="child", right_on="id")
            .filter(pl.col("coverage").is_not_null())
        )
        w, v = pl.col("weight"), pl.col("value")
        sums = inputs_here.group_by("parent").agg(
            w_sum=w.sum(),
            cov_sum=(w * pl.col("coverage")).sum(),
            a_w=w.filter(v.is_not_null()).sum(),
            a_sum=(w * v).filter(v.is_not_null()).sum(),
        )
        done = here.join(sums, left_on="id", right_on="parent", how="left").select(
            "id",
            value=pl.when((pl.col("w_sum") != 0) & (pl.col("a_w") != 0)).then(
                pl.col("a_sum") / pl.col("a_w")
            ),
            coverage=pl.when(pl.col("w_sum") != 0).then(pl.col("cov_sum") / pl.col("w_sum")),
        )
        figures = pl.concat([figures, done], how="vertical")
    return figures


def polars_progress(
    fw_data: BareFramework,
    rows: Sequence[tuple[str, str, float]] | pl.DataFrame | PolarsInputs,
    as_of: date | int,
) -> dict[str, Figure]:
    """Every indicator's and result's figure as of ``as_of``, computed with polars.

    Args:
        fw_data: The framework as the bare pass takes it (``bench_progress.bare_inputs``).
        rows: The observations (indicator, period as text, value), as tuples or a polars frame
            with those columns, or the frames already made by :func:`polars_inputs`.
        as_of: A date, or its ``toordinal()``.

    Returns:
        The bare pass's dict: id → ``Figure(value, coverage)`` (an indicator's clipped
        achievement or a result's progress, None where there is none).
    """
    inputs = rows if isinstance(rows, PolarsInputs) else polars_inputs(fw_data, rows)
    cut = as_of.toordinal() if isinstance(as_of, date) else as_of
    frame = polars_figures(inputs, cut)
    return {
        key: Figure(value, coverage)
        for key, value, coverage in zip(
            frame.get_column("id").to_list(),
            frame.get_column("value").to_list(),
            frame.get_column("coverage").to_list(),
            strict=True,
        )
    }


def check_same(got: Mapping[str, Figure], bare: Mapping[str, Figure]) -> int:
    """Assert that the pipeline and the bare pass agree on every figure; the figures checked."""
    assert len(got) == len(bare), (len(got), len(bare))
    for key, figure in bare.items():
        mine = got[key]
        assert same(mine.value, figure.value), (key, mine, figure)
        assert same(mine.coverage, figure.coverage), (key, mine, figure)
    return 2 * len(bare)


def main(argv: list[str] | None = None) -> int:
    """Build the synthetic data, time the bare pass and the pipeline, check the figures."""
    args = arguments(__doc__, argv)
    repeat = max(1, args.repeat)
    as_of = AS_OF.toordinal()

    print(f"machine: {machine()}")
    spec = synthetic(args.results, args.observations)
    bare_fw, bare_series = bare_inputs(spec)
    print(
        f"synthetic data: {len(spec.results):,} results, {len(spec.indicators):,} indicators, "
        f"{len(spec.rows):,} observations; as of {AS_OF.isoformat()}"
    )
    frame = pl.DataFrame(
        {
            "indicator": [r[0] for r in spec.rows],
            "period": [r[1] for r in spec.rows],
            "value": [r[2] for r in spec.rows],
        }
    )
    t_inputs, inputs = best(lambda: polars_inputs(bare_fw, frame), repeat)
    t_bare, bare = best(lambda: bare_progress(bare_fw, bare_series, as_of), repeat)
    t_frame, _ = best(lambda: polars_figures(inputs, as_of), repeat)
    t_dict, got = best(lambda: polars_progress(bare_fw, inputs, as_of), repeat)
    checked = check_same(got, bare)
    _, cold = timed(lambda: polars_progress(bare_fw, frame, AS_OF))
    check_same(cold, bare)

    print()
    print(f"{'step':<52} {'wall s':>8} {'CPU s':>8}  ratio")
    print("-" * 84)
    steps = [
        ("polars inputs (frames, period ends, heights; setup)", t_inputs, ""),
        ("bare pass (bare_progress.py)", t_bare, "1"),
        ("polars pipeline, figures as a frame", t_frame, f"{t_frame.wall / t_bare.wall:.2f}×"),
        ("polars pipeline, figures as the bare pass's dict", t_dict, f"{t_dict.wall / t_bare.wall:.2f}×"),
    ]  # fmt: skip
    for name, timing, ratio in steps:
        print(f"{name:<52} {timing.wall:>8.3f} {timing.cpu:>8.3f}  {ratio}")
    print()
    print(f"same figures: {checked:,} figures agree between the polars pipeline and the bare pass")
    print(f"wall: best of {repeat} runs; CPU: of that run; machine: {machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
