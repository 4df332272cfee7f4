"""How long work shows itself on stderr: a count as it goes, or a step said and then counted.

Shown when stderr is a terminal, or when asked for with ``--progress`` (for a log): on a
terminal one line rewritten in place, elsewhere a line at a time. Two kinds of work:

- :class:`Meter` counts what is done while it is done (the activities of a large IATI file as
  it is imported or checked), at most every half second so that the work is not slowed by its
  own count, and the total at the end;
- :class:`Step` is a step that cannot be counted from outside while it runs (reading a large
  observation file, the push-down in DuckDB, assessing at many dates): it is said when it
  starts, and replaced by what it did and how long it took when it ends.

>>> import io
>>> ticks = iter([0.0, 0.1, 0.6, 0.7])
>>> err = io.StringIO()
>>> with Meter("big.xml", err, shown=True, clock=lambda: next(ticks)) as meter:
...     for n in (1, 2_000, 41_000):
...         meter(n)
>>> print(err.getvalue(), end="")
big.xml: 2,000 activities read…
big.xml: 41,000 activities read

>>> ticks = iter([0.0, 4.25])
>>> err = io.StringIO()
>>> with Step("obs.csv", "reading the observations", err, shown=True,
...           clock=lambda: next(ticks)) as step:
...     step.done(1_000_000, "observation", "observations", "read")
>>> print(err.getvalue(), end="")
obs.csv: reading the observations…
obs.csv: 1,000,000 observations read in 4.2 s
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

__all__ = ["Meter", "Step", "is_terminal"]

#: Seconds between two updates of the count.
INTERVAL = 0.5


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal (a stream without ``isatty`` is not)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class _Line:
    """One line of stderr: rewritten in place on a terminal, else a line at a time."""

    def __init__(self, stream: TextIO, shown: bool) -> None:
        self.stream = stream
        self.shown = shown
        self.terminal = is_terminal(stream)
        self._open_line = False  # a terminal line written without its end

    def write(self, text: str, *, final: bool) -> None:
        if not self.shown:
            return
        if self.terminal:
            # \r back to the line's start, \x1b[K clears what a longer text left
            self.stream.write(f"\r\x1b[K{text}{chr(10) if final else ''}")
            self._open_line = not final
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def end(self) -> None:
        """After a failure: only the end of a terminal's line, so the message starts on its own."""
        if self.shown and self._open_line:
            self.stream.write("\n")
            self.stream.flush()
            self._open_line = False


class Meter:
    """Counts things done on ``stream``: call it with the number done so far, after each one.

    Args:
        name: What is worked on (a file's name), which starts each line.
        stream: Where the count goes (stderr).
        shown: Whether to show anything at all.
        clock: Seconds, for the interval between updates (``time.monotonic``).
        noun: What is counted, singular and plural (``activity``, ``activities``).
        verb: What is done to them (``read``).
    """

    def __init__(
        self,
        name: str,
        stream: TextIO,
        *,
        shown: bool,
        clock: Callable[[], float] = time.monotonic,
        noun: tuple[str, str] = ("activity", "activities"),
        verb: str = "read",
    ) -> None:
        self.name = name
        self.shown = shown
        self.clock = clock
        self.noun = noun
        self.verb = verb
        self.read = 0
        self._line = _Line(stream, shown)
        self._last = clock() if shown else 0.0

    def __call__(self, read: int) -> None:
        """Note that ``read`` things have been done; show the count if it is time."""
        self.read = read
        if not self.shown:
            return
        now = self.clock()
        if now - self._last >= INTERVAL:
            self._last = now
            self._line.write(f"{self._text()}…", final=False)

    def _text(self) -> str:
        noun = self.noun[0] if self.read == 1 else self.noun[1]
        return f"{self.name}: {self.read:,} {noun} {self.verb}"

    def __enter__(self) -> Meter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """The total once all is done; after a failure, only the end of a terminal's line."""
        if kind is None:
            self._line.write(self._text(), final=True)
        else:
            self._line.end()


class Step:
    """A step said when it starts (``obs.csv: reading the observations…``) and counted when done.

    Call :meth:`done` with what it did before the step ends; the last line says it, with the
    seconds it took (``obs.csv: 1,000,000 observations read in 4.2 s``).

    Args:
        name: What is worked on (a file's name), which starts each line.
        doing: What the step does, said while it runs.
        stream: Where it is said (stderr).
        shown: Whether to show anything at all.
        clock: Seconds, for the time it took (``time.monotonic``).
    """

    def __init__(
        self,
        name: str,
        doing: str,
        stream: TextIO,
        *,
        shown: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.doing = doing
        self.shown = shown
        self.clock = clock
        self._line = _Line(stream, shown)
        self._done = f"{doing}: done"
        self._started = 0.0

    def done(self, count: int, singular: str, plural: str, verb: str) -> None:
        """Say what the step did: ``count`` things (``singular``/``plural``) ``verb``."""
        self._done = f"{count:,} {singular if count == 1 else plural} {verb}"

    def __enter__(self) -> Step:
        if self.shown:
            self._started = self.clock()
            self._line.write(f"{self.name}: {self.doing}…", final=False)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """What was done and in how long; after a failure, only the end of a terminal's line."""
        if not self.shown:
            return
        if kind is None:
            seconds = self.clock() - self._started
            self._line.write(f"{self.name}: {self._done} in {seconds:.1f} s", final=True)
        else:
            self._line.end()
