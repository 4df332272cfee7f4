"""Tables for the concepts page, written from the library's own data at build time.

Each function returns Markdown. None of them holds a figure of its own: the level schemes come
from :data:`resultsframe.levels.SCHEMES`, the counting units from
:data:`resultsframe.units.COUNTING_UNITS`, the reading of texts from running
:func:`resultsframe.values.parse_value`, and the error tree from the docstring of
:mod:`resultsframe.exceptions`, checked against the classes themselves.
"""

from __future__ import annotations

import builtins
import inspect
import re
import textwrap
from collections.abc import Callable
from functools import partial

from sphinx.pycode import ModuleAnalyzer

import resultsframe.exceptions
from resultsframe import ResultsframeError
from resultsframe.levels import SCHEMES
from resultsframe.model import Measure
from resultsframe.units import COUNTING_UNITS
from resultsframe.values import parse_value
from resultsframe_docs.markdown import code, rst_inline, table, text

__all__ = [
    "PARSED_TEXTS",
    "counting_units",
    "error_tree",
    "level_schemes",
    "measures",
    "parsed_texts",
]

#: What the parsing table shows: a text, and the unit it is read in (None: no unit expected).
PARSED_TEXTS: tuple[tuple[str, str | None], ...] = (
    ("60 %", None),
    ("60%", None),
    ("60 percent", None),
    ("0.6", "percent"),
    ("60", "percent"),
    ("0.6", None),
    ("12 cases", None),
    ("12", "case"),
    ("12 cases", "percent"),
    ("1,234", "case"),
    ("1234", "case"),
    ("60 %", "country"),
    ("XX%", None),
    ("X%", "percent"),
    ("%", None),
    ("TBD", "percent"),
    ("tbc", None),
    ("…", "case"),
    ("?", None),
    ("about 60", "percent"),
)


def level_schemes() -> str:
    """The built-in level schemes, top level first."""
    rows = [
        (
            code(name),
            " > ".join(text(scheme.label(level)) for level in scheme.levels),
            ", ".join(code(level) for level in scheme.levels),
        )
        for name, scheme in SCHEMES.items()
    ]
    return table(("Scheme", "Levels, top first", "As written in files"), rows)


def counting_units() -> str:
    """The domain's counting units, each a dimension of its own."""
    rows = [
        (code(names[0]), ", ".join(code(alias) for alias in names[1:])) for names in COUNTING_UNITS
    ]
    return table(("Unit", "Also written"), rows)


def _member_docs(enum_type: type) -> dict[str, str]:
    """The docstrings written under enum members, read from the source as autodoc does."""
    analyzer = ModuleAnalyzer.for_module(enum_type.__module__)
    docs = analyzer.find_attr_docs()
    return {
        name: " ".join(" ".join(lines).split())
        for (owner, name), lines in docs.items()
        if owner == enum_type.__qualname__
    }


def measures() -> str:
    """The measure kinds an indicator can have."""
    docs = _member_docs(Measure)
    rows = [(code(m.value), rst_inline(docs.get(m.name, ""))) for m in Measure]
    return table(("Measure", "What it is"), rows)


def _outcome(reader: Callable[[], object]) -> str:
    try:
        return code(repr(reader()))
    except ResultsframeError as exc:
        return f"refused: {code(type(exc).__name__)}: {text(str(exc))}"


def parsed_texts() -> str:
    """What :func:`~resultsframe.values.parse_value` makes of common texts, by running it."""
    rows = []
    for written, unit in PARSED_TEXTS:
        rows.append(
            (
                code(written),
                code(unit) if unit is not None else "none",
                _outcome(partial(parse_value, written, unit)),
            )
        )
    return table(("Text", "Read in", "Result"), rows)


_TREE_LINE = re.compile(r"^(?P<indent>[ │├└─]*)(?P<name>[A-Z]\w+)(?: \((?P<builtin>\w+)\))?")


def error_tree() -> tuple[str, list[str]]:
    """The error tree as drawn in the docstring of :mod:`resultsframe.exceptions`.

    Returns:
        The tree as a Markdown code block, and the ways in which the drawing disagrees with
        the classes (empty when it is true).
    """
    doc = inspect.getdoc(resultsframe.exceptions) or ""
    lines = doc.splitlines()
    try:
        start = next(n for n, line in enumerate(lines) if line.rstrip().endswith("::")) + 1
    except StopIteration:
        return "", ["the docstring of resultsframe.exceptions has no drawn tree (a '::' block)"]
    block: list[str] = []
    for line in lines[start:]:
        if line.strip() and not line.startswith(" "):
            break
        block.append(line)
    drawing = textwrap.dedent("\n".join(block)).strip("\n")
    return f"```text\n{drawing}\n```", _disagreements(drawing)


def _disagreements(drawing: str) -> list[str]:
    found: list[str] = []
    drawn: set[str] = set()
    stack: list[tuple[int, type]] = []
    for line in drawing.splitlines():
        match = _TREE_LINE.match(line)
        if match is None:
            continue
        name, depth = match["name"], len(match["indent"])
        cls = getattr(resultsframe.exceptions, name, None)
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            found.append(f"{name} is drawn but resultsframe.exceptions has no such exception")
            continue
        drawn.add(name)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack and stack[-1][1] not in cls.__bases__:
            found.append(
                f"{name} is drawn under {stack[-1][1].__name__}, its bases are "
                f"{', '.join(b.__name__ for b in cls.__bases__)}"
            )
        builtin = getattr(builtins, match["builtin"] or "", None)
        if isinstance(builtin, type) and not issubclass(cls, builtin):
            found.append(f"{name} is drawn as a {builtin.__name__}, which it is not")
        stack.append((depth, cls))
    for name in resultsframe.exceptions.__all__:
        cls = getattr(resultsframe.exceptions, name)
        if isinstance(cls, type) and issubclass(cls, ResultsframeError) and name not in drawn:
            found.append(f"{name} is an error resultsframe raises but is not drawn in the tree")
    return found
