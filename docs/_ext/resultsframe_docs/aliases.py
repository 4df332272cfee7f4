"""Resolve references to a name by the place it is defined when it is documented elsewhere.

Names that ``resultsframe`` re-exports are documented once, as ``resultsframe.<name>``.
Autodoc records a class's home (``resultsframe.framework.Framework``) as an alias, but not a
function's (``resultsframe.document.dumps``) nor a member's (``Framework.graph`` written inside
``resultsframe.framework``). When Sphinx cannot find such a reference, this follows the name to
the object, and if the object (or the class it belongs to) is one ``resultsframe`` re-exports,
points the reference at the documented name. A bare name that is still not found is resolved
when exactly one documented object has it.
"""

from __future__ import annotations

import importlib
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

import resultsframe

__all__ = ["setup"]


def _reexports() -> dict[int, str]:
    return {
        id(getattr(resultsframe, name)): name
        for name in resultsframe.__all__
        if hasattr(resultsframe, name) and not name.startswith("_")
    }


def _documented_name(dotted: str) -> str | None:
    """``resultsframe.<export>.<rest>`` for a dotted name that runs through a re-export."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            current: Any = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        break
    else:
        return None
    exports = _reexports()
    for n in range(split, len(parts)):
        current = getattr(current, parts[n], None)
        if current is None:
            return None
        if id(current) in exports:
            return ".".join(["resultsframe", exports[id(current)], *parts[n + 1 :]])
    return None


def resolve(app: Sphinx, env: BuildEnvironment, node: Any, contnode: Any) -> Any:
    """``missing-reference``: a Python reference to a re-exported name, by its home."""
    if node.get("refdomain") != "py":
        return None
    target: str = node.get("reftarget", "")
    module, cls = node.get("py:module"), node.get("py:class")
    candidates = [target]
    if module:
        candidates.insert(0, f"{module}.{target}")
        if cls:
            candidates.insert(0, f"{module}.{cls}.{target}")
    domain = env.get_domain("py")
    for candidate in candidates:
        documented = _documented_name(candidate.lstrip("~."))
        if documented is None or documented == candidate:
            continue
        found = domain.resolve_xref(
            env, node["refdoc"], app.builder, "obj", documented, node, contnode
        )
        if found is not None:
            return found
    # A bare name written in a docstring that is shown away from its module (``to_dict`` in the
    # docstring of ``dumps``, documented as ``resultsframe.dumps``): the one object of that name.
    if target and "." not in target.lstrip("~."):
        suffix = "." + target.lstrip("~.")
        matches = [name for name, *_ in domain.get_objects() if name.endswith(suffix)]
        if len(matches) == 1:
            return domain.resolve_xref(
                env, node["refdoc"], app.builder, "obj", matches[0], node, contnode
            )
    return None


def setup(app: Sphinx) -> None:
    """Connect the handler."""
    app.connect("missing-reference", resolve)
