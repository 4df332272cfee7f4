"""SQL sources: observations in a DuckDB database or a parquet file, from Python and the CLI.

The COP example's observations are written to a DuckDB file and a parquet file in ``tmp_path``;
every figure assessed from them (through the push-down in DuckDB) is compared with the figure
from the example's CSV file read whole: entry by entry in Python (``assert_same`` of
``tests/test_pushdown.py``), and as the very same output on the command line.
"""

from __future__ import annotations

import builtins
import json
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

import resultsframe as rf
from conftest import RunCli
from resultsframe import Framework, Observations
from test_pushdown import assert_same

CSV = Path(rf.examples.__file__).parent / "cop-observations.csv"
DATES = ["2014-12-31", "2018-06-30", "2020-12-31", "2023-12-31"]
# The monitoring system's own names for the observation columns, mapped back in SQL.
RENAMED = (
    "select code as indicator, reported as period, value, unit, numerator, denominator, "
    "source, note, reporter from facts"
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The COP observations as a DuckDB database (a table ``obs``), one with two tables
    (``obs`` and ``facts``, the latter with its own column names) and a parquet file."""
    where = tmp_path_factory.mktemp("sql")
    fw = rf.examples.load("cop")
    frame = pl.from_dicts(Observations.from_csv(CSV, fw).to_records(), infer_schema_length=None)
    paths = {
        "one": where / "monitoring.duckdb",
        "two": where / "two.duckdb",
        "empty": where / "empty.duckdb",
        "parquet": where / "cop.parquet",
    }
    frame.write_parquet(paths["parquet"])
    for name in ("one", "two"):
        with duckdb.connect(str(paths[name])) as con:
            con.register("cop", frame.to_arrow())
            con.execute("create table obs as select * from cop")
            if name == "two":
                con.execute(
                    "create table facts as select indicator as code, period as reported, "
                    "value, unit, numerator, denominator, source, note, reporter from cop"
                )
    duckdb.connect(str(paths["empty"])).close()
    # Damaged files: a database whose blocks are zeroed after its header, a parquet file cut
    # short (its footer gone).
    whole = paths["one"].read_bytes()
    paths["damaged"] = where / "damaged.duckdb"
    paths["damaged"].write_bytes(whole[:12] + bytes(len(whole) - 12))
    paths["cut"] = where / "cut.parquet"
    paths["cut"].write_bytes(paths["parquet"].read_bytes()[:100])
    return paths


@pytest.fixture(scope="module")
def cop() -> tuple[Framework, Observations]:
    fw = rf.examples.load("cop")
    return fw, Observations.from_csv(CSV, fw)


# --- Python: the recipes of docs/pushdown.md -------------------------------------------------


def test_a_duckdb_file_and_a_query_give_the_csv_figures(
    files: dict[str, Path], cop: tuple[Framework, Observations]
) -> None:
    fw, obs = cop
    # The one-line recipe: the database opened read only, the rows a query.
    with duckdb.connect(str(files["two"]), read_only=True) as con:
        full = rf.assess_over(fw, obs, DATES)
        for query in ("select * from obs", RENAMED):
            for a, b in zip(full, rf.assess_over(fw, con.sql(query), DATES), strict=True):
                assert_same(a, b)


def test_a_parquet_file_read_by_duckdb_gives_the_csv_figures(
    files: dict[str, Path], cop: tuple[Framework, Observations]
) -> None:
    fw, obs = cop
    relation = duckdb.read_parquet(str(files["parquet"]))
    for day in DATES:
        assert_same(rf.assess(fw, obs, day), rf.assess(fw, relation, day))


def test_the_postgresql_recipe_s_attach_and_query(
    files: dict[str, Path], cop: tuple[Framework, Observations]
) -> None:
    # The PostgreSQL recipe attaches the database and queries its schema; with no server here,
    # a DuckDB file is attached the same way (DuckDB's own type instead of postgres).
    fw, obs = cop
    con = duckdb.connect()
    con.execute(f"ATTACH '{files['two']}' AS pg (READ_ONLY)")
    query = con.sql(RENAMED.replace("from facts", "from pg.main.facts where code = 'T2.a'"))
    report = rf.assess(fw, query, "2020-12-31")
    only = Observations.from_records([r for r in obs.to_records() if r["indicator"] == "T2.a"], fw)
    assert_same(rf.assess(fw, only, "2020-12-31"), report)
    # 20.92 % in 2020, as on the whole data (README)
    value = report["T2.a"].value
    assert value is not None
    assert round(value, 2) == 20.92


# --- the command line --------------------------------------------------------------------


def _out(cli: RunCli, *args: str) -> str:
    code, out, err = cli(*args)
    assert (code, err) == (0, ""), err
    return out


@pytest.mark.parametrize(
    "data",
    [
        ("--data", "{parquet}"),
        ("--data", "{one}"),
        ("--data", "{one}", "--sql", "select * from obs"),
        ("--data", "{two}", "--sql", RENAMED),
        ("--data", "{parquet}", "--sql", "select * from data"),
    ],
    ids=["parquet", "database", "database-query", "renamed", "parquet-query"],
)
def test_progress_and_explain_give_the_csv_output(
    cli: RunCli, files: dict[str, Path], data: tuple[str, ...]
) -> None:
    given = [part.format(**{k: str(v) for k, v in files.items()}) for part in data]
    for command in (
        ["progress", "--as-of", "2014..2023", "--format", "csv"],
        ["progress", "--as-of", "2020", "--format", "json"],
        ["explain", "T1.a", "--as-of", "2016,2020"],
        ["explain", "impact", "--as-of", "2020"],
    ):
        expected = _out(cli, *command, "--data", str(CSV))
        assert _out(cli, *command, *given) == expected, command


def test_a_query_chooses_the_rows(cli: RunCli, files: dict[str, Path]) -> None:
    out = _out(
        cli,
        *("progress", "--as-of", "2020", "--format", "json"),
        *("--data", str(files["parquet"]), "--sql", "select * from data where indicator = 'T2.a'"),
    )
    rows = {row["id"]: row for row in json.loads(out)["reports"][0]["entries"]}
    # T2.a alone has data: 20.92 % in 2020 (README); T1.a has none from this query
    assert round(rows["T2.a"]["value"], 2) == 20.92
    assert rows["T1.a"]["value"] is None


def test_plot_reads_a_database(cli: RunCli, files: dict[str, Path], tmp_path: Path) -> None:
    chart = tmp_path / "progress.svg"
    _out(cli, "plot", "--data", str(files["one"]), "--as-of", "2020", "-o", str(chart))
    assert chart.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_a_diagram_reads_a_parquet_file_whole(cli: RunCli, files: dict[str, Path]) -> None:
    command = ["export", "cop", "--to", "mermaid", "--as-of", "2020"]
    expected = _out(cli, *command, "--data", str(CSV))
    assert _out(cli, *command, "--data", str(files["parquet"])) == expected


def _refused(cli: RunCli, *args: str) -> str:
    code, out, err = cli(*args)
    assert (code, out) == (2, ""), err
    assert "Traceback" not in err
    assert err.count("\n") == 1, err  # one line
    return err


@pytest.mark.parametrize(
    ("data", "said"),
    [
        # a database of several tables, without a query: the tables, and how to choose
        (("--data", "{two}"), ["2 tables (facts, obs)", '--sql "select * from facts"']),
        (("--data", "{empty}"), ["has no table"]),
        # a table the database does not have: DuckDB's words, the query, the tables it has
        (
            ("--data", "{two}", "--sql", "select * from observations"),
            [
                "two.duckdb (--sql 'select * from observations')",
                "Table with name observations does not exist",
                "the tables and views it can read: facts, obs",
            ],
        ),
        (
            ("--data", "{one}", "--sql", "select * form obs"),
            ["DuckDB refused the query: Parser Error", "'select * form obs'"],
        ),
        (
            ("--data", "{one}", "--sql", "select code from obs"),
            ["Binder Error", '"code"'],
        ),
        # the database is opened read only
        (("--data", "{one}", "--sql", "drop table obs"), ["read-only"]),
        # a query that fails as the rows are read
        (
            ("--data", "{one}", "--sql", "select *, cast(note as integer) as n from obs"),
            ["DuckDB could not read the rows: Conversion Error", "--sql 'select *, cast("],
        ),
        # a column the observations do not have: the reader's words, the file and query
        (
            ("--data", "{one}", "--sql", "select *, 1 as extra from obs"),
            ["monitoring.duckdb (--sql 'select *, 1 as extra from obs')", "unknown column"],
        ),
        # a bad row: the push-down refuses it as the whole reading does
        (
            (
                "--data",
                "{parquet}",
                "--sql",
                "select * replace (case when indicator = 'T1.a' and period = '2006' "
                "then 'NOPE' else indicator end as indicator) from data",
            ),
            ["cop.parquet (--sql", "[0].indicator: unknown indicator 'NOPE'"],
        ),
        (("--data", "{damaged}"), ["damaged.duckdb: DuckDB cannot read it as a DuckDB database"]),
        (("--data", "{cut}"), ["cut.parquet: DuckDB cannot read it as a parquet file"]),
        (("--sql", "select * from obs"), ["--sql reads the rows of --data"]),
        (("--data", str(CSV), "--sql", "select 1"), ["is a CSV file", "leave out --sql"]),
    ],
)
def test_a_source_that_cannot_be_read_is_refused_in_one_line(
    cli: RunCli, files: dict[str, Path], data: tuple[str, ...], said: list[str]
) -> None:
    given = [part.format(**{k: str(v) for k, v in files.items()}) for part in data]
    err = _refused(cli, "progress", "--as-of", "2020", *given)
    for words in said:
        assert words in err


def test_without_duckdb_the_extra_is_named(
    cli: RunCli, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = builtins.__import__

    def no_duckdb(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "duckdb":
            raise ImportError("No module named 'duckdb'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_duckdb)
    for kind, path in (("parquet file", "parquet"), ("DuckDB database", "one")):
        err = _refused(cli, "progress", "--data", str(files[path]))
        assert f"is a {kind}; reading it needs DuckDB: pip install 'resultsframe[duckdb]'" in err


def test_iati_export_asks_for_the_rows_of_a_database_as_a_file(
    cli: RunCli, files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "never-written.xml"
    err = _refused(cli, "iati", "export", "cop", "-o", str(out), "--data", str(files["one"]))
    assert "is a DuckDB database" in err
    assert not out.exists()
