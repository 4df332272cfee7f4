"""The commands about progress: progress (the main job), explain and plot.

Each assesses a framework with observations (``--data``, or a built-in example's own) at one or
more dates (``--as-of``); a parquet file or a DuckDB database (``--sql``) is reduced in DuckDB
first (:mod:`~resultsframe.cli.sources`). matplotlib is imported only when ``plot`` runs.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path
from typing import TextIO

from resultsframe.cli.arguments import (
    DEFAULT_SOURCE,
    EXIT_OK,
    SOURCE_HELP,
    Commands,
    UsageError,
    add_command,
    add_data_options,
    add_output_option,
    dates,
    load_source,
    write_output,
)
from resultsframe.cli.parser import near
from resultsframe.cli.partners import WIDTH
from resultsframe.cli.sources import assessed
from resultsframe.cli.terminal import UNLIMITED, columns, fitted, width_for
from resultsframe.periods import parse_date

__all__ = ["add_plot_command", "add_progress_commands"]


def _colour(args: argparse.Namespace, out: TextIO) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(out, "isatty", lambda: False)())


def _vintage(args: argparse.Namespace) -> date | None:
    """``--vintage DATE``: the data as published on or before that day."""
    if args.vintage is None:
        return None
    try:
        return parse_date(args.vintage.strip())
    except ValueError as exc:
        raise UsageError(f"--vintage: {exc}") from None


def _add_vintage_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--vintage",
        metavar="DATE",
        help="use the data as published on or before DATE (YYYY-MM-DD); default: the latest",
    )


def _cmd_progress(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe import reporting
    from resultsframe.cli.partners import partner_progress

    fw = load_source(args.source, args.activity)
    if args.partner is not None:
        fw.partner(args.partner)  # an unknown partner is refused before any data is read
    reports = assessed(args, fw, dates(args.as_of, fw.fiscal_year_end), vintage=_vintage(args))
    width = width_for(args)
    if args.partner is not None:
        text = partner_progress(
            reports, args.partner, args.format, width=width_for(args, default=WIDTH)
        )
    elif args.format == "json":
        text = reporting.to_json(reports)
    elif args.format == "csv":
        text = reporting.to_csv(reports)
    elif len(reports) > 1:
        shown = None if width == UNLIMITED else width
        text = reporting.over_time_text(reports, colour=_colour(args, out), width=shown)
    else:
        table = None if width == UNLIMITED else width  # off a terminal: rows whole
        text = reporting.to_text(reports[0], colour=_colour(args, out), width=table)
    write_output(text, args.output, out)
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    fw = load_source(args.source, args.activity)
    if args.id not in fw.results and args.id not in fw.indicators:
        close = near(args.id, [*fw.results, *fw.indicators])
        hint = f"did you mean {close!r}? " if close is not None else ""
        raise UsageError(
            f"{fw.id} has no result or indicator {args.id!r}; {hint}its results: "
            f"{', '.join(fw.results)}; its indicators: {', '.join(fw.indicators)}"
        )
    for report in assessed(args, fw, dates(args.as_of, fw.fiscal_year_end), vintage=_vintage(args)):
        print(fitted(report.explain(args.id), columns()), file=out)
    return EXIT_OK


def add_progress_commands(commands: Commands) -> None:
    """Add progress and explain."""
    progress = add_command(
        commands,
        "progress",
        "the main job: progress of every result and indicator",
        _cmd_progress,
        examples=(
            "resultsframe progress --as-of 2020-12-31",
            "resultsframe progress cop --as-of 2015..2020",
            "resultsframe progress framework.json --data obs.csv",
            "resultsframe progress --format csv -o progress.csv",
        ),
    )
    add_data_options(progress)
    _add_vintage_option(progress)
    progress.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="table (the default): text for reading; json or csv: records for programs",
    )
    progress.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the status in the table (auto: when writing to a terminal)",
    )
    progress.add_argument(
        "--partner",
        metavar="ID",
        help="only the entries this partner contributes to, with who reported each value",
    )
    add_output_option(progress)
    explain = add_command(
        commands,
        "explain",
        "how the figure of one result or indicator was obtained",
        _cmd_explain,
        source=False,
        examples=(
            "resultsframe explain T2.a --as-of 2020",
            "resultsframe explain impact framework.json --data obs.csv",
        ),
    )
    explain.add_argument("id", metavar="ID", help="the id of a result or an indicator (T2.a)")
    explain.add_argument(
        "source", nargs="?", default=DEFAULT_SOURCE, metavar="SOURCE", help=SOURCE_HELP
    )
    add_data_options(explain)
    _add_vintage_option(explain)


def _cmd_plot(args: argparse.Namespace, _out: TextIO) -> int:
    if Path(args.output).suffix.lower() not in (".png", ".svg", ".pdf"):
        raise UsageError(f"-o: {args.output!r}: name a .png, .svg or .pdf file")
    try:
        from resultsframe import charts

        fw = load_source(args.source, args.activity)
        reports = assessed(args, fw, dates(args.as_of, fw.fiscal_year_end), vintage=_vintage(args))
        if args.indicator is not None:
            if args.indicator not in fw.indicators:
                close = near(args.indicator, fw.indicators)
                hint = f"did you mean {close!r}? " if close is not None else ""
                raise UsageError(
                    f"--indicator: {fw.id} has no indicator {args.indicator!r}; {hint}"
                    f"its indicators: {', '.join(fw.indicators)}"
                )
            ax = charts.plot_indicator(reports[-1], None, args.indicator)
        elif len(reports) > 1:
            ax = charts.plot_over_time(reports)
        else:
            ax = charts.plot_progress(reports[0])
        charts.save(ax, args.output)
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_OK


def add_plot_command(commands: Commands) -> None:
    """Add plot."""
    plot = add_command(
        commands,
        "plot",
        "draw progress as a PNG, SVG or PDF chart: every result; one indicator; or over time",
        _cmd_plot,
        examples=(
            "resultsframe plot --as-of 2020 -o progress.svg",
            "resultsframe plot --as-of 2015..2020 -o over-time.png",
            "resultsframe plot --indicator T2.a -o t2a.svg",
            "resultsframe plot --as-of 2020 -o progress.pdf",
        ),
    )
    add_data_options(plot)
    _add_vintage_option(plot)
    plot.add_argument("--indicator", metavar="ID", help="one indicator against its targets")
    plot.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the chart: a .png, .svg or .pdf file"
    )
