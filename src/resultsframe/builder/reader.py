"""Reading a spec's parts into the model's objects, collecting every problem with its place."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

import attrs

from resultsframe.builder import shorthand
from resultsframe.builder.shorthand import ShorthandError, kind
from resultsframe.document.convert import converter
from resultsframe.document.paths import key_path
from resultsframe.document.values import message
from resultsframe.exceptions import (
    Problem,
    Problems,
    ResultsframeError,
    ValidationError,
    close_names,
)
from resultsframe.framework import Framework
from resultsframe.grammar import Reading, read_baseline, read_target, read_value
from resultsframe.levels import LevelScheme
from resultsframe.methods import Band, GrowthRatio, StatusMethod, Trajectory
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
from resultsframe.model.partners import Funding, Initiative, Partner
from resultsframe.units import CountingUnit, Unit

__all__ = ["SpecReader"]

_T = TypeVar("_T")

# The keys of each part of a spec, beyond the fields of the model's class.
_FRAMEWORK_KEYS = (
    "id",
    "title",
    "results",
    "levels",
    "themes",
    "definitions",
    "units",
    "partners",
    "initiatives",
)
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


class SpecReader:
    """Reads the parts of a spec, collecting every problem with its path.

    Attributes:
        problems: What could not be read, each at its place in the spec.
        places: Where each result, indicator, theme or definition id was given.
        link_places: Where each link (child, parent) was given.
    """

    def __init__(self) -> None:
        self.problems = Problems()
        # The unit and stages of the indicator being read: its values are read in its unit,
        # and a target "adopted" names one of its stages.
        self.value_unit: Unit | None = None
        self.stages: tuple[str, ...] = ()
        self.places: dict[str, list[str]] = {}
        self.link_places: dict[tuple[str, str], str] = {}

    def problem(self, path: str, text: str, code: str = "invalid") -> None:
        """Record a problem at ``path``."""
        self.problems.add(Problem(code, text, (path,)))

    def place(self, key: str, path: str) -> None:
        """Remember where an id was given, for the framework's own problems."""
        self.places.setdefault(key, []).append(path)

    # --- the framework ----------------------------------------------------------------------

    def framework(self, spec: object) -> dict[str, Any]:
        """The fields of the framework, read from the whole spec."""
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
        if "status_method" in data:
            method = self.status_method(data["status_method"], "$.status_method")
            if method is None:
                del fields["status_method"]
            else:
                fields["status_method"] = method
        if "units" in data:  # before the indicators, which may count in them
            fields["units"] = self.units(data["units"], "$.units")
        themes = self.named(data.get("themes"), "$.themes", Theme, "name")
        definitions = self.named(data.get("definitions"), "$.definitions", Definition, "text")
        fields["themes"], fields["definitions"] = themes, definitions
        for item in themes:
            self.place(item.id, key_path("$.themes", item.id))
        for item in definitions:
            self.place(item.id, key_path("$.definitions", item.id))
        results: list[Result] = []
        links: list[Link] = []
        for rid, result_spec, path in self.entries(data.get("results"), "$.results", "result"):
            built = self.result(rid, result_spec, path, links)
            if built is not None:
                results.append(built)
        fields["results"], fields["links"] = tuple(results), tuple(links)
        for key, cls in (("partners", Partner), ("initiatives", Initiative)):
            if key in data:
                fields[key] = self.records(data[key], f"$.{key}", cls)
        return fields

    def records(self, spec: object, path: str, cls: type[Any]) -> tuple[Any, ...]:
        """Partners or initiatives: ``{id: {fields}}`` or a list of dicts or objects."""
        what = cls.__name__.lower()
        out = []
        for key, item, place in self.entries(spec, path, what):
            if isinstance(item, cls):
                out.append(item)
                continue
            fields = self.mapping(item, place, cls, ("id",), (), f"a {what}")
            if fields is None:
                continue
            fields["id"] = key
            funding = fields.get("funding")
            if isinstance(funding, Mapping):
                fields["funding"] = self.construct(Funding, dict(funding), f"{place}.funding")
                if fields["funding"] is None:
                    continue
            built = self.construct(cls, fields, place)
            if built is not None:
                self.place(built.id, place)
                out.append(built)
        return tuple(out)

    def status_method(self, spec: object, path: str) -> Any:
        """A status method as documents write it (``{"method": "band", "tolerance": 0.1}``)."""
        if isinstance(spec, (Trajectory, Band, GrowthRatio)):
            return spec
        try:
            return converter().structure(spec, StatusMethod)  # type: ignore[arg-type]
        except (ValueError, TypeError) as exc:
            self.problem(path, message(exc))
            return None

    def units(self, spec: object, path: str) -> tuple[CountingUnit, ...]:
        """Counting units: ``["ward"]``, ``{"ward": "wards"}``, ``[{"name": "ward", …}]``."""
        items: list[tuple[object, str]]
        if isinstance(spec, Mapping):
            items = [
                (
                    {"name": name, **item}
                    if isinstance(item, Mapping)
                    else {"name": name, "plural": item},
                    key_path(path, name),
                )
                for name, item in spec.items()
            ]
        elif isinstance(spec, list | tuple):
            items = [(item, f"{path}[{n}]") for n, item in enumerate(spec)]
        else:
            self.problem(path, f"expected the counting units as a list or a dict, got {kind(spec)}")
            return ()
        out = []
        for item, place in items:
            if isinstance(item, CountingUnit):
                out.append(item)
                continue
            fields = dict(item) if isinstance(item, Mapping) else {"name": item}
            unknown = [key for key in fields if key not in ("name", "plural", "description")]
            for key in unknown:
                self.unexpected(place, key, ["name", "plural", "description"])
            built = self.construct(
                CountingUnit, {k: v for k, v in fields.items() if k not in unknown}, place
            )
            if built is not None:
                out.append(built)
        return tuple(out)

    def levels(self, spec: object, path: str) -> LevelScheme | None:
        """The level scheme: a built-in one by name, levels of one's own, or a scheme."""
        try:
            found = shorthand.levels(spec)
        except ShorthandError as exc:
            self.problem(path, str(exc))
            return None
        if isinstance(found, LevelScheme):
            return found
        return self.construct(LevelScheme, found, path)

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
        """A result with its indicators; the links it makes are added to ``links``."""
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
        """The links from ``child`` to the results it contributes to."""
        try:
            pairs = shorthand.contributions(spec, path)
        except ShorthandError as exc:
            self.problem(path, str(exc))
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
        """An indicator with its unit, baselines, targets, comments and parameters."""
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
        if data.get("status_method") is not None:
            method = self.status_method(data["status_method"], f"{path}.status_method")
            if method is None:
                del fields["status_method"]
            else:
                fields["status_method"] = method
        if "universe" in data:
            universe = data["universe"]
            if isinstance(universe, str):
                universe = self.construct(Universe, {"unit": universe}, f"{path}.universe")
            fields["universe"] = universe
        if "unit" in data:
            self.unit(data["unit"], f"{path}.unit", fields)
        unit = fields.get("unit")
        self.value_unit = unit if isinstance(unit, Unit) else None
        stages = data.get("stages")
        self.stages = (
            tuple(stages)
            if isinstance(stages, list | tuple) and all(isinstance(s, str) for s in stages)
            else ()
        )
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
        if isinstance(spec, Unit):
            fields["unit"] = spec
            return
        if not isinstance(spec, str):
            self.problem(path, f"a unit is a text ('%', 'case', 'USD'), got {kind(spec)}")
            return
        try:
            fields["unit"], universe, share = shorthand.unit(spec)
        except ShorthandError as exc:
            self.problem(path, str(exc))
            return
        if universe is not None:
            try:
                fields.setdefault("universe", Universe(universe))
            except ResultsframeError as exc:
                self.problem(path, f"{spec!r}: the universe {universe!r}: {message(exc)}")
                return
        if share and "measure" not in fields:
            fields["measure"] = Measure.SHARE

    def some(self, spec: object, path: str, read: Any, *, single: bool = False) -> tuple[Any, ...]:
        """Each item of a list read with ``read``; ``single``: one item given on its own."""
        if not isinstance(spec, list | tuple):
            self.problem(path, f"expected a list, got {kind(spec)}")
            return ()
        out = []
        for n, item in enumerate(spec):
            built = read(item, path if single else f"{path}[{n}]")
            if built is not None:
                out.append(built)
        return tuple(out)

    def target(self, spec: object, path: str) -> Target | None:
        """A target: a value, ``"80 % by 2025-12-31"``, a dict of its fields, or a Target."""
        if isinstance(spec, Target):
            return spec
        if isinstance(spec, Mapping):
            return self.from_fields(Target, self.value_field(spec, path, target=True), path)
        reading = self.read(spec, path, target=True)
        if reading is None:
            return None
        return self.construct(Target, _fields(reading, {"due": reading.due}), path)

    def baseline(self, spec: object, path: str) -> Baseline | None:
        """A baseline: a value, ``"40 % in 2019"``, a dict of its fields, or a Baseline."""
        if isinstance(spec, Baseline):
            return spec
        if isinstance(spec, Mapping):
            return self.from_fields(Baseline, self.value_field(spec, path, target=False), path)
        reading = self.read(spec, path, target=False)
        if reading is None:
            return None
        return self.construct(Baseline, _fields(reading, {"period": reading.period}), path)

    def read(self, spec: object, path: str, *, target: bool) -> Reading | None:
        """A target's or baseline's text, read with :mod:`resultsframe.grammar`."""
        if not isinstance(spec, str):
            return Reading(spec)  # type: ignore[arg-type]  # numbers, objects: the model checks
        read = read_target if target else read_baseline
        try:
            return read(spec, self.value_unit, stages=self.stages, where=path)
        except (ResultsframeError, ValueError) as exc:
            self.problem(path, message(exc))
            return None

    def value_field(self, spec: Mapping[str, Any], path: str, *, target: bool) -> dict[str, Any]:
        """A dict's ``value`` text read as a value (``"XX cases"``) or a stage's name."""
        fields = dict(spec)
        value = fields.get("value")
        if not isinstance(value, str):
            return fields
        try:
            read, stage = read_value(
                value, self.value_unit, stages=self.stages, where=f"{path}.value", target=target
            )
        except (ResultsframeError, ValueError):
            return fields  # the model's refusal names the field
        fields["value"] = read
        if stage is not None:
            del fields["value"]
            fields.setdefault("text", stage)
        return fields

    def comments(self, spec: object, path: str) -> tuple[Comment, ...]:
        """Comments: a text, a list of texts, dicts of their fields, or Comments."""
        items = [spec] if isinstance(spec, str | Comment) else spec

        def read(item: object, place: str) -> Comment | None:
            if isinstance(item, Comment):
                return item
            if isinstance(item, Mapping):
                return self.from_fields(Comment, item, place)
            return self.construct(Comment, {"text": item}, place)

        return self.some(items, path, read)

    def parameters(self, spec: object, path: str) -> tuple[Parameter, ...]:
        """Parameters: ``{id: value}``, ``{id: {fields}}``, or a list of them."""
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
                place = key_path(path, key)
                if not isinstance(key, str):
                    self.problem(place, f"expected a {what} id as the key, got {kind(key)}")
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
        self.problem(path, f"expected {{id: {what}}} or a list of {what}s, got {kind(spec)}")
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
            self.problem(path, f"expected {what} as a dict, got {kind(spec)}")
            return None
        allowed = dict.fromkeys((*extra, *_aliases(cls)))
        complete = True
        for key in spec:
            if key not in allowed:
                self.unexpected(path, key, list(allowed))
        for key in required:
            if key not in spec:
                self.problem(key_path(path, key), f"required key missing in {what}", "missing")
                complete = False
        # Read on past unexpected keys, so that one run reports the problems of the known ones.
        return {k: v for k, v in spec.items() if k in allowed} if complete else None

    def unexpected(self, path: str, key: object, allowed: list[str]) -> None:
        """Record a key that is not one of ``allowed``, with the nearest allowed one."""
        near = close_names(key, allowed)
        hint = f"did you mean {near[0]!r}? " if near else ""
        self.problem(
            key_path(path, key),
            f"unexpected key; {hint}the keys here are: {', '.join(allowed)}",
            "unexpected",
        )

    def from_fields(self, cls: type[_T], spec: Mapping[str, Any], path: str) -> _T | None:
        """An object of ``cls`` from a dict of its fields."""
        names = _aliases(cls)
        unknown = [key for key in spec if key not in names]
        for key in unknown:
            self.unexpected(path, key, names)
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
            self.problem(where, message(exc).removeprefix(f"{cls.__name__}: "))
            return None

    def day(self, spec: object, path: str) -> date | None:
        """A date: ``"2025-12-31"``; a year or a month stands for its last day."""
        try:
            return shorthand.day(spec)
        except ShorthandError as exc:
            self.problem(path, str(exc))
            return None

    @staticmethod
    def field_path(path: str, cls: type[Any], exc: BaseException) -> str:
        """The path of the field a refusal names (``Result.statement must …``), else the object's."""
        text = message(exc)
        if cls is Framework and "framework id must be" in text:
            return key_path(path, "id")
        for field in attrs.fields(cls):
            if f"{cls.__name__}.{field.name} " in text:
                return key_path(path, field.alias)
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


def _fields(reading: Reading, when: dict[str, Any]) -> dict[str, Any]:
    """A reading as the fields of a target or baseline: its value or stage, and its date."""
    fields: dict[str, Any] = {"value": reading.value}
    if reading.text is not None:
        fields = {"text": reading.text}
    fields.update({key: value for key, value in when.items() if value is not None})
    return fields
