"""Counting units a framework declares: read before its indicators, by every reader.

The registry is shared by the whole process (and each test worker is one), so every unit
declared here has a name no other test declares.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import resultsframe
from conftest import RunCli
from resultsframe import CountingUnit, DocumentError, Framework, UnitError, ValidationError, table
from resultsframe import document as doc
from resultsframe.formatting import amount, unit_name
from resultsframe.units import parse_quantity, parse_unit, plural_of


def _document(units: list[Any], unit: str = "ward") -> dict[str, Any]:
    """A framework of one outcome whose indicator counts wards: 4 at the baseline, 12 targeted."""
    return {
        "format": "resultsframe",
        "version": "1.0",
        "framework": {
            "id": "wards",
            "title": "Wards with a health committee",
            "units": units,
            "results": [
                {
                    "id": "o1",
                    "level": "outcome",
                    "statement": "Wards run health committees",
                    "indicators": [
                        {
                            "id": "o1.a",
                            "name": "wards with a committee",
                            "unit": unit,
                            "baselines": [{"value": {"value": 4, "unit": unit}, "period": "2020"}],
                            "targets": [
                                {"value": {"value": 12, "unit": unit}, "due": "2024-12-31"}
                            ],
                        }
                    ],
                }
            ],
        },
    }


WARD = {"name": "ward", "plural": "wards", "description": "An electoral ward"}


# --- a document declares its units --------------------------------------------------------------


def test_an_indicator_counts_in_a_unit_its_document_declares() -> None:
    framework = doc.from_dict(_document([WARD]))
    assert framework.units == (CountingUnit("ward", "wards", "An electoral ward"),)
    indicator = framework.indicators["o1.a"]
    assert indicator.unit == parse_unit("ward")
    assert indicator.targets[0].value == parse_quantity("12 wards")
    # A dimension of its own: wards are neither people nor a plain number.
    assert parse_unit("ward").dimensionality == {"[ward]": 1}


def test_the_document_round_trips_with_its_units_byte_for_byte() -> None:
    framework = doc.from_dict(_document([WARD, {"name": "facility", "plural": "facilities"}]))
    text = doc.dumps(framework)
    assert json.loads(text)["framework"]["units"] == [
        {"name": "ward", "plural": "wards", "description": "An electoral ward"},
        {"name": "facility", "plural": "facilities"},
    ]
    again = doc.loads(text)
    assert again == framework
    assert doc.dumps(again) == text


def test_the_units_may_be_written_after_the_results_that_use_them() -> None:
    # JSON objects have no order: the reader declares the units first, wherever they stand.
    data = _document([{"name": "catchment", "plural": "catchments"}], unit="catchments")
    body = data["framework"]
    data["framework"] = {k: body[k] for k in ("id", "title", "results", "units")}
    assert doc.from_dict(data).indicators["o1.a"].unit == parse_unit("catchment")


def test_an_undeclared_unit_is_refused_at_its_path() -> None:
    with pytest.raises(DocumentError) as caught:
        doc.from_dict(_document([], unit="polling_station"))
    paths = [p.where[0] for p in caught.value.problems]
    assert "$.framework.results[0].indicators[0].unit" in paths
    assert "unknown unit 'polling_station'" in caught.value.problems[0].message


def test_the_cli_validates_a_document_that_declares_its_units(cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "wards.json"
    path.write_text(
        json.dumps(_document([{"name": "borough", "plural": "boroughs"}], unit="borough")),
        encoding="utf-8",
    )
    code, out, err = cli("validate", str(path))
    assert (code, err) == (0, "")
    assert "valid" in out
    code, out, err = cli("show", str(path))
    assert code == 0
    assert "borough" in out


def test_the_cli_refuses_a_conflicting_declaration_naming_its_path(
    cli: RunCli, tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_document([{"name": "metre"}], unit="metre")), encoding="utf-8")
    code, out, err = cli("validate", str(path))
    assert code != 0
    assert out == ""
    assert "$.framework.units[0]" in err
    assert "metre" in err
    assert "Traceback" not in err


# --- declarations that are refused ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "says"),
    [
        ({"name": "metre"}, "'metre' already names a unit of dimension [length]"),
        ({"name": "kg"}, "'kg' already names a unit of dimension [mass]"),
        ({"name": "USD"}, "'USD' is a currency (ISO 4217)"),
        ({"name": "per_1000_person"}, "is a rate"),
        ({"name": "live birth"}, "write 'live_birth'"),
        ({"name": ""}, "single word"),
        ({"name": "3rd"}, "starting with a letter"),
        ({"name": "village", "plural": "cases"}, "'cases' already names the unit 'case'"),
        ({"name": "village", "plural": "the villages"}, "write 'the_villages'"),
        ({"name": 7}, "expected a text, got the number 7"),
        ("village", "expected an object"),
    ],
)
def test_a_declaration_that_clashes_or_is_not_a_name_is_refused_at_its_path(
    declared: object, says: str
) -> None:
    with pytest.raises(DocumentError) as caught:
        doc.from_dict(_document([WARD, declared]))
    (problem,) = caught.value.problems
    assert problem.where[0] in ("$.framework.units[1]", "$.framework.units[1].name")
    assert says in problem.message


def test_every_refused_declaration_is_listed_at_once() -> None:
    with pytest.raises(DocumentError) as caught:
        doc.from_dict(_document([{"name": "metre"}, WARD, {"name": "two words"}]))
    assert [p.where for p in caught.value.problems] == [
        ("$.framework.units[0]",),
        ("$.framework.units[2]",),
    ]


def test_a_unit_declared_twice_is_refused_naming_both_places() -> None:
    with pytest.raises(ValidationError) as caught:
        doc.from_dict(_document([WARD, {"name": "ward"}]))
    (problem,) = caught.value.problems
    assert problem.code == "duplicate-unit"
    assert problem.where[:2] == ("$.framework.units[0]", "$.framework.units[1]")


def test_declaring_a_unit_again_in_the_same_dimension_is_harmless() -> None:
    # A built-in unit, or one another document declared: the same dimension, nothing changes.
    first = CountingUnit("hamlet", "hamlets")
    assert CountingUnit("hamlet", "hamlets") == first
    assert CountingUnit("household").unit == parse_unit("households")


# --- shown with the declared plural ----------------------------------------------------------------


def test_formatting_uses_the_declared_plural() -> None:
    CountingUnit("criterion", "criteria")
    assert plural_of("criterion") == "criteria"
    assert parse_quantity("3 criteria") == parse_quantity("3 criterion")
    assert amount(3, "criterion") == "3 criteria"
    assert amount(1, "criterion") == "1 criterion"
    assert unit_name("criterion", plural=True) == "criteria"


def test_a_unit_without_a_plural_is_shown_by_its_name() -> None:
    CountingUnit("staff")
    assert amount(12, "staff") == "12 staff"


def test_the_first_plural_a_unit_was_given_is_the_one_shown() -> None:
    # person is built in as "people"; a document that also says "persons" can write it so,
    # but the process goes on showing one plural.
    CountingUnit("person", "persons")
    assert parse_unit("persons") == parse_unit("person")
    assert amount(5, "person") == "5 people"


# --- the builder and the tables ----------------------------------------------------------------


def test_the_builder_reads_the_units_before_the_indicators() -> None:
    framework = resultsframe.build(
        {
            "id": "b",
            "title": "Built",
            "units": {"clinic_visit": "clinic_visits", "outreach": None},
            "results": {
                "o1": {
                    "level": "outcome",
                    "statement": "People use clinics",
                    "indicators": {
                        "o1.a": {"name": "visits", "unit": "clinic_visits", "target": "300 by 2025"}
                    },
                },
            },
        }
    )
    assert [u.name for u in framework.units] == ["clinic_visit", "outreach"]
    assert framework.indicators["o1.a"].targets[0].value == parse_quantity("300 clinic_visit")


def test_the_builder_refuses_a_clashing_unit_at_its_path() -> None:
    with pytest.raises(DocumentError) as caught:
        resultsframe.build({"id": "b", "title": "B", "units": ["second"], "results": {}})
    (problem,) = caught.value.problems
    assert problem.where == ("$.units[0]",)
    assert "[time]" in problem.message


def _with_units(*units: CountingUnit) -> Framework:
    return doc.from_dict(
        _document([{"name": u.name, "plural": u.plural} for u in units], unit=units[0].name)
    )


def test_a_table_is_read_with_the_units_it_is_given(tmp_path: Path) -> None:
    framework = _with_units(CountingUnit("precinct", "precincts"))
    table.write(framework, tmp_path / "matrix.csv")
    back = table.read(tmp_path / "matrix.csv", units=["precinct (precincts)"])
    assert back.units == framework.units
    assert back.indicators["o1.a"].unit == parse_unit("precinct")


def test_an_excel_file_keeps_the_units_on_its_framework_sheet(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    framework = _with_units(CountingUnit("parish", "parishes"), CountingUnit("deanery"))
    table.write(framework, tmp_path / "matrix.xlsx")
    back = table.read(tmp_path / "matrix.xlsx")
    assert back.units == framework.units


def test_a_table_refuses_a_unit_it_cannot_declare(tmp_path: Path) -> None:
    framework = _with_units(CountingUnit("township", "townships"))
    table.write(framework, tmp_path / "matrix.csv")
    with pytest.raises(DocumentError, match="'hour' already names a unit"):
        table.read(tmp_path / "matrix.csv", units="township (townships), hour")


def test_a_counting_unit_made_in_python_refuses_a_clash_as_a_unit_error() -> None:
    with pytest.raises(UnitError, match="dimension"):
        CountingUnit("litre")
