"""The observations of ``--data`` for the commands that assess: progress, explain and plot.

A CSV or JSON file is read whole (:class:`~resultsframe.observations.Observations`). A parquet
file or a DuckDB database is opened with DuckDB (the ``duckdb`` extra) and assessed through the
push-down (:mod:`resultsframe.progress.pushdown`): the screen and the reduction run inside
DuckDB, and only the rows the assessment can use are read into Python. What a file is, is told
by its first bytes (:func:`~resultsframe.cli.arguments.data_kind`), not by its name.

``--sql QUERY`` gives the rows, with the columns named as an observation file names them::

    resultsframe progress --data monitoring.duckdb --sql "select code as indicator,
        period, value, unit, country as area from facts"

A database given without ``--sql`` must hold one table or view, which is read; a database is
opened read only. With a parquet file, the query reads the file as the view ``data``
(``--data obs.parquet --sql "select * from data where area is null"``).

A query DuckDB refuses (bad SQL, a table or column it does not have), or one that fails while
the rows are read, is a :class:`~resultsframe.exceptions.DocumentError` naming the file and the
query; a bad row is named as in any data frame
(:func:`~resultsframe.progress.pushdown.push_down`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resultsframe.cli.arguments import UsageError, data_kind, observations
from resultsframe.cli.meter import Step, is_terminal
from resultsframe.exceptions import DocumentError, Problem

if TYPE_CHECKING:
    from resultsframe.framework import Framework
    from resultsframe.observations import Observations
    from resultsframe.progress import ProgressReport
    from resultsframe.progress.pushdown import Frame

__all__ = ["assessed", "data"]

# The name a query gives a parquet file.
PARQUET_VIEW = "data"


def assessed(
    args: argparse.Namespace,
    fw: Framework,
    dates: Iterable[date],
    vintage: date | None = None,
) -> list[ProgressReport]:
    """``fw`` assessed at ``dates`` with the observations of ``--data`` (and ``--sql``).

    Raises:
        UsageError: a file that is not there, ``--sql`` without a database or parquet file,
            or DuckDB not installed (naming the extra).
        DocumentError: a bad row, or a query DuckDB refuses (naming the file and the query).
    """
    from resultsframe.observations import Observations
    from resultsframe.progress import assess_over

    days = list(dates)
    large = _large(args)
    # A parquet file or a database is not read here: it is opened, and read by the push-down.
    pushed = args.data is not None and data_kind(Path(args.data)) in ("parquet", "duckdb")
    with _step(args, "reading the observations", large, said=not pushed) as step:
        found = data(args, fw)
        if isinstance(found, Observations):
            step.done(len(found), "observation", "observations", "read")
    if found is None or isinstance(found, Observations):
        with _step(args, f"assessing at {len(days):,} dates", len(days) >= MANY_DATES) as step:
            reports = assess_over(fw, found, days, vintage=vintage)
            step.done(len(days), "date", "dates", "assessed")
        return reports
    import duckdb

    name = _name(args)
    try:
        with _step(args, "assessing in DuckDB (the push-down)", large) as step:
            reports = assess_over(fw, found, days, vintage=vintage)
            step.done(len(days), "date", "dates", "assessed")
        return reports
    except duckdb.Error as exc:
        raise _refused(name, "DuckDB could not read the rows", exc) from None
    except DocumentError as exc:
        if exc.source != "data frame":  # pragma: no cover - the push-down names its rows so
            raise
        raise DocumentError(exc.problems, source=name) from None


# On a terminal, what is read and assessed is said (cli/meter.py's Step) for a file this large
# or more, and for this many dates or more; with --progress, always.
LARGE_FILE = 16 * 1024 * 1024
MANY_DATES = 24


def _large(args: argparse.Namespace) -> bool:
    """Whether ``--data`` names a file of :data:`LARGE_FILE` bytes or more."""
    if args.data is None:
        return False
    try:
        return Path(args.data).stat().st_size >= LARGE_FILE
    except OSError:
        return False  # the reader says why it cannot be read


def _step(args: argparse.Namespace, doing: str, long: bool, said: bool = True) -> Step:
    """A step on stderr, shown with ``--progress``, or on a terminal when the work is ``long``.

    A step not ``said`` is never shown.
    """
    name = args.data if args.data is not None else args.source
    asked = bool(getattr(args, "progress", False)) or (long and is_terminal(sys.stderr))
    shown = said and asked
    return Step(name, doing, sys.stderr, shown=shown)


def data(args: argparse.Namespace, fw: Framework) -> Observations | Frame | None:
    """The observations of ``--data``: read whole, or a DuckDB relation to be pushed down.

    None when there are none (a JSON document without ``--data``); a built-in example's own
    when it is the source and ``--data`` is not given.
    """
    query: str | None = getattr(args, "sql", None)
    if args.data is None:
        if query is not None:
            raise UsageError(
                "--sql reads the rows of --data, a DuckDB database or a parquet file; "
                "give one with --data FILE"
            )
        return observations(args, fw)
    path = Path(args.data)
    if not path.is_file():
        raise UsageError(f"--data: {args.data!r} is not a file")
    kind = data_kind(path)
    if kind not in ("parquet", "duckdb"):
        if query is not None:
            raise UsageError(
                f"--sql reads a DuckDB database or a parquet file; {args.data!r} is a "
                f"{kind.upper()} file, read as it is (leave out --sql)"
            )
        return observations(args, fw)
    duckdb = _duckdb(args.data, kind)
    name = _name(args)
    try:
        if kind == "parquet":
            con = _connected(duckdb, ":memory:", read_only=False)
            relation = con.read_parquet(str(path))
            if query is None:
                return relation
            relation.create_view(PARQUET_VIEW)
        else:
            con = _connected(duckdb, str(path), read_only=True)
            if query is None:
                return con.table(_only_table(con, args.data))
    except duckdb.Error as exc:
        raise _refused(str(path), f"DuckDB cannot read it as a {_WHAT[kind]}", exc) from None
    return _query(con, query, name, duckdb)


def _connected(duckdb: Any, database: str, read_only: bool) -> Any:
    con = duckdb.connect(database, read_only=read_only)
    # A query names tables of the database, never Python variables that happen to be in scope
    # (DuckDB's "replacement scans" would read a frame named like a missing table).
    con.execute("SET python_enable_replacements = false")
    return con


_WHAT = {"parquet": "parquet file", "duckdb": "DuckDB database"}


def _duckdb(shown: str, kind: str) -> Any:
    try:
        import duckdb
    except ImportError:
        raise UsageError(
            f"--data: {shown!r} is a {_WHAT[kind]}; reading it needs DuckDB: "
            "pip install 'resultsframe[duckdb]'"
        ) from None
    return duckdb


def _name(args: argparse.Namespace) -> str:
    """The file, and the query when there is one: where a problem with the rows is."""
    query = getattr(args, "sql", None)
    return args.data if query is None else f"{args.data} (--sql {query!r})"


def _tables(con: Any) -> list[str]:
    rows = con.sql(
        "select table_name from information_schema.tables "
        "where table_schema = 'main' order by table_name"
    ).fetchall()
    return [str(row[0]) for row in rows]


def _only_table(con: Any, shown: str) -> str:
    """The one table (or view) of a database given without a query."""
    tables = _tables(con)
    if len(tables) == 1:
        return tables[0]
    if not tables:
        raise UsageError(f"--data: the DuckDB database {shown!r} has no table")
    raise UsageError(
        f"--data: the DuckDB database {shown!r} has {len(tables)} tables "
        f"({', '.join(tables)}); choose the rows with --sql, for example "
        f'--sql "select * from {tables[0]}"'
    )


def _query(con: Any, query: str, name: str, duckdb: Any) -> Frame:
    try:
        relation = con.sql(query)
    except duckdb.Error as exc:
        known = _tables(con)
        hint = f"; the tables and views it can read: {', '.join(known)}" if known else ""
        raise _refused(name, "DuckDB refused the query", exc, hint) from None
    if relation is None:
        raise DocumentError(
            (Problem("query", "the query gives no rows; give a SELECT of the observations"),),
            source=name,
        )
    return relation


def _refused(source: str, what: str, exc: Exception, hint: str = "") -> DocumentError:
    """DuckDB's own first line (the error's kind and what it found), between ours."""
    reason = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    return DocumentError((Problem("query", f"{what}: {reason}{hint}"),), source=source)
