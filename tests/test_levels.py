"""Level schemes: the ordered levels of a framework, top first."""

from __future__ import annotations

import itertools

import attrs
import pytest

from resultsframe import Framework, LevelScheme, Link, Result, UnknownIdError, ValidationError
from resultsframe.levels import SCHEMES, scheme

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
