"""Run the Python sessions shown on the pages, and warn when one no longer gives its output.

A page lists sessions as ``pycon`` code blocks (`` ```{code-block} pycon ``). Each block is run
as a doctest when the page is read, in one namespace per page, so a later block continues the
session of an earlier one. A block whose output differs from what the code gives now is a
warning, which fails the build under ``-W``: the pages can only show what the library does.

Pages to check are listed in the configuration value ``resultsframe_checked_pages``; they are
read again on every build, because what they show depends on the library, not on their text.
"""

from __future__ import annotations

import doctest
import re
from collections.abc import Set

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

__all__ = ["setup"]

logger = logging.getLogger(__name__)

_BLOCK = re.compile(
    r"^(?P<fence>`{3,})\{code-block\} pycon[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$",
    re.MULTILINE | re.DOTALL,
)
_FLAGS = doctest.ELLIPSIS


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: run every pycon block of a checked page."""
    if docname not in app.config.resultsframe_checked_pages:
        return
    page = source[0]
    namespace: dict[str, object] = {"__name__": f"docs.{docname}"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    for match in _BLOCK.finditer(page):
        first_line = page.count("\n", 0, match.start("body"))
        test = parser.get_doctest(
            match["body"], namespace, docname, str(app.env.doc2path(docname)), first_line
        )
        report: list[str] = []
        result = runner.run(test, out=report.append, clear_globs=False)
        namespace = test.globs
        if result.failed:
            logger.warning(
                "a Python session on this page no longer gives the output it shows; run it and "
                "paste what it prints now:\n%s",
                "".join(report).rstrip(),
                location=(docname, first_line + 1),
            )


def always_outdated(
    app: Sphinx,
    _env: BuildEnvironment,
    _added: Set[str],
    _changed: Set[str],
    _removed: Set[str],
) -> list[str]:
    """``env-get-outdated``: checked pages are read, and so checked, on every build."""
    return [name for name in app.config.resultsframe_checked_pages if name in app.env.found_docs]


def setup(app: Sphinx) -> None:
    """Register the configuration value and connect the handlers."""
    app.add_config_value("resultsframe_checked_pages", [], "env", types=[list])
    app.connect("source-read", check_page)
    app.connect("env-get-outdated", always_outdated)
