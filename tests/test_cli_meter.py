"""The count on stderr (cli/meter.py): when it shows, how often, and how it ends; and a step."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import RunCli
from resultsframe.cli.meter import Meter, Step, is_terminal


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def clock(*ticks: float) -> Callable[[], float]:
    times: Iterator[float] = iter(ticks)
    return lambda: next(times)


def test_on_a_terminal_one_line_is_rewritten_in_place_and_ended_with_the_total() -> None:
    err = Terminal()
    # made at 0; activities at 0.2 (too soon), 0.5 (shown), 0.9 (too soon), 1.0 (shown)
    with Meter("f.xml", err, shown=True, clock=clock(0, 0.2, 0.5, 0.9, 1.0)) as meter:
        for n in range(1, 5):
            meter(n)
    assert err.getvalue() == (
        "\r\x1b[Kf.xml: 2 activities read…"
        "\r\x1b[Kf.xml: 4 activities read…"
        "\r\x1b[Kf.xml: 4 activities read\n"
    )


def test_elsewhere_a_line_at_a_time() -> None:
    err = io.StringIO()
    with Meter("f.xml", err, shown=True, clock=clock(0, 0.6, 0.7)) as meter:
        meter(1)
        meter(2)
    assert err.getvalue() == "f.xml: 1 activity read…\nf.xml: 2 activities read\n"


def test_nothing_when_not_shown() -> None:
    err = Terminal()
    with Meter("f.xml", err, shown=False, clock=clock(0, 1, 2)) as meter:
        meter(1)
    assert err.getvalue() == ""
    assert meter.read == 1


def test_a_failure_ends_the_terminal_line_and_shows_no_total() -> None:
    err = Terminal()

    def fail() -> None:
        with Meter("f.xml", err, shown=True, clock=clock(0, 1)) as meter:
            meter(7)
            raise KeyError

    with pytest.raises(KeyError):
        fail()
    assert err.getvalue() == "\r\x1b[Kf.xml: 7 activities read…\n"


def test_is_terminal() -> None:
    assert is_terminal(Terminal())
    assert not is_terminal(io.StringIO())
    closed = io.StringIO()
    closed.close()
    assert not is_terminal(closed)


# --- a step: said when it starts, counted when it ends -------------------------------------


def test_a_step_on_a_terminal_is_one_line_replaced_by_what_it_did() -> None:
    err = Terminal()
    with Step("obs.csv", "reading the observations", err, shown=True, clock=clock(10, 13.46)) as s:
        s.done(2, "observation", "observations", "read")
    assert err.getvalue() == (
        "\r\x1b[Kobs.csv: reading the observations…\r\x1b[Kobs.csv: 2 observations read in 3.5 s\n"
    )


def test_a_step_that_fails_ends_the_terminal_line_and_says_nothing_more() -> None:
    err = Terminal()

    def fail() -> None:
        with Step("obs.csv", "reading the observations", err, shown=True, clock=clock(0, 1)):
            raise KeyError

    with pytest.raises(KeyError):
        fail()
    assert err.getvalue() == "\r\x1b[Kobs.csv: reading the observations…\n"


def test_a_step_not_counted_says_it_is_done() -> None:
    err = io.StringIO()
    with Step("cop", "assessing at 40 dates", err, shown=True, clock=clock(0, 0.25)):
        pass
    assert (
        err.getvalue() == "cop: assessing at 40 dates…\ncop: assessing at 40 dates: done in 0.2 s\n"
    )


def test_a_step_not_shown_writes_nothing() -> None:
    err = Terminal()
    with Step("obs.csv", "reading", err, shown=False) as step:
        step.done(1, "row", "rows", "read")
    assert err.getvalue() == ""


DATA = Path(__file__).parent / "data" / "observations"


def test_progress_with_progress_says_what_it_read_and_assessed(cli: RunCli) -> None:
    # cop-t2a-only.csv: two rows, T2.a for 2014 and 2018; three dates
    data = str(DATA / "cop-t2a-only.csv")
    done = cli("progress", "--data", data, "--as-of", "2016,2018,2020", "--progress")
    quiet = cli("progress", "--data", data, "--as-of", "2016,2018,2020")
    assert done.returncode == quiet.returncode == 0
    assert done.stdout == quiet.stdout  # the output is the same; only stderr says more
    assert quiet.stderr == ""
    lines = done.stderr.splitlines()
    assert lines[0] == f"{data}: reading the observations…"
    assert lines[1].startswith(f"{data}: 2 observations read in ")
    assert lines[2] == f"{data}: assessing at 3 dates…"
    assert lines[3].startswith(f"{data}: 3 dates assessed in ")
    assert lines[3].endswith(" s")
    assert len(lines) == 4


def test_the_example_counts_its_own_observations(cli: RunCli) -> None:
    from resultsframe import examples

    done = cli("explain", "T2.a", "--as-of", "2020", "--progress")
    assert done.returncode == 0
    rows = len(examples.observations("cop"))
    assert f"cop: {rows:,} observations read in " in done.stderr


def test_the_push_down_says_it_assesses_in_duckdb(cli: RunCli, tmp_path: Path) -> None:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    # the two rows of cop-t2a-only.csv as a parquet file: opened, not read, by the push-down
    rows = pa.table(
        {
            "indicator": ["T2.a", "T2.a"],
            "period": ["2014", "2018"],
            "numerator": [45.0, 41.0],
            "denominator": [196.0, 196.0],
            "unit": ["country", "country"],
        }
    )
    path = tmp_path / "t2a.parquet"
    pq.write_table(rows, path)
    done = cli("progress", "--data", str(path), "--as-of", "2016,2020", "--progress")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == f"{path}: assessing in DuckDB (the push-down)…"
    assert lines[1].startswith(f"{path}: 2 dates assessed in ")
    assert len(lines) == 2
