"""The :class:`Observations` container: checked rows, held column by column, grouped for lookup."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from resultsframe import hooks
from resultsframe.framework import Framework
from resultsframe.observations.actuals import gather
from resultsframe.observations.columnar import NO_DIMENSIONS, PROJECTION, Columns
from resultsframe.observations.index import Index, has_vintages, repeats, vintages_of
from resultsframe.observations.readers import (
    MAX_BYTES,
    read_csv,
    read_frame,
    read_json,
    read_parquet,
    read_records,
)
from resultsframe.observations.records import (
    Observation,
    Series,
    Unreadable,
    observation_dict,
)
from resultsframe.periods import parse_date
from resultsframe.units import registry

__all__ = ["Observations"]

_LINEAGE = 16  # how many earlier versions with_rows remembers the changes since
_NO_AREAS: Mapping[str, Series] = MappingProxyType({})
_NO_UNREADABLE: Mapping[str, tuple[Unreadable, ...]] = MappingProxyType({})
_NO_VINTAGES: Mapping[int, tuple[int, ...]] = MappingProxyType({})


def _period_end(item: Unreadable) -> Any:
    return item.period.end  # sorted() is stable: values of one day keep their order


class Observations:
    """Observations checked against a framework, held column by column and grouped for lookup.

    Build with :meth:`from_records`, :meth:`from_csv`, :meth:`from_json`, :meth:`from_frame`
    or :meth:`from_actuals`; combine with ``+``. Immutable: nothing read from them (a
    :class:`~resultsframe.observations.Series`, the per-area mapping) can change them. The rows
    are numpy columns (:class:`~resultsframe.observations.columnar.Columns`); an
    :class:`~resultsframe.observations.Observation` is made when one is read.
    """

    __slots__ = (
        "_areas_cache",
        "_by_indicator",
        "_codes",
        "_cols",
        "_framework",
        "_index",
        "_lineage",
        "_out",
        "_series_cache",
        "_source",
        "_token",
        "_unreadable",
        "_vintages",
    )

    _areas_cache: dict[str, Mapping[str, Series]]
    _by_indicator: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]] | None
    _codes: dict[str, int] | None
    _cols: Columns
    _framework: Framework
    _index: Index | None
    _out: npt.NDArray[np.bool_] | None
    _lineage: tuple[tuple[object, frozenset[str], frozenset[str]], ...]
    _series_cache: dict[str, Series | None]
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
            _series_cache={},
            _areas_cache={},
            _by_indicator=None,
            _codes=None,
        )
        # Projections and earlier vintages are kept, but are no value of the indicator.
        out, vintages = vintages_of(columns) if has_vintages(columns) else (None, _NO_VINTAGES)
        # The series are found when first asked for (assess asks; intake alone does not).
        self._set(_vintages=vintages, _out=out, _index=None)

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
    def from_parquet(cls, path: str | os.PathLike[str], framework: Framework) -> Observations:
        """From a parquet file with the CSV's columns (needs polars or pyarrow).

        Read as a data frame (:meth:`from_frame`): a bad row is named by its position,
        ``[3].value``.

        Raises:
            ImportError: with the extra to install when neither polars nor pyarrow is.
            DocumentError: when the file cannot be read; naming the row and column of every
                bad row.
        """
        return cls(read_parquet(path, framework), framework, str(path))

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
        return len(self._cols)

    def __getitem__(self, row: int) -> Observation:
        c = self._cols
        if not -len(c) <= row < len(c):
            raise IndexError(f"observation {row} of {len(c)}")
        row = row % len(c)
        indicator = c.indicator_of(row)
        return Observation(
            indicator=indicator,
            period=c.period_of(row),
            value=registry().Quantity(float(c.value[row]), c.units[indicator]),
            numerator=c.numerator_of(row),
            denominator=c.denominator_of(row),
            area=c.area_of(row),
            dimensions=c.dimensions_of(row),
            source=c.source_of(row),
            note=c.note_of(row),
            published=c.published_of(row),
            kind=c.kind_of(row),
            text=c.text_of(row),
            reporter=c.reporter_of(row),
        )

    def __iter__(self) -> Iterator[Observation]:
        return (self[i] for i in range(len(self)))

    def __repr__(self) -> str:
        n = len(np.unique(self._cols.indicator))
        return f"<Observations: {len(self)} rows for {n} indicators>"

    def _repr_html_(self) -> str:
        return hooks.to_html(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return hooks.to_mimebundle(self, include, exclude)

    def series(self, indicator: str) -> Series | None:
        """The whole-indicator series (no area, no disaggregation) of an indicator."""
        try:
            return self._series_cache[indicator]
        except KeyError:
            pass
        code = self._code(indicator)
        index = self._series_index()
        span = None if code is None else index.whole.get(code)
        found = None if span is None else index.series(*span)
        self._series_cache[indicator] = found
        return found

    def areas(self, indicator: str) -> Mapping[str, Series]:
        """The unit-level series of an indicator, by area (a read-only mapping)."""
        found = self._areas_cache.get(indicator)
        if found is not None:
            return found
        code = self._code(indicator)
        index = self._series_index()
        spans = None if code is None else index.groups.get(code)
        if not spans:
            found = _NO_AREAS
        else:
            names = self._cols.areas
            found = MappingProxyType(
                {names[index.area[start]]: index.series(start, stop) for start, stop in spans}
            )
        self._areas_cache[indicator] = found
        return found

    def _series_index(self) -> Index:
        """Where each series is (found once, when a series is first asked for)."""
        if self._index is None:
            self._set(_index=Index(self._cols, self._out))
            assert self._index is not None
        return self._index

    def _code(self, indicator: str) -> int | None:
        """The code of an indicator id in the columns, or None when no row has it."""
        return self._indicator_codes().get(indicator)

    def _indicator_codes(self) -> dict[str, int]:
        """Each indicator id's code in the columns."""
        if self._codes is None:
            self._set(_codes={k: i for i, k in enumerate(self._cols.indicators)})
            assert self._codes is not None
        return self._codes

    def disaggregated(self, indicator: str) -> int:
        """How many disaggregated rows an indicator has (kept, not used for its headline value)."""
        c = self._cols
        rows = self._rows(indicator)
        return int(np.count_nonzero(c.dimensions[rows] != NO_DIMENSIONS))

    def vintages(self, row: int) -> tuple[int, ...]:
        """The positions of every vintage of a row's value, oldest first; empty when never revised.

        Vintages are the observations of one indicator, period, area and disaggregation
        (actuals and estimates) with different publication dates; the latest is the value.
        """
        return self._vintages.get(row, ())

    def text(self, row: int) -> str | None:
        """The text of a row (a qualitative indicator's observation), or None."""
        return self._cols.text_of(row)

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
        keep = (c.published == 0) | (c.published <= when.toordinal())
        if keep.all():
            return self
        unreadable = [u for items in self._unreadable.values() for u in items]
        source = f"{self.source} as published by {when.isoformat()}"
        return Observations(c.take(np.flatnonzero(keep)), self._framework, source, unreadable)

    def _rows(self, indicator: str) -> npt.NDArray[np.intp]:
        """The positions of every observation of an indicator, in order (an index kept)."""
        code = self._code(indicator)
        if code is None:
            return np.zeros(0, dtype=np.intp)
        if self._by_indicator is None:
            order = np.argsort(self._cols.indicator, kind="stable")
            self._set(_by_indicator=(order, self._cols.indicator[order]))
        assert self._by_indicator is not None
        order, sorted_codes = self._by_indicator
        start, stop = np.searchsorted(sorted_codes, [code, code + 1])
        return order[start:stop]

    def rows_of(self, indicator: str) -> tuple[int, ...]:
        """The positions of every observation of an indicator."""
        return tuple(self._rows(indicator).tolist())

    def indicators(self) -> set[str]:
        """The ids of the indicators that have observations."""
        return self._cols.used_indicators()

    def to_records(self) -> list[dict[str, Any]]:
        """Every observation as a plain dict (JSON-ready)."""
        return [observation_dict(o, plain=True) for o in self]

    def to_pandas(self) -> Any:
        """Every observation as a row of a pandas DataFrame (the ``pandas`` extra).

        Built column by column from the numpy columns; the columns are those of a CSV file,
        with ``period_end`` (see :mod:`resultsframe.frames`).

        >>> import resultsframe
        >>> df = resultsframe.examples.observations("cop").to_pandas()
        >>> df.loc[0, ["indicator", "period", "reporter"]].tolist(), float(df.loc[0, "numerator"])
        (['T1.a', '2006', 'ICMEC'], 89.0)
        """
        return hooks.to_pandas(self)

    def to_polars(self) -> Any:
        """Every observation as a row of a polars DataFrame (the ``polars`` extra)."""
        return hooks.to_polars(self)

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
        n = len(old)
        # With publication dates or projections, a period's value is chosen among its rows:
        # no series is then kept from these observations.
        rebuild = bool(self._vintages) or has_vintages(old) or has_vintages(added)
        index = np.arange(n + len(added), dtype=np.intp)
        keep = np.ones(n + len(added), dtype=bool)
        touched: set[tuple[str, str | None]] = set()
        for k in range(len(added)):
            indicator = added.indicator_of(k)
            row = self._row_of(added, k)
            if row is not None:
                index[row] = n + k
                keep[n + k] = False
            if added.dimensions[k] == NO_DIMENSIONS:  # disaggregated rows are in no series
                touched.add((indicator, added.area_of(k)))
        whole = frozenset(i for i, a in touched if a is None)
        areas = frozenset(i for i, a in touched if a is not None)
        lineage = (
            (self._token, whole, areas),
            *((token, w | whole, a | areas) for token, w, a in self._lineage[: _LINEAGE - 1]),
        )
        columns = old.concat(added).take(index[keep])
        unreadable = [u for items in self._unreadable.values() for u in items]
        new = Observations(columns, self._framework, self.source, unreadable)
        new._set(_lineage=lineage)
        if not rebuild:  # the series nothing touched are the same: keep them (and their caches)
            new._series_cache.update(
                (k, v) for k, v in self._series_cache.items() if k not in whole
            )
            new._areas_cache.update((k, v) for k, v in self._areas_cache.items() if k not in areas)
        return new

    def _row_of(self, added: Columns, k: int) -> int | None:
        """The row for the same indicator, period, area, disaggregation and vintage as ``added[k]``."""
        c = self._cols
        period = added.period_of(k).text
        area, dimensions = added.area_of(k), added.dimensions_of(k)
        published, counts = added.published[k], added.kind[k] != PROJECTION
        for row in self._rows(added.indicator_of(k)).tolist():
            if (
                c.period_of(row).text == period
                and c.area_of(row) == area
                and c.dimensions_of(row) == dimensions
                and c.published[row] == published
                and (c.kind[row] != PROJECTION) == counts
            ):
                return int(row)
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
        columns = self._cols.concat(other._cols)
        if other._framework is not self._framework or repeats(columns):
            # Checked again row by row: for another framework's rows, and to name a repeat.
            columns = read_records(
                [*self.to_records(), *other.to_records()], self._framework, source
            )
        unreadable = [
            u
            for side in (self, other)
            for items in side._unreadable.values()
            for u in items
            if u.indicator in self._framework.indicators
        ]
        return Observations(columns, self._framework, source, unreadable)
