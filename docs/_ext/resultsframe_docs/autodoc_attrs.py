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

Exceptions with an ``__init__`` also lose the "Return type: None" Sphinx gives them (it leaves
it out for classes, not for exceptions).
"""

from __future__ import annotations

import enum
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


def setup(app: Sphinx) -> None:
    """Connect the handlers; napoleon runs at the default priority, 500."""
    app.connect("autodoc-process-docstring", no_inline_types, priority=400)
    app.connect("autodoc-process-docstring", attrs_parameter_types, priority=600)
    app.connect("autodoc-process-signature", attrs_signature, priority=600)
    app.connect("object-description-transform", drop_exception_return_type, priority=600)
