"""Benchmark: the shared report (``resultsframe report``) on large frameworks.

Run::

    python benchmarks/bench_report.py [--results N] [--observations M] [--repeat R]

Defaults: 10 000 results and 100 000 observations of ``bench_progress.py``'s synthetic data (a
report to share is read by people; a framework of 100 000 results is assessed, not printed).
It assesses the framework at three dates (the floor: ``assess_over`` and every entry made),
then times, each the best of R runs:

- the HTML page without its charts (:func:`resultsframe.display.document.to_document` with
  ``charts=False``): the hierarchy, the summary, the pending values and every indicator's
  explanation; with its size in bytes;
- the charts alone (the page with them, less the page without): the chart over time, and the
  chart of every result when there are at most 60 (else the page says it is left out);
- the workbook (:func:`resultsframe.table.progress.workbook`), with its size;

No goal yet: the figures say what a page of that size costs.
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
from resultsframe.progress import ProgressReport, assess_over
from resultsframe.table.progress import workbook


def main(argv: list[str] | None = None) -> int:
    # A tenth of bench_progress.py's sizes unless told (its parser is shared; given sizes win).
    given = sys.argv[1:] if argv is None else argv
    args = arguments(__doc__, ["--results", "10000", "--observations", "100000", *given])
    spec = synthetic(args.results, args.observations)
    framework = build_framework(spec)
    observations = build_observations(spec, framework)
    print(machine())
    print(
        f"{len(framework.results):,} results, {len(framework.indicators):,} indicators, "
        f"{len(observations):,} observations"
    )
    dates = [AS_OF.replace(year=AS_OF.year - 4), AS_OF.replace(year=AS_OF.year - 2), AS_OF]

    def assessed() -> list[ProgressReport]:
        reports = assess_over(framework, observations, dates)
        for report in reports:
            list(report.values())  # every entry made, as the page reads them all
        return reports

    floor, reports = best(assessed, args.repeat)
    plain, page = best(lambda: to_document(reports, charts=False), args.repeat)
    charted, _ = best(lambda: to_document(reports), args.repeat)
    book_time, book = best(lambda: workbook(reports), args.repeat)
    print(f"assess at 3 dates, every entry (the floor) {floor.wall:8.2f} s")
    print(
        f"page without charts                        {plain.wall:8.2f} s  "
        f"{len(page.encode()):>12,} bytes  {plain.wall / floor.wall:5.1f} × the floor"
    )
    print(f"the charts (over time; every result ≤ 60)  {charted.wall - plain.wall:8.2f} s")
    print(
        f"workbook                                   {book_time.wall:8.2f} s  "
        f"{len(book):>12,} bytes  {book_time.wall / floor.wall:5.1f} × the floor"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
