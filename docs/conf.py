"""Sphinx configuration for the resultsframe documentation.

Build with warnings as errors, as CI does::

    sphinx-build -W --keep-going -b html docs docs/_build/html

The build needs no network: there is no intersphinx mapping to fetch. Pages that show the
built-in example or the library's tables are generated from the code at build time by the
local extension in ``_ext/`` (see ``_ext/resultsframe_docs.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import resultsframe

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "resultsframe"
author = "resultsframe developers"
copyright = "resultsframe developers"  # the name Sphinx reads, shadowing the builtin
release = resultsframe.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_nb",  # MyST Markdown, and notebooks executed at every build
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinxcontrib.mermaid",  # Mermaid diagrams (diagram.to_mermaid) drawn on the pages
    "resultsframe_docs",
]

source_suffix = {".md": "myst-nb", ".rst": "restructuredtext"}
# Notebooks run at every build (CI too), and a cell that raises fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 300
root_doc = "index"
# _generated/ holds Markdown written by the local extension; pages include it, so it must not
# become pages of its own.
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]

# --- MyST -----------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# --- Mermaid ----------------------------------------------------------------------------------
# The build writes each diagram's text into the page and needs no network; the reader's browser
# draws it with mermaid.js, which sphinxcontrib-mermaid loads from the jsDelivr CDN (the package
# ships no copy of its own). Pinned, so that a new Mermaid cannot change the published diagrams.
mermaid_version = "11.12.1"

# --- autodoc and napoleon -------------------------------------------------------------------
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_attr_annotations = True

# --- resultsframe_docs (the local extension) -------------------------------------------------
# Pages whose Python sessions are run on every build; a session whose output changed fails it.
resultsframe_checked_pages = [
    "quickstart",
    "concepts",
    "progress",
    "observations",
    "tutorial",
    "display",
    "tables-and-charts",
    "reports",
    "variants",
    "real-frameworks",
    "pushdown",
    "partners",
    "portfolio",
    "progress-format",
]
# The modules of the API reference, after ``resultsframe`` itself, in the order shown.
resultsframe_api_modules = [
    "resultsframe.framework",
    "resultsframe.model",
    "resultsframe.values",
    "resultsframe.grammar",
    "resultsframe.units",
    "resultsframe.periods",
    "resultsframe.levels",
    "resultsframe.exceptions",
    "resultsframe.document",
    "resultsframe.examples",
    "resultsframe.methods",
    "resultsframe.observations",
    "resultsframe.progress",
    "resultsframe.display",
    "resultsframe.display.document",
    "resultsframe.diagram",
    "resultsframe.table",
    "resultsframe.table.progress",
    "resultsframe.frames",
    "resultsframe.reporting",
    "resultsframe.charts",
    "resultsframe.figures",
    "resultsframe.variants",
    "resultsframe.differences",
    "resultsframe.builder",
]

# --- HTML -----------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"resultsframe {release}"
html_static_path: list[str] = []
