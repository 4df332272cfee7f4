"""A count of the activities read so far, on stderr, while a long IATI file is imported or checked.

Shown when stderr is a terminal, or when asked for with ``--progress`` (for a log): on a
terminal one line rewritten in place, elsewhere a line at a time; at most every half second, so
that a large file is not slowed down by its own progress, and the total once the file is read.

>>> import io
>>> ticks = iter([0.0, 0.1, 0.6, 0.7])
>>> err = io.StringIO()
>>> with ActivityMeter("big.xml", err, shown=True, clock=lambda: next(ticks)) as meter:
...     for n in (1, 2_000, 41_000):
...         meter(n)
>>> print(err.getvalue(), end="")
big.xml: 2,000 activities read…
big.xml: 41,000 activities read
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

__all__ = ["ActivityMeter", "is_terminal"]

#: Seconds between two updates of the count.
INTERVAL = 0.5


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal (a stream without ``isatty`` is not)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class ActivityMeter:
    """Counts activities on ``stream``: call it with the number read so far, after each one.

    Args:
        name: The file's name, which starts each line.
        stream: Where the count goes (stderr).
        shown: Whether to show anything at all.
        clock: Seconds, for the interval between updates (``time.monotonic``).
    """

    def __init__(
        self,
        name: str,
        stream: TextIO,
        *,
        shown: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.stream = stream
        self.shown = shown
        self.clock = clock
        self.terminal = is_terminal(stream)
        self.read = 0
        self._last = clock() if shown else 0.0
        self._open_line = False  # a terminal line written without its end

    def __call__(self, read: int) -> None:
        """Note that ``read`` activities have been read; show the count if it is time."""
        self.read = read
        if not self.shown:
            return
        now = self.clock()
        if now - self._last >= INTERVAL:
            self._last = now
            self._write(f"{self._text()}…", final=False)

    def _text(self) -> str:
        noun = "activity" if self.read == 1 else "activities"
        return f"{self.name}: {self.read:,} {noun} read"

    def _write(self, text: str, *, final: bool) -> None:
        if self.terminal:
            # \r back to the line's start, \x1b[K clears what a longer count left
            self.stream.write(f"\r\x1b[K{text}{chr(10) if final else ''}")
            self._open_line = not final
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def __enter__(self) -> ActivityMeter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """The total once all is read; after a failure, only the end of a terminal's line."""
        if not self.shown:
            return
        if kind is None:
            self._write(self._text(), final=True)
        elif self._open_line:
            self.stream.write("\n")
            self.stream.flush()
