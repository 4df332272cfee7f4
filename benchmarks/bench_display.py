"""How long a notebook takes to show observations: ``_repr_html_`` on 1 000 to 1 000 000 rows.

The view counts rows, indicators, periods, reporters and areas on the numpy columns and reads
only the ten rows it shows, so its time should barely grow with the rows. The rows are the COP
example's, repeated; the floor is ``numpy.unique`` over the indicator column, the least a count
of distinct indicators costs.

    python benchmarks/bench_display.py
    python benchmarks/bench_display.py --repeat 9

Goal: 1 000 000 rows shown in under 0.2 s, and under 20 000 characters of HTML.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable

import numpy as np

import resultsframe
from resultsframe.observations import Observations


def best(action: Callable[[], object], repeat: int) -> float:
    """The best of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (the best kept)")
    args = parser.parse_args()
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load {os.getloadavg()[0]:.1f}"
    )
    fw = resultsframe.examples.load("cop")
    cop = resultsframe.examples.observations("cop")
    columns = cop._cols
    print(
        f"{'rows':>10}  {'_repr_html_':>12}  {'mime bundle':>12}  {'np.unique':>10}  {'HTML chars':>10}"
    )
    for rows in (1_000, 100_000, 1_000_000):
        obs = Observations(columns.take(np.resize(np.arange(len(columns)), rows)), fw, "bench")
        html = best(obs._repr_html_, args.repeat)
        bundle = best(obs._repr_mimebundle_, args.repeat)
        indicator = obs._cols.indicator
        floor = best(lambda: np.unique(indicator), args.repeat)  # noqa: B023 - run at once
        size = len(obs._repr_html_())
        print(f"{rows:>10,}  {html:>11.4f}s  {bundle:>11.4f}s  {floor:>9.4f}s  {size:>10,}")


if __name__ == "__main__":
    main()
