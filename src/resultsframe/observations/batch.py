"""Intake of whole columns: each distinct value checked once, the numbers checked with numpy.

A reader (CSV, records, a data frame) gives each column **factorised**: a :class:`Raw` column
is an ``int32`` array of codes into the column's distinct raw values (``-1`` for a null), and a
column of numbers is a :class:`RawNumbers` (the numbers read at C speed, and the cells that
need Python: ``yes``, a stage's name, anything odd). :func:`check` then

- checks each distinct indicator id, period, area, disaggregation, unit, kind and publication
  date once, with the same rules as a single row (:mod:`~resultsframe.observations.intake`);
- checks the numbers with numpy: finite, a share between 0 and 100 %, a numerator no larger
  than its denominator; converts a value given in another unit with one multiplication per
  (indicator, unit) pair;
- finds duplicates (same indicator, period, area, disaggregation, publication date, and
  whether it counts) by sorting codes.

It says which rows are bad and which repeat an earlier one, without messages: when there is
any, the reader checks those rows one by one (:class:`~resultsframe.observations.intake.Intake`)
so that each problem reads, and is placed, exactly as it always was.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import math
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from resultsframe.framework import Framework
from resultsframe.model import Indicator, Measure
from resultsframe.observations.columnar import KINDS, PROJECTION, Columns, Pool
from resultsframe.observations.intake import (
    dimensions_of,
    is_yes_no,
    kind_of,
    number_of,
    optional_text,
    published_of,
    stage_of,
)
from resultsframe.observations.raw import Raw, RawNumbers, factorise, numbers_of_objects
from resultsframe.periods import Period
from resultsframe.units import Unit, parse_unit, registry

__all__ = [
    "Checked",
    "Raw",
    "RawNumbers",
    "check",
    "collector_paused",
    "factorise",
    "numbers_of_objects",
    "pairs",
]

Codes = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]

_BAD = object()  # a distinct value that does not pass its check


@attrs.frozen
class Checked:
    """What :func:`check` found: the columns when every row is fine, else where it is not.

    ``bad`` marks the rows with a problem of their own; ``first`` gives, for a row that repeats
    an earlier good row (a duplicate), that row's position (-1 for the others).
    """

    columns: Columns | None
    bad: Mask
    first: npt.NDArray[np.intp]


def _lookup(raw: Raw, table: Sequence[int], null: int) -> Codes:
    """Each row's code through a table of the raw codes (``null`` for a null cell)."""
    lut = np.array([*table, null], dtype=np.int32)  # position -1: the null
    return lut[raw.codes]


def _distinct(raw: Raw, convert: Callable[[Any], Any], pool: Pool, null: Any) -> Codes:
    """Codes into ``pool`` of each cell's converted value; -2 where it does not convert."""

    def code(value: Any) -> int:
        converted = convert(value)
        if converted is _BAD:
            return -2
        return pool.optional(converted)

    null_code = code(null)
    return _lookup(raw, [code(v) for v in raw.values], null_code)


def _numbers(raw: RawNumbers, yes_no: bool) -> tuple[Floats, Mask]:
    """What each cell reads as (NaN where it does not), and whether it was a yes or a no."""
    numbers = raw.numbers.copy()
    is_pending = raw.pending.codes >= 0
    yes = np.zeros(len(numbers), dtype=bool)
    if is_pending.any():
        read = [number_of(v, yes_no) for v in raw.pending.values]
        table = np.array([np.nan if r is None else r for r in read] + [np.nan])
        numbers[is_pending] = table[raw.pending.codes[is_pending]]
        flags = np.array([is_yes_no(v) for v in raw.pending.values] + [False])
        yes = flags[raw.pending.codes] & is_pending
    return numbers, yes


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while columns are read and checked, or assessed.

    Neither makes a reference cycle; the collector would walk the whole framework (a million
    objects for 100 000 results) over and over for nothing. It runs again when they are done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(columns: Mapping[str, Raw | RawNumbers], n: int, framework: Framework) -> Checked:
    """Check ``n`` rows given column by column (the CSV's names; ``dimensions`` too).

    Missing columns are empty. Nothing is raised: see :class:`Checked`.
    """
    with collector_paused():
        return _check(columns, n, framework)


def _check(columns: Mapping[str, Raw | RawNumbers], n: int, framework: Framework) -> Checked:

    def raw(name: str) -> Raw:
        found = columns.get(name)
        return found if isinstance(found, Raw) else Raw.absent(n)

    def numbers(name: str) -> RawNumbers:
        found = columns.get(name)
        return found if isinstance(found, RawNumbers) else RawNumbers.absent(n)

    bad = np.zeros(n, dtype=bool)
    # The indicator: known ids only. Distinct cells are distinct ids: their codes are kept.
    table = _table(framework)
    cells = raw("indicator")
    where = table.positions(cells.values)
    valid = np.append(where >= 0, False)
    bad |= ~valid[cells.codes]
    ind = np.where(cells.codes < 0, 0, cells.codes).astype(np.int32)
    known = _Known(table, where if len(where) else np.array([-1], dtype=np.intp))
    indicators = tuple(str(v) for v in cells.values)
    # The period.
    periods = Pool()
    by_text: dict[str, Period] = {}
    year_end = framework.fiscal_year_end

    def period(value: Any) -> Any:
        try:
            found = (
                value
                if isinstance(value, Period)
                else Period.parse(value, fiscal_year_end=year_end)
            )
        except ValueError:
            return _BAD
        by_text.setdefault(found.text, found)
        return found.text

    per = _distinct(raw("period"), period, periods, None)
    bad |= per < 0
    per = np.where(per < 0, 0, per)
    period_values = tuple(by_text[t] for t in periods.values)
    ends = np.array([p.end.toordinal() for p in period_values] or [0], dtype=np.int32)
    # Texts: area, source, note, text, reporter share one pool but for the area.
    areas, strings = Pool(), Pool()
    area = _as_written(raw("area"), areas)
    if area is None:
        area = _distinct(raw("area"), optional_text, areas, None)
    names = ("source", "note", "text", "reporter")
    given = [name for name in names if raw(name).values]
    texts = {name: np.full(n, -1, dtype=np.int32) for name in names}
    for name in given:
        # One column of texts (the usual case) may keep its codes; several share one pool.
        found = _as_written(raw(name), strings) if len(given) == 1 else None
        texts[name] = (
            found if found is not None else _distinct(raw(name), optional_text, strings, None)
        )
    if "reporter" in given:  # each distinct reporter must be one of the framework's partners
        partners = {p.id for p in framework.partners}
        known_reporter = np.array(
            [s in partners for s in strings.values] + [True], dtype=bool
        )  # position -1: no reporter
        bad |= ~known_reporter[texts["reporter"]]
    dimension_sets = Pool([()])
    dims = _distinct(raw("dimensions"), _dimensions_or_bad, dimension_sets, None)
    bad |= dims < 0
    days = Pool()
    published = _distinct(raw("published"), _published_or_bad, days, None)
    bad |= published == -2
    day_values = np.array([0, *(d.toordinal() for d in days.values)], dtype=np.int32)
    published_code = np.where(published < 0, -1, published) + 1
    published = day_values[published_code]
    kinds = Pool(KINDS)
    kind = _distinct(raw("kind"), _kind_or_bad, kinds, None)
    bad |= kind < 0
    kind = np.where(kind < 0, 0, kind).astype(np.int8)
    units_text = Pool()
    unit = _distinct(raw("unit"), optional_text, units_text, None)
    value, numerator, denominator, value_bad = _values(
        known,
        ~bad,
        ind,
        area >= 0,
        texts["text"] >= 0,
        numbers("value"),
        numbers("numerator"),
        numbers("denominator"),
        unit,
        tuple(units_text.values),
    )
    bad |= value_bad
    first = _duplicates(
        ~bad,
        [ind, per, area, dims, published_code, (kind == PROJECTION).astype(np.int32)],
        [
            len(indicators),
            len(periods.values),
            len(areas.values) + 1,
            len(dimension_sets.values),
            len(days.values) + 1,
            2,
        ],
    )
    if bad.any() or (first >= 0).any():
        return Checked(None, bad, first)
    return Checked(
        Columns(
            indicator=ind,
            period=per,
            end=ends[per],
            value=value,
            numerator=numerator,
            denominator=denominator,
            area=area,
            dimensions=dims,
            src=texts["source"],
            note=texts["note"],
            text=texts["text"],
            published=published,
            kind=kind,
            reporter=texts["reporter"],
            indicators=indicators,
            periods=period_values,
            areas=tuple(areas.values),
            dimension_sets=tuple(dimension_sets.values),
            strings=tuple(strings.values),
            units=MappingProxyType(known.units),
        ),
        bad,
        first,
    )


def _as_written(raw: Raw, pool: Pool) -> Codes | None:
    """The codes of a column of texts that need no stripping (the usual case), kept as they are.

    ``pool`` (empty) takes the texts; None when a text is empty, padded or not a text.
    """
    values = raw.values
    if not all(type(v) is str for v in values):
        return None
    if [v.strip() for v in values] != list(values) or "" in values:
        return None
    pool.values = list(values)
    pool.codes = {v: k for k, v in enumerate(values)}
    return raw.codes


def _dimensions_or_bad(value: Any) -> Any:
    found = dimensions_of(value)
    return _BAD if found is None else found


def _published_or_bad(value: Any) -> Any:
    try:
        return published_of(value)
    except ValueError:
        return _BAD


def _kind_or_bad(value: Any) -> Any:
    found = kind_of(value)
    return _BAD if found is None else found


def _duplicates(good: Mask, keys: list[npt.NDArray[Any]], sizes: list[int]) -> npt.NDArray[np.intp]:
    """For each good row that repeats an earlier good row's key, that row; -1 for the others.

    ``keys`` are codes from -1 to ``sizes`` - 2: they make one integer when they fit in one.
    """
    first = np.full(len(good), -1, dtype=np.intp)
    rows = np.flatnonzero(good)
    if len(rows) < 2:
        return first
    chosen = [k[rows] for k in keys]
    if math.prod(max(size, 1) for size in sizes) < 2**62:
        key = np.zeros(len(rows), dtype=np.int64)
        for codes, size in zip(chosen, sizes, strict=True):
            key = key * max(size, 1) + (codes.astype(np.int64) + 1)
        ordered = np.sort(key)
        if not (ordered[1:] == ordered[:-1]).any():
            return first  # the usual case: one sort, no duplicate
        chosen = [key]
    order = np.lexsort(tuple(reversed(chosen)))  # stable: the first of a key comes first
    rows = rows[order]
    same = np.ones(len(rows) - 1, dtype=bool)
    for key in chosen:
        ordered = key[order]
        same &= ordered[1:] == ordered[:-1]
    if not same.any():
        return first
    # The first row of each run of equal keys, for every row of the run.
    starts = np.concatenate(([True], ~same))
    run_first = rows[np.flatnonzero(starts)][np.cumsum(starts) - 1]
    repeated = np.concatenate(([False], same))
    first[rows[repeated]] = run_first[repeated]
    return first


class _Table:
    """What the checks need of each indicator of a framework, in its order (found once)."""

    def __init__(self, framework: Framework) -> None:
        self.items: list[Indicator] = list(framework.indicators.values())
        self.ids = [i.id for i in self.items]
        self.position = {i: k for k, i in enumerate(self.ids)}
        self.index: Any = None  # a pandas Index of the ids, when pandas is there to look in
        none = parse_unit("")
        self.units = [none if i.unit is None else i.unit for i in self.items]
        codes = {Measure.SHARE: _SHARE, Measure.QUALITATIVE: _QUALITATIVE}
        measure = [codes.get(i.measure, _OTHER) for i in self.items]
        # One more entry, for a cell that is no indicator (position -1).
        self.measure = np.array([*measure, _OTHER], dtype=np.int8)
        self.staged = np.array([*(bool(i.stages) for i in self.items), False])
        # Indicators mostly share their unit objects: each one's factors are found once.
        by_unit: dict[int, tuple[float, float, Unit]] = {}  # the unit kept: its id stays its own
        to_fraction, of_fraction = [], []
        for m, unit in zip(measure, self.units, strict=True):
            if m != _SHARE:
                to_fraction.append(1.0)
                of_fraction.append(1.0)
                continue
            factors = by_unit.get(id(unit))
            if factors is None:
                factors = by_unit[id(unit)] = (_factor(none, unit), _factor(unit, none), unit)
            to_fraction.append(factors[0])
            of_fraction.append(factors[1])
        self.to_fraction = np.array([*to_fraction, 1.0])
        self.of_fraction = np.array([*of_fraction, 1.0])

    def positions(self, values: Sequence[Any]) -> npt.NDArray[np.intp]:
        """Where each value is among the framework's indicator ids (-1: not an id).

        pandas' hash table looks up a hundred thousand ids at once, when it is installed.
        """
        if values and all(type(v) is str for v in values):
            try:
                pd = importlib.import_module("pandas")
            except ImportError:  # pragma: no cover - depends on the environment
                pass
            else:
                if self.index is None:
                    self.index = pd.Index(self.ids, dtype=object)
                return np.asarray(self.index.get_indexer(values), dtype=np.intp)
        position = self.position
        return np.array(
            [position.get(v, -1) if isinstance(v, str) else -1 for v in values], dtype=np.intp
        )


_TABLES: dict[int, _Table] = {}


def _table(framework: Framework) -> _Table:
    """The framework's table, kept while the framework lives (frameworks are immutable)."""
    found = _TABLES.get(id(framework))
    if found is None:
        found = _TABLES[id(framework)] = _Table(framework)
        weakref.finalize(framework, _TABLES.pop, id(framework), None)
    return found


class _Units(Mapping[str, Unit]):
    """The units of the indicators some rows have, by id: a view of the framework's table."""

    def __init__(self, table: _Table, where: npt.NDArray[np.intp]) -> None:
        self.table = table
        self.where = where
        self.used = np.zeros(len(table.ids) + 1, dtype=bool)
        self.used[where] = True

    def __getitem__(self, key: str) -> Unit:
        k = self.table.position.get(key, -1)
        if not self.used[k]:  # position -1: the last entry, never used
            raise KeyError(key)
        return self.table.units[k]

    def __iter__(self) -> Iterator[str]:
        ids = self.table.ids
        return (ids[k] for k in self.where.tolist())

    def __len__(self) -> int:
        return len(self.where)


class _Known:
    """What the checks need of each distinct indicator cell (position -1: not an indicator)."""

    def __init__(self, table: _Table, where: npt.NDArray[np.intp]) -> None:
        self.table = table
        self.where = where
        self.measure = table.measure[where]
        self.staged = table.staged[where]
        self.to_fraction = table.to_fraction[where]
        self.of_fraction = table.of_fraction[where]

    @property
    def units(self) -> Mapping[str, Unit]:
        """The unit of each indicator met, by id (looked up in the framework's table)."""
        return _Units(self.table, self.where[self.where >= 0])

    def __getitem__(self, code: int) -> Indicator:
        position = int(self.where[code])
        assert position >= 0  # only rows with a known indicator are looked at
        return self.table.items[position]


_QUALITATIVE, _SHARE, _OTHER = 0, 1, 2


def _values(
    known: _Known,
    ok: Mask,
    ind: Codes,
    unit_level: Mask,
    has_text: Mask,
    raw_value: RawNumbers,
    raw_num: RawNumbers,
    raw_den: RawNumbers,
    unit: Codes,
    unit_texts: tuple[str, ...],
) -> tuple[Floats, Floats, Floats, Mask]:
    """Each row's value, numerator and denominator, and whether they are bad (see ``_value``).

    Only the rows that are ``ok`` so far (a known indicator, a period) are looked at.
    """
    n = len(ind)
    measure = known.measure[ind]
    staged = known.staged[ind]
    has_value = raw_value.present
    has_share = raw_num.present | raw_den.present
    qualitative = measure == _QUALITATIVE
    value = np.full(n, np.nan)
    numerator = np.full(n, np.nan)
    denominator = np.full(n, np.nan)
    # A qualitative indicator's row: a text and no number. Any other with a text is bad.
    bad = np.where(qualitative, has_value | has_share | ~has_text, has_text) & ok
    measured = ~qualitative & ~has_text & ok
    bad |= measured & ~has_value & ~has_share  # no value
    bad |= measured & has_value & has_share  # both
    # Shares given as numerator and denominator.
    shares = measured & has_share & ~has_value
    if shares.any():
        num, _ = _numbers(raw_num, yes_no=False)
        den, _ = _numbers(raw_den, yes_no=False)
        ok = (measure == _SHARE) & np.isfinite(num) & (num >= 0)
        ok &= np.isfinite(den) & (den > 0)
        with np.errstate(invalid="ignore"):
            ok &= num <= den
        ok &= _counted_units(known, ind, unit, unit_texts, shares)
        bad |= shares & ~ok
        factor = known.to_fraction[ind]
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(shares, num / den * factor, value)
        numerator = np.where(shares, num, numerator)
        denominator = np.where(shares, den, denominator)
    values = measured & has_value & ~has_share
    staged_rows = values & staged
    if staged_rows.any():
        stage_value, stage_bad = _stages(known, ind, staged_rows, raw_value)
        value = np.where(staged_rows, stage_value, value)
        bad |= stage_bad
    plain = values & ~staged
    if plain.any():
        number, yes = _numbers(raw_value, yes_no=True)
        bad |= plain & ~np.isfinite(number)
        magnitude, unit_bad = _convert(known, ind, unit, unit_texts, unit_level, yes, number, plain)
        bad |= plain & unit_bad
        share = plain & (measure == _SHARE)
        fraction = known.of_fraction[ind]
        with np.errstate(invalid="ignore"):
            part = magnitude * fraction
            bad |= share & ~((part >= 0) & (part <= 1))
        value = np.where(plain, magnitude, value)
    return value, numerator, denominator, bad


def _unit(indicator: Indicator) -> Unit:
    return indicator.unit if indicator.unit is not None else parse_unit("")


_FACTORS: dict[tuple[Any, Any], float] = {}


def _factor(given: Unit, to: Unit) -> float:
    """What 1 of one unit is in another (units parsed alike share it: a few per intake)."""
    key = (given._units, to._units)  # a container, hashed once: units alike share it
    found = _FACTORS.get(key)
    if found is None:
        found = _FACTORS[key] = float(registry().Quantity(1.0, given).to(to).magnitude)
    return found


def pairs(*codes: npt.NDArray[Any]) -> tuple[npt.NDArray[np.intp], list[tuple[int, ...]]]:
    """Each row's code among the distinct combinations of ``codes``, and the combinations.

    The codes (from -1) make one integer per row, whose distinct values are found by sorting.
    """
    key = np.zeros(len(codes[0]), dtype=np.int64)
    sizes = []
    for c in codes:
        size = int(c.max()) + 2 if len(c) else 1
        sizes.append(size)
        key = key * size + (c.astype(np.int64) + 1)
    found, inverse = np.unique(key, return_inverse=True)
    combinations = []
    for value in found.tolist():
        parts, rest = [], value
        for size in reversed(sizes):
            rest, part = divmod(rest, size)
            parts.append(part - 1)
        combinations.append(tuple(reversed(parts)))
    return inverse.reshape(-1), combinations


def _counted_units(
    known: _Known, ind: Codes, unit: Codes, texts: tuple[str, ...], rows: Mask
) -> Mask:
    """Whether the unit a share's row counts in fits the indicator's universe (or is none)."""
    ok = np.ones(len(ind), dtype=bool)
    chosen = np.flatnonzero(rows & (unit >= 0))
    if not len(chosen):
        return ok
    inverse, combinations = pairs(ind[chosen], unit[chosen])
    fits = []
    for i, u in combinations:
        universe = known[i].universe
        if universe is None:
            fits.append(True)
            continue
        try:
            counted = parse_unit(texts[u])
        except Exception:
            fits.append(False)
            continue
        fits.append(bool(counted.dimensionality == universe.unit.dimensionality))
    ok[chosen] = np.array(fits, dtype=bool)[inverse]
    return ok


def _convert(
    known: _Known,
    ind: Codes,
    unit: Codes,
    texts: tuple[str, ...],
    unit_level: Mask,
    yes: Mask,
    number: Floats,
    rows: Mask,
) -> tuple[Floats, Mask]:
    """Values in the indicator's unit, and where the unit given does not fit (see ``_value``)."""
    magnitude = number.copy()
    bad = np.zeros(len(ind), dtype=bool)
    chosen = np.flatnonzero(rows & ((unit >= 0) | yes | unit_level))
    if not len(chosen):
        return magnitude, bad
    inverse, combinations = pairs(ind[chosen], unit[chosen], yes[chosen], unit_level[chosen])
    factors: list[float] = []
    odd: list[int] = []  # a unit with an offset (°C): converted value by value
    dimensionless = parse_unit("")
    for k, (i, u, is_yes, level) in enumerate(combinations):
        indicator = known[i]
        own = _unit(indicator)
        try:
            given = parse_unit(texts[u]) if u >= 0 else own
        except Exception:
            factors.append(math.nan)
            continue
        if level and indicator.measure is Measure.SHARE and u < 0:
            given = dimensionless
        if u < 0 and is_yes and own.dimensionless:
            given = dimensionless
        if given is not own and given.dimensionality != own.dimensionality:
            factors.append(math.nan)
            continue
        if given is own or given == own:
            factors.append(1.0)
            continue
        quantity = registry().Quantity
        if float(quantity(0.0, given).to(own).magnitude) != 0.0:
            odd.append(k)
            factors.append(1.0)
            continue
        factors.append(float(quantity(1.0, given).to(own).magnitude))
    table = np.array(factors)
    factor = table[inverse]
    bad[chosen] = np.isnan(factor)
    with np.errstate(over="ignore"):  # a value too large for its unit is inf, refused later
        magnitude[chosen] = number[chosen] * np.where(np.isnan(factor), 1.0, factor)
    for k in odd:
        i, u = combinations[k][0], combinations[k][1]
        given, own = parse_unit(texts[u]), _unit(known[i])
        for row in chosen[inverse == k].tolist():
            magnitude[row] = float(registry().Quantity(number[row], given).to(own).magnitude)
    return magnitude, bad


def _stages(known: _Known, ind: Codes, rows: Mask, raw: RawNumbers) -> tuple[Floats, Mask]:
    """The position of each staged row's stage (by name or position), and where none is."""
    value = np.full(len(ind), np.nan)
    bad = np.zeros(len(ind), dtype=bool)
    for row in np.flatnonzero(rows).tolist():
        code = int(raw.pending.codes[row])
        given: object = raw.pending.values[code] if code >= 0 else float(raw.numbers[row])
        position, problem = stage_of(known[int(ind[row])], given)
        if problem is not None or position is None:
            bad[row] = True
        else:
            value[row] = position
    return value, bad
