"""``resultsframe portfolio``: an umbrella framework and its members, assessed together.

::

    resultsframe portfolio UMBRELLA [MEMBER[=DATA] ...] [--data FILE] [--as-of DAY]
                           [--format text|json]

UMBRELLA is a JSON document (or a built-in example) whose initiatives name their members and
mappings (see the portfolio page of the documentation); ``--data`` its own observations. Each
MEMBER is a JSON document or an IATI XML file (one activity: the member ``iati:<identifier>``),
with ``=DATA`` its observations (CSV or JSON); without, its own published actuals. ``resultsframe
portfolio cop`` with no member is the built-in demo: INHOPE's and the IWF's country counts
feeding the COP's ``T2.a``.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from resultsframe import examples
from resultsframe.cli.arguments import (
    EXIT_OK,
    Commands,
    UsageError,
    add_command,
    add_output_option,
    is_xml,
    load_source,
    write_output,
)
from resultsframe.cli.terminal import fitted, width_for

if TYPE_CHECKING:
    from resultsframe.framework import Framework
    from resultsframe.observations import Observations
    from resultsframe.progress.portfolio import Portfolio, PortfolioReport

__all__ = ["add_portfolio_command"]


def _member(text: str) -> tuple[str, tuple[Framework, Observations | None]]:
    from resultsframe.observations import Observations

    source, _, data = text.partition("=")
    framework = load_source(source)
    key = (
        f"iati:{framework.id}" if Path(source).is_file() and is_xml(Path(source)) else framework.id
    )
    if not data:
        return key, (framework, None)
    path = Path(data)
    if not path.is_file():
        raise UsageError(f"member {source!r}: its data {data!r} is not a file")
    if path.suffix.lower() == ".json":
        return key, (framework, Observations.from_json(path, framework))
    return key, (framework, Observations.from_csv(path, framework))


def _portfolio(args: argparse.Namespace) -> Portfolio:
    from resultsframe.observations import Observations
    from resultsframe.progress.portfolio import Portfolio

    if args.umbrella in examples.names() and not args.members:
        if args.data is not None:
            raise UsageError("--data is for an umbrella document; the demo brings its own data")
        from resultsframe.examples.portfolio import cop_portfolio

        return cop_portfolio()
    umbrella = load_source(args.umbrella)
    own = None
    if args.data is not None:
        path = Path(args.data)
        if not path.is_file():
            raise UsageError(f"--data: {args.data!r} is not a file")
        read = Observations.from_json if path.suffix.lower() == ".json" else Observations.from_csv
        own = read(path, umbrella)
    elif args.umbrella in examples.names():
        own = examples.observations(args.umbrella)
    return Portfolio(umbrella=umbrella, members=dict(map(_member, args.members)), observations=own)


def _text(report: PortfolioReport, width: int = 80) -> str:
    from resultsframe.formatting import percent

    lines = [f"portfolio of {report.umbrella_id} as of {report.as_of.isoformat()}"]
    for member, member_report in report.members.items():
        assessed = sum(1 for e in member_report.indicators.values() if e.value is not None)
        lines.append(
            f"  member {member}: {assessed} of {len(member_report.indicators)} "
            "indicators with a value"
        )
    for target, found in report.combined.items():
        entry = report.umbrella.indicators[target]
        lines.append("")
        lines.append(f"{target} ({found.rule.value}):")
        for c in found.contributions:
            value = "no figure" if c.value is None else f"{c.value:g}"
            when = f" ({c.period.text})" if c.period is not None else ""
            lines.append(f"  {c.partner or '?'} · {c.member} {c.source} = {value}{when}")
        if found.low is None:
            lines.append("  combined: nothing to combine by the date")
        elif found.exact:
            lines.append(f"  combined: {found.low:g}")
        else:
            lines.append(f"  combined: between {found.low:g} and {found.high:g} (overlap unknown)")
        if found.overlap:
            named = ", ".join(f"{u} ({' & '.join(m)})" for u, m in found.overlap.items())
            lines.append(f"  overlap: {named}")
        status = entry.status.value.replace("_", " ")
        shown = "—" if entry.value is None else f"{entry.value:.1f} {entry.unit or ''}".rstrip()
        lines.append(f"  umbrella: {shown} · {status} · achievement {percent(entry.achievement)}")
        if entry.reason:
            lines += textwrap.wrap(
                f"why: {entry.reason}",
                width,
                initial_indent="  ",
                subsequent_indent="    ",
                break_on_hyphens=False,
                break_long_words=False,
            )
    if report.findings:
        lines.append("")
        lines.append("findings:")
        for finding in report.findings:
            lines += textwrap.wrap(
                finding,
                width,
                initial_indent="  - ",
                subsequent_indent="    ",
                break_on_hyphens=False,
                break_long_words=False,
            )
    return fitted("\n".join(lines) + "\n", width)


def _json(report: PortfolioReport) -> str:
    combined: dict[str, Any] = {}
    for target, found in report.combined.items():
        entry = report.umbrella.indicators[target]
        combined[target] = {
            "rule": found.rule.value,
            "low": found.low,
            "high": found.high,
            "exact": found.exact,
            "units": list(found.units) if found.units is not None else None,
            "overlap": {u: list(m) for u, m in found.overlap.items()},
            "contributions": [
                {
                    "member": c.member,
                    "partner": c.partner,
                    "initiative": c.initiative,
                    "source": c.source,
                    "value": c.value,
                    "period": c.period.text if c.period is not None else None,
                }
                for c in found.contributions
            ],
            "value": entry.value,
            "status": entry.status.value,
            "reason": entry.reason,
        }
    out = {
        "umbrella": report.umbrella_id,
        "as_of": report.as_of.isoformat(),
        "members": sorted(report.members),
        "combined": combined,
        "findings": list(report.findings),
    }
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _cmd_portfolio(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe.progress.portfolio import assess_portfolio

    report = assess_portfolio(_portfolio(args), args.as_of)
    text = _json(report) if args.format == "json" else _text(report, width_for(args, default=80))
    write_output(text, args.output, out)
    return EXIT_OK


def add_portfolio_command(commands: Commands) -> None:
    """Add portfolio."""
    parser = add_command(
        commands,
        "portfolio",
        "an umbrella framework and its members' frameworks assessed together",
        _cmd_portfolio,
        source=False,
        examples=(
            "resultsframe portfolio cop",
            "resultsframe portfolio umbrella.json member.json=obs.csv",
        ),
    )
    parser.add_argument("umbrella", metavar="UMBRELLA", help="the umbrella: a JSON document")
    parser.add_argument(
        "members",
        nargs="*",
        metavar="MEMBER[=DATA]",
        help="a member: a JSON document or IATI XML file, with =DATA its observations",
    )
    parser.add_argument("--data", metavar="FILE", help="the umbrella's own observations")
    parser.add_argument("--as-of", metavar="DATE", help="the date (2022-12-31, 2022); today")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (the default): for reading; json: one object for programs",
    )
    add_output_option(parser)
