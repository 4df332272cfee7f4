"""How long the command takes to start: ``--help``, completion and a first command.

Each command line runs in a fresh process (``python -m resultsframe …``), as a user's shell
runs it, several times; the best time is kept. For reference, the floor is a bare
``python -c pass`` in the same interpreter. ``--help`` builds the parser and imports none of
the library's heavy modules (pint, networkx, numpy, cattrs …; tests/test_cli_help.py checks
that), so it should take little more than the floor; ``validate`` and ``progress`` load the
library and read the COP example. Goal: ``--help`` ≤ 0.5 s (it took 1.4–1.7 s while building
the parser imported the library through ``resultsframe.examples``).

It also prints the ten slowest imports of ``--help`` from ``python -X importtime``.

Run::

    python benchmarks/bench_cli.py            # 5 runs of each
    python benchmarks/bench_cli.py --repeat 9
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time

COMMANDS: dict[str, list[str]] = {
    "python -c pass (floor)": ["-c", "pass"],
    "resultsframe --help": ["-m", "resultsframe", "--help"],
    "resultsframe progress --help": ["-m", "resultsframe", "progress", "--help"],
    "resultsframe completion bash": ["-m", "resultsframe", "completion", "bash"],
    "resultsframe validate": ["-m", "resultsframe", "validate"],
    "resultsframe progress --as-of 2020": [
        "-m",
        "resultsframe",
        "progress",
        "--as-of",
        "2020",
        "--color",
        "never",
    ],
}


def best(argv: list[str], repeat: int) -> float:
    """The best wall-clock time of ``repeat`` runs of ``python ARGV`` in a fresh process."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, *argv], capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return min(times)


def slowest_imports(argv: list[str], shown: int = 10) -> list[tuple[int, str]]:
    """The modules whose import (with what they import) took longest, in microseconds."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], capture_output=True, text=True, check=True
    )
    found = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (part.strip() for part in line.split(":", 1)[1].split("|"))
        found.append((int(cumulative), name))
    return sorted(found, reverse=True)[:shown]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each, the best kept")
    args = parser.parse_args()
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}"
    )
    floor = None
    for name, argv in COMMANDS.items():
        seconds = best(argv, args.repeat)
        floor = seconds if floor is None else floor
        print(f"{name:<38} {seconds:6.3f} s  {seconds / floor:5.1f} × the floor")
    print("\nthe slowest imports of resultsframe --help (cumulative µs):")
    for micros, name in slowest_imports(["-m", "resultsframe", "--help"]):
        print(f"  {micros:>9,}  {name}")


if __name__ == "__main__":
    main()
