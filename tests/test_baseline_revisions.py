"""Baselines revised with a day and a reason, and baselines published as "N/A" (pending)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import pytest

import resultsframe
from resultsframe import (
    Baseline,
    Framework,
    Indicator,
    Pending,
    Result,
    Status,
    Target,
    iati,
    table,
)
from resultsframe import document as doc
from resultsframe.exceptions import ResultsframeError, UnitError, ValidationError
from resultsframe.model import BaselineRevision
from resultsframe.observations import Observations
from resultsframe.units import Quantity


def _framework(baseline: Baseline | None = None) -> Framework:
    # Baseline 10 cases in 2016, target 30 cases by the end of 2020.
    declared = Baseline(10, period="2016") if baseline is None else baseline
    indicator = Indicator(
        "o.a",
        "cases handled",
        unit="case",
        baselines=[declared],
        targets=[Target(30, due="2020-12-31")],
    )
    return Framework(
        "rev",
        "Revisions",
        [Result("o", "outcome", "Cases are handled", indicators=[indicator])],
        start="2017-01-01",
        end="2020-12-31",
        fiscal_year_end="06-30",
    )


def _observations(fw: Framework) -> Observations:
    return Observations.from_records([{"indicator": "o.a", "period": "2019", "value": 20}], fw)


def _assess(fw: Framework) -> resultsframe.IndicatorProgress:
    entry = resultsframe.assess(fw, _observations(fw), as_of="2019-12-31")["o.a"]
    assert isinstance(entry, resultsframe.IndicatorProgress)
    return entry


def test_a_revised_baseline_keeps_the_earlier_one_and_progress_starts_from_the_new() -> None:
    fw = _framework()
    revised = fw.revise_baseline("o.a", 12, reason="Recounted by the 2017 audit", on="2017-05-02")
    indicator = revised.indicators["o.a"]
    assert indicator.baseline == Baseline(Quantity(12, "case"), period="2016")
    assert indicator.baseline_revisions == (
        BaselineRevision(
            Baseline(Quantity(10, "case"), period="2016"),
            date(2017, 5, 2),
            "Recounted by the 2017 audit",
        ),
    )
    assert fw.indicators["o.a"].baseline_revisions == ()  # the framework it was called on
    # Before: (20 − 10) / (30 − 10) = 0.5; after: (20 − 12) / (30 − 12) = 8 / 18 = 0.444….
    assert _assess(fw).achievement == pytest.approx(0.5)
    assert _assess(revised).achievement == pytest.approx(8 / 18)


def test_a_new_period_and_fiscal_years_read_with_the_frameworks_year_end() -> None:
    revised = _framework().revise_baseline(
        "o.a", "11 case", period="FY2017", reason="Re-measured", on="2017-09-01"
    )
    period = revised.indicators["o.a"].baseline.period  # type: ignore[union-attr]
    assert period is not None
    assert (period.text, period.start, period.end) == (
        "FY2017",
        date(2016, 7, 1),
        date(2017, 6, 30),
    )


def test_a_baseline_object_replaces_the_old_one_whole() -> None:
    new = Baseline(Quantity(9, "case"), period="2017", text="nine")
    revised = _framework().revise_baseline("o.a", new, reason="New survey", on="2018-01-01")
    assert revised.indicators["o.a"].baselines == (new,)


def test_revisions_chain_oldest_first_and_refuse_a_day_before_the_last() -> None:
    fw = _framework().revise_baseline("o.a", 12, reason="first", on="2017-05-02")
    fw = fw.revise_baseline("o.a", 11, reason="second", on="2018-01-01")
    kept = fw.indicators["o.a"].baseline_revisions
    assert [(r.reason, r.baseline.value) for r in kept] == [
        ("first", Quantity(10, "case")),
        ("second", Quantity(12, "case")),
    ]
    with pytest.raises(ValidationError, match="last baseline revision was on 2018-01-01"):
        fw.revise_baseline("o.a", 13, reason="third", on="2017-12-31")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"reason": " ", "on": "2018-01-01"}, ResultsframeError, "reason"),
        ({"reason": "r", "on": "01/01/2018"}, ResultsframeError, "YYYY-MM-DD"),
        ({"reason": "r", "on": "2018-01-01", "period": "FY20"}, ResultsframeError, "'FY20'"),
    ],
)
def test_refusals_say_what_is_wrong(
    kwargs: dict[str, str], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        _framework().revise_baseline("o.a", 12, **kwargs)


def test_a_value_of_another_dimension_is_refused() -> None:
    with pytest.raises(UnitError):
        _framework().revise_baseline("o.a", "12 %", reason="r", on="2018-01-01")


def test_an_unknown_indicator_names_the_closest() -> None:
    with pytest.raises(resultsframe.UnknownIdError, match=r"did you mean 'o\.a'"):
        _framework().revise_baseline("o.b", 12, reason="r", on="2018-01-01")


def test_an_indicator_without_a_declared_baseline_gets_one_and_keeps_that_there_was_none() -> None:
    fw = _framework()
    indicator = attrs.evolve(fw.indicators["o.a"], baselines=())
    fw = fw.with_indicator("o", indicator).revise_baseline(
        "o.a", 12, period="2016", reason="Declared at last", on="2017-02-01"
    )
    assert fw.indicators["o.a"].baseline == Baseline(Quantity(12, "case"), period="2016")
    assert fw.indicators["o.a"].baseline_revisions[0].baseline == Baseline()


def test_explain_shows_the_earlier_baselines() -> None:
    fw = _framework().revise_baseline("o.a", 12, reason="Recounted", on="2017-05-02")
    text = resultsframe.assess(fw, _observations(fw), as_of="2019-12-31").explain("o.a")
    assert "  baseline:    12 case for 2016" in text
    assert "  earlier baselines, oldest first (where it was said to start before):" in text
    assert "    10 case for 2016 — revised on 2017-05-02: Recounted" in text


def test_documents_keep_them_and_diff_shows_them() -> None:
    fw = _framework().revise_baseline("o.a", 12, reason="Recounted", on="2017-05-02")
    data = json.loads(doc.dumps(fw))["framework"]["results"][0]["indicators"][0]
    assert data["baseline_revisions"] == [
        {
            "baseline": {"value": {"value": 10, "unit": "case"}, "period": "2016"},
            "revised_on": "2017-05-02",
            "reason": "Recounted",
        }
    ]
    assert doc.loads(doc.dumps(fw)) == fw
    fields = {d.field for d in resultsframe.diff(_framework(), fw)}
    assert fields == {"baselines[0].value", "baseline_revisions"}


def test_earlier_baselines_are_kept_oldest_first() -> None:
    earlier = [
        BaselineRevision(Baseline(8), "2018-01-01", "second"),
        BaselineRevision(Baseline(9), "2017-01-01", "first"),
    ]
    with pytest.raises(ValueError, match="earlier baselines"):
        Indicator("a", "A", unit="case", baseline_revisions=earlier)


# --- a baseline published as "N/A" is pending ------------------------------------------------------


@pytest.mark.parametrize("text", ["N/A", "n/a", "NA", "N.A.", " TBD ", "XX"])
def test_a_baseline_not_available_is_pending(text: str) -> None:
    assert Baseline(text).value == Pending(text.strip())


@pytest.mark.parametrize("text", ["N/A", "n/a"])
def test_a_target_of_n_a_is_not_pending_it_may_mean_not_applicable(text: str) -> None:
    with pytest.raises(UnitError):
        Target(text)


def test_a_pending_baseline_is_not_assessable_and_filled_like_any_pending_value() -> None:
    fw = _framework(Baseline("N/A", period="2016"))
    entry = _assess(fw)
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.coverage == 0.0  # in the roll-up, not assessable: never 0 %
    assert entry.reason == "baseline pending ('N/A'): fill o.a:baseline"
    (item,) = fw.pending()
    assert (item.key, item.field, item.text, str(item.unit)) == (
        "o.a:baseline",
        "baseline",
        "N/A",
        "case",
    )
    filled = fw.fill({"o.a:baseline": 10})
    assert _assess(filled).achievement == pytest.approx(0.5)  # (20 − 10) / (30 − 10)


def test_the_builder_reads_n_a_baselines_as_pending() -> None:
    fw = resultsframe.build(
        {
            "id": "b",
            "title": "B",
            "results": {
                "o": {
                    "level": "outcome",
                    "statement": "S",
                    "indicators": {
                        "o.a": {
                            "name": "n",
                            "unit": "case",
                            "baseline": "N/A in 2016",
                            "target": 30,
                        }
                    },
                }
            },
        }
    )
    assert [p.key for p in fw.pending()] == ["o.a:baseline"]


def test_a_table_cell_of_n_a_is_a_pending_baseline(tmp_path: Path) -> None:
    fw = _framework(Baseline("n/a", period="2016"))
    path = tmp_path / "matrix.csv"
    table.write(fw, path)
    again = table.read(path)
    assert again.indicators["o.a"].baseline.value == Pending("n/a", "case")  # type: ignore[union-attr]


def test_iati_reads_a_baseline_of_n_a_as_pending() -> None:
    pytest.importorskip("lxml")
    xml = """<iati-activities version="2.03"><iati-activity>
      <iati-identifier>XM-1</iati-identifier>
      <result type="2"><title><narrative>R</narrative></title>
        <indicator measure="1"><title><narrative>I</narrative></title>
          <baseline year="2016" value="N/A"/>
          <period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
            <target value="N/A"/></period>
        </indicator></result></iati-activity></iati-activities>"""
    (fw,) = iati.read(xml.encode())
    (indicator,) = fw.indicators.values()
    assert isinstance(indicator.baseline.value, Pending)  # type: ignore[union-attr]
    assert indicator.baseline.text == "N/A"  # type: ignore[union-attr]
    assert indicator.periods[0].targets[0].value is None  # a target's "N/A" is not pending
    assert '<baseline year="2016" value="N/A"' in iati.dumps([fw])
