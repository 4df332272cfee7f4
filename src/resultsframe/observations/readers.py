"""Readers: observations from Python records, CSV, JSON and data frames, checked into columns.

Each reader gives the checked :class:`~resultsframe.observations.records.Columns` and the name
of its source; :class:`~resultsframe.observations.Observations` wraps them. A bad row is
refused with its place (file, line and column; JSON path; record position) and what is wrong.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from resultsframe import files
from resultsframe.exceptions import DocumentError, Problem
from resultsframe.framework import Framework
from resultsframe.model import Dimension
from resultsframe.observations.columns import (
    KNOWN_COLUMNS,
    dimension_of,
    framework_dimensions,
    unknown_column,
)
from resultsframe.observations.intake import CsvPlace, Intake, RecordPlace
from resultsframe.observations.columnar import Columns
from resultsframe.observations.records import (
    Observation,
    observation_dict,
    period_text,
)

__all__ = ["MAX_BYTES", "read_csv", "read_frame", "read_json", "read_records"]

#: The largest observations file (or stream, in characters) :func:`read_csv` and
#: :func:`read_json` read unless told otherwise: about five million rows of CSV.
MAX_BYTES = 256 * 1024 * 1024


def read_records(
    records: Iterable[Mapping[str, Any] | Observation], framework: Framework, source: str
) -> Columns:
    """Python records: dicts with the CSV's keys, or :class:`Observation` objects.

    Raises:
        DocumentError: listing each bad record by its position and field.
    """
    intake = Intake(framework, source)
    declared: frozenset[str] | None = None
    refused: set[str] = set()  # each unknown key is named once, at its first record
    for n, item in enumerate(records):
        record = observation_dict(item) if isinstance(item, Observation) else item
        if not isinstance(record, Mapping):
            intake.fail(
                f"[{n}]",
                f"expected a mapping with indicator, period and value, got {type(record).__name__}",
            )
            continue
        extra = {k: v for k, v in record.items() if k not in KNOWN_COLUMNS and k != "dimensions"}
        row = record
        if extra:
            if declared is None:
                declared = framework_dimensions(framework)
            dims = list(_dimension_items(record.get("dimensions")))
            unknown = False
            for key, value in extra.items():
                name = dimension_of(str(key), declared)
                if name is None:
                    unknown = True
                    if key not in refused:
                        refused.add(key)
                        intake.fail(f"[{n}].{key}", unknown_column(str(key), declared, "key"))
                elif value not in (None, ""):
                    dims.append(Dimension(name, str(value)))
            if unknown:
                continue
            row = {**record, "dimensions": tuple(dims)}
        intake.add(row, RecordPlace(n))
    return intake.columns()


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
    return _read_csv_text(text, framework, str(path)), str(path)


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


def _read_csv_text(text: str, framework: Framework, source: str) -> Columns:
    intake = Intake(framework, source)
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
    try:
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(names):
                intake.fail(
                    f"line {line}", f"{len(fields)} fields where the header has {len(names)}"
                )
                continue
            row: dict[str, Any] = {
                name: fields[i] for name, i in position.items() if name in KNOWN_COLUMNS
            }
            row["dimensions"] = tuple(
                Dimension(name, fields[i].strip())
                for i, name in dimension_columns
                if fields[i].strip()
            )
            intake.add(row, CsvPlace(line, position))
    except csv.Error as exc:
        intake.fail(f"line {reader.line_num}", f"not valid CSV: {exc}")
    return intake.columns()


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


def read_frame(frame: Any, framework: Framework) -> Columns:
    """A pandas, polars, pyarrow … data frame with the CSV's columns (needs narwhals).

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
        "data frame",
    )
    # An empty cell is null in the frame's own terms (None, NaN, NaT, pd.NA): it must read as
    # absent, or a frame mixing value rows and share rows would have "both" on every row.
    data = {
        c: [None if null else v for v, null in zip(s.to_list(), s.is_null().to_list(), strict=True)]
        for c, s in df.to_dict(as_series=True).items()
    }
    # The CSV's header may be in any case: so may a frame's known columns.
    keys = {
        c: str(c).strip().lower() if str(c).strip().lower() in KNOWN_COLUMNS else c for c in columns
    }
    records = [{keys[c]: data[c][i] for c in columns} for i in range(len(df))]
    for record in records:
        for key in ("period", "published"):
            if record.get(key) is not None and not isinstance(record[key], str):
                record[key] = period_text(record[key])
    return read_records(records, framework, "data frame")
