"""The columns of the logframe matrix: their headers, what each holds, and how cells are said.

:data:`COLUMNS` is the one list of the matrix's columns; the writer, the reader, the Excel
guide sheet and the documentation's column list are all made from it. The rest of this module
is what both directions share: the internal key of each header, the cells' small grammar
(numbers, pending values, levels), the level scheme a table's levels make, and which file
formats hold a matrix.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TypeAlias

import attrs

from resultsframe.exceptions import DocumentError, Problem
from resultsframe.grammar import PENDING_PREFIX
from resultsframe.levels import SCHEMES, LevelScheme
from resultsframe.model import Link, Measure

__all__ = ["COLUMNS", "EXTENSION_FORMAT", "PENDING_PREFIX", "Cell", "Column", "target_headers"]

#: What a cell holds: a text, a number, a date, or nothing.
Cell: TypeAlias = str | int | float | date | None

#: The :attr:`~resultsframe.model.Extension.format` of the cells of columns the matrix does not
#: know, kept on the row's indicator (or result) and written back as the same column.
EXTENSION_FORMAT = "table"

# A table as read: its header, the header's row number (from 1) and the numbered data rows.
Matrix: TypeAlias = tuple[list[object], int, list[tuple[int, Sequence[object]]]]


@attrs.frozen
class Column:
    """A column of the logframe matrix.

    Attributes:
        header: The header as written (``"means of verification"``).
        about: What the column holds, for people.
        aliases: Other headers read as this column (``"verification"``).
    """

    header: str
    about: str
    aliases: tuple[str, ...] = ()


#: The columns of the matrix, in the order they are written. ``target N`` and
#: ``target N due date`` stand for ``target 1``, ``target 1 due date``, ``target 2`` …: as many
#: pairs as the indicator with the most targets needs.
COLUMNS: tuple[Column, ...] = (
    Column(
        "level",
        "The result's level: impact, outcome, target, output, or a level of the framework's own "
        "scheme (goal, purpose, activity …).",
    ),
    Column(
        "result id",
        "A short id for the result, unique in the framework, without spaces (T1, O2, 1.1). "
        "A row with an empty result id continues the result of the row above.",
    ),
    Column(
        "result",
        "The result as the framework words it.",
        ("statement", "result statement"),
    ),
    Column("result description", "A longer description of the result (optional)."),
    Column(
        "contributes to",
        "The ids of the higher results this result contributes to, separated by ';'. A weight "
        "other than 1 is written after the id: 'O1 (weight 2)'. Empty at the top.",
        ("parent", "parents"),
    ),
    Column(
        "indicator id",
        "A short id for the indicator, unique in the framework (T1.a). When empty, the "
        "indicator gets the result id and its number on the result (T1.1, T1.2 …). A row with "
        "no indicator is a result that has none.",
    ),
    Column("indicator", "What is measured, as the framework words it.", ("indicator name",)),
    Column("indicator description", "A longer description of the indicator (optional)."),
    Column(
        "measure",
        "The kind of measure: quantity (a count or amount; the default), share (a percentage "
        "of a universe), ratio, yes/no, ordinal or qualitative.",
    ),
    Column(
        "unit",
        "The unit of the indicator's values: percent for a share, a counting unit (country, "
        "case, person …) for a count, empty for a qualitative indicator.",
    ),
    Column(
        "share of",
        "For a share: the counting unit it is a share of ('country' for '% of countries').",
        ("universe",),
    ),
    Column(
        "share of (which)",
        "For a share: which ones ('UN member states'), when said.",
        ("universe description",),
    ),
    Column(
        "share of (how many)",
        "For a share: how many there are, when fixed (193).",
        ("universe size",),
    ),
    Column("direction", "Which way is better: increase (the default) or decrease."),
    Column(
        "accumulation",
        "How a quantity's values add up over time: level (each value is the level at its date; "
        "the default), cumulative (running totals since the start, as are the targets) or "
        "increments (each value is the amount of its period alone, summed up to a date).",
    ),
    Column(
        "stages",
        "For an ordinal indicator, its named stages in order, separated by ';' "
        "('consultation completed; drafted; adopted'). Its baseline and targets may then name "
        "a stage ('adopted') or give its position (3).",
    ),
    Column(
        "baseline",
        "Where the indicator starts, as a number in its unit (72.96 for 72.96 % in a percent "
        "row), a number with another unit ('0.7 dimensionless'), a value not known yet "
        "(XX%, TBD, N/A, or 'pending: …'), or a stage's name; '40 in 2019' gives the period "
        "too. The texts are those of the builder (see 'Values as people write them').",
    ),
    Column(
        "baseline period",
        "When the baseline was measured: a year (2015), a month (2015-06), a day (2015-06-30) "
        "or a span (2014-05/2014-12).",
        ("baseline year", "baseline date"),
    ),
    Column(
        "target N",
        "A value to reach, written like the baseline; XX% for a target not decided yet, "
        "'baseline + 3' or '+3 points' for a change in the indicator's unit, '+30 % relative' "
        "or '×1.3' for 30 % more than the baseline, '80 by 2025' with its due date. Several "
        "targets (milestones) go in target 1, target 2 … in the order of their due "
        "dates; the last one is the final target. An indicator with no target is a "
        "monitoring indicator.",
    ),
    Column("target N due date", "When target N is to be reached: YYYY-MM-DD."),
    Column(
        "indicator weight",
        "The indicator's weight in its result's progress; empty for 1.",
        ("weight",),
    ),
    Column("source", "Where the indicator's data comes from.", ("data source",)),
    Column(
        "means of verification",
        "How a value is verified.",
        ("verification", "means of verification (mov)", "mov"),
    ),
    Column(
        "frequency",
        "How often the indicator is reported: annual, semiannual, quarterly or monthly; a "
        "report then says when its data is overdue. Empty when not said.",
        ("reporting frequency",),
    ),
)

# Internal keys of the fixed columns, in the order of COLUMNS (targets excluded).
KEYS = {
    "level": "level",
    "result id": "result_id",
    "result": "statement",
    "result description": "result_description",
    "contributes to": "parents",
    "indicator id": "indicator_id",
    "indicator": "indicator",
    "indicator description": "indicator_description",
    "measure": "measure",
    "unit": "unit",
    "share of": "universe",
    "share of (which)": "universe_description",
    "share of (how many)": "universe_size",
    "direction": "direction",
    "accumulation": "accumulation",
    "stages": "stages",
    "baseline": "baseline",
    "baseline period": "baseline_period",
    "indicator weight": "weight",
    "source": "source",
    "means of verification": "verification",
    "frequency": "frequency",
}
HEADER_OF = {key: header for header, key in KEYS.items()}
RESULT_KEYS = ("level", "statement", "result_description", "parents")
INDICATOR_KEYS = tuple(k for k in KEYS.values() if k not in (*RESULT_KEYS, "result_id"))
REQUIRED = ("result_id", "level", "statement")
TARGET_RE = re.compile(r"target(?: (?P<n>[1-9][0-9]{0,2}))?")
DUE_RE = re.compile(r"target(?: (?P<n>[1-9][0-9]{0,2}))? due(?: date)?")
NUMBER_RE = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
MEASURE_LABELS = {m: m.value.replace("_", "/") for m in Measure}


def normal(header: str) -> str:
    """A header as it is matched: lower case, single spaces."""
    return " ".join(header.lower().split())


#: The key of each header and alias, normalised.
BY_HEADER: dict[str, str] = {
    normal(name): KEYS[column.header]
    for column in COLUMNS
    if column.header in KEYS
    for name in (column.header, *column.aliases)
}


def target_headers(n: int) -> tuple[str, str]:
    """The headers of the ``n``-th target and its due date (from 1)."""
    return f"target {n}", f"target {n} due date"


def number(value: float) -> int | float:
    """A number as a cell: 90.0 reads as 90 in a sheet; floats that are not whole stay."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def blank(value: object) -> bool:
    """Whether a cell says nothing: None, only spaces, or NaN (an empty cell of a data frame)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def level_label(scheme: LevelScheme, level: str) -> str:
    """The level as people read it ("intermediate result"), when it reads back as itself."""
    label = scheme.label(level)
    return label if level_name(label) == level else level


def level_name(cell: str) -> str:
    """A level as written in the table ("intermediate result") as the scheme names it."""
    return cell.strip().lower().replace(" ", "_").replace("-", "_")


def infer_levels(levels_of: Mapping[str, str], links: Sequence[Link]) -> LevelScheme:
    """A built-in scheme holding every level used; else the order the links imply.

    Higher levels first: a level comes after every level its results contribute to; among the
    levels ready to come next, the one the table names first; when links go round in a
    circle, the first level the table names of those left. Linear in the levels and links
    (a table may give every row a level of its own).

    >>> infer_levels({"a": "step", "b": "aim"}, [Link("a", "b")]).levels
    ('aim', 'step')
    """
    used = list(dict.fromkeys(levels_of.values()))
    for scheme in SCHEMES.values():
        if set(used) <= set(scheme.levels):
            return scheme
    position = {level: n for n, level in enumerate(used)}
    above: dict[str, set[str]] = {level: set() for level in used}
    below: dict[str, list[str]] = {level: [] for level in used}
    for link in links:
        child, parent = levels_of.get(link.child), levels_of.get(link.parent)
        if (
            child is not None
            and parent is not None
            and child != parent
            and parent not in above[child]
        ):
            above[child].add(parent)
            below[parent].append(child)
    waiting = {level: len(parents) for level, parents in above.items()}
    ready = [position[level] for level, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    placed: set[str] = set()
    order: list[str] = []
    first_left = 0  # no level before this position in `used` is left to place
    while len(order) < len(used):
        while ready and used[ready[0]] in placed:
            heapq.heappop(ready)
        if ready:
            level = used[heapq.heappop(ready)]
        else:  # a circle: the first level named of those left
            while used[first_left] in placed:
                first_left += 1
            level = used[first_left]
        placed.add(level)
        order.append(level)
        for child in below[level]:
            waiting[child] -= 1
            if waiting[child] == 0 and child not in placed:
                heapq.heappush(ready, position[child])
    return LevelScheme("table", order)


def to_scheme(levels: LevelScheme | str | Iterable[str] | None) -> LevelScheme | None:
    """The level scheme ``levels`` names: a scheme, a built-in scheme's name, or levels top first.

    Raises:
        DocumentError: for a text that is neither.
    """
    if levels is None or isinstance(levels, LevelScheme):
        return levels
    if isinstance(levels, str):
        if levels in SCHEMES:
            return SCHEMES[levels]
        parts = [p for p in re.split(r"\s*(?:>|,)\s*", levels.strip()) if p]
        if len(parts) < 2:
            raise DocumentError(
                [
                    Problem(
                        "levels",
                        f"{levels!r} is neither a built-in level scheme ({', '.join(SCHEMES)}) "
                        "nor levels written top first ('goal > outcome > output')",
                    )
                ]
            )
        levels = parts
    names = ["_".join(level.lower().split()) for level in levels]
    for scheme in SCHEMES.values():
        if list(scheme.levels) == names:
            return scheme
    return LevelScheme("table", names)


def format_of(path: Path, format: str | None) -> str:
    """``"csv"`` or ``"xlsx"``: ``format`` if given, else the file name's suffix.

    Raises:
        DocumentError: for any other format.
    """
    kind = (format or path.suffix.lstrip(".")).lower()
    if kind not in ("csv", "xlsx"):
        raise DocumentError(
            [
                Problem(
                    "format",
                    f"cannot tell the table's format from {path.name!r}; name the file .csv "
                    "or .xlsx, or pass format='csv' or format='xlsx'",
                )
            ],
            source=str(path),
        )
    return kind
