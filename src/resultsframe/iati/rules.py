"""The IATI rules on results, checked on the file as published.

Rule ids and wording are those of the IATI Validator's ruleset (IATI-data-validator,
``rules/iati/results.xslt`` and ``codelists.xslt``). Rules 8.8 to 8.10 apply to IATI 2.03
(as in the Validator); the others to every version.

=======  ========  ===========================================================================
rule     severity  what
=======  ========  ===========================================================================
8.6.1    error     a period starts after it ends
8.8.1    error     a non-qualitative indicator's baseline has no value (measure 1–4)
8.8.2    warning   … its value is not a number (``xsd:decimal``: no comma, no text)
8.8.3    warning   a qualitative indicator's baseline has a value (measure 5)
8.9.1–3  …         the same for targets
8.10.1–3 …         the same for actuals
8.11.1   error     a reference code on both the result and its indicator
9.55.1   error     result type not in the ResultType codelist
9.60.1   error     indicator measure not in the IndicatorMeasure codelist
9.74.1   error     indicator reference vocabulary not in the IndicatorVocabulary codelist
9.75.1   error     result reference vocabulary not in the ResultVocabulary codelist
date     warning   a period's date is not an ISO date, so the period cannot be used
direction warning  ``ascending="0"`` while the target is above the baseline (or ``1`` and below):
                   progress runs from the baseline to the target whatever the flag says, so
                   one of the two is likely wrong
=======  ========  ===========================================================================
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from resultsframe.iati import codes
from resultsframe.iati.findings import Finding
from resultsframe.iati.source import ActivityContext

__all__ = ["check_activity"]

_NON_QUALITATIVE = frozenset({"1", "2", "3", "4"})
_VALUE_RULES = {"baseline": "8.8", "target": "8.9", "actual": "8.10"}
_NOUN = {"baseline": "baseline", "target": "target", "actual": "actual"}


class _Checker:
    def __init__(self, context: ActivityContext, identifier: str | None) -> None:
        self.context = context
        self.identifier = identifier
        version = (context.version or "").strip()
        self.is_203 = version >= "2.03"
        self.findings: list[Finding] = []

    def add(self, rule: str, severity: str, path: str, element: Any, message: str) -> None:
        self.findings.append(
            Finding(rule, path, message, severity, element.sourceline, self.identifier)
        )

    def result(self, result: Any, path: str) -> None:
        code = result.get("type")
        if code not in codes.RESULT_TYPES:
            shown = "no type" if code is None else f"the type {code!r}"
            self.add(
                "9.55.1",
                "error",
                f"{path}/@type",
                result,
                f"The result type is invalid: {shown}; ResultType codes are 1 output, "
                "2 outcome, 3 impact, 9 other.",
            )
        references = list(result.iterchildren("reference"))
        for n, reference in enumerate(references, 1):
            vocabulary = reference.get("vocabulary")
            if vocabulary not in codes.RESULT_VOCABULARIES:
                self.add(
                    "9.75.1",
                    "error",
                    f"{path}/reference[{n}]/@vocabulary",
                    reference,
                    f"The result reference code vocabulary is invalid: {vocabulary!r}; the "
                    "ResultVocabulary codelist has 99 (reporting organisation).",
                )
        for n, indicator in enumerate(result.iterchildren("indicator"), 1):
            self.indicator(indicator, f"{path}/indicator[{n}]", bool(references))

    def indicator(self, indicator: Any, path: str, result_referenced: bool) -> None:
        measure = indicator.get("measure")
        if measure not in codes.INDICATOR_MEASURES:
            shown = "none" if measure is None else repr(measure)
            self.add(
                "9.60.1",
                "error",
                f"{path}/@measure",
                indicator,
                f"The indicator measure is invalid: {shown}; IndicatorMeasure codes are "
                "1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative.",
            )
        references = list(indicator.iterchildren("reference"))
        for n, reference in enumerate(references, 1):
            vocabulary = reference.get("vocabulary")
            if vocabulary not in codes.INDICATOR_VOCABULARIES:
                self.add(
                    "9.74.1",
                    "error",
                    f"{path}/reference[{n}]/@vocabulary",
                    reference,
                    f"The indicator reference code vocabulary is invalid: {vocabulary!r}.",
                )
        if references and result_referenced:
            self.add(
                "8.11.1",
                "error",
                f"{path}/reference[1]",
                references[0],
                "A reference code must only be declared at result OR result indicator level: "
                "this indicator and its result both have one.",
            )
        for n, baseline in enumerate(indicator.iterchildren("baseline"), 1):
            self.value(baseline, "baseline", f"{path}/baseline[{n}]", measure)
        for n, period in enumerate(indicator.iterchildren("period"), 1):
            self.period(period, f"{path}/period[{n}]", measure)
        self.direction(indicator, path)

    def period(self, period: Any, path: str, measure: str | None) -> None:
        days = []
        for tag in ("period-start", "period-end"):
            edge = period.find(tag)
            raw = edge.get("iso-date") if edge is not None else None
            day = codes.iso_date(raw)
            days.append(day)
            if day is None:
                self.add(
                    "date",
                    "warning",
                    f"{path}/{tag}/@iso-date",
                    edge if edge is not None else period,
                    f"The {tag} is {'missing' if raw is None else repr(raw)}, not an ISO date "
                    "(YYYY-MM-DD): the period is kept but cannot be used for progress.",
                )
        start, end = days
        if start is not None and end is not None and start > end:
            self.add(
                "8.6.1",
                "error",
                f"{path}/period-start/@iso-date",
                period,
                f"The start date of the indicator period must be before the end date: it starts "
                f"{start.isoformat()} and ends {end.isoformat()}.",
            )
        for kind in ("target", "actual"):
            for n, item in enumerate(period.iterchildren(kind), 1):
                self.value(item, kind, f"{path}/{kind}[{n}]", measure)

    def value(self, element: Any, kind: str, path: str, measure: str | None) -> None:
        if not self.is_203:
            return
        rule = _VALUE_RULES[kind]
        value = element.get("value")
        noun = _NOUN[kind]
        if measure in _NON_QUALITATIVE:
            if value is None:
                self.add(
                    f"{rule}.1",
                    "error",
                    path,
                    element,
                    f"The {noun} must have a value when the indicator measure is "
                    f"non-qualitative (measure {measure}).",
                )
            elif not codes.is_decimal(value):
                hint = (
                    " (a decimal comma or a thousands separator? IATI numbers are written "
                    "12254.1 and 50000)"
                    if any(c.isdigit() for c in value) and "," in value
                    else ""
                )
                self.add(
                    f"{rule}.2",
                    "warning",
                    f"{path}/@value",
                    element,
                    f"The {noun} value should be a valid number for all non-qualitative "
                    f"measures (measure {measure}); it is {_quote(value)}{hint}.",
                )
        elif measure == "5" and value is not None:
            self.add(
                f"{rule}.3",
                "warning",
                f"{path}/@value",
                element,
                f"The {noun} value should be omitted for qualitative measures; it is {_quote(value)}.",
            )

    def direction(self, indicator: Any, path: str) -> None:
        """Does the ascending flag agree with the baseline and the latest target?"""
        flag = codes.parse_boolean(indicator.get("ascending"))
        if flag is None or indicator.get("measure") not in ("1", "2", "4"):
            return
        baseline = _number(indicator.find("baseline"))
        latest = None
        for period in indicator.iterchildren("period"):
            edge = period.find("period-end")
            end = codes.iso_date(edge.get("iso-date") if edge is not None else None)
            target = _number(period.find("target"))
            if end is not None and target is not None and (latest is None or end >= latest[0]):
                latest = (end, target)
        if baseline is None or latest is None or latest[1] == baseline:
            return
        rising = latest[1] > baseline
        if rising == flag:
            return
        published = indicator.get("ascending")
        way = "above" if rising else "below"
        self.add(
            "direction",
            "warning",
            f"{path}/@ascending",
            indicator,
            f"ascending={published!r} says {'more' if flag else 'less'} is better, but the latest "
            f"target ({latest[1]:f}) is {way} the baseline ({baseline:f}); progress is measured "
            "from the baseline to the target, whatever the flag says: check which is right.",
        )


def _quote(value: str, width: int = 60) -> str:
    """A published value as a message quotes it: whole when short, cut when long."""
    return repr(value) if len(value) <= width else repr(value[: width - 1] + "…")


def _number(element: Any | None) -> Decimal | None:
    if element is None:
        return None
    value = element.get("value")
    if value is None or not codes.is_decimal(value):
        return None
    return Decimal(value.strip())


def check_activity(element: Any, context: ActivityContext) -> Iterator[Finding]:
    """The findings of one ``iati-activity`` element, in document order."""
    identifier = " ".join((element.findtext("iati-identifier") or "").split()) or None
    checker = _Checker(context, identifier)
    for n, result in enumerate(element.iterchildren("result"), 1):
        checker.result(result, f"{context.path}/result[{n}]")
    yield from checker.findings
