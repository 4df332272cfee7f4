"""Progress reports as text: the terminal tables, and the progress format for other programs.

The terminal tables write figures as :mod:`resultsframe.formatting` does, with units by their
own names (``50 case``), as files and explanations write them.

The **progress format** (``resultsframe progress --format json|csv``) is one envelope for one
date or several: JSON with the format's name and version, the framework, the dates and a list
of reports, each with its entries (:func:`to_json`, its JSON Schema :func:`progress_schema`);
CSV with the same columns whatever the number of dates (:func:`to_csv`). The Progress format
page of the docs describes every field.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from importlib import metadata, resources
from typing import Any

from resultsframe.formatting import amount, count, date_label, percent, status_label
from resultsframe.framework import Framework
from resultsframe.progress import IndicatorProgress, ProgressReport, ResultProgress, Status
from resultsframe.textwidth import shorten, wrap

Entry = IndicatorProgress | ResultProgress

__all__ = [
    "COLUMNS",
    "PROGRESS_FORMAT",
    "PROGRESS_SCHEMA_FILE",
    "PROGRESS_VERSION",
    "entries",
    "over_time_text",
    "progress_schema",
    "to_csv",
    "to_document",
    "to_json",
    "to_text",
    "walk",
]

#: The progress format's name, in its files (``"format"``).
PROGRESS_FORMAT = "resultsframe-progress"
#: The progress format's version: a reader of 1.x reads every 1.x file.
PROGRESS_VERSION = "1.0"
#: The file of its JSON Schema, in ``resultsframe/schema/``.
PROGRESS_SCHEMA_FILE = "progress-1.0.schema.json"

#: The columns of each entry of the progress format (JSON and CSV) and of the data frames, in
#: order. ``progress`` is one column for results and indicators (see :func:`entries`).
COLUMNS = (
    "id",
    "kind",
    "value",
    "unit",
    "baseline",
    "target",
    "pending",
    "progress",
    "achievement_raw",
    "coverage",
    "status",
    "reason",
    "expected",
    "expected_raw",
    "overdue_since",
    "text",
    "findings",
)

_COLOURS = {
    Status.ACHIEVED: "\x1b[1;32m",
    Status.ON_TRACK: "\x1b[32m",
    Status.AT_RISK: "\x1b[33m",
    Status.OFF_TRACK: "\x1b[31m",
    Status.NOT_ASSESSABLE: "\x1b[2m",
}
_RESET = "\x1b[0m"
_BAR_WIDTH = 20


def _bar(fraction: float | None, size: int = _BAR_WIDTH) -> str:
    if fraction is None:
        return "·" * size
    filled = round(max(0.0, min(1.0, fraction)) * size)
    return "█" * filled + "░" * (size - filled)


# The columns after the bar: " 100 %", " coverage", two spaces and the longest status.
_AFTER_BAR = 1 + 1 + 5 + 1 + 8 + 2 + len("not assessable")
_SMALLEST_BAR = 5


def _bar_size(width: int, id_width: int) -> int:
    """The bar's characters: 20, or fewer so that a row's columns fit ``width`` (5 at least)."""
    return max(_SMALLEST_BAR, min(_BAR_WIDTH, width - id_width - _AFTER_BAR))


def _status(status: Status, colour: bool) -> str:
    text = status_label(status)
    return f"{_COLOURS[status]}{text}{_RESET}" if colour else text


def walk(framework: Framework) -> Iterator[tuple[int, str]]:
    """Result ids depth-first from the top, with their depth; each result once.

    The order of the terminal tables and of the charts. Iterative, so that a deep framework
    cannot reach Python's recursion limit.
    """
    seen: set[str] = set()
    stack = [(0, root) for root in reversed(framework.roots())]
    while stack:
        depth, result_id = stack.pop()
        if result_id in seen:
            continue
        seen.add(result_id)
        yield depth, result_id
        stack.extend((depth + 1, child) for child in reversed(framework.children(result_id)))


def _measured(framework: Framework) -> set[str]:
    """The results with an indicator in them or below them (of any kind, qualitative too)."""
    measured = {r.id for r in framework if r.indicators}
    stack = list(measured)
    while stack:
        for parent in framework.parents(stack.pop()):
            if parent not in measured:
                measured.add(parent)
                stack.append(parent)
    return measured


# Deeper than this, the tree is drawn no further right and a result says its depth ("[25] R25"):
# a chain thousands deep gives lines of bounded width, text linear in its length.
_DEEPEST_DRAWN = 24


def _indent(depth: int) -> str:
    return "  " * min(depth, _DEEPEST_DRAWN)


def _depth_mark(depth: int) -> str:
    return f"[{depth}] " if depth > _DEEPEST_DRAWN else ""


def to_text(report: ProgressReport, *, colour: bool = False, width: int | None = None) -> str:
    """The report as a readable terminal table: the tree, bars, coverage and status.

    With ``width`` (the terminal's columns, from the command) each row fits it: the bar is
    drawn shorter in a narrow terminal, and what a row says after its status is shortened with
    ``…`` (:func:`~resultsframe.textwidth.shorten`); the title and the notes are wrapped at
    words. Without, a row is as long as it needs (a long reason is shortened at 140 columns).
    """
    fitted = width is not None
    width = width if width is not None else _WIDE
    fw = report.framework
    room = width if fitted else _WHOLE  # for prose: wrapped only when fitted
    lines = [
        *_prose(f"{fw.id} · {fw.title}", room),
        f"progress as of {report.as_of.isoformat()}",
        "",
    ]
    id_width = max(len(key) for key in report) + 2 * 4 + 2
    bar = _bar_size(width, id_width)
    rows: list[str] = []  # each shortened to the width; a finding (prose) wrapped instead
    header = f"{'result / indicator':<{id_width}} {'progress':<{bar + 6}} {'coverage':>8}  status"
    rows += [header, "─" * min(width, len(header) + 30)]
    hidden: list[str] = []
    measured = _measured(fw)
    for depth, result_id in walk(fw):
        entry = report[result_id]
        assert isinstance(entry, ResultProgress)
        if result_id not in measured:
            hidden.append(result_id)
            continue
        indent = _indent(depth)
        name = f"{indent}{_depth_mark(depth)}{result_id}"
        if entry.coverage is None:
            rows.append(f"{name:<{id_width}} {'':<{bar + 6}} {'':>8}  (nothing targeted)")
        else:
            rows.append(
                f"{name:<{id_width}} {_bar(entry.progress, bar)} {percent(entry.progress):>5} "
                f"{percent(entry.coverage):>8}  {_status(entry.status, colour)}"
            )
        for indicator in fw.results[result_id].indicators:
            item = report[indicator.id]
            assert isinstance(item, IndicatorProgress)
            line = _indicator_line(
                item, f"{indent}  ◦ {indicator.id}", (id_width, bar), colour, width
            )
            if item.overdue_since is not None:  # said, never a change of status
                line += f" · data overdue since {item.overdue_since.isoformat()}"
            rows.append(line)
            for finding in item.findings:
                rows += _prose(f"{indent}      finding: {finding}", room)
    lines += [shorten(row, width) for row in rows] if fitted else rows
    if hidden:
        lines += [
            "",
            *_prose(
                f"not shown: {count(len(hidden), 'result')} with no indicator in or below them "
                f"({', '.join(hidden)})",
                room,
            ),
        ]
    lines += [
        "",
        *_prose(
            "progress: 0–100 % of the way from baseline to target, rolled up; coverage: the share "
            "of inputs that could be assessed.",
            room,
        ),
        *_prose("`resultsframe explain ID` shows how any figure was obtained.", room),
    ]
    return "\n".join(lines) + "\n"


# The width of a table not fitted to a terminal: its long reasons are shortened to about this.
_WIDE = 140
# Wide enough that a line is never wrapped.
_WHOLE = 1_000_000


def _prose(text: str, width: int) -> list[str]:
    return wrap(text, width).split("\n")


def _indicator_line(
    item: IndicatorProgress,
    name: str,
    columns: tuple[int, int],
    colour: bool,
    width: int,
) -> str:
    id_width, bar = columns

    def shown(value: float | None) -> str:
        stage = _stage(item.stages, value)
        return stage if stage is not None else amount(value, item.unit, as_written=True)

    blank = f"{name:<{id_width}} {'':<{bar + 6}} {'':>8}  "
    if item.text is not None:  # a qualitative indicator's latest text, never aggregated
        when = f" ({item.value_used.period})" if item.value_used is not None else ""
        room = width - id_width - 40 - len(when) - len('qualitative: ""')
        said = f'qualitative: "{_short(item.text, room)}"{when}'
        return f"{blank}{said}"
    if item.coverage is None and item.value is None:
        detail = item.reason or ""
        return f"{blank}{_short(detail, width - id_width - 40)}"
    if item.coverage is None:
        return f"{name:<{id_width}} {'value ' + shown(item.value):<{bar + 6}} {'':>8}  monitoring (no target)"
    empty = f"{name:<{id_width}} {_bar(None, bar)} {'':>5} {'':>8}  "
    if item.achievement is None:
        value = f"value {shown(item.value)}" if item.value is not None else "no value"
        if item.has_no_new_data:
            since = f" ({item.baseline_period})" if item.baseline_period else ""
            when = f" for {item.value_used.period}" if item.value_used is not None else ""
            value = f"no new data since the baseline{since}: latest {shown(item.value)}{when}"
            return f"{empty}{_status(item.status, colour)}: {_short(value, width - id_width - 60)}"
        return (
            f"{empty}{_status(item.status, colour)}: "
            f"{_short(item.reason or value, width - id_width - 60)}"
        )
    detail = f"{shown(item.value)} → target {shown(item.target)} (baseline {shown(item.baseline)})"
    return (
        f"{name:<{id_width}} {_bar(item.achievement, bar)} {percent(item.achievement):>5} "
        f"{'':>8}  {_status(item.status, colour)}  {detail}"
    )


def _stage(stages: tuple[str, ...], value: float | None) -> str | None:
    """A position among an ordinal indicator's stages, by its name: ``'adopted' (3)``."""
    if not stages or value is None or not float(value).is_integer():
        return None
    n = int(value)
    return f"{stages[n - 1]!r} ({n})" if 1 <= n <= len(stages) else None


def _short(text: str, width: int) -> str:
    width = max(width, 30)
    return text if len(text) <= width else text[: width - 1] + "…"


def _package_version() -> str:
    try:
        return metadata.version("resultsframe")
    except metadata.PackageNotFoundError:  # running from a source tree without install
        return "0.0.0"


def progress_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of :func:`to_json`'s output.

    ``resultsframe schema --progress`` prints it. A new dict on every call.

    >>> progress_schema()["title"]
    'resultsframe progress, format 1.0'
    """
    text = resources.files("resultsframe").joinpath("schema", PROGRESS_SCHEMA_FILE)
    return json.loads(text.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _pending_texts(framework: Framework) -> dict[str, str]:
    """Each indicator's pending values as one text: ``"target 'XX%'"``."""
    texts: dict[str, list[str]] = {}
    for item in framework.pending():
        name = item.field if item.field != "parameter" else f"parameter {item.key.split(':')[-1]}"
        texts.setdefault(item.indicator, []).append(f"{name} {item.text!r}")
    return {indicator: "; ".join(parts) for indicator, parts in texts.items()}


def entries(
    report: ProgressReport,
    *,
    only: Collection[str] | None = None,
    extra: Mapping[str, Callable[[Entry], Any]] | None = None,
) -> list[dict[str, Any]]:
    """The report's entries as the progress format writes them: :data:`COLUMNS`, in order.

    One column holds how far each entry is: ``progress`` is a result's rolled-up progress and an
    indicator's achievement (0–1, clipped), so that results and indicators are read alike;
    ``achievement_raw`` keeps an indicator's unclipped figure. ``pending`` names what the
    indicator does not know yet (``"target 'XX%'"``): such an entry is never 0 or 100 %.

    Args:
        report: The report.
        only: The ids to keep (in the report's order); None keeps every entry.
        extra: More columns after :data:`COLUMNS`, each a function of the entry.

    >>> import resultsframe
    >>> report = resultsframe.assess(resultsframe.examples.load("cop"),
    ...                              resultsframe.examples.observations("cop"), "2020-12-31")
    >>> [(e["id"], e["progress"], e["pending"]) for e in entries(report, only={"O1", "T3.a"})]
    [('O1', 1.0, None), ('T3.a', None, "target 'XX%'")]
    """
    pending = _pending_texts(report.framework)
    rows = []
    for record in report.to_records():
        key = record["id"]
        if only is not None and key not in only:
            continue
        indicator = record["kind"] == "indicator"
        own = {
            "progress": record["achievement"] if indicator else record["progress"],
            "pending": pending.get(key) if indicator else None,
        }
        out = {name: own[name] if name in own else record[name] for name in COLUMNS}
        if extra:
            entry = report[key]
            out.update({name: column(entry) for name, column in extra.items()})
        rows.append(out)
    return rows


def to_document(
    reports: Sequence[ProgressReport],
    *,
    only: Collection[str] | None = None,
    extra: Mapping[str, Callable[[Entry], Any]] | None = None,
    partner: str | None = None,
) -> dict[str, Any]:
    """The progress format as a dict: one envelope for one date or several.

    ``{"format": "resultsframe-progress", "version": "1.0", "generated_by": …, "framework":
    {"id", "title"}, "as_of": [days], "reports": [{"as_of": day, "entries": [...]}]}``, the
    reports in the order given; ``partner`` (for ``progress --partner``) when the entries are
    one partner's. See :func:`entries` for ``only`` and ``extra``, and :func:`progress_schema`.

    Raises:
        ValueError: if ``reports`` is empty or the reports are of different frameworks.
    """
    if not reports:
        raise ValueError("the progress format needs at least one report")
    framework = reports[0].framework
    if any(report.framework.id != framework.id for report in reports):
        raise ValueError("the reports of one progress file must be of one framework")
    document: dict[str, Any] = {
        "format": PROGRESS_FORMAT,
        "version": PROGRESS_VERSION,
        "generated_by": f"resultsframe {_package_version()}",
        "framework": {"id": framework.id, "title": framework.title},
        "as_of": [report.as_of.isoformat() for report in reports],
    }
    if partner is not None:
        document["partner"] = partner
    document["reports"] = [
        {"as_of": report.as_of.isoformat(), "entries": entries(report, only=only, extra=extra)}
        for report in reports
    ]
    return document


def to_json(
    reports: Sequence[ProgressReport],
    *,
    only: Collection[str] | None = None,
    extra: Mapping[str, Callable[[Entry], Any]] | None = None,
    partner: str | None = None,
) -> str:
    """The reports in the progress format, as JSON text (:func:`to_document`).

    >>> import resultsframe
    >>> report = resultsframe.assess(resultsframe.examples.load("cop"), as_of="2020-12-31")
    >>> document = json.loads(to_json([report]))
    >>> document["format"], document["version"], document["as_of"]
    ('resultsframe-progress', '1.0', ['2020-12-31'])
    """
    document = to_document(reports, only=only, extra=extra, partner=partner)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_csv(
    reports: Sequence[ProgressReport],
    *,
    only: Collection[str] | None = None,
    extra: Mapping[str, Callable[[Entry], Any]] | None = None,
) -> str:
    """The reports in the progress format as CSV: the same columns for one date or several.

    Columns: ``framework`` and ``as_of`` first, then :data:`COLUMNS` (and ``extra``'s), then
    ``format_version`` (``"resultsframe-progress 1.0"`` on every row), so that a reader with
    default settings (pandas, a spreadsheet) reads it as one table. A figure that does not apply
    is an empty cell.

    >>> import resultsframe
    >>> report = resultsframe.assess(resultsframe.examples.load("cop"), as_of="2020-12-31")
    >>> to_csv([report]).splitlines()[0].split(",")[:4]
    ['framework', 'as_of', 'id', 'kind']
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = tuple(extra or ())
    writer.writerow(("framework", "as_of", *COLUMNS, *names, "format_version"))
    version = f"{PROGRESS_FORMAT} {PROGRESS_VERSION}"
    for report in reports:
        day = report.as_of.isoformat()
        for row in entries(report, only=only, extra=extra):
            cells = ["" if row[c] is None else row[c] for c in (*COLUMNS, *names)]
            writer.writerow([report.framework.id, day, *cells, version])
    return out.getvalue()


def over_time_text(
    reports: Sequence[ProgressReport], *, colour: bool = False, width: int | None = None
) -> str:
    """Progress of every result (and achievement of every targeted indicator) at each date.

    With ``width`` (the terminal's columns), the dates that do not fit beside the ids go into
    a further block of the table below, each block with the ids again: a row is never wrapped.
    """
    first = reports[0]
    fw = first.framework
    dates = [date_label(r.as_of) for r in reports]
    id_width = max(len(k) for k in first) + 10
    per_block = len(reports)
    if width is not None:
        per_block = max(1, (width - id_width) // _CELL)
    lines = [
        *(_prose(f"{fw.id} · {fw.title}", width) if width else [f"{fw.id} · {fw.title}"]),
        "progress (results) and achievement (indicators) over time",
    ]
    for start in range(0, len(reports), per_block):
        block = range(start, min(start + per_block, len(reports)))
        lines.append("")
        lines.append(f"{'':<{id_width}}" + "".join(f"{dates[n]:>{_CELL}}" for n in block))
        lines += _over_time_rows(reports, block, id_width, colour)
    # What the published figures say is wrong, once: the last date's findings hold the earlier ones'.
    last = max(reports, key=lambda report: report.as_of)
    found = [
        f"  {item.id}: {finding}" for item in last.indicators.values() for finding in item.findings
    ]
    if found:
        lines += ["", f"findings as of {last.as_of.isoformat()}:"]
        lines += [part for line in found for part in (_prose(line, width) if width else [line])]
    return "\n".join(lines) + "\n"


# The characters of one date's column in the table over time.
_CELL = 12


def _over_time_rows(
    reports: Sequence[ProgressReport], block: range, id_width: int, colour: bool
) -> list[str]:
    first = reports[0]
    fw = first.framework
    lines: list[str] = []
    for depth, result_id in walk(fw):
        if all(report[result_id].coverage is None for report in reports):
            continue  # nothing targeted in it or below it
        cells = []
        for n in block:
            entry = reports[n][result_id]
            assert isinstance(entry, ResultProgress)
            cells.append(_cell(entry.progress, entry.status, colour))
        name = _indent(depth) + _depth_mark(depth) + result_id
        lines.append(f"{name:<{id_width}}" + "".join(cells))
        for indicator in fw.results[result_id].indicators:
            if first[indicator.id].coverage is None:
                continue
            cells = []
            for n in block:
                item = reports[n][indicator.id]
                cells.append(_cell(item.achievement, item.status, colour))
            name = _indent(depth) + "  ◦ " + indicator.id
            lines.append(f"{name:<{id_width}}" + "".join(cells))
    return lines


def _cell(value: float | None, status: Status, colour: bool) -> str:
    text = f"{percent(value):>12}" if value is not None else f"{'n/a':>12}"
    return f"{_COLOURS[status]}{text}{_RESET}" if colour else text
