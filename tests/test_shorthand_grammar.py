"""One grammar of value texts for build() and for tables (resultsframe.grammar).

Every form of the documented table is fed to build() and to table.read, and both must give
the same baseline or target as the one written here by hand. "+N %" on a percent indicator
reads as relative and warns (AmbiguousChangeWarning), in both readers. The table's columns for
accumulation, frequency and stages, and the framework's fiscal year end, read and write back.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import resultsframe
from resultsframe import DocumentError, Framework, Indicator, Result, Target, table
from resultsframe.grammar import AmbiguousChangeWarning, change_text, read_baseline, read_target
from resultsframe.model import Baseline
from resultsframe.periods import Period
from resultsframe.units import parse_unit
from resultsframe.values import Pending, Relative

STAGES = ("consultation completed", "drafted", "adopted")
PERCENT = ("percent", "quantity", ())
CASES = ("case", "quantity", ())
STAGED = (None, "ordinal", STAGES)


def q(text: str) -> Any:
    return resultsframe.units.parse_quantity(text)


# (the indicator's unit, measure and stages; "target" or "baseline"; the text; what it means)
FORMS: list[tuple[tuple[Any, str, tuple[str, ...]], str, str, Target | Baseline]] = [
    (PERCENT, "target", "90", Target(q("90 percent"))),
    (PERCENT, "target", "90 % by 2020", Target(q("90 percent"), due="2020-12-31")),
    (PERCENT, "target", "90 due 2020-06", Target(q("90 percent"), due="2020-06-30")),
    (PERCENT, "target", "XX%", Target(Pending("XX%", "percent"))),
    (PERCENT, "target", "XX %", Target(Pending("XX %", "percent"))),
    (PERCENT, "target", "X% by 2020", Target(Pending("X%", "percent"), due="2020-12-31")),
    (PERCENT, "target", "%", Target(Pending("%", "percent"))),
    (PERCENT, "target", "TBD", Target(Pending("TBD", "percent"))),
    (
        PERCENT,
        "target",
        "pending: set by the board",
        Target(Pending("set by the board", "percent")),
    ),
    (PERCENT, "target", "baseline + 3", Target(Relative(3))),
    (PERCENT, "target", "+5 points", Target(Relative(5))),
    (PERCENT, "target", "+5 pp by 2020", Target(Relative(5), due="2020-12-31")),
    (PERCENT, "target", "baseline - 2 percentage points", Target(Relative(-2))),
    # 5 % of the baseline: a change of 0.05, relative
    (PERCENT, "target", "+5 % relative", Target(Relative(0.05, relative=True))),
    # ×1.05 is the baseline times 1.05: the same change of 0.05
    (PERCENT, "target", "×1.05", Target(Relative(0.05, relative=True))),
    (PERCENT, "target", "baseline × 0.9", Target(Relative(-0.1, relative=True))),
    (PERCENT, "baseline", "40", Baseline(q("40 percent"))),
    (PERCENT, "baseline", "40 % in 2019", Baseline(q("40 percent"), period="2019")),
    (PERCENT, "baseline", "N/A", Baseline(Pending("N/A", "percent"))),
    (PERCENT, "baseline", "n/a in 2019", Baseline(Pending("n/a", "percent"), period="2019")),
    (PERCENT, "baseline", "XX %", Baseline(Pending("XX %", "percent"))),
    (CASES, "target", "12 cases by 2021", Target(q("12 case"), due="2021-12-31")),
    (CASES, "target", "-5 case", Target(q("-5 case"))),  # a signed number with a unit: a value
    (CASES, "target", "-5", Target(Relative(-5))),  # a signed bare number: a change
    (CASES, "target", "+30 %", Target(Relative(0.3, relative=True))),  # no warning: not percent
    (CASES, "target", "XX cases", Target(Pending("XX cases", "case"))),
    (CASES, "target", "TBD cases by 2021", Target(Pending("TBD cases", "case"), due="2021-12-31")),
    (CASES, "target", "XX", Target(Pending("XX", "case"))),
    (CASES, "target", "XX%", Target(Pending("XX%", "case"))),  # the customary mark, not a unit
    (CASES, "baseline", "TBD cases in 2019", Baseline(Pending("TBD cases", "case"), period="2019")),
    (STAGED, "target", "adopted by 2022", Target(q("3"), due="2022-12-31", text="adopted")),
    (STAGED, "target", "Drafted", Target(q("2"), text="Drafted")),
    (STAGED, "target", "3", Target(q("3"))),
    (STAGED, "target", "TBD", Target(Pending("TBD"))),
    (
        STAGED,
        "baseline",
        "consultation completed in 2019",
        Baseline(q("1"), "2019", "consultation completed"),
    ),
]


def _ids(form: Any) -> str:
    (unit, _, _), role, text, _ = form
    return f"{unit}-{role}-{text}"


def built(kind: tuple[Any, str, tuple[str, ...]], role: str, text: str) -> Indicator:
    unit, measure, stages = kind
    spec: dict[str, Any] = {"name": "n", "measure": measure, role: text}
    if unit is not None:
        spec["unit"] = unit
    if stages:
        spec["stages"] = list(stages)
    fw = resultsframe.build(
        {
            "id": "f",
            "title": "F",
            "results": {"g": {"level": "impact", "statement": "G", "indicators": {"g.a": spec}}},
        }
    )
    return fw.indicators["g.a"]


def tabled(
    tmp_path: Path, kind: tuple[Any, str, tuple[str, ...]], role: str, text: str
) -> Indicator:
    unit, measure, stages = kind
    row = {
        "level": "impact",
        "result id": "g",
        "result": "G",
        "indicator id": "g.a",
        "indicator": "n",
        "measure": measure,
        "unit": unit or "",
        "stages": "; ".join(stages),
        "baseline": text if role == "baseline" else "",
        "target 1": text if role == "target" else "",
    }
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, list(row))
        writer.writeheader()
        writer.writerow(row)
    return table.read(path).indicators["g.a"]


@pytest.mark.parametrize("form", FORMS, ids=[_ids(f) for f in FORMS])
def test_every_form_means_the_same_in_build_and_in_a_table(
    tmp_path: Path, form: tuple[Any, str, str, Target | Baseline]
) -> None:
    kind, role, text, meant = form
    unit, measure, stages = kind
    # What the form means, fitted by an indicator as any value is (a stage gets its position).
    field = "targets" if role == "target" else "baselines"
    fields: dict[str, Any] = {field: [meant]}
    expected = getattr(Indicator("x", "n", measure, unit, stages=stages, **fields), field)
    from_spec = getattr(built(kind, role, text), field)
    from_table = getattr(tabled(tmp_path, kind, role, text), field)
    assert from_spec == expected
    assert from_table == expected


def test_a_pending_value_keeps_its_written_unit_and_a_percent_one_is_never_a_number() -> None:
    reading = read_target("XX %", parse_unit("percent"))
    assert reading.value == Pending("XX %", "percent")
    assert read_target("XX cases", parse_unit("case")).value == Pending("XX cases", "case")
    # a unit that does not fit the indicator's is refused, not converted
    with pytest.raises(resultsframe.UnitError, match="'XX kg' is a value to come in 'kilogram'"):
        read_target("XX kg", parse_unit("case"))


# --- "+N %" on a percent indicator ---------------------------------------------------------------


def test_plus_n_percent_on_a_percent_indicator_is_relative_and_build_warns(tmp_path: Path) -> None:
    with pytest.warns(AmbiguousChangeWarning) as caught:
        indicator = built(PERCENT, "target", "+5 %")
    # read as relative: 5 % of the baseline, a change of 0.05; 60 % → 60 × 1.05 = 63 %
    assert indicator.targets == (Target(Relative(0.05, relative=True)),)
    message = str(caught[0].message)
    assert message.startswith("$.results.g.indicators[\"g.a\"].target: '+5 %' on a percent")
    assert "read as 5 % of the baseline (relative: 60 % becomes 63 %)" in message
    assert "not 5 percentage points (60 % becomes 65 %)" in message  # 60 + 5
    assert "'+5 points' or 'baseline + 5'" in message
    assert "'+5 % relative' or '×1.05'" in message


def test_plus_n_percent_on_a_percent_indicator_warns_in_a_table_naming_row_and_column(
    tmp_path: Path,
) -> None:
    with pytest.warns(
        AmbiguousChangeWarning, match=r"row 2, column 'target 1' \(J\): 'baseline - 10 %'"
    ) as caught:
        indicator = tabled(tmp_path, PERCENT, "target", "baseline - 10 %")
    assert indicator.targets == (Target(Relative(-0.1, relative=True)),)
    # 60 % × 0.9 = 54 %; 60 − 10 = 50 %
    assert "60 % becomes 54 %), not 10 percentage points (60 % becomes 50 %)" in str(
        caught[0].message
    )
    assert "'-10 points' or 'baseline - 10'" in str(caught[0].message)
    assert "'-10 % relative' or '×0.9'" in str(caught[0].message)


@pytest.mark.parametrize("text", ["+5 % relative", "×1.05", "+5 points", "baseline + 5"])
def test_the_unambiguous_forms_do_not_warn(text: str) -> None:
    # pytest runs with warnings as errors: a warning here fails the test
    read_target(text, parse_unit("percent"), where="here")


def test_the_writer_never_writes_the_ambiguous_form_and_keeps_the_change(tmp_path: Path) -> None:
    percent = parse_unit("percent")
    assert change_text(Relative(0.05, relative=True, text="+5 %"), percent) == (
        "baseline + 5.00 % relative"  # Decimal("0.05") × 100
    )
    assert change_text(Relative(0.05, relative=True, text="+5 %"), parse_unit("case")) == "+5 %"
    assert change_text(Relative(5, text="+5 points"), percent) == "+5 points"
    with pytest.warns(AmbiguousChangeWarning):
        fw = resultsframe.build(
            {
                "id": "f",
                "title": "F",
                "results": {
                    "g": {
                        "level": "impact",
                        "statement": "G",
                        "indicators": {"g.a": {"name": "n", "unit": "%", "target": "+5 %"}},
                    }
                },
            }
        )
    table.write(fw, tmp_path / "t.csv")
    again = table.read(tmp_path / "t.csv")  # no warning: it says "% relative"
    assert again.indicators["g.a"].targets == fw.indicators["g.a"].targets


# --- dates and periods in a cell and in their own columns ------------------------------------------


HEADER = "level,result id,result,indicator id,indicator,unit,baseline,baseline period,target 1,target 1 due date\n"


def test_a_date_in_the_cell_and_in_its_column_must_agree(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "impact,g,G,g.a,n,%,40 in 2019,2019,80 by 2020,2020-12-31\n", "utf-8")
    indicator = table.read(path).indicators["g.a"]
    assert indicator.baseline == Baseline(q("40 percent"), "2019")
    assert indicator.targets == (Target(q("80 percent"), due="2020-12-31"),)
    path.write_text(HEADER + "impact,g,G,g.a,n,%,40 in 2018,2019,80 by 2020,2021-12-31\n", "utf-8")
    with pytest.raises(DocumentError) as caught:
        table.read(path)
    assert [str(p) for p in caught.value.problems] == [
        "row 2, column 'baseline' (G): says 'in 2018', but 'baseline period' says '2019'; give "
        "the period in one of them",
        "row 2, column 'target 1' (I): is due 2020-12-31, but its due date column says "
        "2021-12-31; give the date in one of them",
    ]


def test_a_bad_date_after_by_is_named_in_both_readers(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="after 'by' comes a date"):
        built(PERCENT, "target", "80 by 2020-13")
    with pytest.raises(
        DocumentError, match=r"column 'target 1' \(J\): cannot read '80 by 2020-13'"
    ):
        tabled(tmp_path, PERCENT, "target", "80 by 2020-13")


# --- accumulation, frequency and stages columns ---------------------------------------------------


def staged_framework() -> Framework:
    return Framework(
        "f",
        "F",
        [
            Result(
                "g",
                "impact",
                "G",
                indicators=[
                    Indicator(
                        "g.a",
                        "people trained",
                        unit="person",
                        accumulation="increments",
                        frequency="quarterly",
                        baselines=[Baseline(0, "2019")],
                        targets=[Target(1200, due="2022-12-31")],
                    ),
                    Indicator(
                        "g.b",
                        "state of the reform",
                        measure="ordinal",
                        stages=STAGES,
                        frequency="annual",
                        baselines=[Baseline(text="consultation completed")],
                        targets=[
                            Target(2, due="2021-12-31"),
                            Target(text="adopted", due="2022-12-31"),
                        ],
                    ),
                ],
            )
        ],
        fiscal_year_end="06-30",
    )


def test_accumulation_frequency_and_stages_are_written_in_their_columns() -> None:
    rows = {r["indicator id"]: r for r in table.to_rows(staged_framework())}
    assert (rows["g.a"]["accumulation"], rows["g.a"]["frequency"], rows["g.a"]["stages"]) == (
        "increments",
        "quarterly",
        None,
    )
    assert (rows["g.b"]["accumulation"], rows["g.b"]["frequency"]) == (None, "annual")
    assert rows["g.b"]["stages"] == "consultation completed; drafted; adopted"
    # positions are written as the stages' names: 1, 2 and 3
    assert (rows["g.b"]["baseline"], rows["g.b"]["target 1"], rows["g.b"]["target 2"]) == (
        "consultation completed",
        "drafted",
        "adopted",
    )


@pytest.mark.parametrize("name", ["t.csv", "t.xlsx"])
def test_accumulation_frequency_stages_and_the_fiscal_year_end_read_back(
    tmp_path: Path, name: str
) -> None:
    fw = staged_framework()
    table.write(fw, tmp_path / name)
    again = table.read(tmp_path / name, fiscal_year_end="06-30" if name.endswith("csv") else None)
    assert again.fiscal_year_end == "06-30"
    for key in ("g.a", "g.b"):
        one, other = fw.indicators[key], again.indicators[key]
        assert (other.accumulation, other.frequency, other.stages) == (
            one.accumulation,
            one.frequency,
            one.stages,
        )
        assert [t.value for t in other.targets] == [t.value for t in one.targets]
        assert other.baseline is not None
        assert one.baseline is not None
        assert other.baseline.value == one.baseline.value == q("1" if key == "g.b" else "0 person")


def test_a_fiscal_year_reads_with_the_fiscal_year_end_given_for_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "impact,g,G,g.a,n,%,40,FY2019,80 by FY2021,\n", "utf-8")
    fw = table.read(path, fiscal_year_end="06-30")
    indicator = fw.indicators["g.a"]
    # FY2019 ending 30 June: 2018-07-01 to 2019-06-30; by FY2021: 2021-06-30
    assert indicator.baseline is not None
    assert indicator.baseline.period == Period(date(2018, 7, 1), date(2019, 6, 30), "FY2019")
    assert indicator.targets[0].due == date(2021, 6, 30)
    with pytest.raises(DocumentError, match="fiscal year end: a fiscal year end is written as"):
        table.read(path, fiscal_year_end="30 June")
    with pytest.raises(DocumentError, match="fiscal_year_end"):
        table.read(path)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"accumulation": "sum"},
            "column 'accumulation' (H): unknown accumulation 'sum'; use one of level, "
            "cumulative, increments",
        ),
        (
            {"frequency": "weekly"},
            "column 'frequency' (J): unknown frequency 'weekly'; use one of annual, "
            "semiannual, quarterly, monthly",
        ),
        (
            {"measure": "share", "unit": "%", "accumulation": "cumulative"},
            "column 'accumulation' (H): indicator 'g.a' is a share, which does not add up",
        ),
        (
            {"measure": "ordinal", "stages": "drafted; adopted", "target 1": "adoptd"},
            "column 'target 1' (K): indicator 'g.a' has no stage 'adoptd'; did you mean 'adopted'?",
        ),
        (
            {"stages": "drafted; adopted"},
            "column 'stages' (I): indicator 'g.a' names stages, which only an ordinal",
        ),
    ],
)
def test_a_bad_column_cell_is_named(tmp_path: Path, cells: dict[str, str], expected: str) -> None:
    row = {
        "level": "impact",
        "result id": "g",
        "result": "G",
        "indicator id": "g.a",
        "indicator": "n",
        "measure": "",
        "unit": "",
        "accumulation": "",
        "stages": "",
        "frequency": "",
        "target 1": "",
        **cells,
    }
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, list(row))
        writer.writeheader()
        writer.writerow(row)
    with pytest.raises(DocumentError) as caught:
        table.read(path)
    assert f"row 2, {expected}" in str(caught.value)


def test_a_stage_a_table_cannot_separate_is_refused() -> None:
    fw = Framework(
        "f",
        "F",
        [
            Result(
                "g",
                "impact",
                "G",
                indicators=[
                    Indicator(
                        "g.a", "n", measure="ordinal", stages=("drafted; reviewed", "adopted")
                    )
                ],
            )
        ],
    )
    with pytest.raises(DocumentError, match="the stage 'drafted; reviewed' cannot be written"):
        table.to_rows(fw)


def test_the_baseline_reader_reads_not_available_and_the_target_reader_refuses_it() -> None:
    percent = parse_unit("percent")
    assert read_baseline("N/A", percent).value == Pending("N/A", "percent")
    with pytest.raises(resultsframe.UnitError):
        read_target("N/A", percent)


def test_import_table_takes_the_fiscal_year_end(tmp_path: Path) -> None:
    from resultsframe.cli import main

    path = tmp_path / "t.csv"
    path.write_text(HEADER + "impact,g,G,g.a,n,%,40,FY2019,80 by FY2021,\n", "utf-8")
    out = tmp_path / "t.json"
    assert main(["import-table", str(path), "--fiscal-year-end", "06-30", "-o", str(out)]) == 0
    fw = resultsframe.load(out)
    assert fw.fiscal_year_end == "06-30"
    assert fw.indicators["g.a"].targets[0].due == date(2021, 6, 30)  # FY2021 ends 30 June 2021
