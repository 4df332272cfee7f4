"""What differs between two frameworks: added, removed and changed, field by field.

:func:`diff` compares two frameworks — two variants made in a notebook, two versions of a file —
and returns a :class:`Differences`: a list of :class:`Difference` records that also turns itself
into a data frame (``to_pandas()``, ``to_polars()``: one row per difference, ``before`` and
``after`` as JSON texts). It compares:

- the framework's own fields (title, time frame, level scheme, themes, definitions …);
- results by id: added, removed, or with fields changed (statement, level, themes …);
- indicators by id, wherever they are: added, removed, moved to another result (the field
  ``result``), or with fields changed (targets, baselines, revisions, weight …);
- links by child and parent: added, removed, or with another weight;
- partners and initiatives by id: added, removed, or with fields changed (an initiative's
  partner, what it contributes to, its period, countries, funding …);
- the order of the results, of each result's indicators, of the links, partners and
  initiatives, when the items both frameworks have stand in another order (the fields ``order
  of results``, ``order of indicators``, ``order of links``, ``order of partners`` and ``order
  of initiatives``, whose values are the ids in order).

Values are JSON-ready and read as documents write them (:mod:`resultsframe.document`): a
quantity is ``{"value": 90, "unit": "percent"}``, a pending value keeps its text
(``{"pending": "XX%", "unit": "percent"}``), a date is ``"2020-12-31"``. A field that holds its
default is compared as that default (``null``, ``[]``, a weight of ``1``). A changed field is
reported at the deepest place where both sides still have the same shape: a changed target
value is the field ``targets[0].value``, a target added is the whole ``targets`` array.
Quantities, pending values and status methods are compared whole. An added or removed result
or indicator is given as its document holds it: a result without its indicators (each of them
is a difference of its own), an indicator with the id of its result first.

Two frameworks have no difference exactly when their documents hold the same values, numbers
compared by value (``90`` and ``90.0`` are the same; ``90 %`` and ``0.9`` are not, since the
documents say different things). The order of the list is deterministic: the framework first,
then results, indicators, links, partners and initiatives, each in the order of the first framework, then those only
the second one has, in its order.

>>> import resultsframe
>>> cop = resultsframe.examples.load("cop")
>>> variant = cop.revise_target("T1.a", "95 %", reason="Mid-term review", on="2018-06-30")
>>> for difference in resultsframe.diff(cop, variant):
...     print(difference)
changed indicator T1.a targets[0].value: {"value": 90, "unit": "percent"} → {"value": 95, "unit": "percent"}
changed indicator T1.a revisions: [] → [{"target": {"value": {"value": 90, "unit": "percent"}, "due": "2020-12-31"}, "revised_on": "2018-06-30", "reason": "Mid-term review"}]
"""

from __future__ import annotations

import enum
import json
import typing
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import attrs

from resultsframe import hooks
from resultsframe.document.convert import converter
from resultsframe.framework import Framework
from resultsframe.methods import Band, GrowthRatio, Trajectory
from resultsframe.model import Link, Result
from resultsframe.periods import Period
from resultsframe.values import Pending

__all__ = ["Difference", "Differences", "diff"]

#: What happened to the thing a :class:`Difference` is about.
ChangeKind = Literal["added", "removed", "changed"]
#: What a :class:`Difference` is about.
Subject = Literal["framework", "result", "indicator", "link", "partner", "initiative"]

# Written whole by the document layer's converter rather than field by field.
_WHOLE = (Period, Pending, Trajectory, Band, GrowthRatio)


def _is_whole(value: Any, kind: Any) -> bool:
    """Whether a value is written whole rather than field by field.

    Periods, status methods and values (quantities, pending values …) are; a field declares a
    value as a union with :class:`~resultsframe.Pending` in it.
    """
    return (
        not attrs.has(type(value)) or isinstance(value, _WHOLE) or Pending in typing.get_args(kind)
    )


@attrs.frozen
class Difference:
    """One difference between two frameworks.

    Attributes:
        change: ``"added"``, ``"removed"`` or ``"changed"``.
        kind: What it is about: ``"framework"``, ``"result"``, ``"indicator"``, ``"link"``,
            ``"partner"`` or ``"initiative"``.
        id: The framework's id (the first one's), the id of the result, indicator, partner or
            initiative, or a link as ``"child → parent"``.
        field: For a change, where: a field (``"statement"``), a place inside one
            (``"targets[0].value"``), ``"result"`` for an indicator that moved, or an
            ``"order of …"``; None for an addition or a removal.
        before: The value in the first framework, JSON-ready; None for an addition.
        after: The value in the second framework, JSON-ready; None for a removal.
    """

    change: ChangeKind
    kind: Subject
    id: str
    field: str | None = None
    before: Any = None
    after: Any = None

    def to_dict(self) -> dict[str, Any]:
        """The difference as a JSON-ready dict, with every key (null where it does not apply)."""
        return {
            "change": self.change,
            "kind": self.kind,
            "id": self.id,
            "field": self.field,
            "before": self.before,
            "after": self.after,
        }

    def __str__(self) -> str:
        where = f"{self.change} {self.kind} {self.id}"
        if self.change == "added":
            return f"{where}: {_text(self.after)}"
        if self.change == "removed":
            return f"{where}: {_text(self.before)}"
        return f"{where} {self.field}: {_text(self.before)} → {_text(self.after)}"


class Differences(list[Difference], hooks.Tabled):
    """The differences between two frameworks, in :func:`diff`'s order: a list with data frames.

    Each row of its frames is one :class:`Difference`: ``change``, ``kind``, ``id``, ``field``,
    and ``before`` and ``after`` as JSON texts (missing where they do not apply), since their
    values have every shape a document has.
    """

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per difference with ``before`` and ``after`` as JSON texts (or None).

        >>> import resultsframe
        >>> cop = resultsframe.examples.load("cop")
        >>> resultsframe.diff(cop, cop.without_link("T1", "O1")).to_records()[0]["after"] is None
        True
        """
        return [
            {
                **difference.to_dict(),
                "before": _json_text(difference.before, difference.change == "added"),
                "after": _json_text(difference.after, difference.change == "removed"),
            }
            for difference in self
        ]


def _json_text(value: Any, absent: bool) -> str | None:
    # A value of null that was there (a field set to None) is "null"; one that is not there
    # (the "before" of an addition) is missing.
    return None if absent else json.dumps(value, ensure_ascii=False)


def diff(a: Framework, b: Framework) -> Differences:
    """The differences that turn framework ``a`` into framework ``b``.

    Args:
        a: The first framework (the "before").
        b: The second framework (the "after").

    Returns:
        The differences, in a deterministic order; empty when the two write the same document
        (numbers compared by value). See the module's description for what is compared.

    >>> import resultsframe
    >>> cop = resultsframe.examples.load("cop")
    >>> resultsframe.diff(cop, cop)
    []
    >>> [str(d) for d in resultsframe.diff(cop, cop.without_link("T1", "O1"))]
    ['removed link T1 → O1: {"child": "T1", "parent": "O1"}']
    """
    converter()  # built once: it resolves the model's field types, which _walk follows
    out: list[Difference] = []
    out += _changed("framework", a.id, a, b, skip=("results", "links", *_RECORDS))
    out += _order("framework", a.id, "order of results", list(a.results), list(b.results))
    a_links = {(x.child, x.parent): x for x in a.links}
    b_links = {(x.child, x.parent): x for x in b.links}
    out += _order(
        "framework",
        a.id,
        "order of links",
        [list(pair) for pair in a_links],
        [list(pair) for pair in b_links],
    )
    for rid in _union(a.results, b.results):
        out += _result(rid, a.results.get(rid), b.results.get(rid))
    for iid in _union(a.indicators, b.indicators):
        out += _indicator(iid, a, b)
    for pair in _union(a_links, b_links):
        out += _link(f"{pair[0]} → {pair[1]}", a_links.get(pair), b_links.get(pair))
    for field, kind in _RECORDS.items():
        before = {x.id: x for x in getattr(a, field)}
        after = {x.id: x for x in getattr(b, field)}
        out += _order("framework", a.id, f"order of {field}", list(before), list(after))
        for key in _union(before, after):
            old, new = before.get(key), after.get(key)
            if old is None or new is None:
                out.append(_presence(kind, key, old, new, _document(old or new)))
            else:
                out += _changed(kind, key, old, new, skip=("id",))
    return Differences(out)


# The records a framework holds by id beyond results and indicators: field → kind.
_RECORDS: dict[str, Subject] = {"partners": "partner", "initiatives": "initiative"}


# --- each kind ------------------------------------------------------------------------------


def _result(rid: str, old: Result | None, new: Result | None) -> Iterator[Difference]:
    if old is None or new is None:
        yield _presence("result", rid, old, new, _document(old or new, skip=("indicators",)))
        return
    yield from _changed("result", rid, old, new, skip=("indicators",))
    yield from _order(
        "result",
        rid,
        "order of indicators",
        [i.id for i in old.indicators],
        [i.id for i in new.indicators],
    )


def _indicator(iid: str, a: Framework, b: Framework) -> Iterator[Difference]:
    old, new = a.indicators.get(iid), b.indicators.get(iid)
    if old is None or new is None:
        framework, indicator = (b, new) if old is None else (a, old)
        value = {"result": framework.result_of(iid).id, **_document(indicator)}
        yield _presence("indicator", iid, old, new, value)
        return
    before, after = a.result_of(iid).id, b.result_of(iid).id
    if before != after:
        yield Difference("changed", "indicator", iid, "result", before, after)
    yield from _changed("indicator", iid, old, new)


def _link(key: str, old: Link | None, new: Link | None) -> Iterator[Difference]:
    if old is None or new is None:
        yield _presence("link", key, old, new, _document(old or new))
        return
    yield from _changed("link", key, old, new, skip=("child", "parent"))


def _presence(kind: Subject, key: str, old: object, new: object, value: Any) -> Difference:
    if old is None:
        return Difference("added", kind, key, after=value)
    return Difference("removed", kind, key, before=value)


def _changed(
    kind: Subject, key: str, old: Any, new: Any, skip: tuple[str, ...] = ()
) -> Iterator[Difference]:
    """The fields of two objects of the same class that differ, each at its deepest place."""
    for field in attrs.fields(type(old)):
        if field.alias in skip:
            continue
        before, after = getattr(old, field.name), getattr(new, field.name)
        for place, value_before, value_after in _walk(before, after, field.type, field.alias):
            yield Difference("changed", kind, key, place, value_before, value_after)


def _order(
    kind: Subject, key: str, field: str, before: list[Any], after: list[Any]
) -> Iterator[Difference]:
    """A difference when the items both lists have stand in another order."""
    in_before = {json.dumps(x) for x in before}
    in_after = {json.dumps(x) for x in after}
    if [x for x in before if json.dumps(x) in in_after] != [
        x for x in after if json.dumps(x) in in_before
    ]:
        yield Difference("changed", kind, key, field, before, after)


def _walk(before: Any, after: Any, kind: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    """Where two values differ, down to the deepest place where their shapes agree.

    Values are compared as JSON with every default written out, so that a field left at its
    default compares equal to the default written out; they are given as documents write them.
    """
    # Variants share the objects they did not change: most comparisons stop at the first test.
    if before is after or _json(before, kind) == _json(after, kind):
        return
    if type(before) is type(after) and not _is_whole(before, kind):
        for field in attrs.fields(type(before)):
            yield from _walk(
                getattr(before, field.name),
                getattr(after, field.name),
                field.type,
                f"{path}.{field.alias}",
            )
    elif isinstance(before, tuple) and isinstance(after, tuple) and len(before) == len(after):
        item = typing.get_args(kind)[0]
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            yield from _walk(old, new, item, f"{path}[{index}]")
    else:
        yield path, _written(before, kind), _written(after, kind)


# --- values as documents write them ---------------------------------------------------------


def _json(value: Any, kind: Any) -> Any:
    """A value as JSON with every field written, defaults included: what comparisons use."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        item = typing.get_args(kind)[0]
        return [_json(x, item) for x in value]
    if not _is_whole(value, kind):
        return {
            field.alias: _json(getattr(value, field.name), field.type)
            for field in attrs.fields(type(value))
        }
    return converter().unstructure(value, kind)


def _written(value: Any, kind: Any) -> Any:
    """A value as a document writes it: objects without the fields that hold their default."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        item = typing.get_args(kind)[0]
        return [_written(x, item) for x in value]
    if not _is_whole(value, kind):
        return _document(value)
    return converter().unstructure(value, kind)


def _document(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A model object as a document writes it (fields that hold their default left out)."""
    written: dict[str, Any] = converter().unstructure(obj, type(obj))
    return {key: value for key, value in written.items() if key not in skip}


def _union(first: Iterable[Any], second: Iterable[Any]) -> list[Any]:
    """The keys of ``first`` in its order, then those only ``second`` has, in its order."""
    keys = dict.fromkeys(first)
    keys.update(dict.fromkeys(k for k in second if k not in keys))
    return list(keys)


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
