"""Observations: what was measured, for which indicator, when, where.

An observation is a value of an indicator for a period (an ISO year ``2018``, month
``2018-06`` or day ``2018-06-30``), optionally for one unit of analysis (``area``: a country
code) and a disaggregation (any other column: ``sex``, ``age`` …), with its source. A share is
kept as numerator and denominator when they are known, so it can be re-aggregated correctly.

:class:`Observations` holds many of them column by column, checked against a framework: every
indicator id must exist and every unit must fit. They come from CSV (:meth:`Observations.from_csv`),
JSON, Python records, or a pandas/polars/pyarrow … data frame through narwhals
(:meth:`Observations.from_frame`, an extra).

The CSV format: a header row; ``indicator`` and ``period``; then either ``value`` with
``unit``, or ``numerator`` with ``denominator`` (a share, counted in the indicator's counting
unit, with ``unit`` naming that unit); optional ``area``, ``source`` and ``note``; any other
column is a disaggregation dimension. A value may also be ``yes``/``no`` (1/0). A bad row is
refused with the file, line, column and what is wrong; nothing is silently dropped.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from resultsframe.exceptions import DocumentError, Problem
from resultsframe.framework import Framework
from resultsframe.model import Dimension, Indicator, Measure
from resultsframe.periods import Period
from resultsframe.units import Quantity, Unit, format_unit, parse_unit, registry

__all__ = ["Observation", "Observations", "Series"]

_KNOWN_COLUMNS = (
    "indicator",
    "period",
    "value",
    "unit",
    "numerator",
    "denominator",
    "area",
    "source",
    "note",
)
_YES_NO = {"yes": 1, "no": 0, "true": 1, "false": 0}
# The columns of a _Builder, one list each, a row at the same position in every one.
_COLUMNS = (
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "area",
    "dimensions",
    "src",
    "note",
)
_LINEAGE = 16  # how many earlier versions with_rows remembers the changes since
_MAX_PROBLEMS = 50


@attrs.frozen
class Observation:
    """One measured value.

    Attributes:
        indicator: The id of the indicator it measures.
        period: When it was measured.
        value: The value, in the indicator's unit (a share in percent).
        numerator: For a share: how many units of the universe count.
        denominator: For a share: how many units the universe had.
        area: The unit of analysis it is for (a country code); None for the whole.
        dimensions: The disaggregation it is for (``sex = female``); empty for the whole.
        source: Where it was published.
        note: Context.
    """

    indicator: str
    period: Period
    value: Quantity[Any]
    numerator: float | None = None
    denominator: float | None = None
    area: str | None = None
    dimensions: tuple[Dimension, ...] = ()
    source: str | None = None
    note: str | None = None


@attrs.define(slots=True)
class Series:
    """The observations of one indicator for one area and disaggregation, by period end.

    ``ends`` are ``date.toordinal()`` of each period's end, ascending; ``values`` magnitudes in
    the indicator's unit; ``rows`` the positions of the observations in :class:`Observations`.
    """

    ends: list[int] = attrs.field(factory=list)
    values: list[float] = attrs.field(factory=list)
    rows: list[int] = attrs.field(factory=list)

    def at(self, ordinal: int) -> int | None:
        """The position in this series of the latest observation ending on or before a day."""
        i = bisect.bisect_right(self.ends, ordinal) - 1
        return i if i >= 0 else None


def _problem(where: str, message: str) -> Problem:
    return Problem("observation", message, (where,))


class _RecordPlace(Mapping[str, str]):
    """Where the fields of the n-th record are (``[3].value``), written out only when asked.

    A row that is fine never needs its place: this spares formatting nine texts per row.
    """

    __slots__ = ("n",)

    def __init__(self, n: int) -> None:
        self.n = n

    def __getitem__(self, key: str) -> str:
        return f"[{self.n}].{key}"

    def __iter__(self) -> Iterator[str]:
        return iter(_KNOWN_COLUMNS)

    def __len__(self) -> int:
        return len(_KNOWN_COLUMNS)


class _CsvPlace(Mapping[str, str]):
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
        return iter(_KNOWN_COLUMNS)

    def __len__(self) -> int:
        return len(_KNOWN_COLUMNS)


class _Builder:
    """Checks rows against a framework and gathers them into columns."""

    def __init__(self, framework: Framework, source: str) -> None:
        self.framework = framework
        self.source = source
        self.problems: list[Problem] = []
        self.indicator: list[str] = []
        self.period: list[Period] = []
        self.value: list[float] = []
        self.numerator: list[float | None] = []
        self.denominator: list[float | None] = []
        self.area: list[str | None] = []
        self.dimensions: list[tuple[Dimension, ...]] = []
        self.src: list[str | None] = []
        self.note: list[str | None] = []
        self.seen: dict[tuple[str, str, str | None, tuple[Dimension, ...]], str] = {}
        self.units: dict[str, Unit] = {}
        self.fractions: dict[Any, float] = {}  # a share's value in its unit × this = its fraction

    def fail(self, where: str, message: str) -> None:
        self.problems.append(_problem(where, message))
        if len(self.problems) >= _MAX_PROBLEMS:
            self.raise_problems(truncated=True)

    def raise_problems(self, truncated: bool = False) -> None:
        problems = list(self.problems)
        if truncated:
            problems.append(Problem("observation", f"stopped after {_MAX_PROBLEMS} problems"))
        raise DocumentError(problems, source=self.source)

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
            known = ", ".join(list(self.framework.indicators)[:8])
            self.fail(
                where["indicator"],
                f"unknown indicator {indicator_id!r}; the framework's indicators include {known} …",
            )
            return
        if indicator.measure is Measure.QUALITATIVE:
            self.fail(
                where["indicator"],
                f"indicator {indicator.id!r} is qualitative: it takes no numeric observations",
            )
            return
        try:
            raw_period = row.get("period")
            period = raw_period if isinstance(raw_period, Period) else Period.parse(raw_period)
        except ValueError as exc:
            self.fail(where["period"], str(exc))
            return
        area = _optional_text(row.get("area"))
        dimensions = tuple(row.get("dimensions") or ())
        unit = self._unit_of(indicator)
        value, numerator, denominator = self._value(indicator, unit, row, where, area is not None)
        if len(self.problems) > before or value is None:
            return
        key = (indicator.id, period.text, area, dimensions)
        if key in self.seen:
            self.fail(
                where["indicator"],
                f"a second observation of {indicator.id!r} for period {period.text}"
                f"{' and area ' + area if area else ''}; the first is at {self.seen[key]}; keep one",
            )
            return
        # A text, not the place itself: a million small objects kept alive would weigh on every
        # later garbage collection.
        self.seen[key] = where["indicator"].split(",")[0]
        self.indicator.append(indicator.id)
        self.period.append(period)
        self.value.append(value)
        self.numerator.append(numerator)
        self.denominator.append(denominator)
        self.area.append(area)
        self.dimensions.append(dimensions)
        self.src.append(_optional_text(row.get("source")))
        self.note.append(_optional_text(row.get("note")))

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
        unit_text = _optional_text(row.get("unit"))
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
        number = _number(raw_value, yes_no=True)
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
        if not unit_text and _is_yes_no(raw_value) and unit.dimensionless:
            given = parse_unit("")  # yes is all of it (100 %), not 1 of the indicator's unit (1 %)
        # Most rows are in the indicator's own unit: spare pint's comparisons for them.
        if given is not unit and given.dimensionality != unit.dimensionality:
            self.fail(
                where["unit"],
                f"unit {format_unit(given)!r} does not fit indicator {indicator.id!r}, "
                f"whose unit is {format_unit(unit)!r}",
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
        numerator, denominator = _number(raw_num), _number(raw_den)
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


def _optional_text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _is_yes_no(value: object) -> bool:
    return isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in _YES_NO)


def _number(value: object, yes_no: bool = False) -> float | None:
    if isinstance(value, bool):
        return float(value) if yes_no else None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
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


class Observations:
    """Observations checked against a framework, held column by column and grouped for lookup.

    Build with :meth:`from_records`, :meth:`from_csv`, :meth:`from_json` or
    :meth:`from_frame`; combine with ``+``. Immutable.
    """

    __slots__ = ("_area_series", "_cols", "_framework", "_lineage", "_series", "_token", "source")

    def __init__(self, builder: _Builder) -> None:
        self._framework = builder.framework
        self.source = builder.source
        self._cols = builder
        # Identity of this data (shared by bound copies), and what changed since each of the
        # observations it was made from by with_rows, nearest first: lets a progress report be
        # updated by recomputing only what changed.
        self._token = object()
        self._lineage: tuple[tuple[object, frozenset[str], frozenset[str]], ...] = ()
        total: dict[str, Series] = {}
        by_area: dict[str, dict[str, Series]] = {}
        ends = [period.end.toordinal() for period in builder.period]
        order = sorted(range(len(ends)), key=ends.__getitem__)  # stable: ties keep row order
        for i in order:
            if builder.dimensions[i]:
                continue  # disaggregated rows are kept, but are not the indicator's headline value
            area = builder.area[i]
            indicator = builder.indicator[i]
            if area is None:
                series = total.get(indicator)
                if series is None:
                    series = total[indicator] = Series()
            else:
                areas = by_area.setdefault(indicator, {})
                series = areas.get(area)
                if series is None:
                    series = areas[area] = Series()
            series.ends.append(ends[i])
            series.values.append(builder.value[i])
            series.rows.append(i)
        self._series = total
        self._area_series = by_area

    # --- construction -------------------------------------------------------------------

    @classmethod
    def empty(cls, framework: Framework) -> Observations:
        """No observations."""
        return cls(_Builder(framework, "no observations"))

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any] | Observation],
        framework: Framework,
        *,
        source: str = "records",
    ) -> Observations:
        """From Python records: dicts with the CSV's keys, or :class:`Observation` objects.

        Raises:
            DocumentError: listing each bad record by its position and field.
        """
        builder = _Builder(framework, source)
        for n, item in enumerate(records):
            record = _observation_dict(item) if isinstance(item, Observation) else item
            if not isinstance(record, Mapping):
                builder.fail(
                    f"[{n}]",
                    f"expected a mapping with indicator, period and value, got {type(record).__name__}",
                )
                continue
            extra = {
                k: v for k, v in record.items() if k not in _KNOWN_COLUMNS and k != "dimensions"
            }
            row = record
            if extra:
                dims = list(record.get("dimensions") or ())
                dims += [Dimension(str(k), str(v)) for k, v in extra.items() if v not in (None, "")]
                row = {**record, "dimensions": tuple(dims)}
            builder.add(row, _RecordPlace(n))
        if builder.problems:
            builder.raise_problems()
        return cls(builder)

    @classmethod
    def from_csv(
        cls, path_or_text: str | os.PathLike[str] | io.TextIOBase, framework: Framework
    ) -> Observations:
        """From a CSV file (see the module docs for its columns).

        Raises:
            DocumentError: naming file, line and column of every bad row.
        """
        if isinstance(path_or_text, io.TextIOBase):
            return cls._from_csv_text(path_or_text.read(), framework, "CSV")
        path = Path(path_or_text)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentError(
                (Problem("file", f"cannot read the file: {exc.strerror}"),), source=str(path)
            ) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - data.rfind(b"\n", 0, exc.start)
            raise DocumentError(
                (
                    Problem(
                        "encoding",
                        f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}; "
                        "save the file as UTF-8",
                        (f"line {line}, column {column}",),
                    ),
                ),
                source=str(path),
            ) from None
        return cls._from_csv_text(text, framework, str(path))

    @classmethod
    def _from_csv_text(cls, text: str, framework: Framework, source: str) -> Observations:
        builder = _Builder(framework, source)
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except StopIteration:
            raise DocumentError(
                (Problem("csv", "the file is empty; it needs a header row"),), source=source
            ) from None
        except csv.Error as exc:
            raise DocumentError((Problem("csv", f"line 1: {exc}"),), source=source) from None
        names = [h.strip().lower() for h in header]
        missing = [c for c in ("indicator", "period") if c not in names]
        if missing or ("value" not in names and "numerator" not in names):
            need = missing + (
                []
                if "value" in names or "numerator" in names
                else ["value (or numerator and denominator)"]
            )
            raise DocumentError(
                (
                    Problem(
                        "csv",
                        f"line 1: the header lacks {', '.join(need)}; it has {', '.join(names)}",
                    ),
                ),
                source=source,
            )
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise DocumentError(
                (Problem("csv", f"line 1: column(s) {', '.join(twice)} appear twice"),),
                source=source,
            )
        position = {name: i for i, name in enumerate(names)}
        dimension_columns = [
            (i, header[i].strip()) for i, n in enumerate(names) if n not in _KNOWN_COLUMNS and n
        ]
        try:
            for fields in reader:
                line = reader.line_num
                if not any(f.strip() for f in fields):
                    continue
                if len(fields) != len(names):
                    builder.fail(
                        f"line {line}", f"{len(fields)} fields where the header has {len(names)}"
                    )
                    continue
                row: dict[str, Any] = {
                    name: fields[i] for name, i in position.items() if name in _KNOWN_COLUMNS
                }
                row["dimensions"] = tuple(
                    Dimension(name, fields[i].strip())
                    for i, name in dimension_columns
                    if fields[i].strip()
                )
                builder.add(row, _CsvPlace(line, position))
        except csv.Error as exc:
            builder.fail(f"line {reader.line_num}", f"not valid CSV: {exc}")
        if builder.problems:
            builder.raise_problems()
        return cls(builder)

    @classmethod
    def from_json(cls, path_or_text: str | os.PathLike[str], framework: Framework) -> Observations:
        """From a JSON array of records (the CSV's keys; ``value`` may be a number).

        Raises:
            DocumentError: naming the JSON path of every bad record.
        """
        source = "JSON"
        text = str(path_or_text)
        if not text.lstrip().startswith(("[", "{")):
            path = Path(path_or_text)
            source = str(path)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise DocumentError(
                    (Problem("file", f"cannot read the file: {exc}"),), source=source
                ) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DocumentError(
                (
                    Problem(
                        "json",
                        f"not valid JSON: {exc.msg}",
                        (f"line {exc.lineno}, column {exc.colno}",),
                    ),
                ),
                source=source,
            ) from None
        if isinstance(data, dict) and isinstance(data.get("observations"), list):
            data = data["observations"]
        if not isinstance(data, list):
            raise DocumentError(
                (Problem("json", "expected an array of observations", ("$",)),), source=source
            )
        records = []
        for record in data:
            if isinstance(record, dict) and isinstance(record.get("value"), dict):
                value = record["value"]
                records.append({**record, "value": value.get("value"), "unit": value.get("unit")})
            else:
                records.append(record)
        try:
            return cls.from_records(records, framework, source=source)
        except DocumentError as exc:
            problems = [
                attrs.evolve(p, where=tuple("$" + w for w in p.where)) for p in exc.problems
            ]
            raise DocumentError(problems, source=source) from None

    @classmethod
    def from_frame(cls, frame: Any, framework: Framework) -> Observations:
        """From a pandas, polars, pyarrow … data frame with the CSV's columns (needs narwhals).

        Raises:
            ImportError: with the extra to install when narwhals is missing.
            DocumentError: naming the row and column of every bad row.
        """
        try:
            import narwhals as nw
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError(
                "reading data frames needs narwhals: pip install 'resultsframe[frames]'"
            ) from None
        df = nw.from_native(frame, eager_only=True)
        columns = list(df.columns)
        # An empty cell is null in the frame's own terms (None, NaN, NaT, pd.NA): it must read as
        # absent, or a frame mixing value rows and share rows would have "both" on every row.
        data = {
            c: [
                None if null else v
                for v, null in zip(s.to_list(), s.is_null().to_list(), strict=True)
            ]
            for c, s in df.to_dict(as_series=True).items()
        }
        records = [{c: data[c][i] for c in columns} for i in range(len(df))]
        for record in records:
            if record.get("period") is not None and not isinstance(record["period"], str):
                record["period"] = _period_text(record["period"])
        return cls.from_records(records, framework, source="data frame")

    # --- reading ------------------------------------------------------------------------

    @property
    def framework(self) -> Framework:
        """The framework the observations were checked against."""
        return self._framework

    def __len__(self) -> int:
        return len(self._cols.indicator)

    def __getitem__(self, row: int) -> Observation:
        c = self._cols
        unit = c.units[c.indicator[row]]
        return Observation(
            c.indicator[row],
            c.period[row],
            registry().Quantity(c.value[row], unit),
            c.numerator[row],
            c.denominator[row],
            c.area[row],
            c.dimensions[row],
            c.src[row],
            c.note[row],
        )

    def __iter__(self) -> Iterator[Observation]:
        return (self[i] for i in range(len(self)))

    def __repr__(self) -> str:
        return f"<Observations: {len(self)} rows for {len(set(self._cols.indicator))} indicators>"

    def series(self, indicator: str) -> Series | None:
        """The whole-indicator series (no area, no disaggregation) of an indicator."""
        return self._series.get(indicator)

    def areas(self, indicator: str) -> Mapping[str, Series]:
        """The unit-level series of an indicator, by area."""
        return self._area_series.get(indicator, {})

    def disaggregated(self, indicator: str) -> int:
        """How many disaggregated rows an indicator has (kept, not used for its headline value)."""
        c = self._cols
        return sum(
            1 for i, d in zip(c.indicator, c.dimensions, strict=True) if i == indicator and d
        )

    def rows_of(self, indicator: str) -> list[int]:
        """The positions of every observation of an indicator."""
        return [i for i, ind in enumerate(self._cols.indicator) if ind == indicator]

    def indicators(self) -> set[str]:
        """The ids of the indicators that have observations."""
        return set(self._cols.indicator)

    def to_records(self) -> list[dict[str, Any]]:
        """Every observation as a plain dict (JSON-ready)."""
        return [_observation_dict(o, plain=True) for o in self]

    def bind(self, framework: Framework) -> Observations:
        """The same observations, checked against another framework (a variant).

        Returns ``self`` when the framework is the one they were checked against, or every
        indicator they use has the same id, measure and unit in it.

        Raises:
            DocumentError: if an indicator is missing from the framework or its unit changed.
        """
        if framework is self._framework:
            return self
        same = True
        for indicator_id in self._cols.units:
            new = framework.indicators.get(indicator_id)
            old = self._framework.indicators[indicator_id]
            if new is None or new.unit != old.unit or new.measure != old.measure:
                same = False
                break
        if same:
            bound = object.__new__(Observations)
            for slot in Observations.__slots__:
                object.__setattr__(bound, slot, getattr(self, slot))
            bound._framework = framework
            return bound
        return Observations.from_records(self.to_records(), framework, source=self.source)

    def with_rows(
        self, records: Iterable[Mapping[str, Any] | Observation], *, source: str = "records"
    ) -> Observations:
        """These observations with rows added or replaced; these ones are left as they are.

        A record for the same indicator, period, area and disaggregation as an existing row
        replaces that row (at its position); any other record is added at the end. Records are
        checked as by :meth:`from_records`. The work is proportional to the records and the
        series they touch, and a :class:`~resultsframe.progress.ProgressReport` updated with
        the result (``report.update(new)``) recomputes only what they can change.

        >>> import resultsframe
        >>> fw = resultsframe.examples.load("cop")
        >>> obs = resultsframe.examples.observations("cop")
        >>> new = obs.with_rows([{"indicator": "T2.a", "period": "2020", "value": 30}])
        >>> len(new) - len(obs)
        1
        >>> report = resultsframe.assess(fw, obs, as_of="2020-12-31")
        >>> round(report["T2.a"].value, 2), report.update(new)["T2.a"].value
        (20.92, 30.0)

        Raises:
            DocumentError: listing each bad record by its position and field.
        """
        added = Observations.from_records(records, self._framework, source=source)._cols
        old = self._cols
        cols = _Builder(self._framework, self.source)
        for name in _COLUMNS:
            setattr(cols, name, list(getattr(old, name)))
        cols.units = {**old.units, **added.units}
        cols.seen = old.seen  # only read while rows are added one by one, which is over
        total = dict(self._series)
        by_area = dict(self._area_series)
        touched: dict[tuple[str, str | None], set[int]] = {}
        for k in range(len(added.indicator)):
            indicator, period = added.indicator[k], added.period[k]
            area, dimensions = added.area[k], added.dimensions[k]
            row = self._row_of(indicator, period, area, dimensions)
            if row is None:
                row = len(cols.indicator)
                for name in _COLUMNS:
                    getattr(cols, name).append(getattr(added, name)[k])
            else:
                for name in _COLUMNS:
                    getattr(cols, name)[row] = getattr(added, name)[k]
            if not dimensions:  # disaggregated rows are in no series
                touched.setdefault((indicator, area), set()).add(row)
        for (indicator, area), rows in touched.items():
            before = total.get(indicator) if area is None else by_area.get(indicator, {}).get(area)
            if before is not None:
                rows.update(before.rows)
            ordered = sorted(rows, key=lambda i: (cols.period[i].end, i))
            series = Series(
                [cols.period[i].end.toordinal() for i in ordered],
                [cols.value[i] for i in ordered],
                ordered,
            )
            if area is None:
                total[indicator] = series
            else:
                by_area[indicator] = {**by_area.get(indicator, {}), area: series}
        new = object.__new__(Observations)
        new._framework = self._framework
        new.source = self.source
        new._cols = cols
        new._series = total
        new._area_series = by_area
        new._token = object()
        whole = frozenset(i for i, a in touched if a is None)
        areas = frozenset(i for i, a in touched if a is not None)
        new._lineage = (
            (self._token, whole, areas),
            *((token, w | whole, a | areas) for token, w, a in self._lineage[: _LINEAGE - 1]),
        )
        return new

    def _row_of(
        self, indicator: str, period: Period, area: str | None, dimensions: tuple[Dimension, ...]
    ) -> int | None:
        """The position of the row for this indicator, period, area and disaggregation."""
        c = self._cols
        if dimensions:
            candidates: Iterable[int] = self.rows_of(indicator)
        else:
            series = self.series(indicator) if area is None else self.areas(indicator).get(area)
            candidates = series.rows if series is not None else ()
        for row in candidates:
            if (
                c.period[row].text == period.text
                and c.area[row] == area
                and c.dimensions[row] == dimensions
            ):
                return row
        return None

    def _changed_since(self, other: Observations) -> tuple[set[str], set[str]] | None:
        """What may differ from ``other``: (whole-indicator series, per-area series) by id.

        None when that is not known (the observations were not made from ``other``).
        """
        if other._token is self._token:
            return set(), set()
        for token, whole, areas in self._lineage:
            if token is other._token:
                return set(whole), set(areas)
        return None

    def __add__(self, other: Observations) -> Observations:
        if not isinstance(other, Observations):
            return NotImplemented
        return Observations.from_records(
            [*self.to_records(), *other.to_records()],
            self._framework,
            source=f"{self.source} + {other.source}",
        )


def _period_text(value: Any) -> str:
    if hasattr(value, "isoformat"):
        text: str = value.isoformat()
        return text[:10]
    return str(value)


def _observation_dict(observation: Observation, plain: bool = False) -> dict[str, Any]:
    value = observation.value
    record: dict[str, Any] = {"indicator": observation.indicator, "period": observation.period.text}
    if observation.numerator is not None:
        record["numerator"] = observation.numerator
        record["denominator"] = observation.denominator
    else:
        record["value"] = value.magnitude
        record["unit"] = format_unit(value.units)
    for key in ("area", "source", "note"):
        if getattr(observation, key) is not None:
            record[key] = getattr(observation, key)
    if observation.dimensions:
        if plain:
            for dimension in observation.dimensions:
                record[dimension.name] = dimension.value
        else:
            record["dimensions"] = observation.dimensions
    return record
