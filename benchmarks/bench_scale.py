"""Benchmark: ten million observations in a parquet file, assessed read whole and pushed down.

Run::

    python benchmarks/bench_scale.py [--results N] [--observations M] [--paths …] [--keep FILE]

Defaults: the synthetic framework of ``bench_progress.py`` with 100 000 results (104 393
indicators) and 10 000 000 observations (indicator, period as text, value) written to a parquet
file. The rows are made as ``bench_progress.synthetic`` makes them (the same indicators observed,
the same number of rows for each, give or take one, monthly periods from 2010 to 2024 chosen at
random, values going from the baseline towards the target), with numpy rather than a loop in
Python, so that ten million take seconds. The file is then assessed as of the end of 2022, each
path in a process of its own (started afresh, not forked: polars' threads do not survive a fork
once they have worked; each builds the framework again from the seed), so that one path's
memory is not another's:

- ``whole``: ``Observations.from_parquet`` reads every row, then ``assess``;
- ``polars``: the push-down on ``pl.scan_parquet(file)`` (screen and reduction in polars; what
  ``assess`` does with a frame), then ``assess`` on the rows kept;
- ``duckdb``: the same on ``duckdb.connect().read_parquet(file)`` (a relation of an in-memory
  DuckDB database).

For each it prints the seconds (reading the rows and assessing them apart; wall clock, and CPU
time of the process, every thread, which a loaded machine disturbs less), the rows kept, and
the peak memory the step added: the process's peak resident size over the step (VmHWM, reset
just before it through ``/proc/self/clear_refs``) less its size before it (VmRSS), in all and
per observation in the file. It checks that every
path gives the same figures (status, value, achievement or progress, and coverage of every
entry). In each process the framework's structure is worked out before the timing starts (an
``assess`` on no observations), so each path is timed on its data alone.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
import polars as pl

from bench_progress import (
    AS_OF,
    FIRST_YEAR,
    LAST_YEAR,
    Spec,
    build_framework,
    machine,
    synthetic,
)
from resultsframe import Observations, assess
from resultsframe.progress import IndicatorProgress, ProgressReport
from resultsframe.progress.pushdown import push_down

PATHS = ("whole", "polars", "duckdb")


def write_rows(spec: Spec, n_observations: int, path: Path, seed: int = 2015) -> int:
    """Write ``n_observations`` rows of the spec's indicators to a parquet file; the rows.

    ``bench_progress.synthetic``'s rows, made with numpy: the indicators it observes (all but
    every 97th), an even share of the rows each (the remainder to indicators drawn at random),
    the periods of each drawn at random without repeats (years, or months when there are more
    rows than years), the values from the declared baseline (else a random start) towards the
    target (else half as much again), rounded to three places and never below 0; shuffled.
    """
    rng = np.random.default_rng(seed)
    observed = [ind for n, ind in enumerate(spec.indicators) if n % 97 != 5]
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    periods = [str(y) for y in years]
    per = n_observations / len(observed)
    if per > len(periods):
        periods = [f"{y}-{m:02d}" for y in years for m in range(1, 13)]
    n_ind, n_per = len(observed), len(periods)
    quota = np.full(n_ind, int(per), dtype=np.int64)
    extra = rng.choice(n_ind, size=n_observations - int(per) * n_ind, replace=False)
    quota[extra] += 1
    quota = np.minimum(quota, n_per)
    # each indicator's periods: the first quota[i] of a random order of all periods
    rank = np.argsort(rng.random((n_ind, n_per)), axis=1).argsort(axis=1)
    chosen = rank < quota[:, None]
    row_of, period_of = np.nonzero(chosen)  # by indicator, then period: in time order
    step = (np.cumsum(chosen, axis=1) - 1)[chosen]
    del rank, chosen
    share = step / np.maximum(1, quota[row_of] - 1)
    starts = np.array(
        [ind.baseline if ind.baseline is not None else np.nan for ind in observed], dtype=float
    )
    unset = np.isnan(starts)
    starts[unset] = rng.uniform(5, 40, size=int(unset.sum()))
    goals = np.array(
        [ind.target if ind.target is not None else np.nan for ind in observed], dtype=float
    )
    goals = np.where(np.isnan(goals), starts * 1.5, goals)
    origin, goal = starts[row_of], goals[row_of]
    values = origin + (goal - origin) * share * rng.uniform(0.6, 1.2, size=len(row_of))
    values = np.maximum(0.0, np.round(values, 3))
    order = rng.permutation(len(row_of))
    frame = pl.DataFrame(
        {
            "indicator": pl.Series([ind.id for ind in observed]).gather(row_of[order]),
            "period": pl.Series(periods).gather(period_of[order]),
            "value": values[order],
        }
    )
    frame.write_parquet(path)
    return frame.height


def figures(report: ProgressReport) -> list[tuple[Any, ...]]:
    """What must agree between the paths: each entry's status, value, achievement or progress
    and coverage."""
    out: list[tuple[Any, ...]] = []
    for key in report:
        entry = report[key]
        if isinstance(entry, IndicatorProgress):
            out.append((key, entry.status, entry.value, entry.achievement, entry.coverage))
        else:
            out.append((key, entry.status, None, entry.progress, entry.coverage))
    return out


def resident() -> tuple[int, int]:
    """The process's resident size now and its peak since the last reset, in bytes.

    From ``/proc/self/status`` (VmRSS, VmHWM) on Linux; elsewhere the peak of ``getrusage``
    stands for both.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        return peak, peak
    kb = {
        line.split(":")[0]: int(line.split()[1]) * 1024
        for line in status.splitlines()
        if line.startswith(("VmRSS:", "VmHWM:"))
    }
    return kb["VmRSS"], kb["VmHWM"]


def reset_peak() -> bool:
    """Reset the process's peak resident size to its size now (Linux ≥ 4.0); whether it was."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def run(path: str, file: Path, n_results: int, out: Any) -> None:
    """Assess the file one way in this (fresh) process and send the figures back.

    The peak memory the step added is its peak resident size less the size before it: the
    peak is reset first, else the setup (building the framework) would hide a smaller step.
    """
    framework = build_framework(synthetic(n_results, 0))
    assess(framework, Observations.from_records([], framework), AS_OF)  # its structure
    gc.collect()
    reset = reset_peak()
    before, peak_before = resident()
    start, cpu = time.perf_counter(), time.process_time()
    if path == "whole":
        observations = Observations.from_parquet(file, framework)
    elif path == "polars":
        observations = push_down(framework, pl.scan_parquet(file), [AS_OF]).observations
    elif path == "duckdb":
        import duckdb

        relation = duckdb.connect().read_parquet(str(file))
        observations = push_down(framework, relation, [AS_OF]).observations
    else:  # pragma: no cover - argparse keeps to PATHS
        raise ValueError(path)
    read, read_cpu = time.perf_counter() - start, time.process_time() - cpu
    report = assess(framework, observations, AS_OF)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    _, peak = resident()
    if not reset and peak == peak_before:  # the step's peak is hidden by the setup's
        peak = 0
    out.send((seconds, read, cpu, read_cpu, len(observations), peak - before, figures(report)))


def main(argv: list[str] | None = None) -> int:
    """Write the file, assess it every way, check the figures and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=100_000)
    parser.add_argument("--observations", type=int, default=10_000_000)
    parser.add_argument("--paths", nargs="*", default=list(PATHS), choices=PATHS)
    parser.add_argument("--keep", type=Path, help="write the parquet file here and keep it")
    args = parser.parse_args(argv)

    print(f"machine: {machine()}")
    start = time.perf_counter()
    spec = synthetic(args.results, 0)
    framework = build_framework(spec)
    tmp = None
    if args.keep is not None:
        file = args.keep
    else:
        tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
        file = tmp / "observations.parquet"
    n = write_rows(spec, args.observations, file)
    built = time.perf_counter() - start
    del spec
    print(
        f"synthetic data: {len(framework.results):,} results, "
        f"{len(framework.indicators):,} indicators, {n:,} observations (indicator, period, "
        f"value) in a parquet file of {file.stat().st_size / 2**20:.1f} MiB "
        f"(made in {built:.1f} s); as of {AS_OF.isoformat()}"
    )
    print()
    header = (
        f"{'path':<8} {'seconds':>8} {'read':>8} {'assess':>8} {'CPU s':>7} {'read':>7} "
        f"{'assess':>7} {'rows kept':>11} {'peak MiB':>9} {'peak B/obs':>11}"
    )
    print(header)
    print("-" * len(header))
    context = multiprocessing.get_context("spawn")
    reference: list[tuple[Any, ...]] | None = None
    for path in args.paths:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=run, args=(path, file, args.results, send))
        child.start()
        seconds, read, cpu, read_cpu, kept, peak, found = receive.recv()
        child.join()
        print(
            f"{path:<8} {seconds:>8.2f} {read:>8.2f} {seconds - read:>8.2f} {cpu:>7.2f} "
            f"{read_cpu:>7.2f} {cpu - read_cpu:>7.2f} {kept:>11,} "
            f"{peak / 2**20:>9.0f} {peak / n:>11.1f}"
        )
        if reference is None:
            reference = found
        else:
            assert found == reference, f"{path}: figures differ from {args.paths[0]}"
    print()
    if len(args.paths) > 1:
        print(f"figures: the same on every path ({len(reference or ()):,} entries)")
    print(
        "read: the rows into Observations (whole: every row; polars, duckdb: the push-down, "
        "screen and reduction in the engine, and the rows kept); assess: on those rows; "
        "seconds: wall clock; CPU s: of this process, every thread (polars and DuckDB use "
        "several)"
    )
    print(f"one run per path, each in its own process; machine: {machine()}")
    if tmp is not None:
        file.unlink()
        tmp.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
