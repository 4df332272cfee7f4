"""Hypothesis strategies for valid frameworks, covering every field of the model.

:func:`frameworks` draws a framework that the model accepts: results on the levels of a built-in
or a custom level scheme, links that go upward (so the graph is a DAG) with weights, indicators
of every measure kind with units that fit them (counting units, percent, compound units, a
counting unit defined here), baselines, targets, reporting periods and actuals holding a
quantity, a pending value or nothing, with their published text, and everything else a
framework carries: comments, references, definitions, themes, history, narratives with
languages, dimensions, locations, document links, extensions, universes, parameters,
derivations and status methods.

Generation is kept fast: texts come mostly from a pool of awkward strings (quotes, escapes,
line separators, right-to-left text, emoji, NUL), and each object fills only a few of its
optional fields, chosen by one draw. Over a few hundred examples every field is filled many
times (``tests/test_document.py`` checks that it is).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

import attrs
from hypothesis import strategies as st

from resultsframe import Framework, Indicator, Result, Target
from resultsframe.document import MAX_SAFE_INTEGER
from resultsframe.levels import SCHEMES, LevelScheme
from resultsframe.methods import (
    Aggregation,
    Band,
    GrowthRatio,
    Missing,
    Rule,
    ShareOfUnits,
    Trajectory,
)
from resultsframe.model import (
    Accumulation,
    Actual,
    Baseline,
    BaselineRevision,
    Comment,
    Definition,
    Dimension,
    Direction,
    DocumentLink,
    Extension,
    Frequency,
    HistoryEvent,
    Link,
    Location,
    Measure,
    Narrative,
    Parameter,
    Reference,
    ReportingPeriod,
    TargetRevision,
    Theme,
    Universe,
)
from resultsframe.model.mappings import Alignment, MappingRule, rule_problem
from resultsframe.model.mappings import Mapping as IndicatorMapping
from resultsframe.model.partners import Funding, Initiative, Partner, PartnerKind
from resultsframe.periods import Period
from resultsframe.units import CountingUnit, define_counting_unit, parse_unit, registry
from resultsframe.values import Pending, Relative

__all__ = [
    "frameworks",
    "indicators",
    "level_schemes",
    "periods",
    "values",
]

# A counting unit of our own, to show that user-defined units travel through documents.
define_counting_unit("clinic", "clinics")

_TEXTS = (
    "",
    " ",
    "a",
    "Children’s right to protection",
    "60 %",
    'say "yes"',
    "back\\slash",
    "tab\tand\nnewline\r\n",
    "line\u2028separator\u2029",
    "nul\x00byte\x7f",
    "emoji 🙂 and 👩‍👩‍👧",
    "עברית ומילים",
    "漢字とかな",
    "e\u0301 combining",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "null",
    "NaN",
    "0.1",
    "</script>&amp;",
    "x" * 120,
)


#: Any text: one draw from the pool.
texts = st.sampled_from(_TEXTS)
#: A text with something other than spaces in it.
nonempty = st.sampled_from(tuple(t for t in _TEXTS if t.strip()))
#: Free text, for the few fields where Hypothesis' own texts add variety (statements, names).
free_texts = st.one_of(nonempty, st.text(min_size=1, max_size=8).filter(lambda s: s.strip() != ""))
maybe_texts = st.none() | texts
dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
maybe_dates = st.none() | dates
_ID_PREFIXES = ("r", "T1.", "O-", "é", "漢", "a/b#", "x_")


def few(elements: st.SearchStrategy[Any], max_size: int = 2) -> st.SearchStrategy[list[Any]]:
    """A short non-empty list: used only for fields that were chosen to be filled."""
    return st.lists(elements, min_size=1, max_size=max_size)


class _Richness:
    """Whether the framework being drawn fills every optional field of every object.

    Most frameworks fill a few fields of each object, which keeps them small; one in eight is
    drawn "rich", so that fields deep down (an actual's document links) are filled often.
    """

    rich = False


def _some(
    draw: st.DrawFn, optional: Mapping[str, st.SearchStrategy[Any]], most: int = 3
) -> dict[str, Any]:
    """Values for a few of the optional fields, chosen with one draw (all of them when rich)."""
    names = tuple(sorted(optional))
    chosen = names if _Richness.rich else draw(_chooser(names, most))
    return {name: draw(optional[name]) for name in chosen}


@cache
def _chooser(names: tuple[str, ...], most: int) -> st.SearchStrategy[list[str]]:
    # Building a strategy costs more than drawing from it: build each one once.
    return st.lists(st.sampled_from(names), max_size=most, unique=True)


@cache
def _subset(items: tuple[Any, ...], least: int = 1, most: int = 2) -> st.SearchStrategy[list[Any]]:
    """Distinct items of ``items`` (cached: the same tuples recur from one example to the next)."""
    return st.lists(st.sampled_from(items), min_size=least, max_size=most, unique=True)


@cache
def _one_of(items: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(items)


@cache
def _count(most: int) -> st.SearchStrategy[int]:
    return st.integers(0, most)


# Units by measure kind, each with units its values may be written in instead.
_COMPATIBLE: dict[str, tuple[str, ...]] = {
    "percent": ("percent", "dimensionless", "permille"),
    "dimensionless": ("dimensionless", "percent"),
    "permille": ("permille", "percent"),
    "case": ("case",),
    "country": ("country",),
    "child": ("child",),
    "person": ("person",),
    "clinic": ("clinic",),
    "kilogram": ("kilogram", "gram"),
    "hour": ("hour", "minute"),
    "kilometer": ("kilometer", "meter"),
    "person / kilometer ** 2": ("person / kilometer ** 2", "person / meter ** 2"),
    "person / school": ("person / school",),
    "kilogram / person": ("kilogram / person",),
}
_UNITS_BY_MEASURE: dict[Measure, tuple[str | None, ...]] = {
    Measure.QUANTITY: (
        None,
        "case",
        "country",
        "child",
        "person",
        "clinic",
        "kilogram",
        "hour",
        "kilometer",
        "person / kilometer ** 2",
    ),
    Measure.SHARE: ("percent", "dimensionless", "permille"),
    Measure.RATIO: ("dimensionless", "person / school", "kilogram / person"),
    Measure.YES_NO: (None, "dimensionless"),
    Measure.ORDINAL: (None, "dimensionless"),
    Measure.QUALITATIVE: (None,),
}
_COUNTING = ("country", "child", "person", "case", "school", "clinic", "household")

magnitudes = st.one_of(
    st.sampled_from([0, 1, -1, 60, 0.5, -0.0, 0.1, 1e-300, MAX_SAFE_INTEGER, -MAX_SAFE_INTEGER]),
    st.integers(min_value=-MAX_SAFE_INTEGER, max_value=MAX_SAFE_INTEGER),
    st.floats(min_value=-MAX_SAFE_INTEGER, max_value=MAX_SAFE_INTEGER, allow_nan=False),
)
weights = st.one_of(
    st.sampled_from([1, 2, 0.5, 1e-9, 1e9]),
    st.floats(min_value=1e-9, max_value=1e9, allow_nan=False, allow_infinity=False),
)
_PENDING_TEXTS = st.one_of(
    st.sampled_from(["XX%", "X%", "%", "TBD", "TBC", "…", "...", "?"]), nonempty
)


@cache
def pendings(unit: str | None) -> st.SearchStrategy[Pending]:
    """A pending value that will have ``unit`` (or no unit said)."""
    return _pendings(unit)


@st.composite
def _pendings(draw: st.DrawFn, unit: str | None) -> Pending:
    """A pending value that will have ``unit`` (or no unit said)."""
    choices = [None] if unit is None else [None, *_COMPATIBLE.get(unit, (unit,))]
    return Pending(
        draw(_PENDING_TEXTS),
        draw(_one_of(tuple(choices))),
        **_some(draw, {"by": nonempty, "due": dates}, 2),
    )


@cache
def values(unit: str | None) -> st.SearchStrategy[Any]:
    """A quantity in ``unit`` or a unit it converts to, or a pending value (None: dimensionless)."""
    names = _COMPATIBLE.get(unit or "dimensionless", (unit or "dimensionless",))
    quantities = st.builds(
        lambda magnitude, name: registry().Quantity(magnitude, parse_unit(name)),
        magnitudes,
        st.sampled_from(names),
    )
    return quantities | pendings(unit)


@cache
def periods() -> st.SearchStrategy[Period]:
    """A year, month, day or span, in every form a document allows."""

    def one(day: date, form: int) -> str:
        return (f"{day.year:04d}", f"{day.year:04d}-{day.month:02d}", day.isoformat())[form]

    single = st.builds(one, dates, st.integers(0, 2))
    span = st.builds(
        lambda a, b, fa, fb: f"{one(min(a, b), fa)}/{one(max(a, b), fb)}",
        dates,
        dates,
        st.integers(0, 2),
        st.integers(0, 2),
    )
    return st.one_of(single, span).map(Period.parse)


@cache
def narratives() -> st.SearchStrategy[Narrative]:
    """A text in a language, with a role."""
    return _narratives()


@st.composite
def _narratives(draw: st.DrawFn) -> Narrative:
    return Narrative(draw(free_texts), **_some(draw, _NARRATIVE_FIELDS, 2))


@cache
def comments() -> st.SearchStrategy[Comment]:
    """A comment with some of author, date and language."""
    return _comments()


@st.composite
def _comments(draw: st.DrawFn) -> Comment:
    return Comment(draw(free_texts), **_some(draw, _COMMENT_FIELDS, 2))


dimensions = st.builds(Dimension, texts, texts)
locations = st.builds(Location, texts)
extensions = st.builds(Extension, nonempty, texts, texts)


@cache
def document_links() -> st.SearchStrategy[DocumentLink]:
    """A document link with some of its fields."""
    return _document_links()


@st.composite
def _document_links(draw: st.DrawFn) -> DocumentLink:
    optional = {
        "format": texts,
        "title": texts,
        "description": texts,
        "categories": _FEW_TEXTS,
        "languages": _FEW_TEXTS,
        "date": dates,
        "narratives": _FEW_NARRATIVES,
    }
    return DocumentLink(draw(texts), **_some(draw, optional))


@cache
def references() -> st.SearchStrategy[Reference]:
    """A reference with a title, a code or a uri, and some of its other fields."""
    return _references()


@st.composite
def _references(draw: st.DrawFn) -> Reference:
    fields = _some(draw, _REFERENCE_FIELDS, 4)
    if all(fields.get(name) is None for name in ("title", "code", "uri")):
        fields[draw(_one_of(("title", "code", "uri")))] = draw(texts)
    return Reference(**fields)


_NARRATIVE_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "lang": st.sampled_from(["en", "fr", "es", "ar"]),
    "role": nonempty,
}
_COMMENT_FIELDS: dict[str, st.SearchStrategy[Any]] = {"author": texts, "date": dates, "lang": texts}
_REFERENCE_FIELDS: dict[str, st.SearchStrategy[Any]] = dict.fromkeys(
    ("id", "title", "organisation", "summary", "uri", "vocabulary", "vocabulary_uri", "code"), texts
)
_FEW_TEXTS = few(texts)
_FEW_NARRATIVES = few(narratives())
_DUES = few(maybe_dates, 3)
_BOOLEANS = st.booleans()
_DERIVATION_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "rule": st.sampled_from(list(Rule)),
    "at_least": st.floats(-1e6, 1e6, allow_nan=False),
    "missing": st.sampled_from(list(Missing)),
}
_DECORATIONS: dict[str, st.SearchStrategy[Any]] = {
    "comments": few(comments()),
    "dimensions": few(dimensions),
    "locations": few(locations),
    "document_links": few(document_links(), 1),
    "extensions": few(extensions, 1),
}


@cache
def _value(unit: str | None, measure: Measure) -> st.SearchStrategy[Any]:
    return st.none() if measure is Measure.QUALITATIVE else values(unit)


# A target may also be a change from the baseline: "baseline + 3", "+30 %".
_RELATIVES = st.builds(
    Relative,
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none() | texts,
)


@cache
def _target_value(unit: str | None, measure: Measure) -> st.SearchStrategy[Any]:
    if measure is Measure.QUALITATIVE:
        return st.none()
    return values(unit) | _RELATIVES


@cache
def _targets(unit: str | None, measure: Measure) -> st.SearchStrategy[list[Target]]:
    return _draw_targets(
        unit, measure, {"value": _target_value(unit, measure), "text": texts, **_DECORATIONS}
    )


@st.composite
def _draw_targets(
    draw: st.DrawFn, unit: str | None, measure: Measure, optional: dict[str, st.SearchStrategy[Any]]
) -> list[Target]:
    """Targets in the order of their due dates (those without one may stand anywhere)."""
    dues = draw(_DUES)
    ordered = iter(sorted(d for d in dues if d is not None))
    return [
        Target(due=None if due is None else next(ordered), **_some(draw, optional)) for due in dues
    ]


@cache
def _revisions(unit: str | None, measure: Measure) -> st.SearchStrategy[list[TargetRevision]]:
    """Earlier targets with their revision dates, oldest first, and a reason."""
    target = _sparse(
        Target, {"value": _value(unit, measure), "due": dates, "text": texts, **_DECORATIONS}
    )
    return st.builds(
        lambda targets, days, reason: [
            TargetRevision(t, day, reason) for t, day in zip(targets, sorted(days), strict=False)
        ],
        few(target),
        st.lists(dates, min_size=2, max_size=2),
        free_texts,
    )


@cache
def _baseline_revisions(
    unit: str | None, measure: Measure
) -> st.SearchStrategy[list[BaselineRevision]]:
    """Earlier baselines with their revision dates, oldest first, and a reason."""
    return st.builds(
        lambda baselines, days, reason: [
            BaselineRevision(b, day, reason)
            for b, day in zip(baselines, sorted(days), strict=False)
        ],
        few(_baselines(unit, measure)),
        st.lists(dates, min_size=2, max_size=2),
        free_texts,
    )


@st.composite
def _sparse(
    draw: st.DrawFn, cls: type[Any], optional: dict[str, st.SearchStrategy[Any]], most: int = 3
) -> Any:
    return cls(**_some(draw, optional, most))


@cache
def _baselines(unit: str | None, measure: Measure) -> st.SearchStrategy[Baseline]:
    optional = {"value": _value(unit, measure), "period": periods(), "text": texts, **_DECORATIONS}
    return _sparse(Baseline, optional)


@cache
def _actuals(unit: str | None, measure: Measure) -> st.SearchStrategy[Actual]:
    return _sparse(Actual, {"value": _value(unit, measure), "text": texts, **_DECORATIONS})


@cache
def _reporting_periods(unit: str | None, measure: Measure) -> st.SearchStrategy[ReportingPeriod]:
    target = st.builds(
        Target, value=st.none() | _value(unit, measure), due=maybe_dates, text=maybe_texts
    )
    optional = {
        "targets": few(target),
        "actuals": few(_actuals(unit, measure)),
        "extensions": few(extensions, 1),
    }
    return st.builds(
        lambda period, extra: ReportingPeriod(period, **extra),
        periods(),
        _sparse(dict, optional, 2),
    )


@cache
def _parameters() -> st.SearchStrategy[list[Parameter]]:
    return _draw_parameters()


@st.composite
def _draw_parameters(draw: st.DrawFn) -> list[Parameter]:
    count = draw(_count(1)) + 1
    units = [draw(_one_of((None, *_COMPATIBLE))) for _ in range(count)]
    return [Parameter(f"p{n}", draw(nonempty), draw(values(unit))) for n, unit in enumerate(units)]


status_methods = st.one_of(
    st.builds(
        lambda a, b: Trajectory(on_track=max(a, b), at_risk=min(a, b)),
        st.floats(-10, 10, allow_nan=False),
        st.floats(-10, 10, allow_nan=False),
    ),
    st.builds(Band, st.floats(0, 1)),
    st.builds(
        GrowthRatio, st.floats(-10, 10, allow_nan=False), st.floats(-10, 10, allow_nan=False)
    ),
)


@cache
def _indicator_fields(unit: str | None, measure: Measure) -> dict[str, st.SearchStrategy[Any]]:
    optional: dict[str, st.SearchStrategy[Any]] = {
        "direction": st.sampled_from(list(Direction)),
        "baselines": few(_baselines(unit, measure)),
        "targets": _targets(unit, measure),
        "revisions": _revisions(unit, measure),
        "baseline_revisions": _baseline_revisions(unit, measure),
        "parameters": _parameters(),
        "weight": weights,
        "description": texts,
        "source": texts,
        "verification": texts,
        "comments": few(comments()),
        "references": few(references(), 1),
        "periods": few(_reporting_periods(unit, measure), 1),
        "narratives": few(narratives()),
        "document_links": few(document_links(), 1),
        "aggregation_status": st.booleans(),
        "extensions": few(extensions, 1),
        "status_method": status_methods,
        "frequency": st.sampled_from(list(Frequency)),
    }
    if measure is Measure.QUANTITY:
        optional["accumulation"] = st.sampled_from(list(Accumulation))
    if measure is Measure.SHARE:
        universe_optional = {"description": texts, "size": st.integers(1, 10**9)}
        optional["universe"] = st.builds(
            lambda unit, extra: Universe(unit, **extra),
            st.sampled_from(_COUNTING),
            # Sparse, as other objects: a rich framework fills the universe's every field too.
            _sparse(dict, universe_optional, 2),
        )
    return optional


@st.composite
def indicators(draw: st.DrawFn, indicator_id: str, definitions: tuple[str, ...] = ()) -> Indicator:
    """An indicator of any measure kind, with a unit that fits it and values in that unit."""
    measure = draw(_one_of(tuple(Measure)))
    unit = draw(_one_of(_UNITS_BY_MEASURE[measure]))
    optional = _indicator_fields(unit, measure)
    if definitions:
        optional = {**optional, "definitions": _subset(definitions)}
    if measure is Measure.ORDINAL and draw(_BOOLEANS):
        # Named stages: every baseline and target names one, by its text or its position.
        chosen = _some(draw, _staged_fields(unit), 4)
        return Indicator(indicator_id, draw(free_texts), measure, unit, stages=_STAGES, **chosen)
    # Baselines and targets are what most indicators have: give them a better chance.
    chosen = _some(draw, optional, 4)
    if draw(_BOOLEANS):
        chosen.setdefault("targets", draw(optional["targets"]))
    return Indicator(indicator_id, draw(free_texts), measure, unit, **chosen)


_STAGES = ("consultation completed", "drafted", "adopted")


def _staged(cls: type[Any], **fields: Any) -> st.SearchStrategy[Any]:
    """A baseline or target naming a stage: by its text only, by its position, or pending."""
    return st.one_of(
        st.builds(lambda n: cls(text=_STAGES[n - 1], **fields), st.integers(1, len(_STAGES))),
        st.builds(lambda n: cls(n, **fields), st.integers(1, len(_STAGES))),
        st.just(cls(Pending("TBD"), **fields)),
    )


@cache
def _staged_fields(unit: str | None) -> dict[str, st.SearchStrategy[Any]]:
    fields = dict(_indicator_fields(unit, Measure.ORDINAL))
    del fields["periods"]
    fields["baselines"] = few(_staged(Baseline))
    fields["targets"] = st.builds(
        lambda targets, dues: [
            attrs.evolve(t, due=d) for t, d in zip(targets, sorted(dues), strict=False)
        ],
        few(_staged(Target), 3),
        st.lists(dates, min_size=3, max_size=3),
    )
    fields["revisions"] = st.builds(
        lambda target, day, reason: [TargetRevision(target, day, reason)],
        _staged(Target),
        dates,
        free_texts,
    )
    fields["baseline_revisions"] = st.builds(
        lambda baseline, day, reason: [BaselineRevision(baseline, day, reason)],
        _staged(Baseline),
        dates,
        free_texts,
    )
    return fields


_LEVEL_NAMES = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(string.ascii_lowercase),
    st.text(alphabet=string.ascii_lowercase + string.digits + "_", max_size=6),
)


@cache
def level_schemes() -> st.SearchStrategy[LevelScheme]:
    """A built-in scheme, or a custom one of one to five levels."""
    custom = st.builds(
        LevelScheme, nonempty, st.lists(_LEVEL_NAMES, min_size=1, max_size=5, unique=True)
    )
    return st.sampled_from(list(SCHEMES.values())) | custom


_LINK_WEIGHTS = st.just(1) | weights
_RESULT_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "description": texts,
    "comments": few(comments()),
    "references": few(references(), 1),
    "narratives": few(narratives()),
    "document_links": few(document_links(), 1),
    "aggregation_status": st.booleans(),
    "extensions": few(extensions, 1),
    "aggregation": st.sampled_from(list(Aggregation)),
}
_FRAMEWORK_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "start": dates,
    "end": dates,
    "description": texts,
    "implementers": few(texts),
    "aims": few(texts),
    "references": few(references(), 2),
    "history": few(st.builds(HistoryEvent, periods(), nonempty)),
    "notes": few(texts),
    "comments": few(comments()),
    "narratives": few(narratives()),
    "extensions": few(extensions),
    "status_method": status_methods,
    "fiscal_year_end": st.sampled_from(["06-30", "09-30", "03-31", "12-31", "02-28"]),
}
# Drawn last, after every other field: the other draws stay as they were before units existed.
_UNITS = st.sampled_from(
    [
        (),
        (CountingUnit("clinic", "clinics"),),
        (CountingUnit("clinic", description="A health clinic"), CountingUnit("household")),
    ]
)


@st.composite
def frameworks(draw: st.DrawFn, max_results: int = 5) -> Framework:
    """A valid framework: unique ids, levels of its scheme, upward links, existing references."""
    rich = draw(_RICH)
    before, _Richness.rich = _Richness.rich, rich
    try:
        return _framework(draw, max_results if not rich else min(max_results, 2))
    finally:
        _Richness.rich = before


_RICH = st.sampled_from([False] * 7 + [True])


def _framework(draw: st.DrawFn, max_results: int) -> Framework:
    scheme = draw(level_schemes())
    prefix = draw(_one_of(_ID_PREFIXES))
    serial = iter(range(10**6))

    def new_id() -> str:
        return f"{prefix}{next(serial)}"

    themes = [Theme(new_id(), draw(nonempty)) for _ in range(draw(_count(2)))]
    definitions = [
        Definition(new_id(), draw(nonempty), draw(maybe_texts)) for _ in range(draw(_count(2)))
    ]
    theme_ids = tuple(t.id for t in themes)
    definition_ids = tuple(d.id for d in definitions)

    results = []
    for _ in range(draw(_count(max_results))):
        optional = dict(_RESULT_FIELDS)
        if theme_ids:
            optional["themes"] = _subset(theme_ids)
        if definition_ids:
            optional["definitions"] = _subset(definition_ids)
        result_id = new_id()
        results.append(
            Result(
                result_id,
                draw(_one_of(scheme.levels)),
                draw(free_texts),
                indicators=tuple(
                    draw(indicators(new_id(), definition_ids)) for _ in range(draw(_count(2)))
                ),
                **_some(draw, optional),
            )
        )
    results = _with_derivations(draw, results)

    upward = [
        (child.id, parent.id)
        for child in results
        for parent in results
        if scheme.is_above(parent.level, child.level)
    ]
    pairs = draw(_subset(tuple(upward), 0, 6)) if upward else []
    links = [Link(child, parent, draw(_LINK_WEIGHTS)) for child, parent in pairs]

    chosen = _some(draw, _FRAMEWORK_FIELDS, 5)
    if "start" in chosen and "end" in chosen and chosen["end"] < chosen["start"]:
        chosen["start"], chosen["end"] = chosen["end"], chosen["start"]
    return Framework(
        new_id(),
        draw(nonempty),
        results=tuple(results),
        links=tuple(links),
        levels=scheme,
        themes=tuple(themes),
        definitions=tuple(definitions),
        units=draw(_UNITS),
        **chosen,
        **_partners(
            draw,
            new_id,
            [r.id for r in results] + [i.id for r in results for i in r.indicators],
            [i for r in results for i in r.indicators],
        ),
    )


_PARTNER_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "url": st.sampled_from(["https://www.iwf.org.uk", "http://example.org/é?a=1"]),
    "source": nonempty,
}
_INITIATIVE_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "period": periods(),
    "countries": _subset(("TZ", "SN", "GB", "FR", "BR"), 1, 3),
    "funding": st.builds(
        lambda amount, currency: Funding(amount=amount, currency=currency),
        st.one_of(st.integers(0, 2**53 - 1), st.floats(0, 1e12, allow_nan=False)),
        st.sampled_from(["USD", "EUR", "CHF", "XOF"]),
    ),
    "description": texts,
    "source": nonempty,
}


def _partners(
    draw: st.DrawFn, new_id: Any, nodes: list[str], indicators: list[Indicator]
) -> dict[str, Any]:
    """Partners and their initiatives, each contributing to results and indicators drawn.

    Drawn last of all, after the units, so that the draws before them stay as they were.
    """
    partners = [
        Partner(
            id=new_id(),
            name=draw(free_texts),
            kind=draw(_one_of(tuple(PartnerKind))),
            **_some(draw, _PARTNER_FIELDS),
        )
        for _ in range(draw(_count(2)))
    ]
    if not partners:
        return {}
    # (indicator, rule) pairs a mapping may use: the rules that fit each indicator.
    fitting = [
        (i.id, rule) for i in indicators for rule in MappingRule if rule_problem(rule, i) is None
    ]
    initiatives = []
    for _ in range(draw(_count(2))):
        optional = dict(_INITIATIVE_FIELDS)
        if nodes:
            optional["contributes_to"] = _subset(tuple(nodes), 1, 3)
        initiatives.append(
            Initiative(
                id=new_id(),
                partner=draw(_one_of(tuple(p.id for p in partners))),
                name=draw(free_texts),
                **_some(draw, optional, 4),
                **_links(draw, fitting),
            )
        )
    aligned = [
        Alignment(
            framework=draw(nonempty),
            goal=draw(nonempty),
            statement=draw(free_texts),
            impact=draw(st.none() | st.sampled_from(nodes)) if nodes else None,
            source=draw(st.none() | nonempty),
        )
        for _ in range(draw(_count(2)))
    ]
    results = [n for n in nodes if n not in {i.id for i in indicators}]
    aligned = [a if a.impact in (None, *results) else attrs.evolve(a, impact=None) for a in aligned]
    return {
        "partners": tuple(partners),
        "initiatives": tuple(initiatives),
        **({"aligned_to": tuple(aligned)} if aligned else {}),
    }


def _links(draw: st.DrawFn, fitting: list[tuple[str, MappingRule]]) -> dict[str, Any]:
    """Sometimes a member framework (or IATI activity) and mappings onto fitting indicators."""
    if not draw(st.booleans()):
        return {}
    member = draw(st.sampled_from(["member-fw", "iati:XM-DAC-41122-1", "iati:GB-CHC-1112"]))
    chosen = draw(_subset(tuple(fitting), 0, 2)) if fitting else ()
    mappings = tuple(
        IndicatorMapping(
            source=f"src-{n}", target=target, rule=rule, note=draw(st.none() | nonempty)
        )
        for n, (target, rule) in enumerate(chosen)
    )
    return {"framework": member, "mappings": mappings}


def _with_derivations(draw: st.DrawFn, results: list[Result]) -> list[Result]:
    """Make some share indicators derived from other, underived indicators of the framework."""
    every = [i.id for r in results for i in r.indicators]
    shares = [i.id for r in results for i in r.indicators if i.measure is Measure.SHARE]
    # A rich framework derives whenever it can: it is what fills every field of a derivation.
    if not shares or not (_Richness.rich or draw(_BOOLEANS)):
        return results
    derived = set(draw(_subset(tuple(shares))))
    if len(derived) == len(every) > 1:
        derived.discard(min(derived))  # leave one indicator to combine or to weight by
    plain = [i for i in every if i not in derived]
    derivations = {}
    for indicator_id in sorted(derived):
        others = [i for i in every if i != indicator_id]
        optional = dict(_DERIVATION_FIELDS)
        if plain:
            optional["of"] = _subset(tuple(plain))
        if others:
            optional["weight"] = _one_of(tuple(others))
        derivations[indicator_id] = ShareOfUnits(**_some(draw, optional, most=len(optional)))
    return [
        attrs.evolve(
            r,
            indicators=tuple(
                attrs.evolve(i, derivation=derivations[i.id]) if i.id in derivations else i
                for i in r.indicators
            ),
        )
        for r in results
    ]


def showcase() -> Framework:
    """One small framework that fills every field of the model, for tests that need a fixed one."""
    reg = registry()
    percent = parse_unit("percent")
    link = DocumentLink(
        "https://example.org/report.pdf",
        format="application/pdf",
        title="Report",
        description="The annual report",
        categories=("A01",),
        languages=("en", "fr"),
        date=date(2016, 3, 1),
        narratives=(Narrative("Rapport", "fr", "title"),),
    )
    decorations: dict[str, Any] = {
        "comments": (Comment("checked", "M. E.", date(2016, 1, 5), "en"),),
        "dimensions": (Dimension("sex", "female"),),
        "locations": (Location("KE"),),
        "document_links": (link,),
        "extensions": (Extension("iati-xml", "result/indicator/baseline", "<x/>"),),
    }
    reference = Reference(
        id="ref1",
        title="Setting Global Targets",
        organisation="ITU",
        summary="The source",
        uri="https://example.org",
        vocabulary="7",
        vocabulary_uri="https://example.org/vocab",
        code="3.4",
    )
    # Passed through a dict: mypy reads the converter of Indicator.revisions (a bare tuple)
    # as Iterable[_T_co] and refuses any argument.
    revised: dict[str, Any] = {
        "revisions": (
            TargetRevision(
                Target(Pending("XX%", percent), date(2018, 12, 31), "XX%"),
                date(2016, 2, 1),
                "Brought forward to 2018 by the steering group",
            ),
            TargetRevision(
                Target(reg.Quantity(40, percent), date(2018, 12, 31), "40 %", **decorations),
                date(2017, 3, 15),
                "Raised after the 2016 survey",
            ),
        ),
        "baseline_revisions": (
            BaselineRevision(
                Baseline(
                    reg.Quantity(30, percent),
                    Period.parse("FY2015", fiscal_year_end="06-30"),
                    "30 %",
                    **decorations,
                ),
                date(2016, 9, 1),
                "Re-measured with the 2015 census",
            ),
        ),
    }
    legislation = Indicator(
        "O1.a",
        "countries with legislation",
        Measure.SHARE,
        percent,
        direction=Direction.INCREASE,
        universe=Universe("country", "UN member states", 193),
        baselines=(
            Baseline(reg.Quantity(36, percent), Period.parse("2015"), "36 %", **decorations),
        ),
        targets=(
            Target(reg.Quantity(50, percent), date(2018, 12, 31), "50 %"),
            Target(
                Pending("XX%", percent, "the steering group", date(2016, 6, 30)),
                date(2020, 12, 31),
                **decorations,
            ),
        ),
        **revised,
        parameters=(
            Parameter("threshold", "at least this share of judges", Pending("%", percent)),
        ),
        weight=2,
        description="Share of countries",
        source="UN Treaty Collection",
        verification="Country reports",
        definitions=("fn1",),
        comments=(Comment("Add a definition"),),
        references=(reference,),
        periods=(
            ReportingPeriod(
                Period.parse("2016-01/2016-12"),
                targets=(Target(reg.Quantity(40, percent)),),
                actuals=(Actual(reg.Quantity(38.5, percent), "38.5 %", **decorations),),
                extensions=(Extension("iati-xml", "period", "<period/>"),),
            ),
        ),
        narratives=(Narrative("Pays avec une législation", "fr"),),
        document_links=(link,),
        aggregation_status=True,
        extensions=(Extension("iati-xml", "@ascending", 'ascending="1"'),),
        status_method=Band(0.1),
    )
    combined = attrs.evolve(
        legislation,
        id="impact.a",
        name="combined",
        universe=None,
        periods=(),
        derivation=ShareOfUnits(("O1.a",), Rule.ANY, 1, "impact.w", Missing.NOT_MET),
        status_method=GrowthRatio(0.9, 0.4),
    )
    weights_indicator = Indicator("impact.w", "children per country", unit="child")
    trained = Indicator(
        "impact.t",
        "people trained",
        unit="person",
        baselines=(Baseline(reg.Quantity(0, "person"), Period.parse("2015")),),
        targets=(Target(reg.Quantity(100, "person"), date(2020, 12, 31)),),
        accumulation=Accumulation.INCREMENTS,
        frequency=Frequency.QUARTERLY,
    )
    reform = Indicator(
        "impact.s",
        "state of the reform",
        Measure.ORDINAL,
        baselines=(Baseline(text="consultation completed"),),
        targets=(Target(text="adopted", due=date(2020, 12, 31)),),
        stages=("consultation completed", "drafted", "adopted"),
    )
    results = (
        Result(
            "impact",
            "impact",
            "Children are safe online",
            indicators=(combined, weights_indicator, trained, reform),
            aggregation=Aggregation.MINIMUM,
        ),
        Result(
            "O1",
            "outcome",
            "Countries have laws",
            description="Legislation",
            indicators=(legislation,),
            themes=("legal",),
            definitions=("fn1",),
            comments=(Comment("Belongs to prevention", "D. C."),),
            references=(reference,),
            narratives=(Narrative("Les pays ont des lois", "fr"),),
            document_links=(link,),
            aggregation_status=False,
            extensions=(Extension("iati-xml", "result", "<result/>"),),
        ),
    )
    return Framework(
        "showcase",
        "A framework that fills every field",
        results,
        links=(Link("O1", "impact", 0.5),),
        levels=SCHEMES["default"],
        start=date(2016, 1, 1),
        end=date(2020, 12, 31),
        fiscal_year_end="06-30",
        description="For tests",
        implementers=("ITU", "UNICEF"),
        themes=(Theme("legal", "Legal measures"),),
        aims=("Protect children",),
        definitions=(Definition("fn1", "A country with legislation is …", "legislation"),),
        references=(reference,),
        history=(HistoryEvent(Period.parse("2015-10"), "Launched"),),
        notes=("A note",),
        comments=(Comment("Draft"),),
        narratives=(Narrative("Un cadre", "fr", "title"),),
        extensions=(Extension("iati-xml", "iati-activity", "<iati-activity/>"),),
        status_method=Trajectory(0.8, 0.5),
        units=(CountingUnit("clinic", "clinics", "A health facility"),),
        partners=(
            Partner(
                id="hotline",
                name="A national hotline",
                kind="ngo",
                url="https://example.org/hotline",
                source="For tests",
            ),
        ),
        initiatives=(
            Initiative(
                id="portals",
                partner="hotline",
                name="Reporting portals",
                contributes_to=("O1", "O1.a"),
                period=Period.parse("2017-10/2022"),
                countries=("TZ", "SN"),
                funding=Funding(amount=1_500_000, currency="GBP"),
                description="Portals through which people report abuse images",
                source="For tests",
                # every field of a link to a member framework too (the generated ones fill
                # them only by luck: the round-trip test counts the showcase's fields)
                framework="member-fw",
                mappings=(
                    IndicatorMapping(
                        source="children-reached",
                        target="impact.w",
                        rule=MappingRule.SUM,
                        note="Children the portals reached, counted by the member",
                    ),
                ),
            ),
        ),
    )
