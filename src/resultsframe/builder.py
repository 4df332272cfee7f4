"""Write a framework in a few readable lines: nested dicts with shorthand texts.

:func:`build` reads a *spec* — plain dicts, lists and texts, as one writes them in a notebook —
into a :class:`~resultsframe.Framework`, validated like any other::

    fw = resultsframe.build({
        "id": "demo",
        "title": "Children are safe online",
        "start": "2019-01-01",
        "end": "2025-12-31",
        "results": {
            "goal": {
                "level": "impact",
                "statement": "Children are safe online",
                "indicators": {
                    "goal.a": {
                        "name": "countries with legislation",
                        "unit": "% of countries",
                        "baseline": "40 % in 2019",
                        "target": "80 % by 2025-12-31",
                    },
                },
            },
            "o1": {"level": "outcome", "statement": "Laws are in place",
                   "contributes_to": ["goal"]},
        },
    })

The spec
--------

The framework: ``id`` and ``title`` (required); ``results``; ``levels``; ``start`` and ``end``
(``"YYYY-MM-DD"``); ``description``; ``implementers``, ``aims`` and ``notes`` (a text or a list);
``themes`` (``{id: name}``); ``definitions`` (``{id: text}``).

A result, under its id in ``results`` (or in a list, with an ``"id"``): ``level`` and
``statement`` (required); ``indicators``; ``contributes_to``; ``description``; ``themes`` and
``definitions`` (ids); ``comments`` (texts); ``aggregation`` (``"mean"``, ``"minimum"``,
``"all_of"``).

An indicator, under its id in ``indicators`` (or in a list, with an ``"id"``): ``name``
(required); ``unit``; ``measure``; ``universe`` (a counting unit: ``"country"``);
``direction`` (``"increase"``, ``"decrease"``);
``baseline`` or ``baselines``; ``target`` or ``targets``; ``weight``; ``description``;
``source``; ``verification``; ``definitions``; ``comments``; ``parameters``
(``{id: value}`` or ``{id: {"name": …, "value": …}}``).

Every other field of the model's classes may be given too, as the model's own objects
(``"references": [Reference(…)]``); any value may be a model object (a
:class:`~resultsframe.Target`, a :class:`~resultsframe.levels.LevelScheme` …).

Shorthand texts
---------------

==================================  ================================================================
``"levels": "logframe"``            a built-in level scheme by name
                                    (:data:`resultsframe.levels.SCHEMES`)
``"levels": "goal > output"``       levels of your own, top first (also a list: ``["goal",
                                    "output"]``)
``"unit": "% of countries"``        percent, a share of the universe ``country`` (also
                                    ``"universe": "country"``)
``"unit": "%"``                     percent; the indicator is a share unless ``measure`` says
                                    otherwise
``"80 %"``, ``80``, ``"12 cases"``  a value; a bare number is in the indicator's unit
``"XX%"``, ``"X%"``, ``"TBD"``      a pending value: not known yet, kept with its text
``"80 % by 2025-12-31"``            a target due on that day; ``by 2025`` and ``by 2025-06`` mean
                                    the last day of the year or month
``"40 % in 2019"``                  a baseline measured in that period (``2019``, ``2019-06``,
                                    ``2019-06-30`` or ``2018-07/2019-06``)
``"contributes_to": "goal"``        one parent; a list for several; ``{"goal": 2}`` with link
                                    weights
==================================  ================================================================

A target or baseline may also be a dict of its fields (``{"value": "80 %", "due":
"2025-12-31", "comments": […]}``), and a comment a :class:`~resultsframe.model.Comment`.

Errors
------

A spec that cannot be read raises :class:`~resultsframe.DocumentError`, listing every problem
at its place, written as a JSON path (``$.results.goal.indicators["goal.a"].target``). A
framework that breaks the model's rules (a link that does not go upward, a cycle, a level the
scheme does not have) raises :class:`~resultsframe.ValidationError`, each problem naming its
place in the spec first.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

import attrs

from resultsframe.document.paths import key_path as _key_path
from resultsframe.exceptions import (
    DocumentError,
    Problem,
    ResultsframeError,
    ValidationError,
)
from resultsframe.framework import Framework
from resultsframe.levels import SCHEMES, LevelScheme
from resultsframe.model import (
    Baseline,
    Comment,
    Definition,
    Indicator,
    Link,
    Measure,
    Parameter,
    Result,
    Target,
    Theme,
    Universe,
)
from resultsframe.periods import Period
from resultsframe.units import parse_unit

__all__ = ["build"]

_T = TypeVar("_T")

# How many problems a DocumentError lists before it only counts the rest.
_MAX_PROBLEMS = 50
_TARGET_RE = re.compile(r"^(?P<value>.*?)\s+by\s+(?P<when>\S+)\s*$", re.DOTALL)
_BASELINE_RE = re.compile(r"^(?P<value>.*?)\s+in\s+(?P<when>\S+)\s*$", re.DOTALL)
_SHARE_OF_RE = re.compile(r"^\s*(?P<unit>%|percent)\s+of\s+(?P<universe>.+?)\s*$")

# The keys of each part of a spec, beyond the fields of the model's class.
_FRAMEWORK_KEYS = ("id", "title", "results", "levels", "themes", "definitions")
_RESULT_KEYS = ("id", "level", "statement", "indicators", "contributes_to", "comments")
_INDICATOR_KEYS = (
    "id",
    "name",
    "unit",
    "measure",
    "baseline",
    "baselines",
    "target",
    "targets",
    "comments",
    "parameters",
    "universe",
)


def build(spec: Mapping[str, Any], *, source: str = "spec") -> Framework:
    """A framework from a spec of nested dicts: see the module's description for the spec.

    Args:
        spec: The framework as dicts, lists and shorthand texts.
        source: What to call the spec in error messages.

    Raises:
        DocumentError: listing every place of the spec that cannot be read, each with its
            JSON path (``$.results.o1.level``) and what was expected.
        ValidationError: if the framework breaks the model's rules; each problem names its
            place in the spec.

    >>> import resultsframe
    >>> fw = resultsframe.build({
    ...     "id": "demo",
    ...     "title": "Demo",
    ...     "results": {
    ...         "goal": {
    ...             "level": "impact",
    ...             "statement": "Children are safe online",
    ...             "indicators": {
    ...                 "goal.a": {
    ...                     "name": "countries with legislation",
    ...                     "unit": "% of countries",
    ...                     "baseline": "40 % in 2019",
    ...                     "target": "80 % by 2025-12-31",
    ...                 },
    ...             },
    ...         },
    ...         "o1": {"level": "outcome", "statement": "Laws", "contributes_to": "goal"},
    ...     },
    ... })
    >>> fw
    <Framework demo: 2 results, 1 link>
    >>> fw.indicators["goal.a"]
    <Indicator goal.a [percent] → 80 percent>
    """
    reader = _Reader()
    fields = reader.framework(spec)
    if reader.problems:
        problems = reader.problems
        if len(problems) > _MAX_PROBLEMS:
            more = len(problems) - _MAX_PROBLEMS
            problems = [*problems[:_MAX_PROBLEMS], Problem("more", f"and {more} more problems")]
        raise DocumentError(problems, source=source)
    try:
        return Framework(**fields)
    except ValidationError as exc:
        if not exc.subject.startswith("framework '"):
            # One of the framework's own fields, refused on its own.
            raise DocumentError(
                [
                    Problem(
                        "invalid",
                        _message(exc).removeprefix("Framework: "),
                        (reader.field_path("$", Framework, exc),),
                    )
                ],
                source=source,
            ) from None
        raise reader.with_places(exc, source) from None


class _Reader:
    """Reads the parts of a spec, collecting every problem with its path."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.places: dict[str, list[str]] = {}
        self.link_places: dict[tuple[str, str], str] = {}

    def problem(self, path: str, message: str, code: str = "invalid") -> None:
        self.problems.append(Problem(code, message, (path,)))

    def place(self, key: str, path: str) -> None:
        """Remember where an id was given, for the framework's own problems."""
        self.places.setdefault(key, []).append(path)

    # --- the framework ----------------------------------------------------------------------

    def framework(self, spec: object) -> dict[str, Any]:
        data = self.mapping(spec, "$", Framework, _FRAMEWORK_KEYS, ("id", "title"), "a framework")
        if data is None:
            return {}
        fields = {key: value for key, value in data.items() if key not in _FRAMEWORK_KEYS}
        fields["id"], fields["title"] = data.get("id"), data.get("title")
        if "levels" in data:
            fields["levels"] = self.levels(data["levels"], "$.levels")
        for key in ("start", "end"):
            if key in data:
                fields[key] = self.day(data[key], f"$.{key}")
        themes = self.named(data.get("themes"), "$.themes", Theme, "name")
        definitions = self.named(data.get("definitions"), "$.definitions", Definition, "text")
        fields["themes"], fields["definitions"] = themes, definitions
        for item in themes:
            self.place(item.id, f"$.themes{_key(item.id)}")
        for item in definitions:
            self.place(item.id, f"$.definitions{_key(item.id)}")
        results: list[Result] = []
        links: list[Link] = []
        for rid, result_spec, path in self.entries(data.get("results"), "$.results", "result"):
            built = self.result(rid, result_spec, path, links)
            if built is not None:
                results.append(built)
        fields["results"], fields["links"] = tuple(results), tuple(links)
        return fields

    def levels(self, spec: object, path: str) -> LevelScheme | None:
        if isinstance(spec, LevelScheme):
            return spec
        if isinstance(spec, str) and ">" not in spec:
            if spec in SCHEMES:
                return SCHEMES[spec]
            self.problem(
                path,
                f"{spec!r} is not a built-in level scheme ({', '.join(SCHEMES)}); write levels of "
                "your own top first, as 'goal > outcome > output' or a list",
            )
            return None
        if isinstance(spec, str):
            names: object = [part.strip() for part in spec.split(">")]
        elif isinstance(spec, Mapping):
            return self.construct(LevelScheme, dict(spec), path)
        else:
            names = spec
        if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
            self.problem(
                path,
                f"expected a built-in scheme's name, 'goal > outcome > output' or a list of level "
                f"names; got {_kind(spec)}",
            )
            return None
        return self.construct(LevelScheme, {"name": "custom", "levels": tuple(names)}, path)

    def named(self, spec: object, path: str, cls: type[Any], text: str) -> tuple[Any, ...]:
        """Themes or definitions: ``{id: text}``, ``{id: {fields}}``, or a list of objects."""
        out = []
        for key, item, place in self.entries(spec, path, cls.__name__.lower()):
            if isinstance(item, cls):
                out.append(item)
                continue
            fields = dict(item) if isinstance(item, Mapping) else {text: item}
            fields.setdefault("id", key)
            built = self.construct(cls, fields, place)
            if built is not None:
                out.append(built)
        return tuple(out)

    # --- results and indicators -------------------------------------------------------------

    def result(self, rid: str, spec: object, path: str, links: list[Link]) -> Result | None:
        if isinstance(spec, Result):
            self.place(spec.id, path)
            return spec
        data = self.mapping(spec, path, Result, _RESULT_KEYS, ("level", "statement"), "a result")
        if data is None:
            return None
        self.place(rid, path)
        fields = {key: value for key, value in data.items() if key not in _RESULT_KEYS}
        fields.update(id=rid, level=data.get("level"), statement=data.get("statement"))
        if "comments" in data:
            fields["comments"] = self.comments(data["comments"], f"{path}.comments")
        indicators = []
        entries = self.entries(data.get("indicators"), f"{path}.indicators", "indicator")
        for iid, indicator_spec, place in entries:
            built = self.indicator(iid, indicator_spec, place)
            if built is not None:
                indicators.append(built)
        fields["indicators"] = tuple(indicators)
        links.extend(self.contributions(rid, data.get("contributes_to"), f"{path}.contributes_to"))
        result: Result | None = self.construct(Result, fields, path)
        return result

    def contributions(self, child: str, spec: object, path: str) -> list[Link]:
        if spec is None:
            return []
        if isinstance(spec, str):
            pairs: list[tuple[str, object, str]] = [(spec, 1, path)]
        elif isinstance(spec, Mapping):
            pairs = [(p, w, _key_path(path, p)) for p, w in spec.items()]
        elif isinstance(spec, list | tuple):
            pairs = [(p, 1, f"{path}[{n}]") for n, p in enumerate(spec)]
        else:
            self.problem(
                path,
                "expected the id of a result it contributes to, a list of ids, or "
                f"{{id: weight}}; got {_kind(spec)}",
            )
            return []
        links = []
        for parent, weight, place in pairs:
            # The place of a link is its parent's entry, where its weight is written too.
            link: Link | None = self.construct(
                Link, {"child": child, "parent": parent, "weight": weight}, place, at_field=False
            )
            if link is not None:
                links.append(link)
                self.link_places.setdefault((child, link.parent), place)
        return links

    def indicator(self, iid: str, spec: object, path: str) -> Indicator | None:
        if isinstance(spec, Indicator):
            self.place(spec.id, path)
            return spec
        data = self.mapping(spec, path, Indicator, _INDICATOR_KEYS, ("name",), "an indicator")
        if data is None:
            return None
        self.place(iid, path)
        fields = {key: value for key, value in data.items() if key not in _INDICATOR_KEYS}
        fields.update(id=iid, name=data.get("name"))
        if "measure" in data:
            fields["measure"] = data["measure"]
        if "universe" in data:
            universe = data["universe"]
            if isinstance(universe, str):
                universe = self.construct(Universe, {"unit": universe}, f"{path}.universe")
            fields["universe"] = universe
        if "unit" in data:
            self.unit(data["unit"], f"{path}.unit", fields)
        for one, many, read in (
            ("baseline", "baselines", self.baseline),
            ("target", "targets", self.target),
        ):
            if one in data and many in data:
                self.problem(f"{path}.{many}", f"give {one!r} or {many!r}, not both")
            elif one in data:
                fields[many] = self.some((data[one],), f"{path}.{one}", read, single=True)
            elif many in data:
                fields[many] = self.some(data[many], f"{path}.{many}", read)
        if "comments" in data:
            fields["comments"] = self.comments(data["comments"], f"{path}.comments")
        if "parameters" in data:
            fields["parameters"] = self.parameters(data["parameters"], f"{path}.parameters")
        indicator: Indicator | None = self.construct(Indicator, fields, path)
        return indicator

    def unit(self, spec: object, path: str, fields: dict[str, Any]) -> None:
        """``"% of countries"``: percent, a share of countries; ``"%"``: percent, a share."""
        if not isinstance(spec, str):
            fields["unit"] = spec
            return
        share = _SHARE_OF_RE.match(spec)
        text = share["unit"] if share else spec
        try:
            unit = parse_unit(text)
        except ResultsframeError as exc:
            self.problem(path, _message(exc))
            return
        fields["unit"] = unit
        if share:
            try:
                universe = Universe(share["universe"])
            except ResultsframeError as exc:
                self.problem(path, f"{spec!r}: the universe {share['universe']!r}: {_message(exc)}")
                return
            fields.setdefault("universe", universe)
        if (share or text.strip() in ("%", "percent")) and "measure" not in fields:
            fields["measure"] = Measure.SHARE

    def some(self, spec: object, path: str, read: Any, *, single: bool = False) -> tuple[Any, ...]:
        if not isinstance(spec, list | tuple):
            self.problem(path, f"expected a list, got {_kind(spec)}")
            return ()
        out = []
        for n, item in enumerate(spec):
            built = read(item, path if single else f"{path}[{n}]")
            if built is not None:
                out.append(built)
        return tuple(out)

    def target(self, spec: object, path: str) -> Target | None:
        if isinstance(spec, Target):
            return spec
        if isinstance(spec, Mapping):
            return self.from_fields(Target, spec, path)
        fields: dict[str, Any] = {"value": spec}
        if isinstance(spec, str) and (match := _TARGET_RE.match(spec)):
            due = self.day(match["when"], path, text=spec)
            if due is None:
                return None
            fields = {"value": match["value"], "due": due}
        return self.construct(Target, fields, path)

    def baseline(self, spec: object, path: str) -> Baseline | None:
        if isinstance(spec, Baseline):
            return spec
        if isinstance(spec, Mapping):
            return self.from_fields(Baseline, spec, path)
        fields: dict[str, Any] = {"value": spec}
        if isinstance(spec, str) and (match := _BASELINE_RE.match(spec)):
            try:
                period = Period.parse(match["when"])
            except (ValueError, ResultsframeError):
                self.problem(
                    path,
                    f"cannot read {spec!r}: after 'in' comes a period: a year '2019', a month "
                    "'2019-06', a day '2019-06-30' or a span '2018-07/2019-06'",
                )
                return None
            fields = {"value": match["value"], "period": period}
        return self.construct(Baseline, fields, path)

    def comments(self, spec: object, path: str) -> tuple[Comment, ...]:
        items = [spec] if isinstance(spec, str | Comment) else spec

        def read(item: object, place: str) -> Comment | None:
            if isinstance(item, Comment):
                return item
            if isinstance(item, Mapping):
                return self.from_fields(Comment, item, place)
            return self.construct(Comment, {"text": item}, place)

        return self.some(items, path, read)

    def parameters(self, spec: object, path: str) -> tuple[Parameter, ...]:
        out = []
        for pid, item, place in self.entries(spec, path, "parameter"):
            if isinstance(item, Parameter):
                out.append(item)
                continue
            fields = dict(item) if isinstance(item, Mapping) else {"value": item}
            fields.setdefault("id", pid)
            fields.setdefault("name", pid)
            built = self.construct(Parameter, fields, place)
            if built is not None:
                out.append(built)
        return tuple(out)

    # --- shapes -----------------------------------------------------------------------------

    def entries(self, spec: object, path: str, what: str) -> list[tuple[str, Any, str]]:
        """``{id: spec}`` or ``[{"id": id, …}]`` as (id, spec, path); the model's objects too."""
        if spec is None:
            return []
        if isinstance(spec, Mapping):
            out = []
            for key, item in spec.items():
                place = _key_path(path, key)
                if not isinstance(key, str):
                    self.problem(place, f"expected a {what} id as the key, got {_kind(key)}")
                    continue
                if isinstance(item, Mapping) and "id" in item and item["id"] != key:
                    self.problem(
                        f"{place}.id",
                        f"the {what} is listed under {key!r} but says its id is {item['id']!r}; "
                        "leave 'id' out, or make them agree",
                    )
                    continue
                out.append((key, item, place))
            return out
        if isinstance(spec, list | tuple):
            out = []
            for n, item in enumerate(spec):
                place = f"{path}[{n}]"
                key = getattr(item, "id", None) if not isinstance(item, Mapping) else item.get("id")
                if not isinstance(key, str):
                    self.problem(
                        place,
                        f"a {what} in a list says its id: {{'id': …}}; or list them as "
                        f"{{id: {what}}}",
                        "missing",
                    )
                    continue
                if isinstance(item, Mapping):
                    item = {k: v for k, v in item.items() if k != "id"}  # noqa: PLW2901
                out.append((key, item, place))
            return out
        self.problem(path, f"expected {{id: {what}}} or a list of {what}s, got {_kind(spec)}")
        return []

    def mapping(
        self,
        spec: object,
        path: str,
        cls: type[Any],
        extra: tuple[str, ...],
        required: tuple[str, ...],
        what: str,
    ) -> dict[str, Any] | None:
        """A spec's dict, when it is one with known keys and the required ones."""
        if not isinstance(spec, Mapping):
            self.problem(path, f"expected {what} as a dict, got {_kind(spec)}")
            return None
        allowed = dict.fromkeys((*extra, *_aliases(cls)))
        complete = True
        for key in spec:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), list(allowed), n=1)
                hint = f"did you mean {near[0]!r}? " if near else ""
                self.problem(
                    _key_path(path, key),
                    f"unexpected key; {hint}the keys here are: {', '.join(allowed)}",
                    "unexpected",
                )
        for key in required:
            if key not in spec:
                self.problem(_key_path(path, key), f"required key missing in {what}", "missing")
                complete = False
        # Read on past unexpected keys, so that one run reports the problems of the known ones.
        return {k: v for k, v in spec.items() if k in allowed} if complete else None

    def from_fields(self, cls: type[_T], spec: Mapping[str, Any], path: str) -> _T | None:
        """An object of ``cls`` from a dict of its fields."""
        names = _aliases(cls)
        unknown = [key for key in spec if key not in names]
        for key in unknown:
            near = difflib.get_close_matches(str(key), names, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            self.problem(
                _key_path(path, key),
                f"unexpected key; {hint}the keys here are: {', '.join(names)}",
                "unexpected",
            )
        if unknown:
            return None
        if "due" in spec and isinstance(spec["due"], str):
            due = self.day(spec["due"], f"{path}.due")
            if due is None:
                return None
            spec = {**spec, "due": due}
        return self.construct(cls, dict(spec), path)

    def construct(
        self, cls: type[_T], fields: dict[str, Any], path: str, *, at_field: bool = True
    ) -> _T | None:
        """``cls(**fields)``, or None and a problem at the field it names (or at ``path``)."""
        try:
            return cls(**fields)
        except (ResultsframeError, ValueError, TypeError) as exc:
            where = self.field_path(path, cls, exc) if at_field else path
            message = _message(exc).removeprefix(f"{cls.__name__}: ")
            self.problems.append(Problem("invalid", message, (where,)))
            return None

    def day(self, spec: object, path: str, *, text: object = None) -> date | None:
        """A date: ``"2025-12-31"``; a year or a month stands for its last day."""
        if isinstance(spec, date):
            return spec
        if isinstance(spec, str):
            try:
                return Period.parse(spec).end
            except (ValueError, ResultsframeError):
                pass
        shown = f"cannot read {text!r}: after 'by' comes" if text is not None else "expected"
        self.problem(
            path,
            f"{shown} a date '2025-12-31' (or a year '2025' or a month '2025-06', meaning their "
            f"last day); got {spec!r}",
        )
        return None

    @staticmethod
    def field_path(path: str, cls: type[Any], exc: BaseException) -> str:
        """The path of the field a refusal names (``Result.statement must …``), else the object's."""
        message = _message(exc)
        if cls is Framework and "framework id must be" in message:
            return _key_path(path, "id")
        for field in attrs.fields(cls):
            if f"{cls.__name__}.{field.name} " in message:
                return _key_path(path, field.alias)
        return path

    # --- whole-framework problems -----------------------------------------------------------

    def with_places(self, exc: ValidationError, source: str) -> ValidationError:
        """The framework's own problems, each naming its place in the spec first."""

        def place(problem: Problem) -> list[str]:
            where = problem.where
            if problem.code == "cycle":
                pairs = zip(where, (*where[1:], where[0]), strict=True)
                return [self.link_places[p] for p in pairs if p in self.link_places]
            if len(where) == 2 and (where[0], where[1]) in self.link_places:
                return [self.link_places[(where[0], where[1])]]
            if problem.code == "time-frame":
                return ["$.end"]
            if problem.code == "unknown-level" and where:
                return [f"{p}.level" for p in self.places.get(where[0], [])]
            return [p for w in where for p in self.places.get(w, [])]

        problems = [attrs.evolve(p, where=(*place(p), *p.where)) for p in exc.problems]
        return ValidationError(problems, subject=f"{exc.subject} in {source}")


def _aliases(cls: Any) -> list[str]:
    return [a.alias for a in attrs.fields(cls)]


def _key(key: str) -> str:
    return _key_path("", key)


def _kind(value: object) -> str:
    if isinstance(value, str):
        return f"the text {value!r}"
    if value is None:
        return "None"
    return f"{type(value).__name__} {value!r}"[:80]


def _message(exc: BaseException) -> str:
    """What an error says, without the heading of a ValidationError of one object."""
    if isinstance(exc, ValidationError) and exc.problems:
        return "; ".join(p.message for p in exc.problems)
    return str(exc) or type(exc).__name__
