"""Properties of validation over random graphs: every valid DAG is accepted as it is, and every
defect injected into one is reported, each with the ids involved, in one ValidationError."""

from __future__ import annotations

import attrs
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resultsframe import Framework, Indicator, LevelScheme, Link, Result, ValidationError

# Ids as users may write them: any text without white space or ':', made unique by a number at
# the end. '#' is kept out of drawn ids so that the ids of injected results are new.
ID_PREFIXES = st.text("aZ._-/éΩ漢", max_size=3)
# Level names: lower-case words joined by '_', made unique the same way.
LEVEL_PREFIXES = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)
WEIGHTS = st.one_of(st.integers(1, 10), st.floats(1e-3, 1e3, allow_nan=False))


@attrs.frozen
class Spec:
    """What a framework is made of, before it is made."""

    levels: LevelScheme
    results: tuple[Result, ...]
    links: tuple[Link, ...]

    def build(self) -> Framework:
        return Framework(
            "drawn", "A drawn framework", self.results, links=self.links, levels=self.levels
        )

    def rank(self, result_id: str) -> int:
        level = next(r.level for r in self.results if r.id == result_id)
        return self.levels.rank(level)

    def graph(self) -> nx.DiGraph[str]:
        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_nodes_from(r.id for r in self.results)
        graph.add_edges_from((link.child, link.parent) for link in self.links)
        return graph


@st.composite
def valid_specs(draw: st.DrawFn, *, linked: bool = False) -> Spec:
    """A valid framework: a random level scheme, results on random levels, random upward links.

    With ``linked``, the scheme has two levels or more and there is at least one link.
    """
    n_levels = draw(st.integers(2 if linked else 1, 5))
    names = [f"{draw(LEVEL_PREFIXES)}_{n}" for n in range(n_levels)]
    levels = LevelScheme(draw(st.sampled_from(["drawn", "mine", "logframe"])), names)
    n_results = draw(st.integers(2 if linked else 1, 10))
    n_indicators = draw(st.integers(0, 6))
    ids = [draw(ID_PREFIXES) + str(n) for n in range(n_results + n_indicators)]
    result_ids, indicator_ids = ids[:n_results], ids[n_results:]
    ranks = [draw(st.integers(0, len(names) - 1)) for _ in result_ids]
    if linked:
        ranks[0], ranks[1] = 0, 1
    owners = [draw(st.integers(0, n_results - 1)) for _ in indicator_ids]
    results = tuple(
        Result(
            rid,
            names[rank],
            f"statement of {rid}",
            indicators=tuple(
                Indicator(iid, f"indicator {iid}")
                for iid, owner in zip(indicator_ids, owners, strict=True)
                if owner == n
            ),
        )
        for n, (rid, rank) in enumerate(zip(result_ids, ranks, strict=True))
    )
    upward = [
        (result_ids[c], result_ids[p])
        for c in range(n_results)
        for p in range(n_results)
        if ranks[c] > ranks[p]
    ]
    pairs = draw(st.lists(st.sampled_from(upward), unique=True)) if upward else []
    if linked and (result_ids[1], result_ids[0]) not in pairs:
        pairs.append((result_ids[1], result_ids[0]))
    links = tuple(Link(c, p, weight=draw(WEIGHTS)) for c, p in draw(st.permutations(pairs)))
    return Spec(levels, results, links)


# --- every valid DAG is accepted as it is ---------------------------------------------------------


@settings(max_examples=100)
@given(valid_specs())
def test_every_valid_dag_constructs_and_its_graph_is_its_links(spec: Spec) -> None:
    fw = spec.build()
    graph = fw.graph
    assert list(graph.nodes) == [r.id for r in spec.results]
    assert set(graph.edges) == {(link.child, link.parent) for link in spec.links}
    assert graph.number_of_edges() == len(spec.links)
    assert {(c, p): d["weight"] for c, p, d in graph.edges(data=True)} == {
        (link.child, link.parent): link.weight for link in spec.links
    }
    assert nx.is_directed_acyclic_graph(graph)
    assert fw.levels == spec.levels
    assert list(fw.results) == [r.id for r in spec.results]
    assert list(fw.indicators) == [i.id for r in spec.results for i in r.indicators]


@settings(max_examples=100)
@given(valid_specs())
def test_parents_children_and_roots_follow_the_links(spec: Spec) -> None:
    fw = spec.build()
    for r in spec.results:
        assert set(fw.parents(r.id)) == {link.parent for link in spec.links if link.child == r.id}
        assert set(fw.children(r.id)) == {link.child for link in spec.links if link.parent == r.id}
        for indicator in r.indicators:
            assert fw.result_of(indicator.id) is r
    with_parents = {link.child for link in spec.links}
    assert fw.roots() == tuple(r.id for r in spec.results if r.id not in with_parents)
    for link in spec.links:
        assert spec.rank(link.child) > spec.rank(link.parent)


# --- every injected defect is reported ------------------------------------------------------------

DEFECTS = ("cycle", "dangling", "duplicate-result", "duplicate-indicator", "downward")


@attrs.frozen
class Broken:
    spec: Spec
    expected: frozenset[tuple[str, tuple[str, ...]]]
    cycle: tuple[str, str] | None  # the injected link that closes a cycle, child → parent


@st.composite
def broken_specs(draw: st.DrawFn, must: str | None = None) -> Broken:
    """A valid framework with one or more defects injected, and the problems they must cause.

    ``must`` is a defect that is always among them.
    """
    spec = draw(valid_specs(linked=True))
    defects = draw(st.sets(st.sampled_from(DEFECTS), min_size=0 if must else 1))
    if must is not None:
        defects.add(must)
    results = list(spec.results)
    links = list(spec.links)
    ids = [r.id for r in spec.results]
    expected: set[tuple[str, tuple[str, ...]]] = set()
    cycle = None

    if "cycle" in defects:
        # A link from a result back down to one that contributes to it, directly or not.
        graph = spec.graph()
        lower = draw(st.sampled_from([n for n in ids if graph.out_degree(n) > 0]))
        upper = draw(st.sampled_from(sorted(nx.descendants(graph, lower))))
        links.append(Link(upper, lower))
        expected.add(("link-not-upward", (upper, lower)))
        cycle = (upper, lower)
    if "dangling" in defects:
        known = draw(st.sampled_from(ids))
        pair = draw(st.sampled_from([(known, "#ghost"), ("#ghost", known)]))
        links.append(Link(*pair))
        expected.add(("dangling-link", pair))
    if "duplicate-result" in defects:
        twin = draw(st.sampled_from(spec.results))
        results.append(Result(twin.id, twin.level, "a second result with the same id"))
        expected.add(("duplicate-id", (twin.id,)))
    if "duplicate-indicator" in defects:
        taken = ids + [i.id for r in spec.results for i in r.indicators]
        copied = draw(st.sampled_from(taken))
        level = draw(st.sampled_from(spec.levels.levels))
        holder = Result("#holder", level, "holds a copied id", indicators=(Indicator(copied, "n"),))
        results.append(holder)
        expected.add(("duplicate-id", (copied,)))
    if "downward" in defects:
        names = spec.levels.levels
        # Rank 0 is the top: "#to" is on the same level as "#from" or below it, never above.
        from_rank = draw(st.integers(0, len(names) - 1))
        to_rank = draw(st.integers(from_rank, len(names) - 1))
        results += [Result("#from", names[from_rank], "from"), Result("#to", names[to_rank], "to")]
        links.append(Link("#from", "#to"))
        expected.add(("link-not-upward", ("#from", "#to")))

    results = draw(st.permutations(results))
    links = draw(st.permutations(links))
    return Broken(Spec(spec.levels, tuple(results), tuple(links)), frozenset(expected), cycle)


@pytest.mark.parametrize("defect", DEFECTS)
@settings(max_examples=40)
@given(data=st.data())
def test_every_injected_defect_is_reported_in_one_error(defect: str, data: st.DataObject) -> None:
    # Each kind of defect, alone or together with others.
    broken = data.draw(broken_specs(must=defect))
    with pytest.raises(ValidationError) as info:
        broken.spec.build()
    found = {(p.code, p.where) for p in info.value.problems}
    assert broken.expected <= found
    cycles = [p.where for p in info.value.problems if p.code == "cycle"]
    if broken.cycle is None:
        assert cycles == []
        return
    # One link closes the cycle, so every cycle goes through it: exactly one is reported,
    # named by its ids in order, each contributing to the next.
    assert len(cycles) == 1
    (ids,) = cycles
    assert set(broken.cycle) <= set(ids)
    assert len(set(ids)) == len(ids)
    pairs = {(link.child, link.parent) for link in broken.spec.links}
    for child, parent in zip(ids, (*ids[1:], ids[0]), strict=True):
        assert (child, parent) in pairs


@settings(max_examples=50)
@given(broken_specs())
def test_evolve_into_a_broken_framework_reports_every_defect(broken: Broken) -> None:
    valid = Framework("drawn", "A drawn framework", levels=broken.spec.levels)
    with pytest.raises(ValidationError) as info:
        attrs.evolve(valid, results=broken.spec.results, links=broken.spec.links)
    assert broken.expected <= {(p.code, p.where) for p in info.value.problems}
