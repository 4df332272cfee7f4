"""The framework as a whole: read-only mappings, the graph, and validation that reports everything."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import attrs
import networkx as nx
import pytest

from resultsframe import (
    Framework,
    Indicator,
    LevelScheme,
    Link,
    Result,
    ResultsframeError,
    UnknownIdError,
    ValidationError,
)
from resultsframe.exceptions import Problem
from resultsframe.model import Definition, Theme


def result(id_: str, level: str, *indicator_ids: str, **kwargs: Any) -> Result:
    indicators = tuple(Indicator(i, f"indicator {i}") for i in indicator_ids)
    return Result(id_, level, f"statement of {id_}", indicators=indicators, **kwargs)


RESULTS = (
    result("goal", "impact", "goal.a"),
    result("o1", "outcome"),
    result("o2", "outcome"),
    result("t1", "target", "t1.a", "t1.b"),
    result("p1", "output", "p1.a"),
    result("p2", "output"),
)
# t1 contributes to two outcomes: the graph is a DAG, not a tree.
LINKS = (
    Link("o1", "goal"),
    Link("o2", "goal"),
    Link("t1", "o1"),
    Link("t1", "o2", weight=2),
    Link("p1", "t1"),
    Link("p2", "t1", weight=0.5),
)


def small(**kwargs: Any) -> Framework:
    fields: dict[str, Any] = {"results": RESULTS, "links": LINKS}
    fields.update(kwargs)
    return Framework("small", "A small framework", **fields)


def problems(err: ValidationError) -> set[tuple[str, tuple[str, ...]]]:
    return {(p.code, p.where) for p in err.problems}


def problems_of(make: Callable[[], object]) -> set[tuple[str, tuple[str, ...]]]:
    with pytest.raises(ValidationError) as info:
        make()
    return problems(info.value)


# --- results and indicators ---------------------------------------------------------------------


def test_results_by_id_in_the_frameworks_order() -> None:
    fw = small()
    assert isinstance(fw.results, Mapping)
    assert list(fw.results) == ["goal", "o1", "o2", "t1", "p1", "p2"]
    assert fw.results["t1"] is RESULTS[3]
    assert list(fw) == list(RESULTS)
    assert len(fw) == 6


def test_indicators_by_id_in_the_frameworks_order() -> None:
    fw = small()
    assert isinstance(fw.indicators, Mapping)
    assert list(fw.indicators) == ["goal.a", "t1.a", "t1.b", "p1.a"]
    assert fw.indicators["t1.b"] is RESULTS[3].indicators[1]


@pytest.mark.parametrize("attribute", ["results", "indicators"])
def test_the_mappings_are_read_only(attribute: str) -> None:
    fw = small()
    mapping: Any = getattr(fw, attribute)
    key = next(iter(mapping))
    with pytest.raises(TypeError):
        mapping["new"] = mapping[key]
    with pytest.raises(TypeError):
        del mapping[key]
    with pytest.raises(AttributeError):
        mapping.clear()
    assert key in getattr(fw, attribute)


def test_result_of_an_indicator() -> None:
    fw = small()
    assert fw.result_of("t1.b") is fw.results["t1"]
    assert fw.result_of("goal.a").id == "goal"
    with pytest.raises(UnknownIdError, match=r"'t9\.z'") as info:
        fw.result_of("t9.z")
    assert isinstance(info.value, KeyError)


def test_an_empty_framework() -> None:
    fw = Framework("empty", "Nothing yet")
    assert len(fw) == 0
    assert dict(fw.results) == {}
    assert fw.roots() == ()
    assert fw.pending() == []
    assert fw.graph.number_of_nodes() == 0


# --- the graph ------------------------------------------------------------------------------------


def test_the_graph_has_an_edge_child_to_parent_for_every_link() -> None:
    graph = small().graph
    assert isinstance(graph, nx.DiGraph)
    assert list(graph.nodes) == ["goal", "o1", "o2", "t1", "p1", "p2"]
    assert set(graph.edges) == {(link.child, link.parent) for link in LINKS}
    assert graph.number_of_edges() == len(LINKS)
    assert {(u, v): d["weight"] for u, v, d in graph.edges(data=True)} == {
        (link.child, link.parent): link.weight for link in LINKS
    }
    assert nx.is_directed_acyclic_graph(graph)


def test_graph_nodes_carry_their_result_and_level() -> None:
    graph = small().graph
    assert graph.nodes["t1"]["result"] is RESULTS[3]
    assert graph.nodes["t1"]["level"] == "target"


def test_a_result_may_contribute_to_two_parents() -> None:
    fw = small()
    assert fw.parents("t1") == ("o1", "o2")
    assert fw.children("o1") == ("t1",)
    assert fw.children("o2") == ("t1",)
    assert nx.ancestors(fw.graph, "goal") == {"o1", "o2", "t1", "p1", "p2"}


def test_parents_children_and_roots() -> None:
    fw = small()
    assert fw.parents("goal") == ()
    assert fw.parents("p1") == ("t1",)
    assert fw.children("goal") == ("o1", "o2")
    assert fw.children("t1") == ("p1", "p2")
    assert fw.children("p2") == ()
    assert fw.roots() == ("goal",)


def test_every_unlinked_result_is_a_root_in_the_frameworks_order() -> None:
    fw = small(links=LINKS[2:])
    assert fw.roots() == ("goal", "o1", "o2")


@pytest.mark.parametrize("method", ["parents", "children"])
def test_unknown_results_are_named(method: str) -> None:
    with pytest.raises(UnknownIdError, match="'nowhere'") as info:
        getattr(small(), method)("nowhere")
    assert isinstance(info.value, KeyError)


GRAPH_CHANGES: dict[str, Callable[[Any], object]] = {
    "add_edge": lambda g: g.add_edge("goal", "p1"),
    "add_node": lambda g: g.add_node("new"),
    "remove_edge": lambda g: g.remove_edge("t1", "o1"),
    "remove_node": lambda g: g.remove_node("t1"),
    "add_edges_from": lambda g: g.add_edges_from([("goal", "p2")]),
    "clear": lambda g: g.clear(),
}


@pytest.mark.parametrize("change", GRAPH_CHANGES)
def test_the_graph_cannot_be_changed(change: str) -> None:
    fw = small()
    with pytest.raises(nx.NetworkXError):
        GRAPH_CHANGES[change](fw.graph)
    assert set(fw.graph.edges) == {(link.child, link.parent) for link in LINKS}
    assert fw.graph.number_of_nodes() == 6


DATA_CHANGES: dict[str, Callable[[Any], object]] = {
    "edge weight": lambda g: g.edges["t1", "o1"].__setitem__("weight", 100),
    "edge weight by adjacency": lambda g: g["t1"]["o1"].__setitem__("weight", 100),
    "edge data update": lambda g: g.edges["t1", "o1"].update(weight=100),
    "edge data removal": lambda g: g.edges["t1", "o1"].pop("weight"),
    "node level": lambda g: g.nodes["t1"].__setitem__("level", "impact"),
    "node data removal": lambda g: g.nodes["t1"].clear(),
    "graph data": lambda g: g.graph.__setitem__("framework", "other"),
}


@pytest.mark.parametrize("change", DATA_CHANGES)
def test_the_graphs_data_cannot_be_changed(change: str) -> None:
    # The graph is built once per framework and shared by everyone who asks for it (the
    # built-in examples are shared by a whole program): a change would reach them all.
    fw = small()
    with pytest.raises(TypeError, match=r"graph\.copy\(\)"):
        DATA_CHANGES[change](fw.graph)
    assert fw.graph.edges["t1", "o1"]["weight"] == 1
    assert fw.graph.nodes["t1"]["level"] == "target"
    assert fw.graph.graph["framework"] == "small"


def test_a_copy_of_the_graph_is_mutable_and_independent() -> None:
    fw = small()
    mine = fw.graph.copy()
    assert not nx.is_frozen(mine)
    mine.add_edge("goal", "p1")
    mine.remove_node("o2")
    mine.edges["t1", "o1"]["weight"] = 100
    mine.nodes["t1"]["level"] = "impact"
    mine.graph["framework"] = "mine"
    assert not fw.graph.has_edge("goal", "p1")
    assert fw.graph.has_node("o2")
    assert fw.graph.edges["t1", "o1"]["weight"] == 1
    assert fw.graph.nodes["t1"]["level"] == "target"
    assert fw.graph.graph["framework"] == "small"
    assert fw.parents("t1") == ("o1", "o2")


def test_the_graph_works_with_networkx_algorithms() -> None:
    graph = small().graph
    order = list(nx.topological_sort(graph))
    assert order.index("p1") < order.index("t1") < order.index("o2") < order.index("goal")
    reverse = graph.reverse()
    assert set(reverse.edges) == {(link.parent, link.child) for link in LINKS}
    assert reverse.edges["o2", "t1"]["weight"] == 2
    rebuilt = nx.DiGraph(graph)
    assert set(rebuilt.edges) == set(graph.edges)
    rebuilt.edges["t1", "o2"]["weight"] = 7
    assert graph.edges["t1", "o2"]["weight"] == 2
    assert set(copy.deepcopy(graph).edges) == set(graph.edges)
    assert set(graph.subgraph(["t1", "o1", "o2"]).edges) == {("t1", "o1"), ("t1", "o2")}


def test_the_graph_survives_pickling() -> None:
    graph = small().graph
    again = pickle.loads(pickle.dumps(graph))
    assert set(again.edges(data="weight")) == set(graph.edges(data="weight"))


def test_a_variant_has_its_own_graph() -> None:
    fw = small()
    variant = attrs.evolve(fw, links=(*LINKS, Link("p2", "o2")))
    assert variant.graph.has_edge("p2", "o2")
    assert not fw.graph.has_edge("p2", "o2")
    assert variant.parents("p2") == ("t1", "o2")


# --- the framework object -------------------------------------------------------------------------


def test_frameworks_are_frozen_and_hashable_values() -> None:
    fw = small()
    assert fw == small()
    assert hash(fw) == hash(small())
    assert fw != small(links=LINKS[:-1])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fw.title = "Another title"  # type: ignore[misc]


def test_framework_fields() -> None:
    fw = small(
        start="2015-01-01",
        end="2020-12-31",
        implementers=("COP Partners",),
        themes=(Theme("legal", "legal measures"),),
        definitions=(Definition("fn1", "a definition"),),
    )
    assert (fw.start, fw.end) == (date(2015, 1, 1), date(2020, 12, 31))
    assert fw.implementers == ("COP Partners",)
    assert fw.levels.levels == ("impact", "outcome", "target", "output")


def test_short_repr() -> None:
    assert repr(small()) == "<Framework small: 6 results, 6 links>"
    assert (
        repr(Framework("one", "One", (result("g", "impact"),)))
        == "<Framework one: 1 result, 0 links>"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"id": "a b"}, "framework id must be"),
        ({"id": ""}, "framework id must be"),
        ({"title": ""}, "non-empty title"),
        ({"title": None}, "non-empty title"),
        ({"start": "1 January 2015"}, "YYYY-MM-DD"),
        ({"levels": ("impact", "outcome")}, "LevelScheme"),
        ({"themes": ("legal",)}, "Theme objects"),
        ({"results": ("goal",)}, "Result objects"),
        ({"links": (("o1", "goal"),)}, "Link objects"),
    ],
)
def test_framework_fields_are_checked(kwargs: dict[str, Any], message: str) -> None:
    fields: dict[str, Any] = {"id": "f", "title": "F"}
    fields.update(kwargs)
    with pytest.raises((ValueError, TypeError), match=message):
        Framework(**fields)


# --- validation: each rule ------------------------------------------------------------------------


def test_a_time_frame_that_ends_before_it_starts() -> None:
    found = problems_of(lambda: small(start="2020-12-31", end="2015-01-01"))
    assert found == {("time-frame", ())}


def test_a_cycle_is_named_with_its_ids() -> None:
    links = (Link("t1", "o1"), Link("o1", "goal"), Link("goal", "t1"))
    with pytest.raises(ValidationError) as info:
        Framework("f", "F", RESULTS[:4], links=links)
    cycles = [p for p in info.value.problems if p.code == "cycle"]
    assert len(cycles) == 1
    ids = cycles[0].where
    assert sorted(ids) == ["goal", "o1", "t1"]
    # The ids are in the cycle's order: each contributes to the next, the last to the first.
    pairs = set(zip(ids, (*ids[1:], ids[0]), strict=True))
    assert pairs == {(link.child, link.parent) for link in links}
    message = str(cycles[0])
    for id_ in ("goal", "o1", "t1"):
        assert id_ in message
    assert ("link-not-upward", ("goal", "t1")) in problems(info.value)


def test_two_cycles_are_both_named() -> None:
    results = (
        result("a", "impact"),
        result("b", "outcome"),
        result("c", "impact"),
        result("d", "outcome"),
    )
    links = (Link("b", "a"), Link("a", "b"), Link("d", "c"), Link("c", "d"))
    with pytest.raises(ValidationError) as info:
        Framework("f", "F", results, links=links)
    cycles = sorted(sorted(p.where) for p in info.value.problems if p.code == "cycle")
    assert cycles == [["a", "b"], ["c", "d"]]


def test_a_cycle_within_one_level() -> None:
    links = (Link("o1", "o2"), Link("o2", "o1"))
    found = problems_of(lambda: small(links=links))
    assert {code for code, _ in found} == {"link-not-upward", "cycle"}
    assert sorted(next(where for code, where in found if code == "cycle")) == ["o1", "o2"]


def test_a_result_cannot_contribute_to_itself() -> None:
    found = problems_of(lambda: small(links=(*LINKS, Link("t1", "t1"))))
    assert found == {("self-link", ("t1", "t1"))}


@pytest.mark.parametrize(
    ("link", "missing"),
    [(Link("t1", "o9"), "o9"), (Link("p9", "t1"), "p9"), (Link("x", "y"), "'x', 'y'")],
)
def test_links_to_unknown_results(link: Link, missing: str) -> None:
    with pytest.raises(ValidationError) as info:
        small(links=(*LINKS, link))
    assert problems(info.value) == {("dangling-link", (link.child, link.parent))}
    assert missing in str(info.value.problems[0])


@pytest.mark.parametrize(
    "link",
    [Link("o1", "o2"), Link("goal", "o1"), Link("goal", "p1"), Link("o1", "p2")],
)
def test_links_that_do_not_go_upward(link: Link) -> None:
    with pytest.raises(ValidationError) as info:
        small(links=(*LINKS, link))
    assert ("link-not-upward", (link.child, link.parent)) in problems(info.value)
    message = str(next(p for p in info.value.problems if p.code == "link-not-upward"))
    assert f"{link.child} ({RESULTS_BY_ID[link.child].level})" in message
    assert f"{link.parent} ({RESULTS_BY_ID[link.parent].level})" in message


RESULTS_BY_ID = {r.id: r for r in RESULTS}


def test_a_link_may_skip_levels() -> None:
    fw = small(links=(*LINKS, Link("p2", "goal")))
    assert fw.parents("p2") == ("t1", "goal")


def test_a_link_given_twice() -> None:
    found = problems_of(lambda: small(links=(*LINKS, Link("p1", "t1", weight=3))))
    assert found == {("duplicate-link", ("p1", "t1"))}


def test_duplicate_result_ids() -> None:
    found = problems_of(lambda: small(results=(*RESULTS, result("p1", "output"))))
    assert found == {("duplicate-id", ("p1",))}


def test_duplicate_indicator_ids_across_results() -> None:
    found = problems_of(lambda: small(results=(*RESULTS, result("p3", "output", "t1.a"))))
    assert found == {("duplicate-id", ("t1.a",))}


def test_an_indicator_id_that_is_also_a_result_id() -> None:
    found = problems_of(lambda: small(results=(*RESULTS, result("p3", "output", "o1"))))
    assert found == {("duplicate-id", ("o1",))}


def test_duplicate_theme_and_definition_ids() -> None:
    themes = (Theme("legal", "legal measures"), Theme("legal", "laws"))
    definitions = (Definition("fn1", "one"), Definition("fn1", "another"))
    found = problems_of(lambda: small(themes=themes, definitions=definitions))
    assert found == {("duplicate-id", ("legal",)), ("duplicate-id", ("fn1",))}


def test_unknown_levels() -> None:
    found = problems_of(lambda: small(results=(*RESULTS, result("a1", "activity"))))
    assert found == {("unknown-level", ("a1",))}


def test_levels_must_be_in_the_frameworks_own_scheme() -> None:
    logframe = LevelScheme("logframe", ("goal", "purpose", "output", "activity"))
    found = problems_of(lambda: small(levels=logframe, links=()))
    assert found == {("unknown-level", (r.id,)) for r in RESULTS if r.level != "output"}


def test_unknown_themes_and_definitions() -> None:
    indicator = Indicator("p3.a", "an indicator", definitions=("fn9",))
    results = (
        *RESULTS,
        Result("p3", "output", "s", indicators=(indicator,), themes=("legal", "health")),
        Result("p4", "output", "s", definitions=("fn1", "fn8")),
    )
    found = problems_of(
        lambda: small(
            results=results,
            themes=(Theme("legal", "legal measures"),),
            definitions=(Definition("fn1", "a definition"),),
        )
    )
    assert found == {
        ("unknown-theme", ("p3",)),
        ("unknown-definition", ("p3.a",)),
        ("unknown-definition", ("p4",)),
    }


def test_known_themes_and_definitions_are_fine() -> None:
    results = (*RESULTS, Result("p3", "output", "s", themes=("legal",), definitions=("fn1",)))
    fw = small(
        results=results,
        themes=(Theme("legal", "legal measures"),),
        definitions=(Definition("fn1", "a definition"),),
    )
    assert fw.results["p3"].themes == ("legal",)


# --- validation: everything at once ---------------------------------------------------------------


def test_every_problem_is_reported_together_in_one_error() -> None:
    results = (
        *RESULTS,
        result("p1", "output"),  # a second p1
        result("p3", "output", "t1.a"),  # a second indicator t1.a
        result("a1", "activity"),  # no such level
        Result("p4", "output", "s", themes=("health",), definitions=("fn9",)),
    )
    links = (
        *LINKS,
        Link("p2", "nowhere"),  # dangling
        Link("o1", "o2"),  # same level
        Link("goal", "p2"),  # downward, and a cycle goal → p2 → t1 → o1 → goal
    )
    with pytest.raises(ValidationError) as info:
        Framework("broken", "Broken", results, links=links)
    err = info.value
    found = problems(err)
    assert {
        ("duplicate-id", ("p1",)),
        ("duplicate-id", ("t1.a",)),
        ("unknown-level", ("a1",)),
        ("unknown-theme", ("p4",)),
        ("unknown-definition", ("p4",)),
        ("dangling-link", ("p2", "nowhere")),
        ("link-not-upward", ("o1", "o2")),
        ("link-not-upward", ("goal", "p2")),
    } <= found
    cycles = [where for code, where in found if code == "cycle"]
    assert cycles
    assert all({"goal", "p2", "t1"} <= set(where) for where in cycles)
    message = str(err)
    assert f"({len(err.problems)} problems)" in message
    assert "framework 'broken'" in message
    for problem in err.problems:
        assert str(problem) in message


def test_validation_errors_are_value_errors_of_resultsframe() -> None:
    with pytest.raises(ValueError, match="not valid") as info:
        small(links=(Link("o1", "o1"),))
    assert isinstance(info.value, ResultsframeError)


def test_a_validation_error_survives_pickling() -> None:
    with pytest.raises(ValidationError) as info:
        small(links=(Link("o1", "o1"),))
    again = pickle.loads(pickle.dumps(info.value))
    assert again.problems == info.value.problems
    assert str(again) == str(info.value)


def test_a_problem_shows_where_it_is() -> None:
    assert str(Problem("cycle", "the links form a cycle", ("a", "b"))) == (
        "a, b: the links form a cycle"
    )
    assert str(Problem("time-frame", "ends before it starts")) == "ends before it starts"


def test_evolve_revalidates_the_framework() -> None:
    fw = small()
    with pytest.raises(ValidationError) as info:
        attrs.evolve(fw, links=(*fw.links, Link("goal", "o1")))
    assert ("link-not-upward", ("goal", "o1")) in problems(info.value)
    with pytest.raises(ValidationError) as info:
        attrs.evolve(fw, results=())
    assert {code for code, _ in problems(info.value)} == {"dangling-link"}


def test_evolve_without_a_result_that_is_still_linked_is_refused() -> None:
    fw = small()
    kept = tuple(r for r in fw if r.id != "p2")
    with pytest.raises(ValidationError) as info:
        attrs.evolve(fw, results=kept)
    assert problems(info.value) == {("dangling-link", ("p2", "t1"))}


def test_problems_follow_the_frameworks_order() -> None:
    # "in a stable order": the same framework gives the same list, run after run.
    clashes = ("p2", "goal", "t1", "o2", "p1", "o1")
    holder = Result(
        "p3", "output", "s", indicators=tuple(Indicator(i, f"indicator {i}") for i in clashes)
    )
    with pytest.raises(ValidationError) as info:
        small(results=(*RESULTS, holder))
    assert [p.where for p in info.value.problems] == [(i,) for i in clashes]
