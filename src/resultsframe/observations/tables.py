"""Data frames, parquet and CSV files as factorised columns, read inside the frame's engine.

A pandas, polars or pyarrow frame (any frame narwhals knows) is never turned into Python
records: each column is **factorised** in its own engine (polars: a hash of each cell, then
numpy; pandas: ``pandas.factorize``; pyarrow: ``dictionary_encode``), so that Python sees only
the distinct values; numbers come out as one numpy array (a column of texts is cast to numbers
in polars, the cells it cannot read left for Python). Only when a row is bad are the bad rows
turned into records, to be checked one by one and named as always (``[3].value``).

A CSV file is read by pyarrow when it is installed (every column as text, so that each cell is
checked as the standard library's reader would give it; a row with too few or too many fields
stops pyarrow, and the file is then read by the standard library, which names the line), then
handed to polars when that is installed. A parquet file is read by polars, else pyarrow.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from typing import Any

import numpy as np

from resultsframe.framework import Framework
from resultsframe.model import Dimension
from resultsframe.observations.batch import Raw, RawNumbers, factorise, pairs
from resultsframe.observations.columns import KNOWN_COLUMNS, dimension_of, framework_dimensions
from resultsframe.observations.records import period_text

__all__ = ["frame_columns", "read_csv_engine", "read_parquet_engine"]

_NUMBERS = ("value", "numerator", "denominator")
_DAYS = ("period", "published")


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _backend(native: Any) -> str:
    module = type(native).__module__.split(".")[0]
    return module if module in ("polars", "pandas", "pyarrow") else "other"


def factorise_series(series: Any) -> Raw:
    """A narwhals series as codes into its distinct values (Python objects); nulls are -1."""
    native = series.to_native()
    backend = _backend(native)
    if backend == "polars":
        return _factorise_polars(native)
    if backend == "pandas":
        pd = _module("pandas")
        codes, uniques = pd.factorize(native, use_na_sentinel=True)
        return Raw(codes.astype(np.int32), list(uniques.tolist()))
    if backend == "pyarrow":
        pc = importlib.import_module("pyarrow.compute")
        encoded = pc.dictionary_encode(native)
        if hasattr(encoded, "combine_chunks"):
            encoded = encoded.combine_chunks()
        indices = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        return Raw(indices.astype(np.int32), encoded.dictionary.to_pylist())
    values = series.to_list()
    nulls = series.is_null().to_list()
    return factorise([None if null else v for v, null in zip(values, nulls, strict=True)])


def _dense(keys: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Codes 0 … k-1 of integer keys, and the position of each code's first key.

    pandas' hash table when pandas is installed (one pass), else numpy's sort.
    """
    pd = _module("pandas")
    if pd is None:
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        return inverse.reshape(-1), first
    codes = pd.factorize(keys)[0]
    # Codes are given in the order keys first appear: a code is new where it passes the
    # largest code seen before it.
    seen = np.maximum.accumulate(np.concatenate(([-1], codes[:-1])))
    return codes, np.flatnonzero(codes > seen)


def _factorise_polars(native: Any) -> Raw:
    """A polars series factorised: each cell's hash, sorted by numpy; checked cell by cell."""
    if not len(native):
        return Raw(np.zeros(0, dtype=np.int32), [])
    hashes = native.hash(seed=0).to_numpy()
    inverse, first = _dense(hashes)
    distinct = native.gather(first)
    # Two values with one hash would share a code: that is checked, and then done exactly.
    if not native.eq_missing(distinct.gather(inverse)).all():
        values = native.to_list()
        return factorise(values)
    values = distinct.to_list()
    kept = [v for v in values if v is not None]
    if len(kept) == len(values):
        return Raw(inverse.astype(np.int32), values)
    codes, k = [], 0
    for v in values:
        codes.append(-1 if v is None else k)
        k += v is not None
    return Raw(np.array(codes, dtype=np.int32)[inverse], kept)


def numbers_series(series: Any) -> RawNumbers:
    """A narwhals series as numbers: numeric columns at C speed, texts cast where they read."""
    import narwhals as nw

    n = len(series)
    null = series.is_null().to_numpy().astype(bool)
    dtype = series.dtype
    if dtype.is_numeric() and dtype != nw.Boolean:
        numbers = series.fill_null(0).cast(nw.Float64).to_numpy().astype(np.float64)
        numbers[null] = np.nan
        return RawNumbers(numbers, ~null, Raw.absent(n))
    if dtype == nw.String and _backend(series.to_native()) == "polars":
        pl = _module("polars")
        native = series.to_native()
        parsed = native.str.strip_chars().cast(pl.Float64, strict=False)
        read = ~parsed.is_null().to_numpy().astype(bool)
        numbers = parsed.fill_null(np.nan).to_numpy().astype(np.float64)
        present = ~null & (native != "").fill_null(False).to_numpy().astype(bool)
        left = present & ~read
        pending = (
            _factorise_polars(native.set(pl.Series(~left), None)) if left.any() else Raw.absent(n)
        )
        return RawNumbers(numbers, present, pending)
    raw = factorise_series(series)
    empty = [k for k, v in enumerate(raw.values) if v == ""]
    present = raw.codes >= 0
    if empty:
        present &= ~np.isin(raw.codes, empty)
    return RawNumbers(np.full(n, np.nan), present, raw)


def _days(raw: Raw) -> Raw:
    """A frame's dates and datetimes as ISO days (texts are kept), as records have them."""
    return Raw(
        raw.codes,
        [v if v is None or isinstance(v, str) else period_text(v) for v in raw.values],
    )


def frame_columns(
    df: Any, framework: Framework, strip: bool = False
) -> tuple[dict[str, Raw | RawNumbers], Callable[[list[int]], dict[int, dict[str, Any]]]]:
    """A narwhals frame's columns, factorised, and how to make records of some of its rows.

    The records are what :func:`~resultsframe.observations.readers.read_frame` always made of
    a row (the known columns in lower case, empty cells absent, dates as ISO days), with
    the disaggregation columns gathered into ``dimensions``. ``strip``: a disaggregation's
    value is stripped, as the CSV reader does.
    """
    names = [str(c) for c in df.columns]
    keys = {
        c: n.strip().lower() if n.strip().lower() in KNOWN_COLUMNS else n
        for c, n in zip(df.columns, names, strict=True)
    }
    extra = any(key not in KNOWN_COLUMNS for key in keys.values())
    declared = framework_dimensions(framework) if extra else frozenset()
    columns: dict[str, Raw | RawNumbers] = {}
    dimension_columns: list[tuple[str, Raw]] = []
    for column, key in keys.items():
        series = df[column]
        if key in _NUMBERS:
            columns[key] = numbers_series(series)
        elif key in KNOWN_COLUMNS:
            raw = factorise_series(series)
            columns[key] = _days(raw) if key in _DAYS else raw
        else:
            name = dimension_of(key, declared)
            if name is not None:
                dimension_columns.append((name, factorise_series(series)))
    if dimension_columns:
        columns["dimensions"] = _frame_dimensions(dimension_columns, len(df), strip)

    def records(rows: list[int]) -> dict[int, dict[str, Any]]:
        chosen = df[rows] if rows else df[:0]
        data = {
            c: [
                None if null else v
                for v, null in zip(s.to_list(), s.is_null().to_list(), strict=True)
            ]
            for c, s in chosen.to_dict(as_series=True).items()
        }
        out: dict[int, dict[str, Any]] = {}
        for k, row in enumerate(rows):
            record = {keys[c]: data[c][k] for c in df.columns}
            for key in _DAYS:
                if record.get(key) is not None and not isinstance(record[key], str):
                    record[key] = period_text(record[key])
            dims = []
            for key in [k for k in record if k not in KNOWN_COLUMNS]:
                value = record.pop(key)
                name = dimension_of(str(key), declared)
                if name is not None and value not in (None, ""):
                    dims.append(Dimension(name, str(value)))
            record["dimensions"] = tuple(dims)
            out[row] = record
        return out

    return columns, records


def _frame_dimensions(factors: list[tuple[str, Raw]], n: int, strip: bool) -> Raw:
    """Each row's disaggregation from the frame's dimension columns (empty cells left out)."""
    inverse, found = pairs(*(raw.codes for _, raw in factors))
    values = []
    for combination in found:
        dims = []
        for (name, raw), code in zip(factors, combination, strict=True):
            value = raw.values[code] if code >= 0 else None
            if strip and value is not None:
                value = str(value).strip()
            if value not in (None, ""):
                dims.append(Dimension(name, str(value)))
        values.append(tuple(dims))
    return Raw(inverse.reshape(n).astype(np.int32), values)


def read_csv_engine(data: bytes, header: list[str]) -> Any | None:
    """A CSV file's rows as a frame of texts (pyarrow, then polars), or None to read it in Python.

    None when pyarrow is not installed, or it cannot read the file as the standard library
    would (a row with another number of fields, a header it reads otherwise).
    """
    pa = _module("pyarrow")
    if pa is None:
        return None
    pacsv = importlib.import_module("pyarrow.csv")

    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(use_threads=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header},
                strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException, ValueError):
        return None
    if table.column_names != header:
        return None
    # A row whose every cell is empty or blank is no row, as for the standard library's reader
    # (looked for in the first column, and only then in the others).
    pc = importlib.import_module("pyarrow.compute")
    blank = None
    for column in table.columns:
        empty = pc.fill_null(pc.or_(pc.utf8_is_space(column), pc.equal(column, "")), True)
        blank = empty if blank is None else pc.and_(blank, empty)
        if not pc.any(blank).as_py():
            blank = None
            break
    if blank is not None:
        table = table.filter(pc.invert(blank))
    pl = _module("polars")
    return pl.from_arrow(table) if pl is not None else table


def read_parquet_engine(path: str) -> Any:
    """A parquet file as a frame: polars when installed, else pyarrow.

    Raises:
        ImportError: when neither is installed.
        OSError, ValueError: when it cannot be read (the caller names the file).
    """
    pl = _module("polars")
    if pl is not None:
        return pl.read_parquet(path)
    if _module("pyarrow") is None:
        raise ImportError(
            "reading parquet files needs polars or pyarrow: pip install 'resultsframe[polars]'"
        )
    return importlib.import_module("pyarrow.parquet").read_table(path)
