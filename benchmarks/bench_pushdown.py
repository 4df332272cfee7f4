"""Benchmark: assess on a frame, reduced in its engine, against reading every row.

Run::

    python benchmarks/bench_pushdown.py [--results N] [--observations M] [--no-whole]
        [--engines polars,duckdb,dask,spark]

Defaults: 10 000 results and 1 000 000 observations (the synthetic framework and data of
``bench_progress.py``), held as a polars ``LazyFrame`` and as a table of an in-memory DuckDB
database; ``--engines`` adds a Dask DataFrame (four partitions, the ``dask`` extra) and a
PySpark DataFrame (a local session on every core, cached in Spark before timing; the
``spark`` extra and Java). For each it prints, in seconds and rows:

- the screen alone (every row checked in the engine: distinct values, a profile, duplicates);
- the push-down (screen, reduction, collection and the usual intake of the rows kept), and the
  rows scanned and collected;
- ``assess`` on the frame (push-down and assessment);
- unless ``--no-whole``: the same assessment from ``Observations.from_frame`` on every row
  (the path there was before), and a check that both give the same figures.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import duckdb
import narwhals as nw
import polars as pl

from bench_progress import AS_OF, best, build_framework, machine, synthetic, timed
from resultsframe import Framework, Observations, assess
from resultsframe.progress.pushdown import push_down
from resultsframe.progress.pushdown_checks import layout, normalised, screen


def screened(framework: Framework, frame: Any) -> int:
    """The screen alone: every row checked in the engine; the rows counted."""
    lf = nw.from_native(frame)
    found = layout(lf.collect_schema(), framework)
    assert not isinstance(found, str), found
    result = screen(normalised(lf, found), found, framework)
    assert result.problem is None, result.problem
    return result.rows


def _frames(df: pl.DataFrame, engines: list[str]) -> list[tuple[str, Any]]:
    """The data as a frame of each engine asked for, named."""
    frames: list[tuple[str, Any]] = []
    for engine in engines:
        if engine == "polars":
            frames.append(("polars LazyFrame", df.lazy()))
        elif engine == "duckdb":
            con = duckdb.connect()
            con.register("rows", df.to_arrow())
            con.execute("create table observations as select * from rows")
            con.unregister("rows")
            frames.append(("DuckDB table", con.table("observations")))
        elif engine == "dask":
            import dask.dataframe as dd

            frames.append(("Dask DataFrame", dd.from_pandas(df.to_pandas(), npartitions=4)))
        elif engine == "spark":
            from pyspark.sql import SparkSession

            spark = (
                SparkSession.builder.master("local[*]")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "8")
                .config("spark.driver.memory", "4g")
                .getOrCreate()
            )
            spark.sparkContext.setLogLevel("ERROR")
            sdf = spark.createDataFrame(df.to_arrow()).cache()
            sdf.count()  # held in Spark before timing
            frames.append(("PySpark DataFrame", sdf))
        else:
            raise SystemExit(f"unknown engine {engine!r}: polars, duckdb, dask or spark")
    return frames


def figures(report: Any) -> list[tuple[str, Any, Any]]:
    return [(key, report[key].status, getattr(report[key], "value", None)) for key in report]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=10_000)
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-whole", action="store_true", help="skip reading every row")
    parser.add_argument(
        "--engines",
        default="polars,duckdb",
        help="of polars, duckdb, dask, spark (comma-separated)",
    )
    args = parser.parse_args()
    print(machine())
    spec = synthetic(args.results, args.observations)
    framework = build_framework(spec)
    df = pl.DataFrame(
        {
            "indicator": [r[0] for r in spec.rows],
            "period": [r[1] for r in spec.rows],
            "value": [r[2] for r in spec.rows],
        }
    )
    frames = dict(_frames(df, args.engines.split(",")))
    print(
        f"{len(framework.indicators):,} indicators, {df.height:,} observations, "
        f"as of {AS_OF.isoformat()}"
    )
    whole_report = None
    if not args.no_whole:
        took, obs = timed(lambda: Observations.from_frame(df, framework))
        took_assess, whole_report = timed(lambda: assess(framework, obs, AS_OF))
        print(
            f"every row read (Observations.from_frame, polars): {took.wall:7.2f} s, "
            f"then assess {took_assess.wall:.2f} s"
        )
    for name, frame in frames.items():
        took_screen, rows = best(partial(screened, framework, frame), args.repeat)
        took_down, done = best(partial(push_down, framework, frame, [AS_OF]), args.repeat)
        took_assess, report = best(partial(assess, framework, frame, AS_OF), args.repeat)
        print(
            f"{name:>17}: screen {took_screen.wall:5.2f} s · push-down {took_down.wall:5.2f} s "
            f"· assess {took_assess.wall:5.2f} s · rows scanned {done.scanned:,} "
            f"(screen counted {rows:,}), collected {done.collected:,} "
            f"({done.collected / done.scanned:.1%})"
        )
        assert done.whole is None, done.whole
        if whole_report is not None:
            assert figures(report) == figures(whole_report), f"{name}: figures differ"
    if whole_report is not None:
        print("figures: the same on every engine as from every row")
    many = [date(2016 + k, 12, 31) for k in range(7)]
    for name, frame in frames.items():
        took, done = best(partial(push_down, framework, frame, many), args.repeat)
        print(
            f"{name:>17}: {len(many)} dates: push-down {took.wall:5.2f} s, collected "
            f"{done.collected:,} of {done.scanned:,}"
        )


if __name__ == "__main__":
    main()
