"""Benchmark: observations read from records, frames, parquet and CSV, checked against a framework.

Run::

    python benchmarks/bench_intake.py [--results N] [--observations M] [--repeat R] [--paths …]

Defaults: the synthetic framework of ``bench_progress.py`` with 100 000 results and 1 000 000
observations (indicator, period as text, value). Each path is timed in a process of its own
(forked after the data is built), best of ``--repeat`` runs:

- ``records``: ``Observations.from_records`` over Python dicts;
- ``polars``, ``pandas``, ``pyarrow``: ``Observations.from_frame`` on each frame;
- ``parquet``: ``Observations.from_parquet`` (polars reads it);
- ``csv``: ``Observations.from_csv`` (pyarrow reads it, polars factorises it);
- ``csv-stdlib``: the same file read by the standard library's ``csv`` module (pyarrow's
  reader switched off), as when pyarrow is not installed.

For each it prints seconds, rows per second, the bytes per observation the
:class:`~resultsframe.observations.Observations` hold (their numpy columns) and the peak
memory the intake added per observation (the process's peak resident size after, less before,
over the rows). Goal (issue 12, item 1): intake of 1 000 000 rows from a frame, a parquet or a
CSV file in under 1 s. The figures are printed with the machine they were taken on.

Against the code before columns (``PYTHONPATH`` pointing at an older checkout), the paths that
existed then are timed the same way (``parquet`` is skipped there).
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_progress import build_framework, machine, synthetic
from resultsframe import Framework
from resultsframe.observations import Observations

PATHS = ("records", "polars", "pandas", "pyarrow", "parquet", "csv", "csv-stdlib")
GOAL = 1.0  # seconds for 1 000 000 rows, frames and files


def columns_bytes(obs: Observations) -> int | None:
    """The bytes of the observations' numpy columns (None before columns)."""
    cols = getattr(obs, "_cols", None)
    arrays = [getattr(cols, name, None) for name in ("indicator", "period", "end", "value")]
    if not all(hasattr(a, "nbytes") for a in arrays):
        return None
    names = (
        "indicator", "period", "end", "value", "numerator", "denominator", "area",
        "dimensions", "src", "note", "text", "published", "kind",
    )  # fmt: skip
    return int(sum(getattr(cols, n).nbytes for n in names))


def reader(
    path: str, data: dict[str, Any], files: dict[str, Path], fw: Framework
) -> Callable[[], Observations] | None:
    """How a path reads the data; None when this version of resultsframe cannot."""
    if path == "records":
        rows = data["records"]
        return lambda: Observations.from_records(rows, fw)
    if path in ("polars", "pandas", "pyarrow"):
        frame = data[path]
        return lambda: Observations.from_frame(frame, fw)
    if path == "parquet":
        if not hasattr(Observations, "from_parquet"):
            return None
        return lambda: Observations.from_parquet(files["parquet"], fw)
    if path == "csv":
        return lambda: Observations.from_csv(files["csv"], fw)
    if path == "csv-stdlib":
        try:
            from resultsframe.observations import readers
        except ImportError:  # pragma: no cover - an older layout
            return None
        if hasattr(readers, "read_csv_engine"):
            readers.read_csv_engine = lambda data, header: None
        return lambda: Observations.from_csv(files["csv"], fw)
    raise ValueError(path)


def run(
    path: str,
    data: dict[str, Any],
    files: dict[str, Path],
    fw: Framework,
    repeat: int,
    out: Any,
) -> None:
    """Time one path in this (forked) process and send the figures back."""
    read = reader(path, data, files, fw)
    if read is None:
        out.send(None)
        return
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    best = float("inf")
    obs = None
    for _ in range(repeat):
        obs = None
        start = time.perf_counter()
        obs = read()
        best = min(best, time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert obs is not None
    out.send((best, len(obs), columns_bytes(obs), (peak - before) * 1024))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=100_000)
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--paths", nargs="*", default=list(PATHS), choices=PATHS)
    args = parser.parse_args(argv)

    import pandas as pd  # type: ignore[import-untyped]
    import polars as pl
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    print(f"machine: {machine()}")
    start = time.perf_counter()
    spec = synthetic(args.results, args.observations)
    fw = build_framework(spec)
    columns = {
        "indicator": [r[0] for r in spec.rows],
        "period": [r[1] for r in spec.rows],
        "value": [r[2] for r in spec.rows],
    }
    data: dict[str, Any] = {
        "records": [{"indicator": i, "period": p, "value": v} for i, p, v in spec.rows],
        "polars": pl.DataFrame(columns),
        "pandas": pd.DataFrame(columns),
        "pyarrow": pa.table(columns),
    }
    tmp = Path(tempfile.mkdtemp(prefix="bench-intake-"))
    files = {"parquet": tmp / "observations.parquet", "csv": tmp / "observations.csv"}
    pq.write_table(data["pyarrow"], files["parquet"])
    with files["csv"].open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["indicator", "period", "value"])
        writer.writerows(spec.rows)
    n = len(spec.rows)
    print(
        f"synthetic data: {len(spec.indicators):,} indicators, {n:,} observations "
        f"(indicator, period, value); CSV {files['csv'].stat().st_size / 2**20:.1f} MiB, "
        f"parquet {files['parquet'].stat().st_size / 2**20:.1f} MiB "
        f"(built in {time.perf_counter() - start:.1f} s)"
    )
    print()
    print(f"{'path':<12} {'seconds':>8} {'rows/s':>12} {'held B/obs':>11} {'peak B/obs':>11}  goal")
    print("-" * 72)
    context = multiprocessing.get_context("fork")
    for path in args.paths:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=run, args=(path, data, files, fw, args.repeat, send))
        child.start()
        found = receive.recv()
        child.join()
        if found is None:
            print(f"{path:<12} {'—':>8}  (not in this version)")
            continue
        seconds, rows, held, peak = found
        assert rows == n, (path, rows, n)
        goal = ""
        if path not in {"records", "csv-stdlib"}:
            goal = (
                f"< {GOAL * n / 1_000_000:g} s: {'met' if seconds < GOAL * n / 1e6 else 'MISSED'}"
            )
        held_text = f"{held / n:.1f}" if held is not None else "—"
        print(
            f"{path:<12} {seconds:>8.3f} {n / seconds:>12,.0f} {held_text:>11} "
            f"{peak / n:>11.1f}  {goal}"
        )
    print()
    print(f"best of {args.repeat} runs per path, each in its own process; machine: {machine()}")
    for file in files.values():
        file.unlink()
    tmp.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
