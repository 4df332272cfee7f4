"""Variants of a framework: another target, another weight, a result or a link more or less.

These are methods of :class:`~resultsframe.Framework` (which inherits them from
:class:`Variants`, kept here apart from the class's structure and validation): each returns a
new framework, validated like any other, and leaves the framework it was called on as it is, so
they chain: ``fw.with_target("T1.a", "95 %").with_weight("T1.a", 2)``. Compare two variants
with :func:`resultsframe.diff`.

An id the framework does not have raises :class:`~resultsframe.UnknownIdError`, whose message
names the closest id and the ids it has. A variant that breaks the model's rules (a link that
does not go upward, a cycle, an indicator elsewhere derived from one that was removed) raises
the framework's own :class:`~resultsframe.ValidationError`; a value whose unit does not fit
raises :class:`~resultsframe.UnitError`.

:meth:`~Variants.revise_target` is the one to use when a target that was agreed is changed: it
keeps the earlier target in :attr:`Indicator.revisions <resultsframe.Indicator.revisions>`,
with the day and the reason, so that what was promised before is never erased.
:meth:`~Variants.with_target` makes a variant for comparison and keeps no history.
:meth:`~Variants.revise_baseline` does the same for a baseline that was re-measured or
corrected: the earlier one stays in :attr:`Indicator.baseline_revisions
<resultsframe.Indicator.baseline_revisions>`.

>>> import resultsframe
>>> fw = resultsframe.examples.load("cop")
>>> fw.with_target("T1.a", "95 %").indicators["T1.a"].target.value
<Quantity(95, 'percent')>
>>> fw.indicators["T1.a"].target.value
<Quantity(90, 'percent')>
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, cast

import attrs

from resultsframe.exceptions import Problem, UnknownIdError, ValidationError, did_you_mean
from resultsframe.model import (
    Baseline,
    BaselineRevision,
    Indicator,
    Link,
    Measure,
    Result,
    Target,
    TargetRevision,
)
from resultsframe.model.checks import _to_date
from resultsframe.periods import Period
from resultsframe.units import Quantity
from resultsframe.values import Pending

if TYPE_CHECKING:
    # Framework inherits Variants: its module imports this one, never the reverse at run time.
    from resultsframe.framework import Framework

__all__ = ["TargetValue", "Variants"]

#: What a target may be given as: a quantity, a pending value, a number in the indicator's
#: unit, or a text such as ``"95 %"`` or ``"XX%"``.
TargetValue = Quantity[Any] | Pending | int | float | str

# How many ids an error message lists before it only counts the rest.
_LISTED = 12


class Variants:
    """The methods by which a :class:`~resultsframe.Framework` makes variants of itself.

    :class:`~resultsframe.Framework` inherits them; they live here, apart from the class's
    structure and validation. Each returns a new framework, validated like any other.
    """

    __slots__ = ()

    def with_target(
        self,
        indicator_id: str,
        value: TargetValue,
        due: date | str | None = None,
    ) -> Framework:
        """A variant in which an indicator's final target is ``value``.

        The final target keeps its other fields (its due date unless ``due`` is given, its
        comments, dimensions …); its published ``text`` is dropped, since it no longer says the
        value. Earlier milestones are kept. A monitoring indicator (no target) gets one. No history
        is kept: to record that an agreed target changed, use :meth:`revise_target`.

        Args:
            indicator_id: The indicator's id.
            value: ``"95 %"``, ``95`` (in the indicator's unit), a quantity, or ``"XX%"`` (pending).
                For a qualitative indicator, a text is kept as the target's text.
            due: A new due date (``date`` or ``"YYYY-MM-DD"``); by default the target's own.

        Raises:
            UnknownIdError: if the framework has no such indicator.
            UnitError: if the value cannot be read or its unit does not fit the indicator's.
            ValidationError: if the due date is not a date, or comes before an earlier milestone's.

        >>> import resultsframe
        >>> fw = resultsframe.examples.load("cop").with_target("T3.a", "60 %", due="2019-12-31")
        >>> fw.indicators["T3.a"].target
        Target(value=<Quantity(60, 'percent')>, due=datetime.date(2019, 12, 31), ...)
        """
        framework = cast("Framework", self)
        indicator = _indicator(framework, indicator_id)
        return _with_indicator(
            framework, attrs.evolve(indicator, targets=_new_targets(indicator, value, due))
        )

    def revise_target(
        self,
        indicator_id: str,
        value: TargetValue,
        *,
        reason: str,
        on: date | str,
        due: date | str | None = None,
    ) -> Framework:
        """A framework in which an indicator's final target is revised, keeping the earlier one.

        The final target becomes ``value`` (as with :meth:`with_target`), and the target it
        replaces is added, whole, to the indicator's :attr:`~resultsframe.Indicator.revisions` as a
        :class:`~resultsframe.model.TargetRevision` with ``on`` and ``reason``. Revising a target
        never erases what was promised before: documents, :meth:`explain
        <resultsframe.progress.IndicatorProgress.explain>` and :func:`resultsframe.diff` show the
        earlier targets.

        Args:
            indicator_id: The indicator's id.
            value: The new target (see :meth:`with_target`).
            reason: Why it was revised (a non-empty text).
            on: The day it was revised (``date`` or ``"YYYY-MM-DD"``); not before the indicator's
                last revision.
            due: A new due date; by default the target's own.

        Raises:
            UnknownIdError: if the framework has no such indicator.
            ValidationError: if the indicator has no target to revise, the reason is empty, or
                ``on`` is not a date or comes before the last revision.
            UnitError: if the value cannot be read or its unit does not fit the indicator's.

        >>> import resultsframe
        >>> fw = resultsframe.examples.load("cop").revise_target(
        ...     "T1.a", "95 %", reason="Raised at the mid-term review", on="2018-06-30"
        ... )
        >>> [(str(r.target.value), r.revised_on.isoformat()) for r in fw.indicators["T1.a"].revisions]
        [('90 percent', '2018-06-30')]
        """
        framework = cast("Framework", self)
        indicator = _indicator(framework, indicator_id)
        final = indicator.target
        if final is None:
            raise _invalid(
                framework,
                "no-target",
                "has no target to revise (it is a monitoring indicator); set one with with_target",
                indicator_id,
            )
        day = _to_date(on)
        last = indicator.revisions[-1].revised_on if indicator.revisions else None
        if day is not None and last is not None and day < last:
            raise _invalid(
                framework,
                "revision-order",
                f"cannot be revised on {day.isoformat()}: its last revision was on "
                f"{last.isoformat()}, and revisions are kept in the order they were made",
                indicator_id,
            )
        revisions: tuple[TargetRevision, ...] = (
            *indicator.revisions,
            TargetRevision(final, day, reason),
        )
        revised = attrs.evolve(
            indicator, targets=_new_targets(indicator, value, due), revisions=revisions
        )
        return _with_indicator(framework, revised)

    def revise_baseline(
        self,
        indicator_id: str,
        baseline: Baseline | TargetValue,
        *,
        reason: str,
        on: date | str,
        period: Period | str | None = None,
    ) -> Framework:
        """A framework in which an indicator's baseline is revised, keeping the earlier one.

        The baseline for the whole indicator (:attr:`Indicator.baseline
        <resultsframe.Indicator.baseline>`) becomes ``baseline``, and the one it replaces is
        added, whole, to :attr:`~resultsframe.Indicator.baseline_revisions` as a
        :class:`~resultsframe.model.BaselineRevision` with ``on`` and ``reason``. Documents,
        :meth:`explain <resultsframe.progress.IndicatorProgress.explain>` and
        :func:`resultsframe.diff` show the earlier baselines. Progress is measured from the new
        one. An indicator with no declared baseline (one taken from the observations) gets
        ``baseline``, and the earlier one is kept as an empty :class:`~resultsframe.Baseline`:
        none was declared.

        Args:
            indicator_id: The indicator's id.
            baseline: A :class:`~resultsframe.Baseline`, replacing the old one whole; or its new
                value (``"45 %"``, ``45`` in the indicator's unit, a quantity, ``"N/A"``), which
                keeps the old baseline's other fields (its period unless ``period`` is given);
                its published ``text`` is dropped, since it no longer says the value.
            reason: Why it was revised (a non-empty text).
            on: The day it was revised; not before the indicator's last baseline revision.
            period: When the new value was measured (``"2017"``, ``"FY2017"``), with a value.

        Raises:
            UnknownIdError: if the framework has no such indicator.
            ValidationError: if the reason is empty, or ``on`` is not a date or comes before
                the last baseline revision.
            UnitError: if the value cannot be read or its unit does not fit the indicator's.

        >>> import resultsframe
        >>> fw = resultsframe.examples.load("cop").revise_baseline(
        ...     "T1.a", "75 %", period="2015", reason="Recounted in 2016", on="2016-06-30"
        ... ).revise_baseline("T1.a", "74 %", reason="Two reports withdrawn", on="2017-03-01")
        >>> fw.indicators["T1.a"].baseline.value, fw.indicators["T1.a"].baseline.period.text
        (<Quantity(74, 'percent')>, '2015')
        >>> [(str(r.baseline.value), r.reason) for r in fw.indicators["T1.a"].baseline_revisions]
        [('None', 'Recounted in 2016'), ('75 percent', 'Two reports withdrawn')]
        """
        framework = cast("Framework", self)
        indicator = _indicator(framework, indicator_id)
        old = indicator.baseline
        day = _to_date(on)
        kept = indicator.baseline_revisions
        last = kept[-1].revised_on if kept else None
        if day is not None and last is not None and day < last:
            raise _invalid(
                framework,
                "revision-order",
                f"cannot have its baseline revised on {day.isoformat()}: its last baseline "
                f"revision was on {last.isoformat()}, and revisions are kept in the order they "
                "were made",
                indicator_id,
            )
        if isinstance(baseline, Baseline):
            new = baseline
        else:
            fields: dict[str, Any] = {"value": baseline, "text": None}
            if isinstance(period, str):
                period = Period.parse(period, fiscal_year_end=framework.fiscal_year_end)
            if period is not None:
                fields["period"] = period
            new = attrs.evolve(old, **fields) if old is not None else Baseline(**fields)
        if old is None:
            # None was declared (it came from the observations): that is what is kept.
            old, baselines = Baseline(), (new, *indicator.baselines)
        else:
            baselines = tuple(new if b is old else b for b in indicator.baselines)
        revised = attrs.evolve(
            indicator,
            baselines=baselines,
            baseline_revisions=(*kept, BaselineRevision(old, day, reason)),
        )
        return _with_indicator(framework, revised)

    def with_weight(self, of: str | tuple[str, str], weight: float) -> Framework:
        """A variant in which an indicator or a link weighs ``weight`` in the roll-up.

        Args:
            of: An indicator's id (``"T1.a"``): its weight in its result's progress; or a link as
                ``(child, parent)`` (``("T1", "O1")``): the child's weight in the parent's progress.
                A result has no weight of its own; it has one on each link to a parent.
            weight: A positive finite number.

        Raises:
            UnknownIdError: if there is no such indicator or link.
            ValidationError: if the weight is not a positive finite number.

        >>> import resultsframe
        >>> fw = resultsframe.examples.load("cop")
        >>> fw.with_weight(("T1", "O1"), 2).graph.edges["T1", "O1"]["weight"]
        2
        >>> fw.with_weight("T1.a", 3).indicators["T1.a"].weight
        3
        """
        framework = cast("Framework", self)
        if isinstance(of, str):
            if of not in framework.indicators and of in framework.results:
                parents = framework.parents(of)
                example = f"({of!r}, {parents[0]!r})" if parents else "(child, parent)"
                raise UnknownIdError(
                    f"framework {framework.id!r} has no indicator {of!r}: {of!r} is a result, whose "
                    f"weight is on its links to the results it contributes to; give the link as "
                    f"{example}"
                )
            indicator = _indicator(framework, of)
            return _with_indicator(framework, attrs.evolve(indicator, weight=weight))
        child, parent = _pair(of)
        found = _link(framework, child, parent)
        links = tuple(attrs.evolve(x, weight=weight) if x is found else x for x in framework.links)
        return attrs.evolve(framework, links=links)

    def with_indicator(self, result_id: str, indicator: Indicator) -> Framework:
        """A variant in which a result has ``indicator``: added, or replacing the one with its id.

        A replaced indicator keeps its place among the result's indicators; a new one comes last.
        The indicator replaces the old one whole, its revisions included: to change one field and
        keep the rest, evolve the old one (``attrs.evolve(fw.indicators["T1.a"], name=…)``).

        Args:
            result_id: The result the indicator belongs to.
            indicator: The indicator.

        Raises:
            UnknownIdError: if the framework has no such result.
            ValidationError: if the indicator's id belongs to another result or is a result's id,
                or the new framework breaks another rule (a derivation from an unknown indicator).
            TypeError: if ``indicator`` is not an :class:`~resultsframe.Indicator`.

        >>> import resultsframe
        >>> fw = resultsframe.examples.load("cop")
        >>> stricter = resultsframe.Indicator("T1.b", "countries with sufficient legislation", unit="%")
        >>> fw.with_indicator("T1", stricter).results["T1"].indicators[-1]
        <Indicator T1.b [percent]>
        """
        framework = cast("Framework", self)
        if not isinstance(indicator, Indicator):
            raise TypeError(
                f"with_indicator takes an Indicator, got {type(indicator).__name__}; build one with "
                "resultsframe.Indicator(id, name, …)"
            )
        result = _result(framework, result_id)
        if indicator.id in framework.indicators:
            owner = framework.result_of(indicator.id).id
            if owner != result_id:
                raise _invalid(
                    framework,
                    "duplicate-id",
                    f"belongs to result {owner!r}; replace it there (with_indicator({owner!r}, …)) "
                    "or give the new indicator another id",
                    indicator.id,
                )
        ids = [i.id for i in result.indicators]
        if indicator.id in ids:
            indicators = tuple(indicator if i.id == indicator.id else i for i in result.indicators)
        else:
            indicators = (*result.indicators, indicator)
        return _with_result(framework, attrs.evolve(result, indicators=indicators))

    def with_result(
        self,
        result: Result,
        contributes_to: str | Iterable[str] = (),
        weight: float = 1,
    ) -> Framework:
        """A variant with one more result, linked to the results it contributes to.

        Args:
            result: The new result; it comes last in the framework's order.
            contributes_to: The id, or ids, of the results it contributes to (higher levels).
            weight: The weight of each of those links.

        Raises:
            UnknownIdError: if a result it contributes to does not exist.
            ValidationError: if the framework already has a result with its id, or the new
                framework breaks another rule (a link that does not go upward, a level the scheme
                does not have, an indicator id that is taken).
            TypeError: if ``result`` is not a :class:`~resultsframe.Result`.

        >>> import resultsframe
        >>> fw = resultsframe.examples.load("cop")
        >>> more = fw.with_result(
        ...     resultsframe.Result("P1.3", "output", "Judges are trained"), contributes_to="T1"
        ... )
        >>> more.parents("P1.3")
        ('T1',)
        """
        framework = cast("Framework", self)
        if not isinstance(result, Result):
            raise TypeError(
                f"with_result takes a Result, got {type(result).__name__}; build one with "
                "resultsframe.Result(id, level, statement)"
            )
        if result.id in framework.results:
            raise _invalid(
                framework,
                "duplicate-id",
                "the framework already has a result with this id; remove it first "
                "(without_result) or give the new result another id",
                result.id,
            )
        parents = (contributes_to,) if isinstance(contributes_to, str) else tuple(contributes_to)
        for parent in parents:
            _result(framework, parent)
        links = (*framework.links, *(Link(result.id, parent, weight) for parent in parents))
        return attrs.evolve(framework, results=(*framework, result), links=links)

    def without_result(self, result_id: str) -> Framework:
        """A variant without a result, its indicators and every link to or from it.

        Results that contributed only to the removed one stay, and now contribute to nothing: they
        become tops of the framework (see :meth:`~resultsframe.Framework.roots`). Remove them too,
        or link them elsewhere with :meth:`with_link`, if that is not what you want. Results it
        contributed to lose one input. Initiatives that contributed to it or to its indicators
        stay, and no longer name them in ``contributes_to`` nor map onto them; an alignment
        the result made (``impact``) stays, without it.

        Args:
            result_id: The result to remove.

        Raises:
            UnknownIdError: if the framework has no such result.
            ValidationError: if an indicator elsewhere is derived from one of its indicators.

        >>> import resultsframe
        >>> fw = resultsframe.examples.load("cop").without_result("O1")
        >>> "O1" in fw.results, fw.roots()
        (False, ('impact', 'T1'))
        """
        framework = cast("Framework", self)
        gone = {result_id, *(i.id for i in _result(framework, result_id).indicators)}
        return attrs.evolve(
            framework,
            results=tuple(r for r in framework if r.id != result_id),
            links=tuple(x for x in framework.links if result_id not in (x.child, x.parent)),
            initiatives=tuple(
                attrs.evolve(
                    i,
                    contributes_to=tuple(c for c in i.contributes_to if c not in gone),
                    mappings=tuple(m for m in i.mappings if m.target not in gone),
                )
                if gone.intersection(i.contributes_to) or any(m.target in gone for m in i.mappings)
                else i
                for i in framework.initiatives
            ),
            aligned_to=tuple(
                attrs.evolve(a, impact=None) if a.impact == result_id else a
                for a in framework.aligned_to
            ),
        )

    def with_link(self, child: str, parent: str, weight: float = 1) -> Framework:
        """A variant in which ``child`` also contributes to ``parent``.

        Args:
            child: The contributing result's id.
            parent: The id of the result on a higher level it contributes to.
            weight: The child's weight in the parent's progress.

        Raises:
            UnknownIdError: if either result does not exist.
            ValidationError: if the link exists already, does not go upward in the level scheme,
                or would close a cycle.

        >>> import resultsframe
        >>> fw = resultsframe.examples.load("cop").with_link("P2.6", "T3")
        >>> fw.parents("P2.6")
        ('T2', 'T3')
        """
        framework = cast("Framework", self)
        _result(framework, child)
        _result(framework, parent)
        for existing in framework.links:
            if (existing.child, existing.parent) == (child, parent):
                raise _invalid(
                    framework,
                    "duplicate-link",
                    f"{child} already contributes to {parent} (weight {existing.weight:g}); change "
                    f"its weight with with_weight(({child!r}, {parent!r}), …)",
                    child,
                    parent,
                )
        return attrs.evolve(framework, links=(*framework.links, Link(child, parent, weight)))

    def without_link(self, child: str, parent: str) -> Framework:
        """A variant in which ``child`` no longer contributes to ``parent``.

        Both results stay; a child left with no parent becomes a top of the framework.

        Raises:
            UnknownIdError: if either result does not exist, or there is no such link; the message
                names the results ``child`` contributes to.

        >>> import resultsframe
        >>> fw = resultsframe.examples.load("cop").without_link("T1", "O1")
        >>> fw.parents("T1")
        ()
        """
        framework = cast("Framework", self)
        found = _link(framework, child, parent)
        return attrs.evolve(framework, links=tuple(x for x in framework.links if x is not found))


def _new_targets(
    indicator: Indicator, value: TargetValue, due: date | str | None
) -> tuple[Target, ...]:
    """The indicator's targets with the final one set to ``value`` (and ``due``)."""
    if indicator.measure is Measure.QUALITATIVE and isinstance(value, str):
        fields: dict[str, Any] = {"value": None, "text": value}
    else:
        fields = {"value": value, "text": None}
    if due is not None:
        fields["due"] = due
    n = indicator.final_index
    if n is None:
        return (*indicator.targets, Target(**fields))
    targets = list(indicator.targets)
    targets[n] = attrs.evolve(targets[n], **fields)
    return tuple(targets)


def _with_indicator(framework: Framework, indicator: Indicator) -> Framework:
    """The framework with ``indicator`` in place of the one with its id."""
    result = framework.result_of(indicator.id)
    indicators = tuple(indicator if i.id == indicator.id else i for i in result.indicators)
    return _with_result(framework, attrs.evolve(result, indicators=indicators))


def _with_result(framework: Framework, result: Result) -> Framework:
    """The framework with ``result`` in place of the one with its id."""
    return attrs.evolve(
        framework, results=tuple(result if r.id == result.id else r for r in framework)
    )


def _indicator(framework: Framework, indicator_id: str) -> Indicator:
    indicator = framework.indicators.get(indicator_id)
    if indicator is None:
        raise UnknownIdError(_unknown(framework, "indicator", indicator_id, framework.indicators))
    return indicator


def _result(framework: Framework, result_id: str) -> Result:
    result = framework.results.get(result_id)
    if result is None:
        raise UnknownIdError(_unknown(framework, "result", result_id, framework.results))
    return result


def _pair(of: object) -> tuple[str, str]:
    if isinstance(of, tuple) and len(of) == 2 and isinstance(of[0], str) and isinstance(of[1], str):
        return of[0], of[1]
    raise TypeError(
        f'with_weight takes an indicator id ("T1.a") or a link as (child, parent) '
        f'(("T1", "O1")), got {of!r}'
    )


def _link(framework: Framework, child: str, parent: str) -> Link:
    _result(framework, child)
    _result(framework, parent)
    for existing in framework.links:
        if (existing.child, existing.parent) == (child, parent):
            return existing
    parents = framework.parents(child)
    listing = ", ".join(parents) if parents else "nothing"
    raise UnknownIdError(
        f"framework {framework.id!r} has no link {child} → {parent}; {child} contributes to: "
        f"{listing}"
    )


def _unknown(framework: Framework, what: str, wanted: object, known: Collection[str]) -> str:
    """A message for an unknown id: the closest ids, and those the framework has."""
    near = did_you_mean(wanted, known)
    hint = f"{near} " if near else ""
    names = list(known)
    if not names:
        return f"framework {framework.id!r} has no {what} {wanted!r}; it has no {what}s"
    listing = ", ".join(names[:_LISTED])
    if len(names) > _LISTED:
        listing += f" … ({len(names)} in all)"
    return f"framework {framework.id!r} has no {what} {wanted!r}; {hint}its {what}s: {listing}"


def _invalid(framework: Framework, code: str, message: str, *where: str) -> ValidationError:
    return ValidationError([Problem(code, message, where)], subject=f"framework {framework.id!r}")
