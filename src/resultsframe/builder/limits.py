"""What a spec may hold before it is read: depth and numbers a document can hold.

:func:`check_spec` walks a spec once, without recursion, before :func:`resultsframe.build`
reads it, and lists each place that a document could not hold, with its JSON path:

- nesting deeper than :data:`MAX_SPEC_DEPTH` dicts and lists (a framework needs a dozen);
- numbers that are not finite, or beyond ±(2**53 - 1)
  (:data:`resultsframe.document.MAX_SAFE_INTEGER`): :func:`resultsframe.document.dumps` would
  refuse them when the framework is written, so they are refused where they are given.

Model objects in a spec (a :class:`~resultsframe.Target` …) are checked by the model, not here.

>>> found = check_spec({"results": {"o1": {"weight": 10**400}}})
>>> [str(problem)[:50] for problem in found.listed()]
['$.results.o1.weight: a whole number of 401 digits ']
"""

from __future__ import annotations

from collections.abc import Mapping

from resultsframe.document.paths import key_path
from resultsframe.document.values import RefusedError, check_number
from resultsframe.exceptions import Problem, Problems

__all__ = ["MAX_SPEC_DEPTH", "check_spec"]

MAX_SPEC_DEPTH = 100
"""How deep dicts and lists may be nested in a spec."""


def check_spec(spec: object) -> Problems:
    """The places of ``spec`` nested too deep or holding a number a document cannot hold."""
    found = Problems()
    stack: list[tuple[object, str, int]] = [(spec, "$", 0)]
    while stack and not found.full:
        value, path, depth = stack.pop()
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            try:
                check_number(value)
            except RefusedError as exc:
                found.add(Problem("invalid", str(exc), (path,)))
            continue
        if isinstance(value, Mapping):
            items: list[tuple[object, object]] = list(value.items())
        elif isinstance(value, list | tuple):
            items = list(enumerate(value))
        else:
            continue
        if depth >= MAX_SPEC_DEPTH:
            found.add(
                Problem(
                    "too-deep",
                    f"dicts and lists are nested more than {MAX_SPEC_DEPTH} deep here; "
                    "a framework's spec needs a dozen levels",
                    (path,),
                )
            )
            continue
        for key, item in reversed(items):
            stack.append(
                (item, key_path(path, key if isinstance(key, int | str) else repr(key)), depth + 1)
            )
    return found
