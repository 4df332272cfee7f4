"""The private cattrs converters between a framework and a parsed JSON document.

Two converters share every hook: :func:`converter` reads fast and stops at the first problem,
and writes; :func:`detailed_converter` reads a document the fast one refused again, collecting
every problem for :mod:`resultsframe.document.paths` to place. Each is built on first use, not
when :mod:`resultsframe` is imported: building one inspects every class of the model.

Writing is generated code per class (:func:`_writer`): fields that hold their default are left
out, and the order of the keys is fixed, so the same framework always gives the same document.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn

from resultsframe.document.values import (
    KeysError,
    RefusedError,
    kind,
    show,
    structure_bool,
    structure_date,
    structure_enum,
    structure_int,
    structure_number,
    structure_parameter_value,
    structure_period,
    structure_str,
    structure_target_value,
    structure_unit,
    structure_value,
    unit_text,
    unstructure_number,
    unstructure_value,
)
from resultsframe.exceptions import close_names
from resultsframe.framework import Framework
from resultsframe.methods import Band, GrowthRatio, StatusMethod, Trajectory
from resultsframe.periods import Period
from resultsframe.units import Quantity, Unit
from resultsframe.values import Pending, Relative

__all__ = ["converter", "describe", "detailed_converter", "is_tuple_of"]

# The status methods, written with a "method" tag: {"method": "band", "tolerance": 0.05}.
_STATUS_TAGS: dict[type[Any], str] = {
    Trajectory: "trajectory",
    Band: "band",
    GrowthRatio: "growth_ratio",
}


@cache
def converter() -> cattrs.Converter:
    """The converter that writes documents, and reads them when they hold no problem."""
    return _make_converter(detailed=False)


@cache
def detailed_converter() -> cattrs.Converter:
    """The converter that reads a refused document again, collecting every problem."""
    return _make_converter(detailed=True)


def is_tuple_of(hint: Any) -> bool:
    """Whether ``hint`` is ``tuple[X, ...]``: an array in a document."""
    return (
        typing.get_origin(hint) is tuple
        and len(typing.get_args(hint)) == 2
        and typing.get_args(hint)[1] is Ellipsis
    )


def _is_optional(hint: Any) -> bool:
    args = typing.get_args(hint)
    return (
        typing.get_origin(hint) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _optional_hook(conv: cattrs.Converter) -> Callable[[Any], Callable[[object, object], Any]]:
    """``X | None``: null, or an X (cattrs' own hook looks X's hook up on every call)."""

    def factory(hint: Any) -> Callable[[object, object], Any]:
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        handler = conv.get_structure_hook(inner)

        def structure(value: object, _type: object) -> Any:
            return None if value is None else handler(value, inner)

        return structure

    return factory


def _tuple_hook(conv: cattrs.Converter) -> Callable[[Any], Callable[[object, object], Any]]:
    """Arrays become tuples; a text or an object is refused rather than iterated."""

    def factory(hint: Any) -> Callable[[object, object], Any]:
        item_type = typing.get_args(hint)[0]
        handler = conv.get_structure_hook(item_type)
        if not conv.detailed_validation:

            def fast(value: object, _type: object) -> tuple[Any, ...]:
                if type(value) is not list:
                    raise RefusedError(f"expected an array, got {kind(value)}")
                return tuple([handler(item, item_type) for item in value])

            return fast

        def detailed(value: object, _type: object) -> tuple[Any, ...]:
            if type(value) is not list:
                raise RefusedError(f"expected an array, got {kind(value)}")
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
                raise IterableValidationError("invalid items", errors, hint)
            return tuple(items)

        return detailed

    return factory


def _object_hook(conv: cattrs.Converter) -> Callable[[Any], Callable[[object, object], Any]]:
    """Objects of the model: generated by cattrs, behind a check that the value is an object."""

    def factory(cls: type[Any]) -> Callable[[object, object], Any]:
        # Unknown keys are refused here, with every key named, rather than by cattrs.
        generated = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=False, _cattrs_use_alias=True
        )
        ordered = tuple(a.alias for a in attrs.fields(cls))
        required = {
            a.alias: describe(a.type) for a in attrs.fields(cls) if a.default is attrs.NOTHING
        }
        keys = frozenset(ordered)
        what = f"an object ({describe(cls)})"

        def structure(value: object, _type: object) -> Any:
            if type(value) is not dict:
                raise RefusedError(f"expected {what}, got {kind(value)}")
            if not keys.issuperset(value):
                raise KeysError(
                    [key for key in value if key not in keys],
                    ordered,
                    {key: expected for key, expected in required.items() if key not in value},
                )
            return generated(value, cls)

        return structure

    return factory


def _status_hooks(
    conv: cattrs.Converter,
) -> tuple[Callable[[object, object], Any], Callable[[Any], Any]]:
    by_tag = {tag: cls for cls, tag in _STATUS_TAGS.items()}
    choices = ", ".join(show(tag) for tag in by_tag)

    def structure(value: object, _type: object) -> Any:
        if type(value) is not dict:
            raise RefusedError(
                f'expected a status method: an object with "method": {choices}; got {kind(value)}'
            )
        tag = value.get("method")
        if not isinstance(tag, str) or tag not in by_tag:
            if "method" not in value:
                got = "nothing"
            else:
                got = show(tag) if isinstance(tag, str) else kind(tag)
            near = close_names(tag, by_tag) if isinstance(tag, str) else []
            hint = f" (did you mean {show(near[0])}?)" if near else ""
            raise RefusedError(f'expected "method": one of {choices}; got {got}{hint}')
        rest = {key: item for key, item in value.items() if key != "method"}
        cls = by_tag[tag]
        return conv.get_structure_hook(cls)(rest, cls)

    def unstructure(value: Any) -> Any:
        cls = type(value)
        return {"method": _STATUS_TAGS[cls], **conv.get_unstructure_hook(cls)(value)}

    return structure, unstructure


def _make_converter(*, detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(
        omit_if_default=True, forbid_extra_keys=True, use_alias=True, detailed_validation=detailed
    )
    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(bool, structure_bool)
    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(float, structure_number)
    conv.register_unstructure_hook(int, unstructure_number)
    conv.register_unstructure_hook(float, unstructure_number)
    conv.register_unstructure_hook(bool, bool)
    conv.register_structure_hook(Unit, structure_unit)
    conv.register_unstructure_hook(Unit, unit_text)
    conv.register_structure_hook(date, structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(Period, structure_period)
    conv.register_unstructure_hook(Period, str)
    for value_type in (Quantity | Pending | None, Quantity | Pending):
        conv.register_unstructure_hook(value_type, unstructure_value)
    conv.register_structure_hook(Quantity | Pending | None, structure_value)
    conv.register_unstructure_hook(Quantity | Pending | Relative | None, unstructure_value)
    conv.register_structure_hook(Quantity | Pending | Relative | None, structure_target_value)
    conv.register_structure_hook(Quantity | Pending, structure_parameter_value)
    # Registered one by one: the model's enums are StrEnums, which the hook for str would take.
    for choice in _model_enums():
        conv.register_structure_hook(choice, structure_enum(choice))
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
    conv.register_structure_hook_factory(is_tuple_of, _tuple_hook(conv))
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
        "_number": unstructure_number,
        "_unit_text": unit_text,
        "_value": unstructure_value,
        "_status": status,
    }

    def expression(hint: Any, var: str) -> str:
        args = typing.get_args(hint)
        if hint in (str, bool):
            return var
        if hint in (int, float):
            return f"_number({var})"
        if hint is date:
            return f"{var}.isoformat()"
        if hint is Period:
            return f"{var}.text"
        if hint is Unit:
            return f"_unit_text({var})"
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return f"{var}.value"
        if is_tuple_of(hint):
            item = expression(args[0], "x")
            return f"list({var})" if item == "x" else f"[{item} for x in {var}]"
        if Pending in args:
            return f"_value({var})"
        if set(args) - {type(None)} == set(_STATUS_TAGS):
            return f"_status({var})"
        if _is_optional(hint):
            (inner,) = [arg for arg in args if arg is not type(None)]
            return f"(None if {var} is None else {expression(inner, var)})"
        name = f"_write_{len(names)}"
        names[name] = conv.get_unstructure_hook(hint)
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

    def visit(hint: Any) -> None:
        if hint in (Period, Pending, Relative) or hint in found:
            return
        if isinstance(hint, type) and attrs.has(hint):
            attrs.resolve_types(hint)
            for field in attrs.fields(hint):
                visit(field.type)
            found.append(hint)
        else:
            for arg in typing.get_args(hint):
                visit(arg)

    visit(Framework)
    return found


def _model_enums() -> list[type[enum.Enum]]:
    found: list[type[enum.Enum]] = []
    for cls in _model_classes():
        stack = [a.type for a in attrs.fields(cls)]
        while stack:
            hint = stack.pop()
            if isinstance(hint, type) and issubclass(hint, enum.Enum):
                if hint not in found:
                    found.append(hint)
            else:
                stack.extend(typing.get_args(hint))
    return found


def describe(hint: Any) -> str:
    """What a type looks like in a document, for messages."""
    args = typing.get_args(hint)
    if is_tuple_of(hint):
        return f"an array of {describe(args[0]).removeprefix('a ').removeprefix('an ')}s"
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        named = [a for a in args if a is not type(None)]
        if set(named) == set(_STATUS_TAGS):
            return "a status method"
        if Pending in named:
            return 'a value ({"value": <number>, "unit": <unit>} or {"pending": <text>})'
        return " or ".join(describe(a) for a in named)
    simple = {
        str: "a text",
        bool: "true or false",
        int: "a whole number",
        float: "a number",
        date: 'a date ("YYYY-MM-DD")',
        Period: 'a period ("2018", "2018-06" …)',
    }
    if hint in simple:
        return simple[hint]
    if hint is Unit:
        return "a unit name"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "one of " + ", ".join(show(m.value) for m in hint)
    if isinstance(hint, type):
        return "a " + re.sub(r"(?<!^)(?=[A-Z])", " ", hint.__name__).lower()
    return str(hint)
