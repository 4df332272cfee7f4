"""Make autodoc tell the truth about attrs classes and annotated attributes.

Three things go wrong with plain autodoc on this code base, and each is put right here:

- **Signatures of attrs classes** show ``NOTHING`` for every default made by a factory, and
  ``attr_dict['unit'].default`` when defaults are preserved. The signature is rebuilt from
  :func:`attrs.fields`: ``results=()``, ``measure=Measure.QUANTITY``.
- **Parameter types of attrs classes** are taken by Sphinx from the class annotations by name,
  which is wrong where a field and a property share a name (``Framework.results`` is a tuple
  argument but a mapping property) and hides what a converter accepts (``start`` takes a date
  or ``"2015-01-01"``). The types are written from the ``__init__`` that attrs generates, which
  carries the converters' argument types, and from the fields.
- **Property and attribute docstrings**: Google style lets a property docstring start with its
  type (``int: The count.``), so napoleon reads ``The final target: the last one.`` as the type
  "The final target". resultsframe takes types from annotations only, so the first line of
  such a docstring is never a type.

- **Cached properties of slotted attrs classes** (``Framework.results``, ``.indicators``,
  ``.graph``) are invisible to autodoc: attrs replaces each by a slot and serves it from a
  generated ``__getattr__``. They are written into the class's documentation as properties,
  from the functions attrs keeps.

Exceptions with an ``__init__`` also lose the "Return type: None" Sphinx gives them (it leaves
it out for classes, not for exceptions).
"""

from __future__ import annotations

import enum
import inspect
import re
import typing
from typing import Any

import attrs
from sphinx.application import Sphinx
from sphinx.util.typing import stringify_annotation

__all__ = ["setup"]

_FIELD = re.compile(
    r"^:(param|parameter|arg|argument|key|keyword|type|raises?|except|exception|var|ivar|cvar"
    r"|vartype|returns?|rtype|meta)\b"
)
_TYPE_FIELD = re.compile(r"^:type (?P<name>\w+):")


def _default(field: attrs.Attribute[Any]) -> str | None:
    default = field.default
    if default is attrs.NOTHING:
        return None
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory: Any = default
        return "…" if factory.takes_self else repr(factory.factory())
    if isinstance(default, enum.Enum):
        return f"{type(default).__name__}.{default.name}"
    return repr(default)


def _init_fields(cls: type) -> list[attrs.Attribute[Any]]:
    return [field for field in attrs.fields(cls) if field.init]


def attrs_signature(
    _app: Sphinx,
    what: str,
    _name: str,
    obj: object,
    _options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    """``autodoc-process-signature``: an attrs class's signature from its fields."""
    if what not in {"class", "exception"} or not (isinstance(obj, type) and attrs.has(obj)):
        return None
    params: list[str] = []
    star = False
    for field in _init_fields(obj):
        if field.kw_only and not star:
            params.append("*")
            star = True
        default = _default(field)
        name = field.alias or field.name
        params.append(name if default is None else f"{name}={default}")
    return f"({', '.join(params)})", return_annotation


def _accepted_types(cls: type) -> dict[str, str]:
    try:
        hints = typing.get_type_hints(cls.__init__)  # type: ignore[misc]
    except Exception:  # an unresolvable hint: fall back to the fields' own types
        hints = {}
    types: dict[str, str] = {}
    for field in _init_fields(cls):
        name = field.alias or field.name
        hint: object = hints.get(name, field.type)
        if hint is None:
            continue
        types[name] = hint if isinstance(hint, str) else stringify_annotation(hint, "smart")
    return types


def attrs_parameter_types(
    _app: Sphinx, what: str, _name: str, obj: object, _options: object, lines: list[str]
) -> None:
    """``autodoc-process-docstring``, after napoleon: a ``:type:`` for each attrs argument."""
    if what not in {"class", "exception"} or not (isinstance(obj, type) and attrs.has(obj)):
        return
    declared = {m["name"] for line in lines if (m := _TYPE_FIELD.match(line))}
    typed = [
        f":type {name}: {hint}"
        for name, hint in _accepted_types(obj).items()
        if name not in declared
    ]
    if not typed:
        return
    # Into the first field list, next to napoleon's ":param" lines: Sphinx pairs a ":type" with
    # its ":param" only within one list, and would add its own types to any other list.
    start = next((n for n, line in enumerate(lines) if _FIELD.match(line)), None)
    if start is None:
        if lines and lines[-1].strip():
            lines.append("")
        lines.extend(typed)
    else:
        lines[start:start] = typed


def no_inline_types(
    _app: Sphinx, what: str, _name: str, _obj: object, _options: object, lines: list[str]
) -> None:
    """``autodoc-process-docstring``, before napoleon: the first line is never a type.

    Napoleon splits the first line of an attribute docstring at its first colon and takes what
    comes before as the type. A line that starts with a colon has nothing before it, so the
    whole line stays the description.
    """
    if what not in {"attribute", "data", "property"}:
        return
    for n, line in enumerate(lines):
        if line.strip():
            lines[n] = ": " + line
            return


def drop_exception_return_type(_app: Sphinx, domain: str, objtype: str, contentnode: Any) -> None:
    """``object-description-transform``: no "Return type: None" under an exception."""
    if domain != "py" or objtype != "exception":
        return
    for child in list(contentnode.children):
        if type(child).__name__ != "field_list":
            continue
        for field in list(child.children):
            if field.children and field.children[0].astext() == "rtype":
                child.remove(field)
        if not child.children:
            contentnode.remove(child)


def _cached_properties(cls: type) -> dict[str, Any]:
    """The functions behind an attrs class's cached properties, by name.

    attrs keeps them as the default of the ``cached_properties`` argument of the ``__getattr__``
    it generates. That is not a public API, so anything unexpected gives an empty result: the
    properties then go undocumented, as they would without this extension.
    """
    getattr_ = cls.__dict__.get("__getattr__")
    if getattr_ is None or not attrs.has(cls):
        return {}
    try:
        parameter = inspect.signature(getattr_).parameters.get("cached_properties")
    except (TypeError, ValueError):
        return {}
    found = parameter.default if parameter is not None else None
    return dict(found) if isinstance(found, dict) else {}


def cached_properties(
    _app: Sphinx, what: str, _name: str, obj: object, _options: object, lines: list[str]
) -> None:
    """``autodoc-process-docstring``, after napoleon: a class's public cached properties."""
    if what != "class" or not isinstance(obj, type):
        return
    entries: list[str] = []
    for name, function in _cached_properties(obj).items():
        if name.startswith("_"):
            continue
        entries.extend(["", f".. py:property:: {name}"])
        annotation = inspect.signature(function).return_annotation
        hints = _return_hint(function)
        if hints is not None:
            entries.append(f"   :type: {hints}")
        elif isinstance(annotation, str):
            entries.append(f"   :type: {annotation}")
        entries.append("")
        entries.extend(
            f"   {line}" if line else "" for line in (inspect.getdoc(function) or "").splitlines()
        )
    if entries:
        if lines and lines[-1].strip():
            lines.append("")
        lines.extend(entries)


def _return_hint(function: Any) -> str | None:
    try:
        hint = typing.get_type_hints(function).get("return")
    except Exception:  # an unresolvable hint: fall back to the text of the annotation
        return None
    return None if hint is None else stringify_annotation(hint, "smart")


def setup(app: Sphinx) -> None:
    """Connect the handlers; napoleon runs at the default priority, 500."""
    app.connect("autodoc-process-docstring", no_inline_types, priority=400)
    app.connect("autodoc-process-docstring", attrs_parameter_types, priority=600)
    app.connect("autodoc-process-docstring", cached_properties, priority=650)
    app.connect("autodoc-process-signature", attrs_signature, priority=600)
    app.connect("object-description-transform", drop_exception_return_type, priority=600)
