"""The columns of an observation file: the known ones, the disaggregations, and the whole.

A column (a CSV header, a JSON key, a record's key, a data frame's column) is one of
:data:`KNOWN_COLUMNS`, or a **disaggregation dimension**, which it is only when that is known:

- a standard disaggregation (:data:`STANDARD_DIMENSIONS`: ``sex``, ``age``, ``urbanisation`` …,
  in any case, as SDMX writes ``SEX``);
- a dimension the framework itself uses, on a baseline, a target or a published actual;
- a column declared as one: ``dimension:district`` is the dimension ``district``.

Any other column is refused, naming it and the known ones: a misspelt ``sorce`` never becomes
a disaggregation that silently takes its rows out of the indicator's value.

A dimension whose value is one of :data:`WHOLE_VALUES` (``Total``, ``All``, ``Both sexes``,
and SDMX's ``T`` and ``_T``, in any case) is the whole: a row with ``sex = Total`` is the
whole-indicator row.

>>> dimension_of("SEX", frozenset()), dimension_of("dimension:district", frozenset())
('SEX', 'district')
>>> dimension_of("sorce", frozenset()) is None
True
>>> is_whole("Both sexes"), is_whole("_T"), is_whole("female")
(True, True, False)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resultsframe.exceptions import did_you_mean

if TYPE_CHECKING:
    from resultsframe.framework import Framework

__all__ = [
    "DIMENSION_PREFIX",
    "KNOWN_COLUMNS",
    "STANDARD_DIMENSIONS",
    "WHOLE_VALUES",
    "column_of",
    "dimension_of",
    "framework_dimensions",
    "is_whole",
    "unknown_column",
]

KNOWN_COLUMNS = (
    "indicator",
    "period",
    "value",
    "unit",
    "numerator",
    "denominator",
    "area",
    "source",
    "note",
    "published",
    "kind",
    "text",
    "reporter",
)
"""The columns an observation has, other than its disaggregation dimensions."""

DIMENSION_PREFIX = "dimension:"
"""How a column declares itself a disaggregation dimension: ``dimension:district``."""

STANDARD_DIMENSIONS = frozenset(
    {
        "sex",
        "gender",
        "age",
        "urbanisation",
        "income",
        "disability",
        "ethnicity",
        "migratory_status",
        "education",
    }
)
"""Disaggregations known without a declaration (the SDG ones), compared in lower case."""

WHOLE_VALUES = frozenset({"total", "all", "both sexes", "t", "_t"})
"""Dimension values that mean the whole (compared in lower case): the row is not disaggregated."""


def is_whole(value: str) -> bool:
    """Whether a dimension's value means the whole: ``Total``, ``All``, ``Both sexes``, ``_T``."""
    return value.strip().casefold() in WHOLE_VALUES


def dimension_of(column: str, declared: frozenset[str]) -> str | None:
    """The dimension a column is (its name), or None when it is not known to be one.

    Args:
        column: The column as written (a CSV header, a record's key).
        declared: The framework's own dimension names, in lower case
            (:func:`framework_dimensions`).
    """
    name = column.strip()
    if name.casefold().startswith(DIMENSION_PREFIX):
        return name[len(DIMENSION_PREFIX) :].strip() or None
    folded = name.casefold()
    if folded in STANDARD_DIMENSIONS or folded in declared:
        return name
    return None


def column_of(name: str) -> str:
    """The column a dimension is written in: its name when standard, else ``dimension:NAME``.

    >>> column_of("sex"), column_of("district")
    ('sex', 'dimension:district')
    """
    return name if name.casefold() in STANDARD_DIMENSIONS else DIMENSION_PREFIX + name


def framework_dimensions(framework: Framework) -> frozenset[str]:
    """The dimension names (lower case) a framework uses on baselines, targets and actuals."""
    names: set[str] = set()
    for indicator in framework.indicators.values():
        for baseline in indicator.baselines:
            names.update(d.name.casefold() for d in baseline.dimensions)
        for target in indicator.targets:
            names.update(d.name.casefold() for d in target.dimensions)
        for period in indicator.periods:
            for target in period.targets:
                names.update(d.name.casefold() for d in target.dimensions)
            for actual in period.actuals:
                names.update(d.name.casefold() for d in actual.dimensions)
    return frozenset(names)


def unknown_column(column: str, declared: frozenset[str], noun: str = "column") -> str:
    """The message refusing a column that is neither known nor a dimension."""
    framework = f", one the framework uses ({', '.join(sorted(declared))})," if declared else ""
    near = did_you_mean(column, [*KNOWN_COLUMNS, *sorted(STANDARD_DIMENSIONS), *sorted(declared)])
    return (
        f"unknown {noun} {column!r}{f' ({near})' if near else ''}; the known {noun}s are {', '.join(KNOWN_COLUMNS)}; a "
        f"disaggregation is a standard one ({', '.join(sorted(STANDARD_DIMENSIONS))})"
        f"{framework} or a {noun} declared as '{DIMENSION_PREFIX}{column.strip()}'"
    )
