"""Benchmark: observations and a progress report as pandas and polars data frames.

Run::

    python benchmarks/bench_frames.py [--results N] [--observations M] [--repeat R]

Defaults: the synthetic framework and observations of ``bench_progress.py`` (100 000 results,
1 000 000 observations). It prints the seconds of ``observations.to_pandas()`` and
``to_polars()`` (built column by column from the numpy columns: texts decoded by code, days
from ordinals), of ``report.to_pandas()`` and ``to_polars()`` (one row per result and
indicator), and, as the floor they are read against, of ``observations.to_records()`` (one
Python dict per row, what a frame built row by row would start from). The goal: a frame of
1 000 000 observations in a few seconds, well under the records.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_progress as bench
from resultsframe.progress import assess


def main(argv: list[str] | None = None) -> int:
    """Build the synthetic data, time each frame and print the table."""
    args = bench.arguments(__doc__, argv)
    repeat = max(1, args.repeat)
    spec = bench.synthetic(args.results, args.observations)
    framework = bench.build_framework(spec)
    observations = bench.build_observations(spec, framework)
    report = assess(framework, observations, bench.AS_OF)
    print(bench.machine())
    print(f"{len(observations):,} observations, {len(list(report)):,} entries")
    rows = [
        ("observations.to_pandas()", observations.to_pandas),
        ("observations.to_polars()", observations.to_polars),
        ("report.to_pandas()", report.to_pandas),
        ("report.to_polars()", report.to_polars),
        ("observations.to_records() (floor)", observations.to_records),
    ]
    for name, make in rows:
        timing, _ = bench.best(make, repeat if "floor" not in name else 1)
        print(f"{name:<36} {timing.wall:8.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
