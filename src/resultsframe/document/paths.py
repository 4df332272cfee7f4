"""Where a problem of a document is: every refusal turned into problems at their JSON path.

A document that the fast converter refuses is read again by the detailed one, which collects
what each part raised inside cattrs' own errors; :func:`problems_in` walks those errors and
names each problem's place (``$.framework.results[3].level``). A framework whose parts all read
but which breaks the model's rules as a whole gets the JSON paths of what its problems are about
(:func:`with_paths`), and a framework that cannot be written, the paths of the numbers a
document cannot hold (:func:`unwritable`).
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from resultsframe.document.convert import describe, detailed_converter
from resultsframe.document.values import KeysError, RefusedError, check_number, message, show
from resultsframe.exceptions import DocumentError, Problem, Problems, ValidationError, close_names
from resultsframe.framework import Framework
from resultsframe.units import Quantity

__all__ = [
    "cut",
    "key_path",
    "problems_at",
    "problems_in",
    "refusal",
    "unwritable",
    "with_paths",
]

# A message longer than this is cut: a problem names its place, it need not quote a megabyte.
_MAX_MESSAGE = 300
_KEY_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def key_path(path: str, key: object) -> str:
    """The JSON path of ``key`` inside the value at ``path``: ``$.results[3]``, ``$.a["b c"]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    text = str(key)
    if _KEY_RE.fullmatch(text):
        return f"{path}.{text}"
    return f"{path}[{json.dumps(text if len(text) <= 40 else text[:40] + '…', ensure_ascii=False)}]"


def cut(text: str) -> str:
    """A message cut to a length a person reads."""
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def refusal(problems: Iterable[Problem], source: str) -> DocumentError:
    """The error that refuses a document for ``problems``: the first ones, and how many more."""
    found = Problems()
    found.extend(problems)
    return DocumentError(found.listed(), source=source)


def problems_in(body: object) -> list[Problem]:
    """Every problem of a framework that does not read, each at its JSON path.

    Raises:
        ValidationError: when every part reads but the framework breaks the model's rules as a
            whole: the detailed reader catches what its parts raise, not what the framework does.
    """
    try:
        detailed_converter().structure(body, Framework)
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


def problems_at(value: object, hint: Any, path: str) -> list[Problem]:
    """Every problem of one part of a document (read as ``hint``), each at its JSON path."""
    try:
        detailed_converter().structure(value, hint)
    except Exception as exc:  # every problem becomes a message
        return list(_collect(exc, path, hint))
    return [Problem("invalid", "this cannot be read", (path,))]  # pragma: no cover


def _collect(exc: BaseException, path: str, hint: Any = None) -> Iterator[Problem]:
    if isinstance(exc, IterableValidationError):
        items, others = exc.group_exceptions()
        for inner, item in items:
            yield from _collect(inner, f"{path}[{item.index}]", item.type)
        for inner in others:
            yield from _collect(inner, path, hint)
    elif isinstance(exc, ClassValidationError):
        aliases = {a.name: a.alias for a in attrs.fields(exc.cl)} if attrs.has(exc.cl) else {}
        fields, rest = exc.group_exceptions()
        for inner, field in fields:
            name = aliases.get(field.name, field.name)
            yield from _collect(inner, key_path(path, name), field.type)
        for inner in rest:
            yield from _collect(inner, path, hint)
    else:
        yield from _format_problem(exc, hint, path)


def _format_problem(exc: BaseException, hint: Any, path: str) -> list[Problem]:
    """The problems one leaf exception of a structuring stands for, each at its JSON path."""
    if isinstance(exc, KeyError):
        # Raised by cattrs' generated code for a required key that is absent.
        expected = f": {describe(hint)}" if hint is not None else ""
        return [Problem("missing", f"required key missing; expected here{expected}", (path,))]
    if isinstance(exc, KeysError):
        problems = []
        for key in exc.unexpected:
            near = close_names(key, exc.allowed)
            hint_text = f"did you mean {show(near[0])}? " if near else ""
            allowed = ", ".join(exc.allowed)
            text = cut(f"unexpected key; {hint_text}the keys here are: {allowed}")
            problems.append(Problem("unexpected", text, (key_path(path, key),)))
        problems.extend(
            Problem(
                "missing", f"required key missing; expected here: {what}", (key_path(path, key),)
            )
            for key, what in exc.missing.items()
        )
        return problems
    if isinstance(exc, ForbiddenExtraKeysError):  # pragma: no cover - our own check runs first
        return [
            Problem("unexpected", f"unexpected key {show(key)}", (path,))
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, RefusedError):
        where = path if exc.at is None else key_path(path, exc.at)
        return [Problem("invalid", cut(str(exc)), (where,))]
    if isinstance(exc, ValidationError):
        # An object of the model that is not well-formed on its own.
        return [Problem(p.code, cut(p.message), (path,)) for p in exc.problems]
    if isinstance(exc, (ValueError, TypeError)):
        # The model's own validators: their messages name the field and what it must be.
        return [Problem("invalid", cut(message(exc)), (path,))]
    return [
        Problem("invalid", cut(f"cannot read this value ({type(exc).__name__}: {exc})"), (path,))
    ]


def with_paths(exc: ValidationError, framework: Mapping[str, Any], source: str) -> ValidationError:
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
    units: dict[str, list[str]] = {}
    for i, item in enumerate(framework.get("units", [])):
        units.setdefault(item["name"], []).append(f"{root}.units[{i}]")
    links: dict[tuple[str, str], list[str]] = {}
    for i, link in enumerate(framework.get("links", [])):
        links.setdefault((link["child"], link["parent"]), []).append(f"{root}.links[{i}]")
    # Partners and initiatives have ids of their own: their problems say which they are about.
    records: dict[str, dict[str, list[str]]] = {"partner": {}, "initiative": {}}
    for field, found in records.items():
        for i, item in enumerate(framework.get(f"{field}s", [])):
            found.setdefault(item["id"], []).append(f"{root}.{field}s[{i}]")
    initiatives = framework.get("initiatives", [])

    def place(problem: Problem) -> list[str]:
        where = problem.where
        if problem.code == "cycle":
            pairs = zip(where, (*where[1:], where[0]), strict=True)
            return [p for pair in pairs for p in links.get(pair, [])[:1]]
        if len(where) == 2 and tuple(where) in links:
            return links[(where[0], where[1])]
        if problem.code == "time-frame":
            return [f"{root}.end"]
        if problem.code == "duplicate-unit":
            return [p for w in where for p in units.get(w, [])]
        if where[:1] == ("aligned_to",):
            return [f"{root}.aligned_to[{where[1]}].impact"]
        if where[1:2] == ("mappings",) or problem.code == "mapping-without-member":
            rest = f".mappings[{where[2]}]" if where[1:2] == ("mappings",) else ".framework"
            return [f"{p}{rest}" for p in records["initiative"].get(where[0], [])]
        if problem.code in ("duplicate-partner", "duplicate-initiative"):
            return records[problem.code.removeprefix("duplicate-")].get(where[0], [])
        if problem.code in ("unknown-partner", "unknown-contribution") or where[1:] == ("period",):
            return _initiative_places(problem, records["initiative"], initiatives)
        if problem.code == "unknown-level" and where:
            return [f"{p}.level" for p in paths.get(where[0], [])]
        return [p for w in where for p in paths.get(w, [])]

    problems = [attrs.evolve(p, where=(*(place(p) or [root]), *p.where)) for p in exc.problems]
    subject = exc.subject if source == "document" else f"{exc.subject} in {source}"
    return ValidationError(problems, subject=subject)


def _initiative_places(
    problem: Problem, paths: Mapping[str, list[str]], initiatives: list[Any]
) -> list[str]:
    """The JSON paths of an initiative's partner, contribution or period that is wrong."""
    iid, what = problem.where[0], problem.where[-1]
    places = []
    for path in paths.get(iid, []):
        index = int(path.rsplit("[", 1)[1].rstrip("]"))
        if problem.code == "unknown-partner":
            places.append(f"{path}.partner")
        elif problem.code == "unknown-contribution":
            refs = initiatives[index].get("contributes_to", [])
            places += [f"{path}.contributes_to[{n}]" for n, ref in enumerate(refs) if ref == what]
        else:
            places.append(f"{path}.period")
    return places


def unwritable(value: object, path: str) -> Iterator[Problem]:
    """Where a framework holds what a document cannot: walked only when writing failed."""
    if isinstance(value, Quantity):
        try:
            check_number(value.magnitude, "a number as magnitude")
        except RefusedError as exc:
            yield Problem("unwritable", cut(str(exc)), (f"{path}.value",))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from unwritable(item, f"{path}[{index}]")
    elif attrs.has(type(value)):
        for field in attrs.fields(typing.cast("type[attrs.AttrsInstance]", type(value))):
            yield from unwritable(getattr(value, field.name), key_path(path, field.alias))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            check_number(value)
        except RefusedError as exc:
            yield Problem("unwritable", cut(str(exc)), (path,))
