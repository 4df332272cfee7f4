"""Write a framework in a few readable lines: nested dicts with shorthand texts.

:func:`build` reads a *spec* — plain dicts, lists and texts, as one writes them in a notebook —
into a :class:`~resultsframe.Framework`, validated like any other::

    fw = resultsframe.build({
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
                        "unit": "% of countries",
                        "baseline": "40 % in 2019",
                        "target": "80 % by 2025-12-31",
                    },
                },
            },
            "o1": {"level": "outcome", "statement": "Laws are in place",
                   "contributes_to": ["goal"]},
        },
    })

The spec
--------

The framework: ``id`` and ``title`` (required); ``results``; ``levels``; ``start`` and ``end``
(``"YYYY-MM-DD"``); ``description``; ``implementers``, ``aims`` and ``notes`` (a text or a list);
``themes`` (``{id: name}``); ``definitions`` (``{id: text}``); ``units``, the counting units
it declares, read before its indicators (``["ward", "facility"]``, ``{"ward": "wards"}`` with
the plural, or ``[{"name": "ward", "plural": "wards"}]``); ``partners`` and ``initiatives``
(``{id: {"name": …, "kind": "ngo"}}`` or a list of dicts with an ``"id"``; an initiative's
``funding`` as ``{"amount": 250000, "currency": "USD"}``).

A result, under its id in ``results`` (or in a list, with an ``"id"``): ``level`` and
``statement`` (required); ``indicators``; ``contributes_to``; ``description``; ``themes`` and
``definitions`` (ids); ``comments`` (texts); ``aggregation`` (``"mean"``, ``"minimum"``,
``"all_of"``).

An indicator, under its id in ``indicators`` (or in a list, with an ``"id"``): ``name``
(required); ``unit``; ``measure``; ``universe`` (a counting unit: ``"country"``);
``direction`` (``"increase"``, ``"decrease"``);
``baseline`` or ``baselines``; ``target`` or ``targets``; ``weight``; ``description``;
``source``; ``verification``; ``definitions``; ``comments``; ``parameters``
(``{id: value}`` or ``{id: {"name": …, "value": …}}``).

Every other field of the model's classes may be given too, as the model's own objects
(``"references": [Reference(…)]``); any value may be a model object (a
:class:`~resultsframe.Target`, a :class:`~resultsframe.levels.LevelScheme` …).

Shorthand texts
---------------

==================================  ================================================================
``"levels": "logframe"``            a built-in level scheme by name
                                    (:data:`resultsframe.levels.SCHEMES`)
``"levels": "goal > output"``       levels of your own, top first (also a list: ``["goal",
                                    "output"]``)
``"unit": "% of countries"``        percent, a share of the universe ``country`` (also
                                    ``"universe": "country"``)
``"unit": "%"``                     percent; the indicator is a share unless ``measure`` says
                                    otherwise
``"80 %"``, ``80``, ``"12 cases"``  a value; a bare number is in the indicator's unit
``"XX%"``, ``"TBD"``, ``"XX"``      a pending value: not known yet, kept with its text and unit
                                    (``"XX cases"`` is pending in cases); also ``"pending: …"``
``"baseline + 3"``, ``"+3 pp"``     a change from the baseline in the indicator's unit
                                    (``"+3"``, ``"+3 points"``)
``"+30 % relative"``, ``"×1.3"``    30 % more than the baseline; ``"+30 %"`` too, with an
                                    :class:`~resultsframe.AmbiguousChangeWarning` on a percent
                                    indicator
``"80 % by 2025-12-31"``            a target due on that day; ``by 2025``, ``by 2025-06`` and
                                    ``by FY2025`` mean the last day of the year, month or fiscal
                                    year
``"40 % in 2019"``                  a baseline measured in that period (``2019``, ``2019-06``,
                                    ``2019-06-30``, ``2018-07/2019-06`` or ``FY2019`` with a
                                    ``"fiscal_year_end"``)
``"N/A"`` as a baseline             a baseline not available yet: pending, like ``"TBD"``
``"contributes_to": "goal"``        one parent; a list for several; ``{"goal": 2}`` with link
                                    weights
==================================  ================================================================

Baselines and targets are read with :mod:`resultsframe.grammar`, the grammar of the logframe
table's cells too; the documentation's *Concepts* page lists every form ("Values as people
write them"). A target or baseline may also be a dict of its fields (``{"value": "80 %", "due":
"2025-12-31", "comments": […]}``), and a comment a :class:`~resultsframe.model.Comment`.

Errors
------

A spec that cannot be read raises :class:`~resultsframe.DocumentError`, listing every problem
at its place, written as a JSON path (``$.results.goal.indicators["goal.a"].target``). A
framework that breaks the model's rules (a link that does not go upward, a cycle, a level the
scheme does not have) raises :class:`~resultsframe.ValidationError`, each problem naming its
place in the spec first.

The package: :func:`build` here; ``reader`` reads a spec's parts into the model's objects, and
``shorthand`` holds the grammar of the shorthand texts above.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resultsframe.builder.limits import check_spec
from resultsframe.builder.reader import SpecReader
from resultsframe.document.values import message
from resultsframe.exceptions import DocumentError, Problem, ValidationError
from resultsframe.framework import Framework
from resultsframe.periods import fiscal_years

__all__ = ["build"]


def build(spec: Mapping[str, Any], *, source: str = "spec") -> Framework:
    """A framework from a spec of nested dicts: see the module's description for the spec.

    Args:
        spec: The framework as dicts, lists and shorthand texts.
        source: What to call the spec in error messages.

    Raises:
        DocumentError: listing every place of the spec that cannot be read, each with its
            JSON path (``$.results.o1.level``) and what was expected; also numbers a document
            cannot hold (beyond ±(2**53 - 1), or not finite) and dicts and lists nested more than
            :data:`~resultsframe.builder.limits.MAX_SPEC_DEPTH` deep.
        ValidationError: if the framework breaks the model's rules; each problem names its
            place in the spec.

    >>> import resultsframe
    >>> fw = resultsframe.build({
    ...     "id": "demo",
    ...     "title": "Demo",
    ...     "results": {
    ...         "goal": {
    ...             "level": "impact",
    ...             "statement": "Children are safe online",
    ...             "indicators": {
    ...                 "goal.a": {
    ...                     "name": "countries with legislation",
    ...                     "unit": "% of countries",
    ...                     "baseline": "40 % in 2019",
    ...                     "target": "80 % by 2025-12-31",
    ...                 },
    ...             },
    ...         },
    ...         "o1": {"level": "outcome", "statement": "Laws", "contributes_to": "goal"},
    ...     },
    ... })
    >>> fw
    <Framework demo: 2 results, 1 link>
    >>> fw.indicators["goal.a"]
    <Indicator goal.a [percent] → 80 percent>
    """
    check_spec(spec).raise_document_error(source)
    reader = SpecReader()
    # Periods and dates written as fiscal years ("40 % in FY2019") read with the spec's year end.
    year_end = spec.get("fiscal_year_end") if isinstance(spec, Mapping) else None
    with fiscal_years(year_end if isinstance(year_end, str) else None):
        fields = reader.framework(spec)
    reader.problems.raise_document_error(source)
    try:
        return Framework(**fields)
    except ValidationError as exc:
        if not exc.subject.startswith("framework '"):
            # One of the framework's own fields, refused on its own.
            raise DocumentError(
                [
                    Problem(
                        "invalid",
                        message(exc).removeprefix("Framework: "),
                        (reader.field_path("$", Framework, exc),),
                    )
                ],
                source=source,
            ) from None
        raise reader.with_places(exc, source) from None
