"""Level schemes: the ordered levels of a framework, top first."""

from __future__ import annotations

import itertools
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resultsframe import (
    Framework,
    LevelScheme,
    Link,
    Result,
    UnknownIdError,
    ValidationError,
    table,
)
from resultsframe.levels import SCHEMES, scheme
from resultsframe.table.columns import infer_levels

# The schemes the issue and the design name, top first, written out here by hand.
BUILT_IN = {
    "default": ("impact", "outcome", "target", "output"),
    "logframe": ("goal", "purpose", "output", "activity"),
    "usaid": ("goal", "development_objective", "intermediate_result", "sub_intermediate_result"),
    "eu": ("overall_objective", "specific_objective", "output", "activity"),
    "sdg": ("goal", "target", "indicator"),
    "iati": ("impact", "outcome", "output", "other"),
}


@pytest.mark.parametrize(("name", "levels"), BUILT_IN.items())
def test_built_in_schemes(name: str, levels: tuple[str, ...]) -> None:
    found = scheme(name)
    assert found.name == name
    assert found.levels == levels


def test_there_are_exactly_the_documented_built_in_schemes() -> None:
    assert set(SCHEMES) == set(BUILT_IN)


def test_a_framework_uses_the_default_scheme_unless_told() -> None:
    assert Framework("f", "F").levels == LevelScheme("default", BUILT_IN["default"])


@pytest.mark.parametrize(("name", "levels"), BUILT_IN.items())
def test_rank_is_the_position_from_the_top(name: str, levels: tuple[str, ...]) -> None:
    found = scheme(name)
    assert [found.rank(level) for level in levels] == list(range(len(levels)))


@pytest.mark.parametrize(("name", "levels"), BUILT_IN.items())
def test_is_above_is_strict_and_follows_the_order(name: str, levels: tuple[str, ...]) -> None:
    found = scheme(name)
    for upper, lower in itertools.combinations(levels, 2):
        assert found.is_above(upper, lower)
        assert not found.is_above(lower, upper)
    for level in levels:
        assert not found.is_above(level, level)


def test_membership() -> None:
    default = scheme("default")
    assert "outcome" in default
    assert "goal" not in default
    assert 3 not in default


def test_label_is_how_people_read_a_level() -> None:
    assert scheme("usaid").label("sub_intermediate_result") == "sub intermediate result"
    assert scheme("default").label("impact") == "impact"


def test_an_unknown_level_is_named_with_the_levels_there_are() -> None:
    with pytest.raises(UnknownIdError) as info:
        scheme("default").rank("goal")
    assert "'goal'" in str(info.value)
    assert "impact, outcome, target, output" in str(info.value)
    with pytest.raises(KeyError):
        scheme("default").is_above("goal", "impact")


def test_an_unknown_scheme_is_named_with_the_schemes_there_are() -> None:
    with pytest.raises(UnknownIdError) as info:
        scheme("prince2")
    message = str(info.value)
    assert "'prince2'" in message
    for name in BUILT_IN:
        assert name in message
    assert isinstance(info.value, KeyError)


# --- custom schemes -------------------------------------------------------------------------------


def test_a_custom_scheme() -> None:
    mine = LevelScheme("mine", ["mission", "programme", "project"])
    assert mine.levels == ("mission", "programme", "project")
    assert mine.is_above("mission", "project")
    assert mine.rank("programme") == 1


def test_a_scheme_of_one_level() -> None:
    flat = LevelScheme("flat", ["result"])
    assert flat.rank("result") == 0
    assert not flat.is_above("result", "result")


def test_a_framework_on_a_custom_scheme() -> None:
    mine = LevelScheme("mine", ["mission", "programme", "project"])
    fw = Framework(
        "f",
        "F",
        (
            Result("m", "mission", "A mission"),
            Result("p", "programme", "A programme"),
            Result("x", "project", "A project"),
        ),
        links=(Link("p", "m"), Link("x", "p")),
        levels=mine,
    )
    assert fw.levels is mine
    assert fw.roots() == ("m",)


def test_levels_of_another_scheme_are_not_known_to_a_framework() -> None:
    with pytest.raises(ValidationError) as info:
        Framework(
            "f", "F", (Result("g", "goal", "A goal"),), levels=LevelScheme("mine", ["mission"])
        )
    assert [(p.code, p.where) for p in info.value.problems] == [("unknown-level", ("g",))]


def test_schemes_are_frozen_values() -> None:
    a = LevelScheme("mine", ["goal", "result"])
    assert a == LevelScheme("mine", ("goal", "result"))
    assert a != LevelScheme("mine", ("result", "goal"))
    assert len({a, LevelScheme("mine", ("goal", "result"))}) == 1
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.levels = ("x",)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "levels", "message"),
    [
        ("mine", [], "at least one level"),
        ("", ["goal"], "needs a name"),
        ("  ", ["goal"], "needs a name"),
        ("mine", ["Goal"], "'Goal' is not a level name"),
        ("mine", ["goal result"], "'goal result' is not a level name"),
        ("mine", ["goal-result"], "'goal-result' is not a level name"),
        ("mine", ["1st"], "'1st' is not a level name"),
        ("mine", [""], "'' is not a level name"),
        ("mine", ["goal\n"], r"'goal\\n' is not a level name"),
        ("mine", [3], "3 is not a level name"),
        ("mine", ["goal", "result", "goal"], "names a level twice"),
    ],
)
def test_bad_schemes_are_refused(name: str, levels: list[object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LevelScheme(name, levels)  # type: ignore[arg-type]


def test_levels_given_as_one_text_are_refused() -> None:
    # "goal" is not the four levels g > o > a > l.
    with pytest.raises(ValueError, match="sequence of level names"):
        LevelScheme("mine", "goal")


def test_evolve_revalidates() -> None:
    with pytest.raises(ValueError, match="names a level twice"):
        attrs.evolve(scheme("default"), levels=("impact", "impact"))


# --- many levels ------------------------------------------------------------------------------


def test_rank_and_membership_in_a_scheme_of_5000_levels() -> None:
    many = LevelScheme("many", [f"l{n}" for n in range(5000)])
    assert many.rank("l0") == 0
    assert many.rank("l4999") == 4999
    assert "l2500" in many
    assert "l5000" not in many
    assert ["l1"] not in many  # an unhashable object is no level, and no TypeError
    with pytest.raises(UnknownIdError, match="has no level 'l5000'"):
        many.rank("l5000")
    with pytest.raises(UnknownIdError, match=r"has no level \['l1'\]"):
        many.rank(["l1"])  # type: ignore[arg-type]


def test_evolve_ranks_by_the_new_levels() -> None:
    old = LevelScheme("mine", ["goal", "result", "activity"])
    assert old.rank("goal") == 0  # the ranks are worked out once, here
    new = attrs.evolve(old, levels=("activity", "result", "goal"))
    assert (new.rank("goal"), old.rank("goal")) == (2, 0)
    assert new != old


def test_a_framework_on_a_chain_of_3000_levels_is_checked_link_by_link() -> None:
    # Every result on a level of its own, each linked to the one above: 2,999 links, each
    # checked for going upward; one link going down is found among them.
    n = 3000
    many = LevelScheme("many", [f"l{i}" for i in range(n)])
    results = [Result(f"r{i}", f"l{i}", f"Result {i}") for i in range(n)]
    links = [Link(f"r{i + 1}", f"r{i}") for i in range(n - 1)]
    framework = Framework("f", "F", levels=many, results=results, links=links)
    assert len(framework.links) == n - 1
    with pytest.raises(ValidationError, match=r"r0 \(l0\) → r2999 \(l2999\) does not go upward"):
        Framework("f", "F", levels=many, results=results, links=[*links, Link("r0", "r2999")])


def _inferred_one_by_one(levels_of: dict[str, str], links: list[Link]) -> tuple[str, ...]:
    """The order infer_levels gives, worked out the slow way it once was (cubic in levels)."""
    used = list(dict.fromkeys(levels_of.values()))
    above: dict[str, set[str]] = {level: set() for level in used}
    for link in links:
        child, parent = levels_of.get(link.child), levels_of.get(link.parent)
        if child is not None and parent is not None and child != parent:
            above[child].add(parent)
    order: list[str] = []
    remaining = list(used)
    while remaining:
        ready = next((lv for lv in remaining if above[lv] <= set(order)), remaining[0])
        order.append(ready)
        remaining.remove(ready)
    return tuple(order)


@st.composite
def _tables_of_levels(draw: st.DrawFn) -> tuple[dict[str, str], list[Link]]:
    # Results on levels of no built-in scheme ("x0" …), linked at random: up, down, in circles.
    n = draw(st.integers(1, 12))
    levels_of = {f"r{i}": f"x{draw(st.integers(0, 6))}" for i in range(n)}
    pairs = st.tuples(st.integers(0, n), st.integers(0, n))  # r{n}: a result no row has
    links = [Link(f"r{a}", f"r{b}") for a, b in draw(st.lists(pairs, max_size=20)) if a != b]
    return levels_of, links


@settings(max_examples=300)
@given(_tables_of_levels())
def test_levels_inferred_from_the_links_are_in_the_order_they_always_were(
    case: tuple[dict[str, str], list[Link]],
) -> None:
    levels_of, links = case
    assert infer_levels(levels_of, links).levels == _inferred_one_by_one(levels_of, links)


def test_levels_inferred_from_a_circle_start_at_the_first_named() -> None:
    # b → a → c → b is a circle; d contributes to c. Levels as named: y (b), x (a), z (c),
    # w (d). No level has all its parents placed, so the first named comes first: y. Then z
    # (its parent y is placed); then x and w are both ready (their parent z is placed), and
    # x is named before w.
    levels_of = {"b": "y", "a": "x", "c": "z", "d": "w"}
    links = [Link("b", "a"), Link("a", "c"), Link("c", "b"), Link("d", "c")]
    assert infer_levels(levels_of, links).levels == ("y", "z", "x", "w")


def test_a_table_of_2000_levels_listed_bottom_first_reads_back_top_first(tmp_path: Path) -> None:
    # Row by row from the bottom of a chain r1999 → … → r0, each result on a level of its own:
    # every level waits for the one before it in the table, the worst case of the old search
    # (4,000 levels took 516 s).
    n = 2000
    many = LevelScheme("many", [f"l{i}" for i in range(n)])
    results = [Result(f"r{i}", f"l{i}", f"Result {i}") for i in reversed(range(n))]
    links = [Link(f"r{i + 1}", f"r{i}") for i in range(n - 1)]
    path = tmp_path / "chain.csv"
    table.write(Framework("f", "F", levels=many, results=results, links=links), path)
    back = table.read(path, id="f", title="F")
    assert back.levels.levels == many.levels
    assert back.levels.name == "table"
