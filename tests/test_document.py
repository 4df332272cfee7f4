"""JSON documents: loss-free, deterministic round trips, versions and migrations, files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings

from resultsframe import DocumentError, Framework, Indicator, Result, Target, examples
from resultsframe import document as doc
from resultsframe.document.values import unit_text
from resultsframe.levels import SCHEMES, LevelScheme
from resultsframe.model import Link, Measure
from resultsframe.periods import Period
from resultsframe.units import Quantity, parse_unit, registry
from resultsframe.values import Pending
from strategies import frameworks, showcase

# --- the round trip ---------------------------------------------------------------------------


def _every_field() -> set[tuple[str, str]]:
    """(class, key) for every field of every class a framework is made of, and of Pending."""
    found: set[tuple[str, str]] = set()
    stack: list[Any] = [Framework]
    seen: set[Any] = set()
    while stack:
        kind = stack.pop()
        if kind in seen:
            continue
        seen.add(kind)
        if isinstance(kind, type) and attrs.has(kind):
            attrs.resolve_types(kind)
            for field in attrs.fields(kind):
                found.add((kind.__name__, field.alias))
                stack.append(field.type)
        else:
            stack.extend(getattr(kind, "__args__", ()))
    # A period is written as its text; its start and end are not fields of the document.
    return {(cls, key) for cls, key in found if cls != "Period"}


def _record(value: object, filled: Counter[tuple[str, str]]) -> None:
    """Count the fields that hold something other than their default, and the kinds of values."""
    if isinstance(value, tuple):
        for item in value:
            _record(item, filled)
    elif isinstance(value, Quantity):
        filled["value", "quantity"] += 1
    elif attrs.has(type(value)) and not isinstance(value, Period):
        cls: Any = type(value)
        if isinstance(value, Pending):
            filled["value", "pending"] += 1
        if isinstance(value, Indicator):
            filled["measure", value.measure.value] += 1
        if isinstance(value, LevelScheme):
            filled["scheme", "built-in" if SCHEMES.get(value.name) == value else "custom"] += 1
        for field in attrs.fields(cls):
            held = getattr(value, field.name)
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type] # attrs types Factory as a function
                default = default.factory()
            if held is not None and (default is attrs.NOTHING or held != default):
                filled[cls.__name__, field.alias] += 1
            _record(held, filled)


def test_round_trip_is_loss_free_and_deterministic_over_generated_frameworks() -> None:
    filled: Counter[tuple[str, str]] = Counter()

    # Derandomised: the check below, that every field was filled, must not depend on the luck
    # of one run; CI runs derandomised anyway, and a developer then sees what CI sees.
    # The showcase holds every field at a value other than its default; the generated
    # frameworks must fill every field too (below) with the showcase's fields counted.
    @settings(max_examples=500, derandomize=True, database=None)
    @example(showcase())
    @given(frameworks())
    def round_trip(framework: Framework) -> None:
        text = doc.dumps(framework)
        again = doc.loads(text)
        assert again == framework
        assert doc.dumps(again) == text
        _record(framework, filled)

    round_trip()
    # The property is only as good as what was generated: every field of the model was filled.
    kinds = {
        ("value", "quantity"),
        ("value", "pending"),
        ("scheme", "built-in"),
        ("scheme", "custom"),
    }
    measures = {("measure", m.value) for m in Measure}
    missing = (_every_field() | kinds | measures) - set(filled)
    assert not missing, f"the strategies never filled {sorted(missing)}"


@pytest.mark.parametrize("name", examples.names())
def test_every_built_in_example_round_trips(name: str) -> None:
    framework = examples.load(name)
    text = doc.dumps(framework)
    assert doc.loads(text) == framework
    assert doc.dumps(doc.loads(text)) == text


def test_a_framework_that_fills_every_field_round_trips() -> None:
    framework = showcase()
    text = doc.dumps(framework)
    assert doc.loads(text) == framework
    assert doc.dumps(doc.loads(text)) == text


def test_to_dict_and_from_dict_are_inverse_and_leave_their_input_alone() -> None:
    framework = showcase()
    data = doc.to_dict(framework)
    copy = json.loads(json.dumps(data))
    assert doc.from_dict(data) == framework
    assert data == copy


def test_pending_values_keep_their_text_and_quantities_their_unit() -> None:
    text = doc.dumps(showcase())
    data = json.loads(text)
    indicator = data["framework"]["results"][1]["indicators"][0]
    assert indicator["targets"][1]["value"] == {
        "pending": "XX%",
        "unit": "percent",
        "by": "the steering group",
        "due": "2016-06-30",
    }
    assert indicator["targets"][0]["value"] == {"value": 50, "unit": "percent"}
    assert indicator["baselines"][0]["period"] == "2015"


def test_the_document_carries_its_format_and_version_and_always_its_levels() -> None:
    framework = Framework("f", "F", (Result("r", "impact", "R"),))
    data = json.loads(doc.dumps(framework))
    assert (data["format"], data["version"]) == ("resultsframe", doc.VERSION)
    assert data["framework"] == {
        "id": "f",
        "title": "F",
        "results": [{"id": "r", "level": "impact", "statement": "R"}],
        "levels": {"name": "default", "levels": ["impact", "outcome", "target", "output"]},
    }


def test_a_document_without_levels_has_the_default_scheme() -> None:
    data = doc.to_dict(Framework("f", "F", (Result("r", "outcome", "R"),)))
    del data["framework"]["levels"]
    assert doc.from_dict(data).levels == SCHEMES["default"]


def test_dumps_is_the_same_whatever_the_pint_display_settings() -> None:
    frameworks_to_write = [showcase(), *(examples.load(name) for name in examples.names())]
    expected = [doc.dumps(fw) for fw in frameworks_to_write]
    formatter = registry().formatter
    before = formatter.default_format
    try:
        formatter.default_format = "~P"
        # The setting is in force: pint's own display of a unit follows it …
        assert f"{parse_unit('person / kilometer ** 2')}" == "person/km²"
        for spec in ("~P", "~C", "P", "L", "H", "~D", "C"):
            formatter.default_format = spec
            # Units already written are remembered; forget them so each is formatted afresh.
            unit_text.cache_clear()
            # … and documents do not.
            assert [doc.dumps(fw) for fw in frameworks_to_write] == expected, spec
    finally:
        formatter.default_format = before
        unit_text.cache_clear()
    assert formatter.default_format == before


def test_a_lone_surrogate_is_written_as_an_escape_and_read_back() -> None:
    framework = Framework("f", "odd \ud800 text", (Result("r", "impact", "R\udfff"),))
    text = doc.dumps(framework)
    text.encode("utf-8")  # always encodable
    assert "\\ud800" in text
    assert doc.loads(text) == framework


def test_loads_reads_bytes_and_a_byte_order_mark() -> None:
    text = doc.dumps(showcase())
    assert doc.loads(text.encode("utf-8")) == showcase()
    assert doc.loads(b"\xef\xbb\xbf" + text.encode("utf-8")) == showcase()
    assert doc.loads("\ufeff" + text) == showcase()


# --- versions and migrations ------------------------------------------------------------------


def _document(framework: Framework | None = None) -> dict[str, Any]:
    return doc.to_dict(framework or showcase())


def test_a_newer_minor_version_is_read_when_it_uses_only_what_this_reader_knows() -> None:
    data = _document()
    data["version"] = "1.7"
    assert doc.from_dict(data) == showcase()


def test_a_newer_minor_version_with_new_fields_asks_for_an_upgrade() -> None:
    data = _document()
    data["version"] = "1.7"
    data["framework"]["results"][0]["new_field"] = 1
    with pytest.raises(DocumentError) as info:
        doc.from_dict(data)
    message = str(info.value)
    assert "$.framework.results[0].new_field" in message
    assert "1.7" in message
    assert "upgrade resultsframe" in message


@pytest.mark.parametrize("version", ["2.0", "10.3"])
def test_a_newer_major_version_is_refused(version: str) -> None:
    data = _document()
    data["version"] = version
    with pytest.raises(DocumentError) as info:
        doc.from_dict(data)
    assert [p.where for p in info.value.problems] == [("$.version",)]
    assert f"format version {version}, newer than this resultsframe reads (1.x)" in str(info.value)


def test_an_old_version_without_a_migration_is_refused_naming_what_is_read() -> None:
    data = _document()
    data["version"] = "0.8"
    with pytest.raises(
        DocumentError, match=r"\$\.version: format version 0\.8 is not supported.*0\.9"
    ):
        doc.from_dict(data)


def _as_0_9(data: dict[str, Any]) -> dict[str, Any]:
    """A 1.0 document written as the 0.9 draft wrote it."""
    framework = dict(data["framework"])
    framework["levels"] = framework["levels"]["levels"]
    framework["links"] = [
        {
            "from": link["child"],
            "to": link["parent"],
            **({"weight": link["weight"]} if "weight" in link else {}),
        }
        for link in framework.get("links", [])
    ]
    return {"version": "0.9", "framework": framework}


@pytest.mark.parametrize("name", examples.names())
def test_a_0_9_document_is_migrated_to_the_same_framework(name: str) -> None:
    framework = examples.load(name)
    old = _as_0_9(_document(framework))
    kept = json.loads(json.dumps(old))
    assert doc.from_dict(old) == framework
    assert old == kept  # the migration works on a copy


def test_a_0_9_document_as_text() -> None:
    text = """{
      "version": "0.9",
      "framework": {
        "id": "demo",
        "title": "Demo",
        "levels": ["goal", "purpose", "output", "activity"],
        "results": [
          {"id": "g", "level": "goal", "statement": "Children are safe online"},
          {"id": "p", "level": "purpose", "statement": "Laws are in place"}
        ],
        "links": [{"from": "p", "to": "g", "weight": 2}]
      }
    }"""
    expected = Framework(
        "demo",
        "Demo",
        (
            Result("g", "goal", "Children are safe online"),
            Result("p", "purpose", "Laws are in place"),
        ),
        links=(Link("p", "g", 2),),
        levels=SCHEMES["logframe"],
    )
    assert doc.loads(text) == expected
    assert json.loads(doc.dumps(doc.loads(text)))["version"] == "1.0"


def test_a_0_9_custom_level_list_becomes_a_scheme_named_custom_and_no_levels_the_default() -> None:
    data: dict[str, Any] = {
        "version": "0.9",
        "framework": {"id": "f", "title": "F", "levels": ["aim", "step"], "results": []},
    }
    assert doc.from_dict(data).levels == LevelScheme("custom", ["aim", "step"])
    del data["framework"]["levels"]
    assert doc.from_dict(data).levels == SCHEMES["default"]


def test_a_broken_0_9_document_names_the_place_and_says_it_was_migrated() -> None:
    old = _as_0_9(_document())
    old["framework"]["links"][0] = {"from": "O1", "towards": "impact"}
    with pytest.raises(DocumentError) as info:
        doc.from_dict(old, source="old.json")
    message = str(info.value)
    assert "old.json (format 0.9, migrated to 1.0)" in message
    assert "$.framework.links[0].towards" in message
    assert "$.framework.links[0].parent" in message


def test_a_1_0_document_without_a_format_key_is_refused() -> None:
    data = _document()
    del data["format"]
    with pytest.raises(
        DocumentError, match=r'\$\.format: required key missing; expected "format": "resultsframe"'
    ):
        doc.from_dict(data)


def _json_blocks() -> list[str]:
    page = (Path(__file__).resolve().parent.parent / "docs" / "file-format.md").read_text(
        encoding="utf-8"
    )
    return re.findall(r"```json\n(.*?)```", page, flags=re.DOTALL)


def test_the_annotated_example_of_the_docs_is_what_dumps_writes() -> None:
    example = _json_blocks()[0]
    framework = doc.loads(example)
    assert doc.dumps(framework) == example
    assert [p.key for p in framework.pending()] == ["T3.a"]


def test_the_0_9_example_of_the_docs_is_read() -> None:
    (old,) = [block for block in _json_blocks() if '"version": "0.9"' in block]
    assert doc.loads(old).levels == SCHEMES["logframe"]


# --- converters are built when first needed ----------------------------------------------------


def test_importing_resultsframe_builds_no_converter() -> None:
    code = (
        "import resultsframe; from resultsframe.document import convert; "
        "print(convert.converter.cache_info().misses, convert.detailed_converter.cache_info().misses)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "0 0\n"


def test_the_converters_are_built_once_each_when_first_needed() -> None:
    code = """
from resultsframe import DocumentError, document, examples
from resultsframe.document import convert

def built():
    print(convert.converter.cache_info().misses, convert.detailed_converter.cache_info().misses)

text = document.dumps(examples.load("cop"))
document.loads(text)
built()
try:
    document.loads(text.replace('"title"', '"titel"', 1))
except DocumentError:
    pass
built()
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # Writing and reading a good document need the fast one; a refused document, the detailed one.
    assert out.stdout == "1 0\n1 1\n"


# --- writing files ------------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_dump_and_load_a_file(tmp_path: Path) -> None:
    path = tmp_path / "framework.json"
    doc.dump(showcase(), path)
    assert doc.load(path) == showcase()
    assert path.read_text(encoding="utf-8") == doc.dumps(showcase())
    assert _leftovers(tmp_path) == []


def _unwritable() -> Framework:
    huge = Indicator("i", "I", unit="case", targets=(Target(registry().Quantity(2**60, "case")),))
    return Framework("f", "F", (Result("r", "impact", "R", indicators=(huge,)),))


def test_a_framework_that_cannot_be_written_names_the_place() -> None:
    with pytest.raises(DocumentError) as info:
        doc.dumps(_unwritable())
    assert info.value.problems[0].where == (
        "$.framework.results[0].indicators[0].targets[0].value.value",
    )
    assert "too large" in str(info.value)


def test_a_link_weight_that_cannot_be_written_names_the_place() -> None:
    framework = Framework(
        "f",
        "F",
        (Result("a", "impact", "A"), Result("b", "outcome", "B")),
        links=(Link("b", "a", 1e300),),
    )
    with pytest.raises(DocumentError) as info:
        doc.dumps(framework)
    assert info.value.problems[0].where == ("$.framework.links[0].weight",)


def test_a_framework_that_fails_to_serialise_leaves_the_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "framework.json"
    path.write_text("the old content", encoding="utf-8")
    with pytest.raises(DocumentError):
        doc.dump(_unwritable(), path)
    assert path.read_text(encoding="utf-8") == "the old content"
    assert _leftovers(tmp_path) == []


def test_a_file_that_cannot_be_read_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as info:
        doc.load(tmp_path / "nothing.json")
    assert f"{tmp_path / 'nothing.json'}: cannot read the file: No such file or directory" == str(
        info.value
    )


# --- the schema -------------------------------------------------------------------------------


def test_schema_is_a_fresh_dict_each_time() -> None:
    first = doc.schema()
    first["title"] = "changed"
    assert doc.schema()["title"] == "resultsframe document, format 1.0"


def test_values_stay_exact_through_the_document() -> None:
    magnitudes = [0.1, -0.0, 1e-300, doc.MAX_SAFE_INTEGER, -doc.MAX_SAFE_INTEGER, 2.5e15, 7]
    indicator = Indicator(
        "i",
        "I",
        unit="case",
        targets=tuple(
            Target(registry().Quantity(m, "case"), due=date(2020, 1, d + 1))
            for d, m in enumerate(magnitudes)
        ),
    )
    framework = Framework("f", "F", (Result("r", "impact", "R", indicators=(indicator,)),))
    again = doc.loads(doc.dumps(framework))
    found = [
        t.value.magnitude for t in again.indicators["i"].targets if isinstance(t.value, Quantity)
    ]
    assert [(type(m), repr(m)) for m in found] == [(type(m), repr(m)) for m in magnitudes]
