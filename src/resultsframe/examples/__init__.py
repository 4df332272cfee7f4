"""Built-in example frameworks, shipped as JSON documents inside the package.

>>> from resultsframe import examples
>>> examples.names()
['cop']
>>> examples.load("cop").title
'Global Targets on Child Online Protection: Results Framework'
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from resultsframe.document import loads
from resultsframe.exceptions import UnknownIdError
from resultsframe.framework import Framework

__all__ = ["load", "names"]

# Example name → the package file that holds it.
_FILES = {"cop": "cop.json"}


def names() -> list[str]:
    """The names of the built-in examples."""
    return sorted(_FILES)


def _check(name: str) -> str:
    try:
        return _FILES[name]
    except (KeyError, TypeError):
        raise UnknownIdError(
            f"there is no built-in example {name!r}; the examples are: {', '.join(names())}"
        ) from None


@cache
def load(name: str) -> Framework:
    """A built-in example framework by name (``"cop"``: ITU's Child Online Protection targets).

    Frameworks are immutable, so every call returns the same object.

    Raises:
        UnknownIdError: naming the examples there are.
    """
    filename = _check(name)
    text = resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")
    return loads(text, source=f"resultsframe example {name!r}")
