"""How values, units and measures read on the generated pages.

These are the docs' own words for the library's objects. They never compute a figure: they only
say, in the reader's terms, what an object holds.
"""

from __future__ import annotations

import enum
from typing import cast

import attrs

from resultsframe import Indicator, Pending, formatting
from resultsframe.model import Direction, Measure
from resultsframe.units import Unit, format_unit
from resultsframe.values import Value
from resultsframe_docs.markdown import code, text

__all__ = ["direction", "measure", "method", "number", "unit_name", "value"]


def number(magnitude: object) -> str:
    """A magnitude as written in a document: ``90``, ``0.5``, never ``90.0`` or ``9e+01``."""
    if isinstance(magnitude, float) and magnitude.is_integer() and abs(magnitude) < 1e15:
        return str(int(magnitude))
    return str(magnitude)


def unit_name(unit: Unit | None, *, plural: bool = False) -> str:
    """``%`` for percent, the counting unit's name (plural on request), else pint's name."""
    # The library's own reading (statistical_framework reads "statistical frameworks").
    return "" if unit is None else formatting.unit_name(format_unit(unit), plural=plural)


def value(item: Value | None, published: str | None = None) -> str:
    """A baseline, target or parameter value as Markdown: ``**90 %**`` or ``*pending* `XX%```."""
    if isinstance(item, Pending):
        unit = f" ({text(format_unit(item.unit))})" if item.unit is not None else ""
        by = f", to be set by {text(item.by)}" if item.by else ""
        due = f" by {item.due.isoformat()}" if item.due else ""
        return f"*pending* {code(item.text)}{unit}{by}{due}"
    if item is None:
        return f"not a number: {code(published)}" if published else "not given"
    unit = unit_name(cast(Unit, item.units), plural=item.magnitude != 1)
    shown = number(item.magnitude)
    return f"**{text(shown + (' ' + unit if unit else ''))}**"


def measure(indicator: Indicator) -> str:
    """What the indicator measures, in words: ``share of countries, in %``."""
    kind = indicator.measure
    unit = unit_name(indicator.unit, plural=True)
    if kind is Measure.SHARE:
        universe = indicator.universe
        if universe is None:
            return f"share, in {text(unit or 'no unit')}"
        of = text(unit_name(universe.unit, plural=True))
        which = f" ({text(universe.description)})" if universe.description else ""
        size = f", {universe.size} in all" if universe.size is not None else ""
        return f"share of {of}{which}{size}, in {text(unit)}"
    if kind is Measure.QUANTITY:
        return f"number of {text(unit)}" if unit else "a number"
    if kind is Measure.QUALITATIVE:
        return "qualitative: a description, never a number"
    if kind is Measure.YES_NO:
        return "yes or no"
    if kind is Measure.ORDINAL:
        return f"a position on an ordered scale{', in ' + text(unit) if unit else ''}"
    return f"{text(kind.value)}{', in ' + text(unit) if unit else ''}"


def direction(indicator: Indicator) -> str:
    """Which way is better, in words."""
    return "higher is better" if indicator.direction is Direction.INCREASE else "lower is better"


def method(obj: object) -> str:
    """A method object stored with a framework (a derivation, a status method) as code.

    Every field is shown, defaults included, with enums by their value: it is the object as it
    would be written in Python, ``ShareOfUnits(of=('T1.a', 'T2.a'), rule='all', …)``.
    """
    cls = type(obj)
    if not attrs.has(cls):
        return code(repr(obj))
    fields = []
    for field in attrs.fields(cls):
        item = getattr(obj, field.name)
        shown = repr(item.value) if isinstance(item, enum.Enum) else repr(item)
        fields.append(f"{field.name}={shown}")
    return code(f"{type(obj).__name__}({', '.join(fields)})")
