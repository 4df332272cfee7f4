"""From a framework to its matrix: the headers, one row of cells per indicator, and the files.

Values are written in the indicator's unit (``90`` in a ``percent`` row is 90 %), pending values
as their text (``XX%``, ``TBD``, or any text after ``pending:``), a change from the baseline as
``baseline + 3`` or ``+30 %``, and a negative target with its unit (``-5 case``), since a signed
number in a target cell reads as a change from the baseline.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from resultsframe.exceptions import DocumentError, Problem, ResultsframeError
from resultsframe.files import write_bytes, write_text
from resultsframe.framework import Framework
from resultsframe.grammar import change_text, read_baseline, read_target
from resultsframe.model import Accumulation, Extension, Indicator, Result, Target
from resultsframe.table import csv, excel
from resultsframe.table.columns import (
    BY_HEADER,
    COLUMNS,
    DUE_RE,
    EXTENSION_FORMAT,
    KEYS,
    MEASURE_LABELS,
    PENDING_PREFIX,
    TARGET_RE,
    Cell,
    format_of,
    level_label,
    normal,
    number,
    target_headers,
)
from resultsframe.units import Quantity, Unit, format_unit, parse_unit
from resultsframe.values import Pending, Relative, Value

__all__ = ["headers", "to_csv", "to_rows", "write"]


def write(framework: Framework, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write the framework's logframe matrix to a CSV or Excel file, atomically.

    Args:
        framework: The framework.
        path: Where to write; ``.csv`` or ``.xlsx``.
        format: ``"csv"`` or ``"xlsx"`` when the file name does not say.

    Raises:
        DocumentError: if the file cannot be written, or the framework holds something a
            table cannot say.
        ImportError: for ``.xlsx`` without openpyxl (``pip install 'resultsframe[excel]'``).
    """
    path = Path(path)
    if format_of(path, format) == "csv":
        write_text(path, "\ufeff" + to_csv(framework))
    else:
        write_bytes(path, excel.workbook(framework, headers(framework), to_rows(framework)))


def to_csv(framework: Framework) -> str:
    """The matrix as CSV text (no byte-order mark; :func:`write` adds one)."""
    return csv.text(headers(framework), to_rows(framework))


def headers(framework: Framework) -> list[str]:
    """The headers of the framework's matrix, in order."""
    most = max((len(_targets(i)) for i in framework.indicators.values()), default=0)
    fixed = [c.header for c in COLUMNS if c.header in KEYS]
    at = fixed.index("indicator weight")
    targets = [h for n in range(1, max(most, 1) + 1) for h in target_headers(n)]
    return [*fixed[:at], *targets, *fixed[at:], *_extra_columns(framework)]


def to_rows(framework: Framework) -> list[dict[str, Cell]]:
    """The framework as the rows of its logframe matrix: one dict (header → cell) per row.

    Numbers in the indicator's unit are numbers, due dates are dates, empty cells are None.
    ``pandas.DataFrame(to_rows(fw))`` gives the matrix as a data frame.

    Raises:
        DocumentError: if the framework holds something a table cannot say (a result id with
            ';' named in 'contributes to').
    """
    names = headers(framework)
    parents = _parents_cells(framework)
    rows: list[dict[str, Cell]] = []
    for result in framework:
        base: dict[str, Cell] = dict.fromkeys(names)
        base.update(
            {
                "level": level_label(framework.levels, result.level),
                "result id": result.id,
                "result": result.statement,
                "result description": _optional(result.description),
                "contributes to": parents.get(result.id),
            }
        )
        if not result.indicators:
            rows.append({**base, **_extension_cells(result.extensions)})
        for indicator in result.indicators:
            rows.append({**base, **_indicator_cells(indicator)})
    return rows


def _extra_columns(framework: Framework) -> list[str]:
    """The headers of the columns kept as extensions, in the order they first appear."""
    seen: dict[str, None] = {}
    for result in framework:
        holders: Iterable[Result | Indicator] = result.indicators or (result,)
        for holder in holders:
            for extension in holder.extensions:
                if extension.format == EXTENSION_FORMAT:
                    seen.setdefault(extension.where, None)
    for header in seen:
        name = normal(header)
        if not name or name in BY_HEADER or TARGET_RE.fullmatch(name) or DUE_RE.fullmatch(name):
            raise DocumentError(
                [
                    Problem(
                        "table",
                        f"an extension of format {EXTENSION_FORMAT!r} names the column "
                        f"{header!r}, which is empty or a column of the matrix itself",
                    )
                ],
                source=f"framework {framework.id!r}",
            )
    return list(seen)


def _optional(text: str | None) -> str | None:
    """An optional text as a cell: one that is only spaces says nothing, and reads back empty."""
    return text if text is not None and text.strip() else None


def _targets(indicator: Indicator) -> list[Target]:
    """The targets a table can say: a target with neither value nor due date says nothing."""
    return [t for t in indicator.targets if t.value is not None or t.due is not None]


def _extension_cells(extensions: Iterable[Extension]) -> dict[str, Cell]:
    return {e.where: e.content for e in extensions if e.format == EXTENSION_FORMAT}


def _indicator_cells(indicator: Indicator) -> dict[str, Cell]:
    universe = indicator.universe
    baseline = indicator.baseline
    cells: dict[str, Cell] = {
        "indicator id": indicator.id,
        "indicator": indicator.name,
        "indicator description": _optional(indicator.description),
        "measure": MEASURE_LABELS[indicator.measure],
        "unit": _unit_text(indicator.unit),
        "share of": None if universe is None else _unit_name(universe.unit),
        "share of (which)": None if universe is None else _optional(universe.description),
        "share of (how many)": None if universe is None else universe.size,
        "direction": indicator.direction.value,
        "accumulation": None
        if indicator.accumulation is Accumulation.LEVEL
        else indicator.accumulation.value,
        "stages": _stages_cell(indicator),
        "baseline": None if baseline is None else _value_cell(baseline.value, indicator),
        "baseline period": None
        if baseline is None or baseline.period is None
        else baseline.period.text,
        "indicator weight": _weight_cell(indicator.weight),
        "source": _optional(indicator.source),
        "means of verification": _optional(indicator.verification),
        "frequency": None if indicator.frequency is None else indicator.frequency.value,
    }
    for n, target in enumerate(_targets(indicator), start=1):
        value_header, due_header = target_headers(n)
        cells[value_header] = _value_cell(target.value, indicator, target=True)
        cells[due_header] = target.due
    cells.update(_extension_cells(indicator.extensions))
    return cells


def _unit_text(unit: Unit | None) -> str | None:
    return None if unit is None else _unit_name(unit)


@functools.lru_cache(maxsize=256)
def _unit_name(unit: Unit) -> str:
    """:func:`format_unit`, once per unit: a table of 100,000 rows has a handful of units."""
    return format_unit(unit)


def _value_cell(
    value: Value | Relative | None, indicator: Indicator, *, target: bool = False
) -> Cell:
    """A value as a cell that :mod:`resultsframe.grammar` reads back as the same value."""
    if value is None:
        return None
    if isinstance(value, Relative):
        # "+30 % relative", "baseline + 3": read back as a change from the baseline, and
        # never as "+30 %", which a percent indicator would read with a warning.
        return change_text(value, indicator.unit)
    if isinstance(value, Pending):
        if _reads_back(value.text, value, indicator, target=target):
            return value.text
        return f"{PENDING_PREFIX} {value.text}"
    stage = indicator.stage_name(_position(value)) if indicator.stages else None
    if stage is not None and _reads_back(stage, stage, indicator, target=target):
        return stage  # "adopted", which the indicator reads as its position
    unit = indicator.unit if indicator.unit is not None else parse_unit("")
    magnitude = value.magnitude
    # A signed number in a target cell reads as a change from the baseline ("-5" is
    # "baseline - 5"), so a negative target is written with its unit: "-5 case".
    signed = target and math.copysign(1, magnitude) < 0
    if _unit_name(value.units) == _unit_name(unit) and not signed:
        return number(magnitude)
    return f"{magnitude!r} {_unit_name(value.units)}"


def _position(value: Quantity[Any]) -> float | None:
    """A stage's position, or None for a value with a unit (pint refuses: a TypeError)."""
    try:
        return float(value.to("").magnitude)
    except (TypeError, ValueError):
        return None


def _reads_back(text: str, value: object, indicator: Indicator, *, target: bool) -> bool:
    """Whether the cell ``text`` reads back as ``value`` (a pending value, or a stage's name)."""
    read = read_target if target else read_baseline
    try:
        reading = read(text, indicator.unit, stages=indicator.stages)
    except (ResultsframeError, ValueError):
        return False
    if reading.due is not None or reading.period is not None:
        return False
    if isinstance(value, Pending):
        return isinstance(reading.value, Pending) and reading.value.text == value.text
    return reading.text == value


def _stages_cell(indicator: Indicator) -> str | None:
    """The stages, separated by ';'; a stage the cell could not give back is refused."""
    for stage in indicator.stages:
        if ";" in stage or "\n" in stage or stage != stage.strip():
            raise DocumentError(
                [
                    Problem(
                        "table",
                        f"indicator {indicator.id!r}: the stage {stage!r} cannot be written in a "
                        "table's 'stages' column, which separates stages by ';' (a stage holds "
                        "no ';' or line break, and no space at either end); rename the stage",
                    )
                ],
                source=f"indicator {indicator.id!r}",
            )
    return "; ".join(indicator.stages) or None


def _weight_cell(weight: float) -> int | float | None:
    return None if weight == 1 else number(weight)


def _parents_cells(framework: Framework) -> dict[str, str]:
    """Each child's 'contributes to' cell, by result id, from one pass over the links.

    Its parents in the order of the links; one pass, so a framework of 100,000 results and
    links takes as long as its links, not their square.
    """
    parts: dict[str, list[str]] = {}
    for link in framework.links:
        if ";" in link.parent or "(" in link.parent:
            raise DocumentError(
                [
                    Problem(
                        "table",
                        f"result {link.parent!r} cannot be named in a table's 'contributes to' "
                        "column: its id holds ';' or '('; give it another id",
                    )
                ],
                source=f"framework {framework.id!r}",
            )
        weight = _weight_cell(link.weight)
        parts.setdefault(link.child, []).append(
            link.parent if weight is None else f"{link.parent} (weight {weight})"
        )
    return {child: "; ".join(cells) for child, cells in parts.items()}
