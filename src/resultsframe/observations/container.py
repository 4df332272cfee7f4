"""The :class:`Observations` container: checked rows, held column by column, grouped for lookup."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, NoReturn

from resultsframe.framework import Framework
from resultsframe.model import Dimension
from resultsframe.observations.actuals import gather
from resultsframe.observations.readers import (
    MAX_BYTES,
    read_csv,
    read_frame,
    read_json,
    read_records,
)
from resultsframe.observations.records import (
    COLUMNS,
    Columns,
    Observation,
    ObservationKind,
    Series,
    Unreadable,
    observation_dict,
)
from resultsframe.periods import Period, parse_date
from resultsframe.units import registry

__all__ = ["Observations"]

_LINEAGE = 16  # how many earlier versions with_rows remembers the changes since
_NO_AREAS: Mapping[str, Series] = MappingProxyType({})
_NO_UNREADABLE: Mapping[str, tuple[Unreadable, ...]] = MappingProxyType({})
_NO_VINTAGES: Mapping[int, tuple[int, ...]] = MappingProxyType({})


def _period_end(item: Unreadable) -> Any:
    return item.period.end  # sorted() is stable: values of one day keep their order


def _series(rows: list[int], ends: list[int], values: list[float]) -> Series:
    return Series(tuple(ends), tuple(values), tuple(rows))


def _has_vintages(columns: Columns) -> bool:
    """Whether any row has a publication date or is a projection: then rows can share a period."""
    # Counted at C speed: this runs on every million-row intake and change.
    published = columns.published
    return published.count(None) != len(published) or ObservationKind.PROJECTION in columns.kind


def _vintages(columns: Columns) -> tuple[set[int], Mapping[int, tuple[int, ...]]]:
    """The rows that are no value (projections, earlier vintages), and each revised row's vintages.

    Rows of one indicator, period, area and disaggregation that count (actuals, estimates) are
    vintages of one value: the latest published is the value; one with no publication date is
    the earliest. Each of them maps to all of them, oldest first.
    """
    out: set[int] = set()
    groups: dict[tuple[Any, ...], list[int]] = {}
    c = columns
    for i, kind in enumerate(c.kind):
        if not kind.counts:
            out.add(i)
            continue
        key = (c.indicator[i], c.period[i].text, c.area[i], c.dimensions[i])
        groups.setdefault(key, []).append(i)
    vintages: dict[int, tuple[int, ...]] = {}
    published = c.published
    for rows in groups.values():
        if len(rows) > 1:
            rows.sort(key=lambda i: published[i] or date.min)
            out.update(rows[:-1])
            ordered = tuple(rows)
            for i in rows:
                vintages[i] = ordered
    return out, MappingProxyType(vintages) if vintages else _NO_VINTAGES


class Observations:
    """Observations checked against a framework, held column by column and grouped for lookup.

    Build with :meth:`from_records`, :meth:`from_csv`, :meth:`from_json`, :meth:`from_frame`
    or :meth:`from_actuals`; combine with ``+``. Immutable: nothing read from them (a
    :class:`~resultsframe.observations.Series`, the per-area mapping) can change them.
    """

    __slots__ = (
        "_area_series",
        "_cols",
        "_framework",
        "_lineage",
        "_series",
        "_source",
        "_token",
        "_unreadable",
        "_vintages",
    )

    _area_series: Mapping[str, Mapping[str, Series]]
    _cols: Columns
    _framework: Framework
    _lineage: tuple[tuple[object, frozenset[str], frozenset[str]], ...]
    _series: Mapping[str, Series]
    _token: object
    _unreadable: Mapping[str, tuple[Unreadable, ...]]
    _vintages: Mapping[int, tuple[int, ...]]
    _source: str

    def __init__(
        self,
        columns: Columns,
        framework: Framework,
        source: str,
        unreadable: Iterable[Unreadable] = (),
    ) -> None:
        by_indicator: dict[str, list[Unreadable]] = {}
        for item in unreadable:
            by_indicator.setdefault(item.indicator, []).append(item)
        # Identity of this data (shared by bound copies), and what changed since each of the
        # observations it was made from by with_rows, nearest first: lets a progress report be
        # updated by recomputing only what changed.
        self._set(
            _framework=framework,
            _source=source,
            _cols=columns,
            _token=object(),
            _lineage=(),
            _unreadable=MappingProxyType(
                {k: tuple(sorted(v, key=_period_end)) for k, v in by_indicator.items()}
            )
            if by_indicator
            else _NO_UNREADABLE,
        )
        # Projections and earlier vintages are kept, but are no value of the indicator.
        out, vintages = _vintages(columns) if _has_vintages(columns) else (set(), _NO_VINTAGES)
        self._set(_vintages=vintages)
        # Each series as three lists (rows, ends, values) while it is gathered.
        total: dict[str, tuple[list[int], list[int], list[float]]] = {}
        by_area: dict[str, dict[str, tuple[list[int], list[int], list[float]]]] = {}
        ends = [period.end.toordinal() for period in columns.period]
        order = sorted(range(len(ends)), key=ends.__getitem__)  # stable: ties keep row order
        area_of, indicator_of, dimensions_of = columns.area, columns.indicator, columns.dimensions
        value_of = columns.value
        for i in order:
            if dimensions_of[i] or (out and i in out):
                continue  # disaggregated rows are kept, but are not the indicator's headline value
            area = area_of[i]
            indicator = indicator_of[i]
            if area is None:
                lists = total.get(indicator)
                if lists is None:
                    lists = total[indicator] = ([], [], [])
            else:
                areas = by_area.setdefault(indicator, {})
                lists = areas.get(area)
                if lists is None:
                    lists = areas[area] = ([], [], [])
            lists[0].append(i)
            lists[1].append(ends[i])
            lists[2].append(value_of[i])
        self._set(
            _series={k: _series(*lists) for k, lists in total.items()},
            _area_series={
                k: MappingProxyType({a: _series(*lists) for a, lists in areas.items()})
                for k, areas in by_area.items()
            },
        )

    def _set(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"Observations are immutable: cannot set {name!r}; use with_rows")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"Observations are immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        unreadable = [u for items in self._unreadable.values() for u in items]
        return (Observations, (self._cols, self._framework, self.source, unreadable))

    # --- construction -------------------------------------------------------------------

    @classmethod
    def empty(cls, framework: Framework) -> Observations:
        """No observations."""
        return cls(Columns(), framework, "no observations")

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
        return cls(read_records(records, framework, source), framework, source)

    @classmethod
    def from_csv(
        cls,
        path_or_text: str | os.PathLike[str] | io.TextIOBase,
        framework: Framework,
        *,
        max_bytes: int | None = MAX_BYTES,
    ) -> Observations:
        """From a CSV file (see the module docs for its columns).

        A file over ``max_bytes`` (256 MiB unless told; None for no limit) is refused once that
        much is read, whatever size the system reports for it.

        Raises:
            DocumentError: naming file, line and column of every bad row; or the limit.
        """
        columns, source = read_csv(path_or_text, framework, max_bytes=max_bytes)
        return cls(columns, framework, source)

    @classmethod
    def from_json(
        cls,
        path_or_text: str | os.PathLike[str],
        framework: Framework,
        *,
        max_bytes: int | None = MAX_BYTES,
    ) -> Observations:
        """From a JSON array of records (the CSV's keys; ``value`` may be a number).

        A file over ``max_bytes`` (256 MiB unless told; None for no limit) is refused once that
        much is read, whatever size the system reports for it.

        Raises:
            DocumentError: naming the JSON path of every bad record; or the limit.
        """
        columns, source = read_json(path_or_text, framework, max_bytes=max_bytes)
        return cls(columns, framework, source)

    @classmethod
    def from_frame(cls, frame: Any, framework: Framework) -> Observations:
        """From a pandas, polars, pyarrow … data frame with the CSV's columns (needs narwhals).

        Raises:
            ImportError: with the extra to install when narwhals is missing.
            DocumentError: naming the row and column of every bad row.
        """
        return cls(read_frame(frame, framework), framework, "data frame")

    @classmethod
    def from_actuals(cls, framework: Framework) -> Observations:
        """From the framework's own published actuals: its indicators' reporting periods.

        Each period's whole actual (its only one, or else the one with no dimension and no
        location) is an observation for that period; other actuals are disaggregated (by
        dimension) or per-area (by location) observations, never summed into a whole. An
        actual that cannot be used — it does not read as a number (``"N/A"``), or it is a share
        above 100 % or below 0 — is kept as an :class:`~resultsframe.observations.Unreadable`
        value of its indicator (see :attr:`unreadable`), so that progress says so for that
        indicator alone; nothing in the actuals refuses the whole. This is what
        :func:`resultsframe.assess` uses when it is given no observations. See
        :mod:`resultsframe.observations.actuals`.
        """
        source = f"actuals of {framework.id}"
        columns, unreadable = gather(framework)
        return cls(columns, framework, source, unreadable)

    # --- reading ------------------------------------------------------------------------

    @property
    def framework(self) -> Framework:
        """The framework the observations were checked against."""
        return self._framework

    @property
    def source(self) -> str:
        """Where the observations come from: a file's path, ``"records"``, a framework's actuals."""
        return self._source

    @property
    def unreadable(self) -> Mapping[str, tuple[Unreadable, ...]]:
        """Published values that do not read as numbers, by indicator id, oldest first."""
        return self._unreadable

    def __len__(self) -> int:
        return len(self._cols.indicator)

    def __getitem__(self, row: int) -> Observation:
        c = self._cols
        return Observation(
            indicator=c.indicator[row],
            period=c.period[row],
            value=registry().Quantity(c.value[row], c.units[c.indicator[row]]),
            numerator=c.numerator[row],
            denominator=c.denominator[row],
            area=c.area[row],
            dimensions=c.dimensions[row],
            source=c.src[row],
            note=c.note[row],
            published=c.published[row],
            kind=c.kind[row],
            text=c.text[row],
        )

    def __iter__(self) -> Iterator[Observation]:
        return (self[i] for i in range(len(self)))

    def __repr__(self) -> str:
        return f"<Observations: {len(self)} rows for {len(set(self._cols.indicator))} indicators>"

    def series(self, indicator: str) -> Series | None:
        """The whole-indicator series (no area, no disaggregation) of an indicator."""
        return self._series.get(indicator)

    def areas(self, indicator: str) -> Mapping[str, Series]:
        """The unit-level series of an indicator, by area (a read-only mapping)."""
        return self._area_series.get(indicator, _NO_AREAS)

    def disaggregated(self, indicator: str) -> int:
        """How many disaggregated rows an indicator has (kept, not used for its headline value)."""
        c = self._cols
        return sum(
            1 for i, d in zip(c.indicator, c.dimensions, strict=True) if i == indicator and d
        )

    def vintages(self, row: int) -> tuple[int, ...]:
        """The positions of every vintage of a row's value, oldest first; empty when never revised.

        Vintages are the observations of one indicator, period, area and disaggregation
        (actuals and estimates) with different publication dates; the latest is the value.
        """
        return self._vintages.get(row, ())

    def text(self, row: int) -> str | None:
        """The text of a row (a qualitative indicator's observation), or None."""
        return self._cols.text[row]

    def published_by(self, day: date | str) -> Observations:
        """What had been published on or before a day: the data as known then (a vintage).

        Rows published later are left out, so that each period's value is its latest vintage
        published by then; rows with no publication date are always in. ``self`` when nothing
        is left out.

        >>> import resultsframe
        >>> fw = resultsframe.examples.load("cop")
        >>> obs = resultsframe.Observations.from_records(
        ...     [
        ...         {"indicator": "P1.2.a", "period": "2019", "value": 45, "published": "2019-03-01"},
        ...         {"indicator": "P1.2.a", "period": "2019", "value": 47, "published": "2020-02-01"},
        ...     ],
        ...     fw,
        ... )
        >>> [o.value.magnitude for o in obs.published_by("2019-12-31")]
        [45.0]

        Raises:
            DateError: if ``day`` is not an ISO date.
        """
        when = parse_date(day) if isinstance(day, str) else day
        c = self._cols
        keep = [i for i, p in enumerate(c.published) if p is None or p <= when]
        if len(keep) == len(c.published):
            return self
        columns = Columns(
            **{name: tuple(getattr(c, name)[i] for i in keep) for name in COLUMNS},
            units=c.units,
        )
        unreadable = [u for items in self._unreadable.values() for u in items]
        source = f"{self.source} as published by {when.isoformat()}"
        return Observations(columns, self._framework, source, unreadable)

    def rows_of(self, indicator: str) -> tuple[int, ...]:
        """The positions of every observation of an indicator."""
        return tuple(i for i, ind in enumerate(self._cols.indicator) if ind == indicator)

    def indicators(self) -> set[str]:
        """The ids of the indicators that have observations."""
        return set(self._cols.indicator)

    def to_records(self) -> list[dict[str, Any]]:
        """Every observation as a plain dict (JSON-ready)."""
        return [observation_dict(o, plain=True) for o in self]

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
        unreadable = [u for items in self._unreadable.values() for u in items]
        if same and all(u.indicator in framework.indicators for u in unreadable):
            bound = object.__new__(Observations)
            bound._set(**{slot: getattr(self, slot) for slot in Observations.__slots__})
            bound._set(_framework=framework)
            return bound
        columns = read_records(self.to_records(), framework, self.source)
        return Observations(
            columns,
            framework,
            self.source,
            [u for u in unreadable if u.indicator in framework.indicators],
        )

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
        added = read_records(records, self._framework, source)
        old = self._cols
        cols: dict[str, list[Any]] = {name: list(getattr(old, name)) for name in COLUMNS}
        total = dict(self._series)
        by_area = dict(self._area_series)
        touched: dict[tuple[str, str | None], set[int]] = {}
        # With publication dates or projections, a period's value is chosen among its rows:
        # the series are then rebuilt rather than patched.
        rebuild = bool(self._vintages) or _has_vintages(old) or _has_vintages(added)
        for k in range(len(added.indicator)):
            indicator, period = added.indicator[k], added.period[k]
            area, dimensions = added.area[k], added.dimensions[k]
            row = self._row_of(
                indicator, period, area, dimensions, added.published[k], added.kind[k], rebuild
            )
            if row is None:
                row = len(cols["indicator"])
                for name in COLUMNS:
                    cols[name].append(getattr(added, name)[k])
            else:
                for name in COLUMNS:
                    cols[name][row] = getattr(added, name)[k]
            if not dimensions:  # disaggregated rows are in no series
                touched.setdefault((indicator, area), set()).add(row)
        whole = frozenset(i for i, a in touched if a is None)
        areas = frozenset(i for i, a in touched if a is not None)
        lineage = (
            (self._token, whole, areas),
            *((token, w | whole, a | areas) for token, w, a in self._lineage[: _LINEAGE - 1]),
        )
        if rebuild:
            columns = Columns(
                **{name: tuple(cols[name]) for name in COLUMNS},
                units=MappingProxyType({**old.units, **added.units}),
            )
            unreadable = [u for items in self._unreadable.values() for u in items]
            rebuilt = Observations(columns, self._framework, self.source, unreadable)
            rebuilt._set(_lineage=lineage)
            return rebuilt
        periods, values = cols["period"], cols["value"]
        for (indicator, area), rows in touched.items():
            before = total.get(indicator) if area is None else by_area.get(indicator, {}).get(area)
            if before is not None:
                rows.update(before.rows)
            ordered = sorted(rows, key=lambda i: (periods[i].end, i))
            series = _series(
                ordered, [periods[i].end.toordinal() for i in ordered], [values[i] for i in ordered]
            )
            if area is None:
                total[indicator] = series
            else:
                by_area[indicator] = MappingProxyType({**by_area.get(indicator, {}), area: series})
        new = object.__new__(Observations)
        new._set(
            _framework=self._framework,
            _source=self.source,
            _cols=Columns(
                **{name: tuple(cols[name]) for name in COLUMNS},
                units=MappingProxyType({**old.units, **added.units}),
            ),
            _series=total,
            _area_series=by_area,
            _unreadable=self._unreadable,
            _vintages=_NO_VINTAGES,
            _token=object(),
            _lineage=lineage,
        )
        return new

    def _row_of(
        self,
        indicator: str,
        period: Period,
        area: str | None,
        dimensions: tuple[Dimension, ...],
        published: date | None = None,
        kind: ObservationKind = ObservationKind.ACTUAL,
        every: bool = False,
    ) -> int | None:
        """The position of the row for this indicator, period, area, disaggregation and vintage.

        ``every``: look through every row of the indicator, not only those of its series.
        """
        c = self._cols
        if dimensions or every:
            candidates: Iterable[int] = self.rows_of(indicator)
        else:
            series = self.series(indicator) if area is None else self.areas(indicator).get(area)
            candidates = series.rows if series is not None else ()
        for row in candidates:
            if (
                c.period[row].text == period.text
                and c.area[row] == area
                and c.dimensions[row] == dimensions
                and c.published[row] == published
                and c.kind[row].counts == kind.counts
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
        source = f"{self.source} + {other.source}"
        columns = read_records([*self.to_records(), *other.to_records()], self._framework, source)
        unreadable = [
            u
            for side in (self, other)
            for items in side._unreadable.values()
            for u in items
            if u.indicator in self._framework.indicators
        ]
        return Observations(columns, self._framework, source, unreadable)
