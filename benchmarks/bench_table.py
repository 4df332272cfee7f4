"""How fast the logframe matrix is written, and how levels scale.

- ``table.to_csv`` on the synthetic frameworks of ``bench_document.py`` (1,000, 10,000 and
  100,000 results, each with an indicator, a baseline and a target, linked upward), against
  the ``csv`` module writing the same rows (made beforehand by ``table.to_rows``) for
  reference. It took minutes for
  100,000 results while each row searched every link for its parents. Goal: 100,000 results in
  ≤ 10 s, and time growing with the results, not their square (≤ 15 × from 10,000 to 100,000).
- Levels: a framework on a chain of N results each on a level of its own (N levels, N - 1 links
  checked for going upward), and reading its table back with the levels listed bottom first
  (worked out from the links). Goal: ≤ 15 × from N = 1,000 to N = 10,000 (linear, with room for
  the machine); 4,000 levels took 516 s to read before.

Run::

    python benchmarks/bench_table.py                 # 1k, 10k, 100k results
    python benchmarks/bench_table.py 1000 10000      # chosen sizes
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_document import synthetic
from resultsframe import Framework, LevelScheme, Link, Result, table


def best(run: Callable[[], object], repeat: int) -> float:
    """The best wall-clock time of ``repeat`` runs, with the garbage collector off."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
        gc.enable()
    return min(times)


def floor(names: list[str], rows: list[dict[str, table.Cell]]) -> str:
    """The csv module writing the matrix's rows, already made: the least writing can cost."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(names)
    writer.writerows([row[name] for name in names] for row in rows)
    return out.getvalue()


def chain(n: int) -> Framework:
    """N results r0 ← r1 ← … each on a level of its own, listed bottom first."""
    levels = LevelScheme("many", [f"l{i}" for i in range(n)])
    results = [Result(f"r{i}", f"l{i}", f"Result {i}") for i in reversed(range(n))]
    links = [Link(f"r{i + 1}", f"r{i}") for i in range(n - 1)]
    return Framework("chain", "Chain", levels=levels, results=results, links=links)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10_000, 100_000])
    parser.add_argument("--levels", nargs="*", type=int, default=[1000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'results':>9} {'to_csv s':>9} {'csv module s':>13} {'ratio':>6}")
    seconds: dict[int, float] = {}
    for size in args.sizes:
        framework = synthetic(size)
        repeat = args.repeat if size < 100_000 else 1
        seconds[size] = best(lambda: table.to_csv(framework), repeat)  # noqa: B023
        names, rows = table.headers(framework), table.to_rows(framework)
        base = best(lambda: floor(names, rows), repeat)  # noqa: B023
        print(f"{size:>9,} {seconds[size]:>9.2f} {base:>13.2f} {seconds[size] / base:>6.1f}")
    if 100_000 in seconds:
        verdict = "met" if seconds[100_000] <= 10 else "NOT met"
        print(f"goal 100,000 results ≤ 10 s: {seconds[100_000]:.1f} s, {verdict}")
    if 10_000 in seconds and 100_000 in seconds:
        growth = seconds[100_000] / seconds[10_000]
        print(
            f"goal growth 10k → 100k ≤ 15 ×: {growth:.1f} ×, {'met' if growth <= 15 else 'NOT met'}"
        )

    print(f"\n{'levels':>9} {'framework s':>12} {'read back s':>12}")
    times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for n in args.levels:
            made = best(lambda: chain(n), 1)  # noqa: B023
            framework = chain(n)
            path = Path(folder, f"chain-{n}.csv")
            table.write(framework, path)
            times[n] = best(lambda: table.read(path, id="chain", title="Chain"), 1)  # noqa: B023
            assert (
                table.read(path, id="chain", title="Chain").levels.levels == framework.levels.levels
            )
            print(f"{n:>9,} {made:>12.2f} {times[n]:>12.2f}")
    if len(times) >= 2:
        small, large = min(times), max(times)
        growth = times[large] / times[small]
        limit = 1.5 * large / small
        verdict = "met" if growth <= limit else "NOT met"
        print(
            f"goal growth {small:,} → {large:,} levels ≤ {limit:.0f} ×: {growth:.1f} ×, {verdict}"
        )


if __name__ == "__main__":
    main()
