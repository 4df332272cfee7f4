"""From the cells of a matrix to a validated framework, with problems naming row and column.

:func:`read` reads a CSV or Excel file, :func:`from_rows` rows of cells (a data frame's
records). The header says which column is which (:data:`~resultsframe.table.COLUMNS`, their
aliases, ``target N`` and ``target N due date``; any other column is kept as extensions); each
row then adds an indicator to its result, or continues the result of the row above. Every
problem of every row is collected and raised at once, naming the file, the row (the header is
row 1) and the column (by header and letter)::

    logframe.csv: row 7, column 'unit' (J): unknown unit 'cases2'; …
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from resultsframe.exceptions import (
    DocumentError,
    Problem,
    Problems,
    ResultsframeError,
    ValidationError,
)
from resultsframe.framework import Framework
from resultsframe.levels import LevelScheme
from resultsframe.model import Extension, Indicator, Link, Result
from resultsframe.periods import fiscal_years
from resultsframe.table import cells, csv, excel
from resultsframe.table import options as options_
from resultsframe.table.cells import Place, Row, fail, plain
from resultsframe.table.columns import (
    BY_HEADER,
    COLUMNS,
    DUE_RE,
    EXTENSION_FORMAT,
    HEADER_OF,
    INDICATOR_KEYS,
    KEYS,
    NUMBER_RE,
    REQUIRED,
    RESULT_KEYS,
    TARGET_RE,
    blank,
    format_of,
    infer_levels,
    letter,
    level_name,
    normal,
    to_scheme,
)
from resultsframe.units import CountingUnit

__all__ = ["MAX_BYTES", "from_rows", "read"]

#: The largest file :func:`read` reads unless told otherwise (bytes). An Excel file may not
#: unpack to more than ten times this.
MAX_BYTES = 20 * 1024 * 1024
_PARENT_RE = re.compile(r"(?P<id>\S+?)(?:\s*\(\s*weight\s*(?P<weight>[^()]*?)\s*\))?")
_LEVEL_RE = re.compile(r"[a-z][a-z0-9_]*")


def read(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    id: str | None = None,
    title: str | None = None,
    levels: LevelScheme | str | Iterable[str] | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    units: Iterable[CountingUnit | str] | None = None,
    fiscal_year_end: str | None = None,
    max_bytes: int | None = MAX_BYTES,
) -> Framework:
    """Read a framework from a logframe matrix in a CSV or Excel file.

    An Excel file written by :func:`~resultsframe.table.write` also holds the framework's id, title, levels and
    time frame (its ``framework`` sheet); for a CSV file, or to override them, pass them here.
    By default the id is the file's name without spaces and the title is the file's name.

    Args:
        path: A ``.csv`` or ``.xlsx`` file.
        format: ``"csv"`` or ``"xlsx"`` when the file name does not say.
        id: The framework's id.
        title: Its title.
        levels: The level scheme, a built-in scheme's name (``"logframe"``) or the levels top
            first; see :func:`from_rows`.
        start: The first day of its time frame.
        end: The last day of its time frame.
        units: The counting units the framework declares (``["ward"]`` or
            :class:`~resultsframe.units.CountingUnit` objects), defined before the rows are
            read; an Excel file's ``framework`` sheet may hold them too (``ward (wards),
            facility``).
        fiscal_year_end: The day its fiscal years end, ``"MM-DD"`` (``"06-30"``), so that
            ``FY2020`` reads as a period; an Excel file's ``framework`` sheet may hold it too.
        max_bytes: The largest file read; None for no limit.

    Raises:
        DocumentError: naming the file, row and column of every problem.
        ImportError: for ``.xlsx`` without openpyxl (``pip install 'resultsframe[excel]'``).
    """
    path = Path(path)
    source = str(path)
    kind = format_of(path, format)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(
            [Problem("file", f"cannot read the file: {exc.strerror or exc}")], source=source
        ) from None
    if max_bytes is not None and size > max_bytes:
        raise DocumentError(
            [
                Problem(
                    "size",
                    f"the file is {size:,} bytes, more than the limit of {max_bytes:,}; pass "
                    "max_bytes=None to read it anyway",
                )
            ],
            source=source,
        )
    info: dict[str, Any] = {}
    if kind == "csv":
        header, header_row, rows = csv.rows_of(path, source)
    else:
        (header, header_row, rows), info = excel.rows_of(path, source, max_bytes)
    stem = path.stem
    if levels is None and "levels" in info and "level scheme" in info:
        names = [p for p in re.split(r"\s*>\s*", str(info["levels"]).strip()) if p]
        try:
            levels = LevelScheme(str(info["level scheme"]), names)
        except ValueError as exc:
            raise DocumentError(
                [Problem("levels", f"sheet 'framework', levels: {plain(exc)}")], source=source
            ) from None
    options = {
        "id": id or info.get("id") or (re.sub(r"[\s:]+", "-", stem.strip()) or "table"),
        "title": title or info.get("title") or stem or "table",
        "levels": levels if levels is not None else info.get("levels"),
        "start": start if start is not None else info.get("start"),
        "end": end if end is not None else info.get("end"),
        "description": info.get("description"),
        "units": units if units is not None else info.get("units"),
        "fiscal_year_end": fiscal_year_end or info.get("fiscal year end"),
    }
    return _read_matrix(
        header, header_row, rows, source=source, options=options, unescape=kind == "csv"
    )


def from_rows(
    rows: Iterable[Mapping[str, object]],
    *,
    source: str = "table",
    id: str = "table",
    title: str | None = None,
    levels: LevelScheme | str | Iterable[str] | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    description: str | None = None,
    units: Iterable[CountingUnit | str] | None = None,
    fiscal_year_end: str | None = None,
) -> Framework:
    """A framework from the rows of a logframe matrix (dicts header → cell, as :func:`~resultsframe.table.to_rows`).

    Row numbers in messages count the header as row 1. ``from_rows(df.to_dict("records"))``
    reads a pandas data frame (NaN is an empty cell).

    Args:
        rows: The rows.
        source: What to call the table in messages.
        id: The framework's id.
        title: Its title; ``source`` when not given.
        levels: The level scheme, a built-in scheme's name, or the levels top first; by
            default the first built-in scheme holding every level of the table, else the order
            the links imply.
        start: The first day of its time frame.
        end: The last day of its time frame.
        description: Its description.
        units: The counting units it declares (``["ward"]``), defined before the rows are read.
        fiscal_year_end: The day its fiscal years end, ``"MM-DD"`` (``"06-30"``).

    Raises:
        DocumentError: naming the row and column of every problem.
    """
    rows = list(rows)
    # No rows (a framework with no results) still has the matrix's columns.
    header: list[str] = list(dict.fromkeys(k for row in rows for k in row)) or list(KEYS)
    matrix = [(n, [row.get(name) for name in header]) for n, row in enumerate(rows, start=2)]
    return _read_matrix(
        header,
        1,
        matrix,
        source=source,
        options={
            "id": id,
            "title": title if title is not None else source,
            "levels": levels,
            "start": start,
            "end": end,
            "description": description,
            "units": units,
            "fiscal_year_end": fiscal_year_end,
        },
        unescape=False,
    )


def _read_matrix(
    header: Sequence[object],
    header_row: int,
    rows: Iterable[tuple[int, Sequence[object]]],
    *,
    source: str,
    options: Mapping[str, Any],
    unescape: bool,
) -> Framework:
    problems = Problems()
    if unescape:
        header = [csv.unescape(h) if isinstance(h, str) else h for h in header]
    keys, extra_columns = _layout(header, problems, header_row)
    problems.raise_document_error(source)
    try:
        scheme = to_scheme(options.get("levels"))
    except ResultsframeError as exc:
        raise DocumentError([Problem("levels", plain(exc))], source=source) from None
    declared = options_.units(options.get("units"), source)
    year_end = options_.year_end(options.get("fiscal_year_end"), source)
    # Periods and due dates written as fiscal years ("FY2019") read with the year end.
    with fiscal_years(year_end):
        reader = _Reader(source, problems, scheme)
        _read_rows(reader, header, (keys, extra_columns), rows, unescape)
        return reader.framework(
            id=options["id"],
            title=options["title"],
            start=options_.day(options.get("start"), "start", source),
            end=options_.day(options.get("end"), "end", source),
            description=options.get("description"),
            units=declared,
            fiscal_year_end=year_end,
        )


def _read_rows(
    reader: _Reader,
    header: Sequence[object],
    layout: tuple[dict[int, str], dict[int, str]],
    rows: Iterable[tuple[int, Sequence[object]]],
    unescape: bool,
) -> None:
    """Each row into ``reader``; every problem collected, and raised once at the end."""
    keys, extra_columns = layout
    problems, source = reader.problems, reader.source
    width = len(header)
    for number, raw in rows:
        cells_list = [csv.unescape(c) if unescape and isinstance(c, str) else c for c in raw]
        if all(blank(c) for c in cells_list):
            continue
        if len(cells_list) > width:
            for index in range(width, len(cells_list)):
                if not blank(cells_list[index]):
                    fail(
                        problems,
                        Place(number, "", index),
                        "a value beyond the last column of the header; give the column a header",
                    )
                    break
        row_cells: dict[str, object] = {}
        places: dict[str, Place] = {}
        extras: dict[str, tuple[str, Place]] = {}
        # A short row's missing cells are blank (some writers drop trailing empty cells), and
        # each still has its place, for the problems of that column.
        cells_list = cells_list[:width] + [None] * (width - len(cells_list))
        for index, value in enumerate(cells_list):
            if index in keys:
                key = keys[index]
                row_cells[key] = value
                places[key] = Place(number, str(header[index]).strip(), index)
            elif index in extra_columns:
                if not blank(value):
                    name = extra_columns[index]
                    text = Row(number, {"x": value}, {}).text("x") or ""
                    extras[name] = (text, Place(number, name, index))
            elif not blank(value):
                fail(
                    problems,
                    Place(number, "", index),
                    "a value in a column with no header; give the column a header",
                )
        reader.row(Row(number, row_cells, places, source), extras)
    problems.raise_document_error(source)


def _layout(
    header: Sequence[object], problems: Problems, row_number: int
) -> tuple[dict[int, str], dict[int, str]]:
    """The key of each column (targets as ``target:N`` and ``due:N``) and the extra columns."""
    keys: dict[int, str] = {}
    extras: dict[int, str] = {}
    seen: dict[str, int] = {}
    for index, raw in enumerate(header):
        if blank(raw):
            continue
        name = str(raw).strip()
        matched = normal(name)
        key = BY_HEADER.get(matched)
        if key is None and (match := TARGET_RE.fullmatch(matched)):
            key = f"target:{match['n'] or 1}"
        if key is None and (match := DUE_RE.fullmatch(matched)):
            key = f"due:{match['n'] or 1}"
        label = key if key is not None else f"extra:{matched}"
        if label in seen:
            first = seen[label]
            fail(
                problems,
                Place(row_number, name, index),
                f"the same column as column {letter(first)} ({header[first]!s}); keep one",
            )
            continue
        seen[label] = index
        if key is None:
            extras[index] = name
        else:
            keys[index] = key
    missing = [HEADER_OF[k] for k in REQUIRED if k not in keys.values()]
    if missing:
        fail(
            problems,
            None,
            f"row {row_number} (the header) has no column {', '.join(map(repr, missing))}; a "
            f"logframe table needs at least 'level', 'result id' and 'result' (the columns it "
            f"reads: {', '.join(c.header for c in COLUMNS)})",
        )
    numbers = {int(k.split(":")[1]) for k in keys.values() if k.startswith(("target:", "due:"))}
    for n in sorted(numbers):
        if f"target:{n}" not in keys.values():
            index = next(i for i, k in keys.items() if k == f"due:{n}")
            fail(
                problems,
                Place(row_number, str(header[index]), index),
                f"a due date column with no 'target {n}' column; add it or remove this one",
            )
    return keys, extras


@attrs.define
class _ResultDraft:
    id: str
    rows: list[int]
    fields: dict[str, tuple[str, Place]]
    indicators: list[Indicator]
    indicator_rows: dict[str, Place]
    extensions: list[Extension]


class _Reader:
    def __init__(
        self,
        source: str,
        problems: Problems,
        levels: LevelScheme | None,
    ) -> None:
        self.source = source
        self.problems = problems
        self.levels = levels
        self.drafts: dict[str, _ResultDraft] = {}
        self.indicator_rows: dict[str, int] = {}
        self.current: _ResultDraft | None = None

    def fail(self, place: Place | None, message: str) -> None:
        fail(self.problems, place, message)

    # --- one row ---

    def row(self, row: Row, extras: Mapping[str, tuple[str, Place]]) -> None:
        result_id = row.word("result_id")
        place = row.place("result_id")
        if result_id is None:
            if self.current is None:
                self.fail(place, "no result id, and no result above to continue; give the id")
                return
            draft = self.current
        else:
            if not re.fullmatch(r"[^\s:]+", result_id):
                self.fail(place, f"{result_id!r} is not an id: write it without spaces or ':'")
                return
            draft = self.drafts.get(result_id) or self._new(result_id)
            self.current = draft
        draft.rows.append(row.number)
        for key in RESULT_KEYS:
            self._result_field(draft, row, key)
        if any(row.text(k) is not None for k in INDICATOR_KEYS) or any(
            row.text(k) is not None for k in row.cells if k.startswith(("target:", "due:"))
        ):
            self._indicator(draft, row, extras)
        elif extras:
            draft.extensions.extend(
                Extension(EXTENSION_FORMAT, header, text) for header, (text, _) in extras.items()
            )

    def _new(self, result_id: str) -> _ResultDraft:
        draft = _ResultDraft(result_id, [], {}, [], {}, [])
        self.drafts[result_id] = draft
        return draft

    def _result_field(self, draft: _ResultDraft, row: Row, key: str) -> None:
        if key not in row.places:
            return
        value = row.text(key) if key in ("statement", "result_description") else row.word(key)
        if value is None:
            return
        place = row.place(key)
        known = draft.fields.get(key)
        if known is None:
            draft.fields[key] = (value, place)
        elif _same(key, known[0], value):
            return
        else:
            self.fail(
                place,
                f"result {draft.id} is {known[0]!r} in this column on row {known[1].row}; "
                "the rows of one result must agree (leave the cell empty to repeat it)",
            )

    def _indicator(
        self, draft: _ResultDraft, row: Row, extras: Mapping[str, tuple[str, Place]]
    ) -> None:
        indicator_id = row.word("indicator_id")
        id_place = row.places.get("indicator_id") or row.place("result_id")
        if indicator_id is None:
            n = len(draft.indicators) + 1
            while (candidate := f"{draft.id}.{n}") in self.indicator_rows:
                n += 1
            indicator_id = candidate
        elif not re.fullmatch(r"[^\s:]+", indicator_id):
            self.fail(id_place, f"{indicator_id!r} is not an id: write it without spaces or ':'")
            return
        if indicator_id in self.indicator_rows:
            self.fail(
                id_place,
                f"indicator {indicator_id!r} is already on row {self.indicator_rows[indicator_id]}; "
                "give each indicator its own id",
            )
            return
        self.indicator_rows[indicator_id] = row.number
        name = row.text("indicator")
        if name is None:
            self.fail(
                row.places.get("indicator") or id_place,
                f"indicator {indicator_id} has no name; say what is measured in 'indicator'",
            )
            return
        indicator = cells.indicator(self.problems, row, indicator_id, name)
        if indicator is None:
            return
        extensions = tuple(
            Extension(EXTENSION_FORMAT, header, text) for header, (text, _) in extras.items()
        )
        if extensions:
            indicator = attrs.evolve(indicator, extensions=extensions)
        draft.indicators.append(indicator)
        draft.indicator_rows[indicator_id] = id_place

    def framework(
        self,
        *,
        id: str,
        title: str,
        start: date | None,
        end: date | None,
        description: str | None,
        units: tuple[CountingUnit, ...] = (),
        fiscal_year_end: str | None = None,
    ) -> Framework:
        results: list[Result] = []
        links: list[Link] = []
        levels_of: dict[str, str] = {}
        level_place: dict[str, Place] = {}
        parent_place: dict[str, Place] = {}
        for draft in self.drafts.values():
            level = draft.fields.get("level")
            statement = draft.fields.get("statement")
            first_row = draft.rows[0]
            if level is None:
                self.fail(
                    None,
                    f"row {first_row}: result {draft.id} has no level; say in 'level' whether it "
                    "is an impact, outcome, output …",
                )
                continue
            if statement is None:
                self.fail(
                    None,
                    f"row {first_row}: result {draft.id} has no statement; write it in 'result'",
                )
                continue
            name = level_name(level[0])
            if not _LEVEL_RE.fullmatch(name):
                self.fail(level[1], f"{level[0]!r} is not a level name; use words (outcome)")
                continue
            levels_of[draft.id] = name
            level_place[draft.id] = level[1]
            description_field = draft.fields.get("result_description")
            try:
                result = Result(
                    draft.id,
                    name,
                    statement[0],
                    description=None if description_field is None else description_field[0],
                    indicators=tuple(draft.indicators),
                    extensions=tuple(draft.extensions),
                )
            except ValueError as exc:
                self.fail(statement[1], plain(exc))
                continue
            results.append(result)
            parents = draft.fields.get("parents")
            if parents is not None:
                parent_place[draft.id] = parents[1]
                links.extend(self._links(draft.id, *parents))
        self.problems.raise_document_error(self.source)
        scheme = self.levels or infer_levels(levels_of, links)
        try:
            return Framework(
                id,
                title,
                tuple(results),
                links=tuple(links),
                levels=scheme,
                start=start,
                end=end,
                description=description,
                units=units,
                fiscal_year_end=fiscal_year_end,
            )
        except ValidationError as exc:
            places = self._places(level_place, parent_place)
            problems = [Problem(p.code, p.message, places(p) or p.where) for p in exc.problems]
            raise DocumentError(problems, source=self.source) from exc

    def _links(self, child: str, text: str, place: Place) -> list[Link]:
        links = []
        for part in re.split(r"[;\n]", text):
            if not part.strip():
                continue
            match = _PARENT_RE.fullmatch(part.strip())
            if match is None:  # pragma: no cover - the pattern matches every text without spaces
                self.fail(place, f"cannot read {part.strip()!r}; write 'O1' or 'O1 (weight 2)'")
                continue
            weight: float = 1
            if match["weight"] is not None:
                text_weight = match["weight"]
                if (
                    not NUMBER_RE.fullmatch(text_weight)
                    or not 0 < float(text_weight) <= cells.MAX_WEIGHT
                ):
                    self.fail(
                        place,
                        f"the weight of {match['id']!r} must be a positive number, got "
                        f"{text_weight!r}; write 'O1 (weight 2)', at most {cells.MAX_WEIGHT} "
                        "(2**53 - 1)",
                    )
                    continue
                weight = (
                    int(text_weight) if re.fullmatch(r"\+?\d+", text_weight) else float(text_weight)
                )
            try:
                links.append(Link(child, match["id"], weight))
            except ValueError as exc:
                self.fail(place, plain(exc))
        return links

    def _places(
        self, level_place: Mapping[str, Place], parent_place: Mapping[str, Place]
    ) -> Callable[[Problem], tuple[str, ...]]:
        link_codes = {"dangling-link", "self-link", "link-not-upward", "duplicate-link", "cycle"}

        def place(problem: Problem) -> tuple[str, ...]:
            for name in problem.where:
                if problem.code in link_codes and name in parent_place:
                    return parent_place[name].where()
                if problem.code == "unknown-level" and name in level_place:
                    return level_place[name].where()
                for draft in self.drafts.values():
                    if name in draft.indicator_rows:
                        return (*draft.indicator_rows[name].where(), f"indicator {name}")
                if name in level_place:
                    return (*level_place[name].where(), f"result {name}")
            return ()

        return place


def _same(key: str, a: str, b: str) -> bool:
    if key == "parents":
        return [p.strip() for p in re.split(r"[;\n]", a) if p.strip()] == [
            p.strip() for p in re.split(r"[;\n]", b) if p.strip()
        ]
    if key == "level":
        return level_name(a) == level_name(b)
    return a == b
