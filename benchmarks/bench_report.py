"""Benchmark: the shared report (``resultsframe report``) on large frameworks.

Run::

    python benchmarks/bench_report.py [--results N] [--observations M] [--repeat R]

Defaults: 10 000 results and 100 000 observations of ``bench_progress.py``'s synthetic data (a
report to share is read by people; a framework of 100 000 results is assessed, not printed).
It assesses the framework once, then times, each the best of R runs:

- the HTML page without its charts (:func:`resultsframe.display.document.to_document` with
  ``charts=False``): the hierarchy, the summary, the pending values and every indicator's
  explanation; with its size in bytes;
- the two charts alone (the page with them, less the page without);
- the workbook (:func:`resultsframe.table.progress.workbook`), with its size;

against the floor of the assessment itself (``assess`` on the same data, warm). No goal yet:
the figures say what a page of that size costs.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_progress import (
    AS_OF,
    arguments,
    best,
    build_framework,
    build_observations,
    machine,
    synthetic,
)
from resultsframe.display.document import to_document
from resultsframe.progress import assess
from resultsframe.table.progress import workbook


def main(argv: list[str] | None = None) -> int:
    # Without arguments, a tenth of bench_progress.py's defaults (its parser is shared).
    given = sys.argv[1:] if argv is None else argv
    args = arguments(__doc__, given or ["--results", "10000", "--observations", "100000"])
    spec = synthetic(args.results, args.observations)
    framework = build_framework(spec)
    observations = build_observations(spec, framework)
    print(machine())
    print(
        f"{len(framework.results):,} results, {len(framework.indicators):,} indicators, "
        f"{len(observations):,} observations"
    )
    floor, report = best(lambda: assess(framework, observations, AS_OF), args.repeat)
    plain, page = best(lambda: to_document(report, charts=False), args.repeat)
    charted, _ = best(lambda: to_document(report), args.repeat)
    book_time, book = best(lambda: workbook(report), args.repeat)
    print(f"assess (the floor)       {floor.wall:8.2f} s")
    print(
        f"page without charts      {plain.wall:8.2f} s  {len(page.encode()):>14,} bytes  "
        f"{plain.wall / floor.wall:5.1f} × assess"
    )
    print(f"the two charts           {charted.wall - plain.wall:8.2f} s")
    print(
        f"workbook                 {book_time.wall:8.2f} s  {len(book):>14,} bytes  "
        f"{book_time.wall / floor.wall:5.1f} × assess"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
