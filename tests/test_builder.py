"""resultsframe.build: a framework from nested dicts and shorthand texts, validated like any other."""

from __future__ import annotations

import doctest
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings

from resultsframe import (
    DocumentError,
    Framework,
    Indicator,
    Result,
    Target,
    ValidationError,
    build,
    document,
)
from resultsframe import builder as builder_module
from resultsframe.levels import SCHEMES, LevelScheme
from resultsframe.methods import Band, GrowthRatio
from resultsframe.model import (
    Baseline,
    Comment,
    Definition,
    Link,
    Measure,
    Parameter,
    Reference,
    Theme,
    Universe,
)
from resultsframe.periods import Period
from resultsframe.units import registry
from resultsframe.values import Pending
from strategies import frameworks


def _q(text: str) -> Any:
    return registry().Quantity(text)


SPEC: dict[str, Any] = {
    "id": "demo",
    "title": "Children are safe online",
    "start": "2019-01-01",
    "end": "2025-12-31",
    "results": {
        "goal": {
            "level": "impact",
            "statement": "Children are safe online",
            "indicators": {
                "goal.a": {
                    "name": "countries with legislation",
                    "unit": "%",
                    "baseline": "40 % in 2019",
                    "target": "80 % by 2025-12-31",
                }
            },
        },
        "o1": {"level": "outcome", "statement": "Laws are in place", "contributes_to": ["goal"]},
    },
}


def test_the_spec_of_the_documentation_is_the_framework_written_out_in_full() -> None:
    expected = Framework(
        "demo",
        "Children are safe online",
        (
            Result(
                "goal",
                "impact",
                "Children are safe online",
                indicators=(
                    Indicator(
                        "goal.a",
                        "countries with legislation",
                        Measure.SHARE,
                        "percent",
                        baselines=(Baseline(_q("40 percent"), Period.parse("2019")),),
                        targets=(Target(_q("80 percent"), date(2025, 12, 31)),),
                    ),
                ),
            ),
            Result("o1", "outcome", "Laws are in place"),
        ),
        links=(Link("o1", "goal"),),
        start=date(2019, 1, 1),
        end=date(2025, 12, 31),
    )
    assert build(SPEC) == expected
    assert document.loads(document.dumps(build(SPEC))) == expected


def test_the_examples_in_the_docstrings_run() -> None:
    result = doctest.testmod(builder_module, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3
    assert result.failed == 0


# --- shorthand texts --------------------------------------------------------------------------


def _one_indicator(**spec: Any) -> Indicator:
    fw = build(
        {
            "id": "f",
            "title": "F",
            "results": {"r": {"level": "impact", "statement": "R", "indicators": {"i": spec}}},
        }
    )
    return fw.indicators["i"]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("80 % by 2025-12-31", Target(_q("80 percent"), date(2025, 12, 31))),
        ("80 % by 2025", Target(_q("80 percent"), date(2025, 12, 31))),
        ("80 % by 2025-06", Target(_q("80 percent"), date(2025, 6, 30))),
        ("80 %", Target(_q("80 percent"))),
        (80, Target(_q("80 percent"))),
        ("0.8", Target(_q("0.8 percent"))),
        ("XX% by 2020-12-31", Target(Pending("XX%", "percent"), date(2020, 12, 31))),
        # A pending value has the indicator's unit, as in a table: one grammar for both.
        ("TBD", Target(Pending("TBD", "percent"))),
    ],
)
def test_targets_in_shorthand(text: object, target: Target) -> None:
    assert _one_indicator(name="n", unit="%", target=text).targets == (target,)


@pytest.mark.parametrize(
    ("text", "baseline"),
    [
        ("40 % in 2019", Baseline(_q("40 percent"), Period.parse("2019"))),
        ("40 % in 2019-06", Baseline(_q("40 percent"), Period.parse("2019-06"))),
        ("40 % in 2018-07/2019-06", Baseline(_q("40 percent"), Period.parse("2018-07/2019-06"))),
        ("40 %", Baseline(_q("40 percent"))),
        (40, Baseline(_q("40 percent"))),
        ("XX%", Baseline(Pending("XX%", "percent"))),
        ({"value": 40, "period": "2019", "text": "40%"}, Baseline(_q("40 percent"), "2019", "40%")),
    ],
)
def test_baselines_in_shorthand(text: object, baseline: Baseline) -> None:
    assert _one_indicator(name="n", unit="%", baseline=text).baselines == (baseline,)


def test_several_targets_are_milestones_in_date_order() -> None:
    indicator = _one_indicator(
        name="n", unit="case", targets=["10 by 2020", {"value": 25, "due": "2022-06"}]
    )
    assert indicator.targets == (
        Target(_q("10 case"), date(2020, 12, 31)),
        Target(_q("25 case"), date(2022, 6, 30)),
    )
    assert indicator.measure is Measure.QUANTITY


def test_units_say_what_is_measured() -> None:
    share = _one_indicator(name="n", unit="% of countries")
    assert (share.measure, share.universe) == (Measure.SHARE, Universe("country"))
    assert _one_indicator(name="n", unit="percent").measure is Measure.SHARE
    ratio = _one_indicator(name="n", unit="%", measure="ratio")
    assert ratio.measure is Measure.RATIO
    assert _one_indicator(name="n", unit="cases").measure is Measure.QUANTITY
    assert _one_indicator(name="n").unit is None
    universe = _one_indicator(name="n", unit="%", universe="children")
    assert (universe.measure, universe.universe) == (Measure.SHARE, Universe("child"))
    with pytest.raises(DocumentError, match=r"universe: unknown unit 'unicorns'"):
        _one_indicator(name="n", unit="%", universe="unicorns")


def test_parameters_comments_and_other_fields() -> None:
    indicator = _one_indicator(
        name="judges",
        unit="%",
        parameters={"threshold": "XX%", "share": {"name": "of judges", "value": "60 %"}},
        comments=["check the source", Comment("agreed", "M. E.")],
        direction="decrease",
        weight=2,
        source="survey",
        references=[Reference(title="A study")],
    )
    assert indicator.parameters == (
        Parameter("threshold", "threshold", Pending("XX%", "percent")),
        Parameter("share", "of judges", "60 %"),
    )
    assert indicator.comments == (Comment("check the source"), Comment("agreed", "M. E."))
    assert (indicator.direction.value, indicator.weight, indicator.source) == (
        "decrease",
        2,
        "survey",
    )
    assert indicator.references == (Reference(title="A study"),)


@pytest.mark.parametrize(
    ("levels", "scheme"),
    [
        ("logframe", SCHEMES["logframe"]),
        ("goal > purpose > output", LevelScheme("custom", ["goal", "purpose", "output"])),
        (["goal", "purpose", "output"], LevelScheme("custom", ["goal", "purpose", "output"])),
        ({"name": "mine", "levels": ["goal", "output"]}, LevelScheme("mine", ["goal", "output"])),
        (SCHEMES["eu"], SCHEMES["eu"]),
    ],
)
def test_level_schemes(levels: object, scheme: LevelScheme) -> None:
    assert build({"id": "f", "title": "F", "levels": levels}).levels == scheme


def test_results_and_links_in_every_form() -> None:
    fw = build(
        {
            "id": "f",
            "title": "F",
            "themes": {"legal": "Legal measures"},
            "definitions": {"fn1": "A law is …", "fn2": {"text": "A judge is …", "term": "judge"}},
            "implementers": "ITU",
            "results": [
                {"id": "goal", "level": "impact", "statement": "G"},
                {"id": "o1", "level": "outcome", "statement": "O1", "contributes_to": "goal"},
                Result("o2", "outcome", "O2", themes=("legal",)),
                {
                    "id": "t1",
                    "level": "target",
                    "statement": "T1",
                    "contributes_to": {"o1": 2, "o2": 0.5},
                    "comments": "draft",
                    "definitions": ["fn1"],
                    "aggregation": "minimum",
                },
            ],
        }
    )
    assert list(fw.results) == ["goal", "o1", "o2", "t1"]
    assert fw.links == (Link("o1", "goal"), Link("t1", "o1", 2), Link("t1", "o2", 0.5))
    assert fw.themes == (Theme("legal", "Legal measures"),)
    assert fw.definitions == (
        Definition("fn1", "A law is …"),
        Definition("fn2", "A judge is …", "judge"),
    )
    assert fw.implementers == ("ITU",)
    assert fw.results["t1"].comments == (Comment("draft"),)
    assert fw.results["t1"].aggregation.value == "minimum"


@settings(max_examples=100)
@given(frameworks())
def test_a_spec_of_the_models_own_objects_builds_the_same_framework(fw: Framework) -> None:
    parents: dict[str, dict[str, float]] = {}
    for link in fw.links:
        parents.setdefault(link.child, {})[link.parent] = link.weight
    results: dict[str, Any] = {}
    for result in fw:
        spec = {
            "level": result.level,
            "statement": result.statement,
            "indicators": list(result.indicators),
            "contributes_to": parents.get(result.id, {}),
        }
        spec.update(
            {
                name: getattr(result, name)
                for name in ("description", "themes", "definitions", "comments", "aggregation")
            }
        )
        results[result.id] = spec
    rebuilt = build(
        {
            "id": fw.id,
            "title": fw.title,
            "levels": fw.levels,
            "themes": list(fw.themes),
            "definitions": list(fw.definitions),
            "results": results,
        }
    )
    # Links come in the order of their children here, so compare them as a set.
    assert set(rebuilt.links) == set(fw.links)
    assert list(rebuilt.results) == list(fw.results)
    assert [(r.level, r.statement, r.indicators, r.comments, r.aggregation) for r in rebuilt] == [
        (r.level, r.statement, r.indicators, r.comments, r.aggregation) for r in fw
    ]


# --- errors name their place in the spec ------------------------------------------------------


def _problems(spec: Any) -> list[tuple[str, str]]:
    with pytest.raises(DocumentError) as caught:
        build(spec)
    assert caught.value.source == "spec"
    return [(p.where[0] if p.where else "", p.message) for p in caught.value.problems]


def test_every_problem_is_reported_at_once_with_its_json_path() -> None:
    spec = {
        "id": "f",
        "title": "F",
        "start": "1 Jan 2019",
        "results": {
            "goal": {
                "level": "impact",
                "statement": "G",
                "indicators": {
                    "goal.a": {
                        "name": "n",
                        "unit": "%",
                        "baseline": "40 % in 20x9",
                        "target": "80 % by 2025-13-31",
                        "targte": 1,
                    },
                    "goal.b": {"unit": "parsecs of joy"},
                },
            },
            "o1": {"level": "outcome", "statment": "x"},
        },
    }
    problems = _problems(spec)
    places = [where for where, _ in problems]
    assert places == [
        "$.start",
        '$.results.goal.indicators["goal.a"].targte',
        '$.results.goal.indicators["goal.a"].baseline',
        '$.results.goal.indicators["goal.a"].target',
        '$.results.goal.indicators["goal.b"].name',
        "$.results.o1.statment",
        "$.results.o1.statement",
    ]
    messages = dict(problems)
    assert "did you mean 'target'?" in messages['$.results.goal.indicators["goal.a"].targte']
    assert "after 'in' comes a period" in messages['$.results.goal.indicators["goal.a"].baseline']
    assert "'2025-13-31'" in messages['$.results.goal.indicators["goal.a"].target']
    assert messages["$.results.o1.statement"] == "required key missing in a result"
    assert "did you mean 'statement'?" in messages["$.results.o1.statment"]


@pytest.mark.parametrize(
    ("spec", "where", "message"),
    [
        ([], "$", "expected a framework as a dict, got list []"),
        ({"title": "F"}, "$.id", "required key missing in a framework"),
        ({"id": "f b", "title": "F"}, "$.id", "framework id must be a non-empty text"),
        ({"id": "f", "title": "F", "description": 3}, "$.description", "must be a text or None"),
        ({"id": "f", "title": "F", "levels": "sdgs"}, "$.levels", "not a built-in level scheme"),
        ({"id": "f", "title": "F", "levels": "Goal > output"}, "$.levels", "not a level name"),
        ({"id": "f", "title": "F", "results": "goal"}, "$.results", "expected {id: result}"),
        (
            {"id": "f", "title": "F", "results": [{"level": "impact"}]},
            "$.results[0]",
            "says its id",
        ),
        (
            {
                "id": "f",
                "title": "F",
                "results": {"g": {"id": "h", "level": "impact", "statement": "G"}},
            },
            "$.results.g.id",
            "listed under 'g' but says its id is 'h'",
        ),
        (
            {"id": "f", "title": "F", "results": {"g": {"level": "impact", "statement": " "}}},
            "$.results.g.statement",
            "Result.statement must be a non-empty text",
        ),
        (
            {
                "id": "f",
                "title": "F",
                "results": {"g": {"level": "impact", "statement": "G", "contributes_to": 3}},
            },
            "$.results.g.contributes_to",
            "expected the id of a result",
        ),
        (
            {
                "id": "f",
                "title": "F",
                "results": {"g": {"level": "impact", "statement": "G", "contributes_to": {"h": 0}}},
            },
            "$.results.g.contributes_to.h",
            "positive finite number",
        ),
        (
            {
                "id": "f",
                "title": "F",
                "results": {
                    "g": {
                        "level": "impact",
                        "statement": "G",
                        "indicators": {"g.a": {"name": "n", "unit": "%", "target": "12 cases"}},
                    }
                },
            },
            # The grammar reads the value in the indicator's unit: the target's own place.
            '$.results.g.indicators["g.a"].target',
            "'case'",
        ),
        (
            {
                "id": "f",
                "title": "F",
                "results": {
                    "g": {
                        "level": "impact",
                        "statement": "G",
                        "indicators": {"g.a": {"name": "n", "target": "8", "targets": ["9"]}},
                    }
                },
            },
            '$.results.g.indicators["g.a"].targets',
            "give 'target' or 'targets', not both",
        ),
        (
            {
                "id": "f",
                "title": "F",
                "results": {
                    "g": {
                        "level": "impact",
                        "statement": "G",
                        "indicators": {"g.a": {"name": "n", "unit": "% of unicorns"}},
                    }
                },
            },
            '$.results.g.indicators["g.a"].unit',
            "unicorns",
        ),
    ],
)
def test_a_spec_that_cannot_be_read_names_the_place(spec: Any, where: str, message: str) -> None:
    problems = _problems(spec)
    assert problems[0][0] == where
    assert message in problems[0][1]


def test_a_framework_that_breaks_the_rules_names_the_place_in_the_spec() -> None:
    spec = {
        "id": "f",
        "title": "F",
        "results": {
            "goal": {"level": "impact", "statement": "G"},
            "o1": {"level": "outcome", "statement": "O1", "contributes_to": ["gaol"]},
            "o2": {"level": "impact", "statement": "O2", "contributes_to": "o1"},
            "o3": {"level": "outcom", "statement": "O3"},
            "o4": {
                "level": "output",
                "statement": "O4",
                "indicators": {"x": {"name": "x"}},
            },
            "o5": {
                "level": "output",
                "statement": "O5",
                "indicators": [{"id": "x", "name": "x again"}],
            },
        },
    }
    with pytest.raises(ValidationError) as caught:
        build(spec)
    assert caught.value.subject == "framework 'f' in spec"
    assert [(p.code, p.where[0]) for p in caught.value.problems] == [
        ("duplicate-id", "$.results.o4.indicators.x"),
        ("unknown-level", "$.results.o3.level"),
        ("dangling-link", "$.results.o1.contributes_to[0]"),
        ("link-not-upward", "$.results.o2.contributes_to"),
    ]
    assert caught.value.problems[0].where == (
        "$.results.o4.indicators.x",
        "$.results.o5.indicators[0]",
        "x",
    )


def test_a_cycle_names_the_links_in_the_spec() -> None:
    spec = {
        "id": "f",
        "title": "F",
        "levels": ["top", "bottom"],
        "results": {
            "a": {"level": "top", "statement": "A", "contributes_to": "b"},
            "b": {"level": "bottom", "statement": "B", "contributes_to": "a"},
        },
    }
    with pytest.raises(ValidationError) as caught:
        build(spec)
    cycle = [p for p in caught.value.problems if p.code == "cycle"]
    assert [p.where[:2] for p in cycle] == [
        ("$.results.a.contributes_to", "$.results.b.contributes_to")
    ]


def test_too_many_problems_are_counted() -> None:
    results = {f"r{n}": {"level": "impact"} for n in range(60)}
    problems = _problems({"id": "f", "title": "F", "results": results})
    assert len(problems) == 51
    assert problems[-1][1] == "… and 10 more problems"


def test_status_methods_are_written_as_documents_write_them() -> None:
    spec = {
        "id": "t",
        "title": "T",
        "status_method": {"method": "band", "tolerance": 0.1},
        "results": {
            "g": {
                "level": "impact",
                "statement": "G",
                "indicators": {"g.a": {"name": "a", "status_method": {"method": "growth_ratio"}}},
            }
        },
    }
    fw = build(spec)
    assert fw.status_method == Band(0.1)
    assert fw.indicators["g.a"].status_method == GrowthRatio()
    spec["status_method"] = {"method": "vibes"}
    with pytest.raises(DocumentError) as caught:
        build(spec)
    assert str(caught.value) == (
        'spec: $.status_method: expected "method": one of "trajectory", "band", '
        '"growth_ratio"; got "vibes"'
    )
