"""Every error resultsframe raises.

The tree::

    ResultsframeError                   base of everything raised on purpose
    ├── ValidationError (ValueError)    a framework breaks the model's rules; lists every Problem
    ├── UnitError (ValueError)          a value's unit does not fit what it describes
    ├── UnknownIdError (KeyError)       a result or indicator id that the framework does not have
    │   └── FillError                   ``Framework.fill`` was given an id that is not pending
    └── DocumentError (ValueError)      a file or document cannot be read; names the place

Each subclass also inherits the builtin a caller would naturally catch, so
``except ValueError`` keeps working for code that does not know resultsframe.
Messages name the thing, say what was expected and what was found, and how to fix it; a
misspelt name is answered with the closest ones (:func:`did_you_mean`).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

__all__ = [
    "DocumentError",
    "FillError",
    "Problem",
    "Problems",
    "ResultsframeError",
    "UnitError",
    "UnknownIdError",
    "ValidationError",
    "close_names",
    "did_you_mean",
]


class ResultsframeError(Exception):
    """Base class of every error resultsframe raises on purpose."""


def close_names(wanted: object, known: Iterable[str], *, n: int = 1) -> list[str]:
    """The known names closest to a misspelt one, closest first; at most ``n``.

    A name that differs only in case comes first; then :func:`difflib.get_close_matches`'s
    (a ratio of at least 0.6). The one place every "did you mean" of resultsframe is worked out.

    >>> close_names("T1.x", ["T1.a", "T2.a", "O1"], n=3)
    ['T1.a']
    >>> close_names("PERCENT", ["percent", "person"])
    ['percent']
    """
    names = list(known)
    text = str(wanted)
    folded = text.casefold()
    same_case = [name for name in names if name.casefold() == folded and name != text]
    near = [m for m in difflib.get_close_matches(text, names, n=n) if m not in same_case]
    return [*same_case, *near][:n]


def did_you_mean(wanted: object, known: Iterable[str], *, n: int = 1) -> str:
    """``"did you mean 'T1.a'?"`` (or ``"'T1.a' or 'T2.a'"`` for several), or ``""``.

    >>> did_you_mean("progres", ["progress", "plot", "explain"])
    "did you mean 'progress'?"
    >>> did_you_mean("T1.x", ["T1.a", "T2.a", "T1.b"], n=3)
    "did you mean 'T1.b' or 'T1.a'?"
    >>> did_you_mean("zzz", ["T1.a"])
    ''
    """
    near = close_names(wanted, known, n=n)
    if not near:
        return ""
    quoted = [repr(name) for name in near]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"did you mean {listed}?"


@attrs.frozen
class Problem:
    """One thing wrong with a framework or a document.

    Attributes:
        code: A short stable name for the kind of problem (``"cycle"``, ``"dangling-link"`` …),
            for programs that react to particular problems.
        message: What is wrong and how to fix it, for people.
        where: The ids, JSON path or line involved.
    """

    code: str
    message: str
    where: tuple[str, ...] = ()

    def __str__(self) -> str:
        place = ", ".join(self.where)
        return f"{place}: {self.message}" if place else self.message


MAX_PROBLEMS = 50
"""How many problems one error lists; the rest are counted in a last "… and N more problems"."""


class Problems:
    """The problems found while reading or checking something, collected to be raised once.

    Every reader in resultsframe (documents, tables, observations, the builder, IATI) collects
    its problems here, so that each error lists at most :data:`MAX_PROBLEMS` of them and says
    how many more there were, the same way everywhere.

    >>> found = Problems()
    >>> for row in range(3):
    ...     found.add(Problem("value", "not a number", (f"line {row + 2}",)))
    >>> len(found), found.full
    (3, False)
    """

    def __init__(self, cap: int = MAX_PROBLEMS) -> None:
        self.cap = cap
        self.items: list[Problem] = []
        self.more = 0

    def add(self, problem: Problem) -> None:
        """Keep ``problem``, or only count it once :attr:`cap` problems are kept."""
        if len(self.items) < self.cap:
            self.items.append(problem)
        else:
            self.more += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add each of ``problems``."""
        for problem in problems:
            self.add(problem)

    @property
    def full(self) -> bool:
        """True once :attr:`cap` problems are kept: a reader may stop looking for more."""
        return len(self.items) >= self.cap

    def __len__(self) -> int:
        return len(self.items) + self.more

    def __bool__(self) -> bool:
        return bool(self.items)

    def listed(self) -> tuple[Problem, ...]:
        """The kept problems, then "… and N more problems" if some were only counted."""
        if not self.more:
            return tuple(self.items)
        return (*self.items, Problem("more", f"… and {self.more} more problems"))

    def raise_document_error(self, source: str) -> None:
        """Raise a :class:`DocumentError` with the problems, if there are any."""
        if self.items:
            raise DocumentError(self.listed(), source=source)


class ValidationError(ResultsframeError, ValueError):
    """A framework, or one of the objects it is made of, breaks the rules of the model.

    A whole framework's problems are collected first and raised once, so a user fixes them all
    in one go. An object that is not well-formed on its own (an indicator whose target does
    not fit its unit, a result id with a space) raises it with one problem when it is made.

    Attributes:
        problems: The problems, in a stable order.
    """

    def __init__(self, problems: Iterable[Problem] | str, *, subject: str = "framework") -> None:
        if isinstance(problems, str):
            self.problems: tuple[Problem, ...] = (Problem("invalid", problems),)
            self.subject = subject
            super().__init__(problems)
            return
        self.problems = tuple(problems)
        self.subject = subject
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{subject} is not valid ({count} {noun}):\n{lines}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_validation_error, (self.problems, self.subject))


def _rebuild_validation_error(problems: tuple[Problem, ...], subject: str) -> ValidationError:
    return ValidationError(problems, subject=subject)


_C = TypeVar("_C", bound=type)


def checked(cls: _C) -> _C:
    """Make a domain class raise :class:`ValidationError` for whatever its checks refuse.

    attrs validators and converters raise ``ValueError`` or ``TypeError``; users of
    resultsframe catch one base class for every error, so construction turns those into a
    :class:`ValidationError` (a ``ValueError``) with the same message. A
    :class:`ResultsframeError` raised inside (a :class:`UnitError`) passes through as it is.
    """
    init = vars(cls)["__init__"]

    @functools.wraps(init)
    def init_checked(self: object, *args: Any, **kwargs: Any) -> None:
        try:
            init(self, *args, **kwargs)
        except ResultsframeError:
            raise
        except (ValueError, TypeError) as exc:
            raise ValidationError(f"{cls.__name__}: {exc}") from exc

    cls.__init__ = init_checked  # type: ignore[misc]
    return cls


class UnitError(ResultsframeError, ValueError):
    """A value's unit is unknown, or does not fit the indicator it belongs to."""


class UnknownIdError(ResultsframeError, KeyError):
    """An id that the framework does not have."""

    def __str__(self) -> str:
        # KeyError's own __str__ quotes the message; a person should read it plain.
        return str(self.args[0]) if self.args else ""


class FillError(UnknownIdError):
    """``Framework.fill`` was asked to fill something that is not pending or does not exist."""


class DocumentError(ResultsframeError, ValueError):
    """A document or file cannot be read.

    Attributes:
        problems: Each problem names its place: a JSON path (``$.results[3].level``),
            or a file with line and column.
    """

    def __init__(self, problems: Iterable[Problem] | str, *, source: str = "document") -> None:
        if isinstance(problems, str):
            problems = (Problem("document", problems),)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        if len(self.problems) == 1:
            message = f"{source}: {self.problems[0]}"
        else:
            lines = "\n".join(f"  - {p}" for p in self.problems)
            message = f"{source}: {len(self.problems)} problems:\n{lines}"
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_document_error, (self.problems, self.source))


def _rebuild_document_error(problems: tuple[Problem, ...], source: str) -> DocumentError:
    return DocumentError(problems, source=source)
