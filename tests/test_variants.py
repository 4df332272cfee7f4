"""Variants: each helper returns a new validated framework and leaves the one it was given alone."""

from __future__ import annotations

import doctest
from collections.abc import Callable
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resultsframe import (
    Framework,
    Indicator,
    Result,
    Target,
    UnitError,
    UnknownIdError,
    ValidationError,
    diff,
    document,
    examples,
    variants,
)
from resultsframe.differences import Difference
from resultsframe.model import Link, Measure
from resultsframe.units import registry
from strategies import frameworks, showcase


@pytest.fixture(scope="module")
def cop() -> Framework:
    return examples.load("cop")


def _q(text: str) -> Any:
    return registry().Quantity(text)


# --- every helper: a new framework, the old one untouched --------------------------------------

_VARIANTS: dict[str, Callable[[Framework], Framework]] = {
    "with_target": lambda fw: fw.with_target("T1.a", "95 %"),
    "revise_target": lambda fw: fw.revise_target("T1.a", "95 %", reason="review", on="2018-06-30"),
    "with_weight of an indicator": lambda fw: fw.with_weight("T1.a", 2),
    "with_weight of a link": lambda fw: fw.with_weight(("T1", "O1"), 2),
    "with_indicator": lambda fw: fw.with_indicator("T1", Indicator("T1.x", "new", unit="%")),
    "with_result": lambda fw: fw.with_result(Result("P1.3", "output", "New"), "T1"),
    "without_result": lambda fw: fw.without_result("P1.2"),
    "with_link": lambda fw: fw.with_link("P2.6", "T3"),
    "without_link": lambda fw: fw.without_link("T1", "O1"),
    "fill": lambda fw: fw.fill({"T3.a": "50 %"}),
}


@pytest.mark.parametrize("make", _VARIANTS.values(), ids=_VARIANTS.keys())
def test_a_variant_is_a_new_valid_framework_and_the_old_one_is_unchanged(
    make: Callable[[Framework], Framework],
) -> None:
    before = examples.load("cop")
    text = document.dumps(before)
    variant = make(before)
    assert isinstance(variant, Framework)
    assert variant is not before
    assert variant != before
    assert document.dumps(before) == text
    # Validated like any other: the document of the variant reads back the same.
    assert document.loads(document.dumps(variant)) == variant


def test_variants_are_methods_of_the_framework_and_nothing_else() -> None:
    # One API per operation: the variants module holds the methods, it offers no functions.
    assert variants.__all__ == ["TargetValue", "Variants"]
    for name in _VARIANT_METHODS:
        assert getattr(Framework, name) is getattr(variants.Variants, name)
    public = {name for name in vars(variants.Variants) if not name.startswith("_")}
    assert public == set(_VARIANT_METHODS)


_VARIANT_METHODS = (
    "revise_baseline",
    "revise_target",
    "with_indicator",
    "with_link",
    "with_result",
    "with_target",
    "with_weight",
    "without_link",
    "without_result",
)


def test_the_examples_in_the_docstrings_run() -> None:
    result = doctest.testmod(variants, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


# --- with_target ------------------------------------------------------------------------------


def test_with_target_sets_the_final_target_and_keeps_its_due_date(cop: Framework) -> None:
    variant = cop.with_target("T1.a", "95 %")
    target = variant.indicators["T1.a"].target
    assert target is not None
    assert target.value == _q("95 percent")
    assert target.due == date(2020, 12, 31)
    assert cop.indicators["T1.a"].target == Target(_q("90 percent"), date(2020, 12, 31))


def test_with_target_reads_numbers_in_the_indicators_unit_and_texts_as_pending(
    cop: Framework,
) -> None:
    assert cop.with_target("T1.a", 95).indicators["T1.a"].targets == (
        Target(_q("95 percent"), date(2020, 12, 31)),
    )
    pending = cop.with_target("T1.a", "XX%").indicators["T1.a"].target
    assert pending is not None
    assert pending.is_pending
    assert "T1.a" in [item.key for item in cop.with_target("T1.a", "XX%").pending()]


def test_with_target_moves_the_due_date_and_drops_the_published_text() -> None:
    indicator = Indicator(
        "a",
        "A",
        unit="%",
        targets=(
            Target(50, due="2018-12-31", text="50 %"),
            Target(90, due="2020-12-31", text="90 %"),
        ),
    )
    fw = Framework("f", "F", (Result("r", "impact", "R", indicators=(indicator,)),))
    variant = fw.with_target("a", "95 %", due="2021-06-30")
    assert variant.indicators["a"].targets == (
        Target(_q("50 percent"), date(2018, 12, 31), "50 %"),
        Target(_q("95 percent"), date(2021, 6, 30)),
    )
    with pytest.raises(ValidationError, match="order of their due dates"):
        fw.with_target("a", "95 %", due="2017-01-01")


def test_with_target_gives_a_monitoring_indicator_a_target(cop: Framework) -> None:
    assert cop.indicators["T1.s1"].is_monitoring
    variant = cop.with_target("T1.s1", 12, due="2020-12-31")
    assert variant.indicators["T1.s1"].targets == (
        Target(registry().Quantity(12, cop.indicators["T1.s1"].unit), date(2020, 12, 31)),
    )


def test_with_target_keeps_a_qualitative_indicators_target_as_text() -> None:
    indicator = Indicator("q", "Quality", Measure.QUALITATIVE, targets=(Target(text="Good"),))
    fw = Framework("f", "F", (Result("r", "impact", "R", indicators=(indicator,)),))
    assert fw.with_target("q", "Excellent").indicators["q"].targets == (Target(text="Excellent"),)
    with pytest.raises(UnitError, match="qualitative"):
        fw.with_target("q", 5)


def test_with_target_refuses_a_unit_that_does_not_fit(cop: Framework) -> None:
    with pytest.raises(UnitError, match="'case'"):
        cop.with_target("T1.a", "12 cases")
    with pytest.raises(UnitError, match="cannot read"):
        cop.with_target("T1.a", "ninety")


def test_an_unknown_indicator_is_named_with_the_closest_ids_and_those_there_are(
    cop: Framework,
) -> None:
    with pytest.raises(UnknownIdError) as caught:
        cop.with_target("T1.z", 95)
    message = str(caught.value)
    assert message.startswith("framework 'cop-2015' has no indicator 'T1.z'; did you mean")
    assert "its indicators: impact.a, impact.w, T1.a" in message
    assert f"({len(cop.indicators)} in all)" in message
    assert isinstance(caught.value, KeyError)


# --- with_weight ------------------------------------------------------------------------------


def test_with_weight_sets_an_indicators_weight(cop: Framework) -> None:
    variant = cop.with_weight("T1.a", 2.5)
    assert variant.indicators["T1.a"].weight == 2.5
    assert diff(cop, variant) == [Difference("changed", "indicator", "T1.a", "weight", 1, 2.5)]


def test_with_weight_sets_a_links_weight(cop: Framework) -> None:
    variant = cop.with_weight(("T1", "O1"), 3)
    assert variant.graph.edges["T1", "O1"]["weight"] == 3
    assert [x for x in variant.links if x.child == "T1"] == [Link("T1", "O1", 3)]
    assert diff(cop, variant) == [Difference("changed", "link", "T1 → O1", "weight", 1, 3)]


def test_with_weight_explains_that_a_result_weighs_on_its_links(cop: Framework) -> None:
    with pytest.raises(UnknownIdError, match=r"'T1' is a result.*\('T1', 'O1'\)"):
        cop.with_weight("T1", 2)


def test_with_weight_refuses_unknown_links_bad_weights_and_other_things(cop: Framework) -> None:
    with pytest.raises(UnknownIdError, match="no link T1 → O2; T1 contributes to: O1"):
        cop.with_weight(("T1", "O2"), 2)
    with pytest.raises(UnknownIdError, match="no result 'T9'"):
        cop.with_weight(("T9", "O1"), 2)
    for weight in (0, -1, float("nan"), True):
        with pytest.raises(ValidationError, match="positive finite number"):
            cop.with_weight("T1.a", weight)
    with pytest.raises(TypeError, match="indicator id"):
        cop.with_weight(["T1", "O1"], 2)  # type: ignore[arg-type]


# --- with_indicator ---------------------------------------------------------------------------


def test_with_indicator_replaces_one_in_place_and_adds_a_new_one_last(cop: Framework) -> None:
    stricter = attrs.evolve(cop.indicators["T1.a"], name="sufficient legislation")
    replaced = cop.with_indicator("T1", stricter)
    assert [i.id for i in replaced.results["T1"].indicators] == [
        i.id for i in cop.results["T1"].indicators
    ]
    assert replaced.indicators["T1.a"].name == "sufficient legislation"
    added = cop.with_indicator("T1", Indicator("T1.b", "new", unit="%"))
    assert [i.id for i in added.results["T1"].indicators][-1] == "T1.b"
    assert len(added.indicators) == len(cop.indicators) + 1


def test_with_indicator_refuses_an_id_of_another_result_or_of_a_result(cop: Framework) -> None:
    with pytest.raises(ValidationError, match="belongs to result 'T1'") as caught:
        cop.with_indicator("T3", Indicator("T1.a", "moved"))
    assert caught.value.problems[0].code == "duplicate-id"
    with pytest.raises(ValidationError) as caught:
        cop.with_indicator("T1", Indicator("O1", "named like a result"))
    assert [p.code for p in caught.value.problems] == ["duplicate-id"]
    with pytest.raises(UnknownIdError, match="no result 'T9'"):
        cop.with_indicator("T9", Indicator("x", "x"))
    with pytest.raises(TypeError, match="takes an Indicator"):
        cop.with_indicator("T1", {"id": "x"})  # type: ignore[arg-type]


# --- with_result, without_result ------------------------------------------------------------


def test_with_result_comes_last_with_its_links(cop: Framework) -> None:
    new = Result("P1.3", "output", "Judges are trained")
    variant = cop.with_result(new, ["T1", "T3"], weight=2)
    assert list(variant.results)[-1] == "P1.3"
    assert variant.links[-2:] == (Link("P1.3", "T1", 2), Link("P1.3", "T3", 2))
    assert variant.parents("P1.3") == ("T1", "T3")
    assert cop.with_result(new).roots()[-1] == "P1.3"


def test_with_result_refuses_a_taken_id_an_unknown_parent_and_a_link_downward(
    cop: Framework,
) -> None:
    with pytest.raises(ValidationError, match="already has a result") as caught:
        cop.with_result(Result("T1", "target", "again"))
    assert caught.value.problems[0].where == ("T1",)
    with pytest.raises(UnknownIdError, match="no result 'T11'; did you mean 'T1'"):
        cop.with_result(Result("P1.3", "output", "x"), "T11")
    with pytest.raises(ValidationError) as caught:
        cop.with_result(Result("O6", "outcome", "x"), "P1.1")
    assert [p.code for p in caught.value.problems] == ["link-not-upward"]
    with pytest.raises(ValidationError) as caught:
        cop.with_result(Result("P1.3", "activity", "x"))
    assert [p.code for p in caught.value.problems] == ["unknown-level"]


def test_without_result_removes_its_indicators_and_links_and_leaves_orphans_on_top(
    cop: Framework,
) -> None:
    variant = cop.without_result("T3")
    assert "T3" not in variant.results
    assert not any(i.startswith("T3.") for i in variant.indicators)
    assert not any("T3" in (x.child, x.parent) for x in variant.links)
    orphans = [c for c in cop.children("T3") if cop.parents(c) == ("T3",)]
    assert orphans
    assert set(orphans) <= set(variant.roots())
    assert len(variant.links) == len(cop.links) - len(cop.parents("T3")) - len(cop.children("T3"))


def test_without_result_refuses_to_break_a_derivation(cop: Framework) -> None:
    derived = [i for i in cop.indicators.values() if i.derivation is not None]
    assert derived
    source = derived[0].derivation.of[0]  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as caught:
        cop.without_result(cop.result_of(source).id)
    assert "derivation" in {p.code for p in caught.value.problems}
    with pytest.raises(UnknownIdError, match="no result 'T0'"):
        cop.without_result("T0")


# --- with_link, without_link -----------------------------------------------------------------


def test_with_link_and_without_link(cop: Framework) -> None:
    linked = cop.with_link("P2.6", "T3", weight=0.5)
    assert linked.parents("P2.6") == (*cop.parents("P2.6"), "T3")
    assert linked.links[-1] == Link("P2.6", "T3", 0.5)
    unlinked = linked.without_link("P2.6", "T3")
    assert unlinked == cop


def test_link_refuses_a_link_twice_downward_or_in_a_cycle(cop: Framework) -> None:
    with pytest.raises(ValidationError, match="already contributes to O1") as caught:
        cop.with_link("T1", "O1")
    assert caught.value.problems[0].code == "duplicate-link"
    with pytest.raises(ValidationError) as caught:
        cop.with_link("impact", "O1")
    assert [p.code for p in caught.value.problems] == ["link-not-upward", "cycle"]
    assert "the links form a cycle: O1 → impact → O1" in str(caught.value)
    with pytest.raises(UnknownIdError, match="no result 'O9'"):
        cop.with_link("T1", "O9")


def test_unlink_refuses_a_link_that_does_not_exist(cop: Framework) -> None:
    with pytest.raises(UnknownIdError, match="no link T1 → impact; T1 contributes to: O1"):
        cop.without_link("T1", "impact")
    alone = cop.without_link("T1", "O1")
    with pytest.raises(UnknownIdError, match="T1 contributes to: nothing"):
        alone.without_link("T1", "O1")


# --- properties over generated frameworks -----------------------------------------------------


@settings(max_examples=100)
@given(frameworks(), st.data())
def test_unlinking_and_linking_again_gives_the_same_framework_but_for_the_order_of_links(
    fw: Framework, data: st.DataObject
) -> None:
    if not fw.links:
        return
    link = data.draw(st.sampled_from(fw.links))
    again = fw.without_link(link.child, link.parent).with_link(link.child, link.parent, link.weight)
    assert sorted(again.links, key=repr) == sorted(fw.links, key=repr)
    assert {(d.change, d.kind, d.field) for d in diff(fw, again)} <= {
        ("changed", "framework", "order of links")
    }


@settings(max_examples=100)
@given(frameworks(), st.data())
def test_removing_a_result_removes_exactly_it_its_indicators_and_its_links(
    fw: Framework, data: st.DataObject
) -> None:
    if not fw.results:
        return
    result = data.draw(st.sampled_from(list(fw)))
    # Only an indicator elsewhere derived from one of its indicators may stop it.
    own = {i.id for i in result.indicators}
    derived_from_it = [
        i
        for r in fw
        if r.id != result.id
        for i in r.indicators
        if i.derivation is not None
        and own & {*i.derivation.of, *((i.derivation.weight,) if i.derivation.weight else ())}
    ]
    if derived_from_it:
        with pytest.raises(ValidationError) as caught:
            fw.without_result(result.id)
        assert {p.code for p in caught.value.problems} == {"derivation"}
        return
    variant = fw.without_result(result.id)
    removed = {(d.kind, d.id) for d in diff(fw, variant) if d.change == "removed"}
    assert removed == {
        ("result", result.id),
        *(("indicator", i.id) for i in result.indicators),
        *(
            ("link", f"{x.child} → {x.parent}")
            for x in fw.links
            if result.id in (x.child, x.parent)
        ),
    }
    # Everything else stays, but for initiatives that named it or its indicators in
    # contributes_to (issue 13): they stay too, without those ids.
    gone = {result.id, *own}
    changes = [d for d in diff(fw, variant) if d.change != "removed"]
    assert [d for d in changes if d.field == "contributes_to"] == [
        Difference(
            "changed",
            "initiative",
            i.id,
            "contributes_to",
            list(i.contributes_to),
            [c for c in i.contributes_to if c not in gone],
        )
        for i in fw.initiatives
        if gone & set(i.contributes_to)
    ]
    # Issue 13 (links between frameworks): mappings onto its indicators go, and an alignment
    # it made stays without it; nothing else changes.
    assert [(d.kind, d.id, d.field, d.after) for d in changes if d.field != "contributes_to"] == [
        ("framework", fw.id, f"aligned_to[{n}].impact", None)
        for n, a in enumerate(fw.aligned_to)
        if a.impact == result.id
    ] + [
        (
            "initiative",
            i.id,
            "mappings",
            [
                {"source": m.source, "target": m.target, "rule": m.rule.value}
                | ({"note": m.note} if m.note is not None else {})
                for m in i.mappings
                if m.target not in gone
            ],
        )
        for i in fw.initiatives
        if any(m.target in gone for m in i.mappings)
    ]


def test_with_target_on_the_showcase_keeps_the_earlier_targets_revisions() -> None:
    fw = showcase()
    variant = fw.with_target("O1.a", "70 %")
    assert variant.indicators["O1.a"].revisions == fw.indicators["O1.a"].revisions
