"""Frameworks as IATI 2.03 activities: elements in the schema's order, nothing read left out.

A framework read from IATI is written back as it was read: its results and everything in them,
every attribute with the spelling it was published with (while that still means the model's
value), every element the model keeps as an :class:`~resultsframe.model.Extension` at its
position, and the rest of its activity (identifier, reporting organisation, budgets …).

A framework made elsewhere (the COP framework) becomes one activity: its results with their
indicators, baselines and targets (one ``<period>`` per target, from the previous due date or
the framework's start), its title, description, implementers and time frame; ids, levels,
units, links and sources go in resultsframe's namespace (:mod:`resultsframe.iati.ownfields`).
What IATI cannot hold is reported as a :class:`~resultsframe.iati.Finding` (rule ``export``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import attrs

from resultsframe.framework import Framework
from resultsframe.iati import codes, exported, observed, ownfields
from resultsframe.iati import extensions as ext
from resultsframe.iati.findings import Finding
from resultsframe.iati.source import lxml_etree
from resultsframe.levels import LevelScheme
from resultsframe.model import (
    Actual,
    Baseline,
    Comment,
    Dimension,
    Direction,
    DocumentLink,
    Extension,
    Indicator,
    Location,
    Narrative,
    Reference,
    ReportingPeriod,
    Result,
    Target,
)
from resultsframe.values import Relative, Value

if TYPE_CHECKING:
    from resultsframe.observations import Observations

__all__ = ["ActivityWriter", "ReportingOrg", "indent", "keeping", "narratives_element"]

_XML_LANG = f"{{{ext.XML_NS}}}lang"

Attributes = dict[str, str | None]


@attrs.frozen
class ReportingOrg:
    """The organisation that publishes an activity (IATI's ``<reporting-org>``).

    Attributes:
        ref: Its organisation identifier (``"XM-DAC-41114"``).
        name: Its name.
        type: Its OrganisationType code (``"40"`` multilateral, ``"21"`` international NGO …).
    """

    ref: str = attrs.field(validator=attrs.validators.instance_of(str))
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    type: str = attrs.field(validator=attrs.validators.instance_of(str))


def _new(
    tag: str,
    attributes: Mapping[str, str | None] | None = None,
    nsmap: Mapping[str, str] | None = None,
) -> Any:
    element = lxml_etree().Element(tag, nsmap=dict(nsmap) if nsmap else None)
    for name, value in (attributes or {}).items():
        if value is not None:
            element.set(name, value)
    return element


def _narrative(narrative_text: str, lang: str | None) -> Any:
    element = _new("narrative", {_XML_LANG: lang})
    element.text = narrative_text
    return element


def narratives_element(tag: str, narratives: Iterable[Narrative]) -> Any:
    """``<tag>`` holding one ``<narrative>`` per narrative, with its language."""
    element = _new(tag)
    element.extend(_narrative(n.text, n.lang) for n in narratives)
    return element


def _with_attributes(
    tag: str,
    holder: str,
    canonical: Attributes,
    extensions: Sequence[Extension],
    meaning: Callable[[Mapping[str, str | None]], object] | None = None,
) -> Any:
    """``<tag>`` with the canonical attributes, or their published spelling while it means the same."""
    kept, prefixes = ext.attributes_of(extensions, holder) if extensions else ({}, {})
    element = _new(tag, nsmap=prefixes)
    chosen = dict(canonical)
    wanted = meaning(canonical) if meaning is not None else None
    for name, value in kept.items():
        # Each spelling on its own: kept while it says what the model's value says.
        if name in canonical and (meaning is None or meaning({**chosen, name: value}) == wanted):
            chosen[name] = value
    for name, value in chosen.items():
        if value is not None:
            element.set(name, value)
    for name, value in kept.items():
        if name not in canonical and value is not None:
            element.set(name, value)
    return element


# The elements put back from extensions while a file is written: indent() leaves them as they are.
_KEPT: ContextVar[dict[int, Any] | None] = ContextVar("kept_elements", default=None)


def _place(children: list[Any], holder: str, extensions: Sequence[Extension]) -> list[Any]:
    """The model's children with the kept elements put back at their positions."""
    kept = _KEPT.get()
    for position, content in ext.elements_of(extensions, holder):
        element = ext.parse_element(content)
        if kept is not None:
            kept[id(element)] = element
        children.insert(min(position - 1, len(children)), element)
    return children


def indent(root: Any) -> None:
    """Indent the written elements one space per level; kept elements stay exactly as kept.

    Only whitespace is touched: text between elements, never a narrative's text.
    """
    kept = _KEPT.get() or {}

    def walk(element: Any, level: int) -> None:
        children = list(element)
        if not children or id(element) in kept:
            return
        inner = "\n" + " " * (level + 1)
        if not (element.text or "").strip():
            element.text = inner
        for child in children:
            walk(child, level + 1)
            if not (child.tail or "").strip():
                child.tail = inner
        if not (children[-1].tail or "").strip():
            children[-1].tail = "\n" + " " * level

    walk(root, 0)


@contextmanager
def keeping() -> Iterator[None]:
    """Within it, :func:`indent` knows which elements were put back from extensions."""
    token = _KEPT.set({})
    try:
        yield
    finally:
        _KEPT.reset(token)


def _kept_tags(holder: str, extensions: Sequence[Extension]) -> set[str]:
    return {ext.element_tag(content) for _, content in ext.elements_of(extensions, holder)}


def _roles(narratives: Iterable[Narrative], role: str) -> list[Narrative]:
    return [n for n in narratives if n.role == role]


# --- leaves --------------------------------------------------------------------------------


def comment_element(comments: Sequence[Comment]) -> Any:
    """``<comment>`` with one narrative per comment."""
    element = _new("comment")
    element.extend(_narrative(c.text, c.lang) for c in comments)
    return element


def dimension_element(dimension: Dimension) -> Any:
    """``<dimension name=… value=…/>``."""
    return _new("dimension", {"name": dimension.name, "value": dimension.value})


def location_element(location: Location) -> Any:
    """``<location ref=…/>``."""
    return _new("location", {"ref": location.ref})


def reference_element(reference: Reference, of: str) -> Any:
    """A result's or an indicator's ``<reference>``."""
    if of == "indicator":
        attributes = {
            "vocabulary": reference.vocabulary,
            "code": reference.code,
            "indicator-uri": reference.uri,
        }
    else:
        attributes = {
            "vocabulary": reference.vocabulary,
            "code": reference.code,
            "vocabulary-uri": reference.vocabulary_uri,
        }
    return _new("reference", attributes)


def document_link_element(link: DocumentLink) -> Any:
    """A ``<document-link>`` with its title, description, categories, languages and date."""
    element = _new("document-link", {"url": link.url, "format": link.format})
    titles = _roles(link.narratives, "title")
    if titles:
        element.append(narratives_element("title", titles))
    elif link.title is not None:
        element.append(narratives_element("title", [Narrative(link.title)]))
    descriptions = _roles(link.narratives, "description")
    if descriptions:
        element.append(narratives_element("description", descriptions))
    elif link.description is not None:
        element.append(narratives_element("description", [Narrative(link.description)]))
    element.extend(_new("category", {"code": code}) for code in link.categories)
    element.extend(_new("language", {"code": code}) for code in link.languages)
    if link.date is not None:
        element.append(_new("document-date", {"iso-date": link.date.isoformat()}))
    return element


# --- values --------------------------------------------------------------------------------


def _value_attribute(
    value: Value | Relative | None, text: str | None, indicator: Indicator
) -> str | None:
    """The published text while it still reads as the value; else the value written anew.

    A target relative to the baseline ("+30 %") has no IATI form: it is written without a value
    (the export reports it), as the schema allows.
    """
    if isinstance(value, Relative):
        return None
    if text is not None and codes.read_value(text, indicator.measure, indicator.unit) == value:
        return text
    return None if value is None else codes.format_value(value, indicator)


def _baseline_meaning(attributes: Mapping[str, str | None]) -> object:
    return codes.baseline_period(attributes.get("year"), attributes.get("iso-date"))


def baseline_element(baseline: Baseline, indicator: Indicator) -> Any:
    """An indicator's ``<baseline>``."""
    period = baseline.period
    canonical: Attributes = {
        "year": f"{period.start.year:04d}" if period is not None else None,
        "iso-date": period.text if period is not None and _is_day(period.text) else None,
        "value": _value_attribute(baseline.value, baseline.text, indicator),
    }
    element = _with_attributes(
        "baseline", "baseline", canonical, baseline.extensions, _baseline_meaning
    )
    children: list[Any] = [location_element(x) for x in baseline.locations]
    children += [dimension_element(x) for x in baseline.dimensions]
    children += [document_link_element(x) for x in baseline.document_links]
    if baseline.comments:
        children.append(comment_element(baseline.comments))
    element.extend(_place(children, "baseline", baseline.extensions))
    return element


def _is_day(text: str) -> bool:
    return len(text) == 10


def _value_element(tag: str, item: Target | Actual, indicator: Indicator) -> Any:
    canonical: Attributes = {"value": _value_attribute(item.value, item.text, indicator)}
    element = _with_attributes(tag, tag, canonical, item.extensions)
    children: list[Any] = [location_element(x) for x in item.locations]
    children += [dimension_element(x) for x in item.dimensions]
    if item.comments:
        children.append(comment_element(item.comments))
    children += [document_link_element(x) for x in item.document_links]
    element.extend(_place(children, tag, item.extensions))
    return element


def _date_meaning(attributes: Mapping[str, str | None]) -> object:
    return codes.iso_date(attributes.get("iso-date"))


def period_element(period: ReportingPeriod, indicator: Indicator) -> Any:
    """An indicator's ``<period>`` with its targets and actuals."""
    element = _with_attributes("period", "period", {}, period.extensions)
    children: list[Any] = []
    for tag, day in (("period-start", period.period.start), ("period-end", period.period.end)):
        holder = f"period/{tag}"
        edge = _with_attributes(
            tag, holder, {"iso-date": day.isoformat()}, period.extensions, _date_meaning
        )
        edge.extend(_place([], holder, period.extensions))
        children.append(edge)
    children += [_value_element("target", t, indicator) for t in period.targets]
    children += [_value_element("actual", a, indicator) for a in period.actuals]
    element.extend(_place(children, "period", period.extensions))
    return element


def _title_and_description(
    holder: str,
    title: str,
    description: str | None,
    narratives: Sequence[Narrative],
    extensions: Sequence[Extension],
) -> list[Any]:
    kept = _kept_tags(holder, extensions)
    children = []
    titles = _roles(narratives, "title")
    if titles:
        children.append(narratives_element("title", titles))
    elif "title" not in kept and not ext.is_absent(extensions, holder, "title"):
        children.append(narratives_element("title", [Narrative(title)]))
    descriptions = _roles(narratives, "description")
    if descriptions:
        children.append(narratives_element("description", descriptions))
    elif description is not None and "description" not in kept:
        children.append(narratives_element("description", [Narrative(description)]))
    return children


def _indicator_meaning(attributes: Mapping[str, str | None]) -> object:
    return (
        codes.measure_of(attributes.get("measure")),
        codes.direction_of(attributes.get("ascending")),
        codes.parse_boolean(attributes.get("aggregation-status")),
    )


def _boolean(value: bool | None) -> str | None:
    return None if value is None else ("1" if value else "0")


# --- indicators and results ------------------------------------------------------------------


class ActivityWriter:
    """Writes frameworks as activities, gathering what it could not write as findings.

    Args:
        start: The start of the framework written (set by :meth:`activity`).
        observations: Observations to write as ``<actual>`` elements (see
            :mod:`resultsframe.iati.observed`).
    """

    def __init__(
        self, start: dt.date | None = None, observations: Observations | None = None
    ) -> None:
        self.findings: list[Finding] = []
        self._start = start
        self._path = ""
        self._observations = observations
        self._observed = False
        #: Whether the observations were of a framework written.
        self.observed_any = False
        self._unwritten: list[Target] = []
        self._published = True
        #: Whether anything was written in resultsframe's own namespace.
        self.own_used = False

    def _own(self, element: Any, attributes: Mapping[str, str]) -> None:
        for name, value in attributes.items():
            element.set(name, value)
        self.own_used = self.own_used or bool(attributes)

    def _note(self, path: str, message: str) -> None:
        self.findings.append(Finding("export", path, message, "warning"))

    def indicator(
        self, indicator: Indicator, path: str, result_id: str = "", position: int = 0
    ) -> Any:
        """An ``<indicator>``: its periods, or periods made from its targets.

        ``result_id`` and ``position`` are the ids the reader will give it (``r2``, 1st):
        its own id, unit and source go in resultsframe's namespace when they differ.
        """
        canonical: Attributes = {
            "measure": codes.measure_code(indicator.measure),
            "ascending": "0" if indicator.direction is Direction.DECREASE else "1",
            "aggregation-status": _boolean(indicator.aggregation_status),
        }
        element = _with_attributes(
            "indicator", "indicator", canonical, indicator.extensions, _indicator_meaning
        )
        if position:
            self._own(element, ownfields.indicator_attributes(indicator, result_id, position))
        children = _title_and_description(
            "indicator",
            indicator.name,
            indicator.description,
            indicator.narratives,
            indicator.extensions,
        )
        children += [document_link_element(x) for x in indicator.document_links]
        children += [reference_element(x, "indicator") for x in indicator.references]
        baselines, unwritten = exported.written_baselines(
            indicator, self._start, self._published, path, self._note
        )
        children += [baseline_element(b, indicator) for b in baselines]
        self._unwritten = []
        periods = indicator.periods or self._periods_from_targets(indicator, path)
        periods = exported.resolved_periods(indicator, periods, path, self._note)
        if self._observed:
            assert self._observations is not None
            periods = observed.with_actuals(indicator, periods, self._observations)
        children += [period_element(p, indicator) for p in periods]
        element.extend(_place(children, "indicator", indicator.extensions))
        # The values IATI cannot hold, kept in resultsframe's namespace for the way back.
        element.extend(ownfields.baseline_element(b) for b in unwritten)
        element.extend(ownfields.target_element(t) for t in self._unwritten)
        self.own_used = self.own_used or bool(self._unwritten or unwritten)
        return element

    def _periods_from_targets(self, indicator: Indicator, path: str) -> tuple[ReportingPeriod, ...]:
        periods = []
        start = self._start
        for n, target in enumerate(indicator.targets):
            due = target.due or self._end
            if due is None or start is None or due < start:
                self._note(
                    f"{path}/period[{n + 1}]",
                    f"indicator {indicator.id!r}: target {n + 1} has no due date, or the "
                    "framework no start date, so it has no period; left out",
                )
                continue
            written = exported.written_target(indicator, target, n + 1, path, self._note)
            if written is None:
                self._unwritten.append(target)
            else:
                periods.append(
                    ReportingPeriod(
                        f"{start.isoformat()}/{due.isoformat()}",
                        targets=(attrs.evolve(written, due=None),),
                    )
                )
            start = due + dt.timedelta(days=1)
        return tuple(periods)

    def result(
        self, result: Result, path: str, position: int = 0, scheme: LevelScheme | None = None
    ) -> Any:
        """A ``<result>`` with its indicators.

        ``position`` is its place among the results written (from 1) and ``scheme`` the
        framework's levels: its own id and level go in resultsframe's namespace when IATI's
        position and result type would not give them back.
        """
        canonical: Attributes = {
            "type": codes.result_type(result.level),
            "aggregation-status": _boolean(result.aggregation_status),
        }
        element = _with_attributes(
            "result", "result", canonical, result.extensions, _result_meaning
        )
        if position and scheme is not None:
            self._own(element, ownfields.result_attributes(result, position, scheme))
        children = _title_and_description(
            "result", result.statement, result.description, result.narratives, result.extensions
        )
        children += [document_link_element(x) for x in result.document_links]
        children += [reference_element(x, "result") for x in result.references]
        children += [
            self.indicator(
                x, f"{path}/indicator[{n + 1}]", f"r{position}", n + 1 if position else 0
            )
            for n, x in enumerate(result.indicators)
        ]
        element.extend(_place(children, "result", result.extensions))
        return element

    # -- activities --

    _end: dt.date | None = None

    def activity(
        self,
        framework: Framework,
        index: int,
        identifier: str | None,
        reporting_org: ReportingOrg | None,
    ) -> Any:
        """An ``<iati-activity>`` for one framework."""
        path = f"/iati-activities/iati-activity[{index}]"
        self._start, self._end = framework.start, framework.end
        # Observations are of one framework: its actuals, not another's with the same ids.
        self._observed = observed.belong_to(self._observations, framework)
        self.observed_any = self.observed_any or self._observed
        extensions = framework.extensions
        kept = _kept_tags("iati-activity", extensions)
        element = _with_attributes("iati-activity", "iati-activity", {}, extensions)
        # A framework on the iati scheme, or that keeps its identifier, was read from IATI (or
        # made to be written to it): its activity is written as it is, with nothing required
        # made up; one from elsewhere gets what IATI requires of an activity from its fields.
        published = framework.levels.name == "iati" or "iati-identifier" in kept
        self._published = published
        children: list[Any] = []
        if "iati-identifier" not in kept and (identifier is not None or not published):
            if identifier is None:
                raise _no_identifier(framework)
            child = _new("iati-identifier")
            child.text = identifier
            children.append(child)
        if "reporting-org" not in kept and (reporting_org is not None or not published):
            if reporting_org is None:
                raise _no_reporting_org(framework)
            children.append(_reporting_org(reporting_org))
        titles = _roles(framework.narratives, "title")
        if titles:
            children.append(narratives_element("title", titles))
        elif "title" not in kept and not ext.is_absent(extensions, "iati-activity", "title"):
            children.append(narratives_element("title", [Narrative(framework.title)]))
        if not published:
            children += self._required(framework, reporting_org, path)
        n = 0
        left_out: list[tuple[int, Result]] = []
        for position, result in enumerate(framework, 1):
            if not result.indicators:
                self._note(
                    f"{path}/result",
                    f"result {result.id!r} has no indicator, which IATI requires of a result; "
                    "written only in resultsframe's namespace (rf:result), which IATI tools "
                    "pass over",
                )
                left_out.append((position, result))
                continue
            n += 1
            with exported.xml_text(framework.id, f"result {result.id!r}"):
                children.append(self.result(result, f"{path}/result[{n}]", n, framework.levels))
        element.extend(_place(children, "iati-activity", extensions))
        read_as = ownfields.read_as(framework, identifier, index)
        own = ownfields.framework_element(framework, read_as, left_out)
        if own is not None:
            element.append(own)
            self.own_used = True
        return element

    def _required(
        self, framework: Framework, reporting_org: ReportingOrg | None, path: str
    ) -> list[Any]:
        """Description, participants, status and dates, which IATI requires of an activity."""
        description = narratives_element(
            "description", [Narrative(framework.description or framework.title)]
        )
        description.set("type", "1")
        children = [description, *self._participants(framework, reporting_org, path)]
        children.append(_new("activity-status", {"code": "2"}))
        dates = [("1", framework.start), ("3", framework.end)]
        children += [
            _new("activity-date", {"iso-date": d.isoformat(), "type": t})
            for t, d in dates
            if d is not None
        ]
        if framework.start is None and framework.end is None:
            self._note(
                path,
                f"framework {framework.id!r} has no time frame: the activity has no "
                "activity-date, which IATI requires",
            )
        return children

    def _participants(
        self, framework: Framework, reporting_org: ReportingOrg | None, path: str
    ) -> list[Any]:
        names = list(framework.implementers)
        if not names and reporting_org is not None:
            self._note(
                path,
                f"framework {framework.id!r} names no implementers: the reporting organisation "
                "is written as the implementing one",
            )
            return [_participant(reporting_org.name, reporting_org.ref, reporting_org.type)]
        return [_participant(name, None, None) for name in names]


def _participant(name: str, ref: str | None, kind: str | None) -> Any:
    element = _new("participating-org", {"ref": ref, "role": "4", "type": kind})
    element.append(_narrative(name, None))
    return element


def _reporting_org(org: ReportingOrg) -> Any:
    element = _new("reporting-org", {"ref": org.ref, "type": org.type})
    element.append(_narrative(org.name, None))
    return element


def _result_meaning(attributes: Mapping[str, str | None]) -> object:
    return (
        codes.level_of(attributes.get("type")),
        codes.parse_boolean(attributes.get("aggregation-status")),
    )


def _no_identifier(framework: Framework) -> Exception:
    from resultsframe.exceptions import DocumentError, Problem

    return DocumentError(
        (
            Problem(
                "iati-identifier",
                "it was not read from IATI and has no IATI identifier: pass identifier= "
                "(on the command line --identifier), the activity's identifier, starting with "
                "the reporting organisation's",
            ),
        ),
        source=f"framework {framework.id!r}",
    )


def _no_reporting_org(framework: Framework) -> Exception:
    from resultsframe.exceptions import DocumentError, Problem

    return DocumentError(
        (
            Problem(
                "reporting-org",
                "it was not read from IATI and has no reporting organisation: pass "
                "reporting_org=ReportingOrg(ref, name, type) (on the command line "
                "--reporting-org, --reporting-org-name, --reporting-org-type)",
            ),
        ),
        source=f"framework {framework.id!r}",
    )
