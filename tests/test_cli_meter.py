"""The activity count on stderr (cli/meter.py): when it shows, how often, and how it ends."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest

from resultsframe.cli.meter import ActivityMeter, is_terminal


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def clock(*ticks: float) -> Callable[[], float]:
    times: Iterator[float] = iter(ticks)
    return lambda: next(times)


def test_on_a_terminal_one_line_is_rewritten_in_place_and_ended_with_the_total() -> None:
    err = Terminal()
    # made at 0; activities at 0.2 (too soon), 0.5 (shown), 0.9 (too soon), 1.0 (shown)
    with ActivityMeter("f.xml", err, shown=True, clock=clock(0, 0.2, 0.5, 0.9, 1.0)) as meter:
        for n in range(1, 5):
            meter(n)
    assert err.getvalue() == (
        "\r\x1b[Kf.xml: 2 activities read…"
        "\r\x1b[Kf.xml: 4 activities read…"
        "\r\x1b[Kf.xml: 4 activities read\n"
    )


def test_elsewhere_a_line_at_a_time() -> None:
    err = io.StringIO()
    with ActivityMeter("f.xml", err, shown=True, clock=clock(0, 0.6, 0.7)) as meter:
        meter(1)
        meter(2)
    assert err.getvalue() == "f.xml: 1 activity read…\nf.xml: 2 activities read\n"


def test_nothing_when_not_shown() -> None:
    err = Terminal()
    with ActivityMeter("f.xml", err, shown=False, clock=clock(0, 1, 2)) as meter:
        meter(1)
    assert err.getvalue() == ""
    assert meter.read == 1


def test_a_failure_ends_the_terminal_line_and_shows_no_total() -> None:
    err = Terminal()

    def fail() -> None:
        with ActivityMeter("f.xml", err, shown=True, clock=clock(0, 1)) as meter:
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
