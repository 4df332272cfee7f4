"""Pending values: what a framework does not know yet, listed by pending(), filled by fill()."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import resultsframe
from resultsframe import (
    FillError,
    Framework,
    Indicator,
    Pending,
    PendingItem,
    Result,
    ResultsframeError,
    Target,
    UnitError,
)
from resultsframe.model import Baseline, Parameter, Universe
from resultsframe.units import parse_unit, registry

DUE = date(2020, 12, 31)
PERCENT = parse_unit("percent")

# What cop-framework.md says is pending, written out by hand: indicator → the document's text.
COP_PENDING_TARGETS = {
    "T3.a": "XX%",
    "T3.b": "XX%",
    "T3.c": "XX%",
    "T3.d": "XX%",
    "T4.a": "XX%",
    "T4.b": "XX%",
    "T5.a": "XX%",
    "T5.b": "XX%",
    "T5.c": "XX%",
    "T5.d": "%",
    "T5.e": "XX%",
    "T5.g": "X%",
}


def cop() -> Framework:
    return resultsframe.examples.load("cop")


def percent(magnitude: float) -> Any:
    return registry().Quantity(magnitude, PERCENT)


# --- COP: what is pending -------------------------------------------------------------------------


def test_cop_lists_its_twelve_pending_targets_and_the_threshold_of_t3b() -> None:
    items = cop().pending()
    targets = [item for item in items if item.field == "target"]
    assert len(targets) == 12
    assert {item.key: item.text for item in targets} == COP_PENDING_TARGETS
    others = [item for item in items if item.field != "target"]
    assert others == [PendingItem("T3.b:threshold", "T3", "T3.b", "parameter", "%", PERCENT, None)]
    assert len(items) == 13


def test_cop_pending_targets_say_where_they_are() -> None:
    fw = cop()
    for item in cop().pending():
        if item.field != "target":
            continue
        assert item.indicator == item.key
        assert item.result == fw.result_of(item.indicator).id
        assert item.result == item.key.split(".")[0]
        assert item.unit == PERCENT
        assert item.due == DUE


def test_cop_pending_items_are_in_the_frameworks_order() -> None:
    keys = [item.key for item in cop().pending()]
    assert keys == [
        "T3.a",
        "T3.b",
        "T3.b:threshold",
        "T3.c",
        "T3.d",
        "T4.a",
        "T4.b",
        "T5.a",
        "T5.b",
        "T5.c",
        "T5.d",
        "T5.e",
        "T5.g",
    ]


def test_a_pending_item_reads_well() -> None:
    item = next(i for i in cop().pending() if i.key == "T5.g")
    assert str(item) == "T5.g: target 'X%' [percent] due 2020-12-31"


# --- COP: filling ---------------------------------------------------------------------------------


def test_fill_returns_a_new_framework_and_leaves_the_original_as_it_was() -> None:
    fw = cop()
    before = copy.deepcopy(fw)
    filled = fw.fill({"T3.a": "50 %", "T5.g": 30})
    assert filled is not fw
    assert fw == before
    assert fw.pending() == before.pending()
    assert fw.indicators["T3.a"].targets[0].value == Pending("XX%", "%")
    assert filled.indicators["T3.a"].targets[0].value == percent(50)
    assert filled.indicators["T5.g"].targets[0].value == percent(30)


def test_filled_items_are_no_longer_pending_and_the_rest_still_are() -> None:
    filled = cop().fill({"T3.a": "50 %", "T3.b:threshold": "60 %"})
    keys = [item.key for item in filled.pending()]
    assert keys == [
        item.key for item in cop().pending() if item.key not in {"T3.a", "T3.b:threshold"}
    ]


def test_fill_keeps_everything_else() -> None:
    fw = cop()
    filled = fw.fill({"T3.a": 50})
    assert filled.links == fw.links
    assert [r.id for r in filled] == [r.id for r in fw]
    for result in fw:
        if result.id != "T3":
            assert filled.results[result.id] is result
    t3a = filled.indicators["T3.a"]
    assert attrs.evolve(t3a, targets=fw.indicators["T3.a"].targets) == fw.indicators["T3.a"]
    assert t3a.targets[0].due == DUE


@pytest.mark.parametrize(
    ("value", "magnitude"),
    [(50, 50), (50.5, 50.5), ("50", 50), ("50 %", 50), ("50%", 50), (0.5, 0.5)],
)
def test_fill_reads_bare_numbers_in_the_items_unit(value: Any, magnitude: float) -> None:
    # {"T3.a": 50} means 50 %; 0.5 means half a percent, as everywhere else.
    filled = cop().fill({"T3.a": value})
    assert filled.indicators["T3.a"].targets[0].value == percent(magnitude)


def test_fill_takes_a_quantity_in_a_compatible_unit() -> None:
    half = registry().Quantity(0.5, "dimensionless")
    filled = cop().fill({"T3.a": half})
    assert filled.indicators["T3.a"].targets[0].value == percent(50)


def test_the_threshold_of_t3b_can_be_filled() -> None:
    filled = cop().fill({"T3.b:threshold": 60})
    (threshold,) = filled.indicators["T3.b"].parameters
    assert threshold.id == "threshold"
    assert threshold.value == percent(60)
    assert filled.indicators["T3.b"].targets[0].value == Pending("XX%", "%")


def test_everything_pending_in_cop_can_be_filled() -> None:
    values = {item.key: 40 for item in cop().pending()}
    filled = cop().fill(values)
    assert filled.pending() == []
    for key in COP_PENDING_TARGETS:
        assert filled.indicators[key].targets[0].value == percent(40)


def test_fill_with_nothing_changes_nothing() -> None:
    assert cop().fill({}) == cop()


@pytest.mark.parametrize("key", ["T1.a", "T9.z", "T3.b:target", "T3.a:baseline", "threshold", ""])
def test_fill_refuses_what_is_not_pending_listing_what_is(key: str) -> None:
    with pytest.raises(FillError) as info:
        cop().fill({key: 50})
    err = info.value
    assert isinstance(err, ResultsframeError)
    assert isinstance(err, KeyError)
    message = str(err)
    assert repr(key) in message
    for item in cop().pending():
        assert item.key in message


def test_fill_refuses_an_unknown_key_even_with_good_ones() -> None:
    with pytest.raises(FillError, match=r"'T1\.a'"):
        cop().fill({"T3.a": 50, "T1.a": 95})


def test_a_filled_value_is_no_longer_pending_so_it_cannot_be_filled_again() -> None:
    with pytest.raises(FillError):
        cop().fill({"T3.a": 50}).fill({"T3.a": 60})


@pytest.mark.parametrize("value", ["12 cases", "3 countries", "4 km"])
def test_fill_refuses_incompatible_units(value: str) -> None:
    with pytest.raises(UnitError) as info:
        cop().fill({"T3.a": value})
    message = str(info.value)
    assert "'T3.a'" in message
    assert "'percent'" in message
    assert isinstance(info.value, ValueError)


def test_fill_refuses_incompatible_units_for_the_threshold() -> None:
    with pytest.raises(UnitError, match=r"T3\.b:threshold"):
        cop().fill({"T3.b:threshold": "5 people"})


@pytest.mark.parametrize("value", ["XX%", "X%", "%", "TBD", "…", "?"])
def test_fill_refuses_a_value_that_is_still_pending(value: str) -> None:
    with pytest.raises(UnitError, match="still pending") as info:
        cop().fill({"T3.a": value})
    assert isinstance(info.value, ValueError)
    assert not isinstance(info.value, KeyError)


@pytest.mark.parametrize("value", [True, None, "fifty", float("nan"), float("inf"), [50]])
def test_fill_refuses_what_is_not_a_number(value: Any) -> None:
    with pytest.raises(UnitError, match=r"'T3\.a'"):
        cop().fill({"T3.a": value})


# --- pending values in frameworks of one's own ----------------------------------------------------


def one(indicator: Indicator) -> Framework:
    return Framework("f", "F", (Result("r", "impact", "a result", indicators=(indicator,)),))


def test_a_pending_baseline() -> None:
    fw = one(Indicator("i", "cases", unit="case", baselines=(Baseline("TBD", period="2015"),)))
    assert fw.pending() == [
        PendingItem("i:baseline", "r", "i", "baseline", "TBD", parse_unit("case"))
    ]
    filled = fw.fill({"i:baseline": 12})
    assert filled.indicators["i"].baselines[0].value == registry().Quantity(12, "case")
    assert filled.indicators["i"].baselines[0].period == fw.indicators["i"].baselines[0].period


def test_several_pending_baselines_are_numbered() -> None:
    fw = one(Indicator("i", "cases", unit="case", baselines=(Baseline("TBD"), Baseline("TBC"))))
    assert [item.key for item in fw.pending()] == ["i:baseline:1", "i:baseline:2"]
    filled = fw.fill({"i:baseline:2": 3})
    assert [item.key for item in filled.pending()] == ["i:baseline:1"]
    assert filled.indicators["i"].baselines[1].value == registry().Quantity(3, "case")


def test_milestones_are_keyed_by_due_date() -> None:
    indicator = Indicator(
        "i",
        "share",
        measure="share",
        unit="%",
        universe=Universe("country"),
        targets=(
            Target("XX%", due="2018-12-31"),
            Target(60, due="2019-12-31"),
            Target("XX%", due="2020-12-31"),
        ),
    )
    fw = one(indicator)
    assert [(item.key, item.due) for item in fw.pending()] == [
        ("i:target:2018-12-31", date(2018, 12, 31)),
        ("i:target:2020-12-31", date(2020, 12, 31)),
    ]
    filled = fw.fill({"i:target:2020-12-31": 80})
    assert [t.value for t in filled.indicators["i"].targets] == [
        Pending("XX%", "%"),
        percent(60),
        percent(80),
    ]


def test_targets_without_due_dates_are_numbered() -> None:
    fw = one(Indicator("i", "n", unit="case", targets=(Target("TBD"), Target("TBD"))))
    assert [item.key for item in fw.pending()] == ["i:target:1", "i:target:2"]


def test_targets_due_on_the_same_day_each_have_their_own_key() -> None:
    # Two targets for the same date, one per group (IATI's disaggregated targets).
    indicator = Indicator(
        "i",
        "n",
        unit="case",
        targets=(Target("TBD", due="2020-12-31"), Target("TBD", due="2020-12-31")),
    )
    fw = one(indicator)
    keys = [item.key for item in fw.pending()]
    assert len(set(keys)) == 2
    filled = fw.fill({keys[0]: 1})
    assert filled.indicators["i"].targets[0].value == registry().Quantity(1, "case")
    assert filled.indicators["i"].targets[1].value == Pending("TBD")
    assert [item.key for item in filled.pending()] == keys[1:]


def test_a_pending_value_without_a_unit_takes_its_indicators_unit() -> None:
    fw = one(Indicator("i", "n", unit="case", targets=(Target("TBD", due="2020-12-31"),)))
    (item,) = fw.pending()
    assert item.unit == parse_unit("case")
    assert fw.fill({"i": 7}).indicators["i"].targets[0].value == registry().Quantity(7, "case")
    with pytest.raises(UnitError):
        fw.fill({"i": "7 %"})


def test_a_parameter_cannot_be_called_baseline_or_target() -> None:
    # "i:baseline" names the indicator's baseline; a parameter of that name could not be told
    # apart from it.
    for reserved in ("baseline", "target"):
        with pytest.raises(ValueError, match=f"'{reserved}'"):
            Indicator("i", "n", unit="case", parameters=(Parameter(reserved, "p", "TBD"),))


def test_a_monitoring_indicator_has_nothing_pending() -> None:
    assert one(Indicator("i", "n", unit="case")).pending() == []


# --- properties: every key names exactly one pending value ----------------------------------------

VALUES: st.SearchStrategy[Any] = st.sampled_from(["TBD", "XX", "…", "?", 5, "7 cases"])


@st.composite
def indicators_with_pending_values(draw: st.DrawFn, id_: str) -> Indicator:
    n_targets = draw(st.integers(0, 4))
    start = draw(st.dates(date(2015, 1, 1), date(2030, 1, 1)))
    steps = draw(st.lists(st.integers(0, 400), min_size=n_targets, max_size=n_targets))
    dues: list[date | None] = []
    day = start
    for step in steps:
        day += timedelta(days=step)
        dues.append(day)
    if draw(st.booleans()):
        dues = [None] * n_targets
    targets = tuple(Target(draw(VALUES), due=due) for due in dues)
    baselines = tuple(Baseline(draw(VALUES)) for _ in range(draw(st.integers(0, 2))))
    names = draw(
        st.lists(st.sampled_from(["threshold", "floor", "k", "x1"]), unique=True, max_size=3)
    )
    parameters = tuple(
        Parameter(name, "a parameter", draw(st.sampled_from(["TBD", "%", "3"]))) for name in names
    )
    return Indicator(
        id_, "n", unit="case", baselines=baselines, targets=targets, parameters=parameters
    )


@st.composite
def frameworks_with_pending_values(draw: st.DrawFn) -> Framework:
    indicators = tuple(
        draw(indicators_with_pending_values(f"i{n}")) for n in range(draw(st.integers(1, 3)))
    )
    return Framework("f", "F", (Result("r", "impact", "a result", indicators=indicators),))


def count_pending(fw: Framework) -> int:
    total = 0
    for indicator in fw.indicators.values():
        values: list[object] = [b.value for b in indicator.baselines]
        values += [t.value for t in indicator.targets]
        values += [p.value for p in indicator.parameters]
        total += sum(isinstance(v, Pending) for v in values)
    return total


@settings(max_examples=100)
@given(frameworks_with_pending_values(), st.data())
def test_every_pending_value_has_its_own_key_and_fill_fills_exactly_it(
    fw: Framework, data: st.DataObject
) -> None:
    items = fw.pending()
    keys = [item.key for item in items]
    assert len(keys) == len(set(keys))
    assert len(items) == count_pending(fw)
    if not items:
        return
    chosen = data.draw(st.sampled_from(items))
    filled = fw.fill({chosen.key: 1})
    assert filled.pending() == [item for item in items if item.key != chosen.key]
    assert count_pending(filled) == count_pending(fw) - 1


@settings(max_examples=100)
@given(frameworks_with_pending_values())
def test_filling_everything_leaves_nothing_pending(fw: Framework) -> None:
    before = fw.pending()
    filled = fw.fill({item.key: 2 for item in before})
    assert filled.pending() == []
    assert count_pending(filled) == 0
    assert fw.pending() == before  # the original keeps its pending values
