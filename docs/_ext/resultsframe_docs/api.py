"""The API reference page, written from the package's modules and ``__all__``.

Each public name is documented once. The names ``resultsframe`` re-exports (``Framework``,
``Pending`` …) are documented under ``resultsframe``, where users import them from, and left out
of their home module's section; autodoc marks each with its home as the canonical name, so a
reference to either name finds it. The lists are computed here, so a name added to
``resultsframe.__all__`` moves to the top of the page without anyone editing it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import resultsframe

__all__ = ["render"]


def _reexported(module: ModuleType) -> list[str]:
    exported = {
        id(getattr(resultsframe, name))
        for name in resultsframe.__all__
        if hasattr(resultsframe, name)
    }
    names = getattr(module, "__all__", [])
    return sorted(name for name in names if id(getattr(module, name, None)) in exported)


def render(modules: list[str]) -> str:
    """An ``automodule`` section for ``resultsframe`` and for each of ``modules``."""
    sections = [
        "## `resultsframe`\n\nWhat `import resultsframe` gives.\n\n"
        "```{eval-rst}\n.. automodule:: resultsframe\n```"
    ]
    for name in modules:
        module = importlib.import_module(name)
        skip = _reexported(module)
        options = f"   :exclude-members: {', '.join(skip)}\n" if skip else ""
        also = (
            "\n\nDefined here, documented under `resultsframe`, where they are imported from: "
            + ", ".join(f"{{py:obj}}`~resultsframe.{n}`" for n in skip)
            + "."
            if skip
            else ""
        )
        sections.append(
            f"## `{name}`{also}\n\n```{{eval-rst}}\n.. automodule:: {name}\n{options}```"
        )
    return "\n\n".join(sections)
