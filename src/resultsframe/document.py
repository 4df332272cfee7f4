"""JSON documents: the contract with every other program.

A document is an object with the format's name, its version and the framework::

    {"format": "resultsframe", "version": "1.0", "framework": {...}}

:func:`dumps` is deterministic: the same framework gives the same bytes, whatever the user's
pint display settings. Quantities are written as ``{"value": 90, "unit": "percent"}`` with pint's
explicit ``D`` unit format; pending values as ``{"pending": "XX%", "unit": "percent"}``, keeping
their original text. Fields that hold their default are left out.

:func:`loads` refuses anything it cannot read with a :class:`~resultsframe.DocumentError` whose
problems each name a JSON path (``$.framework.results[3].level``) and say what was expected,
and a framework that breaks the model's rules with a :class:`~resultsframe.ValidationError`.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.strategies import configure_tagged_union

from resultsframe.exceptions import DocumentError, Problem, ResultsframeError, UnitError, ValidationError
from resultsframe.framework import Framework
from resultsframe.levels import LevelScheme
from resultsframe.methods import Band, GrowthRatio, ShareOfUnits, StatusMethod, Trajectory
from resultsframe.model import (
    Actual,
    Baseline,
    Comment,
    Definition,
    Dimension,
    DocumentLink,
    Extension,
    HistoryEvent,
    Indicator,
    Link,
    Location,
    Narrative,
    Parameter,
    Reference,
    ReportingPeriod,
    Result,
    Target,
    Theme,
    Universe,
)
from resultsframe.periods import Period
from resultsframe.units import Quantity, Unit, format_unit, parse_unit, registry
from resultsframe.values import Pending

__all__ = ["FORMAT", "VERSION", "MAX_BYTES", "dump", "dumps", "load", "loads", "to_dict", "from_dict"]

#: The format name every document carries.
FORMAT = "resultsframe"
#: The version :func:`dumps` writes: ``major.minor``. A reader accepts every minor version of
#: its major version; a newer major version is refused.
VERSION = "1.0"
#: The largest document :func:`loads` and :func:`load` read unless told otherwise (bytes).
MAX_BYTES = 20 * 1024 * 1024
#: The largest magnitude written or read: beyond it, numbers lose precision in other languages.
MAX_SAFE_INTEGER = 2**53 - 1
_MAX_DEPTH = 64

_CLASSES: tuple[type[Any], ...] = (
    Narrative, Comment, Reference, Definition, Theme, HistoryEvent, Dimension, Location,
    DocumentLink, Extension, Universe, Baseline, Target, Actual, ReportingPeriod, Parameter,
    ShareOfUnits, Trajectory, Band, GrowthRatio, Indicator, Result, Link, LevelScheme, Framework,
)
# The status method is written with a "method" tag: {"method": "band", "tolerance": 0.05}.
_STATUS_TAGS: dict[type[Any], str] = {Trajectory: "trajectory", Band: "band", GrowthRatio: "growth_ratio"}


class _Refused(ValueError):
    """A value that the document may not hold; the message says why."""


def _check_number(value: object, what: str = "number") -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Refused(f"expected a {what}, got {_kind(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Refused(f"expected a finite {what}, got {value!r}")
    if abs(value) > MAX_SAFE_INTEGER:
        raise _Refused(
            f"{value!r} is too large: magnitudes are limited to ±{MAX_SAFE_INTEGER} (2**53 - 1), "
            "which every JSON reader represents exactly"
        )
    return value


def _kind(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a text", bool: "true or false",
             type(None): "null", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _require_object(value: object, keys: set[str], required: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Refused(f"expected an object, got {_kind(value)}")
    extra = sorted(set(value) - keys)
    if extra:
        raise _Refused(f"unexpected key(s) {extra}; allowed here: {sorted(keys)}")
    missing = sorted(required - set(value))
    if missing:
        raise _Refused(f"missing key(s) {missing}")
    return value


def _structure_unit(value: object, _type: object = None) -> Unit:
    if not isinstance(value, str):
        raise _Refused(f"expected a unit name as text, got {_kind(value)}")
    return parse_unit(value)


def _structure_quantity(value: object) -> Quantity:
    data = _require_object(value, {"value", "unit"}, {"value", "unit"})
    return registry().Quantity(_check_number(data["value"]), _structure_unit(data["unit"]))


def _structure_pending(value: object) -> Pending:
    data = _require_object(value, {"pending", "unit", "by", "due"}, {"pending"})
    text = data["pending"]
    if not isinstance(text, str):
        raise _Refused(f"'pending' holds the original text, got {_kind(text)}")
    unit = data.get("unit")
    by = data.get("by")
    if by is not None and not isinstance(by, str):
        raise _Refused(f"'by' is a text, got {_kind(by)}")
    due = data.get("due")
    return Pending(
        text,
        None if unit is None else _structure_unit(unit),
        by,
        None if due is None else _structure_date(due),
    )


def _structure_value(value: object, _type: object = None) -> Quantity | Pending | None:
    if value is None:
        return None
    if isinstance(value, dict) and "pending" in value:
        return _structure_pending(value)
    if isinstance(value, dict):
        return _structure_quantity(value)
    raise _Refused(
        "expected {\"value\": <number>, \"unit\": <unit>} or {\"pending\": <text>}, "
        f"got {_kind(value)}"
    )


def _unstructure_value(value: Quantity | Pending | None) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, Pending):
        out: dict[str, Any] = {"pending": value.text}
        if value.unit is not None:
            out["unit"] = format_unit(value.unit)
        if value.by is not None:
            out["by"] = value.by
        if value.due is not None:
            out["due"] = value.due.isoformat()
        return out
    magnitude = value.magnitude
    _check_number(magnitude, "magnitude")
    return {"value": magnitude, "unit": format_unit(value.units)}


def _structure_date(value: object, _type: object = None) -> date:
    if not isinstance(value, str):
        raise _Refused(f"expected a date as text (YYYY-MM-DD), got {_kind(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Refused(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _structure_period(value: object, _type: object = None) -> Period:
    if not isinstance(value, str):
        raise _Refused(f"expected a period as text ('2018', '2018-06', '2014-05/2014-12'), got {_kind(value)}")
    return Period.parse(value)


def _strict(kind: type[Any], what: str) -> Callable[[object, object], Any]:
    def structure(value: object, _type: object) -> Any:
        if isinstance(value, bool) and kind is not bool or not isinstance(value, kind):
            raise _Refused(f"expected {what}, got {_kind(value)}")
        return value

    return structure


def _structure_weight(value: object, _type: object) -> float:
    return _check_number(value, "weight")


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True, use_alias=True)
    conv.register_structure_hook(str, _strict(str, "a text"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(int, _strict(int, "a whole number"))
    conv.register_structure_hook(float, _structure_weight)
    conv.register_structure_hook(Unit, _structure_unit)
    conv.register_unstructure_hook(Unit, format_unit)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(Period, _structure_period)
    conv.register_unstructure_hook(Period, str)
    value_type = Quantity | Pending | None
    conv.register_structure_hook(value_type, _structure_value)
    conv.register_unstructure_hook(value_type, _unstructure_value)
    conv.register_structure_hook(Quantity | Pending, _structure_value)
    conv.register_unstructure_hook(Quantity | Pending, _unstructure_value)
    conv.register_structure_hook(int | None, lambda v, _t: None if v is None else _strict(int, "a whole number")(v, _t))
    configure_tagged_union(
        StatusMethod, conv, tag_generator=lambda cls: _STATUS_TAGS[cls], tag_name="method"
    )
    conv.register_structure_hook(
        StatusMethod | None, lambda v, _t: None if v is None else conv.structure(v, StatusMethod)
    )
    conv.register_unstructure_hook(
        StatusMethod | None, lambda v: None if v is None else conv.unstructure(v, StatusMethod)
    )
    for cls in _CLASSES:
        attrs.resolve_types(cls)
        conv.register_unstructure_hook(cls, make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True))
        conv.register_structure_hook(cls, make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True))
    # A framework's levels are always written, even the default scheme: a reader should not
    # have to know our defaults.
    conv.register_unstructure_hook(
        Framework,
        make_dict_unstructure_fn(
            Framework, conv, _cattrs_omit_if_default=True, levels=override(omit_if_default=False)
        ),
    )
    return conv


_converter = _make_converter()


def to_dict(framework: Framework) -> dict[str, Any]:
    """The framework as a JSON-ready document (a dict), with format and version."""
    return {"format": FORMAT, "version": VERSION, "framework": _converter.unstructure(framework, Framework)}


def dumps(framework: Framework) -> str:
    """The framework as a JSON document: UTF-8 text, deterministic, ending in a newline."""
    return json.dumps(to_dict(framework), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _format_problem(exc: BaseException, _type: object) -> str:
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unexpected key(s) {sorted(exc.extra_fields)}"
    if isinstance(exc, (ValueError, TypeError, ResultsframeError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _parse_json(text: str, source: str) -> Any:
    def refuse_constant(name: str) -> Any:
        raise DocumentError(
            (Problem("json", f"{name} is not allowed in a document; write a finite number"),),
            source=source,
        )

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            (Problem("json", f"not valid JSON: {exc.msg}", (f"line {exc.lineno}, column {exc.colno}",)),),
            source=source,
        ) from None
    except RecursionError:
        raise DocumentError(
            (Problem("json", f"nested too deeply; a document nests at most {_MAX_DEPTH} levels"),),
            source=source,
        ) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python reads
        raise DocumentError((Problem("json", f"cannot read a number: {exc}"),), source=source) from None


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > _MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


_VERSION_RE = re.compile(r"^(\d+)\.(\d+)$")


def from_dict(data: Any, *, source: str = "document") -> Framework:
    """Read a parsed JSON document (dicts and lists) into a framework.

    Raises:
        DocumentError: naming the JSON path of every problem found.
        ValidationError: if the framework breaks the model's rules (cycles, dangling links …).
    """
    if not isinstance(data, dict):
        raise DocumentError((Problem("type", f"expected an object at the top, got {_kind(data)}", ("$",)),), source=source)
    if _depth(data) > _MAX_DEPTH:
        raise DocumentError(
            (Problem("depth", f"nested too deeply; a document nests at most {_MAX_DEPTH} levels", ("$",)),),
            source=source,
        )
    problems = []
    if data.get("format") != FORMAT:
        problems.append(Problem(
            "format", f"expected \"format\": \"{FORMAT}\", got {json.dumps(data.get('format'))}", ("$.format",)
        ))
    version = data.get("version")
    match = _VERSION_RE.match(version) if isinstance(version, str) else None
    if match is None:
        problems.append(Problem("version", f"expected a version such as \"{VERSION}\", got {json.dumps(version)}", ("$.version",)))
    elif int(match[1]) > int(VERSION.split(".")[0]):
        problems.append(Problem(
            "version",
            f"this document is format version {version}, newer than the {VERSION} this resultsframe "
            "reads; upgrade resultsframe to read it",
            ("$.version",),
        ))
    extra = sorted(set(data) - {"format", "version", "framework"})
    if extra:
        problems.append(Problem("unexpected", f"unexpected key(s) {extra}", ("$",)))
    if "framework" not in data:
        problems.append(Problem("missing", "required key missing: \"framework\"", ("$.framework",)))
    if problems:
        raise DocumentError(problems, source=source)
    try:
        return _converter.structure(data["framework"], Framework)
    except ValidationError:
        raise
    except (cattrs.BaseValidationError, ValueError, TypeError) as exc:
        messages = cattrs.transform_error(exc, path="$.framework", format_exception=_format_problem)
        found = []
        for message in messages:
            text, _, path = message.rpartition(" @ ")
            found.append(Problem("invalid", text or message, (path,) if text else ()))
        raise DocumentError(found, source=source) from None


def loads(text: str | bytes, *, source: str = "document", max_bytes: int | None = MAX_BYTES) -> Framework:
    """Read a framework from a JSON document.

    Args:
        text: The document, as text or UTF-8 bytes.
        source: What to call it in error messages (a file name).
        max_bytes: Refuse documents larger than this; None reads any size.

    Raises:
        DocumentError: for anything that is not a readable document, with the JSON path or the
            line and column of each problem.
        ValidationError: if the framework breaks the model's rules.
    """
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if max_bytes is not None and size > max_bytes:
        raise DocumentError(
            (Problem("size", f"the document is {size:,} bytes, more than the limit of {max_bytes:,}; "
                     "pass max_bytes=None to read it anyway"),),
            source=source,
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentError(
                (Problem("encoding", f"not UTF-8: byte {exc.object[exc.start]:#04x} at offset {exc.start} "
                         "cannot be decoded; save the file as UTF-8"),),
                source=source,
            ) from None
    return from_dict(_parse_json(text, source), source=source)


def load(path: str | os.PathLike[str], *, max_bytes: int | None = MAX_BYTES) -> Framework:
    """Read a framework from a JSON file. See :func:`loads`.

    Raises:
        DocumentError: if the file cannot be read or is not a valid document.
        ValidationError: if the framework breaks the model's rules.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise DocumentError(
                (Problem("size", f"the file is {size:,} bytes, more than the limit of {max_bytes:,}; "
                         "pass max_bytes=None to read it anyway"),),
                source=str(path),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError((Problem("file", f"cannot read the file: {exc.strerror}"),), source=str(path)) from None
    return loads(data, source=str(path), max_bytes=max_bytes)


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename.

    A failure leaves no partial file and leaves an existing file as it was.

    Raises:
        DocumentError: if the file cannot be written.
    """
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    except OSError as exc:
        raise DocumentError((Problem("file", f"cannot write here: {exc.strerror}"),), source=str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise DocumentError((Problem("file", f"cannot write the file: {exc.strerror}"),), source=str(path)) from None
        raise


def dump(framework: Framework, path: str | os.PathLike[str]) -> None:
    """Write the framework to a JSON file, atomically (see :func:`write_atomic`)."""
    write_atomic(path, dumps(framework))


_ = UnitError
