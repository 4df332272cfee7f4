"""The browser test group: the shared HTML report opened in headless chromium.

Not collected by the default run (``testpaths`` is ``tests``): it needs a browser, which the
README's test command does not. CI runs it after that command, in the same environment, with
Debian's chromium installed (``.ci/run``)::

    python -m pytest tests_browser -n 0

The browser is ``$RESULTSFRAME_CHROMIUM``, or ``chromium``, ``chromium-browser`` or
``google-chrome`` on the PATH; without one every test fails saying how to get one (tests here
are never skipped). Chromium is driven by ``docs/_ext/headless_chromium.py``, which the docs
build uses too: its command-line switches, and the DevTools protocol on a pipe.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The shared driver (standard library only).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

from headless_chromium import find


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here is of the ``browser`` group."""
    for item in items:
        item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> str:
    """The chromium to run, or a failure saying how to install one."""
    found = find()
    if found is None:
        pytest.fail(
            "the browser tests need chromium: apt-get install chromium (Debian), or set "
            "RESULTSFRAME_CHROMIUM to a Chromium or Chrome"
        )
    return found
