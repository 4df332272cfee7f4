"""One cell of a matrix read into a value of the model, or a problem naming its row and column.

:func:`indicator` reads a row's indicator: its measure, unit, universe, weight, baseline and
targets. A cell that cannot be read adds its problem to the table's
:class:`~resultsframe.exceptions.Problems`, placed by row (the header is row 1) and column (by
header and letter), and the next cell is read all the same, so that every bad cell of a row is
reported at once.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import attrs

from resultsframe.exceptions import Problem, Problems, ResultsframeError
from resultsframe.grammar import Reading, read_baseline, read_target
from resultsframe.model import (
    Accumulation,
    Baseline,
    Direction,
    Frequency,
    Indicator,
    Measure,
    Target,
    Universe,
)
from resultsframe.periods import Period, parse_date
from resultsframe.table.columns import MEASURE_LABELS, NUMBER_RE, blank, letter, normal, number
from resultsframe.units import Unit, parse_unit

__all__ = ["Place", "Row", "due", "fail", "indicator", "plain"]

_E = TypeVar("_E", Measure, Direction, Accumulation, Frequency)
_T = TypeVar("_T")

_MEASURE_ALIASES = {
    "yes/no": Measure.YES_NO,
    "count": Measure.QUANTITY,
    "percentage": Measure.SHARE,
}


class _ReportedError(Exception):
    """A cell that could not be read; its problem is already recorded."""


@attrs.frozen
class Place:
    """Where a cell is: its row (the header is row 1), its column's header and index (from 0)."""

    row: int
    column: str
    index: int

    def where(self) -> tuple[str, ...]:
        """The place as a problem names it: ``("row 7", "column 'unit' (J)")``."""
        return (f"row {self.row}", f"column {self.column!r} ({letter(self.index)})")


def fail(problems: Problems, place: Place | None, message: str) -> None:
    """Record a problem of the table at ``place`` (None for the table as a whole)."""
    problems.add(Problem("table", message, place.where() if place else ()))


class Row:
    """One data row: its cells by key, with where each one is, and the table's name."""

    def __init__(
        self, number: int, cells: dict[str, object], places: dict[str, Place], source: str = ""
    ) -> None:
        self.number = number
        self.cells = cells
        self.places = places
        self.source = source

    def text(self, key: str) -> str | None:
        """The cell as a text (numbers and dates as written), None when blank."""
        value = self.cells.get(key)
        if blank(value):
            return None
        if isinstance(value, (datetime, date)):
            return (value.date() if isinstance(value, datetime) else value).isoformat()
        if isinstance(value, float):
            return repr(number(value))
        return str(value)

    def word(self, key: str) -> str | None:
        """The cell as a text without the spaces around it, None when blank."""
        value = self.text(key)
        return None if value is None else value.strip()

    def place(self, key: str) -> Place:
        """Where the cell of ``key`` is."""
        return self.places[key]


def plain(exc: BaseException) -> str:
    """The error's message without its class: in a table the column says what it is about."""
    text = str(exc)
    return re.sub(r"^(Indicator|Baseline|Target|Universe|Result|Link|Pending): ", "", text)


def due(cell: object) -> date | None:
    """A date cell (a date, or a text YYYY-MM-DD), None when blank.

    Raises:
        ValueError: for anything else.
    """
    if blank(cell):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, str):
        return parse_date(cell.strip())
    raise ValueError(f"cannot read {cell!r} as a date; write YYYY-MM-DD")


def indicator(problems: Problems, row: Row, indicator_id: str, name: str) -> Indicator | None:
    """The row's indicator, or None if a cell of it could not be read (its problem recorded).

    It is built in steps, so that a problem is reported in the column that causes it.
    """

    def step(key: str, make: Callable[[], Indicator]) -> Indicator:
        try:
            return make()
        except (ValueError, TypeError) as exc:
            fail(problems, row.places.get(key) or row.place("result_id"), plain(exc))
            raise _ReportedError from None

    # Cells read on their own first, so that every bad one in the row is reported.
    ok = True

    def read(make: Callable[[], _T]) -> _T | None:
        nonlocal ok
        try:
            return make()
        except _ReportedError:
            ok = False
            return None

    measure = read(lambda: _choice(problems, row, "measure", Measure))
    direction = read(lambda: _choice(problems, row, "direction", Direction))
    accumulation = read(lambda: _choice(problems, row, "accumulation", Accumulation))
    frequency = read(lambda: _choice(problems, row, "frequency", Frequency))
    unit = read(lambda: _unit(problems, row, "unit"))
    universe = read(lambda: _universe(problems, row))
    weight = read(lambda: _weight(problems, row))
    for key in row.places:
        if key.startswith("due:"):
            read(functools.partial(_due_cell, problems, row, key))
    if not ok:
        return None
    try:
        built = step(
            "unit" if row.text("unit") is not None else "measure",
            lambda: Indicator(
                indicator_id,
                name,
                measure=measure or Measure.QUANTITY,
                unit=unit,
                direction=direction or Direction.INCREASE,
                description=row.text("indicator_description"),
                source=row.text("source"),
                verification=row.text("verification"),
            ),
        )
        if universe is not None:
            shareless = built
            built = step(
                "universe" if "universe" in row.places else "universe_description",
                lambda: attrs.evolve(shareless, universe=universe),
            )
        if weight is not None:
            unweighted = built
            built = step("weight", lambda: attrs.evolve(unweighted, weight=weight))
        # Each on its own step, so that a refusal is named in its own column.
        more: dict[str, object] = {
            "accumulation": accumulation,
            "frequency": frequency,
            "stages": _stages(row),
        }
        for key, value in more.items():
            if value:
                built = step(key, functools.partial(attrs.evolve, built, **{key: value}))
    except _ReportedError:
        return None
    return _values(problems, built, row)


def _values(problems: Problems, indicator: Indicator, row: Row) -> Indicator | None:
    """The indicator with the row's baseline and targets."""
    ok = True
    reading: Reading | None = None
    period: Period | None = None
    try:
        reading = _value(row, "baseline", indicator, problems)
    except _ReportedError:
        ok = False
    period_text = row.word("baseline_period")
    if period_text is not None:
        try:
            period = Period.parse(period_text)
        except ValueError as exc:
            fail(problems, row.place("baseline_period"), plain(exc))
            ok = False
    if ok and reading is not None and reading.period is not None:
        if period is not None and period != reading.period:
            fail(
                problems,
                row.place("baseline"),
                f"says 'in {reading.period.text}', but 'baseline period' says {period.text!r}; "
                "give the period in one of them",
            )
            ok = False
        period = reading.period
    if ok and (reading is not None or period is not None):
        try:
            fields = {} if reading is None else _fields(reading)
            baseline = Baseline(period=period, **fields)
            indicator = attrs.evolve(indicator, baselines=(baseline,))
        except (ValueError, TypeError) as exc:
            fail(problems, row.place("baseline"), plain(exc))
            ok = False
    numbers = sorted(
        {int(k.split(":")[1]) for k in row.places if k.startswith(("target:", "due:"))}
    )
    for n in numbers:
        due_key = f"due:{n}"
        due_date: date | None = None
        if due_key in row.places:
            due_date = due(row.cells.get(due_key))  # read before: it is a date or empty
        try:
            target_reading = _value(row, f"target:{n}", indicator, problems)
        except _ReportedError:
            ok = False
            continue
        if target_reading is not None and target_reading.due is not None:
            if due_date is not None and due_date != target_reading.due:
                fail(
                    problems,
                    row.place(f"target:{n}"),
                    f"is due {target_reading.due.isoformat()}, but its due date column says "
                    f"{due_date.isoformat()}; give the date in one of them",
                )
                ok = False
                continue
            due_date = target_reading.due
        if not ok or (target_reading is None and due_date is None):
            continue
        try:
            fields = {} if target_reading is None else _fields(target_reading)
            target = Target(due=due_date, **fields)
            indicator = attrs.evolve(indicator, targets=(*indicator.targets, target))
        except (ValueError, TypeError) as exc:
            key = due_key if "order of their due dates" in str(exc) else f"target:{n}"
            fail(problems, row.places.get(key) or row.place(f"target:{n}"), plain(exc))
            ok = False
    return indicator if ok else None


def _fields(reading: Reading) -> dict[str, Any]:
    """A reading's value, or the stage it names (which the indicator gives a position)."""
    return {"text": reading.text} if reading.text is not None else {"value": reading.value}


def _due_cell(problems: Problems, row: Row, key: str) -> date | None:
    """The date in the cell of ``key``."""
    try:
        return due(row.cells.get(key))
    except ValueError as exc:
        fail(problems, row.place(key), plain(exc))
        raise _ReportedError from None


def _value(row: Row, key: str, indicator: Indicator, problems: Problems) -> Reading | None:
    """The cell of ``key`` (a baseline or a target) read with :mod:`resultsframe.grammar`.

    In the indicator's unit; a target may also be a change from the baseline (``+30 %
    relative``, ``baseline + 3``), and either may name one of the indicator's stages.
    """
    if key not in row.places:
        return None
    cell = row.cells.get(key)
    if blank(cell):
        return None
    place = row.place(key)
    where = ", ".join(((row.source,) if row.source else ()) + place.where())
    read = read_target if key.startswith("target") else read_baseline
    try:
        if isinstance(cell, bool):
            raise ValueError(f"expected a number or a text such as 'XX%', got {cell!r}")
        if isinstance(cell, (datetime, date)) or not isinstance(cell, (str, int, float)):
            raise ValueError(f"expected a number or a text such as 'XX%', got {cell!r}")
        return read(cell, indicator.unit, stages=indicator.stages, where=where)
    except (ValueError, TypeError, ResultsframeError) as exc:
        fail(problems, place, plain(exc))
        raise _ReportedError from None


def _stages(row: Row) -> tuple[str, ...]:
    """The stages named in the row's ``stages`` cell, in order: ``drafted; adopted``."""
    text = row.text("stages")
    if text is None:
        return ()
    return tuple(part.strip() for part in re.split(r"[;\n]", text) if part.strip())


def _choice(problems: Problems, row: Row, key: str, kind: type[_E]) -> _E | None:
    """The measure, direction, accumulation or frequency in the cell of ``key``."""
    text = row.word(key)
    if text is None:
        return None
    name = normal(text)
    if kind is Measure and name in _MEASURE_ALIASES:
        return kind(_MEASURE_ALIASES[name])
    try:
        return kind(name.replace(" ", "_").replace("/", "_").replace("-", "_"))
    except ValueError:
        labels = MEASURE_LABELS.values() if kind is Measure else [str(d.value) for d in kind]
        fail(problems, row.place(key), f"unknown {key} {text!r}; use one of {', '.join(labels)}")
        raise _ReportedError from None


def _unit(problems: Problems, row: Row, key: str) -> Unit | None:
    """The unit in the cell of ``key``."""
    text = row.word(key)
    if text is None:
        return None
    try:
        return parse_unit(text)
    except ValueError as exc:
        fail(problems, row.place(key), plain(exc))
        raise _ReportedError from None


def _universe(problems: Problems, row: Row) -> Universe | None:
    """The universe of a share, from the ``share of`` columns."""
    counted = _unit(problems, row, "universe")
    description = row.text("universe_description")
    size_text = row.word("universe_size")
    if counted is None:
        for key in ("universe_description", "universe_size"):
            if row.text(key) is not None:
                fail(
                    problems,
                    row.place(key),
                    "says which units a share is of, but 'share of' is empty; name the "
                    "counting unit there (country, person …)",
                )
                raise _ReportedError
        return None
    size: int | None = None
    if size_text is not None:
        if not re.fullmatch(r"[1-9][0-9]*", size_text):
            fail(
                problems,
                row.place("universe_size"),
                f"expected a whole number of units (193), got {size_text!r}",
            )
            raise _ReportedError
        # Its length first: int() refuses a text of over 4,300 digits with a ValueError.
        if len(size_text) > len(str(MAX_WEIGHT)) or int(size_text) > MAX_WEIGHT:
            fail(
                problems,
                row.place("universe_size"),
                f"a whole number of {len(size_text):,} digits, more units than a document "
                f"holds exactly ({MAX_WEIGHT:,}); give the real number",
            )
            raise _ReportedError
        size = int(size_text)
    try:
        return Universe(counted, description, size)
    except ValueError as exc:
        fail(problems, row.place("universe"), plain(exc))
        raise _ReportedError from None


MAX_WEIGHT = 2**53 - 1
"""The largest weight read: the largest number a document holds exactly (``MAX_SAFE_INTEGER``)."""


def _weight(problems: Problems, row: Row) -> float | None:
    """The indicator's weight, None for an empty cell (a weight of 1)."""
    text = row.word("weight")
    if text is None:
        return None
    read = float(text) if NUMBER_RE.fullmatch(text) else math.nan
    if not math.isfinite(read) or read <= 0 or read > MAX_WEIGHT:
        fail(
            problems,
            row.place("weight"),
            f"expected a positive number (2, 0.5), got {text!r}; leave it empty for 1; "
            f"at most {MAX_WEIGHT} (2**53 - 1)",
        )
        raise _ReportedError
    return int(read) if re.fullmatch(r"\+?\d+", text) else read
