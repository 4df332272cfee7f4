"""Progress per disaggregation, and parts of a count that do not add up to the whole.

The framework: one indicator of children enrolled (a count), baseline 100 for 2015 and a
whole target of 200 due 2020-12-31; a target of 120 for girls (baseline 40 for 2015, declared)
and one of 100 for boys (no declared baseline: the 2015 observation for boys, 60, is it).
"""

from __future__ import annotations

from datetime import date

import pytest

from resultsframe import Framework, Indicator, Observations, Result, Status, Target, assess
from resultsframe.model import Baseline, Dimension
from resultsframe.progress import IndicatorProgress, ProgressReport
from resultsframe.progress.disaggregation import SUM_TOLERANCE

GIRLS = (Dimension("sex", "female"),)
BOYS = (Dimension("sex", "male"),)


def framework() -> Framework:
    ind = Indicator(
        "e",
        "children enrolled",
        unit="child",
        baselines=(Baseline(100, period="2015"), Baseline(40, period="2015", dimensions=GIRLS)),
        targets=(
            Target(120, due="2020-12-31", dimensions=GIRLS),
            Target(200, due="2020-12-31"),
            Target(100, due="2020-12-31", dimensions=BOYS),
        ),
    )
    return Framework(
        "t",
        "Test",
        (Result("goal", "impact", "Goal", indicators=(ind,)),),
        start="2016-01-01",
        end="2020-12-31",
    )


def entry_of(report: ProgressReport) -> IndicatorProgress:
    entry = report["e"] if "e" in report else report["s"]
    assert isinstance(entry, IndicatorProgress)
    return entry


def rows(*items: tuple[str, float, str | None]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for period, value, sex in items:
        row: dict[str, object] = {"indicator": "e", "period": period, "value": value}
        if sex is not None:
            row["sex"] = sex
        out.append(row)
    return out


DATA = rows(
    ("2015", 100, None),
    ("2015", 40, "female"),
    ("2015", 60, "male"),
    ("2018", 150, None),
    ("2018", 70, "female"),
    ("2018", 80, "male"),
)


def test_each_disaggregation_with_a_target_is_assessed_on_its_own_data() -> None:
    fw = framework()
    entry = entry_of(assess(fw, Observations.from_records(DATA, fw), "2018-12-31"))
    # the whole: (150 − 100) / (200 − 100) = 0.5, with the whole target, not the girls' 120
    assert entry.target == 200
    assert entry.achievement == pytest.approx(0.5)
    girls, boys = entry.by_dimension
    assert girls.id == "e[sex=female]"
    # girls: declared baseline 40, (70 − 40) / (120 − 40) = 0.375
    assert (girls.value, girls.baseline, girls.target) == (70, 40, 120)
    assert girls.achievement == pytest.approx(0.375)
    # expected: 2015-12-31 → 2020-12-31 is 1827 days, 1096 of them by 2018-12-31: 0.59989
    assert girls.expected == pytest.approx(1096 / 1827)
    assert girls.status is Status.AT_RISK  # 0.375 / 0.59989 = 0.625: between 0.6 and 0.9
    # boys: baseline the 2015 observation, 60; (80 − 60) / (100 − 60) = 0.5; 0.5 / 0.6 = 0.83
    assert (boys.id, boys.baseline) == ("e[sex=male]", 60)
    assert boys.achievement == pytest.approx(0.5)
    assert boys.status is Status.AT_RISK
    # outside the roll-up: the result's progress is the whole indicator's
    assert assess(fw, Observations.from_records(DATA, fw), "2018-12-31")["goal"].progress == (
        pytest.approx(0.5)
    )


def test_a_disaggregation_without_data_says_so() -> None:
    fw = framework()
    data = [r for r in DATA if r.get("sex") != "male"]
    boys = entry_of(assess(fw, Observations.from_records(data, fw), "2018-12-31")).by_dimension[1]
    assert boys.status is Status.NOT_ASSESSABLE
    assert boys.reason == "no observation of e for sex=male at or before 2018-12-31"
    assert boys.coverage == 0


def test_total_rows_are_the_whole() -> None:
    fw = framework()
    data = [{**r, "sex": "Total"} if "sex" not in r else r for r in DATA]
    entry = entry_of(assess(fw, Observations.from_records(data, fw), "2018-12-31"))
    assert entry.value == 150
    assert entry.findings == ()


def test_parts_that_do_not_add_up_are_a_finding_with_the_figures() -> None:
    fw = framework()
    data = [*DATA[:4], *rows(("2018", 70, "female"), ("2018", 70, "male"))]
    entry = entry_of(assess(fw, Observations.from_records(data, fw), "2018-12-31"))
    assert entry.findings == (
        "2018: by sex, female 70 + male 70 = 140, but the whole is 150 (10 short: a category "
        "is missing, or the published figures do not agree)",
    )
    assert entry.value == 150  # never corrected
    assert "2018: by sex" in entry.explain()


def test_rounding_within_the_tolerance_is_no_finding() -> None:
    fw = framework()
    # 70.4 + 79.9 = 150.3: 0.2 % over 150, inside the tolerance of 0.5 %
    assert SUM_TOLERANCE > 0.3 / 150
    data = [*DATA[:4], *rows(("2018", 70.4, "female"), ("2018", 79.9, "male"))]
    assert entry_of(assess(fw, Observations.from_records(data, fw), "2018-12-31")).findings == ()


def test_shares_are_not_added_up() -> None:
    ind = Indicator("s", "share enrolled", measure="share", unit="percent", targets=(Target(90),))
    fw = Framework("t", "T", (Result("g", "impact", "G", indicators=(ind,)),))
    data = [
        {"indicator": "s", "period": "2018", "value": 80},
        {"indicator": "s", "period": "2018", "value": 70, "sex": "female"},
        {"indicator": "s", "period": "2018", "value": 90, "sex": "male"},
    ]
    report = assess(fw, Observations.from_records(data, fw), date(2018, 12, 31))
    assert entry_of(report).findings == ()


def test_a_disaggregation_is_in_the_report_by_its_id_and_explains_itself() -> None:
    fw = framework()
    report = assess(fw, Observations.from_records(DATA, fw), "2018-12-31")
    girls = report["e[sex=female]"]
    assert girls is entry_of(report).by_dimension[0]
    text = girls.explain()
    assert "None" not in text
    assert "baseline:    40 child for 2015" in text
    assert "declared for sex=female" in text
    boys = report["e[sex=male]"].explain()
    assert "the latest observation for sex=male at or before the framework's start" in boys
    with pytest.raises(KeyError, match="sex=other"):
        report["e[sex=other]"]


def test_a_disaggregation_may_be_written_as_a_mapping() -> None:
    # as observation files write it: {"sex": "female"}
    assert Target(120, dimensions={"sex": "female"}).dimensions == GIRLS
    assert Baseline(40, dimensions={"sex": "female"}).dimensions == GIRLS
