"""The JSON Schema of the document: valid Draft 2020-12, strict, in step with the model and the reader."""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings

from resultsframe import Framework, ResultsframeError, examples
from resultsframe import document as doc
from resultsframe.levels import SCHEMES
from resultsframe.methods import Band, GrowthRatio, Trajectory
from strategies import frameworks, showcase

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = doc.schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def _errors(document: object) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in VALIDATOR.iter_errors(document)
    ]


def test_the_schema_is_a_valid_draft_2020_12_schema_with_an_id_and_a_title() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"].endswith(f"/{doc.SCHEMA_FILE}")
    assert SCHEMA["title"] == f"resultsframe document, format {doc.VERSION}"


def test_the_schema_is_shipped_in_the_package_next_to_the_code() -> None:
    shipped = ROOT / "src" / "resultsframe" / "schema" / doc.SCHEMA_FILE
    assert json.loads(shipped.read_text(encoding="utf-8")) == SCHEMA


@pytest.mark.parametrize("name", examples.names())
def test_every_built_in_example_satisfies_the_schema(name: str) -> None:
    assert _errors(doc.to_dict(examples.load(name))) == []


def test_a_framework_that_fills_every_field_satisfies_the_schema() -> None:
    assert _errors(doc.to_dict(showcase())) == []


@settings(max_examples=100)
@given(frameworks())
def test_every_document_the_library_writes_satisfies_the_schema(framework: Framework) -> None:
    assert _errors(json.loads(doc.dumps(framework))) == []


# --- in step with the model ---------------------------------------------------------------------


def _classes() -> Iterator[type[Any]]:
    seen: list[Any] = []
    stack: list[Any] = [Framework]
    while stack:
        kind = stack.pop()
        if kind in seen:
            continue
        seen.append(kind)
        if isinstance(kind, type) and attrs.has(kind):
            yield kind
            attrs.resolve_types(kind)
            stack.extend(a.type for a in attrs.fields(kind))
        else:
            stack.extend(getattr(kind, "__args__", ()))


_STATUS = {Trajectory: "trajectory", Band: "band", GrowthRatio: "growth_ratio"}


def _definition(cls: type[Any]) -> dict[str, Any]:
    if cls in _STATUS:
        found: list[dict[str, Any]] = [
            d
            for d in SCHEMA["$defs"]["StatusMethod"]["oneOf"]
            if d["properties"]["method"] == {"const": _STATUS[cls]}
        ]
        assert len(found) == 1
        return found[0]
    definition: dict[str, Any] = SCHEMA["$defs"][cls.__name__]
    return definition


@pytest.mark.parametrize(
    "cls", [c for c in _classes() if c.__name__ != "Period"], ids=lambda c: c.__name__
)
def test_each_object_of_the_schema_has_exactly_the_fields_of_its_class(cls: type[Any]) -> None:
    definition = _definition(cls)
    # A pending value's text is written under "pending", which says what the object is.
    renamed = {"text": "pending"} if cls.__name__ == "Pending" else {}
    keys = set(definition["properties"]) - {"method"}
    assert keys == {renamed.get(a.alias, a.alias) for a in attrs.fields(cls)}
    required = {
        renamed.get(a.alias, a.alias) for a in attrs.fields(cls) if a.default is attrs.NOTHING
    }
    assert set(definition.get("required", [])) - {"method"} == required
    assert definition["additionalProperties"] is False


def _enums() -> Iterator[type[enum.Enum]]:
    for cls in _classes():
        for field in attrs.fields(cls):
            kind = field.type
            if isinstance(kind, type) and issubclass(kind, enum.Enum):
                yield kind


_ENUMS: list[type[enum.Enum]] = sorted(set(_enums()), key=str)


@pytest.mark.parametrize("kind", _ENUMS, ids=str)
def test_each_enum_of_the_schema_lists_the_models_values(kind: type[enum.Enum]) -> None:
    assert SCHEMA["$defs"][kind.__name__]["enum"] == [m.value for m in kind]


def _objects(node: object) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" in node:
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_no_object_of_the_schema_allows_unexpected_properties() -> None:
    objects = list(_objects(SCHEMA))
    assert len(objects) > 25
    assert all(o["additionalProperties"] is False for o in objects)
    # Every object type of the schema is one of those.
    described = [d for d in SCHEMA["$defs"].values() if d.get("type") == "object"]
    assert all("additionalProperties" in d for d in described)


def test_the_built_in_level_schemes_are_listed_for_the_levels_of_results() -> None:
    rules = SCHEMA["$defs"]["Framework"]["allOf"]
    listed = [
        r["then"]["properties"]["results"]["items"]["properties"]["level"]["enum"] for r in rules
    ]
    assert all(list(s.levels) in listed for s in SCHEMES.values())


def test_the_docs_page_shows_the_schema_file() -> None:
    page = (ROOT / "docs" / "file-format.md").read_text(encoding="utf-8")
    included = re.findall(r"```\{literalinclude\} (\S+)", page)
    assert f"../src/resultsframe/schema/{doc.SCHEMA_FILE}" in included
    assert (ROOT / "docs" / included[0]).resolve() == (
        ROOT / "src" / "resultsframe" / "schema" / doc.SCHEMA_FILE
    )


# --- strict, and refusing what the reader refuses ----------------------------------------------------


def _document() -> dict[str, Any]:
    return doc.to_dict(showcase())


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        keys = [int(k) if k.isdigit() else k for k in path.split("/")]
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        keys = [int(k) if k.isdigit() else k for k in path.split("/")]
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]

    return change


_INDICATOR = "framework/results/1/indicators/0"
_TRAINED = "framework/results/0/indicators/2"  # a quantity, in increments, reported quarterly
_REFORM = "framework/results/0/indicators/3"  # an ordinal with named stages
_BAD = {
    "an unknown key at the top": _set("extra", 1),
    "an unknown key in a result": _set("framework/results/1/colour", "red"),
    "an unknown key in a quantity": _set(f"{_INDICATOR}/targets/0/value/units", "%"),
    "an unknown key in a status method": _set(f"{_INDICATOR}/status_method/colour", "red"),
    "another format": _set("format", "geojson"),
    "a newer major version": _set("version", "2.0"),
    "a version as a number": _set("version", 1.0),
    "no framework": _drop("framework"),
    "a result without a statement": _drop("framework/results/1/statement"),
    "a level outside the default scheme": _set("framework/results/1/level", "purpose"),
    "a level that is not a level name": _set("framework/results/1/level", "Outcome"),
    "an unknown measure": _set(f"{_INDICATOR}/measure", "percentage"),
    "an unknown direction": _set(f"{_INDICATOR}/direction", "up"),
    "an unknown aggregation": _set("framework/results/0/aggregation", "median"),
    "an unknown status method": _set(f"{_INDICATOR}/status_method/method", "vibes"),
    "a magnitude beyond 2**53 - 1": _set(f"{_INDICATOR}/targets/0/value/value", 2**53),
    "a magnitude that is a text": _set(f"{_INDICATOR}/targets/0/value/value", "50"),
    "a quantity without a unit": _drop(f"{_INDICATOR}/targets/0/value/unit"),
    "a pending value with an empty text": _set(f"{_INDICATOR}/targets/1/value/pending", " "),
    "a share without a unit": _drop(f"{_INDICATOR}/unit"),
    "a universe on a quantity": _set(f"{_INDICATOR}/measure", "quantity"),
    "a qualitative indicator with a unit": _set(f"{_INDICATOR}/measure", "qualitative"),
    "a weight of zero": _set("framework/links/0/weight", 0),
    "a date that is not ISO": _set("framework/start", "01/01/2016"),
    "a period that is a quarter": _set("framework/history/0/period", "2015-Q3"),
    "an id with a space": _set("framework/results/1/id", "O 1"),
    "an empty title": _set("framework/title", " "),
    "themes as a text": _set("framework/results/1/themes", "legal"),
    "a reference with neither title, code nor uri": _set("framework/references/0", {"id": "x"}),
    "a band tolerance above 1": _set(f"{_INDICATOR}/status_method/tolerance", 2),
    "a universe of size 0": _set(f"{_INDICATOR}/universe/size", 0),
    "a scheme without levels": _set("framework/levels/levels", []),
    "a fiscal year end not written MM-DD": _set("framework/fiscal_year_end", "6-30"),
    "a fiscal year end of 29 February": _set("framework/fiscal_year_end", "02-29"),
    "a fiscal year end of 31 April": _set("framework/fiscal_year_end", "04-31"),
    "a fiscal year in lower case": _set("framework/history/0/period", "fy2020"),
    "a fiscal year of two digits": _set("framework/history/0/period", "FY20"),
    "an earlier baseline without a reason": _drop(f"{_INDICATOR}/baseline_revisions/0/reason"),
    "an earlier baseline with an empty reason": _set(
        f"{_INDICATOR}/baseline_revisions/0/reason", " "
    ),
    "an earlier baseline without its day": _drop(f"{_INDICATOR}/baseline_revisions/0/revised_on"),
    "an unknown accumulation": _set(f"{_TRAINED}/accumulation", "sum"),
    "a share in increments": _set(f"{_INDICATOR}/accumulation", "increments"),
    "a cumulative ordinal": _set(f"{_REFORM}/accumulation", "cumulative"),
    "an unknown frequency": _set(f"{_TRAINED}/frequency", "weekly"),
    "a frequency as a number": _set(f"{_TRAINED}/frequency", 4),
    "stages on a share": _set(f"{_INDICATOR}/stages", ["drafted", "adopted"]),
    "stages on a quantity (no measure)": _set(f"{_TRAINED}/stages", ["drafted", "adopted"]),
    "one stage": _set(f"{_REFORM}/stages", ["adopted"]),
    "a stage named twice": _set(f"{_REFORM}/stages", ["drafted", "drafted", "adopted"]),
    "stages as a text": _set(f"{_REFORM}/stages", "drafted > adopted"),
    "an empty stage": _set(f"{_REFORM}/stages", ["drafted", " ", "adopted"]),
    "a counting unit of two words": _set("framework/units/0/name", "live birth"),
    "a counting unit without a name": _set("framework/units/0", {"plural": "clinics"}),
    "a counting unit's plural of two words": _set("framework/units/0/plural", "the clinics"),
    "counting units as a text": _set("framework/units", "clinic"),
}


@pytest.mark.parametrize("change", _BAD.values(), ids=_BAD.keys())
def test_the_schema_and_the_reader_both_refuse(change: Callable[[dict[str, Any]], None]) -> None:
    data = _document()
    change(data)
    assert _errors(data) != []
    with pytest.raises(ResultsframeError):
        doc.from_dict(data)


_GOOD = {
    "a newer minor version": _set("version", "1.3"),
    "a level of a custom scheme": lambda d: (
        _set("framework/levels", {"name": "mine", "levels": ["aim", "step"]})(d),
        _set("framework/results/0/level", "aim")(d),
        _set("framework/results/1/level", "step")(d),
    ),
    "no level scheme: the default": _drop("framework/levels"),
    "null for an optional field": _set("framework/description", None),
    "a unit written as pint reads it": _set(f"{_INDICATOR}/targets/0/value/unit", "%"),
    "a span of fiscal years": _set("framework/history/0/period", "FY2016/FY2020"),
    "a fiscal year end of 28 February": lambda d: (
        _set("framework/fiscal_year_end", "02-28")(d),
        _drop(f"{_INDICATOR}/baseline_revisions")(d),  # its FY2015 ends on 30 June
    ),
    "increments on a quantity whose measure is left out": _set(
        f"{_TRAINED}/accumulation", "increments"
    ),
    "a cumulative quantity reported monthly": lambda d: (
        _set(f"{_TRAINED}/accumulation", "cumulative")(d),
        _set(f"{_TRAINED}/frequency", "monthly")(d),
    ),
    "no frequency": _set(f"{_TRAINED}/frequency", None),
    "an indicator counting in a unit the framework declares": lambda d: (
        _set("framework/units/0", {"name": "rfschema_ward", "plural": "rfschema_wards"})(d),
        _set("framework/results/0/indicators/1/unit", "rfschema_wards")(d),
    ),
    "a rate": _set("framework/results/0/indicators/1/unit", "per 100 000 persons"),
    "a currency": _set("framework/results/0/indicators/1/unit", "XOF"),
}


@pytest.mark.parametrize("change", _GOOD.values(), ids=_GOOD.keys())
def test_the_schema_and_the_reader_both_accept(change: Callable[[dict[str, Any]], object]) -> None:
    data = _document()
    change(data)
    assert _errors(data) == []
    assert isinstance(doc.from_dict(data), Framework)
