"""The framework: results linked into a graph, validated as a whole.

A :class:`Framework` holds frozen :class:`~resultsframe.Result` objects and the
:class:`~resultsframe.model.Link` objects between them. Those objects are the truth; the
networkx graph (:attr:`Framework.graph`, edges child → parent) is built from them on first use
and is read-only. ``framework.graph.copy()`` gives a mutable copy.

Whole-framework rules are checked on construction, and every problem is reported at once in one
:class:`~resultsframe.ValidationError`: duplicate result or indicator ids, levels the scheme does
not have, links to unknown results, links that do not go upward in the level scheme, cycles
(each one named), and references to themes or definitions that do not exist.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

import attrs
import networkx as nx

from resultsframe import hooks
from resultsframe.exceptions import (
    FillError,
    Problem,
    UnitError,
    ValidationError,
    checked,
    did_you_mean,
)
from resultsframe.levels import SCHEMES, LevelScheme
from resultsframe.methods import Band, GrowthRatio, StatusMethod, Trajectory
from resultsframe.model import (
    Comment,
    Definition,
    Extension,
    HistoryEvent,
    Indicator,
    Link,
    Narrative,
    Reference,
    Result,
    Theme,
)
from resultsframe.model.checks import (
    _to_date,
    _to_strings,
    _tuple,
    _tuple_of,
    check_id,
    duplicates,
)
from resultsframe.model.lookup import by_id
from resultsframe.model.mappings import Alignment, link_problems, to_alignments
from resultsframe.model.partners import Initiative, Partner, Partnerships, partner_problems
from resultsframe.model.pending import PendingItem, PendingList
from resultsframe.periods import Period, check_fiscal_year_end, fiscal_mismatch
from resultsframe.units import CountingUnit, Quantity
from resultsframe.values import Pending, parse_value
from resultsframe.variants import Variants

__all__ = ["Framework", "PendingItem", "PendingList"]

if TYPE_CHECKING:
    Graph: TypeAlias = nx.DiGraph[str]
else:  # networkx's classes are not subscriptable at run time
    Graph: TypeAlias = nx.DiGraph


def _id(_instance: object, _attribute: object, value: Any) -> None:
    check_id(value, "framework")


def _year_end(_instance: object, _attribute: object, value: Any) -> None:
    if value is not None:
        check_fiscal_year_end(value)


def _title(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"a framework needs a non-empty title, got {value!r}")


def _optional_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise ValueError(f"Framework.{attribute.name} must be a text or None, got {value!r}")


class _ReadOnlyData(dict[str, Any]):
    """The data of a node, an edge or the whole of a framework's graph, which cannot change.

    Its copies (``graph.copy()``, ``copy.deepcopy``, pickling) are plain dicts again.
    """

    def _refuse(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise TypeError(
            "the framework's graph is read-only; use framework.graph.copy() for a graph of your own"
        )

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def copy(self) -> dict[str, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return copy.deepcopy(dict(self), memo)

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))


@checked
@attrs.frozen(repr=False)
class Framework(Variants, Partnerships):
    """A results framework: results on levels, linked upward into a graph.

    Args:
        id: A short id (``"cop-2015"``).
        title: Its title.
        results: The results, in the order the framework presents them.
        links: "Contributes to" links, child → parent.
        levels: The level scheme; the default is impact > outcome > target > output.
        start: The first day of its time frame; observations up to this day give the baseline.
        end: The last day of its time frame.
        fiscal_year_end: The day its fiscal years end, ``"MM-DD"`` (``"06-30"``), when its
            periods are fiscal years: ``"FY2020"`` is then 2019-07-01 to 2020-06-30, the year
            named by the calendar year it ends in (keyword-only).
        units: The counting units it declares (:class:`~resultsframe.units.CountingUnit`):
            making each defines it, so that indicators made after it can count in it.
        partners: The organisations that contribute to it, and initiatives, what they run and
            what it contributes to (:mod:`resultsframe.model.partners`; both keyword-only).
        aligned_to: The goals of other frameworks it contributes to (keyword-only; Alignment).

    Raises:
        ValidationError: listing every problem of the framework as a whole.

    >>> from resultsframe import Framework, Result
    >>> from resultsframe.model import Link
    >>> fw = Framework("demo", "Demo", [Result("goal", "impact", "Children are safe online"),
    ...                                 Result("o1", "outcome", "Laws are in place")],
    ...                links=[Link("o1", "goal")])
    >>> fw
    <Framework demo: 2 results, 1 link>
    """

    id: str = attrs.field(validator=_id)
    title: str = attrs.field(validator=_title)
    _results: tuple[Result, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Result)
    )
    links: tuple[Link, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Link)
    )
    levels: LevelScheme = attrs.field(
        default=SCHEMES["default"], validator=attrs.validators.instance_of(LevelScheme)
    )
    start: date | None = attrs.field(default=None, converter=_to_date)
    end: date | None = attrs.field(default=None, converter=_to_date)
    # Keyword-only, so that adding it moved no positional argument; written after the time frame.
    fiscal_year_end: str | None = attrs.field(default=None, validator=_year_end, kw_only=True)
    description: str | None = attrs.field(default=None, validator=_optional_text)
    implementers: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_strings)
    themes: tuple[Theme, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Theme)
    )
    aims: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_strings)
    definitions: tuple[Definition, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Definition)
    )
    references: tuple[Reference, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Reference)
    )
    history: tuple[HistoryEvent, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(HistoryEvent)
    )
    notes: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_strings)
    comments: tuple[Comment, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Comment)
    )
    narratives: tuple[Narrative, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Narrative)
    )
    extensions: tuple[Extension, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Extension)
    )
    status_method: StatusMethod = attrs.field(
        factory=Trajectory, validator=attrs.validators.instance_of((Trajectory, Band, GrowthRatio))
    )
    units: tuple[CountingUnit, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(CountingUnit)
    )
    partners: tuple[Partner, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Partner), kw_only=True
    )
    initiatives: tuple[Initiative, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Initiative), kw_only=True
    )
    aligned_to: tuple[Alignment, ...] = attrs.field(
        factory=tuple, converter=to_alignments, validator=_tuple_of(Alignment), kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise ValidationError(problems, subject=f"framework {self.id!r}")

    # --- structure --------------------------------------------------------------------------

    @cached_property
    def results(self) -> Mapping[str, Result]:
        """The results by id, in the framework's order (read-only).

        An id it does not have raises :class:`~resultsframe.UnknownIdError` (a ``KeyError``)
        naming the closest ones.
        """
        return by_id(((r.id, r) for r in self._results), framework=self.id, noun="result")

    @cached_property
    def indicators(self) -> Mapping[str, Indicator]:
        """Every indicator by id, in the framework's order (read-only).

        An id it does not have raises :class:`~resultsframe.UnknownIdError` (a ``KeyError``)
        naming the closest ones.
        """
        pairs = ((i.id, i) for r in self._results for i in r.indicators)
        return by_id(pairs, framework=self.id, noun="indicator")

    @cached_property
    def _owner(self) -> Mapping[str, str]:
        return {i.id: r.id for r in self._results for i in r.indicators}

    @cached_property
    def graph(self) -> Graph:
        """The framework as a read-only networkx DiGraph, edges child → parent.

        Nodes are result ids with the attributes ``result`` (the :class:`Result`) and
        ``level``; edges carry ``weight``. Changing its nodes or edges raises
        ``NetworkXError``, changing their data ``TypeError``; use ``framework.graph.copy()``
        for a graph of your own.
        """
        graph: nx.DiGraph[str] = nx.DiGraph(framework=self.id)
        graph.add_nodes_from((r.id, {"result": r, "level": r.level}) for r in self._results)
        graph.add_edges_from(
            (link.child, link.parent, {"weight": link.weight}) for link in self.links
        )
        # nx.freeze refuses new nodes and edges but not changes to their data; the graph is
        # built once and shared by everyone who asks, so its data must not change either.
        store: Any = graph  # networkx's own dicts, which its type stubs do not declare
        store.graph = _ReadOnlyData(graph.graph)
        for node, data in store._node.items():
            store._node[node] = _ReadOnlyData(data)
        for child, parents in store._succ.items():
            for parent, data in parents.items():
                parents[parent] = store._pred[parent][child] = _ReadOnlyData(data)
        frozen: Graph = nx.freeze(graph)
        return frozen

    def result_of(self, indicator_id: str) -> Result:
        """The result an indicator belongs to.

        Raises:
            UnknownIdError: if there is no such indicator.
        """
        self.indicators[indicator_id]  # raises naming the closest ids
        return self.results[self._owner[indicator_id]]

    def parents(self, result_id: str) -> tuple[str, ...]:
        """The ids of the results ``result_id`` contributes to."""
        self._require(result_id)
        return tuple(self.graph.successors(result_id))

    def children(self, result_id: str) -> tuple[str, ...]:
        """The ids of the results that contribute to ``result_id``."""
        self._require(result_id)
        return tuple(self.graph.predecessors(result_id))

    def roots(self) -> tuple[str, ...]:
        """The ids of the results that contribute to nothing: the top of the framework."""
        return tuple(n for n in self.results if self.graph.out_degree(n) == 0)

    def _require(self, result_id: str) -> None:
        self.results[result_id]  # raises naming the closest ids

    def __iter__(self) -> Iterator[Result]:
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)

    def __repr__(self) -> str:
        n, m = len(self._results), len(self.links)
        return (
            f"<Framework {self.id}: {n} result{'s' if n != 1 else ''}, "
            f"{m} link{'s' if m != 1 else ''}>"
        )

    def _repr_html_(self) -> str:
        return hooks.to_html(self)

    # --- pending values ---------------------------------------------------------------------

    def pending(self) -> PendingList:
        """Every value the framework does not know yet, in the framework's order.

        A :class:`~resultsframe.model.pending.PendingList`: a list of :class:`PendingItem`
        that also turns itself into a data frame (``to_pandas()``, ``to_polars()``).
        """
        return PendingList(_pending_items(self))

    def fill(self, values: Mapping[str, str | int | float | Quantity[Any]]) -> Framework:
        """A new framework with pending values filled in; this one is left as it is.

        Args:
            values: By :attr:`PendingItem.key` (see :meth:`pending`): ``{"T3.a": "50 %"}``,
                ``{"T3.b:threshold": 60}``. A bare number is read in the value's unit.

        Raises:
            FillError: if a key names nothing pending; the message lists what is.
            UnitError: if a value is not a number, is still pending, or its unit does not fit.
        """
        items = {item.key: item for item in _pending_items(self)}
        unknown = [key for key in values if key not in items]
        if unknown:
            listing = ", ".join(items) or "nothing"
            # An id that is there but not pending is no misspelling: no closest ids for it.
            known = unknown[0] in self.indicators
            near = "" if known else did_you_mean(unknown[0], items, n=3)
            raise FillError(
                f"framework {self.id!r} has nothing pending under {', '.join(map(repr, unknown))}"
                f"{f' ({near})' if near else ''}; what is pending: {listing}"
            )
        by_indicator: dict[str, dict[str, Quantity[Any]]] = {}
        for key, raw in values.items():
            item = items[key]
            try:
                value = parse_value(raw, item.unit)
            except UnitError as exc:
                raise UnitError(f"cannot fill {key!r}: {exc}") from None
            if isinstance(value, Pending):
                raise UnitError(
                    f"cannot fill {key!r} with {raw!r}: that is still pending; give a number"
                )
            by_indicator.setdefault(item.indicator, {})[key] = value
        results = []
        for result in self._results:
            if not any(i.id in by_indicator for i in result.indicators):
                results.append(result)
                continue
            indicators = tuple(
                _fill_indicator(i, by_indicator[i.id], self._pending_keys(i))
                if i.id in by_indicator
                else i
                for i in result.indicators
            )
            results.append(attrs.evolve(result, indicators=indicators))
        return attrs.evolve(self, results=tuple(results))

    def _pending_keys(self, indicator: Indicator) -> dict[str, tuple[str, int]]:
        return dict(_indicator_keys(indicator))


def _indicator_keys(indicator: Indicator) -> Iterator[tuple[str, tuple[str, int]]]:
    """Each pending key of an indicator with (field, index) of what it fills."""
    for n, baseline in enumerate(indicator.baselines):
        if isinstance(baseline.value, Pending):
            suffix = "" if len(indicator.baselines) == 1 else f":{n + 1}"
            yield f"{indicator.id}:baseline{suffix}", ("baseline", n)
    dues = [target.due for target in indicator.targets]
    for n, target in enumerate(indicator.targets):
        if isinstance(target.value, Pending):
            if len(indicator.targets) == 1:
                key = indicator.id
            elif target.due is not None and dues.count(target.due) == 1:
                key = f"{indicator.id}:target:{target.due.isoformat()}"
            else:
                key = f"{indicator.id}:target:{n + 1}"
            yield key, ("target", n)
    for n, parameter in enumerate(indicator.parameters):
        if isinstance(parameter.value, Pending):
            yield f"{indicator.id}:{parameter.id}", ("parameter", n)


def _pending_items(framework: Framework) -> Iterator[PendingItem]:
    for result in framework:
        for indicator in result.indicators:
            for key, (field, n) in _indicator_keys(indicator):
                if field == "baseline":
                    value = indicator.baselines[n].value
                    due = None
                elif field == "target":
                    target = indicator.targets[n]
                    assert isinstance(target.value, Pending)
                    value = target.value
                    due = target.due
                else:
                    value = indicator.parameters[n].value
                    due = None
                assert isinstance(value, Pending)
                unit = (
                    value.unit
                    if value.unit is not None
                    else (indicator.unit if field != "parameter" else None)
                )
                yield PendingItem(key, result.id, indicator.id, field, value.text, unit, due)


def _fill_indicator(
    indicator: Indicator, values: Mapping[str, Quantity[Any]], places: Mapping[str, tuple[str, int]]
) -> Indicator:
    baselines = list(indicator.baselines)
    targets = list(indicator.targets)
    parameters = list(indicator.parameters)
    for key, value in values.items():
        field, n = places[key]
        if field == "baseline":
            baselines[n] = attrs.evolve(baselines[n], value=value)
        elif field == "target":
            targets[n] = attrs.evolve(targets[n], value=value)
        else:
            parameters[n] = attrs.evolve(parameters[n], value=value)
    return attrs.evolve(
        indicator, baselines=tuple(baselines), targets=tuple(targets), parameters=tuple(parameters)
    )


# --- whole-framework validation -------------------------------------------------------------


def _near(name: str, known: Iterable[str]) -> str:
    hint = did_you_mean(name, sorted(known))
    return f" ({hint})" if hint else ""


def _problems(fw: Framework) -> list[Problem]:
    problems: list[Problem] = []
    add = problems.append
    results = fw._results
    scheme = fw.levels

    if fw.start is not None and fw.end is not None and fw.end < fw.start:
        add(Problem("time-frame", f"the time frame ends ({fw.end}) before it starts ({fw.start})"))

    for rid in duplicates(r.id for r in results):
        add(Problem("duplicate-id", "two or more results have this id; give each its own", (rid,)))
    owners: dict[str, list[str]] = {}
    for r in results:
        for i in r.indicators:
            owners.setdefault(i.id, []).append(r.id)
    for iid, where in owners.items():
        if len(where) > 1:
            add(
                Problem(
                    "duplicate-id",
                    f"indicator id used on results {', '.join(where)}; give each indicator its own id",
                    (iid,),
                )
            )
    result_ids = {r.id for r in results}
    for iid in (i for i in owners if i in result_ids):  # in the framework's order, not a set's
        # One namespace: fill keys, observation files, explain ID and report[ID] name one thing.
        add(
            Problem(
                "duplicate-id",
                f"used both as a result id and as an indicator id; an id names one thing. Give "
                f"the indicator an id of its own ('{iid}.i') and keep the official code as a "
                f"reference of both: references=[Reference(vocabulary='SDG', code='{iid}')]",
                (iid,),
            )
        )
    for tid in duplicates(t.id for t in fw.themes):
        add(Problem("duplicate-id", "two themes have this id", (tid,)))
    for did in duplicates(d.id for d in fw.definitions):
        add(Problem("duplicate-id", "two definitions have this id", (did,)))
    for name in duplicates(u.name for u in fw.units):
        add(Problem("duplicate-unit", "the unit is declared twice; keep one", (name,)))

    theme_ids = {t.id for t in fw.themes}
    definition_ids = {d.id for d in fw.definitions}
    for r in results:
        if r.level not in scheme:
            add(
                Problem(
                    "unknown-level",
                    f"level {r.level!r} is not in the scheme {scheme.name!r}"
                    f"{_near(r.level, scheme.levels)} ({', '.join(scheme.levels)})",
                    (r.id,),
                )
            )
        for t in r.themes:
            if t not in theme_ids:
                add(
                    Problem(
                        "unknown-theme",
                        f"theme {t!r} is not one of the framework's themes{_near(t, theme_ids)}",
                        (r.id,),
                    )
                )
        for holder, refs in [(r.id, r.definitions)] + [(i.id, i.definitions) for i in r.indicators]:
            for d in refs:
                if d not in definition_ids:
                    add(
                        Problem(
                            "unknown-definition",
                            f"definition {d!r} is not one of the framework's definitions"
                            f"{_near(d, definition_ids)}",
                            (holder,),
                        )
                    )

    problems.extend(_derivation_problems(fw))
    problems.extend(_fiscal_problems(fw))
    nodes = result_ids.union(owners)
    problems.extend(partner_problems(fw.partners, fw.initiatives, nodes, fw.fiscal_year_end))
    problems.extend(link_problems(fw.initiatives, fw.indicators, fw.aligned_to, result_ids))
    levels = {r.id: r.level for r in results}
    seen_links: set[tuple[str, str]] = set()
    upward_broken = False
    for link in fw.links:
        pair = (link.child, link.parent)
        if pair in seen_links:
            add(Problem("duplicate-link", "this link is given twice; keep one", pair))
            continue
        seen_links.add(pair)
        missing = [x for x in pair if x not in levels]
        if missing:
            add(
                Problem(
                    "dangling-link",
                    f"link {link.child} → {link.parent} names {', '.join(map(repr, missing))}, "
                    "which is not a result of the framework; add the result or remove the link",
                    pair,
                )
            )
            continue
        if link.child == link.parent:
            add(Problem("self-link", "a result cannot contribute to itself", pair))
            upward_broken = True
            continue
        child_level, parent_level = levels[link.child], levels[link.parent]
        if (
            child_level in scheme
            and parent_level in scheme
            and not scheme.is_above(parent_level, child_level)
        ):
            upward_broken = True
            add(
                Problem(
                    "link-not-upward",
                    f"link {link.child} ({child_level}) → {link.parent} ({parent_level}) does not go "
                    f"upward in the scheme {' > '.join(scheme.levels)}; a result contributes only to a "
                    "higher level",
                    pair,
                )
            )
        elif child_level not in scheme or parent_level not in scheme:
            upward_broken = True
    if upward_broken:
        # Links that all go upward cannot form a cycle; only look when one does not.
        problems.extend(_cycles(seen_links, levels))
    return problems


def _derivation_problems(fw: Framework) -> list[Problem]:
    indicators = {i.id: i for r in fw._results for i in r.indicators}
    problems = []
    for indicator in indicators.values():
        derivation = indicator.derivation
        if derivation is None:
            continue
        for ref in (*derivation.of, *((derivation.weight,) if derivation.weight else ())):
            if ref == indicator.id:
                problems.append(
                    Problem(
                        "derivation", "an indicator cannot be derived from itself", (indicator.id,)
                    )
                )
            elif ref not in indicators:
                problems.append(
                    Problem(
                        "derivation",
                        f"derived from {ref!r}, which is not an indicator of the framework",
                        (indicator.id,),
                    )
                )
            elif ref in derivation.of and indicators[ref].derivation is not None:
                problems.append(
                    Problem(
                        "derivation",
                        f"combines {ref!r}, which is itself derived; combine indicators with "
                        "unit-level observations",
                        (indicator.id,),
                    )
                )
    return problems


def _fiscal_problems(fw: Framework) -> list[Problem]:
    """Fiscal-year periods ("FY2020") that are not the framework's fiscal years."""
    holders: list[tuple[str, list[Period | None]]] = [(fw.id, [e.period for e in fw.history])]
    for i in fw.indicators.values():
        periods: list[Period | None] = [b.period for b in i.baselines]
        periods += [r.baseline.period for r in i.baseline_revisions]
        holders.append((i.id, [*periods, *(p.period for p in i.periods)]))
    return [
        Problem("fiscal-year", message, (holder,))
        for holder, periods in holders
        for period in periods
        if period is not None and (message := fiscal_mismatch(period, fw.fiscal_year_end))
    ]


def _cycles(pairs: Iterable[tuple[str, str]], levels: Mapping[str, str]) -> list[Problem]:
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_edges_from((c, p) for c, p in pairs if c in levels and p in levels and c != p)
    problems = []
    components = sorted(
        (sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1),
        key=lambda c: c[0],
    )
    for component in components:
        cycle = nx.find_cycle(graph.subgraph(component), source=component[0])
        nodes = [edge[0] for edge in cycle]
        path = " → ".join([*nodes, nodes[0]])
        problems.append(
            Problem("cycle", f"the links form a cycle: {path}; remove one of them", tuple(nodes))
        )
    return problems
