"""How fast the JSON document layer is, against the json module on the same document.

Synthetic frameworks of 1,000, 10,000 and 100,000 results (an impact, outcomes, targets and
outputs linked upward), each result with an indicator with a baseline and a target (one target
in ten pending). For each size, in one run:

- ``dumps`` against ``json.dumps`` of the same document with the same options (indented, not
  ASCII-escaped: the very same bytes), and against ``json.dumps`` with its compact defaults
  (which uses the C encoder), for reference;
- ``loads`` (``max_bytes=None``: every check, building the frozen model and validating the
  framework) against ``json.loads`` of the same text plus a plain Python walk that touches every
  value of the parsed dicts.

Goals: loads ≤ 5 × (parse + walk); dumps ≤ 3 × json.dumps. Run::

    python benchmarks/bench_document.py            # 1k, 10k, 100k
    python benchmarks/bench_document.py 1000 10000 # chosen sizes
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from resultsframe import Framework, Indicator, Result, Target, document
from resultsframe.model import Baseline, Link, Measure
from resultsframe.periods import Period
from resultsframe.units import parse_unit, registry
from resultsframe.values import Pending


def synthetic(size: int) -> Framework:
    """A framework of ``size`` results: 1 impact, ~10 % outcomes, ~30 % targets, the rest outputs."""
    reg = registry()
    percent = parse_unit("percent")
    baseline_period = Period.parse("2015")
    due = date(2020, 12, 31)
    outcomes = max(1, size // 10)
    targets = max(1, size * 3 // 10)
    results = []
    links = []
    for n in range(size):
        if n == 0:
            level, parent = "impact", None
        elif n <= outcomes:
            level, parent = "outcome", "r0"
        elif n <= outcomes + targets:
            level, parent = "target", f"r{1 + n % outcomes}"
        else:
            level, parent = "output", f"r{1 + outcomes + n % targets}"
        target_value: Any = (
            Pending("XX%", percent) if n % 10 == 0 else reg.Quantity(50 + n % 50, percent)
        )
        indicator = Indicator(
            f"i{n}",
            f"share of countries meeting condition {n}",
            Measure.SHARE,
            percent,
            baselines=(Baseline(reg.Quantity(n % 40 + 0.5, percent), baseline_period),),
            targets=(Target(target_value, due),),
        )
        results.append(
            Result(f"r{n}", level, f"Result number {n} is achieved", indicators=(indicator,))
        )
        if parent is not None:
            links.append(Link(f"r{n}", parent))
    return Framework(
        "bench", f"Synthetic framework of {size} results", tuple(results), links=tuple(links)
    )


def walk(value: Any) -> int:
    """Touch every value of a parsed JSON document; the count keeps the work from being skipped."""
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def best(function: Callable[[], object], repeat: int) -> float:
    """The best of ``repeat`` timings, with the garbage collector on as in real use.

    Timings are the CPU time of this process, so that other work on a shared machine does not
    count; everything timed runs in this one thread.
    """
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            names = [
                line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")
            ]
        model = names[0] if names else model
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({model}), {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()} ({platform.python_implementation()})"
    )


def measure(size: int) -> tuple[int, float, float, float, float, float, float]:
    """Bytes and timings for one size: dumps, json.dumps, compact json.dumps, loads, parse, walk."""
    framework = synthetic(size)
    repeat = 3 if size <= 10_000 else 1
    text = document.dumps(framework)
    parsed = json.loads(text)
    assert json.dumps(parsed, ensure_ascii=False, indent=2) + "\n" == text  # the very same bytes
    assert document.loads(text, max_bytes=None) == framework
    return (
        len(text.encode()),
        best(lambda: document.dumps(framework), repeat),
        best(lambda: json.dumps(parsed, ensure_ascii=False, indent=2), repeat),
        best(lambda: json.dumps(parsed), repeat),
        best(lambda: document.loads(text, max_bytes=None), repeat),
        best(lambda: json.loads(text), repeat),
        best(lambda: walk(parsed), repeat),
    )


def main(sizes: list[int]) -> None:
    print(f"machine: {machine()}")
    header = (
        f"{'results':>8} {'bytes':>12} │ {'dumps':>8} {'json.dumps':>10} {'ratio':>6} {'compact':>8} │ "
        f"{'loads':>8} {'parse':>8} {'walk':>8} {'ratio':>6}"
    )
    print(header)
    print("─" * len(header))
    verdicts = []
    for size in sizes:
        size_bytes, t_dumps, t_json_dumps, t_compact, t_loads, t_parse, t_walk = measure(size)
        dump_ratio = t_dumps / t_json_dumps
        load_ratio = t_loads / (t_parse + t_walk)
        print(
            f"{size:>8,} {size_bytes:>12,} │ {t_dumps:>7.3f}s {t_json_dumps:>9.3f}s "
            f"{dump_ratio:>5.2f}× {t_compact:>7.3f}s │ {t_loads:>7.3f}s {t_parse:>7.3f}s "
            f"{t_walk:>7.3f}s {load_ratio:>5.2f}×",
            flush=True,
        )
        verdicts.append((size, dump_ratio, load_ratio))
    print()
    print(
        "dumps ratio: dumps ÷ json.dumps with the same options (goal ≤ 3×); compact: json.dumps()"
    )
    print("loads ratio: loads ÷ (json.loads + walk over the parsed dicts) (goal ≤ 5×)")
    print("times: CPU seconds of this process, best of 3 (of 1 for 100,000 results)")
    for size, dump_ratio, load_ratio in verdicts:
        dump_ok = "met" if dump_ratio <= 3 else "MISSED"
        load_ok = "met" if load_ratio <= 5 else "MISSED"
        print(
            f"{size:>8,} results: dump goal {dump_ok} ({dump_ratio:.2f}×), "
            f"load goal {load_ok} ({load_ratio:.2f}×)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Time dumps/loads against json.dumps/json.loads.")
    parser.add_argument(
        "sizes", nargs="*", type=int, help="numbers of results (default 1k 10k 100k)"
    )
    main(parser.parse_args().sizes or [1_000, 10_000, 100_000])
