"""The commands about a framework itself: show, pending, validate, export, fill, schema, diff.

``validate`` exits 1 when the framework has problems, ``diff`` when the two frameworks differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from resultsframe.cli.arguments import (
    EXIT_OK,
    EXIT_PROBLEMS,
    SOURCE_HELP,
    Commands,
    UsageError,
    add_command,
    add_output_option,
    dates,
    load_source,
    observations,
    write_output,
)
from resultsframe.cli.terminal import UNLIMITED, columns, fitted
from resultsframe.exceptions import ResultsframeError, ValidationError

if TYPE_CHECKING:
    from resultsframe.framework import Framework
    from resultsframe.model import Indicator, Result

# The library (pint, networkx, numpy …) is imported by the commands when they run, never when
# the parser is built: `resultsframe --help` and shell completion stay fast.

__all__ = ["add_diff_command", "add_framework_commands"]


# --- show -------------------------------------------------------------------------------


def _shorten(text: str, width: int) -> str:
    """``text`` on one line, shortened with "…" to ``width`` (0: not shortened)."""
    from resultsframe.textwidth import shorten

    text = " ".join(text.split())
    return text if width <= 0 else shorten(text, width)


def _fit_line(line: str, width: int) -> str:
    """A line of the tree (its spacing kept) shortened with "…" to ``width`` (0: not shortened)."""
    from resultsframe.textwidth import shorten

    return line if width <= 0 else shorten(line, width)


# A name is shortened to no fewer characters than this; on a line narrower still, the whole line
# is shortened instead.
_SHORTEST_NAME = 12


def _value_text(value: object) -> str:
    from resultsframe.units import format_unit
    from resultsframe.values import Pending, Relative

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


def _unit_text(indicator: Indicator) -> str:
    from resultsframe.units import format_unit, plural_of

    if indicator.unit is None:
        return indicator.measure.value
    unit = format_unit(indicator.unit)
    if indicator.universe is not None:
        of = format_unit(indicator.universe.unit)
        of = (plural_of(of) or of).replace("_", " ")
        return f"% of {of}" if unit == "percent" else f"{unit} of {of}"
    return unit


def _indicator_line(indicator: Indicator, width: int, used: int = 0, names: int = 0) -> str:
    """An indicator on a line of ``width`` (0: any), after ``used`` characters of the tree.

    Its name is what is shortened, so that its unit, baseline and targets stay in view; off a
    terminal, the name alone is shortened to ``names`` characters (0: not).
    """
    name = _shorten(indicator.name, names)
    line = _indicator_parts(indicator, name)
    over = used + len(line) - width
    if width > 0 and over > 0:
        room = len(name) - over
        if room >= _SHORTEST_NAME:
            return _indicator_parts(indicator, _shorten(name, room))
        return _fit_line(line, max(width - used, 1))
    return line


def _indicator_parts(indicator: Indicator, name: str) -> str:
    parts = [f"◦ {indicator.id}  {name}  [{_unit_text(indicator)}]"]
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


# Deeper than this, the tree is drawn no further right: each line says its depth instead, so a
# chain of thousands of results prints in lines of bounded width (linear, not quadratic, text).
_DEEPEST_DRAWN = 24


def _tree_lines(fw: Framework, width: int, names: int = 0) -> Iterator[str]:
    """The tree, a line at a time: each result under its first parent, later ones "shown above".

    Each line is shortened to ``width`` (a terminal's; 0: not), or, off a terminal, each
    statement and name to ``names`` characters (0: not). Walked with a stack rather than by
    recursion, so that a chain of any depth prints.
    """
    shown: set[str] = set()
    # (result, the prefix of its line, whether it is its parent's last child, its depth)
    stack: list[tuple[Result, str, bool, int]] = [
        (fw.results[root], "", True, 0) for root in reversed(fw.roots())
    ]
    while stack:
        result, prefix, last, depth = stack.pop()
        top = depth == 0
        branch = "" if top else ("└── " if last else "├── ")
        deep = f"[depth {depth}] " if depth > _DEEPEST_DRAWN else ""
        level = fw.levels.label(result.level)
        repeated = result.id in shown
        statement = "(shown above)" if repeated else _shorten(result.statement, names)
        yield _fit_line(f"{prefix}{branch}{deep}{result.id} ({level})  {statement}", width)
        if repeated:
            continue
        shown.add(result.id)
        inner = prefix if top else prefix + ("    " if last else "│   ")
        if depth >= _DEEPEST_DRAWN:
            inner = prefix  # no further right: the lines below say their depth
        children = [fw.results[c] for c in fw.children(result.id)]
        stem = "│   " if children else "    "
        for indicator in result.indicators:
            line = _indicator_line(indicator, width, len(inner + stem), names)
            yield f"{inner}{stem}{line}"
        for comment in result.comments:
            author = f" — {comment.author}" if comment.author else ""
            text = _shorten(comment.text, names)
            yield _fit_line(f"{inner}{stem}✎ {text}{author}", width)
        stack.extend(
            (child, inner, n == len(children) - 1, depth + 1)
            for n, child in reversed(list(enumerate(children)))
        )


def _partner_lines(fw: Framework, width: int, names: int = 0) -> Iterator[str]:
    """Each partner on a line, with the initiatives it runs and what each contributes to."""
    kinds = {p.id: p.kind.value.replace("_", " ") for p in fw.partners}
    for partner in fw.partners:
        name = _shorten(partner.name, names)
        yield _fit_line(f"{partner.id} ({kinds[partner.id]})  {name}", width)
        for initiative in fw.initiatives_of(partner.id):
            period = f" · {initiative.period.text}" if initiative.period is not None else ""
            into = ", ".join(initiative.contributes_to) or "nothing named yet"
            name = _shorten(initiative.name, names)
            yield _fit_line(f"    ▸ {initiative.id}  {name} → {into}{period}", width)


def _header(fw: Framework) -> str:
    span = ""
    if fw.start or fw.end:
        start = fw.start.isoformat() if fw.start else "…"
        end = fw.end.isoformat() if fw.end else "…"
        span = f" ({start} – {end})"
    return f"{fw.id} · {fw.title}{span}"


# Off a terminal (into a pipe or a file) a statement or a name is shortened to this, and the
# line, whatever its depth, is kept whole.
_PIPED = 90


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe.formatting import count

    fw = load_source(args.source)
    # Each line shortened to the terminal's width with "…"; with --full, wrapped at words.
    terminal = columns()
    width = 0 if args.full or terminal == UNLIMITED else terminal
    names = _PIPED if terminal == UNLIMITED and not args.full else 0
    lines = [_header(fw)]
    lines.append(f"levels: {' > '.join(fw.levels.label(level) for level in fw.levels.levels)}")
    for alignment in fw.aligned_to:
        by = f" through {alignment.impact}" if alignment.impact else ""
        text = f"Under {alignment.framework} {alignment.goal}{by}: {alignment.statement}"
        lines.append(_shorten(text, width or names))
    lines.append("")
    lines += _tree_lines(fw, width, names)
    if fw.partners:
        lines.append("")
        lines.append(
            f"{count(len(fw.partners), 'partner')}, {count(len(fw.initiatives), 'initiative')}:"
        )
        lines += _partner_lines(fw, width, names)
    pending = fw.pending()
    if pending:
        lines.append("")
        lines.append(
            f"⧗ {count(len(pending), 'value')} pending: see `resultsframe pending {args.source}`"
        )
    write_output(fitted("\n".join(lines) + "\n", terminal), None, out)
    return EXIT_OK


# --- pending, validate --------------------------------------------------------------------


def _cmd_pending(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe.units import format_unit

    fw = load_source(args.source)
    items = fw.pending()
    if args.format == "json":
        rows = items.to_records()
        print(json.dumps(rows, ensure_ascii=False, indent=2), file=out)
        return EXIT_OK
    if not items:
        print(f"{fw.id}: nothing is pending", file=out)
        return EXIT_OK
    key_width = max(3, *(len(item.key) for item in items))
    # A header, so that "T1.a:baseline  baseline" reads as a key and what it holds.
    width = columns()
    print(
        _fit_line(f"{'key':<{key_width}}  {'holds':<9}  {'text':<6}  {'unit':<8}  due", width),
        file=out,
    )
    for item in items:
        unit = format_unit(item.unit) if item.unit is not None else "-"
        due = item.due.isoformat() if item.due else "-"
        row = f"{item.key:<{key_width}}  {item.field:<9}  {item.text!r:<6}  {unit:<8}  {due}"
        print(_fit_line(row, width), file=out)
    print(
        fitted(f"{len(items)} pending in {fw.id}; fill them with `resultsframe fill`", columns()),
        file=out,
    )
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe.formatting import count

    try:
        fw = load_source(args.source)
    except ValidationError as exc:
        for problem in exc.problems:
            print(f"error: {problem} [{problem.code}]", file=sys.stderr)
        print(f"{args.source}: {count(len(exc.problems), 'problem')} found", file=sys.stderr)
        return EXIT_PROBLEMS
    said = (
        f"{args.source}: valid — {len(fw.results)} results, {len(fw.links)} links, "
        f"{count(len(fw.indicators), 'indicator')}, {count(len(fw.pending()), 'value')} pending"
    )
    print(fitted(said, columns()), file=out)
    return EXIT_OK


# --- export, fill, schema ----------------------------------------------------------------


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe import document
    from resultsframe.progress import assess_over

    fw = load_source(args.source)
    if args.to == "json":
        if args.data is not None or args.as_of is not None:
            raise UsageError(
                "--data and --as-of colour a diagram by status; a JSON document has no "
                "progress in it: use them with --to mermaid or --to dot"
            )
        write_output(document.dumps(fw), args.output, out)
        return EXIT_OK
    from resultsframe import diagram

    report = None
    if args.data is not None or args.as_of is not None:
        when = dates(args.as_of, fw.fiscal_year_end)
        if len(when) != 1:
            raise UsageError(f"--as-of: a diagram shows one date, got {len(when)}: {args.as_of}")
        report = assess_over(fw, observations(args, fw), when)[0]
    draw = diagram.to_mermaid if args.to == "mermaid" else diagram.to_dot
    write_output(draw(fw, report), args.output, out)
    return EXIT_OK


# A key is an id and a field ("T3.b:threshold"), a value a number and its unit ("1 250 children"):
# anything longer is a slip (a pasted file), refused before it is read or echoed in a message.
_LONGEST_ASSIGNMENT = 200


def _parse_assignments(assignments: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for text in assignments:
        key, sep, value = text.partition("=")
        if len(key.strip()) > _LONGEST_ASSIGNMENT or len(value.strip()) > _LONGEST_ASSIGNMENT:
            long, part = (
                ("key", key) if len(key.strip()) > _LONGEST_ASSIGNMENT else ("value", value)
            )
            raise UsageError(
                f"cannot read {_cut(text)!r}: its {long} is {len(part.strip()):,} characters long, more "
                f"than the {_LONGEST_ASSIGNMENT} a key or a value may have; write ID=VALUE, for "
                "example T3.a='50 %'"
            )
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"cannot read {text!r}: write ID=VALUE, for example T3.a='50 %'")
        if key.strip() in values:
            raise UsageError(f"{key.strip()!r} is given twice")
        values[key.strip()] = value.strip()
    return values


def _cut(text: str) -> str:
    return text if len(text) <= 60 else f"{text[:50]}…"


def _cmd_fill(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe import document

    values = _parse_assignments(args.values)
    fw = load_source(args.source)
    try:
        filled = fw.fill(values)
    except ResultsframeError:
        raise
    except (ValueError, ArithmeticError) as exc:  # a number no reader should have let through
        raise UsageError(f"cannot fill {', '.join(values)}: {_cut(str(exc))}") from None
    write_output(document.dumps(filled), args.output, out)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    if args.progress:
        from resultsframe import reporting  # only this option needs it

        schema = reporting.progress_schema()
    else:
        from resultsframe import document

        schema = document.schema()
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    write_output(text, args.output, out)
    return EXIT_OK


def add_framework_commands(commands: Commands) -> None:
    """Add show, pending, validate, export, fill and schema."""
    show = add_command(
        commands,
        "show",
        "print the hierarchy with indicators, targets and pending markers",
        _cmd_show,
        examples=("resultsframe show", "resultsframe show framework.json --full"),
    )
    show.add_argument("--full", action="store_true", help="do not shorten statements")
    pending = add_command(
        commands,
        "pending",
        "list the values that are not known yet",
        _cmd_pending,
        examples=("resultsframe pending", "resultsframe pending framework.json --format json"),
    )
    pending.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (the default): a table; json: a list of objects",
    )
    add_command(
        commands,
        "validate",
        "check a framework; exit 1 if it has problems",
        _cmd_validate,
        examples=("resultsframe validate framework.json",),
    )
    export = add_command(
        commands,
        "export",
        "write the framework as a JSON document, or as a Mermaid or Graphviz DOT diagram",
        _cmd_export,
        examples=(
            "resultsframe export cop -o cop.json",
            "resultsframe export --to mermaid --as-of 2020 -o cop.mmd",
        ),
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
        help="colour the diagram by status: observations (CSV, JSON or parquet) to assess it with",
    )
    export.add_argument(
        "--as-of",
        metavar="DATE",
        help="colour the diagram by status as of this date (default today), from --data or, "
        "for a built-in example, its own observations",
    )
    add_output_option(export)
    fill = add_command(
        commands,
        "fill",
        "fill pending values and write the new framework",
        _cmd_fill,
        source=False,
        examples=("resultsframe fill cop T3.a='50 %' T4.a=40 -o new.json",),
    )
    fill.add_argument("source", metavar="SOURCE", help=SOURCE_HELP)
    fill.add_argument(
        "values",
        nargs="+",
        metavar="ID=VALUE",
        help="a pending value's key and its value, for example T3.a='50 %%'",
    )
    add_output_option(fill)
    schema = add_command(
        commands,
        "schema",
        "print the JSON Schema of the document format (or, with --progress, of progress files)",
        _cmd_schema,
        source=False,
        examples=(
            "resultsframe schema -o resultsframe.schema.json",
            "resultsframe schema --progress -o progress.schema.json",
        ),
    )
    schema.add_argument(
        "--progress",
        action="store_true",
        help="the schema of `progress --format json` (the progress format) instead",
    )
    add_output_option(schema)


# --- diff: exit 0 when the two are the same, 1 when they differ ---------------------------


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe.differences import diff

    differences = diff(load_source(args.a), load_source(args.b))
    if args.format == "json":
        records = [d.to_dict() for d in differences]
        print(json.dumps(records, ensure_ascii=False, indent=2), file=out)
    else:
        width = columns()
        for difference in differences:
            print(fitted(str(difference), width), file=out)
        count = len(differences)
        summary = f"{count} difference{'s' if count != 1 else ''}" if count else "no differences"
        print(fitted(f"{summary} between {args.a} and {args.b}", width), file=out)
    return EXIT_PROBLEMS if differences else EXIT_OK


def add_diff_command(commands: Commands) -> None:
    """Add diff."""
    compare = add_command(
        commands,
        "diff",
        "compare two frameworks: what was added, removed or changed; exit 1 when they differ",
        _cmd_diff,
        source=False,
        examples=(
            "resultsframe diff cop new.json",
            "resultsframe diff old.json new.json --format json",
        ),
    )
    compare.add_argument("a", metavar="A", help="the first framework: an example or a document")
    compare.add_argument("b", metavar="B", help="the second framework")
    compare.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (the default): a line per difference; json: a list of objects",
    )
