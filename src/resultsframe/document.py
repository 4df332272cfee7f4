"""JSON documents: the contract with every other program.

A document is an object with the format's name, its version and the framework::

    {"format": "resultsframe", "version": "1.0", "framework": {...}}

:func:`dumps` is deterministic: the same framework gives the same bytes, whatever the user's
pint display settings. Quantities are written as ``{"value": 90, "unit": "percent"}`` with pint's
explicit ``D`` unit format; pending values as ``{"pending": "XX%", "unit": "percent"}``, keeping
their original text. Fields that hold their default are left out, except the level scheme,
which is always written.

:func:`loads` refuses anything it cannot read with a :class:`~resultsframe.DocumentError` whose
problems each name a JSON path (``$.framework.results[3].level``) or a line and column, and say
what was expected; a framework that breaks the model's rules (cycles, dangling links, duplicate
ids …) with a :class:`~resultsframe.ValidationError` whose problems also name their JSON path.

Versions: a reader accepts every minor version of its major version (``1.x``), refuses a newer
major version, and migrates older ones through the table of migrations (the pre-release draft
``0.9`` is migrated to ``1.0``). The JSON Schema of the format is :func:`schema`.

>>> from resultsframe import document, examples
>>> text = document.dumps(examples.load("cop"))
>>> document.loads(text) == examples.load("cop")
True
"""

from __future__ import annotations

import difflib
import enum
import errno
import json
import math
import os
import re
import secrets
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from resultsframe.exceptions import DocumentError, Problem, ValidationError
from resultsframe.framework import Framework
from resultsframe.levels import SCHEMES
from resultsframe.methods import Band, GrowthRatio, StatusMethod, Trajectory
from resultsframe.periods import Period
from resultsframe.units import Quantity, Unit, format_unit, parse_unit, registry
from resultsframe.values import Pending, Relative

__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "MAX_SAFE_INTEGER",
    "SCHEMA_FILE",
    "VERSION",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "schema",
    "to_dict",
    "write_atomic",
]

#: The format name every document carries.
FORMAT = "resultsframe"
#: The version :func:`dumps` writes: ``major.minor``. A reader accepts every minor version of
#: its major version; a newer major version is refused; older ones are migrated.
VERSION = "1.0"
#: The largest document :func:`loads` and :func:`load` read unless told otherwise (bytes).
MAX_BYTES = 20 * 1024 * 1024
#: The largest magnitude written or read: beyond it, numbers lose precision in other languages.
MAX_SAFE_INTEGER = 2**53 - 1
#: The file name of the JSON Schema of this version, inside the package's ``schema`` folder.
SCHEMA_FILE = "resultsframe-1.0.schema.json"

_MAJOR, _MINOR = (int(part) for part in VERSION.split("."))
# A message longer than this is cut: a problem names its place, it need not quote a megabyte.
_MAX_MESSAGE = 300
# A document with more problems than this reports the first ones and how many more there are.
_MAX_PROBLEMS = 50
_VERSION_RE = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PERIOD_PART = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
_PERIOD_RE = re.compile(rf"{_PERIOD_PART}(?:/{_PERIOD_PART})?")
_KEY_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# The status methods, written with a "method" tag: {"method": "band", "tolerance": 0.05}.
_STATUS_TAGS: dict[type[Any], str] = {
    Trajectory: "trajectory",
    Band: "band",
    GrowthRatio: "growth_ratio",
}


# --- reading values ---------------------------------------------------------------------------


class _RefusedError(ValueError):
    """A value that the document may not hold; the message says what was expected.

    Args:
        message: What was expected and what was found.
        at: The key, inside the value being read, where the problem is (``"unit"`` of a
            quantity), so that the JSON path names it.
    """

    def __init__(self, message: str, at: str | None = None) -> None:
        super().__init__(message)
        self.at = at


class _NonFinite:
    """What ``NaN``, ``Infinity`` and ``-Infinity`` parse to: refused wherever they stand.

    Reading them as this marker, rather than failing the parse, lets the reader name the JSON
    path where one stands.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


def _kind(value: object) -> str:
    """What a value is, for a message: never its whole text, which may be huge or deep."""
    if isinstance(value, _NonFinite):
        return f"{value.name}, which JSON does not allow"
    if isinstance(value, bool):
        return "true" if value else "false"
    names = {dict: "an object", list: "an array", str: "a text", type(None): "null"}
    if type(value) in names:
        return names[type(value)]
    if isinstance(value, (int, float)):
        return f"the number {_show(value)}"
    return type(value).__name__


def _show(value: object) -> str:
    """A value as a message quotes it: short, and safe for any value."""
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:40] + "…", ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        if value.bit_length() <= 64:
            return str(value)
        # Python refuses to turn integers of more than 4300 digits into text.
        digits = len(str(abs(value))) if value.bit_length() < 14000 else "thousands of"
        return f"a whole number of {digits} digits"
    if isinstance(value, float):
        return repr(value)
    return _kind(value)


def _check_number(value: object, what: str = "a number") -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _RefusedError(f"expected {what}, got {_kind(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _RefusedError(f"expected {what}, got {_show(value)}; write a finite number")
    if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        raise _RefusedError(
            f"{_show(value)} is too large: numbers are limited to ±{MAX_SAFE_INTEGER} "
            "(2**53 - 1), which every JSON reader represents exactly"
        )
    return value


def _structure_number(value: object, _type: object = None) -> int | float:
    return _check_number(value)


def _structure_int(value: object, _type: object = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _RefusedError(f"expected a whole number, got {_kind(value)}")
    return int(_check_number(value, "a whole number"))


def _structure_str(value: object, _type: object = None) -> str:
    if not isinstance(value, str):
        raise _RefusedError(f"expected a text, got {_kind(value)}")
    return value


def _structure_bool(value: object, _type: object = None) -> bool:
    if not isinstance(value, bool):
        raise _RefusedError(f"expected true or false, got {_kind(value)}")
    return value


# Units already read, by the text they were written as. Units are immutable, and parsing one
# with pint costs more than building the quantity; the cache is bounded, since documents may
# hold any text there.
_UNITS: dict[str, Unit] = {}


def _unit(text: str) -> Unit:
    unit = _UNITS.get(text)
    if unit is None:
        unit = parse_unit(text)
        if len(_UNITS) >= 1024:
            _UNITS.clear()
        _UNITS[text] = unit
    return unit


_quantity_class: Any = None


def _quantity(number: float, unit: Unit) -> Any:
    global _quantity_class  # noqa: PLW0603 - the registry is made on first use, not on import
    if _quantity_class is None:
        _quantity_class = registry().Quantity
    return _quantity_class(number, unit)


@lru_cache(maxsize=1024)
def _unit_text(unit: Any) -> str:
    return format_unit(unit)


def _structure_unit(value: object, _type: object = None) -> Unit:
    if not isinstance(value, str):
        raise _RefusedError(f'expected a unit name as text ("percent", "case"), got {_kind(value)}')
    if not value.strip():
        raise _RefusedError(
            'expected a unit name ("percent", "case"); write "dimensionless" for none'
        )
    return _unit(value)


def _require_object(
    value: object, keys: tuple[str, ...], required: dict[str, str], what: str
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _RefusedError(f"expected {what}, got {_kind(value)}")
    extra = [key for key in value if key not in keys]
    missing = {key: expected for key, expected in required.items() if key not in value}
    if extra or missing:
        raise _KeysError(extra, keys, missing)
    return value


def _part(key: str, read: Callable[[Any], Any], value: object) -> Any:
    """Read one part of a value, so that a problem names the part's key."""
    try:
        return read(value)
    except (ValueError, TypeError) as exc:
        raise _RefusedError(_message(exc), at=key) from None


def _message(exc: BaseException) -> str:
    """What an exception says, without the heading of a ValidationError of one object."""
    if isinstance(exc, ValidationError) and exc.problems:
        return "; ".join(p.message for p in exc.problems)
    return str(exc) or type(exc).__name__


_QUANTITY_KEYS = ("value", "unit")
_QUANTITY_REQUIRED = {"value": "a number", "unit": "a unit name"}
_PENDING_KEYS = ("pending", "unit", "by", "due")
_VALUE_WHAT = 'a value: {"value": <number>, "unit": <unit>} or {"pending": <text>}'


def _pending_text(text: object) -> str:
    if not isinstance(text, str):
        raise _RefusedError(f"expected the text that stood for the value, got {_kind(text)}")
    if not text.strip():
        raise _RefusedError(
            'expected the text that stood for the value ("XX%", "TBD"), got an empty text'
        )
    return text


def _structure_value(value: object, _type: object = None) -> Any:
    if value is None:
        return None
    if type(value) is dict and len(value) == 2:
        # The common case, a quantity whose unit was read before, without a call too many:
        # the same checks as below, which give the messages.
        number, text = value.get("value"), value.get("unit")
        unit = _UNITS.get(text) if type(text) is str else None
        if (
            unit is not None
            and (type(number) is int or type(number) is float)
            and -MAX_SAFE_INTEGER <= number <= MAX_SAFE_INTEGER
        ):
            return _quantity(number, unit)
    if isinstance(value, dict) and "pending" in value:
        data = _require_object(value, _PENDING_KEYS, {}, "a pending value")
        unit, by, due = data.get("unit"), data.get("by"), data.get("due")
        return Pending(
            _part("pending", _pending_text, data["pending"]),
            None if unit is None else _part("unit", _structure_unit, unit),
            None if by is None else _part("by", _structure_str, by),
            None if due is None else _part("due", _structure_date, due),
        )
    data = _require_object(value, _QUANTITY_KEYS, _QUANTITY_REQUIRED, _VALUE_WHAT)
    return _quantity(
        _part("value", _check_number, data["value"]), _part("unit", _structure_unit, data["unit"])
    )


_RELATIVE_KEYS = ("change", "relative", "text")


def _structure_target_value(value: object, _type: object = None) -> Any:
    """A target's value: also a change from the baseline, ``{"change": 0.3, "relative": true}``."""
    if isinstance(value, dict) and "change" in value:
        data = _require_object(
            value, _RELATIVE_KEYS, {"change": "a number"}, "a change from the baseline"
        )
        relative, text = data.get("relative", False), data.get("text")
        return Relative(
            _part("change", _check_number, data["change"]),
            _part("relative", _structure_bool, relative),
            None if text is None else _part("text", _structure_str, text),
        )
    return _structure_value(value)


def _structure_parameter_value(value: object, _type: object = None) -> Any:
    if value is None:
        raise _RefusedError(f"expected {_VALUE_WHAT}, got null")
    return _structure_value(value)


def _structure_date(value: object, _type: object = None) -> date:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        got = _show(value) if isinstance(value, str) else _kind(value)
        raise _RefusedError(f'expected a date as "YYYY-MM-DD", got {got}')
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _RefusedError(f"{_show(value)} is not a date of the calendar") from None


# Periods already read, by their text: they are immutable, and a framework repeats a few.
_PERIODS: dict[str, Period] = {}


def _structure_period(value: object, _type: object = None) -> Period:
    period = _PERIODS.get(value) if type(value) is str else None
    if period is not None:
        return period
    if not isinstance(value, str) or not _PERIOD_RE.fullmatch(value):
        got = _show(value) if isinstance(value, str) else _kind(value)
        raise _RefusedError(
            f'expected a period: a year "2018", a month "2018-06", a day "2018-06-30" or a '
            f'span "2014-05/2014-12"; got {got}'
        )
    period = Period.parse(value)
    if len(_PERIODS) >= 1024:
        _PERIODS.clear()
    _PERIODS[value] = period
    return period


def _structure_enum(kind: type[enum.Enum]) -> Callable[[object, object], Any]:
    members = {member.value: member for member in kind}
    choices = ", ".join(_show(v) for v in members)

    def structure(value: object, _type: object) -> Any:
        if isinstance(value, str) and value in members:
            return members[value]
        got = _show(value) if isinstance(value, str) else _kind(value)
        raise _RefusedError(f"expected one of {choices}; got {got}")

    return structure


# --- converters ------------------------------------------------------------------------------


class _KeysError(ValueError):
    """Keys that an object does not have, and required keys it lacks; each at its own path.

    Args:
        unexpected: The keys it does not have.
        allowed: The keys it has, in the order they are written.
        missing: The required keys that are absent, with what each holds.
    """

    def __init__(
        self, unexpected: list[str], allowed: tuple[str, ...], missing: dict[str, str]
    ) -> None:
        super().__init__(", ".join(unexpected or missing))
        self.unexpected = unexpected
        self.allowed = allowed
        self.missing = missing


def _is_tuple_of(kind: Any) -> bool:
    return (
        typing.get_origin(kind) is tuple
        and len(typing.get_args(kind)) == 2
        and typing.get_args(kind)[1] is Ellipsis
    )


def _is_optional(kind: Any) -> bool:
    args = typing.get_args(kind)
    return (
        typing.get_origin(kind) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _optional_hook(converter: cattrs.Converter) -> Callable[[Any], Callable[[object, object], Any]]:
    """``X | None``: null, or an X (cattrs' own hook looks X's hook up on every call)."""

    def factory(kind: Any) -> Callable[[object, object], Any]:
        (inner,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        handler = converter.get_structure_hook(inner)

        def structure(value: object, _type: object) -> Any:
            return None if value is None else handler(value, inner)

        return structure

    return factory


def _tuple_hook(converter: cattrs.Converter) -> Callable[[Any], Callable[[object, object], Any]]:
    """Arrays become tuples; a text or an object is refused rather than iterated."""

    def factory(kind: Any) -> Callable[[object, object], Any]:
        item_type = typing.get_args(kind)[0]
        handler = converter.get_structure_hook(item_type)
        if not converter.detailed_validation:

            def fast(value: object, _type: object) -> tuple[Any, ...]:
                if type(value) is not list:
                    raise _RefusedError(f"expected an array, got {_kind(value)}")
                return tuple([handler(item, item_type) for item in value])

            return fast

        def detailed(value: object, _type: object) -> tuple[Any, ...]:
            if type(value) is not list:
                raise _RefusedError(f"expected an array, got {_kind(value)}")
            items, errors = [], []
            for index, item in enumerate(value):
                try:
                    items.append(handler(item, item_type))
                except Exception as exc:  # collected, reported with its index
                    exc.__notes__ = [
                        *getattr(exc, "__notes__", []),
                        IterableValidationNote(f"item {index}", index, item_type),
                    ]
                    errors.append(exc)
            if errors:
                raise IterableValidationError("invalid items", errors, kind)
            return tuple(items)

        return detailed

    return factory


def _object_hook(converter: cattrs.Converter) -> Callable[[Any], Callable[[object, object], Any]]:
    """Objects of the model: generated by cattrs, behind a check that the value is an object."""

    def factory(cls: type[Any]) -> Callable[[object, object], Any]:
        # Unknown keys are refused here, with every key named, rather than by cattrs.
        generated = make_dict_structure_fn(
            cls, converter, _cattrs_forbid_extra_keys=False, _cattrs_use_alias=True
        )
        ordered = tuple(a.alias for a in attrs.fields(cls))
        required = {
            a.alias: _describe(a.type) for a in attrs.fields(cls) if a.default is attrs.NOTHING
        }
        keys = frozenset(ordered)
        what = f"an object ({_describe(cls)})"

        def structure(value: object, _type: object) -> Any:
            if type(value) is not dict:
                raise _RefusedError(f"expected {what}, got {_kind(value)}")
            if not keys.issuperset(value):
                raise _KeysError(
                    [key for key in value if key not in keys],
                    ordered,
                    {key: expected for key, expected in required.items() if key not in value},
                )
            return generated(value, cls)

        return structure

    return factory


def _status_hooks(
    converter: cattrs.Converter,
) -> tuple[Callable[[object, object], Any], Callable[[Any], Any]]:
    by_tag = {tag: cls for cls, tag in _STATUS_TAGS.items()}
    choices = ", ".join(_show(tag) for tag in by_tag)

    def structure(value: object, _type: object) -> Any:
        if type(value) is not dict:
            raise _RefusedError(
                f'expected a status method: an object with "method": {choices}; got {_kind(value)}'
            )
        tag = value.get("method")
        if not isinstance(tag, str) or tag not in by_tag:
            if "method" not in value:
                got = "nothing"
            else:
                got = _show(tag) if isinstance(tag, str) else _kind(tag)
            raise _RefusedError(f'expected "method": one of {choices}; got {got}')
        rest = {key: item for key, item in value.items() if key != "method"}
        cls = by_tag[tag]
        return converter.get_structure_hook(cls)(rest, cls)

    def unstructure(value: Any) -> Any:
        cls = type(value)
        return {"method": _STATUS_TAGS[cls], **converter.get_unstructure_hook(cls)(value)}

    return structure, unstructure


def _unstructure_number(value: int | float) -> int | float:
    return _check_number(value)


def _unstructure_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Relative):
        change: dict[str, Any] = {"change": _check_number(value.change, "a number as change")}
        if value.relative:
            change["relative"] = True
        if value.text is not None:
            change["text"] = value.text
        return change
    if isinstance(value, Pending):
        out: dict[str, Any] = {"pending": value.text}
        if value.unit is not None:
            out["unit"] = _unit_text(value.unit)
        if value.by is not None:
            out["by"] = value.by
        if value.due is not None:
            out["due"] = value.due.isoformat()
        return out
    return {
        "value": _check_number(value.magnitude, "a number as magnitude"),
        "unit": _unit_text(value.units),
    }


def _make_converter(*, detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(
        omit_if_default=True, forbid_extra_keys=True, use_alias=True, detailed_validation=detailed
    )
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_number)
    conv.register_unstructure_hook(int, _unstructure_number)
    conv.register_unstructure_hook(float, _unstructure_number)
    conv.register_unstructure_hook(bool, bool)
    conv.register_structure_hook(Unit, _structure_unit)
    conv.register_unstructure_hook(Unit, _unit_text)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(Period, _structure_period)
    conv.register_unstructure_hook(Period, str)
    for value_type in (Quantity | Pending | None, Quantity | Pending):
        conv.register_unstructure_hook(value_type, _unstructure_value)
    conv.register_structure_hook(Quantity | Pending | None, _structure_value)
    conv.register_unstructure_hook(Quantity | Pending | Relative | None, _unstructure_value)
    conv.register_structure_hook(Quantity | Pending | Relative | None, _structure_target_value)
    conv.register_structure_hook(Quantity | Pending, _structure_parameter_value)
    # Registered one by one: the model's enums are StrEnums, which the hook for str would take.
    for kind in _model_enums():
        conv.register_structure_hook(kind, _structure_enum(kind))
    status_structure, status_unstructure = _status_hooks(conv)
    conv.register_structure_hook(StatusMethod, status_structure)
    conv.register_unstructure_hook(StatusMethod, status_unstructure)
    conv.register_structure_hook(
        StatusMethod | None, lambda v, t: None if v is None else status_structure(v, t)
    )
    conv.register_unstructure_hook(
        StatusMethod | None, lambda v: None if v is None else status_unstructure(v)
    )
    conv.register_structure_hook_factory(_is_optional, _optional_hook(conv))
    conv.register_structure_hook_factory(_is_tuple_of, _tuple_hook(conv))
    conv.register_structure_hook_factory(attrs.has, _object_hook(conv))
    for cls in _model_classes():  # parts first, so each writer finds those of its parts
        # A framework's levels are always written, even the default scheme: a reader in
        # another language should not have to know our defaults.
        always = ("levels",) if cls is Framework else ()
        conv.register_unstructure_hook(cls, _writer(cls, conv, status_unstructure, always))
    return conv


def _writer(
    cls: type[Any], conv: cattrs.Converter, status: Callable[[Any], Any], always: tuple[str, ...]
) -> Callable[[Any], dict[str, Any]]:
    """A function that writes ``cls`` as a dict, leaving out fields that hold their default.

    Generated as code, as cattrs does, but testing ``None`` defaults with ``is not None`` and
    empty tuples by truth: comparing a pint quantity with ``!=`` costs more than writing it.
    """
    names: dict[str, Any] = {
        "_number": _unstructure_number,
        "_unit_text": _unit_text,
        "_value": _unstructure_value,
        "_status": status,
    }

    def expression(kind: Any, var: str) -> str:
        args = typing.get_args(kind)
        if kind in (str, bool):
            return var
        if kind in (int, float):
            return f"_number({var})"
        if kind is date:
            return f"{var}.isoformat()"
        if kind is Period:
            return f"{var}.text"
        if kind is Unit:
            return f"_unit_text({var})"
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return f"{var}.value"
        if _is_tuple_of(kind):
            item = expression(args[0], "x")
            return f"list({var})" if item == "x" else f"[{item} for x in {var}]"
        if Pending in args:
            return f"_value({var})"
        if set(args) - {type(None)} == set(_STATUS_TAGS):
            return f"_status({var})"
        if _is_optional(kind):
            (inner,) = [arg for arg in args if arg is not type(None)]
            return f"(None if {var} is None else {expression(inner, var)})"
        name = f"_write_{len(names)}"
        names[name] = conv.get_unstructure_hook(kind)
        return f"{name}({var})"

    # Fields always written come first, then the others, each group in the order of the
    # class: the order documents have had since 1.0 (cattrs' own order).
    fields = attrs.fields(cls)
    first = [f for f in fields if f.default is attrs.NOTHING or f.alias in always]
    lines = ["def write(obj):", "    out = {}"]
    lines += [f"    out[{f.alias!r}] = {expression(f.type, f'obj.{f.name}')}" for f in first]
    for n, field in enumerate(fields):
        if field in first:
            continue
        key, default = field.alias, field.default
        value = expression(field.type, "v")
        lines.append(f"    v = obj.{field.name}")
        if default is None:
            lines.append(f"    if v is not None: out[{key!r}] = {value}")
        elif isinstance(default, attrs.Factory) and default.factory is tuple:  # type: ignore[arg-type]
            lines.append(f"    if v: out[{key!r}] = {value}")
        else:
            factory = isinstance(default, attrs.Factory)  # type: ignore[arg-type]
            names[f"_default_{n}"] = default.factory() if factory else default
            lines.append(f"    if v != _default_{n}: out[{key!r}] = {value}")
    lines.append("    return out")
    code = "\n".join(lines)
    exec(compile(code, f"<resultsframe writer for {cls.__name__}>", "exec"), names)
    write: Callable[[Any], dict[str, Any]] = names["write"]
    return write


def _model_classes() -> list[type[Any]]:
    """Every attrs class a framework is made of, found from its fields' types, parts first.

    Periods and pending values are attrs classes too, but are written in a form of their own.
    """
    found: list[type[Any]] = []

    def visit(kind: Any) -> None:
        if kind in (Period, Pending, Relative) or kind in found:
            return
        if isinstance(kind, type) and attrs.has(kind):
            attrs.resolve_types(kind)
            for field in attrs.fields(kind):
                visit(field.type)
            found.append(kind)
        else:
            for arg in typing.get_args(kind):
                visit(arg)

    visit(Framework)
    return found


def _model_enums() -> list[type[enum.Enum]]:
    found: list[type[enum.Enum]] = []
    for cls in _model_classes():
        stack = [a.type for a in attrs.fields(cls)]
        while stack:
            kind = stack.pop()
            if isinstance(kind, type) and issubclass(kind, enum.Enum):
                if kind not in found:
                    found.append(kind)
            else:
                stack.extend(typing.get_args(kind))
    return found


def _describe(kind: Any) -> str:
    """What a type looks like in a document, for messages."""
    args = typing.get_args(kind)
    if _is_tuple_of(kind):
        return f"an array of {_describe(args[0]).removeprefix('a ').removeprefix('an ')}s"
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        named = [a for a in args if a is not type(None)]
        if set(named) == set(_STATUS_TAGS):
            return "a status method"
        if Pending in named:
            return 'a value ({"value": <number>, "unit": <unit>} or {"pending": <text>})'
        return " or ".join(_describe(a) for a in named)
    simple = {
        str: "a text",
        bool: "true or false",
        int: "a whole number",
        float: "a number",
        date: 'a date ("YYYY-MM-DD")',
        Period: 'a period ("2018", "2018-06" …)',
    }
    if kind in simple:
        return simple[kind]
    if kind is Unit:
        return "a unit name"
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return "one of " + ", ".join(_show(m.value) for m in kind)
    if isinstance(kind, type):
        return "a " + re.sub(r"(?<!^)(?=[A-Z])", " ", kind.__name__).lower()
    return str(kind)


_fast = _make_converter(detailed=False)
_detailed = _make_converter(detailed=True)


# --- errors with JSON paths ------------------------------------------------------------------


def _key_path(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    text = str(key)
    if _KEY_RE.fullmatch(text):
        return f"{path}.{text}"
    return f"{path}[{json.dumps(text if len(text) <= 40 else text[:40] + '…', ensure_ascii=False)}]"


def _cut(message: str) -> str:
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 1] + "…"


def _format_problem(exc: BaseException, kind: Any, path: str) -> list[Problem]:
    """The problems one leaf exception of a structuring stands for, each at its JSON path."""
    if isinstance(exc, KeyError):
        # Raised by cattrs' generated code for a required key that is absent.
        expected = f": {_describe(kind)}" if kind is not None else ""
        return [Problem("missing", f"required key missing; expected here{expected}", (path,))]
    if isinstance(exc, _KeysError):
        problems = []
        for key in exc.unexpected:
            near = difflib.get_close_matches(key, exc.allowed, n=1)
            hint = f"did you mean {_show(near[0])}? " if near else ""
            allowed = ", ".join(exc.allowed)
            message = _cut(f"unexpected key; {hint}the keys here are: {allowed}")
            problems.append(Problem("unexpected", message, (_key_path(path, key),)))
        problems.extend(
            Problem(
                "missing", f"required key missing; expected here: {what}", (_key_path(path, key),)
            )
            for key, what in exc.missing.items()
        )
        return problems
    if isinstance(exc, ForbiddenExtraKeysError):  # pragma: no cover - our own check runs first
        return [
            Problem("unexpected", f"unexpected key {_show(key)}", (path,))
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, _RefusedError):
        where = path if exc.at is None else _key_path(path, exc.at)
        return [Problem("invalid", _cut(str(exc)), (where,))]
    if isinstance(exc, ValidationError):
        # An object of the model that is not well-formed on its own.
        return [Problem(p.code, _cut(p.message), (path,)) for p in exc.problems]
    if isinstance(exc, (ValueError, TypeError)):
        # The model's own validators: their messages name the field and what it must be.
        return [Problem("invalid", _cut(_message(exc)), (path,))]
    return [
        Problem("invalid", _cut(f"cannot read this value ({type(exc).__name__}: {exc})"), (path,))
    ]


def _collect(exc: BaseException, path: str, kind: Any = None) -> Iterator[Problem]:
    if isinstance(exc, IterableValidationError):
        items, others = exc.group_exceptions()
        for inner, item in items:
            yield from _collect(inner, f"{path}[{item.index}]", item.type)
        for inner in others:
            yield from _collect(inner, path, kind)
    elif isinstance(exc, ClassValidationError):
        aliases = {a.name: a.alias for a in attrs.fields(exc.cl)} if attrs.has(exc.cl) else {}
        fields, rest = exc.group_exceptions()
        for inner, field in fields:
            name = aliases.get(field.name, field.name)
            yield from _collect(inner, _key_path(path, name), field.type)
        for inner in rest:
            yield from _collect(inner, path, kind)
    else:
        yield from _format_problem(exc, kind, path)


def _refuse(problems: list[Problem], source: str) -> DocumentError:
    if len(problems) > _MAX_PROBLEMS:
        more = len(problems) - _MAX_PROBLEMS
        problems = [*problems[:_MAX_PROBLEMS], Problem("more", f"and {more} more problems")]
    return DocumentError(problems, source=source)


def _with_paths(exc: ValidationError, framework: Mapping[str, Any], source: str) -> ValidationError:
    """The framework's own problems, each also naming the JSON path of what it is about."""
    root = "$.framework"
    paths: dict[str, list[str]] = {}
    results = framework.get("results", [])
    for i, result in enumerate(results):
        paths.setdefault(result["id"], []).append(f"{root}.results[{i}]")
        for j, indicator in enumerate(result.get("indicators", [])):
            paths.setdefault(indicator["id"], []).append(f"{root}.results[{i}].indicators[{j}]")
    for field in ("themes", "definitions"):
        for i, item in enumerate(framework.get(field, [])):
            paths.setdefault(item["id"], []).append(f"{root}.{field}[{i}]")
    links: dict[tuple[str, str], list[str]] = {}
    for i, link in enumerate(framework.get("links", [])):
        links.setdefault((link["child"], link["parent"]), []).append(f"{root}.links[{i}]")

    def place(problem: Problem) -> list[str]:
        where = problem.where
        if problem.code == "cycle":
            pairs = zip(where, (*where[1:], where[0]), strict=True)
            return [p for pair in pairs for p in links.get(pair, [])[:1]]
        if len(where) == 2 and tuple(where) in links:
            return links[(where[0], where[1])]
        if problem.code == "time-frame":
            return [f"{root}.end"]
        if problem.code == "unknown-level" and where:
            return [f"{p}.level" for p in paths.get(where[0], [])]
        return [p for w in where for p in paths.get(w, [])]

    problems = [attrs.evolve(p, where=(*(place(p) or [root]), *p.where)) for p in exc.problems]
    subject = exc.subject if source == "document" else f"{exc.subject} in {source}"
    return ValidationError(problems, subject=subject)


# --- versions and migrations -------------------------------------------------------------------


@attrs.frozen
class _Migration:
    """One step up: what a document of ``source`` becomes in ``target``.

    Attributes:
        source: The version it reads (``"0.9"``).
        target: The version it writes (``"1.0"``).
        upgrade: Turns a parsed document of ``source`` into one of ``target``; it leaves what
            it does not recognise as it was, for the reader to refuse with its path.
        has_format: Whether documents of ``source`` carried the ``"format"`` key.
    """

    source: str
    target: str
    upgrade: Callable[[dict[str, Any]], dict[str, Any]]
    has_format: bool = True


def _upgrade_0_9(data: dict[str, Any]) -> dict[str, Any]:
    """0.9 → 1.0: add ``format``; name the level scheme; links ``from``/``to`` → ``child``/``parent``.

    The 0.9 draft wrote the level scheme as a bare array of level names (the default scheme when
    absent) and links as ``{"from": child, "to": parent}``. A bare array that equals a built-in
    scheme's levels takes that scheme's name; any other is named ``"custom"``.
    """
    out = {"format": FORMAT, **{k: v for k, v in data.items() if k != "format"}, "version": "1.0"}
    framework = data.get("framework")
    if not isinstance(framework, dict):
        return out
    framework = dict(framework)
    levels = framework.get("levels")
    if isinstance(levels, list):
        names = [name for name, s in SCHEMES.items() if list(s.levels) == levels]
        framework["levels"] = {"name": names[0] if names else "custom", "levels": levels}
    links = framework.get("links")
    if isinstance(links, list):
        renamed = []
        for link in links:
            if isinstance(link, dict) and "child" not in link and "parent" not in link:
                link = {  # noqa: PLW2901 - the renamed copy replaces the item
                    {"from": "child", "to": "parent"}.get(key, key): value
                    for key, value in link.items()
                }
            renamed.append(link)
        framework["links"] = renamed
    out["framework"] = framework
    return out


#: The table of migrations, by the version they read. Each step raises the version until the
#: document is of the current major version.
_MIGRATIONS: dict[str, _Migration] = {
    m.source: m for m in (_Migration("0.9", "1.0", _upgrade_0_9, has_format=False),)
}


def _upgrade(data: dict[str, Any], source: str) -> tuple[dict[str, Any], tuple[int, int], str]:
    """The document migrated to the current major version, its version, and how it was read."""
    problems: list[Problem] = []
    version = data.get("version")
    old = _MIGRATIONS.get(version) if isinstance(version, str) else None
    if "format" not in data:
        if old is None or old.has_format:
            problems.append(
                Problem(
                    "format", f'required key missing; expected "format": "{FORMAT}"', ("$.format",)
                )
            )
    elif data["format"] != FORMAT:
        got = _show(data["format"]) if isinstance(data["format"], str) else _kind(data["format"])
        problems.append(
            Problem(
                "format",
                f'expected "{FORMAT}", got {got}; this is not a resultsframe document',
                ("$.format",),
            )
        )
    match = _VERSION_RE.fullmatch(version) if isinstance(version, str) else None
    if "version" not in data:
        problems.append(
            Problem(
                "version", f'required key missing; expected "version": "{VERSION}"', ("$.version",)
            )
        )
    elif match is None:
        got = _show(version) if isinstance(version, str) else _kind(version)
        problems.append(
            Problem(
                "version",
                f'expected a version as text such as "{VERSION}", got {got}',
                ("$.version",),
            )
        )
    elif int(match[1]) > _MAJOR:
        problems.append(
            Problem(
                "version",
                f"this document is format version {version}, newer than this resultsframe reads "
                f"({_MAJOR}.x); upgrade resultsframe to read it",
                ("$.version",),
            )
        )
    elif int(match[1]) < _MAJOR and version not in _MIGRATIONS:
        known = ", ".join(sorted(_MIGRATIONS))
        problems.append(
            Problem(
                "version",
                f"format version {version} is not supported; this resultsframe reads {_MAJOR}.x and "
                f"migrates {known}",
                ("$.version",),
            )
        )
    extra = [key for key in data if key not in ("format", "version", "framework")]
    problems.extend(
        Problem(
            "unexpected",
            "unexpected key; the keys here are: format, version, framework",
            (_key_path("$", key),),
        )
        for key in extra
    )
    if "framework" not in data:
        problems.append(
            Problem(
                "missing",
                "required key missing; expected here: the framework, an object",
                ("$.framework",),
            )
        )
    if problems:
        raise _refuse(problems, source)
    assert isinstance(version, str)
    read_as, written, steps = source, version, 0
    while version in _MIGRATIONS and steps < len(_MIGRATIONS):
        migration = _MIGRATIONS[version]
        data = migration.upgrade(data)
        version = migration.target
        steps += 1
    if steps:
        read_as = f"{source} (format {written}, migrated to {version})"
    major, minor = (int(part) for part in version.split("."))
    return data, (major, minor), read_as


# --- reading and writing ---------------------------------------------------------------------


def schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of the document format this version writes.

    A new dict on every call; ``resultsframe schema`` prints it.

    >>> schema()["title"]
    'resultsframe document, format 1.0'
    """
    return json.loads(_schema_text())  # type: ignore[no-any-return]


@cache
def _schema_text() -> str:
    return (
        resources.files("resultsframe").joinpath("schema", SCHEMA_FILE).read_text(encoding="utf-8")
    )


def to_dict(framework: Framework) -> dict[str, Any]:
    """The framework as a JSON-ready document (dicts, lists, texts, numbers), with format and version.

    Raises:
        DocumentError: if the framework holds a number a document cannot (a magnitude beyond
            ±(2**53 - 1), or a magnitude that is not a plain number); the problem names its path.
    """
    try:
        body = _fast.unstructure(framework, Framework)
    except ValueError as exc:
        problems = list(_unwritable(framework, "$.framework"))
        if not problems:  # pragma: no cover - every refusal when writing is a number
            problems = [Problem("unwritable", _cut(str(exc)), ("$.framework",))]
        raise _refuse(problems, f"framework {framework.id!r}") from None
    return {"format": FORMAT, "version": VERSION, "framework": body}


def _unwritable(value: object, path: str) -> Iterator[Problem]:
    """Where a framework holds what a document cannot: walked only when writing failed."""
    if isinstance(value, Quantity):
        try:
            _check_number(value.magnitude, "a number as magnitude")
        except _RefusedError as exc:
            yield Problem("unwritable", _cut(str(exc)), (f"{path}.value",))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _unwritable(item, f"{path}[{index}]")
    elif attrs.has(type(value)):
        for field in attrs.fields(typing.cast("type[attrs.AttrsInstance]", type(value))):
            yield from _unwritable(getattr(value, field.name), _key_path(path, field.alias))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            _check_number(value)
        except _RefusedError as exc:
            yield Problem("unwritable", _cut(str(exc)), (path,))


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def dumps(framework: Framework) -> str:
    r"""The framework as a JSON document: deterministic text, indented, ending in a newline.

    Texts are written as they are (not as ``\u`` escapes), except a lone surrogate, which
    cannot be encoded in UTF-8 and is written as its escape, so the text always encodes.

    Raises:
        DocumentError: if the framework holds a number a document cannot hold (see
            :func:`to_dict`).
    """
    text = json.dumps(to_dict(framework), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = _SURROGATE_RE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
    return text


def from_dict(data: Any, *, source: str = "document") -> Framework:
    """Read a parsed JSON document (dicts and lists) into a framework.

    Args:
        data: The document as :func:`json.loads` gives it.
        source: What to call it in error messages (a file name).

    Raises:
        DocumentError: naming the JSON path of every problem found.
        ValidationError: if the framework breaks the model's rules (cycles, dangling links …);
            each problem names the JSON path too.
    """
    if type(data) is not dict:
        raise _refuse(
            [
                Problem(
                    "type",
                    f"expected an object at the top of the document, got {_kind(data)}",
                    ("$",),
                )
            ],
            source,
        )
    data, (_major, minor), read_as = _upgrade(data, source)
    body = data["framework"]
    try:
        return _fast.structure(body, Framework)
    except Exception:  # read again below, slowly, to say where and why
        pass
    try:
        problems = _problems_in(body)
    except ValidationError as exc:
        # Every part reads; the framework as a whole breaks the model's rules.
        raise _with_paths(exc, body, read_as) from None
    if minor > _MINOR and any(p.code == "unexpected" for p in problems):
        problems.append(
            Problem(
                "version",
                f"this document is format version {_MAJOR}.{minor}, newer than the {VERSION} this "
                "resultsframe reads, and uses what it does not know; upgrade resultsframe to read it",
                ("$.version",),
            )
        )
    raise _refuse(problems, read_as)


def _problems_in(body: object) -> list[Problem]:
    """Every problem of a framework that does not read, each at its JSON path.

    Raises:
        ValidationError: when every part reads but the framework breaks the model's rules as a
            whole: the detailed reader catches what its parts raise, not what the framework does.
    """
    try:
        _detailed.structure(body, Framework)
    except ValidationError:
        raise
    except ClassValidationError as exc:
        fields, rest = exc.group_exceptions()
        if exc.cl is Framework and not fields and len(rest) == 1:
            (whole,) = rest
            if isinstance(whole, ValidationError):
                raise whole from None  # raised by the framework itself, not by one of its parts
        return list(_collect(exc, "$.framework", Framework))
    except Exception as exc:  # every problem becomes a message
        return list(_collect(exc, "$.framework", Framework))
    # Both readers apply the same hooks; this is only reached if they disagree.
    return [
        Problem("invalid", "the framework cannot be read", ("$.framework",))
    ]  # pragma: no cover


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, parse_constant=_NonFinite)
    except json.JSONDecodeError as exc:
        problem = Problem(
            "json", f"not valid JSON: {exc.msg}", (f"line {exc.lineno}, column {exc.colno}",)
        )
    except RecursionError:
        problem = Problem(
            "json", "nested too deeply to read; a document nests a few levels, not thousands"
        )
    except ValueError:
        # An integer with more digits than Python converts (4300 by default).
        long = re.search(r"[0-9]{1000,}", text)
        where = (_position(text, long.start()),) if long else ()
        problem = Problem(
            "json",
            f"a number with thousands of digits; numbers are limited to ±{MAX_SAFE_INTEGER}",
            where,
        )
    raise _refuse([problem], source)


def loads(
    text: str | bytes, *, source: str = "document", max_bytes: int | None = MAX_BYTES
) -> Framework:
    """Read a framework from a JSON document.

    Args:
        text: The document, as text or UTF-8 bytes (a UTF-8 byte order mark is allowed).
        source: What to call it in error messages (a file name).
        max_bytes: Refuse documents larger than this (in UTF-8 bytes); None reads any size.

    Raises:
        DocumentError: for anything that is not a readable document, with the JSON path or the
            line and column of each problem.
        ValidationError: if the framework breaks the model's rules.
        TypeError: if ``text`` is neither text nor bytes.
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        raw = bytes(text)
        _check_size(len(raw), max_bytes, "document", source)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise _refuse(
                [
                    Problem(
                        "encoding",
                        f"not UTF-8: the byte {raw[exc.start]:#04x} cannot be decoded; save the file as UTF-8",
                        (f"line {line}, column {column} (byte {exc.start})",),
                    )
                ],
                source,
            ) from None
    elif isinstance(text, str):
        if max_bytes is not None and len(text) * 4 > max_bytes:
            _check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes, "document", source)
    else:
        raise TypeError(
            f"loads reads a JSON document as text or bytes, got {type(text).__name__}; "
            "use from_dict for parsed data"
        )
    text = text.removeprefix("\ufeff")
    return from_dict(_parse_json(text, source), source=source)


def _check_size(size: int, max_bytes: int | None, what: str, source: str) -> None:
    if max_bytes is not None and size > max_bytes:
        raise _refuse(
            [
                Problem(
                    "size",
                    f"the {what} is {size:,} bytes, more than the limit of {max_bytes:,}; "
                    "pass max_bytes=None to read it anyway",
                )
            ],
            source,
        )


def load(path: str | os.PathLike[str], *, max_bytes: int | None = MAX_BYTES) -> Framework:
    """Read a framework from a JSON file. See :func:`loads`.

    A file larger than ``max_bytes`` is refused before it is read.

    Raises:
        DocumentError: if the file cannot be read or is not a valid document.
        ValidationError: if the framework breaks the model's rules.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            _check_size(size, max_bytes, "file", str(path))
            # Read at most one byte past the limit: a file may grow, or not be a regular file.
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _refuse([Problem("file", f"cannot read the file: {reason}")], str(path)) from None
    _check_size(len(data), max_bytes, "file", str(path))
    return loads(data, source=str(path), max_bytes=None)


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` in UTF-8 through a temporary file in the same folder, then rename.

    A failure leaves no partial file and leaves an existing file as it was. A new file gets the
    usual permissions (those the umask allows); an existing file keeps its own.

    Raises:
        DocumentError: if the file cannot be written.
    """
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _refuse(
            [Problem("encoding", f"the text cannot be written as UTF-8 ({exc.reason})")], str(path)
        ) from None
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise _refuse([Problem("file", f"cannot write here: {exc.strerror}")], str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with suppress(FileNotFoundError):
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            reason = exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc))
            raise _refuse(
                [Problem("file", f"cannot write the file: {reason}")], str(path)
            ) from None
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    # So that the rename itself survives a power cut; not every system can open a folder.
    with suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def dump(framework: Framework, path: str | os.PathLike[str]) -> None:
    """Write the framework to a JSON file, atomically (see :func:`write_atomic`).

    The document is made in full before the file is touched: a framework that cannot be
    written leaves the file as it was.

    Raises:
        DocumentError: if the framework cannot be written as a document, or the file cannot be
            written.
    """
    write_atomic(path, dumps(framework))
