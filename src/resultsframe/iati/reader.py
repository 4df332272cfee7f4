"""IATI activities read into frameworks, keeping everything under ``<result>``.

One framework per ``iati-activity`` that has results, on the ``iati`` level scheme (result
types 3, 2, 1, 9 → impact, outcome, output, other). Results and indicators get ids from their
positions (``r2``, ``r2.1``); IATI gives them none. What IATI holds goes where the model has a
place for it — narratives with their language and role, references, document links,
baselines, periods with their targets and actuals, dimensions, locations, comments — and the
rest is kept as :class:`~resultsframe.model.Extension` objects (see
:mod:`resultsframe.iati.extensions`): unknown elements and attributes, the spelling of attributes
the model reads into a value, and known elements the model cannot hold exactly. Values keep the
published text in ``text`` next to the value read from it (see
:func:`resultsframe.iati.codes.read_value`).

The rest of the activity (identifier, reporting organisation, budgets, transactions …) is kept
with the framework as extensions, so that writing it gives the activity back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import deepcopy
from typing import Any

from resultsframe.framework import Framework
from resultsframe.iati import codes, ownfields, writer
from resultsframe.iati import extensions as ext
from resultsframe.iati.source import ActivityContext, lxml_etree
from resultsframe.levels import SCHEMES
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
    Measure,
    Narrative,
    Reference,
    ReportingPeriod,
    Result,
    Target,
)
from resultsframe.periods import Period
from resultsframe.units import Unit
from resultsframe.values import Pending, is_not_available

__all__ = [
    "UNTITLED",
    "display_text",
    "element_form",
    "framework_from",
    "period_targets",
    "read_narratives",
]

#: The statement or name given to a result or indicator whose title has no text.
UNTITLED = "(no title)"
_XML_LANG = f"{{{ext.XML_NS}}}lang"
_UNSAFE_ID = re.compile(r"[\s:]+")


def _children(element: Any) -> Iterator[tuple[int, Any]]:
    """The element children (not comments), with their positions from 1."""
    n = 0
    for child in element:
        if isinstance(child.tag, str):
            n += 1
            yield n, child


def element_form(element: Any) -> tuple[Any, ...]:
    """What an element says, for comparing two elements: names, attributes, text, children.

    Whitespace between elements does not count; a narrative's text counts exactly.
    """
    text = element.text or ""
    if element.tag != "narrative":
        text = text.strip()
    children = tuple(
        (element_form(child), (child.tail or "").strip()) for _, child in _children(element)
    )
    return (element.tag, tuple(sorted(element.attrib.items())), text, children)


def _xml(element: Any) -> str:
    """An element's exact XML, declaring only the namespaces it uses."""
    etree = lxml_etree()
    alone = deepcopy(element)
    etree.cleanup_namespaces(alone)
    text: str = etree.tostring(alone, encoding="unicode", with_tail=False)
    return text


def read_narratives(element: Any, role: str) -> list[Narrative] | None:
    """The narratives of a plain ``<title>``/``<description>``; None if it is not plain.

    Plain: no attributes, no text of its own, one or more ``<narrative>`` children with text
    and at most ``xml:lang``.
    """
    if element.attrib or (element.text or "").strip():
        return None
    found = []
    for child in element:
        if (
            child.tag != "narrative"
            or set(child.attrib) - {_XML_LANG}
            or len(child)
            or (child.tail or "").strip()
        ):
            return None
        found.append(Narrative(child.text or "", child.get(_XML_LANG), role))
    return found or None


def _comments(element: Any) -> list[Comment] | None:
    narratives = read_narratives(element, "comment")
    if narratives is None or any(not n.text.strip() for n in narratives):
        return None
    return [Comment(n.text, lang=n.lang) for n in narratives]


def display_text(element: Any | None) -> str | None:
    """The first non-empty narrative text of an element, stripped, for display."""
    if element is None:
        return None
    for narrative in element.iter("narrative"):
        if narrative.text and narrative.text.strip():
            return " ".join(narrative.text.split())
    return None


def _exact(made: Any, element: Any) -> bool:
    return element_form(made) == element_form(element)


def _bare(element: Any, names: set[str]) -> bool:
    """Whether an element has exactly these attributes, no children and no text.

    The model then holds it exactly, without writing it to compare.
    """
    return set(element.attrib) == names and len(element) == 0 and not (element.text or "").strip()


def _dimension(element: Any) -> Dimension | None:
    if _bare(element, {"name", "value"}):
        return Dimension(element.get("name"), element.get("value"))
    try:
        made = Dimension(element.get("name"), element.get("value"))
    except (TypeError, ValueError):
        return None
    return made if _exact(writer.dimension_element(made), element) else None


def _location(element: Any) -> Location | None:
    if _bare(element, {"ref"}):
        return Location(element.get("ref"))
    try:
        made = Location(element.get("ref"))
    except (TypeError, ValueError):
        return None
    return made if _exact(writer.location_element(made), element) else None


def _reference(element: Any, of: str) -> Reference | None:
    try:
        if of == "indicator":
            made = Reference(
                vocabulary=element.get("vocabulary"),
                code=element.get("code"),
                uri=element.get("indicator-uri"),
            )
        else:
            made = Reference(
                vocabulary=element.get("vocabulary"),
                code=element.get("code"),
                vocabulary_uri=element.get("vocabulary-uri"),
            )
    except (TypeError, ValueError):
        return None
    return made if _exact(writer.reference_element(made, of), element) else None


def _document_link(element: Any) -> DocumentLink | None:
    narratives: list[Narrative] = []
    categories: list[str] = []
    languages: list[str] = []
    day = None
    for _, child in _children(element):
        if child.tag in ("title", "description"):
            found = read_narratives(child, child.tag)
            if found is None:
                return None
            narratives += found
        elif child.tag in ("category", "language") and child.get("code") is not None:
            (categories if child.tag == "category" else languages).append(child.get("code"))
        elif child.tag == "document-date":
            day = codes.iso_date(child.get("iso-date"))
        else:
            return None
    titles = [n.text for n in narratives if n.role == "title"]
    descriptions = [n.text for n in narratives if n.role == "description"]
    try:
        made = DocumentLink(
            element.get("url"),
            format=element.get("format"),
            title=titles[0] if titles else None,
            description=descriptions[0] if descriptions else None,
            categories=categories,
            languages=languages,
            date=day,
            narratives=tuple(narratives),
        )
    except (TypeError, ValueError):
        return None
    return made if _exact(writer.document_link_element(made), element) else None


def _spellings(element: Any, holder: str, canonical: dict[str, str | None]) -> list[Extension]:
    """Extensions for attributes published otherwise than the model writes them, or unknown."""
    found = []
    for name, written in canonical.items():
        published = element.get(name)
        if published != written:
            found.append(
                ext.absent(holder, f"@{name}")
                if published is None
                else ext.attribute(holder, name, published, element.nsmap)
            )
    found += [
        ext.attribute(holder, name, value, element.nsmap)
        for name, value in element.attrib.items()
        if name not in canonical
    ]
    return found


def _boolean(value: bool | None) -> str | None:
    return None if value is None else ("1" if value else "0")


class _ActivityReader:
    """Reads one activity; ids are made from positions."""

    def __init__(self, context: ActivityContext) -> None:
        self.context = context

    # -- values --

    def _values(
        self, element: Any, kind: str, measure: Measure, unit: Unit | None
    ) -> tuple[dict[str, Any], list[Extension]]:
        """What a baseline, target and actual share: value, locations, dimensions, comments, links."""
        text = element.get("value")
        fields: dict[str, Any] = {
            "value": codes.read_value(text, measure, unit),
            "text": text,
            "locations": [],
            "dimensions": [],
            "comments": [],
            "document_links": [],
        }
        extensions: list[Extension] = []
        commented = False
        for position, child in _children(element):
            made: Any = None
            if child.tag == "location":
                made = _location(child)
                if made is not None:
                    fields["locations"].append(made)
            elif child.tag == "dimension":
                made = _dimension(child)
                if made is not None:
                    fields["dimensions"].append(made)
            elif child.tag == "comment" and not commented:
                commented = True
                made = _comments(child)
                if made is not None:
                    fields["comments"] = made
            elif child.tag == "document-link":
                made = _document_link(child)
                if made is not None:
                    fields["document_links"].append(made)
            if made is None:
                extensions.append(ext.element(kind, position, _xml(child)))
        return fields, extensions

    def _baseline(self, element: Any, measure: Measure, unit: Unit | None) -> Baseline:
        period = codes.baseline_period(element.get("year"), element.get("iso-date"))
        fields, extensions = self._values(element, "baseline", measure, unit)
        text = fields["text"]
        # "N/A": a baseline still to come, as the model reads it; an actual's "N/A" is not.
        if fields["value"] is None and text and measure is not Measure.QUALITATIVE:
            fields["value"] = Pending(text.strip(), unit) if is_not_available(text) else None
        canonical = {
            "year": f"{period.start.year:04d}" if period is not None else None,
            "iso-date": period.text if period is not None and len(period.text) == 10 else None,
            "value": element.get("value"),
        }
        extensions = _spellings(element, "baseline", canonical) + extensions
        return Baseline(period=period, extensions=tuple(extensions), **fields)

    def _target(self, element: Any, measure: Measure, unit: Unit | None) -> Target:
        fields, extensions = self._values(element, "target", measure, unit)
        extensions = _spellings(element, "target", {"value": element.get("value")}) + extensions
        return Target(extensions=tuple(extensions), **fields)

    def _actual(self, element: Any, measure: Measure, unit: Unit | None) -> Actual:
        fields, extensions = self._values(element, "actual", measure, unit)
        extensions = _spellings(element, "actual", {"value": element.get("value")}) + extensions
        return Actual(extensions=tuple(extensions), **fields)

    def _period(self, element: Any, measure: Measure, unit: Unit | None) -> ReportingPeriod | None:
        """A reporting period; None when its dates cannot be read (it is then kept whole)."""
        extensions = _spellings(element, "period", {})
        edges: dict[str, Any] = {}
        targets: list[Target] = []
        actuals: list[Actual] = []
        for position, child in _children(element):
            if child.tag in ("period-start", "period-end") and child.tag not in edges:
                edges[child.tag] = child
            elif child.tag == "target":
                targets.append(self._target(child, measure, unit))
            elif child.tag == "actual":
                actuals.append(self._actual(child, measure, unit))
            else:
                extensions.append(ext.element("period", position, _xml(child)))
        if len(edges) < 2:
            return None
        days = [
            codes.iso_date(edges[tag].get("iso-date")) for tag in ("period-start", "period-end")
        ]
        start, end = days
        if start is None or end is None or end < start:
            return None
        for tag, day in zip(("period-start", "period-end"), days, strict=True):
            edge = edges[tag]
            holder = f"period/{tag}"
            extensions += _spellings(edge, holder, {"iso-date": day.isoformat() if day else None})
            extensions += [
                ext.element(holder, position, _xml(child)) for position, child in _children(edge)
            ]
        return ReportingPeriod(
            Period(start, end, f"{start.isoformat()}/{end.isoformat()}"),
            targets=tuple(targets),
            actuals=tuple(actuals),
            extensions=tuple(extensions),
        )

    # -- indicators and results --

    @staticmethod
    def _titled(child: Any, seen: set[str]) -> list[Narrative] | None:
        if child.tag not in ("title", "description") or child.tag in seen:
            return None
        seen.add(child.tag)
        return read_narratives(child, child.tag)

    def indicator(self, element: Any, indicator_id: str) -> Indicator:
        """An ``<indicator>`` with its baselines and periods."""
        measure = codes.measure_of(element.get("measure"))
        unit = codes.unit_of(measure)
        direction = codes.direction_of(element.get("ascending"))
        aggregation = codes.parse_boolean(element.get("aggregation-status"))
        canonical = {
            "measure": codes.measure_code(measure),
            "ascending": "0" if direction is Direction.DECREASE else "1",
            "aggregation-status": _boolean(aggregation),
        }
        extensions = _spellings(element, "indicator", canonical)
        narratives: list[Narrative] = []
        seen: set[str] = set()
        links: list[DocumentLink] = []
        references: list[Reference] = []
        baselines: list[Baseline] = []
        periods: list[ReportingPeriod] = []
        title = None
        for position, child in _children(element):
            made: Any = None
            if child.tag == "title" and title is None:
                title = child
            found = self._titled(child, seen)
            if found is not None:
                narratives += found
                continue
            if child.tag == "document-link":
                made = _document_link(child)
                if made is not None:
                    links.append(made)
            elif child.tag == "reference":
                made = _reference(child, "indicator")
                if made is not None:
                    references.append(made)
            elif child.tag == "baseline":
                made = self._baseline(child, measure, unit)
                baselines.append(made)
            elif child.tag == "period":
                made = self._period(child, measure, unit)
                if made is not None:
                    periods.append(made)
            if made is None:
                extensions.append(ext.element("indicator", position, _xml(child)))
        if title is None:
            extensions.append(ext.absent("indicator", "title"))
        descriptions = [n.text for n in narratives if n.role == "description" and n.text.strip()]
        return Indicator(
            indicator_id,
            display_text(title) or UNTITLED,
            measure=measure,
            unit=unit,
            direction=direction,
            baselines=tuple(baselines),
            targets=period_targets(periods),
            description=descriptions[0] if descriptions else None,
            references=tuple(references),
            periods=tuple(periods),
            narratives=tuple(narratives),
            document_links=tuple(links),
            aggregation_status=aggregation,
            extensions=tuple(extensions),
        )

    def result(self, element: Any, result_id: str) -> Result:
        """A ``<result>`` with its indicators."""
        level = codes.level_of(element.get("type"))
        aggregation = codes.parse_boolean(element.get("aggregation-status"))
        canonical = {"type": codes.result_type(level), "aggregation-status": _boolean(aggregation)}
        extensions = _spellings(element, "result", canonical)
        narratives: list[Narrative] = []
        seen: set[str] = set()
        links: list[DocumentLink] = []
        references: list[Reference] = []
        indicators: list[Indicator] = []
        title = None
        for position, child in _children(element):
            made: Any = None
            if child.tag == "title" and title is None:
                title = child
            found = self._titled(child, seen)
            if found is not None:
                narratives += found
                continue
            if child.tag == "document-link":
                made = _document_link(child)
                if made is not None:
                    links.append(made)
            elif child.tag == "reference":
                made = _reference(child, "result")
                if made is not None:
                    references.append(made)
            elif child.tag == "indicator":
                made = self.indicator(child, f"{result_id}.{len(indicators) + 1}")
                indicators.append(made)
            if made is None:
                extensions.append(ext.element("result", position, _xml(child)))
        if title is None:
            extensions.append(ext.absent("result", "title"))
        descriptions = [n.text for n in narratives if n.role == "description" and n.text.strip()]
        return Result(
            result_id,
            level,
            display_text(title) or UNTITLED,
            description=" ".join(descriptions[0].split()) if descriptions else None,
            indicators=tuple(indicators),
            references=tuple(references),
            narratives=tuple(narratives),
            document_links=tuple(links),
            aggregation_status=aggregation,
            extensions=tuple(extensions),
        )

    def framework(self, element: Any) -> Framework | None:
        """The activity as a framework; None when it has no results (of IATI or resultsframe)."""
        if element.find("result") is None and element.find(ownfields.FRAMEWORK) is None:
            return None
        extensions = [
            ext.attribute("iati-activity", name, value, element.nsmap)
            for name, value in element.attrib.items()
        ]
        narratives: list[Narrative] = []
        results: list[Result] = []
        title = None
        for position, child in _children(element):
            if child.tag == "result":
                results.append(self.result(child, f"r{len(results) + 1}"))
                continue
            if child.tag == "title" and title is None:
                title = child
                found = read_narratives(child, "title")
                if found is not None:
                    narratives += found
                    continue
            extensions.append(ext.element("iati-activity", position, _xml(child)))
        if title is None:
            extensions.append(ext.absent("iati-activity", "title"))
        identifier = " ".join((element.findtext("iati-identifier") or "").split())
        start, end = _time_frame(element)
        description = display_text(element.find("description"))
        return Framework(
            _UNSAFE_ID.sub("_", identifier) or f"activity-{self.context.index}",
            display_text(title) or identifier or f"IATI activity {self.context.index}",
            tuple(results),
            levels=SCHEMES["iati"],
            start=start,
            end=end,
            description=description,
            narratives=tuple(narratives),
            extensions=tuple(extensions),
        )


def period_targets(periods: list[ReportingPeriod]) -> tuple[Target, ...]:
    """The indicator's targets: each period's whole target, due at the period's end, in date order.

    The last is the final target and the earlier ones its milestones (the World Bank's YR1 …
    YR5 are periods of one year each). A period's whole target is its only target, or else the
    one with no dimension and no location. Two periods that end on the same day give one
    target, the first period's in the file's order.

    >>> from datetime import date
    >>> from resultsframe.periods import Period
    >>> def period(year: int, value: int) -> ReportingPeriod:
    ...     start, end = date(year, 1, 1), date(year, 12, 31)
    ...     return ReportingPeriod(Period(start, end, f"{start}/{end}"), targets=[Target(value)])
    >>> [(t.due.year, t.value) for t in period_targets([period(2021, 60), period(2020, 40)])]
    [(2020, 40), (2021, 60)]
    """
    found: dict[Any, Target] = {}
    for period in periods:
        end = period.period.end
        if end in found:
            continue
        targets = period.targets
        whole = (
            targets[0]
            if len(targets) == 1
            else next((t for t in targets if not t.dimensions and not t.locations), None)
        )
        if whole is not None:
            found[end] = Target(whole.value, due=end, text=whole.text)
    return tuple(found[end] for end in sorted(found))


def _time_frame(element: Any) -> tuple[Any, Any]:
    dates = {
        child.get("type"): codes.iso_date(child.get("iso-date"))
        for child in element.iterchildren("activity-date")
    }
    start = dates.get("2") or dates.get("1")
    end = dates.get("4") or dates.get("3")
    if start is not None and end is not None and end < start:
        end = None
    return start, end


def framework_from(element: Any, context: ActivityContext) -> Framework | None:
    """The framework of one ``iati-activity`` element; None when it has no results.

    What resultsframe wrote in its own namespace is put back (see
    :mod:`resultsframe.iati.ownfields`).
    """
    framework = _ActivityReader(context).framework(element)
    return None if framework is None else ownfields.apply(framework)
