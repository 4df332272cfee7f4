"""Readers: observations from Python records, CSV, JSON and data frames, checked into columns.

Each reader gives the checked :class:`~resultsframe.observations.records.Columns` and the name
of its source; :class:`~resultsframe.observations.Observations` wraps them. A bad row is
refused with its place (file, line and column; JSON path; record position) and what is wrong.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from resultsframe import files
from resultsframe.exceptions import DocumentError, Problem, Problems, close_names
from resultsframe.framework import Framework
from resultsframe.model import Dimension
from resultsframe.observations.batch import (
    Raw,
    RawNumbers,
    check,
    collector_paused,
    factorise,
    numbers_of_objects,
    pairs,
)
from resultsframe.observations.columnar import Columns
from resultsframe.observations.columns import (
    KNOWN_COLUMNS,
    dimension_of,
    framework_dimensions,
    unknown_column,
)
from resultsframe.observations.intake import CsvPlace, Intake, RecordPlace
from resultsframe.observations.records import Observation, observation_dict
from resultsframe.observations.tables import (
    frame_columns,
    read_csv_engine,
    read_parquet_engine,
)

__all__ = [
    "MAX_BYTES",
    "intake",
    "read_csv",
    "read_frame",
    "read_json",
    "read_parquet",
    "read_records",
]

#: The largest observations file (or stream, in characters) :func:`read_csv` and
#: :func:`read_json` read unless told otherwise: about five million rows of CSV.
MAX_BYTES = 256 * 1024 * 1024


Row = tuple[Mapping[str, Any], Mapping[str, str]]
"""A row as :class:`~resultsframe.observations.intake.Intake` checks it, and its places."""


def intake(
    columns: Mapping[str, Raw | RawNumbers],
    n: int,
    framework: Framework,
    source: str,
    row_at: Callable[[int], Row],
    position: Callable[[int], int] = int,
    earlier: Sequence[tuple[int, Problem]] = (),
    prefetch: Callable[[list[int]], None] | None = None,
) -> Columns:
    """Check ``n`` rows given as columns (:func:`~resultsframe.observations.batch.check`).

    When a row is bad or repeats an earlier one, the bad rows and the repeats are checked one
    by one (``row_at(j)`` gives the j-th row as a mapping and its places), so that every
    problem reads and is placed as it always was; ``earlier`` are problems the reader found
    before (a line with too many fields), by the position of their row in the input, which
    ``position(j)`` gives for a row.

    Raises:
        DocumentError: listing the problems, in the order of the rows.
    """
    checked = check(columns, n, framework)
    if checked.columns is not None and not earlier:
        return checked.columns
    found: list[tuple[int, Problem]] = list(earlier)
    if prefetch is not None:
        repeated = np.flatnonzero(checked.first >= 0)
        prefetch(
            sorted(
                {
                    *np.flatnonzero(checked.bad).tolist(),
                    *repeated.tolist(),
                    *checked.first[repeated].tolist(),
                }
            )
        )
    one = Intake(framework, source)
    one.problems = Problems(cap=sys.maxsize)
    for j in np.flatnonzero(checked.bad).tolist():
        before = len(one.problems.items)
        one.add(*row_at(j))
        found.extend((position(j), p) for p in one.problems.items[before:])
    repeats = Intake(framework, source)
    repeats.problems = Problems(cap=sys.maxsize)
    firsts: set[int] = set()
    for j in np.flatnonzero(checked.first >= 0).tolist():
        first = int(checked.first[j])
        if first not in firsts:
            firsts.add(first)
            repeats.add(*row_at(first))
        before = len(repeats.problems.items)
        repeats.add(*row_at(j))
        found.extend((position(j), p) for p in repeats.problems.items[before:])
    if one.indicator or len(found) < len(earlier) + np.count_nonzero(checked.first >= 0):
        # A row the columns found bad reads fine alone: check every row alone, in order.
        if prefetch is not None:
            prefetch(list(range(n)))
        return _one_by_one(n, framework, source, row_at, position, earlier)
    problems = Problems()
    problems.extend(p for _, p in sorted(found, key=lambda item: item[0]))
    problems.raise_document_error(source)
    assert checked.columns is not None  # only earlier problems could be left, and they raise
    return checked.columns


def _one_by_one(
    n: int,
    framework: Framework,
    source: str,
    row_at: Callable[[int], Row],
    position: Callable[[int], int],
    earlier: Sequence[tuple[int, Problem]],
) -> Columns:
    """Every row checked alone, in order, with the reader's own problems in their places."""
    one = Intake(framework, source)
    pending = sorted(earlier, key=lambda item: item[0])
    k = 0
    for j in range(n):
        while k < len(pending) and pending[k][0] < position(j):
            one.problems.add(pending[k][1])
            k += 1
        one.add(*row_at(j))
    for _, problem in pending[k:]:
        one.problems.add(problem)
    return one.columns()


def read_records(
    records: Iterable[Mapping[str, Any] | Observation], framework: Framework, source: str
) -> Columns:
    """Python records: dicts with the CSV's keys, or :class:`Observation` objects.

    Raises:
        DocumentError: listing each bad record by its position and field.
    """
    earlier: list[tuple[int, Problem]] = []
    rows: list[Mapping[str, Any]] = []
    positions: list[int] = []
    declared: frozenset[str] | None = None
    refused: set[str] = set()  # each unknown key is named once, at its first record
    for n, item in enumerate(records):
        record = observation_dict(item) if isinstance(item, Observation) else item
        if type(record) is not dict and not isinstance(record, Mapping):
            earlier.append(
                (
                    n,
                    Problem(
                        "observation",
                        "expected a mapping with indicator, period and value, got "
                        f"{type(record).__name__}",
                        (f"[{n}]",),
                    ),
                )
            )
            continue
        row = record
        if not record.keys() <= _KEYS:
            extra = [k for k in record if k not in _KEYS]
            if declared is None:
                declared = framework_dimensions(framework)
            dims = list(_dimension_items(record.get("dimensions")))
            unknown = False
            for key in extra:
                value = record[key]
                name = dimension_of(str(key), declared)
                if name is None:
                    unknown = True
                    if key not in refused:
                        refused.add(key)
                        earlier.append(
                            (
                                n,
                                Problem(
                                    "observation",
                                    unknown_column(str(key), declared, "key"),
                                    (f"[{n}].{key}",),
                                ),
                            )
                        )
                elif value not in (None, ""):
                    dims.append(Dimension(name, str(value)))
            if unknown:
                continue
            row = {**record, "dimensions": tuple(dims)}
        rows.append(row)
        positions.append(n)
    columns: dict[str, Raw | RawNumbers] = {}
    with collector_paused():
        given = set().union(*rows) if rows else set()
        for name in (*KNOWN_COLUMNS, "dimensions"):
            if name not in given:
                continue  # a key no record has: the column is empty
            cells = [r.get(name) for r in rows]
            if name in _NUMBERS:
                columns[name] = numbers_of_objects(cells)
            else:
                columns[name] = factorise(cells)
    return intake(
        columns,
        len(rows),
        framework,
        source,
        lambda j: (rows[j], RecordPlace(positions[j])),
        positions.__getitem__,
        earlier,
    )


_NUMBERS = ("value", "numerator", "denominator")
_KEYS = frozenset((*KNOWN_COLUMNS, "dimensions"))


def _dimension_items(raw: Any) -> list[Any]:
    """A record's own ``dimensions`` as a list of items the intake reads."""
    if not raw:
        return []
    if isinstance(raw, Mapping):
        return list(raw.items())
    return list(raw) if isinstance(raw, (list, tuple)) else [raw]


def read_csv(
    path_or_text: str | os.PathLike[str] | io.TextIOBase,
    framework: Framework,
    *,
    max_bytes: int | None = MAX_BYTES,
) -> tuple[Columns, str]:
    """A CSV file or open text stream, and its source's name.

    A file holding more than ``max_bytes`` (a stream, more characters) is refused once that
    much is read, whatever size the system reports (``/dev/zero``, a pipe); None reads any.

    Raises:
        DocumentError: naming file, line and column of every bad row; or the limit.
    """
    if isinstance(path_or_text, io.TextIOBase):
        return _read_csv_text(_read_stream(path_or_text, max_bytes), framework, "CSV"), "CSV"
    path = Path(path_or_text)
    data = files.read_bytes(path, max_bytes=max_bytes, what="observations file")
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
    return _read_csv_text(text, framework, str(path), data), str(path)


def _read_stream(stream: io.TextIOBase, max_characters: int | None) -> str:
    """All of an open text stream, refused once it holds more than ``max_characters``."""
    if max_characters is None:
        return stream.read()
    text = stream.read(max_characters + 1)
    if len(text) > max_characters:
        raise DocumentError(
            (
                Problem(
                    "size",
                    f"the stream holds more than the limit of {max_characters:,} characters; "
                    "pass max_bytes=None to read it anyway",
                ),
            ),
            source="CSV",
        )
    return text


def _read_csv_text(
    text: str, framework: Framework, source: str, data: bytes | None = None
) -> Columns:
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
    valued = "value" in names or "numerator" in names or "text" in names
    if missing or not valued:
        need = missing + (
            [] if valued else ["value (or numerator and denominator) or text (a qualitative one's)"]
        )
        # A misspelt heading ("valeu") is named with the heading it stands for.
        wanted = [*missing, *([] if valued else ["value"])]
        near = [f"{n!r} meant to be {w!r}" for w in wanted for n in close_names(w, names)]
        hint = f" (is {' and '.join(near)}?)" if near else ""
        raise DocumentError(
            (
                Problem(
                    "csv",
                    f"line 1: the header lacks {', '.join(need)}; it has {', '.join(names)}{hint}",
                ),
            ),
            source=source,
        )
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DocumentError(
            (
                Problem(
                    "csv",
                    f"line 1: {'columns' if len(twice) > 1 else 'column'} {', '.join(twice)} "
                    f"{'appear' if len(twice) > 1 else 'appears'} twice",
                ),
            ),
            source=source,
        )
    position = {name: i for i, name in enumerate(names)}
    dimension_columns = _dimension_columns(header, names, framework, source)
    fast = _read_csv_engine(text, data, header, framework)
    if fast is not None:
        return fast
    earlier: list[tuple[int, Problem]] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for fields in reader:
            line = reader.line_num
            if not "".join(fields).strip():  # every field blank: no row
                continue
            if len(fields) != len(names):
                earlier.append(
                    (
                        line,
                        Problem(
                            "observation",
                            f"{len(fields)} fields where the header has {len(names)}",
                            (f"line {line}",),
                        ),
                    )
                )
                continue
            rows.append(fields)
            lines.append(line)
    except csv.Error as exc:
        earlier.append(
            (
                sys.maxsize,
                Problem("observation", f"not valid CSV: {exc}", (f"line {reader.line_num}",)),
            )
        )
    cells: list[tuple[str, ...]] = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    columns: dict[str, Raw | RawNumbers] = {}
    for name, i in position.items():
        if name in _NUMBERS:
            raw = factorise(cells[i])
            present = raw.codes >= 0
            empty = [k for k, v in enumerate(raw.values) if v == ""]
            if empty:
                present &= ~np.isin(raw.codes, empty)
            columns[name] = RawNumbers(np.full(len(rows), np.nan), present, raw)
        elif name in KNOWN_COLUMNS:
            columns[name] = factorise(cells[i])
    if dimension_columns:
        columns["dimensions"] = _csv_dimensions(cells, dimension_columns, len(rows))

    def row_at(j: int) -> tuple[Mapping[str, Any], Mapping[str, str]]:
        fields = rows[j]
        row: dict[str, Any] = {
            name: fields[i] for name, i in position.items() if name in KNOWN_COLUMNS
        }
        row["dimensions"] = tuple(
            Dimension(name, fields[i].strip()) for i, name in dimension_columns if fields[i].strip()
        )
        return row, CsvPlace(lines[j], position)

    return intake(columns, len(rows), framework, source, row_at, lines.__getitem__, earlier)


def _read_csv_engine(
    text: str, data: bytes | None, header: list[str], framework: Framework
) -> Columns | None:
    """A CSV file read by pyarrow (:mod:`~resultsframe.observations.tables`), when it is fine.

    None when there is no engine, or a row is bad: the standard library's reader then reads
    the file, and names the line and column of each problem.
    """
    try:
        import narwhals as nw
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    if data is None:
        data = text.encode("utf-8")
    elif data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    frame = read_csv_engine(data, header)
    if frame is None:
        return None
    df = nw.from_native(frame, eager_only=True)
    with collector_paused():
        columns, _ = frame_columns(df, framework, strip=True)
    return check(columns, len(df), framework).columns


def _csv_dimensions(
    cells: list[tuple[str, ...]], dimension_columns: list[tuple[int, str]], n: int
) -> Raw:
    """The disaggregation of each CSV row, from its dimension columns (empty cells left out)."""
    factors = [(name, factorise(cells[i])) for i, name in dimension_columns]
    inverse, found = pairs(*(raw.codes for _, raw in factors))
    values = []
    for combination in found:
        dims = []
        for (name, raw), code in zip(factors, combination, strict=True):
            text = raw.values[code].strip() if code >= 0 else ""
            if text:
                dims.append(Dimension(name, text))
        values.append(tuple(dims))
    return Raw(inverse.reshape(n).astype(np.int32), values)


def _dimension_columns(
    header: list[str], names: list[str], framework: Framework, source: str
) -> list[tuple[int, str]]:
    """(position, dimension name) of each dimension column; any unknown column is refused."""
    extra = [i for i, n in enumerate(names) if n not in KNOWN_COLUMNS]
    if not extra:
        return []
    declared = framework_dimensions(framework)
    found: list[tuple[int, str]] = []
    problems = []
    for i in extra:
        name = dimension_of(header[i], declared) if names[i] else None
        if name is None:
            column = header[i].strip()
            problems.append(
                Problem(
                    "csv",
                    unknown_column(column, declared)
                    if column
                    else "a column without a name; name it, or remove it",
                    (f"line 1, column {i + 1}",),
                )
            )
        else:
            found.append((i, name))
    if problems:
        raise DocumentError(problems, source=source)
    return found


def read_json(
    path_or_text: str | os.PathLike[str],
    framework: Framework,
    *,
    max_bytes: int | None = MAX_BYTES,
) -> tuple[Columns, str]:
    """A JSON array of records (the CSV's keys; ``value`` may be a number), and its source.

    A file holding more than ``max_bytes`` is refused once that much is read, whatever size the
    system reports (``/dev/zero``, a pipe); None reads any size.

    Raises:
        DocumentError: naming the JSON path of every bad record; or the limit.
    """
    source = "JSON"
    text = str(path_or_text)
    if not text.lstrip().startswith(("[", "{")):
        path = Path(path_or_text)
        source = str(path)
        data = files.read_bytes(path, max_bytes=max_bytes, what="observations file")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
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
    except RecursionError:
        raise DocumentError(
            (
                Problem(
                    "json",
                    "nested too deeply to read; observations are an array of flat records",
                ),
            ),
            source=source,
        ) from None
    except ValueError:  # an integer of more digits than Python converts (4300 by default)
        raise DocumentError(
            (
                Problem(
                    "json",
                    "a number with thousands of digits; write a number a float holds "
                    "(within ±1.8e308), and within ±9007199254740991 to keep it exact",
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
        return read_records(records, framework, source), source
    except DocumentError as exc:
        problems = [attrs.evolve(p, where=tuple("$" + w for w in p.where)) for p in exc.problems]
        raise DocumentError(problems, source=source) from None


def read_frame(frame: Any, framework: Framework, source: str = "data frame") -> Columns:
    """A pandas, polars, pyarrow … data frame with the CSV's columns (needs narwhals).

    Each column is factorised in the frame's own engine
    (:mod:`~resultsframe.observations.tables`); only the rows found bad become records.

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
    _dimension_columns(
        [str(c) for c in columns],
        [str(c).strip().lower() for c in columns],
        framework,
        source,
    )
    with collector_paused():
        raw, records = frame_columns(df, framework)
    fetched: dict[int, dict[str, Any]] = {}
    return intake(
        raw,
        len(df),
        framework,
        source,
        lambda j: (fetched[j], RecordPlace(j)),
        prefetch=lambda rows: fetched.update(records([r for r in rows if r not in fetched])),
    )


def read_parquet(path: str | os.PathLike[str], framework: Framework) -> Columns:
    """A parquet file with the CSV's columns, read as a frame (needs polars or pyarrow).

    Raises:
        ImportError: naming the extra to install when neither is installed.
        DocumentError: when the file cannot be read; naming the row and column of every bad row.
    """
    source = str(path)
    try:
        frame = read_parquet_engine(source)
    except ImportError:
        raise
    except Exception as exc:  # each engine raises its own errors for a file it cannot read
        raise DocumentError(
            (Problem("file", f"cannot read the file as parquet: {exc}"),), source=source
        ) from None
    return read_frame(frame, framework, source)
