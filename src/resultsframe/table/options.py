"""The framework's own fields that a table carries beside its rows, from options or a sheet.

A CSV file holds only the matrix: its framework's id, title, levels, time frame, counting units
and fiscal year end are given to :func:`~resultsframe.table.read` (an Excel file's ``framework``
sheet holds them too). Each is checked here, and a problem names the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from resultsframe.exceptions import DocumentError, Problem, Problems, ResultsframeError, UnitError
from resultsframe.periods import check_fiscal_year_end
from resultsframe.table import cells
from resultsframe.table.cells import plain
from resultsframe.units import CountingUnit

__all__ = ["day", "units", "year_end"]


def year_end(value: object, source: str) -> str | None:
    """The fiscal year end, ``"MM-DD"``; a day (as Excel may make of it) gives its month and day."""
    if value is None:
        return None
    if isinstance(value, date):
        return f"{value.month:02d}-{value.day:02d}"
    try:
        check_fiscal_year_end(value)
    except ResultsframeError as exc:
        raise DocumentError(
            [Problem("table", f"fiscal year end: {plain(exc)}")], source=source
        ) from None
    return str(value)


_UNIT_ITEM_RE = re.compile(r"\s*(?P<name>[^\s()]+)\s*(?:\(\s*(?P<plural>[^\s()]+)\s*\))?\s*")


def units(value: str | Iterable[object] | None, source: str) -> tuple[CountingUnit, ...]:
    """The declared counting units: objects, names, or a text ``"ward (wards), facility"``."""
    if value is None:
        return ()
    items = list(value.split(",") if isinstance(value, str) else value)
    out, problems = [], Problems()
    for item in items:
        try:
            if isinstance(item, CountingUnit):
                out.append(item)
                continue
            match = _UNIT_ITEM_RE.fullmatch(item) if isinstance(item, str) else None
            if match is None:
                raise UnitError(
                    f"cannot read {item!r} as a counting unit; write its name, and its plural "
                    "in brackets if it has one: 'ward (wards)'"
                )
            out.append(CountingUnit(match["name"], match["plural"]))
        except ResultsframeError as exc:
            problems.add(Problem("units", f"units: {plain(exc)}"))
    problems.raise_document_error(source)
    return tuple(out)


def day(value: object, name: str, source: str) -> date | None:
    """The date option ``name`` (``start``, ``end``): a date or ``YYYY-MM-DD``; None if not given."""
    try:
        return cells.due(value)
    except ValueError as exc:
        raise DocumentError([Problem("table", f"{name}: {plain(exc)}")], source=source) from None
