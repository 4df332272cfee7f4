"""Intake of one row: checked against the framework, with each problem's place and message.

The rules for one row, and their messages. Readers check whole columns
(:mod:`~resultsframe.observations.batch`, which uses the functions here on each distinct
value); a row they find bad is then checked here, alone, so that its problems read as they
always did. Rows come as raw texts (CSV) or Python values (records, JSON, data frames); each
field's place (``line 4, column 3 (value)``, ``[3].value``) is written out only when a problem
needs it. Every problem is collected (:class:`~resultsframe.exceptions.Problems`) and raised
once.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from resultsframe.exceptions import Problem, Problems, did_you_mean
from resultsframe.framework import Framework
from resultsframe.model import Dimension, Indicator, Measure
from resultsframe.observations.columnar import Columns
from resultsframe.observations.columns import KNOWN_COLUMNS, is_whole
from resultsframe.observations.records import ObservationKind
from resultsframe.periods import Period, parse_date
from resultsframe.units import Unit, format_unit, mismatch_hint, parse_unit, registry

__all__ = [
    "KNOWN_COLUMNS",
    "CsvPlace",
    "Intake",
    "RecordPlace",
    "dimensions_of",
    "is_yes_no",
    "kind_of",
    "number_of",
    "optional_text",
    "published_of",
    "reporter_problem",
    "stage_of",
]

_KINDS = ", ".join(k.value for k in ObservationKind)
_YES_NO = {"yes": 1, "no": 0, "true": 1, "false": 0}


def _problem(where: str, message: str) -> Problem:
    return Problem("observation", message, (where,))


class RecordPlace(Mapping[str, str]):
    """Where the fields of the n-th record are (``[3].value``), written out only when asked.

    A row that is fine never needs its place: this spares formatting nine texts per row.
    """

    __slots__ = ("n",)

    def __init__(self, n: int) -> None:
        self.n = n

    def __getitem__(self, key: str) -> str:
        return f"[{self.n}].{key}"

    def __iter__(self) -> Iterator[str]:
        return iter(KNOWN_COLUMNS)

    def __len__(self) -> int:
        return len(KNOWN_COLUMNS)


class CsvPlace(Mapping[str, str]):
    """Where the fields of a CSV line are (``line 4, column 3 (value)``), written out when asked."""

    __slots__ = ("line", "position")

    def __init__(self, line: int, position: Mapping[str, int]) -> None:
        self.line = line
        self.position = position

    def __getitem__(self, key: str) -> str:
        if key in self.position:
            return f"line {self.line}, column {self.position[key] + 1} ({key})"
        return f"line {self.line}"

    def __iter__(self) -> Iterator[str]:
        return iter(KNOWN_COLUMNS)

    def __len__(self) -> int:
        return len(KNOWN_COLUMNS)


class Intake:
    """Checks rows against a framework and gathers them into columns.

    :meth:`add` each row, then :meth:`columns`, which raises every problem found at once.
    """

    def __init__(self, framework: Framework, source: str) -> None:
        self.framework = framework
        self.source = source
        self.problems = Problems()
        self.indicator: list[str] = []
        self.period: list[Period] = []
        self.value: list[float] = []
        self.numerator: list[float | None] = []
        self.denominator: list[float | None] = []
        self.area: list[str | None] = []
        self.dimensions: list[tuple[Dimension, ...]] = []
        self.src: list[str | None] = []
        self.note: list[str | None] = []
        self.published: list[date | None] = []
        self.kind: list[ObservationKind] = []
        self.text: list[str | None] = []
        self.reporter: list[str | None] = []
        # One key per row: the same indicator, period, area and disaggregation may come again
        # only with another publication date (a revision), or as a projection and a value.
        self.seen: dict[
            tuple[str, str, str | None, tuple[Dimension, ...], date | None, bool],
            tuple[str, str | None],
        ] = {}
        self.units: dict[str, Unit] = {}
        self.fractions: dict[Any, float] = {}  # a share's value in its unit × this = its fraction
        self._known: str | None = None

    def fail(self, where: str, message: str) -> None:
        """Note a problem at a place; every row is still checked, and the problems counted."""
        self.problems.add(_problem(where, message))

    def columns(self) -> Columns:
        """The rows added, as columns.

        Raises:
            DocumentError: listing the problems found (the first fifty, and how many more).
        """
        self.problems.raise_document_error(self.source)
        return Columns.from_rows(
            indicator=self.indicator,
            period=self.period,
            value=self.value,
            numerator=self.numerator,
            denominator=self.denominator,
            area=self.area,
            dimensions=self.dimensions,
            src=self.src,
            note=self.note,
            text=self.text,
            published=self.published,
            kind=self.kind,
            reporter=self.reporter,
            units=self.units,
        )

    def _unit_of(self, indicator: Indicator) -> Unit:
        unit = self.units.get(indicator.id)
        if unit is None:
            unit = indicator.unit if indicator.unit is not None else parse_unit("")
            self.units[indicator.id] = unit
        return unit

    def add(self, row: Mapping[str, Any], where: Mapping[str, str]) -> None:
        """Check one row (raw texts or Python values) and add it; ``where`` names each field's place."""
        before = len(self.problems)
        indicator_id = row.get("indicator")
        indicator = (
            self.framework.indicators.get(indicator_id) if isinstance(indicator_id, str) else None
        )
        if indicator is None:
            if self._known is None:  # once: a file of unknown ids must not take quadratic time
                self._known = ", ".join(itertools.islice(self.framework.indicators, 8))
            # The closest ids only while the problems are still listed (each costs a search of
            # the framework's ids); a file of unknown ids past the cap is only counted.
            near = (
                "" if self.problems.full else did_you_mean(indicator_id, self.framework.indicators)
            )
            self.fail(
                where["indicator"],
                f"unknown indicator {indicator_id!r}{f' ({near})' if near else ''}; the "
                f"framework's indicators include {self._known} …",
            )
            return
        try:
            raw_period = row.get("period")
            period = (
                raw_period
                if isinstance(raw_period, Period)
                else Period.parse(raw_period, fiscal_year_end=self.framework.fiscal_year_end)
            )
        except ValueError as exc:
            self.fail(where["period"], str(exc))
            return
        area = optional_text(row.get("area"))
        dimensions = self._dimensions(row.get("dimensions"), where)
        published = self._published(row.get("published"), where)
        kind = self._kind(row.get("kind"), where)
        text = optional_text(row.get("text"))
        reporter = optional_text(row.get("reporter"))
        if reporter is not None:
            problem = reporter_problem(reporter, self.framework)
            if problem is not None:
                self.fail(where["reporter"], problem)
        if indicator.measure is Measure.QUALITATIVE:
            value, numerator, denominator = self._text(indicator, row, text, where)
        elif text is not None:
            self.fail(
                where["text"],
                f"indicator {indicator.id!r} is measured ({indicator.measure.value}): text is "
                "for qualitative indicators; give value (with unit), and any words in note",
            )
            return
        else:
            unit = self._unit_of(indicator)
            value, numerator, denominator = self._value(
                indicator, unit, row, where, area is not None
            )
        if len(self.problems) > before or value is None:
            return
        key = (indicator.id, period.text, area, dimensions, published, kind.counts)
        if key in self.seen:
            when = f" published {published.isoformat()}" if published else ""
            first, first_reporter = self.seen[key]
            self.fail(
                where["indicator"],
                f"a second observation of {indicator.id!r} for period {period.text}"
                f"{' and area ' + area if area else ''}{when}; the first is at {first}; "
                + (
                    _two_reporters(first_reporter, reporter)
                    if first_reporter != reporter
                    else "keep one, or give each its publication date (published) when one "
                    "revises the other"
                ),
            )
            return
        # A text, not the place itself: a million small objects kept alive would weigh on every
        # later garbage collection.
        self.seen[key] = (where["indicator"].split(",")[0], reporter)
        self.indicator.append(indicator.id)
        self.period.append(period)
        self.value.append(value)
        self.numerator.append(numerator)
        self.denominator.append(denominator)
        self.area.append(area)
        self.dimensions.append(dimensions)
        self.src.append(optional_text(row.get("source")))
        self.note.append(optional_text(row.get("note")))
        self.published.append(published)
        self.kind.append(kind)
        self.text.append(text)
        self.reporter.append(reporter)

    def _dimensions(self, raw: object, where: Mapping[str, str]) -> tuple[Dimension, ...]:
        """The disaggregation, without the dimensions whose value means the whole (Total …)."""
        found = dimensions_of(raw)
        if found is None:
            self.fail(
                where["dimensions"],
                'dimensions are written {"sex": "female"} or [{"name": "sex", "value": "female"}]',
            )
            return ()
        return found

    def _published(self, raw: object, where: Mapping[str, str]) -> date | None:
        try:
            return published_of(raw)
        except ValueError as exc:
            self.fail(where["published"], f"{exc} (the day the value was published)")
            return None

    def _kind(self, raw: object, where: Mapping[str, str]) -> ObservationKind:
        found = kind_of(raw)
        if found is None:
            near = did_you_mean(raw, [k.value for k in ObservationKind])
            hint = f" ({near})" if near else ""
            self.fail(where["kind"], f"unknown kind {raw!r}{hint}; the kinds are {_KINDS}")
            return ObservationKind.ACTUAL
        return found

    def _text(
        self,
        indicator: Indicator,
        row: Mapping[str, Any],
        text: str | None,
        where: Mapping[str, str],
    ) -> tuple[float | None, float | None, float | None]:
        """A qualitative indicator's observation: a text, never a number (its value is NaN)."""
        numbers = [k for k in ("value", "numerator", "denominator") if row.get(k) not in (None, "")]
        if numbers or text is None:
            self.fail(
                where["indicator"],
                f"indicator {indicator.id!r} is qualitative: its observations are texts, not "
                "numbers; give what was observed in a text column"
                + (f" (and leave {', '.join(numbers)} empty)" if numbers else ""),
            )
            return None, None, None
        self._unit_of(indicator)  # a text row's value is NaN in the indicator's unit
        return math.nan, None, None

    def _value(
        self,
        indicator: Indicator,
        unit: Unit,
        row: Mapping[str, Any],
        where: Mapping[str, str],
        unit_level: bool,
    ) -> tuple[float | None, float | None, float | None]:
        raw_value = row.get("value")
        raw_num, raw_den = row.get("numerator"), row.get("denominator")
        unit_text = optional_text(row.get("unit"))
        has_value = raw_value not in (None, "")
        has_share = raw_num not in (None, "") or raw_den not in (None, "")
        if has_value and has_share:
            self.fail(
                where["value"],
                "give either value (with unit) or numerator and denominator, not both",
            )
            return None, None, None
        if has_share:
            return self._share(indicator, unit, raw_num, raw_den, unit_text, where)
        if not has_value:
            self.fail(
                where["value"], "no value: give value (with unit) or numerator and denominator"
            )
            return None, None, None
        if indicator.stages:  # an ordinal with named stages: a stage's name or position
            position, problem = stage_of(indicator, raw_value)
            if problem is not None:
                self.fail(where["value"], problem)
            return position, None, None
        number = number_of(raw_value, yes_no=True)
        if number is None:
            self.fail(
                where["value"],
                f"cannot read {raw_value!r} as a number (or yes/no); write e.g. 12 or 91.8",
            )
            return None, None, None
        try:
            given = parse_unit(unit_text) if unit_text else unit
        except Exception as exc:
            self.fail(where["unit"], str(exc))
            return None, None, None
        if unit_level and indicator.measure is Measure.SHARE and not unit_text:
            # A unit-level row of a share says yes (1) or no (0) for that unit, or its own fraction.
            given = parse_unit("")
        if not unit_text and is_yes_no(raw_value) and unit.dimensionless:
            given = parse_unit("")  # yes is all of it (100 %), not 1 of the indicator's unit (1 %)
        # Most rows are in the indicator's own unit: spare pint's comparisons for them.
        if given is not unit and given.dimensionality != unit.dimensionality:
            self.fail(
                where["unit"],
                f"unit {format_unit(given)!r} does not fit indicator {indicator.id!r}, "
                f"whose unit is {format_unit(unit)!r}{mismatch_hint(given, unit)}",
            )
            return None, None, None
        magnitude = (
            number
            if given is unit or given == unit
            else float(registry().Quantity(number, given).to(unit).magnitude)
        )
        if indicator.measure is Measure.SHARE:
            factor = self.fractions.get(unit._units)  # a container units parsed alike share
            if factor is None:
                factor = float(registry().Quantity(1.0, unit).to("").magnitude)
                self.fractions[unit._units] = factor
            if not 0 <= magnitude * factor <= 1:
                self.fail(
                    where["value"],
                    f"{raw_value!r} {format_unit(given)} is not a share: a share of "
                    f"{indicator.id!r} lies between 0 and 100 %",
                )
                return None, None, None
        return magnitude, None, None

    def _share(
        self,
        indicator: Indicator,
        unit: Unit,
        raw_num: object,
        raw_den: object,
        unit_text: str | None,
        where: Mapping[str, str],
    ) -> tuple[float | None, float | None, float | None]:
        if indicator.measure is not Measure.SHARE:
            self.fail(
                where["numerator"],
                f"indicator {indicator.id!r} is not a share; give value and unit",
            )
            return None, None, None
        numerator, denominator = number_of(raw_num), number_of(raw_den)
        if numerator is None or numerator < 0:
            self.fail(
                where["numerator"], f"numerator must be a number of at least 0, got {raw_num!r}"
            )
            return None, None, None
        if denominator is None or denominator <= 0:
            self.fail(
                where["denominator"], f"denominator must be a positive number, got {raw_den!r}"
            )
            return None, None, None
        if numerator > denominator:
            self.fail(
                where["numerator"],
                f"numerator {numerator:g} is larger than denominator {denominator:g}",
            )
            return None, None, None
        if unit_text and indicator.universe is not None:
            try:
                counted = parse_unit(unit_text)
            except Exception as exc:
                self.fail(where["unit"], str(exc))
                return None, None, None
            expected = indicator.universe.unit
            if counted.dimensionality != expected.dimensionality:
                self.fail(
                    where["unit"],
                    f"indicator {indicator.id!r} counts {format_unit(expected)!r}, "
                    f"but this row counts {format_unit(counted)!r}",
                )
                return None, None, None
        fraction = numerator / denominator
        value = float(registry().Quantity(fraction, "").to(unit).magnitude)
        return value, numerator, denominator


def reporter_problem(reporter: str, framework: Framework) -> str | None:
    """Why a row's reporter is refused (not one of the framework's partners), or None."""
    ids = [p.id for p in framework.partners]
    if reporter in ids:
        return None
    if not ids:
        return (
            f"reporter {reporter!r} is not a partner of framework {framework.id!r}, which has "
            "none; add it to the framework's partners (or leave reporter empty)"
        )
    near = did_you_mean(reporter, ids)
    hint = f" ({near})" if near else ""
    listed = ", ".join(ids[:12]) + (f" … and {len(ids) - 12} more" if len(ids) > 12 else "")
    return (
        f"reporter {reporter!r} is not a partner of framework {framework.id!r}{hint}; its "
        f"partners: {listed}; correct the id, or add it to the framework's partners"
    )


def _two_reporters(first: str | None, second: str | None) -> str:
    """The end of the message for a row given twice by two reporters."""
    return (
        f"it is reported by {first or 'no reporter'} there and by {second or 'no reporter'} "
        "here: a row's reporter is not part of what it is about, so keep one; combining two "
        "partners' figures for the same indicator is what a portfolio does (see "
        "docs/portfolio.md)"
    )


def dimensions_of(raw: object) -> tuple[Dimension, ...] | None:
    """A row's disaggregation without the whole's dimensions (Total …); None when unreadable."""
    if not raw:
        return ()
    items: list[Dimension] = []
    pairs: Any = raw.items() if isinstance(raw, Mapping) else raw
    try:
        for item in pairs:
            if isinstance(item, Dimension):
                items.append(item)
            elif isinstance(item, Mapping):
                items.append(Dimension(str(item["name"]), str(item["value"])))
            else:
                name, value = item
                if value not in (None, ""):
                    items.append(Dimension(str(name), str(value)))
    except (KeyError, TypeError, ValueError):
        return None
    return tuple(d for d in items if not is_whole(d.value))


def published_of(raw: object) -> date | None:
    """The day a row was published; None when not given.

    Raises:
        ValueError: when it is not a day.
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    return parse_date(raw.strip() if isinstance(raw, str) else raw)  # type: ignore[arg-type]


def kind_of(raw: object) -> ObservationKind | None:
    """A row's kind (an actual when not given); None when it is none of the kinds."""
    if raw is None or raw == "":
        return ObservationKind.ACTUAL
    if isinstance(raw, ObservationKind):
        return raw
    try:
        return ObservationKind(str(raw).strip().lower())
    except ValueError:
        return None


def stage_of(indicator: Indicator, raw: object) -> tuple[float | None, str | None]:
    """The position of the stage a value names (by name or position), or why there is none."""
    number = number_of(raw)
    if number is None and isinstance(raw, str):
        try:
            return float(indicator.stage_position(raw)), None
        except ValueError as exc:
            return None, str(exc)
    stages = indicator.stages
    if number is None or not number.is_integer() or not 1 <= number <= len(stages):
        listed = ", ".join(f"{n} {stage!r}" for n, stage in enumerate(stages, 1))
        return None, (
            f"{raw!r} is not a stage of indicator {indicator.id!r}; give a stage's name or its "
            f"position from 1 to {len(stages)}: {listed}"
        )
    return number, None


def optional_text(value: object) -> str | None:
    """A text cell stripped; None when empty or absent."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def is_yes_no(value: object) -> bool:
    """Whether a cell says yes or no (``yes``, ``false``, a bool)."""
    return isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in _YES_NO)


def number_of(value: object, yes_no: bool = False) -> float | None:
    """What a cell reads as: a finite number (yes/no as 1/0 when asked), else None."""
    if isinstance(value, bool):
        return float(value) if yes_no else None
    if isinstance(value, (int, float)):
        try:
            number = float(value)  # an int beyond the float range (1e309) overflows
        except OverflowError:
            return None
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        text = value.strip()
        if yes_no and text.lower() in _YES_NO:
            return float(_YES_NO[text.lower()])
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None
