"""Level schemes: the ordered levels of a results framework, top first.

A link always goes upward: from a result to one on a higher level. The default scheme is
``impact > outcome > target > output``; the common others are built in and any other can be
made with :class:`LevelScheme`.

=============  ==========================================================================
name           levels, top first
=============  ==========================================================================
``default``    impact, outcome, target, output
``logframe``   goal, purpose, output, activity
``usaid``      goal, development_objective, intermediate_result, sub_intermediate_result
``eu``         overall_objective, specific_objective, output, activity
``sdg``        goal, target, indicator
``iati``       impact, outcome, output, other (IATI result types 3, 2, 1 and 9)
=============  ==========================================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cached_property

import attrs

from resultsframe.exceptions import UnknownIdError, checked, did_you_mean

__all__ = ["SCHEMES", "LevelScheme", "scheme"]

_LEVEL_RE = re.compile(r"[a-z][a-z0-9_]*")


def _to_levels(levels: Iterable[str]) -> tuple[str, ...]:
    if isinstance(levels, str):
        # tuple("goal") would be the four levels g > o > a > l.
        raise ValueError(
            f"levels are a sequence of level names, top first, such as ['goal', 'outcome']; "
            f"got the text {levels!r}"
        )
    return tuple(levels)


@checked
@attrs.frozen
class LevelScheme:
    """An ordered set of levels, top first.

    Attributes:
        name: What the scheme is called (``"default"``, ``"logframe"`` or your own).
        levels: The level names, top first: lower-case words joined by ``_``.

    >>> s = LevelScheme("mine", ["goal", "result", "activity"])
    >>> s.is_above("goal", "activity")
    True
    """

    name: str = attrs.field()
    levels: tuple[str, ...] = attrs.field(converter=_to_levels)

    @name.validator
    def _check_name(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("a level scheme needs a name")

    @levels.validator
    def _check_levels(
        self, _attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        if not value:
            raise ValueError(f"level scheme {self.name!r} needs at least one level")
        for level in value:
            if not isinstance(level, str) or not _LEVEL_RE.fullmatch(level):
                raise ValueError(
                    f"level scheme {self.name!r}: {level!r} is not a level name; use lower-case "
                    "words joined by '_' (for example 'intermediate_result')"
                )
        if len(set(value)) != len(value):
            raise ValueError(f"level scheme {self.name!r} names a level twice: {list(value)}")

    def rank(self, level: str) -> int:
        """The level's position, 0 for the top.

        Raises:
            UnknownIdError: if the scheme has no such level.
        """
        try:
            return self._ranks[level]
        except (KeyError, TypeError):  # TypeError: an unhashable "level"
            near = did_you_mean(level, self.levels) if isinstance(level, str) else ""
            raise UnknownIdError(
                f"level scheme {self.name!r} has no level {level!r}"
                f"{f' ({near})' if near else ''}; its levels are {', '.join(self.levels)}"
            ) from None

    @cached_property
    def _ranks(self) -> Mapping[str, int]:
        # Each level's position, looked up in constant time: a framework checks every link's
        # two levels, and a scheme may have thousands of levels (a table may make one a row).
        return {level: n for n, level in enumerate(self.levels)}

    def __contains__(self, level: object) -> bool:
        try:
            return level in self._ranks
        except TypeError:  # an unhashable object is no level
            return False

    def is_above(self, upper: str, lower: str) -> bool:
        """Whether ``upper`` is a strictly higher level than ``lower``."""
        return self.rank(upper) < self.rank(lower)

    def label(self, level: str) -> str:
        """The level as people read it: ``"intermediate result"``."""
        return level.replace("_", " ")


#: The built-in schemes by name.
SCHEMES: dict[str, LevelScheme] = {
    s.name: s
    for s in (
        LevelScheme("default", ("impact", "outcome", "target", "output")),
        LevelScheme("logframe", ("goal", "purpose", "output", "activity")),
        LevelScheme(
            "usaid",
            ("goal", "development_objective", "intermediate_result", "sub_intermediate_result"),
        ),
        LevelScheme("eu", ("overall_objective", "specific_objective", "output", "activity")),
        LevelScheme("sdg", ("goal", "target", "indicator")),
        LevelScheme("iati", ("impact", "outcome", "output", "other")),
    )
}


def scheme(name: str) -> LevelScheme:
    """A built-in level scheme by name.

    Raises:
        UnknownIdError: naming the schemes there are.
    """
    try:
        return SCHEMES[name]
    except KeyError:
        near = did_you_mean(name, SCHEMES)
        raise UnknownIdError(
            f"there is no built-in level scheme {name!r}{f' ({near})' if near else ''}; choose "
            f"one of {', '.join(SCHEMES)} or make your own with LevelScheme(name, levels)"
        ) from None
