"""What IATI has no field for, written in resultsframe's own XML namespace and read back.

IATI lets a publisher add attributes and elements of another namespace almost anywhere (the
2.03 schema's ``xsd:any namespace="##other"``); validators and other readers pass over them.
A framework exported to IATI keeps there what IATI cannot say, so that importing the file gives
the framework back:

- on ``<result>``: ``rf:id`` (the result's id) and ``rf:level`` (its level in the framework's
  scheme), and ``rf:statement`` and ``rf:description`` when their spaces would not come back
  from a narrative (which is read as its words, one space between them);
- on ``<indicator>``: ``rf:id``, ``rf:name`` (as for a statement), ``rf:unit`` (``case``,
  ``USD``), ``rf:measure`` (a ratio or yes/no indicator, written as IATI measure 1),
  ``rf:weight``, ``rf:source`` and ``rf:verification``;
- ``<rf:baseline value="TBD" period="2015"/>`` and ``<rf:target value="XX%" due="2020-12-31"/>``
  at the end of ``<indicator>``: a baseline or target not known yet, which IATI cannot hold
  (see :mod:`resultsframe.iati.exported`);
- one ``<rf:framework>`` at the end of ``<iati-activity>``: the framework's id, its title (as
  for a statement), its level scheme, the counting units it declares
  (``<rf:counting-unit name="ward" plural="wards"/>``), the results IATI cannot hold (a result
  without an indicator), and the links between results (``<rf:link child= parent= weight=>``).

Each is written only when it says something IATI does not: a framework read from IATI and
written back gains nothing, and a result whose id is IATI's own position (``r2``) gets no
``rf:id``. Reading a file (:func:`apply`) puts them back into the model; when they do not make a
framework (a file edited by hand so that a link names a result that is not there …), the
activity is read as plain IATI and the namespace's attributes and elements are kept as
extensions, as any other namespace's are.

>>> NS
'https://resultsframe.readthedocs.io/xmlns/iati/1'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import attrs

from resultsframe.exceptions import ResultsframeError
from resultsframe.framework import Framework
from resultsframe.iati import codes
from resultsframe.iati import extensions as ext
from resultsframe.levels import SCHEMES, LevelScheme
from resultsframe.model import Baseline, Extension, Indicator, Link, Measure, Result, Target
from resultsframe.units import CountingUnit, Quantity, Unit, format_unit, parse_unit
from resultsframe.values import Pending, Value

__all__ = [
    "FRAMEWORK",
    "NS",
    "PREFIX",
    "apply",
    "framework_element",
    "indicator_attributes",
    "read_as",
    "read_id",
    "result_attributes",
    "target_element",
]

#: resultsframe's namespace in IATI files.
NS = "https://resultsframe.readthedocs.io/xmlns/iati/1"
#: The prefix it is written with.
PREFIX = "rf"
#: The element that holds a framework's own fields (its Clark name).
FRAMEWORK = f"{{{NS}}}framework"

_TEXTS = ("source", "verification")
_LAST = date.max


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _displayed(text: str) -> str:
    """A title as the reader gives it from a narrative: its words, one space between them."""
    return " ".join(text.split())


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def read_id(identifier: str, index: int) -> str:
    """The framework id the reader gives an activity: its identifier, made a usable id."""
    return re.sub(r"[\s:]+", "_", " ".join(identifier.split())) or f"activity-{index}"


def read_as(framework: Framework, identifier: str | None, index: int) -> str | None:
    """The framework id the reader will give the ``index``-th activity written, if known."""
    if identifier is None:
        for _, content in ext.elements_of(framework.extensions, "iati-activity"):
            if ext.element_tag(content) == "iati-identifier":
                identifier = ext.parse_element(content).text or ""
                break
    return None if identifier is None else read_id(identifier, index)


# --- writing -------------------------------------------------------------------------------


def result_attributes(result: Result, position: int, scheme: LevelScheme) -> dict[str, str]:
    """``rf:id`` and ``rf:level`` for the ``position``-th result written (from 1), when needed."""
    found: dict[str, str] = {}
    if result.id != f"r{position}":
        found[_q("id")] = result.id
    for name in ("statement", "description"):
        text = getattr(result, name)
        if text is not None and _displayed(text) != text:
            found[_q(name)] = text
    if scheme.name != "iati" or codes.level_of(codes.result_type(result.level)) != result.level:
        found[_q("level")] = result.level
    return found


def indicator_attributes(indicator: Indicator, result_id: str, position: int) -> dict[str, str]:
    """The indicator's own attributes IATI has no field for, when they say something."""
    found: dict[str, str] = {}
    if indicator.id != f"{result_id}.{position}":
        found[_q("id")] = indicator.id
    if _displayed(indicator.name) != indicator.name:
        found[_q("name")] = indicator.name
    measure = codes.measure_of(codes.measure_code(indicator.measure))
    if measure is not indicator.measure:
        found[_q("measure")] = indicator.measure.value
    if indicator.unit != codes.unit_of(measure):
        found[_q("unit")] = "" if indicator.unit is None else format_unit(indicator.unit)
    if indicator.weight != 1:
        found[_q("weight")] = _number(indicator.weight)
    for name in _TEXTS:
        text = getattr(indicator, name)
        if text is not None:
            found[_q(name)] = text
    return found


def framework_element(
    framework: Framework, read_as: str | None, left_out: Sequence[tuple[int, Result]]
) -> Any | None:
    """``<rf:framework>``: id, level scheme, results IATI cannot hold, links; None if not needed.

    Args:
        framework: The framework written.
        read_as: The id the reader will give the activity (see :func:`read_id`), if known.
        left_out: The results not written as ``<result>``, with their positions (from 1) in
            the framework.
    """
    from resultsframe.iati.source import lxml_etree

    etree = lxml_etree()
    element = etree.Element(_q("framework"), nsmap={PREFIX: NS})
    if framework.id != read_as:
        element.set("id", framework.id)
    if _displayed(framework.title) != framework.title:
        element.set("title", framework.title)
    if framework.levels != SCHEMES["iati"]:
        element.set("scheme", framework.levels.name)
        element.set("levels", " ".join(framework.levels.levels))
    for position, result in left_out:
        child = etree.SubElement(
            element, _q("result"), id=result.id, level=result.level, position=str(position)
        )
        etree.SubElement(child, _q("statement")).text = result.statement
        if result.description is not None:
            etree.SubElement(child, _q("description")).text = result.description
    for unit in framework.units:
        child = etree.SubElement(element, _q("counting-unit"), name=unit.name)
        for name in ("plural", "description"):
            if getattr(unit, name) is not None:
                child.set(name, getattr(unit, name))
    for link in framework.links:
        child = etree.SubElement(element, _q("link"), child=link.child, parent=link.parent)
        if link.weight != 1:
            child.set("weight", _number(link.weight))
    if not element.attrib and not len(element):
        return None
    return element


def baseline_element(baseline: Baseline) -> Any:
    """``<rf:baseline>``: a baseline IATI cannot hold (not known yet)."""
    from resultsframe.iati.source import lxml_etree

    value = baseline.value
    text = value.text if isinstance(value, Pending) else str(value)
    element = lxml_etree().Element(_q("baseline"), nsmap={PREFIX: NS}, value=text)
    if baseline.period is not None:
        element.set("period", baseline.period.text)
    if baseline.text is not None:
        element.set("text", baseline.text)
    return element


def target_element(target: Target) -> Any:
    """``<rf:target>``: a target IATI cannot hold (pending, or relative to an unknown baseline)."""
    from resultsframe.iati.source import lxml_etree

    value = target.value
    text = value.text if isinstance(value, Pending) else str(value)
    element = lxml_etree().Element(_q("target"), nsmap={PREFIX: NS}, value=text)
    if target.due is not None:
        element.set("due", target.due.isoformat())
    if target.text is not None:
        element.set("text", target.text)
    return element


# --- reading -------------------------------------------------------------------------------


def _own_attributes(
    extensions: Sequence[Extension], holder: str
) -> tuple[dict[str, str], tuple[Extension, ...]]:
    """The namespace's attributes kept for ``holder`` (by local name), and the other extensions."""
    own: dict[str, str] = {}
    rest: list[Extension] = []
    prefix = f"{holder}/@"
    for extension in extensions:
        if extension.format == ext.FORMAT and extension.where.startswith(prefix):
            found, _ = ext.attributes_of([extension], holder)
            names = [name for name in found if name.startswith(f"{{{NS}}}")]
            if names and len(found) == 1:
                value = found[names[0]]
                if value is not None:
                    own[names[0][len(NS) + 2 :]] = value
                    continue
        rest.append(extension)
    return own, tuple(rest)


def _framework_element(extensions: Sequence[Extension]) -> tuple[Any | None, tuple[Extension, ...]]:
    found = None
    rest: list[Extension] = []
    for extension in extensions:
        if (
            found is None
            and extension.format == ext.FORMAT
            and extension.where.startswith("iati-activity/*[")
            and ext.element_tag(extension.content).endswith(":framework")
        ):
            element = ext.parse_element(extension.content)
            if element.tag == _q("framework"):
                found = element
                continue
        rest.append(extension)
    return found, tuple(rest)


def _own_values(
    extensions: Sequence[Extension],
) -> tuple[list[Baseline], list[Target], tuple[Extension, ...]]:
    baselines: list[Baseline] = []
    targets: list[Target] = []
    rest: list[Extension] = []
    for extension in extensions:
        tag = ext.element_tag(extension.content)
        if (
            extension.format == ext.FORMAT
            and extension.where.startswith("indicator/*[")
            and (tag.endswith(":target") or tag.endswith(":baseline"))
        ):
            element = ext.parse_element(extension.content)
            value, text = element.get("value"), element.get("text")
            if element.tag == _q("target"):
                targets.append(Target(value, due=element.get("due"), text=text))
                continue
            if element.tag == _q("baseline"):
                baselines.append(Baseline(value, period=element.get("period"), text=text))
                continue
        rest.append(extension)
    return baselines, targets, tuple(rest)


def _in_unit(value: Value | None, unit: Unit | None) -> Value | None:
    if isinstance(value, Quantity):
        return Quantity(value.magnitude, unit if unit is not None else parse_unit(""))
    # A pending value keeps the unit it was read with (its text's: "XX%" is in percent).
    return value


def _measured(items: Iterable[Any], unit: Unit | None) -> tuple[Any, ...]:
    return tuple(attrs.evolve(item, value=_in_unit(item.value, unit)) for item in items)


def _indicator(indicator: Indicator) -> Indicator:
    own, rest = _own_attributes(indicator.extensions, "indicator")
    pending_baselines, pending, rest = _own_values(rest)
    if not own and not pending and not pending_baselines:
        return indicator
    changes: dict[str, Any] = {"extensions": rest}
    for name in ("id", "name"):
        if name in own:
            changes[name] = own[name]
    if "measure" in own:
        measure = Measure(own["measure"])
        if (measure is Measure.QUALITATIVE) != (indicator.measure is Measure.QUALITATIVE):
            raise ValueError("a qualitative measure is IATI's own")
        changes["measure"] = measure
    for name in _TEXTS:
        if name in own:
            changes[name] = own[name]
    if "weight" in own:
        changes["weight"] = float(own["weight"])
    if "unit" in own:
        unit = parse_unit(own["unit"]) if own["unit"] else None
        changes["unit"] = unit
        changes["baselines"] = _measured(indicator.baselines, unit)
        changes["targets"] = _measured(indicator.targets, unit)
        changes["periods"] = tuple(
            attrs.evolve(p, targets=_measured(p.targets, unit), actuals=_measured(p.actuals, unit))
            for p in indicator.periods
        )
    if pending_baselines:
        changes["baselines"] = (*changes.get("baselines", indicator.baselines), *pending_baselines)
    if pending:
        # In date order, as an indicator's targets are; those IATI holds first on a tie.
        targets = [*changes.get("targets", indicator.targets), *pending]
        changes["targets"] = tuple(sorted(targets, key=lambda t: t.due or _LAST))
    return attrs.evolve(indicator, **changes)


def _result(result: Result) -> Result:
    own, rest = _own_attributes(result.extensions, "result")
    indicators = tuple(_indicator(i) for i in result.indicators)
    if not own and all(a is b for a, b in zip(indicators, result.indicators, strict=True)):
        return result
    changes: dict[str, Any] = {"extensions": rest, "indicators": indicators}
    for name in ("id", "level", "statement", "description"):
        if name in own:
            changes[name] = own[name]
    return attrs.evolve(result, **changes)


def _results_left_out(element: Any) -> list[tuple[int, Result]]:
    found = []
    for child in element.iterchildren(_q("result")):
        statement = child.findtext(_q("statement"))
        result = Result(
            child.get("id"),
            child.get("level"),
            statement,
            description=child.findtext(_q("description")),
        )
        found.append((int(child.get("position")), result))
    return sorted(found, key=lambda item: item[0])


def _own(framework: Framework) -> Framework:
    element, rest = _framework_element(framework.extensions)
    changes: dict[str, Any] = {}
    if element is not None:
        # Declared first: making a counting unit defines it, for the indicators' units.
        changes["units"] = tuple(
            CountingUnit(c.get("name"), c.get("plural"), c.get("description"))
            for c in element.iterchildren(_q("counting-unit"))
        )
    results = [_result(r) for r in framework]
    if element is not None:
        changes["extensions"] = rest
        for name in ("id", "title"):
            if element.get(name) is not None:
                changes[name] = element.get(name)
        if element.get("levels") is not None:
            changes["levels"] = LevelScheme(
                element.get("scheme") or "own", element.get("levels").split()
            )
        for position, result in _results_left_out(element):
            results.insert(min(position - 1, len(results)), result)
        changes["links"] = tuple(
            Link(c.get("child"), c.get("parent"), float(c.get("weight") or 1))
            for c in element.iterchildren(_q("link"))
        )
    if not changes and all(a is b for a, b in zip(results, framework, strict=True)):
        return framework
    # A framework is checked as a whole when it is made: its results, levels and links at once.
    return attrs.evolve(framework, results=tuple(results), **changes)


def apply(framework: Framework) -> Framework:
    """The framework with what was written in resultsframe's namespace put back in the model.

    When that does not make a framework, the framework as read from IATI alone, with the
    namespace's attributes and elements kept as extensions.
    """
    try:
        return _own(framework)
    except (ResultsframeError, ValueError, TypeError):
        return framework
