"""Read a synthetic IATI file of about 100 MB streaming, and show that memory stays bounded.

    python benchmarks/bench_iati.py            # files of 25 and 100 MB
    python benchmarks/bench_iati.py --mb 10 40

Each file is made in a temporary folder (written as it is made, never held in memory), then read
with ``resultsframe.iati.read_iter`` in a fresh process, twice: once timed, reporting the
process's peak resident memory (``resource.getrusage``, which counts lxml's C memory too), once
under ``tracemalloc`` for the peak of Python's own allocations. Bounded memory shows as the same
peaks for a file four times larger.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

_INDICATOR = """   <indicator measure="{measure}" ascending="{ascending}">
    <title><narrative>Indicator {n} of activity {a}</narrative>
     <narrative xml:lang="fr">Indicateur {n} de l'activité {a}</narrative></title>
    <description><narrative>People reached by the service, counted at the end of each year.</narrative></description>
    <reference vocabulary="99" code="IND-{n}" indicator-uri="http://example.org/indicators"/>
    <baseline year="2015" iso-date="2015-12-31" value="{base}">
     <comment><narrative>Household survey, {a}</narrative></comment>
    </baseline>
{periods}   </indicator>
"""
_PERIOD = """    <period>
     <period-start iso-date="{year}-01-01"/><period-end iso-date="{year}-12-31"/>
     <target value="{target}"><location ref="L1"/><dimension name="sex" value="female"/></target>
     <actual value="{actual}"><location ref="L1"/><dimension name="sex" value="female"/>
      <comment><narrative>Reported by the field office</narrative></comment></actual>
    </period>
"""


def _activity(a: int) -> str:
    results = []
    for r in range(1, 5):
        indicators = []
        for i in range(1, 4):
            n = r * 10 + i
            periods = "".join(
                _PERIOD.format(
                    year=2016 + p,
                    target=f"{100 + 10 * p + n}.0",
                    actual="N/A" if (a + p) % 17 == 0 else f"{95 + 11 * p + n}.50",
                )
                for p in range(4)
            )
            indicators.append(
                _INDICATOR.format(
                    measure="2" if i == 2 else "1",
                    ascending="0" if i == 3 else "1",
                    n=n,
                    a=a,
                    base=f"{90 + n}",
                    periods=periods,
                )
            )
        results.append(
            f'  <result type="{(r % 3) + 1}" aggregation-status="1">\n'
            f"   <title><narrative>Result {r} of activity {a}</narrative></title>\n"
            f"{''.join(indicators)}  </result>\n"
        )
    return (
        f' <iati-activity xml:lang="en" default-currency="USD">\n'
        f"  <iati-identifier>XM-BENCH-{a:07d}</iati-identifier>\n"
        '  <reporting-org ref="XM-BENCH" type="21"><narrative>Benchmark</narrative></reporting-org>\n'
        f"  <title><narrative>Activity {a}</narrative></title>\n"
        '  <activity-date iso-date="2016-01-01" type="2"/>\n'
        '  <activity-date iso-date="2020-12-31" type="3"/>\n'
        f"{''.join(results)} </iati-activity>\n"
    )


def make(path: Path, megabytes: int) -> int:
    """Write an IATI file of about ``megabytes`` MB; returns how many activities it has."""
    target = megabytes * 1_000_000
    written = 0
    count = 0
    with path.open("w", encoding="utf-8") as out:
        written += out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n'
        )
        while written < target:
            count += 1
            written += len(_activity(count).encode("utf-8"))
            out.write(_activity(count))
        out.write("</iati-activities>\n")
    return count


def read(path: str, traced: bool) -> dict[str, float]:
    """Read a file streaming (in this process); the figures of the run."""
    from resultsframe import iati

    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    frameworks = indicators = 0
    for framework in iati.read_iter(path):
        frameworks += 1
        indicators += len(framework.indicators)
    seconds = time.perf_counter() - started
    figures = {"seconds": seconds, "frameworks": frameworks, "indicators": indicators}
    if traced:
        figures["python_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    figures["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6
    return figures


def _run(path: Path, traced: bool) -> dict[str, float]:
    command = [sys.executable, __file__, "--read", str(path)] + (["--traced"] if traced else [])
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, nargs="+", default=[25, 100])
    parser.add_argument("--read", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        print(json.dumps(read(args.read, args.traced)))
        return
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in args.mb:
            path = Path(folder) / f"iati-{megabytes}mb.xml"
            activities = make(path, megabytes)
            size = path.stat().st_size / 1e6
            timed = _run(path, traced=False)
            traced = _run(path, traced=True)
            print(
                f"{size:7.1f} MB, {activities:,} activities, {int(timed['indicators']):,} indicators: "
                f"read in {timed['seconds']:.1f} s ({size / timed['seconds']:.1f} MB/s); "
                f"peak resident memory {timed['max_rss_mb']:.0f} MB; "
                f"peak Python allocations {traced['python_peak_mb']:.1f} MB"
            )
            path.unlink()


if __name__ == "__main__":
    main()
