"""Observations: read from CSV, JSON, Python records and data frames, checked against a framework.

A bad row is refused with the file, line, column and what is wrong; nothing is silently dropped;
a share keeps its numerator and denominator.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs in the lint extra
import polars as pl
import pytest

import resultsframe
from resultsframe import DocumentError, Framework, Observation, Observations, assess
from resultsframe.model import Dimension
from resultsframe.periods import Period
from resultsframe.units import parse_unit, registry

DATA = Path(__file__).parent / "data" / "observations"
ALL_COLUMNS = DATA / "all-columns.csv"


@pytest.fixture(scope="module")
def cop() -> Framework:
    return resultsframe.examples.load("cop")


def data_rows(path: Path) -> int:
    """How many data rows a CSV file has, counted without resultsframe."""
    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for row in list(csv.reader(f))[1:] if any(cell.strip() for cell in row))


def refused(text: str, framework: Framework, tmp_path: Path) -> DocumentError:
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        Observations.from_csv(path, framework)
    assert caught.value.source == str(path)
    assert str(path) in str(caught.value)
    return caught.value


# --- CSV -------------------------------------------------------------------------------------


def test_every_row_of_a_csv_file_is_kept(cop: Framework) -> None:
    obs = Observations.from_csv(ALL_COLUMNS, cop)
    assert len(obs) == data_rows(ALL_COLUMNS) == 7


def test_csv_columns_are_read_into_observations(cop: Framework) -> None:
    rows = list(Observations.from_csv(ALL_COLUMNS, cop))
    first = rows[0]
    assert first.indicator == "T1.a"
    assert first.period == Period.parse("2012")
    assert first.period.end == datetime.date(2012, 12, 31)
    assert (first.numerator, first.denominator) == (143, 196)
    assert first.value == registry().Quantity(143 / 196 * 100, "percent")
    assert first.source is not None
    assert first.source.startswith("https://www.biztechafrica.com/")
    assert first.note == "ICMEC 7th ed."
    assert first.area is None
    assert first.dimensions == ()
    assert rows[1].note == "196 reviewed, 16 with no specific legislation"


def test_periods_are_years_months_or_days(cop: Framework) -> None:
    ends = [o.period.end for o in Observations.from_csv(ALL_COLUMNS, cop)][:3]
    assert ends == [
        datetime.date(2012, 12, 31),
        datetime.date(2018, 12, 6),
        datetime.date(2020, 12, 31),
    ]


def test_a_count_is_read_in_its_unit(cop: Framework) -> None:
    rows = list(Observations.from_csv(ALL_COLUMNS, cop))
    assert rows[2].value == registry().Quantity(48, "country")
    assert rows[4].value == registry().Quantity(30, "case")  # written "cases"


def test_other_columns_are_disaggregations(cop: Framework) -> None:
    rows = list(Observations.from_csv(ALL_COLUMNS, cop))
    assert rows[3].dimensions == (Dimension("sex", "female"),)
    assert rows[4].dimensions == ()  # an empty cell: the whole
    assert cop.indicators["T1.s1"].id in Observations.from_csv(ALL_COLUMNS, cop).indicators()


def test_unit_level_rows_name_their_area_and_yes_is_all_of_it(cop: Framework) -> None:
    rows = list(Observations.from_csv(ALL_COLUMNS, cop))
    assert [(o.area, o.value) for o in rows[5:]] == [
        ("US", registry().Quantity(100, "percent")),
        ("CA", registry().Quantity(100, "percent")),
    ]


@pytest.mark.parametrize(("text", "percent"), [("yes", 100), ("no", 0), ("0.5", 50)])
def test_a_dimensionless_value_of_a_share_is_a_fraction(
    cop: Framework, text: str, percent: float
) -> None:
    unit = "dimensionless" if text == "0.5" else ""
    obs = Observations.from_records(
        [{"indicator": "T1.a", "period": "2019", "value": text, "unit": unit}], cop
    )
    assert obs[0].value == registry().Quantity(percent, "percent")


def test_the_header_may_be_in_any_case_and_order(cop: Framework) -> None:
    text = "Period,Unit,Value,Indicator\n2020,country,48,P1.2.a\n"
    obs = Observations.from_csv(io.StringIO(text), cop)
    assert [(o.indicator, o.period.text, o.value.magnitude) for o in obs] == [
        ("P1.2.a", "2020", 48)
    ]


def test_blank_lines_are_not_rows(cop: Framework, tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("indicator,period,value\n\nP1.2.a,2019,45\n\nP1.2.a,2020,47\n")
    assert len(Observations.from_csv(path, cop)) == 2


def test_a_byte_order_mark_is_not_part_of_the_header(cop: Framework, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("indicator,period,value\nP1.2.a,2020,47\n".encode("utf-8-sig"))
    assert len(Observations.from_csv(path, cop)) == 1


# --- every kind of bad row ---------------------------------------------------------------------

HEADER = "indicator,period,value,unit,numerator,denominator\n"


@pytest.mark.parametrize(
    ("row", "place", "message"),
    [
        ("NOPE,2019,3,percent,,", "line 2, column 1 (indicator)", "unknown indicator 'NOPE'"),
        ("T1.s1,2019,3,child,,", "line 2, column 4 (unit)", "does not fit indicator 'T1.s1'"),
        ("T1.a,2019,3,country,,", "line 2, column 4 (unit)", "does not fit indicator 'T1.a'"),
        ("T1.s1,2019,3,furlong,,", "line 2, column 4 (unit)", "furlong"),
        ("T1.a,2019,,child,20,196", "line 2, column 4 (unit)", "counts 'country'"),
        ("T1.a,2019-13,3,percent,,", "line 2, column 2 (period)", "month 13"),
        ("T1.a,19,3,percent,,", "line 2, column 2 (period)", "cannot read '19' as a period"),
        ("T1.a,,3,percent,,", "line 2, column 2 (period)", "period"),
        ("T1.a,2019,abc,percent,,", "line 2, column 3 (value)", "cannot read 'abc'"),
        ("T1.a,2019,nan,percent,,", "line 2, column 3 (value)", "cannot read 'nan'"),
        ("T1.a,2019,,,,", "line 2, column 3 (value)", "no value"),
        ("T1.a,2019,918,percent,,", "line 2, column 3 (value)", "between 0 and 100 %"),
        ("T1.a,2019,,,200,196", "line 2, column 5 (numerator)", "larger than denominator 196"),
        ("T1.a,2019,,,x,196", "line 2, column 5 (numerator)", "'x'"),
        ("T1.a,2019,,,20,0", "line 2, column 6 (denominator)", "positive"),
        ("T1.a,2019,,,20,", "line 2, column 6 (denominator)", "positive"),
        ("T1.a,2019,10,percent,20,196", "line 2, column 3 (value)", "not both"),
        ("T1.s1,2019,,,2,3", "line 2, column 5 (numerator)", "'T1.s1' is not a share"),
        ("T5.f,2019,1,,,", "line 2, column 1 (indicator)", "qualitative"),
        ("T1.a,2019,3,percent", "line 2", "4 fields where the header has 6"),
        ("T1.a,2019,3,percent,,,,", "line 2", "8 fields where the header has 6"),
    ],
)
def test_a_bad_row_is_refused_with_its_place(
    cop: Framework, tmp_path: Path, row: str, place: str, message: str
) -> None:
    error = refused(HEADER + row + "\n", cop, tmp_path)
    assert len(error.problems) == 1
    assert str(error.problems[0]).startswith(place + ":")
    assert message in str(error)


def test_a_duplicate_observation_names_both_lines(cop: Framework, tmp_path: Path) -> None:
    error = refused(HEADER + "T1.a,2019,3,percent,,\nT1.a,2019,,,20,196\n", cop, tmp_path)
    (problem,) = error.problems
    assert str(problem).startswith("line 3, column 1 (indicator):")
    assert "second observation" in problem.message
    assert "line 2" in problem.message


def test_the_same_period_for_another_area_or_disaggregation_is_not_a_duplicate(
    cop: Framework,
) -> None:
    text = "indicator,period,value,area,sex\nT1.s1,2019,3,,\nT1.s1,2019,2,,f\nT1.s1,2019,1,FR,\n"
    assert len(Observations.from_csv(io.StringIO(text), cop)) == 3


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("indicator,value,unit", "period"),
        ("period,value", "indicator"),
        ("indicator,period,unit", "value (or numerator and denominator)"),
    ],
)
def test_a_header_without_the_needed_columns_is_refused(
    cop: Framework, tmp_path: Path, header: str, missing: str
) -> None:
    error = refused(header + "\nT1.a,2019,3\n", cop, tmp_path)
    assert str(error.problems[0]).startswith("line 1:")
    assert f"lacks {missing}" in str(error)


def test_a_column_given_twice_is_refused(cop: Framework, tmp_path: Path) -> None:
    error = refused("indicator,period,value,value\nT1.a,2019,3,4\n", cop, tmp_path)
    assert "line 1" in str(error)
    assert "value" in str(error)


def test_an_empty_file_is_refused(cop: Framework, tmp_path: Path) -> None:
    assert "empty" in str(refused("", cop, tmp_path))


def test_a_file_that_is_not_utf8_is_refused_with_line_and_column(
    cop: Framework, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "indicator,period,value,note\nP1.2.a,2020,47,Armenia\nP1.2.a,2021,48,Café\n".encode(
            "latin-1"
        )
    )
    with pytest.raises(DocumentError) as caught:
        Observations.from_csv(path, cop)
    text = str(caught.value)
    assert str(path) in text
    assert "line 3, column 19" in text  # the é of "Café"
    assert "UTF-8" in text


def test_a_missing_file_is_a_document_error(cop: Framework, tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot read the file"):
        Observations.from_csv(tmp_path / "nowhere.csv", cop)


def test_every_problem_is_reported_at_once_and_nothing_is_kept(
    cop: Framework, tmp_path: Path
) -> None:
    text = HEADER + "\n".join(
        [
            "T1.a,2019,3,percent,,",
            "NOPE,2019,3,percent,,",
            "T1.a,2020,abc,percent,,",
            "T1.a,2021,3,percent,,",
            "T1.a,20x1,3,percent,,",
        ]
    )
    error = refused(text + "\n", cop, tmp_path)
    assert [str(p).split(",")[0] for p in error.problems] == ["line 3", "line 4", "line 6"]


# --- JSON ----------------------------------------------------------------------------------------


def test_json_observations_from_a_file(cop: Framework) -> None:
    obs = Observations.from_json(DATA / "observations.json", cop)
    assert len(obs) == len(json.loads((DATA / "observations.json").read_text())["observations"])
    rows = list(obs)
    assert (rows[1].numerator, rows[1].denominator) == (180, 196)
    assert rows[2].value == registry().Quantity(48, "country")
    assert rows[3].dimensions == (Dimension("sex", "female"),)
    assert rows[4].area == "US"
    assert rows[4].value == registry().Quantity(100, "percent")


def test_json_observations_from_text_and_from_a_path_as_text(cop: Framework) -> None:
    text = '[{"indicator": "P1.2.a", "period": "2020", "value": 47}]'
    assert len(Observations.from_json(text, cop)) == 1
    assert len(Observations.from_json(str(DATA / "observations.json"), cop)) == 5


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('[{"indicator": "X", "period": "2019", "value": 1}]', "$[0].indicator", "unknown"),
        ('[{"indicator": "P1.2.a", "period": 2019, "value": 1}]', "$[0].period", "text"),
        ('[{"indicator": "P1.2.a", "period": "2019", "value": "5 %"}]', "$[0].value", "5 %"),
        ("[1]", "$[0]", "expected a mapping"),
        ('{"a": 1}', "$", "array of observations"),
        ('[{"indicator": "P1.2.a",', "line 1, column 25", "not valid JSON"),
    ],
)
def test_bad_json_names_the_json_path(
    cop: Framework, tmp_path: Path, text: str, where: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(DocumentError) as caught:
        Observations.from_json(path, cop)
    assert str(path) in str(caught.value)
    assert str(caught.value.problems[0]).startswith(where + ":")
    assert message in str(caught.value)


# --- Python records ------------------------------------------------------------------------------


def test_records_may_be_dicts_or_observation_objects(cop: Framework) -> None:
    made = Observation(
        "T1.s1",
        Period.parse("2019"),
        registry().Quantity(12, "case"),
        dimensions=(Dimension("sex", "female"),),
        source="a survey",
    )
    obs = Observations.from_records(
        [made, {"indicator": "T1.s1", "period": "2020", "value": 14, "age": "under 18"}], cop
    )
    assert obs[0] == made
    assert obs[1].dimensions == (Dimension("age", "under 18"),)
    assert obs[1].value == registry().Quantity(14, "case")


def test_bad_records_are_named_by_position_and_field(cop: Framework) -> None:
    records: list[Any] = [
        {"indicator": "P1.2.a", "period": "2019", "value": 45},
        {"indicator": "P1.2.a", "period": "2019-02-30", "value": 45},
        "P1.2.a 2020 47",  # not a record at all
    ]
    with pytest.raises(DocumentError) as caught:
        Observations.from_records(records, cop)
    places = [str(p).split(":")[0] for p in caught.value.problems]
    assert places == ["[1].period", "[2]"]


def test_records_round_trip(cop: Framework) -> None:
    obs = Observations.from_csv(ALL_COLUMNS, cop)
    records = obs.to_records()
    json.dumps(records)  # plain, JSON-ready values
    assert records[1] == {
        "indicator": "T1.a",
        "period": "2018-12-06",
        "numerator": 180,
        "denominator": 196,
        "source": "https://www.icmec.org/press/9th-edition-global-review-reveals-increase-in-laws-that-protect-children/",
        "note": "196 reviewed, 16 with no specific legislation",
    }
    assert list(Observations.from_records(records, cop)) == list(obs)


def test_observations_add_up_and_still_refuse_duplicates(cop: Framework) -> None:
    a = Observations.from_records([{"indicator": "P1.2.a", "period": "2019", "value": 45}], cop)
    b = Observations.from_records([{"indicator": "P1.2.a", "period": "2020", "value": 47}], cop)
    assert len(a + b) == 2
    with pytest.raises(DocumentError, match="second observation"):
        _ = a + a


# --- data frames ---------------------------------------------------------------------------------

MIXED: dict[str, list[Any]] = {
    "indicator": ["T1.a", "T1.a", "P1.2.a"],
    "period": ["2012", "2018-12-06", "2020-12"],
    "value": [None, None, 48],
    "unit": [None, None, "country"],
    "numerator": [143, 180, None],
    "denominator": [196, 196, None],
    "sex": [None, None, "female"],
}


def check_mixed(obs: Observations) -> None:
    rows = list(obs)
    assert len(rows) == 3
    assert (rows[0].numerator, rows[0].denominator) == (143, 196)
    assert rows[1].period.end == datetime.date(2018, 12, 6)
    assert rows[2].value == registry().Quantity(48, "country")
    assert rows[2].numerator is None
    assert rows[2].dimensions == (Dimension("sex", "female"),)
    assert rows[0].dimensions == ()


def test_a_pandas_frame_with_empty_cells(cop: Framework) -> None:
    check_mixed(Observations.from_frame(pd.DataFrame(MIXED), cop))
    check_mixed(Observations.from_frame(pd.DataFrame(MIXED).convert_dtypes(), cop))


def test_a_polars_frame_with_empty_cells(cop: Framework) -> None:
    check_mixed(Observations.from_frame(pl.DataFrame(MIXED), cop))


def test_frame_periods_may_be_dates(cop: Framework) -> None:
    days = [datetime.date(2020, 5, 1), datetime.date(2020, 6, 1)]
    frames = [
        pl.DataFrame({"indicator": ["P1.2.a"] * 2, "period": days, "value": [47, 48]}),
        pd.DataFrame(
            {"indicator": ["P1.2.a"] * 2, "period": pd.to_datetime(days), "value": [47, 48]}
        ),
    ]
    for frame in frames:
        assert [o.period.text for o in Observations.from_frame(frame, cop)] == [
            "2020-05-01",
            "2020-06-01",
        ]


def test_a_bad_frame_row_is_named(cop: Framework) -> None:
    frame = pl.DataFrame(
        {"indicator": ["P1.2.a", "X"], "period": ["2019", "2020"], "value": [1, 2]}
    )
    with pytest.raises(DocumentError) as caught:
        Observations.from_frame(frame, cop)
    assert str(caught.value.problems[0]).startswith("[1].indicator:")


# --- the framework they belong to -----------------------------------------------------------------


def test_observations_bind_to_a_filled_variant(cop: Framework) -> None:
    obs = resultsframe.examples.observations("cop")
    filled = cop.fill({"T3.a": "50 %"})
    bound = obs.bind(filled)
    assert bound.framework is filled
    assert len(bound) == len(obs)
    assert list(bound) == list(obs)
    t3a = assess(filled, bound, "2020-12-31")["T3.a"]
    assert t3a.target == 50
    assert t3a.reason is not None
    assert "no observation of T3.a" in t3a.reason


def test_assess_binds_observations_to_the_variant_it_is_given(cop: Framework) -> None:
    filled = cop.fill({"T3.a": "50 %"})
    report = assess(filled, resultsframe.examples.observations("cop"), "2020-12-31")
    assert report.framework is filled
    assert report.observations.framework is filled
    assert report["T1.a"].value == pytest.approx(180 / 196 * 100)


def test_binding_to_a_framework_without_an_observed_indicator_is_refused(cop: Framework) -> None:
    without = attrs.evolve(
        cop,
        results=tuple(
            attrs.evolve(r, indicators=tuple(i for i in r.indicators if i.id != "P2.6.a"))
            for r in cop
        ),
        # The IWF's initiative contributes to it: it goes too, or the framework is not valid.
        initiatives=tuple(i for i in cop.initiatives if "P2.6.a" not in i.contributes_to),
    )
    with pytest.raises(DocumentError, match=r"P2\.6\.a"):
        resultsframe.examples.observations("cop").bind(without)


def test_unit_of_a_bound_indicator_is_kept(cop: Framework) -> None:
    bound = resultsframe.examples.observations("cop").bind(cop.fill({"T3.a": "50 %"}))
    assert {o.value.units for o in bound if o.indicator == "T1.a"} == {parse_unit("percent")}


# --- the COP demo data -----------------------------------------------------------------------------


def test_the_cop_demo_data_keeps_every_published_row() -> None:
    files = resources.files("resultsframe.examples")
    figures = list(
        csv.DictReader(io.StringIO(files.joinpath("cop-observations.csv").read_text("utf-8")))
    )
    opsc = list(
        csv.DictReader(
            io.StringIO(files.joinpath("cop-opsc-parties-by-country.csv").read_text("utf-8"))
        )
    )
    parties = [r for r in opsc if r["state party"] == "1"]
    obs = resultsframe.examples.observations("cop")
    assert len(obs) == len(figures) + len(parties) == 23 + 176
    assert sum(1 for o in obs if o.indicator == "P1.2.b" and o.area is not None) == 176
    shares = [o for o in obs if o.indicator in ("T1.a", "T2.a", "T5.g")]
    assert shares
    assert all(o.numerator is not None and o.denominator is not None for o in shares)


# --- immutable -----------------------------------------------------------------------------------


def test_nothing_read_from_observations_can_change_them(cop: Framework) -> None:
    obs = resultsframe.examples.observations("cop")
    before = assess(cop, obs, "2020-12-31").to_records()
    series = obs.series("T1.a")
    assert series is not None
    with pytest.raises(AttributeError):
        series.values.append(0.0)  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        series.values[-1] = 0.0  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        series.values = ()  # type: ignore[misc]
    areas = obs.areas("P1.2.b")
    assert areas
    with pytest.raises(TypeError):
        areas["XX"] = next(iter(areas.values()))  # type: ignore[index]
    with pytest.raises(TypeError):
        obs.areas("T1.a")["XX"] = series  # type: ignore[index]  # the empty mapping too
    with pytest.raises(AttributeError, match="immutable"):
        obs.source = "elsewhere"  # type: ignore[misc]
    rows = obs.rows_of("T1.a")
    with pytest.raises(AttributeError):
        rows.append(0)  # type: ignore[attr-defined]
    # The same figures, in this process and for every later assessment.
    assert assess(cop, obs, "2020-12-31").to_records() == before
    assert (
        assess(cop, resultsframe.examples.observations("cop"), "2020-12-31").to_records() == before
    )


def test_many_bad_rows_list_fifty_problems_and_count_the_rest(cop: Framework) -> None:
    records = [{"indicator": "NOPE", "period": "2019", "value": 1}] * 120
    with pytest.raises(DocumentError) as caught:
        Observations.from_records(records, cop)
    problems = caught.value.problems
    assert len(problems) == 51
    assert str(problems[0]).startswith("[0].indicator: unknown indicator 'NOPE'")
    assert problems[-1].message == "… and 70 more problems"
