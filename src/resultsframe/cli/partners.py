"""The ``partners`` command, and what ``progress --partner`` shows.

``resultsframe partners SOURCE [--data FILE] [--as-of DAY] [--partner ID] [--format
text|json|csv]``: each partner's account in the report at one date
(:func:`~resultsframe.progress.accountability.partner_accounts`): its initiatives, the
indicators they contribute to, what it reported, what is overdue and the pending targets it
could supply the data for. Text fits 80 columns; JSON and CSV have one stable shape.

``resultsframe progress … --partner ID`` shows only the entries the partner contributes to
(the results and indicators its initiatives name, and a result's own indicators), each with
who reported the value used.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from resultsframe.cli.arguments import (
    EXIT_OK,
    Commands,
    UsageError,
    add_command,
    add_data_options,
    add_output_option,
    dates,
    load_source,
    write_output,
)
from resultsframe.cli.sources import assessed
from resultsframe.cli.terminal import width_for

if TYPE_CHECKING:
    from resultsframe.framework import Framework
    from resultsframe.progress import ProgressReport
    from resultsframe.progress.accountability import PartnerAccount

__all__ = [
    "CSV_COLUMNS",
    "accounts_csv",
    "accounts_text",
    "add_partners_command",
    "partner_entries",
]

WIDTH = 80
CSV_COLUMNS = (
    "partner",
    "name",
    "kind",
    "item",
    "id",
    "rows",
    "latest_period",
    "since",
    "target",
    "due",
    "note",
)
"""The columns of ``partners --format csv``: one row per item of an account (``item`` is
``initiative``, ``contributes_to``, ``reported``, ``overdue``, ``pending``, or ``none`` for a
partner with nothing)."""


def _wrapped(label: str, items: Sequence[str], width: int = WIDTH) -> list[str]:
    """``  label:  a, b, c`` wrapped to ``width`` columns, ``none`` when there is nothing."""
    head = f"  {label + ':':<17}"
    text = "; ".join(items) if items else "none"
    return textwrap.wrap(
        text,
        width,
        initial_indent=head,
        subsequent_indent=" " * len(head),
        break_on_hyphens=False,
        break_long_words=False,
    )


def accounts_text(
    report: ProgressReport, accounts: Sequence[PartnerAccount], width: int = WIDTH
) -> str:
    """The accounts as text, ``width`` columns wide (80 unless told)."""
    fw = report.framework
    lines = _words(f"{fw.id} · partners as of {report.as_of.isoformat()}", width)
    for a in accounts:
        lines.append("")
        lines.extend(_words(f"{a.partner} — {a.name} ({a.kind})", width))
        lines += _wrapped("initiatives", a.initiatives, width)
        lines += _wrapped("contributes to", a.contributes_to, width)
        lines += _wrapped(
            "reported",
            [
                f"{r.indicator}: {r.rows} row{'s' if r.rows != 1 else ''}, latest {r.latest_period}"
                for r in a.reported
            ],
            width,
        )
        lines += _wrapped("overdue", [f"{o.indicator}: {o.reason}" for o in a.overdue], width)
        lines += _wrapped(
            "pending targets",
            [
                f"{p.indicator}: {p.text!r}"
                + (f" due {p.due.isoformat()}" if p.due else "")
                + f" ({', '.join(p.why)})"
                for p in a.pending
            ],
            width,
        )
    return "\n".join(lines) + "\n"


def _words(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` wrapped at spaces only: never inside a word, a date or a range."""
    return textwrap.wrap(
        text, width, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False
    )


def accounts_json(report: ProgressReport, accounts: Sequence[PartnerAccount]) -> str:
    """The accounts as one JSON object: framework, as_of and partners."""
    found = {
        "framework": report.framework.id,
        "as_of": report.as_of.isoformat(),
        "partners": [a.to_dict() for a in accounts],
    }
    return json.dumps(found, ensure_ascii=False, indent=2) + "\n"


def accounts_csv(accounts: Sequence[PartnerAccount]) -> str:
    """The accounts as CSV: one row per item (:data:`CSV_COLUMNS`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    for a in accounts:
        who = {"partner": a.partner, "name": a.name, "kind": a.kind}
        rows: list[dict[str, Any]] = []
        rows += [{"item": "initiative", "id": i} for i in a.initiatives]
        rows += [{"item": "contributes_to", "id": i} for i in a.contributes_to]
        rows += [
            {
                "item": "reported",
                "id": r.indicator,
                "rows": r.rows,
                "latest_period": r.latest_period,
            }
            for r in a.reported
        ]
        rows += [
            {
                "item": "overdue",
                "id": o.indicator,
                "since": "" if o.since is None else o.since.isoformat(),
                "note": o.reason,
            }
            for o in a.overdue
        ]
        rows += [
            {
                "item": "pending",
                "id": p.indicator,
                "target": p.text,
                "due": "" if p.due is None else p.due.isoformat(),
                "note": "; ".join(p.why),
            }
            for p in a.pending
        ]
        for row in rows or [{"item": "none"}]:
            writer.writerow({**who, **row})
    return out.getvalue()


def _cmd_partners(args: argparse.Namespace, out: TextIO) -> int:
    fw = load_source(args.source, args.activity)
    when = dates(args.as_of, fw.fiscal_year_end)
    if len(when) != 1:
        raise UsageError(f"--as-of: partners reports on one day; {args.as_of!r} gives {len(when)}")
    (report,) = assessed(args, fw, when)
    from resultsframe.progress.accountability import partner_accounts

    accounts = partner_accounts(report, args.partner)
    if args.format == "json":
        text = accounts_json(report, accounts)
    elif args.format == "csv":
        text = accounts_csv(accounts)
    else:
        text = accounts_text(report, accounts, width_for(args, default=WIDTH))
    write_output(text, args.output, out)
    return EXIT_OK


def add_partners_command(commands: Commands) -> None:
    """Add partners."""
    partners = add_command(
        commands,
        "partners",
        "each partner's account: initiatives, what it reported, what is overdue, pending targets",
        _cmd_partners,
        examples=(
            "resultsframe partners --as-of 2020",
            "resultsframe partners --partner ITU --format csv",
        ),
    )
    add_data_options(partners)
    partners.add_argument("--partner", metavar="ID", help="only this partner")
    partners.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        help="text (the default): for reading; json or csv: records for programs",
    )
    add_output_option(partners)


# --- progress --partner ------------------------------------------------------------------------


def partner_entries(fw: Framework, partner: str) -> list[str]:
    """The ids of the entries a partner contributes to, in the report's order.

    Raises:
        UnknownIdError: if ``partner`` is not one of the framework's partners (naming the
            closest id).
    """
    from resultsframe.progress.accountability import contributed_indicators

    fw.partner(partner)
    results = {ref for i in fw.initiatives_of(partner) for ref in i.contributes_to}
    indicators = contributed_indicators(fw, partner)
    wanted: list[str] = []
    for result in fw:
        if result.id in results:
            wanted.append(result.id)
        wanted += [i.id for i in result.indicators if i.id in indicators]
    return wanted


def _reported_by(entry: Any) -> str | None:
    from resultsframe.progress import IndicatorProgress

    used = entry.value_used if isinstance(entry, IndicatorProgress) else None
    return None if used is None else used.reporter


def _figure(entry: Any) -> str:
    from resultsframe.formatting import amount, fraction
    from resultsframe.progress import IndicatorProgress

    if isinstance(entry, IndicatorProgress):
        value = amount(entry.value, entry.unit)
        target = f" (target {amount(entry.target, entry.unit)})" if entry.target is not None else ""
        return f"{value}{target}"
    return f"progress {fraction(entry.progress)}"


def partner_progress(
    reports: Sequence[ProgressReport], partner: str, output_format: str, width: int = WIDTH
) -> str:
    """``progress --partner``: the entries a partner contributes to, with who reported each."""
    fw = reports[0].framework
    wanted = partner_entries(fw, partner)
    from resultsframe import reporting  # imported when used, as the commands' modules do

    # The progress format, with the partner's entries only and who reported each value.
    extra = {"reported_by": _reported_by}
    if output_format == "json":
        return reporting.to_json(reports, only=set(wanted), extra=extra, partner=partner)
    if output_format == "csv":
        return reporting.to_csv(reports, only=set(wanted), extra=extra)
    name = fw.partner(partner).name
    lines: list[str] = []
    for report in reports:
        lines += _words(
            f"{fw.id} · progress as of {report.as_of.isoformat()} · what {partner} ({name}) "
            "contributes to",
            width,
        )
        lines.append("")
        if not wanted:
            lines.append(f"  {partner} contributes to no result or indicator")
        for key in wanted:
            entry = report[key]
            who = _reported_by(entry)
            lines += _words(
                f"{key:<10} {entry.status.value:<16} {_figure(entry)}"
                + (f"; reported by {who}" if who else ""),
                width,
                indent=" " * 11,
            )
        lines.append("")
    return "\n".join(lines)
