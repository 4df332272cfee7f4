"""The ``resultsframe`` command.

Every command takes a SOURCE: the name of a built-in example (``cop``, the default) or a JSON
document. Exit codes: 0 all is well, 1 the framework has validation problems (``validate``)
or the two frameworks differ (``diff``), 2 the input or the command line is unusable. Messages
go to stderr, one line per problem; no traceback is ever shown for a problem with the input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from resultsframe import __version__, document, examples, reporting
from resultsframe.exceptions import DocumentError, Problem, ResultsframeError, ValidationError
from resultsframe.framework import Framework
from resultsframe.model import Indicator, Result
from resultsframe.observations import Observations
from resultsframe.periods import Period
from resultsframe.progress import assess_over
from resultsframe.units import COUNTING_UNITS, format_unit
from resultsframe.values import Pending, Relative

__all__ = ["main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2
_DEFAULT_SOURCE = "cop"


class _UsageError(ResultsframeError):
    """A command line that cannot be carried out."""


def load_source(source: str) -> Framework:
    """A built-in example by name, or a framework from a JSON document on disk."""
    if source in examples.names():
        return examples.load(source)
    path = Path(source)
    if not path.exists():
        raise _UsageError(
            f"{source!r} is neither a built-in example ({', '.join(examples.names())}) "
            "nor an existing file"
        )
    if path.is_dir():
        raise _UsageError(f"{source!r} is a folder; give a JSON document")
    return document.load(path)


# --- show -------------------------------------------------------------------------------


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if width <= 0 or len(text) <= width else text[: width - 1].rstrip() + "…"


def _value_text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, Pending):
        return f"⧗ pending {value.text!r}"
    if isinstance(value, Relative):
        return f"{value} from the baseline"
    magnitude = getattr(value, "magnitude", value)
    units = getattr(value, "units", None)
    unit = format_unit(units) if units is not None else ""
    number = f"{magnitude:g}" if isinstance(magnitude, (int, float)) else str(magnitude)
    if unit == "percent":
        return f"{number} %"
    if unit in ("", "dimensionless"):
        return number
    return f"{number} {unit}"


_PLURALS = {names[0]: names[1] for names in COUNTING_UNITS if len(names) > 1}


def _unit_text(indicator: Indicator) -> str:
    if indicator.unit is None:
        return indicator.measure.value
    unit = format_unit(indicator.unit)
    if indicator.universe is not None:
        of = format_unit(indicator.universe.unit)
        of = _PLURALS.get(of, of).replace("_", " ")
        return f"% of {of}" if unit == "percent" else f"{unit} of {of}"
    return unit


def _indicator_line(indicator: Indicator, width: int) -> str:
    parts = [f"◦ {indicator.id}  {_shorten(indicator.name, width)}  [{_unit_text(indicator)}]"]
    if indicator.baseline is not None and indicator.baseline.value is not None:
        parts.append(f"baseline {_value_text(indicator.baseline.value)}")
    if not indicator.targets:
        parts.append("no target (monitoring)")
    for target in indicator.targets:
        due = f" by {target.due.isoformat()}" if target.due else ""
        parts.append(f"target {_value_text(target.value)}{due}")
    for parameter in indicator.parameters:
        parts.append(f"{parameter.id} {_value_text(parameter.value)}")
    return " · ".join(parts)


def _tree_lines(fw: Framework, width: int) -> Iterator[str]:
    shown: set[str] = set()

    def walk(result: Result, prefix: str, last: bool, top: bool) -> Iterator[str]:
        branch = "" if top else ("└── " if last else "├── ")
        level = fw.levels.label(result.level)
        repeated = result.id in shown
        statement = "(shown above)" if repeated else _shorten(result.statement, width)
        yield f"{prefix}{branch}{result.id} ({level})  {statement}"
        if repeated:
            return
        shown.add(result.id)
        inner = prefix if top else prefix + ("    " if last else "│   ")
        children = [fw.results[c] for c in fw.children(result.id)]
        stem = "│   " if children else "    "
        for indicator in result.indicators:
            yield f"{inner}{stem}{_indicator_line(indicator, width)}"
        for comment in result.comments:
            author = f" — {comment.author}" if comment.author else ""
            yield f"{inner}{stem}✎ {_shorten(comment.text, width)}{author}"
        for n, child in enumerate(children):
            yield from walk(child, inner, n == len(children) - 1, False)

    for root in fw.roots():
        yield from walk(fw.results[root], "", True, True)


def _header(fw: Framework) -> str:
    span = ""
    if fw.start or fw.end:
        start = fw.start.isoformat() if fw.start else "…"
        end = fw.end.isoformat() if fw.end else "…"
        span = f" ({start} – {end})"
    return f"{fw.id} · {fw.title}{span}"


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    fw = load_source(args.source)
    width = 0 if args.full else 90
    print(_header(fw), file=out)
    print(f"levels: {' > '.join(fw.levels.label(level) for level in fw.levels.levels)}", file=out)
    print(file=out)
    for line in _tree_lines(fw, width):
        print(line, file=out)
    pending = fw.pending()
    if pending:
        print(file=out)
        print(
            f"⧗ {len(pending)} values pending: see `resultsframe pending {args.source}`", file=out
        )
    return EXIT_OK


# --- pending, validate --------------------------------------------------------------------


def _cmd_pending(args: argparse.Namespace, out: TextIO) -> int:
    fw = load_source(args.source)
    items = fw.pending()
    if args.format == "json":
        rows = [
            {
                "key": item.key,
                "result": item.result,
                "indicator": item.indicator,
                "field": item.field,
                "text": item.text,
                "unit": None if item.unit is None else format_unit(item.unit),
                "due": None if item.due is None else item.due.isoformat(),
            }
            for item in items
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2), file=out)
        return EXIT_OK
    if not items:
        print(f"{fw.id}: nothing is pending", file=out)
        return EXIT_OK
    key_width = max(len(item.key) for item in items)
    for item in items:
        unit = format_unit(item.unit) if item.unit is not None else "-"
        due = item.due.isoformat() if item.due else "-"
        print(
            f"{item.key:<{key_width}}  {item.field:<9}  {item.text!r:<6}  {unit:<8}  due {due}",
            file=out,
        )
    print(f"{len(items)} pending in {fw.id}; fill them with `resultsframe fill`", file=out)
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    try:
        fw = load_source(args.source)
    except ValidationError as exc:
        for problem in exc.problems:
            print(f"error: {problem} [{problem.code}]", file=sys.stderr)
        print(f"{args.source}: {len(exc.problems)} problem(s) found", file=sys.stderr)
        return EXIT_PROBLEMS
    print(
        f"{args.source}: valid — {len(fw.results)} results, {len(fw.links)} links, "
        f"{len(fw.indicators)} indicators, {len(fw.pending())} values pending",
        file=out,
    )
    return EXIT_OK


# --- export, fill, schema ----------------------------------------------------------------


def _write(text: str, output: str | None, out: TextIO) -> None:
    if output is None or output == "-":
        out.write(text)
    else:
        document.write_atomic(output, text)


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    fw = load_source(args.source)
    if args.to == "json":
        if args.data is not None or args.as_of is not None:
            raise _UsageError(
                "--data and --as-of colour a diagram by status; a JSON document has no "
                "progress in it: use them with --to mermaid or --to dot"
            )
        _write(document.dumps(fw), args.output, out)
        return EXIT_OK
    from resultsframe import diagram

    report = None
    if args.data is not None or args.as_of is not None:
        dates = _dates(args.as_of)
        if len(dates) != 1:
            raise _UsageError(f"--as-of: a diagram shows one date, got {len(dates)}: {args.as_of}")
        report = assess_over(fw, _observations(args, fw), dates)[0]
    draw = diagram.to_mermaid if args.to == "mermaid" else diagram.to_dot
    _write(draw(fw, report), args.output, out)
    return EXIT_OK


def _parse_assignments(assignments: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for text in assignments:
        key, sep, value = text.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise _UsageError(f"cannot read {text!r}: write ID=VALUE, for example T3.a='50 %'")
        if key.strip() in values:
            raise _UsageError(f"{key.strip()!r} is given twice")
        values[key.strip()] = value.strip()
    return values


def _cmd_fill(args: argparse.Namespace, out: TextIO) -> int:
    values = _parse_assignments(args.values)
    fw = load_source(args.source)
    _write(document.dumps(fw.fill(values)), args.output, out)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    _write(json.dumps(document.schema(), ensure_ascii=False, indent=2) + "\n", args.output, out)
    return EXIT_OK


# --- progress, explain ----------------------------------------------------------------------


def _dates(text: str | None) -> list[date]:
    """``2020-12-31``, ``2020`` (its last day), ``2015..2020`` (each year's last day), or a list."""
    if text is None:
        return [date.today()]
    dates: list[date] = []
    for part in text.split(","):
        first, sep, last = part.strip().partition("..")
        try:
            if sep:
                start, end = Period.parse(first), Period.parse(last)
                if len(first.strip()) != 4 or len(last.strip()) != 4:
                    raise ValueError(f"a range is written with years: 2015..2020, got {part!r}")
                if end.end < start.end:
                    raise ValueError(f"the range {part!r} ends before it starts")
                dates += [date(y, 12, 31) for y in range(start.start.year, end.start.year + 1)]
            else:
                dates.append(Period.parse(first).end)
        except ValueError as exc:
            raise _UsageError(f"--as-of: {exc}") from None
    return dates


def _observations(args: argparse.Namespace, fw: Framework) -> Observations | None:
    if args.data is None:
        if args.source in examples.names():
            return examples.observations(args.source)
        return None
    path = Path(args.data)
    if not path.is_file():
        raise _UsageError(f"--data: {args.data!r} is not a file")
    if path.suffix.lower() == ".json":
        return Observations.from_json(path, fw)
    return Observations.from_csv(path, fw)


def _colour(args: argparse.Namespace, out: TextIO) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(out, "isatty", lambda: False)())


def _cmd_progress(args: argparse.Namespace, out: TextIO) -> int:
    fw = load_source(args.source)
    obs = _observations(args, fw)
    reports = assess_over(fw, obs, _dates(args.as_of))
    if args.format == "json":
        text = reporting.to_json(reports)
    elif args.format == "csv":
        text = reporting.to_csv(reports)
    elif len(reports) > 1:
        text = reporting.over_time_table(reports, colour=_colour(args, out))
    else:
        text = reporting.to_table(reports[0], colour=_colour(args, out))
    _write(text, args.output, out)
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    fw = load_source(args.source)
    if args.id not in fw.results and args.id not in fw.indicators:
        raise _UsageError(
            f"{fw.id} has no result or indicator {args.id!r}; its results: {', '.join(fw.results)}"
        )
    obs = _observations(args, fw)
    for report in assess_over(fw, obs, _dates(args.as_of)):
        print(report.explain(args.id), file=out)
    return EXIT_OK


# --- table, import-table, plot (matplotlib and openpyxl are imported only when used) -----


def _cmd_table(args: argparse.Namespace, _out: TextIO) -> int:
    from resultsframe import table

    try:
        table.write(load_source(args.source), args.output, format=args.format)
    except ImportError as exc:
        raise _UsageError(str(exc)) from None
    return EXIT_OK


def _cmd_import_table(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe import table

    try:
        fw = table.read(
            args.file,
            format=args.format,
            id=args.id,
            title=args.title,
            levels=args.levels,
            start=args.start,
            end=args.end,
        )
    except ImportError as exc:
        raise _UsageError(str(exc)) from None
    _write(document.dumps(fw), args.output, out)
    return EXIT_OK


def _cmd_plot(args: argparse.Namespace, _out: TextIO) -> int:
    if Path(args.output).suffix.lower() not in (".png", ".svg"):
        raise _UsageError(f"-o: {args.output!r}: name a .png or .svg file")
    try:
        from resultsframe import charts

        fw = load_source(args.source)
        reports = assess_over(fw, _observations(args, fw), _dates(args.as_of))
        if args.indicator is not None:
            if args.indicator not in fw.indicators:
                raise _UsageError(
                    f"{fw.id} has no indicator {args.indicator!r}; its indicators: "
                    f"{', '.join(fw.indicators)}"
                )
            ax = charts.plot_indicator(reports[-1], None, args.indicator)
        elif len(reports) > 1:
            ax = charts.plot_over_time(reports)
        else:
            ax = charts.plot_progress(reports[0])
        charts.save(ax, args.output)
    except ImportError as exc:
        raise _UsageError(str(exc)) from None
    return EXIT_OK


def _table_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    table = command("table", "write the logframe matrix as CSV or Excel (.xlsx)", _cmd_table)
    table.add_argument("-o", "--output", metavar="FILE", required=True, help=".csv or .xlsx")
    table.add_argument("--format", choices=("csv", "xlsx"), help="when FILE's name does not say")
    imported = command(
        "import-table",
        "read a logframe matrix (CSV or Excel) and write it as a JSON document",
        _cmd_import_table,
        source=False,
    )
    imported.add_argument("file", metavar="FILE", help="a .csv or .xlsx logframe matrix")
    imported.add_argument(
        "-o", "--output", metavar="DOC", help="write here instead of stdout (atomically)"
    )
    imported.add_argument("--format", choices=("csv", "xlsx"), help="when FILE's name does not say")
    imported.add_argument("--id", help="the framework's id (default: the file's name)")
    imported.add_argument("--title", help="the framework's title (default: the file's name)")
    imported.add_argument(
        "--levels",
        help="a built-in level scheme (logframe, eu …) or levels top first: 'goal > outcome > output'",
    )
    imported.add_argument("--start", metavar="DATE", help="the first day of its time frame")
    imported.add_argument("--end", metavar="DATE", help="the last day of its time frame")
    plot = command(
        "plot",
        "draw progress as a PNG or SVG chart: every result; one indicator; or over time",
        _cmd_plot,
    )
    _data_options(plot)
    plot.add_argument("--indicator", metavar="ID", help="one indicator against its targets")
    plot.add_argument("-o", "--output", metavar="FILE", required=True, help=".png or .svg")


# --- diff: exit 0 when the two are the same, 1 when they differ ---------------------------


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe.differences import diff

    differences = diff(load_source(args.a), load_source(args.b))
    if args.format == "json":
        records = [d.to_dict() for d in differences]
        print(json.dumps(records, ensure_ascii=False, indent=2), file=out)
    else:
        for difference in differences:
            print(difference, file=out)
        count = len(differences)
        summary = f"{count} difference{'s' if count != 1 else ''}" if count else "no differences"
        print(f"{summary} between {args.a} and {args.b}", file=out)
    return EXIT_PROBLEMS if differences else EXIT_OK


def _diff_command(command: Callable[..., argparse.ArgumentParser]) -> None:
    compare = command(
        "diff",
        "compare two frameworks: what was added, removed or changed; exit 1 when they differ",
        _cmd_diff,
        source=False,
    )
    compare.add_argument("a", metavar="A", help="the first framework: an example or a document")
    compare.add_argument("b", metavar="B", help="the second framework")
    compare.add_argument("--format", choices=("text", "json"), default="text")


# --- wiring -----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="resultsframe",
        description="Results frameworks as data: progress, show, check, fill and export them.",
        epilog=f"SOURCE is a built-in example ({', '.join(examples.names())}) or a JSON document; "
        f"the default is {_DEFAULT_SOURCE!r}.",
    )
    parser.add_argument("--version", action="version", version=f"resultsframe {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str,
        help_text: str,
        handler: Callable[[argparse.Namespace, TextIO], int],
        source: bool = True,
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if source:
            sub.add_argument("source", nargs="?", default=_DEFAULT_SOURCE, metavar="SOURCE")
        sub.set_defaults(handler=handler)
        return sub

    progress = command(
        "progress", "the main job: progress of every result and indicator", _cmd_progress
    )
    _data_options(progress)
    progress.add_argument("--format", choices=("table", "json", "csv"), default="table")
    progress.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the status in the table (auto: when writing to a terminal)",
    )
    progress.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of stdout (atomically)"
    )
    explain = command(
        "explain",
        "how the figure of one result or indicator was obtained",
        _cmd_explain,
        source=False,
    )
    explain.add_argument("id", metavar="ID")
    explain.add_argument("source", nargs="?", default=_DEFAULT_SOURCE, metavar="SOURCE")
    _data_options(explain)
    show = command(
        "show", "print the hierarchy with indicators, targets and pending markers", _cmd_show
    )
    show.add_argument("--full", action="store_true", help="do not shorten statements")
    pending = command("pending", "list the values that are not known yet", _cmd_pending)
    pending.add_argument("--format", choices=("text", "json"), default="text")
    command("validate", "check a framework; exit 1 if it has problems", _cmd_validate)
    export = command(
        "export",
        "write the framework as a JSON document, or as a Mermaid or Graphviz DOT diagram",
        _cmd_export,
    )
    export.add_argument(
        "--to",
        choices=("json", "mermaid", "dot"),
        default="json",
        help="json (the default): the document; mermaid, dot: a diagram, child → parent",
    )
    export.add_argument(
        "--data",
        metavar="FILE",
        help="colour the diagram by status: observations (CSV or JSON) to assess it with",
    )
    export.add_argument(
        "--as-of",
        metavar="DATE",
        help="colour the diagram by status as of this date (default today), from --data or, "
        "for a built-in example, its own observations",
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of stdout (atomically)"
    )
    fill = command(
        "fill", "fill pending values and write the new framework", _cmd_fill, source=False
    )
    fill.add_argument("source", metavar="SOURCE")
    fill.add_argument("values", nargs="+", metavar="ID=VALUE", help="for example T3.a='50 %%'")
    fill.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of stdout (atomically)"
    )
    schema = command(
        "schema", "print the JSON Schema of the document format", _cmd_schema, source=False
    )
    schema.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of stdout (atomically)"
    )
    _table_commands(command)
    _diff_command(command)
    # resultsframe iati import|export|check: lxml is imported only when one of them runs.
    from resultsframe.iati.cli import add_commands as add_iati_commands

    add_iati_commands(commands)
    return parser


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", metavar="FILE", help="observations (CSV or JSON) instead of the example's own"
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="2020-12-31, 2020 (its last day), 2015..2020 (each year) or a list; default today",
    )


def _report(exc: ResultsframeError) -> None:
    problems: tuple[Problem, ...] = getattr(exc, "problems", ())
    source = getattr(exc, "source", None) or getattr(exc, "subject", None)
    if problems:
        for problem in problems:
            prefix = f"{source}: " if source else ""
            print(f"resultsframe: error: {prefix}{problem}", file=sys.stderr)
    else:
        print(f"resultsframe: error: {exc}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args, sys.stdout))
    except DocumentError as exc:
        _report(exc)
        return EXIT_UNUSABLE
    except ValidationError as exc:
        _report(exc)
        return EXIT_UNUSABLE
    except ResultsframeError as exc:
        _report(exc)
        return EXIT_UNUSABLE
    except BrokenPipeError:
        # The reader went away (`resultsframe show | head`): not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
