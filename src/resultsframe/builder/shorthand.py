"""The shorthand texts of a spec: ``"80 % by 2025-12-31"``, ``"% of countries"``, ``"goal > output"``.

Each function reads one shorthand into what the model's classes are made from, and raises
:class:`ShorthandError` with a message saying what it expected; the reader records that message
at the place of the text in the spec. The grammar is drawn in :mod:`resultsframe.builder`; the
texts of baselines and targets are read with :mod:`resultsframe.grammar`, as a table's cells are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from resultsframe.document.paths import key_path
from resultsframe.document.values import message
from resultsframe.exceptions import ResultsframeError
from resultsframe.levels import SCHEMES, LevelScheme
from resultsframe.periods import Period
from resultsframe.units import Unit, parse_unit

__all__ = [
    "ShorthandError",
    "contributions",
    "day",
    "kind",
    "levels",
    "unit",
]

_SHARE_OF_RE = re.compile(r"^\s*(?P<unit>%|percent)\s+of\s+(?P<universe>.+?)\s*$")


class ShorthandError(ValueError):
    """A shorthand that does not read; the message says what was expected and what was found."""


def kind(value: object) -> str:
    """What a value of a spec is, for a message: short, whatever the value."""
    if isinstance(value, str):
        return f"the text {value!r}"
    if value is None:
        return "None"
    return f"{type(value).__name__} {value!r}"[:80]


def levels(spec: object) -> LevelScheme | dict[str, Any]:
    """A built-in scheme by name, or the fields of a scheme: ``"goal > output"``, a list, a dict."""
    if isinstance(spec, LevelScheme):
        return spec
    if isinstance(spec, str) and ">" not in spec:
        if spec in SCHEMES:
            return SCHEMES[spec]
        raise ShorthandError(
            f"{spec!r} is not a built-in level scheme ({', '.join(SCHEMES)}); write levels of "
            "your own top first, as 'goal > outcome > output' or a list"
        )
    if isinstance(spec, str):
        names: object = [part.strip() for part in spec.split(">")]
    elif isinstance(spec, Mapping):
        return dict(spec)
    else:
        names = spec
    if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
        raise ShorthandError(
            f"expected a built-in scheme's name, 'goal > outcome > output' or a list of level "
            f"names; got {kind(spec)}"
        )
    return {"name": "custom", "levels": tuple(names)}


def unit(spec: str) -> tuple[Unit, str | None, bool]:
    """``"% of countries"``: (percent, ``"countries"``, a share); ``"%"``: (percent, None, a share).

    Returns:
        The unit; the universe named after ``of``, if any; whether the indicator is a share.
    """
    share = _SHARE_OF_RE.match(spec)
    text = share["unit"] if share else spec
    try:
        found = parse_unit(text)
    except ResultsframeError as exc:
        raise ShorthandError(message(exc)) from None
    return (
        found,
        share["universe"] if share else None,
        bool(share) or text.strip() in ("%", "percent"),
    )


def day(spec: object, *, text: object = None) -> date:
    """A date: ``"2025-12-31"``; a year or a month stands for its last day.

    Args:
        spec: The date, or its text.
        text: The whole shorthand the date was read from (``"80 % by 2025"``), for the message.
    """
    if isinstance(spec, date):
        return spec
    if isinstance(spec, str):
        try:
            return Period.parse(spec).end
        except (ValueError, ResultsframeError):
            pass
    shown = f"cannot read {text!r}: after 'by' comes" if text is not None else "expected"
    raise ShorthandError(
        f"{shown} a date '2025-12-31' (or a year '2025' or a month '2025-06', meaning their "
        f"last day); got {spec!r}"
    )


def contributions(spec: object, path: str) -> list[tuple[str, object, str]]:
    """The parents a result contributes to, as (parent, weight, place in the spec).

    ``"goal"`` is one parent, a list several, and ``{"goal": 2}`` gives the links' weights.
    """
    if spec is None:
        return []
    if isinstance(spec, str):
        return [(spec, 1, path)]
    if isinstance(spec, Mapping):
        return [(p, w, key_path(path, p)) for p, w in spec.items()]
    if isinstance(spec, list | tuple):
        return [(p, 1, f"{path}[{n}]") for n, p in enumerate(spec)]
    raise ShorthandError(
        "expected the id of a result it contributes to, a list of ids, or "
        f"{{id: weight}}; got {kind(spec)}"
    )
