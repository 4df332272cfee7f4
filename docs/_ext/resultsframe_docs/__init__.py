"""resultsframe's own Sphinx extension: pages written from the code, and checked sessions.

- On ``builder-inited`` it writes Markdown into ``docs/_generated/`` (ignored by git and by
  Sphinx's page discovery): the built-in Child Online Protection framework
  (:mod:`resultsframe_docs.cop`), the tables of the concepts page
  (:mod:`resultsframe_docs.reference`) and the command-line reference, from the command's
  parser (:mod:`resultsframe_docs.cli_reference`). Pages include those files, so no figure, id or
  statement on them is copied by hand. A file is only rewritten when its text changes, so an
  unchanged library does not rebuild pages.
- :mod:`resultsframe_docs.tables_and_charts` draws the charts of the tables-and-charts page by
  running the code the page shows, into ``_generated/charts/``.
- :mod:`resultsframe_docs.checked_examples` runs the Python sessions shown on the pages.
- :mod:`resultsframe_docs.browser` renders the HTML display in headless chromium, checks what
  the browser built, and takes the display page's screenshot.
- :mod:`resultsframe_docs.reports` writes the Reports page's samples with ``resultsframe
  report`` and takes their screenshot.
- :mod:`resultsframe_docs.autodoc_attrs` makes autodoc show attrs classes as they are, and
  :mod:`resultsframe_docs.aliases` lets references find re-exported names by their home.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

import resultsframe
from resultsframe import examples
from resultsframe_docs import (
    aliases,
    api,
    autodoc_attrs,
    browser,
    checked_examples,
    cli_reference,
    cop,
    portfolio,
    reference,
    reports,
    tables_and_charts,
)

__all__ = ["GENERATED", "setup"]

logger = logging.getLogger(__name__)

#: Where the generated Markdown goes, relative to the documentation's source folder.
GENERATED = "_generated"

_HEADER = (
    "<!-- Written by docs/_ext/resultsframe_docs at build time from resultsframe {version}. "
    "Do not edit: change the library or the extension. -->\n\n"
)


def _error_tree() -> str:
    tree, disagreements = reference.error_tree()
    for problem in disagreements:
        logger.warning(
            "the error tree in the docstring of resultsframe.exceptions is out of date: %s",
            problem,
        )
    return tree


_PAGES: dict[str, Callable[[Sphinx], str]] = {
    "api.md": lambda app: api.render(list(app.config.resultsframe_api_modules)),
    "cop-framework.md": lambda _app: cop.render(examples.load("cop")),
    "cli-reference.md": lambda _app: cli_reference.render(),
    "portfolio-cop.md": lambda _app: portfolio.render(),
    "level-schemes.md": lambda _app: reference.level_schemes(),
    "counting-units.md": lambda _app: reference.counting_units(),
    "measures.md": lambda _app: reference.measures(),
    "parsed-texts.md": lambda _app: reference.parsed_texts(),
    "error-tree.md": lambda _app: _error_tree(),
    # the tables-and-charts page: the matrix's columns, COP rows, and charts drawn from its code
    "table-columns.md": lambda _app: tables_and_charts.columns(),
    "table-cop-rows.md": lambda _app: tables_and_charts.cop_rows(),
    **{
        f"chart-{name}.md": lambda app, name=name: tables_and_charts.chart(
            name, Path(app.srcdir) / GENERATED
        )
        for name in tables_and_charts.SNIPPETS
    },
}


def _write_if_changed(path: Path, content: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return
    path.write_text(content, encoding="utf-8")


def generate(app: Sphinx) -> None:
    """``builder-inited``: write every generated file."""
    folder = Path(app.srcdir) / GENERATED
    folder.mkdir(exist_ok=True)
    header = _HEADER.format(version=resultsframe.__version__)
    for name, render in _PAGES.items():
        _write_if_changed(folder / name, header + render(app).rstrip("\n") + "\n")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    app.add_config_value("resultsframe_api_modules", [], "env", types=[list])
    app.connect("builder-inited", generate)
    aliases.setup(app)
    autodoc_attrs.setup(app)
    checked_examples.setup(app)
    browser.setup(app)
    reports.setup(app)
    return {
        "version": resultsframe.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
