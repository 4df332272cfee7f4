"""The columns of observation files: unknown ones are refused, dimensions are known or declared.

A column is a known one (indicator, period, value …) or a disaggregation dimension: a standard
one (sex, age …), one the framework uses, or one declared as ``dimension:NAME``. Anything else
is refused with its name and the known columns, never silently turned into a dimension (which
would take its rows out of the indicator's value). "Total", "All", "Both sexes", "T" and "_T"
as a dimension's value are the whole.

The framework: "access" is a share with a target of 80 % by 2020-12-31 and a declared
baseline of 40 % in 2015; achievement = (value − 40) / (80 − 40). A variant with a target for
one district makes "district" a dimension the framework uses.
"""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs in the lint extra
import pytest

import resultsframe
from resultsframe import DocumentError, Framework, Observations, assess, build
from resultsframe.model import Dimension
from resultsframe.observations.columns import KNOWN_COLUMNS

SPEC = {
    "id": "f",
    "title": "F",
    "start": "2016-01-01",
    "end": "2020-12-31",
    "results": {
        "goal": {
            "level": "impact",
            "statement": "People have access",
            "indicators": {
                "access": {
                    "name": "access",
                    "unit": "%",
                    "baseline": "40 % in 2015",
                    "target": "80 % by 2020-12-31",
                }
            },
        }
    },
}


@pytest.fixture(scope="module")
def fw() -> Framework:
    return build(SPEC)


@pytest.fixture(scope="module")
def by_district(fw: Framework) -> Framework:
    """The same, with a target for one district: "district" is a dimension the framework uses."""
    indicator = fw.indicators["access"]
    north = attrs.evolve(indicator.targets[0], dimensions=(Dimension("district", "north"),))
    return fw.with_indicator("goal", attrs.evolve(indicator, targets=(*indicator.targets, north)))


def read(fw: Framework, text: str) -> Observations:
    return Observations.from_csv(io.StringIO(text), fw)


def refused(fw: Framework, text: str) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        read(fw, text)
    return caught.value


# --- unknown columns -------------------------------------------------------------------------


def test_an_unknown_column_is_refused_with_its_name_and_the_known_ones(fw: Framework) -> None:
    error = refused(fw, "indicator,period,value,sorce\naccess,2018,60,census\n")
    # issue 14: a misspelt column is answered with the closest one
    (problem,) = error.problems
    assert str(problem).startswith(
        "line 1, column 4: unknown column 'sorce' (did you mean 'source'?); the known columns are "
    )
    assert ", ".join(KNOWN_COLUMNS) in problem.message
    assert "declared as 'dimension:sorce'" in problem.message


def test_every_unknown_column_is_named(fw: Framework) -> None:
    error = refused(fw, "indicator,period,value,district,comment\naccess,2018,60,north,x\n")
    assert [p.where for p in error.problems] == [("line 1, column 4",), ("line 1, column 5",)]


def test_a_column_without_a_name_is_refused(fw: Framework) -> None:
    (problem,) = refused(fw, "indicator,period,value,\naccess,2018,60,\n").problems
    assert str(problem) == "line 1, column 4: a column without a name; name it, or remove it"


def test_a_declared_dimension_column_is_a_dimension(fw: Framework) -> None:
    obs = read(
        fw, "indicator,period,value,dimension:District\naccess,2018,60,north\naccess,2018,55,\n"
    )
    assert [o.dimensions for o in obs] == [(Dimension("District", "north"),), ()]
    # The whole row is the value: (55 − 40) / (80 − 40) = 0.375.
    assert assess(fw, obs, as_of="2018-12-31")["access"].achievement == pytest.approx(0.375)


@pytest.mark.parametrize("column", ["sex", "SEX", "Age", "urbanisation", "income", "disability"])
def test_a_standard_disaggregation_needs_no_declaration(fw: Framework, column: str) -> None:
    obs = read(fw, f"indicator,period,value,{column}\naccess,2018,60,x\n")
    assert obs[0].dimensions == (Dimension(column, "x"),)


def test_a_dimension_the_framework_uses_needs_no_declaration(by_district: Framework) -> None:
    obs = read(by_district, "indicator,period,value,district\naccess,2018,60,north\n")
    assert obs[0].dimensions == (Dimension("district", "north"),)


def test_the_refusal_names_the_framework_s_dimensions(by_district: Framework) -> None:
    (problem,) = refused(by_district, "indicator,period,value,region\naccess,2018,60,x\n").problems
    assert "one the framework uses (district)" in problem.message


def test_an_unknown_key_of_records_is_refused_once(fw: Framework) -> None:
    records = [
        {"indicator": "access", "period": "2017", "value": 50, "sorce": "census"},
        {"indicator": "access", "period": "2018", "value": 60, "sorce": "census"},
    ]
    with pytest.raises(DocumentError) as caught:
        Observations.from_records(records, fw)
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        "[0].sorce: unknown key 'sorce' (did you mean 'source'?); the known keys are "
    )


def test_an_unknown_json_key_is_named_by_its_path(fw: Framework) -> None:
    with pytest.raises(DocumentError) as caught:
        Observations.from_json(
            '[{"indicator": "access", "period": "2018", "value": 60, "x": 1}]', fw
        )
    assert str(caught.value.problems[0]).startswith("$[0].x: unknown key 'x'")


def test_json_dimensions_may_be_an_object(fw: Framework) -> None:
    obs = Observations.from_json(
        '[{"indicator": "access", "period": "2018", "value": 60, "dimensions": {"district": "north"}},'
        ' {"indicator": "access", "period": "2019", "value": 61,'
        '  "dimensions": [{"name": "sex", "value": "female"}]}]',
        fw,
    )
    assert [o.dimensions for o in obs] == [
        (Dimension("district", "north"),),
        (Dimension("sex", "female"),),
    ]


def test_an_unknown_frame_column_is_refused_once(fw: Framework) -> None:
    frame = pd.DataFrame({"indicator": ["access"] * 3, "period": ["2016", "2017", "2018"], "value": [45, 50, 60], "sorce": ["a", "b", "c"]})  # fmt: skip
    with pytest.raises(DocumentError) as caught:
        Observations.from_frame(frame, fw)
    (problem,) = caught.value.problems
    assert str(problem).startswith("line 1, column 4: unknown column 'sorce'")


def test_records_write_a_declared_dimension_so_that_it_reads_back(fw: Framework) -> None:
    obs = read(fw, "indicator,period,value,dimension:district,sex\naccess,2018,60,north,female\n")
    (record,) = obs.to_records()
    assert record["dimension:district"] == "north"
    assert record["sex"] == "female"
    assert list(Observations.from_records(obs.to_records(), fw)) == list(obs)
    assert len(obs + read(fw, "indicator,period,value\naccess,2018,61\n")) == 2


# --- the whole -------------------------------------------------------------------------------


@pytest.mark.parametrize("whole", ["Total", "All", "Both sexes", "T", "_T", "total", " ALL "])
def test_total_all_both_sexes_and_sdmx_totals_are_the_whole(fw: Framework, whole: str) -> None:
    obs = read(fw, f"indicator,period,value,sex\naccess,2018,60,{whole}\naccess,2018,50,female\n")
    assert [o.dimensions for o in obs] == [(), (Dimension("sex", "female"),)]
    entry = assess(fw, obs, as_of="2018-12-31")["access"]
    assert entry.value == 60  # the whole row, not the female one
    assert entry.achievement == pytest.approx(0.5)  # (60 − 40) / (80 − 40)


def test_only_the_whole_dimensions_are_dropped(fw: Framework) -> None:
    obs = read(fw, "indicator,period,value,sex,age\naccess,2018,30,Both sexes,15-24\n")
    assert obs[0].dimensions == (Dimension("age", "15-24"),)


def test_a_total_row_and_a_row_without_dimensions_are_a_duplicate(fw: Framework) -> None:
    error = refused(fw, "indicator,period,value,sex\naccess,2018,60,\naccess,2018,61,Total\n")
    (problem,) = error.problems
    assert str(problem).startswith("line 3, column 1 (indicator): a second observation")


def test_the_sample_with_every_column_still_reads() -> None:
    # The repository's own sample with every column (sex among them) reads as before.
    sample = Path(__file__).parent / "data" / "observations" / "all-columns.csv"
    assert len(Observations.from_csv(sample, resultsframe.examples.load("cop"))) == 7
