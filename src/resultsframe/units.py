"""The one shared pint registry, the domain's counting units, and how text becomes a quantity.

resultsframe uses :func:`pint.get_application_registry` so that quantities made by the library
and by the user's own code can be compared. On first use it adds the units results frameworks
count in (country, child, person, case, service, hotline …). Each counting unit is a dimension of
its own, so "12 countries" and "12 cases" can never be added or compared by mistake. ``percent``
(also written ``%``) is pint's own dimensionless unit: ``60 %`` equals the plain number ``0.6``.

How text is read (:func:`parse_quantity`):

================  ==========================================================
text              result
================  ==========================================================
``"60 %"``        60 percent (a space is optional: ``"60%"`` is the same)
``"12 cases"``    12 case (plural and singular unit names are both known)
``"0.6"``         a bare number is read **in the unit it is expected in**:
                  0.6 percent for a percentage indicator, 0.6 case for a count.
                  Write ``"60 %"`` to mean sixty percent.
``"1,234"``       refused: thousands separators are ambiguous (``1.234``);
                  write ``1234``
``"XX%"``         not a quantity: see :func:`resultsframe.values.parse_value`,
                  which turns it into a :class:`~resultsframe.Pending` value
================  ==========================================================

Units are written to files with an explicit format (:func:`format_unit`), so that a user's pint
display settings can never change a file.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import pint
from pint.facets.plain import PlainUnit

from resultsframe.exceptions import UnitError

__all__ = [
    "COUNTING_UNITS",
    "Quantity",
    "Unit",
    "define_counting_unit",
    "format_unit",
    "is_compatible",
    "parse_quantity",
    "parse_unit",
    "registry",
]

Quantity = pint.Quantity
Unit = pint.Unit
# pint leaves its accessor unannotated; this is how resultsframe calls it.
_application_registry: Callable[[], Any] = pint.get_application_registry

#: The counting units defined on first use, singular first, then the other names they go by.
COUNTING_UNITS: tuple[tuple[str, ...], ...] = (
    ("country", "countries"),
    ("region", "regions"),
    ("child", "children"),
    ("person", "people", "persons"),
    ("case", "cases"),
    ("investigation", "investigations"),
    ("service", "services"),
    ("hotline", "hotlines"),
    ("portal", "portals"),
    ("report", "reports"),
    ("school", "schools"),
    ("dialogue", "dialogues"),
    ("guidance", "guidances"),
    ("statistical_framework", "statistical_frameworks"),
    ("practice", "practices"),
    ("consultation", "consultations"),
    ("organisation", "organisations", "organization", "organizations"),
    ("household", "households"),
    ("event", "events"),
    ("document", "documents"),
    ("item", "items"),
)

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_QUANTITY_RE = re.compile(rf"^\s*(?P<number>{_NUMBER})\s*(?P<unit>.*?)\s*$")
_UNIT_ALIASES = {"%": "percent", "pct": "percent"}


def define_counting_unit(name: str, *aliases: str) -> Unit:
    """Add a counting unit of its own dimension to the shared registry, once.

    Args:
        name: The singular name, a Python identifier (``"clinic"``).
        aliases: Other names for it (``"clinics"``).

    Returns:
        The unit.

    Raises:
        UnitError: if ``name`` is not an identifier, or already names a unit of another
            dimension.
    """
    if not name.isidentifier():
        raise UnitError(f"a counting unit's name must be a single word, got {name!r}")
    reg = registry()
    if name not in reg:
        alias_part = "".join(f" = {alias}" for alias in aliases)
        reg.define(f"{name} = [{name}] = _{alias_part}")
    unit = reg.Unit(name)
    if unit.dimensionality != {f"[{name}]": 1}:
        raise UnitError(
            f"{name!r} already names a unit of dimension {unit.dimensionality}; "
            "choose another name for the counting unit"
        )
    return unit


@cache
def registry() -> pint.UnitRegistry[Any]:
    """The shared pint registry, with the domain's counting units defined.

    It is :func:`pint.get_application_registry`, so quantities made elsewhere in the same
    program are compatible with resultsframe's.
    """
    reg: Any = _application_registry()
    for name, *aliases in COUNTING_UNITS:
        if name not in reg:
            alias_part = "".join(f" = {alias}" for alias in aliases)
            reg.define(f"{name} = [{name}] = _{alias_part}")
    return reg  # type: ignore[no-any-return]


def parse_unit(text: str | Unit) -> Unit:
    """Read a unit name (``"%"``, ``"percent"``, ``"countries"``, ``"case"``).

    Raises:
        UnitError: if the registry does not know the unit; the message says how to define one.
    """
    if isinstance(text, Unit):
        reg = registry()
        return text if getattr(text, "_REGISTRY", None) is reg else reg.Unit(text)
    return _parse_unit_text(text)


@functools.lru_cache(maxsize=4096)
def _parse_unit_text(text: str) -> Unit:
    # Units are immutable and parsing them is costly: every value of every indicator has one.
    # An unknown unit raises, and exceptions are not cached, so units defined later are found.
    reg = registry()
    name = text.strip()
    name = _UNIT_ALIASES.get(name, name)
    if not name:
        return reg.Unit("dimensionless")
    try:
        return reg.parse_units(name)
    except (
        pint.errors.UndefinedUnitError,
        pint.errors.DefinitionSyntaxError,
        AttributeError,
        ValueError,
        TypeError,
        AssertionError,
    ) as exc:
        # Name the one unit pint does not know ("teacher" in "pupil/teacher"), not the whole text.
        names = getattr(exc, "unit_names", None) or (name.split()[0],)
        undefined = names if isinstance(names, str) else names[0]
        raise UnitError(
            f"unknown unit {text!r}; use a unit pint knows (percent, %, kg …) or one of "
            f"resultsframe's counting units (country, case, person …), or define it with "
            f"resultsframe.units.define_counting_unit({undefined!r})"
        ) from exc


def format_unit(unit: PlainUnit) -> str:
    """The unit as written in files: pint's explicit default format, whatever the user set.

    >>> format_unit(parse_unit("%"))
    'percent'
    """
    return format(unit, "D")


def is_compatible(a: PlainUnit, b: PlainUnit) -> bool:
    """Whether quantities in ``a`` can be converted to ``b``."""
    return bool(a.dimensionality == b.dimensionality)


def parse_quantity(text: str, unit: str | Unit | None = None) -> Quantity[Any]:
    """Read a number with an optional unit.

    Args:
        text: ``"60 %"``, ``"60%"``, ``"12 cases"``, ``"0.6"``.
        unit: The unit a bare number is read in, and that the result must be compatible with.

    Returns:
        The quantity, in the unit written (or ``unit`` for a bare number).

    Raises:
        UnitError: if the text is not a number with a unit, the unit is unknown, the number is
            not finite, or the unit does not fit ``unit``.
    """
    expected = parse_unit(unit) if unit is not None else None
    match = _QUANTITY_RE.match(text)
    if match is None:
        raise UnitError(
            f"cannot read {text!r} as a number with a unit; write for example '60 %', "
            "'12 cases' or '0.6'"
        )
    number_text, unit_text = match["number"], match["unit"]
    number: int | float = (
        int(number_text) if re.fullmatch(r"[-+]?\d+", number_text) else float(number_text)
    )
    if isinstance(number, float) and not math.isfinite(number):
        raise UnitError(f"{text!r} is not a finite number")
    reg = registry()
    if unit_text:
        if unit_text[0].isdigit() or unit_text[0] in ",.":
            raise UnitError(
                f"cannot read {text!r}: write numbers without thousands separators "
                "and with a decimal point ('1234.5')"
            )
        quantity = reg.Quantity(number, parse_unit(unit_text))
    else:
        quantity = reg.Quantity(number, expected if expected is not None else "dimensionless")
    if expected is not None:
        check_compatible(quantity, expected, what=repr(text))
    return quantity


def check_compatible(
    quantity: Quantity[Any] | PlainUnit, expected: PlainUnit, *, what: str
) -> None:
    """Raise :class:`UnitError` if ``quantity`` cannot be expressed in ``expected``."""
    unit = quantity if isinstance(quantity, PlainUnit) else quantity.units
    if not is_compatible(unit, expected):
        raise UnitError(
            f"{what} is in {format_unit(unit)!r}, which cannot be converted to "
            f"{format_unit(expected)!r}"
        )
