"""Bad input: each kind gives a ResultsframeError that names the place and says what was expected."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from resultsframe import DocumentError, ResultsframeError, ValidationError
from resultsframe import document as doc
from resultsframe.exceptions import Problem
from strategies import showcase

_TEXT = doc.dumps(showcase())


def _doc() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_TEXT)
    return data


def _refused(text: str | bytes) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        doc.loads(text)
    return info.value


def _changed(change: Callable[[dict[str, Any]], object]) -> DocumentError:
    data = _doc()
    change(data)
    return _refused(json.dumps(data))


def _only(error: DocumentError | ValidationError) -> Problem:
    assert len(error.problems) == 1, error
    return error.problems[0]


# --- JSON itself --------------------------------------------------------------------------------


def test_malformed_json_names_line_and_column() -> None:
    error = _refused('{"format": "resultsframe",\n  "version": "1.0",\n  "framework": {,}}')
    assert _only(error).where == ("line 3, column 17",)
    assert (
        str(error)
        == "document: line 3, column 17: not valid JSON: Expecting property name enclosed in double quotes"
    )


def test_truncated_json_names_where_it_ends() -> None:
    error = _refused(_TEXT[:100])
    assert _only(error).code == "json"
    assert _only(error).where[0].startswith("line ")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("[]", "an array"),
        ('"text"', "a text"),
        ("42", "the number 42"),
        ("null", "null"),
        ("true", "true"),
    ],
)
def test_a_top_level_that_is_not_an_object(text: str, found: str) -> None:
    problem = _only(_refused(text))
    assert problem.where == ("$",)
    assert problem.message == f"expected an object at the top of the document, got {found}"


def test_an_empty_document() -> None:
    assert _only(_refused("")).where == ("line 1, column 1",)


# --- shape ------------------------------------------------------------------------------------------


def test_a_missing_field_names_its_path_and_what_belongs_there() -> None:
    problem = _only(_changed(lambda d: d["framework"]["results"][1].pop("statement")))
    assert problem.where == ("$.framework.results[1].statement",)
    assert problem.message == "required key missing; expected here: a text"


def test_a_missing_framework() -> None:
    problem = _only(_changed(lambda d: d.pop("framework")))
    assert problem.where == ("$.framework",)
    assert "required key missing" in problem.message


def test_an_unknown_field_names_its_path_and_the_keys_there_are() -> None:
    error = _changed(lambda d: d["framework"]["results"][1].update(statment="typo", colour="red"))
    assert [p.where for p in error.problems] == [
        ("$.framework.results[1].statment",),
        ("$.framework.results[1].colour",),
    ]
    assert error.problems[0].message.startswith(
        'unexpected key; did you mean "statement"? the keys here are: id, level, statement,'
    )
    assert "did you mean" not in error.problems[1].message


def test_an_unknown_field_with_an_odd_name_is_quoted_in_the_path() -> None:
    problem = _only(_changed(lambda d: d["framework"].update({"a b.c": 1})))
    assert problem.where == ('$.framework["a b.c"]',)


def test_an_unknown_top_level_field() -> None:
    problem = _only(_changed(lambda d: d.update(extra=1)))
    assert problem.where == ("$.extra",)
    assert problem.message == "unexpected key; the keys here are: format, version, framework"


def test_an_unknown_field_inside_a_value() -> None:
    error = _changed(
        lambda d: d["framework"]["results"][1]["indicators"][0]["targets"][0]["value"].update(
            units="%"
        )
    )
    assert _only(error).where == ("$.framework.results[1].indicators[0].targets[0].value.units",)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("results", 1, "level"), 5, "expected a text, got the number 5"),
        (("results", 1, "themes"), "legal", "expected an array, got a text"),
        (("results", 1), [], "expected an object (a result), got an array"),
        (("results", 1, "aggregation_status"), "yes", "expected true or false, got a text"),
        (("start",), "2016-1-1", 'expected a date as "YYYY-MM-DD", got "2016-1-1"'),
        (("start",), "2016-02-30", '"2016-02-30" is not a date of the calendar'),
        (("history", 0, "period"), "Q3 2015", "expected a period: a year"),
        (("links", 0, "weight"), "1", "expected a number, got a text"),
        (
            ("results", 1, "indicators", 0, "measure"),
            "percent",
            'expected one of "quantity", "share"',
        ),
        (
            ("results", 1, "indicators", 0, "universe", "size"),
            1.5,
            "expected a whole number, got the number 1.5",
        ),
        (
            ("results", 1, "indicators", 0, "status_method"),
            {"method": "vibes"},
            'expected "method": one of "trajectory"',
        ),
        (
            ("results", 1, "indicators", 0, "targets", 0, "value"),
            50,
            'expected a value: {"value": <number>',
        ),
        (
            ("results", 1, "indicators", 0, "targets", 1, "value", "pending"),
            1,
            "expected the text that stood for the value, got the number 1",
        ),
        (
            ("results", 1, "indicators", 0, "targets", 1, "value", "pending"),
            " ",
            "got an empty text",
        ),
        (("results", 1, "indicators", 0, "targets", 1, "value", "due"), "soon", "expected a date"),
        (("results", 1, "indicators", 0, "targets", 1, "value", "by"), ["me"], "expected a text"),
        (("results", 1, "indicators", 0, "targets", 0, "value", "value"), "50", "got a text"),
    ],
)
def test_a_wrong_type_names_its_path_and_what_was_expected(
    path: tuple[str | int, ...], value: object, message: str
) -> None:
    def change(data: dict[str, Any]) -> None:
        node = data["framework"]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    problem = _only(_changed(change))
    expected = "$.framework" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path)
    assert problem.where == (expected,)
    assert message in problem.message


def test_a_missing_part_of_a_value_names_its_path() -> None:
    def change(data: dict[str, Any]) -> None:
        data["framework"]["results"][1]["indicators"][0]["targets"][0]["value"].pop("unit")

    problem = _only(_changed(change))
    assert problem.where == ("$.framework.results[1].indicators[0].targets[0].value.unit",)
    assert problem.message == "required key missing; expected here: a unit name"


def test_a_rule_of_the_model_names_the_object_that_breaks_it() -> None:
    problem = _only(
        _changed(lambda d: d["framework"]["results"][1]["indicators"][0].update(unit="case"))
    )
    assert problem.where == ("$.framework.results[1].indicators[0]",)
    assert "is a share, so its unit is 'percent'" in problem.message


def test_an_object_the_model_refuses_on_its_own_names_its_path() -> None:
    problem = _only(_changed(lambda d: d["framework"]["results"][1].update(id="O 1")))
    assert problem.where == ("$.framework.results[1]",)
    assert (
        problem.message
        == "Result: result id must be a non-empty text without spaces or ':', got 'O 1'"
    )


def test_a_status_method_out_of_range_names_its_path() -> None:
    def change(data: dict[str, Any]) -> None:
        data["framework"]["results"][1]["indicators"][0]["status_method"]["tolerance"] = 2

    problem = _only(_changed(change))
    assert problem.where == ("$.framework.results[1].indicators[0].status_method",)
    assert "tolerance must be between 0 and 1, got 2" in problem.message


def test_several_problems_are_reported_together() -> None:
    def change(data: dict[str, Any]) -> None:
        data["framework"]["title"] = 1
        data["framework"]["results"][0]["level"] = None

    error = _changed(change)
    assert [p.where for p in error.problems] == [
        ("$.framework.title",),
        ("$.framework.results[0].level",),
    ]
    assert str(error).startswith("document: 2 problems:\n  - $.framework.title: expected a text")


def test_a_thousand_problems_are_cut_to_fifty_and_a_count() -> None:
    error = _changed(lambda d: d["framework"].update(results=[{"id": i} for i in range(1000)]))
    assert len(error.problems) == 51
    assert error.problems[-1] == Problem("more", "… and 2950 more problems")


# --- units ------------------------------------------------------------------------------------------


def test_an_unknown_unit_names_its_path_and_how_to_define_one() -> None:
    problem = _only(
        _changed(
            lambda d: d["framework"]["results"][1]["indicators"][0]["targets"][0]["value"].update(
                unit="parsecs_per_frog"
            )
        )
    )
    assert problem.where == ("$.framework.results[1].indicators[0].targets[0].value.unit",)
    assert "unknown unit 'parsecs_per_frog'" in problem.message
    assert '"units": ["parsecs_per_frog"]' in problem.message


def test_an_empty_unit_asks_for_dimensionless() -> None:
    problem = _only(
        _changed(lambda d: d["framework"]["results"][1]["indicators"][0].update(unit=" "))
    )
    assert problem.where == ("$.framework.results[1].indicators[0].unit",)
    assert 'write "dimensionless"' in problem.message


def test_a_unit_that_does_not_fit_the_indicator() -> None:
    problem = _only(
        _changed(
            lambda d: d["framework"]["results"][1]["indicators"][0]["targets"][0]["value"].update(
                unit="case"
            )
        )
    )
    assert problem.where == ("$.framework.results[1].indicators[0]",)
    assert "its target 1 is in 'case'" in problem.message


# --- numbers ----------------------------------------------------------------------------------------

_TARGET = "$.framework.results[0].indicators[0].targets[0].value.value"
_FIFTY = '"value": 50,'


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_name_their_path(constant: str) -> None:
    assert _FIFTY in _TEXT
    problem = _only(_refused(_TEXT.replace(_FIFTY, f'"value": {constant},', 1)))
    assert problem.where == (_TARGET,)
    assert problem.message == f"expected a number, got {constant}, which JSON does not allow"


def test_nan_anywhere_is_refused_at_its_path() -> None:
    problem = _only(_refused(_TEXT.replace('"weight": 0.5', '"weight": NaN', 1)))
    assert problem.where == ("$.framework.links[0].weight",)


@pytest.mark.parametrize("number", ["1e400", "-1e400"])
def test_a_number_too_large_for_a_float_names_its_path(number: str) -> None:
    problem = _only(_refused(_TEXT.replace(_FIFTY, f'"value": {number},', 1)))
    assert problem.where == (_TARGET,)
    assert "write a finite number" in problem.message


def test_a_number_of_five_thousand_digits_names_line_and_column() -> None:
    text = _TEXT.replace(_FIFTY, '"value": ' + "9" * 5000 + ",", 1)
    offset = text.index("9" * 5000)
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    problem = _only(_refused(text))
    assert problem.where == (f"line {line}, column {column}",)
    assert (
        problem.message
        == f"a number with thousands of digits; numbers are limited to ±{doc.MAX_SAFE_INTEGER}"
    )


@pytest.mark.parametrize("number", [2**60, -(2**53), 2**53, 1e300])
def test_a_number_beyond_what_json_readers_keep_exact_names_its_path(number: float) -> None:
    problem = _only(_refused(_TEXT.replace(_FIFTY, f'"value": {number},', 1)))
    assert problem.where == (_TARGET,)
    assert "is too large: numbers are limited to ±9007199254740991 (2**53 - 1)" in problem.message


def test_the_largest_exact_number_is_read() -> None:
    text = _TEXT.replace(_FIFTY, f'"value": {doc.MAX_SAFE_INTEGER},', 1)
    target = doc.loads(text).indicators["impact.a"].targets[0]
    assert target.value is not None
    assert target.value.magnitude == doc.MAX_SAFE_INTEGER  # type: ignore[union-attr]


def test_a_huge_universe_size_names_its_path() -> None:
    problem = _only(
        _changed(
            lambda d: d["framework"]["results"][1]["indicators"][0]["universe"].update(size=2**60)
        )
    )
    assert problem.where == ("$.framework.results[1].indicators[0].universe.size",)


# --- the framework's own rules: errors name the ids and the JSON paths --------------------------------


def _invalid(change: Callable[[dict[str, Any]], object]) -> ValidationError:
    data = _doc()
    change(data)
    with pytest.raises(ValidationError) as info:
        doc.loads(json.dumps(data))
    return info.value


def test_a_cycle_names_its_results_and_links() -> None:
    error = _invalid(lambda d: d["framework"]["links"].append({"child": "impact", "parent": "O1"}))
    cycles = [p for p in error.problems if p.code == "cycle"]
    assert len(cycles) == 1
    assert cycles[0].where == ("$.framework.links[0]", "$.framework.links[1]", "O1", "impact")
    assert "the links form a cycle: O1 → impact → O1" in cycles[0].message


def test_a_dangling_link_names_the_link() -> None:
    problem = _only(
        _invalid(lambda d: d["framework"]["links"].append({"child": "O9", "parent": "impact"}))
    )
    assert problem.code == "dangling-link"
    assert problem.where == ("$.framework.links[1]", "O9", "impact")
    assert "names 'O9', which is not a result of the framework" in problem.message


def test_duplicate_result_ids_name_both_results() -> None:
    def change(data: dict[str, Any]) -> None:
        data["framework"]["results"].append({"id": "O1", "level": "output", "statement": "again"})

    problem = _only(_invalid(change))
    assert problem.code == "duplicate-id"
    assert problem.where == ("$.framework.results[1]", "$.framework.results[2]", "O1")


def test_an_indicator_id_used_twice_names_both_places() -> None:
    def change(data: dict[str, Any]) -> None:
        data["framework"]["results"][1]["indicators"][0]["id"] = "impact.w"

    error = _invalid(change)
    duplicate = [p for p in error.problems if p.code == "duplicate-id"]
    assert len(duplicate) == 1
    assert duplicate[0].where == (
        "$.framework.results[0].indicators[1]",
        "$.framework.results[1].indicators[0]",
        "impact.w",
    )


def test_a_level_outside_the_scheme_names_the_level() -> None:
    problem = _only(_invalid(lambda d: d["framework"]["results"][1].update(level="purpose")))
    assert problem.code == "unknown-level"
    assert problem.where == ("$.framework.results[1].level", "O1")


def test_a_time_frame_that_ends_before_it_starts() -> None:
    problem = _only(_invalid(lambda d: d["framework"].update(end="2010-01-01")))
    assert problem.where == ("$.framework.end",)


def test_a_validation_error_from_a_file_says_which_file(tmp_path: Path) -> None:
    data = _doc()
    data["framework"]["links"].append({"child": "O9", "parent": "impact"})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        doc.load(path)
    assert str(info.value).startswith(f"framework 'showcase' in {path} is not valid (1 problem):")


# --- junk, size, encoding, versions --------------------------------------------------------------------


@pytest.mark.parametrize(
    "junk",
    ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000],
    ids=["arrays", "objects"],
)
def test_deeply_nested_junk_is_refused_without_recursion_error(junk: str) -> None:
    problem = _only(_refused(junk))
    assert problem.code == "json"
    assert problem.message.startswith("nested too deeply to read")


def test_deeply_nested_junk_inside_a_field_is_refused_at_its_path() -> None:
    text = _TEXT.replace(
        '"statement": "Countries have laws"', '"statement": ' + "[" * 500 + "]" * 500, 1
    )
    problem = _only(_refused(text))
    assert problem.where == ("$.framework.results[1].statement",)
    assert problem.message == "expected a text, got an array"


def test_deeply_nested_junk_inside_the_framework_is_refused() -> None:
    text = (
        '{"format": "resultsframe", "version": "1.0", "framework": '
        + "[" * 100_000
        + "]" * 100_000
        + "}"
    )
    assert _only(_refused(text)).code == "json"


_FIFTY_MB = 50 * 1024 * 1024


def test_a_50_mb_text_is_refused_by_the_size_limit() -> None:
    problem = _only(_refused(" " * _FIFTY_MB))
    assert problem.code == "size"
    assert problem.message == (
        f"the document is {_FIFTY_MB:,} bytes, more than the limit of {doc.MAX_BYTES:,}; "
        "pass max_bytes=None to read it anyway"
    )


def test_50_mb_of_bytes_is_refused_by_the_size_limit() -> None:
    assert _only(_refused(b" " * _FIFTY_MB)).code == "size"


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(_FIFTY_MB)  # a sparse file: 50 MB long, nothing written
    with pytest.raises(DocumentError) as info:
        doc.load(path)
    assert str(info.value) == (
        f"{path}: the file is {_FIFTY_MB:,} bytes, more than the limit of {doc.MAX_BYTES:,}; "
        "pass max_bytes=None to read it anyway"
    )


def test_the_size_limit_can_be_set_and_lifted(tmp_path: Path) -> None:
    path = tmp_path / "small.json"
    path.write_text(_TEXT, encoding="utf-8")
    with pytest.raises(DocumentError, match="more than the limit of 1,000"):
        doc.load(path, max_bytes=1000)
    with pytest.raises(DocumentError, match="more than the limit of 1,000"):
        doc.loads(_TEXT, max_bytes=1000)
    assert doc.load(path, max_bytes=None) == showcase()
    # The limit counts UTF-8 bytes, not characters.
    wide = _TEXT.replace("A framework", "漢" * 500)
    with pytest.raises(DocumentError, match="more than the limit"):
        doc.loads(wide, max_bytes=len(wide) + 100)


def test_bytes_that_are_not_utf8_name_line_and_column() -> None:
    data = _TEXT.encode("utf-8").replace(b"Countries have laws", b"Countries have l\xe4ws", 1)
    offset = data.index(b"\xe4")
    line = data.count(b"\n", 0, offset) + 1
    column = offset - data.rfind(b"\n", 0, offset)
    problem = _only(_refused(data))
    assert problem.where == (f"line {line}, column {column} (byte {offset})",)
    assert problem.message == "not UTF-8: the byte 0xe4 cannot be decoded; save the file as UTF-8"


def test_a_utf16_file_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "utf16.json"
    path.write_text(_TEXT, encoding="utf-16")
    with pytest.raises(DocumentError) as info:
        doc.load(path)
    assert _only(info.value).code == "encoding"
    assert str(info.value).startswith(f"{path}: line 1, column 1 (byte 0): not UTF-8")


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("2.0", "this document is format version 2.0, newer than this resultsframe reads (1.x)"),
        (
            "0.1",
            "format version 0.1 is not supported; this resultsframe reads 1.x and migrates 0.9",
        ),
        ("1", 'expected a version as text such as "1.0", got "1"'),
        (1.0, 'expected a version as text such as "1.0", got the number 1.0'),
        ("v1.0", 'expected a version as text such as "1.0", got "v1.0"'),
    ],
)
def test_an_unsupported_version_is_refused_at_its_path(version: object, message: str) -> None:
    problem = _only(_changed(lambda d: d.update(version=version)))
    assert problem.where == ("$.version",)
    assert problem.message.startswith(message)


def test_a_document_of_another_format_is_refused() -> None:
    problem = _only(_changed(lambda d: d.update(format="geojson")))
    assert problem.where == ("$.format",)
    assert (
        problem.message
        == 'expected "resultsframe", got "geojson"; this is not a resultsframe document'
    )


def test_loads_refuses_what_is_not_text_with_a_type_error() -> None:
    with pytest.raises(TypeError, match="use from_dict for parsed data"):
        doc.loads(_doc())  # type: ignore[arg-type]


def test_from_dict_refuses_python_values_json_cannot_hold() -> None:
    data = _doc()
    data["framework"]["results"] = tuple(data["framework"]["results"])
    data["framework"]["links"][0]["weight"] = float("nan")
    with pytest.raises(DocumentError) as info:
        doc.from_dict(data)
    error = info.value
    assert [p.where for p in error.problems] == [
        ("$.framework.results",),
        ("$.framework.links[0].weight",),
    ]
    assert "expected an array, got tuple" in error.problems[0].message


def test_every_error_here_is_a_resultsframe_error_and_a_value_error() -> None:
    error = _refused("[")
    assert isinstance(error, ResultsframeError)
    assert isinstance(error, ValueError)
