"""Headless chromium, driven from Python with the standard library only.

Shared by the docs build (``resultsframe_docs.browser``: the display page's screenshot) and the
browser test group (``tests_browser/``: the shared HTML report), so neither has a copy. It
needs no Sphinx and no package beyond the standard library:

- :func:`find` names the browser: ``$RESULTSFRAME_CHROMIUM``, or ``chromium`` (Debian's
  package), ``chromium-browser`` or ``google-chrome`` on the PATH;
- :func:`run` runs it once with its command-line switches (``--dump-dom``, ``--screenshot``,
  ``--print-to-pdf``) and returns what it printed;
- :class:`DevTools` starts it with the DevTools protocol on a pipe (``--remote-debugging-pipe``:
  file descriptors 3 and 4, no port, no websocket), to open a page in a tab, set the viewport
  or the print media, evaluate an expression in the page, and read the events it sent (each
  request, console message and error).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

__all__ = ["FLAGS", "BrowserError", "DevTools", "find", "run"]

#: The switches every run gets: headless, nothing in the background that would reach out.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
_TIMEOUT = 180.0  # seconds: two cores shared by several sessions make a browser slow


class BrowserError(Exception):
    """The browser failed, or did not answer in time; the message says which."""


def find() -> str | None:
    """The browser to run, or None when there is none."""
    named = os.environ.get("RESULTSFRAME_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def run(browser: str, profile: Path, *args: str) -> str:
    """Run the browser once with ``args`` and a profile of its own; what it printed."""
    done = subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise BrowserError(
            f"{Path(browser).name} exited with {done.returncode}: {done.stderr.strip()[-2000:]}"
        )
    return done.stdout


class DevTools:
    """A browser driven over the DevTools protocol on a pipe, with one tab.

    ``args`` are more command-line switches for the browser.

    Use it as a context manager; :attr:`events` holds every event the tab sent
    (``{"method": "Network.requestWillBeSent", "params": {…}}`` …), in order.
    """

    def __init__(self, browser: str, profile: Path, *args: str) -> None:
        # The browser reads commands on its fd 3 and writes answers on its fd 4. The pipes'
        # own descriptors are moved above 10 first, so that placing them on 3 and 4 in the
        # child cannot overwrite one another.
        to_browser = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in os.pipe()]
        from_browser = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in os.pipe()]
        child_in, child_out = to_browser[0], from_browser[1]

        def place() -> None:  # in the child, before exec
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self._process = subprocess.Popen(
            [browser, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=place,  # noqa: PLW1509 - the test process starts no threads before this
        )
        os.close(child_in)
        os.close(child_out)
        self._write, self._read = to_browser[1], from_browser[0]
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        self._session: str | None = None
        target = self.send("Target.createTarget", url="about:blank", browser=True)["targetId"]
        attached = self.send("Target.attachToTarget", targetId=target, flatten=True, browser=True)
        self._session = attached["sessionId"]

    def __enter__(self) -> DevTools:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """End the browser."""
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close", browser=True)
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        for fd in (self._write, self._read):
            with contextlib.suppress(OSError):
                os.close(fd)

    def send(self, method: str, *, browser: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command (to the tab, unless ``browser``) and return its result."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if not browser and self._session is not None:
            message["sessionId"] = self._session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            if "method" in answer:
                self.events.append(answer)

    def wait_for(self, method: str, after: int = 0) -> dict[str, Any]:
        """The parameters of the first event named ``method`` from ``events[after]`` on.

        Reads events from the browser until one comes.
        """
        for event in self.events[after:]:
            if event["method"] == method:
                return dict(event.get("params", {}))
        while True:
            answer = self._receive()
            if "method" in answer:
                self.events.append(answer)
                if answer["method"] == method:
                    return dict(answer.get("params", {}))

    def open(self, url: str) -> None:
        """Open ``url`` in the tab and wait until it has loaded."""
        mark = len(self.events)
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired", after=mark)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-like values only)."""
        answer = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in answer:
            raise BrowserError(f"the expression failed: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + _TIMEOUT
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._read], [], [], max(left, 0))
            if not ready:
                raise BrowserError(f"the browser did not answer in {_TIMEOUT:.0f} s")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise BrowserError("the browser closed its DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        answer: dict[str, Any] = json.loads(message)
        return answer
